//! JC201 target-role-missing: EventBridge needs a role to call RunTask; Terraform's schema
//! leaves `role_arn` optional on an ECS target, AWS does not (aws.md §3.2).

use super::{Rule, RuleContext, RuleMeta};
use crate::model::Job;

pub(crate) struct TargetRoleMissing;

impl Rule for TargetRoleMissing {
    fn meta(&self) -> &'static RuleMeta {
        &crate::catalog::JC201
    }

    fn check_job(&self, job: &Job, cx: &mut RuleContext<'_>) {
        let m = cx.model;
        let role = job.target_body(m).attr("role_arn");
        // `""` is unset, as the AWS provider reads it.
        if role.is_some_and(|a| !(a.val.is_null() || a.val.as_str() == Some(""))) {
            return;
        }
        cx.report(job.target_header(m), "the ECS target has no `role_arn`: EventBridge cannot call RunTask")
            .label(Some(job.ecs.header), "ECS target declared here")
            .label(role.filter(|a| !a.val.is_null()).map(|a| a.val.span.unwrap_or(a.span)), "an empty string leaves it unset")
            .help("set `role_arn` to a role that trusts the scheduler and may run the task");
    }
}
