//! A small JSON parser that keeps the byte range of every node, for `.tf.json`, heredoc
//! policies, `file()` documents and `jsondecode`. Depth is bounded: no input can overflow
//! the stack.

const MAX_DEPTH: usize = 128;

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum JKind {
    Null,
    Bool(bool),
    /// The value; the number as written is the node's byte range (no copy: a document may hold
    /// many thousands of numbers).
    Num(f64),
    Str(String),
    Arr(Vec<JNode>),
    /// Keys with their byte ranges, in order written (duplicates kept).
    Obj(Vec<(String, usize, usize, JNode)>),
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct JNode {
    pub kind: JKind,
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct JError {
    pub offset: usize,
    pub message: String,
}

pub(crate) fn parse(text: &str) -> Result<JNode, JError> {
    let mut p = Parser { s: text.as_bytes(), text, i: 0 };
    p.ws();
    let node = p.value(0)?;
    p.ws();
    if p.i < p.s.len() {
        return Err(p.err("unexpected text after the JSON value"));
    }
    Ok(node)
}

/// What [`parse_outline`] builds of a value.
#[derive(Clone, Copy)]
enum Part {
    /// Block labels still to read (`resource`: type then name; `module`: name), then the body.
    Labels { left: usize, module: bool },
    /// A block's body: a module call keeps its `source`, a trigger resource nothing.
    Body { module: bool },
}

/// [`parse`] for a `.tf.json` file that only needs its outline (see `load::modules::outline`):
/// the same checks and the same errors, but of the top-level object only `module` calls (with
/// their `source`) and the resources of the `triggers` types (without their bodies) are built;
/// everything else is read and dropped as it goes, so a large file never exists as a whole tree.
/// `outline(lower(parse_outline(t)))` equals `outline(lower(parse(t)))`.
pub(crate) fn parse_outline(text: &str, triggers: &[&str]) -> Result<JNode, JError> {
    let mut p = Parser { s: text.as_bytes(), text, i: 0 };
    p.ws();
    if p.s.get(p.i) != Some(&b'{') {
        return parse(text);
    }
    let start = p.i;
    let kind = p.entries(
        0,
        |key| match key {
            "resource" => Some(Part::Labels { left: 2, module: false }),
            "module" => Some(Part::Labels { left: 1, module: true }),
            _ => None,
        },
        &mut |p, depth, part| p.outline_value(depth, part, triggers),
    )?;
    let node = JNode { kind, start, end: p.i };
    p.ws();
    if p.i < p.s.len() {
        return Err(p.err("unexpected text after the JSON value"));
    }
    Ok(node)
}

struct Parser<'a> {
    s: &'a [u8],
    text: &'a str,
    i: usize,
}

impl Parser<'_> {
    fn err(&self, message: &str) -> JError {
        JError { offset: self.i.min(self.s.len()), message: message.to_string() }
    }
    fn ws(&mut self) {
        while let Some(c) = self.s.get(self.i) {
            if matches!(c, b' ' | b'\t' | b'\n' | b'\r') {
                self.i += 1;
            } else {
                break;
            }
        }
    }
    fn eat(&mut self, lit: &str) -> bool {
        if self.s.get(self.i..self.i + lit.len()) == Some(lit.as_bytes()) {
            self.i += lit.len();
            true
        } else {
            false
        }
    }
    fn value(&mut self, depth: usize) -> Result<JNode, JError> {
        if depth > MAX_DEPTH {
            return Err(self.err("JSON nested too deeply"));
        }
        let start = self.i;
        let kind = match self.s.get(self.i) {
            None => return Err(self.err("unexpected end of JSON")),
            Some(b'{') => self.object(depth)?,
            Some(b'[') => self.array(depth)?,
            Some(b'"') => JKind::Str(self.string()?),
            Some(b't') if self.eat("true") => JKind::Bool(true),
            Some(b'f') if self.eat("false") => JKind::Bool(false),
            Some(b'n') if self.eat("null") => JKind::Null,
            Some(c) if *c == b'-' || c.is_ascii_digit() => self.number()?,
            Some(_) => {
                if self.s.get(self.i..self.i + 2) == Some(b"${") {
                    return Err(self.err("un-rendered template placeholder `${...}`"));
                }
                return Err(self.err("expected a JSON value"));
            }
        };
        Ok(JNode { kind, start, end: self.i })
    }
    /// A value as [`parse_outline`] keeps it.
    fn outline_value(&mut self, depth: usize, part: Part, triggers: &[&str]) -> Result<JNode, JError> {
        if depth > MAX_DEPTH {
            return Err(self.err("JSON nested too deeply"));
        }
        let start = self.i;
        let kind = match (self.s.get(self.i), part) {
            // A list at any level holds more of the same (as lowering reads it).
            (Some(b'['), _) => {
                let mut out = Vec::new();
                self.items(depth, |p, depth| {
                    out.push(p.outline_value(depth, part, triggers)?);
                    Ok(())
                })?;
                JKind::Arr(out)
            }
            (Some(b'{'), Part::Labels { left, module }) => self.entries(
                depth,
                |key| {
                    // Of the resources, only the trigger types.
                    let wanted = module || left != 2 || triggers.contains(&key);
                    wanted.then_some(if left > 1 { Part::Labels { left: left - 1, module } } else { Part::Body { module } })
                },
                &mut |p, depth, part| p.outline_value(depth, part, triggers),
            )?,
            (Some(b'{'), Part::Body { module: true }) => {
                self.entries(depth, |key| (key == "source").then_some(()), &mut |p, depth, ()| p.value(depth))?
            }
            (Some(b'{'), Part::Body { module: false }) => {
                self.skip(depth)?;
                JKind::Obj(Vec::new())
            }
            // Anything else is not a block: lowering ignores it.
            _ => {
                self.skip(depth)?;
                JKind::Null
            }
        };
        Ok(JNode { kind, start, end: self.i })
    }

    /// An object's entries: the value of each key `keep` names (with what it says of the value)
    /// built by `build`, the others read and dropped.
    fn entries<T>(
        &mut self,
        depth: usize,
        keep: impl Fn(&str) -> Option<T>,
        build: &mut dyn FnMut(&mut Self, usize, T) -> Result<JNode, JError>,
    ) -> Result<JKind, JError> {
        self.i += 1;
        let mut out = Vec::new();
        self.ws();
        if self.eat("}") {
            return Ok(JKind::Obj(out));
        }
        loop {
            self.ws();
            if self.s.get(self.i) != Some(&b'"') {
                return Err(self.err("expected a string key"));
            }
            let ks = self.i;
            let key = self.string()?;
            let ke = self.i;
            self.ws();
            if !self.eat(":") {
                return Err(self.err("expected `:`"));
            }
            self.ws();
            match keep(&key) {
                Some(part) => {
                    let v = build(self, depth + 1, part)?;
                    out.push((key, ks, ke, v));
                }
                None => self.skip(depth + 1)?,
            }
            self.ws();
            if self.eat(",") {
                continue;
            }
            if self.eat("}") {
                return Ok(JKind::Obj(out));
            }
            return Err(self.err("expected `,` or `}`"));
        }
    }

    /// Reads a value with [`Self::value`]'s checks and errors, keeping nothing of it.
    fn skip(&mut self, depth: usize) -> Result<(), JError> {
        if depth > MAX_DEPTH {
            return Err(self.err("JSON nested too deeply"));
        }
        match self.s.get(self.i) {
            Some(b'{') => {
                self.entries(depth, |_| None::<()>, &mut |p, depth, ()| p.value(depth))?;
            }
            Some(b'[') => self.items(depth, Self::skip)?,
            _ => {
                self.value(depth)?;
            }
        }
        Ok(())
    }

    fn object(&mut self, depth: usize) -> Result<JKind, JError> {
        self.entries(depth, |_| Some(()), &mut |p, depth, ()| p.value(depth))
    }
    fn array(&mut self, depth: usize) -> Result<JKind, JError> {
        let mut out = Vec::new();
        self.items(depth, |p, depth| {
            out.push(p.value(depth)?);
            Ok(())
        })?;
        Ok(JKind::Arr(out))
    }
    /// A list's items, each read by `each` one level deeper.
    fn items(&mut self, depth: usize, mut each: impl FnMut(&mut Self, usize) -> Result<(), JError>) -> Result<(), JError> {
        self.i += 1;
        self.ws();
        if self.eat("]") {
            return Ok(());
        }
        loop {
            self.ws();
            each(self, depth + 1)?;
            self.ws();
            if self.eat(",") {
                continue;
            }
            if self.eat("]") {
                return Ok(());
            }
            return Err(self.err("expected `,` or `]`"));
        }
    }
    fn string(&mut self) -> Result<String, JError> {
        self.i += 1;
        let mut out = String::new();
        loop {
            let run_start = self.i;
            while let Some(&c) = self.s.get(self.i) {
                if c == b'"' || c == b'\\' || c < 0x20 {
                    break;
                }
                self.i += 1;
            }
            out.push_str(self.text.get(run_start..self.i).unwrap_or(""));
            match self.s.get(self.i) {
                None => return Err(self.err("unterminated string")),
                Some(b'"') => {
                    self.i += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.i += 1;
                    let c = self.s.get(self.i).copied();
                    self.i += 1;
                    match c {
                        Some(b'"') => out.push('"'),
                        Some(b'\\') => out.push('\\'),
                        Some(b'/') => out.push('/'),
                        Some(b'b') => out.push('\u{8}'),
                        Some(b'f') => out.push('\u{c}'),
                        Some(b'n') => out.push('\n'),
                        Some(b'r') => out.push('\r'),
                        Some(b't') => out.push('\t'),
                        Some(b'u') => {
                            let hex = self.text.get(self.i..self.i + 4).unwrap_or("");
                            let code = u32::from_str_radix(hex, 16).map_err(|_| self.err("invalid \\u escape"))?;
                            self.i += 4;
                            out.push(char::from_u32(code).unwrap_or('\u{fffd}'));
                        }
                        _ => {
                            self.i -= 1;
                            return Err(self.err("invalid escape"));
                        }
                    }
                }
                Some(_) => return Err(self.err("control character in string")),
            }
        }
    }
    fn number(&mut self) -> Result<JKind, JError> {
        let start = self.i;
        self.eat("-");
        while let Some(c) = self.s.get(self.i) {
            if c.is_ascii_digit() || matches!(c, b'.' | b'e' | b'E' | b'+' | b'-') {
                self.i += 1;
            } else {
                break;
            }
        }
        let raw = self.text.get(start..self.i).unwrap_or("");
        match raw.parse::<f64>() {
            Ok(n) if n.is_finite() => Ok(JKind::Num(n)),
            _ => {
                self.i = start;
                Err(self.err("invalid number"))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_with_spans() {
        let n = parse(r#" {"a": [1, "x"], "b": null} "#).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!((n.start, n.end), (1, 27));
        let JKind::Obj(kv) = n.kind else { panic!("not an object") };
        assert_eq!(kv[0].0, "a");
        assert_eq!(kv[0].3.start, 7);
    }

    #[test]
    fn errors_have_offsets() {
        assert_eq!(parse("{\"a\": }").map_err(|e| e.offset), Err(6));
        assert_eq!(parse("[1,]").map_err(|e| e.offset), Err(3));
        assert!(parse("\"abc").is_err());
        assert!(parse("${var.x}").is_err_and(|e| e.message.contains("placeholder")));
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let deep = "[".repeat(100_000);
        assert!(parse(&deep).is_err_and(|e| e.message.contains("deeply")));
    }
}
