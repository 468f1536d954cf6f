//! JC105 schedule-never-fires: a valid expression with no fire time after `--now` — 30 FEB, a
//! year range in the past, `at()` in the past, or a Scheduler `end_date` that has passed
//! (aws.md §1.3, §2.1). The search is bounded by the year field's 2199 limit.

use chrono::{DateTime, Utc};

use super::schedule_text;
use super::support::expression;
use super::{Rule, RuleContext, RuleMeta};
use crate::aws::schedule::{self, Schedule};
use crate::model::Job;
use crate::value::Value;

pub(crate) struct ScheduleNeverFires;

fn date(v: Option<&Value>) -> Option<DateTime<Utc>> {
    v.and_then(Value::as_str).and_then(|s| DateTime::parse_from_rfc3339(s).ok()).map(|t| t.with_timezone(&Utc))
}

impl Rule for ScheduleNeverFires {
    fn meta(&self) -> &'static RuleMeta {
        &crate::catalog::JC105
    }

    fn check_job(&self, job: &Job, cx: &mut RuleContext<'_>) {
        let Some(expr) = expression(cx.model, job) else { return };
        let Ok(sched) = &expr.parsed else { return };
        if let Schedule::Cron(c) = sched
            && schedule::day_fields_error(c).is_some()
        {
            return;
        }
        let trig = cx.model.res(job.trigger);
        let tz =
            trig.body.val("schedule_expression_timezone").and_then(Value::as_str).and_then(|z| z.parse().ok()).unwrap_or(chrono_tz::UTC);
        let now = cx.now();
        let (start, end) = if expr.scheduler { (date(trig.body.val("start_date")), date(trig.body.val("end_date"))) } else { (None, None) };
        let from = start.filter(|s| *s > now).unwrap_or(now);
        let Some(said) = schedule_text::never_fires(&expr.text, sched, now, from, tz, end) else { return };
        let f = cx.report(expr.whole, said.message).label(expr.used, "expression used here");
        if let Some(h) = said.help {
            f.help(h);
        }
    }
}
