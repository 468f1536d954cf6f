//! What the job model reads, so that evaluation builds only that (issue 16: cost follows the
//! jobs). [`DEMAND`] answers evaluation's two questions ([`crate::eval::Demand`]):
//!
//! - [`root_can_hold_jobs`]: whether a root module, or a module it calls, declares a
//!   [`TRIGGERS`] resource. One that does not has no job and nothing a model-wide rule reads;
//!   references, names and ARNs resolve within one root, so no job elsewhere links into it.
//!   Such a root is not evaluated at all.
//! - [`reads_body`]: whether the model or a rule reads the evaluated body of a resource type.
//!   Every resource and data block of an evaluated root is still instantiated (its address and
//!   `count`/`for_each` keys, so that a reference finds it exactly as before), but only the
//!   types listed in [`READS`] have their bodies evaluated eagerly; an expression referring to
//!   any other resource evaluates the attribute it names, on demand and memoised.
//!
//! A rule that starts reading another resource type's body must list the type in [`READS`]
//! (a unit test below checks that every type named in `src/model`, `src/rules` and
//! `src/report` is listed).

use crate::eval::Demand;
use crate::load::Workspace;

/// The resource types a job or a model-wide rule starts from: event rules (jobs, JC204, JC004,
/// alert rules), their targets, and Scheduler schedules. The pre-scan looks for the same.
pub(crate) use crate::load::prescan::TRIGGERS;

/// Every resource type whose evaluated body the job model, a rule or a report reads: the
/// triggers, what a job links to (task definition, cluster, roles, dead-letter queue, log
/// groups), IAM policies and their attachments, and the alert path (SNS topics, their
/// policies and KMS keys, queue policies).
pub(crate) const READS: [&str; 17] = [
    "aws_cloudwatch_event_rule",
    "aws_cloudwatch_event_target",
    "aws_scheduler_schedule",
    "aws_ecs_task_definition",
    "aws_ecs_cluster",
    "aws_iam_role",
    "aws_iam_role_policy",
    "aws_iam_policy",
    "aws_iam_role_policy_attachment",
    "aws_iam_policy_attachment",
    "aws_iam_role_policy_attachments_exclusive",
    "aws_cloudwatch_log_group",
    "aws_sqs_queue",
    "aws_sqs_queue_policy",
    "aws_sns_topic",
    "aws_sns_topic_policy",
    "aws_kms_key",
];

/// What evaluation builds for the job model: [`crate::eval::evaluate`] asks it.
pub(crate) const DEMAND: Demand = Demand { root: root_can_hold_jobs, body: reads_body };

/// Whether the body of a resource of `rtype` (`data.<type>` for data sources) is read by the
/// model. Data sources never are: expressions read them through their attributes.
pub(crate) fn reads_body(rtype: &str) -> bool {
    READS.contains(&rtype)
}

/// Whether root `root` or a module it calls declares a resource of a [`TRIGGERS`] type.
pub(crate) fn root_can_hold_jobs(ws: &Workspace, root: &str) -> bool {
    ws.closure(root).iter().filter_map(|d| ws.module(d)).any(|m| {
        m.bodies.iter().flat_map(|(_, b)| b.blocks("resource")).any(|b| b.labels.first().is_some_and(|t| TRIGGERS.contains(&t.as_str())))
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "test set-up")]
    use std::collections::BTreeSet;

    use super::*;

    /// Every resource type the model, the rules and the reports name is listed in [`READS`]:
    /// a body left unevaluated would silently read as empty.
    #[test]
    fn every_type_the_model_names_is_read() {
        let base = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files = Vec::new();
        let mut stack: Vec<std::path::PathBuf> = ["model", "rules", "report"].iter().map(|d| base.join(d)).collect();
        while let Some(d) = stack.pop() {
            for e in std::fs::read_dir(&d).unwrap().flatten() {
                let p = e.path();
                if p.is_dir() {
                    stack.push(p);
                } else if p.extension().is_some_and(|x| x == "rs") && !p.ends_with("demand.rs") {
                    files.push(p);
                }
            }
        }
        let mut named = BTreeSet::new();
        for f in files {
            let text = std::fs::read_to_string(&f).unwrap();
            for (at, _) in text.match_indices("\"aws_") {
                let rest = &text[at + 1..];
                let end = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(rest.len());
                if rest[end..].starts_with('"') {
                    named.insert(rest[..end].to_string());
                }
            }
        }
        assert!(named.len() > 10, "{named:?}");
        let missing: Vec<&String> = named.iter().filter(|t| !reads_body(t)).collect();
        assert!(missing.is_empty(), "types the model names but evaluation would not build: {missing:?}");
    }

    #[test]
    fn triggers_are_read() {
        assert!(TRIGGERS.iter().all(|t| reads_body(t)));
        assert!(!reads_body("aws_s3_bucket"));
        assert!(!reads_body("data.aws_iam_policy_document"));
    }
}
