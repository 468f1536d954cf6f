//! Files as the user wrote them: ids, byte spans and a line index.

use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

/// Index of a file in the [`SourceMap`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FileId(pub u32);

/// A piece of a string value that was copied verbatim from the file: value bytes
/// `val_start..val_start+len` are file bytes `file_start..file_start+len`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Seg {
    pub val_start: u32,
    pub file_start: u32,
    pub len: u32,
}

/// A byte range in one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub file: FileId,
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub(crate) fn new(file: FileId, range: Range<usize>) -> Self {
        let start = u32::try_from(range.start).unwrap_or(u32::MAX);
        let end = u32::try_from(range.end).unwrap_or(u32::MAX).max(start);
        Self { file, start, end }
    }
    pub(crate) fn range(self) -> Range<usize> {
        self.start as usize..self.end as usize
    }
    /// A sub-range of this span, `offset` bytes in, clamped to the span.
    #[must_use]
    pub fn sub(self, offset: usize, len: usize) -> Self {
        let start = (self.start as usize + offset).min(self.end as usize);
        let end = (start + len).min(self.end as usize);
        Self::new(self.file, start..end)
    }
}

/// One loaded file.
#[derive(Debug)]
pub struct SourceFile {
    /// Path relative to the scan root, `/`-separated.
    pub rel: String,
    pub path: PathBuf,
    pub text: Arc<String>,
    /// Byte offset of each line (a file read is at most 8 MiB; offsets past `u32` are clamped).
    line_starts: Vec<u32>,
}

impl SourceFile {
    pub(crate) fn new(rel: String, path: PathBuf, text: String) -> Self {
        let mut line_starts = Vec::with_capacity(memchr::memchr_iter(b'\n', text.as_bytes()).count() + 1);
        line_starts.push(0);
        line_starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| u32::try_from(i + 1).unwrap_or(u32::MAX)));
        Self { rel, path, text: Arc::new(text), line_starts }
    }

    /// 1-based line and column (column in Unicode scalar values) of a byte offset.
    pub(crate) fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = match self.line_starts.binary_search(&u32::try_from(offset).unwrap_or(u32::MAX)) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        let start = self.line_starts.get(line).map_or(0, |&s| s as usize);
        let col = self.text.get(start..offset).map_or(offset - start, |s| s.chars().count());
        (line + 1, col + 1)
    }

    pub(crate) fn line_start(&self, line0: usize) -> usize {
        self.line_starts.get(line0).map_or(self.text.len(), |&s| s as usize)
    }

    pub(crate) fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    pub(crate) fn slice(&self, span: Span) -> &str {
        self.text.get(span.range()).unwrap_or("")
    }
}

/// All files of a scan.
#[derive(Debug, Default)]
pub struct SourceMap {
    files: Vec<SourceFile>,
}

impl SourceMap {
    /// Moves every file of `other` into this map, naming each `prefix/rel`; returns the
    /// offset to add to `other`'s file ids.
    pub(crate) fn absorb(&mut self, other: SourceMap, prefix: &str) -> u32 {
        let offset = u32::try_from(self.files.len()).unwrap_or(u32::MAX);
        for mut f in other.files {
            f.rel = if prefix.is_empty() { f.rel } else { format!("{prefix}/{}", f.rel) };
            self.files.push(f);
        }
        offset
    }

    pub(crate) fn add(&mut self, file: SourceFile) -> FileId {
        let id = FileId(u32::try_from(self.files.len()).unwrap_or(u32::MAX));
        self.files.push(file);
        id
    }
    pub(crate) fn get(&self, id: FileId) -> Option<&SourceFile> {
        self.files.get(id.0 as usize)
    }
    pub fn len(&self) -> usize {
        self.files.len()
    }
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
    pub fn iter(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files.iter().enumerate().map(|(i, f)| (FileId(u32::try_from(i).unwrap_or(u32::MAX)), f))
    }
    pub(crate) fn text(&self, span: Span) -> &str {
        self.get(span.file).map_or("", |f| f.slice(span))
    }
}

/// Resolved position of a span, for reporters.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
}

impl SourceMap {
    pub fn position(&self, span: Span) -> Position {
        match self.get(span.file) {
            Some(f) => {
                let (line, column) = f.line_col(span.start as usize);
                let (end_line, end_column) = f.line_col(span.end as usize);
                Position { file: f.rel.clone(), line, column, end_line, end_column }
            }
            None => Position { file: String::new(), line: 1, column: 1, end_line: 1, end_column: 1 },
        }
    }
}
