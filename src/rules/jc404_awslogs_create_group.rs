//! JC404 awslogs-create-group: the only accepted value is the string `"true"`, and then the
//! execution role needs `logs:CreateLogGroup`, which AmazonECSTaskExecutionRolePolicy lacks
//! (aws.md §5.2, §7.2).

use super::support::{awslogs, containers, note_unknown_policies, task_def};
use super::{Rule, RuleContext, RuleMeta};
use crate::model::{Job, Link, roles};
use crate::value::{Tri, ValueKind};

pub(crate) struct AwslogsCreateGroup;

impl Rule for AwslogsCreateGroup {
    fn meta(&self) -> &'static RuleMeta {
        &crate::catalog::JC404
    }

    fn check_job(&self, job: &Job, cx: &mut RuleContext<'_>) {
        let m = cx.model;
        let Some(td) = task_def(cx) else { return };
        let Some(cs) = containers(cx) else { return };
        for c in cs {
            let Some(cg) = awslogs(c).and_then(|l| l.get("options")).and_then(|o| o.get("awslogs-create-group")) else {
                continue;
            };
            let at = cg.span.unwrap_or(td.header);
            if cx.unknown(cg, at, "`awslogs-create-group`") {
                continue;
            }
            if cg.as_str() != Some("true") {
                let f = cx
                    .report(at, "`awslogs-create-group` must be the string \"true\" or be omitted")
                    .help("set it to \"true\" or remove it");
                // The boolean `true` written as a literal becomes the string.
                if matches!(cg.kind, ValueKind::Bool(true)) {
                    f.fix(cg.span, "true", "\"true\"");
                }
                continue;
            }
            let Link::Found(er) = job.exec_role else { continue };
            let verdict = roles::allows(m, er, "logs:CreateLogGroup", None);
            if verdict == Tri::Unknown {
                note_unknown_policies(cx, er, "execution role");
            }
            if verdict == Tri::No {
                cx.report(at, "`awslogs-create-group` is \"true\" but the execution role cannot `logs:CreateLogGroup`")
                    .label(Some(m.res(er).header), "execution role declared here")
                    .help("allow logs:CreateLogGroup in the execution role, or create the log group in Terraform");
            }
        }
    }
}
