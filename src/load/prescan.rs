//! The pre-scan: which files are worth parsing at all.
//!
//! Most Terraform in a monorepo has nothing to do with scheduled jobs. Before anything is
//! parsed, every `.tf`/`.tf.json` file is searched as raw bytes for the resource types a job
//! (or a model-wide check) starts from, and for the relative paths its `module` blocks may
//! call. A directory is loaded when it, or a module it can call, mentions a trigger; with it
//! every module it can call, so that its root is evaluated exactly as before.
//!
//! Everything here over-approximates: a false positive costs a parse, a false negative would
//! lose a job. Unreadable and oversized files count as mentioning a trigger (the loader then
//! reports them); an escape sequence that could spell a type name or a path does too.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use aho_corasick::AhoCorasick;
use rayon::prelude::*;

use super::modules::{MAX_FILE_BYTES, join_rel, parent_dir};
use super::walk::{FileKind, WalkedFile};

/// The resource types the job model and the model-wide rules start from: event rules (JC204,
/// JC004, alert rules), their targets, and Scheduler schedules (also matches
/// `aws_scheduler_schedule_group`, which costs a parse and nothing else).
pub(crate) const TRIGGERS: [&str; 3] = ["aws_cloudwatch_event_rule", "aws_cloudwatch_event_target", "aws_scheduler_schedule"];

const MODULE: usize = TRIGGERS.len();
/// `\u`/`\U` escapes can spell any name inside an HCL or JSON string (a block label, a JSON
/// key such as `"modul\u0065"`).
const ESCAPES: [usize; 2] = [MODULE + 1, MODULE + 2];

static MATCHER: LazyLock<Option<AhoCorasick>> = LazyLock::new(|| {
    let mut pats: Vec<&str> = TRIGGERS.to_vec();
    pats.extend(["module", "\\u", "\\U"]);
    AhoCorasick::new(pats).ok()
});

/// What the bytes of one file can hold.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct FileScan {
    /// Mentions a trigger type, or might (see the module doc).
    pub trigger: bool,
    /// Every string literal whose value starts with `./` or `../`, from files that can hold a
    /// `module` block: a superset of the local module sources the file calls.
    pub sources: BTreeSet<String>,
    /// The literals could not all be read within the scan's budget (only a hostile file gets
    /// here): the file may call any directory.
    pub wild: bool,
    /// A `source` written as a string that is not a local path (a registry, git or archive
    /// module): unless `terraform init` installed it, what it holds is unknown, so the
    /// directory is loaded and the summary can say that a module was not inspected.
    pub remote_source: bool,
}

/// Scans one file's bytes.
pub(crate) fn scan_bytes(b: &[u8]) -> FileScan {
    let Some(ac) = MATCHER.as_ref() else {
        // Cannot happen with these fixed patterns; parse everything rather than guess.
        return FileScan { trigger: true, ..literal_paths(b) };
    };
    let (mut trigger, mut module) = (false, false);
    for m in ac.find_iter(b) {
        let p = m.pattern().as_usize();
        if p < MODULE {
            trigger = true;
        } else if p == MODULE {
            module = true;
        } else if ESCAPES.contains(&p) {
            trigger = true;
            module = true;
        }
        if trigger && module {
            break;
        }
    }
    // A NUL byte: not text Terraform reads, but a file that may have been meant as a job.
    trigger |= memchr::memchr(0, b).is_some();
    let paths = if module { literal_paths(b) } else { FileScan::default() };
    FileScan { trigger, remote_source: module && remote_source(b), ..paths }
}

/// Whether `b` has a `source = "…"` (HCL) or `"source": "…"` (JSON) whose value does not start
/// with `./` or `../`. Over-approximates: any attribute named `source` counts.
fn remote_source(b: &[u8]) -> bool {
    let skip_ws = |mut i: usize| {
        while b.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        i
    };
    memchr::memmem::find_iter(b, b"source").any(|at| {
        let before = at.checked_sub(1).and_then(|i| b.get(i));
        if before.is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_' || *c == b'-') {
            return false;
        }
        let mut i = at + b"source".len();
        if b.get(i) == Some(&b'"') {
            i += 1;
        }
        i = skip_ws(i);
        if !matches!(b.get(i), Some(b'=' | b':')) {
            return false;
        }
        i = skip_ws(i + 1);
        if b.get(i) != Some(&b'"') {
            // A reference or expression: Terraform requires a literal, so nothing is called.
            return false;
        }
        let value = &b[i + 1..];
        !(value.starts_with(b"./") || value.starts_with(b"../") || value.starts_with(b".\\/"))
    })
}

/// Reads (at most [`MAX_FILE_BYTES`]) and scans one file. A file that cannot be read whole
/// counts as a trigger, so that the loader reads it and reports why it could not.
///
/// The scanned tree is hostile: the file is stat'ed before it is opened (opening a FIFO would
/// block), and a symlink is read only through [`super::fs::read_bytes`], which resolves it
/// inside the scan root.
pub(crate) fn scan_file(canon_root: &Path, path: &Path) -> FileScan {
    let Ok(link) = std::fs::symlink_metadata(path) else { return unreadable() };
    if link.file_type().is_symlink() {
        return super::fs::read_bytes(Some(canon_root), path).map_or_else(|_| unreadable(), |b| scan_bytes(&b));
    }
    if !link.is_file() {
        return unreadable();
    }
    std::fs::File::open(path).map_or_else(|_| unreadable(), scan_opened)
}

/// [`scan_file`] for a file its directory listing showed as a regular file, without the
/// `lstat`: the open neither follows a symlink (`O_NOFOLLOW`: one swapped in since is read
/// through [`scan_file`]) nor waits for a writer (`O_NONBLOCK`: a FIFO swapped in opens at
/// once, and is then refused as not a regular file).
pub(crate) fn scan_listed_file(canon_root: &Path, path: &Path) -> FileScan {
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        let opened = std::fs::OpenOptions::new().read(true).custom_flags(libc::O_NONBLOCK | libc::O_NOFOLLOW).open(path);
        if let Ok(f) = opened {
            return scan_opened(f);
        }
    }
    scan_file(canon_root, path)
}

/// What a file that cannot be read whole counts as.
fn unreadable() -> FileScan {
    FileScan { trigger: true, ..FileScan::default() }
}

thread_local! {
    /// Each scanning thread's read buffer: no allocation per file.
    static BUF: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Scans an opened file: it must be a regular file of at most [`MAX_FILE_BYTES`].
fn scan_opened(f: std::fs::File) -> FileScan {
    BUF.with_borrow_mut(|buf| {
        let scan = if read_opened(f, buf) { scan_bytes(buf) } else { unreadable() };
        // A thread keeps no large file's buffer.
        if buf.capacity() > 1 << 20 {
            *buf = Vec::new();
        }
        scan
    })
}

/// Reads the whole content of an opened regular file of at most [`MAX_FILE_BYTES`] into `buf`,
/// in one `read` (reading every file of a monorepo is most of the pre-scan's cost; the usual
/// read-to-end loop takes four calls per small file). `false` when it is not a regular file,
/// cannot be read, is larger, or grows meanwhile.
fn read_opened(mut f: std::fs::File, buf: &mut Vec<u8>) -> bool {
    let Ok(meta) = f.metadata() else { return false };
    let Ok(len) = usize::try_from(meta.len()) else { return false };
    if !meta.is_file() || meta.len() > MAX_FILE_BYTES {
        return false;
    }
    // One byte more than the size: a short read is the end of a regular file.
    buf.clear();
    buf.resize(len + 1, 0);
    let mut n = 0;
    loop {
        match f.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => {
                n += k;
                if n == buf.len() {
                    return false;
                }
                if n >= len {
                    break;
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => return false,
        }
    }
    buf.truncate(n);
    true
}

/// The decoded values of the string literals that start (after their opening quote) with a
/// `.` or an escape, kept when they start with `./` or `../` — the only sources the loader
/// resolves as local directories. Quote parity is never tracked, so a stray quote in a
/// comment or heredoc cannot hide a literal; extra candidates are harmless. Literals may
/// overlap (`"./\"./\"…`), so decoding has a budget linear in the file's size; a file that
/// exhausts it is `wild`.
fn literal_paths(b: &[u8]) -> FileScan {
    let mut out = FileScan::default();
    let mut budget = 16 * b.len() + 4096;
    for q in memchr::memchr_iter(b'"', b) {
        let Some(&first) = b.get(q + 1) else { break };
        if first != b'.' && first != b'\\' {
            continue;
        }
        match decode(&b[q + 1..], &mut budget) {
            Decoded::Value(v) if v.starts_with("./") || v.starts_with("../") => {
                out.sources.insert(v);
            }
            Decoded::Value(_) | Decoded::Unterminated => {}
            Decoded::OverBudget => {
                out.wild = true;
                break;
            }
        }
    }
    out
}

enum Decoded {
    Value(String),
    /// A line end or the end of the file came first: not a string literal.
    Unterminated,
    OverBudget,
}

/// Decodes a string body up to its closing quote (HCL and JSON escapes).
fn decode(b: &[u8], budget: &mut usize) -> Decoded {
    let mut out: Vec<u8> = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if *budget == 0 {
            return Decoded::OverBudget;
        }
        *budget -= 1;
        match b[i] {
            b'"' => return Decoded::Value(String::from_utf8_lossy(&out).into_owned()),
            b'\n' => return Decoded::Unterminated,
            b'\\' => {
                let Some(&e) = b.get(i + 1) else { return Decoded::Unterminated };
                i += 2;
                match e {
                    b'n' => out.push(b'\n'),
                    b'r' => out.push(b'\r'),
                    b't' => out.push(b'\t'),
                    b'b' => out.push(8),
                    b'f' => out.push(12),
                    b'u' | b'U' => {
                        let n = if e == b'u' { 4 } else { 8 };
                        let hex = b.get(i..i + n).and_then(|h| std::str::from_utf8(h).ok());
                        let c = hex.and_then(|h| u32::from_str_radix(h, 16).ok()).and_then(char::from_u32).unwrap_or('\u{FFFD}');
                        let mut tmp = [0u8; 4];
                        out.extend_from_slice(c.encode_utf8(&mut tmp).as_bytes());
                        i += n.min(b.len() - i);
                    }
                    // `\"`, `\\`, `\/` and anything else stand for themselves.
                    other => out.push(other),
                }
            }
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
    Decoded::Unterminated
}

/// The files to load out of `files` (every walked file plus installed remote modules, each
/// with its pre-scan when the walk made one; the others are scanned here): those in
/// directories that can reach a trigger through module calls, and in every directory such a
/// directory can call. `remote` maps (calling dir, module key) to an installed module's directory,
/// as read from `.terraform/modules/modules.json`.
pub(crate) fn select(base: &Path, files: Vec<WalkedFile>, remote: &BTreeMap<(String, String), String>) -> Vec<PathBuf> {
    let canon_root = super::fs::canonical_root(base);
    let (paths, scans): (Vec<PathBuf>, Vec<(String, FileScan)>) = files
        .into_par_iter()
        .map(|f| {
            let scan = match (f.scan, FileKind::of(&f.path)) {
                (Some(s), _) => s,
                (None, Some(FileKind::Tf | FileKind::TfJson)) => scan_file(&canon_root, &f.path),
                _ => FileScan::default(),
            };
            (f.path, (parent_dir(&f.rel), scan))
        })
        .unzip();
    let keep = relevant_dirs(&scans, remote);
    paths.into_iter().zip(scans).filter(|(_, (dir, _))| keep.contains(dir)).map(|(p, _)| p).collect()
}

/// The directories to load, from each file's directory and scan.
pub(crate) fn relevant_dirs(scans: &[(String, FileScan)], remote: &BTreeMap<(String, String), String>) -> BTreeSet<String> {
    let mut triggers: BTreeSet<&str> = BTreeSet::new();
    let mut edges: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    // Every directory, for a file that may call any (only a hostile file is one).
    let all: BTreeSet<String> =
        if scans.iter().any(|(_, s)| s.wild) { scans.iter().map(|(d, _)| d.clone()).collect() } else { BTreeSet::new() };
    let installed: BTreeSet<&str> = remote.keys().map(|(dir, _)| dir.as_str()).collect();
    for (dir, s) in scans {
        // A remote module that `terraform init` did not install may hold a job: load the
        // caller, so that the call is counted as not inspected rather than silently skipped.
        if s.trigger || (s.remote_source && !installed.contains(dir.as_str())) {
            triggers.insert(dir);
        }
        if !s.wild && s.sources.is_empty() {
            continue;
        }
        let out = edges.entry(dir).or_default();
        if s.wild {
            out.extend(all.iter().cloned());
        }
        out.extend(s.sources.iter().filter_map(|src| join_rel(dir, src)));
    }
    for ((dir, _), target) in remote {
        edges.entry(dir.as_str()).or_default().insert(target.clone());
    }
    let mut callers: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (from, tos) in &edges {
        for to in tos {
            callers.entry(to.as_str()).or_default().push(from);
        }
    }
    // Directories whose calls can lead to a trigger …
    let mut reach: BTreeSet<String> = BTreeSet::new();
    let mut stack: Vec<&str> = triggers.into_iter().collect();
    while let Some(d) = stack.pop() {
        if reach.insert(d.to_string()) {
            stack.extend(callers.get(d).into_iter().flatten().copied());
        }
    }
    // … and everything they can call.
    let mut keep: BTreeSet<String> = BTreeSet::new();
    let mut stack: Vec<String> = reach.into_iter().collect();
    while let Some(d) = stack.pop() {
        if let Some(tos) = edges.get(d.as_str()) {
            stack.extend(tos.iter().filter(|t| !keep.contains(*t)).cloned());
        }
        keep.insert(d);
    }
    keep
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan(s: &str) -> FileScan {
        scan_bytes(s.as_bytes())
    }

    fn paths(s: &str) -> Vec<String> {
        scan(s).sources.into_iter().collect()
    }

    #[test]
    fn triggers_in_every_spelling() {
        assert!(scan("resource \"aws_cloudwatch_event_target\" \"t\" {}").trigger);
        assert!(scan("resource aws_scheduler_schedule s {}").trigger);
        assert!(scan("resource \"aws_cloudwatch_event_rule\" \"r\" {}").trigger);
        assert!(scan(r#"{"resource": {"aws_cloudwatch_event_target": {"t": {}}}}"#).trigger);
        assert!(scan(r#"{"resource": [{"aws_scheduler_schedule": [{"s": {}}]}]}"#).trigger);
        // An escape can spell the type.
        assert!(scan(r#"{"resource": {"aws_cloudwatch_event\u005ftarget": {}}}"#).trigger);
        assert!(scan("resource \"aws_scheduler_\\u0073chedule\" \"s\" {}").trigger);
        assert!(!scan("resource \"aws_s3_bucket\" \"b\" {}\nmodule \"m\" { source = \"../m\" }\n").trigger);
        assert!(scan("resource \"aws_s3_bucket\" \"b\" {}\0").trigger);
    }

    #[test]
    fn remote_sources_are_seen() {
        assert!(scan("module \"m\" {\n  source  = \"terraform-aws-modules/vpc/aws\"\n}\n").remote_source);
        assert!(scan(r#"{"module": {"m": {"source": "git::https://example.com/m.git"}}}"#).remote_source);
        assert!(!scan("module \"m\" {\n  source = \"../m\"\n}\n").remote_source);
        assert!(!scan("module \"m\" {\n  source = \"./m\"\n  source_arn = \"x\"\n}\n").remote_source);
        // Without a `module`, a `source` is something else (a provisioner's file).
        assert!(!scan("resource \"x\" \"y\" {\n  source = \"files/a\"\n}\n").remote_source);
    }

    #[test]
    fn overlapping_literals_stay_linear() {
        // Every quote starts a literal that runs to the end of the line.
        let hostile = format!("module \"m\" {{ source = \"{}\" }}", "./\\\"".repeat(200_000));
        let s = scan(&hostile);
        assert!(s.wild);
        let fine = format!("module \"m\" {{ source = \"../m\" }}\n{}", "x = \"./a\"\n".repeat(50_000));
        assert_eq!(paths(&fine), ["../m", "./a"]);
    }

    #[test]
    fn module_sources_in_every_spelling() {
        let hcl = "module \"a\" {\n  source = \"../a\"\n}\nmodule b {\n  source=\"./b//sub\" # \"quote\n}\n";
        assert_eq!(paths(hcl), ["../a", "./b//sub"]);
        let json = r#"{"module": {"a": {"source": "..\/a"}, "b": [{"source": "\u002e/b"}]}}"#;
        assert_eq!(paths(json), ["../a", "./b"]);
        // A stray quote in a comment does not hide the next literal.
        assert_eq!(paths("# it's \"odd\nmodule \"a\" { source = \"../a\" }"), ["../a"]);
        // `module` spelled with an escape (a JSON key) still yields its sources.
        assert_eq!(paths(r#"{"modul\u0065": {"a": {"source": "../a"}}}"#), ["../a"]);
        // No `module` anywhere: no calls to look for.
        assert!(scan("locals { p = \"../a\" }").sources.is_empty());
        // Registry sources are resolved through the manifest, not here.
        assert!(scan("module \"v\" { source = \"terraform-aws-modules/vpc/aws\" }").sources.is_empty());
    }

    fn dirs(files: &[(&str, &str)], remote: &[(&str, &str, &str)]) -> Vec<String> {
        let scans: Vec<(String, FileScan)> = files.iter().map(|(d, t)| ((*d).to_string(), scan(t))).collect();
        let remote = remote.iter().map(|(d, k, t)| (((*d).to_string(), (*k).to_string()), (*t).to_string())).collect();
        relevant_dirs(&scans, &remote).into_iter().collect()
    }

    #[test]
    fn closure_of_the_roots_that_reach_a_trigger() {
        let got = dirs(
            &[
                ("live/a", "module \"job\" { source = \"../../modules/job\" }\nmodule \"net\" { source = \"../../modules/net\" }"),
                ("live/b", "module \"net\" { source = \"../../modules/net\" }"),
                ("live/c", "resource \"aws_s3_bucket\" \"b\" {}"),
                ("live/d", "module \"w\" { source = \"../../modules/wrapper\" }"),
                ("modules/wrapper", "module \"j\" { source = \"../job\" }"),
                ("modules/job", "resource \"aws_cloudwatch_event_target\" \"t\" {}"),
                ("modules/net", "resource \"aws_vpc\" \"v\" {}"),
                ("live/e", "module \"r\" { source = \"registry/x/aws\" }"),
                (".terraform/modules/r", "resource \"aws_scheduler_schedule\" \"s\" {}"),
                ("live/f", "module \"r\" { source = \"registry/y/aws\" }"),
            ],
            &[("live/e", "r", ".terraform/modules/r")],
        );
        // live/f calls a registry module `terraform init` did not install: it may hold a job.
        assert_eq!(got, [".terraform/modules/r", "live/a", "live/d", "live/e", "live/f", "modules/job", "modules/net", "modules/wrapper"]);
    }

    /// The walk's read of a listed regular file: what it opens is checked again, so a FIFO or
    /// a symlink out of the tree put in its place is neither waited on nor read.
    #[cfg(unix)]
    #[test]
    fn listed_files_are_checked_when_opened() {
        #![allow(clippy::unwrap_used, reason = "test set-up")]
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.tf"), "resource \"aws_s3_bucket\" \"b\" {}\n").unwrap();
        let tree = tempfile::tempdir().unwrap();
        let root = crate::load::fs::canonical_root(tree.path());
        let job = root.join("job.tf");
        std::fs::write(&job, "resource \"aws_scheduler_schedule\" \"s\" {}\n").unwrap();
        assert!(scan_listed_file(&root, &job).trigger);
        let plain = root.join("plain.tf");
        std::fs::write(&plain, "module \"m\" { source = \"../m\" }\n").unwrap();
        assert_eq!(scan_listed_file(&root, &plain), scan(&std::fs::read_to_string(&plain).unwrap()));
        // Unreadable (here: leads outside) counts as a trigger, so the loader reports it.
        let link = root.join("link.tf");
        std::os::unix::fs::symlink(outside.path().join("secret.tf"), &link).unwrap();
        assert_eq!(scan_listed_file(&root, &link), FileScan { trigger: true, ..FileScan::default() });
        let fifo = root.join("pipe.tf");
        if std::process::Command::new("mkfifo").arg(&fifo).status().is_ok_and(|s| s.success()) {
            assert_eq!(scan_listed_file(&root, &fifo), FileScan { trigger: true, ..FileScan::default() });
        }
    }

    #[test]
    fn a_wild_file_may_call_any_directory() {
        let scans = vec![
            ("a".to_string(), FileScan { wild: true, ..FileScan::default() }),
            ("b".to_string(), scan("resource \"aws_s3_bucket\" \"b\" {}")),
            ("c".to_string(), scan("resource \"aws_scheduler_schedule\" \"s\" {}")),
        ];
        assert_eq!(relevant_dirs(&scans, &BTreeMap::new()).into_iter().collect::<Vec<_>>(), ["a", "b", "c"]);
        assert_eq!(relevant_dirs(&scans[..2], &BTreeMap::new()).len(), 0);
    }
}
