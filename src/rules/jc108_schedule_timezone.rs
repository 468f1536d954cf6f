//! JC108 schedule-timezone: `schedule_expression_timezone` must be an IANA name (aws.md §2.1.3).

use super::support::origin;
use super::{Rule, RuleContext, RuleMeta};
use crate::model::{Job, TriggerKind};

pub(crate) struct ScheduleTimezone;

impl Rule for ScheduleTimezone {
    fn meta(&self) -> &'static RuleMeta {
        &crate::catalog::JC108
    }

    fn check_job(&self, job: &Job, cx: &mut RuleContext<'_>) {
        if job.kind != TriggerKind::Scheduler {
            return;
        }
        let Some(a) = cx.model.res(job.trigger).body.attr("schedule_expression_timezone") else {
            return;
        };
        let Some(zone) = a.val.as_str() else { return };
        if zone.parse::<chrono_tz::Tz>().is_ok() {
            return;
        }
        let (at, used) = origin(a);
        cx.report(at, format!("`{zone}` is not an IANA time-zone name"))
            .label(used, "value used here")
            .help("use a name from the tz database, such as \"Europe/Berlin\" or \"UTC\"");
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn zone_names() {
        for (z, ok) in [
            ("Europe/Berlin", true),
            ("UTC", true),
            ("America/Argentina/Buenos_Aires", true),
            ("Europe/Berlinn", false),
            ("CEST", false),
            ("+02:00", false),
        ] {
            assert_eq!(z.parse::<chrono_tz::Tz>().is_ok(), ok, "{z}");
        }
    }
}
