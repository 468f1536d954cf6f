//! The inventory of jobs for reports and `jobcheck list`.

use super::{Link, Model, TriggerKind};
use crate::source;
use crate::value::Value;

/// A job as listed in reports.
#[derive(Debug, Clone)]
pub struct JobSummary {
    pub address: String,
    pub kind: &'static str,
    pub span: source::Span,
    pub schedule: Option<String>,
    pub timezone: Option<String>,
    pub task_family: Option<String>,
    pub cpu: Option<u32>,
    pub memory: Option<u32>,
    pub log_group: Option<String>,
    pub next_run: Option<String>,
}

/// The inventory of jobs for reports and `jobcheck list`.
pub(crate) fn summarize(m: &Model, now: chrono::DateTime<chrono::Utc>) -> Vec<JobSummary> {
    m.jobs
        .iter()
        .map(|j| {
            let trig = m.res(j.trigger);
            let schedule = trig.body.val("schedule_expression").and_then(Value::as_str).map(str::to_string);
            let timezone = if j.kind == TriggerKind::Scheduler {
                match trig.body.val("schedule_expression_timezone") {
                    None => Some("UTC".to_string()),
                    Some(v) => v.as_str().map(str::to_string),
                }
            } else {
                Some("UTC".to_string())
            };
            let td = j.task_def.found().map(|t| m.res(t));
            let cpu = td.and_then(|t| t.body.val("cpu")).and_then(Value::to_tf_string).and_then(|s| crate::aws::fargate::cpu_units(&s));
            let memory =
                td.and_then(|t| t.body.val("memory")).and_then(Value::to_tf_string).and_then(|s| crate::aws::fargate::memory_mib(&s));
            let log_group = j.task_def.found().and_then(|t| m.containers_of(t).as_ref().ok()).and_then(|cs| {
                cs.iter().find_map(|c| {
                    let g = c.get("logConfiguration")?.get("options")?.get("awslogs-group")?;
                    match m.link_val(g, g.span?, "aws_cloudwatch_log_group", td?) {
                        Link::Found(i) => m.res(i).body.val("name").and_then(Value::as_str).map(str::to_string),
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
                task_family: td.and_then(|t| t.body.val("family")).and_then(Value::as_str).map(str::to_string),
                cpu,
                memory,
                log_group,
                next_run,
            }
        })
        .collect()
}
