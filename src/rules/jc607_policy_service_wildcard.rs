//! JC607 policy-service-wildcard: a role of the job may use a whole service (`s3:*`, `ecr:*`,
//! or an AWS managed policy that grants one, such as AmazonEC2ContainerRegistryFullAccess).
//! The IAM action catalog tells a whole-service grant from a narrower wildcard (`s3:Get*`)
//! (aws.md §7). Administrator-level grants are JC606.

use super::jc606_policy_admin_wildcard::admin_level;
use super::support::job_roles;
use super::{Rule, RuleContext, RuleMeta};
use crate::aws::actions;
use crate::model::{Job, roles};

pub(crate) struct PolicyServiceWildcard;

/// `` `ecr` ``, `` `ssm`, `ec2messages` `` or `` `a`, `b`, `c` and 4 more ``.
fn services(list: &[String]) -> String {
    let shown: Vec<String> = list.iter().take(3).map(|s| format!("`{s}`")).collect();
    match list.len() {
        n if n > 3 => format!("{} and {} more", shown.join(", "), n - 3),
        _ => shown.join(", "),
    }
}

impl Rule for PolicyServiceWildcard {
    fn meta(&self) -> &'static RuleMeta {
        &crate::catalog::JC607
    }

    fn check_job(&self, job: &Job, cx: &mut RuleContext<'_>) {
        let m = cx.model;
        for role in job_roles(job).into_iter().map(|r| r.role) {
            let name = roles::role_label(m, role);
            for p in roles::role_policies(m, role).iter().flatten() {
                let allowed: Vec<_> = p.statements.iter().filter(|s| s.allow).collect();
                if allowed.iter().any(|s| admin_level(s)) {
                    continue;
                }
                if let Some(arn) = &p.managed {
                    // One finding for the attachment, naming the services it grants in full.
                    let mut whole: Vec<String> = allowed.iter().flat_map(|s| s.whole_services()).collect();
                    whole.sort_unstable();
                    whole.dedup();
                    if !whole.is_empty() {
                        let policy = arn.rsplit('/').next().unwrap_or(arn);
                        cx.report(p.span, format!("`{policy}` allows every {} action", services(&whole)))
                            .label(Some(m.res(role).header), format!("attached to role `{name}`"))
                            .help("attach a policy that lists the actions the job needs");
                    }
                    continue;
                }
                for s in allowed {
                    if s.not_action {
                        let whole = s.whole_services();
                        if !whole.is_empty() {
                            cx.report(s.action_span, format!("role `{name}` is allowed every {} action", services(&whole)))
                                .help("list the actions the job needs");
                        }
                        continue;
                    }
                    for a in &s.actions {
                        let Some(t) = a.as_str() else { continue };
                        let whole = actions::whole_services(&[t], false);
                        if !whole.is_empty() {
                            cx.report(
                                a.span.unwrap_or(s.action_span),
                                format!("role `{name}` is allowed every {} action", services(&whole)),
                            )
                            .help("list the actions the job needs");
                        }
                    }
                }
            }
        }
    }
}
