//! Each rule's documentation, from `rules/<ID>.md`, and the rule index, from the catalog:
//! `rules/README.md` is [`readme`] (`tests/catalog.rs` fails when the file differs, and
//! rewrites it with `JOBCHECK_UPDATE_DOCS=1`), and `jobcheck rules`/`jobcheck explain` print
//! [`index`].

use std::fmt::Write as _;

use crate::catalog::CATALOG;

pub fn doc(id: &str) -> Option<&'static str> {
    Some(match id {
        "JC001" => include_str!("../../rules/JC001.md"),
        "JC002" => include_str!("../../rules/JC002.md"),
        "JC003" => include_str!("../../rules/JC003.md"),
        "JC004" => include_str!("../../rules/JC004.md"),
        "JC005" => include_str!("../../rules/JC005.md"),
        "JC101" => include_str!("../../rules/JC101.md"),
        "JC102" => include_str!("../../rules/JC102.md"),
        "JC103" => include_str!("../../rules/JC103.md"),
        "JC104" => include_str!("../../rules/JC104.md"),
        "JC105" => include_str!("../../rules/JC105.md"),
        "JC106" => include_str!("../../rules/JC106.md"),
        "JC107" => include_str!("../../rules/JC107.md"),
        "JC108" => include_str!("../../rules/JC108.md"),
        "JC109" => include_str!("../../rules/JC109.md"),
        "JC201" => include_str!("../../rules/JC201.md"),
        "JC202" => include_str!("../../rules/JC202.md"),
        "JC203" => include_str!("../../rules/JC203.md"),
        "JC204" => include_str!("../../rules/JC204.md"),
        "JC205" => include_str!("../../rules/JC205.md"),
        "JC206" => include_str!("../../rules/JC206.md"),
        "JC207" => include_str!("../../rules/JC207.md"),
        "JC301" => include_str!("../../rules/JC301.md"),
        "JC302" => include_str!("../../rules/JC302.md"),
        "JC303" => include_str!("../../rules/JC303.md"),
        "JC304" => include_str!("../../rules/JC304.md"),
        "JC305" => include_str!("../../rules/JC305.md"),
        "JC306" => include_str!("../../rules/JC306.md"),
        "JC401" => include_str!("../../rules/JC401.md"),
        "JC402" => include_str!("../../rules/JC402.md"),
        "JC403" => include_str!("../../rules/JC403.md"),
        "JC404" => include_str!("../../rules/JC404.md"),
        "JC405" => include_str!("../../rules/JC405.md"),
        "JC406" => include_str!("../../rules/JC406.md"),
        "JC501" => include_str!("../../rules/JC501.md"),
        "JC502" => include_str!("../../rules/JC502.md"),
        "JC503" => include_str!("../../rules/JC503.md"),
        "JC504" => include_str!("../../rules/JC504.md"),
        "JC505" => include_str!("../../rules/JC505.md"),
        "JC506" => include_str!("../../rules/JC506.md"),
        "JC507" => include_str!("../../rules/JC507.md"),
        "JC601" => include_str!("../../rules/JC601.md"),
        "JC602" => include_str!("../../rules/JC602.md"),
        "JC603" => include_str!("../../rules/JC603.md"),
        "JC604" => include_str!("../../rules/JC604.md"),
        "JC605" => include_str!("../../rules/JC605.md"),
        "JC606" => include_str!("../../rules/JC606.md"),
        "JC607" => include_str!("../../rules/JC607.md"),
        "JC608" => include_str!("../../rules/JC608.md"),
        "JC609" => include_str!("../../rules/JC609.md"),
        "JC610" => include_str!("../../rules/JC610.md"),
        "JC611" => include_str!("../../rules/JC611.md"),
        _ => return None,
    })
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
