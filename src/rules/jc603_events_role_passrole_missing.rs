//! JC603 events-role-passrole-missing: to start the task, the events/scheduler role must be
//! allowed `iam:PassRole` on both the execution role and the task role (aws.md §7.4). Without
//! it the task never starts, and only CloudTrail says why.

use super::support::{note_unknown_policies, trigger_role_name, trigger_role_or_note};
use super::{Rule, RuleContext, RuleMeta};
use crate::model::{Job, Link, roles};
use crate::value::Tri;

pub(crate) struct EventsRolePassroleMissing;

impl Rule for EventsRolePassroleMissing {
    fn meta(&self) -> &'static RuleMeta {
        &crate::catalog::JC603
    }

    fn check_job(&self, job: &Job, cx: &mut RuleContext<'_>) {
        let m = cx.model;
        let Some(role) = trigger_role_or_note(cx, job) else { return };
        // One role used as both execution and task role is one missing permission: one finding.
        let mut passed: Vec<(usize, &str)> = Vec::new();
        for (link, what) in [(&job.exec_role, "execution role"), (&job.task_role, "task role")] {
            match (link, passed.iter_mut().find(|(r, _)| Some(*r) == link.found())) {
                (Link::Found(_), Some(seen)) => seen.1 = "execution and task role",
                (Link::Found(r), None) => passed.push((*r, what)),
                _ => {}
            }
        }
        let mut unknown = false;
        for (passed, what) in passed {
            let target = roles::role_target(m, passed);
            match roles::allows(m, role, "iam:PassRole", Some(&target)) {
                Tri::Yes => {}
                Tri::Unknown => unknown = true,
                Tri::No => {
                    let at = roles::granting_statement(m, role, "iam:PassRole").unwrap_or(m.res(role).header);
                    let name = roles::role_label(m, passed);
                    let misspelled = roles::nonexistent_action(m, role, "iam");
                    cx.report(at, format!("the {} cannot `iam:PassRole` the task's {what} `{name}`", trigger_role_name(job)))
                        .label(job.target_body(m).attr("role_arn").map(|a| a.span), "the target runs as this role")
                        .label(Some(m.res(role).header), format!("{} declared here", trigger_role_name(job)))
                        .label(Some(m.res(passed).header), format!("{what} declared here"))
                        .label(
                            misspelled.as_ref().map(|x| x.1),
                            format!("`{}` is not an IAM action", misspelled.as_ref().map_or("", |x| x.0.as_str())),
                        )
                        .help(format!("add the {what}'s ARN to the iam:PassRole statement"));
                }
            }
        }
        if unknown {
            note_unknown_policies(cx, role, trigger_role_name(job));
        }
    }
}
