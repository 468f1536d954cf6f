//! The evaluator against Terraform itself: `testdata/eval/golden.json` holds what
//! `terraform console` printed for `jsonencode(EXPR)` of each expression in
//! `testdata/eval/cases.txt` in a folder holding `testdata/eval/vars.tf` (generated with
//! `testdata/eval/generate.sh`, which needs a terraform binary; CI only reads the checked-in
//! results).

#![allow(clippy::unwrap_used, clippy::panic, reason = "a test fails loudly on unexpected data")]

use serde_json::Value;

/// JSON equality with numbers compared as numbers (`1` = `1.0`).
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => (x.as_f64().unwrap() - y.as_f64().unwrap()).abs() < 1e-9,
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same(a, b)),
        (Value::Object(x), Value::Object(y)) => x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w))),
        _ => a == b,
    }
}

#[test]
fn evaluator_agrees_with_terraform_console() {
    let golden: Value =
        serde_json::from_str(&std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/testdata/eval/golden.json")).unwrap()).unwrap();
    let cases = golden["cases"].as_array().unwrap();
    let vars = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/testdata/eval/vars.tf")).unwrap();
    assert!(cases.len() > 60);
    let mut wrong = Vec::new();
    let mut unsupported = Vec::new();
    for c in cases {
        let expr = c["expr"].as_str().unwrap();
        let want = &c["json"];
        let got = jobcheck::eval::eval_expression_in(expr, &vars).unwrap();
        match got.to_json() {
            Some(j) if same(&j, want) => {}
            // A function jobcheck does not evaluate is unknown — never a wrong value.
            None if got.unknown_reason().is_some_and(|r| r.contains("does not evaluate")) => unsupported.push(expr),
            other => wrong.push(format!("{expr}: terraform {want}, jobcheck {other:?} ({:?})", got.unknown_reason())),
        }
    }
    assert!(wrong.is_empty(), "{} of {} differ:\n{}", wrong.len(), cases.len(), wrong.join("\n"));
    assert_eq!(unsupported, ["cidrsubnet(\"10.0.0.0/16\", 8, 1)"]);
}
