//! JC005 suppression-unused: a `# jobcheck:ignore` comment names an unknown rule or suppresses
//! nothing. Suppressions themselves are read and applied in `suppress.rs`.

use super::RuleMeta;
use crate::finding::Finding;
use crate::source::Span;

/// The JC005 finding for a suppression comment at `comment` naming `rules` and the `unknown`
/// names, `used` when it hid a finding, if it deserves one.
pub(crate) fn check(comment: Span, rules: &[&RuleMeta], unknown: &[String], used: bool) -> Option<Finding> {
    let m = &crate::catalog::JC005;
    if let Some(u) = unknown.first() {
        return Some(
            Finding::new(m, comment, format!("`jobcheck:ignore` names `{u}`, which is not a jobcheck rule"))
                .with_help("use a rule ID or name from `jobcheck rules`"),
        );
    }
    if rules.is_empty() {
        return Some(Finding::new(m, comment, "`jobcheck:ignore` names no rule").with_help("write `# jobcheck:ignore JC206 -- reason`"));
    }
    if !used {
        let ids: Vec<&str> = rules.iter().map(|r| r.id).collect();
        return Some(
            Finding::new(m, comment, format!("`jobcheck:ignore {}` suppresses nothing", ids.join(", "))).with_help("remove the comment"),
        );
    }
    None
}
