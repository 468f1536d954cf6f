//! Fixture folders under `testdata/rules/<ID>/`: each `fail_*`/`pass_*` folder is a small
//! Terraform configuration whose `# expect: JC101` comments (on the line of the finding, or
//! `# expect(+N): ID` / `# expect(-N): ID` for N lines below or above, `# expect(file:line): ID`
//! for a file that cannot hold comments) list exactly the findings jobcheck must report.
//! Most folders are overlays of a reference job (`testdata/rules/_reference/`, see
//! `tests/support/fixture.rs`): they are materialized into a temporary directory and checked
//! there, so paths and lines are those of the whole job.
//! The human output of each fixture is snapshotted next to it. A fixture holding a file named
//! `ALL_FILES` is checked as `--all-files` does (its findings belong to no job, which the
//! default pre-scan leaves out); every fixture is also checked both ways to show that the
//! pre-scan changes nothing for any job. Each reference job, checked alone, reports nothing.
//!
//! Each folder is its own test, named `JC101::fail_cron_5_fields`, so `cargo test JC101` runs
//! that rule's fixtures and a failure names the folder.
//!
//! `cargo test --test fixtures -- --materialize JC301/fail_memory_for_cpu /tmp/x` writes the
//! tree a fixture checks into `/tmp/x` (a new or empty folder) to run `jobcheck` on it;
//! `--materialize-all /tmp/x` writes every fixture as `/tmp/x/<ID>/<folder>/`.

#![allow(clippy::unwrap_used, clippy::panic, reason = "a test fails loudly on unexpected data")]

#[path = "support/fixture.rs"]
mod fixture;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use libtest_mimic::{Arguments, Failed, Trial};

fn now() -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::parse_from_rfc3339("2026-06-01T00:00:00Z").map(|t| t.with_timezone(&chrono::Utc)).unwrap()
}

fn options(dir: &Path) -> jobcheck::Options {
    jobcheck::Options { now: now(), all_files: dir.join("ALL_FILES").exists(), ..jobcheck::Options::default() }
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

fn main() {
    let raw: Vec<String> = std::env::args().collect();
    if let Some(at) = raw.iter().position(|a| a == "--materialize" || a == "--materialize-all") {
        if let Err(e) = materialize_command(&raw[at..]) {
            eprintln!("{e}");
            std::process::exit(2);
        }
        return;
    }
    let args = Arguments::from_args();
    let mut trials: Vec<Trial> = fixture::fixtures()
        .into_iter()
        .map(|dir| {
            let rule = dir.parent().and_then(Path::file_name).unwrap().to_string_lossy().into_owned();
            let name = dir.file_name().unwrap().to_string_lossy().into_owned();
            Trial::test(format!("{rule}::{name}"), move || check_fixture(&dir))
        })
        .collect();
    assert!(trials.len() > 40, "only {} fixtures found", trials.len());
    let references = fixture::references();
    assert!(references.len() >= 2, "only {} reference jobs found", references.len());
    trials.extend(references.into_iter().map(|dir| {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        Trial::test(format!("_reference::{name}"), move || check_reference(&dir))
    }));
    trials.push(Trial::test("_reference::overlay_mistakes_are_errors", overlay_mistakes_are_errors));
    libtest_mimic::run(&args, trials).exit();
}

/// A fixture.toml, the other files of the folder (name, text), and the error it must give.
type Mistake = (&'static str, &'static [(&'static str, &'static str)], &'static str);

/// A mistake in an overlay is an error naming it, never a silently different tree.
fn overlay_mistakes_are_errors() -> Result<(), Failed> {
    let cases: &[Mistake] = &[
        ("reference = \"nope\"\n", &[], "reference `nope`"),
        ("reference = \"eventbridge\"\nomit = [\"31-none.tf\"]\n", &[], "omit names 31-none.tf"),
        ("reference = \"eventbridge\"\ninto = \"../x.tf\"\n", &[], "not a relative path"),
        ("reference = \"eventbridge\"\nextra = 1\n", &[], "unknown key extra"),
        ("reference = \"eventbridge\"\n", &[("30-tasks.tf", "\n")], "takes the number of the reference's 30-task.tf"),
        ("reference = \"eventbridge\"\nomit = [\"30-task.tf\"]\n", &[("30-task.tf", "\n")], "both a part of the fixture and omitted"),
        ("reference = \"eventbridge\"\n", &[("31-extra.tf", "# no newline")], "does not end with a newline"),
        ("reference = \"eventbridge\"\n", &[("main.tf", "\n")], "main.tf is both a file of the fixture"),
        ("reference = \"eventbridge\"\n[files]\n\"iam.tf\" = [\"56-x.tf\"]\n", &[], "no such part"),
    ];
    for (toml, files, want) in cases {
        let temp = tempfile::tempdir().map_err(|e| e.to_string())?;
        let dir = temp.path().join("fail_case");
        std::fs::create_dir(&dir).map_err(|e| e.to_string())?;
        std::fs::write(dir.join("fixture.toml"), toml).map_err(|e| e.to_string())?;
        for (name, text) in *files {
            std::fs::write(dir.join(name), text).map_err(|e| e.to_string())?;
        }
        match fixture::Tree::of(&dir) {
            Ok(_) => return Err(format!("{toml:?} {files:?} materialized").into()),
            Err(e) if !e.contains(want) => return Err(format!("{toml:?} {files:?}: {e}, not {want:?}").into()),
            Err(_) => {}
        }
    }
    Ok(())
}

/// `--materialize <ID>/<folder> <dest>` or `--materialize-all <dest>`.
fn materialize_command(args: &[String]) -> Result<(), String> {
    let usage = "usage: --materialize <ID>/<folder> <dest> | --materialize-all <dest>";
    match args {
        [flag, fx, dest] if flag == "--materialize" => {
            let dir = fixture::rules_dir().join(fx);
            if !dir.is_dir() || fx.contains("..") {
                return Err(format!("{fx}: no such fixture under testdata/rules"));
            }
            fixture::materialize(&dir, Path::new(dest))?;
            eprintln!("{fx} materialized in {dest}");
        }
        [flag, dest] if flag == "--materialize-all" => {
            for dir in fixture::fixtures() {
                let rel = dir.strip_prefix(fixture::rules_dir()).map_err(|e| e.to_string())?;
                fixture::materialize(&dir, &Path::new(dest).join(rel))?;
            }
            eprintln!("every fixture materialized in {dest}/<ID>/<folder>");
        }
        _ => return Err(usage.to_string()),
    }
    Ok(())
}

/// A reference job is clean: materialized alone (no part changed), it reports nothing at all,
/// not even a note, so every finding of an overlay comes from what the overlay changes.
fn check_reference(dir: &Path) -> Result<(), Failed> {
    let temp = tempfile::tempdir().map_err(|e| e.to_string())?;
    let name = dir.file_name().unwrap().to_string_lossy().into_owned();
    std::fs::write(temp.path().join("fixture.toml"), format!("reference = \"{name}\"\n")).map_err(|e| e.to_string())?;
    let tree = fixture::Tree::of(temp.path())?;
    let report = jobcheck::check(tree.root(), &options(tree.root())).map_err(|e| e.to_string())?;
    if report.jobs.len() != 1 || !report.findings.is_empty() {
        let found: Vec<String> = report.findings.iter().map(|f| format!("{} {}", f.rule, f.message)).collect();
        return Err(format!("{}: {} jobs, findings {found:?}", dir.display(), report.jobs.len()).into());
    }
    Ok(())
}

/// One fixture folder: exactly its annotated findings, no warning or error in a `pass_` folder,
/// messages in the house style, and the human output equal to its reviewed snapshot.
fn check_fixture(dir: &Path) -> Result<(), Failed> {
    let tree = fixture::Tree::of(dir)?;
    let root = tree.root();
    let report = jobcheck::check(root, &options(root)).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut failures = prescan_problems(root);

    let got: BTreeSet<(String, String, usize)> = report
        .findings
        .iter()
        .map(|f| {
            let p = report.sources.position(f.span);
            (f.rule.to_string(), p.file, p.line)
        })
        .collect();
    let want = expected(root);
    if got != want {
        failures.push(format!(
            "missing: {:?}\nextra:   {:?}",
            want.difference(&got).collect::<Vec<_>>(),
            got.difference(&want).collect::<Vec<_>>()
        ));
    }
    let pass = dir.file_name().is_some_and(|n| n.to_string_lossy().starts_with("pass_"));
    if pass && report.findings.iter().any(|f| f.severity >= jobcheck::Severity::Warning) {
        failures.push("a pass fixture with warnings or errors".to_string());
    }
    failures.extend(style_problems(&report));
    if !failures.is_empty() {
        return Err(format!("{}:\n{}", dir.display(), failures.join("\n")).into());
    }

    let mut out = Vec::new();
    jobcheck::report::write(&report, jobcheck::report::Format::Human, jobcheck::Severity::Note, false, &mut out)
        .map_err(|e| e.to_string())?;
    let text = String::from_utf8(out).map_err(|e| e.to_string())?;
    let name = dir.file_name().unwrap().to_string_lossy().into_owned();
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(dir.join("snapshots"));
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| insta::assert_snapshot!(name, text));
    Ok(())
}

/// The pre-scan changes nothing for any job: the same jobs with and without `--all-files`, and
/// the findings only `--all-files` reports are JC001/JC003/JC005 of files that belong to no job.
fn prescan_problems(dir: &Path) -> Vec<String> {
    type Row = (String, String, usize, usize, String);
    let rows = |r: &jobcheck::Report| -> BTreeSet<Row> {
        r.findings
            .iter()
            .map(|f| {
                let p = r.sources.position(f.span);
                (f.rule.to_string(), p.file, p.line, p.column, f.message.to_string())
            })
            .collect()
    };
    let mut failures = Vec::new();
    let pre = jobcheck::check(dir, &jobcheck::Options { all_files: false, ..options(dir) }).unwrap();
    let all = jobcheck::check(dir, &jobcheck::Options { all_files: true, ..options(dir) }).unwrap();
    let jobs = |r: &jobcheck::Report| r.jobs.iter().map(|j| j.address.clone()).collect::<Vec<_>>();
    if jobs(&pre) != jobs(&all) {
        failures.push(format!("jobs {:?} != {:?} with --all-files", jobs(&pre), jobs(&all)));
    }
    let (p, a) = (rows(&pre), rows(&all));
    let only_all: Vec<&Row> = a.difference(&p).collect();
    if !p.is_subset(&a) || only_all.iter().any(|r| !["JC001", "JC003", "JC005"].contains(&r.0.as_str())) {
        failures.push(format!("pre-scan only: {:?}\n--all-files only: {only_all:?}", p.difference(&a).collect::<Vec<_>>()));
    }
    if dir.join("ALL_FILES").exists() && only_all.is_empty() {
        failures.push("ALL_FILES but the pre-scan leaves nothing out".to_string());
    }
    failures
}

/// Messages: what is wrong, with the values, sentence case, no trailing period, under 100
/// characters; help is present on every error and warning.
fn style_problems(report: &jobcheck::Report) -> Vec<String> {
    let mut bad = Vec::new();
    for f in &report.findings {
        let m = &f.message;
        if f.rule != "JC001" && (m.chars().count() >= 100 || m.ends_with('.') || m.starts_with(char::is_uppercase)) {
            bad.push(format!("{} message breaks the style: {m}", f.rule));
        }
        if f.severity >= jobcheck::Severity::Warning && f.rule != "JC001" && f.help.is_none() {
            bad.push(format!("{} has no help", f.rule));
        }
    }
    bad
}
