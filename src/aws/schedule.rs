//! EventBridge schedule expressions (aws.md §1.2, §1.3, §2.1): a strict parser that blames
//! the offending field, and a bounded next-fire-time iterator.

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, TimeZone, Utc};

/// What is wrong with an expression: a syntax error (from [`parse`]) or day fields that
/// contradict each other (from [`day_fields_error`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchedError {
    pub message: String,
    pub help: Option<String>,
    /// Byte range inside the expression string.
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Minute,
    Hour,
    Day,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Schedule {
    Rate { value: u64, unit: Unit, plural: bool, unit_start: usize, unit_end: usize },
    Cron(Box<Cron>),
    At(NaiveDateTime),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub text: String,
    pub start: usize,
    pub end: usize,
    /// Allowed plain values (for DOM/DOW: plain values only; specials below).
    pub values: Vec<bool>,
    pub any: bool,
    pub question: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub enum DomSpecial {
    Last,
    LastWeekday,
    NearestWeekday(u32),
}

#[derive(Debug, Clone, PartialEq)]
pub enum DowSpecial {
    /// `L` alone: Saturday; `nL`: last weekday n of the month.
    Last(u32),
    /// `d#k`.
    Nth(u32, u32),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Cron {
    pub fields: [Field; 6],
    pub dom_special: Option<DomSpecial>,
    pub dow_special: Option<DowSpecial>,
    /// Day-of-week written with numbers (AWS counts 1 = SUN, Unix 0 = SUN).
    pub dow_numeric: bool,
}

const NAMES: [&str; 6] = ["minutes", "hours", "day-of-month", "month", "day-of-week", "year"];
const RANGES: [(u32, u32); 6] = [(0, 59), (0, 23), (1, 31), (1, 12), (1, 7), (1970, 2199)];
const MONTHS: [&str; 12] = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
pub(crate) const DAYS: [&str; 7] = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

fn err(message: impl Into<String>, start: usize, end: usize) -> SchedError {
    SchedError { message: message.into(), help: None, start, end }
}

/// Parses an expression. `scheduler` enables `at()` (aws.md §2.1).
pub fn parse(expr: &str, scheduler: bool) -> Result<Schedule, SchedError> {
    let t = expr.trim();
    let lead = expr.len() - expr.trim_start().len();
    let full = (lead, lead + t.len());
    if t.is_empty() {
        let mut e = err("schedule expression is empty", 0, expr.len());
        e.help = Some("write a `cron(...)` or `rate(...)` expression".to_string());
        return Err(e);
    }
    let Some(open) = t.find('(') else {
        let mut e = err(format!("`{t}` is not wrapped in `cron(...)` or `rate(...)`"), full.0, full.1);
        if t.split_whitespace().count() >= 5 {
            e.help = Some(format!("write `cron({t})`"));
        }
        return Err(e);
    };
    if !t.ends_with(')') {
        return Err(err(format!("`{t}` is missing its closing parenthesis"), full.0, full.1));
    }
    let kw = &t[..open];
    let inner_start = lead + open + 1;
    let inner = &t[open + 1..t.len() - 1];
    match kw {
        "rate" => parse_rate(inner, inner_start),
        "cron" => parse_cron(inner, inner_start).map(|c| Schedule::Cron(Box::new(c))),
        "at" if scheduler => parse_at(inner, inner_start),
        "at" => Err(err("`at()` is only valid on EventBridge Scheduler, not on a rule", full.0, full.1)),
        other => Err(err(format!("`{other}(...)` is not a schedule expression; use `cron(...)` or `rate(...)`"), lead, lead + open)),
    }
}

fn parse_rate(inner: &str, base: usize) -> Result<Schedule, SchedError> {
    let parts: Vec<(usize, &str)> = split_ws(inner);
    let [(vs, v), (us, u)] = parts.as_slice() else {
        return Err(err("`rate()` needs a value and a unit separated by a space, like `rate(5 minutes)`", base, base + inner.len()));
    };
    let value: u64 = match v.parse() {
        Ok(n) if n > 0 => n,
        _ => {
            return Err(err(format!("`{v}` is not a positive whole number"), base + vs, base + vs + v.len()));
        }
    };
    // AWS documents lowercase units only; other case is unverified (aws.md §1.2), so it is
    // accepted rather than reported as an error.
    let (unit, plural) = match u.to_ascii_lowercase().as_str() {
        "minute" => (Unit::Minute, false),
        "minutes" => (Unit::Minute, true),
        "hour" => (Unit::Hour, false),
        "hours" => (Unit::Hour, true),
        "day" => (Unit::Day, false),
        "days" => (Unit::Day, true),
        _ => {
            return Err(err(format!("`{u}` is not a rate unit; use minute(s), hour(s) or day(s)"), base + us, base + us + u.len()));
        }
    };
    Ok(Schedule::Rate { value, unit, plural, unit_start: base + us, unit_end: base + us + u.len() })
}

fn parse_at(inner: &str, base: usize) -> Result<Schedule, SchedError> {
    // aws.md §2.1: the documented form has no `Z`; a suffix deserves a warning, not an error,
    // and the catalog has no warning for it, so it is accepted.
    let s = inner.trim().trim_end_matches('Z');
    NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S")
        .map(Schedule::At)
        .map_err(|_| err(format!("`{s}` is not a time of the form yyyy-mm-ddThh:mm:ss"), base, base + inner.len()))
}

fn split_ws(s: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in s.char_indices() {
        if c.is_whitespace() {
            if let Some(st) = start.take() {
                out.push((st, &s[st..i]));
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(st) = start {
        out.push((st, &s[st..]));
    }
    out
}

/// The AWS form of a five-field Unix cron, with day names.
pub(crate) fn unix_to_aws(fields: &[&str]) -> Option<String> {
    let [m, h, dom, mon, dow] = fields else {
        return None;
    };
    let dow_aws = if *dow == "*" || *dow == "?" {
        "?".to_string()
    } else {
        let map = |t: &str| -> Option<String> {
            t.parse::<usize>().ok().and_then(|n| DAYS.get(n % 7)).map(|d| (*d).to_string()).or_else(|| Some(t.to_uppercase()))
        };
        let mut items = Vec::new();
        for item in dow.split(',') {
            let r: Option<Vec<String>> = item.split('-').map(map).collect();
            items.push(r?.join("-"));
        }
        items.join(",")
    };
    let dom_aws = if dow_aws != "?" && *dom == "*" { "?".to_string() } else { (*dom).to_string() };
    let dow_aws = if dom_aws != "?" && dow_aws != "?" && *dom != "*" { "?".to_string() } else { dow_aws };
    let dow_final = if dom_aws == "?" && dow_aws == "?" { "*".to_string() } else { dow_aws };
    Some(format!("cron({m} {h} {dom_aws} {mon} {dow_final} *)"))
}

fn parse_cron(inner: &str, base: usize) -> Result<Cron, SchedError> {
    if inner.contains(',') && inner.split(',').count() >= 5 && inner.split(',').all(|p| !p.trim().contains(' ')) {
        return Err(err("fields are separated by commas; AWS cron fields are separated by spaces", base, base + inner.len()));
    }
    let parts = split_ws(inner);
    if parts.len() != 6 {
        let mut e =
            err(format!("`cron({})` has {} fields; AWS cron expressions need 6", inner.trim(), parts.len()), base, base + inner.len());
        if parts.len() == 5 {
            let f: Vec<&str> = parts.iter().map(|(_, s)| *s).collect();
            e.help = unix_to_aws(&f).map(|s| format!("add the year field; as an AWS cron this is `{s}`"));
        } else if parts.len() == 7 {
            e.help = Some("AWS cron has no seconds field: drop the first field".into());
        }
        return Err(e);
    }
    let mut fields: Vec<Field> = Vec::with_capacity(6);
    let mut dom_special = None;
    let mut dow_special = None;
    let mut dow_numeric = false;
    for (i, (off, text)) in parts.iter().enumerate() {
        let start = base + off;
        let (lo, hi) = RANGES[i];
        let mut f = Field {
            text: (*text).to_string(),
            start,
            end: start + text.len(),
            values: vec![false; (hi + 1) as usize],
            any: false,
            question: false,
        };
        let up = text.to_ascii_uppercase();
        if up == "?" {
            if i != 2 && i != 4 {
                return Err(err(format!("`?` is not allowed in the {} field", NAMES[i]), f.start, f.end));
            }
            f.question = true;
            fields.push(f);
            continue;
        }
        // Specials that must stand alone.
        if i == 2 && (up == "L" || up == "LW" || (up.ends_with('W') && up.len() > 1)) {
            dom_special = Some(match up.as_str() {
                "L" => DomSpecial::Last,
                "LW" => DomSpecial::LastWeekday,
                _ => match up[..up.len() - 1].parse::<u32>() {
                    Ok(n) if (1..=31).contains(&n) => DomSpecial::NearestWeekday(n),
                    _ => {
                        return Err(err(format!("`{text}` is not a valid `nW` (n is 1–31)"), f.start, f.end));
                    }
                },
            });
            fields.push(f);
            continue;
        }
        if i == 4 && (up == "L" || (up.ends_with('L') && up.len() > 1) || up.contains('#')) {
            if up.contains('#') {
                if up.contains(',') {
                    return Err(err("`#` cannot be combined with a list in day-of-week", f.start, f.end));
                }
                let (d, k) = up.split_once('#').unwrap_or(("", ""));
                let d = day_value(d).ok_or_else(|| err(format!("`{d}` is not a day of the week (1–7 or SUN–SAT)"), f.start, f.end))?;
                let k: u32 = match k.parse() {
                    Ok(k) if (1..=5).contains(&k) => k,
                    _ => {
                        return Err(err(format!("`{text}`: the occurrence after `#` must be 1–5"), f.start, f.end));
                    }
                };
                dow_numeric |= up.split('#').next().is_some_and(|d| d.chars().all(|c| c.is_ascii_digit()));
                dow_special = Some(DowSpecial::Nth(d, k));
            } else if up == "L" {
                dow_special = Some(DowSpecial::Last(7));
            } else {
                let d = day_value(&up[..up.len() - 1])
                    .ok_or_else(|| err(format!("`{text}` is not a valid `nL` (n is 1–7 or SUN–SAT)"), f.start, f.end))?;
                dow_numeric |= up[..up.len() - 1].chars().all(|c| c.is_ascii_digit());
                dow_special = Some(DowSpecial::Last(d));
            }
            fields.push(f);
            continue;
        }
        let mut item_off = 0usize;
        for item in text.split(',') {
            let is = f.start + item_off;
            let ie = is + item.len();
            item_off += item.len() + 1;
            let iu = item.to_ascii_uppercase();
            if iu.is_empty() {
                return Err(err(format!("empty item in the {} field", NAMES[i]), f.start, f.end));
            }
            if iu.contains('L') && !(i == 3 || i == 4) || iu.contains('W') && i != 3 && i != 4 && i != 2 || iu.contains('#') || iu == "?" {
                return Err(err(format!("`{item}` is not allowed in the {} field", NAMES[i]), is, ie));
            }
            let (range_part, step) = match iu.split_once('/') {
                Some((r, s)) => {
                    if i == 4 {
                        return Err(err("`/` is not allowed in day-of-week", is, ie));
                    }
                    let step: u32 = match s.parse() {
                        Ok(n) if n >= 1 && n <= hi - lo => n,
                        _ => {
                            return Err(err(format!("step `{s}` is out of range for {} (1–{})", NAMES[i], hi - lo), is, ie));
                        }
                    };
                    (r, Some(step))
                }
                None => (iu.as_str(), None),
            };
            let mut val = |s: &str| -> Result<u32, SchedError> {
                let v = match i {
                    3 => MONTHS.iter().position(|m| *m == s).and_then(|p| u32::try_from(p + 1).ok()).or_else(|| s.parse().ok()),
                    4 => day_value(s),
                    _ => s.parse().ok(),
                };
                if i == 4 && s.chars().all(|c| c.is_ascii_digit()) {
                    dow_numeric = true;
                }
                match v {
                    Some(v) if v >= lo && v <= hi => Ok(v),
                    Some(v) => Err(err(format!("`{v}` is out of range for {} ({lo}–{hi})", NAMES[i]), is, ie)),
                    None => Err(err(format!("`{s}` is not a valid {} value", NAMES[i]), is, ie)),
                }
            };
            let (a, b, star) = if range_part == "*" {
                (lo, hi, true)
            } else if let Some((x, y)) = range_part.split_once('-') {
                if y.contains('-') {
                    return Err(err(format!("`{item}` is not a valid range"), is, ie));
                }
                (val(x)?, val(y)?, false)
            } else {
                let v = val(range_part)?;
                (v, if step.is_some() { hi } else { v }, false)
            };
            if star && step.is_none() {
                f.any = true;
            }
            let step = step.unwrap_or(1);
            // Ranges may wrap (aws.md §1.3: `20-2` in hours).
            let seq: Vec<u32> = if a <= b { (a..=b).collect() } else { (a..=hi).chain(lo..=b).collect() };
            for (k, v) in seq.into_iter().enumerate() {
                if k.is_multiple_of(step as usize) {
                    f.values[v as usize] = true;
                }
            }
        }
        fields.push(f);
    }
    let fields: [Field; 6] = fields.try_into().map_err(|_| err("internal: field count", base, base + inner.len()))?;
    Ok(Cron { fields, dom_special, dow_special, dow_numeric })
}

fn day_value(s: &str) -> Option<u32> {
    let u = s.to_ascii_uppercase();
    DAYS.iter()
        .position(|d| *d == u)
        .and_then(|p| u32::try_from(p + 1).ok())
        .or_else(|| u.parse().ok().filter(|n| (1..=7).contains(n)).or_else(|| u.parse().ok().filter(|n: &u32| *n == 0 || *n > 7)))
}

/// Exactly one of day-of-month and day-of-week must be `?` (aws.md §1.3, limit 1).
pub fn day_fields_error(c: &Cron) -> Option<SchedError> {
    let (dom, dow) = (&c.fields[2], &c.fields[4]);
    let span = (dom.start, dow.end);
    match (dom.question, dow.question) {
        (true, true) => Some(SchedError {
            message: "day-of-month and day-of-week are both `?`; exactly one must be `?`".into(),
            help: Some("set one of the two day fields, e.g. `*` in day-of-month".into()),
            start: span.0,
            end: span.1,
        }),
        (false, false) => {
            let which =
                if dom.text == "*" && dow.text == "*" { "both `*`".to_string() } else { format!("`{}` and `{}`", dom.text, dow.text) };
            let help = if dom.text == "*" {
                format!("write `?` in day-of-month: `… ? {} {} …`", c.fields[3].text, dow.text)
            } else {
                format!("write `?` in day-of-week: `… {} {} ? …`", dom.text, c.fields[3].text)
            };
            Some(SchedError {
                message: format!("day-of-month and day-of-week are {which}; one of them must be `?`"),
                help: Some(help),
                start: span.0,
                end: span.1,
            })
        }
        _ => None,
    }
}

/// The days a numeric day-of-week selects, spelled out (1 = SUN), and the same days by name.
pub fn weekday_names(c: &Cron) -> Option<(String, String)> {
    if !c.dow_numeric {
        return None;
    }
    let f = &c.fields[4];
    let days: Vec<&str> = (1..=7usize).filter(|d| f.values[*d]).map(|d| DAYS[d - 1]).collect();
    let named = f
        .text
        .split(',')
        .map(|item| {
            item.split('-')
                .map(|p| {
                    p.parse::<usize>().ok().and_then(|n| DAYS.get(n.wrapping_sub(1))).map_or_else(|| p.to_string(), |d| (*d).to_string())
                })
                .collect::<Vec<_>>()
                .join("-")
        })
        .collect::<Vec<_>>()
        .join(",");
    Some((if days.is_empty() { named.clone() } else { days.join(", ") }, named))
}

/// Both readings of a numeric day-of-week (aws.md §1.3.2): what AWS runs (1 = SUN)
/// and, when it has one, what the same text means in Unix cron (0 or 7 = SUN), each spelled
/// out: `1-5` → (`SUN–THU`, `MON–FRI`), `7#5` → (`the 5th SAT`, none), `6L` → (`the last FRI`, none).
/// A step (`1/2`) is read as the list of days AWS runs.
pub(crate) fn weekday_readings(c: &Cron) -> Option<(String, Option<String>)> {
    if !c.dow_numeric {
        return None;
    }
    let f = &c.fields[4];
    let day = |n: &str, unix: bool| -> Option<&'static str> {
        let n = n.parse::<usize>().ok()?;
        if unix { DAYS.get(n % 7).copied() } else { DAYS.get(n.checked_sub(1)?).copied() }
    };
    let ordinal = |k: &str| match k {
        "1" => "1st".to_string(),
        "2" => "2nd".to_string(),
        "3" => "3rd".to_string(),
        k => format!("{k}th"),
    };
    let read = |unix: bool| -> Option<String> {
        let items: Option<Vec<String>> = f
            .text
            .split(',')
            .map(|item| {
                if let Some((d, k)) = item.split_once('#') {
                    return (!unix).then(|| Some(format!("the {} {}", ordinal(k), day(d, false)?)))?;
                }
                if let Some(d) = item.strip_suffix('L') {
                    return (!unix).then(|| Some(format!("the last {}", day(d, false)?)))?;
                }
                match item.split_once('-') {
                    Some((a, b)) => Some(format!("{}–{}", day(a, unix)?, day(b, unix)?)),
                    None => day(item, unix).map(str::to_string),
                }
            })
            .collect();
        items.map(|i| i.join(", "))
    };
    let aws = read(false).or_else(|| {
        let days: Vec<&str> = (1..=7usize).filter(|d| f.values[*d]).map(|d| DAYS[d - 1]).collect();
        (!days.is_empty()).then(|| days.join(", "))
    })?;
    let unix = read(true).filter(|u| *u != aws);
    Some((aws, unix))
}

fn days_in_month(y: i32, m: u32) -> u32 {
    let next = if m == 12 { NaiveDate::from_ymd_opt(y + 1, 1, 1) } else { NaiveDate::from_ymd_opt(y, m + 1, 1) };
    next.and_then(|n| n.pred_opt()).map_or(28, |d| d.day())
}

fn weekday1(d: NaiveDate) -> u32 {
    d.weekday().num_days_from_sunday() + 1
}

fn day_matches(c: &Cron, d: NaiveDate) -> bool {
    let dim = days_in_month(d.year(), d.month());
    let dom_ok = match &c.dom_special {
        Some(DomSpecial::Last) => d.day() == dim,
        Some(DomSpecial::LastWeekday) => {
            let mut last = dim;
            while let Some(x) = NaiveDate::from_ymd_opt(d.year(), d.month(), last) {
                if (2..=6).contains(&weekday1(x)) {
                    break;
                }
                last -= 1;
            }
            d.day() == last
        }
        Some(DomSpecial::NearestWeekday(n)) => {
            let n = (*n).min(dim);
            let Some(target) = NaiveDate::from_ymd_opt(d.year(), d.month(), n) else {
                return false;
            };
            let w = weekday1(target);
            let actual = match w {
                7 => {
                    if n == 1 {
                        n + 2
                    } else {
                        n - 1
                    }
                }
                1 => {
                    if n == dim {
                        n - 2
                    } else {
                        n + 1
                    }
                }
                _ => n,
            };
            d.day() == actual
        }
        None => c.fields[2].question || c.fields[2].values[d.day() as usize],
    };
    let dow_ok = match &c.dow_special {
        Some(DowSpecial::Last(w)) => weekday1(d) == *w && d.day() + 7 > dim,
        Some(DowSpecial::Nth(w, k)) => weekday1(d) == *w && (d.day() - 1) / 7 + 1 == *k,
        None => c.fields[4].question || c.fields[4].values[weekday1(d) as usize],
    };
    dom_ok && dow_ok
}

/// Next fire times after `now` (exclusive), at most `n`, in `tz` (UTC for rules). A local
/// time skipped by DST does not fire; a repeated one fires once (aws.md §2.1.4).
pub fn next_times(
    s: &Schedule,
    now: chrono::DateTime<Utc>,
    tz: chrono_tz::Tz,
    n: usize,
    end: Option<chrono::DateTime<Utc>>,
) -> Vec<chrono::DateTime<Utc>> {
    let mut out = Vec::new();
    match s {
        Schedule::Rate { value, unit, .. } => {
            // A step beyond what a date can hold means the rate never fires again.
            let v = i64::try_from(*value).unwrap_or(i64::MAX);
            let step = match unit {
                Unit::Minute => Duration::try_minutes(v),
                Unit::Hour => Duration::try_hours(v),
                Unit::Day => Duration::try_days(v),
            };
            let Some(step) = step else {
                return out;
            };
            let mut t = now;
            while out.len() < n {
                let Some(next) = t.checked_add_signed(step) else {
                    break;
                };
                if end.is_some_and(|e| next > e) {
                    break;
                }
                out.push(next);
                t = next;
            }
        }
        Schedule::At(local) => {
            if let Some(t) = tz.from_local_datetime(local).earliest().map(|t| t.with_timezone(&Utc))
                && t > now
                && end.is_none_or(|e| t <= e)
            {
                out.push(t);
            }
        }
        Schedule::Cron(c) => {
            let local_now = now.with_timezone(&tz).naive_local();
            let start_year = local_now.year().max(1970);
            'outer: for y in start_year..=2199 {
                if !usize::try_from(y).ok().and_then(|y| c.fields[5].values.get(y).copied()).unwrap_or(false) {
                    continue;
                }
                for m in 1..=12u32 {
                    if !c.fields[3].values[m as usize] {
                        continue;
                    }
                    for d in 1..=days_in_month(y, m) {
                        let Some(date) = NaiveDate::from_ymd_opt(y, m, d) else {
                            continue;
                        };
                        if date < local_now.date() || !day_matches(c, date) {
                            continue;
                        }
                        for h in 0..24u32 {
                            if !c.fields[1].values[h as usize] {
                                continue;
                            }
                            for mi in 0..60u32 {
                                if !c.fields[0].values[mi as usize] {
                                    continue;
                                }
                                let Some(local) = date.and_hms_opt(h, mi, 0) else {
                                    continue;
                                };
                                let Some(t) = tz.from_local_datetime(&local).earliest() else {
                                    continue;
                                };
                                let t = t.with_timezone(&Utc);
                                if t <= now {
                                    continue;
                                }
                                if end.is_some_and(|e| t > e) {
                                    break 'outer;
                                }
                                out.push(t);
                                if out.len() >= n {
                                    break 'outer;
                                }
                            }
                        }
                    }
                }
            }
        }
    }
    out
}

impl std::fmt::Display for Schedule {
    /// The canonical text of the expression: fields single-spaced, names as written.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Schedule::Rate { value, unit, plural, .. } => {
                let u = match unit {
                    Unit::Minute => "minute",
                    Unit::Hour => "hour",
                    Unit::Day => "day",
                };
                write!(f, "rate({value} {u}{})", if *plural { "s" } else { "" })
            }
            Schedule::Cron(c) => {
                let fields: Vec<&str> = c.fields.iter().map(|x| x.text.as_str()).collect();
                write!(f, "cron({})", fields.join(" "))
            }
            Schedule::At(t) => write!(f, "at({})", t.format("%Y-%m-%dT%H:%M:%S")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(e: &str) -> Schedule {
        parse(e, true).unwrap_or_else(|x| panic!("{e}: {x:?}"))
    }

    #[test]
    fn valid_examples_from_the_spec() {
        for e in [
            "cron(0 10 * * ? *)",
            "cron(15 12 * * ? *)",
            "cron(0 18 ? * MON-FRI *)",
            "cron(0 8 1 * ? *)",
            "cron(0/15 * * * ? *)",
            "cron(0/10 * ? * MON-FRI *)",
            "cron(0/5 8-17 ? * MON-FRI *)",
            "cron(0/30 20-2 ? * MON-FRI *)",
            "cron(5,35 14 * * ? *)",
            "cron(15 10 ? * 6L 2019-2022)",
            "cron(0 12 * * ? *)",
            "cron(0 9 ? * 2#1 *)",
            "cron(0 0 L * ? *)",
            "cron(0 6 15W * ? *)",
            "cron(0 3 ? * 1 *)",
            "cron(0 0 1 JAN,JUL ? *)",
            "cron(0 21 LW * ? *)",
            "cron(0 2 ? * 5L *)",
            "cron(0-15/5 * * * ? *)",
            "rate(1 minute)",
            "rate(5 minutes)",
            "rate(1 hour)",
            "rate(12 hours)",
            "rate(1 day)",
            "rate(7 days)",
            "cron(0 9 ? * mOn *)",
        ] {
            let s = ok(e);
            if let Schedule::Cron(c) = &s {
                assert!(day_fields_error(c).is_none(), "{e}");
            }
        }
    }

    #[test]
    fn invalid_examples_blame_the_field() {
        for (e, day_fields, blamed) in [
            ("cron(0 12 * * *)", false, "0 12 * * *"),
            ("0 12 * * ? *", false, "0 12 * * ? *"),
            ("cron(0 12 * * * *)", true, "* * *"),
            ("cron(7 20 * * 1-7 *)", true, "* * 1-7"),
            ("cron(15 0 * * MON-FRI *)", true, "* * MON-FRI"),
            ("cron(0 12 15 * MON *)", true, "15 * MON"),
            ("cron(0 12 ? * ? *)", true, "? * ?"),
            ("cron(* ? * * * *)", false, "?"),
            ("cron(60 * * * ? *)", false, "60"),
            ("cron(0 24 * * ? *)", false, "24"),
            ("cron(0 0 32 * ? *)", false, "32"),
            ("cron(0 0 1 13 ? *)", false, "13"),
            ("cron(0 0 ? * 0 *)", false, "0"),
            ("cron(0 0 ? * 8 *)", false, "8"),
            ("cron(0 12 * * ? 1969)", false, "1969"),
            ("cron(0 12 * * ? 2200)", false, "2200"),
            ("cron(*/60 * * * ? *)", false, "*/60"),
            ("cron(0 0 ? * 3#1,6#3 *)", false, "3#1,6#3"),
            ("cron(0 0 ? * 2#6 *)", false, "2#6"),
            ("cron(0 0 ? 1W * *)", false, "1W"),
            ("cron(0 0 ? L * *)", false, "L"),
            ("cron(0 0 1 * ? L)", false, "L"),
            ("cron(0 0 ? * MON/2 *)", false, "MON/2"),
            ("cron(0 0 0 1 * ? *)", false, "0 0 0 1 * ? *"),
            ("cron(0/5, 9-18, ?, *, MON-FRI, *)", false, "0/5, 9-18, ?, *, MON-FRI, *"),
            ("cron(@daily)", false, "@daily"),
            ("cron(0 3 ? * MON-SAT-SUN *)", false, "MON-SAT-SUN"),
            ("rate(1.5 hours)", false, "1.5"),
            ("rate(5minutes)", false, "5minutes"),
            ("rate(0 minutes)", false, "0"),
            ("rate(-5 minutes)", false, "-5"),
            ("rate(30 seconds)", false, "seconds"),
            ("rate(1 week)", false, "week"),
        ] {
            let (got, from_day_fields) = match parse(e, false) {
                Err(x) => (x, false),
                Ok(Schedule::Cron(c)) => (day_fields_error(&c).unwrap_or_else(|| panic!("{e} accepted")), true),
                Ok(_) => panic!("{e} accepted"),
            };
            assert_eq!(from_day_fields, day_fields, "{e}: {}", got.message);
            assert_eq!(&e[got.start..got.end], blamed, "{e}: {}", got.message);
        }
    }

    /// aws.md §2.1: Scheduler's forms, valid and invalid, with the part blamed.
    #[test]
    fn scheduler_examples() {
        for e in [
            "at(2026-07-01T09:00:00)",
            "at(2026-07-01T09:00:00Z)",
            "rate(1 hours)",
            "rate(1 days)",
            "rate(1 hour)",
            "rate(5 minutes)",
            "cron(0 3 ? * MON-FRI *)",
        ] {
            assert!(parse(e, true).is_ok(), "{e}");
        }
        for (e, scheduler, blamed) in [
            ("at(2026-07-01 09:00)", true, "2026-07-01 09:00"),
            ("at(2026-07-01T09:00:00)", false, "at(2026-07-01T09:00:00)"),
            ("cron(0 3 * * ?)", true, "0 3 * * ?"),
        ] {
            let err = parse(e, scheduler).err().unwrap_or_else(|| panic!("{e} accepted"));
            assert_eq!(&e[err.start..err.end], blamed, "{e}: {}", err.message);
        }
    }

    #[test]
    fn unix_cron_suggestion() {
        let e = parse("cron(0 3 * * 1-5)", false).err().unwrap_or_else(|| panic!("accepted"));
        assert_eq!(e.help.as_deref(), Some("add the year field; as an AWS cron this is `cron(0 3 ? * MON-FRI *)`"));
    }

    #[test]
    fn weekday_numbers_are_spelled_out() {
        let Schedule::Cron(c) = ok("cron(0 3 ? * 1-5 *)") else { panic!("not cron") };
        assert_eq!(weekday_names(&c), Some(("SUN, MON, TUE, WED, THU".to_string(), "SUN-THU".to_string())));
        let read = |e: &str| {
            let Schedule::Cron(c) = ok(e) else { panic!("not cron") };
            weekday_readings(&c)
        };
        let both = |a: &str, u: &str| Some((a.to_string(), Some(u.to_string())));
        assert_eq!(read("cron(0 3 ? * 1-5 *)"), both("SUN–THU", "MON–FRI"));
        assert_eq!(read("cron(0 3 ? * 2,4 *)"), both("MON, WED", "TUE, THU"));
        assert_eq!(read("cron(0 3 ? * 7#5 *)"), Some(("the 5th SAT".to_string(), None)));
        assert_eq!(read("cron(0 3 ? * 2#1 *)"), Some(("the 1st MON".to_string(), None)));
        assert_eq!(read("cron(0 3 ? * 6L *)"), Some(("the last FRI".to_string(), None)));
        assert_eq!(read("cron(0 3 ? * MON-FRI *)"), None);
    }

    fn at(s: &str) -> chrono::DateTime<Utc> {
        chrono::DateTime::parse_from_rfc3339(s).map_or_else(|e| panic!("{e}"), |t| t.with_timezone(&Utc))
    }

    #[test]
    fn next_fire_times() {
        let now = at("2026-06-01T00:00:00Z");
        let utc = chrono_tz::UTC;
        let t = next_times(&ok("cron(0 3 ? * MON-FRI *)"), now, utc, 3, None);
        assert_eq!(t, vec![at("2026-06-01T03:00:00Z"), at("2026-06-02T03:00:00Z"), at("2026-06-03T03:00:00Z")]);
        assert!(next_times(&ok("cron(0 3 30 FEB ? *)"), now, utc, 1, None).is_empty());
        assert_eq!(next_times(&ok("cron(0 0 L * ? *)"), now, utc, 1, None), vec![at("2026-06-30T00:00:00Z")]);
        assert_eq!(next_times(&ok("cron(0 9 ? * 2#1 *)"), now, utc, 1, None), vec![at("2026-06-01T09:00:00Z")]);
        assert_eq!(next_times(&ok("cron(0 21 LW * ? *)"), now, utc, 1, None), vec![at("2026-06-30T21:00:00Z")]);
        assert_eq!(next_times(&ok("cron(0 2 ? * 5L *)"), now, utc, 1, None), vec![at("2026-06-25T02:00:00Z")]);
        // 2026-08-15 is a Saturday: the nearest weekday is Friday the 14th.
        assert_eq!(next_times(&ok("cron(0 6 15W AUG ? *)"), now, utc, 1, None), vec![at("2026-08-14T06:00:00Z")]);
        let wrap = next_times(&ok("cron(0/30 20-2 ? * MON-FRI *)"), now, utc, 2, None);
        assert_eq!(wrap, vec![at("2026-06-01T00:30:00Z"), at("2026-06-01T01:00:00Z")]);
    }

    #[test]
    fn huge_rates_never_fire_instead_of_overflowing() {
        let now = chrono::DateTime::parse_from_rfc3339("2026-06-01T00:00:00Z").map(|t| t.with_timezone(&Utc)).ok();
        let Some(now) = now else { return };
        for e in ["rate(99999999999999999 minutes)", "rate(18446744073709551615 hours)", "rate(9999999999999 days)"] {
            let s = parse(e, false);
            assert!(s.is_ok(), "{e}");
            if let Ok(s) = s {
                assert!(next_times(&s, now, chrono_tz::UTC, 3, None).is_empty(), "{e}");
            }
        }
        if let Ok(s) = parse("rate(525600 minutes)", false) {
            assert_eq!(next_times(&s, now, chrono_tz::UTC, 1, None).len(), 1);
        }
    }

    #[test]
    fn dst_days() {
        let berlin: chrono_tz::Tz = "Europe/Berlin".parse().unwrap_or(chrono_tz::UTC);
        // 2026-03-29 02:30 does not exist in Berlin: skipped.
        let t = next_times(&ok("cron(30 2 * * ? *)"), at("2026-03-28T12:00:00Z"), berlin, 2, None);
        assert_eq!(t, vec![at("2026-03-30T00:30:00Z"), at("2026-03-31T00:30:00Z")]);
        // New York: 2026-03-08 02:30 is skipped; 2026-11-01 01:30 happens twice and fires once.
        let ny: chrono_tz::Tz = "America/New_York".parse().unwrap_or(chrono_tz::UTC);
        let t = next_times(&ok("cron(30 2 * * ? *)"), at("2026-03-07T12:00:00Z"), ny, 2, None);
        assert_eq!(t, vec![at("2026-03-09T06:30:00Z"), at("2026-03-10T06:30:00Z")]);
        let t = next_times(&ok("cron(30 1 * * ? *)"), at("2026-10-31T12:00:00Z"), ny, 2, None);
        assert_eq!(t, vec![at("2026-11-01T05:30:00Z"), at("2026-11-02T06:30:00Z")]);
        // Sydney (southern hemisphere): 2026-04-05 02:30 happens twice, fires once.
        let syd: chrono_tz::Tz = "Australia/Sydney".parse().unwrap_or(chrono_tz::UTC);
        let t = next_times(&ok("cron(30 2 * * ? *)"), at("2026-04-04T00:00:00Z"), syd, 2, None);
        assert_eq!(t, vec![at("2026-04-04T15:30:00Z"), at("2026-04-05T16:30:00Z")]);
        // A zone without DST is never adjusted.
        let tokyo: chrono_tz::Tz = "Asia/Tokyo".parse().unwrap_or(chrono_tz::UTC);
        assert_eq!(
            next_times(&ok("cron(0 9 ? * MON-FRI *)"), at("2026-06-01T00:00:00Z"), tokyo, 1, None),
            vec![at("2026-06-02T00:00:00Z")]
        );
        // 2026-10-25 02:30 happens twice: fires once.
        let t = next_times(&ok("cron(30 2 * * ? *)"), at("2026-10-24T12:00:00Z"), berlin, 2, None);
        assert_eq!(t, vec![at("2026-10-25T00:30:00Z"), at("2026-10-26T01:30:00Z")]);
    }
}
