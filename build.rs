//! Generates the rule catalog and registry from `rules/JC*.md` and `src/rules/jc*.rs`
//! ([`rules`]), and puts the commit into `jobcheck --version`: `0.1.0 (9c2d85e 2026-12-01)`.
//!
//! The commit comes from `JOBCHECK_COMMIT` when set (a Docker build without `.git`), else from
//! git when this crate is the top of a git work tree. Built from the sdist or crates.io, where
//! there is no repository, the version is the bare package version.

#![allow(clippy::print_stdout, reason = "cargo reads the build script's standard output")]

use std::path::Path;
use std::process::Command;

#[path = "build/rules.rs"]
mod rules;

fn git(args: &[&str]) -> Option<String> {
    let out = Command::new("git").args(args).output().ok()?;
    if !out.status.success() {
        return None;
    }
    let s = String::from_utf8(out.stdout).ok()?.trim().to_string();
    (!s.is_empty()).then_some(s)
}

/// The commit, when this crate's directory is the top of a git work tree (and not merely
/// unpacked somewhere inside another repository).
fn from_git(manifest_dir: &Path) -> Option<String> {
    let top = git(&["rev-parse", "--show-toplevel"])?;
    let same = Path::new(&top).canonicalize().ok()? == manifest_dir.canonicalize().ok()?;
    if !same {
        return None;
    }
    // Rebuild when HEAD moves: HEAD itself, the branch it points at, and packed refs. Only
    // files that exist, or cargo would rerun this script on every build.
    let mut watch = vec!["HEAD".to_string(), "packed-refs".to_string()];
    if let Some(r) = git(&["symbolic-ref", "-q", "HEAD"]) {
        watch.push(r);
    }
    for w in watch {
        if let Some(p) = git(&["rev-parse", "--git-path", &w])
            && Path::new(&p).exists()
        {
            println!("cargo:rerun-if-changed={p}");
        }
    }
    git(&["log", "-1", "--format=%h %cs"])
}

/// Writes `catalog.rs` and `registry.rs` into `OUT_DIR` (included by `src/catalog.rs` and
/// `src/rules/mod.rs`).
#[allow(clippy::panic, reason = "a build script reports an error by failing")]
fn generate_rules(manifest_dir: &Path) {
    println!("cargo:rerun-if-changed=build");
    println!("cargo:rerun-if-changed=rules");
    println!("cargo:rerun-if-changed=src/rules");
    let out = std::env::var_os("OUT_DIR").unwrap_or_else(|| panic!("cargo sets OUT_DIR"));
    let (catalog, registry) = match rules::generate(&manifest_dir.join("rules"), &manifest_dir.join("src/rules")) {
        Ok(g) => g,
        Err(e) => panic!("{e}"),
    };
    for (name, text) in [("catalog.rs", catalog), ("registry.rs", registry)] {
        let path = Path::new(&out).join(name);
        if let Err(e) = std::fs::write(&path, text) {
            panic!("{}: {e}", path.display());
        }
    }
}

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=JOBCHECK_COMMIT");
    let version = std::env::var("CARGO_PKG_VERSION").unwrap_or_default();
    let manifest_dir = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| ".".to_string());
    generate_rules(Path::new(&manifest_dir));
    let commit = std::env::var("JOBCHECK_COMMIT")
        .ok()
        .map(|c| c.trim().chars().filter(|c| c.is_ascii_alphanumeric() || matches!(c, ' ' | '-' | '.')).take(40).collect::<String>())
        .filter(|c| !c.is_empty())
        .or_else(|| from_git(Path::new(&manifest_dir)));
    let full = match commit {
        Some(c) => format!("{version} ({c})"),
        None => version,
    };
    println!("cargo:rustc-env=JOBCHECK_VERSION={full}");
}
