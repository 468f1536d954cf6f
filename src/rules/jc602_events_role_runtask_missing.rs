//! JC602 events-role-runtask-missing: the events/scheduler role must be allowed `ecs:RunTask`
//! on the job's task definition. Since 2024 a family-only resource no longer authorises
//! RunTask: it needs `:*` or a revision (aws.md §7.4).

use super::support::trigger_role_name;
use super::{Rule, RuleContext, RuleMeta, meta};
use crate::aws::iam::{Target, Tri};
use crate::eval::Val;
use crate::model::{Job, Link, roles};

pub struct EventsRoleRuntaskMissing;

impl Rule for EventsRoleRuntaskMissing {
    fn meta(&self) -> &'static RuleMeta {
        meta("JC602")
    }

    fn check_job(&self, job: &Job, cx: &mut RuleContext<'_>) {
        let m = cx.model;
        let role = match &job.trigger_role {
            Link::Found(r) => *r,
            Link::Unresolved { why, span } => {
                let (why, span) = (why.clone(), *span);
                cx.could_not_check(span, trigger_role_name(job), &why);
                return;
            }
            Link::Missing => return,
        };
        let Link::Found(td) = job.task_def else { return };
        let t = m.res(td);
        let target = Target::TaskDef { module: &t.module, name: &t.name, family: t.body.val("family").and_then(Val::as_str) };
        match roles::allows(m, role, "ecs:RunTask", Some(&target)) {
            Tri::Yes => {}
            Tri::Unknown => {
                cx.could_not_check(m.res(role).header, &format!("{} policies", trigger_role_name(job)), "some are known only after apply");
            }
            Tri::No => {
                let at = roles::granting_statement(m, role, "ecs:RunTask").unwrap_or(m.res(role).header);
                cx.report(
                    at,
                    format!("the {} cannot `ecs:RunTask` the job's task definition (needs `:*` or a revision)", trigger_role_name(job)),
                )
                .label(job.target_body(m).attr("role_arn").map(|a| a.span), "the target runs as this role")
                .label(Some(m.res(role).header), format!("{} declared here", trigger_role_name(job)))
                .help("allow ecs:RunTask on `\"${aws_ecs_task_definition.<name>.arn_without_revision}:*\"`")
                // `Resource = aws_ecs_task_definition.job.arn_without_revision` (the job's own
                // task definition, no revision) gains the `:*` it needs; applied only where the
                // statement's resource reads exactly that.
                .fix(
                    roles::granting_statement(m, role, "ecs:RunTask"),
                    format!("aws_ecs_task_definition.{}.arn_without_revision", t.name),
                    format!("\"${{aws_ecs_task_definition.{}.arn_without_revision}}:*\"", t.name),
                );
            }
        }
    }
}
