//! AWS knowledge as pure functions, each citing `shared/spec/aws.md`.

pub(crate) mod actions;
pub(crate) mod events;
pub(crate) mod fargate;
pub(crate) mod iam;
pub(crate) mod managed;
pub mod schedule;
pub(crate) mod unix_cron;
