//! Start-up time of the release binary: `jobcheck --version` must stay under 10 ms with the
//! AWS data compiled in (it is inflated lazily, only when a scan names a managed policy or
//! needs the action catalog). Also times a scan of one job that attaches AWS managed policies
//! and uses action wildcards, so the lazy decoding is measured where it happens.
//! Run with `cargo bench --bench startup`; prints median and p95 of `JOBCHECK_BENCH_RUNS`
//! (default 200) runs and exits non-zero when the `--version` median is 10 ms or more. On a
//! loaded machine compare with the previous binary: `hyperfine -N 'old --version' 'new --version'`.

#![allow(clippy::print_stdout, clippy::unwrap_used, reason = "a benchmark reports and fails loudly")]

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// (min, median, p95) wall time of `runs` runs.
fn time(args: &[&str], runs: usize) -> (Duration, Duration, Duration) {
    let exe = env!("CARGO_BIN_EXE_jobcheck");
    let mut t: Vec<Duration> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            let status = Command::new(exe).args(args).stdout(Stdio::null()).stderr(Stdio::null()).status().unwrap();
            let took = start.elapsed();
            assert!(status.code().is_some(), "jobcheck {args:?} was killed");
            took
        })
        .collect();
    t.sort_unstable();
    (t[0], t[t.len() / 2], t[t.len() * 95 / 100])
}

fn main() {
    let runs = std::env::var("JOBCHECK_BENCH_RUNS").ok().and_then(|v| v.parse().ok()).unwrap_or(200usize).max(1);
    let root = env!("CARGO_MANIFEST_DIR");
    let scan = format!("{root}/testdata/rules/JC602/fail_managed_policy_lacks_runtask");
    let _ = time(&["--version"], 5); // warm the page cache
    let (min, median, p95) = time(&["--version"], runs);
    println!("jobcheck --version: min {min:?}, median {median:?}, p95 {p95:?} ({runs} runs)");
    let (n2, m2, p2) = time(&[scan.as_str(), "--format", "json"], runs.min(50));
    println!("scan of one job with AWS managed policies: min {n2:?}, median {m2:?}, p95 {p2:?}");
    if median >= Duration::from_millis(10) {
        println!("start-up budget exceeded: the median must stay under 10 ms");
        std::process::exit(1);
    }
}
