//! JC504 failure-alert-unscoped: a failure rule without `clusterArn`, `group` or
//! `taskDefinitionArn` fires for every task in the account, services included (aws.md §6.4).

use super::{Rule, RuleContext, RuleMeta};
use crate::model::alerts::failure_rules;
use crate::model::{Job, pattern};

pub(crate) struct FailureAlertUnscoped;

impl Rule for FailureAlertUnscoped {
    fn meta(&self) -> &'static RuleMeta {
        &crate::catalog::JC504
    }

    fn check_job(&self, job: &Job, cx: &mut RuleContext<'_>) {
        for (r, _) in failure_rules(cx.model, job) {
            if !pattern::is_scoped(&r.pattern) {
                cx.report(r.pattern_span, "the failure rule is not scoped by cluster, group or task definition: it fires for every task")
                    .help("add `clusterArn`, `group` or a `taskDefinitionArn` prefix under `detail`");
            }
        }
    }
}
