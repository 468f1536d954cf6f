//! JC505 failure-alert-exit-code-type: `exitCode` is a JSON number in the event, and the
//! string `"1"` never equals the number `1` (aws.md §6.3, §6.4). A property of the alert rule,
//! whichever jobs it was meant for, so it is checked once per rule.

use super::{Rule, RuleContext, RuleMeta};
use crate::model::alerts::alert_rules;
use crate::model::pattern;
use crate::value::ValueKind;

pub(crate) struct FailureAlertExitCodeType;

impl Rule for FailureAlertExitCodeType {
    fn meta(&self) -> &'static RuleMeta {
        &crate::catalog::JC505
    }

    fn check_model(&self, cx: &mut RuleContext<'_>) {
        for r in &alert_rules(cx.model).rules {
            for v in pattern::exit_code_values(&r.pattern) {
                if v.items().iter().any(|x| matches!(x.kind, ValueKind::Str(_))) {
                    cx.report(
                        v.span.unwrap_or(r.pattern_span),
                        "`exitCode` is matched against strings, which never equal the numeric exit code",
                    )
                    .help("use numbers or `numeric`: `exitCode = [{ numeric = [\">\", 0] }]`");
                }
            }
        }
    }
}
