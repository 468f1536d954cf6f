//! JC607 policy-service-wildcard: a role of the job may use a whole service (`s3:*`, `ecs:*`)
//! (aws.md §7). `iam:*` is JC606.

use super::support::job_roles;
use super::{Rule, RuleContext, RuleMeta, meta};
use crate::model::{Job, roles};

pub struct PolicyServiceWildcard;

impl Rule for PolicyServiceWildcard {
    fn meta(&self) -> &'static RuleMeta {
        meta("JC607")
    }

    fn check_job(&self, job: &Job, cx: &mut RuleContext<'_>) {
        let m = cx.model;
        for (role, _, _) in job_roles(job) {
            let name = roles::role_label(m, role);
            for p in roles::role_policies(m, role).iter().flatten().filter(|p| p.managed.is_none()) {
                for s in p.statements.iter().filter(|s| s.allow && !s.not_action) {
                    for a in &s.actions {
                        let Some(t) = a.as_str() else { continue };
                        let Some(service) = t.strip_suffix(":*") else { continue };
                        if service.eq_ignore_ascii_case("iam") || service.contains('*') {
                            continue;
                        }
                        cx.report(a.span.unwrap_or(s.action_span), format!("role `{name}` is allowed every `{service}` action"))
                            .help("list the actions the job needs");
                    }
                }
            }
        }
    }
}
