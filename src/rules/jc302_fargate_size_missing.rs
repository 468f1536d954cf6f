//! JC302 fargate-size-missing: Fargate requires task-level `cpu` and `memory` (aws.md §4.1).

use super::support::{is_fargate, task_def};
use super::{Rule, RuleContext, RuleMeta};
use crate::model::Job;

pub(crate) struct FargateSizeMissing;

impl Rule for FargateSizeMissing {
    fn meta(&self) -> &'static RuleMeta {
        &crate::catalog::JC302
    }

    fn check_job(&self, job: &Job, cx: &mut RuleContext<'_>) {
        let Some(td) = task_def(cx) else { return };
        if !is_fargate(job, td) {
            return;
        }
        let missing = match (td.body.attr("cpu").is_none(), td.body.attr("memory").is_none()) {
            (true, true) => "`cpu` and `memory`",
            (true, false) => "`cpu`",
            (false, true) => "`memory`",
            (false, false) => return,
        };
        cx.report(td.header, format!("the Fargate task definition has no task-level {missing}"))
            .help("set task-level `cpu` and `memory` to a valid Fargate pair");
    }
}
