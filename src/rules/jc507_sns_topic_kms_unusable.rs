//! JC507 sns-topic-kms-unusable: EventBridge cannot use the AWS managed key `alias/aws/sns`,
//! and a customer key must let `events.amazonaws.com` use it (aws.md §6.5).

use super::support::origin;
use super::{Rule, RuleContext, RuleMeta};
use crate::aws::iam::glob;
use crate::model::alerts::alert_topics;
use crate::model::policy;
use crate::model::{Job, Link};
use crate::value::Tri;

pub(crate) struct SnsTopicKmsUnusable;

impl Rule for SnsTopicKmsUnusable {
    fn meta(&self) -> &'static RuleMeta {
        &crate::catalog::JC507
    }

    fn check_job(&self, job: &Job, cx: &mut RuleContext<'_>) {
        let m = cx.model;
        for t in alert_topics(m, job) {
            let tr = m.res(t);
            let Some(k) = tr.body.attr("kms_master_key_id") else { continue };
            let (at, used) = origin(k);
            if k.val.as_str().is_some_and(|s| s.ends_with("alias/aws/sns")) {
                cx.report(at, "the alert topic uses the AWS managed key `alias/aws/sns`, which EventBridge cannot use")
                    .label(used, "value used here")
                    .help("use a customer managed KMS key whose policy lets events.amazonaws.com use it");
                continue;
            }
            let Link::Found(key) = m.link(Some(k), "aws_kms_key", tr) else {
                continue;
            };
            let kr = m.res(key);
            // A key without `policy` has the default key policy: the account root only.
            let ok = kr.body.attr("policy").map_or(Tri::No, |p| match policy::parse(&p.val, p.span) {
                Ok(doc) => Tri::from_bool(doc.statements.iter().any(|s| {
                    s.allow
                        && s.principals.iter().any(|(ty, v)| ty == "Service" && v.as_str() == Some("events.amazonaws.com"))
                        && s.actions.iter().any(|a| a.as_str().is_some_and(|x| glob(x, "kms:GenerateDataKey") || glob(x, "kms:Decrypt")))
                })),
                Err(_) => Tri::Unknown,
            });
            if ok == Tri::No {
                cx.report(at, "the alert topic's KMS key policy does not let `events.amazonaws.com` use the key")
                    .label(Some(kr.header), "key declared here")
                    .label(used, "value used here")
                    .help("allow events.amazonaws.com kms:GenerateDataKey* and kms:Decrypt in the key policy");
            }
        }
    }
}
