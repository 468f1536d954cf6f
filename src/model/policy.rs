//! IAM policy documents in one normalised shape, from any Terraform form (jsonencode,
//! heredoc/file JSON, `aws_iam_policy_document`), each element keeping its span.

use crate::source::Span;
use crate::value::{Reason, UnknownKind, Value, ValueKind};

#[derive(Debug, Clone)]
pub struct Statement {
    pub allow: bool,
    pub actions: Vec<Value>,
    pub not_action: bool,
    pub resources: Vec<Value>,
    pub not_resource: bool,
    /// (principal type, value) pairs; `"*"` principal is type `*`.
    pub principals: Vec<(String, Value)>,
    pub conditions: Vec<Condition>,
    pub span: Span,
    pub action_span: Span,
    pub resource_span: Span,
    pub principal_span: Span,
}

/// One `Condition` test of a statement: `"StringEquals": {"aws:SourceAccount": [...]}`.
#[derive(Debug, Clone)]
pub struct Condition {
    pub operator: String,
    pub key: String,
    pub values: Vec<Value>,
}

impl Statement {
    /// The services all of whose actions the statement names (an `Action`) or leaves out (a
    /// `NotAction`), by the IAM action catalog: `ecr:*` is all of `ecr`, `s3:Get*` is none.
    /// An unknown `NotAction` element could leave out anything, so it gives none.
    pub(crate) fn whole_services(&self) -> Vec<String> {
        let pats: Vec<&str> = self.actions.iter().filter_map(Value::as_str).collect();
        if self.not_action && pats.len() != self.actions.len() {
            return Vec::new();
        }
        crate::aws::actions::whole_services(&pats, self.not_action)
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Policy {
    pub statements: Vec<Statement>,
    /// Where the document (or the managed-policy attachment) was written.
    pub span: Span,
    /// The ARN, for AWS managed policies.
    pub managed: Option<String>,
    /// Parts of the document we could not read: (why, where).
    pub unknown: Option<(Reason, Span)>,
}

/// Why a document could not be read.
#[derive(Debug, Clone)]
pub enum DocError {
    Unknown(Reason, Span),
    Invalid(String, Span),
}

/// The document inside a policy-valued attribute: `jsonencode(...)`, a JSON string, an object.
pub(crate) fn document(v: &Value, at: Span) -> Result<Value, DocError> {
    match &v.kind {
        ValueKind::Json(inner) => Ok((**inner).clone()),
        ValueKind::Str(_) | ValueKind::Sym(_) => crate::eval::decode_json(v).map_err(|(msg, sp)| DocError::Invalid(msg, sp.unwrap_or(at))),
        ValueKind::Obj(_) => Ok(v.clone()),
        ValueKind::Unknown(why) => Err(DocError::Unknown(why.reason(), v.span.unwrap_or(at))),
        ValueKind::Ref(r) => {
            let kind = if r.rtype.starts_with("data.") { UnknownKind::DataSource } else { UnknownKind::AfterApply };
            Err(DocError::Unknown(
                Reason::new(kind, format!("`{}.{}` is known only after apply", r.address(), r.attr)),
                v.span.unwrap_or(at),
            ))
        }
        _ => Err(DocError::Unknown(
            Reason::new(UnknownKind::AfterApply, "a policy built from values known only after apply"),
            v.span.unwrap_or(at),
        )),
    }
}

/// Parses a policy-valued attribute into statements.
pub(crate) fn parse(v: &Value, at: Span) -> Result<Policy, DocError> {
    let doc = document(v, at)?;
    Ok(from_doc(&doc, at))
}

pub(crate) fn from_doc(doc: &Value, at: Span) -> Policy {
    let span = doc.span.unwrap_or(at);
    let mut p = Policy { statements: Vec::new(), span, managed: None, unknown: None };
    let Some(stmts) = doc.get("Statement") else {
        p.unknown = Some((Reason::new(UnknownKind::Unsupported, "the policy has no readable `Statement`"), span));
        return p;
    };
    if let Some(u) = stmts.first_unknown().filter(|_| stmts.as_list().is_none() && stmts.as_obj().is_none()) {
        p.unknown = Some((u.reason_or("unknown"), u.span.unwrap_or(span)));
        return p;
    }
    for st in stmts.items() {
        let Some(obj) = st.as_obj() else {
            p.unknown = Some((Reason::new(UnknownKind::Derived, "a statement is unknown"), st.span.unwrap_or(span)));
            continue;
        };
        let sspan = st.span.unwrap_or(span);
        let effect = obj.get("Effect").and_then(Value::as_str).unwrap_or("Allow");
        let (actions, not_action, aspan) = pick(obj.get("Action"), obj.get("NotAction"), sspan);
        let (resources, not_resource, rspan) = pick(obj.get("Resource"), obj.get("NotResource"), sspan);
        let mut principals = Vec::new();
        let mut pspan = sspan;
        if let Some(pr) = obj.get("Principal") {
            pspan = pr.span.unwrap_or(sspan);
            match &pr.kind {
                ValueKind::Str(s) if s.s == "*" => principals.push(("*".to_string(), pr.clone())),
                ValueKind::Obj(m) => {
                    for (ty, ids) in m.iter() {
                        for id in ids.items() {
                            principals.push((ty.clone(), id.clone()));
                        }
                    }
                }
                _ => principals.push(("?".to_string(), pr.clone())),
            }
        }
        let mut conditions = Vec::new();
        if let Some(c) = obj.get("Condition").and_then(Value::as_obj) {
            for (op, kv) in c {
                if let Some(kv) = kv.as_obj() {
                    for (k, vals) in kv {
                        conditions.push(Condition {
                            operator: op.clone(),
                            key: k.clone(),
                            values: vals.items().into_iter().cloned().collect(),
                        });
                    }
                }
            }
        }
        p.statements.push(Statement {
            allow: !effect.eq_ignore_ascii_case("deny"),
            actions,
            not_action,
            resources,
            not_resource,
            principals,
            conditions,
            span: sspan,
            action_span: aspan,
            resource_span: rspan,
            principal_span: pspan,
        });
    }
    p
}

fn pick(pos: Option<&Value>, neg: Option<&Value>, at: Span) -> (Vec<Value>, bool, Span) {
    match (pos, neg) {
        (Some(v), _) => (v.items().into_iter().cloned().collect(), false, v.span.unwrap_or(at)),
        (None, Some(v)) => (v.items().into_iter().cloned().collect(), true, v.span.unwrap_or(at)),
        (None, None) => (Vec::new(), false, at),
    }
}

/// Whether resource policies (a queue's, a topic's) let an AWS service principal perform
/// `action`: `Unknown` when a policy cannot be read. Invalid JSON is JC004's to report.
pub(crate) fn service_may(docs: &[(Value, Span)], service: &str, action: &str) -> crate::value::Tri {
    use crate::aws::iam::glob;
    use crate::value::Tri;
    let mut verdict = Tri::No;
    for (v, span) in docs {
        match parse(v, *span) {
            Ok(doc) => {
                for st in doc.statements.iter().filter(|s| s.allow) {
                    let principal = st
                        .principals
                        .iter()
                        .any(|(t, p)| t == "*" || p.as_str() == Some("*") || (t == "Service" && p.as_str() == Some(service)));
                    let acts = st.actions.iter().any(|a| a.as_str().is_some_and(|s| glob(s, action)));
                    verdict = verdict.or(Tri::from_bool(principal && acts));
                }
                if doc.unknown.is_some() {
                    verdict = verdict.or(Tri::Unknown);
                }
            }
            Err(DocError::Unknown(..)) => verdict = verdict.or(Tri::Unknown),
            Err(DocError::Invalid(..)) => {}
        }
    }
    verdict
}
