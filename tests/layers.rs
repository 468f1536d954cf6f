//! The top-level modules of `src/` form layers: a module may use the ones below it, never one
//! above it, so each layer can be read and changed knowing only what is beneath it.
//! CONTRIBUTING.md ("Layers") explains the order; this test enforces it by reading every
//! `crate::…` and `super::…` path in `src/`.

#![allow(clippy::panic, reason = "a test fails loudly on unexpected data")]

use std::collections::BTreeMap;
use std::path::Path;

/// Bottom to top. `lib` is the crate root (`src/lib.rs`, and any `crate::Item` it defines or
/// re-exports); `cli` sits on top of it.
const LAYERS: &[&str] = &[
    "threads", "source", "catalog", "finding", "value", "aws", "load", "eval", "model", "rules", "suppress", "config", "report",
    "baseline", "fix", "lib", "cli",
];

/// One use of a module above the user: (file, line, user, used).
type Violation = (String, usize, &'static str, String);

fn rank(module: &str) -> Option<usize> {
    LAYERS.iter().position(|m| *m == module)
}

/// The top-level modules a file's code names, with the line of each path. Comments are
/// skipped (a doc link is not a dependency). `super::` chains that climb out of the file's
/// top-level module count as the crate root; inline modules (`mod tests {`) are assumed to
/// run to the end of the file, as they do here.
fn uses(text: &str, depth: usize) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut inline = 0;
    for (i, line) in text.lines().enumerate() {
        let code = line.trim_start();
        if code.starts_with("//") {
            continue;
        }
        let code = code.split(" // ").next().unwrap_or(code);
        if code.trim_start_matches("pub ").starts_with("mod ") && code.trim_end().ends_with('{') {
            inline += 1;
        }
        for (at, _) in code.match_indices("crate::") {
            if code[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_' || c == '$') {
                continue;
            }
            for first in first_segments(&code[at + "crate::".len()..]) {
                out.push((i + 1, first));
            }
        }
        for (at, _) in code.match_indices("super::") {
            let before = &code[..at];
            if before.ends_with(|c: char| c.is_alphanumeric() || c == '_') || before.ends_with("super::") {
                continue;
            }
            let mut rest = &code[at..];
            let mut n = 0;
            while let Some(r) = rest.strip_prefix("super::") {
                n += 1;
                rest = r;
            }
            if n >= depth + inline {
                let climbed = n - (depth + inline);
                if climbed == 0 {
                    out.extend(first_segments(rest).into_iter().map(|f| (i + 1, f)));
                } else {
                    out.push((i + 1, "lib".to_string()));
                }
            }
        }
    }
    out
}

/// The first segment of each path after `crate::`: `model` in `model::Job`, `report` and
/// `finding` in `{report::Report, finding::Finding}`; a name that is no module is an item of
/// the crate root (`lib`).
fn first_segments(rest: &str) -> Vec<String> {
    let ident = |s: &str| -> String { s.trim_start().chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect() };
    let mut names = Vec::new();
    if let Some(group) = rest.strip_prefix('{') {
        let mut depth = 0;
        let mut item_start = Some(0);
        for (i, c) in group.char_indices() {
            if let Some(at) = item_start.take() {
                names.push(ident(&group[at..]));
            }
            match c {
                '{' => depth += 1,
                '}' if depth == 0 => break,
                '}' => depth -= 1,
                ',' if depth == 0 => item_start = Some(i + 1),
                _ => {}
            }
        }
    } else {
        names.push(ident(rest));
    }
    names
        .into_iter()
        .filter(|n| !n.is_empty() && n != "self")
        .map(|n| if rank(&n).is_some() && n != "lib" { n } else { "lib".to_string() })
        .collect()
}

/// Every use in `files` ((path under `src/`, text)) of a layer above the using file's.
fn violations(files: &[(String, String)]) -> (Vec<Violation>, Vec<String>) {
    let mut bad = Vec::new();
    let mut unplaced = Vec::new();
    for (path, text) in files {
        let parts: Vec<&str> = path.split('/').collect();
        let top = parts[0].trim_end_matches(".rs");
        if top == "main" {
            continue;
        }
        let Some(own) = rank(top) else {
            unplaced.push(path.clone());
            continue;
        };
        let user = LAYERS[own];
        // Module depth of the file: `x.rs`, `x/mod.rs` → 1; `x/a.rs`, `x/a/mod.rs` → 2.
        let depth = if top == "lib" { 0 } else { parts.len() - usize::from(parts.last() == Some(&"mod.rs")) };
        for (line, used) in uses(text, depth) {
            if rank(&used).is_some_and(|r| r > own) {
                bad.push((path.clone(), line, user, used));
            }
        }
    }
    (bad, unplaced)
}

fn read_tree(dir: &Path, prefix: &str, out: &mut Vec<(String, String)>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())).flatten().collect();
    entries.sort_by_key(std::fs::DirEntry::file_name);
    for e in entries {
        let name = e.file_name().to_string_lossy().into_owned();
        let rel = if prefix.is_empty() { name.clone() } else { format!("{prefix}/{name}") };
        if e.path().is_dir() {
            read_tree(&e.path(), &rel, out);
        } else if e.path().extension().is_some_and(|x| x == "rs") {
            let text = std::fs::read_to_string(e.path()).unwrap_or_else(|err| panic!("{rel}: {err}"));
            out.push((rel, text));
        }
    }
}

#[test]
fn no_module_uses_one_above_it() {
    let mut files = Vec::new();
    read_tree(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), "", &mut files);
    assert!(files.len() > 50, "src/ was not read: {} files", files.len());
    let (bad, unplaced) = violations(&files);
    assert!(unplaced.is_empty(), "top-level modules missing from LAYERS in tests/layers.rs and CONTRIBUTING.md: {unplaced:?}");
    let mut by_edge: BTreeMap<(&str, &str), Vec<String>> = BTreeMap::new();
    for (file, line, user, used) in &bad {
        by_edge.entry((user, used)).or_default().push(format!("src/{file}:{line}"));
    }
    let report: Vec<String> = by_edge.iter().map(|((u, d), at)| format!("{u} → {d} (above it): {}", at.join(", "))).collect();
    assert!(bad.is_empty(), "layer order {LAYERS:?} broken:\n{}", report.join("\n"));
}

#[test]
fn every_layer_exists() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    for m in LAYERS {
        assert!(src.join(format!("{m}.rs")).is_file() || src.join(m).join("mod.rs").is_file(), "LAYERS names `{m}`, which is not in src/");
    }
}

/// The checker itself finds what it must: a use of a higher layer in each spelling.
#[test]
fn upward_uses_are_found() {
    let f = |p: &str, t: &str| (p.to_string(), t.to_string());
    let files = [
        f("value.rs", "use crate::eval::Val;\n"),
        f("aws/iam.rs", "use crate::{source::Span, model::Job};\n"),
        f("finding.rs", "fn f(m: &crate::rules::RuleMeta) {}\n"),
        f("report/json.rs", "use crate::Report;\n"),
        f("model/mod.rs", "use super::report::Format;\n"),
        f("model/roles.rs", "use super::super::rules;\n"),
        // Allowed: downward, inside the module, test modules, comments.
        f("rules/mod.rs", "use crate::model::Job;\nuse crate::{finding::Finding, catalog::meta};\n// crate::report::x\n"),
        f("rules/support.rs", "use super::RuleContext;\n#[cfg(test)]\nmod tests {\n    use super::*;\n}\n"),
        f("config.rs", "#[cfg(test)]\nmod tests {\n    use super::*;\n}\n"),
        f("lib.rs", "use crate::report::Report;\npub use report::Format;\n"),
        f("cli.rs", "use crate::{Options, Severity};\n"),
    ];
    let (bad, unplaced) = violations(&files);
    let got: Vec<(String, &str, String)> = bad.into_iter().map(|(p, _, u, d)| (p, u, d)).collect();
    let want = |p: &str, u: &'static str, d: &str| (p.to_string(), u, d.to_string());
    assert_eq!(
        got,
        vec![
            want("value.rs", "value", "eval"),
            want("aws/iam.rs", "aws", "model"),
            want("finding.rs", "finding", "rules"),
            want("report/json.rs", "report", "lib"),
            want("model/mod.rs", "model", "report"),
            want("model/roles.rs", "model", "rules"),
        ]
    );
    assert!(unplaced.is_empty());
}
