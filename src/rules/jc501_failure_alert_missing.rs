//! JC501 failure-alert-missing: a task that exits non-zero must reach someone. For the job's
//! synthetic events with a container exiting 1 and 137 (aws.md §6.4), some event-pattern rule
//! must match and target an SNS topic; the rules are taken together (exit 1 in one, 137 in
//! another is fine). The primary span is the trigger. In a reusable module that nothing in the
//! scan calls, the callers add the alert: a warning (rules.md, Roots and modules).

use super::{Rule, RuleContext, RuleMeta};
use crate::catalog::Severity;
use crate::model::Job;
use crate::model::alerts::{FAILURES, alert_rules, unreadable_for};
use crate::value::{Reason, Tri, UnknownKind};

pub(crate) struct FailureAlertMissing;

impl Rule for FailureAlertMissing {
    fn meta(&self) -> &'static RuleMeta {
        &crate::catalog::JC501
    }

    fn check_job(&self, job: &Job, cx: &mut RuleContext<'_>) {
        let m = cx.model;
        let trigger = m.res(job.trigger);
        let unreadable = unreadable_for(m, job);
        let ja = job.alerts(m);
        for (k, o) in FAILURES.iter().enumerate() {
            match ja.any(k) {
                Tri::Yes => {}
                Tri::No if unreadable.is_empty() => {
                    if trigger.open_root && !trigger.deployable {
                        reusable_module(cx, trigger.header);
                    } else {
                        cx.report(trigger.header, format!("no failure alert: {} would not reach an SNS topic", o.describe()))
                            .help("add an event rule matching this job's stopped tasks with a non-zero exit code, targeting SNS");
                    }
                    return;
                }
                Tri::No => {
                    let u = unreadable[0];
                    cx.could_not_check(u.span, "failure rule pattern", &u.why);
                    return;
                }
                Tri::Unknown => {
                    // The rule that could match: point at its unknown leaf.
                    let rule = ja.first_unknown(k).and_then(|i| alert_rules(m).rules.get(i));
                    let leaf = rule.and_then(|r| r.pattern.first_unknown().map(|u| (r, u)));
                    match leaf {
                        Some((r, u)) => {
                            cx.unknown(u, r.pattern_span, "failure rule pattern");
                        }
                        None => cx.could_not_check(
                            rule.map_or(trigger.header, |r| r.pattern_span),
                            "failure rule pattern",
                            &Reason::new(
                                UnknownKind::AfterApply,
                                "the pattern compares a value of the job known only after apply (its account, region or an ARN)",
                            ),
                        ),
                    }
                    return;
                }
            }
        }
    }
}

/// A module whose variables have no values and which nothing in the scan calls: its callers,
/// outside the tree, must add the alert.
fn reusable_module(cx: &mut RuleContext<'_>, header: crate::source::Span) {
    cx.report(header, "no failure alert in this module; callers outside this tree must add one")
        .help("add an event rule for this job's stopped tasks to the module, or document that callers must")
        .severity = Severity::Warning;
}
