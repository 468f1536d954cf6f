//! EventBridge event-pattern matching (aws.md §6.3) over events whose values may be symbolic.

use std::borrow::Cow;

use crate::aws::iam::glob;
use crate::value::{Tri, Value, ValueKind, root_of};

const MAX_DEPTH: usize = 32;

/// Whether `pattern` matches `event`.
pub(crate) fn matches(pattern: &Value, event: &Value) -> Tri {
    obj(pattern, Some(event), 0)
}

fn obj(p: &Value, e: Option<&Value>, depth: usize) -> Tri {
    if depth > MAX_DEPTH {
        return Tri::Unknown;
    }
    let Some(pm) = p.as_obj() else { return if p.is_unknown() { Tri::Unknown } else { Tri::No } };
    let mut result = Tri::Yes;
    for (k, pv) in pm {
        let r = if k == "$or" {
            pv.items().iter().fold(Tri::No, |acc, alt| acc.or(obj(alt, e, depth + 1)))
        } else {
            let ev = e.and_then(|e| field(e, k));
            match &pv.kind {
                ValueKind::Obj(_) => match ev {
                    Some(ev) => obj(pv, Some(&ev), depth + 1),
                    None => Tri::No,
                },
                ValueKind::List(items) => leaf(items, ev.as_deref()),
                ValueKind::Unknown(_) => Tri::Unknown,
                _ => leaf(std::slice::from_ref(pv), ev.as_deref()),
            }
        };
        result = result.and(r);
        if result == Tri::No {
            return Tri::No;
        }
    }
    result
}

/// A field of an event object; arrays of objects are "crushed" into per-key value lists.
fn field<'e>(e: &'e Value, k: &str) -> Option<Cow<'e, Value>> {
    match &e.kind {
        ValueKind::Obj(m) => m.get(k).map(Cow::Borrowed),
        ValueKind::List(items) => {
            let mut vals: Vec<Value> = Vec::new();
            for v in items.iter().filter_map(|i| i.get(k)) {
                match &v.kind {
                    ValueKind::List(l) => vals.extend(l.iter().cloned()),
                    _ => vals.push(v.clone()),
                }
            }
            if vals.is_empty() { None } else { Some(Cow::Owned(Value::list(vals, None))) }
        }
        _ => None,
    }
}

fn leaf(items: &[Value], ev: Option<&Value>) -> Tri {
    let values: Vec<&Value> = match ev {
        None => Vec::new(),
        Some(v) => match &v.kind {
            ValueKind::List(l) => l.iter().collect(),
            _ => vec![v],
        },
    };
    let mut acc = Tri::No;
    for p in items {
        let r = if let Some(ex) = p.get("exists") {
            match ex.as_bool() {
                Some(want) => Tri::from_bool(want != values.is_empty()),
                None => Tri::Unknown,
            }
        } else if values.is_empty() {
            Tri::No
        } else {
            values.iter().fold(Tri::No, |a, v| a.or(one(p, v)))
        };
        acc = acc.or(r);
        if acc == Tri::Yes {
            return acc;
        }
    }
    acc
}

/// The text of a value when known; for a symbolic string, `None`.
fn text(v: &Value) -> Option<String> {
    match &v.kind {
        ValueKind::Str(s) => Some(s.s.clone()),
        ValueKind::Ref(r) => r.known.as_ref().and_then(|k| k.as_str().map(str::to_string)),
        _ => None,
    }
}

fn eq(p: &Value, v: &Value) -> Tri {
    match (&p.kind, &v.kind) {
        // `"family:${var.name}"` against the group of a task definition whose `family` is
        // that same unset `var.name`.
        (ValueKind::Unknown(_), _) | (_, ValueKind::Unknown(_)) => {
            if p.same_unknown(v) {
                Tri::Yes
            } else {
                Tri::Unknown
            }
        }
        (ValueKind::Num(a), ValueKind::Num(b)) => Tri::from_bool(a == b),
        (ValueKind::Num(_) | ValueKind::Bool(_) | ValueKind::Null, ValueKind::Str(_))
        | (ValueKind::Str(_), ValueKind::Num(_) | ValueKind::Bool(_) | ValueKind::Null) => Tri::No,
        (ValueKind::Bool(a), ValueKind::Bool(b)) => Tri::from_bool(a == b),
        (ValueKind::Null, ValueKind::Null) => Tri::Yes,
        (ValueKind::Ref(a), ValueKind::Ref(b)) => {
            if same_context(a, b) || (a.same_resource(b) && a.attr == b.attr) {
                Tri::Yes
            } else if a.rtype == b.rtype || a.known.is_none() || b.known.is_none() {
                // Two different resources of the same type could still share a name.
                if a.rtype == b.rtype { Tri::No } else { Tri::Unknown }
            } else {
                Tri::Unknown
            }
        }
        (ValueKind::Ref(a), ValueKind::Sym(parts)) | (ValueKind::Sym(parts), ValueKind::Ref(a))
            if a.rtype == "aws_ecs_task_definition" && a.attr == "arn" =>
        {
            revision_arn(a, parts)
        }
        // `"family:${aws_ecs_task_definition.job.family}"` against the job's group.
        (ValueKind::Sym(a), ValueKind::Sym(b)) if a.len() == b.len() => {
            a.iter().zip(b.iter()).fold(Tri::Yes, |acc, (x, y)| match (&x.kind, &y.kind) {
                (ValueKind::Str(_), ValueKind::Str(_)) | (ValueKind::Ref(_), ValueKind::Ref(_)) => acc.and(eq(x, y)),
                _ => acc.and(Tri::Unknown),
            })
        }
        _ => match (text(p), text(v)) {
            (Some(a), Some(b)) => Tri::from_bool(a == b),
            _ => Tri::Unknown,
        },
    }
}

/// The account (`data.aws_caller_identity`) or region (`data.aws_region`) of one root module:
/// every such data source of a configuration reads the same value.
fn same_context(a: &crate::value::ResourceRef, b: &crate::value::ResourceRef) -> bool {
    let kind = |r: &crate::value::ResourceRef| match (r.rtype.as_str(), r.attr.as_str()) {
        ("data.aws_caller_identity", "account_id") => Some("account"),
        ("data.aws_region", "name" | "region" | "id") => Some("region"),
        _ => None,
    };
    // A data source configured with another region names that one.
    kind(a).is_some() && kind(a) == kind(b) && a.known.is_none() && b.known.is_none() && root_of(&a.module) == root_of(&b.module)
}

/// A task definition's `arn` against the job's synthetic `taskDefinitionArn`
/// (`<arn_without_revision>:<revision>`): the job runs the revision the resource names.
fn revision_arn(a: &crate::value::ResourceRef, parts: &[Value]) -> Tri {
    match parts {
        [base, rev] if rev.as_str().is_some_and(|r| r.starts_with(':')) => match base.as_resource_ref() {
            Some(b) if b.rtype == a.rtype && b.attr == "arn_without_revision" => Tri::from_bool(a.same_resource(b)),
            _ => Tri::Unknown,
        },
        _ => Tri::Unknown,
    }
}

/// The parts of a possibly symbolic string.
fn parts(v: &Value) -> Vec<Value> {
    match &v.kind {
        ValueKind::Sym(p) => p.to_vec(),
        _ => vec![v.clone()],
    }
}

fn starts_with(v: &Value, prefix: &Value) -> Tri {
    if let (Some(a), Some(b)) = (text(v), text(prefix)) {
        return Tri::from_bool(a.starts_with(&b));
    }
    let (vp, pp) = (parts(v), parts(prefix));
    for (i, p) in pp.iter().enumerate() {
        let k = i;
        let Some(x) = vp.get(i) else {
            return Tri::Unknown;
        };
        let last = k == pp.len() - 1;
        match (&p.kind, &x.kind) {
            (ValueKind::Ref(a), ValueKind::Ref(b)) => {
                if !(a.same_resource(b) && a.attr == b.attr) {
                    return Tri::Unknown;
                }
            }
            (ValueKind::Str(a), ValueKind::Str(b)) => {
                if last {
                    return Tri::from_bool(b.s.starts_with(&a.s));
                }
                if a.s != b.s {
                    return Tri::No;
                }
            }
            _ => return Tri::Unknown,
        }
    }
    Tri::Yes
}

fn one(p: &Value, v: &Value) -> Tri {
    let Some(m) = p.as_obj() else { return eq(p, v) };
    let Some((op, arg)) = m.iter().next() else {
        return Tri::No;
    };
    match op.as_str() {
        "prefix" => match arg.get("equals-ignore-case").and_then(text) {
            Some(pre) => text(v).map_or(Tri::Unknown, |t| Tri::from_bool(t.to_lowercase().starts_with(&pre.to_lowercase()))),
            None => starts_with(v, arg),
        },
        "suffix" => match (text(v), text(arg)) {
            (Some(t), Some(s)) => Tri::from_bool(t.ends_with(&s)),
            _ => Tri::Unknown,
        },
        "equals-ignore-case" => match (text(v), text(arg)) {
            (Some(t), Some(s)) => Tri::from_bool(t.eq_ignore_ascii_case(&s)),
            _ => Tri::Unknown,
        },
        "wildcard" => match (text(v), text(arg)) {
            (Some(t), Some(s)) => Tri::from_bool(glob(&s, &t) && s.to_lowercase() == s || glob_exact(&s, &t)),
            _ => Tri::Unknown,
        },
        "anything-but" => {
            let inner = match &arg.kind {
                ValueKind::Obj(_) => one(arg, v),
                ValueKind::List(l) => l.iter().fold(Tri::No, |a, x| a.or(eq(x, v))),
                _ => eq(arg, v),
            };
            match inner {
                Tri::Yes => Tri::No,
                Tri::No => Tri::Yes,
                Tri::Unknown => Tri::Unknown,
            }
        }
        "numeric" => {
            let ValueKind::Num(x) = v.kind else {
                return if v.is_unknown() { Tri::Unknown } else { Tri::No };
            };
            let items = arg.items();
            let mut ok = true;
            for pair in items.chunks(2) {
                let (Some(o), Some(n)) = (
                    pair.first().and_then(|o| o.as_str()),
                    pair.get(1).and_then(|n| if let ValueKind::Num(n) = n.kind { Some(n) } else { None }),
                ) else {
                    return Tri::Unknown;
                };
                ok &= match o {
                    ">" => x > n,
                    ">=" => x >= n,
                    "<" => x < n,
                    "<=" => x <= n,
                    "=" => (x - n).abs() < f64::EPSILON,
                    _ => return Tri::Unknown,
                };
            }
            Tri::from_bool(ok)
        }
        _ => Tri::Unknown,
    }
}

fn glob_exact(p: &str, s: &str) -> bool {
    // EventBridge wildcards are case-sensitive; our glob is not, so confirm literally.
    let pieces: Vec<&str> = p.split('*').collect();
    let mut rest = s;
    for (i, piece) in pieces.iter().enumerate() {
        if i == 0 {
            let Some(r) = rest.strip_prefix(piece) else {
                return false;
            };
            rest = r;
        } else if i == pieces.len() - 1 {
            return rest.ends_with(piece);
        } else {
            let Some(at) = rest.find(piece) else {
                return false;
            };
            rest = &rest[at + piece.len()..];
        }
    }
    rest.is_empty()
}

/// Keys under `detail` that scope a pattern to one job (JC504).
pub(crate) fn is_scoped(pattern: &Value) -> bool {
    fn walk(v: &Value, d: usize) -> bool {
        let Some(m) = v.as_obj() else { return false };
        d < MAX_DEPTH
            && m.iter().any(|(k, v)| {
                matches!(k.as_str(), "clusterArn" | "group" | "taskDefinitionArn" | "startedBy")
                    || (k == "$or" && v.items().iter().all(|x| walk(x, d + 1))) && !v.items().is_empty()
            })
    }
    pattern.get("detail").is_some_and(|d| walk(d, 0)) || pattern.get("resources").is_some()
}

/// Every `exitCode` pattern value in the pattern (for JC505).
pub(crate) fn exit_code_values(pattern: &Value) -> Vec<Value> {
    fn walk(v: &Value, out: &mut Vec<Value>, d: usize) {
        if d > MAX_DEPTH {
            return;
        }
        match &v.kind {
            ValueKind::Obj(m) => {
                for (k, x) in m.iter() {
                    if k == "exitCode" {
                        out.push(x.clone());
                    } else {
                        walk(x, out, d + 1);
                    }
                }
            }
            ValueKind::List(l) => l.iter().for_each(|x| walk(x, out, d + 1)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(pattern, &mut out, 0);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::aws::events::{Outcome, task_stopped};
    use crate::value::UnknownKind;

    fn j(s: &str) -> Value {
        crate::eval::decode_json(&Value::str(s, None)).unwrap_or_else(|e| panic!("{e:?}"))
    }

    fn ev(o: Outcome) -> Value {
        task_stopped(
            o,
            Value::str("arn:aws:ecs:us-east-1:1:cluster/jobs", None),
            Value::str("family:nightly", None),
            Value::str("arn:aws:ecs:us-east-1:1:task-definition/nightly:3", None),
            &["app".into()],
        )
    }

    #[test]
    fn operators() {
        use Outcome::*;
        let cases: &[(&str, Outcome, Tri)] = &[
            (r#"{"source":["aws.ecs"],"detail":{"containers":{"exitCode":[{"numeric":[">",0]}]}}}"#, Exit(1), Tri::Yes),
            (r#"{"detail":{"containers":{"exitCode":[{"numeric":[">",0]}]}}}"#, Success, Tri::No),
            (r#"{"detail":{"containers":{"exitCode":[{"numeric":[">",0]}]}}}"#, FailedToStart, Tri::No),
            (r#"{"detail":{"containers":{"exitCode":[{"anything-but":0}]}}}"#, Exit(137), Tri::Yes),
            (r#"{"detail":{"containers":{"exitCode":[{"anything-but":0}]}}}"#, FailedToStart, Tri::No),
            (r#"{"detail":{"containers":{"exitCode":["1"]}}}"#, Exit(1), Tri::No),
            (r#"{"detail":{"containers":{"exitCode":[1]}}}"#, Exit(137), Tri::No),
            (r#"{"detail":{"stopCode":["TaskFailedToStart"]}}"#, FailedToStart, Tri::Yes),
            (r#"{"detail":{"stoppedReason":["Essential container in task exited"]}}"#, Success, Tri::Yes),
            (r#"{"detail":{"taskDefinitionArn":[{"prefix":"arn:aws:ecs:us-east-1:1:task-definition/nightly:"}]}}"#, Exit(1), Tri::Yes),
            (r#"{"detail":{"group":[{"suffix":":nightly"}]}}"#, Exit(1), Tri::Yes),
            (r#"{"detail":{"group":[{"equals-ignore-case":"FAMILY:NIGHTLY"}]}}"#, Exit(1), Tri::Yes),
            (r#"{"detail":{"group":[{"wildcard":"family:*"}]}}"#, Exit(1), Tri::Yes),
            (r#"{"detail":{"stopCode":[{"exists":false}]}}"#, Exit(1), Tri::No),
            (r#"{"detail":{"nothing":[{"exists":false}]}}"#, Exit(1), Tri::Yes),
            (
                r#"{"detail":{"lastStatus":["STOPPED"],"$or":[{"containers":{"exitCode":[{"numeric":[">",0]}]}},{"stopCode":["TaskFailedToStart"]}]}}"#,
                FailedToStart,
                Tri::Yes,
            ),
            (r#"{"detail":{"lastStatus":["RUNNING"]}}"#, Exit(1), Tri::No),
            (r#"{"detail":{"group":[{"anything-but":{"prefix":"service:"}}]}}"#, Exit(1), Tri::Yes),
        ];
        for (p, o, want) in cases {
            assert_eq!(matches(&j(p), &ev(*o)), *want, "{p} vs {o:?}");
        }
    }

    fn td(name: &str, attr: &str) -> Value {
        let r = crate::value::ResourceRef {
            module: String::new(),
            rtype: "aws_ecs_task_definition".into(),
            name: name.into(),
            key: None,
            attr: attr.into(),
            known: None,
        };
        Value::new(ValueKind::Ref(std::sync::Arc::new(r)), None)
    }

    fn sym(parts: Vec<Value>) -> Value {
        Value::new(ValueKind::Sym(std::sync::Arc::new(parts)), None)
    }

    #[test]
    fn references_to_the_job_compare_equal_to_its_events() {
        // The job's synthetic `taskDefinitionArn` is `<arn_without_revision>:<revision>`.
        let event = sym(vec![td("job", "arn_without_revision"), Value::str(":1", None)]);
        assert_eq!(eq(&td("job", "arn"), &event), Tri::Yes);
        assert_eq!(eq(&td("other", "arn"), &event), Tri::No);
        // `"family:${td.family}"` against the job's group of an unknown family.
        let group = sym(vec![Value::str("family:", None), td("job", "family")]);
        assert_eq!(eq(&sym(vec![Value::str("family:", None), td("job", "family")]), &group), Tri::Yes);
        assert_eq!(eq(&sym(vec![Value::str("service:", None), td("job", "family")]), &group), Tri::No);
        assert_eq!(eq(&sym(vec![Value::str("family:", None), Value::unknown(UnknownKind::NoValue, "var", None)]), &group), Tri::Unknown);
    }

    #[test]
    fn unknown_pattern_values_give_unknown() {
        let p = Value::obj(indexmap::IndexMap::from([("source".to_string(), Value::unknown(UnknownKind::NoValue, "var", None))]), None);
        assert_eq!(matches(&p, &ev(Outcome::Exit(1))), Tri::Unknown);
    }
}
