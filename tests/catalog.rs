//! The registry, the docs, the index and the fixtures agree, and match the public catalog.

#![allow(clippy::unwrap_used, clippy::panic, reason = "a test fails loudly on unexpected data")]

use std::path::Path;

use jobcheck::catalog::LOAD_TIME;
use jobcheck::rules::CATALOG;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn ids_are_unique_and_ordered() {
    let ids: Vec<&str> = CATALOG.iter().map(|m| m.id).collect();
    let mut sorted = ids.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(ids, sorted);
    assert_eq!(ids.len(), 51);
}

/// Every rule is either checked over the job model (`rules::ALL`, one entry each, in catalog
/// order) or raised while loading, evaluating or filtering (`catalog::LOAD_TIME`), never both.
#[test]
fn the_registry_is_the_catalog_without_the_load_time_rules() {
    let registry: Vec<&str> = jobcheck::rules::ALL.iter().map(|r| r.meta().id).collect();
    let load_time: Vec<&str> = LOAD_TIME.iter().map(|m| m.id).collect();
    let want: Vec<&str> = CATALOG.iter().map(|m| m.id).filter(|id| !load_time.contains(id)).collect();
    assert_eq!(registry, want);
    assert_eq!(load_time, ["JC001", "JC002", "JC003", "JC005"]);
    for r in jobcheck::rules::ALL {
        assert!(CATALOG.iter().any(|m| std::ptr::eq(*m, r.meta())), "{} is not the catalog's entry", r.meta().id);
    }
}

#[test]
fn every_rule_has_a_doc_and_fixtures() {
    for m in CATALOG {
        let doc = std::fs::read_to_string(root().join(format!("rules/{}.md", m.id))).unwrap_or_else(|_| panic!("no rules/{}.md", m.id));
        assert!(doc.starts_with(&format!("# {} {}", m.id, m.name)), "{} doc title", m.id);
        for section in ["## Why", "## Bad", "## Good", "## How to fix", "## When jobcheck cannot tell"] {
            assert!(doc.contains(section), "{} doc lacks {section}", m.id);
        }
        let placeholders = unrendered_placeholders(&doc);
        assert!(placeholders.is_empty(), "{} doc shows un-rendered placeholders {placeholders:?}", m.id);
        assert_eq!(jobcheck::rules::docs::doc(m.id), Some(doc.as_str()), "{} doc is not built in", m.id);
        let fx = root().join("testdata/rules").join(m.id);
        let has_fail = std::fs::read_dir(&fx).is_ok_and(|d| d.flatten().any(|e| e.file_name().to_string_lossy().starts_with("fail_")));
        assert!(has_fail || m.id == "JC002", "{} has no fail_ fixture", m.id);
    }
}

/// `{name}` words left over from a message template: text a user would see verbatim.
fn unrendered_placeholders(text: &str) -> Vec<&str> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let word = after.find(|c: char| !(c.is_ascii_lowercase() || c == '_')).map_or(after, |end| &after[..end]);
        if !word.is_empty() && after[word.len()..].starts_with('}') {
            found.push(&rest[open..open + word.len() + 2]);
        }
        rest = after;
    }
    found
}

#[test]
fn placeholder_check_finds_templates_only() {
    assert_eq!(unrendered_placeholders("Write day names: `{named}`, add the {what}'s ARN"), ["{named}", "{what}"]);
    assert!(unrendered_placeholders("name = \"/ecs/${var.name}\"\nPrincipal = { Service = x }\n{\"a\": 1} {} {Name}").is_empty());
}

/// Rule docs are read by users (`jobcheck explain`, the repository), who do not have the team's
/// `shared/spec` files: a doc links the AWS documentation instead.
#[test]
fn docs_do_not_point_at_the_team_spec() {
    let mut offending = Vec::new();
    let mut read = 0;
    for entry in std::fs::read_dir(root().join("rules")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "md") {
            read += 1;
            if std::fs::read_to_string(&path).unwrap().contains("shared/spec") {
                offending.push(path.file_name().unwrap().to_string_lossy().into_owned());
            }
        }
    }
    assert!(read > CATALOG.len(), "only {read} docs under rules/");
    offending.sort();
    assert!(offending.is_empty(), "rules/ docs mention `shared/spec`, which users do not have: {offending:?}");
}

/// `rules/README.md` is generated from the catalog; `JOBCHECK_UPDATE_DOCS=1` rewrites it.
#[test]
fn rules_readme_is_generated_from_the_catalog() {
    let path = root().join("rules/README.md");
    let want = jobcheck::rules::docs::readme();
    if std::env::var_os("JOBCHECK_UPDATE_DOCS").is_some() {
        std::fs::write(&path, &want).unwrap();
    }
    let have = std::fs::read_to_string(&path).unwrap();
    assert!(have == want, "rules/README.md differs from the catalog; run `JOBCHECK_UPDATE_DOCS=1 cargo test --test catalog`");
    let placeholders = unrendered_placeholders(&want);
    assert!(placeholders.is_empty(), "catalog summaries show {placeholders:?}");
}

/// IDs, names and severities match `shared/spec/rules.md` (present beside the repository in
/// development and CI).
#[test]
fn catalog_matches_the_public_contract() {
    let spec = root().join("../shared/spec/rules.md");
    let Ok(text) = std::fs::read_to_string(&spec) else {
        // A developer's checkout may lack it; CI always has it, so there a skip would hide a
        // contract that is no longer compared.
        assert!(std::env::var_os("CI").is_none(), "{} not found in CI", spec.display());
        eprintln!("{} not found; contract not compared", spec.display());
        return;
    };
    let rows: Vec<(String, String, String)> = text
        .lines()
        .filter_map(|l| {
            let cells: Vec<&str> = l.split('|').map(str::trim).collect();
            (cells.len() > 4 && cells[1].starts_with("JC") && cells[1].len() == 5 && matches!(cells[3], "error" | "warning" | "note"))
                .then(|| (cells[1].to_string(), cells[2].to_string(), cells[3].to_string()))
        })
        .collect();
    let ours: Vec<(String, String, String)> =
        CATALOG.iter().map(|m| (m.id.to_string(), m.name.to_string(), m.severity.as_str().to_string())).collect();
    assert_eq!(ours, rows);
}

/// The Bad and Good examples of every doc are real: each is the text of the fixture it names
/// (in the fixture's tree as `tests/fixtures.rs` checks it: an overlay of a reference job is
/// materialized first), and that fixture's findings are checked by `tests/fixtures.rs` (Bad
/// fixtures report the rule, the reference jobs report nothing).
#[test]
fn doc_examples_are_the_fixtures() {
    let strip = |t: &str| -> String {
        t.lines()
            .filter(|l| !l.trim_start().starts_with("# expect"))
            .map(|l| l.find(" # expect").map_or(l, |i| &l[..i]))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let mut checked = 0;
    for m in CATALOG {
        let doc = std::fs::read_to_string(root().join(format!("rules/{}.md", m.id))).unwrap();
        let mut lines = doc.lines().peekable();
        let mut section = "";
        while let Some(line) = lines.next() {
            if let Some(title) = line.strip_prefix("## ") {
                section = title;
            }
            let Some(path) = line.split('`').nth(1).filter(|_| line.starts_with("From ")) else { continue };
            // A Bad example shows a case that reports the rule, a Good one a case that passes.
            match section {
                "Bad" => assert!(path.starts_with(&format!("testdata/rules/{}/fail_", m.id)), "{}: Bad example from {path}", m.id),
                "Good" => {
                    assert!(
                        path.contains("/pass_") || path.starts_with("testdata/rules/_reference/"),
                        "{}: Good example from {path}",
                        m.id
                    );
                }
                _ => panic!("{}: example from {path} outside Bad/Good", m.id),
            }
            assert_eq!(lines.next(), Some(""), "{}: blank line after {line}", m.id);
            assert_eq!(lines.next(), Some("```hcl"), "{}: code block after {line}", m.id);
            let mut block = Vec::new();
            for l in lines.by_ref() {
                if l == "```" {
                    break;
                }
                block.push(l);
            }
            // The file named is one in the repository (a reader opens it), not only in the
            // materialized tree of an overlay fixture.
            assert!(root().join(path).is_file(), "{}: {path} is not a file of the repository", m.id);
            let fixture = strip(&fixture_file(path).unwrap_or_else(|e| panic!("{}: no {path}: {e}", m.id)));
            let example = block.join("\n");
            assert!(fixture.contains(&example), "{}: the example is not in {path}:\n{example}", m.id);
            checked += 1;
        }
    }
    assert!(checked >= 50, "only {checked} examples");
}

/// A file of a fixture (an overlay's part, or a reference job's), as the repository holds it.
fn fixture_file(path: &str) -> Result<String, String> {
    std::fs::read_to_string(root().join(path)).map_err(|e| e.to_string())
}
