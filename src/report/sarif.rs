//! SARIF 2.1.0, one run, for GitHub code scanning.

use std::io::Write;

use serde_json::{Value, json};

use super::Report;
use super::json::Node;
use crate::catalog::CATALOG;
use crate::catalog::Severity;
use crate::finding::Finding;

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    }
}

/// The summary up to its first clause, as a one-line description.
fn short(summary: &str) -> String {
    let first = summary.split(['(', ';']).next().unwrap_or(summary).trim();
    let mut c = first.chars();
    c.next().map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
}

fn location(r: &Report, span: crate::source::Span, message: Option<&str>) -> Value {
    let p = r.sources.position(span);
    let uri = super::escape::uri_path(&format!("{}{}", r.root_prefix, p.file));
    let mut loc = json!({"physicalLocation": {"artifactLocation": {"uri": uri}, "region": {"startLine": p.line, "startColumn": p.column, "endLine": p.end_line, "endColumn": p.end_column.max(if p.end_line == p.line { p.column + 1 } else { 1 })}}});
    if let Some(m) = message {
        loc["message"] = json!({"text": m});
    }
    loc
}

/// The finding's fix as a SARIF `fix`: one replacement of the region it rewrites, offered only
/// while the file still reads what the rule saw.
fn fix(r: &Report, f: &Finding) -> Option<Value> {
    let e = super::offered(r, f)?;
    let p = r.sources.position(e.span);
    Some(json!({
        "description": {"text": format!("replace `{}` with `{}`", e.expect, e.replacement)},
        "artifactChanges": [{
            "artifactLocation": {"uri": format!("{}{}", r.root_prefix, p.file)},
            "replacements": [{
                "deletedRegion": {"startLine": p.line, "startColumn": p.column, "endLine": p.end_line, "endColumn": p.end_column},
                "insertedContent": {"text": e.replacement},
            }],
        }],
    }))
}

/// A hash of the rule and the primary line's trimmed text: survives unrelated edits.
fn fingerprint(r: &Report, f: &Finding) -> String {
    let text = r.sources.get(f.span.file).map_or("", |s| {
        let (line, _) = s.line_col(f.span.start as usize);
        let a = s.line_start(line - 1);
        let b = s.line_start(line).min(s.text.len());
        s.text.get(a..b).unwrap_or("").trim()
    });
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in f.rule.bytes().chain(text.bytes()) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

pub fn write(r: &Report, shown: &[&Finding], out: &mut dyn Write) -> std::io::Result<()> {
    let rules: Vec<Value> = CATALOG
        .iter()
        .map(|m| {
            let mut d = json!({
                "id": m.id, "name": m.name,
                "shortDescription": {"text": short(m.summary)},
                "fullDescription": {"text": m.summary},
                "help": {"text": m.summary, "markdown": crate::rules::docs::doc(m.id).unwrap_or(m.summary)},
                "helpUri": format!("https://github.com/jobcheck/jobcheck/blob/v{}/rules/{}.md", env!("CARGO_PKG_VERSION"), m.id),
                "defaultConfiguration": {"level": level(m.severity)},
                "properties": {"tags": ["terraform", "ecs", "scheduled-jobs"]},
            });
            if m.id.starts_with("JC6") {
                d["properties"]["security-severity"] = json!(if m.severity == Severity::Error { "8.0" } else { "5.0" });
                d["properties"]["tags"] = json!(["terraform", "ecs", "scheduled-jobs", "security"]);
            }
            d
        })
        .collect();
    // Configuration errors are also tool notifications; they come before the results.
    let notes: Vec<Value> = shown
        .iter()
        .filter(|f| f.rule == crate::catalog::JC001.id)
        .map(|f| json!({"level": "error", "message": {"text": f.message}, "locations": [location(r, f.span, None)], "descriptor": {"id": f.rule}}))
        .collect();
    // GitHub's form `hash:N`: the N-th result with the same line hash, so that two findings on
    // equal lines stay two alerts.
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let results = shown.iter().map(move |f| {
        let idx = CATALOG.iter().position(|m| m.id == f.rule).unwrap_or(0);
        let related: Vec<Value> = f
            .labels
            .iter()
            .enumerate()
            .map(|(i, l)| {
                let mut v = location(r, l.span, Some(&l.message));
                v["id"] = json!(i + 1);
                v
            })
            .collect();
        let hash = fingerprint(r, f);
        let n = seen.entry(hash.clone()).or_insert(0);
        *n += 1;
        // The finding's own help, after the message: code scanning shows the rule's help only.
        let text = match &f.help {
            Some(h) => format!("{}\nHelp: {h}", f.message),
            None => f.message.to_string(),
        };
        let mut res = json!({
            "ruleId": f.rule, "ruleIndex": idx, "level": level(f.severity),
            "message": {"text": text},
            "locations": [location(r, f.span, None)],
            "partialFingerprints": {"primaryLocationLineHash": format!("{hash}:{n}")},
        });
        if !related.is_empty() {
            res["relatedLocations"] = json!(related);
        }
        if let Some(fix) = fix(r, f) {
            res["fixes"] = json!([fix]);
        }
        res
    });
    // Results are written as they are made (see `Node`): never the whole log in memory.
    let run = Node::Map(vec![
        (
            "tool",
            json!({"driver": {"name": "jobcheck", "version": env!("CARGO_PKG_VERSION"), "informationUri": "https://github.com/jobcheck/jobcheck", "rules": rules}})
                .into(),
        ),
        ("invocations", json!([{"executionSuccessful": true, "toolExecutionNotifications": notes}]).into()),
        ("results", Node::stream(results)),
    ]);
    let doc = Node::Map(vec![
        ("$schema", json!("https://json.schemastore.org/sarif-2.1.0.json").into()),
        ("version", json!("2.1.0").into()),
        ("runs", Node::Seq(vec![run])),
    ]);
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}
