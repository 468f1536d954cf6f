//! JC205 target-retry-invalid: retry settings the API rejects — event age below 60 s, more than
//! 185 attempts — or a `task_count` below 1 (aws.md §3.2, §2.2).

use super::support::origin;
use super::{Rule, RuleContext, RuleMeta};
use crate::eval::AttrValue;
use crate::model::Job;

pub(crate) struct TargetRetryInvalid;

fn report(cx: &mut RuleContext<'_>, a: &AttrValue, message: &'static str, help: &'static str) {
    let (at, used) = origin(a);
    cx.report(at, message).label(used, "value used here").help(help);
}

impl Rule for TargetRetryInvalid {
    fn meta(&self) -> &'static RuleMeta {
        &crate::catalog::JC205
    }

    fn check_job(&self, job: &Job, cx: &mut RuleContext<'_>) {
        if let Some(rp) = job.target_body(cx.model).block("retry_policy") {
            if let Some(a) = rp.body.attr("maximum_event_age_in_seconds")
                && a.val.as_f64().is_some_and(|n| n < 60.0)
            {
                report(cx, a, "`maximum_event_age_in_seconds` below 60 is rejected by the API (60–86400)", "use at least 60");
            }
            if let Some(a) = rp.body.attr("maximum_retry_attempts")
                && a.val.as_f64().is_some_and(|n| !(0.0..=185.0).contains(&n))
            {
                report(cx, a, "`maximum_retry_attempts` must be 0–185", "use a value from 0 to 185");
            }
        }
        if let Some(a) = job.ecs.body.attr("task_count")
            && a.val.as_f64().is_some_and(|n| n < 1.0)
        {
            report(cx, a, "`task_count` below 1 starts no task", "set `task_count` to at least 1");
        }
    }
}
