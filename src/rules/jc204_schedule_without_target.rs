//! JC204 schedule-without-target: a scheduled rule with no target fires into nothing; a target
//! naming an undeclared rule never fires (aws.md §3.1). Not tied to a job: checked over the model.

use super::{Rule, RuleMeta, meta};
use crate::finding::Finding;
use crate::model::Model;
use crate::value::{V, Val};

pub struct ScheduleWithoutTarget;

impl Rule for ScheduleWithoutTarget {
    fn meta(&self) -> &'static RuleMeta {
        meta("JC204")
    }

    fn check_model(&self, m: &Model, out: &mut Vec<Finding>) {
        // A target whose rule we cannot name might be any rule's.
        let some_target_unknown = m.of_type("aws_cloudwatch_event_target").any(|(_, t)| t.body.val("rule").is_some_and(Val::has_unknown));
        for (ri, r) in m.of_type("aws_cloudwatch_event_rule") {
            if r.body.val("schedule_expression").is_none_or(Val::is_null) {
                continue;
            }
            let targeted = !m.targets_of(ri).is_empty() || some_target_unknown;
            if !targeted {
                out.push(
                    Finding::new(self.meta(), r.header, "the scheduled rule has no target: it fires and nothing runs")
                        .with_help("add an `aws_cloudwatch_event_target` for this rule"),
                );
            }
        }
        for (_, t) in m.of_type("aws_cloudwatch_event_target") {
            if t.body.block("ecs_target").is_none() {
                continue;
            }
            if let Some(a) = t.body.attr("rule")
                && let V::Ref(r) = &a.val.kind
                && m.find(r).is_none()
            {
                out.push(
                    Finding::new(self.meta(), a.span, format!("the target names rule `{}`, which is not declared", r.address()))
                        .with_help("point `rule` at an existing `aws_cloudwatch_event_rule`"),
                );
            }
        }
    }
}
