//! Adoption features end to end: baselines, the Markdown summary, the JSON Schema of the JSON
//! output, one base for paths, colour, completions and the man page, and the CLI conventions.

#![allow(clippy::unwrap_used, clippy::panic, reason = "a test fails loudly on unexpected data")]

use std::path::Path;
use std::process::{Command, Output};

const NOW: &str = "2026-06-01T00:00:00Z";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn run_in(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_jobcheck"));
    c.args(args).current_dir(dir).env_remove("NO_COLOR").env_remove("FORCE_COLOR");
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().unwrap()
}

fn jobcheck(args: &[&str]) -> Output {
    run_in(root(), args, &[])
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &to.join(e.file_name()));
        } else {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}

fn rules_of(o: &Output) -> Vec<String> {
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| format!("{} {}:{}", f["rule"].as_str().unwrap(), f["file"].as_str().unwrap(), f["line"]))
        .collect()
}

#[test]
fn a_baseline_hides_what_it_records_and_survives_moved_code() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&root().join("testdata/example"), &dir.path().join("infra"));
    let d = dir.path();
    let out = run_in(d, &["check", "infra", "--now", NOW, "--write-baseline", "ci/.jobcheck-baseline.json"], &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stderr(&out).trim(), "jobcheck: wrote 3 findings to the baseline ci/.jobcheck-baseline.json");
    let text = std::fs::read_to_string(d.join("ci/.jobcheck-baseline.json")).unwrap();
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(doc["version"], 1);
    let rules: Vec<&str> = doc["findings"].as_array().unwrap().iter().map(|e| e["rule"].as_str().unwrap()).collect();
    assert_eq!(rules, ["JC103", "JC104", "JC301"]);

    // Everything recorded is hidden: exit 0, no findings.
    let args = ["check", "infra", "--now", NOW, "--format", "json", "--baseline", "ci/.jobcheck-baseline.json"];
    let out = run_in(d, &args, &[]);
    assert_eq!(out.status.code(), Some(0));
    assert!(rules_of(&out).is_empty(), "{:?}", rules_of(&out));

    // Moving the job's code down does not bring the finding back.
    let main = d.join("infra/main.tf");
    let src = std::fs::read_to_string(&main).unwrap();
    std::fs::write(&main, format!("# moved\n\n\n{src}")).unwrap();
    let out = run_in(d, &args, &[]);
    assert!(rules_of(&out).is_empty(), "{:?}", rules_of(&out));

    // A fixed finding leaves its entry stale, reported as JC005 (a warning) at the entry.
    let fixed = src.replace("memory     = 4096", "memory     = 512");
    assert_ne!(fixed, src);
    std::fs::write(&main, fixed).unwrap();
    let out = run_in(d, &args, &[]);
    let line = text.lines().position(|l| l.contains("\"JC301\"")).unwrap() + 1;
    assert_eq!(rules_of(&out), [format!("JC005 ci/.jobcheck-baseline.json:{line}")]);
    assert_eq!(out.status.code(), Some(0));
    // A new finding is not hidden by the baseline.
    std::fs::write(&main, src.replace("memory     = 4096", "memory     = 8192")).unwrap();
    let got = rules_of(&run_in(d, &args, &[]));
    assert!(got.contains(&"JC301 infra/main.tf:37".to_string()), "{got:?}");
}

#[test]
fn the_baseline_can_be_named_in_the_configuration() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&root().join("testdata/rules/JC301/fail_memory_for_cpu"), dir.path());
    let d = dir.path();
    assert_eq!(run_in(d, &["--now", NOW, "--write-baseline", "baseline.json"], &[]).status.code(), Some(0));
    assert_eq!(run_in(d, &["--now", NOW], &[]).status.code(), Some(1));
    std::fs::write(d.join(".jobcheck.toml"), "baseline = \"baseline.json\"\n").unwrap();
    let out = run_in(d, &["--now", NOW, "--format", "json"], &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    std::fs::write(d.join("baseline.json"), "{\"version\": 1, \"findings\": [{\"rule\": \"JC999\", \"fingerprint\": \"x\"}]}").unwrap();
    let out = run_in(d, &["--now", NOW], &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("unknown rule `JC999`"), "{}", stderr(&out));
}

#[test]
fn json_output_follows_its_schema_and_names_files_from_the_working_directory() {
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root().join("schemas/report-v1.schema.json")).unwrap()).unwrap();
    let v = jsonschema::options().build(&schema).unwrap();
    for args in [
        vec!["testdata/example", "--min-severity", "note"],
        vec!["testdata/malformed", "--min-severity", "note"],
        vec!["testdata/e2e/two-roots"],
        vec!["testdata/rules/JC301/fail_memory_for_cpu", "testdata/rules/JC303/fail_bridge"],
    ] {
        let mut all = args.clone();
        all.extend(["--now", NOW, "--format", "json"]);
        let doc: serde_json::Value = serde_json::from_slice(&jobcheck(&all).stdout).unwrap();
        let errors: Vec<String> = v.iter_errors(&doc).map(|e| format!("{e} at {}", e.instance_path())).collect();
        assert!(errors.is_empty(), "{args:?}: {errors:?}");
    }
    let doc: serde_json::Value = serde_json::from_slice(&jobcheck(&["testdata/example", "--now", NOW, "--format", "json"]).stdout).unwrap();
    assert_eq!(doc["root"], "testdata/example");
    assert_eq!(doc["findings"][0]["file"], "testdata/example/main.tf");
    let mut bad = doc.clone();
    bad["findings"][0]["line"] = serde_json::json!(0);
    assert!(!v.is_valid(&bad));
    // The same base in every format.
    let compact = stdout(&jobcheck(&["testdata/example", "--now", NOW, "--format", "compact"]));
    assert!(compact.starts_with("testdata/example/main.tf:17:"), "{compact}");
    let inside = run_in(&root().join("testdata/example"), &["--now", NOW, "--format", "json"], &[]);
    let doc: serde_json::Value = serde_json::from_slice(&inside.stdout).unwrap();
    assert_eq!((doc["root"].as_str(), doc["findings"][0]["file"].as_str()), (Some("."), Some("main.tf")));
}

#[test]
fn markdown_summary_tables_jobs_and_findings() {
    let out = jobcheck(&["testdata/example", "--now", NOW, "--format", "markdown"]);
    assert_eq!(out.status.code(), Some(1));
    let md = stdout(&out);
    let lines: Vec<&str> = md.lines().collect();
    assert_eq!(lines[0], "## jobcheck: 2 errors, 1 warning");
    assert_eq!(lines[4], "| Job | Schedule | Next run | CPU / memory | Log group | Failure alert | Findings |");
    assert!(
        md.contains("| module\\.hourly\\_sync\\.aws\\_cloudwatch\\_event\\_rule\\.schedule | rate\\(1 hours\\) | 2026-06-01T01:00:00Z | 256 / 4096 | \\/ecs\\/hourly\\-sync | yes | 2 errors |"),
        "{md}"
    );
    assert!(md.contains("| error | JC301 fargate-size-invalid | testdata\\/example\\/main\\.tf:37:16 | memory 4096 is not valid with cpu 256 on Fargate\\; valid\\: 512\\, 1024 or 2048<br>help: use a memory value valid for cpu 256\\, e\\.g\\. 512<br>job: module\\.hourly\\_sync"), "{md}");
    assert_eq!(md.matches("\n| error |").count() + md.matches("\n| warning |").count(), 3, "{md}");
}

#[test]
fn one_run_writes_several_formats() {
    let dir = tempfile::tempdir().unwrap();
    let sarif = dir.path().join("deep/er/jobcheck.sarif");
    let md = dir.path().join("summary.md");
    let out = jobcheck(&[
        "testdata/example",
        "--now",
        NOW,
        "--format",
        "github",
        "--also",
        &format!("sarif={}", sarif.display()),
        "--also",
        &format!("markdown={}", md.display()),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stdout(&out).lines().filter(|l| l.starts_with("::")).count(), 3);
    let doc: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&sarif).unwrap()).unwrap();
    assert_eq!(doc["runs"][0]["results"].as_array().unwrap().len(), 3);
    assert!(std::fs::read_to_string(&md).unwrap().starts_with("## jobcheck: 2 errors, 1 warning"));
    // --output creates its parent directories too.
    let json = dir.path().join("a/b/report.json");
    assert_eq!(
        jobcheck(&["testdata/example", "--now", NOW, "--format", "json", "--output", json.to_str().unwrap()]).status.code(),
        Some(1)
    );
    assert!(json.is_file());
    let two = jobcheck(&["testdata/example", "--also", "json=-"]);
    assert_eq!(two.status.code(), Some(2));
    assert!(stderr(&two).contains("only one report can go to standard output"));
}

#[test]
fn fail_on_counts_only_what_is_shown() {
    // The example has 2 errors and 1 warning; with notes hidden, note-level failure is about
    // the warnings and errors shown.
    let code = |args: &[&str]| jobcheck(args).status.code();
    assert_eq!(code(&["testdata/example", "--now", NOW, "--min-severity", "error", "--fail-on", "warning"]), Some(1));
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("main.tf"), "# jobcheck:ignore JC999\nlocals {}\n").unwrap();
    // JC005 (a warning) only: shown → fails; hidden by --min-severity error → does not. The
    // file holds no job, so `--all-files` makes jobcheck read it.
    assert_eq!(run_in(dir.path(), &["--all-files", "--fail-on", "warning"], &[]).status.code(), Some(1));
    assert_eq!(run_in(dir.path(), &["--all-files", "--fail-on", "warning", "--min-severity", "error"], &[]).status.code(), Some(0));
}

#[test]
fn summary_line_and_colour() {
    let text = stdout(&run_in(root(), &["testdata/example", "--now", NOW], &[("NO_COLOR", "1")]));
    assert_eq!(text.lines().last(), Some("4 jobs in 5 files: 2 errors, 1 warning"));
    let text = stdout(&jobcheck(&["testdata/rules/JC201/pass_role_unknown", "--now", NOW, "--color", "never"]));
    let last = text.lines().last().unwrap();
    assert!(last.ends_with(" not shown: --min-severity note shows them)"), "{last}");
    assert!(last.contains("not completed"), "{last}");
    let forced = stdout(&run_in(root(), &["testdata/example", "--now", NOW], &[("FORCE_COLOR", "1")]));
    assert!(forced.contains('\u{1b}'), "FORCE_COLOR gives colour");
    let never = stdout(&run_in(root(), &["testdata/example", "--now", NOW, "--color", "never"], &[("FORCE_COLOR", "1")]));
    assert!(!never.contains('\u{1b}'));
    let always = stdout(&run_in(root(), &["testdata/example", "--now", NOW, "--color", "always"], &[("NO_COLOR", "1")]));
    assert!(always.contains('\u{1b}'));
    // Not a terminal: no colour by default.
    assert!(!stdout(&jobcheck(&["testdata/example", "--now", NOW])).contains('\u{1b}'));
}

#[test]
fn completions_man_page_rules_json_and_version() {
    let bash = stdout(&jobcheck(&["completions", "bash"]));
    assert!(bash.contains("--min-severity") && bash.contains("complete -F"), "{bash}");
    assert!(stdout(&jobcheck(&["completions", "zsh"])).contains("#compdef jobcheck"));
    let man = stdout(&jobcheck(&["man"]));
    assert!(man.starts_with(".ie") || man.contains(".TH jobcheck"), "{man}");
    let rules: serde_json::Value = serde_json::from_slice(&jobcheck(&["rules", "--format", "json"]).stdout).unwrap();
    assert_eq!(rules["rules"].as_array().unwrap().len(), jobcheck::rules::CATALOG.len());
    assert_eq!(rules["rules"][0]["id"], "JC001");
    assert_eq!(rules["rules"][0]["name"], "parse-error");
    let version = stdout(&jobcheck(&["--version"]));
    assert!(version.starts_with(&format!("jobcheck {}", env!("CARGO_PKG_VERSION"))), "{version}");
}

#[test]
fn flags_that_would_do_nothing_are_refused() {
    for args in [
        &["list", "testdata/example", "--fail-on", "warning"][..],
        &["list", "testdata/example", "--format", "sarif"],
        &["list", "testdata/example", "--select", "JC301"],
        &["schedule", "cron(0 3 * * ? *)", "--tz", "Europe/Berlin"],
        &["schedule", "cron(0 3 * * ? *)", "--format", "sarif"],
        &["testdata/example", "--write-baseline", "/nonexistent/b.json", "--format", "json"],
        &["testdata/example", "--write-baseline", "/nonexistent/b.json", "--baseline", "b.json"],
    ] {
        let out = jobcheck(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stdout(&out));
    }
    let out = jobcheck(&["list", "testdata/example", "--min-severity", "note"]);
    assert!(stderr(&out).contains("`jobcheck list` does not use --min-severity"), "{}", stderr(&out));
}

#[test]
fn schedule_counts_and_times_read_well() {
    let one = stdout(&jobcheck(&["schedule", "rate(1 hour)", "--count", "1", "--now", "2026-06-01T00:00:00.123456789Z"]));
    assert!(one.contains("next fire time (UTC):\n  2026-06-01T01:00:00Z  Mon"), "{one}");
    let never = stdout(&jobcheck(&["schedule", "cron(0 0 30 2 ? *)", "--now", "2026-06-01T00:00:00.5Z"]));
    // The JC105 finding's own words, `--now` to the minute, without its fraction of a second.
    assert!(never.contains("`cron(0 0 30 2 ? *)` never fires: no date matches it after 2026-06-01 00:00 UTC"), "{never}");
}
