//! Evaluation: every module instance's variables, locals, resources and outputs, the way
//! Terraform would compute them where it can, and an explicit unknown where it cannot.
//!
//! Evaluation is lazy and memoised per module instance; cycles and runaway depth end in an
//! unknown value, never a hang or a stack overflow.

mod builtins;
mod data;
mod expr;
mod instance;
mod json;
mod limits;
mod order;
mod resources;

use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::rc::Rc;
use std::sync::{Arc, Mutex};

use indexmap::IndexMap;
use rayon::prelude::*;

use crate::load::Workspace;
use crate::load::ast::{Block, Body, Name};
use crate::source::{SourceFile, Span};
use crate::value::{self, Reason, ResourceRef, UnknownKind, Value};
pub(crate) use json::decode_json;

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

/// A module instance: the root, or one expansion of a `module` block.
#[derive(Debug, Clone)]
pub struct Instance {
    /// `""` for a root; `module.a`, `module.a[0]`, `module.a["k"].module.b`.
    pub path: String,
    pub dir: String,
    pub vars: IndexMap<String, Value>,
    /// Children by call name: (instance key, instance index).
    pub children: BTreeMap<String, Vec<(Option<String>, usize)>>,
    /// Why a call has no instances we can see (unknown source).
    pub opaque_children: BTreeMap<String, Reason>,
    /// The `module` block that created this instance.
    pub call_span: Option<Span>,
    /// Root module directory this instance descends from.
    pub root: String,
}

/// An evaluated attribute: its value and the span of the expression in the resource.
#[derive(Debug, Clone)]
pub struct AttrValue {
    pub val: Value,
    pub span: Span,
}

/// An evaluated block body.
#[derive(Debug, Clone, Default)]
pub struct BodyValue {
    /// The attributes in the order written, each name once (one written twice, which
    /// Terraform rejects, keeps its first place and its last value). A list rather than a
    /// map: bodies are small, and a map's table cost about 150 bytes per evaluated resource.
    pub attrs: Box<[(Name, AttrValue)]>,
    pub blocks: Box<[BlockValue]>,
}

#[derive(Debug, Clone)]
pub struct BlockValue {
    pub ident: String,
    pub header: Span,
    pub body: BodyValue,
}

impl BodyValue {
    pub(crate) fn attr(&self, name: &str) -> Option<&AttrValue> {
        self.attrs.iter().find(|(k, _)| k.as_str() == name).map(|(_, a)| a)
    }
    pub(crate) fn val(&self, name: &str) -> Option<&Value> {
        self.attr(name).map(|a| &a.val)
    }
    /// The attributes' values, in order.
    pub(crate) fn values(&self) -> impl Iterator<Item = &AttrValue> {
        self.attrs.iter().map(|(_, a)| a)
    }
    pub(crate) fn block(&self, ident: &str) -> Option<&BlockValue> {
        self.blocks.iter().find(|b| b.ident == ident)
    }
    pub(crate) fn blocks<'a>(&'a self, ident: &'a str) -> impl Iterator<Item = &'a BlockValue> + 'a {
        self.blocks.iter().filter(move |b| b.ident == ident)
    }
}

/// One instance of a resource or data block.
#[derive(Debug, Clone)]
pub struct ResourceInstance {
    /// The module instance's path (shared by its resources).
    pub module: Arc<str>,
    /// Resource type; data sources are `data.<type>` (shared by the module instance's
    /// resources of that type).
    pub rtype: Arc<str>,
    pub name: Name,
    pub key: Option<Box<str>>,
    pub header: Span,
    /// The evaluated body; empty for a type the [`Demand`] does not read.
    pub body: BodyValue,
    /// The root this instance descends from has variables with no value: it is a reusable
    /// module whose callers are not in the scanned tree.
    pub open_root: bool,
    /// The root this instance descends from is deployable: it has a `provider`, `backend` or
    /// `cloud` block, or a `.tfvars` file (rules.md, Roots and modules).
    pub deployable: bool,
}

impl ResourceInstance {
    /// This instance's address.
    pub(crate) fn resource(&self) -> value::ResourceAddress<'_> {
        value::ResourceAddress { module: &self.module, rtype: &self.rtype, name: &self.name, key: self.key.as_deref() }
    }
    /// `module.a.aws_x.y["k"]`.
    pub(crate) fn address(&self) -> String {
        self.resource().to_string()
    }
    /// Whether a reference points at this resource.
    pub(crate) fn is(&self, r: &ResourceRef) -> bool {
        self.resource().same_resource(&r.resource())
    }
}

/// Everything evaluation produced.
#[derive(Debug, Default)]
pub struct World {
    pub resources: Vec<ResourceInstance>,
    /// Files read by `file()`/`templatefile()`, to append to the source map.
    pub extra_files: Vec<SourceFile>,
    /// JC002 notes about what evaluation left out: a budget or limit reached.
    pub notes: Vec<crate::finding::Finding>,
}

/// Values supplied on the command line.
#[derive(Debug, Clone, Default)]
pub(crate) struct Inputs {
    /// Extra tfvars files (already parsed), applied after the directory's own.
    pub var_files: Vec<(crate::source::FileId, Body)>,
    pub vars: Vec<(String, String)>,
}

/// What an expression can name besides the module's own objects: `count`, `each`, `for`
/// variables, a `dynamic` block's iterator, a template's variables.
#[derive(Clone, Default)]
struct Scope {
    inst: usize,
    /// The innermost binding; each frame points at the bindings it shadows, so binding one
    /// more name shares the rest instead of copying them.
    locals: Option<Rc<Frame>>,
}

struct Frame {
    name: String,
    val: Value,
    outer: Option<Rc<Frame>>,
}

/// The instance of a [`Scope`] for constants: variable defaults, tfvars, `--var-file` and
/// `--var`, where Terraform accepts no references at all.
const NO_INSTANCE: usize = usize::MAX;

impl Scope {
    fn new(inst: usize) -> Scope {
        Scope { inst, locals: None }
    }
    fn constant() -> Scope {
        Scope::new(NO_INSTANCE)
    }
    fn with(&self, name: &str, v: Value) -> Scope {
        Scope { inst: self.inst, locals: Some(Rc::new(Frame { name: name.to_string(), val: v, outer: self.locals.clone() })) }
    }
    fn lookup(&self, name: &str) -> Option<&Value> {
        let mut frame = self.locals.as_deref();
        while let Some(f) = frame {
            if f.name == name {
                return Some(&f.val);
            }
            frame = f.outer.as_deref();
        }
        None
    }
}

/// What the evaluator memoises in a module instance. Names are borrowed from the workspace and
/// an instance key is interned ([`Evaluator::key_id`]): a lookup builds no string.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum MemoKey<'w> {
    Local(&'w str),
    Output(&'w str),
    /// `rtype.name[key].attr` of a resource (or, `data`, a data source); `attr` is also `json`
    /// or `rendered`, the documents jobcheck computes for some data sources.
    Attr {
        data: bool,
        rtype: &'w str,
        name: &'w str,
        key: Option<u32>,
        attr: &'w str,
    },
}

pub(crate) struct Evaluator<'w> {
    ws: &'w Workspace,
    insts: Vec<Instance>,
    memo: RefCell<HashMap<(usize, MemoKey<'w>), Value>>,
    busy: RefCell<HashSet<(usize, MemoKey<'w>)>>,
    /// Instance keys (`count`/`for_each`) seen in memo keys, by number, and back.
    key_ids: RefCell<(HashMap<String, u32>, Vec<String>)>,
    depth: Cell<usize>,
    /// Expressions evaluated so far: nested `for`s over large ranges end in an unknown, not a hang.
    steps: Cell<u64>,
    max_steps: Cell<u64>,
    /// Module instances of the current root.
    root_instances: Cell<usize>,
    /// Bytes of values built by the current root (see `limits`).
    value_bytes: Cell<u64>,
    notes: RefCell<Vec<crate::finding::Finding>>,
    extra: &'w Mutex<ExtraFiles>,
}

/// What the consumer of the evaluation reads (the job model says what: `model::demand`), so
/// that evaluation builds only that.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Demand {
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
pub(crate) fn evaluate(ws: &Workspace, inputs: &Inputs, demand: &Demand) -> World {
    let extra = Mutex::new(ExtraFiles::new(u32::try_from(ws.sources.len()).unwrap_or(u32::MAX)));
    let roots: Vec<&String> = ws.roots.iter().filter(|root| (demand.root)(ws, root)).collect();
    // Roots share nothing but the files `file()` reads: each has its own evaluator (and
    // budget: a costly root cannot blank out the others), on its own thread. The results are
    // put together in root order, so the output does not depend on which finished first.
    let per_root: Vec<(Vec<ResourceInstance>, Vec<crate::finding::Finding>, u64)> =
        crate::threads::install(|| roots.par_iter().map(|root| evaluate_root(ws, root, inputs, demand, &extra)).collect());
    let mut resources = Vec::new();
    let mut notes = Vec::new();
    let mut total = 0;
    for (r, n, steps) in per_root {
        // One root (a single configuration, or the one job root) is moved, not copied: its
        // instances are most of the scan's memory.
        if resources.is_empty() {
            resources = r;
        } else {
            resources.extend(r);
        }
        notes.extend(n);
        total += steps;
    }
    if std::env::var_os("JOBCHECK_TIMING").is_some() {
        eprintln!("jobcheck timing: {total} expression evaluations");
    }
    let extra = extra.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner);
    World { resources, extra_files: extra.files, notes }
}

/// Evaluates one root module and every instance under it: its resources, the notes about
/// what evaluation left out, and the number of expressions evaluated.
fn evaluate_root(
    ws: &Workspace,
    root: &str,
    inputs: &Inputs,
    demand: &Demand,
    extra: &Mutex<ExtraFiles>,
) -> (Vec<ResourceInstance>, Vec<crate::finding::Finding>, u64) {
    let dirs = ws.closure(root);
    let modules = || dirs.iter().filter_map(|d| ws.module(d));
    let files: usize = modules().map(|m| m.bodies.len() + m.tfvars.len()).sum();
    let mut ev = Evaluator::new(ws, extra);
    ev.max_steps.set(EVAL_STEPS_BASE + EVAL_STEPS_PER_FILE * files as u64);
    let vars = ev.root_vars(root, inputs);
    let path = if root.is_empty() { String::new() } else { format!("{root}{}", value::ROOT_SEP) };
    ev.instantiate(root, &path, vars, None, root, 0);
    // One instance per resource block, reserved at once: grown by doubling, the list (about
    // 250 bytes an instance) was briefly held twice. Room a module never instantiated leaves
    // is never touched, so it costs no memory.
    let blocks = modules().flat_map(|m| &m.bodies).flat_map(|(_, b)| &b.blocks);
    let mut resources = Vec::with_capacity(blocks.filter(|b| b.ident == "resource" || b.ident == "data").count());
    for i in 0..ev.insts.len() {
        ev.collect_resources(i, &mut resources, demand.body);
    }
    (resources, ev.notes.into_inner(), ev.steps.get())
}

/// The files `file()` and `templatefile()` read during one scan, shared by the roots'
/// evaluators: each file is read once, and the scan-wide read limit holds across roots.
///
/// When two roots read different files at the same moment, which gets the lower id depends
/// on timing; nothing in the output does (findings and labels are ordered by file name).
pub(crate) struct ExtraFiles {
    files: Vec<SourceFile>,
    by_path: HashMap<std::path::PathBuf, crate::source::FileId>,
    bytes: u64,
    /// Files read by `file()` get ids after the workspace's own.
    first_id: u32,
}

impl ExtraFiles {
    fn new(first_id: u32) -> Self {
        ExtraFiles { files: Vec::new(), by_path: HashMap::new(), bytes: 0, first_id }
    }
}

impl<'w> Evaluator<'w> {
    fn new(ws: &'w Workspace, extra: &'w Mutex<ExtraFiles>) -> Self {
        Evaluator {
            ws,
            insts: Vec::new(),
            memo: RefCell::default(),
            busy: RefCell::default(),
            key_ids: RefCell::default(),
            depth: Cell::new(0),
            steps: Cell::new(0),
            max_steps: Cell::new(EVAL_STEPS_BASE + EVAL_STEPS_PER_FILE * u64::try_from(ws.file_count).unwrap_or(0)),
            root_instances: Cell::new(0),
            value_bytes: Cell::new(0),
            notes: RefCell::default(),
            extra,
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
    /// Memoised evaluation of a named thing in an instance, with cycle detection.
    fn memo(&self, inst: usize, key: MemoKey<'w>, f: impl FnOnce() -> Value) -> Value {
        if let Some(v) = self.memo.borrow().get(&(inst, key)) {
            return v.clone();
        }
        if !self.busy.borrow_mut().insert((inst, key)) {
            return Value::unknown(UnknownKind::Budget, format!("`{}` refers to itself", self.memo_name(key)), None);
        }
        let v = f();
        self.busy.borrow_mut().remove(&(inst, key));
        self.memo.borrow_mut().insert((inst, key), v.clone());
        v
    }

    /// The memo key of `attr` of `block` (a resource or data block) in instance `key`.
    fn attr_key(&self, block: &'w Block, key: Option<&str>, attr: &'w str) -> MemoKey<'w> {
        let label = |i: usize| block.labels.get(i).map_or("", Name::as_str);
        MemoKey::Attr { data: block.ident == "data", rtype: label(0), name: label(1), key: self.key_id(key), attr }
    }

    /// The number of an instance key in memo keys.
    fn key_id(&self, key: Option<&str>) -> Option<u32> {
        let key = key?;
        let mut ids = self.key_ids.borrow_mut();
        if let Some(&id) = ids.0.get(key) {
            return Some(id);
        }
        let id = u32::try_from(ids.1.len()).unwrap_or(u32::MAX);
        ids.0.insert(key.to_string(), id);
        ids.1.push(key.to_string());
        Some(id)
    }

    /// A memo key as users write it: `local.x`, `aws_x.y[Some("k")].attr`.
    fn memo_name(&self, key: MemoKey<'_>) -> String {
        match key {
            MemoKey::Local(n) => format!("local.{n}"),
            MemoKey::Output(n) => format!("output.{n}"),
            MemoKey::Attr { data, rtype, name, key, attr } => {
                let ids = self.key_ids.borrow();
                let key = key.and_then(|k| ids.1.get(k as usize));
                format!("{}{rtype}.{name}[{key:?}].{attr}", if data { "data." } else { "" })
            }
        }
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
        let meta = &crate::catalog::JC002;
        self.notes.borrow_mut().push(crate::finding::Finding::new(meta, span, message));
    }
    fn leave(&self) {
        self.depth.set(self.depth.get().saturating_sub(1));
    }

    fn local(&self, inst: usize, name: &str, use_span: Span) -> Value {
        let dir = self.insts[inst].dir.clone();
        let found = self.bodies(&dir).flat_map(|b| b.blocks("locals")).find_map(|l| l.body.attr(name));
        match found {
            Some(a) => self.memo(inst, MemoKey::Local(&a.name), || self.expr(&a.expr, &Scope::new(inst))),
            None => Value::unknown(UnknownKind::NotDeclared, format!("no local value `{name}`"), Some(use_span)),
        }
    }

    fn output(&self, inst: usize, name: &str) -> Value {
        let dir = self.insts[inst].dir.clone();
        let found = self.find_block(&dir, "output", &[name]).and_then(|b| Some((b.labels.first()?, b.body.attr("value")?)));
        match found {
            Some((label, a)) => self.memo(inst, MemoKey::Output(label), || self.expr(&a.expr, &Scope::new(inst))),
            None => Value::unknown(UnknownKind::NotDeclared, format!("module has no output `{name}`"), None),
        }
    }

    fn module_ref(&self, inst: usize, name: &str, key: Option<&str>, use_span: Span) -> Result<usize, Value> {
        if let Some(why) = self.insts[inst].opaque_children.get(name) {
            return Err(Value::unknown_for(why, Some(use_span)));
        }
        let Some(kids) = self.insts[inst].children.get(name) else {
            return Err(Value::unknown(UnknownKind::NotDeclared, format!("module `{name}` is not available"), Some(use_span)));
        };
        let found = match key {
            Some(k) => kids.iter().find(|(kk, _)| kk.as_deref() == Some(k)),
            None => kids.first(),
        };
        found
            .map(|(_, i)| *i)
            .ok_or_else(|| Value::unknown(UnknownKind::NotDeclared, format!("module `{name}` has no such instance"), Some(use_span)))
    }
}

/// Evaluates one expression with nothing in scope, as `terraform console` would in an empty
/// directory. For tests against Terraform itself (`testdata/eval/golden.json`).
pub fn eval_expression(src: &str) -> Result<Value, String> {
    eval_expression_in(src, "")
}

/// Evaluates one expression in a directory holding `module` (variable declarations with
/// defaults, locals), as `terraform console` would there.
pub fn eval_expression_in(src: &str, module: &str) -> Result<Value, String> {
    let body = crate::load::parse::parse_hcl(crate::source::FileId(0), &format!("x = {src}\n")).map_err(|e| e.message)?;
    let attr = body.attrs.first().ok_or_else(|| "no expression".to_string())?;
    let decls = crate::load::parse::parse_hcl(crate::source::FileId(1), module).map_err(|e| e.message)?;
    let mut ws = Workspace::default();
    ws.modules.insert(
        String::new(),
        crate::load::modules::ModuleDir { dir: String::new(), bodies: vec![(crate::source::FileId(1), decls)], tfvars: Vec::new() },
    );
    let extra = Mutex::new(ExtraFiles::new(2));
    let mut ev = Evaluator::new(&ws, &extra);
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Each kind of unknown comes from where the evaluator decides it, and survives the
    /// functions and conditions that pass it on.
    #[test]
    fn unknowns_say_what_kind_they_are() {
        let module = r#"
variable "unset" {}
resource "aws_s3_bucket" "b" {}
data "aws_caller_identity" "c" {}
"#;
        let cases = [
            ("var.unset", UnknownKind::NoValue),
            ("lower(var.unset)", UnknownKind::NoValue),
            ("var.unset ? 1 : 2", UnknownKind::NoValue),
            ("aws_s3_bucket.b.arn.x", UnknownKind::AfterApply),
            ("data.aws_caller_identity.c.account_id.x", UnknownKind::DataSource),
            ("file(\"/etc/hostname\")", UnknownKind::OutsideTree),
            ("file(\"../../outside\")", UnknownKind::OutsideTree),
            ("base64encode(\"a\")", UnknownKind::UnsupportedFunction),
            ("tonumber(\"x\")", UnknownKind::Invalid),
            ("local.nope", UnknownKind::NotDeclared),
            ("format(\"%99999d\", 1)", UnknownKind::Budget),
            ("aws_s3_bucket.b", UnknownKind::Unsupported),
        ];
        for (src, kind) in cases {
            let v = eval_expression_in(src, module).unwrap_or_else(|e| panic!("{src}: {e}"));
            assert_eq!(v.unknown_kind(), Some(kind), "{src}: {v:?}");
        }
    }

    /// An attribute written twice (which Terraform rejects) keeps its first place and its last
    /// value, in a small body and in one large enough to be indexed.
    #[test]
    fn a_repeated_attribute_keeps_its_place_and_last_value() {
        // HCL refuses a repeated attribute; JSON syntax reads one.
        let filler = (0..40).map(|i| format!("\"a{i}\": {i}")).collect::<Vec<_>>().join(", ") + ", ";
        let src = format!(
            "{{\"resource\": {{\"aws_iam_role\": {{\"small\": {{\"x\": 1, \"y\": 2, \"x\": 3}}, \"large\": {{\"x\": 1, {filler}\"x\": 3}}}}}}}}"
        );
        let body = crate::load::parse::parse_tf_json(crate::source::FileId(0), &src).unwrap_or_else(|e| panic!("{e:?}"));
        let mut ws = Workspace::default();
        ws.modules.insert(
            String::new(),
            crate::load::modules::ModuleDir { dir: String::new(), bodies: vec![(crate::source::FileId(0), body)], tfvars: Vec::new() },
        );
        ws.roots = vec![String::new()];
        let world = evaluate(&ws, &Inputs::default(), &Demand { root: |_, _| true, body: |_| true });
        for (r, n) in world.resources.iter().zip([3, 42]) {
            let names: Vec<&str> = r.body.attrs.iter().map(|(k, _)| k.as_str()).collect();
            assert_eq!(names.len(), n - 1, "{}: {names:?}", r.name);
            assert_eq!(names[0], "x");
            assert_eq!(r.body.val("x").and_then(Value::as_f64), Some(3.0), "{}", r.name);
        }
    }

    /// A value that refers to itself is unknown, named as the user wrote it.
    #[test]
    fn a_cycle_names_what_refers_to_itself() {
        let module = r#"
locals {
  a = local.b
  b = local.a
}
resource "aws_x" "r" {
  count = 2
  a     = aws_x.r[1].a
}
data "aws_y" "d" {
  for_each = toset(["k"])
  a        = data.aws_y.d["k"].a
}
"#;
        let cases = [
            ("local.a", "`local.a` refers to itself"),
            ("aws_x.r[1].a", "`aws_x.r[Some(\"1\")].a` refers to itself"),
            ("data.aws_y.d[\"k\"].a", "`data.aws_y.d[Some(\"k\")].a` refers to itself"),
        ];
        for (src, want) in cases {
            let v = eval_expression_in(src, module).unwrap_or_else(|e| panic!("{src}: {e}"));
            // A resource's argument is a reference that carries the argument's value.
            let v = v.as_resource_ref().and_then(|r| r.known.as_deref().cloned()).unwrap_or(v);
            assert_eq!(v.unknown_reason(), Some(want), "{src}");
            assert_eq!(v.unknown_kind(), Some(UnknownKind::Budget), "{src}");
        }
    }
}
