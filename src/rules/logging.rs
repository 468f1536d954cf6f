//! JC401–JC406: every essential container must log somewhere someone can read.

use super::RuleContext;
use crate::eval::{V, Val};
use crate::model::{self, Link};

pub fn check(cx: &mut RuleContext<'_>) {
    let m = cx.model;
    let Link::Found(ti) = cx.job.task_def else {
        return;
    };
    let td = m.res(ti);
    let fargate = td
        .body
        .val("requires_compatibilities")
        .is_some_and(|c| c.items().iter().any(|x| x.as_str() == Some("FARGATE")))
        || cx.job.ecs.body.val("launch_type").and_then(Val::as_str) == Some("FARGATE");
    let Ok(containers) = model::containers(td) else {
        return;
    };
    let cd_span = td.body.attr("container_definitions").map_or(td.header, |a| a.span);
    for c in &containers {
        let name = c.get("name").and_then(Val::as_str).unwrap_or("container").to_string();
        let cspan = c.span.unwrap_or(cd_span);
        let essential = c.get("essential").and_then(Val::as_bool).unwrap_or(true);
        let Some(lc) = c.get("logConfiguration").filter(|l| !l.is_null()) else {
            if essential && c.as_obj().is_some() {
                cx.report(
                    "JC401",
                    first_line(cx, cspan),
                    format!("essential container `{name}` has no `logConfiguration`: its output is lost"),
                )
                .help("add a `logConfiguration` with the awslogs driver");
            }
            continue;
        };
        let lspan = lc.span.unwrap_or(cspan);
        let Some(driver) = lc.get("logDriver").and_then(Val::as_str) else {
            continue;
        };
        if fargate && !matches!(driver, "awslogs" | "awsfirelens" | "splunk") {
            let sp = lc.get("logDriver").and_then(|d| d.span).unwrap_or(lspan);
            cx.report("JC402", sp, format!("log driver `{driver}` is not supported on Fargate"))
                .help("use awslogs, awsfirelens or splunk");
            continue;
        }
        if driver != "awslogs" {
            continue;
        }
        let opts = lc.get("options");
        let ospan = opts.and_then(|o| o.span).unwrap_or(lspan);
        if opts.is_some_and(Val::has_unknown) && opts.and_then(Val::as_obj).is_none() {
            continue;
        }
        let get = |k: &str| opts.and_then(|o| o.get(k));
        let mut missing = Vec::new();
        for k in ["awslogs-group", "awslogs-region"] {
            if get(k).is_none() {
                missing.push(k);
            }
        }
        if fargate && get("awslogs-stream-prefix").is_none() {
            missing.push("awslogs-stream-prefix");
        }
        if !missing.is_empty() {
            let list = missing.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ");
            cx.report("JC403", first_line(cx, ospan), format!("awslogs options of `{name}` lack {list}"))
                .help(format!("add {list} to the awslogs options"));
        }
        if let Some(o) = opts.and_then(Val::as_obj) {
            for (k, v) in o.iter() {
                if matches!(v.kind, V::Num(_) | V::Bool(_) | V::List(_) | V::Obj(_)) {
                    cx.report(
                        "JC403",
                        v.span.unwrap_or(ospan),
                        format!("awslogs option `{k}` must be a JSON string"),
                    )
                    .help("quote the value");
                }
            }
        }
        let create = get("awslogs-create-group");
        if let Some(cg) = create {
            let sp = cg.span.unwrap_or(ospan);
            if cg.as_str() != Some("true") && !cg.has_unknown() {
                cx.report("JC404", sp, "`awslogs-create-group` must be the string \"true\" or be omitted")
                    .help("set it to \"true\" or remove it");
            } else if cg.as_str() == Some("true")
                && let Link::Found(er) = cx.job.exec_role
                && super::iam::allows(m, er, "logs:CreateLogGroup", None) == crate::aws::iam::Tri::No
            {
                cx.report(
                    "JC404",
                    sp,
                    "`awslogs-create-group` is \"true\" but the execution role cannot `logs:CreateLogGroup`",
                )
                .label(Some(m.res(er).header), "execution role declared here")
                .help("allow logs:CreateLogGroup in the execution role, or create the log group in Terraform");
            }
        }
        if let Some(g) = get("awslogs-group") {
            let gspan = g.span.unwrap_or(ospan);
            let group = m.link_val(g, gspan, "aws_cloudwatch_log_group", td);
            match group {
                Link::Found(gi) => {
                    let lg = m.res(gi);
                    if lg.body.attr("retention_in_days").is_none_or(|a| a.val.is_null()) {
                        cx.report(
                            "JC406",
                            lg.header,
                            "the job's log group has no `retention_in_days`: logs are kept forever",
                        )
                        .help("set `retention_in_days`");
                    }
                }
                Link::Unresolved { why, .. } if !g.has_unknown() && create.and_then(Val::as_str) != Some("true") => {
                    let _ = why;
                    let shown = g.as_str().unwrap_or("this log group");
                    cx.report(
                        "JC405",
                        gspan,
                        format!("log group `{shown}` is not declared here and `awslogs-create-group` is not \"true\""),
                    )
                    .help("declare an `aws_cloudwatch_log_group`, or set `awslogs-create-group = \"true\"`");
                }
                Link::Unresolved { why, span } if g.has_unknown() => cx.could_not_check("JC405", span, "the log group", &why),
                _ => {}
            }
        }
    }
}

/// The first line of a span (for objects that open on one line and run over many).
fn first_line(cx: &RuleContext<'_>, s: crate::source::Span) -> crate::source::Span {
    let _ = cx;
    s
}
