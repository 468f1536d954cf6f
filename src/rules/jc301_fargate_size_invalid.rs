//! JC301 fargate-size-invalid: task `cpu`/`memory` must be a pair from the Fargate table
//! (aws.md §4.2, §4.3, in `aws::fargate`). The primary span is the memory literal wherever it was
//! written; the cpu is labelled.

use super::support::{is_fargate, origin, task_def_or_note};
use super::{Rule, RuleContext, RuleMeta};
use crate::aws::fargate;
use crate::model::Job;

pub(crate) struct FargateSizeInvalid;

impl Rule for FargateSizeInvalid {
    fn meta(&self) -> &'static RuleMeta {
        &crate::catalog::JC301
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
            let _ = cx.unknown(&cpu_a.val, cpu_a.span, "task size") || cx.unknown(&mem_a.val, mem_a.span, "task size");
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
