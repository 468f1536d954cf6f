//! The job model: each scheduled ECS task launch with everything linked to it.

pub(crate) mod alerts;
pub(crate) mod demand;
pub(crate) mod pattern;
pub mod policy;
pub(crate) mod roles;
mod summary;

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use rayon::prelude::*;

use crate::eval::{AttrValue, BlockValue, BodyValue, ResourceInstance, World};
use crate::source::Span;
use crate::value::{Reason, UnknownKind, Value, ValueKind};

pub use summary::JobSummary;
pub(crate) use summary::summarize;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TriggerKind {
    EventRule,
    Scheduler,
}

/// How a link from one piece of the job to another resolved.
#[derive(Debug, Clone, PartialEq)]
pub enum Link {
    /// A resource in the configuration (index into `Model::resources`).
    Found(usize),
    /// The attribute is not set.
    Missing,
    /// Set, but to something we cannot follow (a literal ARN, a data source, an unknown).
    Unresolved { why: Reason, span: Span },
}

impl Link {
    pub(crate) fn found(&self) -> Option<usize> {
        match self {
            Link::Found(i) => Some(*i),
            _ => None,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Job {
    pub address: String,
    pub kind: TriggerKind,
    /// The rule or schedule.
    pub trigger: usize,
    /// The `aws_cloudwatch_event_target` (rules) or the schedule itself (Scheduler).
    pub target: usize,
    /// The `target` block of a schedule (Scheduler only).
    pub target_block: Option<BlockValue>,
    /// The `ecs_target` / `ecs_parameters` block.
    pub ecs: BlockValue,
    pub task_def: Link,
    pub cluster: Link,
    pub exec_role: Link,
    pub task_role: Link,
    pub trigger_role: Link,
    pub dlq: Link,
    /// How the model's alert rules match this job (computed on first use).
    pub alert_cache: OnceLock<alerts::JobAlerts>,
}

impl Job {
    pub(crate) fn alerts(&self, m: &Model) -> &alerts::JobAlerts {
        self.alert_cache.get_or_init(|| alerts::JobAlerts::compute(m, self))
    }

    /// The body holding `role_arn`, `dead_letter_config`, `retry_policy`.
    pub(crate) fn target_body<'a>(&'a self, m: &'a Model) -> &'a BodyValue {
        match &self.target_block {
            Some(b) => &b.body,
            None => &m.res(self.target).body,
        }
    }
    pub(crate) fn target_header(&self, m: &Model) -> Span {
        match &self.target_block {
            Some(b) => b.header,
            None => m.res(self.target).header,
        }
    }
}

/// Every resource instance, the jobs, and indexes for looking resources up by type, address
/// and configured name (a monorepo has tens of thousands of resources; no rule scans them all
/// per job).
#[derive(Debug, Default)]
pub struct Model {
    pub resources: Vec<ResourceInstance>,
    pub jobs: Vec<Job>,
    /// The time "now" for schedules (`--now`).
    pub now: chrono::DateTime<chrono::Utc>,
    by_type: HashMap<Arc<str>, Vec<usize>>,
    /// (hash, index) by [`ResourceAddress::resource_hash`](crate::value::ResourceAddress::resource_hash),
    /// sorted: looked up without allocating; lookups confirm with `same_resource`, so a
    /// collision costs a comparison, never a wrong answer. A sorted list rather than a map of
    /// lists: 16 bytes a resource, where a map entry and its own one-element list took 80.
    by_addr: Vec<(u64, usize)>,
    by_name: HashMap<(String, String), Vec<usize>>,
    /// `aws_cloudwatch_event_target`s by the rule they name.
    targets_by_rule: HashMap<usize, Vec<usize>>,
    /// Resource policies (`aws_sqs_queue_policy`, `aws_sns_topic_policy`) by the resource they
    /// govern; `usize::MAX` holds those whose target is unknown.
    resource_policies: HashMap<usize, Vec<usize>>,
    /// `aws_iam_role_policy` resources by the role they belong to.
    inline_role_policies: HashMap<usize, Vec<usize>>,
    alerts: OnceLock<alerts::AlertRules>,
    /// Each task definition's containers, decoded on first use: a dozen rules read them per job.
    containers: HashMap<usize, OnceLock<Result<Vec<Value>, policy::DocError>>>,
    role_attachments: OnceLock<HashMap<usize, Vec<roles::Attachment>>>,
    attached_policies: OnceLock<HashMap<usize, Vec<usize>>>,
}

impl Model {
    fn new(resources: Vec<ResourceInstance>, now: chrono::DateTime<chrono::Utc>) -> Self {
        let mut m = Model { resources, now, ..Model::default() };
        m.by_addr = m.resources.iter().enumerate().map(|(i, r)| (r.resource().resource_hash(), i)).collect();
        m.by_addr.sort_unstable();
        for (i, r) in m.resources.iter().enumerate() {
            m.by_type.entry(r.rtype.clone()).or_default().push(i);
            let name_attr = if &*r.rtype == "aws_ecs_task_definition" { "family" } else { "name" };
            if let Some(n) = r.body.val(name_attr).and_then(Value::as_str) {
                m.by_name.entry((r.rtype.to_string(), n.to_string())).or_default().push(i);
            }
        }
        m.containers = m.of_type("aws_ecs_task_definition").map(|(i, _)| (i, OnceLock::new())).collect();
        let mut targets: HashMap<usize, Vec<usize>> = HashMap::new();
        for (ti, t) in m.of_type("aws_cloudwatch_event_target") {
            if let Link::Found(ri) = m.link(t.body.attr("rule"), "aws_cloudwatch_event_rule", t) {
                targets.entry(ri).or_default().push(ti);
            }
        }
        m.targets_by_rule = targets;
        let mut policies: HashMap<usize, Vec<usize>> = HashMap::new();
        for (ptype, key, rtype) in
            [("aws_sqs_queue_policy", "queue_url", "aws_sqs_queue"), ("aws_sns_topic_policy", "arn", "aws_sns_topic")]
        {
            for (pi, p) in m.of_type(ptype) {
                let Some(v) = p.body.val(key) else { continue };
                let at = if v.has_unknown() { Some(usize::MAX) } else { m.link_val(v, p.header, rtype, p).found() };
                if let Some(t) = at {
                    policies.entry(t).or_default().push(pi);
                }
            }
        }
        m.resource_policies = policies;
        let mut inline: HashMap<usize, Vec<usize>> = HashMap::new();
        for (pi, p) in m.of_type("aws_iam_role_policy") {
            if let Some(role) = p.body.val("role").and_then(|v| m.link_val(v, p.header, "aws_iam_role", p).found()) {
                inline.entry(role).or_default().push(pi);
            }
        }
        m.inline_role_policies = inline;
        m
    }

    pub fn res(&self, i: usize) -> &ResourceInstance {
        &self.resources[i]
    }

    pub(crate) fn of_type<'a>(&'a self, rtype: &str) -> impl Iterator<Item = (usize, &'a ResourceInstance)> + 'a {
        self.by_type.get(rtype).into_iter().flatten().map(|&i| (i, &self.resources[i]))
    }

    /// The resource a reference points at.
    pub(crate) fn find(&self, r: &crate::value::ResourceRef) -> Option<usize> {
        let h = r.resource().resource_hash();
        let from = self.by_addr.partition_point(|&(x, _)| x < h);
        // In index order, as they were added: the first instance that is `r`.
        self.by_addr[from..].iter().take_while(|&&(x, _)| x == h).map(|&(_, i)| i).find(|&i| self.resources[i].is(r))
    }

    /// The containers of task definition `td`, decoded once (see [`containers`]).
    pub fn containers_of(&self, td: usize) -> &Result<Vec<Value>, policy::DocError> {
        static NONE: Result<Vec<Value>, policy::DocError> = Ok(Vec::new());
        match self.containers.get(&td) {
            Some(cell) => cell.get_or_init(|| containers(&self.resources[td])),
            None => &NONE,
        }
    }

    /// The `aws_sqs_queue_policy`/`aws_sns_topic_policy` resources governing resource `i`, and
    /// whether some policy governs a resource we cannot identify (it might be this one).
    pub(crate) fn resource_policies(&self, i: usize) -> (&[usize], bool) {
        (self.resource_policies.get(&i).map_or(&[], Vec::as_slice), self.resource_policies.contains_key(&usize::MAX))
    }

    /// The `aws_iam_role_policy` resources of a role.
    pub(crate) fn role_policy_resources(&self, role: usize) -> &[usize] {
        self.inline_role_policies.get(&role).map_or(&[], Vec::as_slice)
    }

    /// The targets attached to an event rule.
    pub(crate) fn targets_of(&self, rule: usize) -> &[usize] {
        self.targets_by_rule.get(&rule).map_or(&[], Vec::as_slice)
    }

    /// Every event-pattern alert rule (computed once).
    pub(crate) fn alert_rules(&self) -> &alerts::AlertRules {
        self.alerts.get_or_init(|| alerts::compute_alert_rules(self))
    }

    /// The policy attachments of a role (computed once for all roles).
    pub(crate) fn attachments(&self, role: usize) -> &[roles::Attachment] {
        self.role_attachments.get_or_init(|| roles::compute_attachments(self)).get(&role).map_or(&[], Vec::as_slice)
    }

    /// The customer-managed `aws_iam_policy` resources attached to a role (computed once).
    pub(crate) fn attached_policy_resources(&self, role: usize) -> &[usize] {
        self.attached_policies.get_or_init(|| roles::compute_attached_policy_resources(self)).get(&role).map_or(&[], Vec::as_slice)
    }

    /// Resolves a value that should point at a resource of `rtype`: a reference, or a literal
    /// name/ARN matching a resource's `name_attr` in the same module instance tree.
    pub(crate) fn link(&self, v: Option<&AttrValue>, rtype: &str, near: &ResourceInstance) -> Link {
        let Some(a) = v else { return Link::Missing };
        self.link_val(&a.val, a.span, rtype, near)
    }

    /// [`Model::link`] for an optional ARN argument (`role_arn`, `execution_role_arn`,
    /// `task_role_arn`, `dead_letter_config.arn`): `""` means unset, as the AWS provider reads it.
    pub(crate) fn link_optional(&self, v: Option<&AttrValue>, rtype: &str, near: &ResourceInstance) -> Link {
        match v {
            Some(a) if a.val.as_str() == Some("") => Link::Missing,
            _ => self.link(v, rtype, near),
        }
    }

    pub(crate) fn link_val(&self, v: &Value, span: Span, rtype: &str, near: &ResourceInstance) -> Link {
        match &v.kind {
            ValueKind::Null => Link::Missing,
            ValueKind::Ref(r) => match self.find(r) {
                Some(i) if &*self.resources[i].rtype == rtype => Link::Found(i),
                Some(_) | None => Link::Unresolved {
                    why: Reason::new(
                        UnknownKind::NotDeclared,
                        format!("`{}.{}` is not a `{rtype}` in the configuration", r.address(), r.attr),
                    ),
                    span,
                },
            },
            ValueKind::Sym(parts) => {
                if let Some(i) = parts
                    .iter()
                    .filter_map(Value::as_resource_ref)
                    .find_map(|r| self.find(r).filter(|&i| &*self.resources[i].rtype == rtype))
                {
                    return Link::Found(i);
                }
                // `"arn:aws:iam::${data.aws_caller_identity.current.account_id}:role/jobs-events"`:
                // the name is known even though the account is not.
                let rendered = crate::aws::iam::resource_text(v).filter(|t| t.starts_with("arn:"));
                if let Some(t) = rendered
                    && let name = arn_name(&t)
                    && !name.contains('\u{1}')
                    && let Some(i) = self.named(rtype, name, near)
                {
                    return Link::Found(i);
                }
                Link::Unresolved { why: Reason::new(UnknownKind::AfterApply, "a value known only after apply"), span }
            }
            ValueKind::Unknown(why) => match self.named_unknown(rtype, v, near) {
                Some(i) => Link::Found(i),
                None => Link::Unresolved { why: why.reason(), span: v.span.unwrap_or(span) },
            },
            _ => {
                let Some(s) = v.as_str() else {
                    return Link::Unresolved { why: Reason::new(UnknownKind::Unsupported, "not a string"), span };
                };
                match self.named(rtype, arn_name(s), near) {
                    Some(i) => Link::Found(i),
                    None => Link::Unresolved {
                        why: Reason::new(UnknownKind::NotDeclared, format!("`{s}` names no `{rtype}` in the configuration")),
                        span,
                    },
                }
            }
        }
    }

    /// The resource of `rtype` with this configured name, in the same root as `near`.
    fn named(&self, rtype: &str, name: &str, near: &ResourceInstance) -> Option<usize> {
        self.by_name
            .get(&(rtype.to_string(), name.to_string()))
            .and_then(|c| c.iter().copied().find(|&i| same_tree(&self.resources[i].module, &near.module)))
    }

    /// The resource of `rtype` whose configured name is the same unknown value as `v`
    /// (`"/ecs/${var.name}"` in both, `var.name` unset): the same resource whatever the value.
    fn named_unknown(&self, rtype: &str, v: &Value, near: &ResourceInstance) -> Option<usize> {
        v.id_parts()?;
        let name_attr = if rtype == "aws_ecs_task_definition" { "family" } else { "name" };
        self.of_type(rtype)
            .find(|(_, r)| same_tree(&r.module, &near.module) && r.body.val(name_attr).is_some_and(|n| n.same_unknown(v)))
            .map(|(i, _)| i)
    }

    /// Whether value `v` refers to resource `i` (by reference, or by its literal name).
    pub fn refers_to(&self, v: &Value, i: usize) -> bool {
        let r = &self.resources[i];
        match &v.kind {
            ValueKind::Ref(x) => r.is(x),
            ValueKind::Sym(parts) => parts.iter().any(|p| p.as_resource_ref().is_some_and(|x| r.is(x))),
            ValueKind::Unknown(_) => {
                r.body.val(if &*r.rtype == "aws_ecs_task_definition" { "family" } else { "name" }).is_some_and(|n| n.same_unknown(v))
            }
            _ => v.as_str().is_some_and(|s| {
                let name = arn_name(s);
                r.body.val("name").and_then(Value::as_str) == Some(name) && same_tree(&r.module, &self.resources[i].module)
            }),
        }
    }
}

/// The resource name inside an ARN (`…:role/x` → `x`, `…:task-definition/f:3` → `f`,
/// `…:log-group:/ecs/x:*` → `/ecs/x`); a string that is not an ARN is the name itself.
pub(crate) fn arn_name(s: &str) -> &str {
    if !s.starts_with("arn:") {
        return s;
    }
    if let Some((_, g)) = s.split_once(":log-group:") {
        return g.strip_suffix(":*").unwrap_or(g);
    }
    let tail = s.rsplit('/').next().unwrap_or(s);
    if s.contains(":task-definition/") { tail.split(':').next().unwrap_or(tail) } else { tail.rsplit(':').next().unwrap_or(tail) }
}

fn same_tree(a: &str, b: &str) -> bool {
    // Literal names resolve within one root module and the modules it calls.
    crate::value::root_of(a) == crate::value::root_of(b)
}

/// Finds every scheduled ECS job.
pub(crate) fn discover(world: World, now: chrono::DateTime<chrono::Utc>) -> Model {
    let mut m = Model::new(world.resources, now);
    // Where each job starts, in resource order; then each job's links, on all threads.
    let mut found: Vec<Start<'_>> = Vec::new();
    // 1. Event rule + target with ecs_target.
    for (ti, t) in m.of_type("aws_cloudwatch_event_target") {
        let Some(ecs) = t.body.block("ecs_target") else {
            continue;
        };
        let Link::Found(ri) = m.link(t.body.attr("rule"), "aws_cloudwatch_event_rule", t) else {
            continue;
        };
        let rule = m.res(ri);
        if rule.body.val("schedule_expression").is_none_or(Value::is_null) {
            continue;
        }
        found.push(Start { kind: TriggerKind::EventRule, trigger: ri, target: ti, target_block: None, ecs, body: &t.body, near: t });
    }
    // 2. Scheduler schedules with ecs_parameters.
    for (si, s) in m.of_type("aws_scheduler_schedule") {
        let Some(target) = s.body.block("target") else {
            continue;
        };
        let Some(ecs) = target.body.block("ecs_parameters") else {
            continue;
        };
        found.push(Start {
            kind: TriggerKind::Scheduler,
            trigger: si,
            target: si,
            target_block: Some(target),
            ecs,
            body: &target.body,
            near: s,
        });
    }
    let jobs: Vec<Job> = crate::threads::install(|| found.par_iter().map(|&start| job(&m, start)).collect());
    m.jobs = jobs;
    m
}

/// Where discovery found a job: its trigger and target resources, the body holding `arn`,
/// `role_arn` and `dead_letter_config` (the event target, or the schedule's `target` block)
/// and the ECS block.
#[derive(Clone, Copy)]
struct Start<'m> {
    kind: TriggerKind,
    trigger: usize,
    target: usize,
    target_block: Option<&'m BlockValue>,
    ecs: &'m BlockValue,
    body: &'m BodyValue,
    near: &'m ResourceInstance,
}

/// A job and its links.
fn job(m: &Model, s: Start<'_>) -> Job {
    let Start { kind, trigger, target, target_block, ecs, body, near } = s;
    let task_def = m.link(ecs.body.attr("task_definition_arn"), "aws_ecs_task_definition", near);
    let (exec_role, task_role) = roles(m, &task_def);
    Job {
        address: m.res(trigger).address(),
        kind,
        trigger,
        target,
        target_block: target_block.cloned(),
        ecs: ecs.clone(),
        cluster: m.link(body.attr("arn"), "aws_ecs_cluster", near),
        trigger_role: m.link_optional(body.attr("role_arn"), "aws_iam_role", near),
        dlq: body.block("dead_letter_config").map_or(Link::Missing, |d| m.link_optional(d.body.attr("arn"), "aws_sqs_queue", near)),
        task_def,
        exec_role,
        task_role,
        alert_cache: OnceLock::new(),
    }
}

fn roles(m: &Model, td: &Link) -> (Link, Link) {
    match td {
        Link::Found(i) => {
            let r = m.res(*i);
            (
                m.link_optional(r.body.attr("execution_role_arn"), "aws_iam_role", r),
                m.link_optional(r.body.attr("task_role_arn"), "aws_iam_role", r),
            )
        }
        _ => (Link::Missing, Link::Missing),
    }
}

/// The task definition's container definitions, from any form.
pub fn containers(td: &ResourceInstance) -> Result<Vec<Value>, policy::DocError> {
    let Some(a) = td.body.attr("container_definitions") else {
        return Ok(Vec::new());
    };
    let doc = policy::document(&a.val, a.span)?;
    match &doc.kind {
        ValueKind::List(l) => Ok(l.to_vec()),
        ValueKind::Unknown(why) => Err(policy::DocError::Unknown(why.reason(), doc.span.unwrap_or(a.span))),
        _ => Err(policy::DocError::Invalid("`container_definitions` must be a JSON array".into(), doc.span.unwrap_or(a.span))),
    }
}
