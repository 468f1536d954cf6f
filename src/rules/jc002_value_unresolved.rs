//! JC002 value-unresolved: a value a rule needs is unknown (a variable without a value, a data
//! source, a module outside the tree, an unsupported function). The rule stays silent and this
//! note says which rules could not be checked and why. Rules raise it through
//! [`super::RuleContext::could_not_check`]; notes about the same value are merged.

use super::RuleMeta;
use crate::finding::{Finding, Unchecked};
use crate::source::Span;
use crate::value::{Reason, UnknownKind};

/// The note for `rule`, which could not check `what` because of `why`.
pub(crate) fn note(rule: &'static RuleMeta, span: Span, what: &str, why: &Reason, job: &str) -> Finding {
    let mut f = Finding::new(&crate::catalog::JC002, span, message(&[rule.id], what));
    f.help = Some(help(why).into());
    f.jobs.push(job.to_string());
    f.unchecked = Some(Box::new(Unchecked { rules: vec![rule.id], subject: what.to_string() }));
    f
}

/// What the user reads under the note: why the value is unknown, and for a variable without a
/// value, how to give it one.
fn help(why: &Reason) -> String {
    match why.kind {
        UnknownKind::NoValue => format!("{why}; give it a value (--var, --var-file) to check it"),
        _ => why.to_string(),
    }
}

fn message(ids: &[&str], what: &str) -> String {
    format!("{what} unknown: {} not checked", ids.join(", "))
}

/// Merges notes about the same unknown value at the same place into one, listing every rule.
pub(crate) fn merge(findings: &mut Vec<Finding>) {
    // (span, subject) of each JC002 kept → its index: linear, not quadratic, and in place (a
    // scan's findings are not copied).
    let mut at: std::collections::HashMap<(Span, Option<String>), usize> = std::collections::HashMap::new();
    let mut kept = 0;
    for i in 0..findings.len() {
        if findings[i].rule == crate::catalog::JC002.id {
            let key = (findings[i].span, findings[i].unchecked.as_ref().map(|u| u.subject.clone()));
            if let Some(&k) = at.get(&key) {
                let unchecked = findings[i].unchecked.take();
                let jobs = std::mem::take(&mut findings[i].jobs);
                let prev = &mut findings[k];
                let merged = prev.unchecked.get_or_insert_with(|| Box::new(Unchecked { rules: Vec::new(), subject: "a value".into() }));
                for id in unchecked.map(|u| u.rules).unwrap_or_default() {
                    if !merged.rules.contains(&id) {
                        merged.rules.push(id);
                    }
                }
                merged.rules.sort_unstable();
                prev.message = message(&merged.rules, &merged.subject).into();
                for j in jobs {
                    if !prev.jobs.contains(&j) {
                        prev.jobs.push(j);
                    }
                }
                continue;
            }
            at.insert(key, kept);
        }
        findings.swap(kept, i);
        kept += 1;
    }
    findings.truncate(kept);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{JC301, JC305};
    use crate::source::FileId;

    #[test]
    fn says_which_rules_and_why() {
        let no_value = Reason::new(UnknownKind::NoValue, "variable `cpu` has no value");
        let f = note(&JC301, Span::new(FileId(0), 0..1), "task size", &no_value, "aws_cloudwatch_event_rule.r");
        assert_eq!(f.rule, "JC002");
        assert_eq!(f.message, "task size unknown: JC301 not checked");
        assert_eq!(f.help.as_deref(), Some("variable `cpu` has no value; give it a value (--var, --var-file) to check it"));
        let g = note(&JC305, Span::new(FileId(0), 0..1), "task size", &no_value, "aws_cloudwatch_event_rule.r");
        let mut all = vec![g, f];
        merge(&mut all);
        assert_eq!(all.len(), 1);
        assert_eq!(all[0].message, "task size unknown: JC301, JC305 not checked");
    }

    #[test]
    fn the_help_follows_the_kind_not_the_text() {
        let at = Span::new(FileId(0), 0..1);
        // A name with "variable" in it is not a variable without a value.
        let why = Reason::new(UnknownKind::NotDeclared, "no local value `variable_cpu`");
        assert_eq!(note(&JC301, at, "task size", &why, "j").help.as_deref(), Some("no local value `variable_cpu`"));
        let why = Reason::new(UnknownKind::NoValue, "`count` is unknown: input `n` is not set");
        assert_eq!(
            note(&JC301, at, "task size", &why, "j").help.as_deref(),
            Some("`count` is unknown: input `n` is not set; give it a value (--var, --var-file) to check it")
        );
    }
}
