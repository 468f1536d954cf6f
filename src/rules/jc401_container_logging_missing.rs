//! JC401 container-logging-missing: an essential container without `logConfiguration` writes
//! its output nowhere (aws.md §5.1).

use super::support::{container_name, containers, essential, task_def};
use super::{Rule, RuleContext, RuleMeta};
use crate::model::Job;

pub(crate) struct ContainerLoggingMissing;

impl Rule for ContainerLoggingMissing {
    fn meta(&self) -> &'static RuleMeta {
        &crate::catalog::JC401
    }

    fn check_job(&self, _job: &Job, cx: &mut RuleContext<'_>) {
        let Some(td) = task_def(cx) else { return };
        let Some(cs) = containers(cx) else { return };
        let fallback = td.body.attr("container_definitions").map_or(td.header, |a| a.span);
        for c in cs {
            if c.as_obj().is_none() || !essential(c) || c.get("logConfiguration").is_some_and(|l| !l.is_null()) {
                continue;
            }
            cx.report(
                c.span.unwrap_or(fallback),
                format!("essential container `{}` has no `logConfiguration`: its output is lost", container_name(c)),
            )
            .help("add a `logConfiguration` with the awslogs driver");
        }
    }
}
