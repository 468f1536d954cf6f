//! Human output through miette: the primary span and same-file labels in one snippet,
//! labels in other files as related diagnostics, then a summary line.

use std::fmt;
use std::fmt::Write as _;
use std::io::Write;

use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, SourceSpan};

use crate::source::{Indexed, Span};
use crate::{Finding, Report, Severity};

/// Lines longer than this are not drawn (miette panics past column 65 535).
const MAX_LINE: usize = 2_000;

struct Diag<'r> {
    message: String,
    code: String,
    severity: miette::Severity,
    help: Option<String>,
    src: Option<Indexed<'r>>,
    labels: Vec<LabeledSpan>,
    related: Vec<Diag<'r>>,
}

impl fmt::Debug for Diag<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Display for Diag<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}
impl std::error::Error for Diag<'_> {}

impl Diagnostic for Diag<'_> {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(&self.code))
    }
    fn severity(&self) -> Option<miette::Severity> {
        Some(self.severity)
    }
    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help.as_ref().map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.src.as_ref().map(|s| s as &dyn miette::SourceCode)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        self.src.as_ref()?;
        Some(Box::new(self.labels.iter().cloned()))
    }
    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn Diagnostic> + 'a>> {
        Some(Box::new(self.related.iter().map(|d| d as &dyn Diagnostic)))
    }
}

fn drawable(r: &Report, span: Span) -> bool {
    let Some(f) = r.sources.get(span.file) else {
        return false;
    };
    let (line, _) = f.line_col(span.start as usize);
    let start = f.line_start(line - 1);
    let end = f.line_start(line).min(f.text.len());
    end - start <= MAX_LINE && (span.end - span.start) as usize <= 64 * 1024
}

/// Labels within a few lines of the primary span share its snippet; others get their own.
fn near(r: &Report, a: Span, b: Span) -> bool {
    let (pa, pb) = (r.sources.position(a), r.sources.position(b));
    pa.line.abs_diff(pb.line) <= 8
}

fn source(r: &Report, span: Span) -> Option<Indexed<'_>> {
    r.sources.get(span.file).map(|file| Indexed { file })
}

fn sev(s: Severity) -> miette::Severity {
    match s {
        Severity::Error => miette::Severity::Error,
        Severity::Warning => miette::Severity::Warning,
        Severity::Note => miette::Severity::Advice,
    }
}

fn to_diag<'r>(r: &'r Report, f: &Finding) -> Diag<'r> {
    let ok = drawable(r, f.span);
    let mut labels = Vec::new();
    let mut related = Vec::new();
    if ok {
        labels.push(LabeledSpan::new_primary_with_span(None, SourceSpan::from(f.span.range())));
    }
    for l in &f.labels {
        if l.span.file == f.span.file && ok && drawable(r, l.span) && near(r, f.span, l.span) {
            labels.push(LabeledSpan::new_with_span(Some(l.message.clone()), SourceSpan::from(l.span.range())));
        } else if drawable(r, l.span) {
            related.push(Diag {
                message: l.message.clone(),
                code: f.rule.to_string(),
                severity: miette::Severity::Advice,
                help: None,
                src: source(r, l.span),
                labels: vec![LabeledSpan::new_primary_with_span(Some(l.message.clone()), SourceSpan::from(l.span.range()))],
                related: Vec::new(),
            });
        }
    }
    let p = r.sources.position(f.span);
    let mut message = f.message.clone();
    if !ok {
        message = format!("{message} ({}:{}:{})", p.file, p.line, p.column);
    }
    let mut help = f.help.clone();
    if !f.jobs.is_empty() {
        let jobs = format!("{}: {}", if f.jobs.len() == 1 { "job" } else { "jobs" }, f.jobs.join(", "));
        help = Some(match help {
            Some(h) => format!("{h}\n{jobs}"),
            None => jobs,
        });
    }
    Diag {
        message,
        code: f.rule.to_string(),
        severity: sev(f.severity),
        help,
        src: if ok { source(r, f.span) } else { None },
        labels,
        related,
    }
}

pub fn write(r: &Report, shown: &[&Finding], color: bool, out: &mut dyn Write) -> std::io::Result<()> {
    let theme = if color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
    let handler = GraphicalReportHandler::new_themed(theme).with_width(100);
    for f in shown {
        let d = to_diag(r, f);
        let mut s = String::new();
        if handler.render_report(&mut s, &d).is_err() {
            let p = r.sources.position(f.span);
            s = format!("{}:{}:{}: {} {} {}\n", p.file, p.line, p.column, f.severity.as_str(), f.rule, f.message);
        }
        writeln!(out, "{s}")?;
    }
    let (errors, warnings, _, unverified) = super::counts(r);
    let plural = |n: usize, one: &str| format!("{n} {one}{}", if n == 1 { "" } else { "s" });
    let mut line = format!(
        "{} in {}: {}, {}",
        plural(r.jobs.len(), "job"),
        plural(r.files, "file"),
        plural(errors, "error"),
        plural(warnings, "warning")
    );
    if unverified > 0 {
        let _ = write!(line, ", {} not completed", plural(unverified, "check"));
    }
    let hidden = r.findings.len() - shown.len();
    if hidden > 0 {
        let _ = write!(line, " ({hidden} not shown: --min-severity note shows them)");
    }
    writeln!(out, "{line}")
}
