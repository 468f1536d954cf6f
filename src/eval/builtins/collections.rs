//! Collection functions: lists, maps and sets, keeping unknown elements in place where
//! Terraform's result would still have them.

use indexmap::IndexMap;

use super::super::expr::unknown_from;
use super::Call;
use crate::source::Span;
use crate::value::{UnknownKind, Value, ValueKind};

pub(super) fn merge(c: &Call<'_, '_>) -> Value {
    let mut m = IndexMap::new();
    for v in &c.vals {
        match &v.kind {
            ValueKind::Obj(o) => m.extend(o.iter().map(|(k, v)| (k.clone(), v.clone()))),
            ValueKind::Null => {}
            _ => return unknown_from(v, c.sp),
        }
    }
    Value::obj(m, c.sp)
}

pub(super) fn concat(c: &Call<'_, '_>) -> Value {
    let mut out = Vec::new();
    for v in &c.vals {
        match &v.kind {
            ValueKind::List(l) => out.extend(l.iter().cloned()),
            _ => return unknown_from(v, c.sp),
        }
    }
    Value::list(out, c.sp)
}

pub(super) fn flatten(c: &Call<'_, '_>) -> Value {
    fn flat(v: &Value, out: &mut Vec<Value>, d: usize) -> bool {
        match &v.kind {
            ValueKind::List(l) if d < 32 => l.iter().all(|x| flat(x, out, d + 1)),
            ValueKind::Unknown(_) => false,
            _ => {
                out.push(v.clone());
                true
            }
        }
    }
    let mut out = Vec::new();
    if flat(&c.arg(0), &mut out, 0) { Value::list(out, c.sp) } else { unknown_from(&c.arg(0), c.sp) }
}

pub(super) fn distinct_fn(c: &Call<'_, '_>) -> Value {
    distinct(&c.arg(0), c.sp)
}

pub(super) fn compact(c: &Call<'_, '_>) -> Value {
    match &c.arg(0).kind {
        ValueKind::List(l) => Value::list(l.iter().filter(|x| !(x.is_null() || x.as_str() == Some(""))).cloned().collect(), c.sp),
        _ => unknown_from(&c.arg(0), c.sp),
    }
}

pub(super) fn coalesce(c: &Call<'_, '_>) -> Value {
    let sp = c.sp;
    c.vals.iter().find(|v| !(v.is_null() || v.as_str() == Some(""))).cloned().map_or_else(
        || Value::unknown(UnknownKind::Unsupported, "`coalesce` with no non-empty argument", sp),
        // `coalesce(var.a, "x")` is not `var.a` when that is empty: no identity.
        |v| if v.is_unknown() { v.respan(sp).with_unknown_id(None) } else { v },
    )
}

pub(super) fn coalescelist(c: &Call<'_, '_>) -> Value {
    c.vals
        .iter()
        .find(|v| v.as_list().is_some_and(|l| !l.is_empty()) || v.is_unknown())
        .cloned()
        .unwrap_or_else(|| Value::list(Vec::new(), c.sp))
}

pub(super) fn lookup(c: &Call<'_, '_>) -> Value {
    match (&c.arg(0).kind, c.s(1)) {
        (ValueKind::Obj(m), Some(k)) => m
            .get(&k)
            .cloned()
            .or_else(|| c.vals.get(2).cloned())
            .unwrap_or_else(|| Value::unknown(UnknownKind::Unsupported, format!("`lookup` found no key `{k}`"), c.sp)),
        _ => c.unknown_of(0, 1),
    }
}

pub(super) fn element(c: &Call<'_, '_>) -> Value {
    match (&c.arg(0).kind, c.arg(1).as_f64()) {
        #[expect(clippy::cast_possible_truncation, clippy::cast_sign_loss, reason = "checked")]
        (ValueKind::List(l), Some(n)) if !l.is_empty() && n >= 0.0 => l[(n as usize) % l.len()].clone(),
        _ => c.unknown_of(0, 1),
    }
}

pub(super) fn one(c: &Call<'_, '_>) -> Value {
    match &c.arg(0).kind {
        ValueKind::List(l) if l.len() == 1 => l[0].clone(),
        ValueKind::List(l) if l.is_empty() => Value::null(),
        _ => unknown_from(&c.arg(0), c.sp),
    }
}

pub(super) fn length(c: &Call<'_, '_>) -> Value {
    let sp = c.sp;
    match &c.arg(0).kind {
        #[expect(clippy::cast_precision_loss, reason = "small")]
        ValueKind::List(l) => Value::num(l.len() as f64, sp),
        #[expect(clippy::cast_precision_loss, reason = "small")]
        ValueKind::Obj(m) => Value::num(m.len() as f64, sp),
        #[expect(clippy::cast_precision_loss, reason = "small")]
        ValueKind::Str(x) => Value::num(x.s.chars().count() as f64, sp),
        _ => unknown_from(&c.arg(0), sp),
    }
}

pub(super) fn keys(c: &Call<'_, '_>) -> Value {
    match &c.arg(0).kind {
        ValueKind::Obj(m) => Value::list(sorted(m).into_iter().map(|(k, _)| Value::str(k.clone(), None)).collect(), c.sp),
        _ => unknown_from(&c.arg(0), c.sp),
    }
}

pub(super) fn values(c: &Call<'_, '_>) -> Value {
    match &c.arg(0).kind {
        ValueKind::Obj(m) => Value::list(sorted(m).into_iter().map(|(_, v)| v.clone()).collect(), c.sp),
        _ => unknown_from(&c.arg(0), c.sp),
    }
}

pub(super) fn zipmap(c: &Call<'_, '_>) -> Value {
    match (&c.arg(0).kind, &c.arg(1).kind) {
        (ValueKind::List(k), ValueKind::List(v)) => {
            let mut m = IndexMap::new();
            for (k, v) in k.iter().zip(v.iter()) {
                match k.to_tf_string() {
                    Some(k) => m.insert(k, v.clone()),
                    None => return unknown_from(k, c.sp),
                };
            }
            Value::obj(m, c.sp)
        }
        _ => Value::unknown(UnknownKind::AfterApply, "`zipmap` of unknown lists", c.sp),
    }
}

pub(super) fn contains(c: &Call<'_, '_>) -> Value {
    let needle = c.arg(1);
    match &c.arg(0).kind {
        ValueKind::List(l) => Value::bool(
            l.iter().any(|x| x.kind == needle.kind || (x.to_tf_string().is_some() && x.to_tf_string() == needle.to_tf_string())),
            c.sp,
        ),
        _ => unknown_from(&c.arg(0), c.sp),
    }
}

pub(super) fn reverse(c: &Call<'_, '_>) -> Value {
    match &c.arg(0).kind {
        ValueKind::List(l) => Value::list(l.iter().rev().cloned().collect(), c.sp),
        _ => unknown_from(&c.arg(0), c.sp),
    }
}

pub(super) fn sort(c: &Call<'_, '_>) -> Value {
    match &c.arg(0).kind {
        ValueKind::List(l) => {
            let mut v: Vec<Value> = l.iter().cloned().collect();
            v.sort_by_key(|x| x.to_tf_string().unwrap_or_default());
            Value::list(v, c.sp)
        }
        _ => unknown_from(&c.arg(0), c.sp),
    }
}

pub(super) fn range(c: &Call<'_, '_>) -> Value {
    let sp = c.sp;
    let n: Vec<f64> = c.vals.iter().filter_map(Value::as_f64).collect();
    let (start, end, step) = match n.as_slice() {
        [e] => (0.0, *e, 1.0),
        [s, e] => (*s, *e, 1.0),
        [s, e, st] => (*s, *e, *st),
        _ => return Value::unknown(UnknownKind::AfterApply, "`range` of unknown values", sp),
    };
    if step == 0.0 {
        return Value::unknown(UnknownKind::Unsupported, "`range` with step 0", sp);
    }
    let mut out = Vec::new();
    let mut x = start;
    while (step > 0.0 && x < end || step < 0.0 && x > end) && out.len() < 1024 {
        out.push(Value::num(x, None));
        x += step;
    }
    Value::list(out, sp)
}

pub(super) fn slice(c: &Call<'_, '_>) -> Value {
    match (&c.arg(0).kind, c.arg(1).as_f64(), c.arg(2).as_f64()) {
        #[expect(clippy::cast_possible_truncation, clippy::cast_sign_loss, reason = "checked")]
        (ValueKind::List(l), Some(a), Some(b)) if a >= 0.0 && b >= a && (b as usize) <= l.len() => {
            Value::list(l[a as usize..b as usize].to_vec(), c.sp)
        }
        _ => Value::error("`slice` out of range", c.sp),
    }
}

pub(super) fn index(c: &Call<'_, '_>) -> Value {
    match &c.arg(0).kind {
        ValueKind::List(l) => match l.iter().position(|x| same_value(x, &c.arg(1))) {
            #[expect(clippy::cast_precision_loss, reason = "small")]
            Some(i) => Value::num(i as f64, c.sp),
            None => Value::error("`index`: the item is not in the list", c.sp),
        },
        _ => unknown_from(&c.arg(0), c.sp),
    }
}

/// `setunion`, `setintersection`, `setsubtract`.
pub(super) fn sets(c: &Call<'_, '_>) -> Value {
    let (name, sp) = (c.name, c.sp);
    let lists: Option<Vec<&[Value]>> = c.vals.iter().map(Value::as_list).collect();
    let Some(lists) = lists else { return Value::unknown(UnknownKind::AfterApply, format!("`{name}` of unknown sets"), sp) };
    let mut out: Vec<Value> = Vec::new();
    match name {
        "setunion" => lists.iter().flat_map(|l| l.iter()).for_each(|x| out.push(x.clone())),
        "setintersection" => {
            if let Some((first, rest)) = lists.split_first() {
                out = first.iter().filter(|x| rest.iter().all(|l| l.iter().any(|y| same_value(x, y)))).cloned().collect();
            }
        }
        _ => {
            if let [a, b, ..] = lists.as_slice() {
                out = a.iter().filter(|x| !b.iter().any(|y| same_value(x, y))).cloned().collect();
            }
        }
    }
    let mut v = distinct(&Value::list(out, sp), sp);
    if let ValueKind::List(l) = &mut v.kind {
        std::sync::Arc::make_mut(l).sort_by(set_order);
    }
    v
}

pub(super) fn sum(c: &Call<'_, '_>) -> Value {
    match c.arg(0).as_list().map(|l| l.iter().map(Value::as_f64).collect::<Option<Vec<f64>>>()) {
        Some(Some(n)) if !n.is_empty() => Value::num(n.iter().sum(), c.sp),
        _ => Value::unknown(UnknownKind::AfterApply, "`sum` of unknown numbers", c.sp),
    }
}

/// `alltrue`, `anytrue`.
pub(super) fn all_any(c: &Call<'_, '_>) -> Value {
    match c.arg(0).as_list().map(|l| l.iter().map(Value::as_bool).collect::<Option<Vec<bool>>>()) {
        Some(Some(b)) => Value::bool(if c.name == "alltrue" { b.iter().all(|x| *x) } else { b.iter().any(|x| *x) }, c.sp),
        _ => Value::unknown(UnknownKind::AfterApply, format!("`{}` of unknown values", c.name), c.sp),
    }
}

/// An object's entries in Terraform's order: by key.
pub(in crate::eval) fn sorted(m: &IndexMap<String, Value>) -> Vec<(&String, &Value)> {
    let mut v: Vec<(&String, &Value)> = m.iter().collect();
    v.sort_by(|a, b| a.0.cmp(b.0));
    v
}

/// Equal as Terraform values (ignoring where they were written).
fn same_value(a: &Value, b: &Value) -> bool {
    match (a.to_json(), b.to_json()) {
        (Some(x), Some(y)) => x == y && std::mem::discriminant(&a.kind) == std::mem::discriminant(&b.kind),
        _ => a.kind == b.kind,
    }
}

/// Terraform's order for set elements: numbers numerically, then strings lexically.
pub(super) fn set_order(a: &Value, b: &Value) -> std::cmp::Ordering {
    match (&a.kind, &b.kind) {
        (ValueKind::Num(x), ValueKind::Num(y)) => x.partial_cmp(y).unwrap_or(std::cmp::Ordering::Equal),
        _ => a.to_tf_string().cmp(&b.to_tf_string()),
    }
}

pub(super) fn distinct(v: &Value, sp: Option<Span>) -> Value {
    match &v.kind {
        ValueKind::List(l) => {
            let mut out: Vec<Value> = Vec::new();
            for x in l.iter() {
                if !out.iter().any(|o| same_value(o, x)) {
                    out.push(x.clone());
                }
            }
            Value::list(out, sp)
        }
        _ => unknown_from(v, sp),
    }
}
