//! JC506 sns-topic-policy-missing: EventBridge may publish to a topic only when the topic
//! policy allows `events.amazonaws.com` `sns:Publish` (aws.md §6.5); otherwise alerts vanish.

use super::{Rule, RuleContext, RuleMeta};
use crate::model::Job;
use crate::model::alerts::alert_topics;
use crate::model::policy;
use crate::source::Span;
use crate::value::{Reason, Tri, UnknownKind, Value};

pub(crate) struct SnsTopicPolicyMissing;

impl Rule for SnsTopicPolicyMissing {
    fn meta(&self) -> &'static RuleMeta {
        &crate::catalog::JC506
    }

    fn check_job(&self, job: &Job, cx: &mut RuleContext<'_>) {
        let m = cx.model;
        for t in alert_topics(m, job) {
            let tr = m.res(t);
            let mut docs = Vec::new();
            if let Some(p) = tr.body.attr("policy") {
                docs.push(p);
            }
            let (policies, maybe) = m.resource_policies(t);
            docs.extend(policies.iter().filter_map(|&p| m.res(p).body.attr("policy")));
            let docs: Vec<(Value, Span)> = docs.into_iter().map(|a| (a.val.clone(), a.span)).collect();
            let verdict = policy::service_may(&docs, "events.amazonaws.com", "sns:Publish");
            let verdict = if maybe { verdict.or(Tri::Unknown) } else { verdict };
            match verdict {
                Tri::Yes => {}
                Tri::Unknown => {
                    cx.could_not_check(tr.header, "topic policy", &Reason::new(UnknownKind::AfterApply, "it is known only after apply"));
                }
                Tri::No => {
                    cx.report(tr.header, "the alert topic's policy does not let `events.amazonaws.com` publish: alerts are dropped")
                        .help("add an `aws_sns_topic_policy` allowing events.amazonaws.com sns:Publish");
                }
            }
        }
    }
}
