//! AWS knowledge as pure functions, each citing `shared/spec/aws.md`.

pub mod actions;
pub mod events;
pub mod fargate;
pub mod iam;
pub mod managed;
pub mod schedule;
pub mod unix_cron;
