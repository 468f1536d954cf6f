//! The policies attached to a role, in any Terraform form, and what they allow.

use crate::aws::actions;
use crate::aws::iam::{self, Target};
use crate::aws::managed::{self as aws_managed, Managed};
use crate::value::{Reason, Tri, UnknownKind, Value, ValueKind};
use std::collections::HashMap;

use crate::eval::ResourceInstance;
use crate::model::Model;
use crate::model::policy::{self, DocError, Policy};
use crate::source::Span;

/// A policy attached to a role, read once: its statements, or why they cannot be read.
pub(crate) type Attachment = Result<Policy, DocError>;

/// An AWS managed policy by ARN (aws.md §7, the generated data of `aws::managed`), or the
/// policy resource an ARN refers to.
/// `seen` holds the documents already decoded: a monorepo attaches the same few policies to
/// hundreds of roles.
fn managed(m: &Model, arn: &Value, span: Span, seen: &mut HashMap<String, Value>) -> Attachment {
    if let Some(a) = arn.as_str() {
        let v = if let Some(v) = seen.get(a) {
            v.clone()
        } else {
            let doc = match aws_managed::lookup(a) {
                Some(Managed::Document(doc)) => doc,
                Some(Managed::Unlisted) => {
                    let why = format!("`{a}` is not in jobcheck's AWS managed policy data ({})", aws_managed::package());
                    return Err(DocError::Unknown(Reason::new(UnknownKind::Unsupported, why), span));
                }
                None => {
                    return Err(DocError::Unknown(
                        Reason::new(UnknownKind::NotDeclared, format!("policy `{a}` is not in the configuration")),
                        span,
                    ));
                }
            };
            let v = crate::eval::decode_json(&Value::str(doc, None)).unwrap_or_else(|_| Value::null());
            seen.insert(a.to_string(), v.clone());
            v
        };
        let mut p = policy::from_doc(&v, span);
        for s in &mut p.statements {
            s.span = span;
            s.action_span = span;
            s.resource_span = span;
        }
        p.span = span;
        p.managed = Some(a.to_string());
        return Ok(p);
    }
    match &arn.kind {
        ValueKind::Ref(x) if x.rtype == "aws_iam_policy" => match m.find(x).and_then(|i| m.res(i).body.attr("policy")) {
            Some(p) => policy::parse(&p.val, p.span),
            None => Err(DocError::Unknown(
                Reason::new(UnknownKind::NotDeclared, format!("policy `{}` is not in the configuration", x.address())),
                span,
            )),
        },
        _ => Err(DocError::Unknown(Reason::new(UnknownKind::AfterApply, "the policy ARN is known only after apply"), span)),
    }
}

/// Every policy ARN attached to a role, with where it was written: `managed_policy_arns`,
/// `aws_iam_role_policy_attachment`, `aws_iam_policy_attachment` and the exclusive attachments.
fn attached_arns(m: &Model) -> Vec<(usize, &Value, Span)> {
    let mut out = Vec::new();
    let role_of = |v: &Value, near: &ResourceInstance| m.link_val(v, near.header, "aws_iam_role", near).found();
    for (ri, r) in m.of_type("aws_iam_role") {
        if let Some(a) = r.body.attr("managed_policy_arns") {
            out.extend(a.val.items().into_iter().map(|arn| (ri, arn, arn.span.unwrap_or(a.span))));
        }
    }
    for (_, att) in m.of_type("aws_iam_role_policy_attachment") {
        if let Some(ri) = att.body.val("role").and_then(|v| role_of(v, att))
            && let Some(p) = att.body.attr("policy_arn")
        {
            out.push((ri, &p.val, p.val.span.unwrap_or(p.span)));
        }
    }
    for (_, att) in m.of_type("aws_iam_policy_attachment") {
        let Some(p) = att.body.attr("policy_arn") else { continue };
        for v in att.body.val("roles").map(Value::items).unwrap_or_default() {
            if let Some(ri) = role_of(v, att) {
                out.push((ri, &p.val, p.val.span.unwrap_or(p.span)));
            }
        }
    }
    for (_, att) in m.of_type("aws_iam_role_policy_attachments_exclusive") {
        if let Some(ri) = att.body.val("role_name").and_then(|v| role_of(v, att))
            && let Some(p) = att.body.attr("policy_arns")
        {
            out.extend(p.val.items().into_iter().map(|arn| (ri, arn, arn.span.unwrap_or(p.span))));
        }
    }
    out
}

/// The customer-managed `aws_iam_policy` resources attached to each role, for JC004.
pub(crate) fn compute_attached_policy_resources(m: &Model) -> HashMap<usize, Vec<usize>> {
    let mut out: HashMap<usize, Vec<usize>> = HashMap::new();
    for (ri, arn, _) in attached_arns(m) {
        if let ValueKind::Ref(x) = &arn.kind
            && x.rtype == "aws_iam_policy"
            && let Some(i) = m.find(x)
        {
            let list = out.entry(ri).or_default();
            if !list.contains(&i) {
                list.push(i);
            }
        }
    }
    out
}

/// The policies of every role, in any Terraform form: `inline_policy`, `aws_iam_role_policy`
/// and every attached ARN ([`attached_arns`]).
pub(crate) fn compute_attachments(m: &Model) -> HashMap<usize, Vec<Attachment>> {
    let mut out: HashMap<usize, Vec<Attachment>> = HashMap::new();
    let role_of = |v: &Value, near: &ResourceInstance| m.link_val(v, near.header, "aws_iam_role", near).found();
    for (ri, r) in m.of_type("aws_iam_role") {
        for b in r.body.blocks("inline_policy") {
            if let Some(p) = b.body.attr("policy") {
                out.entry(ri).or_default().push(policy::parse(&p.val, p.span));
            }
        }
    }
    for (_, rp) in m.of_type("aws_iam_role_policy") {
        if let Some(ri) = rp.body.val("role").and_then(|v| role_of(v, rp))
            && let Some(p) = rp.body.attr("policy")
        {
            out.entry(ri).or_default().push(policy::parse(&p.val, p.span));
        }
    }
    let mut seen = HashMap::new();
    for (ri, arn, span) in attached_arns(m) {
        out.entry(ri).or_default().push(managed(m, arn, span, &mut seen));
    }
    out
}

/// Every policy attached to a role.
pub(crate) fn role_policies(m: &Model, role: usize) -> &[Attachment] {
    m.attachments(role)
}

/// The parts of a role's policies that cannot be read: (why, where the unknown value is).
pub(crate) fn unknown_parts(m: &Model, role: usize) -> Vec<(Reason, Span)> {
    let mut out: Vec<(Reason, Span)> = Vec::new();
    for p in role_policies(m, role) {
        let part = match p {
            Err(DocError::Unknown(why, at)) => Some((why.clone(), *at)),
            Ok(p) => p.unknown.clone(),
            Err(DocError::Invalid(..)) => None,
        };
        if let Some(part) = part.filter(|x| !out.contains(x)) {
            out.push(part);
        }
    }
    out
}

/// An action a role's Allow statements name that does not exist in a service the IAM
/// catalog knows (`ecs:RunTasks`): it grants nothing, which is worth saying next to it.
pub(crate) fn nonexistent_action(m: &Model, role: usize, service: &str) -> Option<(String, Span)> {
    role_policies(m, role).iter().flatten().flat_map(|p| &p.statements).filter(|s| s.allow && !s.not_action).find_map(|s| {
        s.actions.iter().find_map(|a| {
            let t = a.as_str()?;
            let (svc, _) = t.split_once(':')?;
            (svc.eq_ignore_ascii_case(service) && !t.contains(['*', '?']) && actions::exists(t) == Some(false))
                .then(|| (t.to_string(), a.span.unwrap_or(s.action_span)))
        })
    })
}

/// Whether a role's policies allow `action` (on `target`, or on anything when `None`).
pub(crate) fn allows(m: &Model, role: usize, action: &str, target: Option<&Target<'_>>) -> Tri {
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
pub(crate) fn role_label(m: &Model, i: usize) -> String {
    let r = m.res(i);
    r.body.val("name").and_then(Value::as_str).map_or_else(|| r.address(), str::to_string)
}

/// What a role must be covered as, in a `Resource` element.
pub(crate) fn role_target(m: &Model, i: usize) -> Target<'_> {
    let r = m.res(i);
    Target::Role { module: &r.module, name: &r.name, role_name: r.body.val("name").and_then(Value::as_str), name_val: r.body.val("name") }
}

/// The first Allow statement granting `action`, for pointing at its `Resource`.
pub(crate) fn granting_statement(m: &Model, role: usize, action: &str) -> Option<Span> {
    role_policies(m, role).iter().flatten().find_map(|p| {
        p.statements
            .iter()
            .find(|s| s.allow && !s.not_action && s.actions.iter().any(|a| iam::action_matches(a, action) == Tri::Yes))
            .map(|s| s.resource_span)
    })
}
