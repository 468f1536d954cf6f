//! The workspace: every parsed file grouped by directory (a Terraform module), which
//! directories call which, and which are roots.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::ast::{Block, Body, ExprKind};
use super::parse::{self, ParseError};
use super::walk::{self, FileKind, WalkedFile};
use crate::catalog;
use crate::finding::Finding;
use crate::source::{FileId, SourceFile, SourceMap, Span};
use crate::value::{Reason, UnknownKind};

pub(crate) use super::fs::MAX_FILE_BYTES;

#[derive(Debug, Default)]
pub struct ModuleDir {
    /// Directory relative to the scan root (`""` for the root itself).
    pub dir: String,
    pub bodies: Vec<(FileId, Body)>,
    /// `.tfvars` files in this directory, by file name.
    pub tfvars: Vec<(String, FileId, Body)>,
}

/// Where a `module` block's `source` leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A module directory in the workspace.
    Dir(String),
    /// Not available to us: registry/git source without `.terraform/modules`
    /// ([`UnknownKind::RemoteModule`]), outside the tree, or not a literal.
    Unknown(Reason),
    /// A local path that does not exist (JC003 was reported).
    Missing,
}

#[derive(Debug, Default)]
pub struct Workspace {
    pub base: PathBuf,
    pub sources: SourceMap,
    pub modules: BTreeMap<String, ModuleDir>,
    pub roots: Vec<String>,
    /// (calling dir, module block name) → source.
    pub calls: BTreeMap<(String, String), Source>,
    pub diagnostics: Vec<Finding>,
    pub file_count: usize,
}

impl Workspace {
    pub(crate) fn module(&self, dir: &str) -> Option<&ModuleDir> {
        self.modules.get(dir)
    }

    /// The module directories root `root` evaluates: itself and every directory it calls,
    /// transitively (a superset of what evaluation instantiates, which stops at a depth).
    pub(crate) fn closure(&self, root: &str) -> BTreeSet<String> {
        let mut seen = BTreeSet::from([root.to_string()]);
        let mut todo = vec![root.to_string()];
        while let Some(dir) = todo.pop() {
            for ((from, _), to) in self.calls.range((dir.clone(), String::new())..) {
                if *from != dir {
                    break;
                }
                if let Source::Dir(t) = to
                    && seen.insert(t.clone())
                {
                    todo.push(t.clone());
                }
            }
        }
        seen
    }
}

/// Whether a root module can hold a job, as the job model decides it
/// (`model::demand::root_can_hold_jobs`): only such roots, and the modules they call, are
/// evaluated, so only their files need a whole syntax tree.
pub type Wanted = fn(&Workspace, &str) -> bool;

/// What a file in a directory no wanted root uses keeps of its syntax tree, when every file
/// is parsed (`--all-files`): its `module` calls (label and `source`: enough to resolve calls,
/// report a bad source, find the roots) and its trigger resources without their bodies
/// (enough to decide which roots can hold a job). Suppression comments still find the module
/// blocks they sit on. The directories a wanted root uses are parsed again whole.
fn outline(body: Body) -> Body {
    let blocks = body
        .blocks
        .into_iter()
        .filter_map(|b| match &*b.ident {
            "module" => {
                let attrs = b.body.attrs.into_iter().filter(|a| &*a.name == "source").collect();
                Some(Block { body: Body { attrs, blocks: Box::default() }, ..b })
            }
            "resource" if b.labels.first().is_some_and(|t| super::prescan::TRIGGERS.iter().any(|x| *x == &**t)) => {
                Some(Block { body: Body::default(), ..b })
            }
            _ => None,
        })
        .collect();
    Body { attrs: Box::default(), blocks }
}

/// Parses again, whole, the files of every directory a wanted root uses.
fn parse_wanted(ws: &mut Workspace, wanted: Wanted) {
    let mut dirs: BTreeSet<String> = BTreeSet::new();
    for root in ws.roots.iter().filter(|r| wanted(ws, r)) {
        dirs.extend(ws.closure(root));
    }
    let sources = &ws.sources;
    let modules: Vec<&mut ModuleDir> = ws.modules.iter_mut().filter(|(d, _)| dirs.contains(*d)).map(|(_, m)| m).collect();
    crate::threads::install(|| {
        modules.into_par_iter().flat_map(|m| m.bodies.par_iter_mut()).for_each(|(id, body)| {
            let Some(file) = sources.get(*id) else { return };
            let parsed = if FileKind::of(&file.path).is_some_and(FileKind::is_json) {
                parse::parse_tf_json(*id, &file.text)
            } else {
                parse::parse_hcl(*id, &file.text)
            };
            // It parsed the first time (a file that did not has no body).
            if let Ok(b) = parsed {
                *body = b;
            }
        });
    });
}

struct Loaded {
    rel: String,
    path: PathBuf,
    kind: FileKind,
    text: String,
    result: Result<Body, ParseError>,
    /// The file was not read at all (outside the tree, not a regular file, too large).
    unread: bool,
}

/// Reads and parses one file; with `outline`, a `.tf.json` file is parsed only as far as its
/// [`outline`] needs.
fn read_one(base: &Path, canon_base: &Path, path: &Path, id: FileId, outline: bool) -> Option<Loaded> {
    let kind = FileKind::of(path)?;
    let rel = walk::rel(base, path);
    let failed = |message: String| Loaded {
        rel: rel.clone(),
        path: path.to_path_buf(),
        kind,
        text: String::new(),
        result: Err(ParseError { offset: 0, message }),
        unread: true,
    };
    let mut bytes = match super::fs::read_listed(canon_base, path) {
        Ok(b) => b,
        Err(e) => return Some(failed(e.to_string())),
    };
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    let (text, result) = match String::from_utf8(bytes) {
        Ok(text) => {
            let result = match kind {
                FileKind::TfvarsJson => parse::parse_tfvars_json(id, &text),
                _ if kind.is_json() && outline => parse::parse_tf_json_outline(id, &text, &super::prescan::TRIGGERS),
                _ if kind.is_json() => parse::parse_tf_json(id, &text),
                _ => parse::parse_hcl(id, &text),
            };
            (text, result)
        }
        Err(e) => {
            let offset = e.utf8_error().valid_up_to();
            // Enough text to show where it goes wrong: a lossy copy of a whole binary file
            // would triple it (every bad byte becomes a 3-byte replacement character).
            let bytes = e.as_bytes();
            let text = String::from_utf8_lossy(&bytes[..bytes.len().min(offset + 1024)]).into_owned();
            (text, Err(ParseError { offset, message: "file is not valid UTF-8".into() }))
        }
    };
    Some(Loaded { rel, path: path.to_path_buf(), kind, text, result, unread: false })
}

fn over_cap(base: &Path, path: &Path) -> Option<Loaded> {
    let kind = FileKind::of(path)?;
    let message = format!(
        "the scan already read {} MiB of Terraform files, its limit; this file and the ones after it are not analysed",
        super::fs::MAX_SCAN_BYTES / (1024 * 1024)
    );
    Some(Loaded {
        rel: walk::rel(base, path),
        path: path.to_path_buf(),
        kind,
        text: String::new(),
        result: Err(ParseError { offset: 0, message }),
        unread: true,
    })
}

pub(super) fn parent_dir(rel: &str) -> String {
    rel.rsplit_once('/').map_or(String::new(), |(d, _)| d.to_string())
}

fn file_name(rel: &str) -> &str {
    rel.rsplit_once('/').map_or(rel, |(_, f)| f)
}

/// Joins a module-relative path lexically; `None` when it climbs out of the scan root.
pub(crate) fn join_rel(dir: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = if dir.is_empty() { Vec::new() } else { dir.split('/').collect() };
    for p in rel.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

/// Loads the Terraform files under `root`: with `all_files`, every one; otherwise only the
/// directories the pre-scan finds can hold or call a job trigger ([`super::prescan`]).
///
/// With `all_files`, the files of directories no `wanted` root uses keep only an outline of
/// their syntax tree ([`outline`]): every file is parsed and checked, but peak memory is that
/// of the trees evaluation reads.
pub fn load(root: &Path, exclude: &globset::GlobSet, all_files: bool, wanted: Wanted) -> Workspace {
    let base = if root.is_file() { root.parent().map_or_else(|| PathBuf::from("."), Path::to_path_buf) } else { root.to_path_buf() };
    let canon_base = super::fs::canonical_root(&base);
    // A file the user named is checked as they asked, whatever it mentions: no pre-scan.
    let prescan = !all_files && !root.is_file();
    let walked = walk::walk_reporting(&base, exclude, prescan);
    let mut files = walked.files;
    let mut sorted = true;
    // A file the user named is checked even if an ignore file in the tree lists it.
    if root.is_file() && FileKind::of(root).is_some() && !files.iter().any(|f| f.path == root) {
        let manifest = root.parent().is_some_and(|d| std::fs::symlink_metadata(d.join(walk::MODULES_MANIFEST)).is_ok());
        files.push(WalkedFile { rel: walk::rel(&base, root), path: root.to_path_buf(), scan: None, manifest });
        sorted = false;
    }
    // Remote modules installed by `terraform init`, when their manifest is present.
    let mut remote: BTreeMap<(String, String), String> = BTreeMap::new();
    let manifests: BTreeSet<String> = if prescan {
        // The walk looked for none: only directories that call a remote module need a look.
        let callers: BTreeSet<String> = files.iter().filter(|f| f.may_call_remote()).map(|f| parent_dir(&f.rel)).collect();
        callers.into_iter().filter(|dir| std::fs::symlink_metadata(base.join(dir).join(walk::MODULES_MANIFEST)).is_ok()).collect()
    } else {
        files.iter().filter(|f| f.manifest).map(|f| parent_dir(&f.rel)).collect()
    };
    for dir in &manifests {
        let manifest = base.join(dir).join(walk::MODULES_MANIFEST);
        let Ok(text) = super::fs::read_text(Some(&canon_base), &manifest) else {
            continue;
        };
        let Ok(doc) = serde_json::from_str::<serde_json::Value>(&text) else {
            continue;
        };
        for m in doc.get("Modules").and_then(|m| m.as_array()).into_iter().flatten() {
            let (Some(key), Some(mdir)) = (m.get("Key").and_then(|k| k.as_str()), m.get("Dir").and_then(|d| d.as_str())) else {
                continue;
            };
            if key.is_empty() {
                continue;
            }
            let full = base.join(dir).join(mdir);
            if !walk::inside(&base, &full) {
                continue;
            }
            let Some(mrel) = join_rel(dir, mdir) else {
                continue;
            };
            if let Ok(rd) = std::fs::read_dir(&full) {
                let mut found: Vec<PathBuf> =
                    rd.flatten().map(|e| e.path()).filter(|p| matches!(FileKind::of(p), Some(FileKind::Tf | FileKind::TfJson))).collect();
                found.sort();
                files.extend(found.into_iter().map(|p| WalkedFile { rel: walk::rel(&base, &p), path: p, scan: None, manifest: false }));
                sorted = false;
            }
            remote.insert((dir.clone(), key.to_string()), mrel);
        }
    }
    if !sorted {
        files.sort_by(|a, b| a.path.cmp(&b.path));
        files.dedup_by(|a, b| a.path == b.path);
    }
    let file_count = files.len();
    let paths = if prescan { super::prescan::select(&base, files, &remote) } else { files.into_iter().map(|f| f.path).collect() };

    // The per-scan input cap: files past it (in path order) are reported, not read.
    let sizes: Vec<u64> =
        crate::threads::install(|| paths.par_iter().map(|p| std::fs::metadata(p).map_or(0, |m| m.len().min(MAX_FILE_BYTES + 1))).collect());
    let mut total = 0u64;
    let within_cap: Vec<bool> = sizes
        .into_iter()
        .map(|size| {
            total += size;
            total <= super::fs::MAX_SCAN_BYTES
        })
        .collect();
    let loaded: Vec<Option<Loaded>> = crate::threads::install(|| {
        paths
            .par_iter()
            .zip(within_cap.par_iter())
            .enumerate()
            .map(|(i, (p, ok))| {
                let id = FileId(u32::try_from(i).unwrap_or(u32::MAX));
                let mut loaded = if *ok { read_one(&base, &canon_base, p, id, !prescan) } else { over_cap(&base, p) };
                if !prescan
                    && let Some(l) = &mut loaded
                    && !l.kind.is_vars()
                    && let Ok(body) = &mut l.result
                {
                    *body = outline(std::mem::take(body));
                }
                loaded
            })
            .collect()
    });

    // Files the pre-scan skipped still count as checked (and size the evaluation budget).
    let mut ws = Workspace { base: base.clone(), file_count, ..Workspace::default() };
    for l in loaded.into_iter().flatten() {
        let dir = parent_dir(&l.rel);
        let name = file_name(&l.rel).to_string();
        let id = ws.sources.add(SourceFile::new(l.rel, l.path, l.text));
        let m = ws.modules.entry(dir.clone()).or_insert_with(|| ModuleDir { dir, ..ModuleDir::default() });
        match l.result {
            Ok(body) if l.kind.is_vars() => m.tfvars.push((name, id, body)),
            Ok(body) => m.bodies.push((id, body)),
            Err(e) => {
                let at = Span::new(id, e.offset..e.offset);
                let at = widen_to_char(&ws.sources, at);
                let what = if l.unread { "was not read" } else { "does not parse" };
                ws.diagnostics.push(Finding::new(&catalog::JC001, at, format!("{name} {what}: {}", e.message)));
            }
        }
    }
    for (dir, why) in walked.unreadable {
        let rel = walk::rel(&base, &dir);
        let shown = if rel.is_empty() { ".".to_string() } else { format!("{rel}/") };
        let id = ws.sources.add(SourceFile::new(shown.clone(), dir, String::new()));
        ws.diagnostics.push(Finding::new(
            &catalog::JC001,
            Span::new(id, 0..0),
            format!("directory `{shown}` could not be read ({why}); the Terraform files in it were not checked"),
        ));
    }
    // Directories with only tfvars are not modules.
    ws.modules.retain(|_, m| !m.bodies.is_empty() || !m.tfvars.is_empty());
    resolve_calls(&mut ws, &remote);
    if !prescan {
        parse_wanted(&mut ws, wanted);
    }
    ws
}

fn widen_to_char(sources: &SourceMap, s: Span) -> Span {
    let Some(f) = sources.get(s.file) else {
        return s;
    };
    let start = s.start as usize;
    let len = f.text.get(start..).and_then(|t| t.chars().next()).map_or(0, char::len_utf8);
    Span::new(s.file, start..start + len)
}

fn resolve_calls(ws: &mut Workspace, remote: &BTreeMap<(String, String), String>) {
    let mut called: BTreeSet<String> = BTreeSet::new();
    let mut edges: BTreeMap<String, Vec<(String, Span)>> = BTreeMap::new();
    let mut calls = BTreeMap::new();
    let mut diags = Vec::new();
    for (dir, m) in &ws.modules {
        for (_, body) in &m.bodies {
            for b in body.blocks("module") {
                let Some(name) = b.labels.first() else {
                    continue;
                };
                let Some(src) = b.body.attr("source") else {
                    continue;
                };
                let ExprKind::Str(s, _) = &src.expr.kind else {
                    calls.insert(
                        (dir.clone(), name.to_string()),
                        Source::Unknown(Reason::new(UnknownKind::Unsupported, "`source` is not a literal string")),
                    );
                    continue;
                };
                let source = if s.starts_with("./") || s.starts_with("../") {
                    match join_rel(dir, s) {
                        Some(target) if ws.modules.get(&target).is_some_and(|t| !t.bodies.is_empty()) => {
                            called.insert(target.clone());
                            edges.entry(dir.clone()).or_default().push((target.clone(), src.expr.span));
                            Source::Dir(target)
                        }
                        Some(target) => {
                            let exists = ws.base.join(&target).is_dir();
                            let msg = if exists {
                                format!("module source `{s}` has no Terraform files")
                            } else {
                                format!("module source `{s}` does not exist")
                            };
                            diags.push(
                                Finding::new(&catalog::JC003, src.expr.span, msg)
                                    .with_help("point `source` at a directory that holds the module's .tf files"),
                            );
                            Source::Missing
                        }
                        None => Source::Unknown(Reason::new(
                            UnknownKind::OutsideTree,
                            format!("module source `{s}` is outside the scanned tree"),
                        )),
                    }
                } else if let Some(d) = remote.get(&(dir.clone(), name.to_string())) {
                    called.insert(d.clone());
                    Source::Dir(d.clone())
                } else {
                    Source::Unknown(Reason::new(
                        UnknownKind::RemoteModule,
                        format!("module source `{s}` is not installed under .terraform/modules"),
                    ))
                };
                calls.insert((dir.clone(), name.to_string()), source);
            }
        }
    }
    // Cycles: a module that (transitively) calls itself.
    for (from, tos) in &edges {
        for (to, span) in tos {
            if reaches(&edges, to, from, &mut BTreeSet::new()) {
                diags.push(
                    Finding::new(
                        &catalog::JC003,
                        *span,
                        format!("module call forms a cycle: `{to}` calls back into `{}`", if from.is_empty() { "." } else { from }),
                    )
                    .with_help("break the cycle: a module cannot call itself"),
                );
                for ((d, _), s) in &mut calls {
                    if d == from && *s == Source::Dir(to.clone()) {
                        *s = Source::Missing;
                    }
                }
            }
        }
    }
    ws.roots = ws.modules.iter().filter(|(d, m)| !m.bodies.is_empty() && !called.contains(*d)).map(|(d, _)| d.clone()).collect();
    ws.calls = calls;
    ws.diagnostics.extend(diags);
}

fn reaches(edges: &BTreeMap<String, Vec<(String, Span)>>, from: &str, target: &str, seen: &mut BTreeSet<String>) -> bool {
    if from == target {
        return true;
    }
    if !seen.insert(from.to_string()) {
        return false;
    }
    edges.get(from).is_some_and(|tos| tos.iter().any(|(t, _)| reaches(edges, t, target, seen)))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "test set-up")]
    use super::*;

    /// The job model's question, as `model::demand` asks it (load cannot name the model).
    fn holds_trigger(ws: &Workspace, root: &str) -> bool {
        ws.closure(root).iter().filter_map(|d| ws.module(d)).any(|m| {
            m.bodies.iter().flat_map(|(_, b)| b.blocks("resource")).any(|b| b.labels.first().is_some_and(|t| t == "aws_scheduler_schedule"))
        })
    }

    /// A `.tf.json` file parsed for its outline only gives the outline a whole parse gives, or
    /// the same error: on hand-written cases, the repository's JSON files, and byte mutations
    /// of them.
    #[test]
    fn json_outline_parse_is_the_outline_of_the_whole_parse() {
        let both = |text: &str| {
            let whole = parse::parse_tf_json(FileId(0), text).map(outline);
            let part = parse::parse_tf_json_outline(FileId(0), text, &super::super::prescan::TRIGGERS).map(outline);
            assert_eq!(format!("{whole:?}"), format!("{part:?}"), "{text}");
        };
        let deep = format!("{{\"locals\": {}1{}}}", "[".repeat(140), "]".repeat(140));
        let mut cases: Vec<String> = [
            "{}",
            "[]",
            r#"{"resource": {"aws_cloudwatch_event_rule": {"r": {"schedule_expression": "rate(1 hour)", "tags": {"a": [1, 2]}}}, "aws_s3_bucket": {"b": {"bucket": "x"}}}}"#,
            r#"{"resource": [{"aws_scheduler_schedule": [{"s": {"name": "x"}}, {"t": [{"a": 1}, {"b": 2}]}]}, {"aws_iam_role": {"r": {}}}]}"#,
            r#"{"module": {"m": {"source": "./mod", "count": 2, "target": {"arn": "x"}, "source": "../other"}, "n": [{"source": "git::x"}, {"x": 1}]}}"#,
            r#"{"module": {"m": "not a block", "n": 3, "o": null}, "resource": {"aws_cloudwatch_event_target": {"t": 1}}}"#,
            r#"{"variable": {"v": {"default": {"deep": [[["x"]]]}}}, "data": {"aws_iam_policy_document": {"d": {}}}, "locals": {"a": "A"}, "//": "comment"}"#,
            r#"{"locals": {"a": "bad \q escape"}, "module": {"m": {"source": "./m"}}}"#,
            r#"{"locals": {"a": [1, 2,]}, "resource": {}}"#,
            r#"{"locals": {"a": "${var.x}"}}"#,
            r#"{"resource": {"aws_s3_bucket": {"b": {"x": 1e999}}}}"#,
            r#"{"resource": {"aws_cloudwatch_event_rule": {"r": {"x": tru}}}}"#,
            r#"{"module": {"m": {"source": "./m"}}} trailing"#,
            r#"{"resource": {"aws_cloudwatch_event_rule": {"r": {"x": "unterminated}}}}"#,
            r#"{"a" 1}"#,
            r#"{"module": {"m": {"source": "./m" "x": 1}}}"#,
        ]
        .iter()
        .map(ToString::to_string)
        .collect();
        cases.push(deep);
        for dir in ["testdata/e2e/tf-json", "testdata/malformed/weird"] {
            let base = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
            for e in std::fs::read_dir(base).unwrap().flatten() {
                if e.path().to_string_lossy().ends_with(".tf.json") {
                    cases.push(std::fs::read_to_string(e.path()).unwrap());
                }
            }
        }
        for c in &cases {
            both(c);
        }
        // Byte mutations: each case with one byte replaced, deleted or doubled, everywhere.
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = |below: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            usize::try_from(seed % below as u64).unwrap()
        };
        let alphabet = b"{}[]\":,\\ 0aex-.";
        for c in &cases {
            let bytes = c.as_bytes();
            for _ in 0..200 {
                if bytes.is_empty() {
                    break;
                }
                let mut m = bytes.to_vec();
                let at = next(m.len());
                match next(3) {
                    0 => m[at] = alphabet[next(alphabet.len())],
                    1 => {
                        m.remove(at);
                    }
                    _ => m.insert(at, m[at]),
                }
                if let Ok(text) = String::from_utf8(m) {
                    both(&text);
                }
            }
        }
    }

    fn idents(ws: &Workspace, dir: &str) -> Vec<String> {
        let m = ws.module(dir).unwrap();
        m.bodies.iter().flat_map(|(_, b)| &b.blocks).map(|b| format!("{} {}", b.ident, b.labels.join(" "))).collect()
    }

    /// `--all-files` parses everything, but keeps whole syntax trees only where a root that can
    /// hold a job reads them; elsewhere an outline still reports what load-time checks report.
    #[test]
    fn all_files_keeps_whole_trees_only_where_a_job_can_be() {
        let tree = tempfile::tempdir().unwrap();
        let write = |rel: &str, text: &str| {
            let p = tree.path().join(rel);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        };
        write(
            "job/main.tf",
            "resource \"aws_scheduler_schedule\" \"s\" {\n  name = \"x\"\n}\nmodule \"m\" {\n  source = \"../shared\"\n  n = 1\n}\n",
        );
        write("shared/main.tf", "resource \"aws_iam_role\" \"r\" {\n  name = \"r\"\n}\nlocals {\n  a = 1\n}\n");
        write(
            "other/main.tf",
            "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"b\"\n}\n# jobcheck:ignore JC003\nmodule \"gone\" {\n  source = \"./missing\"\n  x = 1\n}\nresource \"aws_scheduler_schedule\" \"not_a_root\" {\n  name = \"y\"\n}\n",
        );
        write("other/caller/main.tf", "module \"o\" {\n  source = \"..\"\n}\n");
        write("broken/main.tf", "resource \"aws_s3_bucket\" \"b\" {\n");
        let ws = load(tree.path(), &globset::GlobSet::empty(), true, holds_trigger);
        // The job root and the module it calls: whole.
        assert_eq!(idents(&ws, "job"), ["resource aws_scheduler_schedule s", "module m"]);
        assert_eq!(idents(&ws, "shared"), ["resource aws_iam_role r", "locals "]);
        let m = &ws.module("job").unwrap().bodies[0].1;
        assert_eq!(m.blocks[1].body.attrs.iter().map(|a| &*a.name).collect::<Vec<&str>>(), ["source", "n"]);
        // `other` is called by `other/caller`, which can hold a job through it: whole too.
        assert_eq!(idents(&ws, "other").len(), 3);
        // Still every load-time finding: the bad module source and the parse error.
        let rules: Vec<&str> = ws.diagnostics.iter().map(|d| d.rule).collect();
        assert!(rules.contains(&"JC003") && rules.contains(&"JC001"), "{rules:?}");

        // Without the caller, `other` is not used by a wanted root: an outline (module call
        // with its source, trigger resources without bodies).
        std::fs::remove_dir_all(tree.path().join("other/caller")).unwrap();
        std::fs::remove_dir_all(tree.path().join("other")).unwrap();
        write(
            "other/main.tf",
            "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"b\"\n}\n# jobcheck:ignore JC003\nmodule \"gone\" {\n  source = \"./missing\"\n  x = 1\n}\n",
        );
        let ws = load(tree.path(), &globset::GlobSet::empty(), true, holds_trigger);
        assert_eq!(idents(&ws, "other"), ["module gone"]);
        let call = &ws.module("other").unwrap().bodies[0].1.blocks[0];
        assert_eq!(call.body.attrs.iter().map(|a| &*a.name).collect::<Vec<&str>>(), ["source"]);
        assert!(ws.diagnostics.iter().any(|d| d.rule == "JC003"));
        assert_eq!(idents(&ws, "job"), ["resource aws_scheduler_schedule s", "module m"]);
    }
}
