//! What the schedule rules (JC101–JC105) and `jobcheck schedule` say about an expression: one
//! function per message, so that the preview and a finding word the same fact the same way.
//! `aws::schedule` knows what is wrong; this module says it, naming the rule.

use chrono::{DateTime, Utc};

use crate::aws::schedule::{self, Cron, SchedError, Schedule};
use crate::catalog::{self, RuleMeta};

/// One thing wrong with an expression: the rule, what it says, and the bytes `start..end` of
/// the expression it is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Said {
    pub rule: &'static RuleMeta,
    pub message: String,
    pub help: Option<String>,
    pub start: usize,
    pub end: usize,
}

/// JC101: the expression does not parse.
pub(crate) fn syntax(e: &SchedError) -> Said {
    Said { rule: &catalog::JC101, message: e.message.clone(), help: e.help.clone(), start: e.start, end: e.end }
}

/// JC102: the day-of-month and day-of-week fields contradict each other.
pub(crate) fn day_fields(c: &Cron) -> Option<Said> {
    let e = schedule::day_fields_error(c)?;
    Some(Said { rule: &catalog::JC102, message: e.message, help: e.help, start: e.start, end: e.end })
}

/// JC103: what a numeric day-of-week means on AWS (and in Unix cron), and the same days by
/// name (equal to the text when they cannot be written with names, e.g. `7#5`). `None` for a
/// day-of-week written with names.
pub(crate) fn weekday(c: &Cron) -> Option<(Said, String)> {
    let (_, named) = schedule::weekday_names(c)?;
    let (aws, unix) = schedule::weekday_readings(c)?;
    let field = &c.fields[4];
    let text = &field.text;
    let message = match unix {
        Some(unix) => format!("day-of-week `{text}` runs {aws} on AWS; Unix cron means {unix}"),
        None => format!("day-of-week `{text}` runs {aws} on AWS (1 = SUN)"),
    };
    let help = if named == *text {
        "AWS counts 1 = SUN to 7 = SAT: check the number is the day you mean".to_string()
    } else {
        format!("write day names: `{named}`")
    };
    Some((Said { rule: &catalog::JC103, message, help: Some(help), start: field.start, end: field.end }, named))
}

/// JC104: an event rule's `rate()` whose unit is singular with a value above 1, or plural with
/// 1 (Scheduler accepts both); with the unit that agrees with the value. `text` is the
/// expression `schedule` parsed.
pub(crate) fn rate_unit(text: &str, schedule: &Schedule, scheduler: bool) -> Option<(Said, String)> {
    let Schedule::Rate { value, plural, unit_start, unit_end, .. } = schedule else { return None };
    if scheduler || (*value == 1) != *plural {
        return None;
    }
    let unit = text.get(*unit_start..*unit_end)?;
    let fixed = if *plural { unit.trim_end_matches('s').to_string() } else { format!("{unit}s") };
    let said = Said {
        rule: &catalog::JC104,
        message: format!("`rate({value} {unit})` is rejected by EventBridge: use `{fixed}` with {value}"),
        help: Some(format!("write `rate({value} {fixed})`")),
        start: *unit_start,
        end: *unit_end,
    };
    Some((said, fixed))
}

/// JC105: a valid expression with no fire time after `now` (before `end`, a Scheduler
/// `end_date`), about the whole expression `text`; `None` when it fires.
pub(crate) fn never_fires(
    text: &str,
    schedule: &Schedule,
    now: DateTime<Utc>,
    from: DateTime<Utc>,
    tz: chrono_tz::Tz,
    end: Option<DateTime<Utc>>,
) -> Option<Said> {
    if !schedule::next_times(schedule, from, tz, 1, end).is_empty() {
        return None;
    }
    let why = match (schedule, end) {
        (_, Some(e)) if e <= now => format!("its `end_date` {} is in the past", e.format("%Y-%m-%dT%H:%M:%SZ")),
        (Schedule::At(t), _) => format!("`at({})` is in the past", t.format("%Y-%m-%dT%H:%M:%S")),
        _ => format!("no date matches it after {}", now.format("%Y-%m-%d %H:%M UTC")),
    };
    Some(Said {
        rule: &catalog::JC105,
        message: format!("`{text}` never fires: {why}"),
        help: Some("fix the day, month or year fields so that a date matches".to_string()),
        start: 0,
        end: text.len(),
    })
}

/// Everything the schedule rules would say about `text` alone (no `end_date`), in the order
/// `jobcheck schedule` prints it: a syntax error; else the day fields or the weekday numbering,
/// the rate unit, and whether it ever fires (not asked when it is invalid anyway).
pub(crate) fn preview(
    text: &str,
    parsed: &Result<Schedule, SchedError>,
    scheduler: bool,
    now: DateTime<Utc>,
    tz: chrono_tz::Tz,
) -> Vec<Said> {
    let sched = match parsed {
        Err(e) => return vec![syntax(e)],
        Ok(s) => s,
    };
    let mut out = Vec::new();
    if let Schedule::Cron(c) = sched {
        out.extend(day_fields(c).or_else(|| weekday(c).map(|w| w.0)));
    }
    out.extend(rate_unit(text, sched, scheduler).map(|r| r.0));
    if out.iter().all(|s| *s.rule == catalog::JC103) {
        out.extend(never_fires(text, sched, now, now, tz, None));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn said(text: &str, scheduler: bool) -> Vec<(&'static str, String, Option<String>, &str)> {
        let now = DateTime::parse_from_rfc3339("2026-06-01T00:00:00Z").map(|t| t.with_timezone(&Utc)).unwrap_or_default();
        preview(text, &schedule::parse(text, scheduler), scheduler, now, chrono_tz::UTC)
            .into_iter()
            .map(|s| (s.rule.id, s.message, s.help, &text[s.start..s.end]))
            .collect()
    }

    /// The preview says what the rules say (the rule fixtures' snapshots hold the same words).
    #[test]
    fn the_preview_words_each_fact_as_its_rule() {
        assert_eq!(
            said("rate(5 minute)", false),
            [(
                "JC104",
                "`rate(5 minute)` is rejected by EventBridge: use `minutes` with 5".into(),
                Some("write `rate(5 minutes)`".into()),
                "minute"
            )]
        );
        assert!(said("rate(5 minute)", true).is_empty(), "Scheduler accepts both units");
        assert_eq!(
            said("cron(0 0 30 2 ? *)", false),
            [(
                "JC105",
                "`cron(0 0 30 2 ? *)` never fires: no date matches it after 2026-06-01 00:00 UTC".into(),
                Some("fix the day, month or year fields so that a date matches".into()),
                "cron(0 0 30 2 ? *)"
            )]
        );
        let weekday = said("cron(0 3 ? * 1-5 *)", false);
        assert_eq!(weekday.len(), 1);
        assert_eq!((weekday[0].0, weekday[0].2.as_deref(), weekday[0].3), ("JC103", Some("write day names: `SUN-THU`"), "1-5"));
        assert_eq!(said("cron(0 12 * * * *)", false)[0].0, "JC102");
        assert_eq!(said("cron(0 24 * * ? *)", false)[0].0, "JC101");
        assert!(said("cron(0 3 ? * MON-FRI *)", false).is_empty());
    }
}
