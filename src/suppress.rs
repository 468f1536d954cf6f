//! `# jobcheck:ignore` suppressions (rules.md, "Suppressions and configuration"): read from
//! the comments, applied to the findings; JC005 reports the ones that suppress nothing.

use crate::catalog::{self, RuleMeta};
use crate::finding::Finding;
use crate::load::ast::Body;
use crate::rules::jc005_suppression_unused;
use crate::source::{FileId, SourceMap, Span};

/// One `# jobcheck:ignore ID[, ID] -- reason` comment.
#[derive(Debug, Clone)]
pub(crate) struct Suppression {
    pub comment: Span,
    pub rules: Vec<&'static RuleMeta>,
    /// Unknown rule names written in the comment.
    pub unknown: Vec<String>,
    /// The block or attribute it covers.
    pub region: Span,
    /// The module call it sits on, if any: applies to every finding of that instance.
    pub module: Option<String>,
    pub used: bool,
}

/// Finds the suppression comments of one file.
pub(crate) fn scan(file: FileId, text: &str, body: &Body) -> Vec<Suppression> {
    let mut out = Vec::new();
    let mut offset = 0usize;
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let mut starts = Vec::with_capacity(lines.len());
    for l in &lines {
        starts.push(offset);
        offset += l.len();
    }
    for (i, line) in lines.iter().enumerate() {
        let Some(at) = comment_start(line) else { continue };
        let comment = &line[at..];
        let body_text = comment.trim_start_matches(['#', '/']).trim_start();
        let Some(rest) = body_text.strip_prefix("jobcheck:ignore") else {
            continue;
        };
        let ids = rest.split("--").next().unwrap_or("");
        let mut metas = Vec::new();
        let mut unknown = Vec::new();
        for id in ids.split([',', ' ']).map(str::trim).filter(|s| !s.is_empty()) {
            match catalog::lookup(id) {
                Some(m) => metas.push(m),
                None => unknown.push(id.to_string()),
            }
        }
        let cspan = Span::new(file, starts[i] + at..starts[i] + line.trim_end().len());
        let eol = !line[..at].trim().is_empty();
        let target_line = if eol {
            Some(i)
        } else {
            (i + 1..lines.len()).find(|&j| {
                let t = lines[j].trim();
                !t.is_empty() && !t.starts_with('#') && !t.starts_with("//")
            })
        };
        let (region, module) = match target_line {
            Some(j) => {
                let line_span = Span::new(file, starts[j]..starts[j] + lines[j].len());
                region_at(body, line_span).unwrap_or((line_span, None))
            }
            None => (cspan, None),
        };
        out.push(Suppression { comment: cspan, rules: metas, unknown, region, module, used: false });
    }
    out
}

/// Start of a `#` or `//` comment outside a string on this line.
fn comment_start(line: &str) -> Option<usize> {
    let b = line.as_bytes();
    let mut in_str = false;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\\' if in_str => i += 1,
            b'"' => in_str = !in_str,
            b'#' if !in_str => return Some(i),
            b'/' if !in_str && b.get(i + 1) == Some(&b'/') => return Some(i),
            _ => {}
        }
        i += 1;
    }
    None
}

/// The innermost block or attribute starting on the line.
fn region_at(body: &Body, line: Span) -> Option<(Span, Option<String>)> {
    let on_line = |s: Span| s.start >= line.start && s.start < line.end;
    for b in &body.blocks {
        if b.span.start <= line.start
            && line.start < b.span.end
            && let Some(inner) = region_at(&b.body, line)
        {
            return Some(inner);
        }
        if on_line(b.header) {
            let module = (b.ident == "module").then(|| b.labels.first().map(ToString::to_string)).flatten();
            return Some((b.span, module));
        }
    }
    body.attrs.iter().find(|a| on_line(a.span)).map(|a| (a.span, None))
}

/// Whether a job address belongs to the instance(s) of `module.NAME` called from a root.
fn in_module(job: &str, name: &str) -> bool {
    let p = format!("module.{name}");
    // A job below the scan root reads `services/api:module.a.…`.
    let path = job.split_once(':').filter(|(root, _)| !root.contains('.')).map_or(job, |(_, rest)| rest);
    path.strip_prefix(&p).is_some_and(|rest| rest.starts_with('.') || rest.starts_with('['))
}

/// Removes suppressed findings; reports JC005 for comments that name unknown rules or
/// suppress nothing.
pub(crate) fn apply(mut findings: Vec<Finding>, sups: &mut [Suppression]) -> Vec<Finding> {
    // In place: a scan's findings are not copied.
    findings.retain(|f| {
        let mut hidden = false;
        for s in sups.iter_mut() {
            if !s.rules.iter().any(|m| m.id == f.rule) {
                continue;
            }
            let inside =
                s.region.file == f.span.file && s.region.start <= f.span.start && f.span.start < s.region.end.max(s.region.start + 1);
            let via_module = s.module.as_deref().is_some_and(|n| !f.jobs.is_empty() && f.jobs.iter().all(|j| in_module(j, n)));
            if inside || via_module {
                s.used = true;
                hidden = true;
            }
        }
        !hidden
    });
    findings.extend(sups.iter().filter_map(|s| jc005_suppression_unused::check(s.comment, &s.rules, &s.unknown, s.used)));
    findings
}

/// Suppressions from every parsed `.tf` file.
pub(crate) fn collect(ws: &crate::load::Workspace, sources: &SourceMap) -> Vec<Suppression> {
    let mut out = Vec::new();
    for m in ws.modules.values() {
        for (id, body) in &m.bodies {
            if let Some(f) = sources.get(*id)
                && f.text.contains("jobcheck:ignore")
            {
                out.extend(scan(*id, &f.text, body));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comment_positions() {
        assert_eq!(comment_start("  a = \"#x\" # c"), Some(11));
        assert_eq!(comment_start("// c"), Some(0));
        assert_eq!(comment_start("a = \"x//y\""), None);
    }

    #[test]
    fn regions() {
        let src =
            "# jobcheck:ignore JC206 -- DLQ handled elsewhere\nresource \"a\" \"b\" {\n  x = 1 # jobcheck:ignore schedule-syntax\n}\n";
        let body = crate::load::parse::parse_hcl(FileId(0), src).unwrap_or_default();
        let s = scan(FileId(0), src, &body);
        assert_eq!(s.len(), 2);
        assert_eq!(&src[s[0].region.range()], "resource \"a\" \"b\" {\n  x = 1 # jobcheck:ignore schedule-syntax\n}");
        assert_eq!(s[0].rules[0].id, "JC206");
        assert_eq!(s[1].rules[0].id, "JC101");
        assert_eq!(&src[s[1].region.range()], "x = 1");
    }
}
