//! JC204 schedule-without-target: a scheduled rule with no target fires into nothing; a target
//! naming an undeclared rule never fires (aws.md §3.1). Not tied to a job: checked over the model.

use super::{Rule, RuleContext, RuleMeta};
use crate::value::{Value, ValueKind};

pub(crate) struct ScheduleWithoutTarget;

impl Rule for ScheduleWithoutTarget {
    fn meta(&self) -> &'static RuleMeta {
        &crate::catalog::JC204
    }

    fn check_model(&self, cx: &mut RuleContext<'_>) {
        let m = cx.model;
        // A target whose rule we cannot name might be any rule's.
        let some_target_unknown = m.of_type("aws_cloudwatch_event_target").any(|(_, t)| t.body.val("rule").is_some_and(Value::has_unknown));
        for (ri, r) in m.of_type("aws_cloudwatch_event_rule") {
            if r.body.val("schedule_expression").is_none_or(Value::is_null) {
                continue;
            }
            let targeted = !m.targets_of(ri).is_empty() || some_target_unknown;
            if !targeted {
                cx.report(r.header, "the scheduled rule has no target: it fires and nothing runs")
                    .help("add an `aws_cloudwatch_event_target` for this rule");
            }
        }
        for (_, t) in m.of_type("aws_cloudwatch_event_target") {
            if t.body.block("ecs_target").is_none() {
                continue;
            }
            if let Some(a) = t.body.attr("rule")
                && let ValueKind::Ref(r) = &a.val.kind
                && m.find(r).is_none()
            {
                cx.report(a.span, format!("the target names rule `{}`, which is not declared", r.address()))
                    .help("point `rule` at an existing `aws_cloudwatch_event_rule`");
            }
        }
    }
}
