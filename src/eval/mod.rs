//! Evaluation: every module instance's variables, locals, resources and outputs, the way
//! Terraform would compute them where it can, and an explicit unknown where it cannot.
//!
//! Evaluation is lazy and memoised per module instance; cycles and runaway depth end in an
//! unknown value, never a hang or a stack overflow.

mod expr;
mod functions;
mod limits;
mod order;

use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use indexmap::IndexMap;

use crate::load::Workspace;
use crate::load::ast::{Block, Body, Expr};
use crate::load::modules::Source;
use crate::source::{SourceFile, Span};
use crate::value::{self, RefVal, V, Val};
pub use functions::decode_json;

/// Deepest module nesting we follow.
const MAX_MODULE_DEPTH: usize = 12;
/// Deepest expression/reference evaluation chain.
const MAX_EVAL_DEPTH: usize = 160;
/// Expression evaluations allowed per root module: a base plus an allowance per file the root
/// and the modules it calls hold. Real configurations use about 20 per file (the benchmark
/// tree: 47,520 for 3,001 files), so this is 100 times that. A root that runs out gets a
/// JC002 note where it ran out; other roots have their own budget.
const EVAL_STEPS_BASE: u64 = 250_000;
const EVAL_STEPS_PER_FILE: u64 = 2_000;
/// Most instances one `count`/`for_each` expands to.
const MAX_INSTANCES: usize = 64;
/// Most module instances one root expands to (nested `count = 64` modules multiply).
const MAX_INSTANCES_PER_ROOT: usize = 512;

/// Arguments holding a JSON document, read with holes where a template interpolates unknowns.
const DOCUMENT_ATTRS: [&str; 4] = ["event_pattern", "container_definitions", "policy", "assume_role_policy"];

/// A module instance: the root, or one expansion of a `module` block.
#[derive(Debug, Clone)]
pub struct Instance {
    /// `""` for a root; `module.a`, `module.a[0]`, `module.a["k"].module.b`.
    pub path: String,
    pub dir: String,
    pub vars: IndexMap<String, Val>,
    /// Children by call name: (instance key, instance index).
    pub children: BTreeMap<String, Vec<(Option<String>, usize)>>,
    /// Why a call has no instances we can see (unknown source).
    pub opaque_children: BTreeMap<String, String>,
    /// The `module` block that created this instance.
    pub call_span: Option<Span>,
    /// Root module directory this instance descends from.
    pub root: String,
}

/// An evaluated attribute: its value and the span of the expression in the resource.
#[derive(Debug, Clone)]
pub struct EAttr {
    pub val: Val,
    pub span: Span,
}

/// An evaluated block body.
#[derive(Debug, Clone, Default)]
pub struct EBody {
    pub attrs: IndexMap<String, EAttr>,
    pub blocks: Vec<EBlock>,
}

#[derive(Debug, Clone)]
pub struct EBlock {
    pub ident: String,
    pub header: Span,
    pub body: EBody,
}

impl EBody {
    pub fn attr(&self, name: &str) -> Option<&EAttr> {
        self.attrs.get(name)
    }
    pub fn val(&self, name: &str) -> Option<&Val> {
        self.attrs.get(name).map(|a| &a.val)
    }
    pub fn block(&self, ident: &str) -> Option<&EBlock> {
        self.blocks.iter().find(|b| b.ident == ident)
    }
    pub fn blocks<'a>(&'a self, ident: &'a str) -> impl Iterator<Item = &'a EBlock> + 'a {
        self.blocks.iter().filter(move |b| b.ident == ident)
    }
}

/// One instance of a resource or data block.
#[derive(Debug, Clone)]
pub struct ResInst {
    pub module: String,
    /// Resource type; data sources are `data.<type>`.
    pub rtype: String,
    pub name: String,
    pub key: Option<String>,
    pub header: Span,
    /// The evaluated body; empty for a type the [`Demand`] does not read.
    pub body: EBody,
    pub dir: String,
    /// The module instance's `module` block, for labels.
    pub call_span: Option<Span>,
    /// The root this instance descends from has variables with no value: it is a reusable
    /// module whose callers are not in the scanned tree.
    pub open_root: bool,
    /// The root this instance descends from is deployable: it has a `provider`, `backend` or
    /// `cloud` block, or a `.tfvars` file (rules.md, Roots and modules).
    pub deployable: bool,
}

impl ResInst {
    pub fn address(&self) -> String {
        let key = self.key.as_deref().map(|k| key_suffix(Some(k))).unwrap_or_default();
        value::qualified(&self.module, &format!("{}.{}{key}", self.rtype, self.name))
    }
    /// Whether a reference points at this resource.
    pub fn is(&self, r: &RefVal) -> bool {
        self.module == r.module
            && self.rtype == r.rtype
            && self.name == r.name
            && (self.key.is_none() || r.key.is_none() || self.key == r.key)
    }
}

/// Everything evaluation produced.
#[derive(Debug, Default)]
pub struct World {
    pub instances: Vec<Instance>,
    pub resources: Vec<ResInst>,
    /// Files read by `file()`/`templatefile()`, to append to the source map.
    pub extra_files: Vec<SourceFile>,
    /// JC002 notes about what evaluation left out: a budget or limit reached.
    pub notes: Vec<crate::finding::Finding>,
}

/// Values supplied on the command line.
#[derive(Debug, Clone, Default)]
pub struct Inputs {
    /// Extra tfvars files (already parsed), applied after the directory's own.
    pub var_files: Vec<(crate::source::FileId, Body)>,
    pub vars: Vec<(String, String)>,
}

#[derive(Clone, Default)]
struct Scope {
    inst: usize,
    locals: Vec<(String, Val)>,
}

/// The instance of a [`Scope`] for constants: variable defaults, tfvars, `--var-file` and
/// `--var`, where Terraform accepts no references at all.
const NO_INSTANCE: usize = usize::MAX;

impl Scope {
    fn constant() -> Scope {
        Scope { inst: NO_INSTANCE, locals: Vec::new() }
    }
    fn with(&self, name: &str, v: Val) -> Scope {
        let mut s = self.clone();
        s.locals.push((name.to_string(), v));
        s
    }
    fn lookup(&self, name: &str) -> Option<&Val> {
        self.locals.iter().rev().find(|(n, _)| n == name).map(|(_, v)| v)
    }
}

pub struct Evaluator<'w> {
    ws: &'w Workspace,
    insts: Vec<Instance>,
    memo: RefCell<HashMap<(usize, String), Val>>,
    busy: RefCell<HashSet<(usize, String)>>,
    depth: Cell<usize>,
    /// Expressions evaluated so far: nested `for`s over large ranges end in an unknown, not a hang.
    steps: Cell<u64>,
    max_steps: Cell<u64>,
    /// Module instances of the current root.
    root_instances: Cell<usize>,
    /// Bytes of values built by the current root (see `limits`).
    value_bytes: Cell<u64>,
    notes: RefCell<Vec<crate::finding::Finding>>,
    extra: RefCell<Vec<SourceFile>>,
    extra_by_path: RefCell<HashMap<std::path::PathBuf, crate::source::FileId>>,
    first_extra_id: u32,
}

/// What the consumer of the evaluation reads (the job model says what: `model::demand`), so
/// that evaluation builds only that.
#[derive(Debug, Clone, Copy)]
pub struct Demand {
    /// Whether anything in a root module, or the modules it calls, is read: a root that is not
    /// is not evaluated at all.
    pub root: fn(&Workspace, &str) -> bool,
    /// Whether the body of a resource of this type (`data.<type>` for a data source) is read.
    /// The others are instantiated with an empty body; an expression referring to one
    /// evaluates the attribute it names on demand.
    pub body: fn(&str) -> bool,
}

/// Evaluates the root modules of the workspace that `demand` asks for, and every instance
/// under them.
pub fn evaluate(ws: &Workspace, inputs: &Inputs, demand: &Demand) -> World {
    let mut ev = Evaluator::new(ws);
    let mut resources = Vec::new();
    let mut total = 0;
    // Each root has its own budget: a costly root cannot blank out the others.
    for root in &ws.roots {
        if !(demand.root)(ws, root) {
            continue;
        }
        ev.steps.set(0);
        ev.max_steps.set(EVAL_STEPS_BASE + EVAL_STEPS_PER_FILE * root_files(ws, root));
        ev.root_instances.set(0);
        ev.value_bytes.set(0);
        let first = ev.insts.len();
        let vars = ev.root_vars(root, inputs);
        let path = if root.is_empty() { String::new() } else { format!("{root}{}", value::ROOT_SEP) };
        ev.instantiate(root, &path, vars, None, root, 0);
        for i in first..ev.insts.len() {
            ev.collect_resources(i, &mut resources, demand.body);
        }
        total += ev.steps.get();
    }
    if std::env::var_os("JOBCHECK_TIMING").is_some() {
        eprintln!("jobcheck timing: {total} expression evaluations");
    }
    World { instances: ev.insts, resources, extra_files: ev.extra.into_inner(), notes: ev.notes.into_inner() }
}

/// The module directories root `root` evaluates: itself and every directory it calls,
/// transitively (a superset of what evaluation instantiates, which stops at a depth).
pub fn closure(ws: &Workspace, root: &str) -> std::collections::BTreeSet<String> {
    let mut seen = std::collections::BTreeSet::from([root.to_string()]);
    let mut todo = vec![root.to_string()];
    while let Some(dir) = todo.pop() {
        for ((from, _), to) in ws.calls.range((dir.clone(), String::new())..) {
            if *from != dir {
                break;
            }
            if let Source::Dir(t) = to
                && seen.insert(t.clone())
            {
                todo.push(t.clone());
            }
        }
    }
    seen
}

/// Files in a root's directory and every module directory it calls, transitively.
fn root_files(ws: &Workspace, root: &str) -> u64 {
    closure(ws, root).iter().filter_map(|d| ws.module(d)).map(|m| (m.bodies.len() + m.tfvars.len()) as u64).sum()
}

impl<'w> Evaluator<'w> {
    fn new(ws: &'w Workspace) -> Self {
        Evaluator {
            ws,
            insts: Vec::new(),
            memo: RefCell::default(),
            busy: RefCell::default(),
            depth: Cell::new(0),
            steps: Cell::new(0),
            max_steps: Cell::new(EVAL_STEPS_BASE + EVAL_STEPS_PER_FILE * u64::try_from(ws.file_count).unwrap_or(0)),
            root_instances: Cell::new(0),
            value_bytes: Cell::new(0),
            notes: RefCell::default(),
            extra: RefCell::default(),
            extra_by_path: RefCell::default(),
            // Files read by `file()` get ids after the workspace's own.
            first_extra_id: u32::try_from(ws.sources.len()).unwrap_or(u32::MAX),
        }
    }

    fn bodies(&self, dir: &str) -> impl Iterator<Item = &'w Body> + 'w {
        self.ws.module(dir).into_iter().flat_map(|m| m.bodies.iter().map(|(_, b)| b))
    }

    fn find_block(&self, dir: &str, ident: &str, labels: &[&str]) -> Option<&'w Block> {
        self.bodies(dir)
            .flat_map(|b| b.blocks.iter())
            .find(|b| b.ident == ident && b.labels.len() == labels.len() && b.labels.iter().zip(labels).all(|(a, b)| a == b))
    }

    fn root_vars(&mut self, root: &str, inputs: &Inputs) -> IndexMap<String, Val> {
        let mut given: IndexMap<String, Val> = IndexMap::new();
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
                    given.insert(a.name.clone(), self.expr(&a.expr, &empty));
                }
            }
        }
        for (_, body) in &inputs.var_files {
            for a in &body.attrs {
                given.insert(a.name.clone(), self.expr(&a.expr, &empty));
            }
        }
        for (k, v) in &inputs.vars {
            let val = match crate::load::parse::parse_hcl(crate::source::FileId(u32::MAX), &format!("x = {v}\n")) {
                Ok(b) if v.trim_start().starts_with(['[', '{', '"']) || v.parse::<f64>().is_ok() || v == "true" || v == "false" => {
                    b.attrs.first().map_or_else(|| Val::str(v.clone(), None), |a| self.expr(&a.expr, &empty).respan(None))
                }
                _ => Val::str(v.clone(), None),
            };
            given.insert(k.clone(), val);
        }
        self.bind_vars(root, &given, "")
    }

    /// Variable values for an instance of `dir`: given value, else default, else unknown.
    fn bind_vars(&mut self, dir: &str, given: &IndexMap<String, Val>, who: &str) -> IndexMap<String, Val> {
        let empty = Scope::constant();
        let mut out = IndexMap::new();
        let decls: Vec<&Block> = self.bodies(dir).flat_map(|b| b.blocks("variable")).collect();
        for d in decls {
            let Some(name) = d.labels.first() else {
                continue;
            };
            let ty = d.body.attr("type").map(|a| &a.expr);
            let v = if let Some(v) = given.get(name) {
                v.clone()
            } else if let Some(def) = d.body.attr("default") {
                self.expr(&def.expr, &empty)
            } else {
                let why = if who.is_empty() {
                    format!("variable `{name}` has no default and no value in the scanned tfvars")
                } else {
                    format!("variable `{name}` is not set by {who}")
                };
                Val::unknown(why, None)
            };
            out.insert(name.clone(), self.convert_type(v, ty, 0));
        }
        out
    }

    /// Converts a variable's value to its declared type as Terraform ≥ 1.3 does: primitives
    /// converted, object attributes not in the type dropped, and `optional(type, default)`
    /// attributes that are absent or null filled with their (converted) default.
    fn convert_type(&self, v: Val, ty: Option<&Expr>, depth: usize) -> Val {
        use crate::load::ast::{ExprKind, ObjKey};
        let Some(ty) = ty else { return v };
        if depth > 32 || v.is_unknown() {
            return v;
        }
        let ExprKind::Call(name, args, _) = &ty.kind else { return convert(v, Some(&type_name(ty))) };
        let elem = args.first();
        match (name.as_str(), &v.kind) {
            ("object", V::Obj(m)) => {
                let Some(ExprKind::Object(fields)) = elem.map(|a| &a.kind) else { return v };
                let mut out = IndexMap::new();
                for (k, t) in fields {
                    let key = match k {
                        ObjKey::Ident(s, _) => s.clone(),
                        ObjKey::Expr(e) => match &e.kind {
                            ExprKind::Str(s, _) | ExprKind::Var(s) => s.clone(),
                            _ => continue,
                        },
                    };
                    let (inner, default) = match &t.kind {
                        ExprKind::Call(n, a, _) if n == "optional" => (a.first(), Some(a.get(1))),
                        _ => (Some(t), None),
                    };
                    let val = match (m.get(&key), default) {
                        (Some(x), Some(_)) if !x.is_null() => self.convert_type(x.clone(), inner, depth + 1),
                        (Some(x), None) => self.convert_type(x.clone(), inner, depth + 1),
                        (_, Some(Some(d))) => self.convert_type(self.expr(d, &Scope::default()), inner, depth + 1),
                        (_, Some(None)) => Val::new(V::Null, v.span),
                        (None, None) => return Val::error(format!("attribute `{key}` is required by the variable's type"), v.span),
                    };
                    out.insert(key, val);
                }
                Val::obj(out, v.span)
            }
            ("map", V::Obj(m)) => {
                let out = m.iter().map(|(k, x)| (k.clone(), self.convert_type(x.clone(), elem, depth + 1))).collect();
                Val::obj(out, v.span)
            }
            ("list" | "set", V::List(l)) => Val::list(l.iter().map(|x| self.convert_type(x.clone(), elem, depth + 1)).collect(), v.span),
            ("tuple", V::List(l)) => match elem.map(|a| &a.kind) {
                Some(ExprKind::Array(types)) => {
                    Val::list(l.iter().zip(types.iter()).map(|(x, t)| self.convert_type(x.clone(), Some(t), depth + 1)).collect(), v.span)
                }
                _ => v,
            },
            _ => v,
        }
    }

    fn instantiate(
        &mut self,
        dir: &str,
        path: &str,
        vars: IndexMap<String, Val>,
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
            let target = match self.ws.calls.get(&(dir.to_string(), name.clone())) {
                Some(Source::Dir(t)) => t.clone(),
                Some(Source::Unknown(why)) => {
                    self.insts[id].opaque_children.insert(name.clone(), why.clone());
                    continue;
                }
                _ => continue,
            };
            let scope = Scope { inst: id, locals: Vec::new() };
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
                    given.insert(a.name.clone(), self.expr(&a.expr, &inner));
                }
                let sep = if path.is_empty() || path.ends_with(value::ROOT_SEP) { "" } else { "." };
                let child_path = format!("{path}{sep}module.{name}{}", key_suffix(key.as_deref()));
                let vars = self.bind_vars(&target, &given, &format!("`module \"{name}\"`"));
                let child = self.instantiate(&target, &child_path, vars, Some(call.header), root, depth + 1);
                self.insts[id].children.entry(name.clone()).or_default().push((key, child));
            }
        }
        id
    }

    /// Expands `count`/`for_each`: one scope per instance, `(None, None)` for a plain block.
    fn expand(&self, body: &Body, scope: &Scope) -> Vec<(Option<String>, Option<Scope>)> {
        if let Some(c) = body.attr("count") {
            let mut v = self.expr(&c.expr, scope);
            // `var.enabled ? length(var.list) : 0` with an unknown condition: analyse the
            // instances the known branch gives, so `var.list[count.index]` stays known.
            if v.as_f64().is_none()
                && let Some([a, b]) = self.branches(&c.expr, scope)
                && let (Some(x), Some(y)) = (a.as_f64(), b.as_f64())
            {
                v = Val::num(x.max(y), v.span);
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
                            let idx = Val::num(i as f64, None);
                            (Some(i.to_string()), Some(scope.with("count", obj1("index", idx))))
                        })
                        .collect()
                }
                _ => {
                    let why = v
                        .first_unknown()
                        .and_then(Val::unknown_reason)
                        .map_or_else(|| "`count` is not a number".to_string(), |r| format!("`count` is unknown: {r}"));
                    vec![(None, Some(scope.with("count", obj1("index", Val::unknown(why, None)))))]
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
            let pairs: Option<Vec<(String, Val)>> = match &v.kind {
                V::Obj(m) => Some(functions::sorted(m).into_iter().map(|(k, v)| (k.clone(), v.clone())).collect()),
                V::List(l) => l.iter().map(|x| x.to_tf_string().map(|s| (s.clone(), Val::str(s, x.span)))).collect(),
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
                        let each = IndexMap::from([("key".to_string(), Val::str(k.clone(), None)), ("value".to_string(), v)]);
                        (Some(k), Some(scope.with("each", Val::obj(each, None))))
                    })
                    .collect()
            } else {
                let why = match v.first_unknown().and_then(Val::unknown_reason) {
                    Some(r) => format!("`for_each` is unknown: {r}"),
                    None => "`for_each` is not a map or a set".to_string(),
                };
                let each =
                    IndexMap::from([("key".to_string(), Val::unknown(why.clone(), None)), ("value".to_string(), Val::unknown(why, None))]);
                vec![(None, Some(scope.with("each", Val::obj(each, None))))]
            };
        }
        vec![(None, None)]
    }

    /// Both branches of a conditional whose condition is unknown (through parentheses).
    fn branches(&self, e: &Expr, scope: &Scope) -> Option<[Val; 2]> {
        match &e.kind {
            crate::load::ast::ExprKind::Paren(x) => self.branches(x, scope),
            crate::load::ast::ExprKind::Cond(c, t, f) if self.expr(c, scope).as_bool().is_none() => {
                Some([self.expr(t, scope), self.expr(f, scope)])
            }
            _ => None,
        }
    }

    fn collect_resources(&self, inst: usize, out: &mut Vec<ResInst>, read_body: fn(&str) -> bool) {
        let dir = self.insts[inst].dir.clone();
        let root_dir = &self.insts[inst].root;
        let open_root = self
            .insts
            .iter()
            .find(|i| i.call_span.is_none() && &i.dir == root_dir)
            .is_some_and(|r| r.vars.values().any(|v| v.unknown_reason().is_some_and(|w| w.contains("has no default"))));
        let deployable = self.ws.module(root_dir).is_some_and(is_deployable);
        let scope = Scope { inst, locals: Vec::new() };
        for body in self.bodies(&dir) {
            for b in &body.blocks {
                let kind = b.ident.as_str();
                if kind != "resource" && kind != "data" {
                    continue;
                }
                let (Some(t), Some(n)) = (b.labels.first(), b.labels.get(1)) else {
                    continue;
                };
                let rtype = if kind == "data" { format!("data.{t}") } else { t.clone() };
                let mut expanded = self.expand(&b.body, &scope);
                // A module nothing in the scan calls, whose `for_each` is empty by default: one
                // representative instance, its `each` unknown, so the job site is still checked
                // where the module's own values allow it, and notes say what was not.
                if expanded.is_empty() && !deployable && self.insts[inst].call_span.is_none() && b.body.attr("for_each").is_some() {
                    let why = "the module's `for_each` is empty by default and no caller is in the scan: the job site was not instantiated";
                    let each =
                        IndexMap::from([("key".to_string(), Val::unknown(why, None)), ("value".to_string(), Val::unknown(why, None))]);
                    expanded.push((None, Some(scope.with("each", Val::obj(each, None)))));
                }
                // Bodies the model does not read are left empty: a reference evaluates the
                // attribute it names on demand (`resource_attr`).
                let read = read_body(&rtype);
                for (key, sc) in expanded {
                    let body = if read { self.eval_body(&b.body, &sc.unwrap_or_else(|| scope.clone()), 0) } else { EBody::default() };
                    out.push(ResInst {
                        module: self.insts[inst].path.clone(),
                        rtype: rtype.clone(),
                        name: n.clone(),
                        key,
                        header: b.header,
                        body,
                        dir: dir.clone(),
                        call_span: self.insts[inst].call_span,
                        open_root,
                        deployable,
                    });
                }
            }
        }
    }

    fn eval_body(&self, body: &Body, scope: &Scope, depth: usize) -> EBody {
        let mut out = EBody::default();
        for a in &body.attrs {
            if matches!(a.name.as_str(), "count" | "for_each" | "depends_on" | "provider") {
                continue;
            }
            let val =
                if DOCUMENT_ATTRS.contains(&a.name.as_str()) { self.document_expr(&a.expr, scope) } else { self.expr(&a.expr, scope) };
            out.attrs.insert(a.name.clone(), EAttr { val, span: a.expr.span });
        }
        if depth > 16 {
            return out;
        }
        legacy_blocks(&mut out, body, 0);
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
                    let iter_name = iter_name.unwrap_or_else(|| label.clone());
                    let Some(content) = b.body.blocks("content").next() else {
                        continue;
                    };
                    let coll = b.body.attr("for_each").map(|f| self.expr(&f.expr, scope));
                    let items = coll.and_then(|c| c.pairs()).unwrap_or_else(|| {
                        vec![(Val::unknown("dynamic block key", None), Val::unknown("dynamic block over an unknown collection", None))]
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
                        let sc = scope.with(&iter_name, Val::obj(it, None));
                        out.blocks.push(EBlock {
                            ident: label.clone(),
                            header: content.header,
                            body: self.eval_body(&content.body, &sc, depth + 1),
                        });
                    }
                }
                _ => out.blocks.push(EBlock { ident: b.ident.clone(), header: b.header, body: self.eval_body(&b.body, scope, depth + 1) }),
            }
        }
        out
    }

    /// Memoised evaluation of a named thing in an instance, with cycle detection.
    fn memo(&self, inst: usize, key: String, f: impl FnOnce() -> Val) -> Val {
        if let Some(v) = self.memo.borrow().get(&(inst, key.clone())) {
            return v.clone();
        }
        if !self.busy.borrow_mut().insert((inst, key.clone())) {
            return Val::unknown(format!("`{key}` refers to itself"), None);
        }
        let v = f();
        self.busy.borrow_mut().remove(&(inst, key.clone()));
        self.memo.borrow_mut().insert((inst, key), v.clone());
        v
    }

    /// Counts one evaluation at `span`; `Err(why)` when the depth limit or the root's budget
    /// is reached (the first time the budget runs out, a note says where).
    fn enter(&self, span: Span) -> Result<(), &'static str> {
        let d = self.depth.get();
        let steps = self.steps.get() + 1;
        self.steps.set(steps);
        if steps > self.max_steps.get() {
            if steps == self.max_steps.get() + 1 {
                self.note(
                    span,
                    format!(
                        "evaluation budget of this root module ({} steps) ran out here: values evaluated after this point are unknown and their checks did not run",
                        self.max_steps.get()
                    ),
                );
            }
            return Err("the evaluation budget of this root module ran out");
        }
        if d >= MAX_EVAL_DEPTH {
            return Err("expression too deeply nested to evaluate");
        }
        self.depth.set(d + 1);
        Ok(())
    }

    /// A JC002 note about something evaluation left out.
    fn note(&self, span: Span, message: String) {
        let meta = crate::catalog::meta("JC002");
        self.notes.borrow_mut().push(crate::finding::Finding::new(meta, span, message));
    }
    fn leave(&self) {
        self.depth.set(self.depth.get().saturating_sub(1));
    }

    fn local(&self, inst: usize, name: &str, use_span: Span) -> Val {
        let dir = self.insts[inst].dir.clone();
        let found = self.bodies(&dir).flat_map(|b| b.blocks("locals")).find_map(|l| l.body.attr(name));
        match found {
            Some(a) => self.memo(inst, format!("local.{name}"), || self.expr(&a.expr, &Scope { inst, locals: Vec::new() })),
            None => Val::unknown(format!("no local value `{name}`"), Some(use_span)),
        }
    }

    fn output(&self, inst: usize, name: &str) -> Val {
        let dir = self.insts[inst].dir.clone();
        match self.find_block(&dir, "output", &[name]).and_then(|b| b.body.attr("value")) {
            Some(a) => self.memo(inst, format!("output.{name}"), || self.expr(&a.expr, &Scope { inst, locals: Vec::new() })),
            None => Val::unknown(format!("module has no output `{name}`"), None),
        }
    }

    /// A reference to `rtype.name[key].attr` in an instance.
    fn resource_attr(&self, inst: usize, rtype: &str, name: &str, key: Option<String>, attr: &str, use_span: Span) -> Val {
        let dir = self.insts[inst].dir.clone();
        let (ident, t) = match rtype.strip_prefix("data.") {
            Some(t) => ("data", t),
            None => ("resource", rtype),
        };
        let Some(block) = self.find_block(&dir, ident, &[t, name]) else {
            return Val::unknown(format!("`{rtype}.{name}` is not declared in this module"), Some(use_span));
        };
        if ident == "data" && t == "aws_iam_policy_document" && matches!(attr, "json" | "minified_json") {
            let scope = self.resource_scope(inst, &block.body, key.as_deref());
            return self
                .memo(inst, format!("{rtype}.{name}[{key:?}].json"), || functions::policy_document(self, &block.body, &scope))
                .respan(Some(use_span));
        }
        // `data "aws_iam_policy"` of an AWS managed policy jobcheck knows (aws.md §7): its
        // document, so a copy into `aws_iam_policy` is still read.
        if ident == "data" && t == "aws_iam_policy" && attr == "policy" {
            let scope = self.resource_scope(inst, &block.body, key.as_deref());
            if let Some(a) = block.body.attr("arn") {
                let arn = self.expr(&a.expr, &scope);
                if let Some(crate::aws::managed::Managed::Document(doc)) = arn.as_str().and_then(crate::aws::managed::lookup) {
                    return Val::str(doc, arn.span.or(Some(a.expr.span)));
                }
            }
        }
        // `data "local_file"`: the file's text, read like `file()` (inside the tree only).
        if ident == "data" && t == "local_file" && attr == "content" {
            let scope = self.resource_scope(inst, &block.body, key.as_deref());
            let Some(a) = block.body.attr("filename") else { return Val::unknown("`local_file` has no `filename`", Some(use_span)) };
            let path = self.expr(&a.expr, &scope);
            return match path.to_tf_string() {
                Some(p) => match self.read_file(inst, &p) {
                    Ok((id, text)) => functions::file_val(id, &text),
                    Err(why) => Val::unknown(format!("`local_file`: {why}"), Some(use_span)),
                },
                None => Val::unknown("`local_file` with an unknown filename", Some(use_span)),
            };
        }
        if ident == "data" && t == "template_file" && attr == "rendered" {
            let scope = self.resource_scope(inst, &block.body, key.as_deref());
            return self
                .memo(inst, format!("{rtype}.{name}[{key:?}].rendered"), || {
                    let Some(tpl) = block.body.attr("template") else {
                        return Val::unknown("`template_file` has no `template`", Some(block.header));
                    };
                    let tval = self.expr(&tpl.expr, &scope);
                    let mut vars = IndexMap::new();
                    if let Some(a) = block.body.attr("vars") {
                        match self.expr(&a.expr, &scope).kind {
                            V::Obj(m) => vars.extend(m.iter().map(|(k, v)| (k.clone(), v.clone()))),
                            _ => return Val::unknown("`template_file` vars are unknown", Some(a.expr.span)),
                        }
                    }
                    for b in block.body.blocks("vars") {
                        for a in &b.body.attrs {
                            vars.insert(a.name.clone(), self.expr(&a.expr, &scope));
                        }
                    }
                    self.render(&tval, &vars, inst, tpl.expr.span)
                })
                .at(Some(use_span));
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
            let v = self.memo(inst, format!("{rtype}.{name}[{key:?}].{attr}"), || self.expr(&a.expr, &scope));
            // An argument written as a reference to another resource
            // (`aws_cloudwatch_event_rule.x.role_arn` = `aws_iam_role.events.arn`): follow it.
            if matches!(v.kind, V::Ref(_) | V::Sym(_)) {
                return v.at(Some(use_span));
            }
            Some(Box::new(v))
        } else {
            None
        };
        let r = RefVal {
            module: self.insts[inst].path.clone(),
            rtype: rtype.to_string(),
            name: name.to_string(),
            key,
            attr: attr.to_string(),
            known,
        };
        Val::new(V::Ref(Arc::new(r)), Some(use_span))
    }

    fn resource_scope(&self, inst: usize, body: &Body, key: Option<&str>) -> Scope {
        let scope = Scope { inst, locals: Vec::new() };
        if body.attr("count").is_some() {
            let idx = key.and_then(|k| k.parse::<f64>().ok()).map_or_else(|| Val::unknown("`count.index`", None), |n| Val::num(n, None));
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
                        .unwrap_or_else(|| Val::unknown("`each.value`", None));
                    (Val::str(k, None), v)
                }
                None => (Val::unknown("`each.key`", None), Val::unknown("`each.value`", None)),
            };
            return scope.with("each", Val::obj(IndexMap::from([("key".to_string(), k), ("value".to_string(), v)]), None));
        }
        scope
    }

    fn module_ref(&self, inst: usize, name: &str, key: Option<&str>, use_span: Span) -> Result<usize, Val> {
        if let Some(why) = self.insts[inst].opaque_children.get(name) {
            return Err(Val::unknown(why.clone(), Some(use_span)));
        }
        let Some(kids) = self.insts[inst].children.get(name) else {
            return Err(Val::unknown(format!("module `{name}` is not available"), Some(use_span)));
        };
        let found = match key {
            Some(k) => kids.iter().find(|(kk, _)| kk.as_deref() == Some(k)),
            None => kids.first(),
        };
        found.map(|(_, i)| *i).ok_or_else(|| Val::unknown(format!("module `{name}` has no such instance"), Some(use_span)))
    }

    /// Reads a file inside the scanned tree for `file()`/`templatefile()`.
    fn read_file(&self, inst: usize, path: &str) -> Result<(crate::source::FileId, Arc<str>), String> {
        let p = std::path::Path::new(path);
        if p.is_absolute() {
            return Err(format!("`{path}` is an absolute path; jobcheck reads only inside the scanned tree"));
        }
        let Some(instance) = self.insts.get(inst) else {
            return Err(format!("`{path}` cannot be read here: Terraform accepts only literal values"));
        };
        let full = self.ws.base.join(&instance.root).join(p);
        let canon_base = crate::load::fs::canonical_root(&self.ws.base);
        let canon = crate::load::fs::resolve_inside(&canon_base, &full)
            .map_err(|_| format!("`{path}` is outside the scanned tree or does not exist"))?;
        if let Some(id) = self.extra_by_path.borrow().get(&canon) {
            let files = self.extra.borrow();
            let idx = (id.0 - self.first_extra_id) as usize;
            return files.get(idx).map(|f| (*id, f.text.clone())).ok_or_else(|| "file vanished".to_string());
        }
        let read_so_far: usize = self.extra.borrow().iter().map(|f| f.text.len()).sum();
        if read_so_far as u64 > crate::load::fs::MAX_SCAN_BYTES {
            return Err(format!(
                "`{path}` was not read: `file()` already read {} MiB in this scan, its limit",
                crate::load::fs::MAX_SCAN_BYTES / (1024 * 1024)
            ));
        }
        let text = crate::load::fs::read_text(Some(&canon_base), &canon).map_err(|e| format!("`{path}` was not read: {e}"))?;
        let mut files = self.extra.borrow_mut();
        let id = crate::source::FileId(self.first_extra_id + u32::try_from(files.len()).unwrap_or(0));
        let rel = crate::load::walk::rel(&self.ws.base.canonicalize().unwrap_or_else(|_| self.ws.base.clone()), &canon);
        let sf = SourceFile::new(rel, canon.clone(), text);
        let t = sf.text.clone();
        files.push(sf);
        self.extra_by_path.borrow_mut().insert(canon, id);
        Ok((id, t))
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
fn legacy_blocks(out: &mut EBody, body: &Body, depth: usize) {
    if depth > 8 {
        return;
    }
    for name in LEGACY_BLOCKS {
        let Some(a) = out.attrs.get(name) else { continue };
        if body.blocks.iter().any(|b| b.ident == name) || out.blocks.iter().any(|b| b.ident == name) {
            continue;
        }
        let span = a.span;
        let objs: Vec<IndexMap<String, Val>> = match &a.val.kind {
            V::Obj(m) => vec![(**m).clone()],
            V::List(l) => l.iter().filter_map(|x| x.as_obj().cloned()).collect(),
            _ => continue,
        };
        for m in objs {
            let mut inner = EBody {
                attrs: m.into_iter().map(|(k, v)| (k, EAttr { span: v.span.unwrap_or(span), val: v })).collect(),
                blocks: Vec::new(),
            };
            legacy_blocks(&mut inner, &Body::default(), depth + 1);
            out.blocks.push(EBlock { ident: name.to_string(), header: span, body: inner });
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

fn obj1(k: &str, v: Val) -> Val {
    Val::obj(IndexMap::from([(k.to_string(), v)]), None)
}

fn key_suffix(key: Option<&str>) -> String {
    match key {
        None => String::new(),
        Some(k) if k.parse::<u64>().is_ok() => format!("[{k}]"),
        Some(k) => format!("[\"{k}\"]"),
    }
}

fn type_name(e: &Expr) -> String {
    match &e.kind {
        crate::load::ast::ExprKind::Var(v) => v.clone(),
        // Terraform 0.11: `type = "string"`.
        crate::load::ast::ExprKind::Str(s, _) => s.clone(),
        crate::load::ast::ExprKind::Call(n, _, _) => n.clone(),
        _ => String::new(),
    }
}

/// Terraform's automatic conversion to a variable's declared primitive type.
fn convert(v: Val, ty: Option<&str>) -> Val {
    match (ty, &v.kind) {
        (Some("number"), V::Str(s)) => match s.s.trim().parse::<f64>() {
            Ok(n) => Val::num(n, v.span),
            Err(_) => v,
        },
        (Some("string"), V::Num(n)) => Val::str(value::fmt_num(*n), v.span),
        (Some("string"), V::Bool(b)) => Val::str(b.to_string(), v.span),
        (Some("bool"), V::Str(s)) if s.s == "true" || s.s == "false" => Val::bool(s.s == "true", v.span),
        _ => v,
    }
}

/// Evaluates one expression with nothing in scope, as `terraform console` would in an empty
/// directory. For tests against Terraform itself (`testdata/eval/golden.json`).
pub fn eval_expression(src: &str) -> Result<Val, String> {
    eval_expression_in(src, "")
}

/// Evaluates one expression in a directory holding `module` (variable declarations with
/// defaults, locals), as `terraform console` would there.
pub fn eval_expression_in(src: &str, module: &str) -> Result<Val, String> {
    let body = crate::load::parse::parse_hcl(crate::source::FileId(0), &format!("x = {src}\n")).map_err(|e| e.message)?;
    let attr = body.attrs.first().ok_or_else(|| "no expression".to_string())?;
    let decls = crate::load::parse::parse_hcl(crate::source::FileId(1), module).map_err(|e| e.message)?;
    let mut ws = Workspace::default();
    ws.modules.insert(
        String::new(),
        crate::load::modules::ModuleDir { dir: String::new(), bodies: vec![(crate::source::FileId(1), decls)], tfvars: Vec::new() },
    );
    let mut ev = Evaluator::new(&ws);
    let vars = ev.bind_vars("", &IndexMap::new(), "");
    ev.insts.push(Instance {
        path: String::new(),
        dir: String::new(),
        vars,
        children: BTreeMap::new(),
        opaque_children: BTreeMap::new(),
        call_span: None,
        root: String::new(),
    });
    Ok(ev.expr(&attr.expr, &Scope::default()))
}
