//! What several rules read the same way: where a value was written, the job's schedule
//! expression, its task definition and containers.

use crate::aws::schedule::{self, SchedError, Schedule};
use crate::eval::{AttrValue, ResourceInstance};
use crate::model::policy::DocError;
use crate::model::{Job, Link, Model, TriggerKind};
use crate::source::Span;
use crate::value::Value;

use super::RuleContext;

/// Where a value was written (primary), and where it is used when that is elsewhere (label).
pub(crate) fn origin(a: &AttrValue) -> (Span, Option<Span>) {
    match a.val.span {
        Some(s) if s != a.span => (s, Some(a.span)),
        _ => (a.span, None),
    }
}

/// The job's schedule expression, parsed.
pub(crate) struct ScheduleExpr<'a> {
    pub attr: &'a AttrValue,
    /// The expression text (a number or bool is converted to a string, as Terraform does).
    pub text: std::borrow::Cow<'a, str>,
    pub scheduler: bool,
    pub parsed: Result<Schedule, SchedError>,
    /// The literal where it was written.
    pub whole: Span,
    /// Where it is used, when written elsewhere.
    pub used: Option<Span>,
}

impl ScheduleExpr<'_> {
    /// The file span of bytes `start..end` of the expression, or the whole literal.
    pub(crate) fn span(&self, start: usize, end: usize) -> Span {
        self.attr.val.sub_span(start, end).unwrap_or(self.whole)
    }
}

/// The schedule expression, when it is a known string (JC101 reports the unknown case).
pub(crate) fn expression<'a>(m: &'a Model, job: &Job) -> Option<ScheduleExpr<'a>> {
    let attr = m.res(job.trigger).body.attr("schedule_expression")?;
    let text = match attr.val.as_str() {
        Some(s) => std::borrow::Cow::Borrowed(s),
        None => std::borrow::Cow::Owned(attr.val.to_tf_string()?),
    };
    let scheduler = job.kind == TriggerKind::Scheduler;
    let (whole, used) = origin(attr);
    let parsed = schedule::parse(&text, scheduler);
    Some(ScheduleExpr { attr, text, scheduler, parsed, whole, used })
}

/// The job's task definition, when it is in the configuration.
pub(crate) fn task_def<'a>(cx: &RuleContext<'a>) -> Option<&'a ResourceInstance> {
    cx.job?.task_def.found().map(|i| cx.model.res(i))
}

/// The task definition, or a JC002 note saying why it could not be followed.
pub(crate) fn task_def_or_note<'a>(cx: &mut RuleContext<'a>) -> Option<&'a ResourceInstance> {
    if let Some(job) = cx.job
        && let Link::Unresolved { why, span } = &job.task_def
    {
        let (why, span) = (why.clone(), *span);
        cx.could_not_check(span, "task definition", &why);
    }
    task_def(cx)
}

/// Whether the job runs on Fargate: the task definition requires it or the target asks for it.
pub(crate) fn is_fargate(job: &Job, td: &ResourceInstance) -> bool {
    td.body.val("requires_compatibilities").is_some_and(|c| c.items().iter().any(|x| x.as_str() == Some("FARGATE")))
        || job.ecs.body.val("launch_type").and_then(Value::as_str) == Some("FARGATE")
        || job
            .ecs
            .body
            .blocks("capacity_provider_strategy")
            .any(|b| b.body.val("capacity_provider").and_then(Value::as_str).is_some_and(|p| p.starts_with("FARGATE")))
}

/// The containers of the job's task definition (decoded once per task definition, in the
/// model); `None` (with a JC002 note when unknown) when they cannot be read. Invalid JSON is
/// JC004's to report.
pub(crate) fn containers<'a>(cx: &mut RuleContext<'a>) -> Option<&'a [Value]> {
    let td = cx.job?.task_def.found()?;
    match cx.model.containers_of(td) {
        Ok(c) => Some(c),
        Err(DocError::Invalid(..)) => None,
        Err(DocError::Unknown(why, span)) => {
            cx.could_not_check(*span, "container definitions", why);
            None
        }
    }
}

/// Whether a container is essential (the default).
pub(crate) fn essential(c: &Value) -> bool {
    c.get("essential").and_then(Value::as_bool).unwrap_or(true)
}

/// A container's name for messages.
pub(crate) fn container_name(c: &Value) -> String {
    c.get("name").and_then(Value::as_str).unwrap_or("container").to_string()
}

/// The container's `awslogs` options object, when it logs with awslogs.
pub(crate) fn awslogs(c: &Value) -> Option<&Value> {
    let lc = c.get("logConfiguration")?;
    (lc.get("logDriver").and_then(Value::as_str) == Some("awslogs")).then_some(lc)
}

/// One of a job's roles.
#[derive(Debug, Clone, Copy)]
pub(crate) struct JobRole {
    /// The `aws_iam_role` resource.
    pub role: usize,
    /// What the job uses it as: `execution role`, `task role`, `events role`, `scheduler role`.
    pub what: &'static str,
    /// The service principal its trust policy must allow.
    pub service: &'static str,
}

/// The job's roles, each once.
pub(crate) fn job_roles(job: &Job) -> Vec<JobRole> {
    let events = if job.kind == TriggerKind::Scheduler {
        ("scheduler role", "scheduler.amazonaws.com")
    } else {
        ("events role", "events.amazonaws.com")
    };
    let mut out: Vec<JobRole> = Vec::new();
    for (link, what, svc) in [
        (&job.trigger_role, events.0, events.1),
        (&job.exec_role, "execution role", "ecs-tasks.amazonaws.com"),
        (&job.task_role, "task role", "ecs-tasks.amazonaws.com"),
    ] {
        if let Link::Found(r) = link
            && !out.iter().any(|x| x.role == *r)
        {
            out.push(JobRole { role: *r, what, service: svc });
        }
    }
    out
}

/// The trust policy of a role, parsed; `None` when absent or unreadable (with a JC002 note
/// when unknown; invalid JSON is JC004's).
pub(crate) fn trust_policy(cx: &mut RuleContext<'_>, role: usize) -> Option<(crate::model::policy::Policy, Span)> {
    let a = cx.model.res(role).body.attr("assume_role_policy")?;
    match crate::model::policy::parse(&a.val, a.span) {
        Ok(p) => Some((p, a.span)),
        Err(DocError::Unknown(why, span)) => {
            cx.could_not_check(span, "trust policy", &why);
            None
        }
        Err(DocError::Invalid(..)) => None,
    }
}

/// What users call the role the trigger runs as.
pub(crate) fn trigger_role_name(job: &Job) -> &'static str {
    if job.kind == TriggerKind::Scheduler { "scheduler role" } else { "events role" }
}

/// The job's events/scheduler role, or a JC002 note naming the rule when it cannot be
/// followed (the notes of every rule that needs it merge into one).
pub(crate) fn trigger_role_or_note(cx: &mut RuleContext<'_>, job: &Job) -> Option<usize> {
    match &job.trigger_role {
        Link::Found(r) => Some(*r),
        Link::Unresolved { why, span } => {
            let (why, span) = (why.clone(), *span);
            cx.could_not_check(span, trigger_role_name(job), &why);
            None
        }
        Link::Missing => None,
    }
}

/// A JC002 note at each unreadable policy of a role (`what`: "events role", …), saying why;
/// whether there was any.
pub(crate) fn note_unknown_policies(cx: &mut RuleContext<'_>, role: usize, what: &str) -> bool {
    let parts = crate::model::roles::unknown_parts(cx.model, role);
    for (why, at) in &parts {
        cx.could_not_check(*at, &format!("{what} policy"), why);
    }
    !parts.is_empty()
}
