//! JC610 trust-confused-deputy: the events/scheduler role's trust policy has no
//! `aws:SourceAccount`/`aws:SourceArn` condition (aws.md §7.1). Advice.

use super::support::{trigger_role_or_note, trust_policy};
use super::{Rule, RuleContext, RuleMeta};
use crate::model::{Job, TriggerKind};

pub(crate) struct TrustConfusedDeputy;

impl Rule for TrustConfusedDeputy {
    fn meta(&self) -> &'static RuleMeta {
        &crate::catalog::JC610
    }

    fn check_job(&self, job: &Job, cx: &mut RuleContext<'_>) {
        let Some(role) = trigger_role_or_note(cx, job) else { return };
        let Some((doc, at)) = trust_policy(cx, role) else { return };
        let has = doc
            .statements
            .iter()
            .flat_map(|s| &s.conditions)
            .any(|c| c.key.eq_ignore_ascii_case("aws:SourceAccount") || c.key.eq_ignore_ascii_case("aws:SourceArn"));
        if !has && doc.unknown.is_none() {
            let what = if job.kind == TriggerKind::Scheduler { "scheduler" } else { "events" };
            cx.report(at, format!("the {what} role's trust policy has no `aws:SourceAccount`/`aws:SourceArn` condition"))
                .help("add a StringEquals aws:SourceAccount condition (confused-deputy protection)");
        }
    }
}
