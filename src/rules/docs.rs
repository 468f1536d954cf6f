//! Each rule's documentation, `rules/<ID>.md` (built into the catalog), and the rule index,
//! from the catalog:
//! `rules/README.md` is [`readme`] (`tests/catalog.rs` fails when the file differs, and
//! rewrites it with `JOBCHECK_UPDATE_DOCS=1`), and `jobcheck rules`/`jobcheck explain` print
//! [`index`].

use std::fmt::Write as _;

use crate::catalog::CATALOG;

/// The doc of the rule with this ID or name.
pub fn doc(key: &str) -> Option<&'static str> {
    crate::catalog::lookup(key).map(|m| m.doc)
}

/// One line per rule: ID, name, severity and what it fires on.
pub fn index() -> String {
    let mut out = String::new();
    for m in CATALOG {
        let _ = writeln!(out, "{}  {:<32} {:<8} {}", m.id, m.name, m.severity.as_str(), m.summary);
    }
    out
}

/// The text of `rules/README.md`: a table of every rule, linking its doc.
pub fn readme() -> String {
    let mut out = String::from(
        "# jobcheck rules\n\n\
         <!-- Generated from src/catalog.rs; `JOBCHECK_UPDATE_DOCS=1 cargo test --test catalog` rewrites it. -->\n\n\
         `jobcheck explain ID` prints a rule's page; `jobcheck rules` prints this list.\n\n\
         | ID | name | severity | fires when |\n|---|---|---|---|\n",
    );
    for m in CATALOG {
        let summary = m.summary.replace('|', "\\|");
        let _ = writeln!(out, "| [{id}]({id}.md) | {} | {} | {summary} |", m.name, m.severity.as_str(), id = m.id);
    }
    out
}
