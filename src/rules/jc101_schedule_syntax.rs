//! JC101 schedule-syntax: the expression is not valid `rate()`/`cron()` (or `at()` on
//! Scheduler). The grammar is `aws::schedule` (aws.md §1.2, §1.3, §2.1); the primary span is the
//! offending field inside the literal, wherever it was written.

use super::schedule_text;
use super::support::expression;
use super::{Rule, RuleContext, RuleMeta};
use crate::model::Job;

pub(crate) struct ScheduleSyntax;

impl Rule for ScheduleSyntax {
    fn meta(&self) -> &'static RuleMeta {
        &crate::catalog::JC101
    }

    fn check_job(&self, job: &Job, cx: &mut RuleContext<'_>) {
        let Some(attr) = cx.model.res(job.trigger).body.attr("schedule_expression") else {
            return;
        };
        let Some(expr) = expression(cx.model, job) else {
            cx.unknown(&attr.val, attr.span, "schedule expression");
            return;
        };
        let Err(e) = &expr.parsed else { return };
        let said = schedule_text::syntax(e);
        // Here (unlike in `jobcheck schedule` itself) the preview is worth suggesting.
        let help = said.help.unwrap_or_else(|| format!("fix the expression; `jobcheck schedule '{}'` previews it", expr.text));
        // An empty expression has no field to point into: the whole literal (`""`).
        let at = if said.start == said.end { expr.whole } else { expr.span(said.start, said.end) };
        let f = cx.report(at, said.message).label(expr.used, "expression used here").help(help);
        // A five-field Unix cron becomes the AWS cron with the same meaning, when there is one;
        // a valid six-field cron without `cron(...)` is wrapped.
        let (lead, trimmed) = (expr.text.len() - expr.text.trim_start().len(), expr.text.trim());
        if let Some(aws) = crate::aws::unix_cron::unix_cron_to_aws(trimmed, expr.scheduler)
            .or_else(|| crate::aws::unix_cron::wrap_bare_cron(trimmed, expr.scheduler))
        {
            f.fix(expr.attr.val.sub_span(lead, lead + trimmed.len()), trimmed, aws);
        }
    }
}
