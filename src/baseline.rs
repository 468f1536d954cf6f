//! Baselines: the findings a legacy repository accepts today, so that only new ones fail.
//!
//! `jobcheck check --write-baseline FILE` records every finding as rule + job address + a
//! fingerprint that does not depend on line numbers (the primary span's text with whitespace
//! collapsed, and the message; the file name only for findings outside any job). `--baseline
//! FILE` (or `baseline = "FILE"` in `.jobcheck.toml`) hides the findings it records, one per
//! entry, and reports every entry that matches nothing as JC005 (suppression-unused) at the
//! entry, as it does for an inline suppression that suppresses nothing.

use std::io::Write;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::catalog as rules;
use crate::finding::Finding;
use crate::report::Report;
use crate::source::{SourceFile, Span};

/// The version of the baseline file format.
pub(crate) const VERSION: u32 = 1;

/// A baseline file larger than this is refused rather than read.
const MAX_BYTES: u64 = 64 * 1024 * 1024;

/// One accepted finding.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub(crate) struct Entry {
    pub rule: String,
    /// The first job the finding belongs to; empty for a finding outside any job.
    #[serde(default)]
    pub job: String,
    pub fingerprint: String,
    /// For readers of the file; not part of the key.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub file: String,
    /// For readers of the file; not part of the key.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub message: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BaselineFile {
    version: u32,
    findings: Vec<Entry>,
}

fn fnv(parts: &[&str]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for b in p.bytes().chain(std::iter::once(0)) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{h:016x}")
}

/// The baseline entry of a finding.
pub(crate) fn entry(r: &Report, f: &Finding) -> Entry {
    let text: String = r.sources.text(f.span).split_whitespace().collect::<Vec<_>>().join(" ");
    let file = r.root_relative(&r.sources.position(f.span).file).to_string();
    let job = f.jobs.first().cloned().unwrap_or_default();
    // A finding of a job is found again by its job wherever the code moves; one outside any
    // job (a parse error, an unused suppression) only by its file.
    let fingerprint = if job.is_empty() { fnv(&[f.rule, &file, &text, &f.message]) } else { fnv(&[f.rule, &text, &f.message]) };
    Entry { rule: f.rule.to_string(), job, fingerprint, file, message: f.message.to_string() }
}

/// Writes a baseline of every finding of the report; returns how many it holds.
pub(crate) fn write(r: &Report, path: &Path) -> Result<usize, String> {
    let mut entries: Vec<Entry> = r.findings.iter().map(|f| entry(r, f)).collect();
    entries.sort();
    let mut text = format!("{{\n  \"version\": {VERSION},\n  \"findings\": [");
    for (i, e) in entries.iter().enumerate() {
        let line = serde_json::to_string(e).map_err(|e| e.to_string())?;
        text.push_str(if i == 0 { "\n    " } else { ",\n    " });
        text.push_str(&line);
    }
    text.push_str(if entries.is_empty() { "]\n}\n" } else { "\n  ]\n}\n" });
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    let mut f = std::fs::File::create(path).map_err(|e| format!("{}: {e}", path.display()))?;
    f.write_all(text.as_bytes()).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(entries.len())
}

/// Reads a baseline: its entries and its text.
pub(crate) fn read(path: &Path) -> Result<(Vec<Entry>, String), String> {
    let len = std::fs::metadata(path).map_err(|e| format!("baseline {}: {e}", path.display()))?.len();
    if len > MAX_BYTES {
        return Err(format!("baseline {}: larger than {} MiB", path.display(), MAX_BYTES / 1024 / 1024));
    }
    let text = std::fs::read_to_string(path).map_err(|e| format!("baseline {}: {e}", path.display()))?;
    let file: BaselineFile = serde_json::from_str(&text).map_err(|e| format!("baseline {}: {e}", path.display()))?;
    if file.version != VERSION {
        return Err(format!("baseline {}: version {} is not supported (expected {VERSION})", path.display(), file.version));
    }
    for e in &file.findings {
        if rules::CATALOG.iter().all(|m| m.id != e.rule) {
            return Err(format!("baseline {}: unknown rule `{}`", path.display(), printable(&e.rule)));
        }
    }
    Ok((file.findings, text))
}

/// Text from the baseline file as it may appear in a message: no control or bidi characters,
/// and bounded.
fn printable(s: &str) -> String {
    s.chars()
        .filter(|c| {
            !c.is_control() && !matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}')
        })
        .take(200)
        .collect()
}

/// Hides the findings the baseline records and returns a JC005 finding for each entry that
/// matched none, with a span at the entry's fingerprint in the baseline file (added to the
/// report's sources as `name`).
pub(crate) fn apply(r: &mut Report, entries: &[Entry], text: &str, name: &str, path: &Path) -> Vec<Finding> {
    let mut used = vec![false; entries.len()];
    let findings = std::mem::take(&mut r.findings);
    let mut kept = Vec::with_capacity(findings.len());
    for f in findings {
        let key = entry(r, &f);
        let hit = entries
            .iter()
            .enumerate()
            .position(|(i, e)| !used[i] && e.rule == key.rule && e.job == key.job && e.fingerprint == key.fingerprint);
        match hit {
            Some(i) => used[i] = true,
            None => kept.push(f),
        }
    }
    r.findings = kept;
    if used.iter().all(|u| *u) {
        return Vec::new();
    }
    let id = r.sources.add(SourceFile::new(name.to_string(), path.to_path_buf(), text.to_string()));
    let meta = &crate::catalog::JC005;
    let mut stale = Vec::new();
    for (i, e) in entries.iter().enumerate() {
        if used[i] {
            continue;
        }
        // The n-th entry with this fingerprint is its n-th occurrence in the text.
        let nth = entries[..i].iter().filter(|p| p.fingerprint == e.fingerprint).count();
        let at = if e.fingerprint.is_empty() { None } else { text.match_indices(e.fingerprint.as_str()).nth(nth).map(|(at, _)| at) };
        let span = at.map_or_else(|| Span::new(id, 0..0), |at| Span::new(id, at..at + e.fingerprint.len()));
        let whom = if e.job.is_empty() { printable(&e.file) } else { printable(&e.job) };
        stale.push(
            Finding::new(meta, span, format!("baseline entry for {} on `{whom}` matches no finding", printable(&e.rule)))
                .with_help("the finding is gone or changed: write the baseline again with `--write-baseline` to drop the entry"),
        );
    }
    stale
}
