//! jobcheck's own syntax tree: HCL (via hcl-edit) and `.tf.json` both lower into it, so the
//! evaluator sees one shape with a span on every node.

use crate::source::{Seg, Span};

/// Boxed slices and [`Name`]s rather than `Vec`s and `String`s: a scan holds every file's
/// tree until evaluation is done, and each capacity word is paid once per node (100,000
/// resource blocks hold about 3 MB of them).
#[derive(Debug, Clone, Default)]
pub struct Body {
    pub attrs: Box<[Attr]>,
    pub blocks: Box<[Block]>,
}

impl Body {
    pub fn attr(&self, name: &str) -> Option<&Attr> {
        // Terraform rejects duplicate attributes; the last one wins here so we never crash.
        self.attrs.iter().rev().find(|a| a.name == name)
    }
    pub fn blocks<'a>(&'a self, ident: &'a str) -> impl Iterator<Item = &'a Block> + 'a {
        self.blocks.iter().filter(move |b| b.ident == ident)
    }
}

/// An identifier or label as written: an exact-size shared string (16 bytes, where a `String`
/// takes 24) that compares with `&str` and `String`. A copy shares the text: an evaluated body
/// names its attributes with the syntax tree's names, and [`Names`] makes the names written
/// again and again in a file (`resource`, a resource type, an argument) one allocation.
#[derive(Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Name(std::sync::Arc<str>);

/// The names of one file being lowered: a small direct-mapped cache rather than a table, so a
/// name written once costs one lookup and one allocation, and the cache never grows.
#[derive(Default)]
pub(crate) struct Names(std::cell::RefCell<Vec<Option<Name>>>);

impl Names {
    const SLOTS: u64 = 256;

    pub(crate) fn get(&self, s: &str) -> Name {
        // FNV-1a: names are short, and this is on every name the parser sees.
        let h = s.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3));
        let slot = usize::try_from(h % Self::SLOTS).unwrap_or(0);
        let mut slots = self.0.borrow_mut();
        if slots.is_empty() {
            slots.resize(usize::try_from(Self::SLOTS).unwrap_or(0), None);
        }
        let Some(entry) = slots.get_mut(slot) else {
            return Name::from(s);
        };
        if let Some(n) = entry
            && n.as_str() == s
        {
            return n.clone();
        }
        let n = Name::from(s);
        *entry = Some(n.clone());
        n
    }
}

impl Name {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::ops::Deref for Name {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl std::borrow::Borrow<str> for Name {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Name {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&*self.0, f)
    }
}

impl std::fmt::Display for Name {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&str> for Name {
    fn from(s: &str) -> Self {
        Name(s.into())
    }
}

impl From<String> for Name {
    fn from(s: String) -> Self {
        Name(s.into())
    }
}

impl From<&Name> for String {
    fn from(n: &Name) -> Self {
        n.0.to_string()
    }
}

impl PartialEq<str> for Name {
    fn eq(&self, o: &str) -> bool {
        *self.0 == *o
    }
}

impl PartialEq<&str> for Name {
    fn eq(&self, o: &&str) -> bool {
        *self.0 == **o
    }
}

impl PartialEq<String> for Name {
    fn eq(&self, o: &String) -> bool {
        *self.0 == **o
    }
}

#[derive(Debug, Clone)]
pub struct Attr {
    pub name: Name,
    pub name_span: Span,
    pub expr: Expr,
    /// The whole `name = value` line(s).
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct Block {
    pub ident: Name,
    pub labels: Box<[Name]>,
    pub body: Body,
    /// The whole block.
    pub span: Span,
    /// From the block's first token to the end of its header line.
    pub header: Span,
}

#[derive(Debug, Clone)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnOp {
    Neg,
    Not,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinOp {
    Eq,
    NotEq,
    Lt,
    LtEq,
    Gt,
    GtEq,
    And,
    Or,
    Add,
    Sub,
    Mul,
    Div,
    Mod,
}

#[derive(Debug, Clone)]
pub enum ExprKind {
    Null,
    Bool(bool),
    Number(f64),
    /// A string literal, with the byte segments of its value that map 1:1 to the source.
    /// (Boxed slices, no spare capacity: a scan keeps every literal until it is evaluated.)
    Str(Box<str>, Segs),
    Template(Vec<TplPart>),
    Array(Vec<Expr>),
    Object(Vec<(ObjKey, Expr)>),
    Var(String),
    Traversal(TravBase, Box<[TravOp]>),
    /// Boxed: calls are rare next to literals and references, and every node is sized for
    /// the largest variant.
    Call(Box<CallExpr>),
    Cond(Box<Expr>, Box<Expr>, Box<Expr>),
    Unary(UnOp, Box<Expr>),
    Binary(BinOp, Box<Expr>, Box<Expr>),
    For(Box<ForExpr>),
    Paren(Box<Expr>),
}

/// A function call: `name(args...)`, `expand` when the last argument ends in `...`.
#[derive(Debug, Clone)]
pub struct CallExpr {
    pub name: String,
    pub args: Vec<Expr>,
    pub expand: bool,
}

#[derive(Debug, Clone)]
pub enum ObjKey {
    Ident(Name, Span),
    /// Boxed: most keys are identifiers.
    Expr(Box<Expr>),
}

/// What a traversal starts from. Nearly every traversal starts at a bare name (`var.x`,
/// `aws_s3_bucket.b.arn`): it is kept inline, its span the first bytes of the traversal's,
/// rather than as a boxed expression (56 bytes and two allocations for each reference).
#[derive(Debug, Clone)]
pub enum TravBase {
    /// A name whose span starts the traversal's.
    Var(Name),
    Expr(Box<Expr>),
}

impl TravBase {
    /// The base as an expression, given the span of the whole traversal.
    pub fn expr(&self, traversal: Span) -> std::borrow::Cow<'_, Expr> {
        match self {
            TravBase::Var(n) => std::borrow::Cow::Owned(Expr { kind: ExprKind::Var(n.to_string()), span: traversal.sub(0, n.len()) }),
            TravBase::Expr(e) => std::borrow::Cow::Borrowed(e),
        }
    }
    /// The name the traversal starts from, when it starts from a name.
    pub fn var(&self) -> Option<&str> {
        match self {
            TravBase::Var(n) => Some(n),
            TravBase::Expr(e) => match &e.kind {
                ExprKind::Var(v) => Some(v),
                _ => None,
            },
        }
    }
}

#[derive(Debug, Clone)]
pub enum TravOp {
    Attr(Name, Span),
    Index(Expr),
    Splat,
}

#[derive(Debug, Clone)]
pub struct ForExpr {
    pub key_var: Option<String>,
    pub val_var: String,
    pub coll: Expr,
    pub key_expr: Option<Expr>,
    pub val_expr: Expr,
    pub cond: Option<Expr>,
    pub grouping: bool,
}

#[derive(Debug, Clone)]
pub enum TplPart {
    Lit(Box<str>, Segs),
    Interp(Expr),
    /// `%{if}` and `%{for}` are boxed: they are rare, and every part is sized for the largest.
    If(Box<(Expr, Vec<TplPart>, Vec<TplPart>)>),
    For(Box<(Option<String>, String, Expr, Vec<TplPart>)>),
}

/// The runs of a literal's value that are verbatim copies of the source. Nearly always one run
/// from the value's start (a string without escapes): kept inline, where a list would be an
/// allocation for every literal of the scan.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Segs {
    #[default]
    None,
    /// Value bytes `0..len` are file bytes `file_start..file_start + len`.
    Run { file_start: u32, len: u32 },
    #[expect(
        clippy::box_collection,
        reason = "a thin pointer keeps the enum at 16 bytes; several runs are rare (an escape, a `<<-` heredoc)"
    )]
    Runs(Box<Vec<Seg>>),
}

// Inline: a run fits beside the list's pointer, so a literal is no bigger than with a list alone.
const _: () = assert!(std::mem::size_of::<Segs>() == 16);

impl Segs {
    pub fn iter(&self) -> impl Iterator<Item = Seg> + '_ {
        let (one, many) = match self {
            Segs::None => (None, &[][..]),
            Segs::Run { file_start, len } => (Some(Seg { val_start: 0, file_start: *file_start, len: *len }), &[][..]),
            Segs::Runs(v) => (None, &v[..]),
        };
        one.into_iter().chain(many.iter().copied())
    }
}

impl From<Vec<Seg>> for Segs {
    fn from(v: Vec<Seg>) -> Self {
        match v.as_slice() {
            [] => Segs::None,
            [one] if one.val_start == 0 => Segs::Run { file_start: one.file_start, len: one.len },
            _ => {
                let mut v = v;
                v.shrink_to_fit();
                Segs::Runs(Box::new(v))
            }
        }
    }
}

/// Aligns a decoded string `value` with the source text it came from (`src`, starting at
/// file byte `file_start`), returning the runs that are verbatim copies. Leading blanks that
/// a `<<-` heredoc stripped are skipped; at an escape sequence the alignment stops.
pub fn align(value: &str, src: &str, file_start: usize) -> Vec<Seg> {
    let v = value.as_bytes();
    let s = src.as_bytes();
    let (mut i, mut j) = (0usize, 0usize);
    let mut segs: Vec<Seg> = Vec::new();
    let mut at_line_start = true;
    while i < v.len() && j < s.len() {
        if at_line_start {
            // A `<<-` heredoc strips the same number of blanks from every line.
            let blanks = |b: &[u8], k: usize| b[k..].iter().take_while(|c| **c == b' ' || **c == b'\t').count();
            let (ns, nv) = (blanks(s, j), blanks(v, i));
            if ns > nv {
                j += ns - nv;
            }
            at_line_start = false;
            continue;
        }
        if v[i] == s[j] {
            let fs = file_start + j;
            match segs.last_mut() {
                Some(last) if (last.val_start + last.len) as usize == i && (last.file_start + last.len) as usize == fs => {
                    last.len += 1;
                }
                _ => segs.push(Seg { val_start: to_u32(i), file_start: to_u32(fs), len: 1 }),
            }
            at_line_start = v[i] == b'\n';
            i += 1;
            j += 1;
        } else {
            break;
        }
    }
    segs
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_written_again_shares_its_text_and_every_name_reads_back() {
        let names = Names::default();
        let a = names.get("aws_cloudwatch_event_rule");
        let b = names.get("aws_cloudwatch_event_rule");
        assert!(std::ptr::eq(a.as_str(), b.as_str()), "a repeated name is one allocation");
        // More distinct names than slots: evicted or not, each reads back as written.
        let many: Vec<String> = (0..1000).map(|i| format!("r{i}")).collect();
        for s in &many {
            assert_eq!(names.get(s).as_str(), s);
        }
        for s in many.iter().rev() {
            assert_eq!(names.get(s).as_str(), s);
        }
        assert_eq!(names.get("aws_cloudwatch_event_rule"), a);
        assert_eq!(names.get(""), "");
    }
}
