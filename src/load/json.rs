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
    fn object(&mut self, depth: usize) -> Result<JKind, JError> {
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
            let v = self.value(depth + 1)?;
            out.push((key, ks, ke, v));
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
    fn array(&mut self, depth: usize) -> Result<JKind, JError> {
        self.i += 1;
        let mut out = Vec::new();
        self.ws();
        if self.eat("]") {
            return Ok(JKind::Arr(out));
        }
        loop {
            self.ws();
            out.push(self.value(depth + 1)?);
            self.ws();
            if self.eat(",") {
                continue;
            }
            if self.eat("]") {
                return Ok(JKind::Arr(out));
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
