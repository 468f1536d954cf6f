//! Command line: `check` (default), `list`, `schedule`, `explain`, `rules`, `graph`,
//! `completions`, `man`.

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
    /// Print a rule's documentation (without a rule: the list of rules).
    Explain { rule: Option<String> },
    /// Print the rule catalog.
    Rules {
        #[arg(long, value_enum, default_value = "human")]
        format: TextFmt,
    },
    /// Print a shell completion script (e.g. `jobcheck completions bash > /etc/bash_completion.d/jobcheck`).
    Completions { shell: clap_complete::Shell },
    /// Print the manual page (roff), e.g. `jobcheck man > jobcheck.1`.
    Man,
    /// Draw each job's wiring: trigger, target, task definition, roles, alerts, DLQ.
    Graph(GraphArgs),
}
#[derive(Debug, Clone, Copy, ValueEnum)]
enum GraphFmt {
    Mermaid,
    Dot,
    Markdown,
}

/// What a scan reads, beside the paths: shared by `check`, `list` and `graph`.
#[derive(Args, Debug, Clone)]
struct InputArgs {
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
    /// The time schedules and next runs are evaluated from (RFC 3339).
    #[arg(long)]
    now: Option<String>,
}

#[derive(Args, Debug)]
struct GraphArgs {
    /// Directory (or file) to draw.
    path: Option<PathBuf>,
    #[arg(long, value_enum, default_value = "mermaid")]
    format: GraphFmt,
    /// Only the job with this address (as `jobcheck list` prints it).
    #[arg(long)]
    job: Option<String>,
    #[command(flatten)]
    input: InputArgs,
    /// Write the graph to a file instead of standard output.
    #[arg(long)]
    output: Option<PathBuf>,
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
    #[command(flatten)]
    input: InputArgs,
    /// Apply the safe fixes (literal values rewritten where they are written), then report
    /// what is left.
    #[arg(long)]
    fix: bool,
    /// Print the safe fixes as a unified diff instead of the report; change nothing.
    #[arg(long, conflicts_with = "fix")]
    diff: bool,
    /// Parse every file, and report parse errors and module-source problems everywhere, not
    /// only where a job can be (see README, "What is checked").
    #[arg(long)]
    all_files: bool,
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
        Some(Cmd::Explain { rule }) => explain(rule.as_deref()),
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
        Some(Cmd::Graph(a)) => graph(&a),
    };
    match result {
        Ok(code) => code,
        // `jobcheck list | head`: the reader went away; nothing is wrong.
        Err(msg) if msg.contains("Broken pipe") => 0,
        Err(msg) => {
            eprintln!("jobcheck: {}", report::escape::text(&msg));
            2
        }
    }
}

/// The exit code stands even when the reader of standard output went away (`| head`): a
/// closed pipe must not turn a failing check into a passing one.
fn written(r: std::io::Result<()>, code: i32) -> Result<i32, String> {
    match r {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(code),
        Err(e) => Err(e.to_string()),
        Ok(()) => Ok(code),
    }
}

fn parse_vars(raw: &[String]) -> Result<Vec<(String, String)>, String> {
    let mut vars = Vec::new();
    for v in raw {
        let (k, val) = v.split_once('=').ok_or_else(|| format!("--var {v}: expected NAME=VALUE"))?;
        vars.push((k.to_string(), val.to_string()));
    }
    Ok(vars)
}

fn graph(a: &GraphArgs) -> Result<i32, String> {
    let path = a.path.clone().unwrap_or_else(|| PathBuf::from("."));
    let cfg = match a.input.config.clone().or_else(|| crate::config::find(&path)) {
        Some(p) => crate::config::load(&p)?,
        None => crate::config::Config::default(),
    };
    let opts = Options {
        var_files: a.input.var_files.clone(),
        vars: parse_vars(&a.input.vars)?,
        exclude: a.input.exclude.clone(),
        now: parse_now(a.input.now.as_deref())?,
        config: cfg,
        ..Options::default()
    };
    let (report, model) = crate::check_model(&path, &opts).map_err(|e| e.to_string())?;
    let format = match a.format {
        GraphFmt::Mermaid => report::GraphFormat::Mermaid,
        GraphFmt::Dot => report::GraphFormat::Dot,
        GraphFmt::Markdown => report::GraphFormat::Markdown,
    };
    let text = report::graph(&report, &model, a.job.as_deref(), format)?;
    to_output(a.output.as_deref(), 0, |out| out.write_all(text.as_bytes()))
}

/// Writes to `--output` (a temporary file renamed into place) or standard output, keeping
/// `code` when the reader of standard output went away.
fn to_output(path: Option<&std::path::Path>, code: i32, write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> Result<i32, String> {
    let mut file_out = path.map(report::output::AtomicFile::create).transpose()?;
    let mut stdout = std::io::stdout().lock();
    let out: &mut dyn Write = match &mut file_out {
        Some(f) => f,
        None => &mut stdout,
    };
    let code = written(write(&mut *out).and_then(|()| out.flush()), code)?;
    file_out.map_or(Ok(code), |f| f.commit().map(|()| code))
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
    crate::config::check_rule_keys(&a.select, "--select")?;
    crate::config::check_rule_keys(&a.ignore, "--ignore")?;
    let vars = parse_vars(&a.input.vars)?;
    let mut also = Vec::new();
    for x in &a.also {
        also.push(parse_also(x)?);
    }
    let to_stdout = usize::from(a.output.is_none()) + also.iter().filter(|(_, p)| p.is_none()).count();
    if to_stdout > 1 {
        return Err("only one report can go to standard output: give --output FILE or --also FORMAT=FILE".to_string());
    }
    let path = a.paths.first().cloned().unwrap_or_else(|| PathBuf::from("."));
    let cfg_path = a.input.config.clone().or_else(|| crate::config::find(&path));
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
        var_files: a.input.var_files.clone(),
        vars,
        exclude: a.input.exclude.clone(),
        now: parse_now(a.input.now.as_deref())?,
        select: a.select.clone(),
        ignore: a.ignore.clone(),
        config: cfg,
        all_files: a.all_files,
    };
    if (a.fix || a.diff) && (a.paths.len() > 1 || list || a.write_baseline.is_some()) {
        return Err("--fix and --diff take one path, with `check`".into());
    }
    if a.fix {
        fix_tree(&path, &opts)?;
    }
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
    if a.diff {
        let plan = crate::fix::plan(&report);
        return to_output(a.output.as_deref(), i32::from(!plan.is_empty()), |out| {
            plan.iter().try_for_each(|(file, edits)| out.write_all(crate::fix::diff(&report, *file, edits).as_bytes()))
        });
    }
    if list {
        return to_output(a.output.as_deref(), 0, |out| write_list(&report, matches!(a.format, Fmt::Json), out));
    }
    let min = level(min_severity).unwrap_or(Severity::Error);
    // Only what is shown can fail the run: `--fail-on note` with `--min-severity warning`
    // fails on warnings.
    let fail = i32::from(level(fail_on).is_some_and(|t| report.findings.iter().any(|f| f.severity >= t && f.severity >= min)));
    let color = use_color(a.color, a.output.is_none());
    let code = to_output(a.output.as_deref(), fail, |out| report::write(&report, format_of(a.format), min, color, out))?;
    for (format, file) in &also {
        let color = file.is_none() && use_color(a.color, true);
        to_output(file.as_deref(), fail, |out| report::write(&report, *format, min, color, out))?;
    }
    if std::env::var_os("JOBCHECK_TIMING").is_some() {
        // The whole run's, reports included (`cargo bench --bench throughput` reads it).
        eprintln!("jobcheck memory: peak {} KiB", crate::Memory::now().peak_kib);
    }
    Ok(code)
}

/// Rounds of `--fix` until nothing is left to fix (a fix can uncover another: JC102's `?`
/// then JC103's day names), at most a few.
fn fix_tree(path: &std::path::Path, opts: &Options) -> Result<(), String> {
    const ROUNDS: usize = 4;
    let (mut edits, mut files) = (0, 0);
    for _ in 0..ROUNDS {
        let report = crate::check(path, opts).map_err(|e| e.to_string())?;
        let crate::fix::FixRound { edits: n, files: f, problems } = crate::fix::fix_round(&report, path);
        for p in problems {
            eprintln!("jobcheck: {}", report::visible(&p));
        }
        if n == 0 {
            break;
        }
        edits += n;
        files += f;
    }
    eprintln!(
        "jobcheck: applied {edits} fix{} ({files} file write{})",
        if edits == 1 { "" } else { "es" },
        if files == 1 { "" } else { "s" }
    );
    Ok(())
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
        rows.push(
            [
                j.address.clone(),
                dash(&j.schedule),
                dash(&j.timezone),
                dash(&j.next_run),
                dash(&j.task_family),
                format!("{}/{}", num(j.cpu), num(j.memory)),
                dash(&j.log_group),
            ]
            .map(|c| report::escape::text(&c).into_owned()),
        );
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
    let parsed = s::parse(&a.expr, a.scheduler);
    let kind = a.expr.trim().split('(').next().unwrap_or("").to_string();
    // The rules' own words (rules::schedule_text); only the weekday advice leaves it valid.
    let findings = crate::rules::schedule_text::preview(&a.expr, &parsed, a.scheduler, now, tz);
    let valid = findings.iter().all(|f| *f.rule == crate::catalog::JC103);
    let times = match &parsed {
        Ok(sch) if valid => s::next_times(sch, now, tz, a.count.min(1000), None),
        _ => Vec::new(),
    };
    let fmt_t = |t: &chrono::DateTime<chrono::Utc>| {
        if tz == chrono_tz::UTC {
            t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
        } else {
            t.with_timezone(&tz).to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
        }
    };
    let col = |b: usize| a.expr.get(..b).map_or(b, |p| p.chars().count()) + 1;
    let mut out = std::io::stdout().lock();
    let result = (|| -> std::io::Result<()> {
        if a.format == TextFmt::Json {
            let doc = serde_json::json!({
                "expression": a.expr, "kind": kind, "valid": valid, "timezone": tz_name,
                "next": times.iter().map(fmt_t).collect::<Vec<_>>(),
                "findings": findings.iter().map(|f| {
                    serde_json::json!({"rule": f.rule.id, "name": f.rule.name, "severity": f.rule.severity.as_str(), "message": f.message, "help": f.help, "column": col(f.start), "end_column": col(f.end)})
                }).collect::<Vec<_>>(),
            });
            serde_json::to_writer_pretty(&mut out, &doc).map_err(std::io::Error::from)?;
            writeln!(out)?;
        } else {
            writeln!(out, "{}", a.expr)?;
            for f in &findings {
                let pad = " ".repeat(col(f.start) - 1);
                let marks = "^".repeat((col(f.end) - col(f.start)).max(1));
                writeln!(out, "{pad}{marks} {}: {}", f.rule.id, f.message)?;
                if let Some(h) = &f.help {
                    writeln!(out, "  help: {h}")?;
                }
            }
            if valid {
                let what = if times.len() == 1 { "next fire time".to_string() } else { format!("next {} fire times", times.len()) };
                writeln!(out, "{what} ({tz_name}):")?;
                for t in &times {
                    writeln!(out, "  {}  {}", fmt_t(t), t.with_timezone(&tz).format("%a"))?;
                }
            }
        }
        Ok(())
    })();
    // A closed pipe keeps the exit code (`jobcheck schedule … | head`).
    written(result, i32::from(!valid))
}

fn explain(key: Option<&str>) -> Result<i32, String> {
    let index = crate::rules::docs::index();
    let Some(key) = key else {
        let mut out = std::io::stdout().lock();
        writeln!(out, "jobcheck explain ID|NAME prints the rule's documentation. The rules:\n\n{index}").map_err(|e| e.to_string())?;
        return Ok(0);
    };
    let Some(m) = crate::catalog::lookup(key) else {
        // Written here rather than returned: `eprintln!` would panic if stderr is closed early.
        let _ = write!(std::io::stderr().lock(), "jobcheck: no rule `{key}`. The rules:\n\n{index}");
        return Ok(2);
    };
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
    write!(out, "{}", crate::rules::docs::index()).map_err(|e| e.to_string())?;
    Ok(0)
}
