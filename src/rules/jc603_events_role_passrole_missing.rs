//! JC603 events-role-passrole-missing: to start the task, the events/scheduler role must be
//! allowed `iam:PassRole` on both the execution role and the task role (aws.md §7.4). Without
//! it the task never starts, and only CloudTrail says why.

use super::support::trigger_role_name;
use super::{Rule, RuleContext, RuleMeta, meta};
use crate::aws::iam::Tri;
use crate::model::{Job, Link, roles};

pub struct EventsRolePassroleMissing;

impl Rule for EventsRolePassroleMissing {
    fn meta(&self) -> &'static RuleMeta {
        meta("JC603")
    }

    fn check_job(&self, job: &Job, cx: &mut RuleContext<'_>) {
        let m = cx.model;
        let Link::Found(role) = job.trigger_role else { return };
        for (link, what) in [(&job.exec_role, "execution role"), (&job.task_role, "task role")] {
            let Link::Found(passed) = link else { continue };
            let target = roles::role_target(m, *passed);
            match roles::allows(m, role, "iam:PassRole", Some(&target)) {
                Tri::Yes => {}
                Tri::Unknown => cx.could_not_check(
                    m.res(role).header,
                    &format!("{} policies", trigger_role_name(job)),
                    "some are known only after apply",
                ),
                Tri::No => {
                    let at = roles::granting_statement(m, role, "iam:PassRole").unwrap_or(m.res(role).header);
                    let name = roles::role_label(m, *passed);
                    cx.report(at, format!("the {} cannot `iam:PassRole` the task's {what} `{name}`", trigger_role_name(job)))
                        .label(job.target_body(m).attr("role_arn").map(|a| a.span), "the target runs as this role")
                        .label(Some(m.res(role).header), format!("{} declared here", trigger_role_name(job)))
                        .label(Some(m.res(*passed).header), format!("{what} declared here"))
                        .help(format!("add the {what}'s ARN to the iam:PassRole statement"));
                }
            }
        }
    }
}
