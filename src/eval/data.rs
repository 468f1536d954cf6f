//! Data sources and files: the data sources whose result jobcheck computes itself
//! (`aws_iam_policy_document`, a known AWS managed `aws_iam_policy`, `local_file`,
//! `template_file`), templates, and files read by `file()` — only inside the scanned tree.

use std::sync::Arc;

use indexmap::IndexMap;

use super::expr::unknown_from;
use super::json::decode_json;
use super::{Evaluator, Scope};
use crate::load::ast::{Block, Body};
use crate::source::{FileId, Seg, SourceFile, Span};
use crate::value::{Reason, TfString, UnknownKind, Value, ValueKind};

impl<'w> Evaluator<'w> {
    /// `data.<t>.<name>[key].<attr>` when it is one jobcheck computes; `None` for any other
    /// attribute (a reference, or the argument as written).
    pub(super) fn data_source_attr(
        &self,
        inst: usize,
        block: &'w Block,
        rtype: &str,
        key: Option<&str>,
        attr: &str,
        use_span: Span,
    ) -> Option<Value> {
        let t = rtype.strip_prefix("data.")?;
        if t == "aws_iam_policy_document" && matches!(attr, "json" | "minified_json") {
            let scope = self.resource_scope(inst, &block.body, key);
            return Some(
                self.memo(inst, self.attr_key(block, key, "json"), || policy_document(self, &block.body, &scope)).respan(Some(use_span)),
            );
        }
        // `data "aws_iam_policy"` of an AWS managed policy jobcheck knows (aws.md §7): its
        // document, so a copy into `aws_iam_policy` is still read.
        if t == "aws_iam_policy" && attr == "policy" {
            let scope = self.resource_scope(inst, &block.body, key);
            if let Some(a) = block.body.attr("arn") {
                let arn = self.expr(&a.expr, &scope);
                if let Some(crate::aws::managed::Managed::Document(doc)) = arn.as_str().and_then(crate::aws::managed::lookup) {
                    return Some(Value::str(doc, arn.span.or(Some(a.expr.span))));
                }
            }
        }
        // `data "local_file"`: the file's text, read like `file()` (inside the tree only).
        if t == "local_file" && attr == "content" {
            let scope = self.resource_scope(inst, &block.body, key);
            let Some(a) = block.body.attr("filename") else {
                return Some(Value::unknown(UnknownKind::NotDeclared, "`local_file` has no `filename`", Some(use_span)));
            };
            let path = self.expr(&a.expr, &scope);
            return Some(match path.to_tf_string() {
                Some(p) => match self.read_file(inst, &p) {
                    Ok((id, text)) => file_val(id, &text),
                    Err(why) => Value::unknown(why.kind, format!("`local_file`: {why}"), Some(use_span)),
                },
                None => Value::unknown(UnknownKind::Derived, "`local_file` with an unknown filename", Some(use_span)),
            });
        }
        if t == "template_file" && attr == "rendered" {
            let scope = self.resource_scope(inst, &block.body, key);
            return Some(
                self.memo(inst, self.attr_key(block, key, "rendered"), || {
                    let Some(tpl) = block.body.attr("template") else {
                        return Value::unknown(UnknownKind::NotDeclared, "`template_file` has no `template`", Some(block.header));
                    };
                    let tval = self.expr(&tpl.expr, &scope);
                    let mut vars = IndexMap::new();
                    if let Some(a) = block.body.attr("vars") {
                        match self.expr(&a.expr, &scope).kind {
                            ValueKind::Obj(m) => vars.extend(m.iter().map(|(k, v)| (k.clone(), v.clone()))),
                            _ => return Value::unknown(UnknownKind::Derived, "`template_file` vars are unknown", Some(a.expr.span)),
                        }
                    }
                    for b in block.body.blocks("vars") {
                        for a in &b.body.attrs {
                            vars.insert(a.name.to_string(), self.expr(&a.expr, &scope));
                        }
                    }
                    self.render(&tval, &vars, inst, tpl.expr.span)
                })
                .at(Some(use_span)),
            );
        }
        None
    }

    /// Reads a file inside the scanned tree for `file()`/`templatefile()`.
    pub(super) fn read_file(&self, inst: usize, path: &str) -> Result<(crate::source::FileId, Arc<String>), Reason> {
        let outside = |why: String| Reason::new(UnknownKind::OutsideTree, why);
        let p = std::path::Path::new(path);
        if p.is_absolute() {
            return Err(outside(format!("`{path}` is an absolute path; jobcheck reads only inside the scanned tree")));
        }
        let Some(instance) = self.insts.get(inst) else {
            return Err(Reason::new(
                UnknownKind::Unsupported,
                format!("`{path}` cannot be read here: Terraform accepts only literal values"),
            ));
        };
        let full = self.ws.base.join(&instance.root).join(p);
        let canon_base = crate::load::fs::canonical_root(&self.ws.base);
        let canon = crate::load::fs::resolve_inside(&canon_base, &full)
            .map_err(|_| outside(format!("`{path}` is outside the scanned tree or does not exist")))?;
        let mut extra = self.extra.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(id) = extra.by_path.get(&canon) {
            let idx = (id.0 - extra.first_id) as usize;
            return extra.files.get(idx).map(|f| (*id, f.text.clone())).ok_or_else(|| outside("file vanished".to_string()));
        }
        if extra.bytes > crate::load::fs::MAX_SCAN_BYTES {
            return Err(Reason::new(
                UnknownKind::Budget,
                format!(
                    "`{path}` was not read: `file()` already read {} MiB in this scan, its limit",
                    crate::load::fs::MAX_SCAN_BYTES / (1024 * 1024)
                ),
            ));
        }
        // Read under the lock: a file two roots read at once is read once.
        let text = crate::load::fs::read_text(Some(&canon_base), &canon).map_err(|e| outside(format!("`{path}` was not read: {e}")))?;
        let id = crate::source::FileId(extra.first_id + u32::try_from(extra.files.len()).unwrap_or(0));
        let rel = crate::load::walk::rel(&self.ws.base.canonicalize().unwrap_or_else(|_| self.ws.base.clone()), &canon);
        let sf = SourceFile::new(rel, canon.clone(), text);
        let t = sf.text.clone();
        extra.bytes += sf.text.len() as u64;
        extra.files.push(sf);
        extra.by_path.insert(canon, id);
        Ok((id, t))
    }
}

/// The whole text of a file read by `file()`, mapped byte for byte.
pub(super) fn file_val(id: FileId, text: &str) -> Value {
    let seg = Seg { val_start: 0, file_start: 0, len: u32::try_from(text.len()).unwrap_or(u32::MAX) };
    Value::from_tf_string(TfString { s: text.to_string(), segs: vec![(seg, id)] }, Some(Span::new(id, 0..text.len())))
}

impl Evaluator<'_> {
    /// Renders a template held in a string value (`templatefile()`, `data "template_file"`)
    /// with only `vars` in scope. Spans point into the template file when the string is a
    /// whole file read by `file()`; otherwise at `at`.
    pub(super) fn render(&self, tval: &Value, vars: &IndexMap<String, Value>, inst: usize, at: Span) -> Value {
        let Some(s) = tval.as_tf_string() else {
            return unknown_from(tval, Some(at));
        };
        let t = match crate::load::parse::parse_template(&s.s) {
            Ok(t) => t,
            Err(e) => return Value::unknown(UnknownKind::Unsupported, format!("the template does not parse: {}", e.message), Some(at)),
        };
        let whole_file = match s.segs.as_slice() {
            [(g, f)] if g.val_start == 0 && g.file_start == 0 && g.len as usize == s.s.len() => Some(*f),
            _ => None,
        };
        let (parts, span) = if let Some(f) = whole_file {
            (crate::load::parse::lower_template(f, &s.s, &t), Span::new(f, 0..s.s.len()))
        } else {
            let mut p = crate::load::parse::lower_template(at.file, &s.s, &t);
            crate::load::parse::respan_parts(&mut p, at);
            (p, at)
        };
        let mut sc = Scope::new(inst);
        for (k, v) in vars {
            sc = sc.with(k, v.clone());
        }
        self.template(&parts, &sc, span)
    }
}

/// `data "aws_iam_policy_document"` as a policy value (spans on the HCL attributes).
pub(super) fn policy_document(ev: &Evaluator<'_>, body: &Body, scope: &Scope) -> Value {
    let mut statements: Vec<Value> = Vec::new();
    let mut sids: IndexMap<String, usize> = IndexMap::new();
    let docs = |attr: &str| -> Vec<Value> {
        body.attr(attr).map(|a| ev.expr(&a.expr, scope)).map(|v| v.items().into_iter().cloned().collect()).unwrap_or_default()
    };
    // A statement whose `Sid` is already present replaces it (override semantics).
    let add = |st: Value, statements: &mut Vec<Value>, sids: &mut IndexMap<String, usize>| {
        let sid = st.get("Sid").and_then(Value::as_str).filter(|s| !s.is_empty()).map(str::to_string);
        if let Some(&i) = sid.as_ref().and_then(|s| sids.get(s)) {
            statements[i] = st;
        } else {
            if let Some(s) = sid {
                sids.insert(s, statements.len());
            }
            statements.push(st);
        }
    };
    let expand_doc = |d: &Value| -> Vec<Value> {
        let doc = match &d.kind {
            ValueKind::Json(inner) => (**inner).clone(),
            ValueKind::Str(_) => decode_json(d)
                .unwrap_or_else(|_| Value::unknown(UnknownKind::Unsupported, "a source policy document is not valid JSON", d.span)),
            _ => d.clone(),
        };
        match doc.get("Statement") {
            Some(s) => s.items().into_iter().cloned().collect(),
            None => vec![Value::unknown(UnknownKind::Derived, "a source policy document is unknown", d.span)],
        }
    };
    for d in docs("source_policy_documents").iter().chain(docs("source_json").iter()) {
        for st in expand_doc(d) {
            add(st, &mut statements, &mut sids);
        }
    }
    for b in body.blocks("statement").chain(body.blocks("dynamic").filter(|d| d.labels.first().is_some_and(|l| l == "statement"))) {
        let stmt_body = if b.ident == "dynamic" {
            match b.body.blocks("content").next() {
                Some(c) => &c.body,
                None => continue,
            }
        } else {
            &b.body
        };
        add(statement(ev, stmt_body, scope, b.header), &mut statements, &mut sids);
    }
    for d in docs("override_policy_documents").iter().chain(docs("override_json").iter()) {
        for st in expand_doc(d) {
            add(st, &mut statements, &mut sids);
        }
    }
    let mut doc = IndexMap::new();
    doc.insert("Version".to_string(), Value::str("2012-10-17", None));
    doc.insert("Statement".to_string(), Value::list(statements, None));
    Value::new(ValueKind::Json(Arc::new(Value::obj(doc, None))), None)
}

fn statement(ev: &Evaluator<'_>, b: &Body, scope: &Scope, header: Span) -> Value {
    let mut m = IndexMap::new();
    let get = |n: &str| b.attr(n).map(|a| ev.expr(&a.expr, scope));
    if let Some(v) = get("sid") {
        m.insert("Sid".into(), v);
    }
    let effect = get("effect").unwrap_or_else(|| Value::str("Allow", Some(header)));
    m.insert("Effect".into(), effect);
    for (hcl, json) in [("actions", "Action"), ("not_actions", "NotAction"), ("resources", "Resource"), ("not_resources", "NotResource")] {
        if let Some(v) = get(hcl) {
            m.insert(json.into(), v);
        }
    }
    for (blk, json) in [("principals", "Principal"), ("not_principals", "NotPrincipal")] {
        let mut p: IndexMap<String, Value> = IndexMap::new();
        for pb in b.blocks(blk) {
            let ty = pb.body.attr("type").map(|a| ev.expr(&a.expr, scope)).and_then(|v| v.to_tf_string()).unwrap_or_default();
            let ids = pb.body.attr("identifiers").map_or_else(|| Value::list(Vec::new(), Some(pb.header)), |a| ev.expr(&a.expr, scope));
            let entry = p.entry(ty).or_insert_with(|| Value::list(Vec::new(), ids.span));
            let mut items: Vec<Value> = entry.items().into_iter().cloned().collect();
            items.extend(ids.items().into_iter().cloned());
            *entry = Value::list(items, ids.span.or(entry.span));
        }
        if !p.is_empty() {
            m.insert(json.into(), Value::obj(p, Some(header)));
        }
    }
    let mut cond: IndexMap<String, Value> = IndexMap::new();
    for cb in b.blocks("condition") {
        let test = cb.body.attr("test").map(|a| ev.expr(&a.expr, scope)).and_then(|v| v.to_tf_string()).unwrap_or_default();
        let var = cb.body.attr("variable").map(|a| ev.expr(&a.expr, scope)).and_then(|v| v.to_tf_string()).unwrap_or_default();
        let vals = cb.body.attr("values").map_or_else(|| Value::list(Vec::new(), Some(cb.header)), |a| ev.expr(&a.expr, scope));
        let t = cond.entry(test).or_insert_with(|| Value::obj(IndexMap::new(), Some(cb.header)));
        if let ValueKind::Obj(o) = &mut t.kind {
            Arc::make_mut(o).insert(var, vals);
        }
    }
    if !cond.is_empty() {
        m.insert("Condition".into(), Value::obj(cond, Some(header)));
    }
    Value::obj(m, Some(header))
}
