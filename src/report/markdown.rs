//! `--format markdown`: a CI summary (the Action writes it to `$GITHUB_STEP_SUMMARY`): a table
//! of the jobs with their schedule, next run, size, log group, failure alert and findings by
//! severity, then the findings.
//!
//! Everything taken from the scanned files is escaped: ASCII punctuation is backslash-escaped
//! (so no markup, link, HTML or table cell can be opened) and control and bidi characters are
//! dropped.

use std::fmt::Write as _;
use std::io::Write;

use super::Report;
use crate::catalog::Severity;
use crate::finding::Finding;

/// Markdown text from an untrusted string.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_control() || matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}') {
            if matches!(c, '\n' | '\t') {
                out.push(' ');
            }
            continue;
        }
        if c.is_ascii_punctuation() {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn or_unknown(s: Option<&str>) -> String {
    s.map_or_else(|| "?".to_string(), esc)
}

fn plural(n: usize, one: &str) -> String {
    format!("{n} {one}{}", if n == 1 { "" } else { "s" })
}

/// `1 error, 2 warnings` for the findings of a job, `none` when there are none.
fn by_severity(fs: &[&Finding]) -> String {
    let c = |s: Severity| fs.iter().filter(|f| f.severity == s).count();
    let parts: Vec<String> = [(Severity::Error, "error"), (Severity::Warning, "warning"), (Severity::Note, "note")]
        .into_iter()
        .filter(|(s, _)| c(*s) > 0)
        .map(|(s, name)| plural(c(s), name))
        .collect();
    if parts.is_empty() { "none".to_string() } else { parts.join(", ") }
}

/// Whether the job's failures reach an alert, as the rules found it: JC501 reported, JC501
/// could not be checked (a JC002 note), or neither.
fn alert(r: &Report, job: &str) -> &'static str {
    let of_job = |f: &&Finding| f.jobs.iter().any(|j| j == job);
    if r.findings.iter().filter(of_job).any(|f| f.rule == crate::catalog::JC501.id) {
        "missing (JC501)"
    } else if r
        .findings
        .iter()
        .filter(of_job)
        .any(|f| f.rule == crate::catalog::JC002.id && f.unchecked_rules().contains(&crate::catalog::JC501.id))
    {
        "not checked"
    } else {
        "yes"
    }
}

pub fn write(r: &Report, shown: &[&Finding], out: &mut dyn Write) -> std::io::Result<()> {
    let super::Counts { errors, warnings, notes, .. } = super::counts(r);
    writeln!(out, "## jobcheck: {}, {}\n", plural(errors, "error"), plural(warnings, "warning"))?;
    let hidden = r.findings.len() - shown.len();
    let mut line = format!("{} in {}", plural(r.jobs.len(), "job"), plural(r.files, "file"));
    if notes > 0 {
        let _ = write!(line, ", {}", plural(notes, "note"));
    }
    if hidden > 0 {
        let _ = write!(line, " ({hidden} not shown below; `--min-severity note` shows them)");
    }
    writeln!(out, "{line}\n")?;
    if !r.jobs.is_empty() {
        writeln!(out, "| Job | Schedule | Next run | CPU / memory | Log group | Failure alert | Findings |")?;
        writeln!(out, "|---|---|---|---|---|---|---|")?;
        for j in &r.jobs {
            let mine: Vec<&Finding> = shown.iter().copied().filter(|f| f.jobs.contains(&j.address)).collect();
            let schedule = match (&j.schedule, &j.timezone) {
                (Some(s), Some(tz)) if tz != "UTC" => format!("{} ({})", esc(s), esc(tz)),
                (s, _) => or_unknown(s.as_deref()),
            };
            let num = |n: Option<u32>| n.map_or_else(|| "?".to_string(), |n| n.to_string());
            writeln!(
                out,
                "| {} | {schedule} | {} | {} / {} | {} | {} | {} |",
                esc(&j.address),
                // jobcheck's own RFC 3339 time: nothing to escape.
                j.next_run.as_deref().unwrap_or("?"),
                num(j.cpu),
                num(j.memory),
                or_unknown(j.log_group.as_deref()),
                alert(r, &j.address),
                by_severity(&mine),
            )?;
        }
        writeln!(out)?;
    }
    if shown.is_empty() {
        return writeln!(out, "No findings.");
    }
    writeln!(out, "### Findings\n")?;
    writeln!(out, "| Severity | Rule | Location | Message |")?;
    writeln!(out, "|---|---|---|---|")?;
    for f in shown {
        let p = r.sources.position(f.span);
        let mut message = esc(&f.message);
        if let Some(h) = &f.help {
            let _ = write!(message, "<br>help: {}", esc(h));
        }
        if !f.jobs.is_empty() {
            let jobs: Vec<String> = f.jobs.iter().map(|j| esc(j)).collect();
            let _ = write!(message, "<br>{}: {}", if f.jobs.len() == 1 { "job" } else { "jobs" }, jobs.join(", "));
        }
        writeln!(out, "| {} | {} {} | {}:{}:{} | {message} |", f.severity.as_str(), f.rule, f.name, esc(&p.file), p.line, p.column)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::esc;

    #[test]
    fn untrusted_text_cannot_open_markup() {
        assert_eq!(esc("a|b"), "a\\|b");
        assert_eq!(esc("<img src=x>"), "\\<img src\\=x\\>");
        assert_eq!(esc("[x](http://e)"), "\\[x\\]\\(http\\:\\/\\/e\\)");
        assert_eq!(esc("line\nnext\u{202e}\u{1b}[31m"), "line next\\[31m");
    }
}
