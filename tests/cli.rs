//! End to end: the `jobcheck` binary on the bundled example, malformed input and the
//! subcommands, with exact exit codes and output.

#![allow(clippy::unwrap_used, clippy::panic, reason = "a test fails loudly on unexpected data")]

use std::path::Path;
use std::process::{Command, Output};

const NOW: &str = "2026-06-01T00:00:00Z";

fn jobcheck(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_jobcheck")).args(args).current_dir(env!("CARGO_MANIFEST_DIR")).env("NO_COLOR", "1").output().unwrap()
}

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)))
}

/// `RULE file:line`, the file relative to the scanned root (the JSON names it from the working
/// directory, and says which root that is).
fn rules_at(doc: &serde_json::Value) -> Vec<String> {
    let root = doc["root"].as_str().unwrap();
    let prefix = if root == "." { String::new() } else { format!("{root}/") };
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let file = f["file"].as_str().unwrap();
            format!("{} {}:{}", f["rule"].as_str().unwrap(), file.strip_prefix(prefix.as_str()).unwrap_or(file), f["line"])
        })
        .collect()
}

#[test]
fn example_reports_its_honest_mistakes() {
    let out = jobcheck(&["testdata/example", "--now", NOW, "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let doc = json(&out);
    assert_eq!(rules_at(&doc), ["JC103 main.tf:17", "JC301 main.tf:37", "JC104 terraform.tfvars:1"]);
    assert_eq!(doc["version"], 1);
    assert_eq!(doc["summary"]["jobs"], 4);
    assert_eq!(doc["summary"]["errors"], 2);
    assert_eq!(doc["summary"]["warnings"], 1);
    let jobs = doc["jobs"].as_array().unwrap();
    let nightly = jobs.iter().find(|j| j["address"] == "module.job[\"nightly-report\"].aws_cloudwatch_event_rule.schedule").unwrap();
    assert_eq!(nightly["schedule"], "cron(0 3 ? * MON-FRI *)");
    assert_eq!(nightly["cpu"], 512);
    assert_eq!(nightly["memory"], 1024);
    assert_eq!(nightly["task_family"], "nightly-report");
    assert_eq!(nightly["file"], "testdata/example/modules/scheduled-job/main.tf");
    let sched = jobs.iter().find(|j| j["kind"] == "scheduler").unwrap();
    assert_eq!(sched["timezone"], "Europe/Berlin");
    // The JC301 finding points at the module argument and labels the use in the module.
    let f = &doc["findings"][1];
    assert_eq!((f["line"].as_u64(), f["column"].as_u64(), f["end_column"].as_u64()), (Some(37), Some(16), Some(20)));
    let labels: Vec<String> = f["labels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| format!("{}:{} {}", l["file"].as_str().unwrap(), l["line"], l["message"].as_str().unwrap()))
        .collect();
    assert_eq!(labels, ["testdata/example/main.tf:36 cpu set here", "testdata/example/modules/scheduled-job/main.tf:46 memory used here"]);
    assert_eq!(f["jobs"], serde_json::json!(["module.hourly_sync.aws_cloudwatch_event_rule.schedule"]));
}

#[test]
fn fail_on_and_min_severity() {
    assert_eq!(jobcheck(&["testdata/example", "--now", NOW, "--fail-on", "never"]).status.code(), Some(0));
    let out = jobcheck(&["testdata/example", "--now", NOW, "--format", "compact", "--min-severity", "error"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text.lines().count(), 2, "{text}");
    assert!(text.starts_with("testdata/example/main.tf:37:16: error JC301 "), "{text}");
}

#[test]
fn github_format() {
    let out = jobcheck(&["check", "testdata/example", "--now", NOW, "--format", "github"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.lines()
            .any(|l| l.starts_with("::error file=testdata/example/main.tf,line=37,col=16,endLine=37,endColumn=20,title=JC301::memory 4096")),
        "{text}"
    );
    assert!(text.lines().any(|l| l.starts_with("::warning file=testdata/example/main.tf,line=17,col=50,")), "{text}");
}

#[test]
fn human_output_ends_with_a_summary() {
    let out = jobcheck(&["testdata/example", "--now", NOW]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(!text.contains('\u{1b}'), "colour with NO_COLOR");
    assert_eq!(text.lines().last(), Some("4 jobs in 5 files: 2 errors, 1 warning"));
}

#[test]
fn list_inventory() {
    let out = jobcheck(&["list", "testdata/example", "--now", NOW, "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let doc = json(&out);
    let next: Vec<&str> = doc["jobs"].as_array().unwrap().iter().map(|j| j["next_run"].as_str().unwrap()).collect();
    assert_eq!(next, ["2026-06-01T03:00:00Z", "2026-06-07T04:30:00Z", "2026-06-01T01:00:00Z", "2026-06-01T01:00:00Z"]);
    let human = String::from_utf8(jobcheck(&["list", "testdata/example", "--now", NOW]).stdout).unwrap();
    assert!(human.starts_with("JOB "), "{human}");
    assert!(human.contains("/ecs/nightly-report"), "{human}");
}

#[test]
fn schedule_preview() {
    let out = jobcheck(&["schedule", "cron(0 3 ? * MON-FRI *)", "--now", NOW, "--count", "3", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        json(&out),
        serde_json::json!({"expression": "cron(0 3 ? * MON-FRI *)", "kind": "cron", "valid": true, "timezone": "UTC",
            "next": ["2026-06-01T03:00:00Z", "2026-06-02T03:00:00Z", "2026-06-03T03:00:00Z"], "findings": []})
    );
    let out = jobcheck(&["schedule", "cron(0 24 ? * MON *)", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let doc = json(&out);
    assert_eq!(doc["findings"][0]["rule"], "JC101");
    assert_eq!((doc["findings"][0]["column"].as_u64(), doc["findings"][0]["end_column"].as_u64()), (Some(8), Some(10)));
    let out = jobcheck(&[
        "schedule",
        "cron(30 2 * * ? *)",
        "--tz",
        "Europe/Berlin",
        "--scheduler",
        "--now",
        "2026-03-28T12:00:00Z",
        "--count",
        "2",
        "--format",
        "json",
    ]);
    assert_eq!(json(&out)["next"], serde_json::json!(["2026-03-30T02:30:00+02:00", "2026-03-31T02:30:00+02:00"]));
    let human = String::from_utf8(jobcheck(&["schedule", "cron(0 3 * * 1-5)"]).stdout).unwrap();
    assert!(human.contains("cron(0 3 ? * MON-FRI *)"), "{human}");
}

#[test]
fn explain_and_rules() {
    let out = jobcheck(&["explain", "schedule-syntax"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8(out.stdout).unwrap().starts_with("JC101 (schedule-syntax) — error"));
    let unknown = jobcheck(&["explain", "JC999"]);
    assert_eq!(unknown.status.code(), Some(2));
    let listed = String::from_utf8(unknown.stderr).unwrap();
    assert!(listed.contains("no rule `JC999`") && listed.contains(&jobcheck::rules::docs::index()), "{listed}");
    let index = jobcheck(&["explain"]);
    assert_eq!(index.status.code(), Some(0));
    assert!(String::from_utf8(index.stdout).unwrap().ends_with(&format!("\n\n{}\n", jobcheck::rules::docs::index())));
    let rules = String::from_utf8(jobcheck(&["rules"]).stdout).unwrap();
    assert_eq!(rules.lines().count(), jobcheck::rules::CATALOG.len());
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(jobcheck(&["does/not/exist"]).status.code(), Some(2));
    assert_eq!(jobcheck(&["testdata/example", "--format", "xml"]).status.code(), Some(2));
    assert_eq!(jobcheck(&["testdata/example", "--now", "yesterday"]).status.code(), Some(2));
}

#[test]
fn malformed_input_gives_diagnostics_not_panics() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(root.join("deep.tf"), format!("x = {}1{}\n", "[".repeat(10_000), "]".repeat(10_000))).unwrap();
    std::fs::write(root.join("long.tf"), format!("variable \"v\" {{\n  default = \"{}\"\n}}\n", "a".repeat(70_000))).unwrap();
    std::fs::write(root.join("deep_json.tf"), format!("locals {{\n  p = jsondecode(\"{}\")\n}}\n", "[".repeat(5_000))).unwrap();
    copy(Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/malformed").as_path(), root);
    let out = Command::new(env!("CARGO_BIN_EXE_jobcheck"))
        // Every file is parsed, including those that cannot hold a job.
        .args(["--format", "json", "--min-severity", "note", "--fail-on", "never", "--all-files"])
        .arg(root)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let doc = json(&out);
    let got = rules_at(&doc);
    for want in
        ["JC001 deep.tf:1", "JC001 bad_utf8/main.tf:2", "JC001 truncated/main.tf:", "JC001 weird/trunc.tf.json:1", "JC003 module_cycle/"]
    {
        assert!(got.iter().any(|g| g.starts_with(want)), "no {want} in {got:?}");
    }
    // The human renderer must survive the 70 000-column line.
    let human =
        Command::new(env!("CARGO_BIN_EXE_jobcheck")).args(["--min-severity", "note", "--fail-on", "never"]).arg(root).output().unwrap();
    assert_eq!(human.status.code(), Some(0), "{}", String::from_utf8_lossy(&human.stderr));
}

fn copy(from: &Path, to: &Path) {
    for e in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(e.file_name());
        if e.path().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

#[test]
fn config_file_turns_rules_off_and_changes_severity() {
    let out = jobcheck(&["testdata/e2e/config", "--now", NOW, "--format", "compact"]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        text.lines().collect::<Vec<_>>(),
        ["testdata/e2e/config/main.tf:17:27: error JC103 day-of-week `2-6` runs MON–FRI on AWS; Unix cron means TUE–SAT"]
    );
    // CLI flags override the file.
    let out = jobcheck(&["testdata/e2e/config", "--now", NOW, "--format", "compact", "--fail-on", "never"]);
    assert_eq!(out.status.code(), Some(0));
    // Without the file, the defaults apply.
    let out = jobcheck(&["testdata/e2e/config", "--now", NOW, "--format", "compact", "--config", "/dev/null"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("warning JC103") && text.contains("warning JC206"), "{text}");
}

#[test]
fn select_and_ignore() {
    let run = |extra: &[&str]| {
        let mut args = vec!["testdata/example", "--now", NOW, "--format", "compact"];
        args.extend_from_slice(extra);
        String::from_utf8(jobcheck(&args).stdout).unwrap()
    };
    let only = run(&["--select", "JC301"]);
    assert_eq!(only.lines().count(), 1, "{only}");
    let prefix = run(&["--select", "JC1"]);
    assert!(prefix.lines().all(|l| l.contains(" JC1")) && prefix.lines().count() == 2, "{prefix}");
    let ignored = run(&["--ignore", "fargate-size-invalid,JC104"]);
    assert_eq!(ignored.lines().count(), 1, "{ignored}");
}

#[test]
fn bad_config_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(".jobcheck.toml"), "[rules]\nJC999 = \"off\"\n").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_jobcheck")).arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown rule `JC999`"));
}

#[test]
fn remote_modules_are_read_from_the_terraform_manifest() {
    let out = jobcheck(&["testdata/e2e/remote-module", "--now", NOW, "--format", "json"]);
    let doc = json(&out);
    assert_eq!(doc["jobs"][0]["address"], "module.job.aws_cloudwatch_event_rule.schedule");
    assert_eq!(doc["jobs"][0]["file"], "testdata/e2e/remote-module/.terraform/modules/job/main.tf");
    assert_eq!(rules_at(&doc), ["JC301 main.tf:6"]);
    assert_eq!(doc["summary"]["remote_modules_not_inspected"], 0);
    // Without the manifest the module is unknown: no job, and no guess.
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/e2e/remote-module/main.tf"), dir.path().join("main.tf")).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_jobcheck")).args(["--format", "json"]).arg(dir.path()).output().unwrap();
    let doc = json(&out);
    assert_eq!(doc["summary"]["jobs"], 0);
    assert_eq!(doc["findings"], serde_json::json!([]));
    // ... and the summary says so instead of showing nothing.
    assert_eq!(doc["summary"]["remote_modules_not_inspected"], 1);
    let out = Command::new(env!("CARGO_BIN_EXE_jobcheck")).arg(dir.path()).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.ends_with("1 remote module call not inspected; run `terraform init`\n"), "{text}");
}

#[test]
fn terraform_json_files_are_checked() {
    let doc = json(&jobcheck(&["testdata/e2e/tf-json", "--now", NOW, "--format", "json"]));
    assert_eq!(doc["summary"]["jobs"], 1);
    assert_eq!(
        rules_at(&doc),
        [
            "JC102 main.tf.json:2",
            "JC501 main.tf.json:4",
            "JC201 main.tf.json:6",
            "JC206 main.tf.json:6",
            "JC202 main.tf.json:9",
            "JC301 main.tf.json:21",
            "JC401 main.tf.json:22"
        ]
    );
}

#[test]
fn several_paths_make_one_report() {
    let out = jobcheck(&["testdata/rules/JC301/fail_memory_for_cpu", "testdata/rules/JC303/fail_bridge", "--now", NOW, "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let doc = json(&out);
    assert_eq!(
        rules_at(&doc),
        ["JC301 testdata/rules/JC301/fail_memory_for_cpu/main.tf:42", "JC303 testdata/rules/JC303/fail_bridge/main.tf:40"]
    );
    assert_eq!(doc["summary"]["jobs"], 2);
}

#[test]
fn costly_expressions_end_in_unknown_not_a_hang() {
    let dir = tempfile::tempdir().unwrap();
    let text = "locals {\n  x = [for a in range(1024) : [for b in range(1024) : [for c in range(1024) : c]]]\n}\n\nresource \"aws_sqs_queue\" \"q\" {\n  name = \"q-${length(local.x)}\"\n}\n";
    std::fs::write(dir.path().join("main.tf"), text).unwrap();
    // A billion evaluations would not finish; the evaluation budget ends them in an unknown.
    let out = Command::new(env!("CARGO_BIN_EXE_jobcheck")).arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
}

/// Two root modules with the same resource names are two configurations: a reference in one
/// never resolves to the other.
#[test]
fn roots_with_the_same_names_stay_apart() {
    let doc = json(&jobcheck(&["testdata/e2e/two-roots", "--now", NOW, "--format", "json"]));
    assert_eq!(doc["summary"]["jobs"], 2);
    assert_eq!(rules_at(&doc), ["JC603 broken/main.tf:205"]);
    assert_eq!(doc["findings"][0]["jobs"], serde_json::json!(["broken:aws_cloudwatch_event_rule.schedule"]));
    let addresses: Vec<&str> = doc["jobs"].as_array().unwrap().iter().map(|j| j["address"].as_str().unwrap()).collect();
    assert_eq!(addresses, ["broken:aws_cloudwatch_event_rule.schedule", "good:aws_cloudwatch_event_rule.schedule"]);
}

/// All acceptance cases scanned at once, as one monorepo of 38 roots, report exactly the union
/// of their expected findings: no root sees another's resources.
#[test]
fn acceptance_cases_as_one_monorepo() {
    let cases = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/acceptance/cases");
    if !cases.is_dir() {
        // CI always has shared/ beside the repository: there a skip would pass without testing.
        assert!(std::env::var_os("CI").is_none(), "{} not found in CI", cases.display());
        eprintln!("{} not found; skipped", cases.display());
        return;
    }
    let out = Command::new(env!("CARGO_BIN_EXE_jobcheck"))
        .args(["--format", "json", "--fail-on", "never", "--now", NOW])
        .arg(&cases)
        .output()
        .unwrap();
    let doc = json(&out);
    let mut got: Vec<String> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["severity"] != "note")
        .map(|f| format!("{} {}:{}", f["rule"].as_str().unwrap(), f["file"].as_str().unwrap(), f["line"]))
        .collect();
    let mut want = Vec::new();
    let mut jobs = 0;
    for case in std::fs::read_dir(&cases).unwrap().flatten() {
        let name = case.file_name().to_string_lossy().into_owned();
        for line in std::fs::read_to_string(case.path().join("expect.txt")).unwrap().lines().filter(|l| !l.trim().is_empty()) {
            if let Some(n) = line.strip_prefix("jobs:") {
                jobs += n.trim().parse::<u64>().unwrap();
            } else {
                let (rule, at) = line.split_once(' ').unwrap();
                want.push(format!("{rule} {name}/{at}"));
            }
        }
    }
    // `path:*` entries match any line of the file.
    for w in &want {
        let hit = got.iter().position(|g| match w.strip_suffix('*') {
            Some(prefix) => g.starts_with(prefix),
            None => g == w,
        });
        assert!(hit.is_some(), "missing {w}");
        got.remove(hit.unwrap());
    }
    assert!(got.is_empty(), "extra {got:?}");
    assert_eq!(doc["summary"]["jobs"], jobs);
}

#[test]
fn all_files_reports_what_belongs_to_no_job() {
    let args = |extra: &[&'static str]| {
        let mut a = vec!["testdata/rules/JC001/pass_broken_file_outside_jobs", "--now", NOW, "--format", "json", "--min-severity", "note"];
        a.extend_from_slice(extra);
        a
    };
    let out = jobcheck(&args(&[]));
    assert_eq!(out.status.code(), Some(0));
    let doc = json(&out);
    assert_eq!(rules_at(&doc), Vec::<String>::new());
    assert_eq!((doc["summary"]["files"].as_u64(), doc["summary"]["jobs"].as_u64()), (Some(4), Some(1)));
    let out = jobcheck(&args(&["--all-files"]));
    assert_eq!(out.status.code(), Some(1));
    let doc = json(&out);
    assert_eq!(rules_at(&doc), ["JC001 storage/broken.tf:4"]);
    assert_eq!((doc["summary"]["files"].as_u64(), doc["summary"]["jobs"].as_u64()), (Some(4), Some(1)));
}
