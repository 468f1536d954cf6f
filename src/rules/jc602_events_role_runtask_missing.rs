//! JC602 events-role-runtask-missing: the events/scheduler role must be allowed `ecs:RunTask`
//! on the job's task definition. Since 2024 a family-only resource no longer authorises
//! RunTask: it needs `:*` or a revision (aws.md §7.4).

use super::support::{note_unknown_policies, trigger_role_name, trigger_role_or_note};
use super::{Rule, RuleContext, RuleMeta};
use crate::aws::iam::Target;
use crate::model::{Job, Link, roles};
use crate::value::{Tri, Value};

pub(crate) struct EventsRoleRuntaskMissing;

impl Rule for EventsRoleRuntaskMissing {
    fn meta(&self) -> &'static RuleMeta {
        &crate::catalog::JC602
    }

    fn check_job(&self, job: &Job, cx: &mut RuleContext<'_>) {
        let m = cx.model;
        let Some(role) = trigger_role_or_note(cx, job) else { return };
        let Link::Found(td) = job.task_def else { return };
        let t = m.res(td);
        let family_val = t.body.val("family");
        let target = Target::TaskDef { module: &t.module, name: &t.name, family: family_val.and_then(Value::as_str), family_val };
        match roles::allows(m, role, "ecs:RunTask", Some(&target)) {
            Tri::Yes => {}
            Tri::Unknown => {
                // Either a policy cannot be read, or a pattern (`nightly-*`) meets a family
                // known only after apply: the note points at what is unknown.
                if !note_unknown_policies(cx, role, trigger_role_name(job))
                    && let Some(f) = t.body.attr("family")
                {
                    cx.not_known(&f.val, f.span, "task definition family");
                }
            }
            Tri::No => {
                let at = roles::granting_statement(m, role, "ecs:RunTask").unwrap_or(m.res(role).header);
                let misspelled = roles::nonexistent_action(m, role, "ecs");
                cx.report(
                    at,
                    format!("the {} cannot `ecs:RunTask` the job's task definition (needs `:*` or a revision)", trigger_role_name(job)),
                )
                .label(job.target_body(m).attr("role_arn").map(|a| a.span), "the target runs as this role")
                .label(Some(m.res(role).header), format!("{} declared here", trigger_role_name(job)))
                .label(
                    misspelled.as_ref().map(|x| x.1),
                    format!("`{}` is not an IAM action", misspelled.as_ref().map_or("", |x| x.0.as_str())),
                )
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
