//! jobcheck: a static analyzer for scheduled ECS Fargate jobs defined in Terraform.
//!
//! Pipeline: walk → parse → evaluate → job model → rules → report.

pub mod aws;
pub(crate) mod baseline;
pub mod catalog;
pub mod cli;
pub mod config;
pub mod eval;
pub(crate) mod finding;
pub mod fix;
pub mod load;
pub mod model;
pub mod report;
pub mod rules;
pub mod source;
pub(crate) mod suppress;
pub(crate) mod threads;
pub(crate) mod value;

use std::path::PathBuf;

pub use catalog::Severity;
pub use finding::{Edit, Finding, Label};
pub use model::JobSummary;
pub use report::Report;
pub(crate) use source::SourceMap;

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
    /// Parse every file, not only those that can hold or call a job trigger (`--all-files`).
    pub all_files: bool,
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
            all_files: false,
        }
    }
}

/// Runs the whole pipeline on one path.
/// Why a check could not run at all (findings are not errors).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{0}: no such file or directory")]
    NoSuchPath(PathBuf),
    #[error("{0}")]
    Exclude(String),
    #[error("{path}: {why}")]
    VarFile { path: PathBuf, why: String },
    #[error("{path}: cannot be read: {why}")]
    Unreadable { path: PathBuf, why: String },
}

pub fn check(path: &std::path::Path, opts: &Options) -> Result<Report, Error> {
    // Every stage on the scan's threads: the serial ones on one of them, with its deep stack.
    threads::install(|| check_here(path, opts, false)).map(|(report, _)| report)
}

/// [`check`], also returning the job model the report was made from (`jobcheck graph` draws
/// it); `report.jobs[i]` summarizes `model.jobs[i]`.
pub fn check_model(path: &std::path::Path, opts: &Options) -> Result<(Report, model::Model), Error> {
    let (report, model) = threads::install(|| check_here(path, opts, true))?;
    Ok((report, model.unwrap_or_default()))
}

/// The whole pipeline; the job model is returned only when `keep_model` (otherwise it is freed
/// as soon as the rules are done, before the findings are put in one list).
fn check_here(path: &std::path::Path, opts: &Options, keep_model: bool) -> Result<(Report, Option<model::Model>), Error> {
    if !path.exists() {
        return Err(Error::NoSuchPath(path.to_path_buf()));
    }
    // An unreadable scan root would otherwise look like an empty, clean tree.
    let readable = if path.is_dir() {
        std::fs::read_dir(path).map(|_| ()).map_err(|e| e.to_string())
    } else {
        load::fs::read_bytes(None, path).map(|_| ()).map_err(|e| e.to_string())
    };
    if let Err(why) = readable {
        return Err(Error::Unreadable { path: path.to_path_buf(), why });
    }
    let mut exclude = opts.config.exclude.clone();
    exclude.extend(opts.exclude.iter().cloned());
    let globs = load::walk::glob_set(&exclude).map_err(Error::Exclude)?;
    let t0 = std::time::Instant::now();
    let mut ws = load::load(path, &globs, opts.all_files, model::demand::root_can_hold_jobs);
    let mut memory = Phases::new(t0);
    memory.mark("load");
    let mut inputs = eval::Inputs { vars: opts.vars.clone(), ..eval::Inputs::default() };
    for vf in &opts.var_files {
        let text = load::fs::read_named(path, vf).map_err(|e| Error::VarFile { path: vf.clone(), why: e.to_string() })?;
        let id = ws.sources.add(source::SourceFile::new(vf.display().to_string(), vf.clone(), text.clone()));
        let body = if vf.to_string_lossy().ends_with(".json") {
            load::parse::parse_tfvars_json(id, &text)
        } else {
            load::parse::parse_hcl(id, &text)
        };
        match body {
            Ok(b) => inputs.var_files.push((id, b)),
            Err(e) => ws.diagnostics.push(Finding::new(
                &catalog::JC001,
                source::Span::new(id, e.offset..e.offset),
                format!("{} does not parse: {}", vf.display(), e.message),
            )),
        }
    }
    let mut world = eval::evaluate(&ws, &inputs, &model::demand::DEMAND);
    drop(inputs);
    let eval_notes = std::mem::take(&mut world.notes);
    memory.mark("evaluate");
    let mut sources = std::mem::take(&mut ws.sources);
    // Suppression comments are found through the syntax trees; nothing after this needs them,
    // so they are freed before the job model and the findings are built.
    let mut sups = suppress::collect(&ws, &sources);
    let remote_modules = ws
        .calls
        .values()
        .filter(|s| matches!(s, load::modules::Source::Unknown(why) if why.kind == value::UnknownKind::RemoteModule))
        .count();
    ws.modules = std::collections::BTreeMap::new();
    for f in std::mem::take(&mut world.extra_files) {
        sources.add(f);
    }
    let model = model::discover(world, opts.now);
    memory.mark("model");
    // Diagnostics and notes first, then the rules' findings (the order de-duplication keeps).
    let early = std::mem::take(&mut ws.diagnostics);
    let found = rules::run(&model, early.into_iter().chain(eval_notes));
    memory.mark("rules");
    let jobs = model::summarize(&model, opts.now);
    // The model is most of what is still held: freed first, its memory then holds the list.
    let model = keep_model.then_some(model);
    let findings = config::filter(found.into_vec(), &opts.config, &opts.select, &opts.ignore);
    let findings = suppress::apply(findings, &mut sups);
    let mut findings = dedupe(findings, &sources);
    rules::jc002_value_unresolved::merge(&mut findings);
    memory.mark("findings");
    memory.print();
    let root_prefix = root_prefix(&ws.base);
    let root = if !root_prefix.is_empty() {
        root_prefix.trim_end_matches('/').to_string()
    } else if is_cwd(&ws.base) {
        ".".to_string()
    } else {
        path.display().to_string()
    };
    Ok((Report { sources, findings, jobs, files: ws.file_count, root_prefix, root, names_prefix: String::new(), remote_modules }, model))
}

impl Report {
    /// Checks several paths as one report: each file is named relative to the working
    /// directory through its path (`infra/a/main.tf`).
    pub(crate) fn check_all(paths: &[PathBuf], opts: &Options) -> Result<Report, Error> {
        let mut all = Report {
            sources: SourceMap::default(),
            findings: Vec::new(),
            jobs: Vec::new(),
            files: 0,
            root_prefix: String::new(),
            remote_modules: 0,
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
            all.remote_modules += r.remote_modules;
        }
        Ok(all)
    }

    /// Names every file relative to the working directory (`infra/main.tf` rather than
    /// `main.tf`), so that every format uses the same base. A root outside the working
    /// directory keeps root-relative names.
    pub(crate) fn rebase(&mut self) {
        if self.root_prefix.is_empty() {
            return;
        }
        let prefix = std::mem::take(&mut self.root_prefix);
        let old = std::mem::take(&mut self.sources);
        self.sources.absorb(old, prefix.trim_end_matches('/'));
        self.names_prefix = prefix;
    }

    /// A file name relative to the scanned root, whether or not the report was rebased.
    pub(crate) fn root_relative<'a>(&self, name: &'a str) -> &'a str {
        name.strip_prefix(self.names_prefix.as_str()).unwrap_or(name)
    }
}

fn is_cwd(base: &std::path::Path) -> bool {
    match (base.canonicalize(), std::env::current_dir().and_then(|c| c.canonicalize())) {
        (Ok(b), Ok(c)) => b == c,
        _ => false,
    }
}

/// Time and memory at the end of each stage, printed when `JOBCHECK_TIMING` is set.
struct Phases {
    start: std::time::Instant,
    on: bool,
    marks: Vec<(&'static str, std::time::Duration, Memory)>,
}

impl Phases {
    fn new(start: std::time::Instant) -> Self {
        Self { start, on: std::env::var_os("JOBCHECK_TIMING").is_some(), marks: Vec::new() }
    }
    fn mark(&mut self, stage: &'static str) {
        if self.on {
            self.marks.push((stage, self.start.elapsed(), Memory::now()));
        }
    }
    fn print(&self) {
        if !self.on {
            return;
        }
        let times: Vec<String> = self.marks.iter().map(|(s, t, _)| format!("{s} {t:?}")).collect();
        eprintln!("jobcheck timing: {} (cumulative)", times.join(", "));
        let mem: Vec<String> = self.marks.iter().map(|(s, _, m)| format!("{s} {}/{}", m.resident_kib, m.peak_kib)).collect();
        eprintln!("jobcheck memory (KiB resident/peak) after: {}", mem.join(", "));
    }
}

/// This process's resident memory and its peak so far, in KiB (Linux; zeros elsewhere).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Memory {
    pub resident_kib: u64,
    pub peak_kib: u64,
}

impl Memory {
    pub(crate) fn now() -> Self {
        let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
        let field = |name: &str| {
            status.lines().find_map(|l| l.strip_prefix(name)).and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok()).unwrap_or(0)
        };
        Self { resident_kib: field("VmRSS:"), peak_kib: field("VmHWM:") }
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
/// and sorts them by file, line, column, rule. In place: the findings are not copied.
fn dedupe(mut findings: Vec<Finding>, sources: &SourceMap) -> Vec<Finding> {
    // The findings in (rule, span) order, each group in the order found: a duplicate is merged
    // into the first finding of its group with the same message. Linear in memory (an index per
    // finding, no map or copy of a message), the messages compared in place.
    let mut order: Vec<usize> = (0..findings.len()).collect();
    order.sort_by_key(|&i| (findings[i].rule, findings[i].span));
    let mut drop_it = vec![false; findings.len()];
    let mut kept: Vec<usize> = Vec::new();
    let mut group = None;
    for &i in &order {
        let key = Some((findings[i].rule, findings[i].span));
        if key != group {
            kept.clear();
            group = key;
        }
        let Some(&k) = kept.iter().find(|&&k| findings[k].message == findings[i].message) else {
            kept.push(i);
            continue;
        };
        let jobs = std::mem::take(&mut findings[i].jobs);
        let prev = &mut findings[k];
        for j in jobs {
            if !prev.jobs.contains(&j) {
                prev.jobs.push(j);
            }
        }
        drop_it[i] = true;
    }
    drop((order, kept));
    let mut drop_it = drop_it.into_iter();
    findings.retain(|_| !drop_it.next().unwrap_or(false));
    sort_for_output(&mut findings, sources);
    findings
}

/// Sorts findings by file name, line, column and rule, keeping the order found among equals.
/// In place, with about 18 bytes per finding beside them: files are ranked by name once, and a
/// permutation is sorted rather than the 160-byte findings or a cached key per finding.
fn sort_for_output(findings: &mut [Finding], sources: &SourceMap) {
    // Equal names share a rank; a finding in no known file sorts as the name "" (`usize::MAX`).
    let mut names: Vec<(&str, usize)> = (0..sources.len())
        .map(|i| (sources.get(source::FileId(u32::try_from(i).unwrap_or(u32::MAX))).map_or("", |s| s.rel.as_str()), i))
        .chain([("", usize::MAX)])
        .collect();
    names.sort_unstable();
    let (mut rank, mut unknown, mut r) = (vec![0u32; sources.len()], 0u32, 0u32);
    for (k, &(name, i)) in names.iter().enumerate() {
        if k > 0 && names[k - 1].0 != name {
            r += 1;
        }
        match rank.get_mut(i) {
            Some(slot) => *slot = r,
            None => unknown = r,
        }
    }
    drop(names);
    let key = |f: &Finding| {
        let at = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        match sources.get(f.span.file) {
            Some(file) => {
                let (line, column) = file.line_col(f.span.start as usize);
                (rank.get(f.span.file.0 as usize).copied().unwrap_or(unknown), at(line), at(column))
            }
            None => (unknown, 1, 1),
        }
    };
    let keys: Vec<(u32, u32, u32)> = findings.iter().map(key).collect();
    let mut order: Vec<u32> = (0..u32::try_from(findings.len()).unwrap_or(u32::MAX)).collect();
    order.sort_by(|&a, &b| (keys[a as usize], findings[a as usize].rule).cmp(&(keys[b as usize], findings[b as usize].rule)));
    drop(keys);
    permute(findings, order);
}

/// Puts `order[i]`'s element at `i`, in place, by following each cycle of the permutation.
fn permute<T>(items: &mut [T], mut order: Vec<u32>) {
    for start in 0..items.len().min(order.len()) {
        let mut at = start;
        loop {
            let from = order[at] as usize;
            order[at] = u32::try_from(at).unwrap_or(u32::MAX);
            if from == start || from >= items.len() {
                break;
            }
            items.swap(at, from);
            at = from;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permute_puts_each_chosen_element_in_place() {
        // Every permutation of five elements, against the obvious copy.
        let mut order = vec![0u32, 1, 2, 3, 4];
        let mut seen = 0;
        loop {
            let mut items: Vec<char> = "abcde".chars().collect();
            let want: Vec<char> = order.iter().map(|&i| items[i as usize]).collect();
            permute(&mut items, order.clone());
            assert_eq!(items, want, "order {order:?}");
            seen += 1;
            // Next permutation in lexicographic order.
            let Some(i) = (0..order.len() - 1).rev().find(|&i| order[i] < order[i + 1]) else { break };
            let j = (i + 1..order.len()).rev().find(|&j| order[j] > order[i]).unwrap_or(i);
            order.swap(i, j);
            order[i + 1..].reverse();
        }
        assert_eq!(seen, 120);
    }

    #[test]
    fn findings_sort_by_file_line_column_and_rule_keeping_equals_in_order() {
        let mut sources = SourceMap::default();
        let b = sources.add(source::SourceFile::new("b.tf".into(), "b.tf".into(), "x\ny\n".into()));
        let a = sources.add(source::SourceFile::new("a.tf".into(), "a.tf".into(), "x\ny\n".into()));
        let f = |file, at: u32, meta: &'static catalog::RuleMeta, msg: &'static str| {
            Finding::new(meta, source::Span::new(file, at as usize..at as usize), msg)
        };
        let mut findings = vec![
            f(b, 0, &catalog::JC101, "b1"),
            f(a, 2, &catalog::JC101, "a2"),
            f(a, 2, &catalog::JC001, "a2 first rule"),
            f(a, 0, &catalog::JC101, "a1 first"),
            f(a, 0, &catalog::JC101, "a1 second"),
            f(source::FileId(9), 5, &catalog::JC101, "no file"),
        ];
        sort_for_output(&mut findings, &sources);
        let got: Vec<&str> = findings.iter().map(|f| &*f.message).collect();
        assert_eq!(got, ["no file", "a1 first", "a1 second", "a2 first rule", "a2", "b1"]);
    }
}
