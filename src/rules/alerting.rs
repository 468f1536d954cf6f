//! JC501–JC507: a job's failures must reach someone, through an EventBridge rule and SNS.

use super::RuleContext;
use crate::aws::events::{Outcome, task_stopped};
use crate::aws::iam::{Tri, glob};
use crate::eval::{RefVal, V, Val};
use crate::model::{self, Link, pattern, policy};

struct AlertRule {
    rule: usize,
    pattern: Val,
    pattern_span: crate::source::Span,
    topics: Vec<usize>,
}

fn ref_val(m: &model::Model, i: usize, attr: &str) -> Val {
    let r = m.res(i);
    Val::new(
        V::Ref(std::sync::Arc::new(RefVal {
            module: r.module.clone(),
            rtype: r.rtype.clone(),
            name: r.name.clone(),
            key: r.key.clone(),
            attr: attr.into(),
            known: None,
        })),
        None,
    )
}

pub fn check(cx: &mut RuleContext<'_>) {
    let m = cx.model;
    let job = cx.job;
    // The job's synthetic events (aws.md §6.1).
    let cluster = match job.cluster {
        Link::Found(c) => ref_val(m, c, "arn"),
        _ => job
            .target_body(m)
            .val("arn")
            .cloned()
            .unwrap_or_else(|| Val::unknown("the cluster", None)),
    };
    let (group, task_def, names) = match job.task_def {
        Link::Found(t) => {
            let td = m.res(t);
            let fam = td.body.val("family").and_then(Val::as_str).map(str::to_string);
            let group = match job.ecs.body.val("group") {
                Some(g) if !g.is_null() => g.clone(),
                _ => fam.map_or_else(|| Val::unknown("the task family", None), |f| Val::str(format!("family:{f}"), None)),
            };
            let arn = Val::new(
                V::Sym(std::sync::Arc::new(vec![
                    ref_val(m, t, "arn_without_revision"),
                    Val::str(":1", None),
                ])),
                None,
            );
            let names = model::containers(td)
                .unwrap_or_default()
                .iter()
                .filter_map(|c| c.get("name").and_then(Val::as_str).map(str::to_string))
                .collect::<Vec<_>>();
            (group, arn, names)
        }
        _ => (
            Val::unknown("the task family", None),
            Val::unknown("the task definition", None),
            Vec::new(),
        ),
    };
    let ev = |o: Outcome| task_stopped(o, cluster.clone(), group.clone(), task_def.clone(), &names);

    // Every event-pattern rule on the default bus that targets an SNS topic.
    let mut rules = Vec::new();
    for (ri, r) in m.of_type("aws_cloudwatch_event_rule") {
        let Some(pa) = r.body.attr("event_pattern") else {
            continue;
        };
        if r.body.val("event_bus_name").and_then(Val::as_str).is_some_and(|b| b != "default") {
            continue;
        }
        let topics: Vec<usize> = m
            .of_type("aws_cloudwatch_event_target")
            .filter(|(_, t)| t.body.val("rule").is_some_and(|v| m.refers_to(v, ri)))
            .filter_map(|(_, t)| m.link(t.body.attr("arn"), "aws_sns_topic", t).found())
            .collect();
        if topics.is_empty() {
            continue;
        }
        match policy::document(&pa.val, pa.span) {
            Ok(p) => rules.push(AlertRule {
                rule: ri,
                pattern: p,
                pattern_span: pa.span,
                topics,
            }),
            Err(policy::DocError::Invalid(why, sp)) => {
                cx.report("JC004", sp, format!("`event_pattern` is not valid JSON: {why}"))
                    .help("fix the JSON at the marked position");
            }
            Err(policy::DocError::Unknown(why, sp)) => cx.could_not_check("JC501", sp, "an event pattern", &why),
        }
    }
    let failures = [Outcome::Exit(1), Outcome::Exit(137)];
    let results: Vec<Vec<Tri>> = rules
        .iter()
        .map(|r| failures.iter().map(|o| pattern::matches(&r.pattern, &ev(*o))).collect())
        .collect();
    // JC501
    let trig = m.res(job.trigger);
    for (k, o) in failures.iter().enumerate() {
        let any = results.iter().fold(Tri::No, |a, r| a.or(r[k]));
        match any {
            Tri::Yes => {}
            Tri::Unknown => {
                cx.could_not_check(
                    "JC501",
                    trig.header,
                    "whether a failure rule matches",
                    "a pattern value is known only after apply",
                );
                break;
            }
            Tri::No => {
                cx.report(
                    "JC501",
                    trig.header,
                    format!("no failure alert: {} would not reach an SNS topic", o.describe()),
                )
                .help("add an event rule matching this job's stopped tasks with a non-zero exit code, targeting SNS");
                break;
            }
        }
    }
    // The job's failure rules: those matching some failure event.
    let mine: Vec<&AlertRule> = rules
        .iter()
        .zip(&results)
        .filter(|(_, r)| r.contains(&Tri::Yes))
        .map(|(a, _)| a)
        .collect();
    if !mine.is_empty() {
        let start = mine
            .iter()
            .fold(Tri::No, |a, r| a.or(pattern::matches(&r.pattern, &ev(Outcome::FailedToStart))));
        if start == Tri::No {
            cx.report(
                "JC502",
                mine[0].pattern_span,
                "the failure rule never matches a task that fails to start (no exit code)",
            )
            .help("also match `stopCode = [\"TaskFailedToStart\"]`, e.g. with `$or`");
        }
    }
    for r in &mine {
        if pattern::matches(&r.pattern, &ev(Outcome::Success)) == Tri::Yes {
            cx.report(
                "JC503",
                r.pattern_span,
                "the failure rule also matches a task whose containers all exit 0",
            )
            .help("match non-zero exit codes, e.g. `exitCode = [{ numeric = [\">\", 0] }]`");
        }
        if !pattern::is_scoped(&r.pattern) {
            cx.report(
                "JC504",
                r.pattern_span,
                "the failure rule is not scoped by cluster, group or task definition: it fires for every task",
            )
            .help("add `clusterArn`, `group` or a `taskDefinitionArn` prefix under `detail`");
        }
    }
    // JC505, on any rule that is about ECS task state.
    for r in &rules {
        for v in pattern::exit_code_values(&r.pattern) {
            if v.items().iter().any(|x| matches!(x.kind, V::Str(_))) {
                cx.report(
                    "JC505",
                    v.span.unwrap_or(r.pattern_span),
                    "`exitCode` is matched against strings, which never equal the numeric exit code",
                )
                .help("use numbers or `numeric`: `exitCode = [{ numeric = [\">\", 0] }]`");
            }
        }
    }
    // JC506 / JC507 on the topics of the job's failure rules.
    let mut seen = Vec::new();
    for r in &mine {
        let _ = r.rule;
        for &t in &r.topics {
            if seen.contains(&t) {
                continue;
            }
            seen.push(t);
            topic(cx, t);
        }
    }
}

fn topic(cx: &mut RuleContext<'_>, t: usize) {
    let m = cx.model;
    let tr = m.res(t);
    let mut policies = Vec::new();
    if let Some(p) = tr.body.attr("policy") {
        policies.push(p.clone());
    }
    for (_, tp) in m.of_type("aws_sns_topic_policy") {
        if tp.body.val("arn").is_some_and(|v| m.refers_to(v, t))
            && let Some(p) = tp.body.attr("policy")
        {
            policies.push(p.clone());
        }
    }
    let mut verdict = Tri::No;
    for p in &policies {
        match policy::parse(&p.val, p.span) {
            Ok(doc) => {
                for st in doc.statements.iter().filter(|s| s.allow) {
                    let principal = st.principals.iter().any(|(ty, v)| {
                        ty == "*" || v.as_str() == Some("*") || (ty == "Service" && v.as_str() == Some("events.amazonaws.com"))
                    });
                    let action = st.actions.iter().any(|a| a.as_str().is_some_and(|s| glob(s, "sns:Publish")));
                    if principal && action {
                        verdict = Tri::Yes;
                    }
                }
            }
            Err(_) => verdict = verdict.or(Tri::Unknown),
        }
    }
    match verdict {
        Tri::Yes => {}
        Tri::Unknown => cx.could_not_check("JC506", tr.header, "the topic policy", "it is known only after apply"),
        Tri::No => {
            cx.report(
                "JC506",
                tr.header,
                "the alert topic's policy does not let `events.amazonaws.com` publish: alerts are dropped",
            )
            .help("add an `aws_sns_topic_policy` allowing events.amazonaws.com sns:Publish");
        }
    }
    if let Some(k) = tr.body.attr("kms_master_key_id") {
        let (sp, used) = super::schedule::origin(k);
        if k.val.as_str().is_some_and(|s| s.ends_with("alias/aws/sns")) {
            cx.report(
                "JC507",
                sp,
                "the alert topic uses the AWS managed key `alias/aws/sns`, which EventBridge cannot use",
            )
            .label(used, "value used here")
            .help("use a customer managed KMS key whose policy lets events.amazonaws.com use it");
        } else if let Link::Found(key) = m.link(Some(k), "aws_kms_key", tr) {
            let kr = m.res(key);
            let ok = kr.body.attr("policy").map_or(Tri::No, |p| match policy::parse(&p.val, p.span) {
                Ok(doc) => Tri::from_bool(doc.statements.iter().any(|s| {
                    s.allow
                        && s.principals
                            .iter()
                            .any(|(ty, v)| ty == "Service" && v.as_str() == Some("events.amazonaws.com"))
                        && s.actions
                            .iter()
                            .any(|a| a.as_str().is_some_and(|x| glob(x, "kms:GenerateDataKey") || glob(x, "kms:Decrypt")))
                })),
                Err(_) => Tri::Unknown,
            });
            if ok == Tri::No {
                cx.report(
                    "JC507",
                    sp,
                    "the alert topic's KMS key policy does not let `events.amazonaws.com` use the key",
                )
                .label(Some(kr.header), "key declared here")
                .label(used, "value used here")
                .help("allow events.amazonaws.com kms:GenerateDataKey* and kms:Decrypt in the key policy");
            }
        }
    }
}
