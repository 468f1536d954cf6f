//! JC004 json-document-invalid: a JSON document written as a string — `container_definitions`,
//! a policy, an event pattern — does not parse, or has an un-rendered `${...}` placeholder read
//! with `file()`. The primary span is the first invalid position. Other rules stay silent on
//! such a document.

use super::{Rule, RuleContext, RuleMeta};
use crate::eval::{AttrValue, ResourceInstance};
use crate::model::policy::{self, DocError};
use crate::model::{Job, Link};

pub(crate) struct JsonDocumentInvalid;

/// An IAM policy variable (`${aws:username}`, `${aws:PrincipalTag/team}`, `${s3:prefix}`) or
/// one of the special characters `${*}`, `${?}`, `${$}`: IAM fills these in, they are meant to
/// stay in the document (aws.md §7).
fn policy_variable(inner: &str) -> bool {
    matches!(inner, "*" | "?" | "$") || inner.split_once(':').is_some_and(|(svc, key)| !svc.is_empty() && !key.is_empty())
}

/// The first `${…}` placeholder left un-rendered in the text: (start, end).
fn placeholder(s: &str, is_policy: bool) -> Option<(usize, usize)> {
    let mut from = 0;
    while let Some(i) = s[from..].find("${") {
        let at = from + i;
        let end = s[at..].find('}').map_or(s.len(), |e| at + e + 1);
        let inner = s.get(at + 2..end.saturating_sub(1)).unwrap_or("");
        if !(is_policy && end <= s.len() && s[..end].ends_with('}') && policy_variable(inner)) {
            return Some((at, end));
        }
        from = end;
    }
    None
}

fn check(cx: &mut RuleContext<'_>, what: &str, a: &AttrValue) {
    if let Err(DocError::Invalid(why, at)) = policy::document(&a.val, a.span) {
        cx.report(at, format!("{what} is not valid JSON: {why}")).help("fix the JSON at the marked position");
        return;
    }
    // Text read with `file()` is not a template: a `${…}` left in it reaches AWS as is.
    let is_policy = what != "`container_definitions`";
    if let Some(s) = a.val.as_str()
        && let Some((at, end)) = placeholder(s, is_policy)
    {
        let span = a.val.sub_span(at, end).unwrap_or(a.span);
        cx.report(span, format!("{what} has an un-rendered placeholder `{}`", &s[at..end]))
            .help("render it with `templatefile()` (or `data \"template_file\"`) instead of `file()`");
    }
}

fn role_docs<'a>(cx: &RuleContext<'a>, role: usize) -> Vec<(&'static str, &'a AttrValue)> {
    let m = cx.model;
    let r: &'a ResourceInstance = m.res(role);
    let mut out = Vec::new();
    if let Some(a) = r.body.attr("assume_role_policy") {
        out.push(("`assume_role_policy`", a));
    }
    for b in r.body.blocks("inline_policy") {
        if let Some(a) = b.body.attr("policy") {
            out.push(("an inline policy", a));
        }
    }
    for &p in m.role_policy_resources(role) {
        if let Some(a) = m.res(p).body.attr("policy") {
            out.push(("the role policy", a));
        }
    }
    // Customer-managed policies attached in any form (`aws_iam_role_policy_attachment`,
    // `aws_iam_policy_attachment`, `managed_policy_arns`, the exclusive attachments).
    for &p in m.attached_policy_resources(role) {
        if let Some(a) = m.res(p).body.attr("policy") {
            out.push(("the attached policy", a));
        }
    }
    out
}

impl Rule for JsonDocumentInvalid {
    fn meta(&self) -> &'static RuleMeta {
        &crate::catalog::JC004
    }

    fn check_job(&self, job: &Job, cx: &mut RuleContext<'_>) {
        let m = cx.model;
        if let Link::Found(t) = job.task_def
            && let Some(a) = m.res(t).body.attr("container_definitions")
        {
            check(cx, "`container_definitions`", a);
        }
        for link in [&job.trigger_role, &job.exec_role, &job.task_role] {
            if let Link::Found(r) = link {
                for (what, a) in role_docs(cx, *r) {
                    check(cx, what, a);
                }
            }
        }
        if let Link::Found(q) = job.dlq {
            for &qp in m.resource_policies(q).0 {
                if let Some(a) = m.res(qp).body.attr("policy") {
                    check(cx, "the queue policy", a);
                }
            }
        }
    }

    /// Event patterns belong to no job: each is checked once.
    fn check_model(&self, cx: &mut RuleContext<'_>) {
        let m = cx.model;
        for (_, r) in m.of_type("aws_cloudwatch_event_rule") {
            if let Some(a) = r.body.attr("event_pattern")
                && a.val.as_str().is_some_and(|s| s.contains("ECS Task State Change") || s.contains("aws.ecs"))
                && let Err(DocError::Invalid(why, at)) = policy::document(&a.val, a.span)
            {
                cx.report(at, format!("`event_pattern` is not valid JSON: {why}")).help("fix the JSON at the marked position");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::placeholder;

    #[test]
    fn policy_variables_are_not_placeholders() {
        let doc = r#"{"Resource": "arn:aws:s3:::b/${aws:username}/${aws:PrincipalTag/team}/${*}${?}${$}/${s3:prefix}"}"#;
        assert_eq!(placeholder(doc, true), None);
        let with = r#"{"Resource": "arn:aws:s3:::${aws:username}/${bucket}"}"#;
        assert_eq!(placeholder(with, true).map(|(a, b)| &with[a..b]), Some("${bucket}"));
        // In container definitions there are no IAM variables.
        assert_eq!(placeholder(r#"{"image": "${aws:x}"}"#, false), Some((11, 19)));
        assert_eq!(placeholder("${unclosed", true), Some((0, 10)));
    }
}
