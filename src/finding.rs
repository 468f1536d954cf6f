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

/// What a JC002 note could not check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unchecked {
    /// The rules that could not be checked, in ID order once notes are merged.
    pub rules: Vec<&'static str>,
    /// The value that was unknown.
    pub subject: String,
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
    /// JC002 only: the rules that could not be checked, and what was unknown (boxed: other
    /// findings would each carry 48 empty bytes for it).
    pub unchecked: Option<Box<Unchecked>>,
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
            unchecked: None,
            fix: None,
        }
    }
    /// The rules a JC002 note could not check (empty for any other finding).
    pub fn unchecked_rules(&self) -> &[&'static str] {
        self.unchecked.as_ref().map_or(&[], |u| &u.rules)
    }
    #[must_use]
    pub fn with_help(mut self, help: impl Into<Cow<'static, str>>) -> Self {
        self.help = Some(help.into());
        self
    }
}
