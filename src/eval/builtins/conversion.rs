//! Type conversion functions, and `try`/`can`, which evaluate their arguments themselves.

use super::super::expr::unknown_from;
use super::super::{Evaluator, Scope};
use super::Call;
use super::collections::{distinct, set_order};
use crate::load::ast::Expr;
use crate::source::Span;
use crate::value::{UnknownKind, V, Val, fmt_num};

/// `try`: the first argument that is not a Terraform error; an unknown one is the result
/// (Terraform cannot tell yet whether it will fail).
pub(super) fn try_(ev: &Evaluator<'_>, args: &[Expr], scope: &Scope, span: Span) -> Val {
    let mut last = Val::unknown(UnknownKind::Unsupported, "`try` with no arguments", Some(span));
    for a in args {
        let v = ev.expr(a, scope);
        if !v.first_unknown().is_some_and(Val::is_error) {
            return v;
        }
        last = v;
    }
    last
}

pub(super) fn can(ev: &Evaluator<'_>, args: &[Expr], scope: &Scope, span: Span) -> Val {
    let sp = Some(span);
    let v = args.first().map(|a| ev.expr(a, scope));
    match v {
        Some(v) if !v.has_unknown() => Val::bool(true, sp),
        Some(v) if v.first_unknown().is_some_and(Val::is_error) => Val::bool(false, sp),
        _ => Val::unknown(UnknownKind::Derived, "`can` of a value we cannot evaluate", sp),
    }
}

/// `sensitive`, `nonsensitive`, `tomap`: the value itself.
pub(super) fn identity(c: &Call<'_, '_>) -> Val {
    c.arg(0)
}

pub(super) fn tostring(c: &Call<'_, '_>) -> Val {
    match &c.arg(0).kind {
        V::Num(n) => Val::str(fmt_num(*n), c.arg(0).span),
        V::Bool(b) => Val::str(b.to_string(), c.arg(0).span),
        _ => c.arg(0),
    }
}

pub(super) fn tonumber(c: &Call<'_, '_>) -> Val {
    match c.arg(0).as_f64() {
        Some(n) => Val::num(n, c.arg(0).span),
        None => Val::error("`tonumber` of a non-number", c.sp),
    }
}

pub(super) fn tobool(c: &Call<'_, '_>) -> Val {
    match c.arg(0).as_bool() {
        Some(b) => Val::bool(b, c.arg(0).span),
        None => Val::error("`tobool` of a non-bool", c.sp),
    }
}

pub(super) fn tolist(c: &Call<'_, '_>) -> Val {
    match &c.arg(0).kind {
        V::List(_) => c.arg(0),
        _ => unknown_from(&c.arg(0), c.sp),
    }
}

pub(super) fn toset(c: &Call<'_, '_>) -> Val {
    match &c.arg(0).kind {
        V::List(_) => {
            // Terraform orders a set of primitives by value.
            let mut v = distinct(&c.arg(0), c.sp);
            if let V::List(l) = &mut v.kind {
                std::sync::Arc::make_mut(l).sort_by(set_order);
            }
            v
        }
        _ => unknown_from(&c.arg(0), c.sp),
    }
}
