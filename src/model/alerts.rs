//! The alert path of a job (aws.md §6): event-pattern rules that target SNS, and the job's
//! synthetic "ECS Task State Change" events to match them against.

use std::sync::Arc;

use crate::aws::events::{Outcome, task_stopped};
use crate::model::{Job, Link, Model, pattern, policy};
use crate::source::Span;
use crate::value::{Reason, ResourceRef, Tri, UnknownKind, Value, ValueKind, root_of};

/// An event-pattern rule on the default bus with at least one SNS topic target.
#[derive(Debug, Clone)]
pub(crate) struct AlertRule {
    pub rule: usize,
    pub pattern: Value,
    pub pattern_span: Span,
    pub topics: Vec<usize>,
    /// The root module directory the rule belongs to (`""` for the scan root).
    pub root: String,
    /// What `detail.group`/`detail.clusterArn` admit, when they are plain values: lets a job
    /// skip the rules of other jobs without matching (a monorepo has hundreds of them).
    filter: Filter,
}

#[derive(Debug, Clone, Default)]
struct Filter {
    groups: Option<Vec<String>>,
    clusters: Option<Vec<(String, String)>>,
}

impl Filter {
    fn of(pattern: &Value) -> Self {
        let detail = pattern.get("detail");
        let list = |k: &str| detail.and_then(|d| d.get(k)).and_then(Value::as_list);
        let groups = list("group").and_then(|l| {
            l.iter().map(|v| matches!(v.kind, ValueKind::Str(_)).then(|| v.as_str().map(str::to_string)).flatten()).collect()
        });
        let clusters = list("clusterArn").and_then(|l| {
            l.iter()
                .map(|v| {
                    v.as_resource_ref()
                        .filter(|r| r.rtype == "aws_ecs_cluster" && r.attr == "arn")
                        .map(|r| (r.module.clone(), r.name.clone()))
                })
                .collect()
        });
        Filter { groups, clusters }
    }

    /// `false` when the pattern certainly cannot match an event of this job.
    fn admits(&self, group: Option<&str>, cluster: Option<(&str, &str)>) -> bool {
        let group_ok = match (&self.groups, group) {
            (Some(gs), Some(g)) => gs.iter().any(|x| x == g),
            _ => true,
        };
        let cluster_ok = match (&self.clusters, cluster) {
            (Some(cs), Some((m, n))) => cs.iter().any(|(cm, cn)| cm == m && cn == n),
            _ => true,
        };
        group_ok && cluster_ok
    }
}

/// An alert rule whose pattern could not be read.
#[derive(Debug, Clone)]
pub(crate) struct Unreadable {
    pub why: Reason,
    pub span: Span,
    /// The root module directory of the rule.
    pub root: String,
}

/// The alert rules, and the patterns that could not be read.
#[derive(Debug, Default)]
pub(crate) struct AlertRules {
    pub rules: Vec<AlertRule>,
    pub unreadable: Vec<Unreadable>,
}

/// Every alert rule in the configuration; patterns that cannot be read are returned apart.
pub(crate) fn alert_rules(m: &Model) -> &AlertRules {
    m.alert_rules()
}

/// Computes [`alert_rules`] (once per model).
pub(crate) fn compute_alert_rules(m: &Model) -> AlertRules {
    let mut rules = Vec::new();
    let mut unknown = Vec::new();
    for (ri, r) in m.of_type("aws_cloudwatch_event_rule") {
        let Some(pa) = r.body.attr("event_pattern") else { continue };
        // ECS events arrive on the default bus only (aws.md §6.4).
        if r.body.val("event_bus_name").and_then(Value::as_str).is_some_and(|b| b != "default") {
            continue;
        }
        let topics: Vec<usize> =
            m.targets_of(ri).iter().filter_map(|&t| m.link(m.res(t).body.attr("arn"), "aws_sns_topic", m.res(t)).found()).collect();
        if topics.is_empty() {
            continue;
        }
        let root = root_of(&r.module).to_string();
        match policy::document(&pa.val, pa.span) {
            Ok(p) if p.is_unknown() => {
                unknown.push(Unreadable { why: p.reason_or("unknown"), span: p.span.unwrap_or(pa.span), root });
            }
            Ok(p) => rules.push(AlertRule { rule: ri, filter: Filter::of(&p), pattern: p, pattern_span: pa.span, topics, root }),
            Err(policy::DocError::Unknown(why, span)) => unknown.push(Unreadable { why, span, root }),
            Err(policy::DocError::Invalid(..)) => {}
        }
    }
    AlertRules { rules, unreadable: unknown }
}

fn resource_ref(m: &Model, i: usize, attr: &str) -> Value {
    let r = m.res(i);
    let rv = ResourceRef {
        module: r.module.to_string(),
        rtype: r.rtype.to_string(),
        name: r.name.to_string(),
        key: r.key.as_deref().map(str::to_string),
        attr: attr.into(),
        known: None,
    };
    Value::new(ValueKind::Ref(Arc::new(rv)), None)
}

/// [`resource_ref`] of an argument written in the resource, carrying the value written there: a
/// `family = var.name` with `var.name` unset is then the same value as a pattern's
/// `"family:${var.name}"`.
fn configured_ref(m: &Model, i: usize, attr: &str) -> Value {
    let mut v = resource_ref(m, i, attr);
    if let (ValueKind::Ref(r), Some(known)) = (&mut v.kind, m.res(i).body.val(attr)) {
        Arc::make_mut(r).known = Some(Box::new(known.clone()));
    }
    v
}

/// The account or region of the configuration `module` belongs to.
fn context_ref(module: &str, rtype: &str, attr: &str) -> Value {
    let r = ResourceRef { module: module.to_string(), rtype: rtype.into(), name: "*".into(), key: None, attr: attr.into(), known: None };
    Value::new(ValueKind::Ref(Arc::new(r)), None)
}

/// Builds the job's synthetic task-stopped events.
pub(crate) struct JobEvents {
    /// The module instance of the job's trigger.
    module: String,
    cluster: Value,
    group: Value,
    task_def: Value,
    containers: Vec<String>,
}

impl JobEvents {
    pub(crate) fn new(m: &Model, job: &Job) -> Self {
        let cluster = match job.cluster {
            Link::Found(c) => resource_ref(m, c, "arn"),
            _ => job.target_body(m).val("arn").cloned().unwrap_or_else(|| Value::unknown(UnknownKind::AfterApply, "the cluster", None)),
        };
        match job.task_def {
            Link::Found(t) => {
                let td = m.res(t);
                let fam = td.body.val("family").and_then(Value::as_str).map(str::to_string);
                // RunTask's default group is `family:<family>` (aws.md §6.1).
                let group = match job.ecs.body.val("group") {
                    Some(g) if !g.is_null() => g.clone(),
                    // A family known only by reference still compares equal to itself.
                    _ => fam.map_or_else(
                        || Value::new(ValueKind::Sym(Arc::new(vec![Value::str("family:", None), configured_ref(m, t, "family")])), None),
                        |f| Value::str(format!("family:{f}"), None),
                    ),
                };
                let task_def =
                    Value::new(ValueKind::Sym(Arc::new(vec![resource_ref(m, t, "arn_without_revision"), Value::str(":1", None)])), None);
                let containers = m
                    .containers_of(t)
                    .as_deref()
                    .unwrap_or_default()
                    .iter()
                    .filter_map(|c| c.get("name").and_then(Value::as_str).map(str::to_string))
                    .collect();
                Self { module: m.res(job.trigger).module.to_string(), cluster, group, task_def, containers }
            }
            _ => Self {
                module: m.res(job.trigger).module.to_string(),
                cluster,
                group: Value::unknown(UnknownKind::AfterApply, "the task family", None),
                task_def: Value::unknown(UnknownKind::AfterApply, "the task definition", None),
                containers: Vec::new(),
            },
        }
    }

    pub(crate) fn event(&self, o: Outcome) -> Value {
        let e = task_stopped(o, self.cluster.clone(), self.group.clone(), self.task_def.clone(), &self.containers);
        // The event's account and region are those of the configuration that runs the job: a
        // pattern naming `data.aws_caller_identity.x.account_id` / `data.aws_region.x.name` of
        // the same root matches them.
        let Some(m) = e.as_obj() else { return e };
        let mut m = m.clone();
        m.insert("account".into(), context_ref(&self.module, "data.aws_caller_identity", "account_id"));
        m.insert("region".into(), context_ref(&self.module, "data.aws_region", "name"));
        Value::obj(m, e.span)
    }
}

/// Non-zero exits every job must alert on (rules.md JC501).
pub(crate) const FAILURES: [Outcome; 2] = [Outcome::Exit(1), Outcome::Exit(137)];

/// The outcomes every alert rule is matched against, in this order.
pub(crate) const OUTCOMES: [Outcome; 4] = [Outcome::Exit(1), Outcome::Exit(137), Outcome::FailedToStart, Outcome::Success];

/// How each alert rule of the model matches the job's synthetic events (computed once per job).
#[derive(Debug, Clone)]
pub struct JobAlerts {
    /// For each alert rule (same order as [`alert_rules`]), the match for each of [`OUTCOMES`].
    pub matches: Vec<[Tri; 4]>,
}

impl JobAlerts {
    pub(crate) fn compute(m: &Model, job: &Job) -> Self {
        let ev = JobEvents::new(m, job);
        let events: Vec<Value> = OUTCOMES.iter().map(|o| ev.event(*o)).collect();
        let group = match &ev.group.kind {
            ValueKind::Str(s) => Some(s.s.as_str()),
            _ => None,
        };
        let cluster = job.cluster.found().map(|c| (&*m.res(c).module, m.res(c).name.as_str()));
        let root = root_of(&m.res(job.trigger).module);
        let matches = alert_rules(m)
            .rules
            .iter()
            .map(|r| {
                if !r.filter.admits(group, cluster) {
                    return [Tri::No; 4];
                }
                // A rule of another root (another configuration, perhaps another account) counts
                // only when it provably matches: what "could" match there says nothing about this
                // job, and the verdict must not depend on which folder was scanned.
                let other_root = r.root != root;
                std::array::from_fn(|k| match pattern::matches(&r.pattern, &events[k]) {
                    Tri::Unknown if other_root => Tri::No,
                    t => t,
                })
            })
            .collect();
        Self { matches }
    }

    /// Whether any alert rule matches an outcome.
    pub(crate) fn any(&self, outcome: usize) -> Tri {
        self.matches.iter().fold(Tri::No, |acc, m| acc.or(m[outcome]))
    }

    /// The first alert rule that could match an outcome, but not provably.
    pub(crate) fn first_unknown(&self, outcome: usize) -> Option<usize> {
        self.matches.iter().position(|m| m[outcome] == Tri::Unknown)
    }
}

/// The alert rules whose patterns could not be read, in the job's own root.
pub(crate) fn unreadable_for<'m>(m: &'m Model, job: &Job) -> Vec<&'m Unreadable> {
    let root = root_of(&m.res(job.trigger).module);
    alert_rules(m).unreadable.iter().filter(|u| u.root == root).collect()
}

/// The job's failure rules: the alert rules that provably match one of its failure events (a
/// non-zero exit, or a task that fails to start), taken together by JC501 and JC502.
pub(crate) fn failure_rules<'m>(m: &'m Model, job: &Job) -> Vec<(&'m AlertRule, [Tri; 4])> {
    let ja = job.alerts(m);
    alert_rules(m).rules.iter().zip(&ja.matches).filter(|(_, mm)| mm[..3].contains(&Tri::Yes)).map(|(r, mm)| (r, *mm)).collect()
}

/// The SNS topics the job's failure rules publish to, each once.
pub(crate) fn alert_topics(m: &Model, job: &Job) -> Vec<usize> {
    let mut topics: Vec<usize> = failure_rules(m, job).into_iter().flat_map(|(r, _)| r.topics.iter().copied()).collect();
    topics.sort_unstable();
    topics.dedup();
    topics
}
