//! JC609 execution-role-permissions: the execution role must pull the private ECR image and
//! write awslogs (`logs:CreateLogStream`, `logs:PutLogEvents`) (aws.md §7.2).

use super::support::{awslogs, containers, note_unknown_policies};
use super::{Rule, RuleContext, RuleMeta};
use crate::model::{Job, Link, roles};
use crate::value::{Tri, Value};

pub(crate) struct ExecutionRolePermissions;

impl Rule for ExecutionRolePermissions {
    fn meta(&self) -> &'static RuleMeta {
        &crate::catalog::JC609
    }

    fn check_job(&self, job: &Job, cx: &mut RuleContext<'_>) {
        let m = cx.model;
        let Link::Found(er) = job.exec_role else { return };
        let Some(cs) = containers(cx) else { return };
        let ecr = cs.iter().any(|c| c.get("image").and_then(Value::as_str).is_some_and(|i| i.contains(".dkr.ecr.")));
        let logs = cs.iter().any(|c| awslogs(c).is_some());
        let can = |a: &str, b: &str| roles::allows(m, er, a, None).and(roles::allows(m, er, b, None));
        let pull = if ecr { can("ecr:BatchGetImage", "ecr:GetAuthorizationToken") } else { Tri::Yes };
        let log = if logs { can("logs:CreateLogStream", "logs:PutLogEvents") } else { Tri::Yes };
        let missing = if pull == Tri::No {
            "pull the ECR image (ecr:GetAuthorizationToken, ecr:BatchGetImage)"
        } else if log == Tri::No {
            "write awslogs (logs:CreateLogStream, logs:PutLogEvents)"
        } else {
            // An unreadable policy (an AWS managed policy newer than jobcheck's data) says so.
            if pull == Tri::Unknown || log == Tri::Unknown {
                note_unknown_policies(cx, er, "execution role");
            }
            return;
        };
        cx.report(m.res(er).header, format!("the execution role cannot {missing}"))
            .help("attach AmazonECSTaskExecutionRolePolicy or grant the actions");
    }
}
