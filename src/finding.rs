//! Findings: what a rule reports, with exact spans into the user's files.

use std::borrow::Cow;

use crate::catalog::{RuleMeta, Severity};
use crate::source::Span;

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Label {
    pub span: Span,
    pub message: String,
}

/// A safe, mechanical rewrite of a value where the user wrote it: replace the bytes of `span`,
/// which must still read `expect`, with `replacement` (`jobcheck check --fix`, SARIF `fixes`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub span: Span,
    pub expect: String,
    pub replacement: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub rule: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    /// Borrowed when the rule wrote a fixed text: a scan may hold 100,000 findings saying the
    /// same thing, and each would otherwise own a copy.
    pub message: Cow<'static, str>,
    pub help: Option<Cow<'static, str>>,
    pub span: Span,
    pub labels: Vec<Label>,
    /// Addresses of the jobs this finding belongs to (empty for file-level findings).
    pub jobs: Vec<String>,
    /// JC002 only: the rules that could not be checked, and what was unknown.
    pub unchecked: Vec<&'static str>,
    pub unknown_subject: Option<String>,
    /// The edit that fixes this finding, when one is safe (boxed: few findings have one, and
    /// a scan may hold 100,000 findings).
    pub fix: Option<Box<Edit>>,
}

impl Finding {
    pub fn new(meta: &RuleMeta, span: Span, message: impl Into<Cow<'static, str>>) -> Self {
        Self {
            rule: meta.id,
            name: meta.name,
            severity: meta.severity,
            message: message.into(),
            help: None,
            span,
            labels: Vec::new(),
            jobs: Vec::new(),
            unchecked: Vec::new(),
            unknown_subject: None,
            fix: None,
        }
    }
    #[must_use]
    pub fn with_help(mut self, help: impl Into<Cow<'static, str>>) -> Self {
        self.help = Some(help.into());
        self
    }
}
