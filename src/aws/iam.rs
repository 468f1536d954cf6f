//! IAM facts (aws.md §7): action and resource matching. The AWS managed policies are in
//! `managed`, the action catalog in `actions`.

use crate::value::{IdPart, Tri, Value, ValueKind};

/// Case-insensitive (ASCII) glob match with `*` and `?`, without allocating.
pub(crate) fn glob(pattern: &str, s: &str) -> bool {
    let (p, t) = (pattern.as_bytes(), s.as_bytes());
    let (mut pi, mut ti) = (0usize, 0usize);
    let (mut star, mut mark) = (None, 0usize);
    while ti < t.len() {
        if pi < p.len() && (p[pi] == b'?' || p[pi].eq_ignore_ascii_case(&t[ti])) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == b'*' {
            star = Some(pi);
            mark = ti;
            pi += 1;
        } else if let Some(sp) = star {
            pi = sp + 1;
            mark += 1;
            ti = mark;
        } else {
            return false;
        }
    }
    while pi < p.len() && p[pi] == b'*' {
        pi += 1;
    }
    pi == p.len()
}

/// Whether an `Action` element covers `action` (e.g. `ecs:Run*` covers `ecs:RunTask`).
pub(crate) fn action_matches(elem: &Value, action: &str) -> Tri {
    match elem.as_str() {
        Some(p) => Tri::from_bool(glob(p, action)),
        None => Tri::Unknown,
    }
}

/// What a resource element must cover.
#[derive(Debug, Clone)]
pub(crate) enum Target<'a> {
    /// An IAM role: its resource address parts and its configured name, if known.
    Role { module: &'a str, name: &'a str, role_name: Option<&'a str>, name_val: Option<&'a Value> },
    /// A task definition family: any revision must be covered.
    TaskDef { module: &'a str, name: &'a str, family: Option<&'a str>, family_val: Option<&'a Value> },
    /// An SQS queue / SNS topic by address and configured name.
    Other { module: &'a str, rtype: &'a str, name: &'a str, res_name: Option<&'a str>, service: &'a str },
}

/// Whether a `Resource` element covers the target. For task definitions a family-only ARN
/// (no `:revision`, no `:*`) does not count (aws.md §7.4).
pub(crate) fn resource_matches(elem: &Value, t: &Target<'_>) -> Tri {
    match resource_matches_known(elem, t) {
        Tri::Unknown if elem.has_unknown() && same_unknown_name(elem, t) => Tri::Yes,
        verdict => verdict,
    }
}

/// An ARN whose name is built from the same unknown parts as the target's configured name
/// (`"…:role/${var.name}-task"` and `name = "${var.name}-task"`, `var.name` unset): the same
/// name whatever the value. A task definition also needs a revision part (`:*`, `:3`).
fn same_unknown_name(elem: &Value, t: &Target<'_>) -> bool {
    let (marker, want, revision) = match t {
        Target::Role { name_val: Some(n), .. } => (":role/", n, false),
        Target::TaskDef { family_val: Some(n), .. } => (":task-definition/", n, true),
        _ => return false,
    };
    let (Some(parts), Some(want)) = (elem.id_parts(), want.id_parts()) else { return false };
    let Some((at, rest)) = parts.iter().enumerate().find_map(|(i, p)| match p {
        IdPart::Lit(s) => s.split_once(marker).map(|(_, r)| (i, r)),
        IdPart::Opaque(_) => None,
    }) else {
        return false;
    };
    let mut tail = vec![IdPart::Lit(rest.to_string())];
    tail.extend(parts[at + 1..].iter().cloned());
    if revision {
        // The last literal ends with `:<revision>`.
        let Some(IdPart::Lit(last)) = tail.pop() else { return false };
        let Some((family_end, rev)) = last.rsplit_once(':') else { return false };
        if rev.is_empty() || !(rev == "*" || rev.bytes().all(|b| b.is_ascii_digit())) {
            return false;
        }
        tail.push(IdPart::Lit(family_end.to_string()));
    }
    tail.retain(|p| !matches!(p, IdPart::Lit(s) if s.is_empty()));
    tail == want
}

fn resource_matches_known(elem: &Value, t: &Target<'_>) -> Tri {
    match &elem.kind {
        ValueKind::Str(s) if s.s == "*" => Tri::Yes,
        ValueKind::Ref(r) => match t {
            Target::Role { module, name, .. } => {
                Tri::from_bool(r.rtype == "aws_iam_role" && r.module == *module && r.name == *name && r.attr == "arn")
            }
            Target::TaskDef { module, name, .. } => {
                Tri::from_bool(r.rtype == "aws_ecs_task_definition" && r.module == *module && r.name == *name && r.attr == "arn")
            }
            Target::Other { module, rtype, name, .. } => {
                Tri::from_bool(r.rtype == *rtype && r.module == *module && r.name == *name && r.attr == "arn")
            }
        },
        ValueKind::Sym(parts) => {
            let Some(r) = parts.first().and_then(Value::as_resource_ref) else {
                // `"arn:aws:ecs:${region}:${account}:task-definition/${family}:*"`: decide with
                // the unknown parts as wildcards (could match) and as nothing (must match).
                let (Some(must), Some(could)) = (render(parts, "\u{1}"), render(parts, "*")) else { return Tri::Unknown };
                return match (str_matches(&must, t), str_matches(&could, t)) {
                    (Tri::Yes, _) => Tri::Yes,
                    (_, Tri::No) => Tri::No,
                    _ => Tri::Unknown,
                };
            };
            let rest: String = parts[1..].iter().filter_map(Value::as_str).collect();
            match t {
                Target::TaskDef { module, name, .. } => Tri::from_bool(
                    r.rtype == "aws_ecs_task_definition"
                        && r.module == *module
                        && r.name == *name
                        && r.attr == "arn_without_revision"
                        // `family:*`, `family:3`, or `family*` (which also covers every revision).
                        && (rest == ":*" || rest == "*" || rest.starts_with(':') && rest.len() > 1),
                ),
                Target::Role { module, name, .. } => {
                    Tri::from_bool(r.rtype == "aws_iam_role" && r.module == *module && r.name == *name && rest.is_empty())
                }
                Target::Other { .. } => Tri::No,
            }
        }
        ValueKind::Str(s) => str_matches(&s.s, t),
        _ => Tri::Unknown,
    }
}

/// A literal resource ARN (possibly with `*`/`?`) against the target.
fn str_matches(s: &str, t: &Target<'_>) -> Tri {
    if s == "*" {
        return Tri::Yes;
    }
    match t {
        Target::Role { role_name, .. } => {
            let Some(rest) = s.split_once(":role/").map(|(_, r)| r) else {
                // `arn:aws:iam::*:*` and the like could name any role.
                return if s.contains('*') && s.starts_with("arn:aws:iam::") { Tri::Unknown } else { Tri::No };
            };
            match role_name {
                Some(n) => Tri::from_bool(glob(rest.rsplit('/').next().unwrap_or(rest), n) || glob(rest, n)),
                None => Tri::Unknown,
            }
        }
        Target::TaskDef { family, .. } => {
            let Some(rest) = s.split_once(":task-definition/").map(|(_, r)| r) else {
                return Tri::No;
            };
            // `task-definition/*` (the family part only a wildcard) covers every family, also
            // one built from values known only after apply; a prefix (`nightly-*`) against an
            // unknown family cannot be decided.
            let every = |fam: &str| !fam.is_empty() && fam.bytes().all(|b| b == b'*');
            let Some((fam, rev)) = rest.split_once(':') else {
                // Family only: no longer authorises RunTask (aws.md §7.4), unless a `*` also
                // covers the revision.
                return match family {
                    Some(f) => Tri::from_bool(rest.contains('*') && glob(rest, &format!("{f}:1"))),
                    None if every(rest) => Tri::Yes,
                    None if rest.contains(['*', '?']) => Tri::Unknown,
                    None => Tri::No,
                };
            };
            match family {
                Some(f) => Tri::from_bool(glob(fam, f) && !rev.is_empty()),
                None if every(fam) => Tri::from_bool(!rev.is_empty()),
                None => Tri::Unknown,
            }
        }
        Target::Other { res_name, service, .. } => {
            if !s.starts_with(&format!("arn:aws:{service}:")) && !s.starts_with("arn:") {
                return Tri::No;
            }
            match res_name {
                Some(n) => Tri::from_bool(glob(s.rsplit(':').next().unwrap_or(""), n)),
                None => Tri::Unknown,
            }
        }
    }
}

/// The text of a symbolic string, with `unknown` for every part not known before apply.
fn render(parts: &[Value], unknown: &str) -> Option<String> {
    let mut out = String::new();
    for p in parts {
        match &p.kind {
            ValueKind::Str(x) => out.push_str(&x.s),
            ValueKind::Ref(_) | ValueKind::Unknown(_) => out.push_str(p.as_str().unwrap_or(unknown)),
            _ => return None,
        }
    }
    Some(out)
}

/// The resource text for checks of how broad a grant is: unknown parts match nothing, so
/// `arn:aws:iam::${account}:role/*` is still every role, and `role/${var.name}` is not.
pub(crate) fn resource_text(v: &Value) -> Option<String> {
    match &v.kind {
        ValueKind::Str(s) => Some(s.s.clone()),
        ValueKind::Sym(parts) => render(parts, "\u{1}"),
        _ => None,
    }
}

/// Whether the resource is `*` or names every role (`arn:aws:iam::*:role/*`, `role/*`).
pub(crate) fn any_role(elem: &str) -> bool {
    if elem == "*" {
        return true;
    }
    match elem.split_once(":role/") {
        Some((_, name)) => name.chars().all(|c| c == '*' || c == '/'),
        None => elem == "role/*" || elem.ends_with(":*") && elem.starts_with("arn:aws:iam::"),
    }
}

/// Whether the resource is `*` or names every task definition.
pub(crate) fn any_task_def(elem: &str) -> bool {
    if elem == "*" {
        return true;
    }
    match elem.split_once("task-definition/") {
        Some((_, fam)) => fam.split(':').next().is_some_and(|f| f.chars().all(|c| c == '*')),
        None => elem.starts_with("arn:aws:ecs:") && elem.ends_with(":*") && !elem.contains('/'),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::UnknownKind;

    #[test]
    fn globs() {
        for (p, s, want) in [
            ("ecs:Run*", "ecs:RunTask", true),
            ("ECS:runtask", "ecs:RunTask", true),
            ("ecs:?unTask", "ecs:RunTask", true),
            ("ecs:Start*", "ecs:RunTask", false),
            ("*", "iam:PassRole", true),
            ("iam:*", "iam:PassRole", true),
            ("iam:Pass", "iam:PassRole", false),
        ] {
            assert_eq!(glob(p, s), want, "{p} vs {s}");
        }
    }

    #[test]
    fn broad_resources() {
        for (r, role, td) in [
            ("*", true, true),
            ("arn:aws:iam::*:role/*", true, false),
            ("arn:aws:iam::123456789012:role/*", true, false),
            ("arn:aws:iam::123456789012:role/nightly-*", false, false),
            ("arn:aws:ecs:us-east-1:123456789012:task-definition/*", false, true),
            ("arn:aws:ecs:us-east-1:123456789012:task-definition/*:*", false, true),
            ("arn:aws:ecs:us-east-1:123456789012:task-definition/nightly:*", false, false),
        ] {
            assert_eq!(any_role(r), role, "{r}");
            assert_eq!(any_task_def(r), td, "{r}");
        }
    }

    fn sym(parts: &[&str]) -> Value {
        let v = parts
            .iter()
            .map(|p| if *p == "?" { Value::unknown(UnknownKind::AfterApply, "the account", None) } else { Value::str(*p, None) })
            .collect();
        Value::new(ValueKind::Sym(std::sync::Arc::new(v)), None)
    }

    #[test]
    fn names_built_from_the_same_unknown() {
        use crate::value::id_of_pieces;
        let var = || Value::unknown(UnknownKind::NoValue, "unset", None).with_unknown_id(Some(vec![IdPart::Opaque("var.name@0".into())]));
        let built = |pieces: &[Value]| Value::unknown(UnknownKind::NoValue, "unset", None).with_unknown_id(id_of_pieces(pieces));
        let family = var();
        let td = Target::TaskDef { module: "", name: "job", family: None, family_val: Some(&family) };
        let arn = |tail: &str| built(&[Value::str("arn:aws:ecs:*:*:task-definition/", None), var(), Value::str(tail, None)]);
        assert_eq!(resource_matches(&arn(":*"), &td), Tri::Yes);
        assert_eq!(resource_matches(&arn(":12"), &td), Tri::Yes);
        // No revision, another family, or a wildcard that may or may not cover it: undecided.
        assert_eq!(resource_matches(&arn(""), &td), Tri::Unknown);
        assert_eq!(resource_matches(&arn("-v2:*"), &td), Tri::Unknown);
        assert_eq!(resource_matches(&arn("*"), &td), Tri::Unknown);
        let name = built(&[var(), Value::str("-task", None)]);
        let role = Target::Role { module: "", name: "task", role_name: None, name_val: Some(&name) };
        let role_arn = |tail: &str| built(&[Value::str("arn:aws:iam::*:role/", None), var(), Value::str(tail, None)]);
        assert_eq!(resource_matches(&role_arn("-task"), &role), Tri::Yes);
        assert_eq!(resource_matches(&role_arn("-events"), &role), Tri::Unknown);
    }

    #[test]
    fn symbolic_resources() {
        let td = Target::TaskDef { module: "", name: "job", family: Some("nightly"), family_val: None };
        let arn = |fam: &str| sym(&["arn:aws:ecs:", "?", ":", "?", &format!(":task-definition/{fam}")]);
        assert_eq!(resource_matches(&arn("nightly:*"), &td), Tri::Yes);
        assert_eq!(resource_matches(&arn("nightly"), &td), Tri::No);
        assert_eq!(resource_matches(&arn("other:*"), &td), Tri::No);
        let fam_unknown = sym(&["arn:aws:ecs:us-east-1:1:task-definition/", "?", ":*"]);
        assert_eq!(resource_matches(&fam_unknown, &td), Tri::Unknown);
        // A job whose family is unknown: `task-definition/*` still covers it, a prefix may not.
        let unknown_family = Target::TaskDef { module: "", name: "job", family: None, family_val: None };
        for (arn, want) in [
            ("arn:aws:ecs:*:*:task-definition/*", Tri::Yes),
            ("arn:aws:ecs:*:*:task-definition/*:*", Tri::Yes),
            ("arn:aws:ecs:*:*:task-definition/**:7", Tri::Yes),
            ("arn:aws:ecs:*:*:task-definition/billing-*:*", Tri::Unknown),
            ("arn:aws:ecs:*:*:task-definition/billing-*", Tri::Unknown),
            ("arn:aws:ecs:*:*:task-definition/billing", Tri::No),
            ("*", Tri::Yes),
        ] {
            assert_eq!(resource_matches(&Value::str(arn, None), &unknown_family), want, "{arn}");
        }
        let r = crate::value::ResourceRef {
            module: String::new(),
            rtype: "aws_ecs_task_definition".into(),
            name: "job".into(),
            key: None,
            attr: "arn_without_revision".into(),
            known: None,
        };
        let with = |tail: &str| {
            Value::new(
                ValueKind::Sym(std::sync::Arc::new(vec![
                    Value::new(ValueKind::Ref(std::sync::Arc::new(r.clone())), None),
                    Value::str(tail, None),
                ])),
                None,
            )
        };
        assert_eq!(resource_matches(&with(":*"), &td), Tri::Yes);
        assert_eq!(resource_matches(&with("*"), &td), Tri::Yes);
        assert_eq!(resource_matches(&with(":7"), &td), Tri::Yes);
        assert_eq!(resource_matches(&with(""), &td), Tri::No);
        assert_eq!(resource_text(&sym(&["arn:aws:iam::", "?", ":role/*"])).map(|t| any_role(&t)), Some(true));
        assert_eq!(resource_text(&sym(&["arn:aws:iam::*:role/", "?"])).map(|t| any_role(&t)), Some(false));
    }
}
