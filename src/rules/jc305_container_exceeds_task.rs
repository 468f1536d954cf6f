//! JC305 container-exceeds-task: the containers reserve more memory or cpu than the task has
//! (aws.md §4.1); registration fails.

use super::support::{containers, origin, task_def};
use super::{Rule, RuleContext, RuleMeta};
use crate::aws::fargate;
use crate::model::Job;
use crate::value::Value;

pub(crate) struct ContainerExceedsTask;

impl Rule for ContainerExceedsTask {
    fn meta(&self) -> &'static RuleMeta {
        &crate::catalog::JC305
    }

    fn check_job(&self, _job: &Job, cx: &mut RuleContext<'_>) {
        let Some(td) = task_def(cx) else { return };
        let Some(cs) = containers(cx) else { return };
        let at = td.body.attr("container_definitions").map_or(td.header, |a| a.span);
        let mem_sum: f64 = cs
            .iter()
            .filter_map(|c| c.get("memory").filter(|v| !v.is_null()).or_else(|| c.get("memoryReservation")).and_then(Value::as_f64))
            .sum();
        let cpu_sum: f64 = cs.iter().filter_map(|c| c.get("cpu").and_then(Value::as_f64)).sum();
        if let Some(a) = td.body.attr("memory")
            && let Some(mem) = a.val.to_tf_string().and_then(|s| fargate::memory_mib(&s))
            && mem_sum > f64::from(mem)
        {
            cx.report(at, format!("the containers reserve {mem_sum} MiB, more than the task's {mem} MiB"))
                .label(Some(origin(a).0), "task memory set here")
                .help("lower the containers' memory or raise the task's");
        }
        if let Some(a) = td.body.attr("cpu")
            && let Some(cpu) = a.val.to_tf_string().and_then(|s| fargate::cpu_units(&s))
            && cpu_sum > f64::from(cpu)
        {
            cx.report(at, format!("the containers reserve {cpu_sum} cpu units, more than the task's {cpu}"))
                .label(Some(origin(a).0), "task cpu set here")
                .help("lower the containers' cpu or raise the task's");
        }
    }
}
