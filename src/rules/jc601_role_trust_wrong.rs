//! JC601 role-trust-wrong: each role must trust the service that assumes it — the events role
//! `events.amazonaws.com`, a Scheduler role `scheduler.amazonaws.com`, the execution and task
//! roles `ecs-tasks.amazonaws.com` (aws.md §7.1). The commonest slip is swapping the first two.

use super::support::{JobRole, job_roles, trigger_role_or_note, trust_policy};
use super::{Rule, RuleContext, RuleMeta};
use crate::model::Job;
use crate::value::Value;

pub(crate) struct RoleTrustWrong;

impl Rule for RoleTrustWrong {
    fn meta(&self) -> &'static RuleMeta {
        &crate::catalog::JC601
    }

    fn check_job(&self, job: &Job, cx: &mut RuleContext<'_>) {
        // The events role's trust cannot be checked when the role cannot be followed.
        let _ = trigger_role_or_note(cx, job);
        for JobRole { role, what, service: want } in job_roles(job) {
            let Some((doc, at)) = trust_policy(cx, role) else { continue };
            let services: Vec<&Value> = doc
                .statements
                .iter()
                .filter(|s| s.allow)
                .flat_map(|s| s.principals.iter().filter(|(t, _)| t == "Service").map(|(_, v)| v))
                .collect();
            if services.iter().any(|v| v.has_unknown() || v.as_str() == Some(want)) || doc.unknown.is_some() {
                continue;
            }
            let first = services.first();
            let got = first.and_then(|v| v.as_str()).unwrap_or("no service");
            let header = cx.model.res(role).header;
            cx.report(first.and_then(|v| v.span).unwrap_or(at), format!("the {what} trusts `{got}`, but it must trust `{want}`"))
                .label(Some(header), format!("{what} declared here"))
                .help(format!("set the trust policy's principal to `{want}`"));
        }
    }
}
