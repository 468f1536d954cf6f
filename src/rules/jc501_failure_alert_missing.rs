//! JC501 failure-alert-missing: a task that exits non-zero must reach someone. For the job's
//! synthetic events with a container exiting 1 and 137 (aws.md §6.4), some event-pattern rule
//! must match and target an SNS topic. The primary span is the trigger.

use super::{Rule, RuleContext, RuleMeta, meta};
use crate::aws::iam::Tri;
use crate::model::Job;
use crate::model::alerts::{FAILURES, alert_rules};

pub struct FailureAlertMissing;

impl Rule for FailureAlertMissing {
    fn meta(&self) -> &'static RuleMeta {
        meta("JC501")
    }

    fn check_job(&self, job: &Job, cx: &mut RuleContext<'_>) {
        let m = cx.model;
        let unreadable = &alert_rules(m).1;
        let ja = job.alerts(m);
        let header = m.res(job.trigger).header;
        for (k, o) in FAILURES.iter().enumerate() {
            match ja.any(k) {
                Tri::Yes => {}
                // A reusable module (its variables have no values here): the alert may be
                // defined by callers outside the scanned tree.
                Tri::No if m.res(job.trigger).open_root => {
                    cx.could_not_check(header, "failure alert", "the module's callers are not in the scanned tree and may define it");
                    return;
                }
                Tri::No if unreadable.is_empty() => {
                    cx.report(header, format!("no failure alert: {} would not reach an SNS topic", o.describe()))
                        .help("add an event rule matching this job's stopped tasks with a non-zero exit code, targeting SNS");
                    return;
                }
                _ => {
                    let at = unreadable.first().map_or(header, |(_, s)| *s);
                    cx.could_not_check(at, "failure rule pattern", "a pattern value is known only after apply");
                    return;
                }
            }
        }
    }
}
