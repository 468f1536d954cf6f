//! The registry, the docs, the index and the fixtures agree, and match the public catalog.

#![allow(clippy::unwrap_used, clippy::panic, reason = "a test fails loudly on unexpected data")]

use std::path::Path;

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

#[test]
fn every_rule_has_a_doc_an_index_row_and_fixtures() {
    let index = std::fs::read_to_string(root().join("rules/README.md")).unwrap();
    for m in CATALOG {
        let doc = std::fs::read_to_string(root().join(format!("rules/{}.md", m.id))).unwrap_or_else(|_| panic!("no rules/{}.md", m.id));
        assert!(doc.starts_with(&format!("# {} {}", m.id, m.name)), "{} doc title", m.id);
        for section in ["## Why", "## Bad", "## Good", "## How to fix", "## When jobcheck cannot tell"] {
            assert!(doc.contains(section), "{} doc lacks {section}", m.id);
        }
        assert!(index.contains(&format!("| [{}]({}.md) | {} | {} |", m.id, m.id, m.name, m.severity.as_str())), "{} index row", m.id);
        assert_eq!(jobcheck::rules::docs::doc(m.id), Some(doc.as_str()), "{} doc is not built in", m.id);
        let fx = root().join("testdata/rules").join(m.id);
        let has_fail = std::fs::read_dir(&fx).is_ok_and(|d| d.flatten().any(|e| e.file_name().to_string_lossy().starts_with("fail_")));
        assert!(has_fail || m.id == "JC002", "{} has no fail_ fixture", m.id);
    }
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

/// The Bad and Good examples of every doc are real: each is the text of the fixture it names,
/// and that fixture's findings are checked by `tests/fixtures.rs` (Bad fixtures report the rule,
/// the reference jobs report nothing).
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
        while let Some(line) = lines.next() {
            let Some(path) = line.split('`').nth(1).filter(|_| line.starts_with("From `")) else { continue };
            assert_eq!(lines.next(), Some(""), "{}: blank line after {line}", m.id);
            assert_eq!(lines.next(), Some("```hcl"), "{}: code block after {line}", m.id);
            let mut block = Vec::new();
            for l in lines.by_ref() {
                if l == "```" {
                    break;
                }
                block.push(l);
            }
            let fixture = strip(&std::fs::read_to_string(root().join(path)).unwrap_or_else(|_| panic!("{}: no {path}", m.id)));
            let example = block.join("\n");
            assert!(fixture.contains(&example), "{}: the example is not in {path}:\n{example}", m.id);
            checked += 1;
        }
    }
    assert!(checked >= 50, "only {checked} examples");
}
