//! `action.yml`: parsed, and its shell steps run locally against fixtures — no network, no
//! GitHub: `${{ … }}` expressions are filled in the way the runner would, and the jobcheck
//! under test stands in for the one the action would `cargo install`.

#![allow(clippy::unwrap_used, clippy::panic, reason = "a test fails loudly on unexpected data")]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use yaml_rust2::{Yaml, YamlLoader};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn action() -> Yaml {
    YamlLoader::load_from_str(&std::fs::read_to_string(root().join("action.yml")).unwrap()).unwrap().remove(0)
}

fn fill(text: &str, inputs: &BTreeMap<String, String>, outputs: &BTreeMap<String, String>) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find("${{") {
        out.push_str(&rest[..at]);
        let end = rest[at..].find("}}").unwrap() + at;
        let expr = rest[at + 3..end].trim();
        let value = if let Some(name) = expr.strip_prefix("inputs.") {
            inputs[name].clone()
        } else if expr == "github.action_path" {
            root().display().to_string()
        } else if let Some(name) = expr.strip_prefix("steps.check.outputs.") {
            outputs.get(name).cloned().unwrap_or_default()
        } else {
            panic!("unexpected expression {expr}")
        };
        out.push_str(&value);
        rest = &rest[end + 2..];
    }
    out.push_str(rest);
    out
}

/// Runs the action's shell steps; returns the exit code of the first failing step (or 0) and
/// the outputs of the `check` step.
fn run(fixture: &str, overrides: &[(&str, &str)]) -> (i32, BTreeMap<String, String>, PathBuf, tempfile::TempDir) {
    let a = action();
    let mut inputs = BTreeMap::new();
    for (k, v) in a["inputs"].as_hash().unwrap() {
        inputs.insert(k.as_str().unwrap().to_string(), v["default"].as_str().unwrap_or("").to_string());
    }
    for (k, v) in overrides {
        inputs.insert((*k).to_string(), (*v).to_string());
    }
    let work = tempfile::tempdir().unwrap();
    inputs.insert("path".into(), root().join(fixture).display().to_string());
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_jobcheck")).parent().unwrap().to_path_buf();
    let path = format!("{}:{}", bin_dir.display(), std::env::var("PATH").unwrap_or_default());
    let gh_out = work.path().join("github_output");
    let mut outputs = BTreeMap::new();
    for step in a["runs"]["steps"].as_vec().unwrap() {
        if let Some(uses) = step["uses"].as_str() {
            assert!(uses.starts_with("github/codeql-action/upload-sarif@"), "{uses}");
            assert_eq!(step["with"]["sarif_file"].as_str(), Some("${{ inputs.sarif-file }}"));
            continue;
        }
        let script = fill(step["run"].as_str().unwrap(), &inputs, &outputs);
        std::fs::write(&gh_out, "").unwrap();
        let status = Command::new("bash")
            .arg("-e")
            .arg("-c")
            .arg(&script)
            .current_dir(work.path())
            .env("PATH", &path)
            .env("GITHUB_OUTPUT", &gh_out)
            .status()
            .unwrap();
        if step["id"].as_str() == Some("check") {
            for line in std::fs::read_to_string(&gh_out).unwrap().lines() {
                let (k, v) = line.split_once('=').unwrap();
                outputs.insert(k.to_string(), v.to_string());
            }
        }
        if !status.success() {
            return (status.code().unwrap_or(-1), outputs, work.path().join(&inputs["sarif-file"]), work);
        }
    }
    let sarif = work.path().join(&inputs["sarif-file"]);
    (0, outputs, sarif, work)
}

#[test]
fn action_declares_its_inputs_and_upload() {
    let a = action();
    for input in ["path", "fail-on", "args"] {
        assert!(!a["inputs"][input].is_badvalue(), "no input {input}");
    }
    assert_eq!(a["runs"]["using"].as_str(), Some("composite"));
}

#[test]
fn a_broken_job_fails_the_step_and_writes_sarif() {
    let (code, outputs, sarif, _keep) = run("testdata/rules/JC301/fail_memory_for_cpu", &[]);
    assert_eq!(code, 1);
    assert_eq!(outputs.get("exit-code").map(String::as_str), Some("1"));
    let doc: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(sarif).unwrap()).unwrap();
    assert_eq!(doc["runs"][0]["results"][0]["ruleId"], "JC301");
}

#[test]
fn fail_on_never_and_a_good_job_pass() {
    assert_eq!(run("testdata/rules/JC301/fail_memory_for_cpu", &[("fail-on", "never")]).0, 0);
    let (code, _, sarif, _keep) = run("testdata/rules/JC201/pass_role", &[("args", "--now 2026-06-01T00:00:00Z")]);
    assert_eq!(code, 0);
    assert!(sarif.exists());
}
