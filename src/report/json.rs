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
    let (errors, warnings, notes, unverified) = super::counts(r);
    let jobs: Vec<Value> = r
        .jobs
        .iter()
        .map(|j| {
            let p = r.sources.position(j.span);
            json!({"address": j.address, "kind": j.kind, "file": p.file, "line": p.line, "schedule": j.schedule,
                   "timezone": j.timezone, "task_family": j.task_family, "cpu": j.cpu, "memory": j.memory})
        })
        .collect();
    let doc = json!({
        "version": 1,
        "tool": {"name": "jobcheck", "version": env!("CARGO_PKG_VERSION")},
        "root": r.root,
        "findings": shown.iter().map(|f| finding_json(r, f)).collect::<Vec<_>>(),
        "jobs": jobs,
        "summary": {"files": r.files, "jobs": r.jobs.len(), "errors": errors, "warnings": warnings, "notes": notes, "unverified": unverified,
                    "remote_modules_not_inspected": r.remote_modules},
    });
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}
