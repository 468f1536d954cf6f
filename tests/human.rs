//! Human output beyond the per-fixture snapshots: the README's example is the real output, and
//! a finding shared by 40 module instances lists three jobs and a count (JSON keeps all 40).

#![allow(clippy::unwrap_used, clippy::panic, reason = "a test fails loudly on unexpected data")]

use std::path::Path;

fn now() -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::parse_from_rfc3339("2026-06-01T00:00:00Z").map(|t| t.with_timezone(&chrono::Utc)).unwrap()
}

/// The README's example diagnostic is what jobcheck prints for the bundled example.
#[test]
fn readme_example_is_the_real_output() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let start = readme.find("```\nerror[JC301]").unwrap() + 4;
    let block = &readme[start..start + readme[start..].find("```").unwrap()];
    let opts = jobcheck::Options { now: now(), ..jobcheck::Options::default() };
    let report = jobcheck::check(&root.join("testdata/example"), &opts).unwrap();
    let mut out = Vec::new();
    jobcheck::report::write(&report, jobcheck::report::Format::Human, jobcheck::Severity::Warning, false, &mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains(block), "README example differs from the output:\n{text}");
}

/// A finding shared by 40 module instances names three jobs and a count in the human output;
/// JSON keeps every address.
#[test]
fn shared_finding_keeps_every_job_in_json() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/rules/JC301/fail_shared_by_40_instances");
    let opts = jobcheck::Options { now: now(), ..jobcheck::Options::default() };
    let report = jobcheck::check(&dir, &opts).unwrap();
    let mut out = Vec::new();
    jobcheck::report::write(&report, jobcheck::report::Format::Json, jobcheck::Severity::Warning, false, &mut out).unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let jobs = doc["findings"][0]["jobs"].as_array().unwrap();
    assert_eq!(jobs.len(), 40);
    assert_eq!(jobs[39], "module.export[\"tenant-40-export\"].aws_cloudwatch_event_rule.schedule");
    let mut human = Vec::new();
    jobcheck::report::write(&report, jobcheck::report::Format::Human, jobcheck::Severity::Warning, false, &mut human).unwrap();
    let human = String::from_utf8(human).unwrap();
    assert!(human.contains("tenant-03-export\"].aws_cloudwatch_event_rule.schedule and 37 more\n"), "{human}");
    assert!(!human.contains("tenant-04-export"), "{human}");
}
