//! Filesystem functions: paths as strings, and files read only inside the scanned tree
//! (`super::super::data::read_file`).

use super::super::data::file_val;
use super::super::expr::unknown_from;
use super::Call;
use crate::value::{UnknownKind, Value, ValueKind};

pub(super) fn basename(c: &Call<'_, '_>) -> Value {
    c.s(0).map_or_else(|| unknown_from(&c.arg(0), c.sp), |x| Value::str(x.rsplit('/').next().unwrap_or(""), c.sp))
}

pub(super) fn dirname(c: &Call<'_, '_>) -> Value {
    c.s(0).map_or_else(|| unknown_from(&c.arg(0), c.sp), |x| Value::str(x.rsplit_once('/').map_or(".", |(d, _)| d), c.sp))
}

pub(super) fn file(c: &Call<'_, '_>) -> Value {
    match c.s(0) {
        Some(p) => match c.ev.read_file(c.scope.inst, &p) {
            Ok((id, text)) => file_val(id, &text),
            Err(why) => Value::unknown(why.kind, format!("`file()`: {why}"), c.sp),
        },
        None => unknown_from(&c.arg(0), c.sp),
    }
}

pub(super) fn fileexists(c: &Call<'_, '_>) -> Value {
    match c.s(0) {
        Some(p) => Value::bool(c.ev.read_file(c.scope.inst, &p).is_ok(), c.sp),
        None => unknown_from(&c.arg(0), c.sp),
    }
}

pub(super) fn templatefile(c: &Call<'_, '_>) -> Value {
    match (c.s(0), &c.arg(1).kind) {
        (Some(p), ValueKind::Obj(vars)) => match c.ev.read_file(c.scope.inst, &p) {
            Ok((id, text)) => c.ev.render(&file_val(id, &text), vars, c.scope.inst, c.span),
            Err(why) => Value::unknown(why.kind, format!("`templatefile()`: {why}"), c.sp),
        },
        _ => Value::unknown(UnknownKind::AfterApply, "`templatefile()` with unknown arguments", c.sp),
    }
}
