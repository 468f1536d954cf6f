//! The rules. One file per rule (`jc101_schedule_syntax.rs` …), its doc in `rules/<ID>.md`,
//! its fixtures in `testdata/rules/<ID>/`. IDs, names and severities are a public contract
//! (`shared/spec/rules.md`): never renumber.
//!
//! Rules never format output; they report through [`RuleContext`], which stamps the rule's
//! meta and the job on each finding. An unknown input is a JC002 note, never an error.

pub mod docs;
mod support;

pub(crate) mod jc002_value_unresolved;
mod jc004_json_document_invalid;
pub(crate) mod jc005_suppression_unused;
mod jc101_schedule_syntax;
mod jc102_schedule_day_fields;
mod jc103_schedule_weekday_numbering;
mod jc104_schedule_rate_unit;
mod jc105_schedule_never_fires;
mod jc106_schedule_disabled;
mod jc107_schedule_event_bus;
mod jc108_schedule_timezone;
mod jc109_schedule_flexible_window;
mod jc201_target_role_missing;
mod jc202_target_network_missing;
mod jc203_target_launch_mismatch;
mod jc204_schedule_without_target;
mod jc205_target_retry_invalid;
mod jc206_target_dead_letter_missing;
mod jc207_dead_letter_not_writable;
mod jc301_fargate_size_invalid;
mod jc302_fargate_size_missing;
mod jc303_fargate_network_mode;
mod jc304_fargate_platform_limit;
mod jc305_container_exceeds_task;
mod jc306_execution_role_missing;
mod jc401_container_logging_missing;
mod jc402_log_driver_unsupported;
mod jc403_awslogs_option_missing;
mod jc404_awslogs_create_group;
mod jc405_log_group_undeclared;
mod jc406_log_group_retention;
mod jc501_failure_alert_missing;
mod jc502_failure_alert_misses_start;
mod jc503_failure_alert_fires_on_success;
mod jc504_failure_alert_unscoped;
mod jc505_failure_alert_exit_code_type;
mod jc506_sns_topic_policy_missing;
mod jc507_sns_topic_kms_unusable;
mod jc601_role_trust_wrong;
mod jc602_events_role_runtask_missing;
mod jc603_events_role_passrole_missing;
mod jc604_passrole_too_broad;
mod jc605_runtask_too_broad;
mod jc606_policy_admin_wildcard;
mod jc607_policy_service_wildcard;
mod jc608_events_role_tag_missing;
mod jc609_execution_role_permissions;
mod jc610_trust_confused_deputy;
mod jc611_scheduler_trust_source_arn;

pub use crate::catalog::{CATALOG, RuleMeta, lookup, meta};

use crate::finding::{Finding, Label};
use crate::model::{Job, Model};
use crate::source::Span;
use crate::value::Reason;

/// A rule over the job model. JC001 and JC003 come from loading, JC005 from suppressions.
pub trait Rule: Sync {
    fn meta(&self) -> &'static RuleMeta;
    /// Checks one job.
    fn check_job(&self, _job: &Job, _cx: &mut RuleContext<'_>) {}
    /// Checks the configuration as a whole (for findings that belong to no job).
    fn check_model(&self, _model: &Model, _out: &mut Vec<Finding>) {}
}

/// Every job rule, in catalog order.
pub static ALL: &[&dyn Rule] = &[
    &jc004_json_document_invalid::JsonDocumentInvalid,
    &jc101_schedule_syntax::ScheduleSyntax,
    &jc102_schedule_day_fields::ScheduleDayFields,
    &jc103_schedule_weekday_numbering::ScheduleWeekdayNumbering,
    &jc104_schedule_rate_unit::ScheduleRateUnit,
    &jc105_schedule_never_fires::ScheduleNeverFires,
    &jc106_schedule_disabled::ScheduleDisabled,
    &jc107_schedule_event_bus::ScheduleEventBus,
    &jc108_schedule_timezone::ScheduleTimezone,
    &jc109_schedule_flexible_window::ScheduleFlexibleWindow,
    &jc201_target_role_missing::TargetRoleMissing,
    &jc202_target_network_missing::TargetNetworkMissing,
    &jc203_target_launch_mismatch::TargetLaunchMismatch,
    &jc204_schedule_without_target::ScheduleWithoutTarget,
    &jc205_target_retry_invalid::TargetRetryInvalid,
    &jc206_target_dead_letter_missing::TargetDeadLetterMissing,
    &jc207_dead_letter_not_writable::DeadLetterNotWritable,
    &jc301_fargate_size_invalid::FargateSizeInvalid,
    &jc302_fargate_size_missing::FargateSizeMissing,
    &jc303_fargate_network_mode::FargateNetworkMode,
    &jc304_fargate_platform_limit::FargatePlatformLimit,
    &jc305_container_exceeds_task::ContainerExceedsTask,
    &jc306_execution_role_missing::ExecutionRoleMissing,
    &jc401_container_logging_missing::ContainerLoggingMissing,
    &jc402_log_driver_unsupported::LogDriverUnsupported,
    &jc403_awslogs_option_missing::AwslogsOptionMissing,
    &jc404_awslogs_create_group::AwslogsCreateGroup,
    &jc405_log_group_undeclared::LogGroupUndeclared,
    &jc406_log_group_retention::LogGroupRetention,
    &jc501_failure_alert_missing::FailureAlertMissing,
    &jc502_failure_alert_misses_start::FailureAlertMissesStart,
    &jc503_failure_alert_fires_on_success::FailureAlertFiresOnSuccess,
    &jc504_failure_alert_unscoped::FailureAlertUnscoped,
    &jc505_failure_alert_exit_code_type::FailureAlertExitCodeType,
    &jc506_sns_topic_policy_missing::SnsTopicPolicyMissing,
    &jc507_sns_topic_kms_unusable::SnsTopicKmsUnusable,
    &jc601_role_trust_wrong::RoleTrustWrong,
    &jc602_events_role_runtask_missing::EventsRoleRuntaskMissing,
    &jc603_events_role_passrole_missing::EventsRolePassroleMissing,
    &jc604_passrole_too_broad::PassroleTooBroad,
    &jc605_runtask_too_broad::RuntaskTooBroad,
    &jc606_policy_admin_wildcard::PolicyAdminWildcard,
    &jc607_policy_service_wildcard::PolicyServiceWildcard,
    &jc608_events_role_tag_missing::EventsRoleTagMissing,
    &jc609_execution_role_permissions::ExecutionRolePermissions,
    &jc610_trust_confused_deputy::TrustConfusedDeputy,
    &jc611_scheduler_trust_source_arn::SchedulerTrustSourceArn,
];

/// The only way rules report: stamps the rule's meta and the job on each finding.
pub struct RuleContext<'a> {
    pub model: &'a Model,
    pub job: &'a Job,
    rule: &'static RuleMeta,
    findings: Vec<Finding>,
}

impl RuleContext<'_> {
    /// Reports a finding of the current rule.
    pub fn report(&mut self, span: Span, message: impl Into<String>) -> &mut Finding {
        let mut f = Finding::new(self.rule, span, message);
        f.jobs.push(self.job.address.clone());
        self.findings.push(f);
        let n = self.findings.len() - 1;
        &mut self.findings[n]
    }

    /// JC002: a value the current rule needed is unknown, so it was not checked.
    pub fn could_not_check(&mut self, span: Span, what: &str, why: &Reason) {
        let f = jc002_value_unresolved::note(self.rule, span, what, why, &self.job.address);
        self.findings.push(f);
    }

    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.model.now
    }
}

impl Finding {
    /// Adds a label (where a value is used, a related resource); `None` and repeats are skipped.
    pub fn label(&mut self, span: Option<Span>, message: impl Into<String>) -> &mut Self {
        if let Some(span) = span
            && span != self.span
            && !self.labels.iter().any(|l| l.span == span)
        {
            self.labels.push(Label { span, message: message.into() });
        }
        self
    }
    pub fn help(&mut self, help: impl Into<String>) -> &mut Self {
        self.help = Some(help.into());
        self
    }
    /// Offers a fix: the bytes at `span` (which must read `expect`) become `replacement`.
    /// `None` (a value not written as a literal) offers nothing.
    pub fn fix(&mut self, span: Option<Span>, expect: impl Into<String>, replacement: impl Into<String>) -> &mut Self {
        if let Some(span) = span {
            self.fix = Some(crate::finding::Edit { span, expect: expect.into(), replacement: replacement.into() });
        }
        self
    }
}

/// Runs every rule on every job (jobs in parallel), then the configuration-wide checks.
pub fn run(model: &Model) -> Vec<Finding> {
    use rayon::prelude::*;
    let timing = std::env::var_os("JOBCHECK_TIMING").is_some();
    let started = std::time::Instant::now();
    let per_job: Vec<(Vec<Finding>, Vec<std::time::Duration>)> = model
        .jobs
        .par_iter()
        .map(|job| {
            let mut found = Vec::new();
            let mut times = vec![std::time::Duration::ZERO; ALL.len()];
            for (k, rule) in ALL.iter().enumerate() {
                let t = std::time::Instant::now();
                let mut cx = RuleContext { model, job, rule: rule.meta(), findings: Vec::new() };
                rule.check_job(job, &mut cx);
                found.extend(cx.findings);
                times[k] += t.elapsed();
            }
            (found, times)
        })
        .collect();
    let mut out = Vec::new();
    let mut per_rule = vec![std::time::Duration::ZERO; ALL.len()];
    for (found, times) in per_job {
        out.extend(found);
        for (a, b) in per_rule.iter_mut().zip(times) {
            *a += b;
        }
    }
    if timing {
        let mut v: Vec<_> = ALL.iter().zip(&per_rule).map(|(r, d)| (*d, r.meta().id)).collect();
        v.sort();
        eprintln!(
            "jobcheck timing: job rules {:?}; slowest (summed over threads): {:?}",
            started.elapsed(),
            &v[v.len().saturating_sub(6)..]
        );
    }
    let t = std::time::Instant::now();
    for rule in ALL {
        let t = std::time::Instant::now();
        rule.check_model(model, &mut out);
        if timing && t.elapsed() > std::time::Duration::from_millis(5) {
            eprintln!("jobcheck timing: {} {:?}", rule.meta().id, t.elapsed());
        }
    }
    if timing {
        eprintln!("jobcheck timing: configuration-wide rules {:?}", t.elapsed());
    }
    out
}
