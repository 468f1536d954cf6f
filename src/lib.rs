//! jobcheck: a static analyzer for scheduled ECS Fargate jobs defined in Terraform.
//!
//! Pipeline: walk → parse → evaluate → job model → rules → report.

pub mod aws;
pub mod baseline;
pub mod cli;
pub mod config;
pub mod eval;
pub mod finding;
pub mod load;
pub mod model;
pub mod report;
pub mod rules;
pub mod source;

use std::path::PathBuf;

pub use finding::{Finding, Label, Severity};
pub use source::SourceMap;

/// What to check and how.
#[derive(Debug, Clone)]
pub struct Options {
    pub var_files: Vec<PathBuf>,
    pub vars: Vec<(String, String)>,
    pub exclude: Vec<String>,
    pub now: chrono::DateTime<chrono::Utc>,
    /// Only these rules (IDs, names or ID prefixes like `JC6`), when not empty.
    pub select: Vec<String>,
    pub ignore: Vec<String>,
    /// `.jobcheck.toml` settings.
    pub config: config::Config,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            var_files: Vec::new(),
            vars: Vec::new(),
            exclude: Vec::new(),
            now: chrono::Utc::now(),
            select: Vec::new(),
            ignore: Vec::new(),
            config: config::Config::default(),
        }
    }
}

/// A job as listed in reports.
#[derive(Debug, Clone)]
pub struct JobSummary {
    pub address: String,
    pub kind: &'static str,
    pub span: source::Span,
    pub schedule: Option<String>,
    pub timezone: Option<String>,
    pub task_family: Option<String>,
    pub cpu: Option<u32>,
    pub memory: Option<u32>,
    pub log_group: Option<String>,
    pub next_run: Option<String>,
}

/// Everything a check produced.
#[derive(Debug)]
pub struct Report {
    pub sources: SourceMap,
    pub findings: Vec<Finding>,
    pub jobs: Vec<JobSummary>,
    pub files: usize,
    /// The scanned root relative to the working directory (`infra/`), for formats whose paths
    /// must be relative to the repository root (SARIF, GitHub annotations); empty otherwise.
    pub root_prefix: String,
    /// The scanned directory relative to the working directory (`infra`, `.`), or as given
    /// when it lies outside it; `.` for several paths (whose files are named through them).
    pub root: String,
    /// What [`Report::rebase`] put in front of every file name (`infra/`); empty before.
    pub names_prefix: String,
}

/// Runs the whole pipeline on one path.
/// Why a check could not run at all (findings are not errors).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{0}: no such file or directory")]
    NoSuchPath(PathBuf),
    #[error("{0}")]
    Exclude(String),
    #[error("{path}: {source}")]
    VarFile { path: PathBuf, source: std::io::Error },
}

pub fn check(path: &std::path::Path, opts: &Options) -> Result<Report, Error> {
    if !path.exists() {
        return Err(Error::NoSuchPath(path.to_path_buf()));
    }
    let mut exclude = opts.config.exclude.clone();
    exclude.extend(opts.exclude.iter().cloned());
    let globs = load::walk::glob_set(&exclude).map_err(Error::Exclude)?;
    let t0 = std::time::Instant::now();
    let mut ws = load::load(path, &globs);
    let t_load = t0.elapsed();
    let mut inputs = eval::Inputs { vars: opts.vars.clone(), ..eval::Inputs::default() };
    for vf in &opts.var_files {
        let text = std::fs::read_to_string(vf).map_err(|source| Error::VarFile { path: vf.clone(), source })?;
        let id = ws.sources.add(source::SourceFile::new(vf.display().to_string(), vf.clone(), text.clone()));
        let body =
            if vf.to_string_lossy().ends_with(".json") { load::parse::parse_tf_json(id, &text) } else { load::parse::parse_hcl(id, &text) };
        match body {
            Ok(b) => inputs.var_files.push((id, b)),
            Err(e) => ws.diagnostics.push(Finding::new(
                rules::meta("JC001"),
                source::Span::new(id, e.offset..e.offset),
                format!("{} does not parse: {}", vf.display(), e.message),
            )),
        }
    }
    let world = eval::evaluate(&ws, &inputs);
    let t_eval = t0.elapsed();
    let mut sources = std::mem::take(&mut ws.sources);
    for f in &world.extra_files {
        sources.add(source::SourceFile::new(f.rel.clone(), f.path.clone(), f.text.to_string()));
    }
    let model = model::discover(world, opts.now);
    let t_model = t0.elapsed();
    let mut findings = ws.diagnostics.clone();
    findings.extend(rules::run(&model));
    let t_rules = t0.elapsed();
    if std::env::var_os("JOBCHECK_TIMING").is_some() {
        eprintln!("jobcheck timing: load {t_load:?}, evaluate {t_eval:?}, model {t_model:?}, rules {t_rules:?} (cumulative)");
    }
    let findings = config::filter(findings, &opts.config, &opts.select, &opts.ignore);
    let mut sups = config::collect(&ws, &sources);
    let findings = config::apply(findings, &mut sups);
    let mut findings = dedupe(findings, &sources);
    rules::jc002_value_unresolved::merge(&mut findings);
    let jobs = report::summarize(&model, opts.now);
    let root_prefix = root_prefix(&ws.base);
    let root = if !root_prefix.is_empty() {
        root_prefix.trim_end_matches('/').to_string()
    } else if is_cwd(&ws.base) {
        ".".to_string()
    } else {
        path.display().to_string()
    };
    Ok(Report { sources, findings, jobs, files: ws.file_count, root_prefix, root, names_prefix: String::new() })
}

impl Report {
    /// Checks several paths as one report: each file is named relative to the working
    /// directory through its path (`infra/a/main.tf`).
    pub fn check_all(paths: &[PathBuf], opts: &Options) -> Result<Report, Error> {
        let mut all = Report {
            sources: SourceMap::default(),
            findings: Vec::new(),
            jobs: Vec::new(),
            files: 0,
            root_prefix: String::new(),
            root: ".".to_string(),
            names_prefix: String::new(),
        };
        for p in paths {
            let r = check(p, opts)?;
            let prefix = p.to_string_lossy().trim_end_matches('/').trim_start_matches("./").to_string();
            let prefix = if prefix == "." { String::new() } else { prefix };
            let offset = all.sources.absorb(r.sources, &prefix);
            let shift = |s: source::Span| source::Span { file: source::FileId(s.file.0 + offset), ..s };
            all.findings.extend(r.findings.into_iter().map(|mut f| {
                f.span = shift(f.span);
                for l in &mut f.labels {
                    l.span = shift(l.span);
                }
                f
            }));
            all.jobs.extend(r.jobs.into_iter().map(|mut j| {
                j.span = shift(j.span);
                j
            }));
            all.files += r.files;
        }
        Ok(all)
    }

    /// Names every file relative to the working directory (`infra/main.tf` rather than
    /// `main.tf`), so that every format uses the same base. A root outside the working
    /// directory keeps root-relative names.
    pub fn rebase(&mut self) {
        if self.root_prefix.is_empty() {
            return;
        }
        let prefix = std::mem::take(&mut self.root_prefix);
        let old = std::mem::take(&mut self.sources);
        self.sources.absorb(old, prefix.trim_end_matches('/'));
        self.names_prefix = prefix;
    }

    /// A file name relative to the scanned root, whether or not the report was rebased.
    pub fn root_relative<'a>(&self, name: &'a str) -> &'a str {
        name.strip_prefix(self.names_prefix.as_str()).unwrap_or(name)
    }
}

fn is_cwd(base: &std::path::Path) -> bool {
    match (base.canonicalize(), std::env::current_dir().and_then(|c| c.canonicalize())) {
        (Ok(b), Ok(c)) => b == c,
        _ => false,
    }
}

/// `infra/` when `base` is `./infra` under the working directory.
fn root_prefix(base: &std::path::Path) -> String {
    let (Ok(b), Ok(cwd)) = (base.canonicalize(), std::env::current_dir().and_then(|c| c.canonicalize())) else {
        return String::new();
    };
    match b.strip_prefix(&cwd) {
        Ok(rel) if !rel.as_os_str().is_empty() => format!("{}/", load::walk::rel(std::path::Path::new(""), rel)),
        _ => String::new(),
    }
}

/// Merges findings produced identically by several module instances, listing the instances,
/// and sorts them by file, line, column, rule.
fn dedupe(findings: Vec<Finding>, sources: &SourceMap) -> Vec<Finding> {
    let mut out: Vec<Finding> = Vec::new();
    for f in findings {
        if let Some(prev) = out.iter_mut().find(|p| p.rule == f.rule && p.span == f.span && p.message == f.message) {
            for j in f.jobs {
                if !prev.jobs.contains(&j) {
                    prev.jobs.push(j);
                }
            }
            continue;
        }
        out.push(f);
    }
    out.sort_by(|a, b| {
        let (pa, pb) = (sources.position(a.span), sources.position(b.span));
        (pa.file, pa.line, pa.column, a.rule).cmp(&(pb.file, pb.line, pb.column, b.rule))
    });
    out
}
