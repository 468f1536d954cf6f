//! The one way jobcheck opens a file of the scanned tree. The tree is hostile input: a
//! committed symlink may point at `/etc/passwd`, a FIFO would block the scan for ever, a
//! device would never end. Every read resolves the path inside the scan root, requires a
//! regular file (checked before opening and again on the open handle) and reads at most a
//! fixed number of bytes.

use std::io::Read;
use std::path::{Path, PathBuf};

/// Files larger than this are not read (generated blobs, state files renamed `.tf`).
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;
/// Terraform files read per scan, and separately bytes read by `file()`/`templatefile()`:
/// with everything jobcheck builds from them, this bounds a scan's memory (README,
/// "Limits").
pub(crate) const MAX_SCAN_BYTES: u64 = 64 * 1024 * 1024;

/// Why a file was not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ReadError {
    /// The path (after resolving symlinks) leads outside the scanned tree.
    Outside,
    /// Not a regular file: a FIFO, socket, device or directory.
    NotRegular(&'static str),
    TooLarge(u64),
    Io(String),
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::Outside => f.write_str("it leads outside the scanned tree; jobcheck reads only inside it"),
            ReadError::NotRegular(what) => write!(f, "it is a {what}, not a regular file; not read"),
            ReadError::TooLarge(n) => write!(f, "file is {n} bytes, over the {MAX_FILE_BYTES}-byte limit; not analysed"),
            ReadError::Io(e) => write!(f, "cannot read file: {e}"),
        }
    }
}

/// What kind of non-regular file `m` describes, for messages.
fn kind_of(m: &std::fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = m.file_type();
        if t.is_fifo() {
            return "named pipe (FIFO)";
        }
        if t.is_socket() {
            return "socket";
        }
        if t.is_block_device() || t.is_char_device() {
            return "device";
        }
    }
    if m.is_dir() { "directory" } else { "special file" }
}

/// The canonical form of a scan root (itself when it cannot be resolved).
pub(crate) fn canonical_root(root: &Path) -> PathBuf {
    root.canonicalize().unwrap_or_else(|_| root.to_path_buf())
}

/// Resolves `path` and checks that it lies inside `canon_root` (already canonical).
pub(crate) fn resolve_inside(canon_root: &Path, path: &Path) -> Result<PathBuf, ReadError> {
    let canon = path.canonicalize().map_err(|e| ReadError::Io(e.to_string()))?;
    if canon.starts_with(canon_root) { Ok(canon) } else { Err(ReadError::Outside) }
}

/// Reads a regular file of at most [`MAX_FILE_BYTES`] bytes. `canon_root`: when given, the
/// file must resolve inside it (pass `None` only for paths the user named on the command line).
pub(crate) fn read_bytes(canon_root: Option<&Path>, path: &Path) -> Result<Vec<u8>, ReadError> {
    read_bytes_capped(canon_root, path, MAX_FILE_BYTES)
}

/// [`read_bytes`] with an explicit size limit.
pub(crate) fn read_bytes_capped(canon_root: Option<&Path>, path: &Path, cap: u64) -> Result<Vec<u8>, ReadError> {
    let target = match canon_root {
        Some(root) => resolve_inside(root, path)?,
        None => path.to_path_buf(),
    };
    // Stat first: a FIFO would block `open` itself.
    let meta = std::fs::metadata(&target).map_err(|e| ReadError::Io(e.to_string()))?;
    if !meta.is_file() {
        return Err(ReadError::NotRegular(kind_of(&meta)));
    }
    if meta.len() > cap {
        return Err(ReadError::TooLarge(meta.len()));
    }
    let file = std::fs::File::open(&target).map_err(|e| ReadError::Io(e.to_string()))?;
    // The path may have been swapped between the stat and the open: check the handle.
    read_opened(file, cap)
}

/// Reads an opened file whole, checked on its handle: a regular file of at most `cap` bytes.
fn read_opened(file: std::fs::File, cap: u64) -> Result<Vec<u8>, ReadError> {
    let meta = file.metadata().map_err(|e| ReadError::Io(e.to_string()))?;
    if !meta.is_file() {
        return Err(ReadError::NotRegular(kind_of(&meta)));
    }
    if meta.len() > cap {
        return Err(ReadError::TooLarge(meta.len()));
    }
    let mut out = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(cap + 1).read_to_end(&mut out).map_err(|e| ReadError::Io(e.to_string()))?;
    if out.len() as u64 > cap {
        return Err(ReadError::TooLarge(out.len() as u64));
    }
    Ok(out)
}

/// [`read_bytes`] for a file the walk listed (its directories are inside the tree: the walk
/// follows no symlink) or one in a directory already resolved inside it. A regular file is
/// opened without following a symlink (`O_NOFOLLOW`: one swapped in since is refused) or
/// waiting for a writer (`O_NONBLOCK`), then checked again on the handle; anything else (a
/// symlink, a FIFO, a device: never opened here) goes through [`read_bytes`], which resolves it
/// inside `canon_root`. Saves resolving every directory of the path again.
pub(crate) fn read_listed(canon_root: &Path, path: &Path) -> Result<Vec<u8>, ReadError> {
    #[cfg(unix)]
    if std::fs::symlink_metadata(path).is_ok_and(|m| m.is_file()) {
        use std::os::unix::fs::OpenOptionsExt;
        let opened = std::fs::OpenOptions::new().read(true).custom_flags(libc::O_NONBLOCK | libc::O_NOFOLLOW).open(path);
        if let Ok(file) = opened {
            return read_opened(file, MAX_FILE_BYTES);
        }
    }
    read_bytes(Some(canon_root), path)
}

/// Reads a file named on the command line (`--var-file`, `--config`). It may be a pipe
/// (`--var-file <(…)`) or `/dev/null`; but when the path goes through a symlink — which a
/// scanned repository can commit — the file it leads to must lie inside `scan_root`.
pub(crate) fn read_named(scan_root: &Path, path: &Path) -> Result<String, ReadError> {
    let system = path.starts_with("/dev") || path.starts_with("/proc");
    let mut prefix = PathBuf::new();
    let mut linked = false;
    for c in path.components() {
        prefix.push(c);
        linked |= std::fs::symlink_metadata(&prefix).is_ok_and(|m| m.file_type().is_symlink());
    }
    if linked && !system {
        resolve_inside(&canonical_root(scan_root), path)?;
    }
    let meta = std::fs::metadata(path).map_err(|e| ReadError::Io(e.to_string()))?;
    if meta.is_dir() {
        return Err(ReadError::NotRegular("directory"));
    }
    if meta.is_file() && meta.len() > MAX_FILE_BYTES {
        return Err(ReadError::TooLarge(meta.len()));
    }
    let file = std::fs::File::open(path).map_err(|e| ReadError::Io(e.to_string()))?;
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes).map_err(|e| ReadError::Io(e.to_string()))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(ReadError::TooLarge(bytes.len() as u64));
    }
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    String::from_utf8(bytes).map_err(|e| ReadError::Io(format!("not valid UTF-8 (byte {})", e.utf8_error().valid_up_to())))
}

/// [`read_bytes`] as UTF-8 text without a byte-order mark.
pub(crate) fn read_text(canon_root: Option<&Path>, path: &Path) -> Result<String, ReadError> {
    let mut bytes = read_bytes(canon_root, path)?;
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    String::from_utf8(bytes).map_err(|e| ReadError::Io(format!("not valid UTF-8 (byte {})", e.utf8_error().valid_up_to())))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "test set-up")]
    use super::*;

    #[test]
    fn refuses_outside_symlinks_fifos_and_big_files() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret"), "root:x:0:0\n").unwrap();
        let tree = tempfile::tempdir().unwrap();
        let root = canonical_root(tree.path());
        std::fs::write(tree.path().join("ok.tf"), "a = 1\n").unwrap();
        assert_eq!(read_text(Some(&root), &tree.path().join("ok.tf")).unwrap(), "a = 1\n");
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(outside.path().join("secret"), tree.path().join("leak.tf")).unwrap();
            assert_eq!(read_text(Some(&root), &tree.path().join("leak.tf")), Err(ReadError::Outside));
            std::os::unix::fs::symlink(tree.path().join("ok.tf"), tree.path().join("inside.tf")).unwrap();
            assert!(read_text(Some(&root), &tree.path().join("inside.tf")).is_ok());
            let fifo = tree.path().join("pipe.tf");
            let made = std::process::Command::new("mkfifo").arg(&fifo).status().is_ok_and(|s| s.success());
            if made {
                assert_eq!(read_text(Some(&root), &fifo), Err(ReadError::NotRegular("named pipe (FIFO)")));
            }
            assert_eq!(read_text(None, Path::new("/dev/null")), Err(ReadError::NotRegular("device")));
        }
        assert_eq!(read_text(Some(&root), tree.path()), Err(ReadError::NotRegular("directory")));
        // Named on the command line: `/dev/null` and pipes are fine, a link out of the tree is not.
        assert_eq!(read_named(tree.path(), Path::new("/dev/null")), Ok(String::new()));
        assert_eq!(read_named(tree.path(), &tree.path().join("ok.tf")), Ok("a = 1\n".to_string()));
        #[cfg(unix)]
        assert_eq!(read_named(tree.path(), &tree.path().join("leak.tf")), Err(ReadError::Outside));
        std::fs::write(tree.path().join("big.tf"), vec![b'#'; 100]).unwrap();
        assert_eq!(read_bytes_capped(Some(&root), &tree.path().join("big.tf"), 10), Err(ReadError::TooLarge(100)));
    }

    /// The walk's quick read refuses what `read_bytes` refuses, with the same reasons.
    #[test]
    fn listed_files_are_read_as_safely() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret"), "root:x:0:0\n").unwrap();
        let tree = tempfile::tempdir().unwrap();
        let root = canonical_root(tree.path());
        std::fs::write(tree.path().join("ok.tf"), "a = 1\n").unwrap();
        assert_eq!(read_listed(&root, &tree.path().join("ok.tf")).unwrap(), b"a = 1\n");
        assert!(matches!(read_listed(&root, &tree.path().join("missing.tf")), Err(ReadError::Io(_))));
        assert_eq!(read_listed(&root, tree.path()), Err(ReadError::NotRegular("directory")));
        let big = tree.path().join("big.tf");
        std::fs::File::create(&big).unwrap().set_len(MAX_FILE_BYTES + 1).unwrap();
        assert_eq!(read_listed(&root, &big), Err(ReadError::TooLarge(MAX_FILE_BYTES + 1)));
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(outside.path().join("secret"), tree.path().join("leak.tf")).unwrap();
            assert_eq!(read_listed(&root, &tree.path().join("leak.tf")), Err(ReadError::Outside));
            std::os::unix::fs::symlink(tree.path().join("ok.tf"), tree.path().join("inside.tf")).unwrap();
            assert_eq!(read_listed(&root, &tree.path().join("inside.tf")).unwrap(), b"a = 1\n");
            let fifo = tree.path().join("pipe.tf");
            // Never waits for a writer: the FIFO is refused without being opened.
            if std::process::Command::new("mkfifo").arg(&fifo).status().is_ok_and(|s| s.success()) {
                assert_eq!(read_listed(&root, &fifo), Err(ReadError::NotRegular("named pipe (FIFO)")));
            }
        }
    }
}
