//! JC304 fargate-platform-limit: 8/16 vCPU need Linux platform 1.4.0+; Windows needs at least
//! 1 vCPU and cannot use the large sizes; `ephemeral_storage` is 21–200 GiB (aws.md §4.4–4.6).

use super::support::{is_fargate, origin, task_def};
use super::{Rule, RuleContext, RuleMeta, meta};
use crate::aws::fargate;
use crate::eval::Val;
use crate::model::Job;

pub struct FargatePlatformLimit;

/// `a < b` for dotted versions (`1.3.0` < `1.4.0`).
fn version_lt(a: &str, b: &str) -> bool {
    let p = |s: &str| s.split('.').map(|x| x.parse::<u32>().unwrap_or(0)).collect::<Vec<_>>();
    p(a) < p(b)
}

impl Rule for FargatePlatformLimit {
    fn meta(&self) -> &'static RuleMeta {
        meta("JC304")
    }

    fn check_job(&self, job: &Job, cx: &mut RuleContext<'_>) {
        let Some(td) = task_def(cx) else { return };
        if !is_fargate(job, td) {
            return;
        }
        let windows = td
            .body
            .block("runtime_platform")
            .and_then(|b| b.body.val("operating_system_family"))
            .and_then(Val::as_str)
            .is_some_and(|s| s.starts_with("WINDOWS"));
        let pv = job.ecs.body.val("platform_version").and_then(Val::as_str);
        let old_pv = pv.is_some_and(|v| v != "LATEST" && version_lt(v, "1.4.0"));
        if let Some(cpu_a) = td.body.attr("cpu")
            && let Some(cpu) = cpu_a.val.to_tf_string().and_then(|s| fargate::cpu_units(&s))
        {
            let (at, used) = origin(cpu_a);
            let why = if windows && cpu < 1024 {
                Some("for Windows on Fargate (at least 1024)")
            } else if cpu >= 8192 && windows {
                Some("for Windows on Fargate (at most 4096)")
            } else if cpu >= 8192 && old_pv {
                Some("on platform versions below 1.4.0")
            } else {
                None
            };
            if let Some(why) = why {
                cx.report(at, format!("cpu {cpu} is not available {why}"))
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
