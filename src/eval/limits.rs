//! Size bounds on values. A hostile configuration can double a value at every step
//! (`"${local.a}${local.a}"` through a chain of locals, `[local.a, local.a]`, `jsonencode` of
//! shared sub-objects): without a bound, forty steps are a terabyte. Every value an
//! expression builds is measured (the measure stops at the cap, so measuring is cheap), a
//! value over [`MAX_VALUE_BYTES`] becomes unknown with a JC002 note, and the bytes measured
//! per root are charged to [`MAX_ROOT_VALUE_BYTES`], which bounds the time spent measuring.

use super::Evaluator;
use crate::load::ast::{Expr, ExprKind};
use crate::value::{UnknownKind, Value, ValueKind};

/// Largest value (string bytes, list and object entries) an expression may build: twice the
/// largest file jobcheck reads, so `file()` of any readable file fits.
pub(crate) const MAX_VALUE_BYTES: u64 = 2 * crate::load::fs::MAX_FILE_BYTES;
/// Bytes of built values measured per root module.
pub(crate) const MAX_ROOT_VALUE_BYTES: u64 = 256 * 1024 * 1024;

/// The size of `v` in bytes as built in memory (a string by its length, every list item and
/// object entry by the size of a value), counting no further than `limit + 1`.
pub(crate) fn weight(v: &Value, limit: u64) -> u64 {
    const ITEM: u64 = std::mem::size_of::<Value>() as u64;
    const SEG: u64 = std::mem::size_of::<(crate::source::Seg, crate::source::FileId)>() as u64;
    let mut total: u64 = 0;
    let mut stack: Vec<&Value> = vec![v];
    while let Some(v) = stack.pop() {
        total += match &v.kind {
            ValueKind::Str(s) => s.s.len() as u64 + 1 + SEG * s.segs.len() as u64,
            ValueKind::List(l) | ValueKind::Sym(l) => {
                stack.extend(l.iter());
                ITEM * l.len() as u64 + 1
            }
            ValueKind::Obj(m) => {
                for (k, x) in m.iter() {
                    total += k.len() as u64 + ITEM;
                    stack.push(x);
                }
                1
            }
            ValueKind::Json(inner) => {
                stack.push(inner);
                1
            }
            ValueKind::Ref(r) => {
                if let Some(k) = &r.known {
                    stack.push(k);
                }
                1
            }
            ValueKind::Unknown(u) => (u.why.len() + u.id.as_deref().map_or(0, |id| super::value::id_len(id))) as u64,
            ValueKind::Null | ValueKind::Bool(_) | ValueKind::Num(_) => 1,
        };
        if total > limit {
            return total;
        }
    }
    total
}

/// Whether text of `len` bytes fits in one value.
pub(crate) fn fits(len: u64) -> bool {
    len <= MAX_VALUE_BYTES
}

/// The unknown that stands for a value over the cap.
pub(crate) fn too_large(sp: Option<crate::source::Span>) -> Value {
    Value::unknown(UnknownKind::TooLarge, format!("a value larger than {} MiB", MAX_VALUE_BYTES / (1024 * 1024)), sp)
}

fn too_large_note() -> String {
    format!(
        "this value is larger than {} MiB: it is treated as unknown and what depends on it is not checked",
        MAX_VALUE_BYTES / (1024 * 1024)
    )
}

impl Evaluator<'_> {
    /// `v`, built by `e`, or an unknown with a note when it is over a size bound.
    pub(super) fn bounded(&self, e: &Expr, v: Value) -> Value {
        if !matches!(e.kind, ExprKind::Call(..) | ExprKind::Template(_) | ExprKind::For(_) | ExprKind::Array(_) | ExprKind::Object(_)) {
            return v;
        }
        if let ValueKind::Unknown(why) = &v.kind {
            // A function or template refused to build a value over the cap: say so where.
            if why.kind == UnknownKind::TooLarge && v.span == Some(e.span) {
                self.note(e.span, too_large_note());
            }
            return v;
        }
        if matches!(v.kind, ValueKind::Null | ValueKind::Bool(_) | ValueKind::Num(_)) {
            return v;
        }
        let used = self.value_bytes.get();
        if used > MAX_ROOT_VALUE_BYTES {
            return Value::unknown(UnknownKind::Budget, "this root module built more values than jobcheck measures", Some(e.span));
        }
        let w = weight(&v, MAX_VALUE_BYTES);
        self.value_bytes.set(used + w);
        if used + w > MAX_ROOT_VALUE_BYTES {
            self.note(
                e.span,
                format!(
                    "values built in this root module exceed {} MiB here: values built after this point are unknown and their checks did not run",
                    MAX_ROOT_VALUE_BYTES / (1024 * 1024)
                ),
            );
            return Value::unknown(UnknownKind::Budget, "this root module built more values than jobcheck measures", Some(e.span));
        }
        if w > MAX_VALUE_BYTES {
            self.note(e.span, too_large_note());
            return too_large(Some(e.span));
        }
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weight_counts_shared_parts_and_stops_at_the_limit() {
        let s = Value::str("x".repeat(100), None);
        let l = Value::list(vec![s.clone(), s.clone(), s], None);
        let item = std::mem::size_of::<Value>() as u64;
        assert_eq!(weight(&l, 1_000), 1 + 3 * item + 3 * 101);
        let mut v = l;
        for _ in 0..60 {
            v = Value::list(vec![v.clone(), v], None);
        }
        assert!(weight(&v, 10_000) > 10_000 && weight(&v, 10_000) < 10_400);
    }
}
