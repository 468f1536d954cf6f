//! Encoding functions: `jsonencode` keeps its value (and its unknown parts) as a document;
//! `jsondecode` reads JSON text with spans into the file it was written in.

use std::sync::Arc;

use super::super::expr::unknown_from;
use super::super::json::decode_json;
use super::Call;
use crate::value::{UnknownKind, Value, ValueKind};

pub(super) fn jsonencode(c: &Call<'_, '_>) -> Value {
    Value::new(ValueKind::Json(Arc::new(c.arg(0))), c.sp)
}

pub(super) fn jsondecode(c: &Call<'_, '_>) -> Value {
    let sp = c.sp;
    match c.vals.first() {
        Some(v) if v.as_tf_string().is_some() => decode_json(v)
            .unwrap_or_else(|e| Value::unknown(UnknownKind::Unsupported, format!("`jsondecode` of invalid JSON: {}", e.0), sp)),
        Some(Value { kind: ValueKind::Json(inner), .. }) => (**inner).clone(),
        Some(v) => unknown_from(v, sp),
        None => Value::unknown(UnknownKind::Unsupported, "`jsondecode` needs an argument", sp),
    }
}
