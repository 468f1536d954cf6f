//! The whole pipeline never panics or hangs on arbitrary input: random token soup, and valid
//! configurations with bytes cut out or repeated. Event patterns and policies of any JSON shape
//! are evaluated without panicking.

#![allow(clippy::unwrap_used, clippy::panic, reason = "a test fails loudly on unexpected data")]

use proptest::prelude::*;

const GOOD: &str = include_str!("../testdata/rules/JC201/pass_role/main.tf");

const TOKENS: &[&str] = &[
    "resource \"aws_cloudwatch_event_rule\" \"r\" {\n",
    "resource \"aws_cloudwatch_event_target\" \"t\" {\n",
    "ecs_target {\n",
    "resource \"aws_ecs_task_definition\" \"td\" {\n",
    "module \"m\" {\n source = \"./\"\n",
    "locals {\n",
    "}\n",
    "{",
    "}",
    "[",
    "]",
    "(",
    ")",
    "schedule_expression = ",
    "rule = aws_cloudwatch_event_rule.r.name\n",
    "task_definition_arn = aws_ecs_task_definition.td.arn\n",
    "container_definitions = ",
    "jsonencode(",
    "\"cron(0 3 ? * MON *)\"",
    "\"rate(1 hours)\"",
    "var.x",
    "local.a",
    "local.b",
    "a = local.b\n",
    "b = local.a\n",
    "count = 0\n",
    "for_each = local.a\n",
    "each.key",
    "count.index",
    "<<-EOT\n",
    "EOT\n",
    "\"${",
    "}\"",
    "%{ if true }",
    "%{ endif }",
    "[for x in local.a : x]",
    "\n",
    " = ",
    ", ",
    "\"",
    "#",
    "//",
    "/*",
    "*/",
    "null",
    "true",
    "42",
    "-1",
    "1e999",
    "\"\\u00e9\"",
    "try(",
    "merge(",
    "file(\"../../etc/passwd\")",
    "templatefile(\"x.tpl\", {})",
    "cpu = 256\n",
    "memory = 4096\n",
    "data.aws_iam_policy_document.p.json",
];

fn check_text(files: &[(&str, String)]) {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let opts = jobcheck::Options::default();
    let report = jobcheck::check(dir.path(), &opts).unwrap();
    let mut out = Vec::new();
    jobcheck::report::write(&report, jobcheck::report::Format::Human, jobcheck::Severity::Note, false, &mut out).unwrap();
    jobcheck::report::write(&report, jobcheck::report::Format::Sarif, jobcheck::Severity::Note, false, &mut out).unwrap();
}

fn json_value() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::Bool),
        any::<i32>().prop_map(serde_json::Value::from),
        prop_oneof![
            Just("prefix"),
            Just("numeric"),
            Just("anything-but"),
            Just("exists"),
            Just(">"),
            Just("STOPPED"),
            Just("*"),
            Just("iam:PassRole")
        ]
        .prop_map(|s| serde_json::Value::String(s.to_string())),
    ];
    leaf.prop_recursive(6, 64, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(serde_json::Value::Array),
            prop::collection::vec(
                (
                    prop_oneof![
                        Just("detail"),
                        Just("containers"),
                        Just("exitCode"),
                        Just("$or"),
                        Just("prefix"),
                        Just("numeric"),
                        Just("anything-but"),
                        Just("Statement"),
                        Just("Action"),
                        Just("Resource"),
                        Just("Effect")
                    ],
                    inner
                ),
                0..4
            )
            .prop_map(|kv| serde_json::Value::Object(kv.into_iter().map(|(k, v)| (k.to_string(), v)).collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 150, ..ProptestConfig::default() })]

    #[test]
    fn token_soup(tokens in prop::collection::vec(prop::sample::select(TOKENS), 0..80)) {
        check_text(&[("main.tf", tokens.concat())]);
    }

    #[test]
    fn damaged_configuration(cut in 0usize..GOOD.len(), len in 0usize..400, dup in any::<bool>()) {
        let end = (cut + len).min(GOOD.len());
        let (cut, end) = (GOOD.floor_char_boundary(cut), GOOD.floor_char_boundary(end));
        let text = if dup { format!("{}{}", &GOOD[..end], &GOOD[cut..]) } else { format!("{}{}", &GOOD[..cut], &GOOD[end..]) };
        check_text(&[("main.tf", text)]);
    }

    #[test]
    fn any_pattern_or_policy(pattern in json_value()) {
        let text = serde_json::to_string(&pattern).unwrap();
        let rule = format!(
            "{GOOD}\nresource \"aws_cloudwatch_event_rule\" \"fuzz\" {{\n  event_pattern = <<-JSON\n{text}\nJSON\n}}\nresource \"aws_cloudwatch_event_target\" \"fuzz\" {{\n  rule = aws_cloudwatch_event_rule.fuzz.name\n  arn  = aws_sns_topic.failures.arn\n}}\nresource \"aws_iam_role_policy\" \"fuzz\" {{\n  role   = aws_iam_role.events.id\n  policy = <<-JSON\n{text}\nJSON\n}}\n"
        );
        check_text(&[("main.tf", rule)]);
    }
}
