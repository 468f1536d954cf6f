//! JC005 suppression-unused: a `# jobcheck:ignore` comment names an unknown rule or suppresses
//! nothing. Suppressions themselves are read and applied in `config.rs`.

use super::meta;
use crate::config::Suppression;
use crate::finding::Finding;

/// The JC005 finding for a suppression, if it deserves one.
pub fn check(s: &Suppression) -> Option<Finding> {
    let m = meta("JC005");
    if let Some(u) = s.unknown.first() {
        return Some(
            Finding::new(m, s.comment, format!("`jobcheck:ignore` names `{u}`, which is not a jobcheck rule"))
                .with_help("use a rule ID or name from `jobcheck rules`"),
        );
    }
    if s.rules.is_empty() {
        return Some(Finding::new(m, s.comment, "`jobcheck:ignore` names no rule").with_help("write `# jobcheck:ignore JC206 -- reason`"));
    }
    if !s.used {
        let ids: Vec<&str> = s.rules.iter().map(|r| r.id).collect();
        return Some(
            Finding::new(m, s.comment, format!("`jobcheck:ignore {}` suppresses nothing", ids.join(", "))).with_help("remove the comment"),
        );
    }
    None
}
