//! JC104 schedule-rate-unit: an event rule's `rate()` needs a singular unit with 1 and a
//! plural one otherwise (aws.md §1.2). Scheduler accepts both (§2.1.1), so it is not checked.

use super::schedule_text;
use super::support::expression;
use super::{Rule, RuleContext, RuleMeta};
use crate::model::Job;

pub(crate) struct ScheduleRateUnit;

impl Rule for ScheduleRateUnit {
    fn meta(&self) -> &'static RuleMeta {
        &crate::catalog::JC104
    }

    fn check_job(&self, job: &Job, cx: &mut RuleContext<'_>) {
        let Some(expr) = expression(cx.model, job) else { return };
        let Ok(sched) = &expr.parsed else { return };
        let Some((said, fixed)) = schedule_text::rate_unit(&expr.text, sched, expr.scheduler) else { return };
        let unit = &expr.text[said.start..said.end];
        let f = cx.report(expr.span(said.start, said.end), said.message).label(expr.used, "expression used here");
        if let Some(h) = said.help {
            f.help(h);
        }
        f.fix(expr.attr.val.sub_span(said.start, said.end), unit, fixed);
    }
}
