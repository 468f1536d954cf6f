//! Parsing one file into [`ast::Body`]: HCL through hcl-edit, `.tf.json` through our JSON
//! parser. Never panics: every failure is a [`ParseError`] with a byte offset.

use hcl_edit::Span as _;
use hcl_edit::expr::{BinaryOperator, Expression, ObjectKey, TraversalOperator, UnaryOperator};
use hcl_edit::structure::{Body as HBody, Structure};
use hcl_edit::template::{Directive, Element, Template};

use super::ast::{self, Attr, BinOp, Block, Body, Expr, ExprKind, Name, Names, ObjKey, Segs, TplPart, TravBase, TravOp, UnOp};
use super::json::{self, JKind, JNode};
use crate::source::{FileId, Seg, Span};

/// Deepest bracket nesting we hand to hcl-edit. Real Terraform stays far below; deeper input
/// would overflow hcl-edit 0.9's recursive parser.
pub(crate) const MAX_NESTING: usize = 200;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub offset: usize,
    pub message: String,
}

/// Parses HCL text (`.tf`, `.tfvars`).
pub fn parse_hcl(file: FileId, text: &str) -> Result<Body, ParseError> {
    if let Some(offset) = too_deep(text) {
        return Err(ParseError { offset, message: depth_message(text, offset, "file") });
    }
    if text.len() >= 2 * PIECE_BYTES
        && let Some(body) = parse_in_pieces(file, text)
    {
        return Ok(body);
    }
    let body = hcl_edit::parser::parse_body(text).map_err(|e| {
        let loc = e.location();
        ParseError { offset: loc.offset(), message: first_line(e.message()) }
    })?;
    let cx = Lower::new(file, text, 0);
    Ok(cx.body(&body))
}

/// A large file is parsed a piece of about this many bytes at a time: hcl-edit's tree of a
/// file is many times its size, and each parsing thread would otherwise hold the tree of a
/// whole file (with 100,000 small blocks in 20 files, a third of the scan's peak memory).
const PIECE_BYTES: usize = 64 * 1024;

/// [`parse_hcl`] a piece at a time, each cut after a line that is a lone `}` and before a line
/// that starts with a name: between two top-level blocks. A cut that is not (a `}` line in a
/// heredoc or a comment) leaves a piece that does not parse on its own: then `None`, and the
/// file is parsed whole, so its errors are those of the whole file. Pieces that all parse are
/// whole top-level items, so the tree is the one the whole file gives.
fn parse_in_pieces(file: FileId, text: &str) -> Option<Body> {
    let mut pieces = Vec::new();
    // One lowering for the whole file, so its names are shared across pieces.
    let mut cx = Lower::new(file, "", 0);
    let mut start = 0;
    while start < text.len() {
        let end = next_cut(text, start + PIECE_BYTES).unwrap_or(text.len());
        let piece = text.get(start..end)?;
        let body = hcl_edit::parser::parse_body(piece).ok()?;
        (cx.text, cx.offset) = (piece, start);
        let lowered = cx.body(&body);
        drop(body);
        pieces.push(lowered);
        start = end;
    }
    // The file's lists are put together once, at their exact size: grown piece by piece, each
    // doubling left the previous list behind (about 1.5 times the final list, per file).
    let mut attrs = Vec::with_capacity(pieces.iter().map(|p| p.attrs.len()).sum());
    let mut blocks = Vec::with_capacity(pieces.iter().map(|p| p.blocks.len()).sum());
    for p in pieces {
        attrs.extend(p.attrs);
        blocks.extend(p.blocks);
    }
    Some(Body { attrs: attrs.into_boxed_slice(), blocks: blocks.into_boxed_slice() })
}

/// The first offset at or after `from` that follows a line holding only `}` and starts a line
/// beginning with a letter or `_`.
fn next_cut(text: &str, from: usize) -> Option<usize> {
    let b = text.as_bytes();
    let mut at = from;
    while let Some(i) = memchr::memmem::find(b.get(at..)?, b"\n}\n") {
        let cut = at + i + 3;
        if b.get(cut).is_some_and(|c| c.is_ascii_alphabetic() || *c == b'_') {
            return Some(cut);
        }
        at = at + i + 1;
    }
    None
}

/// Parses JSON text (`.tf.json`, `.tfvars.json`) in Terraform's JSON syntax.
pub(crate) fn parse_tf_json(file: FileId, text: &str) -> Result<Body, ParseError> {
    let root = json::parse(text).map_err(|e| ParseError { offset: e.offset, message: e.message })?;
    let cx = Lower::new(file, text, 0);
    match &root.kind {
        JKind::Obj(_) => Ok(cx.json_body(root, 0)),
        _ => Err(ParseError { offset: root.start, message: "a Terraform JSON file must hold an object".into() }),
    }
}

/// [`parse_tf_json`] of what an outline keeps ([`json::parse_outline`]): the same errors, and
/// the same body once outlined, without building the rest.
pub(crate) fn parse_tf_json_outline(file: FileId, text: &str, triggers: &[&str]) -> Result<Body, ParseError> {
    let root = json::parse_outline(text, triggers).map_err(|e| ParseError { offset: e.offset, message: e.message })?;
    let cx = Lower::new(file, text, 0);
    match &root.kind {
        JKind::Obj(_) => Ok(cx.json_body(root, 0)),
        _ => Err(ParseError { offset: root.start, message: "a Terraform JSON file must hold an object".into() }),
    }
}

/// Parses a `.tfvars.json` file: every top-level key is a variable's value.
pub(crate) fn parse_tfvars_json(file: FileId, text: &str) -> Result<Body, ParseError> {
    let root = json::parse(text).map_err(|e| ParseError { offset: e.offset, message: e.message })?;
    let cx = Lower::new(file, text, 0);
    let JKind::Obj(kv) = root.kind else {
        return Err(ParseError { offset: root.start, message: "a `.tfvars.json` file must hold an object".into() });
    };
    let attrs = kv.into_iter().map(|(k, ks, ke, v)| cx.json_attr(&k, ks, ke, v)).collect();
    Ok(Body { attrs, blocks: Box::default() })
}

/// Lowers a template read from a file (`templatefile()`).
pub(crate) fn lower_template(file: FileId, text: &str, t: &Template) -> Vec<TplPart> {
    Lower::new(file, text, 0).template(t)
}

/// A body being lowered from JSON, where the number of attributes and blocks is not known
/// until every key has been seen.
#[derive(Default)]
struct BodyBuf {
    attrs: Vec<Attr>,
    blocks: Vec<Block>,
}

impl BodyBuf {
    fn finish(self) -> Body {
        Body { attrs: self.attrs.into_boxed_slice(), blocks: self.blocks.into_boxed_slice() }
    }
}

/// `v` without spare room. hcl-edit's iterators give no exact length, so a collected list
/// holds room for four (a one-entry object: 384 bytes rather than 96), and a scan keeps every
/// syntax tree until evaluation is done.
fn exact<T>(mut v: Vec<T>) -> Vec<T> {
    v.shrink_to_fit();
    v
}

fn first_line(s: &str) -> String {
    s.lines().next().unwrap_or("syntax error").trim().to_string()
}

/// Longest run of operators in one expression we hand to hcl-edit: its parser recurses once
/// per unary or binary operator, so `- - - … 1` or `1 + 1 + … + 1` nests as deep as brackets.
pub(crate) const MAX_OPERATORS: usize = 1_000;

/// A cheap scan for nesting depth — brackets, strings, `${…}` interpolations, `%{if}`/`%{for}`
/// directives and operator chains — outside comments, so that hcl-edit never recurses deeper
/// than it can.
fn too_deep(text: &str) -> Option<usize> {
    scan_depth(text, false)
}

/// [`too_deep`]; `template`: the text is template content (literal text outside `${…}`).
fn scan_depth(text: &str, template: bool) -> Option<usize> {
    #[derive(Clone, Copy, PartialEq)]
    enum Ctx {
        Bracket(u8),
        Str,
        Interp,
    }
    let b = text.as_bytes();
    let mut stack: Vec<Ctx> = Vec::new();
    // Operators since the last item separator, per open bracket (index 0: top level).
    let mut ops: Vec<usize> = vec![0];
    let mut directives = 0usize;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c == b'%' && b.get(i + 1) == Some(&b'{') {
            let word = text.get(i + 2..).unwrap_or("").trim_start_matches(['~', ' ', '\t']);
            if word.starts_with("if") || word.starts_with("for") {
                directives += 1;
            } else if word.starts_with("endif") || word.starts_with("endfor") {
                directives = directives.saturating_sub(1);
            }
        }
        if stack.last() == Some(&Ctx::Str) || (template && stack.is_empty()) {
            match c {
                b'\\' => i += 1,
                b'"' | b'\n' if !stack.is_empty() => {
                    stack.pop();
                }
                b'$' | b'%' if b.get(i + 1) == Some(&b'{') => {
                    stack.push(Ctx::Interp);
                    ops.push(0);
                    i += 1;
                }
                _ => {}
            }
        } else {
            match c {
                b'"' => stack.push(Ctx::Str),
                b'#' => {
                    while i < b.len() && b[i] != b'\n' {
                        i += 1;
                    }
                    continue;
                }
                b'/' if b.get(i + 1) == Some(&b'/') => {
                    while i < b.len() && b[i] != b'\n' {
                        i += 1;
                    }
                    continue;
                }
                b'/' if b.get(i + 1) == Some(&b'*') => {
                    i += 2;
                    while i + 1 < b.len() && !(b[i] == b'*' && b[i + 1] == b'/') {
                        i += 1;
                    }
                    i += 1;
                }
                b'(' | b'[' | b'{' => {
                    stack.push(Ctx::Bracket(c));
                    ops.push(0);
                }
                // `}` closes a bracket or an interpolation (back into its string).
                b')' | b']' | b'}' => {
                    if matches!(stack.last(), Some(Ctx::Bracket(_) | Ctx::Interp)) {
                        ops.pop();
                    }
                    stack.pop();
                }
                b',' => {
                    if let Some(n) = ops.last_mut() {
                        *n = 0;
                    }
                }
                // A new line ends an item at the top level and in a block or object.
                b'\n' if matches!(stack.last(), None | Some(Ctx::Bracket(b'{'))) => {
                    if let Some(n) = ops.last_mut() {
                        *n = 0;
                    }
                }
                b'+' | b'-' | b'*' | b'/' | b'%' | b'!' | b'<' | b'>' | b'=' | b'&' | b'|' | b'?' | b':' => {
                    if let Some(n) = ops.last_mut() {
                        *n += 1;
                        if *n > MAX_OPERATORS {
                            return Some(i);
                        }
                    }
                }
                _ => {}
            }
        }
        if stack.len() + directives > MAX_NESTING {
            return Some(i);
        }
        i += 1;
    }
    None
}

/// Why [`scan_depth`] stopped at `offset`: an operator chain or nesting.
fn depth_message(text: &str, offset: usize, what: &str) -> String {
    let op = text.as_bytes().get(offset).is_some_and(|c| b"+-*/%!<>=&|?:".contains(c));
    if op {
        format!("more than {MAX_OPERATORS} operators in one expression; jobcheck does not parse this {what}")
    } else {
        format!("nesting deeper than {MAX_NESTING} levels; jobcheck does not parse this {what}")
    }
}

/// Parses a template read from a file or a string (`templatefile()`, `.tf.json` strings)
/// after the same depth scan as HCL files.
pub(crate) fn parse_template(text: &str) -> Result<Template, ParseError> {
    if let Some(offset) = scan_depth(text, true) {
        return Err(ParseError { offset, message: depth_message(text, offset, "template") });
    }
    hcl_edit::parser::parse_template(text).map_err(|e| ParseError { offset: e.location().offset(), message: first_line(e.message()) })
}

struct Lower<'a> {
    file: FileId,
    text: &'a str,
    /// Where `text` starts in the file (a piece of a large file; else 0).
    offset: usize,
    names: Names,
}

impl<'a> Lower<'a> {
    fn new(file: FileId, text: &'a str, offset: usize) -> Self {
        Lower { file, text, offset, names: Names::default() }
    }

    fn name(&self, s: &str) -> Name {
        self.names.get(s)
    }

    fn span(&self, r: Option<std::ops::Range<usize>>) -> Span {
        Span::new(self.file, r.map_or(0..0, |r| r.start + self.offset..r.end + self.offset))
    }

    fn header(&self, start: usize) -> Span {
        // At most one line, and at most 512 bytes of it: a minified `.tf.json` is one line, and
        // searching it to the end for every block was quadratic.
        let mut limit = (start + 512).min(self.text.len());
        while !self.text.is_char_boundary(limit) {
            limit -= 1;
        }
        let end = self.text.get(start..limit).and_then(|t| t.find('\n')).map_or(limit, |n| start + n);
        let line = self.text.get(start..end).unwrap_or("");
        let end = start + line.trim_end().len();
        Span::new(self.file, start + self.offset..end + self.offset)
    }

    fn body(&self, body: &HBody) -> Body {
        // Exact capacities: a one-attribute body in a `Vec` grown by pushing holds four.
        let n_attrs = body.iter().filter(|s| matches!(s, Structure::Attribute(_))).count();
        let mut attrs = Vec::with_capacity(n_attrs);
        let mut blocks = Vec::with_capacity(body.len() - n_attrs);
        for s in body {
            match s {
                Structure::Attribute(a) => attrs.push(Attr {
                    name: self.name(a.key.as_str()),
                    name_span: self.span(a.key.span()),
                    expr: self.expr(&a.value),
                    span: self.span(a.span()),
                }),
                Structure::Block(b) => {
                    let start = b.ident.span().map_or(0, |r| r.start);
                    blocks.push(Block {
                        ident: self.name(b.ident.as_str()),
                        labels: b.labels.iter().map(|l| self.name(l.as_str())).collect(),
                        body: self.body(&b.body),
                        span: self.span(b.span()),
                        header: self.header(start),
                    });
                }
            }
        }
        Body { attrs: attrs.into_boxed_slice(), blocks: blocks.into_boxed_slice() }
    }

    fn lit_segs(&self, value: &str, r: Option<std::ops::Range<usize>>, quoted: bool) -> Vec<Seg> {
        let Some(r) = r else { return Vec::new() };
        let (s, e) = if quoted { (r.start + 1, r.end.saturating_sub(1)) } else { (r.start, r.end) };
        match self.text.get(s..e.max(s)) {
            Some(src) => ast::align(value, src, s + self.offset),
            None => Vec::new(),
        }
    }

    fn expr(&self, e: &Expression) -> Expr {
        let span = self.span(e.span());
        let kind = match e {
            Expression::Null(_) => ExprKind::Null,
            Expression::Bool(b) => ExprKind::Bool(*b.value()),
            Expression::Number(n) => ExprKind::Number(n.value().as_f64().unwrap_or(f64::NAN)),
            Expression::String(s) => {
                let segs = self.lit_segs(s.value(), s.span(), true);
                ExprKind::Str(s.value().as_str().into(), segs.into())
            }
            Expression::Array(a) => ExprKind::Array(exact(a.iter().map(|x| self.expr(x)).collect())),
            Expression::Object(o) => ExprKind::Object(exact(
                o.iter()
                    .map(|(k, v)| {
                        let key = match k {
                            ObjectKey::Ident(i) => ObjKey::Ident(self.name(i.as_str()), self.span(i.span())),
                            ObjectKey::Expression(x) => ObjKey::Expr(Box::new(self.expr(x))),
                        };
                        (key, self.expr(v.expr()))
                    })
                    .collect(),
            )),
            Expression::StringTemplate(t) => ExprKind::Template(self.template(t)),
            Expression::HeredocTemplate(h) => ExprKind::Template(self.template(&h.template)),
            Expression::Parenthesis(p) => ExprKind::Paren(Box::new(self.expr(p.inner()))),
            Expression::Variable(v) => ExprKind::Var(v.as_str().to_string()),
            Expression::Conditional(c) => {
                ExprKind::Cond(Box::new(self.expr(&c.cond_expr)), Box::new(self.expr(&c.true_expr)), Box::new(self.expr(&c.false_expr)))
            }
            Expression::FuncCall(f) => {
                let mut name: Vec<&str> = f.name.namespace.iter().map(|n| n.as_str()).collect();
                name.push(f.name.name.as_str());
                ExprKind::Call(Box::new(ast::CallExpr {
                    name: name.join("::"),
                    args: exact(f.args.iter().map(|a| self.expr(a)).collect()),
                    expand: f.args.expand_final(),
                }))
            }
            Expression::Traversal(t) => {
                let ops = t
                    .operators
                    .iter()
                    .map(|op| match op.value() {
                        TraversalOperator::GetAttr(i) => TravOp::Attr(self.name(i.as_str()), self.span(i.span())),
                        TraversalOperator::Index(x) => TravOp::Index(self.expr(x)),
                        TraversalOperator::LegacyIndex(n) => {
                            #[expect(clippy::cast_precision_loss, reason = "legacy indexes are small")]
                            let f = *n.value() as f64;
                            TravOp::Index(Expr { kind: ExprKind::Number(f), span: self.span(n.span()) })
                        }
                        TraversalOperator::AttrSplat(_) | TraversalOperator::FullSplat(_) => TravOp::Splat,
                    })
                    .collect();
                // A bare name at the traversal's start is kept inline (its span is implied).
                let base = match &t.expr {
                    Expression::Variable(v) if self.span(v.span()) == span.sub(0, v.as_str().len()) => TravBase::Var(self.name(v.as_str())),
                    other => TravBase::Expr(Box::new(self.expr(other))),
                };
                ExprKind::Traversal(base, ops)
            }
            Expression::UnaryOp(u) => {
                let op = match u.operator.value() {
                    UnaryOperator::Neg => UnOp::Neg,
                    UnaryOperator::Not => UnOp::Not,
                };
                ExprKind::Unary(op, Box::new(self.expr(&u.expr)))
            }
            Expression::BinaryOp(b) => {
                let op = match b.operator.value() {
                    BinaryOperator::Eq => BinOp::Eq,
                    BinaryOperator::NotEq => BinOp::NotEq,
                    BinaryOperator::LessEq => BinOp::LtEq,
                    BinaryOperator::GreaterEq => BinOp::GtEq,
                    BinaryOperator::Less => BinOp::Lt,
                    BinaryOperator::Greater => BinOp::Gt,
                    BinaryOperator::Plus => BinOp::Add,
                    BinaryOperator::Minus => BinOp::Sub,
                    BinaryOperator::Mul => BinOp::Mul,
                    BinaryOperator::Div => BinOp::Div,
                    BinaryOperator::Mod => BinOp::Mod,
                    BinaryOperator::And => BinOp::And,
                    BinaryOperator::Or => BinOp::Or,
                };
                ExprKind::Binary(op, Box::new(self.expr(&b.lhs_expr)), Box::new(self.expr(&b.rhs_expr)))
            }
            Expression::ForExpr(f) => ExprKind::For(Box::new(ast::ForExpr {
                key_var: f.intro.key_var.as_ref().map(|k| k.as_str().to_string()),
                val_var: f.intro.value_var.as_str().to_string(),
                coll: self.expr(&f.intro.collection_expr),
                key_expr: f.key_expr.as_ref().map(|k| self.expr(k)),
                val_expr: self.expr(&f.value_expr),
                cond: f.cond.as_ref().map(|c| self.expr(&c.expr)),
                grouping: f.grouping,
            })),
        };
        Expr { kind, span }
    }

    fn template(&self, t: &Template) -> Vec<TplPart> {
        let parts = t
            .iter()
            .map(|el| match el {
                Element::Literal(l) => TplPart::Lit(l.value().as_str().into(), self.lit_segs(l.value(), l.span(), false).into()),
                Element::Interpolation(i) => TplPart::Interp(self.expr(&i.expr)),
                Element::Directive(d) => match d.as_ref() {
                    Directive::If(d) => TplPart::If(Box::new((
                        self.expr(&d.if_expr.cond_expr),
                        self.template(&d.if_expr.template),
                        d.else_expr.as_ref().map(|e| self.template(&e.template)).unwrap_or_default(),
                    ))),
                    Directive::For(d) => TplPart::For(Box::new((
                        d.for_expr.key_var.as_ref().map(|k| k.as_str().to_string()),
                        d.for_expr.value_var.as_str().to_string(),
                        self.expr(&d.for_expr.collection_expr),
                        self.template(&d.for_expr.template),
                    ))),
                },
            })
            .collect();
        exact(parts)
    }

    // ---- Terraform JSON syntax -------------------------------------------------------------
    // Lowering consumes the JSON tree: strings move into the syntax tree rather than being
    // copied, and each part of the tree is freed as soon as it is lowered.

    /// Block types whose nested structure has labels, in Terraform's JSON syntax.
    fn json_body(&self, node: JNode, depth: usize) -> Body {
        let mut out = BodyBuf::default();
        let JKind::Obj(kv) = node.kind else {
            return Body::default();
        };
        for (k, ks, ke, v) in kv {
            let labels_n = if depth == 0 {
                match k.as_str() {
                    "resource" | "data" => 2,
                    "variable" | "output" | "module" | "provider" => 1,
                    "locals" | "terraform" => 0,
                    _ => usize::MAX,
                }
            } else {
                usize::MAX
            };
            if labels_n == usize::MAX {
                if depth == 0 {
                    continue;
                }
                // Inside a block: an object-of-objects under a known nested block name is a
                // block; everything else is an attribute.
                out.attrs.push(self.json_attr(&k, ks, ke, v));
                continue;
            }
            self.json_blocks(&k, ks, v, labels_n, Vec::new(), &mut out, depth);
        }
        out.finish()
    }

    fn json_attr(&self, name: &str, ks: usize, ke: usize, v: JNode) -> Attr {
        let span = Span::new(self.file, ks..v.end);
        Attr { name: self.name(name), name_span: Span::new(self.file, ks..ke), expr: self.json_expr(v), span }
    }

    #[expect(clippy::too_many_arguments, reason = "recursive descent over label levels")]
    fn json_blocks(&self, ident: &str, ks: usize, v: JNode, labels_left: usize, labels: Vec<Name>, out: &mut BodyBuf, depth: usize) {
        let end = v.end;
        match (v.kind, labels_left) {
            (JKind::Arr(items), _) => {
                for it in items {
                    self.json_blocks(ident, ks, it, labels_left, labels.clone(), out, depth);
                }
            }
            (JKind::Obj(kv), 0) => {
                let body = if ident == "locals" || ident == "terraform" {
                    Body {
                        attrs: kv.into_iter().map(|(k, kks, kke, vv)| self.json_attr(&k, kks, kke, vv)).collect(),
                        blocks: Box::default(),
                    }
                } else {
                    self.json_inner_body(kv, depth + 1)
                };
                out.blocks.push(Block {
                    ident: self.name(ident),
                    labels: labels.into_boxed_slice(),
                    body,
                    span: Span::new(self.file, ks..end),
                    header: self.header(ks),
                });
            }
            (JKind::Obj(kv), n) => {
                for (k, kks, _, vv) in kv {
                    let mut l = Vec::with_capacity(labels.len() + 1);
                    l.extend(labels.iter().cloned());
                    l.push(self.name(&k));
                    self.json_blocks(ident, kks, vv, n - 1, l, out, depth);
                }
            }
            _ => {}
        }
    }

    /// A resource body in JSON: nested objects whose name is a known nested block become blocks.
    fn json_inner_body(&self, kv: Vec<(String, usize, usize, JNode)>, depth: usize) -> Body {
        const NESTED: &[&str] = &[
            "ecs_target",
            "network_configuration",
            "dead_letter_config",
            "retry_policy",
            "target",
            "ecs_parameters",
            "flexible_time_window",
            "statement",
            "principals",
            "not_principals",
            "condition",
            "inline_policy",
            "capacity_provider_strategy",
            "runtime_platform",
            "ephemeral_storage",
            "input_transformer",
            "lifecycle",
        ];
        let mut out = BodyBuf::default();
        for (k, ks, ke, v) in kv {
            let is_block = NESTED.contains(&k.as_str()) && matches!(&v.kind, JKind::Obj(_) | JKind::Arr(_));
            if is_block && depth < 32 {
                let items: Vec<JNode> = match v.kind {
                    JKind::Arr(a) => a,
                    kind => vec![JNode { kind, ..v }],
                };
                for it in items {
                    let span = Span::new(self.file, ks..it.end);
                    let body = match it.kind {
                        JKind::Obj(kv) => self.json_inner_body(kv, depth + 1),
                        _ => Body::default(),
                    };
                    out.blocks.push(Block { ident: self.name(&k), labels: Box::default(), body, span, header: self.header(ks) });
                }
            } else {
                out.attrs.push(self.json_attr(&k, ks, ke, v));
            }
        }
        out.finish()
    }

    /// A JSON value as an expression: strings are templates (`${...}` is interpolated).
    fn json_expr(&self, n: JNode) -> Expr {
        let span = Span::new(self.file, n.start..n.end);
        let kind = match n.kind {
            JKind::Null => ExprKind::Null,
            JKind::Bool(b) => ExprKind::Bool(b),
            JKind::Num(f) => ExprKind::Number(f),
            JKind::Str(s) => {
                if s.contains("${") || s.contains("%{") {
                    match parse_template(&s) {
                        Ok(t) => {
                            // Spans inside a JSON string template point at the string itself.
                            let sub = Lower::new(self.file, &s, 0);
                            let mut parts = sub.template(&t);
                            respan_parts(&mut parts, span);
                            ExprKind::Template(parts)
                        }
                        Err(_) => ExprKind::Str(s.into(), Segs::None),
                    }
                } else {
                    let segs = self.lit_segs(&s, Some(n.start..n.end), true);
                    ExprKind::Str(s.into(), segs.into())
                }
            }
            // `exact`: a list collected from the JSON tree's may reuse its buffer, spare room and all.
            JKind::Arr(a) => ExprKind::Array(exact(a.into_iter().map(|x| self.json_expr(x)).collect())),
            JKind::Obj(kv) => ExprKind::Object(exact(
                kv.into_iter()
                    .map(|(k, ks, ke, v)| (ObjKey::Ident(self.name(&k), Span::new(self.file, ks..ke)), self.json_expr(v)))
                    .collect(),
            )),
        };
        Expr { kind, span }
    }
}

/// Points every span inside template parts at `span` (for text whose own positions are lost).
pub(crate) fn respan_parts(parts: &mut [TplPart], span: Span) {
    for p in parts {
        match p {
            TplPart::Lit(_, segs) => *segs = Segs::None,
            TplPart::Interp(e) => respan_expr(e, span),
            TplPart::If(x) => {
                let (c, a, b) = &mut **x;
                respan_expr(c, span);
                respan_parts(a, span);
                respan_parts(b, span);
            }
            TplPart::For(x) => {
                let (_, _, c, t) = &mut **x;
                respan_expr(c, span);
                respan_parts(t, span);
            }
        }
    }
}

fn respan_expr(e: &mut Expr, span: Span) {
    e.span = span;
    match &mut e.kind {
        ExprKind::Str(_, segs) => *segs = Segs::None,
        ExprKind::Template(parts) => respan_parts(parts, span),
        ExprKind::Array(items) => items.iter_mut().for_each(|x| respan_expr(x, span)),
        ExprKind::Object(kv) => {
            for (k, v) in kv {
                if let ObjKey::Expr(k) = k {
                    respan_expr(k, span);
                }
                respan_expr(v, span);
            }
        }
        ExprKind::Traversal(b, ops) => {
            // Every span becomes `span`: an inline name's implied span would not.
            let mut base = b.expr(span).into_owned();
            respan_expr(&mut base, span);
            *b = TravBase::Expr(Box::new(base));
            for op in ops.iter_mut() {
                match op {
                    TravOp::Attr(_, s) => *s = span,
                    TravOp::Index(x) => respan_expr(x, span),
                    TravOp::Splat => {}
                }
            }
        }
        ExprKind::Call(c) => c.args.iter_mut().for_each(|x| respan_expr(x, span)),
        ExprKind::Cond(a, b, c) => {
            respan_expr(a, span);
            respan_expr(b, span);
            respan_expr(c, span);
        }
        ExprKind::Unary(_, a) | ExprKind::Paren(a) => respan_expr(a, span),
        ExprKind::Binary(_, a, b) => {
            respan_expr(a, span);
            respan_expr(b, span);
        }
        ExprKind::For(f) => {
            respan_expr(&mut f.coll, span);
            respan_expr(&mut f.val_expr, span);
            if let Some(k) = &mut f.key_expr {
                respan_expr(k, span);
            }
            if let Some(c) = &mut f.cond {
                respan_expr(c, span);
            }
        }
        ExprKind::Null | ExprKind::Bool(_) | ExprKind::Number(_) | ExprKind::Var(_) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Body {
        parse_hcl(FileId(0), s).unwrap_or_else(|e| panic!("{e:?}"))
    }

    fn whole(text: &str) -> String {
        let body = hcl_edit::parser::parse_body(text).unwrap_or_else(|e| panic!("{e:?}"));
        format!("{:?}", Lower::new(FileId(3), text, 0).body(&body))
    }

    /// A large file with every kind of top-level item, and `}` lines that are not a block's end.
    fn large_file(n: usize) -> String {
        use std::fmt::Write as _;
        let mut t = String::from(
            "# jobcheck:ignore JC204
locals {
  a = \"x\"
}
",
        );
        for i in 0..n {
            let _ = write!(
                t,
                "resource \"aws_cloudwatch_event_rule\" \"r{i}\" {{\n  schedule_expression = \"rate(1 hour)\"\n  tags = {{ n = \"${{var.x}}-{i}\" }}\n}}\n"
            );
            if i % 97 == 0 {
                let _ = write!(t, "top_{i} = 1\nvariable \"p{i}\" {{\n  default = <<EOF\n{{\n}}\nEOF\n}}\n");
            }
            if i % 89 == 0 {
                t.push_str("/*\n}\nnot_code = 1\n*/\ndata \"aws_region\" \"r\" {}\n");
            }
        }
        t
    }

    #[test]
    fn a_large_file_in_pieces_is_the_same_tree() {
        let text = large_file(3_000);
        assert!(text.len() > 4 * PIECE_BYTES, "{}", text.len());
        let pieces = parse_in_pieces(FileId(3), &text).unwrap_or_else(|| panic!("no pieces"));
        assert_eq!(format!("{pieces:?}"), whole(&text));
        // It was cut: more than one piece.
        assert!(next_cut(&text, PIECE_BYTES).is_some_and(|c| c < text.len()));
        // Through `parse_hcl` too.
        assert_eq!(format!("{:?}", parse_hcl(FileId(3), &text).unwrap_or_default()), whole(&text));
    }

    #[test]
    fn a_cut_inside_a_heredoc_falls_back_to_the_whole_file() {
        // Every `}` line that starts a piece is inside the heredoc: no piece parses alone.
        let mut text = String::from("x = <<EOF\n");
        while text.len() < 3 * PIECE_BYTES {
            text.push_str("{\n}\nEOF_not_yet\n");
        }
        text.push_str("EOF\nresource \"a\" \"b\" {}\n");
        assert!(parse_in_pieces(FileId(0), &text).is_none());
        assert_eq!(format!("{:?}", parse(&text)), whole(&text).replace("FileId(3)", "FileId(0)"));
    }

    #[test]
    fn an_error_in_a_large_file_is_the_whole_file_error() {
        let mut text = large_file(2_000);
        text.push_str("resource \"a\" \"b\" {\n  x = \n}\n");
        let whole_err = hcl_edit::parser::parse_body(&text).err().map(|e| (e.location().offset(), first_line(e.message())));
        let err = parse_hcl(FileId(0), &text).err().map(|e| (e.offset, e.message));
        assert!(err.is_some());
        assert_eq!(err, whole_err);
    }

    #[test]
    fn blocks_attrs_and_spans() {
        let src = "resource \"a\" \"b\" {\n  x = \"cron(0 3 ? * MON *)\"\n}\n";
        let b = parse(src);
        let blk = &b.blocks[0];
        assert_eq!(blk.labels[..], ["a", "b"]);
        assert_eq!(&src[blk.header.range()], "resource \"a\" \"b\" {");
        let x = blk.body.attr("x").unwrap_or_else(|| panic!("no x"));
        let ExprKind::Str(v, segs) = &x.expr.kind else { panic!("not a string") };
        assert_eq!(&**v, "cron(0 3 ? * MON *)");
        let segs: Vec<Seg> = segs.iter().collect();
        assert_eq!(segs.len(), 1);
        assert_eq!(&src[segs[0].file_start as usize..][..v.len()], &**v);
    }

    #[test]
    fn indented_heredoc_maps_each_line() {
        let src = "x = <<-EOT\n    {\n      \"a\": 1\n    }\n    EOT\n";
        let b = parse(src);
        let ExprKind::Template(parts) = &b.attrs[0].expr.kind else { panic!("not a template") };
        let TplPart::Lit(v, segs) = &parts[0] else { panic!("not a literal") };
        assert_eq!(&**v, "{\n  \"a\": 1\n}\n");
        let a = v.find("\"a\"").unwrap_or(0);
        let seg = segs.iter().find(|s| (s.val_start as usize) <= a && a < (s.val_start + s.len) as usize);
        assert!(matches!(segs, Segs::Runs(_)), "one run per line: {segs:?}");
        let seg = seg.unwrap_or_else(|| panic!("unmapped {segs:?}"));
        let off = seg.file_start as usize + (a - seg.val_start as usize);
        assert_eq!(&src[off..off + 3], "\"a\"");
    }

    #[test]
    fn errors_and_depth() {
        assert!(parse_hcl(FileId(0), "resource \"a\" {\n x = [\n").is_err());
        let deep = format!("x = {}1{}", "[".repeat(10_000), "]".repeat(10_000));
        let e = parse_hcl(FileId(0), &deep).err().unwrap_or_else(|| panic!("accepted"));
        assert!(e.message.contains("nesting"));
    }

    #[test]
    fn many_interpolations_are_not_nesting() {
        let many = "x = \"${var.a}-${var.b}\"\n".repeat(5_000);
        assert!(too_deep(&many).is_none());
        let nested = format!("x = {}1{}", "\"${".repeat(300), "}\"".repeat(300));
        assert!(too_deep(&nested).is_some());
        let comment = format!("# {}\nx = 1\n", "[".repeat(1_000));
        assert!(too_deep(&comment).is_none());
    }

    #[test]
    fn operator_chains_and_directives_are_bounded() {
        let unary = format!("x = {}1\n", "-".repeat(20_000));
        assert!(parse_hcl(FileId(0), &unary).err().is_some_and(|e| e.message.contains("more than 1000 operators")));
        let binary = format!("x = {}\n", vec!["1"; 50_000].join(" + "));
        assert!(too_deep(&binary).is_some());
        let multiline = format!("x = (1\n{})\n", "+ 1\n".repeat(5_000));
        assert!(too_deep(&multiline).is_some());
        let ifs = format!("x = \"{}x{}\"\n", "%{ if true }".repeat(300), "%{ endif }".repeat(300));
        assert!(too_deep(&ifs).is_some());
        assert!(parse_template(&format!("{}x{}", "%{ for a in b }".repeat(300), "%{ endfor }".repeat(300))).is_err());
        // Long but ordinary: many attributes, many list items, a long condition.
        let attrs = "a = 1 + 2 - 3\n".repeat(5_000);
        assert!(too_deep(&attrs).is_none());
        let items = format!("x = [{}]\n", vec!["-1"; 5_000].join(",\n"));
        assert!(too_deep(&items).is_none());
        let cond = format!("x = {}\n", vec!["var.a == 1"; 100].join(" && "));
        assert!(too_deep(&cond).is_none());
        let seq = format!("x = \"{}\"\n", "%{ if a }y%{ endif }".repeat(1_000));
        assert!(too_deep(&seq).is_none());
    }

    #[test]
    fn repeated_object_keys_parse() {
        assert!(parse_hcl(FileId(0), "x = { a = 1\n a = 2 }\n").is_ok());
    }

    #[test]
    fn tf_json_resources() {
        let src = r#"{"resource": {"aws_ecs_cluster": {"c": {"name": "jobs"}}}, "variable": {"v": {"default": "${1}"}}}"#;
        let b = parse_tf_json(FileId(0), src).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(b.blocks.len(), 2);
        assert_eq!(b.blocks[0].labels[..], ["aws_ecs_cluster", "c"]);
        assert!(b.blocks[0].body.attr("name").is_some());
    }
}
