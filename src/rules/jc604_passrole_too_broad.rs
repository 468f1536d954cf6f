//! JC604 passrole-too-broad: `iam:PassRole` on every role (`*`, `role/*`) — including through
//! `AmazonEC2ContainerServiceEventsRole` — lets whoever controls a target run a task as the
//! most powerful role that trusts ECS (aws.md §7.3). A name prefix that pins the job's roles is
//! accepted.

use super::support::{note_unknown_policies, trigger_role_name, trigger_role_or_note};
use super::{Rule, RuleContext, RuleMeta};
use crate::aws::iam;
use crate::model::{Job, roles};

pub(crate) struct PassroleTooBroad;

impl Rule for PassroleTooBroad {
    fn meta(&self) -> &'static RuleMeta {
        &crate::catalog::JC604
    }

    fn check_job(&self, job: &Job, cx: &mut RuleContext<'_>) {
        let Some(role) = trigger_role_or_note(cx, job) else { return };
        let mut found = false;
        for p in roles::role_policies(cx.model, role).iter().flatten() {
            for s in p.statements.iter().filter(|s| s.allow) {
                // `NotAction` grants what it does not name (an unknown element may name it).
                let named = s.actions.iter().any(|a| a.as_str().is_none_or(|x| iam::glob(x, "iam:PassRole")));
                let grants =
                    if s.not_action { !named } else { s.actions.iter().any(|a| a.as_str().is_some_and(|x| iam::glob(x, "iam:PassRole"))) };
                if !grants {
                    continue;
                }
                if let Some(r) = s.resources.iter().find(|r| iam::resource_text(r).is_some_and(|t| iam::any_role(&t))) {
                    let at = if p.managed.is_some() { p.span } else { r.span.unwrap_or(s.resource_span) };
                    found = true;
                    cx.report(at, format!("`iam:PassRole` on any role: the {} can pass every role in the account", trigger_role_name(job)))
                        .help("list the job's execution and task role ARNs");
                }
            }
        }
        if !found {
            note_unknown_policies(cx, role, trigger_role_name(job));
        }
    }
}
