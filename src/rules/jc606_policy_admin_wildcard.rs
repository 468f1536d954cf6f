//! JC606 policy-admin-wildcard: a role of the job may do anything (`*`), anything in IAM
//! (`iam:*`), or has AdministratorAccess, PowerUserAccess or IAMFullAccess attached (aws.md §7).

use super::support::job_roles;
use super::{Rule, RuleContext, RuleMeta, meta};
use crate::aws::iam;
use crate::model::{Job, roles};

pub struct PolicyAdminWildcard;

impl Rule for PolicyAdminWildcard {
    fn meta(&self) -> &'static RuleMeta {
        meta("JC606")
    }

    fn check_job(&self, job: &Job, cx: &mut RuleContext<'_>) {
        let m = cx.model;
        for (role, _, _) in job_roles(job) {
            let name = roles::role_label(m, role);
            for p in roles::role_policies(m, role).iter().flatten() {
                if let Some(arn) = &p.managed {
                    if iam::is_admin_managed(arn) {
                        let policy = arn.rsplit('/').next().unwrap_or(arn);
                        cx.report(p.span, format!("role `{name}` has `{policy}` attached")).help("grant only the actions the job needs");
                    }
                    continue;
                }
                for s in p.statements.iter().filter(|s| s.allow && !s.not_action) {
                    for a in &s.actions {
                        if let Some(t) = a.as_str().filter(|t| *t == "*" || t.eq_ignore_ascii_case("iam:*")) {
                            cx.report(a.span.unwrap_or(s.action_span), format!("role `{name}` is allowed `{t}`"))
                                .help("grant only the actions the job needs");
                        }
                    }
                }
            }
        }
    }
}
