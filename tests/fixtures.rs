//! Fixture folders under `testdata/rules/<ID>/`: each `fail_*`/`pass_*` folder is a small
//! Terraform configuration whose `# expect: JC101` comments (on the line of the finding, or
//! `# expect(+N): ID` / `# expect(-N): ID` for N lines below or above, `# expect(file:line): ID`
//! for a file that cannot hold comments) list exactly the findings jobcheck must report.
//! The human output of each fixture is snapshotted next to it.

#![allow(clippy::unwrap_used, clippy::panic, reason = "a test fails loudly on unexpected data")]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn now() -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::parse_from_rfc3339("2026-06-01T00:00:00Z").map(|t| t.with_timezone(&chrono::Utc)).unwrap()
}

fn fixtures() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/rules");
    let mut out = Vec::new();
    for rule in std::fs::read_dir(&root).unwrap().flatten() {
        for fx in std::fs::read_dir(rule.path()).unwrap().flatten() {
            let name = fx.file_name().to_string_lossy().into_owned();
            if fx.path().is_dir() && (name.starts_with("fail_") || name.starts_with("pass_")) {
                out.push(fx.path());
            }
        }
    }
    out.sort();
    out
}

/// (rule, file, line) from the annotations.
fn expected(dir: &Path) -> BTreeSet<(String, String, usize)> {
    let mut want = BTreeSet::new();
    for entry in walk(dir) {
        let rel = entry.strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/");
        let text = String::from_utf8_lossy(&std::fs::read(&entry).unwrap()).into_owned();
        for (i, line) in text.lines().enumerate() {
            let Some(at) = line.find("# expect") else { continue };
            let rest = &line[at + "# expect".len()..];
            let (file, line, ids) = match rest.strip_prefix('(') {
                // `# expect(policies/events.json:12): ID` for files that cannot hold comments.
                Some(r) if r.split_once("):").is_some_and(|(at, _)| at.contains(':')) => {
                    let (at, ids) = r.split_once("):").unwrap();
                    let (f, l) = at.rsplit_once(':').unwrap();
                    (f.to_string(), l.parse::<usize>().unwrap(), ids)
                }
                Some(r) => {
                    let (n, ids) = r.split_once("):").unwrap();
                    let offset = n.trim().trim_start_matches('+').parse::<i64>().unwrap();
                    (rel.clone(), usize::try_from(i64::try_from(i + 1).unwrap() + offset).unwrap(), ids)
                }
                None => (rel.clone(), i + 1, rest.strip_prefix(':').unwrap()),
            };
            for id in ids.split(',') {
                want.insert((id.trim().to_string(), file.clone(), line));
            }
        }
    }
    want
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            if p.file_name().is_some_and(|n| n != "snapshots") {
                out.extend(walk(&p));
            }
        } else if ["tf", "tfvars", "json"].iter().any(|x| p.extension().is_some_and(|e| e == *x)) {
            out.push(p);
        }
    }
    out
}

#[test]
fn every_fixture_reports_exactly_its_annotations() {
    let fx = fixtures();
    assert!(fx.len() > 40, "only {} fixtures found", fx.len());
    let mut failures = Vec::new();
    for dir in &fx {
        let opts = jobcheck::Options { now: now(), ..jobcheck::Options::default() };
        let report = jobcheck::check(dir, &opts).unwrap();
        let got: BTreeSet<(String, String, usize)> = report
            .findings
            .iter()
            .map(|f| {
                let p = report.sources.position(f.span);
                (f.rule.to_string(), p.file, p.line)
            })
            .collect();
        let want = expected(dir);
        if got != want {
            failures.push(format!(
                "{}:\n  missing: {:?}\n  extra:   {:?}",
                dir.display(),
                want.difference(&got).collect::<Vec<_>>(),
                got.difference(&want).collect::<Vec<_>>()
            ));
        }
        let pass = dir.file_name().is_some_and(|n| n.to_string_lossy().starts_with("pass_"));
        if pass && report.findings.iter().any(|f| f.severity >= jobcheck::Severity::Warning) {
            failures.push(format!("{}: a pass fixture with warnings or errors", dir.display()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Messages: what is wrong, with the values, sentence case, no trailing period, under 100
/// characters; help is present on every error and warning.
#[test]
fn messages_follow_the_style() {
    let mut bad = Vec::new();
    for dir in fixtures() {
        let opts = jobcheck::Options { now: now(), ..jobcheck::Options::default() };
        let report = jobcheck::check(&dir, &opts).unwrap();
        for f in &report.findings {
            let m = &f.message;
            if f.rule != "JC001" && (m.chars().count() >= 100 || m.ends_with('.') || m.starts_with(char::is_uppercase)) {
                bad.push(format!("{}: {} {m}", dir.display(), f.rule));
            }
            if f.severity >= jobcheck::Severity::Warning && f.rule != "JC001" && f.help.is_none() {
                bad.push(format!("{}: {} has no help", dir.display(), f.rule));
            }
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

#[test]
fn human_output_snapshots() {
    for dir in fixtures() {
        let opts = jobcheck::Options { now: now(), ..jobcheck::Options::default() };
        let report = jobcheck::check(&dir, &opts).unwrap();
        let mut out = Vec::new();
        jobcheck::report::write(&report, jobcheck::report::Format::Human, jobcheck::Severity::Note, false, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let mut settings = insta::Settings::clone_current();
        settings.set_snapshot_path(dir.join("snapshots"));
        settings.set_prepend_module_to_snapshot(false);
        settings.bind(|| insta::assert_snapshot!(name, text));
    }
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
