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
        for section in ["## Why", "## How to fix", "## When jobcheck cannot tell"] {
            assert!(doc.contains(section), "{} doc lacks {section}", m.id);
        }
        assert!(index.contains(&format!("| [{}]({}.md) | {} | {} |", m.id, m.id, m.name, m.severity.as_str())), "{} index row", m.id);
        assert_eq!(jobcheck::rules::docs::doc(m.id), Some(doc.as_str()), "{} doc is not built in", m.id);
        let fx = root().join("testdata/rules").join(m.id);
        let has_fail =
            std::fs::read_dir(&fx).map(|d| d.flatten().any(|e| e.file_name().to_string_lossy().starts_with("fail_"))).unwrap_or(false);
        assert!(has_fail || m.id == "JC002", "{} has no fail_ fixture", m.id);
    }
}

/// IDs, names and severities match `shared/spec/rules.md` (present beside the repository in
/// development and CI).
#[test]
fn catalog_matches_the_public_contract() {
    let spec = root().join("../shared/spec/rules.md");
    let Ok(text) = std::fs::read_to_string(&spec) else {
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
