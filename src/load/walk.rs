//! Finding the Terraform files under the scanned paths.

use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Tf,
    TfJson,
    Tfvars,
    TfvarsJson,
}

impl FileKind {
    #[expect(clippy::case_sensitive_file_extension_comparisons, reason = "Terraform reads only lowercase extensions")]
    pub fn of(path: &Path) -> Option<Self> {
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
    pub fn is_json(self) -> bool {
        matches!(self, FileKind::TfJson | FileKind::TfvarsJson)
    }
    pub fn is_vars(self) -> bool {
        matches!(self, FileKind::Tfvars | FileKind::TfvarsJson)
    }
}

pub fn glob_set(patterns: &[String]) -> Result<GlobSet, String> {
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
pub fn rel(base: &Path, p: &Path) -> String {
    let r = p.strip_prefix(base).unwrap_or(p);
    let s: Vec<String> = r.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
    s.join("/")
}

/// Every Terraform file below `root`, honouring `.gitignore`, skipping `.terraform/` and
/// `.git/`, the exclude globs, and any symlink that leads outside `root`.
pub fn walk(root: &Path, exclude: &GlobSet) -> Vec<PathBuf> {
    let canon_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let out = std::sync::Mutex::new(Vec::new());
    let walker = ignore::WalkBuilder::new(root)
        .hidden(true)
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
            let Ok(entry) = entry else { return ignore::WalkState::Continue };
            let path = entry.path();
            if FileKind::of(path).is_none() || exclude.is_match(rel(root, path)) {
                return ignore::WalkState::Continue;
            }
            let keep = match entry.file_type() {
                Some(ft) if ft.is_symlink() => path.canonicalize().is_ok_and(|t| t.starts_with(&canon_root) && t.is_file()),
                Some(ft) => ft.is_file(),
                None => false,
            };
            if keep && let Ok(mut v) = out.lock() {
                v.push(path.to_path_buf());
            }
            ignore::WalkState::Continue
        })
    });
    let mut out = out.into_inner().unwrap_or_default();
    out.sort();
    out
}

/// Whether `p` (after resolving symlinks) lies inside `root`.
pub fn inside(root: &Path, p: &Path) -> bool {
    let canon_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    p.canonicalize().is_ok_and(|c| c.starts_with(canon_root))
}
