//! JC605 runtask-too-broad: `ecs:RunTask` on every task definition (`*`, `task-definition/*`)
//! lets a target run anything in the account (aws.md §7.3, §7.4).

use super::{Rule, RuleContext, RuleMeta, meta};
use crate::aws::iam;
use crate::model::{Job, Link, roles};

pub struct RuntaskTooBroad;

impl Rule for RuntaskTooBroad {
    fn meta(&self) -> &'static RuleMeta {
        meta("JC605")
    }

    fn check_job(&self, job: &Job, cx: &mut RuleContext<'_>) {
        let Link::Found(role) = job.trigger_role else { return };
        for p in roles::role_policies(cx.model, role).iter().flatten() {
            for s in p.statements.iter().filter(|s| s.allow && !s.not_action) {
                if !s.actions.iter().any(|a| a.as_str().is_some_and(|x| iam::glob(x, "ecs:RunTask"))) {
                    continue;
                }
                if let Some(r) = s.resources.iter().find(|r| iam::resource_text(r).is_some_and(|t| iam::any_task_def(&t))) {
                    let at = if p.managed.is_some() { p.span } else { r.span.unwrap_or(s.resource_span) };
                    cx.report(at, "`ecs:RunTask` on any task definition").help("use the job's family: `<arn_without_revision>:*`");
                }
            }
        }
    }
}
