//! JC406 log-group-retention: the job's log group keeps logs forever (aws.md §5.2). Advice.

use super::support::{awslogs, containers, task_def};
use super::{Rule, RuleContext, RuleMeta};
use crate::model::{Job, Link};

pub(crate) struct LogGroupRetention;

impl Rule for LogGroupRetention {
    fn meta(&self) -> &'static RuleMeta {
        &crate::catalog::JC406
    }

    fn check_job(&self, _job: &Job, cx: &mut RuleContext<'_>) {
        let m = cx.model;
        let Some(td) = task_def(cx) else { return };
        let Some(cs) = containers(cx) else { return };
        let mut seen = Vec::new();
        for c in cs {
            let Some(g) = awslogs(c).and_then(|l| l.get("options")).and_then(|o| o.get("awslogs-group")) else {
                continue;
            };
            let Link::Found(gi) = m.link_val(g, g.span.unwrap_or(td.header), "aws_cloudwatch_log_group", td) else {
                continue;
            };
            if seen.contains(&gi) {
                continue;
            }
            seen.push(gi);
            let lg = m.res(gi);
            if lg.body.attr("retention_in_days").is_none_or(|a| a.val.is_null()) {
                cx.report(lg.header, "the job's log group has no `retention_in_days`: logs are kept forever")
                    .help("set `retention_in_days`");
            }
        }
    }
}
