//! Encoding functions: `jsonencode` keeps its value (and its unknown parts) as a document;
//! `jsondecode` reads JSON text with spans into the file it was written in.

use std::sync::Arc;

use super::super::expr::unknown_from;
use super::super::json::decode_json;
use super::Call;
use crate::value::{UnknownKind, V, Val};

pub(super) fn jsonencode(c: &Call<'_, '_>) -> Val {
    Val::new(V::Json(Arc::new(c.arg(0))), c.sp)
}

pub(super) fn jsondecode(c: &Call<'_, '_>) -> Val {
    let sp = c.sp;
    match c.vals.first() {
        Some(v) if v.as_string_val().is_some() => {
            decode_json(v).unwrap_or_else(|e| Val::unknown(UnknownKind::Unsupported, format!("`jsondecode` of invalid JSON: {}", e.0), sp))
        }
        Some(Val { kind: V::Json(inner), .. }) => (**inner).clone(),
        Some(v) => unknown_from(v, sp),
        None => Val::unknown(UnknownKind::Unsupported, "`jsondecode` needs an argument", sp),
    }
}
