//! The policies attached to a role, in any Terraform form, and what they allow.

use crate::aws::iam::{self, Target, Tri};
use crate::eval::{V, Val};
use crate::model::Model;
use crate::model::policy::{self, DocError, Policy};
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
pub fn role_label(m: &Model, i: usize) -> String {
    let r = m.res(i);
    r.body.val("name").and_then(Val::as_str).map_or_else(|| r.address(), str::to_string)
}

/// What a role must be covered as, in a `Resource` element.
pub fn role_target(m: &Model, i: usize) -> Target<'_> {
    let r = m.res(i);
    Target::Role {
        module: &r.module,
        name: &r.name,
        role_name: r.body.val("name").and_then(Val::as_str),
    }
}

/// The first Allow statement granting `action`, for pointing at its `Resource`.
pub fn granting_statement(m: &Model, role: usize, action: &str) -> Option<Span> {
    role_policies(m, role).into_iter().flatten().find_map(|p| {
        p.statements
            .iter()
            .find(|s| s.allow && !s.not_action && s.actions.iter().any(|a| iam::action_matches(a, action) == Tri::Yes))
            .map(|s| s.resource_span)
    })
}
