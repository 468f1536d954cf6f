//! JC402 log-driver-unsupported: Fargate supports only `awslogs`, `awsfirelens` and `splunk`
//! (aws.md §5.1).

use super::support::{containers, is_fargate, task_def};
use super::{Rule, RuleContext, RuleMeta};
use crate::model::Job;

pub(crate) struct LogDriverUnsupported;

impl Rule for LogDriverUnsupported {
    fn meta(&self) -> &'static RuleMeta {
        &crate::catalog::JC402
    }

    fn check_job(&self, job: &Job, cx: &mut RuleContext<'_>) {
        let Some(td) = task_def(cx) else { return };
        if !is_fargate(job, td) {
            return;
        }
        let Some(cs) = containers(cx) else { return };
        for c in cs {
            let Some(d) = c.get("logConfiguration").and_then(|l| l.get("logDriver")) else {
                continue;
            };
            let Some(driver) = d.as_str() else {
                cx.unknown(d, td.header, "log driver");
                continue;
            };
            if matches!(driver, "awslogs" | "awsfirelens" | "splunk") {
                continue;
            }
            let at = d.span.or(c.span).unwrap_or(td.header);
            cx.report(at, format!("log driver `{driver}` is not supported on Fargate")).help("use awslogs, awsfirelens or splunk");
        }
    }
}
