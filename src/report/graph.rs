//! `jobcheck graph`: each job as a small graph of what the model linked — trigger (schedule,
//! next run), target, cluster, task definition (size, containers, log group), roles, dead-letter
//! queue, failure rules and their SNS topics. A link the model could not follow is a dashed
//! edge to an "unknown" node saying why; a node or edge holding a finding is red and names the
//! rule. Rendered as Mermaid (GitHub draws it in Markdown) or Graphviz DOT.
//!
//! Every label comes from scanned files and is escaped for the output language: Mermaid labels
//! keep only plain characters and write everything else as `#NNN;` entity codes; DOT labels are
//! quoted with `\` and `"` escaped and control characters made visible.

use std::fmt::Write as _;

use super::Report;
use crate::catalog::Severity;
use crate::eval::BodyValue;
use crate::finding::Finding;
use crate::model::JobSummary;
use crate::model::{Job, Link, Model, TriggerKind, alerts};
use crate::source::Span;
use crate::value::Value;

/// Longest line of a label, in characters, before it is cut with `…`.
const MAX_LABEL: usize = 80;
/// Containers named in a task definition's label before "and N more".
const MAX_CONTAINERS: usize = 4;
/// Failure rules drawn per job.
const MAX_ALERTS: usize = 8;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GraphFormat {
    Mermaid,
    Dot,
    Markdown,
}

#[derive(Debug)]
struct Node {
    lines: Vec<String>,
    /// A link that could not be followed.
    unknown: bool,
    /// The resource's extent, for findings inside it.
    extent: Option<Span>,
    rules: Vec<&'static str>,
}

#[derive(Debug)]
struct Edge {
    from: usize,
    to: usize,
    label: &'static str,
    dashed: bool,
    /// The attribute that makes the link, for findings on it.
    span: Option<Span>,
    rules: Vec<&'static str>,
}

#[derive(Debug, Default)]
struct JobGraph {
    title: String,
    nodes: Vec<Node>,
    edges: Vec<Edge>,
}

/// Where a resource is written: its header to the end of the last attribute inside it.
fn extent(header: Span, body: &BodyValue) -> Span {
    fn last(body: &BodyValue, file: crate::source::FileId, end: &mut u32) {
        for a in body.values() {
            if a.span.file == file {
                *end = (*end).max(a.span.end);
            }
        }
        for b in &body.blocks {
            if b.header.file == file {
                *end = (*end).max(b.header.end);
            }
            last(&b.body, file, end);
        }
    }
    let mut end = header.end;
    last(body, header.file, &mut end);
    Span { end, ..header }
}

fn inside(outer: Span, inner: Span) -> bool {
    outer.file == inner.file && outer.start <= inner.start && inner.end <= outer.end
}

fn cut(s: &str) -> String {
    if s.chars().count() <= MAX_LABEL { s.to_string() } else { format!("{}…", s.chars().take(MAX_LABEL - 1).collect::<String>()) }
}

impl JobGraph {
    fn node(&mut self, lines: Vec<String>, extent: Option<Span>) -> usize {
        self.nodes.push(Node { lines: lines.into_iter().map(|l| cut(&l)).collect(), unknown: false, extent, rules: Vec::new() });
        self.nodes.len() - 1
    }

    /// The node `link` leads to (a resource, or an "unknown" node), with an edge from `from`;
    /// nothing when the link is missing.
    fn link(&mut self, m: &Model, from: usize, link: &Link, label: &'static str, what: &str, span: Option<Span>) -> Option<usize> {
        let (to, dashed) = match link {
            Link::Missing => return None,
            Link::Found(i) => {
                let r = m.res(*i);
                let mut lines = vec![what.to_string(), r.address()];
                let name_attr = if &*r.rtype == "aws_ecs_task_definition" { "family" } else { "name" };
                if let Some(n) = r.body.val(name_attr).and_then(Value::as_str) {
                    lines.push(format!("{name_attr}: {n}"));
                }
                (self.node(lines, Some(extent(r.header, &r.body))), false)
            }
            Link::Unresolved { why, .. } => {
                let n = self.node(vec![format!("{what}: unknown"), why.to_string()], None);
                self.nodes[n].unknown = true;
                (n, true)
            }
        };
        self.edges.push(Edge { from, to, label, dashed, span, rules: Vec::new() });
        Some(to)
    }

    /// Marks, for each span of the finding (its own and its labels'), the edges whose
    /// attribute holds it, or else the nodes whose resource holds it.
    fn attribute(&mut self, f: &Finding, address: &str) {
        let mut hit = false;
        for x in std::iter::once(f.span).chain(f.labels.iter().map(|l| l.span)) {
            let mut on_edge = false;
            for e in &mut self.edges {
                if e.span.is_some_and(|s| inside(s, x)) {
                    push_rule(&mut e.rules, f.rule);
                    on_edge = true;
                }
            }
            if !on_edge {
                for n in &mut self.nodes {
                    if n.extent.is_some_and(|s| inside(s, x)) {
                        push_rule(&mut n.rules, f.rule);
                        hit = true;
                    }
                }
            }
            hit |= on_edge;
        }
        // A finding of this job written elsewhere (a tfvars value, a module argument) belongs
        // to the job itself: its trigger.
        if !hit && f.jobs.iter().any(|j| j == address) {
            push_rule(&mut self.nodes[0].rules, f.rule);
        }
    }
}

fn push_rule(rules: &mut Vec<&'static str>, rule: &'static str) {
    if !rules.contains(&rule) {
        rules.push(rule);
    }
}

fn build(m: &Model, job: &Job, sum: &JobSummary, findings: &[&Finding]) -> JobGraph {
    let mut g = JobGraph { title: job.address.clone(), ..JobGraph::default() };
    let trig = m.res(job.trigger);
    let scheduler = job.kind == TriggerKind::Scheduler;
    let mut lines = vec![if scheduler { "Scheduler schedule" } else { "EventBridge rule" }.to_string(), trig.address()];
    lines.push(format!("schedule: {}", sum.schedule.as_deref().unwrap_or("unknown")));
    if scheduler {
        lines.push(format!("time zone: {}", sum.timezone.as_deref().unwrap_or("unknown")));
    }
    lines.push(format!("next run: {}", sum.next_run.as_deref().unwrap_or("unknown")));
    let t = g.node(lines, Some(extent(trig.header, &trig.body)));

    // The body holding `arn`, `role_arn`, `dead_letter_config`: an event target, or the
    // schedule's `target` block.
    let target = if scheduler {
        t
    } else {
        let tr = m.res(job.target);
        let n = g.node(vec!["event target".into(), tr.address()], Some(extent(tr.header, &tr.body)));
        g.edges.push(Edge { from: t, to: n, label: "starts", dashed: false, span: tr.body.attr("rule").map(|a| a.span), rules: vec![] });
        n
    };
    let body = job.target_body(m);
    let attr_span = |b: &BodyValue, k: &str| b.attr(k).map(|a| a.span);
    g.link(m, target, &job.cluster, "in cluster", "ECS cluster", attr_span(body, "arn"));
    let role_what = if scheduler { "scheduler role" } else { "events role" };
    g.link(m, target, &job.trigger_role, "as", role_what, attr_span(body, "role_arn"));
    let dlq_span = body.block("dead_letter_config").and_then(|d| attr_span(&d.body, "arn"));
    g.link(m, target, &job.dlq, "dead letters", "dead-letter queue", dlq_span);
    let td = g.link(m, target, &job.task_def, "runs", "task definition", attr_span(&job.ecs.body, "task_definition_arn"));

    if let (Some(td), Some(i)) = (td, job.task_def.found()) {
        let r = m.res(i);
        let n = &mut g.nodes[td];
        n.lines.push(cut(&format!(
            "cpu/memory: {}/{}",
            sum.cpu.map_or_else(|| "?".into(), |c| c.to_string()),
            sum.memory.map_or_else(|| "?".into(), |c| c.to_string())
        )));
        match crate::model::containers(r) {
            Ok(cs) => {
                let names: Vec<String> =
                    cs.iter().take(MAX_CONTAINERS).map(|c| c.get("name").and_then(Value::as_str).unwrap_or("?").to_string()).collect();
                let more = if cs.len() > MAX_CONTAINERS { format!(" and {} more", cs.len() - MAX_CONTAINERS) } else { String::new() };
                n.lines.push(cut(&format!("containers: {}{more}", names.join(", "))));
            }
            Err(_) => n.lines.push("containers: unknown".into()),
        }
        n.lines.push(cut(&format!("log group: {}", sum.log_group.as_deref().unwrap_or("none or unknown"))));
        g.link(m, td, &job.exec_role, "execution role", "execution role", attr_span(&r.body, "execution_role_arn"));
        g.link(m, td, &job.task_role, "task role", "task role", attr_span(&r.body, "task_role_arn"));
        // Failure alerting: the rules matching this job's failed tasks, and their topics.
        for (rule, _) in alerts::failure_rules(m, job).into_iter().take(MAX_ALERTS) {
            let ar = m.res(rule.rule);
            let fr = g.node(vec!["failure rule".into(), ar.address()], Some(extent(ar.header, &ar.body)));
            g.edges.push(Edge { from: td, to: fr, label: "task fails", dashed: false, span: None, rules: vec![] });
            for &topic in &rule.topics {
                g.link(m, fr, &Link::Found(topic), "notifies", "SNS topic", None);
            }
        }
    }
    for f in findings {
        if f.jobs.is_empty() || f.jobs.contains(&job.address) {
            g.attribute(f, &job.address);
        }
    }
    g
}

/// Mermaid label text: letters, digits and a few safe marks as they are, everything else
/// (quotes, brackets, `<`, `#`, `|`, control and non-ASCII characters) as `#NNN;`.
fn mermaid_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii_alphanumeric() || " .,:/_-*?=+@$()'".contains(c) {
            out.push(c);
        } else {
            let _ = write!(out, "#{};", u32::from(c));
        }
    }
    out
}

/// DOT quoted-string text: `\` and `"` escaped, control and invisible characters shown as
/// `<U+XXXX>` (a DOT string may not hold a raw newline we did not put there).
fn dot_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in super::human::visible(s).chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            c => out.push(c),
        }
    }
    out
}

fn label_lines(n: &Node) -> Vec<String> {
    let mut lines = n.lines.clone();
    if !n.rules.is_empty() {
        lines.push(format!("finding: {}", n.rules.join(", ")));
    }
    lines
}

fn edge_label(e: &Edge) -> String {
    if e.rules.is_empty() { e.label.to_string() } else { format!("{} ({})", e.label, e.rules.join(", ")) }
}

fn mermaid(graphs: &[JobGraph], out: &mut String) {
    out.push_str("flowchart LR\n");
    out.push_str("  classDef finding stroke:#d00,stroke-width:2px,color:#d00\n");
    out.push_str("  classDef unknown stroke-dasharray:4 3,color:#666\n");
    let mut edge_no = 0;
    let mut red = Vec::new();
    for (j, g) in graphs.iter().enumerate() {
        let _ = writeln!(out, "  subgraph j{j}[\"{}\"]", mermaid_text(&g.title));
        out.push_str("    direction LR\n");
        for (k, n) in g.nodes.iter().enumerate() {
            let text: Vec<String> = label_lines(n).iter().map(|l| mermaid_text(l)).collect();
            let _ = writeln!(out, "    j{j}n{k}[\"{}\"]", text.join("<br/>"));
            if !n.rules.is_empty() {
                let _ = writeln!(out, "    class j{j}n{k} finding");
            } else if n.unknown {
                let _ = writeln!(out, "    class j{j}n{k} unknown");
            }
        }
        for e in &g.edges {
            let arrow = if e.dashed { "-.->" } else { "-->" };
            let _ = writeln!(out, "    j{j}n{} {arrow}|\"{}\"| j{j}n{}", e.from, mermaid_text(&edge_label(e)), e.to);
            if !e.rules.is_empty() {
                red.push(edge_no);
            }
            edge_no += 1;
        }
        out.push_str("  end\n");
    }
    if !red.is_empty() {
        let list: Vec<String> = red.iter().map(ToString::to_string).collect();
        let _ = writeln!(out, "  linkStyle {} stroke:#d00,stroke-width:2px,color:#d00", list.join(","));
    }
}

fn dot(graphs: &[JobGraph], out: &mut String) {
    out.push_str("digraph jobs {\n  rankdir=LR;\n  node [shape=box, style=rounded, fontname=\"Helvetica\", fontsize=10];\n");
    out.push_str("  edge [fontname=\"Helvetica\", fontsize=9];\n");
    for (j, g) in graphs.iter().enumerate() {
        let _ = writeln!(out, "  subgraph cluster_j{j} {{\n    label=\"{}\";", dot_text(&g.title));
        for (k, n) in g.nodes.iter().enumerate() {
            let text: Vec<String> = label_lines(n).iter().map(|l| dot_text(l)).collect();
            let mut attrs = format!("label=\"{}\"", text.join("\\n"));
            if !n.rules.is_empty() {
                attrs.push_str(", color=red, fontcolor=red, penwidth=2");
            } else if n.unknown {
                attrs.push_str(", style=\"rounded,dashed\", fontcolor=gray40");
            }
            let _ = writeln!(out, "    j{j}n{k} [{attrs}];");
        }
        for e in &g.edges {
            let mut attrs = format!("label=\"{}\"", dot_text(&edge_label(e)));
            if e.dashed {
                attrs.push_str(", style=dashed");
            }
            if !e.rules.is_empty() {
                attrs.push_str(", color=red, fontcolor=red, penwidth=2");
            }
            let _ = writeln!(out, "    j{j}n{} -> j{j}n{} [{attrs}];", e.from, e.to);
        }
        out.push_str("  }\n");
    }
    out.push_str("}\n");
}

/// The graphs of the report's jobs (or the one at `only`), in `format`.
pub fn render(r: &Report, m: &Model, only: Option<&str>, format: GraphFormat) -> Result<String, String> {
    let shown: Vec<&Finding> = r.findings.iter().filter(|f| f.severity >= Severity::Warning).collect();
    let graphs: Vec<JobGraph> =
        m.jobs.iter().zip(&r.jobs).filter(|(j, _)| only.is_none_or(|a| a == j.address)).map(|(j, s)| build(m, j, s, &shown)).collect();
    if let Some(a) = only
        && graphs.is_empty()
    {
        return Err(format!("no job `{}`; `jobcheck list` shows the job addresses", super::human::visible(a)));
    }
    let mut out = String::new();
    match format {
        GraphFormat::Mermaid => mermaid(&graphs, &mut out),
        GraphFormat::Dot => dot(&graphs, &mut out),
        GraphFormat::Markdown => {
            for g in graphs {
                // The address in a code span: backticks in it would end the span, so they go.
                let _ = writeln!(out, "### `{}`\n", super::human::visible(&g.title).replace('`', "'"));
                out.push_str("```mermaid\n");
                mermaid(std::slice::from_ref(&g), &mut out);
                out.push_str("```\n\n");
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mermaid_labels_cannot_break_out() {
        assert_eq!(mermaid_text("a\"]-->x[\"<img src=x>|#"), "a#34;#93;--#62;x#91;#34;#60;img src=x#62;#124;#35;");
        assert_eq!(mermaid_text("cron(0 3 ? * MON *)"), "cron(0 3 ? * MON *)");
        assert_eq!(mermaid_text("\u{1b}[31m\n"), "#27;#91;31m#10;");
        assert_eq!(mermaid_text("ü"), "#252;");
    }

    #[test]
    fn dot_labels_cannot_break_out() {
        assert_eq!(dot_text("a\"; b -> c [label=\"x"), "a\\\"; b -> c [label=\\\"x");
        assert_eq!(dot_text("\\N\\G"), "\\\\N\\\\G");
        assert_eq!(dot_text("x\ny\u{1b}"), "x<U+000A>y<U+001B>");
    }

    #[test]
    fn long_labels_are_cut() {
        let s = "x".repeat(200);
        assert_eq!(cut(&s).chars().count(), MAX_LABEL);
        assert!(cut(&s).ends_with('…'));
    }
}
