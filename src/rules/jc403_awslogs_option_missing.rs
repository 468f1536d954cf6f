//! JC403 awslogs-option-missing: awslogs needs `awslogs-group`, `awslogs-region` and, on
//! Fargate, `awslogs-stream-prefix`; every option value must be a JSON string (aws.md §5.2).

use super::support::{awslogs, container_name, containers, is_fargate, task_def};
use super::{Rule, RuleContext, RuleMeta};
use crate::model::Job;
use crate::value::ValueKind;

pub(crate) struct AwslogsOptionMissing;

impl Rule for AwslogsOptionMissing {
    fn meta(&self) -> &'static RuleMeta {
        &crate::catalog::JC403
    }

    fn check_job(&self, job: &Job, cx: &mut RuleContext<'_>) {
        let Some(td) = task_def(cx) else { return };
        let fargate = is_fargate(job, td);
        let Some(cs) = containers(cx) else { return };
        for c in cs {
            let Some(lc) = awslogs(c) else { continue };
            let opts = lc.get("options");
            let at = opts.and_then(|o| o.span).or(lc.span).unwrap_or(td.header);
            let obj = match opts {
                None => None,
                Some(o) => {
                    let Some(m) = o.as_obj() else {
                        // `options = merge(local.defaults, …)` we could not evaluate.
                        cx.unknown(o, at, "awslogs options");
                        continue;
                    };
                    Some(m)
                }
            };
            let has = |k: &str| obj.is_some_and(|m| m.contains_key(k));
            let mut missing: Vec<&str> = ["awslogs-group", "awslogs-region"].into_iter().filter(|k| !has(k)).collect();
            if fargate && !has("awslogs-stream-prefix") {
                missing.push("awslogs-stream-prefix");
            }
            if !missing.is_empty() {
                let list = missing.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ");
                cx.report(at, format!("awslogs options of `{}` lack {list}", container_name(c)))
                    .help(format!("add {list} to the awslogs options"));
            }
            for (k, v) in obj.into_iter().flatten() {
                if matches!(v.kind, ValueKind::Num(_) | ValueKind::Bool(_) | ValueKind::List(_) | ValueKind::Obj(_)) {
                    cx.report(v.span.unwrap_or(at), format!("awslogs option `{k}` must be a JSON string")).help("quote the value");
                }
            }
        }
    }
}
