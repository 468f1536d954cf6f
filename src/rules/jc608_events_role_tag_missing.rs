//! JC608 events-role-tag-missing: a target that tags its tasks (`tags`, `propagate_tags`,
//! `enable_ecs_managed_tags`) needs `ecs:TagResource`; since March 2024 RunTask fails without
//! it (aws.md §7.3, §7.4).

use super::support::{note_unknown_policies, trigger_role_name, trigger_role_or_note};
use super::{Rule, RuleContext, RuleMeta};
use crate::model::{Job, roles};
use crate::value::Tri;

pub(crate) struct EventsRoleTagMissing;

impl Rule for EventsRoleTagMissing {
    fn meta(&self) -> &'static RuleMeta {
        &crate::catalog::JC608
    }

    fn check_job(&self, job: &Job, cx: &mut RuleContext<'_>) {
        let m = cx.model;
        let tagging = ["tags", "propagate_tags", "enable_ecs_managed_tags"].into_iter().find_map(|k| {
            let a = job.ecs.body.attr(k)?;
            let off = a.val.is_null() || a.val.as_bool() == Some(false) || a.val.as_obj().is_some_and(indexmap::IndexMap::is_empty);
            (!off).then_some((k, a.span))
        });
        let Some((k, at)) = tagging else { return };
        let Some(role) = trigger_role_or_note(cx, job) else { return };
        let verdict = roles::allows(m, role, "ecs:TagResource", None);
        if verdict == Tri::Unknown {
            note_unknown_policies(cx, role, trigger_role_name(job));
        }
        if verdict == Tri::No {
            cx.report(at, format!("the target sets `{k}`, but the {} cannot `ecs:TagResource`", trigger_role_name(job)))
                .label(Some(m.res(role).header), format!("{} declared here", trigger_role_name(job)))
                .help("allow ecs:TagResource (condition ecs:CreateAction = RunTask) in the events role");
        }
    }
}
