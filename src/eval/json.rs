//! JSON with holes: a JSON document written as a string or a template, read into values
//! whose spans point into the file where the JSON text was written, with each interpolation
//! (`${aws_x.y.arn}`) kept as a value of its own.

use indexmap::IndexMap;

use super::expr::concat;
use crate::load::json::{self, JKind, JNode};
use crate::source::{Seg, Span};
use crate::value::{TfString, UnknownKind, Value, ValueKind};

/// Parses a JSON string value into values whose spans point into the file where the JSON
/// text was written, where the string was copied verbatim from it. A symbolic string (a
/// heredoc with `${aws_x.y.arn}` inside) parses too: each interpolation stays a value of its
/// own inside the JSON string it sits in.
pub(crate) fn decode_json(v: &Value) -> Result<Value, (String, Option<Span>)> {
    let (src, holes) = match &v.kind {
        ValueKind::Str(_) => (v.clone(), Vec::new()),
        ValueKind::Sym(parts) => {
            let mut s = TfString { s: String::new(), segs: Vec::new() };
            let mut holes = Vec::new();
            for p in parts.iter() {
                if let ValueKind::Str(x) = &p.kind {
                    let off = u32::try_from(s.s.len()).unwrap_or(u32::MAX);
                    s.segs.extend(x.segs.iter().map(|(g, f)| (Seg { val_start: g.val_start + off, ..*g }, *f)));
                    s.s.push_str(&x.s);
                } else {
                    s.s.push(HOLE_OPEN);
                    s.s.push_str(&holes.len().to_string());
                    s.s.push(HOLE_CLOSE);
                    holes.push(p.clone());
                }
            }
            (Value::from_tf_string(s, v.span), holes)
        }
        _ => return Err(("not a string".into(), v.span)),
    };
    let Some(text) = src.as_str() else {
        return Err(("not a string".into(), v.span));
    };
    match json::parse(text) {
        Ok(node) => Ok(from_json(&node, &src, &holes, 0)),
        // An interpolation outside a JSON string (`"a": ${var.list}`): we cannot read it.
        Err(_) if !holes.is_empty() => {
            Ok(Value::unknown(UnknownKind::AfterApply, "JSON with interpolated values known only after apply", v.span))
        }
        Err(e) => Err((e.message, src.sub_span(e.offset, (e.offset + 1).min(text.len())).or(v.span))),
    }
}

const HOLE_OPEN: char = '\u{E000}';
const HOLE_CLOSE: char = '\u{E001}';

/// A JSON string with interpolation markers back into a value (a reference or symbolic string).
fn fill_holes(s: &str, holes: &[Value], sp: Option<Span>) -> Value {
    let mut pieces = Vec::new();
    let mut rest = s;
    while let Some(at) = rest.find(HOLE_OPEN) {
        if at > 0 {
            pieces.push(Value::str(&rest[..at], sp));
        }
        let after = &rest[at + HOLE_OPEN.len_utf8()..];
        let Some(end) = after.find(HOLE_CLOSE) else { break };
        match after[..end].parse::<usize>().ok().and_then(|i| holes.get(i)) {
            Some(h) => pieces.push(h.clone().respan(sp)),
            None => pieces.push(Value::unknown(UnknownKind::Derived, "an interpolation", sp)),
        }
        rest = &after[end + HOLE_CLOSE.len_utf8()..];
    }
    if !rest.is_empty() {
        pieces.push(Value::str(rest, sp));
    }
    if pieces.len() == 1 && !matches!(pieces[0].kind, ValueKind::Str(_)) {
        return pieces.remove(0);
    }
    concat(pieces, sp)
}

fn from_json(n: &JNode, src: &Value, holes: &[Value], depth: usize) -> Value {
    let sp = src.sub_span(n.start, n.end).or(src.span);
    match &n.kind {
        JKind::Null => Value::new(ValueKind::Null, sp),
        JKind::Bool(b) => Value::bool(*b, sp),
        JKind::Num(f) => Value::num(*f, sp),
        JKind::Str(s) if !holes.is_empty() && s.contains(HOLE_OPEN) => fill_holes(s, holes, sp),
        JKind::Str(s) => {
            // Map the string's own bytes when the JSON literal had no escapes.
            let segs = match sp {
                Some(span) if n.end - n.start == s.len() + 2 => {
                    vec![(Seg { val_start: 0, file_start: span.start + 1, len: u32::try_from(s.len()).unwrap_or(0) }, span.file)]
                }
                _ => Vec::new(),
            };
            Value::from_tf_string(TfString { s: s.clone(), segs }, sp)
        }
        JKind::Arr(a) if depth < 128 => Value::list(a.iter().map(|x| from_json(x, src, holes, depth + 1)).collect(), sp),
        JKind::Obj(kv) if depth < 128 => {
            let mut m = IndexMap::new();
            for (k, _, _, v) in kv {
                // A repeated key keeps the last value, as EventBridge and IAM do.
                m.shift_remove(k);
                m.insert(k.clone(), from_json(v, src, holes, depth + 1));
            }
            Value::obj(m, sp)
        }
        _ => Value::unknown(UnknownKind::Budget, "JSON nested too deeply", sp),
    }
}
