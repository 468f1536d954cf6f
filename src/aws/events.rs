//! Synthetic "ECS Task State Change" events for a job (aws.md §6.1, §6.2).

use indexmap::IndexMap;

use crate::value::{UnknownKind, Value, ValueKind};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outcome {
    Success,
    Exit(i64),
    FailedToStart,
}

impl Outcome {
    pub(crate) fn describe(self) -> String {
        match self {
            Outcome::Success => "a task whose containers all exit 0".into(),
            Outcome::Exit(n) => format!("a task that exits {n}"),
            Outcome::FailedToStart => "a task that fails to start".into(),
        }
    }
}

fn s(x: &str) -> Value {
    Value::str(x, None)
}

/// The event EventBridge delivers when the job's task stops with `outcome`. `cluster`,
/// `group` and `task_def` are symbolic where the configuration does not give their text.
pub(crate) fn task_stopped(outcome: Outcome, cluster: Value, group: Value, task_def: Value, containers: &[String]) -> Value {
    let mut ctrs = Vec::new();
    let names: Vec<String> = if containers.is_empty() { vec!["app".to_string()] } else { containers.to_vec() };
    for (i, n) in names.iter().enumerate() {
        let mut c = IndexMap::new();
        c.insert("name".to_string(), s(n));
        c.insert("lastStatus".to_string(), s("STOPPED"));
        match outcome {
            Outcome::Success => {
                c.insert("exitCode".to_string(), Value::num(0.0, None));
            }
            #[expect(clippy::cast_precision_loss, reason = "small exit codes")]
            Outcome::Exit(code) => {
                c.insert("exitCode".to_string(), Value::num(if i == 0 { code as f64 } else { 0.0 }, None));
            }
            Outcome::FailedToStart => {
                c.insert("reason".to_string(), s("CannotPullContainerError: pull image manifest has been retried 5 time(s)"));
            }
        }
        ctrs.push(Value::obj(c, None));
    }
    let mut d = IndexMap::new();
    d.insert("clusterArn".to_string(), cluster);
    d.insert("group".to_string(), group);
    d.insert("taskDefinitionArn".to_string(), task_def);
    d.insert("lastStatus".to_string(), s("STOPPED"));
    d.insert("desiredStatus".to_string(), s("STOPPED"));
    d.insert("launchType".to_string(), s("FARGATE"));
    d.insert("taskArn".to_string(), Value::unknown(UnknownKind::AfterApply, "the task ARN", None));
    let (code, reason) = match outcome {
        Outcome::FailedToStart => ("TaskFailedToStart", "CannotPullContainerError: pull image manifest has been retried 5 time(s)"),
        _ => ("EssentialContainerExited", "Essential container in task exited"),
    };
    d.insert("stopCode".to_string(), s(code));
    d.insert("stoppedReason".to_string(), s(reason));
    d.insert("containers".to_string(), Value::list(ctrs, None));
    let mut e = IndexMap::new();
    e.insert("version".to_string(), s("0"));
    e.insert("source".to_string(), s("aws.ecs"));
    e.insert("detail-type".to_string(), s("ECS Task State Change"));
    e.insert("account".to_string(), Value::unknown(UnknownKind::AfterApply, "the account", None));
    e.insert("region".to_string(), Value::unknown(UnknownKind::AfterApply, "the region", None));
    e.insert("resources".to_string(), Value::list(vec![Value::unknown(UnknownKind::AfterApply, "the task ARN", None)], None));
    e.insert("detail".to_string(), Value::obj(d, None));
    Value::new(ValueKind::Obj(std::sync::Arc::new(e)), None)
}
