//! JC606 policy-admin-wildcard: a role of the job may do anything (`*`), anything in IAM
//! (`iam:*`, or any wildcard the IAM action catalog says covers all of IAM), every action but
//! a few (an Allow `NotAction`), or has such an AWS managed policy attached —
//! AdministratorAccess, PowerUserAccess, IAMFullAccess, … read from the generated data (aws.md §7).

use super::support::job_roles;
use super::{Rule, RuleContext, RuleMeta};
use crate::aws::actions;
use crate::model::policy::Statement;
use crate::model::{Job, roles};

pub(crate) struct PolicyAdminWildcard;

/// Whether an Allow statement grants administrator-level power: all of IAM, or (a
/// `NotAction`) most services.
pub(crate) fn admin_level(s: &Statement) -> bool {
    let whole = s.whole_services();
    whole.iter().any(|w| w == "iam") || s.not_action && whole.len() * 2 > actions::service_count()
}

impl Rule for PolicyAdminWildcard {
    fn meta(&self) -> &'static RuleMeta {
        &crate::catalog::JC606
    }

    fn check_job(&self, job: &Job, cx: &mut RuleContext<'_>) {
        let m = cx.model;
        for role in job_roles(job).into_iter().map(|r| r.role) {
            let name = roles::role_label(m, role);
            for p in roles::role_policies(m, role).iter().flatten() {
                let admin = p.statements.iter().filter(|s| s.allow && admin_level(s));
                if let Some(arn) = &p.managed {
                    if admin.count() > 0 {
                        let policy = arn.rsplit('/').next().unwrap_or(arn);
                        cx.report(p.span, format!("role `{name}` has `{policy}` attached")).help("grant only the actions the job needs");
                    }
                    continue;
                }
                for s in admin {
                    if s.not_action {
                        let except: Vec<&str> = s.actions.iter().filter_map(|a| a.as_str()).take(3).collect();
                        cx.report(s.action_span, format!("role `{name}` is allowed every action except `{}`", except.join("`, `")))
                            .help("grant only the actions the job needs");
                        continue;
                    }
                    for a in &s.actions {
                        if let Some(t) = a.as_str().filter(|t| actions::whole_services(&[t], false).iter().any(|w| w == "iam")) {
                            cx.report(a.span.unwrap_or(s.action_span), format!("role `{name}` is allowed `{t}`"))
                                .help("grant only the actions the job needs");
                        }
                    }
                }
            }
        }
    }
}
