//! JC103 schedule-weekday-numbering: day-of-week written with numbers. AWS counts 1 = SUN
//! (aws.md §1.3.2), so a Unix `1-5` runs Sunday to Thursday. The message spells out both
//! readings, and `#`/`L` items in words (`7#5` is the 5th SAT).

use super::schedule_text;
use super::support::expression;
use super::{Rule, RuleContext, RuleMeta};
use crate::aws::schedule::{self, Schedule};
use crate::model::Job;

pub(crate) struct ScheduleWeekdayNumbering;

impl Rule for ScheduleWeekdayNumbering {
    fn meta(&self) -> &'static RuleMeta {
        &crate::catalog::JC103
    }

    fn check_job(&self, job: &Job, cx: &mut RuleContext<'_>) {
        let Some(expr) = expression(cx.model, job) else { return };
        let Ok(Schedule::Cron(c)) = &expr.parsed else { return };
        if schedule::day_fields_error(c).is_some() {
            return;
        }
        let Some((said, named)) = schedule_text::weekday(c) else { return };
        let dow = &c.fields[4];
        let f = cx.report(expr.span(said.start, said.end), said.message).label(expr.used, "expression used here");
        if let Some(h) = said.help {
            f.help(h);
        }
        if named != dow.text {
            f.fix(expr.attr.val.sub_span(dow.start, dow.end), dow.text.clone(), named);
        }
    }
}
