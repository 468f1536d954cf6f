//! JC106 schedule-disabled: the rule or schedule is switched off (`state = "DISABLED"`, the
//! deprecated `is_enabled = false`), so the job never runs (aws.md §3.1, §2.2).

use super::support::origin;
use super::{Rule, RuleContext, RuleMeta};
use crate::model::Job;

pub(crate) struct ScheduleDisabled;

impl Rule for ScheduleDisabled {
    fn meta(&self) -> &'static RuleMeta {
        &crate::catalog::JC106
    }

    fn check_job(&self, job: &Job, cx: &mut RuleContext<'_>) {
        let body = &cx.model.res(job.trigger).body;
        if let Some(a) = body.attr("state")
            && a.val.as_str() == Some("DISABLED")
        {
            let (at, used) = origin(a);
            cx.report(at, "the schedule is disabled: `state = \"DISABLED\"`")
                .label(used, "value used here")
                .help("remove `state` or set it to \"ENABLED\" when the job should run");
        }
        if let Some(a) = body.attr("is_enabled")
            && a.val.as_bool() == Some(false)
        {
            let (at, used) = origin(a);
            cx.report(at, "the rule is disabled: `is_enabled = false`")
                .label(used, "value used here")
                .help("remove `is_enabled` (deprecated), or use `state = \"ENABLED\"`");
        }
    }
}
