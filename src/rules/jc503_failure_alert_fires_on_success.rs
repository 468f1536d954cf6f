//! JC503 failure-alert-fires-on-success: the failure rule also matches a run whose containers
//! all exit 0 — the AWS tutorial's `stoppedReason` pattern does (aws.md §6.4 anti-patterns).

use super::{Rule, RuleContext, RuleMeta};
use crate::model::Job;
use crate::model::alerts::failure_rules;
use crate::value::Tri;

pub(crate) struct FailureAlertFiresOnSuccess;

/// Index of the all-containers-exit-0 outcome in `alerts::OUTCOMES`.
const SUCCESS: usize = 3;

impl Rule for FailureAlertFiresOnSuccess {
    fn meta(&self) -> &'static RuleMeta {
        &crate::catalog::JC503
    }

    fn check_job(&self, job: &Job, cx: &mut RuleContext<'_>) {
        for (r, m) in failure_rules(cx.model, job) {
            if m[SUCCESS] == Tri::Yes {
                cx.report(r.pattern_span, "the failure rule also matches a task whose containers all exit 0")
                    .help("match non-zero exit codes, e.g. `exitCode = [{ numeric = [\">\", 0] }]`");
            }
        }
    }
}
