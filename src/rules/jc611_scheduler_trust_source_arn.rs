//! JC611 scheduler-trust-source-arn: Scheduler sets `aws:SourceArn` to the schedule *group*;
//! a condition naming a schedule never matches and the role cannot be assumed (aws.md §7.1).

use super::support::{trigger_role_or_note, trust_policy};
use super::{Rule, RuleContext, RuleMeta};
use crate::model::{Job, TriggerKind};

pub(crate) struct SchedulerTrustSourceArn;

impl Rule for SchedulerTrustSourceArn {
    fn meta(&self) -> &'static RuleMeta {
        &crate::catalog::JC611
    }

    fn check_job(&self, job: &Job, cx: &mut RuleContext<'_>) {
        if job.kind != TriggerKind::Scheduler {
            return;
        }
        let Some(role) = trigger_role_or_note(cx, job) else { return };
        let Some((doc, at)) = trust_policy(cx, role) else { return };
        for c in doc.statements.iter().flat_map(|s| &s.conditions) {
            if !c.key.eq_ignore_ascii_case("aws:SourceArn") {
                continue;
            }
            for v in c.values.iter().filter(|v| v.as_str().is_some_and(|s| s.contains(":schedule/"))) {
                cx.report(v.span.unwrap_or(at), "`aws:SourceArn` names a schedule; Scheduler supplies the schedule group ARN")
                    .help("use `arn:aws:scheduler:<region>:<account>:schedule-group/<group>`");
            }
        }
    }
}
