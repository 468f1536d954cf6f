//! Expression evaluation.

use std::sync::Arc;

use indexmap::IndexMap;

use super::{Evaluator, Scope};
use crate::load::ast::{BinOp, Expr, ExprKind, ObjKey, TplPart, TravOp, UnOp};
use crate::source::Span;
use crate::value::{IdPart, RefVal, Str, UnknownKind, V, Val, fmt_num};

impl Evaluator<'_> {
    pub(super) fn expr(&self, e: &Expr, scope: &Scope) -> Val {
        if let Err(why) = self.enter(e.span) {
            return Val::unknown(UnknownKind::Budget, why, Some(e.span));
        }
        let v = self.expr_inner(e, scope);
        self.leave();
        self.bounded(e, v)
    }

    fn expr_inner(&self, e: &Expr, scope: &Scope) -> Val {
        let sp = Some(e.span);
        match &e.kind {
            ExprKind::Null => Val::new(V::Null, sp),
            ExprKind::Bool(b) => Val::bool(*b, sp),
            ExprKind::Number(n) => Val::num(*n, sp),
            ExprKind::Str(s, segs) => Val::str_with(Str { s: s.clone(), segs: segs.iter().map(|g| (*g, e.span.file)).collect() }, sp),
            ExprKind::Template(parts) => self.template(parts, scope, e.span),
            ExprKind::Array(items) => Val::list(items.iter().map(|x| self.expr(x, scope)).collect(), sp),
            ExprKind::Object(kv) => {
                let mut m = IndexMap::new();
                for (k, v) in kv {
                    let key = match k {
                        ObjKey::Ident(s, _) => s.clone(),
                        ObjKey::Expr(x) => {
                            // `(var.x)` or `"key"`; a bare identifier in parentheses is a reference.
                            let kv = match &x.kind {
                                ExprKind::Var(name) if scope.lookup(name).is_none() => Val::str(name.clone(), None),
                                _ => self.expr(x, scope),
                            };
                            match kv.to_tf_string() {
                                Some(s) => s,
                                None => return Val::unknown(UnknownKind::Derived, "an object key is unknown", sp),
                            }
                        }
                    };
                    m.insert(key, self.expr(v, scope));
                }
                Val::obj(m, sp)
            }
            ExprKind::Var(name) => match scope.lookup(name) {
                Some(v) => v.clone(),
                None => Val::unknown(UnknownKind::Unsupported, format!("`{name}` cannot be used on its own here"), sp),
            },
            ExprKind::Traversal(base, ops) => self.traversal(base, ops, scope, e.span),
            ExprKind::Call(name, args, expand) => self.call(name, args, *expand, scope, e.span),
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
                                Some((kind, r)) => Val::unknown(kind, format!("a condition depends on an unknown value: {r}"), sp),
                                None => Val::unknown(UnknownKind::AfterApply, "a condition is unknown", sp),
                            }
                        }
                    }
                }
            }
            ExprKind::Paren(x) => self.expr(x, scope),
            ExprKind::Unary(op, x) => {
                let v = self.expr(x, scope);
                match (op, &v.kind) {
                    (UnOp::Neg, _) => v.as_f64().map_or_else(|| unknown_from(&v, sp), |n| Val::num(-n, sp)),
                    (UnOp::Not, _) => v.as_bool().map_or_else(|| unknown_from(&v, sp), |b| Val::bool(!b, sp)),
                }
            }
            ExprKind::Binary(op, a, b) => self.binary(*op, a, b, scope, e.span),
            ExprKind::For(f) => self.for_expr(f, scope, e.span),
        }
    }

    fn binary(&self, op: BinOp, a: &Expr, b: &Expr, scope: &Scope, span: Span) -> Val {
        let sp = Some(span);
        let l = self.expr(a, scope);
        // Short-circuit only where Terraform's result cannot depend on the other side.
        if op == BinOp::And && l.as_bool() == Some(false) {
            return Val::bool(false, sp);
        }
        if op == BinOp::Or && l.as_bool() == Some(true) {
            return Val::bool(true, sp);
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
                    return Val::bool(op == BinOp::NotEq, sp);
                }
                let eq = match (&l.kind, &r.kind) {
                    (V::Ref(x), V::Ref(y)) => {
                        if x.same_resource(y) && x.attr == y.attr {
                            true
                        } else {
                            return Val::unknown(UnknownKind::Unsupported, "comparison of references", sp);
                        }
                    }
                    (V::Ref(_) | V::Sym(_), _) | (_, V::Ref(_) | V::Sym(_)) => {
                        return Val::unknown(UnknownKind::AfterApply, "comparison with a value known only after apply", sp);
                    }
                    (V::Num(x), V::Num(y)) => (x - y).abs() < f64::EPSILON,
                    _ => {
                        l.kind == r.kind
                            || (l.to_json().is_some()
                                && l.to_json() == r.to_json()
                                && std::mem::discriminant(&l.kind) == std::mem::discriminant(&r.kind))
                    }
                };
                Val::bool(if op == BinOp::Eq { eq } else { !eq }, sp)
            }
            BinOp::And | BinOp::Or => match (l.as_bool(), r.as_bool()) {
                (Some(x), Some(y)) => Val::bool(if op == BinOp::And { x && y } else { x || y }, sp),
                _ => unknown_from(if l.as_bool().is_none() { &l } else { &r }, sp),
            },
            _ => {
                let (Some(x), Some(y)) = (l.as_f64(), r.as_f64()) else {
                    return unknown_from(if l.as_f64().is_none() { &l } else { &r }, sp);
                };
                match op {
                    BinOp::Add => Val::num(x + y, sp),
                    BinOp::Sub => Val::num(x - y, sp),
                    BinOp::Mul => Val::num(x * y, sp),
                    BinOp::Div if y != 0.0 => Val::num(x / y, sp),
                    BinOp::Mod if y != 0.0 => Val::num(x % y, sp),
                    BinOp::Lt => Val::bool(x < y, sp),
                    BinOp::LtEq => Val::bool(x <= y, sp),
                    BinOp::Gt => Val::bool(x > y, sp),
                    BinOp::GtEq => Val::bool(x >= y, sp),
                    _ => Val::unknown(UnknownKind::Unsupported, "division by zero", sp),
                }
            }
        }
    }

    fn for_expr(&self, f: &crate::load::ast::ForExpr, scope: &Scope, span: Span) -> Val {
        let sp = Some(span);
        let coll = self.expr(&f.coll, scope);
        let Some(pairs) = coll.pairs() else { return unknown_from(&coll, sp) };
        let mut list = Vec::new();
        let mut obj: IndexMap<String, Val> = IndexMap::new();
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
                    None => return Val::unknown(UnknownKind::Derived, "a `for` filter is unknown", sp),
                }
            }
            let val = self.expr(&f.val_expr, &sc);
            match &f.key_expr {
                None => list.push(val),
                Some(ke) => {
                    let Some(key) = self.expr(ke, &sc).to_tf_string() else {
                        return Val::unknown(UnknownKind::Derived, "a `for` key is unknown", sp);
                    };
                    if f.grouping {
                        let entry = obj.entry(key).or_insert_with(|| Val::list(Vec::new(), None));
                        if let V::List(l) = &mut entry.kind {
                            Arc::make_mut(l).push(val);
                        }
                    } else {
                        obj.insert(key, val);
                    }
                }
            }
        }
        if f.key_expr.is_some() { Val::obj(obj, sp) } else { Val::list(list, sp) }
    }

    /// A document-valued argument (`event_pattern`, `container_definitions`, a policy) written
    /// as a template, directly or in a local: when it is not wholly known, the template again
    /// with its unknown interpolations kept as holes, so the JSON around them is still read.
    pub(super) fn document_expr(&self, e: &Expr, scope: &Scope) -> Val {
        let v = self.expr(e, scope);
        if !v.is_unknown() {
            return v;
        }
        let (parts, scope, span) = match &e.kind {
            ExprKind::Template(parts) => (parts, scope.clone(), e.span),
            ExprKind::Traversal(base, ops) if matches!(&base.kind, ExprKind::Var(r) if r == "local" && scope.lookup(r).is_none()) => {
                let [TravOp::Attr(name, _)] = ops.as_slice() else { return v };
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

    pub(super) fn template(&self, parts: &[TplPart], scope: &Scope, span: Span) -> Val {
        if let [TplPart::Interp(e)] = parts {
            return self.expr(e, scope).at(Some(span));
        }
        let mut pieces = Vec::new();
        if let Err(v) = self.template_pieces(parts, scope, span, &mut pieces, 0) {
            return v;
        }
        concat(pieces, Some(span))
    }

    fn template_pieces(&self, parts: &[TplPart], scope: &Scope, span: Span, out: &mut Vec<Val>, depth: usize) -> Result<(), Val> {
        if depth > 32 {
            return Err(Val::unknown(UnknownKind::Budget, "template nested too deeply", Some(span)));
        }
        for p in parts {
            match p {
                TplPart::Lit(s, segs) => {
                    out.push(Val::str_with(Str { s: s.clone(), segs: segs.iter().map(|g| (*g, span.file)).collect() }, Some(span)));
                }
                TplPart::Interp(e) => out.push(self.expr(e, scope)),
                TplPart::If(c, a, b) => match self.expr(c, scope).as_bool() {
                    Some(true) => self.template_pieces(a, scope, span, out, depth + 1)?,
                    Some(false) => self.template_pieces(b, scope, span, out, depth + 1)?,
                    None => return Err(Val::unknown(UnknownKind::Derived, "a template `if` is unknown", Some(span))),
                },
                TplPart::For(kv, vv, coll, body) => {
                    let c = self.expr(coll, scope);
                    let Some(items) = c.pairs() else {
                        return Err(Val::unknown(UnknownKind::Derived, "a template `for` is over an unknown collection", Some(span)));
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

    fn traversal(&self, base: &Expr, ops: &[TravOp], scope: &Scope, span: Span) -> Val {
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
                return Val::unknown(
                    UnknownKind::Unsupported,
                    format!("`{root}` cannot be used here: Terraform accepts only literal values in variable defaults and tfvars"),
                    sp,
                );
            }
            match root.as_str() {
                "var" => {
                    let Some(name) = attr(0) else {
                        return Val::unknown(UnknownKind::Unsupported, "`var` needs a name", sp);
                    };
                    let v = match self.insts[inst].vars.get(name) {
                        Some(v) if v.is_unknown() => {
                            // Every read of an unset variable in one module instance is the same
                            // value; one passed in by the caller keeps the caller's identity.
                            let id = v.id_parts().unwrap_or_else(|| vec![IdPart::Opaque(format!("var.{name}@{inst}"))]);
                            v.clone().respan(sp).with_unknown_id(Some(id))
                        }
                        Some(v) => v.clone().at(sp),
                        None => Val::unknown(UnknownKind::NotDeclared, format!("no variable `{name}` is declared"), sp),
                    };
                    if v.is_unknown() && ops.len() > 1 {
                        // `var.x.y` of an unknown `var.x` is some other value.
                        return self.apply_ops(v, &ops[1..], scope, span).with_unknown_id(None);
                    }
                    return self.apply_ops(v, &ops[1..], scope, span);
                }
                "local" => {
                    let Some(name) = attr(0) else {
                        return Val::unknown(UnknownKind::Unsupported, "`local` needs a name", sp);
                    };
                    let v = self.local(inst, name, span);
                    let v = if v.is_unknown() { v.respan(sp) } else { v.at(sp) };
                    return self.apply_ops(v, &ops[1..], scope, span);
                }
                "module" => {
                    let Some(name) = attr(0) else {
                        return Val::unknown(UnknownKind::Unsupported, "`module` needs a name", sp);
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
                        return Val::unknown(UnknownKind::Unsupported, format!("all outputs of module `{name}`"), sp);
                    };
                    let v = self.output(child, out);
                    let v = if v.is_unknown() { v.respan(sp) } else { v.at(sp) };
                    return self.apply_ops(v, &ops[rest + 1..], scope, span);
                }
                "data" => {
                    let (Some(t), Some(n)) = (attr(0), attr(1)) else {
                        return Val::unknown(UnknownKind::Unsupported, "incomplete data reference", sp);
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
                        _ => return Val::unknown(UnknownKind::Unsupported, "unknown `path` attribute", sp),
                    };
                    return Val::str(v, sp);
                }
                "terraform" => return Val::str("default", sp),
                "self" | "count" | "each" => {
                    return Val::unknown(UnknownKind::Unsupported, format!("`{root}` is not available here"), sp);
                }
                rtype => {
                    let Some(n) = attr(0) else {
                        return Val::unknown(UnknownKind::Unsupported, format!("incomplete reference to `{rtype}`"), sp);
                    };
                    return self.resource_ref(rtype, n, &ops[1..], scope, span);
                }
            }
        }
        let v = self.expr(base, scope);
        self.apply_ops(v, ops, scope, span)
    }

    fn resource_ref(&self, rtype: &str, name: &str, ops: &[TravOp], scope: &Scope, span: Span) -> Val {
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
            return Val::unknown(UnknownKind::Unsupported, format!("`{rtype}.{name}` as a whole object"), sp);
        };
        let r = self.resource_attr(scope.inst, rtype, name, key, attr, span);
        let v = self.apply_ops(r, &ops[rest + 1..], scope, span);
        if splat { Val::list(vec![v], sp) } else { v }
    }

    fn apply_ops(&self, mut v: Val, ops: &[TravOp], scope: &Scope, span: Span) -> Val {
        let sp = Some(span);
        for (i, op) in ops.iter().enumerate() {
            v = match op {
                TravOp::Attr(a, _) => match &v.kind {
                    V::Obj(m) => match m.get(a) {
                        Some(x) => x.clone(),
                        None => return Val::error(format!("no attribute `{a}`"), sp),
                    },
                    // A Terraform error, which `try()`/`can()` catch: never `null`, never missing.
                    V::Null => return Val::error(format!("attribute `{a}` of a null value"), sp),
                    V::Ref(r) => match r.known.as_ref().and_then(|k| k.get(a)) {
                        Some(x) => x.clone(),
                        None => {
                            return Val::unknown(after_apply(r), format!("`{}.{}` is known only after apply", r.address(), r.attr), sp);
                        }
                    },
                    V::List(l) if l.len() == 1 => match l[0].get(a) {
                        Some(x) => x.clone(),
                        None => return Val::unknown(UnknownKind::NotDeclared, format!("no attribute `{a}`"), sp),
                    },
                    _ => return unknown_from(&v, sp),
                },
                TravOp::Index(k) => {
                    let kv = self.expr(k, scope);
                    match (&v.kind, &kv.kind) {
                        (V::List(l), _) => match kv.as_f64() {
                            #[expect(clippy::cast_possible_truncation, clippy::cast_sign_loss, reason = "checked non-negative")]
                            Some(n) if n >= 0.0 && (n as usize) < l.len() => l[n as usize].clone(),
                            Some(n) => return Val::error(format!("index {} is out of range", fmt_num(n)), sp),
                            None => return unknown_from(&kv, sp),
                        },
                        (V::Obj(m), _) => match kv.to_tf_string() {
                            Some(k) => match m.get(&k) {
                                Some(x) => x.clone(),
                                None => return Val::error(format!("no element `{k}`"), sp),
                            },
                            None => return unknown_from(&kv, sp),
                        },
                        (V::Null, _) => return Val::error("index into a null value", sp),
                        _ => return unknown_from(&v, sp),
                    }
                }
                TravOp::Splat => {
                    let items: Vec<Val> = match &v.kind {
                        V::List(l) => l.iter().cloned().collect(),
                        V::Null => Vec::new(),
                        _ => vec![v.clone()],
                    };
                    let rest = &ops[i + 1..];
                    let mapped = items.into_iter().map(|x| self.apply_ops(x, rest, scope, span)).collect();
                    return Val::list(mapped, sp);
                }
            };
        }
        v
    }
}

/// `""` or null.
fn is_empty(v: &Val) -> bool {
    v.is_null() || matches!(&v.kind, V::Str(s) if s.s.is_empty())
}

/// A value that is certainly neither `""` nor null: a resource's computed identifier
/// (`arn`, `id`, `name`, …), or a string with such a part or a non-empty literal part.
pub(super) fn never_empty(v: &Val) -> bool {
    match &v.kind {
        V::Ref(r) => match &r.known {
            Some(k) => !k.has_unknown() && !is_empty(k) && k.to_tf_string().is_some(),
            None => matches!(r.attr.as_str(), "arn" | "id" | "name" | "arn_without_revision" | "family" | "url" | "json"),
        },
        V::Sym(parts) => parts.iter().any(|p| matches!(&p.kind, V::Str(s) if !s.s.is_empty()) || never_empty(p)),
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

pub(super) fn unknown_from(v: &Val, sp: Option<Span>) -> Val {
    match v.first_unknown() {
        Some(u) => Val::unknown_for(&u.reason_or("unknown"), u.span.or(sp)),
        None => Val::unknown(
            if matches!(v.kind, V::Ref(_) | V::Sym(_)) { UnknownKind::AfterApply } else { UnknownKind::Unsupported },
            "value of an unexpected type",
            sp,
        ),
    }
}

/// The kind of unknown an attribute of `r` is when it is not written in the configuration:
/// a data source's result, or a resource's computed attribute.
fn after_apply(r: &RefVal) -> UnknownKind {
    if r.rtype.starts_with("data.") { UnknownKind::DataSource } else { UnknownKind::AfterApply }
}

/// Concatenates template pieces: a known string when all are known, a symbolic string when
/// some are references, unknown when any is unknown.
pub(super) fn concat(pieces: Vec<Val>, span: Option<Span>) -> Val {
    concat_parts(pieces, span, false)
}

/// [`concat`], but an unknown piece stays a hole in a symbolic string: a JSON document written
/// as a template is then read with only its interpolated leaves unknown.
fn concat_parts(pieces: Vec<Val>, span: Option<Span>, keep_holes: bool) -> Val {
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
    let mut parts: Vec<Val> = Vec::new();
    for p in pieces {
        match &p.kind {
            V::Unknown(_) => parts.push(p),
            _ if p.has_unknown() && !matches!(p.kind, V::Sym(_)) => parts.push(unknown_from(&p, p.span)),
            V::Sym(inner) => parts.extend(inner.iter().cloned()),
            V::Ref(r) if r.known.as_ref().is_some_and(|k| k.to_tf_string().is_some()) => {
                let s = r.known.as_ref().and_then(|k| k.to_tf_string()).unwrap_or_default();
                parts.push(Val::str(s, p.span));
            }
            V::Json(_) => match p.to_json().and_then(|j| j.as_str().map(str::to_string)) {
                Some(s) => parts.push(Val::str(s, p.span)),
                None => parts.push(Val::unknown(UnknownKind::AfterApply, "JSON with values known only after apply", p.span)),
            },
            V::Str(s) if s.s.is_empty() => {}
            V::Str(_) | V::Ref(_) => parts.push(p),
            V::Num(n) => parts.push(Val::str(fmt_num(*n), p.span)),
            V::Bool(b) => parts.push(Val::str(b.to_string(), p.span)),
            V::Null => {}
            _ => return Val::unknown(UnknownKind::Unsupported, "a list or object cannot be used in a string", span),
        }
    }
    // Merge adjacent known strings, keeping their file segments.
    let mut merged: Vec<Val> = Vec::new();
    for p in parts {
        if let (Some(last), V::Str(s)) = (merged.last_mut(), &p.kind)
            && let V::Str(ls) = &last.kind
        {
            let mut ns = (**ls).clone();
            let off = u32::try_from(ns.s.len()).unwrap_or(u32::MAX);
            ns.s.push_str(&s.s);
            ns.segs.extend(s.segs.iter().map(|(g, f)| {
                let mut g = *g;
                g.val_start += off;
                (g, *f)
            }));
            *last = Val::str_with(ns, span);
            continue;
        }
        merged.push(p);
    }
    match merged.len() {
        0 => Val::str("", span),
        1 if matches!(merged[0].kind, V::Str(_)) => merged.remove(0).respan(span),
        _ => Val::new(V::Sym(Arc::new(merged)), span),
    }
}
