//! The pre-scan changes nothing for any job: on the generated benchmark trees (shared with
//! `benches/throughput.rs`), the JSON report with the pre-scan (the default) is identical to
//! the one with `--all-files`, while far fewer files are parsed.

#![allow(clippy::unwrap_used, reason = "a test fails loudly")]

#[path = "support/tree.rs"]
mod tree;

fn json(root: &std::path::Path, all_files: bool) -> (String, jobcheck::Report) {
    let now = chrono::DateTime::parse_from_rfc3339("2026-06-01T00:00:00Z").unwrap().with_timezone(&chrono::Utc);
    let opts = jobcheck::Options { now, all_files, ..jobcheck::Options::default() };
    let report = jobcheck::check(root, &opts).unwrap();
    let mut out = Vec::new();
    jobcheck::report::write(&report, jobcheck::report::Format::Json, jobcheck::Severity::Note, false, &mut out).unwrap();
    (String::from_utf8(out).unwrap(), report)
}

/// (files parsed with the pre-scan, files parsed with `--all-files`, files in the tree,
/// findings).
fn same_report(shape: &tree::Shape) -> (usize, usize, usize, usize) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("tree");
    tree::generate(&root, shape);
    let (pre, pre_report) = json(&root, false);
    let (all, all_report) = json(&root, true);
    assert!(!pre_report.jobs.is_empty());
    assert_eq!(pre, all, "the pre-scan changed the report");
    (pre_report.sources.len(), all_report.sources.len(), all_report.files, pre_report.findings.len())
}

#[test]
fn the_job_in_five_tree_reports_the_same() {
    let (pre, all, files, _) = same_report(&tree::Shape::JOB_IN_FIVE);
    assert_eq!(all, files);
    // The job roots (one in five) and the job module.
    assert_eq!(pre, files / 5 + 1);
}

#[test]
fn the_mostly_not_jobs_tree_reports_the_same() {
    let (pre, all, files, findings) = same_report(&tree::Shape::MOSTLY_NOT_JOBS);
    assert_eq!(all, files);
    assert!(findings > 0, "the tree should have findings to compare");
    assert!(pre * 10 < files, "the pre-scan kept {pre} of {files} files");
}
