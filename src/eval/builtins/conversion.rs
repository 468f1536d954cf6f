//! Type conversion functions, and `try`/`can`, which evaluate their arguments themselves.

use super::super::expr::unknown_from;
use super::super::{Evaluator, Scope};
use super::Call;
use super::collections::{distinct, set_order};
use crate::load::ast::Expr;
use crate::source::Span;
use crate::value::{UnknownKind, Value, ValueKind, fmt_num};

/// `try`: the first argument that is not a Terraform error; an unknown one is the result
/// (Terraform cannot tell yet whether it will fail).
pub(super) fn try_(ev: &Evaluator<'_>, args: &[Expr], scope: &Scope, span: Span) -> Value {
    let mut last = Value::unknown(UnknownKind::Unsupported, "`try` with no arguments", Some(span));
    for a in args {
        let v = ev.expr(a, scope);
        if !v.first_unknown().is_some_and(Value::is_error) {
            return v;
        }
        last = v;
    }
    last
}

pub(super) fn can(ev: &Evaluator<'_>, args: &[Expr], scope: &Scope, span: Span) -> Value {
    let sp = Some(span);
    let v = args.first().map(|a| ev.expr(a, scope));
    match v {
        Some(v) if !v.has_unknown() => Value::bool(true, sp),
        Some(v) if v.first_unknown().is_some_and(Value::is_error) => Value::bool(false, sp),
        _ => Value::unknown(UnknownKind::Derived, "`can` of a value we cannot evaluate", sp),
    }
}

/// `sensitive`, `nonsensitive`, `tomap`: the value itself.
pub(super) fn identity(c: &Call<'_, '_>) -> Value {
    c.arg(0)
}

pub(super) fn tostring(c: &Call<'_, '_>) -> Value {
    match &c.arg(0).kind {
        ValueKind::Num(n) => Value::str(fmt_num(*n), c.arg(0).span),
        ValueKind::Bool(b) => Value::str(b.to_string(), c.arg(0).span),
        _ => c.arg(0),
    }
}

pub(super) fn tonumber(c: &Call<'_, '_>) -> Value {
    match c.arg(0).as_f64() {
        Some(n) => Value::num(n, c.arg(0).span),
        None => Value::error("`tonumber` of a non-number", c.sp),
    }
}

pub(super) fn tobool(c: &Call<'_, '_>) -> Value {
    match c.arg(0).as_bool() {
        Some(b) => Value::bool(b, c.arg(0).span),
        None => Value::error("`tobool` of a non-bool", c.sp),
    }
}

pub(super) fn tolist(c: &Call<'_, '_>) -> Value {
    match &c.arg(0).kind {
        ValueKind::List(_) => c.arg(0),
        _ => unknown_from(&c.arg(0), c.sp),
    }
}

pub(super) fn toset(c: &Call<'_, '_>) -> Value {
    match &c.arg(0).kind {
        ValueKind::List(_) => {
            // Terraform orders a set of primitives by value.
            let mut v = distinct(&c.arg(0), c.sp);
            if let ValueKind::List(l) = &mut v.kind {
                std::sync::Arc::make_mut(l).sort_by(set_order);
            }
            v
        }
        _ => unknown_from(&c.arg(0), c.sp),
    }
}
