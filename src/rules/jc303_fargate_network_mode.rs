//! JC303 fargate-network-mode: Fargate only runs `awsvpc`; an unset mode means `bridge`
//! (aws.md §4.1).

use super::support::{is_fargate, origin, task_def};
use super::{Rule, RuleContext, RuleMeta};
use crate::model::Job;

pub(crate) struct FargateNetworkMode;

impl Rule for FargateNetworkMode {
    fn meta(&self) -> &'static RuleMeta {
        &crate::catalog::JC303
    }

    fn check_job(&self, job: &Job, cx: &mut RuleContext<'_>) {
        let Some(td) = task_def(cx) else { return };
        if !is_fargate(job, td) {
            return;
        }
        match td.body.attr("network_mode") {
            Some(a) => {
                let Some(mode) = a.val.as_str() else {
                    cx.unknown(&a.val, a.span, "network mode");
                    return;
                };
                if mode == "awsvpc" {
                    return;
                }
                let (at, used) = origin(a);
                cx.report(at, format!("`network_mode` is `{mode}`, but Fargate requires `awsvpc`"))
                    .label(used, "value used here")
                    .help("set `network_mode = \"awsvpc\"`");
            }
            None => {
                cx.report(td.header, "the Fargate task definition has no `network_mode`; the default `bridge` is rejected")
                    .help("set `network_mode = \"awsvpc\"`");
            }
        }
    }
}
