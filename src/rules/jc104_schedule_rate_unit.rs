//! JC104 schedule-rate-unit: an event rule's `rate()` needs a singular unit with 1 and a
//! plural one otherwise (aws.md §1.2). Scheduler accepts both (§2.1.1), so it is not checked.

use super::support::expression;
use super::{Rule, RuleContext, RuleMeta};
use crate::aws::schedule::Schedule;
use crate::model::Job;

pub struct ScheduleRateUnit;

impl Rule for ScheduleRateUnit {
    fn meta(&self) -> &'static RuleMeta {
        &crate::catalog::JC104
    }

    fn check_job(&self, job: &Job, cx: &mut RuleContext<'_>) {
        let Some(expr) = expression(cx.model, job) else { return };
        let Ok(Schedule::Rate { value, plural, unit_start, unit_end, .. }) = &expr.parsed else {
            return;
        };
        if expr.scheduler || (*value == 1) != *plural {
            return;
        }
        let unit = &expr.text[*unit_start..*unit_end];
        let fixed = if *plural { unit.trim_end_matches('s').to_string() } else { format!("{unit}s") };
        cx.report(
            expr.span(*unit_start, *unit_end),
            format!("`rate({value} {unit})` is rejected by EventBridge: use `{fixed}` with {value}"),
        )
        .label(expr.used, "expression used here")
        .help(format!("write `rate({value} {fixed})`"))
        .fix(expr.attr.val.sub_span(*unit_start, *unit_end), unit, fixed);
    }
}
