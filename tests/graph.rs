//! `jobcheck graph`: the example's graph as Mermaid and DOT (snapshots), findings drawn red on
//! the node or edge they are about, `--job`, and labels from hostile names that cannot break
//! out of a Mermaid or DOT string. `.ci/graph` renders the DOT with Graphviz.

#![allow(clippy::unwrap_used, clippy::panic, reason = "a test fails loudly on unexpected data")]

use std::path::Path;
use std::process::Command;

use jobcheck::report::{GraphFormat, graph};

fn now() -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::parse_from_rfc3339("2026-06-01T00:00:00Z").map(|t| t.with_timezone(&chrono::Utc)).unwrap()
}

fn draw(dir: &str, job: Option<&str>, format: GraphFormat) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let opts = jobcheck::Options { now: now(), ..jobcheck::Options::default() };
    let (report, model) = jobcheck::check_model(&root, &opts).unwrap();
    graph(&report, &model, job, format).unwrap()
}

#[test]
fn example_graph_mermaid() {
    insta::assert_snapshot!(draw("testdata/example", None, GraphFormat::Mermaid));
}

#[test]
fn example_graph_dot() {
    insta::assert_snapshot!(draw("testdata/example", None, GraphFormat::Dot));
}

#[test]
fn one_job_as_markdown() {
    let job = "module.hourly_sync.aws_cloudwatch_event_rule.schedule";
    insta::assert_snapshot!(draw("testdata/example", Some(job), GraphFormat::Markdown));
}

#[test]
fn findings_are_red_on_their_node_or_edge() {
    // JC603: the primary span is in a separate policy resource; its labels are the target's
    // `role_arn` (an edge) and the two roles (nodes).
    let g = draw("testdata/rules/JC603/fail_misses_task_role_split_files", None, GraphFormat::Mermaid);
    assert!(g.contains("name: billing-export-events<br/>finding: JC603\"]\n    class j0n3 finding"), "{g}");
    assert!(g.contains("name: billing-export-task<br/>finding: JC603\"]\n    class j0n7 finding"), "{g}");
    assert!(g.contains("j0n1 -->|\"as (JC603)\"| j0n3"), "{g}");
    assert!(g.contains("linkStyle 2 stroke:#d00"), "{g}");
    assert_eq!(g.matches(" finding\n").count(), 2, "{g}");
}

#[test]
fn an_unknown_link_is_a_dashed_edge_to_an_unknown_node() {
    // The events role is a variable with no value.
    let g = draw("testdata/rules/JC002/pass_schedule_from_caller", None, GraphFormat::Dot);
    assert!(g.contains("next run: unknown"), "{g}");
    let d = draw("testdata/rules/JC602/pass_events_role_unknown", None, GraphFormat::Dot);
    assert!(d.contains("events role: unknown\\n"), "{d}");
    assert!(d.contains("[label=\"as\", style=dashed]"), "{d}");
}

/// The text of `s` outside double-quoted strings (`\` escapes a character inside one when
/// `escapes`), and the strings.
fn split_quoted(s: &str, escapes: bool) -> (String, Vec<String>) {
    let (mut outside, mut strings, mut cur) = (String::new(), Vec::new(), None::<String>);
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        match (&mut cur, c) {
            (None, '"') => cur = Some(String::new()),
            (None, c) => outside.push(c),
            (Some(_), '"') => strings.push(cur.take().unwrap()),
            (Some(t), '\\') if escapes => {
                t.push('\\');
                t.extend(chars.next());
            }
            (Some(t), c) => t.push(c),
        }
    }
    assert!(cur.is_none(), "unterminated string");
    (outside, strings)
}

#[test]
fn hostile_names_stay_inside_their_labels() {
    let dir = "testdata/graph/hostile";
    for (format, escapes) in [(GraphFormat::Mermaid, false), (GraphFormat::Dot, true)] {
        let g = draw(dir, None, format);
        let (outside, strings) = split_quoted(&g, escapes);
        for bad in ["evil", "pwn", "img", "ansi", "onerror", "\u{1b}", "\u{7}"] {
            assert!(!outside.contains(bad), "{format:?}: `{bad}` outside a label:\n{outside}");
        }
        assert!(!g.contains('\u{1b}') && !g.contains('\u{7}'), "{format:?}: a control character in the output");
        assert_eq!(g.matches("EventBridge rule").count(), 3, "{format:?}");
        if format == GraphFormat::Mermaid {
            let safe = |c: char| c.is_ascii_alphanumeric() || " .,:/_-*?=+@$()'#;<>".contains(c);
            for s in &strings {
                assert!(s.chars().all(safe), "unsafe Mermaid label {s:?}");
                assert!(s.replace("<br/>", "").chars().all(|c| c != '<' && c != '>'), "HTML in a Mermaid label: {s:?}");
            }
        }
    }
}

#[test]
fn graph_command_selects_a_job_and_names_a_missing_one() {
    let run =
        |args: &[&str]| Command::new(env!("CARGO_BIN_EXE_jobcheck")).args(args).current_dir(env!("CARGO_MANIFEST_DIR")).output().unwrap();
    let out = run(&["graph", "testdata/example", "--job", "aws_scheduler_schedule.job", "--now", "2026-06-01T00:00:00Z"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("flowchart LR\n"));
    assert_eq!(text.matches("subgraph").count(), 1, "{text}");
    assert!(text.contains("time zone: Europe/Berlin"), "{text}");
    let out = run(&["graph", "testdata/example", "--job", "aws_scheduler_schedule.nope"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no job `aws_scheduler_schedule.nope`"));
}
