//! `.jobcheck.toml` (rules.md, "Suppressions and configuration"); the `# jobcheck:ignore`
//! comments are in `suppress`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::catalog::{self, Severity};
use crate::finding::Finding;

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
        let meta = catalog::lookup(&k).ok_or_else(|| format!("{}: unknown rule `{k}` in [rules]", path.display()))?;
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

/// Checks the keys given to `--select`/`--ignore` (`flag`): each must be a rule ID, a rule
/// name or an ID prefix such as `JC6`. A typo would otherwise select nothing (a silently
/// green run) or ignore nothing.
pub(crate) fn check_rule_keys(keys: &[String], flag: &str) -> Result<(), String> {
    for k in keys.iter().map(|k| k.trim()).filter(|k| !k.is_empty()) {
        let upper = k.to_ascii_uppercase();
        let prefix = k.len() < 5 && upper.starts_with("JC") && catalog::CATALOG.iter().any(|m| m.id.starts_with(&upper));
        if catalog::lookup(k).is_some() || prefix {
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
    catalog::CATALOG
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
pub(crate) fn filter(findings: Vec<Finding>, cfg: &Config, select: &[String], ignore: &[String]) -> Vec<Finding> {
    let matches = |f: &Finding, keys: &[String]| {
        keys.iter().any(|k| {
            k.eq_ignore_ascii_case(f.rule) || k.eq_ignore_ascii_case(f.name) || (k.len() < 5 && f.rule.starts_with(&k.to_ascii_uppercase()))
        })
    };
    findings
        .into_iter()
        .filter(|f| select.is_empty() || matches(f, select) || f.rule == crate::catalog::JC001.id)
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
}
