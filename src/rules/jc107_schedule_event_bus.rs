//! JC107 schedule-event-bus: scheduled rules exist only on the default bus (aws.md §1.1.4), and
//! a target must be on its rule's bus (§3.3).

use super::support::origin;
use super::{Rule, RuleContext, RuleMeta};
use crate::eval::AttrValue;
use crate::model::{Job, TriggerKind};

pub(crate) struct ScheduleEventBus;

fn custom_bus(a: &AttrValue) -> Option<&str> {
    a.val.as_str().filter(|b| *b != "default" && !b.ends_with(":event-bus/default"))
}

impl Rule for ScheduleEventBus {
    fn meta(&self) -> &'static RuleMeta {
        &crate::catalog::JC107
    }

    fn check_job(&self, job: &Job, cx: &mut RuleContext<'_>) {
        if job.kind != TriggerKind::EventRule {
            return;
        }
        let m = cx.model;
        if let Some(a) = m.res(job.trigger).body.attr("event_bus_name")
            && let Some(bus) = custom_bus(a)
        {
            let (at, used) = origin(a);
            cx.report(at, format!("a scheduled rule must be on the default event bus, not `{bus}`"))
                .label(used, "value used here")
                .help("remove `event_bus_name` from the scheduled rule");
        } else if let Some(a) = m.res(job.target).body.attr("event_bus_name")
            && let Some(bus) = custom_bus(a)
        {
            let (at, used) = origin(a);
            cx.report(at, format!("the target is on event bus `{bus}`, but its scheduled rule is on the default bus"))
                .label(used, "value used here")
                .help("remove `event_bus_name` from the target");
        }
    }
}
