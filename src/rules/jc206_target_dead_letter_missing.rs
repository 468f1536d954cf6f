//! JC206 target-dead-letter-missing: without a DLQ, a RunTask call that fails (permissions,
//! throttling, bad network settings) is dropped without a trace (aws.md §6.6).

use super::{Rule, RuleContext, RuleMeta};
use crate::model::Job;

pub(crate) struct TargetDeadLetterMissing;

impl Rule for TargetDeadLetterMissing {
    fn meta(&self) -> &'static RuleMeta {
        &crate::catalog::JC206
    }

    fn check_job(&self, job: &Job, cx: &mut RuleContext<'_>) {
        if job.target_body(cx.model).block("dead_letter_config").is_some() {
            return;
        }
        cx.report(job.target_header(cx.model), "the target has no `dead_letter_config`: failed RunTask calls are dropped without a trace")
            .help("add a `dead_letter_config` with an SQS queue");
    }
}
