//! JC201–JC207: the target's wiring — role, network, launch type, retries, dead letters.

use super::RuleContext;
use super::schedule::origin;
use crate::eval::{V, Val};
use crate::finding::Finding;
use crate::model::policy::{self, DocError};
use crate::model::{Link, Model, TriggerKind};

pub fn check(cx: &mut RuleContext<'_>) {
    let m = cx.model;
    let job = cx.job;
    let body = job.target_body(m);
    let header = job.target_header(m);
    let ecs = &job.ecs;
    // JC201
    if body.attr("role_arn").is_none_or(|a| a.val.is_null()) {
        cx.report("JC201", header, "the ECS target has no `role_arn`: EventBridge cannot call RunTask")
            .label(Some(ecs.header), "ECS target declared here")
            .help("set `role_arn` to a role that trusts the scheduler and may run the task");
    }
    // JC202
    let td = job.task_def.found().map(|i| m.res(i));
    let awsvpc = td.and_then(|t| t.body.val("network_mode")).and_then(Val::as_str) == Some("awsvpc");
    let fargate = ecs.body.val("launch_type").and_then(Val::as_str) == Some("FARGATE")
        || ecs.body.blocks("capacity_provider_strategy").any(|b| {
            b.body
                .val("capacity_provider")
                .and_then(Val::as_str)
                .is_some_and(|p| p.starts_with("FARGATE"))
        });
    if fargate || awsvpc {
        match ecs.body.block("network_configuration") {
            None => {
                cx.report(
                    "JC202",
                    ecs.header,
                    "the Fargate/awsvpc task has no `network_configuration`; RunTask will fail",
                )
                .help("add a `network_configuration` block with `subnets`");
            }
            Some(nc) => {
                if nc.body.val("subnets").is_none_or(|s| s.as_list().is_some_and(<[Val]>::is_empty)) {
                    cx.report("JC202", ecs.header, "the target's `network_configuration` has no subnets")
                        .label(Some(nc.header), "network configuration here")
                        .help("set `subnets`");
                }
            }
        }
    }
    // JC203
    if let Some(lt) = ecs.body.attr("launch_type")
        && let Some(l) = lt.val.as_str()
    {
        let (sp, used) = origin(lt);
        if ecs.body.block("capacity_provider_strategy").is_some() {
            cx.report("JC203", sp, "`launch_type` and `capacity_provider_strategy` cannot both be set")
                .label(used, "value used here")
                .help("remove `launch_type` when using a capacity provider strategy");
        } else if let Some(t) = td
            && let Some(rc) = t.body.attr("requires_compatibilities")
            && let Some(list) = rc.val.as_list()
            && list.iter().all(|x| x.as_str().is_some())
            && !list.iter().any(|x| x.as_str() == Some(l))
        {
            cx.report(
                "JC203",
                sp,
                format!("launch type `{l}` is not in the task definition's `requires_compatibilities`"),
            )
            .label(Some(rc.span), "compatibilities declared here")
            .label(used, "value used here")
            .help(format!("add \"{l}\" to `requires_compatibilities` or change `launch_type`"));
        }
    }
    // JC205
    if let Some(rp) = body.block("retry_policy") {
        if let Some(a) = rp.body.attr("maximum_event_age_in_seconds")
            && a.val.as_f64().is_some_and(|n| n < 60.0)
        {
            let (sp, used) = origin(a);
            cx.report(
                "JC205",
                sp,
                "`maximum_event_age_in_seconds` below 60 is rejected by the API (60–86400)",
            )
            .label(used, "value used here")
            .help("use at least 60");
        }
        if let Some(a) = rp.body.attr("maximum_retry_attempts")
            && a.val.as_f64().is_some_and(|n| !(0.0..=185.0).contains(&n))
        {
            let (sp, used) = origin(a);
            cx.report("JC205", sp, "`maximum_retry_attempts` must be 0–185")
                .label(used, "value used here")
                .help("use a value from 0 to 185");
        }
    }
    if let Some(a) = ecs.body.attr("task_count")
        && a.val.as_f64().is_some_and(|n| n < 1.0)
    {
        let (sp, used) = origin(a);
        cx.report("JC205", sp, "`task_count` below 1 starts no task")
            .label(used, "value used here")
            .help("set `task_count` to at least 1");
    }
    // JC206 / JC207
    match body.block("dead_letter_config") {
        None => {
            cx.report(
                "JC206",
                header,
                "the target has no `dead_letter_config`: failed RunTask calls are dropped without a trace",
            )
            .help("add a `dead_letter_config` with an SQS queue");
        }
        Some(dlc) => dead_letter(cx, dlc.header),
    }
}

fn dead_letter(cx: &mut RuleContext<'_>, dlc_header: crate::source::Span) {
    let m = cx.model;
    let job = cx.job;
    let q = match &job.dlq {
        Link::Found(q) => *q,
        Link::Unresolved { why, span } => {
            let (why, span) = (why.clone(), *span);
            cx.could_not_check("JC207", span, "the dead-letter queue", &why);
            return;
        }
        Link::Missing => return,
    };
    match job.kind {
        TriggerKind::EventRule => {
            // The queue policy must let events.amazonaws.com send (aws.md §3.2).
            let mut any_unknown = None;
            let mut ok = false;
            let qr = m.res(q);
            let mut policies = Vec::new();
            if let Some(p) = qr.body.attr("policy") {
                policies.push(p.clone());
            }
            for (_, qp) in m.of_type("aws_sqs_queue_policy") {
                if let Some(u) = qp.body.val("queue_url")
                    && m.refers_to(u, q)
                    && let Some(p) = qp.body.attr("policy")
                {
                    policies.push(p.clone());
                }
            }
            for p in &policies {
                match policy::parse(&p.val, p.span) {
                    Ok(doc) => {
                        for st in doc.statements.iter().filter(|s| s.allow) {
                            let principal = st
                                .principals
                                .iter()
                                .any(|(t, v)| t == "*" || (t == "Service" && v.as_str() == Some("events.amazonaws.com")));
                            let action = st
                                .actions
                                .iter()
                                .any(|a| a.as_str().is_some_and(|s| crate::aws::iam::glob(s, "sqs:SendMessage")));
                            if principal && action {
                                ok = true;
                            }
                        }
                    }
                    Err(DocError::Unknown(why, sp)) => any_unknown = Some((why, sp)),
                    Err(DocError::Invalid(why, sp)) => {
                        cx.report("JC004", sp, format!("the queue policy is not valid JSON: {why}"))
                            .help("fix the JSON at the marked position");
                        return;
                    }
                }
            }
            if !ok {
                if let Some((why, sp)) = any_unknown {
                    cx.could_not_check("JC207", sp, "the queue policy", &why);
                } else {
                    cx.report(
                        "JC207",
                        dlc_header,
                        "the dead-letter queue's policy does not let `events.amazonaws.com` call `sqs:SendMessage`",
                    )
                    .label(Some(m.res(q).header), "queue declared here")
                    .help("add an `aws_sqs_queue_policy` allowing events.amazonaws.com sqs:SendMessage on the queue");
                }
            }
        }
        TriggerKind::Scheduler => {
            let Link::Found(role) = job.trigger_role else {
                return;
            };
            let qr = m.res(q);
            let target = crate::aws::iam::Target::Other {
                module: &qr.module,
                rtype: "aws_sqs_queue",
                name: &qr.name,
                res_name: qr.body.val("name").and_then(Val::as_str),
                service: "sqs",
            };
            match super::iam::allows(m, role, "sqs:SendMessage", Some(&target)) {
                crate::aws::iam::Tri::Yes => {}
                crate::aws::iam::Tri::Unknown => {
                    cx.could_not_check("JC207", dlc_header, "the scheduler role's policies", "some are unknown")
                }
                crate::aws::iam::Tri::No => {
                    cx.report(
                        "JC207",
                        dlc_header,
                        "the scheduler role cannot `sqs:SendMessage` to the dead-letter queue",
                    )
                    .label(Some(m.res(role).header), "scheduler role declared here")
                    .label(Some(qr.header), "queue declared here")
                    .help("allow sqs:SendMessage on the queue in the scheduler role's policy");
                }
            }
        }
    }
}

/// JC204: scheduled rules without a target, and targets naming a rule that does not exist.
pub fn check_orphans(m: &Model) -> Vec<Finding> {
    let mut out = Vec::new();
    for (ri, r) in m.of_type("aws_cloudwatch_event_rule") {
        if r.body.val("schedule_expression").is_none_or(Val::is_null) {
            continue;
        }
        let has_target = m
            .of_type("aws_cloudwatch_event_target")
            .any(|(_, t)| t.body.val("rule").is_some_and(|v| m.refers_to(v, ri) || v.has_unknown()));
        if !has_target {
            out.push(
                Finding::new(
                    super::meta("JC204"),
                    r.header,
                    "the scheduled rule has no target: it fires and nothing runs",
                )
                .with_help("add an `aws_cloudwatch_event_target` for this rule"),
            );
        }
    }
    for (_, t) in m.of_type("aws_cloudwatch_event_target") {
        if t.body.block("ecs_target").is_none() {
            continue;
        }
        if let Some(a) = t.body.attr("rule")
            && let V::Ref(r) = &a.val.kind
            && !m.resources.iter().any(|x| x.is(r))
        {
            out.push(
                Finding::new(
                    super::meta("JC204"),
                    a.span,
                    format!("the target names rule `{}`, which is not declared", r.address()),
                )
                .with_help("point `rule` at an existing `aws_cloudwatch_event_rule`"),
            );
        }
    }
    out
}
