//! Throughput of the whole pipeline against raw hcl-edit parsing, on a generated tree of a
//! few thousand files (see `generate`). Run with `cargo bench`; prints files/s, MB/s and the
//! pipeline's peak RSS (measured in a child process, from `/proc/self/status`).
//!
//! Two hostile shapes follow (issue 10), each timed and measured for peak RSS the same way:
//! one large minified `.tf.json` object (3 MB on one line: block headers were once searched
//! to the end of the line, quadratic) and a tree with 100,000 findings (de-duplication was
//! once quadratic).
//!
//! Options (environment): `JOBCHECK_BENCH_DIRS` (default 600 directories, 5 files each),
//! `JOBCHECK_BENCH_RUNS` (default 5; the median is reported).

#![allow(clippy::unwrap_used, clippy::print_stdout, clippy::cast_precision_loss, reason = "a benchmark reports and fails loudly")]

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;

/// Writes `dirs` service directories with variables, tfvars, an IAM policy and outputs; one in
/// five calls a shared scheduled-job module (some with a mistake), the rest hold ordinary
/// infrastructure, as a monorepo does.
fn generate(root: &Path, dirs: usize) -> (usize, u64) {
    let _ = std::fs::remove_dir_all(root);
    let module = root.join("modules/job");
    std::fs::create_dir_all(&module).unwrap();
    let job = include_str!("../testdata/rules/JC301/fail_module_argument/job/main.tf");
    std::fs::write(module.join("main.tf"), job).unwrap();
    let (mut files, mut bytes) = (1usize, job.len() as u64);
    let sizes = [(256, 512), (512, 1024), (1024, 2048), (2048, 4096), (4096, 8192)];
    for i in 0..dirs {
        let d = root.join(format!("services/svc-{i:04}"));
        std::fs::create_dir_all(&d).unwrap();
        let (cpu, mem) = sizes[i % sizes.len()];
        let mem = if i % 10 == 7 { mem * 3 } else { mem };
        let sched = if i % 10 == 3 { "cron(0 3 * * 1-5)".to_string() } else { format!("cron({} {} ? * MON-FRI *)", i % 60, i % 24) };
        let contents = [
            ("main.tf", if i % 5 == 0 {
                format!(
                    "module \"job\" {{\n  source = \"../../modules/job\"\n  name   = var.name\n  schedule = var.schedule\n  cpu    = {cpu}\n  memory = {mem}\n  subnet_ids = var.subnets\n}}\n\nlocals {{\n  tags = merge(var.tags, {{ service = var.name, index = \"{i}\" }})\n  names = [for n in range(3) : \"${{var.name}}-${{n}}\"]\n}}\n"
                )
            } else {
                // Most of a monorepo is not scheduled jobs: buckets, security groups, services.
                format!(
                    "locals {{\n  tags = merge(var.tags, {{ service = var.name, index = \"{i}\" }})\n  names = [for n in range(3) : \"${{var.name}}-${{n}}\"]\n}}\n\nresource \"aws_s3_bucket\" \"data\" {{\n  bucket = \"${{var.name}}-data\"\n  tags   = local.tags\n}}\n\nresource \"aws_security_group\" \"svc\" {{\n  name = var.name\n  dynamic \"ingress\" {{\n    for_each = [80, 443]\n    content {{\n      from_port   = ingress.value\n      to_port     = ingress.value\n      protocol    = \"tcp\"\n      cidr_blocks = [\"10.0.0.0/8\"]\n    }}\n  }}\n}}\n\nresource \"aws_ecs_service\" \"svc\" {{\n  name          = var.name\n  cluster       = \"main\"\n  desired_count = {}\n  launch_type   = \"FARGATE\"\n}}\n",
                    i % 4 + 1
                )
            }),
            ("variables.tf", "variable \"name\" {\n  type = string\n}\n\nvariable \"schedule\" {\n  type = string\n}\n\nvariable \"subnets\" {\n  type    = list(string)\n  default = [\"subnet-0a1b2c3d4e5f60718\"]\n}\n\nvariable \"tags\" {\n  type    = map(string)\n  default = {}\n}\n".to_string()),
            ("terraform.tfvars", format!("name     = \"svc-{i:04}\"\nschedule = \"{sched}\"\n")),
            ("iam.tf", format!(
                "data \"aws_iam_policy_document\" \"reader\" {{\n  statement {{\n    actions   = [\"s3:GetObject\", \"s3:ListBucket\"]\n    resources = [\"arn:aws:s3:::bucket-{i}\", \"arn:aws:s3:::bucket-{i}/*\"]\n  }}\n}}\n\nresource \"aws_iam_policy\" \"reader\" {{\n  name   = \"svc-{i:04}-reader\"\n  policy = data.aws_iam_policy_document.reader.json\n}}\n"
            )),
            ("outputs.tf", "output \"tags\" {\n  value = local.tags\n}\n\noutput \"names\" {\n  value = local.names\n}\n".to_string()),
        ];
        for (name, text) in contents {
            std::fs::write(d.join(name), &text).unwrap();
            files += 1;
            bytes += text.len() as u64;
        }
    }
    (files, bytes)
}

fn tf_files(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
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

fn peak_rss_kib() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    s.lines().find_map(|l| l.strip_prefix("VmHWM:")).and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
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

/// Median time of the whole pipeline and its peak RSS (in a child process) on `root`.
fn measure(root: &Path, runs: usize) -> (Duration, usize, usize, u64) {
    let opts = jobcheck::Options::default();
    let (mut jobs, mut findings) = (0, 0);
    let t = median(
        (0..runs)
            .map(|_| {
                let t = Instant::now();
                let r = jobcheck::check(root, &opts).unwrap();
                (jobs, findings) = (r.jobs.len(), r.findings.len());
                t.elapsed()
            })
            .collect(),
    );
    let child = std::process::Command::new(std::env::current_exe().unwrap()).env("JOBCHECK_BENCH_CHILD", root).output().unwrap();
    let rss = String::from_utf8_lossy(&child.stdout).split_whitespace().nth(1).unwrap_or("0").parse::<u64>().unwrap_or(0);
    (t, jobs, findings, rss)
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-tree");
    if let Some(child) = std::env::var_os("JOBCHECK_BENCH_CHILD") {
        let opts = jobcheck::Options::default();
        let r = jobcheck::check(Path::new(&child), &opts).unwrap();
        println!("{} {}", r.jobs.len(), peak_rss_kib().unwrap_or(0));
        return;
    }
    let dirs: usize = std::env::var("JOBCHECK_BENCH_DIRS").ok().and_then(|v| v.parse().ok()).unwrap_or(600);
    let runs: usize = std::env::var("JOBCHECK_BENCH_RUNS").ok().and_then(|v| v.parse().ok()).unwrap_or(5);
    let (files, bytes) = generate(&root, dirs);
    let paths = tf_files(&root);
    let mb = bytes as f64 / 1e6;
    println!("tree: {files} files, {mb:.2} MB, {} threads", rayon::current_num_threads());

    let raw = median(
        (0..runs)
            .map(|_| {
                let t = Instant::now();
                let ok = paths.par_iter().filter(|p| hcl_edit::parser::parse_body(&std::fs::read_to_string(p).unwrap()).is_ok()).count();
                assert_eq!(ok, files);
                t.elapsed()
            })
            .collect(),
    );
    let (full, jobs, _, rss) = measure(&root, runs);
    let rate = |d: Duration| (files as f64 / d.as_secs_f64(), mb / d.as_secs_f64());
    let (rf, rm) = rate(raw);
    let (pf, pm) = rate(full);
    println!("raw hcl-edit parse : {:>8.1} ms  {rf:>9.0} files/s  {rm:>7.2} MB/s", raw.as_secs_f64() * 1e3);
    println!("jobcheck pipeline  : {:>8.1} ms  {pf:>9.0} files/s  {pm:>7.2} MB/s  ({jobs} jobs)", full.as_secs_f64() * 1e3);
    println!("pipeline / raw parse throughput: {:.2}", pf / rf);
    println!("pipeline peak RSS: {:.1} MiB ({:.1}x the input)", rss as f64 / 1024.0, rss as f64 * 1024.0 / bytes as f64);

    let target = Path::new(env!("CARGO_MANIFEST_DIR")).join("target");
    for (name, dir, bytes) in [
        ("large .tf.json object", target.join("bench-json"), generate_json(&target.join("bench-json"))),
        ("100k findings", target.join("bench-findings"), generate_findings(&target.join("bench-findings"))),
    ] {
        let (t, _, findings, rss) = measure(&dir, runs);
        println!(
            "{name:<22}: {:>8.1} ms  {:>7.2} MB  {findings} findings  peak RSS {:.1} MiB ({:.1}x the input)",
            t.as_secs_f64() * 1e3,
            bytes as f64 / 1e6,
            rss as f64 / 1024.0,
            rss as f64 * 1024.0 / bytes as f64
        );
    }
}
