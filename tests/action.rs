//! `action.yml`: parsed, and its shell steps run locally against fixtures — no network, no
//! GitHub. `${{ … }}` expressions (which appear only in `env:`, `with:` and `if:`, never inside
//! a script) are filled in the way the runner would; the release the install step downloads is
//! a local directory (`JOBCHECK_RELEASES`) holding an archive that runs the jobcheck under test,
//! and its checksum, laid out as the release workflow lays it out.

#![allow(clippy::unwrap_used, clippy::panic, reason = "a test fails loudly on unexpected data")]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use yaml_rust2::{Yaml, YamlLoader};

const VERSION: &str = concat!("v", env!("CARGO_PKG_VERSION"));
const TARGET: &str = "x86_64-unknown-linux-musl";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn action() -> Yaml {
    YamlLoader::load_from_str(&std::fs::read_to_string(root().join("action.yml")).unwrap()).unwrap().remove(0)
}

/// The value of one expression such as `inputs.path` or `steps.check.outputs.exit-code`.
fn value(expr: &str, ctx: &BTreeMap<String, String>) -> String {
    let expr = expr.trim();
    if let Some(lit) = expr.strip_prefix('\'').and_then(|e| e.strip_suffix('\'')) {
        return lit.to_string();
    }
    ctx.get(expr).cloned().unwrap_or_else(|| {
        assert!(expr.starts_with("steps."), "unexpected expression {expr}");
        String::new()
    })
}

fn fill(text: &str, ctx: &BTreeMap<String, String>) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find("${{") {
        out.push_str(&rest[..at]);
        let end = rest[at..].find("}}").unwrap() + at;
        out.push_str(&value(&rest[at + 3..end], ctx));
        rest = &rest[end + 2..];
    }
    out.push_str(rest);
    out
}

/// A release directory as the release workflow publishes it, holding the jobcheck under test.
fn releases(work: &Path, corrupt: bool) -> PathBuf {
    let dir = work.join("releases").join(VERSION);
    let name = format!("jobcheck-{VERSION}-{TARGET}");
    std::fs::create_dir_all(dir.join(&name)).unwrap();
    // The archived `jobcheck` hands over to the binary under test (archiving the unoptimised
    // binary itself would take most of the test's time).
    let exe = dir.join(&name).join("jobcheck");
    std::fs::write(&exe, format!("#!/bin/sh\nexec '{}' \"$@\"\n", env!("CARGO_BIN_EXE_jobcheck"))).unwrap();
    assert!(Command::new("chmod").arg("+x").arg(&exe).status().unwrap().success());
    let ok = Command::new("tar").arg("-czf").arg(format!("{name}.tar.gz")).arg(&name).current_dir(&dir).status().unwrap();
    assert!(ok.success());
    let sum = Command::new("sha256sum").arg(format!("{name}.tar.gz")).current_dir(&dir).output().unwrap();
    let mut text = String::from_utf8(sum.stdout).unwrap();
    if corrupt {
        text = format!("{}{}", "0".repeat(64), &text[64..]);
    }
    std::fs::write(dir.join(format!("{name}.sha256")), text).unwrap();
    work.join("releases")
}

struct Run {
    /// Exit code of the first failing step, or 0.
    code: i32,
    outputs: BTreeMap<String, String>,
    stdout: String,
    /// Whether the upload step's condition held.
    uploaded: bool,
    work: tempfile::TempDir,
}

/// Runs the action's steps on a fixture.
fn run(fixture: &str, overrides: &[(&str, &str)], env: &[(&str, &str)], corrupt: bool) -> Run {
    let a = action();
    let work = tempfile::tempdir().unwrap();
    let mut ctx = BTreeMap::new();
    for (k, v) in a["inputs"].as_hash().unwrap() {
        ctx.insert(format!("inputs.{}", k.as_str().unwrap()), v["default"].as_str().unwrap_or("").to_string());
    }
    for (k, v) in overrides {
        ctx.insert(format!("inputs.{k}"), (*v).to_string());
    }
    ctx.insert("inputs.path".into(), root().join(fixture).display().to_string());
    ctx.insert("github.action_path".into(), root().display().to_string());
    ctx.insert("github.action_ref".into(), VERSION.to_string());
    let temp = work.path().join("runner-temp");
    std::fs::create_dir_all(&temp).unwrap();
    let rel = releases(work.path(), corrupt);
    let gh_out = work.path().join("github_output");
    let summary = work.path().join("summary.md");
    let mut result = Run { code: 0, outputs: BTreeMap::new(), stdout: String::new(), uploaded: false, work };
    for step in a["runs"]["steps"].as_vec().unwrap() {
        let cond = step["if"].as_str().map(|c| c.trim().trim_start_matches("${{").trim_end_matches("}}").trim().to_string());
        if let Some(uses) = step["uses"].as_str() {
            assert_eq!(uses, "github/codeql-action/upload-sarif@v4");
            assert_eq!(step["with"]["sarif_file"].as_str(), Some("${{ steps.check.outputs.sarif-file }}"));
            assert_eq!(step["with"]["category"].as_str(), Some("${{ inputs.category }}"));
            let c = cond.unwrap();
            // Not on pull requests from forks; not without a SARIF file; not when turned off.
            assert!(c.contains("github.event.pull_request.head.repo.full_name == github.repository"), "{c}");
            result.uploaded = ctx["inputs.upload"] == "true" && !value("steps.check.outputs.sarif-file", &ctx).is_empty();
            continue;
        }
        if let Some(c) = cond {
            let (l, r) = c.split_once("==").unwrap();
            if value(l, &ctx) != value(r, &ctx) {
                continue;
            }
        }
        let script = step["run"].as_str().unwrap();
        assert!(!script.contains("${{"), "an expression inside a script: {script}");
        let mut cmd = Command::new("bash");
        cmd.arg("-e").arg("-c").arg(script).current_dir(result.work.path());
        cmd.env("GITHUB_OUTPUT", &gh_out)
            .env("GITHUB_STEP_SUMMARY", &summary)
            .env("RUNNER_TEMP", &temp)
            .env("RUNNER_OS", "Linux")
            .env("RUNNER_ARCH", "X64")
            .env("JOBCHECK_RELEASES", format!("file://{}", rel.display()))
            .env_remove("NO_COLOR");
        if let Some(vars) = step["env"].as_hash() {
            for (k, v) in vars {
                cmd.env(k.as_str().unwrap(), fill(v.as_str().unwrap(), &ctx));
            }
        }
        for (k, v) in env {
            cmd.env(k, v);
        }
        std::fs::write(&gh_out, "").unwrap();
        let out = cmd.output().unwrap();
        result.stdout.push_str(&String::from_utf8_lossy(&out.stdout));
        if let Some(id) = step["id"].as_str() {
            for line in std::fs::read_to_string(&gh_out).unwrap().lines() {
                let (k, v) = line.split_once('=').unwrap();
                ctx.insert(format!("steps.{id}.outputs.{k}"), v.to_string());
                result.outputs.insert(format!("{id}.{k}"), v.to_string());
            }
        }
        if !out.status.success() {
            result.code = out.status.code().unwrap_or(-1);
            eprintln!("{}", String::from_utf8_lossy(&out.stderr));
            return result;
        }
    }
    result
}

#[test]
fn action_declares_its_inputs_and_outputs() {
    let a = action();
    for input in ["path", "version", "fail-on", "args", "category", "upload", "summary"] {
        assert!(!a["inputs"][input].is_badvalue(), "no input {input}");
    }
    // Empty by default: .jobcheck.toml governs.
    assert_eq!(a["inputs"]["fail-on"]["default"].as_str(), Some(""));
    for output in ["sarif-file", "exit-code"] {
        assert!(!a["outputs"][output].is_badvalue(), "no output {output}");
    }
    assert_eq!(a["runs"]["using"].as_str(), Some("composite"));
}

#[test]
fn a_broken_job_fails_the_step_with_sarif_annotations_and_a_summary_from_one_run() {
    let r = run("testdata/rules/JC301/fail_memory_for_cpu", &[], &[], false);
    assert_eq!(r.code, 1);
    assert_eq!(r.outputs.get("check.exit-code").map(String::as_str), Some("1"));
    assert!(r.outputs["install.bin"].ends_with("runner-temp/jobcheck-bin/jobcheck"), "{:?}", r.outputs);
    let sarif = PathBuf::from(&r.outputs["check.sarif-file"]);
    assert!(sarif.starts_with(r.work.path().join("runner-temp")), "{}", sarif.display());
    let doc: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&sarif).unwrap()).unwrap();
    assert_eq!(doc["runs"][0]["results"][0]["ruleId"], "JC301");
    assert!(r.stdout.lines().any(|l| l.starts_with("::error file=") && l.contains("title=JC301")), "{}", r.stdout);
    assert!(r.uploaded);
    let summary = std::fs::read_to_string(r.work.path().join("summary.md")).unwrap();
    assert!(summary.starts_with("## jobcheck: 1 error, 0 warnings"), "{summary}");
}

#[test]
fn fail_on_never_a_good_job_and_the_configuration_pass() {
    assert_eq!(run("testdata/rules/JC301/fail_memory_for_cpu", &[("fail-on", "never")], &[], false).code, 0);
    let r = run("testdata/rules/JC201/pass_role", &[("args", "--now 2026-06-01T00:00:00Z"), ("category", "infra/prod")], &[], false);
    assert_eq!(r.code, 0);
    assert!(r.outputs["check.sarif-file"].ends_with("jobcheck-infra_prod.sarif"), "{:?}", r.outputs);
    // fail-on empty: the configuration's `fail-on = "warning"` fails on its warnings.
    let r = run("testdata/e2e/config", &[("args", "--now 2026-06-01T00:00:00Z")], &[], false);
    assert_eq!(r.code, 1);
}

#[test]
fn a_usage_error_skips_the_upload() {
    let r = run("testdata/rules/JC201/pass_role", &[("args", "--now yesterday")], &[], false);
    assert_eq!(r.code, 2);
    assert!(!r.outputs.contains_key("check.sarif-file"));
    assert!(!r.uploaded);
}

#[test]
fn a_binary_that_fails_its_checksum_is_refused() {
    let r = run("testdata/rules/JC201/pass_role", &[], &[], true);
    assert_eq!(r.code, 2);
    assert!(!r.outputs.contains_key("install.bin"));
}

#[test]
fn without_a_fitting_binary_cargo_installs_the_actions_source() {
    // A stand-in `cargo` records its arguments and installs the jobcheck under test.
    let fake = tempfile::tempdir().unwrap();
    let log = fake.path().join("cargo.log");
    let script = format!(
        "#!/bin/sh\necho \"$@\" > '{}'\nwhile [ \"$1\" != --root ]; do shift; done\nmkdir -p \"$2/bin\" && cp '{}' \"$2/bin/jobcheck\"\n",
        log.display(),
        env!("CARGO_BIN_EXE_jobcheck")
    );
    std::fs::write(fake.path().join("cargo"), script).unwrap();
    Command::new("chmod").arg("+x").arg(fake.path().join("cargo")).status().unwrap();
    let path = format!("{}:{}", fake.path().display(), std::env::var("PATH").unwrap_or_default());
    let r = run(
        "testdata/rules/JC201/pass_role",
        &[("args", "--now 2026-06-01T00:00:00Z")],
        &[("RUNNER_OS", "FreeBSD"), ("PATH", &path)],
        false,
    );
    assert_eq!(r.code, 0);
    let args = std::fs::read_to_string(&log).unwrap();
    assert!(args.starts_with("install --locked --quiet --root "), "{args}");
    assert!(args.trim_end().ends_with(&format!("--path {}", root().display())), "{args}");
}
