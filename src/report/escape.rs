//! Escaping for every human-readable format. File names, values and source lines come from a
//! hostile tree: a raw ESC starts a terminal sequence (OSC 8 links, title changes, cursor
//! moves), a CR or LF starts a new line that a CI runner reads as a workflow command
//! (`::stop-commands::`, a forged `::error`), and bidi overrides make text read differently
//! from what it is. Nothing from the tree reaches a terminal or a log without passing here.

use std::borrow::Cow;
use std::fmt::Write as _;

/// Whether `c` must not reach a terminal or log as itself.
pub fn is_dangerous(c: char) -> bool {
    c.is_control() // C0 (incl. ESC, CR, LF, TAB), DEL, C1 (incl. CSI, OSC, NEL)
        || matches!(c,
            '\u{200E}' | '\u{200F}' | '\u{061C}' // directional marks
            | '\u{202A}'..='\u{202E}' // embeddings and overrides
            | '\u{2066}'..='\u{2069}' // isolates
            | '\u{2028}' | '\u{2029}' // line and paragraph separators
        )
}

/// One line of text with every dangerous character written as an escape (`\n`, `\x1b`,
/// `\u{202e}`), so what is shown is what is in the file.
pub fn text(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_dangerous) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if u32::from(c) < 0x80 && is_dangerous(c) => {
                let _ = write!(out, "\\x{:02x}", u32::from(c));
            }
            c if is_dangerous(c) => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// The message of a GitHub workflow command (`::error file=…::MESSAGE`), per GitHub's rules
/// for command data: `%`, CR and LF percent-encoded; other controls escaped first.
pub fn gh_data(s: &str) -> String {
    text(s).replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// A property value of a GitHub workflow command (`file=`, `title=`): as [`gh_data`], plus
/// `:` and `,`, which would end the property.
pub fn gh_property(s: &str) -> String {
    gh_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// A relative path as a URI reference for SARIF `artifactLocation.uri`: every byte outside
/// RFC 3986's unreserved set and `/` is percent-encoded (`%`, `#`, `?`, spaces, controls,
/// non-ASCII as UTF-8 bytes), so a file name can never change the URI's meaning.
pub fn uri_path(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_are_shown_escaped() {
        assert_eq!(text("plain `x`"), "plain `x`");
        assert_eq!(text("a\nb\r\tc"), "a\\nb\\r\\tc");
        assert_eq!(text("\u{1b}]8;;http://x\u{7}link"), "\\x1b]8;;http://x\\x07link");
        assert_eq!(text("\u{9b}31m"), "\\u{9b}31m");
        assert_eq!(text("abc\u{202e}fed"), "abc\\u{202e}fed");
        assert_eq!(text("é ü"), "é ü");
    }

    #[test]
    fn github_commands_cannot_be_forged() {
        assert_eq!(gh_data("100% done\n::stop-commands::x"), "100%25 done\\n::stop-commands::x");
        assert_eq!(gh_property("a,b:c\n::error::x%"), "a%2Cb%3Ac\\n%3A%3Aerror%3A%3Ax%25");
    }

    #[test]
    fn uris_are_valid_references() {
        assert_eq!(uri_path("infra/a b/main.tf"), "infra/a%20b/main.tf");
        assert_eq!(uri_path("x#y?z%.tf"), "x%23y%3Fz%25.tf");
        assert_eq!(uri_path("é\n.tf"), "%C3%A9%0A.tf");
    }
}
