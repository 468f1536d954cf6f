//! JC301–JC306: the task definition as Fargate sees it.

use super::RuleContext;
use super::schedule::origin;
use crate::aws::fargate;
use crate::eval::Val;
use crate::model::{self, Link, policy::DocError};

pub fn check(cx: &mut RuleContext<'_>) {
    let m = cx.model;
    let job = cx.job;
    let ti = match &job.task_def {
        Link::Found(i) => *i,
        Link::Unresolved { why, span } => {
            let (why, span) = (why.clone(), *span);
            cx.could_not_check("JC301", span, "the task definition", &why);
            return;
        }
        Link::Missing => return,
    };
    let td = m.res(ti);
    let compat = td.body.val("requires_compatibilities");
    let fargate_td = compat.is_some_and(|c| c.items().iter().any(|x| x.as_str() == Some("FARGATE")));
    let fargate = fargate_td || job.ecs.body.val("launch_type").and_then(Val::as_str) == Some("FARGATE");
    let windows = td
        .body
        .block("runtime_platform")
        .and_then(|b| b.body.val("operating_system_family"))
        .and_then(Val::as_str)
        .is_some_and(|s| s.starts_with("WINDOWS"));
    if !fargate {
        return;
    }
    // JC303
    match td.body.attr("network_mode") {
        Some(a) => {
            if let Some(mode) = a.val.as_str()
                && mode != "awsvpc"
            {
                let (sp, used) = origin(a);
                cx.report("JC303", sp, format!("`network_mode` is `{mode}`, but Fargate requires `awsvpc`"))
                    .label(used, "value used here")
                    .help("set `network_mode = \"awsvpc\"`");
            }
        }
        None => {
            cx.report(
                "JC303",
                td.header,
                "the Fargate task definition has no `network_mode`; it defaults to `bridge`, which Fargate rejects",
            )
            .help("set `network_mode = \"awsvpc\"`");
        }
    }
    // JC302 / JC301
    let (cpu_a, mem_a) = (td.body.attr("cpu"), td.body.attr("memory"));
    let (Some(cpu_a), Some(mem_a)) = (cpu_a, mem_a) else {
        let missing = if cpu_a.is_none() && mem_a.is_none() {
            "`cpu` and `memory`"
        } else if cpu_a.is_none() {
            "`cpu`"
        } else {
            "`memory`"
        };
        cx.report(
            "JC302",
            td.header,
            format!("the Fargate task definition has no task-level {missing}"),
        )
        .help("set task-level `cpu` and `memory` to a valid Fargate pair");
        return;
    };
    let cpu = cpu_a.val.to_tf_string().and_then(|s| fargate::cpu_units(&s));
    let mem = mem_a.val.to_tf_string().and_then(|s| fargate::memory_mib(&s));
    let (Some(cpu), Some(mem)) = (cpu, mem) else {
        let a = if cpu.is_none() { cpu_a } else { mem_a };
        if let Some(u) = a.val.first_unknown() {
            cx.could_not_check("JC301", a.span, "the task size", u.unknown_reason().unwrap_or("unknown"));
        }
        return;
    };
    let (msp, mused) = origin(mem_a);
    let (csp, _) = origin(cpu_a);
    if !fargate::valid(cpu, mem) {
        let valid = fargate::valid_memory(cpu);
        let msg = if valid.is_empty() {
            format!("cpu {cpu} is not a Fargate size; use 256, 512, 1024, 2048, 4096, 8192 or 16384")
        } else {
            format!(
                "memory {mem} is not valid with cpu {cpu} on Fargate; valid: {}",
                fargate::describe(&valid)
            )
        };
        cx.report("JC301", msp, msg)
            .label(Some(csp), "cpu set here")
            .label(mused, "memory used here")
            .help(match valid.first() {
                Some(v) => format!("use a memory value valid for cpu {cpu}, e.g. {v}"),
                None => "use a valid Fargate cpu value".to_string(),
            });
    }
    // JC304
    let pv = job.ecs.body.val("platform_version").and_then(Val::as_str).map(str::to_string);
    let old_pv = pv.as_deref().is_some_and(|v| v != "LATEST" && version_lt(v, "1.4.0"));
    if (cpu >= 8192 && (windows || old_pv)) || (windows && cpu < 1024) {
        cx.report(
            "JC304",
            csp,
            format!(
                "cpu {cpu} is not available {}",
                if windows {
                    "for Windows on Fargate"
                } else {
                    "on platform versions below 1.4.0"
                }
            ),
        )
        .help("choose a cpu size the platform supports");
    }
    if let Some(es) = td.body.block("ephemeral_storage")
        && let Some(a) = es.body.attr("size_in_gib")
        && a.val.as_f64().is_some_and(|n| !(21.0..=200.0).contains(&n))
    {
        let (sp, used) = origin(a);
        cx.report("JC304", sp, "`ephemeral_storage.size_in_gib` must be 21–200")
            .label(used, "value used here")
            .help("use a size from 21 to 200 GiB");
    }
    // JC305 / JC306
    let containers = match model::containers(td) {
        Ok(c) => c,
        Err(DocError::Invalid(why, sp)) => {
            cx.report("JC004", sp, format!("`container_definitions` is not valid JSON: {why}"))
                .help("fix the JSON at the marked position");
            return;
        }
        Err(DocError::Unknown(why, sp)) => {
            cx.could_not_check("JC305", sp, "the container definitions", &why);
            return;
        }
    };
    let sum = |k: &str| containers.iter().filter_map(|c| c.get(k).and_then(Val::as_f64)).sum::<f64>();
    let cd = td.body.attr("container_definitions").map_or(td.header, |a| a.span);
    let mem_sum = containers
        .iter()
        .filter_map(|c| c.get("memory").or_else(|| c.get("memoryReservation")).and_then(Val::as_f64))
        .sum::<f64>();
    if mem_sum > f64::from(mem) {
        cx.report(
            "JC305",
            cd,
            format!("the containers reserve {mem_sum} MiB, more than the task's {mem} MiB"),
        )
        .label(Some(msp), "task memory set here")
        .help("lower the containers' memory or raise the task's");
    } else if sum("cpu") > f64::from(cpu) {
        cx.report(
            "JC305",
            cd,
            format!("the containers reserve {} cpu units, more than the task's {cpu}", sum("cpu")),
        )
        .label(Some(csp), "task cpu set here")
        .help("lower the containers' cpu or raise the task's");
    }
    let needs_exec = containers.iter().any(|c| {
        c.get("logConfiguration").and_then(|l| l.get("logDriver")).and_then(Val::as_str) == Some("awslogs")
            || c.get("image").and_then(Val::as_str).is_some_and(|i| i.contains(".dkr.ecr."))
            || c.get("secrets").is_some_and(|s| s.as_list().is_some_and(|l| !l.is_empty()))
    });
    if needs_exec && td.body.attr("execution_role_arn").is_none_or(|a| a.val.is_null()) {
        cx.report(
            "JC306",
            td.header,
            "containers use awslogs, private ECR or secrets, but the task has no `execution_role_arn`",
        )
        .help("set `execution_role_arn` to a role with AmazonECSTaskExecutionRolePolicy");
    }
}

fn version_lt(a: &str, b: &str) -> bool {
    let p = |s: &str| s.split('.').map(|x| x.parse::<u32>().unwrap_or(0)).collect::<Vec<_>>();
    p(a) < p(b)
}
