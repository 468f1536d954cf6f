//! Property tests for the schedule grammar: the parser never panics, generated valid
//! expressions parse and print back to themselves, and next fire times agree with an
//! independent implementation (croner, in its Quartz weekday mode where 1 = SUN, as in AWS)
//! on the expressions whose semantics the two share.

#![allow(clippy::unwrap_used, clippy::panic, reason = "a test fails loudly on unexpected data")]

use chrono::{TimeZone, Utc};
use jobcheck::aws::schedule::{self, Schedule};
use proptest::prelude::*;

fn field(lo: u32, hi: u32) -> impl Strategy<Value = String> {
    let span = hi - lo;
    prop_oneof![
        Just("*".to_string()),
        (lo..=hi).prop_map(|n| n.to_string()),
        (lo..hi).prop_flat_map(move |a| (Just(a), a + 1..=hi)).prop_map(|(a, b)| format!("{a}-{b}")),
        (lo..=hi, 1..=span).prop_map(|(a, s)| format!("{a}/{s}")),
        (1..=span).prop_map(|s| format!("*/{s}")),
        (lo..=hi, lo..=hi).prop_map(|(a, b)| format!("{a},{b}")),
    ]
}

const DAYS: [&str; 7] = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];
const MONTHS: [&str; 12] = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];

fn dow() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("*".to_string()),
        (1u32..=7).prop_map(|n| n.to_string()),
        (0usize..7).prop_map(|n| DAYS[n].to_string()),
        (0usize..6).prop_flat_map(|a| (Just(a), a + 1..7)).prop_map(|(a, b)| format!("{}-{}", DAYS[a], DAYS[b])),
        (1u32..7).prop_flat_map(|a| (Just(a), a + 1..=7)).prop_map(|(a, b)| format!("{a}-{b}")),
        (1u32..=7, 1u32..=7).prop_map(|(a, b)| format!("{a},{b}")),
    ]
}

fn month() -> impl Strategy<Value = String> {
    prop_oneof![
        field(1, 12),
        (0usize..11).prop_flat_map(|a| (Just(a), a + 1..12)).prop_map(|(a, b)| format!("{}-{}", MONTHS[a], MONTHS[b]))
    ]
}

/// Valid AWS cron expressions in the part of the grammar croner shares.
fn aws_cron() -> impl Strategy<Value = String> {
    (field(0, 59), field(0, 23), field(1, 28), month(), dow(), any::<bool>()).prop_map(|(mi, h, dom, mo, dw, dom_first)| {
        let (dom, dw) = if dom_first { (dom, "?".to_string()) } else { ("?".to_string(), dw) };
        format!("cron({mi} {h} {dom} {mo} {dw} *)")
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn parser_never_panics(s in ".{0,64}") {
        let _ = schedule::parse(&s, true);
        let _ = schedule::parse(&s, false);
    }

    #[test]
    fn cron_shaped_garbage_never_panics(s in "(cron|rate|at)\\([0-9A-Za-z*?/,#LW -]{0,40}\\)") {
        if let Ok(sch) = schedule::parse(&s, true) {
            if let Schedule::Cron(c) = &sch {
                let _ = schedule::day_fields_error(c);
                let _ = schedule::weekday_names(c);
            }
            let now = Utc.with_ymd_and_hms(2026, 6, 1, 0, 0, 0).unwrap();
            let _ = schedule::next_times(&sch, now, chrono_tz::UTC, 3, None);
        }
    }

    #[test]
    fn generated_expressions_parse_and_round_trip(e in aws_cron()) {
        let s = schedule::parse(&e, false).unwrap_or_else(|x| panic!("{e}: {x:?}"));
        let Schedule::Cron(c) = &s else { panic!("{e} is not cron") };
        prop_assert!(schedule::day_fields_error(c).is_none(), "{}", e);
        let printed = s.to_string();
        prop_assert_eq!(&printed, &e);
        prop_assert_eq!(schedule::parse(&printed, false).unwrap(), s);
    }

    #[test]
    fn next_fire_times_agree_with_croner(e in aws_cron(), start in 0i64..(365 * 24 * 60)) {
        let now = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap() + chrono::Duration::minutes(start);
        let ours = schedule::next_times(&schedule::parse(&e, false).unwrap(), now, chrono_tz::UTC, 5, None);
        let unix = e.trim_start_matches("cron(").trim_end_matches(" *)").replace('?', "*");
        let cron = croner::Cron::new(&unix).with_alternative_weekdays().parse().unwrap_or_else(|x| panic!("croner rejects {unix}: {x}"));
        let mut theirs = Vec::new();
        let mut t = now;
        for _ in 0..ours.len().max(1) {
            match cron.find_next_occurrence(&t, false) {
                Ok(n) if n.timestamp() < Utc.with_ymd_and_hms(2200, 1, 1, 0, 0, 0).unwrap().timestamp() => {
                    theirs.push(n);
                    t = n;
                }
                _ => break,
            }
        }
        theirs.truncate(ours.len().max(theirs.len().min(5)));
        prop_assert_eq!(ours, theirs, "{} from {}", e, now);
    }
}

#[test]
fn scheduler_accepts_at_and_prints_it() {
    let s = schedule::parse("at(2027-03-01T09:00:00)", true).unwrap();
    assert_eq!(s.to_string(), "at(2027-03-01T09:00:00)");
    assert_eq!(schedule::parse("rate(1 days)", true).unwrap().to_string(), "rate(1 days)");
}
