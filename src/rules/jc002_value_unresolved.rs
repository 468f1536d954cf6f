//! JC002 value-unresolved: a value a rule needs is unknown (a variable without a value, a data
//! source, a module outside the tree, an unsupported function). The rule stays silent and this
//! note says which rule could not be checked and why. Rules raise it through
//! [`super::RuleContext::could_not_check`].

use super::{RuleMeta, meta};
use crate::finding::Finding;
use crate::source::Span;

/// The note for `rule`, which could not check `what` because of `why`.
pub fn note(rule: &RuleMeta, span: Span, what: &str, why: &str, job: &str) -> Finding {
    let mut f = Finding::new(
        meta("JC002"),
        span,
        format!("could not check {} ({}): {what} is unknown", rule.id, rule.name),
    );
    f.help = Some(format!("{why}; give it a value (--var, --var-file) to check it"));
    f.jobs.push(job.to_string());
    f
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::FileId;

    #[test]
    fn says_which_rule_and_why() {
        let f = note(
            meta("JC301"),
            Span::new(FileId(0), 0..1),
            "the task size",
            "variable `cpu` has no value",
            "aws_cloudwatch_event_rule.r",
        );
        assert_eq!(f.rule, "JC002");
        assert_eq!(f.message, "could not check JC301 (fargate-size-invalid): the task size is unknown");
        assert_eq!(
            f.help.as_deref(),
            Some("variable `cpu` has no value; give it a value (--var, --var-file) to check it")
        );
    }
}
