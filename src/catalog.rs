//! The rule catalog, as `shared/spec/rules.md` fixes it: IDs, names, severities and the
//! "fires when" summary. `tests/catalog.rs` checks it against the spec.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Note,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        match s.to_ascii_lowercase().as_str() {
            "note" | "info" => Some(Severity::Note),
            "warning" | "warn" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

#[derive(Debug)]
pub struct RuleMeta {
    pub id: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    pub summary: &'static str,
    /// Sections of `shared/spec/aws.md` the rule rests on.
    pub aws: &'static str,
}

pub static CATALOG: &[RuleMeta] = &[
    RuleMeta {
        id: "JC001",
        name: "parse-error",
        severity: Severity::Error,
        summary: "a `.tf`, `.tf.json`, `.tfvars` or `.tfvars.json` file does not parse; other files are still checked",
        aws: "—",
    },
    RuleMeta {
        id: "JC002",
        name: "value-unresolved",
        severity: Severity::Note,
        summary: "a value a rule needs is unknown (variable without value, data source, remote state, external module, `file()` outside the tree, unsupported function); says which rule could not be checked and why",
        aws: "—",
    },
    RuleMeta {
        id: "JC003",
        name: "module-source-missing",
        severity: Severity::Warning,
        summary: "a local module `source` directory does not exist, or a module call forms a cycle",
        aws: "—",
    },
    RuleMeta {
        id: "JC004",
        name: "json-document-invalid",
        severity: Severity::Error,
        summary: "`container_definitions`, a policy or an `event_pattern` written as a string is not valid JSON (or has an un-rendered `${...}` placeholder read with `file()`/`local_file`)",
        aws: "—",
    },
    RuleMeta {
        id: "JC005",
        name: "suppression-unused",
        severity: Severity::Warning,
        summary: "a `jobcheck:ignore` comment names an unknown rule or suppresses nothing",
        aws: "—",
    },
    RuleMeta {
        id: "JC101",
        name: "schedule-syntax",
        severity: Severity::Error,
        summary: "the expression is not valid `rate()`/`cron()` (or `at()` on Scheduler): wrong wrapper, field count (six for Scheduler too), token, range, step, or wildcard in a field that forbids it; the span is the offending field. When JC101 fires, JC102–JC105 do not fire for that expression",
        aws: "1.2, 1.3, 2.1",
    },
    RuleMeta {
        id: "JC102",
        name: "schedule-day-fields",
        severity: Severity::Error,
        summary: "cron day-of-month and day-of-week are both set, both `*`/values, or both `?`",
        aws: "1.3",
    },
    RuleMeta {
        id: "JC103",
        name: "schedule-weekday-numbering",
        severity: Severity::Warning,
        summary: "cron day-of-week uses numbers; message spells out the days AWS will run (`1-5` = SUN–THU) and suggests names",
        aws: "1.3.2",
    },
    RuleMeta {
        id: "JC104",
        name: "schedule-rate-unit",
        severity: Severity::Error,
        summary: "an event rule's `rate()` uses a singular unit with a value > 1 or a plural unit with 1 (not applied to Scheduler, which accepts both)",
        aws: "1.2, 2.1.1",
    },
    RuleMeta {
        id: "JC105",
        name: "schedule-never-fires",
        severity: Severity::Error,
        summary: "the expression is valid but has no fire time after `--now` (e.g. 30 FEB, a past year range, `at()` in the past, `end_date` in the past)",
        aws: "1.3, 2.1",
    },
    RuleMeta {
        id: "JC106",
        name: "schedule-disabled",
        severity: Severity::Warning,
        summary: "the rule's `state = \"DISABLED\"` / `is_enabled = false`, or the schedule's `state = \"DISABLED\"`",
        aws: "3.1, 2.2",
    },
    RuleMeta {
        id: "JC107",
        name: "schedule-event-bus",
        severity: Severity::Error,
        summary: "a rule with `schedule_expression` is on a non-default `event_bus_name`, or its target is on another bus",
        aws: "1.1.4, 3.3",
    },
    RuleMeta {
        id: "JC108",
        name: "schedule-timezone",
        severity: Severity::Error,
        summary: "`schedule_expression_timezone` is not an IANA time-zone name",
        aws: "2.1.3",
    },
    RuleMeta {
        id: "JC109",
        name: "schedule-flexible-window",
        severity: Severity::Error,
        summary: "`flexible_time_window` is `FLEXIBLE` without `maximum_window_in_minutes` in 1–1440",
        aws: "2.1.8",
    },
    RuleMeta {
        id: "JC201",
        name: "target-role-missing",
        severity: Severity::Error,
        summary: "an ECS target (rule target or schedule target) has no `role_arn`",
        aws: "3.2",
    },
    RuleMeta {
        id: "JC202",
        name: "target-network-missing",
        severity: Severity::Error,
        summary: "an awsvpc/Fargate job's target has no `network_configuration` or no subnets",
        aws: "3.2, 3.3",
    },
    RuleMeta {
        id: "JC203",
        name: "target-launch-mismatch",
        severity: Severity::Error,
        summary: "the target's `launch_type` is not in the task definition's `requires_compatibilities`, or both `launch_type` and `capacity_provider_strategy` are set",
        aws: "3.3",
    },
    RuleMeta {
        id: "JC204",
        name: "schedule-without-target",
        severity: Severity::Warning,
        summary: "a rule with `schedule_expression` has no target in the configuration, or a target names a rule that does not exist",
        aws: "3.1",
    },
    RuleMeta {
        id: "JC205",
        name: "target-retry-invalid",
        severity: Severity::Error,
        summary: "`retry_policy.maximum_event_age_in_seconds` < 60, retry attempts > 185, or `task_count` < 1",
        aws: "3.2, 2.2",
    },
    RuleMeta {
        id: "JC206",
        name: "target-dead-letter-missing",
        severity: Severity::Warning,
        summary: "the ECS target/schedule has no `dead_letter_config`: failed RunTask calls (permissions, throttling) are dropped with no trace",
        aws: "6.6",
    },
    RuleMeta {
        id: "JC207",
        name: "dead-letter-not-writable",
        severity: Severity::Error,
        summary: "the DLQ's queue policy does not let `events.amazonaws.com` `sqs:SendMessage` (rules), or the scheduler role lacks `sqs:SendMessage` on it (Scheduler)",
        aws: "2.4, 3.2",
    },
    RuleMeta {
        id: "JC301",
        name: "fargate-size-invalid",
        severity: Severity::Error,
        summary: "task `cpu`/`memory` is not a valid Fargate pair; message lists the valid memory values for that cpu",
        aws: "4.2, 4.3",
    },
    RuleMeta {
        id: "JC302",
        name: "fargate-size-missing",
        severity: Severity::Error,
        summary: "a Fargate task definition lacks task-level `cpu` or `memory`",
        aws: "4.1",
    },
    RuleMeta {
        id: "JC303",
        name: "fargate-network-mode",
        severity: Severity::Error,
        summary: "a Fargate task definition's `network_mode` is not `awsvpc`",
        aws: "4.1",
    },
    RuleMeta {
        id: "JC304",
        name: "fargate-platform-limit",
        severity: Severity::Error,
        summary: "8/16 vCPU or ephemeral storage on a platform version < 1.4.0 or on Windows; Windows cpu < 1024; `ephemeral_storage` outside 21–200 GiB",
        aws: "4.4–4.6",
    },
    RuleMeta {
        id: "JC305",
        name: "container-exceeds-task",
        severity: Severity::Error,
        summary: "the containers' `memory`/`memoryReservation`/`cpu` add up to more than the task's",
        aws: "4.1",
    },
    RuleMeta {
        id: "JC306",
        name: "execution-role-missing",
        severity: Severity::Error,
        summary: "a container uses `awslogs`, a private ECR image or `secrets` but the task has no `execution_role_arn`",
        aws: "4.1, 5.2",
    },
    RuleMeta {
        id: "JC401",
        name: "container-logging-missing",
        severity: Severity::Error,
        summary: "an essential container has no `logConfiguration`",
        aws: "5.1",
    },
    RuleMeta {
        id: "JC402",
        name: "log-driver-unsupported",
        severity: Severity::Error,
        summary: "a Fargate container's log driver is not `awslogs`, `awsfirelens` or `splunk`",
        aws: "5.1",
    },
    RuleMeta {
        id: "JC403",
        name: "awslogs-option-missing",
        severity: Severity::Error,
        summary: "`awslogs` lacks `awslogs-group`, `awslogs-region` or (on Fargate) `awslogs-stream-prefix`, or an option value is not a string",
        aws: "5.2",
    },
    RuleMeta {
        id: "JC404",
        name: "awslogs-create-group",
        severity: Severity::Error,
        summary: "`awslogs-create-group` is set to anything but the string `\"true\"`, or is `\"true\"` while the execution role cannot `logs:CreateLogGroup`",
        aws: "5.2, 7.2",
    },
    RuleMeta {
        id: "JC405",
        name: "log-group-undeclared",
        severity: Severity::Warning,
        summary: "`awslogs-group` names no `aws_cloudwatch_log_group` in the configuration and `awslogs-create-group` is not `\"true\"` (the task fails to start if the group does not exist)",
        aws: "5.2",
    },
    RuleMeta {
        id: "JC406",
        name: "log-group-retention",
        severity: Severity::Note,
        summary: "the job's log group has no `retention_in_days` (logs are kept forever)",
        aws: "5.2",
    },
    RuleMeta {
        id: "JC501",
        name: "failure-alert-missing",
        severity: Severity::Error,
        summary: "the job's non-zero exits do not all reach an SNS topic: for each synthetic \"ECS Task State Change\" event of this job's task with a container exiting non-zero (exit 1, exit 137), some event-pattern rule must match it and target an SNS topic; the message names the exit that would go unnoticed",
        aws: "6.4",
    },
    RuleMeta {
        id: "JC502",
        name: "failure-alert-misses-start",
        severity: Severity::Warning,
        summary: "the job's failure rule(s) never match a task that failed to start (`stopCode = TaskFailedToStart`, no exit code)",
        aws: "6.4",
    },
    RuleMeta {
        id: "JC503",
        name: "failure-alert-fires-on-success",
        severity: Severity::Warning,
        summary: "a failure rule scoped to this job also matches a task whose containers all exited 0",
        aws: "6.4",
    },
    RuleMeta {
        id: "JC504",
        name: "failure-alert-unscoped",
        severity: Severity::Warning,
        summary: "the failure rule is not scoped by cluster, group or task definition, so it fires for every task in the account",
        aws: "6.4",
    },
    RuleMeta {
        id: "JC505",
        name: "failure-alert-exit-code-type",
        severity: Severity::Error,
        summary: "`exitCode` is matched against strings (`[\"1\"]`), which never equal the numeric exit code",
        aws: "6.4",
    },
    RuleMeta {
        id: "JC506",
        name: "sns-topic-policy-missing",
        severity: Severity::Error,
        summary: "the alert topic's policy does not allow `events.amazonaws.com` to `sns:Publish`",
        aws: "6.5",
    },
    RuleMeta {
        id: "JC507",
        name: "sns-topic-kms-unusable",
        severity: Severity::Error,
        summary: "the alert topic uses `alias/aws/sns`, or a customer key whose policy does not let `events.amazonaws.com` use it",
        aws: "6.5",
    },
    RuleMeta {
        id: "JC601",
        name: "role-trust-wrong",
        severity: Severity::Error,
        summary: "the events role does not trust `events.amazonaws.com` (schedule role: `scheduler.amazonaws.com`; execution/task role: `ecs-tasks.amazonaws.com`)",
        aws: "7.1",
    },
    RuleMeta {
        id: "JC602",
        name: "events-role-runtask-missing",
        severity: Severity::Error,
        summary: "the events/scheduler role cannot `ecs:RunTask` the job's task definition (a resource without `:revision` or `:*` counts as missing)",
        aws: "7.4",
    },
    RuleMeta {
        id: "JC603",
        name: "events-role-passrole-missing",
        severity: Severity::Error,
        summary: "the events/scheduler role cannot `iam:PassRole` the task's execution role or task role",
        aws: "7.4",
    },
    RuleMeta {
        id: "JC604",
        name: "passrole-too-broad",
        severity: Severity::Warning,
        summary: "`iam:PassRole` on any role: the resource is `*`, or its role-name part is only a wildcard (`arn:aws:iam::*:role/*`, `role/*`) — incl. via `AmazonEC2ContainerServiceEventsRole`. A name prefix that pins the job's roles (`role/nightly-report-*`) is accepted",
        aws: "7.3, 7.4",
    },
    RuleMeta {
        id: "JC605",
        name: "runtask-too-broad",
        severity: Severity::Warning,
        summary: "`ecs:RunTask` on any task definition: the resource is `*`, or its family part is only a wildcard (`task-definition/*`)",
        aws: "7.3, 7.4",
    },
    RuleMeta {
        id: "JC606",
        name: "policy-admin-wildcard",
        severity: Severity::Error,
        summary: "any role of the job is allowed `*`, `iam:*`, or has `AdministratorAccess`/`PowerUserAccess`/`IAMFullAccess` attached",
        aws: "7",
    },
    RuleMeta {
        id: "JC607",
        name: "policy-service-wildcard",
        severity: Severity::Warning,
        summary: "any role of the job is allowed a whole service (`s3:*`, `ecs:*`, …)",
        aws: "7",
    },
    RuleMeta {
        id: "JC608",
        name: "events-role-tag-missing",
        severity: Severity::Error,
        summary: "the target sets `tags`/`propagate_tags`/`enable_ecs_managed_tags` but the role cannot `ecs:TagResource`",
        aws: "7.3",
    },
    RuleMeta {
        id: "JC609",
        name: "execution-role-permissions",
        severity: Severity::Error,
        summary: "the execution role cannot pull the ECR image or `logs:CreateLogStream`/`logs:PutLogEvents` for awslogs",
        aws: "7.2",
    },
    RuleMeta {
        id: "JC610",
        name: "trust-confused-deputy",
        severity: Severity::Note,
        summary: "the events/scheduler role's trust policy has no `aws:SourceAccount`/`aws:SourceArn` condition",
        aws: "7.1",
    },
    RuleMeta {
        id: "JC611",
        name: "scheduler-trust-source-arn",
        severity: Severity::Error,
        summary: "a scheduler role's `aws:SourceArn` condition names a schedule instead of a schedule group",
        aws: "7.1",
    },
];

/// The catalog entry for an ID. Every ID used in the code is in the catalog (tested).
pub fn meta(id: &str) -> &'static RuleMeta {
    CATALOG.iter().find(|m| m.id == id).unwrap_or(&CATALOG[0])
}

/// Finds a rule by ID or name, case-insensitively.
pub fn lookup(key: &str) -> Option<&'static RuleMeta> {
    CATALOG.iter().find(|m| m.id.eq_ignore_ascii_case(key) || m.name.eq_ignore_ascii_case(key))
}
