//! JC605 runtask-too-broad: `ecs:RunTask` on every task definition (`*`, `task-definition/*`)
//! lets a target run anything in the account (aws.md §7.3, §7.4).

use super::support::{note_unknown_policies, trigger_role_name, trigger_role_or_note};
use super::{Rule, RuleContext, RuleMeta};
use crate::aws::iam;
use crate::model::{Job, roles};

pub(crate) struct RuntaskTooBroad;

impl Rule for RuntaskTooBroad {
    fn meta(&self) -> &'static RuleMeta {
        &crate::catalog::JC605
    }

    fn check_job(&self, job: &Job, cx: &mut RuleContext<'_>) {
        let Some(role) = trigger_role_or_note(cx, job) else { return };
        let mut found = false;
        for p in roles::role_policies(cx.model, role).iter().flatten() {
            for s in p.statements.iter().filter(|s| s.allow) {
                // `NotAction` grants what it does not name (an unknown element may name it).
                let named = s.actions.iter().any(|a| a.as_str().is_none_or(|x| iam::glob(x, "ecs:RunTask")));
                let grants =
                    if s.not_action { !named } else { s.actions.iter().any(|a| a.as_str().is_some_and(|x| iam::glob(x, "ecs:RunTask"))) };
                if !grants {
                    continue;
                }
                if let Some(r) = s.resources.iter().find(|r| iam::resource_text(r).is_some_and(|t| iam::any_task_def(&t))) {
                    let at = if p.managed.is_some() { p.span } else { r.span.unwrap_or(s.resource_span) };
                    found = true;
                    cx.report(at, "`ecs:RunTask` on any task definition").help("use the job's family: `<arn_without_revision>:*`");
                }
            }
        }
        if !found {
            note_unknown_policies(cx, role, trigger_role_name(job));
        }
    }
}
