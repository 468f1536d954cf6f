//! `jobcheck check --fix` / `--diff`, end to end on copies: every `testdata/fix/<case>/before`
//! becomes exactly its `after` (so every byte outside the edits is kept), the fixed files parse,
//! the fixed findings are gone, a second `--fix` changes nothing, `--diff` writes nothing; the
//! shared acceptance cases with fixable findings have none of them left; symlinks and files
//! outside the tree are never written.

#![allow(clippy::unwrap_used, clippy::panic, reason = "a test fails loudly on unexpected data")]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const NOW: &str = "2026-06-01T00:00:00Z";

fn jobcheck(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_jobcheck")).args(args).env("NO_COLOR", "1").output().unwrap()
}

fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.insert(p.strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/"), std::fs::read(&p).unwrap());
            }
        }
    }
    out
}

fn copy(from: &Path, to: &Path) {
    for (rel, bytes) in files(from) {
        let p = to.join(&rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }
}

/// (rule, file, line) of the findings whose fix can be made, and of all findings.
/// A finding as (rule, file, line).
type At = (String, String, usize);

fn findings(dir: &Path) -> (Vec<At>, Vec<At>) {
    let now = chrono::DateTime::parse_from_rfc3339(NOW).unwrap().with_timezone(&chrono::Utc);
    let opts = jobcheck::Options { now, ..jobcheck::Options::default() };
    let r = jobcheck::check(dir, &opts).unwrap();
    let key = |f: &jobcheck::Finding| {
        let p = r.sources.position(f.span);
        (f.rule.to_string(), p.file, p.line)
    };
    (r.findings.iter().filter(|f| jobcheck::fix::offered(&r, f).is_some()).map(key).collect(), r.findings.iter().map(key).collect())
}

fn cases() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> =
        std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/fix")).unwrap().flatten().map(|e| e.path()).collect();
    v.sort();
    v
}

#[test]
fn every_fix_case_becomes_its_after_files() {
    let cases = cases();
    let mut rules = std::collections::BTreeSet::new();
    for case in &cases {
        let tmp = tempfile::tempdir().unwrap();
        copy(&case.join("before"), tmp.path());
        let dir = tmp.path().to_str().unwrap();
        let (fixable, _) = findings(tmp.path());
        assert!(!fixable.is_empty(), "{}: nothing to fix", case.display());
        rules.extend(fixable.iter().map(|f| f.0.clone()));

        // --diff prints the change and writes nothing.
        let d = jobcheck(&["check", dir, "--diff", "--now", NOW]);
        assert_eq!(d.status.code(), Some(1), "{}", case.display());
        assert!(String::from_utf8_lossy(&d.stdout).starts_with("--- a/"), "{}", String::from_utf8_lossy(&d.stdout));
        assert_eq!(files(tmp.path()), files(&case.join("before")), "{}: --diff wrote", case.display());

        let out = jobcheck(&["check", dir, "--fix", "--now", NOW, "--format", "json"]);
        assert!(out.status.code().is_some_and(|c| c < 2), "{}: {}", case.display(), String::from_utf8_lossy(&out.stderr));
        assert_eq!(files(tmp.path()), files(&case.join("after")), "{}: fixed files differ from after/", case.display());

        let (left, all) = findings(tmp.path());
        assert!(left.is_empty(), "{}: still fixable: {left:?}", case.display());
        assert!(all.iter().all(|f| f.0 != "JC001"), "{}: a fixed file does not parse: {all:?}", case.display());
        for f in &fixable {
            assert!(!all.contains(f), "{}: {f:?} still reported after --fix", case.display());
        }
        // Idempotent: nothing more to do.
        let again = jobcheck(&["check", dir, "--fix", "--now", NOW, "--format", "json"]);
        assert!(String::from_utf8_lossy(&again.stderr).contains("applied 0 fixes"), "{}", String::from_utf8_lossy(&again.stderr));
        assert_eq!(files(tmp.path()), files(&case.join("after")));
        let d = jobcheck(&["check", dir, "--diff", "--now", NOW]);
        assert_eq!((d.status.code(), d.stdout.len()), (Some(0), 0), "{}", case.display());
    }
    let want: std::collections::BTreeSet<String> =
        ["JC101", "JC102", "JC103", "JC104", "JC404", "JC602"].iter().map(ToString::to_string).collect();
    assert_eq!(rules, want, "every fixable rule has a case");
}

#[test]
fn acceptance_cases_have_no_fixable_findings_left() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/acceptance/cases");
    if !root.is_dir() {
        eprintln!("{} not found: skipped", root.display());
        return;
    }
    let mut fixed = 0;
    for case in std::fs::read_dir(&root).unwrap().flatten().map(|e| e.path()) {
        let tmp = tempfile::tempdir().unwrap();
        copy(&case, tmp.path());
        let (fixable, _) = findings(tmp.path());
        if fixable.is_empty() {
            continue;
        }
        fixed += 1;
        let out = jobcheck(&["check", tmp.path().to_str().unwrap(), "--fix", "--now", NOW, "--format", "json"]);
        assert!(out.status.code().is_some_and(|c| c < 2), "{}", String::from_utf8_lossy(&out.stderr));
        let (left, all) = findings(tmp.path());
        assert!(left.is_empty(), "{}: {left:?}", case.display());
        for f in &fixable {
            assert!(!all.contains(f), "{}: {f:?} still reported", case.display());
        }
        assert!(all.iter().all(|f| f.0 != "JC001"), "{}: {all:?}", case.display());
    }
    assert!(fixed >= 5, "only {fixed} acceptance cases had fixable findings");
}

#[cfg(unix)]
#[test]
fn symlinked_files_and_files_outside_the_tree_are_not_written() {
    let case = cases().into_iter().find(|c| c.ends_with("jc104_singular_with_five")).unwrap();
    let tmp = tempfile::tempdir().unwrap();
    // main.tf is a symlink to a file inside the tree that is not itself Terraform.
    let tree = tmp.path().join("tree");
    std::fs::create_dir_all(tree.join("data")).unwrap();
    let before = std::fs::read(case.join("before/main.tf")).unwrap();
    std::fs::write(tree.join("data/main.txt"), &before).unwrap();
    std::os::unix::fs::symlink(tree.join("data/main.txt"), tree.join("main.tf")).unwrap();
    let (fixable, _) = findings(&tree);
    assert_eq!(fixable.len(), 1, "the linked file is checked");
    let out = jobcheck(&["check", tree.to_str().unwrap(), "--fix", "--now", NOW]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("not a regular file (a symlink?); not fixed"), "{err}");
    assert_eq!(std::fs::read(tree.join("data/main.txt")).unwrap(), before, "wrote through a symlink");
    assert!(std::fs::symlink_metadata(tree.join("main.tf")).unwrap().file_type().is_symlink());

    // A --var-file outside the scanned tree is read but never fixed.
    let real = tmp.path().join("real");
    copy(&case.join("before"), &real);
    let vars = tmp.path().join("outside.tfvars");
    std::fs::write(&vars, "schedule = \"rate(1 hours)\"\n").unwrap();
    let out = jobcheck(&["check", real.to_str().unwrap(), "--var-file", vars.to_str().unwrap(), "--fix", "--now", NOW]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("outside the scanned tree; not fixed"), "{err}");
    assert_eq!(std::fs::read_to_string(&vars).unwrap(), "schedule = \"rate(1 hours)\"\n");
}

/// A module `terraform init` downloaded is not the user's to edit: its findings offer no fix.
#[test]
fn downloaded_modules_are_not_fixed() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/e2e/remote-module");
    let tmp = tempfile::tempdir().unwrap();
    copy(&src, tmp.path());
    let module = tmp.path().join(".terraform/modules/job/main.tf");
    let text = std::fs::read_to_string(&module).unwrap();
    let broken = text.replacen("schedule_expression = var.schedule", "schedule_expression = \"rate(1 hours)\"", 1);
    assert_ne!(broken, text);
    std::fs::write(&module, &broken).unwrap();
    let (fixable, all) = findings(tmp.path());
    assert!(all.iter().any(|f| f.0 == "JC104"), "{all:?}");
    assert!(fixable.iter().all(|f| f.0 != "JC104"), "{fixable:?}");
    let out = jobcheck(&["check", tmp.path().to_str().unwrap(), "--fix", "--now", NOW]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("applied 0 fixes"));
    assert_eq!(std::fs::read_to_string(&module).unwrap(), broken);
}
