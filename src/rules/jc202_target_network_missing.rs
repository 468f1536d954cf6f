//! JC202 target-network-missing: an awsvpc/Fargate task cannot start without subnets
//! (aws.md §3.2, §3.3).

use super::support::{is_fargate, task_def};
use super::{Rule, RuleContext, RuleMeta};
use crate::model::Job;
use crate::value::Value;

pub(crate) struct TargetNetworkMissing;

impl Rule for TargetNetworkMissing {
    fn meta(&self) -> &'static RuleMeta {
        &crate::catalog::JC202
    }

    fn check_job(&self, job: &Job, cx: &mut RuleContext<'_>) {
        let td = task_def(cx);
        let awsvpc = td.and_then(|t| t.body.val("network_mode")).and_then(Value::as_str) == Some("awsvpc");
        let fargate = td.is_some_and(|t| is_fargate(job, t)) || job.ecs.body.val("launch_type").and_then(Value::as_str) == Some("FARGATE");
        if !(fargate || awsvpc) {
            return;
        }
        match job.ecs.body.block("network_configuration") {
            None => {
                let mode = td.and_then(|t| t.body.attr("network_mode")).map(|a| a.span);
                cx.report(job.ecs.header, "the Fargate/awsvpc task has no `network_configuration`; RunTask will fail")
                    .label(mode, "the task uses awsvpc networking")
                    .help("add a `network_configuration` block with `subnets`");
            }
            Some(nc) => {
                if nc.body.val("subnets").is_none_or(|s| s.as_list().is_some_and(<[Value]>::is_empty) || s.is_null()) {
                    cx.report(job.ecs.header, "the target's `network_configuration` has no subnets")
                        .label(Some(nc.header), "network configuration here")
                        .help("set `subnets`");
                }
            }
        }
    }
}
