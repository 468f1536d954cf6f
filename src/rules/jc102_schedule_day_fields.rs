//! JC102 schedule-day-fields: exactly one of day-of-month and day-of-week must be `?`
//! (aws.md §1.3, hard limit 1). A Unix habit (`* * MON-FRI`) that AWS rejects.

use super::schedule_text;
use super::support::expression;
use super::{Rule, RuleContext, RuleMeta};
use crate::aws::schedule::Schedule;
use crate::model::Job;

pub(crate) struct ScheduleDayFields;

impl Rule for ScheduleDayFields {
    fn meta(&self) -> &'static RuleMeta {
        &crate::catalog::JC102
    }

    fn check_job(&self, job: &Job, cx: &mut RuleContext<'_>) {
        let Some(expr) = expression(cx.model, job) else { return };
        let Ok(Schedule::Cron(c)) = &expr.parsed else { return };
        let Some(said) = schedule_text::day_fields(c) else { return };
        let f = cx.report(expr.span(said.start, said.end), said.message).label(expr.used, "expression used here");
        if let Some(h) = said.help {
            f.help(h);
        }
        // Unix habit: `*` in one day field and a restriction (or `*`) in the other means "the
        // other one"; `?` says so in AWS. Both restricted (Unix ORs them) or both `?` has no
        // single meaning, so nothing is offered.
        let (dom, dow) = (&c.fields[2], &c.fields[4]);
        let question = if dom.text == "*" && dow.text != "?" && dow.text != "*" {
            Some(dom)
        } else if dow.text == "*" && dom.text != "?" {
            Some(dow)
        } else {
            None
        };
        if let Some(field) = question {
            f.fix(expr.attr.val.sub_span(field.start, field.end), field.text.clone(), "?");
        }
    }
}
