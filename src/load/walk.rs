//! Finding the Terraform files under the scanned paths.

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

/// What a walk found.
#[derive(Debug, Default)]
pub(crate) struct Walked {
    /// Terraform files to load, in path order, each with its pre-scan when the walk was
    /// asked for one (`.tf`/`.tf.json` files only). Symlinks leading outside the tree and
    /// files that are not regular files are listed too: loading reports them instead of
    /// reading them.
    pub files: Vec<WalkedFile>,
    /// Directories that could not be listed, with why.
    pub unreadable: Vec<(PathBuf, String)>,
}

/// One Terraform file the walk found.
#[derive(Debug)]
pub(crate) struct WalkedFile {
    pub path: PathBuf,
    /// `/`-separated, relative to the walked root ([`rel`]).
    pub rel: String,
    pub scan: Option<FileScan>,
    /// Its directory holds `.terraform/modules/modules.json` (said of at least one file of
    /// each such directory, when the walk made no pre-scan).
    pub manifest: bool,
}

impl WalkedFile {
    /// Whether the file can call a module `terraform init` installs (a `source` that is not a
    /// local path), as far as its pre-scan says; `true` for a configuration file without one,
    /// `false` for a `.tfvars` file. Only such a file's directory can have installed modules
    /// worth a look at its `modules.json`.
    pub(crate) fn may_call_remote(&self) -> bool {
        match &self.scan {
            Some(s) => s.remote_source || s.wild,
            None => FileKind::of(&self.path).is_some_and(|k| !k.is_vars()),
        }
    }
}

/// A listed file on its way to a pre-scan task.
struct Listed {
    path: PathBuf,
    kind: FileKind,
    /// The directory listing showed a regular file.
    regular: bool,
    first_in_dir: bool,
}

impl Listed {
    fn scan(self, root: &Path, canon_root: &Path, prescan: bool) -> WalkedFile {
        let scan = (prescan && matches!(self.kind, FileKind::Tf | FileKind::TfJson)).then(|| {
            // The directory entry says what the name was when listed; the scan checks again
            // on what it opens.
            if self.regular {
                super::prescan::scan_listed_file(canon_root, &self.path)
            } else {
                super::prescan::scan_file(canon_root, &self.path)
            }
        });
        // Most directories have none: one `lstat`. With a pre-scan, only the directories
        // that call a remote module need one ([`WalkedFile::may_call_remote`]).
        let manifest = self.first_in_dir
            && !prescan
            && self.path.parent().is_some_and(|d| std::fs::symlink_metadata(d.join(MODULES_MANIFEST)).is_ok());
        WalkedFile { rel: rel(root, &self.path), path: self.path, scan, manifest }
    }
}

/// Where `terraform init` lists the remote modules it installed, relative to a root.
pub(crate) const MODULES_MANIFEST: &str = ".terraform/modules/modules.json";

/// Files handed to one pre-scan task: enough to keep a second core busy while the walk lists
/// the next directories, few enough tasks to cost nothing.
const SCAN_BATCH: usize = 32;

/// Walks `root`. Ignore rules come only from the tree itself: `.gitignore`/`.ignore` files
/// inside it and, when `root` is the top of a repository, its `.git/info/exclude`; never a
/// parent directory's ignore file or git's global excludes, which would silently turn off
/// checking. With `prescan`,
/// each `.tf`/`.tf.json` file is also pre-scanned ([`super::prescan`]).
///
/// Listing is sequential and sorted (the files come out in path order, no sort after), and
/// the pre-scan — reading every file, most of the walk's cost — runs in batches on the other
/// threads while the listing goes on.
pub(crate) fn walk_reporting(root: &Path, exclude: &GlobSet, prescan: bool) -> Walked {
    let canon_root = super::fs::canonical_root(root);
    let repo_exclude = repo_exclude(root, &canon_root);
    let walker = ignore::WalkBuilder::new(root)
        .hidden(true)
        .parents(false)
        .git_global(false)
        .git_ignore(true)
        // Read once below, not looked for in every directory (two probes each).
        .git_exclude(false)
        .require_git(false)
        .follow_links(false)
        .sort_by_file_name(std::cmp::Ord::cmp)
        .filter_entry(move |e| {
            let n = e.file_name().to_string_lossy();
            n != ".terraform"
                && n != ".git"
                && !repo_exclude.as_ref().is_some_and(|gi| gi.matched(e.path(), e.file_type().is_some_and(|t| t.is_dir())).is_ignore())
        })
        .build();
    let scanned: std::sync::Mutex<Vec<(usize, Vec<WalkedFile>)>> = std::sync::Mutex::new(Vec::new());
    let mut unreadable = Vec::new();
    rayon::scope(|scope| {
        let mut batch: Vec<Listed> = Vec::with_capacity(SCAN_BATCH);
        let mut batches = 0usize;
        let send = |batch: Vec<Listed>, batches: &mut usize| {
            let (index, canon_root, scanned) = (*batches, &canon_root, &scanned);
            *batches += 1;
            scope.spawn(move |_| {
                let out: Vec<WalkedFile> = batch.into_iter().map(|l| l.scan(root, canon_root, prescan)).collect();
                if let Ok(mut s) = scanned.lock() {
                    s.push((index, out));
                }
            });
        };
        let mut last_dir: Option<PathBuf> = None;
        for entry in walker {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    if e.io_error().is_some()
                        && let Some(p) = error_path(&e)
                    {
                        unreadable.push((p, io_message(&e)));
                    }
                    continue;
                }
            };
            let path = entry.path();
            let Some(kind) = FileKind::of(path) else {
                continue;
            };
            if !exclude.is_empty() && exclude.is_match(rel(root, path)) {
                continue;
            }
            // Anything named like a Terraform file except a directory: a symlink that leads
            // outside or a FIFO is reported by the loader, not silently skipped.
            let keep = match entry.file_type() {
                Some(ft) if ft.is_symlink() => !path.is_dir(),
                Some(ft) => !ft.is_dir(),
                None => false,
            };
            if !keep {
                continue;
            }
            let regular = entry.file_type().is_some_and(|ft| ft.is_file());
            let path = entry.into_path();
            // Files come in path order, so a directory's files mostly follow each other: its
            // manifest is looked for once (twice when a subdirectory's files come between).
            let first_in_dir = path.parent() != last_dir.as_deref();
            if first_in_dir {
                last_dir = path.parent().map(Path::to_path_buf);
            }
            batch.push(Listed { path, kind, regular, first_in_dir });
            if batch.len() == SCAN_BATCH {
                send(std::mem::replace(&mut batch, Vec::with_capacity(SCAN_BATCH)), &mut batches);
            }
        }
        if !batch.is_empty() {
            send(batch, &mut batches);
        }
    });
    let mut batches = scanned.into_inner().unwrap_or_default();
    batches.sort_unstable_by_key(|(i, _)| *i);
    let mut files = Vec::with_capacity(batches.iter().map(|(_, b)| b.len()).sum());
    for (_, b) in batches {
        files.extend(b);
    }
    unreadable.sort();
    unreadable.dedup_by(|a, b| a.0 == b.0);
    Walked { files, unreadable }
}

/// The rules of `.git/info/exclude` when the scanned root is the top of a git repository
/// (`.git` is a directory in it): read through the safe reader, so a symlink out of the tree
/// is not followed. A worktree's or submodule's `.git` file points outside the tree, whose
/// files jobcheck does not read.
fn repo_exclude(root: &Path, canon_root: &Path) -> Option<ignore::gitignore::Gitignore> {
    let git = root.join(".git");
    if !std::fs::symlink_metadata(&git).is_ok_and(|m| m.is_dir()) {
        return None;
    }
    let text = super::fs::read_text(Some(canon_root), &git.join("info").join("exclude")).ok()?;
    let mut rules = ignore::gitignore::GitignoreBuilder::new(root);
    for line in text.lines() {
        // A line that is not a valid pattern is skipped, as git does.
        let _ = rules.add_line(None, line);
    }
    rules.build().ok().filter(|gi| !gi.is_empty())
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

    /// The walk lists files in path order (component by component, as [`Path`] orders them),
    /// which the loader relies on instead of sorting, with every `.tf` file pre-scanned.
    #[test]
    #[allow(clippy::unwrap_used, reason = "test set-up")]
    fn files_come_in_path_order_with_their_scans() {
        let tree = tempfile::tempdir().unwrap();
        let names = ["a/b.tf", "a-b.tf", "a/B/c.tf", "a.tf", "a/b/x.tf", "a/b/x.tfvars", "a/b.d/y.tf", "a0/z.tf", "A.tf", ".hidden.tf"];
        for n in names {
            let p = tree.path().join(n);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, "resource \"aws_scheduler_schedule\" \"s\" {}\n").unwrap();
        }
        let walked = walk_reporting(tree.path(), &GlobSet::empty(), true);
        let got: Vec<&Path> = walked.files.iter().map(|f| f.path.as_path()).collect();
        let mut sorted = got.clone();
        sorted.sort();
        assert_eq!(got, sorted);
        assert_eq!(got.len(), names.len() - 1, "{got:?}");
        for f in &walked.files {
            assert_eq!(f.rel, rel(tree.path(), &f.path));
            let vars = f.rel.ends_with(".tfvars");
            assert_eq!(f.scan.as_ref().map(|s| s.trigger), (!vars).then_some(true), "{}", f.rel);
        }
    }

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
