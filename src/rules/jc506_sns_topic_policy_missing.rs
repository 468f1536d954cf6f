//! JC506 sns-topic-policy-missing: EventBridge may publish to a topic only when the topic
//! policy allows `events.amazonaws.com` `sns:Publish` (aws.md §6.5); otherwise alerts vanish.

use super::{Rule, RuleContext, RuleMeta, meta};
use crate::aws::iam::{Tri, glob};
use crate::model::Job;
use crate::model::alerts::failure_rules;
use crate::model::policy::{self, DocError};

pub struct SnsTopicPolicyMissing;

impl Rule for SnsTopicPolicyMissing {
    fn meta(&self) -> &'static RuleMeta {
        meta("JC506")
    }

    fn check_job(&self, job: &Job, cx: &mut RuleContext<'_>) {
        let m = cx.model;
        let mut topics: Vec<usize> = failure_rules(m, job).into_iter().flat_map(|(r, _)| r.topics.iter().copied()).collect();
        topics.sort_unstable();
        topics.dedup();
        for t in topics {
            let tr = m.res(t);
            let mut docs = Vec::new();
            if let Some(p) = tr.body.attr("policy") {
                docs.push(p);
            }
            let (policies, maybe) = m.resource_policies(t);
            docs.extend(policies.iter().filter_map(|&p| m.res(p).body.attr("policy")));
            let mut verdict = if maybe { Tri::Unknown } else { Tri::No };
            for p in docs {
                match policy::parse(&p.val, p.span) {
                    Ok(doc) => {
                        for st in doc.statements.iter().filter(|s| s.allow) {
                            let principal = st.principals.iter().any(|(ty, v)| {
                                ty == "*" || v.as_str() == Some("*") || (ty == "Service" && v.as_str() == Some("events.amazonaws.com"))
                            });
                            let action = st.actions.iter().any(|a| a.as_str().is_some_and(|s| glob(s, "sns:Publish")));
                            verdict = verdict.or(Tri::from_bool(principal && action));
                        }
                        if doc.unknown.is_some() {
                            verdict = verdict.or(Tri::Unknown);
                        }
                    }
                    Err(DocError::Unknown(..)) => verdict = verdict.or(Tri::Unknown),
                    Err(DocError::Invalid(..)) => {}
                }
            }
            match verdict {
                Tri::Yes => {}
                Tri::Unknown => cx.could_not_check(tr.header, "topic policy", "it is known only after apply"),
                Tri::No => {
                    cx.report(tr.header, "the alert topic's policy does not let `events.amazonaws.com` publish: alerts are dropped")
                        .help("add an `aws_sns_topic_policy` allowing events.amazonaws.com sns:Publish");
                }
            }
        }
    }
}
