//! Command line: `check` (default), `list`, `schedule`, `explain`, `rules`, `completions`,
//! `man`.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};

use crate::report::{self, Format};
use crate::{Options, Severity};

#[derive(Parser, Debug)]
#[command(
    name = "jobcheck",
    version = env!("JOBCHECK_VERSION"),
    about = "Checks scheduled ECS Fargate jobs in Terraform before `terraform apply`",
    args_conflicts_with_subcommands = true
)]
struct Cli {
    #[command(subcommand)]
    cmd: Option<Cmd>,
    #[command(flatten)]
    check: CheckArgs,
}

#[derive(Subcommand, Debug)]
enum Cmd {
    /// Check the jobs under PATH (the default command).
    Check(CheckArgs),
    /// List every job found: schedule, time zone, next run, family, size.
    List(CheckArgs),
    /// Validate a schedule expression and print its next fire times.
    Schedule(ScheduleArgs),
    /// Print a rule's documentation.
    Explain { rule: String },
    /// Print the rule catalog.
    Rules {
        #[arg(long, value_enum, default_value = "human")]
        format: TextFmt,
    },
    /// Print a shell completion script (e.g. `jobcheck completions bash > /etc/bash_completion.d/jobcheck`).
    Completions { shell: clap_complete::Shell },
    /// Print the manual page (roff), e.g. `jobcheck man > jobcheck.1`.
    Man,
}

/// The formats of commands that print text or JSON only.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
enum TextFmt {
    Human,
    Json,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
enum ColorChoice {
    /// Colour when standard output is a terminal, unless `NO_COLOR` is set; `FORCE_COLOR` forces it.
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Fmt {
    Human,
    Json,
    Sarif,
    Github,
    Compact,
    Markdown,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
enum Level {
    Note,
    Warning,
    Error,
    Never,
}

#[derive(Args, Debug, Clone)]
struct CheckArgs {
    /// Directories (or files) to check.
    paths: Vec<PathBuf>,
    #[arg(long, value_enum, default_value = "human")]
    format: Fmt,
    /// Write the report to a file instead of standard output (parent directories are created).
    #[arg(long)]
    output: Option<PathBuf>,
    /// Also write the same results in another format, as FORMAT=FILE (`-` is standard
    /// output; repeatable), e.g. `--format github --also sarif=jobcheck.sarif`.
    #[arg(long, value_name = "FORMAT=FILE")]
    also: Vec<String>,
    /// Colour in the human output.
    #[arg(long, value_enum, default_value = "auto")]
    color: ColorChoice,
    /// Hide the findings recorded in this baseline file; report its entries that match nothing
    /// [default: `baseline` in .jobcheck.toml].
    #[arg(long)]
    baseline: Option<PathBuf>,
    /// Record every current finding in this baseline file, then exit 0.
    #[arg(long, value_name = "FILE")]
    write_baseline: Option<PathBuf>,
    /// Lowest severity shown [default: warning].
    #[arg(long, value_enum)]
    min_severity: Option<Level>,
    /// Lowest severity that makes the exit code 1 [default: error].
    #[arg(long, value_enum)]
    fail_on: Option<Level>,
    /// Only these rules (IDs, names, or prefixes such as JC6), comma-separated.
    #[arg(long, value_delimiter = ',')]
    select: Vec<String>,
    /// Skip these rules (IDs, names, or prefixes), comma-separated.
    #[arg(long, value_delimiter = ',')]
    ignore: Vec<String>,
    /// Configuration file [default: .jobcheck.toml in the scanned path or a parent].
    #[arg(long)]
    config: Option<PathBuf>,
    /// Extra tfvars file for root modules (repeatable).
    #[arg(long = "var-file")]
    var_files: Vec<PathBuf>,
    /// A root variable, as NAME=VALUE (repeatable).
    #[arg(long = "var")]
    vars: Vec<String>,
    /// Skip paths matching this glob (repeatable).
    #[arg(long)]
    exclude: Vec<String>,
    /// The time schedules are evaluated from (RFC 3339).
    #[arg(long)]
    now: Option<String>,
}

#[derive(Args, Debug)]
struct ScheduleArgs {
    expr: String,
    #[arg(long, default_value_t = 5)]
    count: usize,
    /// The schedule's time zone (EventBridge Scheduler only; event rules run in UTC) [default: UTC].
    #[arg(long, requires = "scheduler")]
    tz: Option<String>,
    /// Apply EventBridge Scheduler's rules instead of an event rule's.
    #[arg(long)]
    scheduler: bool,
    #[arg(long)]
    now: Option<String>,
    #[arg(long, value_enum, default_value = "human")]
    format: TextFmt,
}

fn level(l: Level) -> Option<Severity> {
    match l {
        Level::Note => Some(Severity::Note),
        Level::Warning => Some(Severity::Warning),
        Level::Error => Some(Severity::Error),
        Level::Never => None,
    }
}

fn parse_now(s: Option<&str>) -> Result<chrono::DateTime<chrono::Utc>, String> {
    let t = match s {
        None => chrono::Utc::now(),
        Some(s) => chrono::DateTime::parse_from_rfc3339(s).map(|t| t.with_timezone(&chrono::Utc)).map_err(|e| format!("--now {s}: {e}"))?,
    };
    // Schedules fire on whole seconds: no nanoseconds in what is printed.
    Ok(chrono::Timelike::with_nanosecond(&t, 0).unwrap_or(t))
}

/// The colour decision for the human output on standard output.
fn use_color(choice: ColorChoice, to_stdout: bool) -> bool {
    let set = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty());
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto if !to_stdout => false,
        ColorChoice::Auto if set("FORCE_COLOR") && std::env::var_os("FORCE_COLOR").is_some_and(|v| v != "0") => true,
        ColorChoice::Auto => !set("NO_COLOR") && std::io::stdout().is_terminal(),
    }
}

/// Runs the CLI; returns the exit code.
pub fn run() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return code;
        }
    };
    let result = match cli.cmd {
        None => check(&cli.check, false),
        Some(Cmd::Check(a)) => check(&a, false),
        Some(Cmd::List(a)) => check(&a, true),
        Some(Cmd::Schedule(a)) => schedule(&a),
        Some(Cmd::Explain { rule }) => explain(&rule),
        Some(Cmd::Rules { format }) => rules(format),
        Some(Cmd::Completions { shell }) => {
            let mut out = std::io::stdout().lock();
            clap_complete::generate(shell, &mut Cli::command(), "jobcheck", &mut out);
            out.flush().map(|()| 0).map_err(|e| e.to_string())
        }
        Some(Cmd::Man) => {
            let mut out = std::io::stdout().lock();
            clap_mangen::Man::new(Cli::command()).render(&mut out).and_then(|()| out.flush()).map(|()| 0).map_err(|e| e.to_string())
        }
    };
    match result {
        Ok(code) => code,
        // `jobcheck list | head`: the reader went away; nothing is wrong.
        Err(msg) if msg.contains("Broken pipe") => 0,
        Err(msg) => {
            eprintln!("jobcheck: {msg}");
            2
        }
    }
}

fn stdout_writer(path: Option<&PathBuf>) -> Result<Box<dyn Write>, String> {
    match path {
        Some(p) => {
            if let Some(dir) = p.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
            }
            std::fs::File::create(p)
                .map(|f| Box::new(std::io::BufWriter::new(f)) as Box<dyn Write>)
                .map_err(|e| format!("{}: {e}", p.display()))
        }
        None => Ok(Box::new(std::io::stdout().lock())),
    }
}

fn format_of(f: Fmt) -> Format {
    match f {
        Fmt::Human => Format::Human,
        Fmt::Json => Format::Json,
        Fmt::Sarif => Format::Sarif,
        Fmt::Github => Format::Github,
        Fmt::Compact => Format::Compact,
        Fmt::Markdown => Format::Markdown,
    }
}

/// `--also FORMAT=FILE`: the format and where (`None`: standard output).
fn parse_also(s: &str) -> Result<(Format, Option<PathBuf>), String> {
    let (f, file) = s.split_once('=').ok_or_else(|| format!("--also {s}: expected FORMAT=FILE"))?;
    let fmt = Fmt::from_str(f, true)
        .map_err(|_| format!("--also {s}: unknown format `{f}`; use human, json, sarif, github, compact or markdown"))?;
    if file.is_empty() {
        return Err(format!("--also {s}: no file"));
    }
    Ok((format_of(fmt), (file != "-").then(|| PathBuf::from(file))))
}

/// `list` prints the inventory only: flags about findings would do nothing there.
fn reject_list_flags(a: &CheckArgs) -> Result<(), String> {
    let unused = [
        ("--min-severity", a.min_severity.is_some()),
        ("--fail-on", a.fail_on.is_some()),
        ("--select", !a.select.is_empty()),
        ("--ignore", !a.ignore.is_empty()),
        ("--also", !a.also.is_empty()),
        ("--baseline", a.baseline.is_some()),
        ("--write-baseline", a.write_baseline.is_some()),
        ("--color", a.color != ColorChoice::Auto),
        ("--format sarif|github|compact|markdown", !matches!(a.format, Fmt::Human | Fmt::Json)),
    ];
    match unused.iter().find(|(_, set)| *set) {
        Some((flag, _)) => Err(format!("`jobcheck list` does not use {flag}; it lists jobs as human or json")),
        None => Ok(()),
    }
}

/// `--write-baseline` records findings and reports nothing: report flags would do nothing.
fn reject_baseline_flags(a: &CheckArgs) -> Result<(), String> {
    let unused = [
        ("--baseline", a.baseline.is_some()),
        ("--output", a.output.is_some()),
        ("--also", !a.also.is_empty()),
        ("--min-severity", a.min_severity.is_some()),
        ("--fail-on", a.fail_on.is_some()),
        ("--format", !matches!(a.format, Fmt::Human)),
    ];
    match unused.iter().find(|(_, set)| *set) {
        Some((flag, _)) => Err(format!("--write-baseline records every finding and prints no report; {flag} would do nothing")),
        None => Ok(()),
    }
}

fn check(a: &CheckArgs, list: bool) -> Result<i32, String> {
    if list {
        reject_list_flags(a)?;
    } else if a.write_baseline.is_some() {
        reject_baseline_flags(a)?;
    }
    let mut vars = Vec::new();
    for v in &a.vars {
        let (k, val) = v.split_once('=').ok_or_else(|| format!("--var {v}: expected NAME=VALUE"))?;
        vars.push((k.to_string(), val.to_string()));
    }
    let mut also = Vec::new();
    for x in &a.also {
        also.push(parse_also(x)?);
    }
    let to_stdout = usize::from(a.output.is_none()) + also.iter().filter(|(_, p)| p.is_none()).count();
    if to_stdout > 1 {
        return Err("only one report can go to standard output: give --output FILE or --also FORMAT=FILE".to_string());
    }
    let path = a.paths.first().cloned().unwrap_or_else(|| PathBuf::from("."));
    let cfg_path = a.config.clone().or_else(|| crate::config::find(&path));
    let cfg = match cfg_path {
        Some(p) => crate::config::load(&p)?,
        None => crate::config::Config::default(),
    };
    let from_cfg = |s: Option<&String>, what: &str| -> Result<Option<Level>, String> {
        s.map(|v| Level::from_str(v, true).map_err(|_| format!("{what} = \"{v}\" in .jobcheck.toml: use note, warning, error or never")))
            .transpose()
    };
    let min_severity = a.min_severity.or(from_cfg(cfg.min_severity.as_ref(), "min-severity")?).unwrap_or(Level::Warning);
    let fail_on = a.fail_on.or(from_cfg(cfg.fail_on.as_ref(), "fail-on")?).unwrap_or(Level::Error);
    let baseline = a.baseline.clone().or_else(|| cfg.baseline.clone());
    let opts = Options {
        var_files: a.var_files.clone(),
        vars,
        exclude: a.exclude.clone(),
        now: parse_now(a.now.as_deref())?,
        select: a.select.clone(),
        ignore: a.ignore.clone(),
        config: cfg,
    };
    let mut report = if a.paths.len() > 1 { crate::Report::check_all(&a.paths, &opts) } else { crate::check(&path, &opts) }
        .map_err(|e| e.to_string())?;
    // Every format names files from the working directory, as given on the command line.
    report.rebase();
    if let Some(file) = &a.write_baseline {
        let n = crate::baseline::write(&report, file)?;
        eprintln!("jobcheck: wrote {n} finding{} to the baseline {}", if n == 1 { "" } else { "s" }, file.display());
        return Ok(0);
    }
    if !list && let Some(file) = &baseline {
        let (entries, text) = crate::baseline::read(file)?;
        let stale = crate::baseline::apply(&mut report, &entries, &text, &file.display().to_string(), file);
        report.findings.extend(crate::config::filter(stale, &opts.config, &opts.select, &opts.ignore));
    }
    let mut out = stdout_writer(a.output.as_ref())?;
    if list {
        write_list(&report, matches!(a.format, Fmt::Json), &mut out).map_err(|e| e.to_string())?;
        out.flush().map_err(|e| e.to_string())?;
        return Ok(0);
    }
    let min = level(min_severity).unwrap_or(Severity::Error);
    let color = use_color(a.color, a.output.is_none());
    report::write(&report, format_of(a.format), min, color, &mut out).map_err(|e| e.to_string())?;
    out.flush().map_err(|e| e.to_string())?;
    for (format, file) in &also {
        let mut w = stdout_writer(file.as_ref())?;
        let color = file.is_none() && use_color(a.color, true);
        report::write(&report, *format, min, color, &mut w).map_err(|e| e.to_string())?;
        w.flush().map_err(|e| e.to_string())?;
    }
    // Only what is shown can fail the run: `--fail-on note` with `--min-severity warning`
    // fails on warnings.
    let fail = level(fail_on).is_some_and(|t| report.findings.iter().any(|f| f.severity >= t && f.severity >= min));
    Ok(i32::from(fail))
}

fn write_list(r: &crate::Report, json: bool, out: &mut dyn Write) -> std::io::Result<()> {
    if json {
        let jobs: Vec<serde_json::Value> = r
            .jobs
            .iter()
            .map(|j| {
                let p = r.sources.position(j.span);
                serde_json::json!({"address": j.address, "kind": j.kind, "file": p.file, "line": p.line, "schedule": j.schedule,
                    "timezone": j.timezone, "next_run": j.next_run, "task_family": j.task_family, "cpu": j.cpu, "memory": j.memory,
                    "log_group": j.log_group})
            })
            .collect();
        serde_json::to_writer_pretty(&mut *out, &serde_json::json!({"version": 1, "jobs": jobs}))?;
        return writeln!(out);
    }
    let dash = |s: &Option<String>| s.clone().unwrap_or_else(|| "?".into());
    let num = |n: Option<u32>| n.map_or_else(|| "?".to_string(), |c| c.to_string());
    let head = ["JOB", "SCHEDULE", "TIME ZONE", "NEXT RUN", "FAMILY", "CPU/MEMORY", "LOG GROUP"];
    let mut rows = vec![head.map(str::to_string)];
    for j in &r.jobs {
        rows.push([
            j.address.clone(),
            dash(&j.schedule),
            dash(&j.timezone),
            dash(&j.next_run),
            dash(&j.task_family),
            format!("{}/{}", num(j.cpu), num(j.memory)),
            dash(&j.log_group),
        ]);
    }
    let widths: Vec<usize> = (0..head.len()).map(|c| rows.iter().map(|r| r[c].chars().count()).max().unwrap_or(0)).collect();
    for row in &rows {
        let line: Vec<String> = row.iter().zip(&widths).map(|(cell, w)| format!("{cell:<w$}")).collect();
        writeln!(out, "{}", line.join("  ").trim_end())?;
    }
    writeln!(out, "{} job{}", r.jobs.len(), if r.jobs.len() == 1 { "" } else { "s" })
}

fn schedule(a: &ScheduleArgs) -> Result<i32, String> {
    use crate::aws::schedule as s;
    let now = parse_now(a.now.as_deref())?;
    let tz_name = a.tz.as_deref().unwrap_or("UTC");
    let tz: chrono_tz::Tz = tz_name.parse().map_err(|_| format!("--tz {tz_name}: not an IANA time-zone name"))?;
    let mut findings = Vec::new();
    let parsed = s::parse(&a.expr, a.scheduler);
    let mut times = Vec::new();
    let kind = a.expr.trim().split('(').next().unwrap_or("").to_string();
    match &parsed {
        Err(e) => findings.push((e.rule, e.message.clone(), e.help.clone(), e.start, e.end)),
        Ok(sch) => {
            if let s::Schedule::Cron(c) = sch {
                if let Some(e) = s::day_fields_error(c) {
                    findings.push((e.rule, e.message, e.help, e.start, e.end));
                } else if let Some((days, named)) = s::weekday_names(c) {
                    findings.push((
                        "JC103",
                        format!("day-of-week `{}` means {days} in AWS (1 = SUN)", c.fields[4].text),
                        Some(format!("write day names: `{named}`")),
                        c.fields[4].start,
                        c.fields[4].end,
                    ));
                }
            }
            if let s::Schedule::Rate { value, plural, unit_start, unit_end, .. } = sch
                && !a.scheduler
                && (*value == 1) == *plural
            {
                findings.push((
                    "JC104",
                    format!("`rate({value} {})` is rejected by EventBridge", &a.expr[*unit_start..*unit_end]),
                    None,
                    *unit_start,
                    *unit_end,
                ));
            }
            if findings.iter().all(|f| f.0 == "JC103") {
                times = s::next_times(sch, now, tz, a.count.min(1000), None);
                if times.is_empty() {
                    findings.push((
                        "JC105",
                        format!("`{}` never fires after {}", a.expr, now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
                        None,
                        0,
                        a.expr.len(),
                    ));
                }
            }
        }
    }
    let valid = findings.iter().all(|f| f.0 == "JC103");
    let fmt_t = |t: &chrono::DateTime<chrono::Utc>| {
        if tz == chrono_tz::UTC {
            t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
        } else {
            t.with_timezone(&tz).to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
        }
    };
    let col = |b: usize| a.expr.get(..b).map_or(b, |p| p.chars().count()) + 1;
    let mut out = std::io::stdout().lock();
    if a.format == TextFmt::Json {
        let doc = serde_json::json!({
            "expression": a.expr, "kind": kind, "valid": valid, "timezone": tz_name,
            "next": times.iter().map(fmt_t).collect::<Vec<_>>(),
            "findings": findings.iter().map(|(r, m, h, st, en)| {
                let meta = crate::rules::meta(r);
                serde_json::json!({"rule": r, "name": meta.name, "severity": meta.severity.as_str(), "message": m, "help": h, "column": col(*st), "end_column": col(*en)})
            }).collect::<Vec<_>>(),
        });
        serde_json::to_writer_pretty(&mut out, &doc).map_err(|e| e.to_string())?;
        writeln!(out).map_err(|e| e.to_string())?;
    } else {
        writeln!(out, "{}", a.expr).map_err(|e| e.to_string())?;
        for (r, m, h, st, en) in &findings {
            let pad = " ".repeat(col(*st) - 1);
            let marks = "^".repeat((col(*en) - col(*st)).max(1));
            writeln!(out, "{pad}{marks} {r}: {m}").map_err(|e| e.to_string())?;
            if let Some(h) = h {
                writeln!(out, "  help: {h}").map_err(|e| e.to_string())?;
            }
        }
        if valid {
            let what = if times.len() == 1 { "next fire time".to_string() } else { format!("next {} fire times", times.len()) };
            writeln!(out, "{what} ({tz_name}):").map_err(|e| e.to_string())?;
            for t in &times {
                writeln!(out, "  {}  {}", fmt_t(t), t.with_timezone(&tz).format("%a")).map_err(|e| e.to_string())?;
            }
        }
    }
    Ok(i32::from(!valid))
}

fn explain(key: &str) -> Result<i32, String> {
    let m = crate::rules::lookup(key).ok_or_else(|| format!("no rule `{key}`; see `jobcheck rules`"))?;
    let mut out = std::io::stdout().lock();
    let doc = crate::rules::docs::doc(m.id);
    writeln!(out, "{} ({}) — {}\n", m.id, m.name, m.severity.as_str()).map_err(|e| e.to_string())?;
    writeln!(out, "{}", doc.unwrap_or(m.summary)).map_err(|e| e.to_string())?;
    Ok(0)
}

fn rules(format: TextFmt) -> Result<i32, String> {
    let mut out = std::io::stdout().lock();
    if format == TextFmt::Json {
        let rules: Vec<serde_json::Value> = crate::rules::CATALOG
            .iter()
            .map(|m| serde_json::json!({"id": m.id, "name": m.name, "severity": m.severity.as_str(), "summary": m.summary}))
            .collect();
        serde_json::to_writer_pretty(&mut out, &serde_json::json!({"version": 1, "rules": rules})).map_err(|e| e.to_string())?;
        writeln!(out).map_err(|e| e.to_string())?;
        return Ok(0);
    }
    for m in crate::rules::CATALOG {
        writeln!(out, "{}  {:<32} {:<8} {}", m.id, m.name, m.severity.as_str(), m.summary).map_err(|e| e.to_string())?;
    }
    Ok(0)
}
