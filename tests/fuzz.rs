//! A mutation fuzz loop on stable Rust, run by `cargo test` for a bounded number of cases
//! (`JOBCHECK_FUZZ_CASES`, default 256; CI keeps the default, a longer local run sets more).
//! Each case takes a fixture directory of `testdata/` (every rule's fail/pass cases, materialized
//! from their reference job as `tests/fixtures.rs` checks them, and the malformed trees), applies random mutations to its files — byte cuts, duplications,
//! splices from other fixtures, hostile tokens (deep operators, doubling locals, control
//! characters, references in constants, huge numbers, FIFO-like names) — and runs the whole
//! pipeline and every output format on the result. Properties: no panic, no hang (each case
//! finishes; the budgets bound it), and no raw control character reaches a human-readable
//! format.

#![allow(clippy::unwrap_used, clippy::panic, reason = "a test fails loudly on unexpected data")]

#[path = "support/fixture.rs"]
mod fixture;

use std::path::{Path, PathBuf};

use jobcheck::report::Format;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

const HOSTILE: &[&str] = &[
    "\u{1b}]0;x\u{7}",
    "\u{1b}[2J",
    "\u{202e}",
    "\u{9b}31m",
    "\r",
    "\n::error::forged\n",
    "${",
    "%{ if true }",
    "%{ endif }",
    "%{ for x in [1] }",
    "%{ endfor }",
    "- - - - - - - -",
    " + 1 + 1 + 1 + 1",
    "!!!!!!!!",
    "var.x",
    "path.module",
    "local.a",
    "\"${local.a}${local.a}\"",
    "concat(local.a, local.a)",
    "{ a = local.a, b = local.a }",
    "formatlist()",
    "format(\"%99999999999d\", 1)",
    "format(\"%.99999999f\", 1)",
    "\"rate(99999999999999999 minutes)\"",
    "\"cron(0 3 ? * 2-6 *)\"",
    "1e308",
    "-0",
    "count = 1000\n",
    "for_each = { a = 1 }\n",
    "module \"m\" {\n source = \"./\"\n count = 64\n}\n",
    "file(\"/etc/passwd\")",
    "file(\"../../../../etc/passwd\")",
    "templatefile(\"main.tf\", {})",
    "jsonencode(",
    "jsondecode(\"[[[[[[\")",
    "[for i in range(1024) : [for j in range(1024) : i]]",
    "replace(\"aaaa\", \"\", \"bbbb\")",
    "join(\",\", range(1024))",
    "<<EOT\n",
    "\nEOT\n",
    "{",
    "}",
    "[",
    "]",
    "(",
    ")",
    "\"",
    "\\",
    "#",
    "/*",
    "\u{feff}",
    "\u{0}",
];

/// Every fixture directory holding Terraform files: the rule fixtures materialized under
/// `rules` (a temporary directory), and `testdata/malformed` and `testdata/example`.
fn fixture_dirs(rules: &Path) -> Vec<PathBuf> {
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata");
    for dir in fixture::fixtures() {
        fixture::materialize(&dir, &rules.join(dir.strip_prefix(fixture::rules_dir()).unwrap())).unwrap();
    }
    let mut out = Vec::new();
    let mut stack = vec![rules.to_path_buf(), base.join("malformed"), base.join("example")];
    while let Some(d) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else { continue };
        let mut has_tf = false;
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() && p.file_name().is_some_and(|n| n != "snapshots") {
                stack.push(p);
            } else if is_tf(&p) {
                has_tf = true;
            }
        }
        if has_tf {
            out.push(d);
        }
    }
    out.sort();
    out
}

fn is_tf(p: &Path) -> bool {
    let n = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
    [".tf", ".tf.json", ".tfvars", ".tfvars.json", ".json", ".tpl"].iter().any(|e| n.ends_with(e))
}

/// The files of a fixture directory (one level), as (name, bytes).
fn files_of(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file() && is_tf(p))
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(&p).unwrap()))
        .collect();
    out.sort();
    out
}

#[derive(Debug, Clone)]
enum Mutation {
    Cut { at: usize, len: usize },
    Duplicate { at: usize, len: usize },
    Insert { at: usize, token: usize },
    Splice { at: usize, from: usize, start: usize, len: usize },
    FlipByte { at: usize, byte: u8 },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), 0usize..200).prop_map(|(at, len)| Mutation::Cut { at, len }),
        (any::<usize>(), 0usize..400).prop_map(|(at, len)| Mutation::Duplicate { at, len }),
        (any::<usize>(), 0..HOSTILE.len()).prop_map(|(at, token)| Mutation::Insert { at, token }),
        (any::<usize>(), any::<usize>(), any::<usize>(), 0usize..600).prop_map(|(at, from, start, len)| Mutation::Splice {
            at,
            from,
            start,
            len
        }),
        (any::<usize>(), any::<u8>()).prop_map(|(at, byte)| Mutation::FlipByte { at, byte }),
    ]
}

fn apply(text: &mut Vec<u8>, m: &Mutation, donors: &[Vec<u8>]) {
    let n = text.len();
    let pos = |at: usize| if n == 0 { 0 } else { at % (n + 1) };
    match m {
        Mutation::Cut { at, len } => {
            let a = pos(*at);
            let b = (a + len).min(n);
            text.drain(a..b);
        }
        Mutation::Duplicate { at, len } => {
            let a = pos(*at);
            let b = (a + len).min(n);
            let dup = text[a..b].to_vec();
            text.splice(b..b, dup);
        }
        Mutation::Insert { at, token } => {
            let a = pos(*at);
            text.splice(a..a, HOSTILE[*token].bytes());
        }
        Mutation::Splice { at, from, start, len } => {
            if donors.is_empty() {
                return;
            }
            let d = &donors[from % donors.len()];
            let s = if d.is_empty() { 0 } else { start % d.len() };
            let e = (s + len).min(d.len());
            let a = pos(*at);
            text.splice(a..a, d[s..e].iter().copied());
        }
        Mutation::FlipByte { at, byte } => {
            if n > 0 {
                text[at % n] = *byte;
            }
        }
    }
}

fn run_case(files: &[(String, Vec<u8>)]) {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in files {
        std::fs::write(dir.path().join(name), bytes).unwrap();
    }
    let opts =
        jobcheck::Options { now: chrono::DateTime::parse_from_rfc3339("2026-06-01T00:00:00Z").unwrap().into(), ..Default::default() };
    let report = jobcheck::check(dir.path(), &opts).unwrap();
    for format in [Format::Human, Format::Json, Format::Sarif, Format::Github, Format::Compact] {
        let mut out = Vec::new();
        jobcheck::report::write(&report, format, jobcheck::Severity::Note, false, &mut out).unwrap();
        if matches!(format, Format::Human | Format::Github | Format::Compact) {
            let text = String::from_utf8_lossy(&out);
            let bad = text.chars().find(|c| (c.is_control() && *c != '\n') || ('\u{202a}'..='\u{202e}').contains(c));
            assert!(bad.is_none(), "{format:?} output carries {bad:?}:\n{text}");
        }
        if format == Format::Github {
            let text = String::from_utf8_lossy(&out);
            assert!(text.lines().all(|l| l.starts_with("::error ") || l.starts_with("::warning ") || l.starts_with("::notice ")), "{text}");
        }
    }
}

#[test]
fn mutated_fixtures_never_crash_or_leak_controls() {
    let cases: u32 = std::env::var("JOBCHECK_FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(256);
    let materialized = tempfile::tempdir().unwrap();
    let dirs = fixture_dirs(materialized.path());
    assert!(dirs.len() > 50, "fixtures not found: {dirs:?}");
    let donors: Vec<Vec<u8>> = dirs.iter().flat_map(|d| files_of(d)).map(|(_, b)| b).collect();
    let mut runner = TestRunner::new(Config { cases, failure_persistence: None, ..Config::default() });
    let strategy = (0..dirs.len(), prop::collection::vec((any::<usize>(), mutation()), 1..8));
    runner
        .run(&strategy, |(d, muts)| {
            let mut files = files_of(&dirs[d]);
            if files.is_empty() {
                return Ok(());
            }
            let nfiles = files.len();
            for (which, m) in &muts {
                apply(&mut files[which % nfiles].1, m, &donors);
            }
            run_case(&files);
            Ok(())
        })
        .unwrap();
    eprintln!("fuzz: {cases} mutated trees from {} fixture directories", dirs.len());
}
