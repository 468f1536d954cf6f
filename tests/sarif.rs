//! SARIF output: valid against the SARIF 2.1.0 schema (vendored from the official
//! distribution in `testdata/schemas/`), with the properties GitHub code scanning reads.
//! CI also runs Microsoft's SARIF multitool on the same files (`.ci/sarif-validate`).

#![allow(clippy::unwrap_used, clippy::panic, reason = "a test fails loudly on unexpected data")]

#[path = "support/fixture.rs"]
mod fixture;

use std::path::Path;

fn sarif(path: &str) -> serde_json::Value {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_jobcheck"))
        .args([path, "--format", "sarif", "--min-severity", "note", "--now", "2026-06-01T00:00:00Z"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout).unwrap()
}

fn validator() -> jsonschema::Validator {
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/schemas/sarif-2.1.0-rtm.5.json")).unwrap(),
    )
    .unwrap();
    jsonschema::options().build(&schema).unwrap()
}

#[test]
fn example_and_fixtures_are_valid_sarif() {
    let v = validator();
    let mut paths = vec!["testdata/example".to_string(), "testdata/malformed".to_string(), "testdata/e2e/config".to_string()];
    // Fixable rules and the --fix cases: their results carry `fixes`.
    for e in std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/fix")).unwrap().flatten() {
        paths.push(format!("testdata/fix/{}/before", e.file_name().to_string_lossy()));
    }
    // Fixtures in the trees they check (overlays of a reference job materialized).
    let materialized = tempfile::tempdir().unwrap();
    for rule in ["JC001", "JC101", "JC102", "JC103", "JC104", "JC301", "JC404", "JC602", "JC603", "JC606"] {
        for dir in fixture::fixtures().into_iter().filter(|d| d.parent().is_some_and(|p| p.ends_with(rule))) {
            let name = dir.file_name().unwrap().to_string_lossy().into_owned();
            if fixture::is_overlay(&dir) {
                let tree = materialized.path().join(rule).join(&name);
                fixture::materialize(&dir, &tree).unwrap();
                paths.push(tree.to_string_lossy().into_owned());
            } else {
                paths.push(format!("testdata/rules/{rule}/{name}"));
            }
        }
    }
    for p in paths {
        let doc = sarif(&p);
        let errors: Vec<String> = v.iter_errors(&doc).map(|e| format!("{e} at {}", e.instance_path())).collect();
        assert!(errors.is_empty(), "{p}: {errors:?}");
    }
    // The validator does reject what is wrong.
    let mut bad = sarif("testdata/example");
    bad["runs"][0]["results"][0]["level"] = serde_json::json!("fatal");
    assert!(!v.is_valid(&bad));
}

#[test]
fn results_carry_what_code_scanning_needs() {
    let doc = sarif("testdata/example");
    let run = &doc["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), jobcheck::rules::CATALOG.len());
    let jc603 = rules.iter().find(|r| r["id"] == "JC603").unwrap();
    assert_eq!(jc603["properties"]["security-severity"], "8.0");
    assert!(jc603["help"]["markdown"].as_str().unwrap().starts_with("# JC603 events-role-passrole-missing"));
    let results = run["results"].as_array().unwrap();
    let r = results.iter().find(|r| r["ruleId"] == "JC301").unwrap();
    assert_eq!(r["level"], "error");
    let region = &r["locations"][0]["physicalLocation"]["region"];
    assert_eq!(
        (region["startLine"].as_u64(), region["startColumn"].as_u64(), region["endColumn"].as_u64()),
        (Some(37), Some(16), Some(20))
    );
    assert_eq!(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], "testdata/example/main.tf");
    assert_eq!(r["relatedLocations"].as_array().unwrap().len(), 2);
    let fp = r["partialFingerprints"]["primaryLocationLineHash"].as_str().unwrap();
    assert!(fp.len() == 18 && fp.ends_with(":1"), "{fp}");
    assert_eq!(
        r["message"]["text"],
        "memory 4096 is not valid with cpu 256 on Fargate; valid: 512, 1024 or 2048\nHelp: use a memory value valid for cpu 256, e.g. 512"
    );
    assert_eq!(
        run["tool"]["driver"]["rules"][0]["helpUri"],
        format!("https://github.com/jobcheck/jobcheck/blob/v{}/rules/JC001.md", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn fingerprints_survive_unrelated_edits() {
    let dir = tempfile::tempdir().unwrap();
    let src =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/rules/JC301/fail_memory_for_cpu/main.tf")).unwrap();
    std::fs::write(dir.path().join("main.tf"), &src).unwrap();
    let before = sarif(dir.path().to_str().unwrap());
    std::fs::write(dir.path().join("main.tf"), format!("# a comment added above\n\n{src}")).unwrap();
    let after = sarif(dir.path().to_str().unwrap());
    let fp = |d: &serde_json::Value| d["runs"][0]["results"][0]["partialFingerprints"]["primaryLocationLineHash"].clone();
    assert_eq!(fp(&before), fp(&after));
    assert_ne!(before["runs"][0]["results"][0]["locations"], after["runs"][0]["results"][0]["locations"]);
}

#[test]
fn parse_failures_are_tool_notifications() {
    let tree = fixture::Tree::of(&fixture::rules_dir().join("JC001/fail_unclosed_block")).unwrap();
    let doc = sarif(tree.root().to_str().unwrap());
    let n = &doc["runs"][0]["invocations"][0]["toolExecutionNotifications"];
    assert_eq!(n.as_array().unwrap().len(), 1);
    assert_eq!(n[0]["descriptor"]["id"], "JC001");
}

#[test]
fn fixable_results_carry_their_edit_as_a_sarif_fix() {
    let doc = sarif("testdata/example");
    let results = doc["runs"][0]["results"].as_array().unwrap();
    let r = results.iter().find(|r| r["ruleId"] == "JC104").unwrap();
    let change = &r["fixes"][0]["artifactChanges"][0];
    assert_eq!(change["artifactLocation"]["uri"], "testdata/example/terraform.tfvars");
    let rep = &change["replacements"][0];
    assert_eq!(
        (
            rep["deletedRegion"]["startLine"].as_u64(),
            rep["deletedRegion"]["startColumn"].as_u64(),
            rep["deletedRegion"]["endColumn"].as_u64()
        ),
        (Some(1), Some(27), Some(32))
    );
    assert_eq!(rep["insertedContent"]["text"], "hour");
    // JC301 has no mechanical fix.
    assert!(results.iter().find(|r| r["ruleId"] == "JC301").unwrap().get("fixes").is_none());
}
