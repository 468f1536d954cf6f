//! JC101–JC109: schedule expressions, state, bus, time zone and flexible window.

use chrono::{DateTime, Utc};

use super::RuleContext;
use crate::aws::schedule::{self, Schedule};
use crate::eval::{EAttr, Val};
use crate::model::TriggerKind;
use crate::source::Span;

/// Where a value was written, and where it is used (when different).
pub fn origin(a: &EAttr) -> (Span, Option<Span>) {
    match a.val.span {
        Some(s) if s != a.span => (s, Some(a.span)),
        _ => (a.span, None),
    }
}

pub fn check(cx: &mut RuleContext<'_>) {
    let m = cx.model;
    let job = cx.job;
    let trig = m.res(job.trigger);
    let scheduler = job.kind == TriggerKind::Scheduler;
    // JC106
    if let Some(a) = trig.body.attr("state")
        && a.val.as_str() == Some("DISABLED")
    {
        let (sp, used) = origin(a);
        cx.report("JC106", sp, "the schedule is disabled: `state = \"DISABLED\"`")
            .label(used, "value used here")
            .help("remove `state` or set it to \"ENABLED\" when the job should run");
    }
    if let Some(a) = trig.body.attr("is_enabled")
        && a.val.as_bool() == Some(false)
    {
        let (sp, used) = origin(a);
        cx.report("JC106", sp, "the rule is disabled: `is_enabled = false`")
            .label(used, "value used here")
            .help("remove `is_enabled` (deprecated) or use `state = \"ENABLED\"`");
    }
    // JC107
    if !scheduler {
        if let Some(a) = trig.body.attr("event_bus_name")
            && let Some(b) = a.val.as_str()
            && b != "default"
            && !b.ends_with(":event-bus/default")
        {
            let (sp, used) = origin(a);
            cx.report("JC107", sp, format!("a scheduled rule must be on the default event bus, not `{b}`"))
                .label(used, "value used here")
                .help("remove `event_bus_name` from the scheduled rule");
        }
        let t = m.res(job.target);
        if let Some(a) = t.body.attr("event_bus_name")
            && let Some(b) = a.val.as_str()
            && b != "default"
            && !b.ends_with(":event-bus/default")
        {
            let (sp, used) = origin(a);
            cx.report(
                "JC107",
                sp,
                format!("the target is on event bus `{b}`, but its scheduled rule is on the default bus"),
            )
            .label(used, "value used here")
            .help("remove `event_bus_name` from the target");
        }
    }
    // JC108
    let mut tz = chrono_tz::UTC;
    if scheduler && let Some(a) = trig.body.attr("schedule_expression_timezone") {
        match a.val.as_str() {
            Some(z) => match z.parse::<chrono_tz::Tz>() {
                Ok(t) => tz = t,
                Err(_) => {
                    let (sp, used) = origin(a);
                    cx.report("JC108", sp, format!("`{z}` is not an IANA time-zone name"))
                        .label(used, "value used here")
                        .help("use a name from the tz database, such as \"Europe/Berlin\" or \"UTC\"");
                }
            },
            None if a.val.has_unknown() => {}
            None => {}
        }
    }
    // JC109
    if scheduler
        && let Some(ftw) = trig.body.block("flexible_time_window")
        && ftw.body.val("mode").and_then(Val::as_str) == Some("FLEXIBLE")
    {
        let w = ftw.body.val("maximum_window_in_minutes");
        let ok = w.is_some_and(|w| w.is_unknown() || w.as_f64().is_some_and(|n| (1.0..=1440.0).contains(&n)));
        if !ok {
            cx.report(
                "JC109",
                ftw.header,
                "a FLEXIBLE time window needs `maximum_window_in_minutes` between 1 and 1440",
            )
            .help("set `maximum_window_in_minutes`, or use `mode = \"OFF\"`");
        }
    }
    // JC101–JC105
    let Some(a) = trig.body.attr("schedule_expression") else {
        return;
    };
    let Some(expr) = a.val.as_str() else {
        if let Some(u) = a.val.first_unknown() {
            cx.could_not_check("JC101", a.span, "the schedule expression", u.unknown_reason().unwrap_or("unknown"));
        }
        return;
    };
    let (whole, used) = origin(a);
    let field_span = |start: usize, end: usize| a.val.sub_span(start, end).unwrap_or(whole);
    let parsed = schedule::parse(expr, scheduler);
    let sched = match parsed {
        Err(e) => {
            let help = e
                .help
                .unwrap_or_else(|| format!("fix the expression; `jobcheck schedule '{expr}'` previews it"));
            cx.report("JC101", field_span(e.start, e.end), e.message)
                .label(used, "expression used here")
                .help(help);
            return;
        }
        Ok(s) => s,
    };
    if let Schedule::Cron(c) = &sched {
        if let Some(e) = schedule::day_fields_error(c) {
            let f = cx.report("JC102", field_span(e.start, e.end), e.message);
            f.label(used, "expression used here");
            if let Some(h) = e.help {
                f.help(h);
            }
            return;
        }
        if let Some((days, named)) = schedule::weekday_names(c) {
            let f4 = &c.fields[4];
            cx.report(
                "JC103",
                field_span(f4.start, f4.end),
                format!("day-of-week `{}` means {days} in AWS (1 = SUN)", f4.text),
            )
            .label(used, "expression used here")
            .help(format!("write day names: `{named}`"));
        }
    }
    if let Schedule::Rate {
        value,
        plural,
        unit_start,
        unit_end,
        ..
    } = &sched
        && !scheduler
        && (*value == 1) == *plural
    {
        let unit = &expr[*unit_start..*unit_end];
        let fixed = if *plural {
            unit.trim_end_matches('s').to_string()
        } else {
            format!("{unit}s")
        };
        cx.report(
            "JC104",
            field_span(*unit_start, *unit_end),
            format!("`rate({value} {unit})` is rejected by EventBridge: use `{fixed}` with {value}"),
        )
        .label(used, "expression used here")
        .help(format!("write `rate({value} {fixed})`"));
        return;
    }
    let now: DateTime<Utc> = cx.model_now();
    let end = trig
        .body
        .val("end_date")
        .and_then(Val::as_str)
        .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
        .map(|t| t.with_timezone(&Utc));
    let start = trig
        .body
        .val("start_date")
        .and_then(Val::as_str)
        .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
        .map(|t| t.with_timezone(&Utc));
    let from = start.filter(|s| *s > now).unwrap_or(now);
    if schedule::next_times(&sched, from, tz, 1, end).is_empty() {
        let why = match (&sched, end) {
            (_, Some(e)) if e <= now => format!("its `end_date` {} is in the past", e.to_rfc3339()),
            (Schedule::At(t), _) => format!("`at({})` is in the past", t.format("%Y-%m-%dT%H:%M:%S")),
            _ => format!("no date matches it after {}", now.format("%Y-%m-%d %H:%M UTC")),
        };
        cx.report("JC105", whole, format!("`{expr}` never fires: {why}"))
            .label(used, "expression used here")
            .help("fix the day, month or year fields so that a date matches");
    }
}
