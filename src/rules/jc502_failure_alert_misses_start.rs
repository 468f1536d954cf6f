//! JC502 failure-alert-misses-start: a task that never starts has no exit code, so rules that
//! only test `exitCode` stay silent when the image cannot be pulled or the logs cannot be set
//! up (aws.md §6.4 pattern B).

use super::{Rule, RuleContext, RuleMeta};
use crate::model::Job;
use crate::model::alerts::failure_rules;
use crate::value::Tri;

pub(crate) struct FailureAlertMissesStart;

/// Index of the task-failed-to-start outcome in `alerts::OUTCOMES`.
const START: usize = 2;

impl Rule for FailureAlertMissesStart {
    fn meta(&self) -> &'static RuleMeta {
        &crate::catalog::JC502
    }

    fn check_job(&self, job: &Job, cx: &mut RuleContext<'_>) {
        let rules = failure_rules(cx.model, job);
        let Some((first, _)) = rules.first() else { return };
        if rules.iter().fold(Tri::No, |acc, (_, m)| acc.or(m[START])) == Tri::No {
            cx.report(first.pattern_span, "the failure rule never matches a task that fails to start (no exit code)")
                .help("also match `stopCode = [\"TaskFailedToStart\"]`, e.g. with `$or`");
        }
    }
}
