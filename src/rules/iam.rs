//! JC601–JC611: the job's roles — trust, RunTask, PassRole, tagging, and least privilege.

use super::RuleContext;
use crate::aws::iam::{self, Target, Tri};
use crate::eval::{V, Val};
use crate::model::policy::{self, DocError, Policy};
use crate::model::{Link, Model, TriggerKind};
use crate::source::Span;

/// Every policy attached to a role, in any Terraform form (model/policy.rs reads them).
pub fn role_policies(m: &Model, role: usize) -> Vec<Result<Policy, DocError>> {
    let r = m.res(role);
    let mut out = Vec::new();
    let managed = |arn: &Val, span: Span, out: &mut Vec<Result<Policy, DocError>>| match arn.as_str() {
        Some(a) => match iam::managed_policy(a) {
            Some(doc) => {
                let v = crate::eval::decode_json(&Val::str(doc, None)).unwrap_or_else(|_| Val::null());
                let mut p = policy::from_doc(&v, span);
                for s in &mut p.statements {
                    s.span = span;
                    s.action_span = span;
                    s.resource_span = span;
                }
                p.span = span;
                p.managed = Some(a.to_string());
                out.push(Ok(p));
            }
            None => out.push(Err(DocError::Unknown(
                format!("managed policy `{a}` is not one jobcheck knows"),
                span,
            ))),
        },
        None => match &arn.kind {
            V::Ref(x) if x.rtype == "aws_iam_policy" => match m.resources.iter().find(|p| p.is(x)).and_then(|p| p.body.attr("policy")) {
                Some(p) => out.push(policy::parse(&p.val, p.span)),
                None => out.push(Err(DocError::Unknown(
                    format!("policy `{}` is not in the configuration", x.address()),
                    span,
                ))),
            },
            _ => out.push(Err(DocError::Unknown("a policy ARN known only after apply".into(), span))),
        },
    };
    for b in r.body.blocks("inline_policy") {
        if let Some(p) = b.body.attr("policy") {
            out.push(policy::parse(&p.val, p.span));
        }
    }
    if let Some(a) = r.body.attr("managed_policy_arns") {
        for arn in a.val.items() {
            managed(arn, arn.span.unwrap_or(a.span), &mut out);
        }
    }
    for (_, rp) in m.of_type("aws_iam_role_policy") {
        if rp.body.val("role").is_some_and(|v| m.refers_to(v, role))
            && let Some(p) = rp.body.attr("policy")
        {
            out.push(policy::parse(&p.val, p.span));
        }
    }
    for (_, att) in m.of_type("aws_iam_role_policy_attachment") {
        if att.body.val("role").is_some_and(|v| m.refers_to(v, role))
            && let Some(p) = att.body.attr("policy_arn")
        {
            let span = p.val.span.unwrap_or(p.span);
            managed(&p.val, span, &mut out);
        }
    }
    for (_, att) in m.of_type("aws_iam_policy_attachment") {
        if att
            .body
            .val("roles")
            .is_some_and(|v| v.items().iter().any(|x| m.refers_to(x, role)))
            && let Some(p) = att.body.attr("policy_arn")
        {
            let span = p.val.span.unwrap_or(p.span);
            managed(&p.val, span, &mut out);
        }
    }
    for (_, att) in m.of_type("aws_iam_role_policy_attachments_exclusive") {
        if att.body.val("role_name").is_some_and(|v| m.refers_to(v, role))
            && let Some(p) = att.body.attr("policy_arns")
        {
            for arn in p.val.items() {
                managed(arn, arn.span.unwrap_or(p.span), &mut out);
            }
        }
    }
    out
}

/// Whether a role's policies allow `action` (on `target`, or on anything when `None`).
pub fn allows(m: &Model, role: usize, action: &str, target: Option<&Target<'_>>) -> Tri {
    let mut allow = Tri::No;
    let mut deny = Tri::No;
    for p in role_policies(m, role) {
        let Ok(p) = p else {
            allow = allow.or(Tri::Unknown);
            continue;
        };
        for s in &p.statements {
            let act = s.actions.iter().fold(Tri::No, |a, x| a.or(iam::action_matches(x, action)));
            let act = if s.not_action { not(act) } else { act };
            let res = match target {
                None => Tri::Yes,
                Some(t) => {
                    let r = s.resources.iter().fold(Tri::No, |a, x| a.or(iam::resource_matches(x, t)));
                    if s.not_resource { not(r) } else { r }
                }
            };
            let hit = act.and(res);
            if s.allow { allow = allow.or(hit) } else { deny = deny.or(hit) }
        }
        if p.unknown.is_some() {
            allow = allow.or(Tri::Unknown);
        }
    }
    match deny {
        Tri::Yes => Tri::No,
        _ => allow,
    }
}

fn not(t: Tri) -> Tri {
    match t {
        Tri::Yes => Tri::No,
        Tri::No => Tri::Yes,
        Tri::Unknown => Tri::Unknown,
    }
}

/// A role as users know it: its configured name, else its address.
fn role_label(m: &Model, i: usize) -> String {
    let r = m.res(i);
    r.body.val("name").and_then(Val::as_str).map_or_else(|| r.address(), str::to_string)
}

fn role_target(m: &Model, i: usize) -> Target<'_> {
    let r = m.res(i);
    Target::Role {
        module: &r.module,
        name: &r.name,
        role_name: r.body.val("name").and_then(Val::as_str),
    }
}

pub fn check(cx: &mut RuleContext<'_>) {
    let m = cx.model;
    let job = cx.job;
    let svc = if job.kind == TriggerKind::Scheduler {
        "scheduler.amazonaws.com"
    } else {
        "events.amazonaws.com"
    };
    let roles = [
        (&job.trigger_role, svc, "events role"),
        (&job.exec_role, "ecs-tasks.amazonaws.com", "execution role"),
        (&job.task_role, "ecs-tasks.amazonaws.com", "task role"),
    ];
    for (link, want, what) in roles {
        if let Link::Found(r) = link {
            trust(cx, *r, want, what, job.kind);
        }
    }
    let Link::Found(er) = job.trigger_role else {
        if let Link::Unresolved { why, span } = &job.trigger_role {
            cx.could_not_check("JC602", *span, "the events role", why);
        }
        broad(cx);
        return;
    };
    // JC602
    if let Link::Found(td) = job.task_def {
        let t = m.res(td);
        let target = Target::TaskDef {
            module: &t.module,
            name: &t.name,
            family: t.body.val("family").and_then(Val::as_str),
        };
        grant(
            cx,
            er,
            "ecs:RunTask",
            &target,
            "JC602",
            "the job's task definition (with `:*` or a revision)",
        );
    }
    // JC603
    for (link, what) in [(&job.exec_role, "execution role"), (&job.task_role, "task role")] {
        if let Link::Found(r) = link {
            let target = role_target(m, *r);
            grant(
                cx,
                er,
                "iam:PassRole",
                &target,
                "JC603",
                &format!("the task's {what} `{}`", role_label(m, *r)),
            );
        }
    }
    // JC608
    for k in ["tags", "propagate_tags", "enable_ecs_managed_tags"] {
        if let Some(a) = job.ecs.body.attr(k)
            && !(a.val.as_bool() == Some(false) || a.val.is_null() || a.val.as_obj().is_some_and(|o| o.is_empty()))
            && allows(m, er, "ecs:TagResource", None) == Tri::No
        {
            cx.report(
                "JC608",
                a.span,
                format!("the target sets `{k}`, but the events role cannot `ecs:TagResource`"),
            )
            .label(Some(m.res(er).header), "events role declared here")
            .help("allow ecs:TagResource (condition ecs:CreateAction = RunTask) in the events role");
            break;
        }
    }
    // JC609
    if let Link::Found(x) = job.exec_role {
        let pulls = allows(m, x, "ecr:BatchGetImage", None);
        let logs = allows(m, x, "logs:PutLogEvents", None).and(allows(m, x, "logs:CreateLogStream", None));
        let td = job.task_def.found().map(|t| m.res(t));
        let cs = td.and_then(|t| crate::model::containers(t).ok()).unwrap_or_default();
        let ecr = cs
            .iter()
            .any(|c| c.get("image").and_then(Val::as_str).is_some_and(|i| i.contains(".dkr.ecr.")));
        let awslogs = cs
            .iter()
            .any(|c| c.get("logConfiguration").and_then(|l| l.get("logDriver")).and_then(Val::as_str) == Some("awslogs"));
        if (ecr && pulls == Tri::No) || (awslogs && logs == Tri::No) {
            let what = if ecr && pulls == Tri::No {
                "pull the ECR image"
            } else {
                "write awslogs (logs:CreateLogStream, logs:PutLogEvents)"
            };
            cx.report("JC609", m.res(x).header, format!("the execution role cannot {what}"))
                .help("attach AmazonECSTaskExecutionRolePolicy or grant the actions");
        }
    }
    broad(cx);
}

fn grant(cx: &mut RuleContext<'_>, role: usize, action: &str, target: &Target<'_>, rule: &str, what: &str) {
    let m = cx.model;
    match allows(m, role, action, Some(target)) {
        Tri::Yes => {}
        Tri::Unknown => cx.could_not_check(
            rule,
            m.res(role).header,
            "the events role's policies",
            "some are known only after apply",
        ),
        Tri::No => {
            // The statement that grants the action but misses the resource, if any.
            let mut at = m.res(role).header;
            for p in role_policies(m, role).into_iter().flatten() {
                if let Some(s) = p
                    .statements
                    .iter()
                    .find(|s| s.allow && s.actions.iter().any(|a| iam::action_matches(a, action) == Tri::Yes))
                {
                    at = s.resource_span;
                    break;
                }
            }
            cx.report(rule, at, format!("the events role cannot `{action}` {what}"))
                .label(Some(m.res(role).header), "events role declared here")
                .help(format!("allow {action} on {what}"));
        }
    }
}

fn trust(cx: &mut RuleContext<'_>, role: usize, want: &str, what: &str, kind: TriggerKind) {
    let m = cx.model;
    let r = m.res(role);
    let Some(a) = r.body.attr("assume_role_policy") else {
        return;
    };
    let doc = match policy::parse(&a.val, a.span) {
        Ok(d) => d,
        Err(DocError::Invalid(why, sp)) => {
            cx.report("JC004", sp, format!("`assume_role_policy` is not valid JSON: {why}"))
                .help("fix the JSON at the marked position");
            return;
        }
        Err(DocError::Unknown(why, sp)) => {
            cx.could_not_check("JC601", sp, "the trust policy", &why);
            return;
        }
    };
    let services: Vec<&Val> = doc
        .statements
        .iter()
        .filter(|s| s.allow)
        .flat_map(|s| s.principals.iter().filter(|(t, _)| t == "Service").map(|(_, v)| v))
        .collect();
    if services.iter().any(|v| v.has_unknown()) {
        return;
    }
    if !services.iter().any(|v| v.as_str() == Some(want)) {
        let at = services.first().and_then(|v| v.span).unwrap_or(a.span);
        let got = services.first().and_then(|v| v.as_str()).unwrap_or("no service");
        cx.report("JC601", at, format!("the {what} trusts `{got}`, but it must trust `{want}`"))
            .label(Some(r.header), format!("{what} declared here"))
            .help(format!("set the trust policy's principal to `{want}`"));
        return;
    }
    if what == "events role" {
        let conds: Vec<&(String, String, Vec<Val>)> = doc.statements.iter().flat_map(|s| s.conditions.iter()).collect();
        let has = conds
            .iter()
            .any(|(_, k, _)| k.eq_ignore_ascii_case("aws:SourceAccount") || k.eq_ignore_ascii_case("aws:SourceArn"));
        if !has {
            cx.report(
                "JC610",
                a.span,
                format!("the {what}'s trust policy has no `aws:SourceAccount`/`aws:SourceArn` condition"),
            )
            .help("add a StringEquals aws:SourceAccount condition (confused-deputy protection)");
        }
        if kind == TriggerKind::Scheduler {
            for (_, k, vals) in conds {
                if k.eq_ignore_ascii_case("aws:SourceArn") {
                    for v in vals {
                        if v.as_str().is_some_and(|s| s.contains(":schedule/")) {
                            cx.report(
                                "JC611",
                                v.span.unwrap_or(a.span),
                                "`aws:SourceArn` names a schedule; Scheduler supplies the schedule group ARN",
                            )
                            .help("use `arn:aws:scheduler:<region>:<account>:schedule-group/<group>`");
                        }
                    }
                }
            }
        }
    }
}

/// JC604–JC607 over every role of the job.
fn broad(cx: &mut RuleContext<'_>) {
    let m = cx.model;
    let job = cx.job;
    let mut done: Vec<usize> = Vec::new();
    for link in [&job.trigger_role, &job.exec_role, &job.task_role] {
        let Link::Found(r) = link else { continue };
        if done.contains(r) {
            continue;
        }
        done.push(*r);
        let is_events = link == &job.trigger_role;
        for p in role_policies(m, *r).into_iter().flatten() {
            if let Some(arn) = &p.managed
                && iam::is_admin_managed(arn)
            {
                let name = arn.rsplit('/').next().unwrap_or(arn);
                cx.report("JC606", p.span, format!("role `{}` has `{name}` attached", role_label(m, *r)))
                    .help("grant only the actions the job needs");
                continue;
            }
            for s in p.statements.iter().filter(|s| s.allow && !s.not_action) {
                let acts: Vec<&str> = s.actions.iter().filter_map(Val::as_str).collect();
                let any = |a: &str| acts.iter().any(|x| iam::glob(x, a));
                if is_events && any("iam:PassRole") {
                    for res in &s.resources {
                        if res.as_str().is_some_and(iam::any_role) {
                            cx.report(
                                "JC604",
                                res.span.unwrap_or(s.resource_span),
                                "`iam:PassRole` on any role: the events role can pass every role in the account",
                            )
                            .help("list the job's execution and task role ARNs");
                            break;
                        }
                    }
                }
                if is_events && any("ecs:RunTask") {
                    for res in &s.resources {
                        if res.as_str().is_some_and(iam::any_task_def) {
                            cx.report("JC605", res.span.unwrap_or(s.resource_span), "`ecs:RunTask` on any task definition")
                                .help("use the job's family: `<arn_without_revision>:*`");
                            break;
                        }
                    }
                }
                for a in &s.actions {
                    let Some(t) = a.as_str() else { continue };
                    if t == "*" || t.eq_ignore_ascii_case("iam:*") {
                        cx.report(
                            "JC606",
                            a.span.unwrap_or(s.action_span),
                            format!("role `{}` is allowed `{t}`", role_label(m, *r)),
                        )
                        .help("grant only the actions the job needs");
                    } else if t.ends_with(":*") {
                        cx.report(
                            "JC607",
                            a.span.unwrap_or(s.action_span),
                            format!(
                                "role `{}` is allowed every `{}` action",
                                role_label(m, *r),
                                t.trim_end_matches(":*")
                            ),
                        )
                        .help("list the actions the job needs");
                    }
                }
            }
        }
    }
}
