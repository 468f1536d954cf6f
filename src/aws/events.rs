//! Synthetic "ECS Task State Change" events for a job (aws.md §6.1, §6.2).

use indexmap::IndexMap;

use crate::value::{UnknownKind, V, Val};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Success,
    Exit(i64),
    FailedToStart,
}

impl Outcome {
    pub fn describe(self) -> String {
        match self {
            Outcome::Success => "a task whose containers all exit 0".into(),
            Outcome::Exit(n) => format!("a task that exits {n}"),
            Outcome::FailedToStart => "a task that fails to start".into(),
        }
    }
}

fn s(x: &str) -> Val {
    Val::str(x, None)
}

/// The event EventBridge delivers when the job's task stops with `outcome`. `cluster`,
/// `group` and `task_def` are symbolic where the configuration does not give their text.
pub fn task_stopped(outcome: Outcome, cluster: Val, group: Val, task_def: Val, containers: &[String]) -> Val {
    let mut ctrs = Vec::new();
    let names: Vec<String> = if containers.is_empty() { vec!["app".to_string()] } else { containers.to_vec() };
    for (i, n) in names.iter().enumerate() {
        let mut c = IndexMap::new();
        c.insert("name".to_string(), s(n));
        c.insert("lastStatus".to_string(), s("STOPPED"));
        match outcome {
            Outcome::Success => {
                c.insert("exitCode".to_string(), Val::num(0.0, None));
            }
            #[expect(clippy::cast_precision_loss, reason = "small exit codes")]
            Outcome::Exit(code) => {
                c.insert("exitCode".to_string(), Val::num(if i == 0 { code as f64 } else { 0.0 }, None));
            }
            Outcome::FailedToStart => {
                c.insert("reason".to_string(), s("CannotPullContainerError: pull image manifest has been retried 5 time(s)"));
            }
        }
        ctrs.push(Val::obj(c, None));
    }
    let mut d = IndexMap::new();
    d.insert("clusterArn".to_string(), cluster);
    d.insert("group".to_string(), group);
    d.insert("taskDefinitionArn".to_string(), task_def);
    d.insert("lastStatus".to_string(), s("STOPPED"));
    d.insert("desiredStatus".to_string(), s("STOPPED"));
    d.insert("launchType".to_string(), s("FARGATE"));
    d.insert("taskArn".to_string(), Val::unknown(UnknownKind::AfterApply, "the task ARN", None));
    let (code, reason) = match outcome {
        Outcome::FailedToStart => ("TaskFailedToStart", "CannotPullContainerError: pull image manifest has been retried 5 time(s)"),
        _ => ("EssentialContainerExited", "Essential container in task exited"),
    };
    d.insert("stopCode".to_string(), s(code));
    d.insert("stoppedReason".to_string(), s(reason));
    d.insert("containers".to_string(), Val::list(ctrs, None));
    let mut e = IndexMap::new();
    e.insert("version".to_string(), s("0"));
    e.insert("source".to_string(), s("aws.ecs"));
    e.insert("detail-type".to_string(), s("ECS Task State Change"));
    e.insert("account".to_string(), Val::unknown(UnknownKind::AfterApply, "the account", None));
    e.insert("region".to_string(), Val::unknown(UnknownKind::AfterApply, "the region", None));
    e.insert("resources".to_string(), Val::list(vec![Val::unknown(UnknownKind::AfterApply, "the task ARN", None)], None));
    e.insert("detail".to_string(), Val::obj(d, None));
    Val::new(V::Obj(std::sync::Arc::new(e)), None)
}
