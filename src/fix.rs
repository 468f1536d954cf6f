//! `jobcheck check --fix` / `--diff`: the edits rules offer (a literal rewritten where the user
//! wrote it, never an expression), checked against the file, applied as byte edits that keep
//! everything else as it was, and written atomically inside the scanned tree.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use crate::finding::Edit;
use crate::report::Report;
pub use crate::report::offered;
use crate::source::FileId;

/// The edits to make, by file: every finding's fix whose span still reads what the rule saw,
/// without overlaps (the first in file order wins; the rest wait for the next round).
pub(crate) fn plan(r: &Report) -> BTreeMap<FileId, Vec<Edit>> {
    let mut by_file: BTreeMap<FileId, Vec<Edit>> = BTreeMap::new();
    for f in &r.findings {
        let Some(e) = offered(r, f) else { continue };
        let edits = by_file.entry(e.span.file).or_default();
        if !edits.contains(e) {
            edits.push(e.clone());
        }
    }
    for edits in by_file.values_mut() {
        edits.sort_by_key(|e| (e.span.start, e.span.end));
        let mut kept: Vec<Edit> = Vec::with_capacity(edits.len());
        for e in edits.drain(..) {
            if kept.last().is_none_or(|k| k.span.end <= e.span.start && k.span != e.span) {
                kept.push(e);
            }
        }
        *edits = kept;
    }
    by_file.retain(|_, e| !e.is_empty());
    by_file
}

/// `text` with the edits (sorted, not overlapping) made.
pub(crate) fn apply(text: &str, edits: &[Edit]) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut at = 0;
    for e in edits {
        let (a, b) = (e.span.start as usize, e.span.end as usize);
        out.push_str(&text[at..a]);
        out.push_str(&e.replacement);
        at = b;
    }
    out.push_str(&text[at..]);
    out
}

/// A unified diff of the edits to one file (zero lines of context: each hunk is the lines
/// an edit touches).
pub(crate) fn diff(r: &Report, file: FileId, edits: &[Edit]) -> String {
    let Some(src) = r.sources.get(file) else { return String::new() };
    let name = crate::report::visible(&src.rel);
    let mut out = format!("--- a/{name}\n+++ b/{name}\n");
    // Edits on the same lines share a hunk.
    let mut groups: Vec<(usize, usize, Vec<&Edit>)> = Vec::new();
    for e in edits {
        let l0 = src.line_col(e.span.start as usize).0 - 1;
        let l1 = src.line_col(e.span.end as usize).0 - 1;
        match groups.last_mut() {
            Some(g) if l0 <= g.1 => {
                g.1 = g.1.max(l1);
                g.2.push(e);
            }
            _ => groups.push((l0, l1, vec![e])),
        }
    }
    let (mut added, mut removed) = (0usize, 0usize);
    for (l0, l1, es) in groups {
        let (a, b) = (src.line_start(l0), src.line_start(l1 + 1).min(src.text.len()));
        let old = &src.text[a..b];
        let rebased: Vec<Edit> = es
            .iter()
            .map(|e| Edit { span: crate::source::Span::new(file, e.span.start as usize - a..e.span.end as usize - a), ..(*e).clone() })
            .collect();
        let new = apply(old, &rebased);
        let (n_old, n_new) = (old.lines().count(), new.lines().count());
        let start_new = (l0 + 1 + added).saturating_sub(removed).max(1);
        let _ = writeln!(out, "@@ -{},{n_old} +{start_new},{n_new} @@", l0 + 1);
        for l in old.lines() {
            let _ = writeln!(out, "-{}", crate::report::visible(l));
        }
        for l in new.lines() {
            let _ = writeln!(out, "+{}", crate::report::visible(l));
        }
        added += n_new;
        removed += n_old;
    }
    out
}

/// Writes `text` over `path`, which must be a regular file inside `root` reached without
/// symlinks, through a new file in the same directory renamed over it.
pub(crate) fn write_file(root: &Path, path: &Path, text: &str) -> Result<(), String> {
    let root = root.canonicalize().map_err(|e| format!("{}: {e}", root.display()))?;
    let root = if root.is_file() { root.parent().map(Path::to_path_buf).unwrap_or(root) } else { root };
    let abs = if path.is_absolute() { path.to_path_buf() } else { std::env::current_dir().map_err(|e| e.to_string())?.join(path) };
    // Every component from the root down must be a real directory, the last a regular file.
    let mut dir = abs.parent().ok_or_else(|| format!("{}: no parent directory", path.display()))?.to_path_buf();
    let parent = dir.canonicalize().map_err(|e| format!("{}: {e}", dir.display()))?;
    if !parent.starts_with(&root) {
        return Err(format!("{}: outside the scanned tree; not fixed", path.display()));
    }
    loop {
        let meta = std::fs::symlink_metadata(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        if meta.file_type().is_symlink() {
            return Err(format!("{}: reached through a symlink; not fixed", path.display()));
        }
        if dir.canonicalize().is_ok_and(|d| d == root) || !dir.pop() {
            break;
        }
    }
    let meta = std::fs::symlink_metadata(&abs).map_err(|e| format!("{}: {e}", path.display()))?;
    if !meta.file_type().is_file() {
        return Err(format!("{}: not a regular file (a symlink?); not fixed", path.display()));
    }
    let file_name = abs.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp: PathBuf = parent.join(format!(".{file_name}.jobcheck-fix-{}", std::process::id()));
    let result = (|| -> std::io::Result<()> {
        let mut f = std::fs::OpenOptions::new().write(true).create_new(true).open(&tmp)?;
        f.write_all(text.as_bytes())?;
        f.set_permissions(meta.permissions())?;
        f.sync_all()?;
        std::fs::rename(&tmp, parent.join(&file_name))
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(format!("{}: {e}", path.display()));
    }
    Ok(())
}

/// What one round of fixes did.
#[derive(Debug, Default)]
pub(crate) struct FixRound {
    pub edits: usize,
    pub files: usize,
    /// The problems met: a file outside the tree, through a symlink, unwritable.
    pub problems: Vec<String>,
}

/// One round of fixes on the report's files.
pub(crate) fn fix_round(r: &Report, root: &Path) -> FixRound {
    let (mut edits_made, mut files, mut problems) = (0, 0, Vec::new());
    for (file, edits) in plan(r) {
        let Some(src) = r.sources.get(file) else { continue };
        let text = apply(&src.text, &edits);
        match write_file(root, &src.path, &text) {
            Ok(()) => {
                edits_made += edits.len();
                files += 1;
            }
            Err(e) => problems.push(e),
        }
    }
    FixRound { edits: edits_made, files, problems }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_replace_bytes_and_nothing_else() {
        let f = FileId(0);
        let e =
            |a: usize, b: usize, r: &str| Edit { span: crate::source::Span::new(f, a..b), expect: String::new(), replacement: r.into() };
        assert_eq!(apply("rate(1 hours) # c", &[e(7, 12, "hour")]), "rate(1 hour) # c");
        assert_eq!(apply("ab cd", &[e(0, 1, "X"), e(3, 5, "")]), "Xb ");
    }
}
