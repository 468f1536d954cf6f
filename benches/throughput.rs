//! Throughput of the whole pipeline against raw hcl-edit parsing, on two generated trees (see
//! `tests/support/tree.rs`): the original one with a job in one root of five, and a monorepo
//! that is mostly not jobs (a job in one root of 25). Each tree is checked with the pre-scan
//! (the default) and with `--all-files` (every file parsed and evaluated, as before the
//! pre-scan), interleaved in the same run. Run with `cargo bench`; prints times, files/s, MB/s
//! and each pipeline's peak RSS: that of the `jobcheck` binary itself (its allocator, its
//! report written to a sink), which prints its peak (`VmHWM`) when `JOBCHECK_TIMING` is set.
//!
//! Two hostile shapes follow (issue 10), each timed and measured for peak RSS the same way:
//! one large minified `.tf.json` object (3 MB on one line: block headers were once searched
//! to the end of the line, quadratic), checked with `--all-files` since it holds no job, and a
//! tree with 100,000 findings (de-duplication was once quadratic), also in the JSON and SARIF
//! formats. Memory is checked here, never in `cargo test`: the README's limits section gives
//! these figures.
//!
//! Each tree's line also gives the user + system CPU time of each pipeline summed over the runs,
//! which other processes on a shared machine disturb less than wall time.
//!
//! Options (environment): `JOBCHECK_BENCH_DIRS` (default 600 directories, 5 files each),
//! `JOBCHECK_BENCH_RUNS` (default 5; the median is reported).

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::print_stdout,
    clippy::cast_precision_loss,
    reason = "a benchmark reports and fails loudly"
)]

use std::fmt::Write as _;

// The allocator the `jobcheck` binary ships with (src/main.rs), so that the in-process timings
// are the binary's; the raw hcl-edit parse uses it too.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[path = "../tests/support/tree.rs"]
mod tree;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;

fn tf_files(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if !p.to_string_lossy().ends_with(".json") {
                out.push(p);
            }
        }
    }
    out
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

/// User + system CPU time of this process so far, all threads included (Linux; `None`
/// elsewhere). Less sensitive than wall time to other processes sharing the machine.
fn cpu_time() -> Option<Duration> {
    let s = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which may hold spaces): utime and stime are the 12th
    // and 13th, in clock ticks (100 per second on Linux).
    let rest = s.rsplit_once(')')?.1;
    let f: Vec<u64> = rest.split_whitespace().skip(11).take(2).map(|x| x.parse().unwrap_or(0)).collect();
    Some(Duration::from_millis(10 * (f.first()? + f.get(1)?)))
}

/// Runs `f`, adding its wall time to `wall` and its CPU time to `cpu`.
fn timed<T>(wall: &mut Vec<Duration>, cpu: &mut Duration, f: impl FnOnce() -> T) -> T {
    let (t, c) = (Instant::now(), cpu_time());
    let out = f();
    wall.push(t.elapsed());
    if let (Some(a), Some(b)) = (c, cpu_time()) {
        *cpu += b.saturating_sub(a);
    }
    out
}

fn options(all_files: bool) -> jobcheck::Options {
    jobcheck::Options { all_files, ..jobcheck::Options::default() }
}

/// Peak RSS (MiB) of the `jobcheck` binary checking `root` and writing its report in `format`
/// (to a sink): the figure the README's limits section gives, allocator and process included.
fn child_rss(root: &Path, all_files: bool, format: &str) -> f64 {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_jobcheck"));
    cmd.args(["check", "--format", format]).arg(root).env("JOBCHECK_TIMING", "1").stdout(std::process::Stdio::null());
    if all_files {
        cmd.arg("--all-files");
    }
    let out = cmd.output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    let kib = err
        .lines()
        .find_map(|l| l.strip_prefix("jobcheck memory: peak "))
        .and_then(|v| v.trim_end_matches("KiB").trim().parse::<u64>().ok())
        .unwrap_or_else(|| panic!("no peak memory line from jobcheck: {err}"));
    kib as f64 / 1024.0
}

fn bench_tree(name: &str, root: &Path, shape: &tree::Shape, runs: usize) {
    let (files, bytes) = tree::generate(root, shape);
    let paths = tf_files(root);
    let mb = bytes as f64 / 1e6;
    println!("\n{name}: {files} files, {mb:.2} MB, {} roots, {} threads", shape.dirs, rayon::current_num_threads());
    let (mut raw, mut pre, mut all, mut read) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let (mut cpu_raw, mut cpu_pre, mut cpu_all, mut cpu_read) = (Duration::ZERO, Duration::ZERO, Duration::ZERO, Duration::ZERO);
    let (mut jobs_pre, mut jobs_all) = (0, 0);
    for _ in 0..runs {
        let ok = timed(&mut raw, &mut cpu_raw, || {
            paths.par_iter().filter(|p| hcl_edit::parser::parse_body(&std::fs::read_to_string(p).unwrap()).is_ok()).count()
        });
        assert_eq!(ok, paths.len());
        // The floor any correct check pays: every file read once (a file not read may hold a job).
        let bytes_read = timed(&mut read, &mut cpu_read, || paths.par_iter().map(|p| std::fs::read(p).unwrap().len()).sum::<usize>());
        assert!(bytes_read > 0);
        jobs_pre = timed(&mut pre, &mut cpu_pre, || jobcheck::check(root, &options(false)).unwrap().jobs.len());
        jobs_all = timed(&mut all, &mut cpu_all, || jobcheck::check(root, &options(true)).unwrap().jobs.len());
    }
    assert_eq!(jobs_pre, jobs_all, "the pre-scan lost or added jobs");
    let (raw, pre, all, read) = (median(raw), median(pre), median(all), median(read));
    let line = |what: &str, d: Duration, extra: String| {
        let s = d.as_secs_f64();
        println!("{what:<32}: {:>8.1} ms  {:>9.0} files/s  {:>7.2} MB/s{extra}", s * 1e3, files as f64 / s, mb / s);
    };
    line("raw hcl-edit parse (all files)", raw, String::new());
    line("read every file (no parse)", read, String::new());
    let rss = |all_files: bool| {
        let rss = child_rss(root, all_files, "human");
        format!("peak RSS {rss:.1} MiB, {:.1}x the input", rss * 1024.0 * 1024.0 / bytes as f64)
    };
    line("jobcheck (pre-scan, default)", pre, format!("  ({jobs_pre} jobs, {})", rss(false)));
    line("jobcheck --all-files", all, format!("  ({jobs_all} jobs, {})", rss(true)));
    let r = |a: Duration, b: Duration| a.as_secs_f64() / b.as_secs_f64();
    println!(
        "time pre-scan / raw parse: {:.2}   pre-scan / --all-files: {:.2}   --all-files / raw parse: {:.2}",
        r(pre, raw),
        r(pre, all),
        r(all, raw)
    );
    println!("time pre-scan / read every file: {:.2}   read every file / raw parse: {:.2}", r(pre, read), r(read, raw));
    if !cpu_raw.is_zero() {
        println!(
            "CPU (user+sys, all runs) raw parse {:.0} ms, pre-scan {:.0} ms, --all-files {:.0} ms; pre-scan / raw parse: {:.2}   --all-files / raw parse: {:.2}",
            cpu_raw.as_secs_f64() * 1e3,
            cpu_pre.as_secs_f64() * 1e3,
            cpu_all.as_secs_f64() * 1e3,
            r(cpu_pre, cpu_raw),
            r(cpu_all, cpu_raw)
        );
    }
}

/// One minified `.tf.json` of about 3 MB: 15,000 resources and a 5,000-entry local object.
fn generate_json(root: &Path) -> u64 {
    let _ = std::fs::remove_dir_all(root);
    std::fs::create_dir_all(root).unwrap();
    let mut res = serde_json::Map::new();
    for i in 0..15_000 {
        res.insert(
            format!("p{i}"),
            serde_json::json!({"name": format!("/app/param/{i}"), "type": "String", "value": "x".repeat(100), "tags": {"team": "a", "n": i.to_string()}}),
        );
    }
    let mut big = serde_json::Map::new();
    for i in 0..5_000 {
        big.insert(format!("k{i}"), serde_json::json!({"v": [i, i + 1, "s".repeat(20)]}));
    }
    let doc = serde_json::json!({"resource": {"aws_ssm_parameter": res}, "locals": {"big": big}});
    let text = serde_json::to_string(&doc).unwrap();
    std::fs::write(root.join("main.tf.json"), &text).unwrap();
    text.len() as u64
}

/// 20 files of 5,000 scheduled rules without a target: 100,000 findings.
fn generate_findings(root: &Path) -> u64 {
    let _ = std::fs::remove_dir_all(root);
    std::fs::create_dir_all(root).unwrap();
    let mut bytes = 0;
    for f in 0..20 {
        let mut text = String::new();
        for i in 0..5_000 {
            let _ = writeln!(text, "resource \"aws_cloudwatch_event_rule\" \"r{f}_{i}\" {{\n  schedule_expression = \"rate(1 hour)\"\n}}");
        }
        std::fs::write(root.join(format!("rules{f:02}.tf")), &text).unwrap();
        bytes += text.len() as u64;
    }
    bytes
}

/// Median time of the whole pipeline on `root` (in this process).
fn measure(root: &Path, all_files: bool, runs: usize) -> (Duration, usize) {
    let mut findings = 0;
    let t = median(
        (0..runs)
            .map(|_| {
                let t = Instant::now();
                findings = jobcheck::check(root, &options(all_files)).unwrap().findings.len();
                t.elapsed()
            })
            .collect(),
    );
    (t, findings)
}

fn main() {
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("target");
    let dirs: usize = std::env::var("JOBCHECK_BENCH_DIRS").ok().and_then(|v| v.parse().ok()).unwrap_or(600);
    let runs: usize = std::env::var("JOBCHECK_BENCH_RUNS").ok().and_then(|v| v.parse().ok()).unwrap_or(5);
    bench_tree("(b) job in one root of five", &base.join("bench-tree"), &tree::Shape { dirs, ..tree::Shape::JOB_IN_FIVE }, runs);
    bench_tree(
        "(a) monorepo, jobs in 4.8 % of the roots",
        &base.join("bench-tree-monorepo"),
        &tree::Shape { dirs, ..tree::Shape::MOSTLY_NOT_JOBS },
        runs,
    );
    for (name, dir, all_files, bytes) in [
        ("large .tf.json object", base.join("bench-json"), true, generate_json(&base.join("bench-json"))),
        ("100k findings", base.join("bench-findings"), false, generate_findings(&base.join("bench-findings"))),
    ] {
        let (t, findings) = measure(&dir, all_files, runs);
        let mb = bytes as f64 / 1e6;
        println!("{name:<22}: {:>8.1} ms  {mb:>7.2} MB  {findings} findings", t.as_secs_f64() * 1e3);
        // The JSON formats are measured too: they were once built whole in memory.
        let formats: &[&str] = if findings > 0 { &["human", "json", "sarif"] } else { &["human"] };
        for format in formats {
            let rss = child_rss(&dir, all_files, format);
            println!("{:<24}--format {format:<6} peak RSS {rss:.1} MiB ({:.1}x the input)", "", rss * 1024.0 * 1024.0 / bytes as f64);
        }
    }
}
