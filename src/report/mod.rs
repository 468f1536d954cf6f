//! Reporters: human, JSON (version 1), SARIF 2.1.0, GitHub annotations, compact, Markdown.
//! Reporters never decide what is wrong.

pub mod escape;
mod graph;
mod human;
mod json;
mod markdown;
pub mod output;
mod sarif;

use std::io::Write;

pub use graph::{GraphFormat, render as graph};
pub use human::visible;

use crate::catalog::Severity;
use crate::finding::{Edit, Finding};
use crate::model::JobSummary;
use crate::source::SourceMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Human,
    Json,
    Sarif,
    Github,
    Compact,
    Markdown,
}

/// Everything a check produced.
#[derive(Debug)]
pub struct Report {
    pub sources: SourceMap,
    pub findings: Vec<Finding>,
    pub jobs: Vec<JobSummary>,
    pub files: usize,
    /// The scanned root relative to the working directory (`infra/`), for formats whose paths
    /// must be relative to the repository root (SARIF, GitHub annotations); empty otherwise.
    pub root_prefix: String,
    /// Module calls whose remote source is not installed (`.terraform/modules` absent): their
    /// resources were not inspected.
    pub remote_modules: usize,
    /// The scanned directory relative to the working directory (`infra`, `.`), or as given
    /// when it lies outside it; `.` for several paths (whose files are named through them).
    pub root: String,
    /// What [`Report::rebase`] put in front of every file name (`infra/`); empty before.
    pub names_prefix: String,
}

pub fn write(r: &Report, format: Format, min: Severity, color: bool, out: &mut dyn Write) -> std::io::Result<()> {
    // Buffered here: standard output is line-buffered, and JSON is written in small pieces.
    let mut out = std::io::BufWriter::with_capacity(64 * 1024, out);
    write_to(r, format, min, color, &mut out)?;
    out.flush()
}

fn write_to(r: &Report, format: Format, min: Severity, color: bool, out: &mut dyn Write) -> std::io::Result<()> {
    let shown: Vec<&Finding> = r.findings.iter().filter(|f| f.severity >= min).collect();
    match format {
        Format::Json => json::write(r, &shown, out),
        Format::Sarif => sarif::write(r, &shown, out),
        Format::Human => human::write(r, &shown, color, out),
        Format::Markdown => markdown::write(r, &shown, out),
        Format::Github => {
            for f in shown {
                let p = r.sources.position(f.span);
                let level = match f.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                    Severity::Note => "notice",
                };
                writeln!(
                    out,
                    "::{level} file={}{},line={},col={},endLine={},endColumn={},title={}::{}",
                    escape::gh_property(&r.root_prefix),
                    escape::gh_property(&p.file),
                    p.line,
                    p.column,
                    p.end_line,
                    p.end_column,
                    f.rule,
                    escape::gh_data(&f.message)
                )?;
            }
            Ok(())
        }
        Format::Compact => {
            for f in shown {
                let p = r.sources.position(f.span);
                let (file, message) = (escape::text(&p.file), escape::text(&f.message));
                writeln!(out, "{file}:{}:{}: {} {} {message}", p.line, p.column, f.severity.as_str(), f.rule)?;
            }
            Ok(())
        }
    }
}

/// The finding's fix, when it can be made: the file still reads what the rule saw, and it is
/// not a downloaded module.
pub fn offered<'f>(r: &Report, f: &'f Finding) -> Option<&'f Edit> {
    let e = f.fix.as_deref()?;
    (r.sources.text(e.span) == e.expect && e.expect != e.replacement && !vendored(r, e.span.file)).then_some(e)
}

/// A module `terraform init` downloaded (`.terraform/modules/…`): not the user's to edit, and
/// the next init would undo it.
fn vendored(r: &Report, file: crate::source::FileId) -> bool {
    r.sources.get(file).is_some_and(|s| s.rel.split('/').any(|c| c == ".terraform"))
}

/// How many findings a report shows, by severity, and how many checks could not be made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Counts {
    pub errors: usize,
    pub warnings: usize,
    pub notes: usize,
    /// The values JC002 notes say could not be checked (a note may list several).
    pub unverified: usize,
}

pub(crate) fn counts(r: &Report) -> Counts {
    let c = |s: Severity| r.findings.iter().filter(|f| f.severity == s).count();
    let unverified = r.findings.iter().filter(|f| f.rule == crate::catalog::JC002.id).map(|f| f.unchecked_rules().len().max(1)).sum();
    Counts { errors: c(Severity::Error), warnings: c(Severity::Warning), notes: c(Severity::Note), unverified }
}
