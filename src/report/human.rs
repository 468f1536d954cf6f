//! Human output: one block per finding. The header names the rule; the primary span and every
//! label are drawn inside that block, labels in other files (or far away in the same file)
//! under a `:::` line of their own, rustc-style, in source order; then help, the jobs (at most
//! three addresses) and a note naming any invisible character. A summary line ends the report.
//!
//! Everything taken from scanned files (source lines, values quoted in messages) is drawn with
//! control and invisible characters replaced by `<U+XXXX>`, so nothing reaches the terminal
//! that could move the cursor or hide text.

use std::fmt::Write as _;
use std::io::Write;

use unicode_width::UnicodeWidthChar;

use super::Report;
use crate::catalog::Severity;
use crate::finding::Finding;
use crate::source::{SourceFile, Span};

/// Lines longer than this (bytes) are not drawn.
const MAX_LINE: usize = 2_000;
/// Labels at most this many lines apart share one snippet.
const NEAR_LINES: usize = 8;
/// Addresses listed on the job line before "and N more".
const MAX_JOBS: usize = 3;
const TAB: &str = "    ";

/// Characters that draw nothing (or move text) and would hide a difference in a value, with
/// their Unicode names.
const INVISIBLE: &[(char, &str)] = &[
    ('\u{00A0}', "NO-BREAK SPACE"),
    ('\u{00AD}', "SOFT HYPHEN"),
    ('\u{034F}', "COMBINING GRAPHEME JOINER"),
    ('\u{061C}', "ARABIC LETTER MARK"),
    ('\u{115F}', "HANGUL CHOSEONG FILLER"),
    ('\u{1160}', "HANGUL JUNGSEONG FILLER"),
    ('\u{180E}', "MONGOLIAN VOWEL SEPARATOR"),
    ('\u{2000}', "EN QUAD"),
    ('\u{2001}', "EM QUAD"),
    ('\u{2002}', "EN SPACE"),
    ('\u{2003}', "EM SPACE"),
    ('\u{2004}', "THREE-PER-EM SPACE"),
    ('\u{2005}', "FOUR-PER-EM SPACE"),
    ('\u{2006}', "SIX-PER-EM SPACE"),
    ('\u{2007}', "FIGURE SPACE"),
    ('\u{2008}', "PUNCTUATION SPACE"),
    ('\u{2009}', "THIN SPACE"),
    ('\u{200A}', "HAIR SPACE"),
    ('\u{200B}', "ZERO WIDTH SPACE"),
    ('\u{200C}', "ZERO WIDTH NON-JOINER"),
    ('\u{200D}', "ZERO WIDTH JOINER"),
    ('\u{200E}', "LEFT-TO-RIGHT MARK"),
    ('\u{200F}', "RIGHT-TO-LEFT MARK"),
    ('\u{2028}', "LINE SEPARATOR"),
    ('\u{2029}', "PARAGRAPH SEPARATOR"),
    ('\u{202A}', "LEFT-TO-RIGHT EMBEDDING"),
    ('\u{202B}', "RIGHT-TO-LEFT EMBEDDING"),
    ('\u{202C}', "POP DIRECTIONAL FORMATTING"),
    ('\u{202D}', "LEFT-TO-RIGHT OVERRIDE"),
    ('\u{202E}', "RIGHT-TO-LEFT OVERRIDE"),
    ('\u{202F}', "NARROW NO-BREAK SPACE"),
    ('\u{205F}', "MEDIUM MATHEMATICAL SPACE"),
    ('\u{2060}', "WORD JOINER"),
    ('\u{2061}', "FUNCTION APPLICATION"),
    ('\u{2062}', "INVISIBLE TIMES"),
    ('\u{2063}', "INVISIBLE SEPARATOR"),
    ('\u{2064}', "INVISIBLE PLUS"),
    ('\u{2066}', "LEFT-TO-RIGHT ISOLATE"),
    ('\u{2067}', "RIGHT-TO-LEFT ISOLATE"),
    ('\u{2068}', "FIRST STRONG ISOLATE"),
    ('\u{2069}', "POP DIRECTIONAL ISOLATE"),
    ('\u{3000}', "IDEOGRAPHIC SPACE"),
    ('\u{3164}', "HANGUL FILLER"),
    ('\u{FEFF}', "ZERO WIDTH NO-BREAK SPACE"),
    ('\u{FFA0}', "HALFWIDTH HANGUL FILLER"),
];

/// The Unicode name of an invisible or control character, `None` for a visible one.
pub fn invisible_name(c: char) -> Option<&'static str> {
    if let Ok(i) = INVISIBLE.binary_search_by(|(k, _)| k.cmp(&c)) {
        return Some(INVISIBLE[i].1);
    }
    Some(match c {
        '\0' => "NULL",
        '\u{7}' => "BELL",
        '\u{8}' => "BACKSPACE",
        '\u{b}' => "LINE TABULATION",
        '\u{c}' => "FORM FEED",
        '\r' => "CARRIAGE RETURN",
        '\u{1b}' => "ESCAPE",
        '\u{7f}' => "DELETE",
        '\u{85}' => "NEXT LINE",
        '\u{9b}' => "CONTROL SEQUENCE INTRODUCER",
        c if c.is_control() && c != '\t' && c != '\n' => "control character",
        c if ('\u{E0000}'..='\u{E007F}').contains(&c) => "TAG character",
        c if ('\u{FE00}'..='\u{FE0F}').contains(&c) => "VARIATION SELECTOR",
        _ => return None,
    })
}

/// `c` as drawn: itself, or `<U+XXXX>` when it is invisible or a control character.
fn shown(c: char, out: &mut String) {
    match c {
        '\t' => out.push_str(TAB),
        '\n' => out.push_str("<U+000A>"),
        c if invisible_name(c).is_some() => {
            let _ = write!(out, "<U+{:04X}>", u32::from(c));
        }
        c => out.push(c),
    }
}

/// Text from a finding (a message quoting a scanned value) made safe to print.
pub fn visible(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        shown(c, &mut out);
    }
    out
}

/// The invisible characters in `s`, named once each in order of appearance.
fn invisibles(s: &str, names: &mut Vec<String>) {
    for c in s.chars() {
        if c != '\t'
            && c != '\n'
            && let Some(name) = invisible_name(c)
        {
            let n = format!("U+{:04X} {name}", u32::from(c));
            if !names.contains(&n) {
                names.push(n);
            }
        }
    }
}

/// One source line as drawn, with the display column of each byte offset.
struct Drawn {
    text: String,
    /// (byte offset in the line, display column) at every character boundary.
    cols: Vec<(usize, usize)>,
}

impl Drawn {
    fn new(line: &str) -> Self {
        let mut text = String::with_capacity(line.len());
        let mut cols = Vec::with_capacity(line.len() + 1);
        let mut col = 0;
        for (i, c) in line.char_indices() {
            cols.push((i, col));
            let before = text.len();
            shown(c, &mut text);
            col += text[before..].chars().map(|d| d.width().unwrap_or(0)).sum::<usize>();
        }
        cols.push((line.len(), col));
        Self { text, cols }
    }
    fn col(&self, byte: usize) -> usize {
        match self.cols.binary_search_by(|(b, _)| b.cmp(&byte)) {
            Ok(i) => self.cols[i].1,
            Err(i) => self.cols.get(i.saturating_sub(1)).map_or(0, |c| c.1),
        }
    }
}

/// A span to draw: the finding's own (no text) or a label.
struct Mark {
    span: Span,
    text: Option<String>,
    primary: bool,
    /// 0-based line of the span's start.
    line: usize,
}

/// Marks in one file close enough to share a snippet.
struct Group {
    marks: Vec<Mark>,
}

impl Group {
    fn first(&self) -> usize {
        self.marks.iter().map(|m| m.line).min().unwrap_or(0)
    }
    fn last(&self) -> usize {
        self.marks.iter().map(|m| m.line).max().unwrap_or(0)
    }
}

fn drawable(file: &SourceFile, span: Span) -> bool {
    let (line, _) = file.line_col(span.start as usize);
    let start = file.line_start(line - 1);
    let end = file.line_start(line).min(file.text.len());
    end - start <= MAX_LINE && span.end as usize <= file.text.len()
}

/// The text of 0-based line `i`, without its line ending.
fn line_text(file: &SourceFile, i: usize) -> &str {
    let a = file.line_start(i);
    let b = file.line_start(i + 1).min(file.text.len());
    file.text.get(a..b).unwrap_or("").trim_end_matches('\n').trim_end_matches('\r')
}

struct Style {
    color: bool,
}

impl Style {
    fn paint(&self, code: &str, s: &str) -> String {
        if self.color { format!("\x1b[{code}m{s}\x1b[0m") } else { s.to_string() }
    }
}

fn sev_code(s: Severity) -> &'static str {
    match s {
        Severity::Error => "1;31",
        Severity::Warning => "1;33",
        Severity::Note => "1;36",
    }
}

/// The job line: every address up to three, then how many more.
fn jobs_line(jobs: &[String]) -> String {
    let head = if jobs.len() == 1 { "job" } else { "jobs" };
    let shown: Vec<String> = jobs.iter().take(MAX_JOBS).map(|j| visible(j)).collect();
    let mut s = format!("{head}: {}", shown.join(", "));
    if jobs.len() > MAX_JOBS {
        let _ = write!(s, " and {} more", jobs.len() - MAX_JOBS);
    }
    s
}

/// Underline rows for the marks on one line, miette-style: `─` under each span, `┬` under
/// the middle of a labelled one, then one `╰── text` row per label, rightmost first.
fn underlines(d: &Drawn, line_start: usize, line_len: usize, marks: &[&Mark], st: &Style, sev: Severity) -> Vec<String> {
    let mut spans: Vec<(usize, usize, Option<&str>, bool)> = marks
        .iter()
        .map(|m| {
            let a = (m.span.start as usize).saturating_sub(line_start).min(line_len);
            let b = (m.span.end as usize).saturating_sub(line_start).min(line_len).max(a);
            let (ca, cb) = (d.col(a), d.col(b));
            (ca, cb.max(ca + 1), m.text.as_deref(), m.primary)
        })
        .collect();
    spans.sort_by_key(|s| (s.0, s.1));
    let width = spans.iter().map(|s| s.1).max().unwrap_or(0);
    let mut row: Vec<(char, bool)> = vec![(' ', false); width];
    for &(a, b, text, primary) in &spans {
        for cell in &mut row[a..b] {
            *cell = ('─', primary);
        }
        if text.is_some() {
            row[a + (b - a) / 2] = ('┬', primary);
        }
    }
    let paint = |c: char, primary: bool| -> String {
        let code = if primary { sev_code(sev) } else { "1;34" };
        st.paint(code, &c.to_string())
    };
    let mut out = vec![row.iter().map(|&(c, p)| if c == ' ' { " ".to_string() } else { paint(c, p) }).collect::<String>()];
    let labelled: Vec<(usize, &str, bool)> = spans.iter().filter_map(|&(a, b, t, p)| t.map(|t| (a + (b - a) / 2, t, p))).collect();
    for k in (0..labelled.len()).rev() {
        let (mid, text, primary) = labelled[k];
        let mut s = String::new();
        let mut col = 0;
        for &(m, _, p) in &labelled[..k] {
            if m < col {
                continue;
            }
            s.push_str(&" ".repeat(m - col));
            s.push_str(&paint('│', p));
            col = m + 1;
        }
        s.push_str(&" ".repeat(mid.saturating_sub(col)));
        s.push_str(&st.paint(if primary { sev_code(sev) } else { "1;34" }, "╰──"));
        s.push(' ');
        s.push_str(&visible(text));
        out.push(s);
    }
    out
}

fn render(r: &Report, f: &Finding, st: &Style) -> String {
    let mut out = String::new();
    let sev = f.severity;
    let (word, sym) = match sev {
        Severity::Error => ("error", '×'),
        Severity::Warning => ("warning", '⚠'),
        Severity::Note => ("note", '☞'),
    };
    let _ = writeln!(out, "{}", st.paint(sev_code(sev), &format!("{word}[{}]: {}", f.rule, f.name)));
    let _ = writeln!(out, "  {} {}", st.paint(sev_code(sev), &sym.to_string()), visible(&f.message));

    // Marks, grouped by file and nearness; the primary's group first, the others in source order.
    let mut marks = Vec::new();
    let mut hidden = Vec::new();
    let primary_file = r.sources.get(f.span.file);
    let all = std::iter::once((f.span, None, true)).chain(f.labels.iter().map(|l| (l.span, Some(l.message.clone()), false)));
    for (span, text, primary) in all {
        match r.sources.get(span.file) {
            Some(file) if drawable(file, span) => {
                let line = file.line_col(span.start as usize).0 - 1;
                marks.push(Mark { span, text, primary, line });
            }
            _ => hidden.push((span, text, primary)),
        }
    }
    let key = |m: &Mark| (r.sources.get(m.span.file).map(|s| s.rel.clone()), m.span.start, m.span.end);
    marks.sort_by_key(key);
    let mut groups: Vec<Group> = Vec::new();
    for m in marks {
        match groups.last_mut() {
            Some(g) if g.marks[0].span.file == m.span.file && m.line <= g.last() + NEAR_LINES => g.marks.push(m),
            _ => groups.push(Group { marks: vec![m] }),
        }
    }
    if let Some(i) = groups.iter().position(|g| g.marks.iter().any(|m| m.primary)) {
        let g = groups.remove(i);
        groups.insert(0, g);
    }
    let digits = groups
        .iter()
        .map(|g| (g.last() + 2).min(r.sources.get(g.marks[0].span.file).map_or(1, SourceFile::line_count)))
        .max()
        .unwrap_or(1)
        .to_string()
        .len();
    let pad = " ".repeat(digits + 2);
    let dim = |s: &str| st.paint("2", s);

    for (k, g) in groups.iter().enumerate() {
        let Some(file) = r.sources.get(g.marks[0].span.file) else { continue };
        let anchor = g.marks.iter().find(|m| m.primary).unwrap_or(&g.marks[0]);
        let p = r.sources.position(anchor.span);
        let place = visible(&format!("{}:{}:{}", p.file, p.line, p.column));
        if k == 0 {
            let _ = writeln!(out, "{pad}{}", dim(&format!("╭─[{place}]")));
        } else {
            let _ = writeln!(out, "{pad}{}", dim("·"));
            let _ = writeln!(out, "{pad}{}", dim(&format!("::: {place}")));
        }
        let from = g.first().saturating_sub(1);
        let to = (g.last() + 1).min(file.line_count().saturating_sub(1));
        for i in from..=to {
            let raw = line_text(file, i);
            // The context line after the last one of a file that ends in a newline is empty.
            if i == to && i > g.last() && file.line_start(i) >= file.text.len() {
                continue;
            }
            let d = Drawn::new(raw);
            let num = format!("{:>digits$}", i + 1);
            let _ = writeln!(out, " {} {} {}", dim(&num), dim("│"), d.text);
            let on: Vec<&Mark> = g.marks.iter().filter(|m| m.line == i).collect();
            if !on.is_empty() {
                for row in underlines(&d, file.line_start(i), raw.len(), &on, st, sev) {
                    let _ = writeln!(out, "{pad}{} {row}", dim("·"));
                }
            }
        }
    }
    for (k, (span, text, primary)) in hidden.iter().enumerate() {
        let p = r.sources.position(*span);
        let place = visible(&format!("{}:{}:{}", p.file, p.line, p.column));
        let what = match text {
            Some(t) => visible(t),
            None if *primary => "(the line is too long to show)".to_string(),
            None => String::new(),
        };
        let head = if groups.is_empty() && k == 0 { format!("╭─[{place}]") } else { format!("::: {place}") };
        let _ = writeln!(out, "{pad}{} {what}", dim(&head));
    }
    if !groups.is_empty() || !hidden.is_empty() {
        let _ = writeln!(out, "{pad}{}", dim("╰────"));
    }

    let mut notes = Vec::new();
    if let Some(h) = &f.help {
        notes.push(visible(h));
    }
    if !f.jobs.is_empty() {
        notes.push(jobs_line(&f.jobs));
    }
    if let Some(e) = super::offered(r, f) {
        notes.push(format!("fix: `{}` → `{}` (`jobcheck check --fix` applies it)", visible(&e.expect), visible(&e.replacement)));
    }
    for (i, n) in notes.iter().enumerate() {
        let head = if i == 0 { st.paint("36", "help:") } else { "     ".to_string() };
        for (j, line) in n.lines().enumerate() {
            let _ = writeln!(out, "  {} {line}", if j == 0 { head.as_str() } else { "     " });
        }
    }
    let mut names = Vec::new();
    invisibles(&f.message, &mut names);
    if let Some(file) = primary_file {
        invisibles(file.slice(f.span), &mut names);
    }
    if !names.is_empty() {
        let _ = writeln!(
            out,
            "  {} the value holds {} {}, invisible in most editors (shown as <U+…>)",
            st.paint("36", "note:"),
            if names.len() == 1 { "the character" } else { "the characters" },
            names.join(", ")
        );
    }
    out
}

pub fn write(r: &Report, shown: &[&Finding], color: bool, out: &mut dyn Write) -> std::io::Result<()> {
    let st = Style { color };
    for f in shown {
        writeln!(out, "{}", render(r, f, &st))?;
    }
    let super::Counts { errors, warnings, unverified, .. } = super::counts(r);
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
    writeln!(out, "{line}")?;
    match r.remote_modules {
        0 => Ok(()),
        1 => writeln!(out, "1 remote module call not inspected; run `terraform init`"),
        n => writeln!(out, "{n} remote module calls not inspected; run `terraform init`"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invisible_table_is_sorted_for_binary_search() {
        assert!(INVISIBLE.windows(2).all(|w| w[0].0 < w[1].0));
    }

    #[test]
    fn invisible_and_control_characters_are_drawn_as_code_points() {
        assert_eq!(visible("rate(1 hour)\u{200B}"), "rate(1 hour)<U+200B>");
        assert_eq!(visible("a\u{1b}]8;;x\u{7}b\rc"), "a<U+001B>]8;;x<U+0007>b<U+000D>c");
        assert_eq!(visible("\u{202E}abc"), "<U+202E>abc");
        assert_eq!(visible("ü\tx"), "ü    x");
        assert_eq!(invisible_name('\u{200B}'), Some("ZERO WIDTH SPACE"));
        assert_eq!(invisible_name('a'), None);
    }

    #[test]
    fn job_line_lists_three_then_counts() {
        let jobs: Vec<String> = (0..40).map(|i| format!("module.j[{i}].r")).collect();
        assert_eq!(jobs_line(&jobs), "jobs: module.j[0].r, module.j[1].r, module.j[2].r and 37 more");
        assert_eq!(jobs_line(&jobs[..1]), "job: module.j[0].r");
        assert_eq!(jobs_line(&jobs[..3]), "jobs: module.j[0].r, module.j[1].r, module.j[2].r");
    }

    fn report(files: &[(&str, String)], f: Finding) -> Report {
        let mut sources = crate::source::SourceMap::default();
        for (name, text) in files {
            sources.add(SourceFile::new((*name).to_string(), (*name).into(), text.clone()));
        }
        Report {
            sources,
            findings: vec![f],
            jobs: Vec::new(),
            files: files.len(),
            root_prefix: String::new(),
            root: ".".to_string(),
            names_prefix: String::new(),
            remote_modules: 0,
        }
    }

    #[test]
    fn a_line_too_long_to_draw_is_named_not_drawn() {
        let long = format!("x = \"{}\"\n", "a".repeat(3000));
        let f0 = crate::source::FileId(0);
        let f1 = crate::source::FileId(1);
        let mut f = Finding::new(&crate::catalog::JC101, Span::new(f0, 5..10), "bad\u{1b}[2J value");
        f.labels.push(crate::finding::Label { span: Span::new(f1, 0..1), message: "used here".into() });
        let r = report(&[("long.tf", long), ("use.tf", "y\n".into())], f.clone());
        let text = render(&r, &f, &Style { color: false });
        assert_eq!(
            text,
            "error[JC101]: schedule-syntax\n  × bad<U+001B>[2J value\n   ╭─[use.tf:1:1]\n 1 │ y\n   · ┬\n   · ╰── used here\n   ::: long.tf:1:6 (the line is too long to show)\n   ╰────\n  note: the value holds the character U+001B ESCAPE, invisible in most editors (shown as <U+…>)\n"
        );
    }

    #[test]
    fn columns_follow_drawn_text() {
        let d = Drawn::new("a\u{200B}b\tc");
        assert_eq!(d.text, "a<U+200B>b    c");
        assert_eq!(d.col(0), 0);
        assert_eq!(d.col(1), 1);
        assert_eq!(d.col(4), 9);
        assert_eq!(d.col(5), 10);
        assert_eq!(d.col(6), 14);
    }
}
