//! JC405 log-group-undeclared: `awslogs-group` names no `aws_cloudwatch_log_group` and the
//! group is not created on start, so the task fails if nobody made it (aws.md §5.2).

use super::support::{awslogs, containers, task_def};
use super::{Rule, RuleContext, RuleMeta};
use crate::model::{Job, Link};
use crate::value::Value;

pub(crate) struct LogGroupUndeclared;

impl Rule for LogGroupUndeclared {
    fn meta(&self) -> &'static RuleMeta {
        &crate::catalog::JC405
    }

    fn check_job(&self, _job: &Job, cx: &mut RuleContext<'_>) {
        let m = cx.model;
        let Some(td) = task_def(cx) else { return };
        let Some(cs) = containers(cx) else { return };
        for c in cs {
            let Some(opts) = awslogs(c).and_then(|l| l.get("options")) else {
                continue;
            };
            let Some(g) = opts.get("awslogs-group") else { continue };
            if opts.get("awslogs-create-group").and_then(Value::as_str) == Some("true") {
                continue;
            }
            let at = g.span.unwrap_or(td.header);
            match m.link_val(g, at, "aws_cloudwatch_log_group", td) {
                Link::Found(_) | Link::Missing => {}
                Link::Unresolved { why, span } if g.has_unknown() => cx.could_not_check(span, "log group", &why),
                Link::Unresolved { .. } => {
                    let shown = g.as_str().unwrap_or("this log group");
                    // The log groups of the same module, in case the name is a typo.
                    let nearby: Vec<(String, crate::source::Span)> = m
                        .of_type("aws_cloudwatch_log_group")
                        .filter(|(_, lg)| lg.module == td.module)
                        .filter_map(|(_, lg)| lg.body.val("name").and_then(Value::as_str).map(|n| (n.to_string(), lg.header)))
                        .take(3)
                        .collect();
                    let f = cx
                        .report(at, format!("log group `{shown}` is not declared here and `awslogs-create-group` is not \"true\""))
                        .help("declare an `aws_cloudwatch_log_group`, or set `awslogs-create-group = \"true\"`");
                    for (name, header) in nearby {
                        f.label(Some(header), format!("declared log group `{name}`"));
                    }
                }
            }
        }
    }
}
