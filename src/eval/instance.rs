//! Module instantiation: variable values (tfvars, `--var-file`, `--var`, defaults) converted
//! to their declared types, and every module instance a root expands to.

use std::collections::BTreeMap;

use indexmap::IndexMap;

use super::{Evaluator, Inputs, Instance, Scope, order};
use crate::load::ast::{Block, Body, Expr};
use crate::load::modules::Source;
use crate::source::Span;
use crate::value::{self, UnknownKind, Value, ValueKind};

/// Deepest module nesting we follow.
const MAX_MODULE_DEPTH: usize = 12;
/// Most module instances one root expands to (nested `count = 64` modules multiply).
const MAX_INSTANCES_PER_ROOT: usize = 512;

impl<'w> Evaluator<'w> {
    pub(super) fn root_vars(&mut self, root: &str, inputs: &Inputs) -> IndexMap<String, Value> {
        let mut given: IndexMap<String, Value> = IndexMap::new();
        let empty = Scope::constant();
        if let Some(m) = self.ws.module(root) {
            let mut files: Vec<&(String, crate::source::FileId, Body)> = m.tfvars.iter().collect();
            // terraform.tfvars(.json) first, then *.auto.tfvars(.json) in lexical order.
            files.retain(|(n, _, _)| {
                n == "terraform.tfvars" || n == "terraform.tfvars.json" || n.ends_with(".auto.tfvars") || n.ends_with(".auto.tfvars.json")
            });
            files.sort_by_key(|(n, _, _)| (!n.starts_with("terraform.tfvars"), n.clone()));
            for (_, _, body) in files {
                for a in &body.attrs {
                    given.insert(a.name.to_string(), self.expr(&a.expr, &empty));
                }
            }
        }
        for (_, body) in &inputs.var_files {
            for a in &body.attrs {
                given.insert(a.name.to_string(), self.expr(&a.expr, &empty));
            }
        }
        for (k, v) in &inputs.vars {
            let val = match crate::load::parse::parse_hcl(crate::source::FileId(u32::MAX), &format!("x = {v}\n")) {
                Ok(b) if v.trim_start().starts_with(['[', '{', '"']) || v.parse::<f64>().is_ok() || v == "true" || v == "false" => {
                    b.attrs.first().map_or_else(|| Value::str(v.clone(), None), |a| self.expr(&a.expr, &empty).respan(None))
                }
                _ => Value::str(v.clone(), None),
            };
            given.insert(k.clone(), val);
        }
        self.bind_vars(root, &given, "")
    }

    /// Variable values for an instance of `dir`: given value, else default, else unknown.
    pub(super) fn bind_vars(&mut self, dir: &str, given: &IndexMap<String, Value>, who: &str) -> IndexMap<String, Value> {
        let empty = Scope::constant();
        let mut out = IndexMap::new();
        let decls: Vec<&Block> = self.bodies(dir).flat_map(|b| b.blocks("variable")).collect();
        for d in decls {
            let Some(name) = d.labels.first() else {
                continue;
            };
            let ty = d.body.attr("type").map(|a| &a.expr);
            let v = if let Some(v) = given.get(name.as_str()) {
                v.clone()
            } else if let Some(def) = d.body.attr("default") {
                self.expr(&def.expr, &empty)
            } else {
                let why = if who.is_empty() {
                    format!("variable `{name}` has no default and no value in the scanned tfvars")
                } else {
                    format!("variable `{name}` is not set by {who}")
                };
                Value::unknown(UnknownKind::NoValue, why, None)
            };
            out.insert(name.to_string(), self.convert_type(v, ty, 0));
        }
        out
    }

    /// Converts a variable's value to its declared type as Terraform ≥ 1.3 does: primitives
    /// converted, object attributes not in the type dropped, and `optional(type, default)`
    /// attributes that are absent or null filled with their (converted) default.
    fn convert_type(&self, v: Value, ty: Option<&Expr>, depth: usize) -> Value {
        use crate::load::ast::{ExprKind, ObjKey};
        let Some(ty) = ty else { return v };
        if depth > 32 || v.is_unknown() {
            return v;
        }
        let ExprKind::Call(call) = &ty.kind else { return convert(v, Some(&type_name(ty))) };
        let elem = call.args.first();
        match (call.name.as_str(), &v.kind) {
            ("object", ValueKind::Obj(m)) => {
                let Some(ExprKind::Object(fields)) = elem.map(|a| &a.kind) else { return v };
                let mut out = IndexMap::new();
                for (k, t) in fields {
                    let key = match k {
                        ObjKey::Ident(s, _) => s.to_string(),
                        ObjKey::Expr(e) => match &e.kind {
                            ExprKind::Str(s, _) => s.to_string(),
                            ExprKind::Var(s) => s.clone(),
                            _ => continue,
                        },
                    };
                    let (inner, default) = match &t.kind {
                        ExprKind::Call(c) if c.name == "optional" => (c.args.first(), Some(c.args.get(1))),
                        _ => (Some(t), None),
                    };
                    let val = match (m.get(&key), default) {
                        (Some(x), Some(_)) if !x.is_null() => self.convert_type(x.clone(), inner, depth + 1),
                        (Some(x), None) => self.convert_type(x.clone(), inner, depth + 1),
                        (_, Some(Some(d))) => self.convert_type(self.expr(d, &Scope::default()), inner, depth + 1),
                        (_, Some(None)) => Value::new(ValueKind::Null, v.span),
                        (None, None) => return Value::error(format!("attribute `{key}` is required by the variable's type"), v.span),
                    };
                    out.insert(key, val);
                }
                Value::obj(out, v.span)
            }
            ("map", ValueKind::Obj(m)) => {
                let out = m.iter().map(|(k, x)| (k.clone(), self.convert_type(x.clone(), elem, depth + 1))).collect();
                Value::obj(out, v.span)
            }
            ("list" | "set", ValueKind::List(l)) => {
                Value::list(l.iter().map(|x| self.convert_type(x.clone(), elem, depth + 1)).collect(), v.span)
            }
            ("tuple", ValueKind::List(l)) => match elem.map(|a| &a.kind) {
                Some(ExprKind::Array(types)) => {
                    Value::list(l.iter().zip(types.iter()).map(|(x, t)| self.convert_type(x.clone(), Some(t), depth + 1)).collect(), v.span)
                }
                _ => v,
            },
            _ => v,
        }
    }

    pub(super) fn instantiate(
        &mut self,
        dir: &str,
        path: &str,
        vars: IndexMap<String, Value>,
        call_span: Option<Span>,
        root: &str,
        depth: usize,
    ) -> usize {
        let id = self.insts.len();
        self.insts.push(Instance {
            path: path.to_string(),
            dir: dir.to_string(),
            vars,
            children: BTreeMap::new(),
            opaque_children: BTreeMap::new(),
            call_span,
            root: root.to_string(),
        });
        let bodies: Vec<&'w Body> = self.bodies(dir).collect();
        let calls: Vec<&'w Block> = bodies.iter().flat_map(|b| b.blocks("module")).collect();
        let calls = order::ordered(&calls, &bodies);
        for call in calls {
            let Some(name) = call.labels.first() else {
                continue;
            };
            if depth >= MAX_MODULE_DEPTH {
                self.note(
                    call.header,
                    format!("module nesting deeper than {MAX_MODULE_DEPTH} levels: `module \"{name}\"` is not evaluated and its jobs are not checked"),
                );
                continue;
            }
            let target = match self.ws.calls.get(&(dir.to_string(), name.to_string())) {
                Some(Source::Dir(t)) => t.clone(),
                Some(Source::Unknown(why)) => {
                    self.insts[id].opaque_children.insert(name.to_string(), why.clone());
                    continue;
                }
                _ => continue,
            };
            let scope = Scope::new(id);
            for (key, each) in self.expand(&call.body, &scope) {
                if self.root_instances.get() >= MAX_INSTANCES_PER_ROOT {
                    self.note(
                        call.header,
                        format!(
                            "more than {MAX_INSTANCES_PER_ROOT} module instances under one root: instances of `module \"{name}\"` from here on are not evaluated and their jobs are not checked"
                        ),
                    );
                    break;
                }
                self.root_instances.set(self.root_instances.get() + 1);
                let inner = match &each {
                    Some(e) => e.clone(),
                    None => scope.clone(),
                };
                let mut given = IndexMap::new();
                for a in &call.body.attrs {
                    if matches!(a.name.as_str(), "source" | "version" | "count" | "for_each" | "providers" | "depends_on") {
                        continue;
                    }
                    given.insert(a.name.to_string(), self.expr(&a.expr, &inner));
                }
                let sep = if path.is_empty() || path.ends_with(value::ROOT_SEP) { "" } else { "." };
                let child_path = format!("{path}{sep}module.{name}{}", value::key_suffix(key.as_deref()));
                let vars = self.bind_vars(&target, &given, &format!("`module \"{name}\"`"));
                let child = self.instantiate(&target, &child_path, vars, Some(call.header), root, depth + 1);
                self.insts[id].children.entry(name.to_string()).or_default().push((key, child));
            }
        }
        id
    }
}

fn type_name(e: &Expr) -> String {
    match &e.kind {
        crate::load::ast::ExprKind::Var(v) => v.clone(),
        // Terraform 0.11: `type = "string"`.
        crate::load::ast::ExprKind::Str(s, _) => s.to_string(),
        crate::load::ast::ExprKind::Call(c) => c.name.clone(),
        _ => String::new(),
    }
}

/// Terraform's automatic conversion to a variable's declared primitive type.
fn convert(v: Value, ty: Option<&str>) -> Value {
    match (ty, &v.kind) {
        (Some("number"), ValueKind::Str(s)) => match s.s.trim().parse::<f64>() {
            Ok(n) => Value::num(n, v.span),
            Err(_) => v,
        },
        (Some("string"), ValueKind::Num(n)) => Value::str(value::fmt_num(*n), v.span),
        (Some("string"), ValueKind::Bool(b)) => Value::str(b.to_string(), v.span),
        (Some("bool"), ValueKind::Str(s)) if s.s == "true" || s.s == "false" => Value::bool(s.s == "true", v.span),
        _ => v,
    }
}
