//! JC203 target-launch-mismatch: the launch type must be one of the task definition's
//! compatibilities, and cannot be set together with a capacity provider strategy (aws.md §3.3).

use super::support::{origin, task_def};
use super::{Rule, RuleContext, RuleMeta};
use crate::model::Job;

pub(crate) struct TargetLaunchMismatch;

impl Rule for TargetLaunchMismatch {
    fn meta(&self) -> &'static RuleMeta {
        &crate::catalog::JC203
    }

    fn check_job(&self, job: &Job, cx: &mut RuleContext<'_>) {
        let Some(lt) = job.ecs.body.attr("launch_type") else { return };
        let Some(launch) = lt.val.as_str() else {
            cx.unknown(&lt.val, lt.span, "launch type");
            return;
        };
        let (at, used) = origin(lt);
        if job.ecs.body.block("capacity_provider_strategy").is_some() {
            cx.report(at, "`launch_type` and `capacity_provider_strategy` cannot both be set")
                .label(used, "value used here")
                .help("remove `launch_type` when using a capacity provider strategy");
            return;
        }
        let Some(td) = task_def(cx) else { return };
        let Some(rc) = td.body.attr("requires_compatibilities") else {
            return;
        };
        let Some(list) = rc.val.as_list() else { return };
        if list.iter().any(|x| x.as_str().is_none()) || list.iter().any(|x| x.as_str() == Some(launch)) {
            return;
        }
        cx.report(at, format!("launch type `{launch}` is not in the task definition's `requires_compatibilities`"))
            .label(Some(rc.span), "compatibilities declared here")
            .label(used, "value used here")
            .help(format!("add \"{launch}\" to `requires_compatibilities` or change `launch_type`"));
    }
}
