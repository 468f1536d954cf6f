//! Finding the Terraform files under the scanned paths.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};

use super::prescan::FileScan;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FileKind {
    Tf,
    TfJson,
    Tfvars,
    TfvarsJson,
}

impl FileKind {
    #[expect(clippy::case_sensitive_file_extension_comparisons, reason = "Terraform reads only lowercase extensions")]
    pub(crate) fn of(path: &Path) -> Option<Self> {
        let name = path.file_name()?.to_str()?;
        if name.ends_with(".tf.json") {
            Some(FileKind::TfJson)
        } else if name.ends_with(".tfvars.json") {
            Some(FileKind::TfvarsJson)
        } else if name.ends_with(".tf") {
            Some(FileKind::Tf)
        } else if name.ends_with(".tfvars") {
            Some(FileKind::Tfvars)
        } else {
            None
        }
    }
    pub(crate) fn is_json(self) -> bool {
        matches!(self, FileKind::TfJson | FileKind::TfvarsJson)
    }
    pub(crate) fn is_vars(self) -> bool {
        matches!(self, FileKind::Tfvars | FileKind::TfvarsJson)
    }
}

pub(crate) fn glob_set(patterns: &[String]) -> Result<GlobSet, String> {
    let mut b = GlobSetBuilder::new();
    for p in patterns {
        b.add(Glob::new(p).map_err(|e| format!("invalid exclude glob `{p}`: {e}"))?);
        if !p.contains('/') {
            b.add(Glob::new(&format!("**/{p}")).map_err(|e| e.to_string())?);
        }
    }
    b.build().map_err(|e| e.to_string())
}

/// Relative `/`-separated path of `p` under `base`.
pub(crate) fn rel(base: &Path, p: &Path) -> String {
    let r = p.strip_prefix(base).unwrap_or(p);
    // A walked path is already in that form: one copy (this runs for every file of a tree).
    if cfg!(unix)
        && let Some(s) = r.to_str()
        && !s.starts_with('/')
        && !s.ends_with('/')
        && s.split('/').all(|c| !c.is_empty() && c != ".")
    {
        return s.to_string();
    }
    let s: Vec<String> = r.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
    s.join("/")
}

/// Every Terraform file below `root`, honouring `.gitignore`, skipping `.terraform/` and
/// `.git/`, the exclude globs, and any symlink that leads outside `root`.
pub fn walk(root: &Path, exclude: &GlobSet) -> Vec<PathBuf> {
    walk_reporting(root, exclude, false).files
}

/// What a walk found.
#[derive(Debug, Default)]
pub(crate) struct Walked {
    /// Terraform files to load, sorted. Symlinks leading outside the tree and files that are
    /// not regular files are listed too: loading reports them instead of reading them.
    pub files: Vec<PathBuf>,
    /// With `prescan`: the pre-scan of every `.tf`/`.tf.json` file, read and scanned by the
    /// walking thread as soon as its directory entry is seen (one read per file).
    pub scans: HashMap<PathBuf, FileScan>,
    /// Directories that could not be listed, with why.
    pub unreadable: Vec<(PathBuf, String)>,
}

/// Walks `root`. Ignore rules come only from the tree itself: `.gitignore`/`.ignore` files
/// inside it and its repository's `.git/info/exclude`, never a parent directory's ignore
/// file or git's global excludes, which would silently turn off checking. With `prescan`,
/// each Terraform file is also pre-scanned ([`super::prescan`]) where it is found.
pub(crate) fn walk_reporting(root: &Path, exclude: &GlobSet, prescan: bool) -> Walked {
    let out = std::sync::Mutex::new(Walked::default());
    let canon_root = super::fs::canonical_root(root);
    let walker = ignore::WalkBuilder::new(root)
        .hidden(true)
        .parents(false)
        .git_global(false)
        .git_ignore(true)
        .git_exclude(true)
        .require_git(false)
        .follow_links(false)
        .filter_entry(|e| {
            let n = e.file_name().to_string_lossy();
            n != ".terraform" && n != ".git"
        })
        .build_parallel();
    walker.run(|| {
        Box::new(|entry| {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    if e.io_error().is_some()
                        && let Some(p) = error_path(&e)
                        && let Ok(mut w) = out.lock()
                    {
                        w.unreadable.push((p, io_message(&e)));
                    }
                    return ignore::WalkState::Continue;
                }
            };
            let path = entry.path();
            let Some(kind) = FileKind::of(path) else {
                return ignore::WalkState::Continue;
            };
            if !exclude.is_empty() && exclude.is_match(rel(root, path)) {
                return ignore::WalkState::Continue;
            }
            // Anything named like a Terraform file except a directory: a symlink that leads
            // outside or a FIFO is reported by the loader, not silently skipped.
            let keep = match entry.file_type() {
                Some(ft) if ft.is_symlink() => !path.is_dir(),
                Some(ft) => !ft.is_dir(),
                None => false,
            };
            if !keep {
                return ignore::WalkState::Continue;
            }
            let scan = (prescan && matches!(kind, FileKind::Tf | FileKind::TfJson)).then(|| {
                // The directory entry says what the name was when listed; the scan checks
                // again on what it opens.
                if entry.file_type().is_some_and(|ft| ft.is_file()) {
                    super::prescan::scan_listed_file(&canon_root, path)
                } else {
                    super::prescan::scan_file(&canon_root, path)
                }
            });
            if let Ok(mut w) = out.lock() {
                w.files.push(path.to_path_buf());
                if let Some(scan) = scan {
                    w.scans.insert(path.to_path_buf(), scan);
                }
            }
            ignore::WalkState::Continue
        })
    });
    let mut out = out.into_inner().unwrap_or_default();
    out.files.sort();
    out.unreadable.sort();
    out.unreadable.dedup_by(|a, b| a.0 == b.0);
    out
}

fn error_path(e: &ignore::Error) -> Option<PathBuf> {
    match e {
        ignore::Error::WithPath { path, .. } => Some(path.clone()),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => error_path(err),
        ignore::Error::Partial(errs) => errs.iter().find_map(error_path),
        _ => None,
    }
}

fn io_message(e: &ignore::Error) -> String {
    match e.io_error() {
        Some(io) => io.to_string(),
        None => e.to_string(),
    }
}

/// Whether `p` (after resolving symlinks) lies inside `root`.
pub(crate) fn inside(root: &Path, p: &Path) -> bool {
    let canon_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    p.canonicalize().is_ok_and(|c| c.starts_with(canon_root))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The quick form of [`rel`] gives what the component-wise one gives.
    #[test]
    fn rel_is_the_normalised_relative_path() {
        let slow = |base: &Path, p: &Path| -> String {
            let r = p.strip_prefix(base).unwrap_or(p);
            r.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect::<Vec<_>>().join("/")
        };
        for (base, p) in [
            ("tree", "tree/services/svc-0001/main.tf"),
            ("./tree", "./tree/a/b.tf"),
            ("tree", "tree/a//b.tf"),
            ("tree", "tree/a/./b.tf"),
            ("", "./a/b.tf"),
            ("", "a/b.tf"),
            ("tree", "tree"),
            ("tree", "/abs/x.tf"),
            ("tree", "tree/a/"),
            ("", "."),
            ("x", "tree/../b.tf"),
        ] {
            assert_eq!(rel(Path::new(base), Path::new(p)), slow(Path::new(base), Path::new(p)), "{base} {p}");
        }
    }
}
