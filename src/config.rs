//! `.jobcheck.toml` and `# jobcheck:ignore` suppressions (rules.md, "Suppressions and
//! configuration").

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::finding::{Finding, Severity};
use crate::load::ast::Body;
use crate::rules::{self, RuleMeta};
use crate::source::{FileId, SourceMap, Span};

/// What a rule is set to in `[rules]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleSetting {
    Off,
    Severity(Severity),
}

#[derive(Debug, Clone, Default)]
pub struct Config {
    pub path: Option<PathBuf>,
    pub fail_on: Option<String>,
    pub min_severity: Option<String>,
    pub exclude: Vec<String>,
    pub rules: BTreeMap<&'static str, RuleSetting>,
    /// `baseline = "…"`, resolved against the configuration file's directory.
    pub baseline: Option<PathBuf>,
}

#[derive(serde::Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawConfig {
    fail_on: Option<String>,
    min_severity: Option<String>,
    #[serde(default)]
    exclude: Vec<String>,
    #[serde(default)]
    rules: BTreeMap<String, String>,
    baseline: Option<String>,
}

/// Finds `.jobcheck.toml` in `start` or its parents up to the root of the git repository
/// `start` is in; outside a repository, only in `start` itself. A configuration above the
/// repository (a home directory, `/tmp`) is not the scanned project's and could turn checks
/// off. A symlinked configuration must resolve inside that boundary.
pub fn find(start: &Path) -> Option<PathBuf> {
    let dir = if start.is_file() { start.parent()?.to_path_buf() } else { start.to_path_buf() };
    let dir = if dir.as_os_str().is_empty() { PathBuf::from(".") } else { dir };
    let dir = dir.canonicalize().unwrap_or(dir);
    let boundary = dir.ancestors().find(|d| d.join(".git").exists()).unwrap_or(&dir).to_path_buf();
    for d in dir.ancestors() {
        let c = d.join(".jobcheck.toml");
        if std::fs::symlink_metadata(&c).is_ok() {
            return crate::load::fs::resolve_inside(&boundary, &c).ok().filter(|p| p.is_file()).map(|_| c);
        }
        if d == boundary {
            return None;
        }
    }
    None
}

pub fn load(path: &Path) -> Result<Config, String> {
    // Found by `find` (inside the repository) or named with `--config`.
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let text = crate::load::fs::read_named(dir, path).map_err(|e| format!("{}: {e}", path.display()))?;
    let raw: RawConfig = toml::from_str(&text).map_err(|e| format!("{}: {}", path.display(), e.message()))?;
    let mut rules = BTreeMap::new();
    for (k, v) in raw.rules {
        let meta = rules::lookup(&k).ok_or_else(|| format!("{}: unknown rule `{k}` in [rules]", path.display()))?;
        let setting = match v.as_str() {
            "off" => RuleSetting::Off,
            s => RuleSetting::Severity(
                Severity::parse(s).ok_or_else(|| format!("{}: `{k} = \"{v}\"`: use off, note, warning or error", path.display()))?,
            ),
        };
        rules.insert(meta.id, setting);
    }
    let baseline = raw.baseline.map(|b| path.parent().unwrap_or(Path::new("")).join(b));
    Ok(Config {
        path: Some(path.to_path_buf()),
        fail_on: raw.fail_on,
        min_severity: raw.min_severity,
        exclude: raw.exclude,
        rules,
        baseline,
    })
}

/// One `# jobcheck:ignore ID[, ID] -- reason` comment.
#[derive(Debug, Clone)]
pub struct Suppression {
    pub comment: Span,
    pub rules: Vec<&'static RuleMeta>,
    /// Unknown rule names written in the comment.
    pub unknown: Vec<String>,
    /// The block or attribute it covers.
    pub region: Span,
    /// The module call it sits on, if any: applies to every finding of that instance.
    pub module: Option<String>,
    pub used: bool,
}

/// Finds the suppression comments of one file.
pub fn scan(file: FileId, text: &str, body: &Body) -> Vec<Suppression> {
    let mut out = Vec::new();
    let mut offset = 0usize;
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let mut starts = Vec::with_capacity(lines.len());
    for l in &lines {
        starts.push(offset);
        offset += l.len();
    }
    for (i, line) in lines.iter().enumerate() {
        let Some(at) = comment_start(line) else { continue };
        let comment = &line[at..];
        let body_text = comment.trim_start_matches(['#', '/']).trim_start();
        let Some(rest) = body_text.strip_prefix("jobcheck:ignore") else {
            continue;
        };
        let ids = rest.split("--").next().unwrap_or("");
        let mut metas = Vec::new();
        let mut unknown = Vec::new();
        for id in ids.split([',', ' ']).map(str::trim).filter(|s| !s.is_empty()) {
            match rules::lookup(id) {
                Some(m) => metas.push(m),
                None => unknown.push(id.to_string()),
            }
        }
        let cspan = Span::new(file, starts[i] + at..starts[i] + line.trim_end().len());
        let eol = !line[..at].trim().is_empty();
        let target_line = if eol {
            Some(i)
        } else {
            (i + 1..lines.len()).find(|&j| {
                let t = lines[j].trim();
                !t.is_empty() && !t.starts_with('#') && !t.starts_with("//")
            })
        };
        let (region, module) = match target_line {
            Some(j) => {
                let line_span = Span::new(file, starts[j]..starts[j] + lines[j].len());
                region_at(body, line_span).unwrap_or((line_span, None))
            }
            None => (cspan, None),
        };
        out.push(Suppression { comment: cspan, rules: metas, unknown, region, module, used: false });
    }
    out
}

/// Start of a `#` or `//` comment outside a string on this line.
fn comment_start(line: &str) -> Option<usize> {
    let b = line.as_bytes();
    let mut in_str = false;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\\' if in_str => i += 1,
            b'"' => in_str = !in_str,
            b'#' if !in_str => return Some(i),
            b'/' if !in_str && b.get(i + 1) == Some(&b'/') => return Some(i),
            _ => {}
        }
        i += 1;
    }
    None
}

/// The innermost block or attribute starting on the line.
fn region_at(body: &Body, line: Span) -> Option<(Span, Option<String>)> {
    let on_line = |s: Span| s.start >= line.start && s.start < line.end;
    for b in &body.blocks {
        if b.span.start <= line.start
            && line.start < b.span.end
            && let Some(inner) = region_at(&b.body, line)
        {
            return Some(inner);
        }
        if on_line(b.header) {
            let module = (b.ident == "module").then(|| b.labels.first().cloned()).flatten();
            return Some((b.span, module));
        }
    }
    body.attrs.iter().find(|a| on_line(a.span)).map(|a| (a.span, None))
}

/// Whether a job address belongs to the instance(s) of `module.NAME` called from a root.
fn in_module(job: &str, name: &str) -> bool {
    let p = format!("module.{name}");
    // A job below the scan root reads `services/api:module.a.…`.
    let path = job.split_once(':').filter(|(root, _)| !root.contains('.')).map_or(job, |(_, rest)| rest);
    path.strip_prefix(&p).is_some_and(|rest| rest.starts_with('.') || rest.starts_with('['))
}

/// Removes suppressed findings; reports JC005 for comments that name unknown rules or
/// suppress nothing.
pub fn apply(findings: Vec<Finding>, sups: &mut [Suppression]) -> Vec<Finding> {
    let mut kept = Vec::with_capacity(findings.len());
    for f in findings {
        let mut hidden = false;
        for s in sups.iter_mut() {
            if !s.rules.iter().any(|m| m.id == f.rule) {
                continue;
            }
            let inside =
                s.region.file == f.span.file && s.region.start <= f.span.start && f.span.start < s.region.end.max(s.region.start + 1);
            let via_module = s.module.as_deref().is_some_and(|n| !f.jobs.is_empty() && f.jobs.iter().all(|j| in_module(j, n)));
            if inside || via_module {
                s.used = true;
                hidden = true;
            }
        }
        if !hidden {
            kept.push(f);
        }
    }
    kept.extend(sups.iter().filter_map(rules::jc005_suppression_unused::check));
    kept
}

/// Checks the keys given to `--select`/`--ignore` (`flag`): each must be a rule ID, a rule
/// name or an ID prefix such as `JC6`. A typo would otherwise select nothing (a silently
/// green run) or ignore nothing.
pub fn check_rule_keys(keys: &[String], flag: &str) -> Result<(), String> {
    for k in keys.iter().map(|k| k.trim()).filter(|k| !k.is_empty()) {
        let upper = k.to_ascii_uppercase();
        let prefix = k.len() < 5 && upper.starts_with("JC") && rules::CATALOG.iter().any(|m| m.id.starts_with(&upper));
        if rules::lookup(k).is_some() || prefix {
            continue;
        }
        let hint = suggest(k).map(|s| format!("; did you mean `{s}`?")).unwrap_or_default();
        return Err(format!("{flag} {k}: no rule, rule name or ID prefix `{k}`{hint} (see `jobcheck rules`)"));
    }
    Ok(())
}

/// The rule ID or name closest to `key`, when it is close enough to be a typo.
fn suggest(key: &str) -> Option<&'static str> {
    let key = key.to_ascii_lowercase();
    rules::CATALOG
        .iter()
        .flat_map(|m| [m.id, m.name])
        .map(|c| (edit_distance(&key, &c.to_ascii_lowercase()), c))
        .filter(|(d, c)| *d <= (c.len() / 3).max(1))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != *cb)).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// Applies `[rules]` settings and `--select`/`--ignore`.
pub fn filter(findings: Vec<Finding>, cfg: &Config, select: &[String], ignore: &[String]) -> Vec<Finding> {
    let matches = |f: &Finding, keys: &[String]| {
        keys.iter().any(|k| {
            k.eq_ignore_ascii_case(f.rule) || k.eq_ignore_ascii_case(f.name) || (k.len() < 5 && f.rule.starts_with(&k.to_ascii_uppercase()))
        })
    };
    findings
        .into_iter()
        .filter(|f| select.is_empty() || matches(f, select) || f.rule == "JC001")
        .filter(|f| !matches(f, ignore))
        .filter_map(|mut f| match cfg.rules.get(f.rule) {
            Some(RuleSetting::Off) => None,
            Some(RuleSetting::Severity(s)) => {
                f.severity = *s;
                Some(f)
            }
            None => Some(f),
        })
        .collect()
}

/// Suppressions from every parsed `.tf` file.
pub fn collect(ws: &crate::load::Workspace, sources: &SourceMap) -> Vec<Suppression> {
    let mut out = Vec::new();
    for m in ws.modules.values() {
        for (id, body) in &m.bodies {
            if let Some(f) = sources.get(*id)
                && f.text.contains("jobcheck:ignore")
            {
                out.extend(scan(*id, &f.text, body));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_key_typos_are_usage_errors() {
        let keys = |k: &[&str]| k.iter().map(|s| (*s).to_string()).collect::<Vec<_>>();
        assert_eq!(check_rule_keys(&keys(&["JC101", "schedule-syntax", "JC6", "jc2", ""]), "--select"), Ok(()));
        let e = check_rule_keys(&keys(&["JC1O1"]), "--select").unwrap_err();
        assert!(e.contains("did you mean `JC101`?"), "{e}");
        let e = check_rule_keys(&keys(&["schedule-sintax"]), "--ignore").unwrap_err();
        assert!(e.contains("did you mean `schedule-syntax`?"), "{e}");
        let e = check_rule_keys(&keys(&["nonsense"]), "--ignore").unwrap_err();
        assert!(e.starts_with("--ignore nonsense: no rule") && !e.contains("did you mean"), "{e}");
        assert!(check_rule_keys(&keys(&["JC9"]), "--select").is_err());
    }

    #[test]
    fn comment_positions() {
        assert_eq!(comment_start("  a = \"#x\" # c"), Some(11));
        assert_eq!(comment_start("// c"), Some(0));
        assert_eq!(comment_start("a = \"x//y\""), None);
    }

    #[test]
    fn regions() {
        let src =
            "# jobcheck:ignore JC206 -- DLQ handled elsewhere\nresource \"a\" \"b\" {\n  x = 1 # jobcheck:ignore schedule-syntax\n}\n";
        let body = crate::load::parse::parse_hcl(FileId(0), src).unwrap_or_default();
        let s = scan(FileId(0), src, &body);
        assert_eq!(s.len(), 2);
        assert_eq!(&src[s[0].region.range()], "resource \"a\" \"b\" {\n  x = 1 # jobcheck:ignore schedule-syntax\n}");
        assert_eq!(s[0].rules[0].id, "JC206");
        assert_eq!(s[1].rules[0].id, "JC101");
        assert_eq!(&src[s[1].region.range()], "x = 1");
    }
}
