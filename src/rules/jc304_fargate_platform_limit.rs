//! JC304 fargate-platform-limit: 8/16 vCPU need Linux platform 1.4.0+; Windows needs at least
//! 1 vCPU and cannot use the large sizes; `ephemeral_storage` is 21–200 GiB (aws.md §4.4–4.6).

use super::support::{is_fargate, origin, task_def};
use super::{Rule, RuleContext, RuleMeta};
use crate::aws::fargate;
use crate::model::Job;

pub(crate) struct FargatePlatformLimit;

/// `a < b` for dotted versions (`1.3.0` < `1.4.0`).
fn version_lt(a: &str, b: &str) -> bool {
    let p = |s: &str| s.split('.').map(|x| x.parse::<u32>().unwrap_or(0)).collect::<Vec<_>>();
    p(a) < p(b)
}

impl Rule for FargatePlatformLimit {
    fn meta(&self) -> &'static RuleMeta {
        &crate::catalog::JC304
    }

    fn check_job(&self, job: &Job, cx: &mut RuleContext<'_>) {
        let Some(td) = task_def(cx) else { return };
        if !is_fargate(job, td) {
            return;
        }
        let os = td.body.block("runtime_platform").and_then(|b| b.body.attr("operating_system_family"));
        let windows = os.and_then(|a| a.val.as_str()).is_some_and(|s| s.starts_with("WINDOWS"));
        let pv_attr = job.ecs.body.attr("platform_version");
        let pv = pv_attr.and_then(|a| a.val.as_str());
        let old_pv = pv.is_some_and(|v| v != "LATEST" && version_lt(v, "1.4.0"));
        if let Some(cpu_a) = td.body.attr("cpu")
            && let Some(cpu) = cpu_a.val.to_tf_string().and_then(|s| fargate::cpu_units(&s))
        {
            let (at, used) = origin(cpu_a);
            // The size is fine; what must change is the platform (aws.md §4.4, §4.5): point at
            // the platform version or the OS family, with the size as a label.
            let platform = if cpu >= 8192 && windows {
                os.map(|a| {
                    (
                        origin(a).0,
                        format!("cpu {cpu} is not available for Windows on Fargate (at most 4096)"),
                        "choose a Linux OS family, or cpu 4096 or less",
                    )
                })
            } else if cpu >= 8192 && old_pv {
                pv_attr.map(|a| {
                    (
                        origin(a).0,
                        format!("platform version {} cannot run cpu {cpu} (needs 1.4.0 or later)", pv.unwrap_or("")),
                        "use platform version 1.4.0 or LATEST",
                    )
                })
            } else {
                None
            };
            if let Some((pat, message, help)) = platform {
                let memory = td.body.attr("memory").map(|m| origin(m).0);
                cx.report(pat, message).label(Some(at), format!("cpu {cpu} set here")).label(memory, "memory set here").help(help);
            } else if windows && cpu < 1024 {
                cx.report(at, format!("cpu {cpu} is not available for Windows on Fargate (at least 1024)"))
                    .label(used, "value used here")
                    .help("choose a cpu size the platform supports");
            }
        }
        if let Some(es) = td.body.block("ephemeral_storage") {
            if let Some(a) = es.body.attr("size_in_gib")
                && a.val.as_f64().is_some_and(|n| !(21.0..=200.0).contains(&n))
            {
                let (at, used) = origin(a);
                cx.report(at, "`ephemeral_storage.size_in_gib` must be 21–200")
                    .label(used, "value used here")
                    .help("use a size from 21 to 200 GiB");
            } else if old_pv && let Some(a) = job.ecs.body.attr("platform_version") {
                cx.report(a.span, "`ephemeral_storage` needs Fargate platform version 1.4.0 or later")
                    .help("use platform version 1.4.0 or LATEST");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn versions() {
        assert!(super::version_lt("1.3.0", "1.4.0"));
        assert!(!super::version_lt("1.4.0", "1.4.0"));
        assert!(super::version_lt("1.0", "1.4.0"));
    }
}
