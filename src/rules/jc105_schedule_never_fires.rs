//! JC105 schedule-never-fires: a valid expression with no fire time after `--now` — 30 FEB, a
//! year range in the past, `at()` in the past, or a Scheduler `end_date` that has passed
//! (aws.md §1.3, §2.1). The search is bounded by the year field's 2199 limit.

use chrono::{DateTime, Utc};

use super::support::expression;
use super::{Rule, RuleContext, RuleMeta};
use crate::aws::schedule::{self, Schedule};
use crate::model::Job;
use crate::value::Val;

pub struct ScheduleNeverFires;

fn date(v: Option<&Val>) -> Option<DateTime<Utc>> {
    v.and_then(Val::as_str).and_then(|s| DateTime::parse_from_rfc3339(s).ok()).map(|t| t.with_timezone(&Utc))
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
        let tz = trig.body.val("schedule_expression_timezone").and_then(Val::as_str).and_then(|z| z.parse().ok()).unwrap_or(chrono_tz::UTC);
        let now = cx.now();
        let (start, end) = if expr.scheduler { (date(trig.body.val("start_date")), date(trig.body.val("end_date"))) } else { (None, None) };
        let from = start.filter(|s| *s > now).unwrap_or(now);
        if !schedule::next_times(sched, from, tz, 1, end).is_empty() {
            return;
        }
        let why = match (sched, end) {
            (_, Some(e)) if e <= now => format!("its `end_date` {} is in the past", e.format("%Y-%m-%dT%H:%M:%SZ")),
            (Schedule::At(t), _) => format!("`at({})` is in the past", t.format("%Y-%m-%dT%H:%M:%S")),
            _ => format!("no date matches it after {}", now.format("%Y-%m-%d %H:%M UTC")),
        };
        cx.report(expr.whole, format!("`{}` never fires: {why}", expr.text))
            .label(expr.used, "expression used here")
            .help("fix the day, month or year fields so that a date matches");
    }
}
