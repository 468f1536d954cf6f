//! Fixture folders and the reference jobs they share (`tests/fixtures.rs`, `tests/fuzz.rs`,
//! `tests/catalog.rs`).
//!
//! A fixture folder `testdata/rules/<ID>/{fail_*,pass_*}/` is either a whole Terraform tree, or
//! an *overlay* of a reference job: it holds a `fixture.toml` naming a reference under
//! `testdata/rules/_reference/<name>/`, and only the parts it changes. A reference is a clean
//! scheduled job split into parts by concern, `NN-concern.tf` (`30-task.tf`, `52-alert-rule.tf`,
//! …). Materializing an overlay writes, into a fresh directory:
//!
//! - every part of the reference, with the fixture's part of the same name in its place, the
//!   fixture's other `NN-*.tf` parts added, and the parts named by `omit` left out, concatenated in
//!   name order with one blank line between them into `main.tf` (or the file `into` names; a
//!   `[files]` table sends the parts it lists to other files, e.g. `"iam.tf" = ["55-task-roles.tf"]`);
//! - every other file of the fixture (any name but `NN-*.tf`, `fixture.toml` and `snapshots/`)
//!   unchanged at the same relative path.
//!
//! So the materialized tree of a fixture is the one-file job it always was, and findings and
//! snapshots keep their paths and lines.

#![allow(dead_code, reason = "each test binary uses part of this module")]

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

/// `testdata/rules`.
pub fn rules_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/rules")
}

/// Every fixture folder (`<ID>/fail_*` and `<ID>/pass_*`), sorted.
pub fn fixtures() -> Vec<PathBuf> {
    let mut out = Vec::new();
    for rule in std::fs::read_dir(rules_dir()).into_iter().flatten().flatten() {
        for fx in std::fs::read_dir(rule.path()).into_iter().flatten().flatten() {
            let name = fx.file_name().to_string_lossy().into_owned();
            if fx.path().is_dir() && (name.starts_with("fail_") || name.starts_with("pass_")) {
                out.push(fx.path());
            }
        }
    }
    out.sort();
    out
}

/// The reference jobs: `testdata/rules/_reference/<name>/`, sorted.
pub fn references() -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(rules_dir().join("_reference"))
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    out.sort();
    out
}

/// Whether a fixture folder is an overlay of a reference job.
pub fn is_overlay(dir: &Path) -> bool {
    dir.join("fixture.toml").is_file()
}

/// `NN-concern.tf`: two digits, a dash, lowercase words.
pub fn is_part(name: &str) -> bool {
    let Some(stem) = name.strip_suffix(".tf") else { return false };
    let b = stem.as_bytes();
    b.len() > 3
        && b[..2].iter().all(u8::is_ascii_digit)
        && b[2] == b'-'
        && b[3..].iter().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-')
}

/// The tree a fixture checks: the folder itself, or its overlay materialized in a temporary
/// directory that lives as long as this value.
pub struct Tree {
    root: PathBuf,
    _temp: Option<tempfile::TempDir>,
}

impl Tree {
    pub fn of(dir: &Path) -> Result<Tree, String> {
        if !is_overlay(dir) {
            return Ok(Tree { root: dir.to_path_buf(), _temp: None });
        }
        let temp = tempfile::tempdir().map_err(|e| e.to_string())?;
        let root = temp.path().join(dir.file_name().unwrap_or_default());
        materialize(dir, &root)?;
        Ok(Tree { root, _temp: Some(temp) })
    }

    pub fn root(&self) -> &Path {
        &self.root
    }
}

/// Writes the tree of a fixture folder (materialized if it is an overlay, copied if not) into
/// `dest`, which must not exist or be empty.
pub fn materialize(dir: &Path, dest: &Path) -> Result<(), String> {
    let fail = |what: String| format!("{}: {what}", dir.display());
    if std::fs::read_dir(dest).is_ok_and(|mut d| d.next().is_some()) {
        return Err(format!("{} exists and is not empty", dest.display()));
    }
    std::fs::create_dir_all(dest).map_err(|e| fail(format!("{}: {e}", dest.display())))?;
    let mut out: BTreeMap<PathBuf, String> = BTreeMap::new();
    let mut plain = Vec::new();
    files(dir, Path::new(""), &mut plain).map_err(fail)?;
    let overlay = is_overlay(dir);
    if overlay {
        let spec = Spec::read(&dir.join("fixture.toml")).map_err(fail)?;
        let mut parts: BTreeMap<String, PathBuf> = parts_of(&spec.reference).map_err(fail)?;
        let reference: Vec<String> = parts.keys().cloned().collect();
        for name in &spec.omit {
            parts.remove(name).ok_or_else(|| fail(format!("omit names {name}, which the reference `{}` lacks", spec.reference)))?;
        }
        for rel in &plain {
            let name = rel.to_string_lossy();
            if rel.components().count() == 1 && is_part(&name) {
                // `30-tasks.tf` beside the reference's `30-task.tf` is a typo, not a new part.
                if let Some(taken) = reference.iter().find(|r| r[..3] == name[..3] && **r != *name) {
                    return Err(fail(format!("part {name} takes the number of the reference's {taken}")));
                }
                if spec.omit.iter().any(|o| *o == *name) {
                    return Err(fail(format!("{name} is both a part of the fixture and omitted")));
                }
                parts.insert(name.into_owned(), dir.join(rel));
            }
        }
        for (file, names) in &spec.files {
            if let Some(unknown) = names.iter().find(|n| !parts.contains_key(*n)) {
                return Err(fail(format!("[files] sends {unknown} to {}, but there is no such part", file.display())));
            }
        }
        for (name, path) in &parts {
            let text = std::fs::read_to_string(path).map_err(|e| fail(format!("{}: {e}", path.display())))?;
            if !text.ends_with('\n') {
                return Err(fail(format!("{} does not end with a newline", path.display())));
            }
            let target = spec.files.iter().find(|(_, names)| names.contains(name)).map_or(&spec.into, |(file, _)| file);
            let file = out.entry(target.clone()).or_default();
            if !file.is_empty() {
                file.push('\n');
            }
            file.push_str(&text);
        }
    }
    for rel in plain {
        let name = rel.to_string_lossy();
        if overlay && (name == "fixture.toml" || (rel.components().count() == 1 && is_part(&name))) {
            continue;
        }
        let bytes = std::fs::read(dir.join(&rel)).map_err(|e| fail(format!("{}: {e}", rel.display())))?;
        if out.contains_key(&rel) {
            return Err(fail(format!("{} is both a file of the fixture and where parts go", rel.display())));
        }
        write(&dest.join(&rel), &bytes).map_err(fail)?;
    }
    for (rel, text) in out {
        write(&dest.join(rel), text.as_bytes()).map_err(fail)?;
    }
    Ok(())
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), String> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
    }
    std::fs::write(path, bytes).map_err(|e| format!("{}: {e}", path.display()))
}

/// The regular files under `dir` (relative paths), `snapshots/` left out; symbolic links are
/// refused so that nothing outside the fixture is read.
fn files(dir: &Path, rel: &Path, out: &mut Vec<PathBuf>) -> Result<(), String> {
    let here = dir.join(rel);
    let mut entries: Vec<_> = std::fs::read_dir(&here).map_err(|e| format!("{}: {e}", here.display()))?.flatten().collect();
    entries.sort_by_key(std::fs::DirEntry::file_name);
    for e in entries {
        let r = rel.join(e.file_name());
        let kind = e.file_type().map_err(|err| format!("{}: {err}", r.display()))?;
        if kind.is_dir() {
            if r != Path::new("snapshots") {
                files(dir, &r, out)?;
            }
        } else if kind.is_file() {
            out.push(r);
        } else {
            return Err(format!("{} is neither a file nor a folder", r.display()));
        }
    }
    Ok(())
}

/// The parts of a reference job, by name.
fn parts_of(reference: &str) -> Result<BTreeMap<String, PathBuf>, String> {
    let dir = rules_dir().join("_reference").join(reference);
    let mut parts = BTreeMap::new();
    for e in std::fs::read_dir(&dir).map_err(|e| format!("reference `{reference}`: {e}"))?.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if is_part(&name) {
            parts.insert(name, e.path());
        }
    }
    if parts.is_empty() {
        return Err(format!("reference `{reference}` has no parts"));
    }
    Ok(parts)
}

/// `fixture.toml`.
struct Spec {
    reference: String,
    omit: Vec<String>,
    into: PathBuf,
    files: Vec<(PathBuf, Vec<String>)>,
}

impl Spec {
    fn read(path: &Path) -> Result<Spec, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("fixture.toml: {e}"))?;
        let table: toml::Table = text.parse().map_err(|e| format!("fixture.toml: {e}"))?;
        let strings = |v: &toml::Value, key: &str| -> Result<Vec<String>, String> {
            v.as_array()
                .ok_or_else(|| format!("fixture.toml: {key} is not a list"))?
                .iter()
                .map(|s| s.as_str().map(str::to_string).ok_or_else(|| format!("fixture.toml: {key} holds a non-string")))
                .collect()
        };
        let mut spec = Spec { reference: String::new(), omit: Vec::new(), into: PathBuf::from("main.tf"), files: Vec::new() };
        for (key, value) in &table {
            match key.as_str() {
                "reference" => spec.reference = value.as_str().ok_or("fixture.toml: reference is not a string")?.to_string(),
                "omit" => spec.omit = strings(value, key)?,
                "into" => spec.into = relative(value.as_str().ok_or("fixture.toml: into is not a string")?)?,
                "files" => {
                    for (file, names) in value.as_table().ok_or("fixture.toml: files is not a table")? {
                        spec.files.push((relative(file)?, strings(names, file)?));
                    }
                }
                other => return Err(format!("fixture.toml: unknown key {other}")),
            }
        }
        if spec.reference.is_empty() || !spec.reference.bytes().all(|c| c.is_ascii_lowercase() || c == b'-') {
            return Err(format!("fixture.toml: reference `{}` is not a reference name", spec.reference));
        }
        Ok(spec)
    }
}

/// A path inside the materialized tree: relative, no `..`.
fn relative(path: &str) -> Result<PathBuf, String> {
    let p = PathBuf::from(path);
    if p.as_os_str().is_empty() || !p.components().all(|c| matches!(c, Component::Normal(_))) {
        return Err(format!("fixture.toml: {path} is not a relative path inside the fixture"));
    }
    Ok(p)
}
