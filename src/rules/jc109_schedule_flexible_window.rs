//! JC109 schedule-flexible-window: a `FLEXIBLE` window needs `maximum_window_in_minutes` in
//! 1–1440 (aws.md §2.1.8).

use super::{Rule, RuleContext, RuleMeta};
use crate::model::{Job, TriggerKind};
use crate::value::Value;

pub(crate) struct ScheduleFlexibleWindow;

impl Rule for ScheduleFlexibleWindow {
    fn meta(&self) -> &'static RuleMeta {
        &crate::catalog::JC109
    }

    fn check_job(&self, job: &Job, cx: &mut RuleContext<'_>) {
        if job.kind != TriggerKind::Scheduler {
            return;
        }
        let Some(ftw) = cx.model.res(job.trigger).body.block("flexible_time_window") else {
            return;
        };
        if ftw.body.val("mode").and_then(Value::as_str) != Some("FLEXIBLE") {
            return;
        }
        let window = ftw.body.val("maximum_window_in_minutes");
        if window.is_some_and(|w| w.has_unknown() || w.as_f64().is_some_and(|n| (1.0..=1440.0).contains(&n))) {
            return;
        }
        cx.report(ftw.header, "a FLEXIBLE time window needs `maximum_window_in_minutes` between 1 and 1440")
            .help("set `maximum_window_in_minutes`, or use `mode = \"OFF\"`");
    }
}
