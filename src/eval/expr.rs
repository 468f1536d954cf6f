//! Expression evaluation.

use std::sync::Arc;

use indexmap::IndexMap;

use super::{Evaluator, Scope};
use crate::load::ast::{BinOp, Expr, ExprKind, ObjKey, TplPart, TravOp, UnOp};
use crate::source::Span;
use crate::value::{IdPart, ResourceRef, TfString, UnknownKind, Value, ValueKind, fmt_num};

impl Evaluator<'_> {
    pub(super) fn expr(&self, e: &Expr, scope: &Scope) -> Value {
        if let Err(why) = self.enter(e.span) {
            return Value::unknown(UnknownKind::Budget, why, Some(e.span));
        }
        let v = self.expr_inner(e, scope);
        self.leave();
        self.bounded(e, v)
    }

    fn expr_inner(&self, e: &Expr, scope: &Scope) -> Value {
        let sp = Some(e.span);
        match &e.kind {
            ExprKind::Null => Value::new(ValueKind::Null, sp),
            ExprKind::Bool(b) => Value::bool(*b, sp),
            ExprKind::Number(n) => Value::num(*n, sp),
            ExprKind::Str(s, segs) => {
                Value::from_tf_string(TfString { s: s.to_string(), segs: segs.iter().map(|g| (g, e.span.file)).collect() }, sp)
            }
            ExprKind::Template(parts) => self.template(parts, scope, e.span),
            ExprKind::Array(items) => Value::list(items.iter().map(|x| self.expr(x, scope)).collect(), sp),
            ExprKind::Object(kv) => {
                let mut m = IndexMap::new();
                for (k, v) in kv {
                    let key = match k {
                        ObjKey::Ident(s, _) => s.to_string(),
                        ObjKey::Expr(x) => {
                            // `(var.x)` or `"key"`; a bare identifier in parentheses is a reference.
                            let kv = match &x.kind {
                                ExprKind::Var(name) if scope.lookup(name).is_none() => Value::str(name.clone(), None),
                                _ => self.expr(x, scope),
                            };
                            match kv.to_tf_string() {
                                Some(s) => s,
                                None => return Value::unknown(UnknownKind::Derived, "an object key is unknown", sp),
                            }
                        }
                    };
                    m.insert(key, self.expr(v, scope));
                }
                Value::obj(m, sp)
            }
            ExprKind::Var(name) => match scope.lookup(name) {
                Some(v) => v.clone(),
                None => Value::unknown(UnknownKind::Unsupported, format!("`{name}` cannot be used on its own here"), sp),
            },
            ExprKind::Traversal(base, ops) => self.traversal(&base.expr(e.span), ops, scope, e.span),
            ExprKind::Call(c) => self.call(&c.name, &c.args, c.expand, scope, e.span),
            ExprKind::Cond(c, t, f) => {
                let cv = self.expr(c, scope);
                match cv.as_bool() {
                    Some(true) => self.expr(t, scope),
                    Some(false) => self.expr(f, scope),
                    None => {
                        let (a, b) = (self.expr(t, scope), self.expr(f, scope));
                        if a.kind == b.kind && !a.has_unknown() {
                            a
                        } else {
                            match cv.unknown_kind().zip(cv.unknown_reason()) {
                                Some((kind, r)) => Value::unknown(kind, format!("a condition depends on an unknown value: {r}"), sp),
                                None => Value::unknown(UnknownKind::AfterApply, "a condition is unknown", sp),
                            }
                        }
                    }
                }
            }
            ExprKind::Paren(x) => self.expr(x, scope),
            ExprKind::Unary(op, x) => {
                let v = self.expr(x, scope);
                match (op, &v.kind) {
                    (UnOp::Neg, _) => v.as_f64().map_or_else(|| unknown_from(&v, sp), |n| Value::num(-n, sp)),
                    (UnOp::Not, _) => v.as_bool().map_or_else(|| unknown_from(&v, sp), |b| Value::bool(!b, sp)),
                }
            }
            ExprKind::Binary(op, a, b) => self.binary(*op, a, b, scope, e.span),
            ExprKind::For(f) => self.for_expr(f, scope, e.span),
        }
    }

    fn binary(&self, op: BinOp, a: &Expr, b: &Expr, scope: &Scope, span: Span) -> Value {
        let sp = Some(span);
        let l = self.expr(a, scope);
        // Short-circuit only where Terraform's result cannot depend on the other side.
        if op == BinOp::And && l.as_bool() == Some(false) {
            return Value::bool(false, sp);
        }
        if op == BinOp::Or && l.as_bool() == Some(true) {
            return Value::bool(true, sp);
        }
        let r = self.expr(b, scope);
        match op {
            BinOp::Eq | BinOp::NotEq => {
                if l.has_unknown() || r.has_unknown() {
                    return unknown_from(if l.has_unknown() { &l } else { &r }, sp);
                }
                // A resource's identifier is never `""` or null, though its text is known only
                // after apply.
                if (never_empty(&l) && is_empty(&r)) || (never_empty(&r) && is_empty(&l)) {
                    return Value::bool(op == BinOp::NotEq, sp);
                }
                let eq = match (&l.kind, &r.kind) {
                    (ValueKind::Ref(x), ValueKind::Ref(y)) => {
                        if x.same_resource(y) && x.attr == y.attr {
                            true
                        } else {
                            return Value::unknown(UnknownKind::Unsupported, "comparison of references", sp);
                        }
                    }
                    (ValueKind::Ref(_) | ValueKind::Sym(_), _) | (_, ValueKind::Ref(_) | ValueKind::Sym(_)) => {
                        return Value::unknown(UnknownKind::AfterApply, "comparison with a value known only after apply", sp);
                    }
                    (ValueKind::Num(x), ValueKind::Num(y)) => (x - y).abs() < f64::EPSILON,
                    _ => {
                        l.kind == r.kind
                            || (l.to_json().is_some()
                                && l.to_json() == r.to_json()
                                && std::mem::discriminant(&l.kind) == std::mem::discriminant(&r.kind))
                    }
                };
                Value::bool(if op == BinOp::Eq { eq } else { !eq }, sp)
            }
            BinOp::And | BinOp::Or => match (l.as_bool(), r.as_bool()) {
                (Some(x), Some(y)) => Value::bool(if op == BinOp::And { x && y } else { x || y }, sp),
                _ => unknown_from(if l.as_bool().is_none() { &l } else { &r }, sp),
            },
            _ => {
                let (Some(x), Some(y)) = (l.as_f64(), r.as_f64()) else {
                    return unknown_from(if l.as_f64().is_none() { &l } else { &r }, sp);
                };
                match op {
                    BinOp::Add => Value::num(x + y, sp),
                    BinOp::Sub => Value::num(x - y, sp),
                    BinOp::Mul => Value::num(x * y, sp),
                    BinOp::Div if y != 0.0 => Value::num(x / y, sp),
                    BinOp::Mod if y != 0.0 => Value::num(x % y, sp),
                    BinOp::Lt => Value::bool(x < y, sp),
                    BinOp::LtEq => Value::bool(x <= y, sp),
                    BinOp::Gt => Value::bool(x > y, sp),
                    BinOp::GtEq => Value::bool(x >= y, sp),
                    _ => Value::unknown(UnknownKind::Unsupported, "division by zero", sp),
                }
            }
        }
    }

    fn for_expr(&self, f: &crate::load::ast::ForExpr, scope: &Scope, span: Span) -> Value {
        let sp = Some(span);
        let coll = self.expr(&f.coll, scope);
        let Some(pairs) = coll.pairs() else { return unknown_from(&coll, sp) };
        let mut list = Vec::new();
        let mut obj: IndexMap<String, Value> = IndexMap::new();
        for (k, v) in pairs.into_iter().take(10_000) {
            let mut sc = scope.clone();
            if let Some(kv) = &f.key_var {
                sc = sc.with(kv, k);
            }
            sc = sc.with(&f.val_var, v);
            if let Some(c) = &f.cond {
                match self.expr(c, &sc).as_bool() {
                    Some(true) => {}
                    Some(false) => continue,
                    None => return Value::unknown(UnknownKind::Derived, "a `for` filter is unknown", sp),
                }
            }
            let val = self.expr(&f.val_expr, &sc);
            match &f.key_expr {
                None => list.push(val),
                Some(ke) => {
                    let Some(key) = self.expr(ke, &sc).to_tf_string() else {
                        return Value::unknown(UnknownKind::Derived, "a `for` key is unknown", sp);
                    };
                    if f.grouping {
                        let entry = obj.entry(key).or_insert_with(|| Value::list(Vec::new(), None));
                        if let ValueKind::List(l) = &mut entry.kind {
                            Arc::make_mut(l).push(val);
                        }
                    } else {
                        obj.insert(key, val);
                    }
                }
            }
        }
        if f.key_expr.is_some() { Value::obj(obj, sp) } else { Value::list(list, sp) }
    }

    /// A document-valued argument (`event_pattern`, `container_definitions`, a policy) written
    /// as a template, directly or in a local: when it is not wholly known, the template again
    /// with its unknown interpolations kept as holes, so the JSON around them is still read.
    pub(super) fn document_expr(&self, e: &Expr, scope: &Scope) -> Value {
        let v = self.expr(e, scope);
        if !v.is_unknown() {
            return v;
        }
        let (parts, scope, span) = match &e.kind {
            ExprKind::Template(parts) => (parts, scope.clone(), e.span),
            ExprKind::Traversal(base, ops) if base.var().is_some_and(|r| r == "local" && scope.lookup(r).is_none()) => {
                let [TravOp::Attr(name, _)] = &ops[..] else { return v };
                let dir = &self.insts[scope.inst].dir;
                let found = self.bodies(dir).flat_map(|b| b.blocks("locals")).find_map(|l| l.body.attr(name));
                match found.map(|a| (&a.expr.kind, a.expr.span)) {
                    Some((ExprKind::Template(parts), span)) => (parts, Scope::new(scope.inst), span),
                    _ => return v,
                }
            }
            _ => return v,
        };
        if self.enter(span).is_err() {
            return v;
        }
        let mut pieces = Vec::new();
        let ok = self.template_pieces(parts, &scope, span, &mut pieces, 0).is_ok();
        self.leave();
        if ok { concat_parts(pieces, Some(span), true) } else { v }
    }

    pub(super) fn template(&self, parts: &[TplPart], scope: &Scope, span: Span) -> Value {
        if let [TplPart::Interp(e)] = parts {
            return self.expr(e, scope).at(Some(span));
        }
        let mut pieces = Vec::new();
        if let Err(v) = self.template_pieces(parts, scope, span, &mut pieces, 0) {
            return v;
        }
        concat(pieces, Some(span))
    }

    fn template_pieces(&self, parts: &[TplPart], scope: &Scope, span: Span, out: &mut Vec<Value>, depth: usize) -> Result<(), Value> {
        if depth > 32 {
            return Err(Value::unknown(UnknownKind::Budget, "template nested too deeply", Some(span)));
        }
        for p in parts {
            match p {
                TplPart::Lit(s, segs) => {
                    out.push(Value::from_tf_string(
                        TfString { s: s.to_string(), segs: segs.iter().map(|g| (g, span.file)).collect() },
                        Some(span),
                    ));
                }
                TplPart::Interp(e) => out.push(self.expr(e, scope)),
                TplPart::If(x) => {
                    let (c, a, b) = &**x;
                    match self.expr(c, scope).as_bool() {
                        Some(true) => self.template_pieces(a, scope, span, out, depth + 1)?,
                        Some(false) => self.template_pieces(b, scope, span, out, depth + 1)?,
                        None => return Err(Value::unknown(UnknownKind::Derived, "a template `if` is unknown", Some(span))),
                    }
                }
                TplPart::For(x) => {
                    let (kv, vv, coll, body) = &**x;
                    let c = self.expr(coll, scope);
                    let Some(items) = c.pairs() else {
                        return Err(Value::unknown(UnknownKind::Derived, "a template `for` is over an unknown collection", Some(span)));
                    };
                    for (k, v) in items.into_iter().take(10_000) {
                        let mut sc = scope.clone();
                        if let Some(kv) = kv {
                            sc = sc.with(kv, k);
                        }
                        sc = sc.with(vv, v);
                        self.template_pieces(body, &sc, span, out, depth + 1)?;
                    }
                }
            }
        }
        Ok(())
    }

    fn traversal(&self, base: &Expr, ops: &[TravOp], scope: &Scope, span: Span) -> Value {
        let sp = Some(span);
        let inst = scope.inst;
        let attr = |i: usize| match ops.get(i) {
            Some(TravOp::Attr(a, _)) => Some(a.as_str()),
            _ => None,
        };
        if let ExprKind::Var(root) = &base.kind
            && scope.lookup(root).is_none()
        {
            if inst >= self.insts.len() {
                return Value::unknown(
                    UnknownKind::Unsupported,
                    format!("`{root}` cannot be used here: Terraform accepts only literal values in variable defaults and tfvars"),
                    sp,
                );
            }
            match root.as_str() {
                "var" => {
                    let Some(name) = attr(0) else {
                        return Value::unknown(UnknownKind::Unsupported, "`var` needs a name", sp);
                    };
                    let v = match self.insts[inst].vars.get(name) {
                        Some(v) if v.is_unknown() => {
                            // Every read of an unset variable in one module instance is the same
                            // value; one passed in by the caller keeps the caller's identity.
                            let id = v.id_parts().unwrap_or_else(|| vec![IdPart::Opaque(format!("var.{name}@{inst}"))]);
                            v.clone().respan(sp).with_unknown_id(Some(id))
                        }
                        Some(v) => v.clone().at(sp),
                        None => Value::unknown(UnknownKind::NotDeclared, format!("no variable `{name}` is declared"), sp),
                    };
                    if v.is_unknown() && ops.len() > 1 {
                        // `var.x.y` of an unknown `var.x` is some other value.
                        return self.apply_ops(v, &ops[1..], scope, span).with_unknown_id(None);
                    }
                    return self.apply_ops(v, &ops[1..], scope, span);
                }
                "local" => {
                    let Some(name) = attr(0) else {
                        return Value::unknown(UnknownKind::Unsupported, "`local` needs a name", sp);
                    };
                    let v = self.local(inst, name, span);
                    let v = if v.is_unknown() { v.respan(sp) } else { v.at(sp) };
                    return self.apply_ops(v, &ops[1..], scope, span);
                }
                "module" => {
                    let Some(name) = attr(0) else {
                        return Value::unknown(UnknownKind::Unsupported, "`module` needs a name", sp);
                    };
                    let (key, rest) = match ops.get(1) {
                        Some(TravOp::Index(k)) => (self.expr(k, scope).to_tf_string(), 2),
                        _ => (None, 1),
                    };
                    let child = match self.module_ref(inst, name, key.as_deref(), span) {
                        Ok(c) => c,
                        Err(v) => return v,
                    };
                    let Some(out) = attr(rest) else {
                        return Value::unknown(UnknownKind::Unsupported, format!("all outputs of module `{name}`"), sp);
                    };
                    let v = self.output(child, out);
                    let v = if v.is_unknown() { v.respan(sp) } else { v.at(sp) };
                    return self.apply_ops(v, &ops[rest + 1..], scope, span);
                }
                "data" => {
                    let (Some(t), Some(n)) = (attr(0), attr(1)) else {
                        return Value::unknown(UnknownKind::Unsupported, "incomplete data reference", sp);
                    };
                    return self.resource_ref(&format!("data.{t}"), n, &ops[2..], scope, span);
                }
                "path" => {
                    let dir = &self.insts[inst].dir;
                    let v = match attr(0) {
                        Some("module") => {
                            if dir.is_empty() {
                                ".".to_string()
                            } else {
                                relative_from(&self.insts[inst].root, dir)
                            }
                        }
                        Some("root" | "cwd") => ".".to_string(),
                        _ => return Value::unknown(UnknownKind::Unsupported, "unknown `path` attribute", sp),
                    };
                    return Value::str(v, sp);
                }
                "terraform" => return Value::str("default", sp),
                "self" | "count" | "each" => {
                    return Value::unknown(UnknownKind::Unsupported, format!("`{root}` is not available here"), sp);
                }
                rtype => {
                    let Some(n) = attr(0) else {
                        return Value::unknown(UnknownKind::Unsupported, format!("incomplete reference to `{rtype}`"), sp);
                    };
                    return self.resource_ref(rtype, n, &ops[1..], scope, span);
                }
            }
        }
        let v = self.expr(base, scope);
        self.apply_ops(v, ops, scope, span)
    }

    fn resource_ref(&self, rtype: &str, name: &str, ops: &[TravOp], scope: &Scope, span: Span) -> Value {
        let sp = Some(span);
        let (key, rest, splat) = match ops.first() {
            Some(TravOp::Index(k)) => {
                let kv = self.expr(k, scope);
                (kv.to_tf_string(), 1, false)
            }
            Some(TravOp::Splat) => (None, 1, true),
            _ => (None, 0, false),
        };
        let Some(TravOp::Attr(attr, _)) = ops.get(rest) else {
            return Value::unknown(UnknownKind::Unsupported, format!("`{rtype}.{name}` as a whole object"), sp);
        };
        let r = self.resource_attr(scope.inst, rtype, name, key, attr, span);
        let v = self.apply_ops(r, &ops[rest + 1..], scope, span);
        if splat { Value::list(vec![v], sp) } else { v }
    }

    fn apply_ops(&self, mut v: Value, ops: &[TravOp], scope: &Scope, span: Span) -> Value {
        let sp = Some(span);
        for (i, op) in ops.iter().enumerate() {
            v = match op {
                TravOp::Attr(a, _) => match &v.kind {
                    ValueKind::Obj(m) => match m.get(a.as_str()) {
                        Some(x) => x.clone(),
                        None => return Value::error(format!("no attribute `{a}`"), sp),
                    },
                    // A Terraform error, which `try()`/`can()` catch: never `null`, never missing.
                    ValueKind::Null => return Value::error(format!("attribute `{a}` of a null value"), sp),
                    ValueKind::Ref(r) => match r.known.as_ref().and_then(|k| k.get(a)) {
                        Some(x) => x.clone(),
                        None => {
                            return Value::unknown(after_apply(r), format!("`{}.{}` is known only after apply", r.address(), r.attr), sp);
                        }
                    },
                    ValueKind::List(l) if l.len() == 1 => match l[0].get(a) {
                        Some(x) => x.clone(),
                        None => return Value::unknown(UnknownKind::NotDeclared, format!("no attribute `{a}`"), sp),
                    },
                    _ => return unknown_from(&v, sp),
                },
                TravOp::Index(k) => {
                    let kv = self.expr(k, scope);
                    match (&v.kind, &kv.kind) {
                        (ValueKind::List(l), _) => match kv.as_f64() {
                            #[expect(clippy::cast_possible_truncation, clippy::cast_sign_loss, reason = "checked non-negative")]
                            Some(n) if n >= 0.0 && (n as usize) < l.len() => l[n as usize].clone(),
                            Some(n) => return Value::error(format!("index {} is out of range", fmt_num(n)), sp),
                            None => return unknown_from(&kv, sp),
                        },
                        (ValueKind::Obj(m), _) => match kv.to_tf_string() {
                            Some(k) => match m.get(&k) {
                                Some(x) => x.clone(),
                                None => return Value::error(format!("no element `{k}`"), sp),
                            },
                            None => return unknown_from(&kv, sp),
                        },
                        (ValueKind::Null, _) => return Value::error("index into a null value", sp),
                        _ => return unknown_from(&v, sp),
                    }
                }
                TravOp::Splat => {
                    let items: Vec<Value> = match &v.kind {
                        ValueKind::List(l) => l.iter().cloned().collect(),
                        ValueKind::Null => Vec::new(),
                        _ => vec![v.clone()],
                    };
                    let rest = &ops[i + 1..];
                    let mapped = items.into_iter().map(|x| self.apply_ops(x, rest, scope, span)).collect();
                    return Value::list(mapped, sp);
                }
            };
        }
        v
    }
}

/// `""` or null.
fn is_empty(v: &Value) -> bool {
    v.is_null() || matches!(&v.kind, ValueKind::Str(s) if s.s.is_empty())
}

/// A value that is certainly neither `""` nor null: a resource's computed identifier
/// (`arn`, `id`, `name`, …), or a string with such a part or a non-empty literal part.
pub(super) fn never_empty(v: &Value) -> bool {
    match &v.kind {
        ValueKind::Ref(r) => match &r.known {
            Some(k) => !k.has_unknown() && !is_empty(k) && k.to_tf_string().is_some(),
            None => matches!(r.attr.as_str(), "arn" | "id" | "name" | "arn_without_revision" | "family" | "url" | "json"),
        },
        ValueKind::Sym(parts) => parts.iter().any(|p| matches!(&p.kind, ValueKind::Str(s) if !s.s.is_empty()) || never_empty(p)),
        _ => false,
    }
}

fn relative_from(root: &str, dir: &str) -> String {
    // path.module relative to the root module's directory (where Terraform runs).
    let r: Vec<&str> = if root.is_empty() { Vec::new() } else { root.split('/').collect() };
    let d: Vec<&str> = dir.split('/').collect();
    let common = r.iter().zip(&d).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = std::iter::repeat_n("..".to_string(), r.len() - common).collect();
    parts.extend(d[common..].iter().map(|s| (*s).to_string()));
    if parts.is_empty() { ".".to_string() } else { parts.join("/") }
}

pub(super) fn unknown_from(v: &Value, sp: Option<Span>) -> Value {
    match v.first_unknown() {
        Some(u) => Value::unknown_for(&u.reason_or("unknown"), u.span.or(sp)),
        None => Value::unknown(
            if matches!(v.kind, ValueKind::Ref(_) | ValueKind::Sym(_)) { UnknownKind::AfterApply } else { UnknownKind::Unsupported },
            "value of an unexpected type",
            sp,
        ),
    }
}

/// The kind of unknown an attribute of `r` is when it is not written in the configuration:
/// a data source's result, or a resource's computed attribute.
fn after_apply(r: &ResourceRef) -> UnknownKind {
    if r.rtype.starts_with("data.") { UnknownKind::DataSource } else { UnknownKind::AfterApply }
}

/// Concatenates template pieces: a known string when all are known, a symbolic string when
/// some are references, unknown when any is unknown.
pub(super) fn concat(pieces: Vec<Value>, span: Option<Span>) -> Value {
    concat_parts(pieces, span, false)
}

/// [`concat`], but an unknown piece stays a hole in a symbolic string: a JSON document written
/// as a template is then read with only its interpolated leaves unknown.
fn concat_parts(pieces: Vec<Value>, span: Option<Span>, keep_holes: bool) -> Value {
    if !keep_holes && let Some(u) = pieces.iter().find(|p| p.has_unknown()) {
        return unknown_from(u, span).with_unknown_id(super::value::id_of_pieces(&pieces));
    }
    // Measured before building: `join` and template `for` multiply their pieces.
    let mut len = 0u64;
    for p in &pieces {
        len += super::limits::weight(p, super::limits::MAX_VALUE_BYTES);
        if !super::limits::fits(len) {
            return super::limits::too_large(span);
        }
    }
    let mut parts: Vec<Value> = Vec::new();
    for p in pieces {
        match &p.kind {
            ValueKind::Unknown(_) => parts.push(p),
            _ if p.has_unknown() && !matches!(p.kind, ValueKind::Sym(_)) => parts.push(unknown_from(&p, p.span)),
            ValueKind::Sym(inner) => parts.extend(inner.iter().cloned()),
            ValueKind::Ref(r) if r.known.as_ref().is_some_and(|k| k.to_tf_string().is_some()) => {
                let s = r.known.as_ref().and_then(|k| k.to_tf_string()).unwrap_or_default();
                parts.push(Value::str(s, p.span));
            }
            ValueKind::Json(_) => match p.to_json().and_then(|j| j.as_str().map(str::to_string)) {
                Some(s) => parts.push(Value::str(s, p.span)),
                None => parts.push(Value::unknown(UnknownKind::AfterApply, "JSON with values known only after apply", p.span)),
            },
            ValueKind::Str(s) if s.s.is_empty() => {}
            ValueKind::Str(_) | ValueKind::Ref(_) => parts.push(p),
            ValueKind::Num(n) => parts.push(Value::str(fmt_num(*n), p.span)),
            ValueKind::Bool(b) => parts.push(Value::str(b.to_string(), p.span)),
            ValueKind::Null => {}
            _ => return Value::unknown(UnknownKind::Unsupported, "a list or object cannot be used in a string", span),
        }
    }
    // Merge adjacent known strings, keeping their file segments.
    let mut merged: Vec<Value> = Vec::new();
    for p in parts {
        if let (Some(last), ValueKind::Str(s)) = (merged.last_mut(), &p.kind)
            && let ValueKind::Str(ls) = &last.kind
        {
            let mut ns = (**ls).clone();
            let off = u32::try_from(ns.s.len()).unwrap_or(u32::MAX);
            ns.s.push_str(&s.s);
            ns.segs.extend(s.segs.iter().map(|(g, f)| {
                let mut g = *g;
                g.val_start += off;
                (g, *f)
            }));
            *last = Value::from_tf_string(ns, span);
            continue;
        }
        merged.push(p);
    }
    match merged.len() {
        0 => Value::str("", span),
        1 if matches!(merged[0].kind, ValueKind::Str(_)) => merged.remove(0).respan(span),
        _ => Value::new(ValueKind::Sym(Arc::new(merged)), span),
    }
}
