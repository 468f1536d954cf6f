//! Unix cron expressions people paste into `schedule_expression`, rewritten as the AWS cron
//! with the same meaning where there is exactly one (the schedule-syntax rule offers it as a fix).

use super::schedule::{self, DAYS, Schedule};

/// The AWS cron with the same meaning as a five-field Unix cron (bare, or wrapped in `cron()`
/// without a year), or `None` when there is no single such expression: both day fields
/// restricted (Unix fires when either matches), a step or a wrap-around range in day-of-week,
/// or anything that is not plain Unix syntax.
pub(crate) fn unix_cron_to_aws(text: &str, scheduler: bool) -> Option<String> {
    let inner = match text.strip_prefix("cron(") {
        Some(rest) => rest.strip_suffix(')')?,
        None => text,
    };
    let fields: Vec<&str> = inner.split_whitespace().collect();
    let [min, hour, dom, month, dow] = fields.as_slice() else { return None };
    let plain = |f: &str, names: bool| {
        !f.is_empty() && f.chars().all(|c| c.is_ascii_digit() || ",-*/".contains(c) || (names && c.is_ascii_alphabetic()))
    };
    if !plain(min, false) || !plain(hour, false) || !plain(dom, false) || !plain(month, true) || !plain(dow, true) {
        return None;
    }
    let dow_any = *dow == "*";
    let dom_any = *dom == "*";
    if !dow_any && !dom_any {
        return None;
    }
    let dow_aws = if dow_any { "?".to_string() } else { weekday_names(dow)? };
    let dom_aws = if dow_any { (*dom).to_string() } else { "?".to_string() };
    let aws = format!("cron({min} {hour} {dom_aws} {month} {dow_aws} *)");
    // The result must be a valid AWS cron that fires (the grammar is aws::schedule's).
    match schedule::parse(&aws, scheduler) {
        Ok(Schedule::Cron(c)) if schedule::day_fields_error(&c).is_none() => Some(aws),
        _ => None,
    }
}

/// A six-field AWS cron written without its wrapper (`0 3 ? * MON-FRI *`), wrapped; `None`
/// unless the wrapped form is valid.
pub(crate) fn wrap_bare_cron(text: &str, scheduler: bool) -> Option<String> {
    if text.contains('(') || text.split_whitespace().count() != 6 {
        return None;
    }
    let aws = format!("cron({})", text.split_whitespace().collect::<Vec<_>>().join(" "));
    match schedule::parse(&aws, scheduler) {
        Ok(Schedule::Cron(c)) if schedule::day_fields_error(&c).is_none() => Some(aws),
        _ => None,
    }
}

/// Unix day-of-week items (0 and 7 = Sunday) as AWS day names: `1-5` → `MON-FRI`.
fn weekday_names(dow: &str) -> Option<String> {
    let day = |t: &str| -> Option<(usize, String)> {
        if let Ok(n) = t.parse::<usize>() {
            return (n <= 7).then(|| (n % 7, DAYS[n % 7].to_string()));
        }
        let up = t.to_ascii_uppercase();
        DAYS.iter().position(|d| *d == up).map(|i| (i, up))
    };
    let mut items = Vec::new();
    for item in dow.split(',') {
        match item.split_once('-') {
            None => items.push(day(item)?.1),
            Some((a, b)) => {
                let ((ia, na), (ib, nb)) = (day(a)?, day(b)?);
                // `5-7` (Fri–Sun) would wrap past Saturday in AWS numbering.
                let ib = if b == "7" { 7 } else { ib };
                if ia > ib || ib == 7 {
                    return None;
                }
                items.push(format!("{na}-{nb}"));
            }
        }
    }
    Some(items.join(","))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unix_crons_become_aws_crons_only_when_unambiguous() {
        let t = |s: &str| unix_cron_to_aws(s, false);
        assert_eq!(t("cron(0 3 * * 1-5)").as_deref(), Some("cron(0 3 ? * MON-FRI *)"));
        assert_eq!(t("0 3 * * 1-5").as_deref(), Some("cron(0 3 ? * MON-FRI *)"));
        assert_eq!(t("30 4 * * 0").as_deref(), Some("cron(30 4 ? * SUN *)"));
        assert_eq!(t("30 4 * * 7").as_deref(), Some("cron(30 4 ? * SUN *)"));
        assert_eq!(t("0 3 * * 1,3,5").as_deref(), Some("cron(0 3 ? * MON,WED,FRI *)"));
        assert_eq!(t("0 3 * * mon-fri").as_deref(), Some("cron(0 3 ? * MON-FRI *)"));
        assert_eq!(t("0 3 1 * *").as_deref(), Some("cron(0 3 1 * ? *)"));
        assert_eq!(t("*/15 * * * *").as_deref(), Some("cron(*/15 * * * ? *)"));
        assert_eq!(t("0 12 * 1-6 *").as_deref(), Some("cron(0 12 * 1-6 ? *)"));
        // Both day fields restricted: Unix fires on either, AWS cannot say that.
        assert_eq!(t("0 3 1 * 1"), None);
        // Steps and wrap-around ranges in day-of-week, Quartz marks, six fields, macros.
        assert_eq!(t("0 3 * * */2"), None);
        assert_eq!(t("0 3 * * 5-0"), None);
        assert_eq!(t("0 3 * * 6-7"), None);
        assert_eq!(t("0 3 L * *"), None);
        assert_eq!(t("cron(0 3 * * ? *)"), None);
        assert_eq!(t("@daily"), None);
        assert_eq!(t("0 25 * * *"), None);
        assert_eq!(wrap_bare_cron("0 3 ? * MON-FRI *", false).as_deref(), Some("cron(0 3 ? * MON-FRI *)"));
        assert_eq!(wrap_bare_cron("0 3 * * MON-FRI *", false), None);
        assert_eq!(wrap_bare_cron("0 3 * * 1-5", false), None);
    }
}
