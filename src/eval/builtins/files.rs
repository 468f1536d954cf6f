//! Filesystem functions: paths as strings, and files read only inside the scanned tree
//! (`super::super::data::read_file`).

use super::super::data::file_val;
use super::super::expr::unknown_from;
use super::Call;
use crate::value::{UnknownKind, V, Val};

pub(super) fn basename(c: &Call<'_, '_>) -> Val {
    c.s(0).map_or_else(|| unknown_from(&c.arg(0), c.sp), |x| Val::str(x.rsplit('/').next().unwrap_or(""), c.sp))
}

pub(super) fn dirname(c: &Call<'_, '_>) -> Val {
    c.s(0).map_or_else(|| unknown_from(&c.arg(0), c.sp), |x| Val::str(x.rsplit_once('/').map_or(".", |(d, _)| d), c.sp))
}

pub(super) fn file(c: &Call<'_, '_>) -> Val {
    match c.s(0) {
        Some(p) => match c.ev.read_file(c.scope.inst, &p) {
            Ok((id, text)) => file_val(id, &text),
            Err(why) => Val::unknown(why.kind, format!("`file()`: {why}"), c.sp),
        },
        None => unknown_from(&c.arg(0), c.sp),
    }
}

pub(super) fn fileexists(c: &Call<'_, '_>) -> Val {
    match c.s(0) {
        Some(p) => Val::bool(c.ev.read_file(c.scope.inst, &p).is_ok(), c.sp),
        None => unknown_from(&c.arg(0), c.sp),
    }
}

pub(super) fn templatefile(c: &Call<'_, '_>) -> Val {
    match (c.s(0), &c.arg(1).kind) {
        (Some(p), V::Obj(vars)) => match c.ev.read_file(c.scope.inst, &p) {
            Ok((id, text)) => c.ev.render(&file_val(id, &text), vars, c.scope.inst, c.span),
            Err(why) => Val::unknown(why.kind, format!("`templatefile()`: {why}"), c.sp),
        },
        _ => Val::unknown(UnknownKind::AfterApply, "`templatefile()` with unknown arguments", c.sp),
    }
}
