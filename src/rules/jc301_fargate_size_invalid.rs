//! JC301 fargate-size-invalid: task `cpu`/`memory` must be a pair from the Fargate table
//! (aws.md §4.2, §4.3, in `aws::fargate`). The primary span is the memory literal wherever it was
//! written; the cpu is labelled.

use super::support::{is_fargate, origin, task_def_or_note};
use super::{Rule, RuleContext, RuleMeta, meta};
use crate::aws::fargate;
use crate::model::Job;

pub struct FargateSizeInvalid;

impl Rule for FargateSizeInvalid {
    fn meta(&self) -> &'static RuleMeta {
        meta("JC301")
    }

    fn check_job(&self, job: &Job, cx: &mut RuleContext<'_>) {
        let Some(td) = task_def_or_note(cx) else { return };
        if !is_fargate(job, td) {
            return;
        }
        let (Some(cpu_a), Some(mem_a)) = (td.body.attr("cpu"), td.body.attr("memory")) else {
            return;
        };
        let cpu = cpu_a.val.to_tf_string().and_then(|s| fargate::cpu_units(&s));
        let mem = mem_a.val.to_tf_string().and_then(|s| fargate::memory_mib(&s));
        let (Some(cpu), Some(mem)) = (cpu, mem) else {
            for a in [cpu_a, mem_a] {
                if let Some(u) = a.val.first_unknown() {
                    let why = u.reason_or("unknown");
                    cx.could_not_check(a.span, "task size", &why);
                    return;
                }
            }
            return;
        };
        if fargate::valid(cpu, mem) {
            return;
        }
        let (mem_at, mem_used) = origin(mem_a);
        let (cpu_at, _) = origin(cpu_a);
        let valid = fargate::valid_memory(cpu);
        let (message, help) = match valid.first() {
            None => (
                format!("cpu {cpu} is not a Fargate size; use 256, 512, 1024, 2048, 4096, 8192 or 16384"),
                "use a Fargate cpu value".to_string(),
            ),
            Some(first) => (
                format!("memory {mem} is not valid with cpu {cpu} on Fargate; valid: {}", fargate::describe(&valid)),
                format!("use a memory value valid for cpu {cpu}, e.g. {first}"),
            ),
        };
        cx.report(mem_at, message).label(Some(cpu_at), "cpu set here").label(mem_used, "memory used here").help(help);
    }
}
