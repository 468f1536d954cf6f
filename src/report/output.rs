//! `--output FILE`: the report is written to a temporary file in the same directory and
//! renamed over FILE when complete. A symlink planted at FILE is replaced, never followed
//! (the rename acts on the link itself), and a failed run leaves no half-written report.

use std::io::Write;
use std::path::{Path, PathBuf};

pub struct AtomicFile {
    tmp: std::io::BufWriter<tempfile::NamedTempFile>,
    target: PathBuf,
}

impl AtomicFile {
    pub fn create(target: &Path) -> Result<Self, String> {
        let dir = match target.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        // `--output reports/jobcheck.sarif`: the directories it needs are created.
        std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        let tmp =
            tempfile::Builder::new().prefix(".jobcheck-report").tempfile_in(&dir).map_err(|e| format!("{}: {e}", target.display()))?;
        Ok(Self { tmp: std::io::BufWriter::new(tmp), target: target.to_path_buf() })
    }

    /// Moves the finished report into place.
    pub fn commit(self) -> Result<(), String> {
        let fail = |e: &dyn std::fmt::Display| format!("{}: {e}", self.target.display());
        let tmp = self.tmp.into_inner().map_err(|e| format!("{}: {}", self.target.display(), e.error()))?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            // A report is not a secret: the permissions a newly created file would get.
            let _ = tmp.as_file().set_permissions(std::fs::Permissions::from_mode(0o644));
        }
        tmp.as_file().sync_all().map_err(|e| fail(&e))?;
        let target = self.target.clone();
        tmp.persist(&target).map_err(|e| fail(&e.error))?;
        Ok(())
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.tmp.write(buf)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.tmp.flush()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "test set-up")]
    use super::*;

    #[test]
    fn a_symlink_at_the_target_is_replaced_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim");
        std::fs::write(&victim, "keep me").unwrap();
        let target = dir.path().join("report.sarif");
        #[cfg(unix)]
        std::os::unix::fs::symlink(&victim, &target).unwrap();
        let mut f = AtomicFile::create(&target).unwrap();
        f.write_all(b"{}").unwrap();
        f.commit().unwrap();
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep me");
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "{}");
        assert!(!std::fs::symlink_metadata(&target).unwrap().file_type().is_symlink());
        let leftovers = std::fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(leftovers, 2);
    }
}
