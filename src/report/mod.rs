//! Reporters: human, JSON (version 1), SARIF 2.1.0, GitHub annotations, compact, Markdown.
//! Reporters never decide what is wrong.

pub mod escape;
mod graph;
mod human;
mod json;
mod markdown;
pub mod output;
mod sarif;

use std::io::Write;

pub use graph::{GraphFormat, render as graph};
pub use human::visible;

use crate::model::{Link, Model, TriggerKind};
use crate::{JobSummary, Report, Severity};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Human,
    Json,
    Sarif,
    Github,
    Compact,
    Markdown,
}

pub fn write(r: &Report, format: Format, min: Severity, color: bool, out: &mut dyn Write) -> std::io::Result<()> {
    let shown: Vec<&crate::Finding> = r.findings.iter().filter(|f| f.severity >= min).collect();
    match format {
        Format::Json => json::write(r, &shown, out),
        Format::Sarif => sarif::write(r, &shown, out),
        Format::Human => human::write(r, &shown, color, out),
        Format::Markdown => markdown::write(r, &shown, out),
        Format::Github => {
            for f in shown {
                let p = r.sources.position(f.span);
                let level = match f.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                    Severity::Note => "notice",
                };
                writeln!(
                    out,
                    "::{level} file={}{},line={},col={},endLine={},endColumn={},title={}::{}",
                    escape::gh_property(&r.root_prefix),
                    escape::gh_property(&p.file),
                    p.line,
                    p.column,
                    p.end_line,
                    p.end_column,
                    f.rule,
                    escape::gh_data(&f.message)
                )?;
            }
            Ok(())
        }
        Format::Compact => {
            for f in shown {
                let p = r.sources.position(f.span);
                let (file, message) = (escape::text(&p.file), escape::text(&f.message));
                writeln!(out, "{file}:{}:{}: {} {} {message}", p.line, p.column, f.severity.as_str(), f.rule)?;
            }
            Ok(())
        }
    }
}

/// The inventory of jobs for reports and `jobcheck list`.
pub fn summarize(m: &Model, now: chrono::DateTime<chrono::Utc>) -> Vec<JobSummary> {
    use crate::eval::Val;
    m.jobs
        .iter()
        .map(|j| {
            let trig = m.res(j.trigger);
            let schedule = trig.body.val("schedule_expression").and_then(Val::as_str).map(str::to_string);
            let timezone = if j.kind == TriggerKind::Scheduler {
                match trig.body.val("schedule_expression_timezone") {
                    None => Some("UTC".to_string()),
                    Some(v) => v.as_str().map(str::to_string),
                }
            } else {
                Some("UTC".to_string())
            };
            let td = j.task_def.found().map(|t| m.res(t));
            let cpu = td.and_then(|t| t.body.val("cpu")).and_then(Val::to_tf_string).and_then(|s| crate::aws::fargate::cpu_units(&s));
            let memory =
                td.and_then(|t| t.body.val("memory")).and_then(Val::to_tf_string).and_then(|s| crate::aws::fargate::memory_mib(&s));
            let log_group = td.and_then(|t| crate::model::containers(t).ok()).and_then(|cs| {
                cs.iter().find_map(|c| {
                    let g = c.get("logConfiguration")?.get("options")?.get("awslogs-group")?;
                    match m.link_val(g, g.span?, "aws_cloudwatch_log_group", td?) {
                        Link::Found(i) => m.res(i).body.val("name").and_then(Val::as_str).map(str::to_string),
                        _ => g.as_str().map(str::to_string),
                    }
                })
            });
            let next_run = schedule.as_deref().and_then(|s| {
                let sched = crate::aws::schedule::parse(s, j.kind == TriggerKind::Scheduler).ok()?;
                let tz: chrono_tz::Tz = timezone.as_deref().unwrap_or("UTC").parse().ok()?;
                crate::aws::schedule::next_times(&sched, now, tz, 1, None)
                    .first()
                    .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
            });
            JobSummary {
                address: j.address.clone(),
                kind: if j.kind == TriggerKind::Scheduler { "scheduler" } else { "event-rule" },
                span: trig.header,
                schedule,
                timezone,
                task_family: td.and_then(|t| t.body.val("family")).and_then(Val::as_str).map(str::to_string),
                cpu,
                memory,
                log_group,
                next_run,
            }
        })
        .collect()
}

pub fn counts(r: &Report) -> (usize, usize, usize, usize) {
    let c = |s: Severity| r.findings.iter().filter(|f| f.severity == s).count();
    let unverified = r.findings.iter().filter(|f| f.rule == "JC002").map(|f| f.unchecked.len().max(1)).sum();
    (c(Severity::Error), c(Severity::Warning), c(Severity::Note), unverified)
}
