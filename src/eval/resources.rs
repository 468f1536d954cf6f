//! Resources and dynamic blocks: `count`/`for_each` expansion, every resource and data block
//! of an instance evaluated into [`ResourceInstance`]s, and references to their attributes.

use std::collections::HashMap;
use std::sync::Arc;

use indexmap::IndexMap;

use super::{AttrValue, BlockValue, BodyValue, Evaluator, MAX_INSTANCES, ResourceInstance, Scope, builtins};
use crate::load::ast::{Body, Expr, Name};
use crate::source::Span;
use crate::value::{Reason, ResourceRef, UnknownKind, Value, ValueKind};

/// Arguments holding a JSON document, read with holes where a template interpolates unknowns.
const DOCUMENT_ATTRS: [&str; 4] = ["event_pattern", "container_definitions", "policy", "assume_role_policy"];

impl Evaluator<'_> {
    /// Expands `count`/`for_each`: one scope per instance, `(None, None)` for a plain block.
    pub(super) fn expand(&self, body: &Body, scope: &Scope) -> Vec<(Option<String>, Option<Scope>)> {
        if let Some(c) = body.attr("count") {
            let mut v = self.expr(&c.expr, scope);
            // `var.enabled ? length(var.list) : 0` with an unknown condition: analyse the
            // instances the known branch gives, so `var.list[count.index]` stays known.
            if v.as_f64().is_none()
                && let Some([a, b]) = self.branches(&c.expr, scope)
                && let (Some(x), Some(y)) = (a.as_f64(), b.as_f64())
            {
                v = Value::num(x.max(y), v.span);
            }
            return match v.as_f64() {
                Some(n) if n >= 0.0 => {
                    #[expect(clippy::cast_possible_truncation, clippy::cast_sign_loss, reason = "bounded below")]
                    let n = n as usize;
                    if n > MAX_INSTANCES {
                        self.note(
                            c.expr.span,
                            format!("`count` is {n}: only the first {MAX_INSTANCES} instances are evaluated and checked"),
                        );
                    }
                    let n = n.min(MAX_INSTANCES);
                    (0..n)
                        .map(|i| {
                            #[expect(clippy::cast_precision_loss, reason = "small")]
                            let idx = Value::num(i as f64, None);
                            (Some(i.to_string()), Some(scope.with("count", obj1("index", idx))))
                        })
                        .collect()
                }
                _ => {
                    let idx = match v.first_unknown().map(|u| u.reason_or("unknown")) {
                        Some(r) => Value::unknown(r.kind, format!("`count` is unknown: {r}"), None),
                        None => Value::unknown(not_known_kind(&v), "`count` is not a number", None),
                    };
                    vec![(None, Some(scope.with("count", obj1("index", idx))))]
                }
            };
        }
        if let Some(f) = body.attr("for_each") {
            let mut v = self.expr(&f.expr, scope);
            // `var.enabled ? var.jobs : {}` with an unknown condition: the non-empty branch.
            if v.has_unknown()
                && let Some(branches) = self.branches(&f.expr, scope)
                && let Some(b) = branches.into_iter().filter(|b| !b.has_unknown()).max_by_key(|b| b.pairs().map_or(0, |p| p.len()))
            {
                v = b;
            }
            let pairs: Option<Vec<(String, Value)>> = match &v.kind {
                ValueKind::Obj(m) => Some(builtins::sorted(m).into_iter().map(|(k, v)| (k.clone(), v.clone())).collect()),
                ValueKind::List(l) => l.iter().map(|x| x.to_tf_string().map(|s| (s.clone(), Value::str(s, x.span)))).collect(),
                _ => None,
            };
            return if let Some(p) = pairs {
                if p.len() > MAX_INSTANCES {
                    self.note(
                        f.expr.span,
                        format!("`for_each` has {} elements: only the first {MAX_INSTANCES} instances are evaluated and checked", p.len()),
                    );
                }
                p.into_iter()
                    .take(MAX_INSTANCES)
                    .map(|(k, v)| {
                        let each = IndexMap::from([("key".to_string(), Value::str(k.clone(), None)), ("value".to_string(), v)]);
                        (Some(k), Some(scope.with("each", Value::obj(each, None))))
                    })
                    .collect()
            } else {
                let why = match v.first_unknown().map(|u| u.reason_or("unknown")) {
                    Some(r) => Reason::new(r.kind, format!("`for_each` is unknown: {r}")),
                    None => Reason::new(not_known_kind(&v), "`for_each` is not a map or a set"),
                };
                let each = IndexMap::from([
                    ("key".to_string(), Value::unknown_for(&why, None)),
                    ("value".to_string(), Value::unknown_for(&why, None)),
                ]);
                vec![(None, Some(scope.with("each", Value::obj(each, None))))]
            };
        }
        vec![(None, None)]
    }

    /// Both branches of a conditional whose condition is unknown (through parentheses).
    fn branches(&self, e: &Expr, scope: &Scope) -> Option<[Value; 2]> {
        match &e.kind {
            crate::load::ast::ExprKind::Paren(x) => self.branches(x, scope),
            crate::load::ast::ExprKind::Cond(c, t, f) if self.expr(c, scope).as_bool().is_none() => {
                Some([self.expr(t, scope), self.expr(f, scope)])
            }
            _ => None,
        }
    }

    pub(super) fn collect_resources(&self, inst: usize, out: &mut Vec<ResourceInstance>, read_body: fn(&str) -> bool) {
        let dir = self.insts[inst].dir.clone();
        let module: Arc<str> = Arc::from(self.insts[inst].path.as_str());
        // One copy of each type name for all the instance's resources of that type.
        let mut types: HashMap<String, Arc<str>> = HashMap::new();
        let root_dir = &self.insts[inst].root;
        let open_root = self
            .insts
            .iter()
            .find(|i| i.call_span.is_none() && &i.dir == root_dir)
            .is_some_and(|r| r.vars.values().any(|v| v.unknown_kind() == Some(UnknownKind::NoValue)));
        let deployable = self.ws.module(root_dir).is_some_and(is_deployable);
        let scope = Scope::new(inst);
        for body in self.bodies(&dir) {
            for b in &body.blocks {
                let kind = b.ident.as_str();
                if kind != "resource" && kind != "data" {
                    continue;
                }
                let (Some(t), Some(n)) = (b.labels.first(), b.labels.get(1)) else {
                    continue;
                };
                let rtype = if kind == "data" { format!("data.{t}") } else { t.to_string() };
                let rtype = types.entry(rtype).or_insert_with_key(|t| Arc::from(t.as_str())).clone();
                let mut expanded = self.expand(&b.body, &scope);
                // A module nothing in the scan calls, whose `for_each` is empty by default: one
                // representative instance, its `each` unknown, so the job site is still checked
                // where the module's own values allow it, and notes say what was not.
                if expanded.is_empty() && !deployable && self.insts[inst].call_span.is_none() && b.body.attr("for_each").is_some() {
                    let why = "the module's `for_each` is empty by default and no caller is in the scan: the job site was not instantiated";
                    let each = IndexMap::from([
                        ("key".to_string(), Value::unknown(UnknownKind::Derived, why, None)),
                        ("value".to_string(), Value::unknown(UnknownKind::Derived, why, None)),
                    ]);
                    expanded.push((None, Some(scope.with("each", Value::obj(each, None)))));
                }
                // Bodies the model does not read are left empty: a reference evaluates the
                // attribute it names on demand (`resource_attr`).
                let read = read_body(&rtype);
                for (key, sc) in expanded {
                    let body = if read { self.eval_body(&b.body, &sc.unwrap_or_else(|| scope.clone()), 0) } else { BodyValue::default() };
                    out.push(ResourceInstance {
                        module: module.clone(),
                        rtype: rtype.clone(),
                        name: n.clone(),
                        key: key.map(String::into_boxed_str),
                        header: b.header,
                        body,
                        open_root,
                        deployable,
                    });
                }
            }
        }
    }

    fn eval_body(&self, body: &Body, scope: &Scope, depth: usize) -> BodyValue {
        let mut attrs: Vec<(Name, AttrValue)> = Vec::with_capacity(body.attrs.len());
        // A name written twice (Terraform rejects it) keeps its first place and its last value;
        // looked up through an index only in a body too large to search.
        let mut index: Option<HashMap<&str, usize>> = (body.attrs.len() > 32).then(HashMap::new);
        for a in &body.attrs {
            if matches!(a.name.as_str(), "count" | "for_each" | "depends_on" | "provider") {
                continue;
            }
            let val =
                if DOCUMENT_ATTRS.contains(&a.name.as_str()) { self.document_expr(&a.expr, scope) } else { self.expr(&a.expr, scope) };
            let value = AttrValue { val, span: a.expr.span };
            let seen = match &mut index {
                Some(index) => {
                    let next = attrs.len();
                    let at = *index.entry(a.name.as_str()).or_insert(next);
                    (at != next).then_some(at)
                }
                None => attrs.iter().position(|(k, _)| *k == a.name),
            };
            match seen {
                Some(i) => attrs[i].1 = value,
                None => attrs.push((a.name.clone(), value)),
            }
        }
        let attrs = attrs.into_boxed_slice();
        if depth > 16 {
            return BodyValue { attrs, blocks: Box::default() };
        }
        let mut blocks = Vec::with_capacity(body.blocks.len());
        legacy_blocks(&attrs, &mut blocks, body, 0);
        for b in &body.blocks {
            match b.ident.as_str() {
                "lifecycle" | "provisioner" | "connection" => {}
                "dynamic" => {
                    let Some(label) = b.labels.first() else {
                        continue;
                    };
                    let iter_name = b.body.attr("iterator").and_then(|a| match &a.expr.kind {
                        crate::load::ast::ExprKind::Var(v) => Some(v.clone()),
                        _ => None,
                    });
                    let iter_name = iter_name.unwrap_or_else(|| label.to_string());
                    let Some(content) = b.body.blocks("content").next() else {
                        continue;
                    };
                    let coll = b.body.attr("for_each").map(|f| self.expr(&f.expr, scope));
                    let items = coll.and_then(|c| c.pairs()).unwrap_or_else(|| {
                        vec![(
                            Value::unknown(UnknownKind::Derived, "dynamic block key", None),
                            Value::unknown(UnknownKind::Derived, "dynamic block over an unknown collection", None),
                        )]
                    });
                    if items.len() > MAX_INSTANCES {
                        self.note(
                            b.header,
                            format!(
                                "`dynamic \"{label}\"` has {} elements: only the first {MAX_INSTANCES} blocks are evaluated and checked",
                                items.len()
                            ),
                        );
                    }
                    for (k, v) in items.into_iter().take(MAX_INSTANCES) {
                        let it = IndexMap::from([("key".to_string(), k), ("value".to_string(), v)]);
                        let sc = scope.with(&iter_name, Value::obj(it, None));
                        blocks.push(BlockValue {
                            ident: label.to_string(),
                            header: content.header,
                            body: self.eval_body(&content.body, &sc, depth + 1),
                        });
                    }
                }
                _ => blocks.push(BlockValue {
                    ident: b.ident.to_string(),
                    header: b.header,
                    body: self.eval_body(&b.body, scope, depth + 1),
                }),
            }
        }
        BodyValue { attrs, blocks: blocks.into_boxed_slice() }
    }

    /// A reference to `rtype.name[key].attr` in an instance.
    pub(super) fn resource_attr(&self, inst: usize, rtype: &str, name: &str, key: Option<String>, attr: &str, use_span: Span) -> Value {
        let dir = self.insts[inst].dir.clone();
        let (ident, t) = match rtype.strip_prefix("data.") {
            Some(t) => ("data", t),
            None => ("resource", rtype),
        };
        let Some(block) = self.find_block(&dir, ident, &[t, name]) else {
            return Value::unknown(UnknownKind::NotDeclared, format!("`{rtype}.{name}` is not declared in this module"), Some(use_span));
        };
        if let Some(v) = self.data_source_attr(inst, block, rtype, key.as_deref(), attr, use_span) {
            return v;
        }
        // Attributes that are the same value under two names, so references compare equal.
        let attr = match (rtype, attr) {
            ("aws_ecs_cluster" | "aws_sns_topic" | "aws_iam_policy", "id") => "arn",
            ("aws_iam_role" | "aws_cloudwatch_log_group" | "aws_cloudwatch_event_rule", "id") => "name",
            ("aws_ecs_task_definition", "id") => "family",
            _ => attr,
        };
        let known = if matches!(attr, "arn" | "id" | "arn_without_revision" | "url" | "json") {
            None
        } else if let Some(a) = block.body.attr(attr) {
            let scope = self.resource_scope(inst, &block.body, key.as_deref());
            let v = self.memo(inst, self.attr_key(block, key.as_deref(), &a.name), || self.expr(&a.expr, &scope));
            // An argument written as a reference to another resource
            // (`aws_cloudwatch_event_rule.x.role_arn` = `aws_iam_role.events.arn`): follow it.
            if matches!(v.kind, ValueKind::Ref(_) | ValueKind::Sym(_)) {
                return v.at(Some(use_span));
            }
            Some(Box::new(v))
        } else {
            None
        };
        let r = ResourceRef {
            module: self.insts[inst].path.clone(),
            rtype: rtype.to_string(),
            name: name.to_string(),
            key,
            attr: attr.to_string(),
            known,
        };
        Value::new(ValueKind::Ref(Arc::new(r)), Some(use_span))
    }

    pub(super) fn resource_scope(&self, inst: usize, body: &Body, key: Option<&str>) -> Scope {
        let scope = Scope::new(inst);
        if body.attr("count").is_some() {
            let idx = key
                .and_then(|k| k.parse::<f64>().ok())
                .map_or_else(|| Value::unknown(UnknownKind::Derived, "`count.index`", None), |n| Value::num(n, None));
            return scope.with("count", obj1("index", idx));
        }
        if body.attr("for_each").is_some() {
            let (k, v) = match key {
                Some(k) => {
                    let all = self.expand(body, &scope);
                    let v = all
                        .into_iter()
                        .find(|(kk, _)| kk.as_deref() == Some(k))
                        .and_then(|(_, s)| s.and_then(|s| s.lookup("each").and_then(|e| e.get("value").cloned())))
                        .unwrap_or_else(|| Value::unknown(UnknownKind::Derived, "`each.value`", None));
                    (Value::str(k, None), v)
                }
                None => {
                    (Value::unknown(UnknownKind::Derived, "`each.key`", None), Value::unknown(UnknownKind::Derived, "`each.value`", None))
                }
            };
            return scope.with("each", Value::obj(IndexMap::from([("key".to_string(), k), ("value".to_string(), v)]), None));
        }
        scope
    }
}

/// Nested blocks jobcheck reads that Terraform 0.11 let users write as attributes
/// (`network_configuration = { … }` inside `ecs_target`).
const LEGACY_BLOCKS: [&str; 11] = [
    "ecs_target",
    "network_configuration",
    "dead_letter_config",
    "retry_policy",
    "capacity_provider_strategy",
    "ecs_parameters",
    "flexible_time_window",
    "runtime_platform",
    "ephemeral_storage",
    "inline_policy",
    "target",
];

/// Reads attribute-form nested blocks (an object, or a list of objects) as blocks, when the
/// body has no block of that name.
fn legacy_blocks(attrs: &[(Name, AttrValue)], blocks: &mut Vec<BlockValue>, body: &Body, depth: usize) {
    if depth > 8 {
        return;
    }
    for name in LEGACY_BLOCKS {
        let Some((_, a)) = attrs.iter().find(|(k, _)| k == name) else { continue };
        if body.blocks.iter().any(|b| b.ident == name) || blocks.iter().any(|b| b.ident == name) {
            continue;
        }
        let span = a.span;
        let objs: Vec<IndexMap<String, Value>> = match &a.val.kind {
            ValueKind::Obj(m) => vec![(**m).clone()],
            ValueKind::List(l) => l.iter().filter_map(|x| x.as_obj().cloned()).collect(),
            _ => continue,
        };
        for m in objs {
            let attrs: Box<[(Name, AttrValue)]> =
                m.into_iter().map(|(k, v)| (Name::from(k), AttrValue { span: v.span.unwrap_or(span), val: v })).collect();
            let mut inner = Vec::new();
            legacy_blocks(&attrs, &mut inner, &Body::default(), depth + 1);
            blocks.push(BlockValue { ident: name.to_string(), header: span, body: BodyValue { attrs, blocks: inner.into_boxed_slice() } });
        }
    }
}

/// A root with a `provider`, `backend` or `cloud` block, or a `.tfvars` file, is deployed as it
/// is; one without is a reusable module (rules.md, Roots and modules).
fn is_deployable(m: &crate::load::modules::ModuleDir) -> bool {
    !m.tfvars.is_empty()
        || m.bodies.iter().flat_map(|(_, b)| b.blocks.iter()).any(|b| {
            b.ident == "provider" || (b.ident == "terraform" && b.body.blocks.iter().any(|x| x.ident == "backend" || x.ident == "cloud"))
        })
}

/// The kind of unknown a `count`/`for_each` of the wrong type is: a reference is known only
/// after apply; anything else jobcheck does not expand.
fn not_known_kind(v: &Value) -> UnknownKind {
    if matches!(v.kind, ValueKind::Ref(_) | ValueKind::Sym(_)) { UnknownKind::AfterApply } else { UnknownKind::Unsupported }
}

fn obj1(k: &str, v: Value) -> Value {
    Value::obj(IndexMap::from([(k.to_string(), v)]), None)
}
