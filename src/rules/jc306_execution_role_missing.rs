//! JC306 execution-role-missing: awslogs, a private ECR image or `secrets` need the execution
//! role (aws.md §4.1, §5.2); without it the task fails to start.

use super::support::{awslogs, containers, task_def};
use super::{Rule, RuleContext, RuleMeta};
use crate::model::Job;
use crate::value::Value;

pub(crate) struct ExecutionRoleMissing;

impl Rule for ExecutionRoleMissing {
    fn meta(&self) -> &'static RuleMeta {
        &crate::catalog::JC306
    }

    fn check_job(&self, _job: &Job, cx: &mut RuleContext<'_>) {
        let Some(td) = task_def(cx) else { return };
        let role = td.body.attr("execution_role_arn");
        // `""` is unset, as the AWS provider reads it.
        if role.is_some_and(|a| !(a.val.is_null() || a.val.as_str() == Some(""))) {
            return;
        }
        let Some(cs) = containers(cx) else { return };
        let needs = cs.iter().find_map(|c| {
            if awslogs(c).is_some() {
                Some("awslogs")
            } else if c.get("image").and_then(Value::as_str).is_some_and(|i| i.contains(".dkr.ecr.")) {
                Some("a private ECR image")
            } else if c.get("secrets").and_then(Value::as_list).is_some_and(|l| !l.is_empty()) {
                Some("secrets")
            } else {
                None
            }
        });
        if let Some(what) = needs {
            cx.report(td.header, format!("a container uses {what}, but the task has no `execution_role_arn`"))
                .label(role.filter(|a| !a.val.is_null()).map(|a| a.val.span.unwrap_or(a.span)), "an empty string leaves it unset")
                .help("set `execution_role_arn` to a role with AmazonECSTaskExecutionRolePolicy");
        }
    }
}
