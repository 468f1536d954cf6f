//! Collection functions: lists, maps and sets, keeping unknown elements in place where
//! Terraform's result would still have them.

use indexmap::IndexMap;

use super::super::expr::unknown_from;
use super::Call;
use crate::source::Span;
use crate::value::{UnknownKind, V, Val};

pub(super) fn merge(c: &Call<'_, '_>) -> Val {
    let mut m = IndexMap::new();
    for v in &c.vals {
        match &v.kind {
            V::Obj(o) => m.extend(o.iter().map(|(k, v)| (k.clone(), v.clone()))),
            V::Null => {}
            _ => return unknown_from(v, c.sp),
        }
    }
    Val::obj(m, c.sp)
}

pub(super) fn concat(c: &Call<'_, '_>) -> Val {
    let mut out = Vec::new();
    for v in &c.vals {
        match &v.kind {
            V::List(l) => out.extend(l.iter().cloned()),
            _ => return unknown_from(v, c.sp),
        }
    }
    Val::list(out, c.sp)
}

pub(super) fn flatten(c: &Call<'_, '_>) -> Val {
    fn flat(v: &Val, out: &mut Vec<Val>, d: usize) -> bool {
        match &v.kind {
            V::List(l) if d < 32 => l.iter().all(|x| flat(x, out, d + 1)),
            V::Unknown(_) => false,
            _ => {
                out.push(v.clone());
                true
            }
        }
    }
    let mut out = Vec::new();
    if flat(&c.arg(0), &mut out, 0) { Val::list(out, c.sp) } else { unknown_from(&c.arg(0), c.sp) }
}

pub(super) fn distinct_fn(c: &Call<'_, '_>) -> Val {
    distinct(&c.arg(0), c.sp)
}

pub(super) fn compact(c: &Call<'_, '_>) -> Val {
    match &c.arg(0).kind {
        V::List(l) => Val::list(l.iter().filter(|x| !(x.is_null() || x.as_str() == Some(""))).cloned().collect(), c.sp),
        _ => unknown_from(&c.arg(0), c.sp),
    }
}

pub(super) fn coalesce(c: &Call<'_, '_>) -> Val {
    let sp = c.sp;
    c.vals.iter().find(|v| !(v.is_null() || v.as_str() == Some(""))).cloned().map_or_else(
        || Val::unknown(UnknownKind::Unsupported, "`coalesce` with no non-empty argument", sp),
        // `coalesce(var.a, "x")` is not `var.a` when that is empty: no identity.
        |v| if v.is_unknown() { v.respan(sp).with_unknown_id(None) } else { v },
    )
}

pub(super) fn coalescelist(c: &Call<'_, '_>) -> Val {
    c.vals
        .iter()
        .find(|v| v.as_list().is_some_and(|l| !l.is_empty()) || v.is_unknown())
        .cloned()
        .unwrap_or_else(|| Val::list(Vec::new(), c.sp))
}

pub(super) fn lookup(c: &Call<'_, '_>) -> Val {
    match (&c.arg(0).kind, c.s(1)) {
        (V::Obj(m), Some(k)) => m
            .get(&k)
            .cloned()
            .or_else(|| c.vals.get(2).cloned())
            .unwrap_or_else(|| Val::unknown(UnknownKind::Unsupported, format!("`lookup` found no key `{k}`"), c.sp)),
        _ => c.unknown_of(0, 1),
    }
}

pub(super) fn element(c: &Call<'_, '_>) -> Val {
    match (&c.arg(0).kind, c.arg(1).as_f64()) {
        #[expect(clippy::cast_possible_truncation, clippy::cast_sign_loss, reason = "checked")]
        (V::List(l), Some(n)) if !l.is_empty() && n >= 0.0 => l[(n as usize) % l.len()].clone(),
        _ => c.unknown_of(0, 1),
    }
}

pub(super) fn one(c: &Call<'_, '_>) -> Val {
    match &c.arg(0).kind {
        V::List(l) if l.len() == 1 => l[0].clone(),
        V::List(l) if l.is_empty() => Val::null(),
        _ => unknown_from(&c.arg(0), c.sp),
    }
}

pub(super) fn length(c: &Call<'_, '_>) -> Val {
    let sp = c.sp;
    match &c.arg(0).kind {
        #[expect(clippy::cast_precision_loss, reason = "small")]
        V::List(l) => Val::num(l.len() as f64, sp),
        #[expect(clippy::cast_precision_loss, reason = "small")]
        V::Obj(m) => Val::num(m.len() as f64, sp),
        #[expect(clippy::cast_precision_loss, reason = "small")]
        V::Str(x) => Val::num(x.s.chars().count() as f64, sp),
        _ => unknown_from(&c.arg(0), sp),
    }
}

pub(super) fn keys(c: &Call<'_, '_>) -> Val {
    match &c.arg(0).kind {
        V::Obj(m) => Val::list(sorted(m).into_iter().map(|(k, _)| Val::str(k.clone(), None)).collect(), c.sp),
        _ => unknown_from(&c.arg(0), c.sp),
    }
}

pub(super) fn values(c: &Call<'_, '_>) -> Val {
    match &c.arg(0).kind {
        V::Obj(m) => Val::list(sorted(m).into_iter().map(|(_, v)| v.clone()).collect(), c.sp),
        _ => unknown_from(&c.arg(0), c.sp),
    }
}

pub(super) fn zipmap(c: &Call<'_, '_>) -> Val {
    match (&c.arg(0).kind, &c.arg(1).kind) {
        (V::List(k), V::List(v)) => {
            let mut m = IndexMap::new();
            for (k, v) in k.iter().zip(v.iter()) {
                match k.to_tf_string() {
                    Some(k) => m.insert(k, v.clone()),
                    None => return unknown_from(k, c.sp),
                };
            }
            Val::obj(m, c.sp)
        }
        _ => Val::unknown(UnknownKind::AfterApply, "`zipmap` of unknown lists", c.sp),
    }
}

pub(super) fn contains(c: &Call<'_, '_>) -> Val {
    let needle = c.arg(1);
    match &c.arg(0).kind {
        V::List(l) => Val::bool(
            l.iter().any(|x| x.kind == needle.kind || (x.to_tf_string().is_some() && x.to_tf_string() == needle.to_tf_string())),
            c.sp,
        ),
        _ => unknown_from(&c.arg(0), c.sp),
    }
}

pub(super) fn reverse(c: &Call<'_, '_>) -> Val {
    match &c.arg(0).kind {
        V::List(l) => Val::list(l.iter().rev().cloned().collect(), c.sp),
        _ => unknown_from(&c.arg(0), c.sp),
    }
}

pub(super) fn sort(c: &Call<'_, '_>) -> Val {
    match &c.arg(0).kind {
        V::List(l) => {
            let mut v: Vec<Val> = l.iter().cloned().collect();
            v.sort_by_key(|x| x.to_tf_string().unwrap_or_default());
            Val::list(v, c.sp)
        }
        _ => unknown_from(&c.arg(0), c.sp),
    }
}

pub(super) fn range(c: &Call<'_, '_>) -> Val {
    let sp = c.sp;
    let n: Vec<f64> = c.vals.iter().filter_map(Val::as_f64).collect();
    let (start, end, step) = match n.as_slice() {
        [e] => (0.0, *e, 1.0),
        [s, e] => (*s, *e, 1.0),
        [s, e, st] => (*s, *e, *st),
        _ => return Val::unknown(UnknownKind::AfterApply, "`range` of unknown values", sp),
    };
    if step == 0.0 {
        return Val::unknown(UnknownKind::Unsupported, "`range` with step 0", sp);
    }
    let mut out = Vec::new();
    let mut x = start;
    while (step > 0.0 && x < end || step < 0.0 && x > end) && out.len() < 1024 {
        out.push(Val::num(x, None));
        x += step;
    }
    Val::list(out, sp)
}

pub(super) fn slice(c: &Call<'_, '_>) -> Val {
    match (&c.arg(0).kind, c.arg(1).as_f64(), c.arg(2).as_f64()) {
        #[expect(clippy::cast_possible_truncation, clippy::cast_sign_loss, reason = "checked")]
        (V::List(l), Some(a), Some(b)) if a >= 0.0 && b >= a && (b as usize) <= l.len() => {
            Val::list(l[a as usize..b as usize].to_vec(), c.sp)
        }
        _ => Val::error("`slice` out of range", c.sp),
    }
}

pub(super) fn index(c: &Call<'_, '_>) -> Val {
    match &c.arg(0).kind {
        V::List(l) => match l.iter().position(|x| same_value(x, &c.arg(1))) {
            #[expect(clippy::cast_precision_loss, reason = "small")]
            Some(i) => Val::num(i as f64, c.sp),
            None => Val::error("`index`: the item is not in the list", c.sp),
        },
        _ => unknown_from(&c.arg(0), c.sp),
    }
}

/// `setunion`, `setintersection`, `setsubtract`.
pub(super) fn sets(c: &Call<'_, '_>) -> Val {
    let (name, sp) = (c.name, c.sp);
    let lists: Option<Vec<&[Val]>> = c.vals.iter().map(Val::as_list).collect();
    let Some(lists) = lists else { return Val::unknown(UnknownKind::AfterApply, format!("`{name}` of unknown sets"), sp) };
    let mut out: Vec<Val> = Vec::new();
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
    let mut v = distinct(&Val::list(out, sp), sp);
    if let V::List(l) = &mut v.kind {
        std::sync::Arc::make_mut(l).sort_by(set_order);
    }
    v
}

pub(super) fn sum(c: &Call<'_, '_>) -> Val {
    match c.arg(0).as_list().map(|l| l.iter().map(Val::as_f64).collect::<Option<Vec<f64>>>()) {
        Some(Some(n)) if !n.is_empty() => Val::num(n.iter().sum(), c.sp),
        _ => Val::unknown(UnknownKind::AfterApply, "`sum` of unknown numbers", c.sp),
    }
}

/// `alltrue`, `anytrue`.
pub(super) fn all_any(c: &Call<'_, '_>) -> Val {
    match c.arg(0).as_list().map(|l| l.iter().map(Val::as_bool).collect::<Option<Vec<bool>>>()) {
        Some(Some(b)) => Val::bool(if c.name == "alltrue" { b.iter().all(|x| *x) } else { b.iter().any(|x| *x) }, c.sp),
        _ => Val::unknown(UnknownKind::AfterApply, format!("`{}` of unknown values", c.name), c.sp),
    }
}

/// An object's entries in Terraform's order: by key.
pub(in crate::eval) fn sorted(m: &IndexMap<String, Val>) -> Vec<(&String, &Val)> {
    let mut v: Vec<(&String, &Val)> = m.iter().collect();
    v.sort_by(|a, b| a.0.cmp(b.0));
    v
}

/// Equal as Terraform values (ignoring where they were written).
fn same_value(a: &Val, b: &Val) -> bool {
    match (a.to_json(), b.to_json()) {
        (Some(x), Some(y)) => x == y && std::mem::discriminant(&a.kind) == std::mem::discriminant(&b.kind),
        _ => a.kind == b.kind,
    }
}

/// Terraform's order for set elements: numbers numerically, then strings lexically.
pub(super) fn set_order(a: &Val, b: &Val) -> std::cmp::Ordering {
    match (&a.kind, &b.kind) {
        (V::Num(x), V::Num(y)) => x.partial_cmp(y).unwrap_or(std::cmp::Ordering::Equal),
        _ => a.to_tf_string().cmp(&b.to_tf_string()),
    }
}

pub(super) fn distinct(v: &Val, sp: Option<Span>) -> Val {
    match &v.kind {
        V::List(l) => {
            let mut out: Vec<Val> = Vec::new();
            for x in l.iter() {
                if !out.iter().any(|o| same_value(o, x)) {
                    out.push(x.clone());
                }
            }
            Val::list(out, sp)
        }
        _ => unknown_from(v, sp),
    }
}
