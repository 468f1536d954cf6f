//! JC207 dead-letter-not-writable: for a rule, the queue policy must let
//! `events.amazonaws.com` send; for Scheduler, the schedule's role needs `sqs:SendMessage`
//! (aws.md §2.4, §3.2).

use super::{Rule, RuleContext, RuleMeta};
use crate::aws::iam::Target;
use crate::model::policy;
use crate::model::{Job, Link, TriggerKind, roles};
use crate::source::Span;
use crate::value::{Reason, Tri, UnknownKind, Value};

pub(crate) struct DeadLetterNotWritable;

impl Rule for DeadLetterNotWritable {
    fn meta(&self) -> &'static RuleMeta {
        &crate::catalog::JC207
    }

    fn check_job(&self, job: &Job, cx: &mut RuleContext<'_>) {
        let m = cx.model;
        let Some(dlc) = job.target_body(m).block("dead_letter_config") else {
            return;
        };
        let q = match &job.dlq {
            Link::Found(q) => *q,
            Link::Unresolved { why, span } => {
                let (why, span) = (why.clone(), *span);
                cx.could_not_check(span, "dead-letter queue", &why);
                return;
            }
            Link::Missing => return,
        };
        let qr = m.res(q);
        let verdict = match job.kind {
            TriggerKind::EventRule => queue_policy_allows_events(cx, q),
            TriggerKind::Scheduler => match job.trigger_role {
                Link::Found(role) => {
                    let target = Target::Other {
                        module: &qr.module,
                        rtype: "aws_sqs_queue",
                        name: &qr.name,
                        res_name: qr.body.val("name").and_then(Value::as_str),
                        service: "sqs",
                    };
                    roles::allows(m, role, "sqs:SendMessage", Some(&target))
                }
                _ => return,
            },
        };
        match verdict {
            Tri::Yes => {}
            Tri::Unknown => cx.could_not_check(
                dlc.header,
                "dead-letter queue policy",
                &Reason::new(UnknownKind::AfterApply, "a policy is known only after apply"),
            ),
            Tri::No if job.kind == TriggerKind::EventRule => {
                cx.report(dlc.header, "the dead-letter queue's policy does not let `events.amazonaws.com` call `sqs:SendMessage`")
                    .label(Some(qr.header), "queue declared here")
                    .help("add an `aws_sqs_queue_policy` allowing events.amazonaws.com sqs:SendMessage on the queue");
            }
            Tri::No => {
                let role = job.trigger_role.found().map(|r| m.res(r).header);
                cx.report(dlc.header, "the scheduler role cannot `sqs:SendMessage` to the dead-letter queue")
                    .label(role, "scheduler role declared here")
                    .label(Some(qr.header), "queue declared here")
                    .help("allow sqs:SendMessage on the queue in the scheduler role's policy");
            }
        }
    }
}

/// Whether the queue's resource policy (inline or `aws_sqs_queue_policy`) lets EventBridge send.
fn queue_policy_allows_events(cx: &RuleContext<'_>, q: usize) -> Tri {
    let m = cx.model;
    let mut docs: Vec<(Value, Span)> = Vec::new();
    if let Some(p) = m.res(q).body.attr("policy") {
        docs.push((p.val.clone(), p.span));
    }
    // A queue policy for a queue we cannot identify might be this queue's.
    let (policies, maybe) = m.resource_policies(q);
    for &qp in policies {
        if let Some(p) = m.res(qp).body.attr("policy") {
            docs.push((p.val.clone(), p.span));
        }
    }
    let verdict = policy::service_may(&docs, "events.amazonaws.com", "sqs:SendMessage");
    if maybe { verdict.or(Tri::Unknown) } else { verdict }
}
