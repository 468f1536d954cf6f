//! `--format json`, version 1, as `shared/spec/rules.md` defines it.

use std::io::Write;

use serde_json::{Value, json};

use super::Report;
use crate::finding::Finding;

pub fn finding_json(r: &Report, f: &Finding) -> Value {
    let p = r.sources.position(f.span);
    let labels: Vec<Value> = f
        .labels
        .iter()
        .map(|l| {
            let q = r.sources.position(l.span);
            json!({"file": q.file, "line": q.line, "column": q.column, "end_line": q.end_line, "end_column": q.end_column, "message": l.message})
        })
        .collect();
    json!({
        "rule": f.rule, "name": f.name, "severity": f.severity.as_str(),
        "message": f.message, "help": f.help,
        "file": p.file, "line": p.line, "column": p.column, "end_line": p.end_line, "end_column": p.end_column,
        "jobs": f.jobs, "labels": labels,
    })
}

pub fn write(r: &Report, shown: &[&Finding], out: &mut dyn Write) -> std::io::Result<()> {
    let super::Counts { errors, warnings, notes, unverified } = super::counts(r);
    let jobs: Vec<Value> = r
        .jobs
        .iter()
        .map(|j| {
            let p = r.sources.position(j.span);
            json!({"address": j.address, "kind": j.kind, "file": p.file, "line": p.line, "schedule": j.schedule,
                   "timezone": j.timezone, "task_family": j.task_family, "cpu": j.cpu, "memory": j.memory})
        })
        .collect();
    let doc = Node::Map(vec![
        ("version", json!(1).into()),
        ("tool", json!({"name": "jobcheck", "version": env!("CARGO_PKG_VERSION")}).into()),
        ("root", json!(r.root).into()),
        ("findings", Node::stream(shown.iter().map(|f| finding_json(r, f)))),
        ("jobs", Value::Array(jobs).into()),
        (
            "summary",
            json!({"files": r.files, "jobs": r.jobs.len(), "errors": errors, "warnings": warnings, "notes": notes, "unverified": unverified,
                    "remote_modules_not_inspected": r.remote_modules})
            .into(),
        ),
    ]);
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}

/// A JSON document written as it is built: its arrays of findings are streamed, one finding's
/// JSON at a time, so a report with 100,000 findings never holds them all as JSON. Written with
/// serde_json's formatter, so the text is the same as the whole document's would be.
pub(super) enum Node<'a> {
    Value(Value),
    /// An object, its entries in this order.
    Map(Vec<(&'static str, Node<'a>)>),
    Seq(Vec<Node<'a>>),
    /// An array whose items are made while it is written (taken on the first write).
    Stream(std::cell::RefCell<Option<Box<dyn Iterator<Item = Value> + 'a>>>),
}

impl<'a> Node<'a> {
    pub(super) fn stream(items: impl Iterator<Item = Value> + 'a) -> Self {
        Node::Stream(std::cell::RefCell::new(Some(Box::new(items))))
    }
}

impl From<Value> for Node<'_> {
    fn from(v: Value) -> Self {
        Node::Value(v)
    }
}

impl serde::Serialize for Node<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        match self {
            Node::Value(v) => v.serialize(s),
            Node::Map(entries) => {
                let mut m = s.serialize_map(Some(entries.len()))?;
                for (k, v) in entries {
                    m.serialize_entry(k, v)?;
                }
                m.end()
            }
            Node::Seq(items) => s.collect_seq(items),
            Node::Stream(items) => s.collect_seq(items.borrow_mut().take().into_iter().flatten()),
        }
    }
}
