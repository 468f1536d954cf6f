//! The scanned tree is hostile (issue 10): jobcheck reads nothing outside it, never waits on a
//! FIFO, never lets a file name or value forge terminal or CI output, never fails open when a
//! limit is reached, and never crashes. Each test builds the hostile shape (symlinks, FIFOs
//! and odd file names cannot be committed portably) or runs a fixture of `testdata/malformed/`.

#![allow(clippy::unwrap_used, clippy::panic, reason = "a test fails loudly on unexpected data")]

use std::path::Path;
use std::process::{Command, Output, Stdio};

use jobcheck::report::Format;

const NOW: &str = "2026-06-01T00:00:00Z";
const SECRET: &str = "root:x:0:0:TOP-SECRET-CREDENTIAL";

fn opts() -> jobcheck::Options {
    jobcheck::Options { now: chrono::DateTime::parse_from_rfc3339(NOW).unwrap().into(), ..jobcheck::Options::default() }
}

fn render(r: &jobcheck::Report, format: Format) -> String {
    let mut out = Vec::new();
    jobcheck::report::write(r, format, jobcheck::Severity::Note, false, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

fn compact(path: &Path) -> Vec<String> {
    let r = jobcheck::check(path, &opts()).unwrap();
    render(&r, Format::Compact).lines().map(str::to_string).collect()
}

/// As `--all-files` checks: every file parsed, also those that cannot hold a job (the pre-scan
/// would otherwise leave them unread, which is no test of the parser's limits).
fn compact_all(path: &Path) -> Vec<String> {
    let r = jobcheck::check(path, &jobcheck::Options { all_files: true, ..opts() }).unwrap();
    render(&r, Format::Compact).lines().map(str::to_string).collect()
}

fn all_formats(r: &jobcheck::Report) -> String {
    [Format::Human, Format::Json, Format::Sarif, Format::Github, Format::Compact].iter().map(|f| render(r, *f)).collect()
}

fn jobcheck(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_jobcheck")).args(args).current_dir(env!("CARGO_MANIFEST_DIR")).env("NO_COLOR", "1").output().unwrap()
}

fn malformed(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/malformed").join(name)
}

fn write(root: &Path, rel: &str, text: &str) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

/// Runs `f` on another thread and fails if it does not finish in time (a FIFO read blocks).
fn within<T: Send + 'static>(secs: u64, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    rx.recv_timeout(std::time::Duration::from_secs(secs)).unwrap_or_else(|_| panic!("did not finish in {secs} s"))
}

#[cfg(unix)]
#[test]
fn symlinks_out_of_the_tree_are_never_read() {
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("credentials");
    std::fs::write(&secret, format!("{SECRET}\n")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "main.tf",
        "module \"leak\" {\n  source = \"app.terraform.io/x/leak/aws\"\n}\n\nlocals {\n  doc = file(\"policy.json\")\n}\n\nresource \"aws_iam_policy\" \"p\" {\n  policy = local.doc\n}\n\ndata \"local_file\" \"f\" {\n  filename = \"policy.json\"\n}\n",
    );
    write(root, ".terraform/modules/modules.json", r#"{"Modules":[{"Key":"leak","Source":"x","Dir":".terraform/modules/leak"}]}"#);
    std::fs::create_dir_all(root.join(".terraform/modules/leak")).unwrap();
    std::os::unix::fs::symlink(&secret, root.join(".terraform/modules/leak/main.tf")).unwrap();
    std::os::unix::fs::symlink(&secret, root.join("policy.json")).unwrap();
    std::os::unix::fs::symlink(&secret, root.join("walked.tf")).unwrap();
    let r = jobcheck::check(root, &opts()).unwrap();
    let out = all_formats(&r);
    assert!(!out.contains("TOP-SECRET"), "{out}");
    let lines = render(&r, Format::Compact);
    assert!(
        lines.contains(".terraform/modules/leak/main.tf:1:1: error JC001 main.tf was not read: it leads outside the scanned tree"),
        "{lines}"
    );
    assert!(lines.contains("walked.tf:1:1: error JC001 walked.tf was not read: it leads outside the scanned tree"), "{lines}");
    // A manifest that is itself a link out of the tree is not read either.
    std::fs::remove_file(root.join(".terraform/modules/modules.json")).unwrap();
    let manifest = outside.path().join("modules.json");
    std::fs::write(&manifest, r#"{"Modules":[{"Key":"leak","Source":"x","Dir":".terraform/modules/leak"}]}"#).unwrap();
    std::os::unix::fs::symlink(&manifest, root.join(".terraform/modules/modules.json")).unwrap();
    let r = jobcheck::check(root, &opts()).unwrap();
    assert!(!all_formats(&r).contains("TOP-SECRET"));
}

#[cfg(unix)]
#[test]
fn fifos_are_reported_not_waited_on() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().to_path_buf();
    write(&root, "main.tf", "locals {\n  doc = file(\"pipe.json\")\n}\n\nresource \"aws_iam_policy\" \"p\" {\n  policy = local.doc\n}\n");
    for name in ["pipe.tf", "pipe.json", "terraform.tfvars"] {
        let made = Command::new("mkfifo").arg(root.join(name)).status().is_ok_and(|s| s.success());
        if !made {
            return; // no mkfifo on this system
        }
    }
    let lines = within(60, move || compact(&root));
    assert!(
        lines.iter().any(|l| l == "pipe.tf:1:1: error JC001 pipe.tf was not read: it is a named pipe (FIFO), not a regular file; not read"),
        "{lines:?}"
    );
    assert!(
        lines.iter().any(|l| l.starts_with("terraform.tfvars:1:1: error JC001 terraform.tfvars was not read: it is a named pipe")),
        "{lines:?}"
    );
    // `--var-file` through a symlink out of the tree is refused.
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.tfvars"), format!("x = \"{SECRET}\"\n")).unwrap();
    std::os::unix::fs::symlink(outside.path().join("secret.tfvars"), dir.path().join("prod.tfvars")).unwrap();
    let o = jobcheck::Options { var_files: vec![dir.path().join("prod.tfvars")], ..opts() };
    let err = jobcheck::check(dir.path(), &o).err().map(|e| e.to_string());
    assert!(err.is_some_and(|e| e.contains("leads outside the scanned tree")));
}

#[test]
fn configuration_above_the_repository_is_not_used() {
    let dir = tempfile::tempdir().unwrap();
    let outer = dir.path();
    write(outer, ".jobcheck.toml", "[rules]\nJC101 = \"off\"\n");
    write(outer, "repo/infra/main.tf", "resource \"aws_cloudwatch_event_rule\" \"r\" {\n  schedule_expression = \"cron(0 3 * * *)\"\n}\n");
    // Outside a repository only the scanned directory's own file counts.
    assert_eq!(jobcheck::config::find(&outer.join("repo/infra")), None);
    // Inside one, the search stops at its root.
    std::fs::create_dir_all(outer.join("repo/.git")).unwrap();
    assert_eq!(jobcheck::config::find(&outer.join("repo/infra")), None);
    write(outer, "repo/.jobcheck.toml", "[rules]\nJC101 = \"off\"\n");
    assert!(jobcheck::config::find(&outer.join("repo/infra")).is_some());
}

#[test]
fn ignore_files_outside_the_tree_do_not_hide_files() {
    let dir = tempfile::tempdir().unwrap();
    let outer = dir.path();
    write(outer, ".gitignore", "*.tf\n");
    write(outer, ".ignore", "infra/\n");
    let job = "locals {\n  broken = [\n}\n";
    write(outer, "infra/main.tf", job);
    write(outer, "infra/skipped/.gitignore", "hidden.tf\n");
    write(outer, "infra/skipped/hidden.tf", job);
    let lines = compact_all(&outer.join("infra"));
    assert_eq!(lines.iter().filter(|l| l.contains("JC001")).count(), 1, "{lines:?}");
    assert!(lines[0].starts_with("main.tf:3:1: error JC001"), "{lines:?}");
    // A file named explicitly is checked even when an ignore file in the tree lists it.
    let lines = compact(&outer.join("infra/skipped/hidden.tf"));
    assert!(lines.iter().any(|l| l.starts_with("hidden.tf:3:1: error JC001")), "{lines:?}");
}

#[test]
fn the_repository_exclude_file_is_honoured_only_inside_the_tree() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let broken = "resource \"aws_cloudwatch_event_rule\" \"r\" {\n  x = [\n}\n";
    write(root, "skip/main.tf", broken);
    write(root, "keep/main.tf", broken);
    write(root, "keep/skip.tf", broken);
    write(root, ".git/info/exclude", "# git's template comment\nskip/\n/keep/skip.tf\n");
    let lines = compact(root);
    assert_eq!(lines.iter().filter(|l| l.contains("JC001")).count(), 1, "{lines:?}");
    assert!(lines[0].starts_with("keep/main.tf:3:1: error JC001"), "{lines:?}");
    // A worktree's `.git` is a file naming a git directory elsewhere: not read.
    std::fs::remove_dir_all(root.join(".git")).unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    write(elsewhere.path(), "info/exclude", "keep/\n");
    write(root, ".git", &format!("gitdir: {}\n", elsewhere.path().display()));
    let lines = compact(root);
    assert_eq!(lines.iter().filter(|l| l.contains("JC001")).count(), 3, "{lines:?}");
}

#[cfg(unix)]
#[test]
fn unreadable_directories_are_reported() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "main.tf", "locals {}\n");
    write(root, "locked/main.tf", "locals {}\n");
    std::fs::set_permissions(root.join("locked"), std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read_dir(root.join("locked")).is_ok() {
        // Running as root: permissions do not apply; nothing to test.
        std::fs::set_permissions(root.join("locked"), std::fs::Permissions::from_mode(0o755)).unwrap();
        return;
    }
    let lines = compact(root);
    std::fs::set_permissions(root.join("locked"), std::fs::Permissions::from_mode(0o755)).unwrap();
    assert!(lines.iter().any(|l| l.starts_with("locked/:1:1: error JC001 directory `locked/` could not be read")), "{lines:?}");
    std::fs::set_permissions(root.join("locked"), std::fs::Permissions::from_mode(0o000)).unwrap();
    let err = jobcheck::check(&root.join("locked"), &opts()).err().map(|e| e.to_string());
    std::fs::set_permissions(root.join("locked"), std::fs::Permissions::from_mode(0o755)).unwrap();
    assert!(err.is_some_and(|e| e.contains("cannot be read")));
}

#[cfg(unix)]
#[test]
fn file_names_cannot_forge_workflow_commands() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let name = "x\n::stop-commands::pwned\n::error file=a,line=1::forged\u{1b}[2J.tf";
    write(root, name, "resource \"aws_cloudwatch_event_rule\" \"r\" {\n  schedule_expression = \"rate(1 hour)\"\n}\n");
    let r = jobcheck::check(root, &opts()).unwrap();
    let gh = render(&r, Format::Github);
    assert_eq!(gh.lines().count(), 1, "{gh}");
    assert!(
        gh.starts_with("::warning file=x\\n%3A%3Astop-commands%3A%3Apwned\\n%3A%3Aerror file=a%2Cline=1%3A%3Aforged\\x1b[2J.tf,line=1,"),
        "{gh}"
    );
    for f in [Format::Human, Format::Compact, Format::Github] {
        let out = render(&r, f);
        assert!(!out.contains('\u{1b}') && !out.contains('\r'), "{f:?}: {out}");
        assert!(out.lines().all(|l| !l.trim_start().starts_with("::") || l.starts_with("::warning file=x\\n")), "{f:?}: {out}");
    }
    let sarif: serde_json::Value = serde_json::from_str(&render(&r, Format::Sarif)).unwrap();
    let uri = sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].as_str().unwrap();
    assert_eq!(uri, "x%0A%3A%3Astop-commands%3A%3Apwned%0A%3A%3Aerror%20file%3Da%2Cline%3D1%3A%3Aforged%1B%5B2J.tf");
}

#[test]
fn values_with_controls_are_shown_escaped() {
    let r = jobcheck::check(&malformed("control_chars"), &opts()).unwrap();
    let compact = render(&r, Format::Compact);
    assert_eq!(
        compact,
        "main.tf:19:13: error JC101 `cron(0 3 \\x1b]0;pwned\\x07 * ? *)\\n::error file=x::forged \\u{202e}` is missing its closing parenthesis\n"
    );
    let human = render(&r, Format::Human);
    assert!(!human.chars().any(|c| c == '\u{1b}' || c == '\u{7}' || c == '\u{9b}' || c == '\u{202e}'), "{human}");
    assert!(human.contains("# raw: <U+001B>]0;title<U+0007> <U+001B>[2J <U+202E>evil<U+202C> <U+009B>31m"), "{human}");
    let gh = render(&r, Format::Github);
    assert_eq!(gh.lines().count(), 1);
}

#[test]
fn sarif_uris_are_uri_references() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "a b#c%d/main.tf",
        "resource \"aws_cloudwatch_event_rule\" \"r\" {\n  schedule_expression = \"cron(0 3 * * ? *\"\n}\n",
    );
    let r = jobcheck::check(dir.path(), &opts()).unwrap();
    let sarif: serde_json::Value = serde_json::from_str(&render(&r, Format::Sarif)).unwrap();
    let uri = sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].as_str().unwrap();
    assert_eq!(uri, "a%20b%23c%25d/main.tf");
}

#[cfg(unix)]
#[test]
fn output_replaces_a_symlink_instead_of_following_it() {
    let dir = tempfile::tempdir().unwrap();
    let victim = dir.path().join("victim.txt");
    std::fs::write(&victim, "do not overwrite").unwrap();
    let report = dir.path().join("report.sarif");
    std::os::unix::fs::symlink(&victim, &report).unwrap();
    let out = jobcheck(&["testdata/example", "--now", NOW, "--format", "sarif", "--output", report.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "do not overwrite");
    assert!(std::fs::read_to_string(&report).unwrap().contains("\"version\": \"2.1.0\""));
}

#[test]
fn rule_typos_are_usage_errors() {
    let out = jobcheck(&["testdata/example", "--select", "JC1O1"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--select JC1O1: no rule") && err.contains("did you mean `JC101`?"), "{err}");
    let out = jobcheck(&["testdata/example", "--ignore", "nonsense"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--ignore nonsense: no rule"));
    // Prefixes and names still work.
    assert_eq!(jobcheck(&["testdata/example", "--now", NOW, "--select", "JC3,schedule-syntax"]).status.code(), Some(1));
}

#[test]
fn a_closed_pipe_keeps_the_exit_code() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_jobcheck"))
        .args(["testdata/example", "--now", NOW, "--min-severity", "note"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    // `schedule` too: an invalid expression stays exit 1.
    let mut child = Command::new(env!("CARGO_BIN_EXE_jobcheck"))
        .args(["schedule", "cron(0 3 * * *)"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn crashes_are_bounded() {
    assert_eq!(
        compact(&malformed("huge_rate")),
        ["main.tf:17:13: error JC105 `rate(99999999999999999 minutes)` never fires: no date matches it after 2026-06-01 00:00 UTC"]
    );
    let r = jobcheck::check(&malformed("format_limits"), &opts()).unwrap();
    assert_eq!(render(&r, Format::Compact), "main.tf:65:25: note JC002 schedule expression unknown: JC101 not checked\n");
    assert_eq!(r.findings[0].help.as_deref(), Some("`format` with a width or precision over 10000"));
    let r = jobcheck::check(&malformed("constant_references"), &opts()).unwrap();
    let helps: Vec<&str> = r.findings.iter().filter_map(|f| f.help.as_deref()).collect();
    assert!(
        helps
            .iter()
            .any(|h| h.contains("`var` cannot be used here: Terraform accepts only literal values in variable defaults and tfvars")),
        "{helps:?}"
    );
    assert_eq!(
        compact_all(&malformed("operator_chains")),
        [
            "binary.tf:3:4007: error JC001 binary.tf does not parse: more than 1000 operators in one expression; jobcheck does not parse this file",
            "directives.tf:3:2378: error JC001 directives.tf does not parse: nesting deeper than 200 levels; jobcheck does not parse this file",
            "unary.tf:3:1012: error JC001 unary.tf does not parse: more than 1000 operators in one expression; jobcheck does not parse this file",
        ]
    );
    // References in `--var` and `--var-file` values, and `path.*`, are not evaluated.
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "vars.tfvars", "schedule = path.module\nname = local.x\n");
    let o = jobcheck::Options {
        var_files: vec![dir.path().join("vars.tfvars")],
        vars: vec![("subnet_ids".into(), "[var.x, path.root, module.m.o]".into())],
        ..opts()
    };
    let r = jobcheck::check(&malformed("../rules/JC201/pass_role"), &o).unwrap();
    assert!(r.findings.iter().any(|f| f.rule == "JC002"), "{:?}", r.findings);
}

#[test]
fn limits_leave_a_note_and_spare_other_roots() {
    assert_eq!(
        compact(&malformed("budget")),
        [
            "costly/main.tf:3:82: note JC002 evaluation budget of this root module (252000 steps) ran out here: values evaluated after this point are unknown and their checks did not run",
            "costly/main.tf:6:1: warning JC204 the scheduled rule has no target: it fires and nothing runs",
            "plain/main.tf:17:27: warning JC103 day-of-week `2-6` runs MON–FRI on AWS; Unix cron means TUE–SAT",
        ]
    );
    let fan = compact(&malformed("fan_out"));
    assert!(
        fan.contains(&"main.tf:4:12: note JC002 `count` is 100: only the first 64 instances are evaluated and checked".to_string()),
        "{fan:?}"
    );
    assert!(fan.iter().any(|l| l.starts_with("m2/main.tf:1:1: note JC002 more than 512 module instances under one root")), "{fan:?}");
    assert_eq!(
        compact(&malformed("module_depth")),
        [
            "l12/main.tf:1:1: note JC002 module nesting deeper than 12 levels: `module \"next\"` is not evaluated and its jobs are not checked"
        ]
    );
    let doubled = compact(&malformed("doubling"));
    let notes = doubled.iter().filter(|l| l.contains("JC002 this value is larger than 16 MiB")).count();
    assert!(notes >= 3, "{doubled:?}");
}

#[test]
fn a_scan_reads_at_most_its_input_cap() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..9 {
        // 8 MiB each, the per-file maximum, of bytes that are not UTF-8 (cheap to reject);
        // nine are over the 64 MiB scan cap.
        let size = usize::try_from(jobcheck::load::fs::MAX_FILE_BYTES).unwrap();
        std::fs::write(dir.path().join(format!("f{i}.tf")), vec![0xFF_u8; size]).unwrap();
    }
    let lines = compact_all(dir.path());
    assert_eq!(lines.len(), 9, "{lines:?}");
    assert_eq!(
        lines[8],
        "f8.tf:1:1: error JC001 f8.tf was not read: the scan already read 64 MiB of Terraform files, its limit; this file and the ones after it are not analysed"
    );
}

#[test]
fn configuration_errors_are_escaped_on_stderr() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), ".jobcheck.toml", "[rules]\n\"JC1\\u001b]0;x\\u0007\" = \"off\"\n");
    write(dir.path(), "main.tf", "locals {}\n");
    let out = jobcheck(&[dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("unknown rule `JC1\\x1b]0;x\\x07` in [rules]") && !err.contains('\u{1b}'), "{err}");
}
