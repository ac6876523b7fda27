//! Characters a reader does not see: control characters (NUL, escape, line breaks), the
//! Unicode format characters (zero-width spaces and joiners, the byte-order mark, tag
//! characters) and, worst of them, the bidirectional controls (U+202A–U+202E, U+2066–U+2069)
//! that make a reviewer read text in another order than a program does ("Trojan Source").
//!
//! Identifiers and host names may not contain them (the engine and the readers reject them with
//! [`check_name`]); free text that is written out shows each as `<U+202E>` ([`visible`]) or in
//! the output format's own escape.

use std::borrow::Cow;

/// The bidirectional embedding, override and isolate controls, and the marks U+200E, U+200F
/// and U+061C.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{61c}')
}

/// Unicode's format characters (general category Cf), which take no space of their own.
fn is_format(c: char) -> bool {
    matches!(
        c,
        '\u{ad}'
            | '\u{600}'..='\u{605}'
            | '\u{61c}'
            | '\u{6dd}'
            | '\u{70f}'
            | '\u{890}'..='\u{891}'
            | '\u{8e2}'
            | '\u{180e}'
            | '\u{200b}'..='\u{200f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{206f}'
            | '\u{feff}'
            | '\u{fff9}'..='\u{fffb}'
            | '\u{110bd}'
            | '\u{110cd}'
            | '\u{13430}'..='\u{1343f}'
            | '\u{1bca0}'..='\u{1bca3}'
            | '\u{1d173}'..='\u{1d17a}'
            | '\u{e0001}'
            | '\u{e0020}'..='\u{e007f}'
    )
}

/// True for a character a reader does not see as itself: a control character (C0, DEL, C1), a
/// format character (bidirectional controls included), or the line and paragraph separators.
pub fn is_hidden(c: char) -> bool {
    c.is_control() || is_format(c) || matches!(c, '\u{2028}' | '\u{2029}')
}

/// `U+202E`: how a hidden character is named in messages and shown in output.
pub fn code_point(c: char) -> String {
    format!("U+{:04X}", u32::from(c))
}

/// `s` with every hidden character shown as `<U+XXXX>`; borrowed when there is none.
pub fn visible(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_hidden) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        if is_hidden(c) {
            out.push('<');
            out.push_str(&code_point(c));
            out.push('>');
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Why a name cannot contain a character of `s`, if it has a hidden one: for example
/// "contains the direction-changing character U+202E (at character 3)".
pub fn check_name(s: &str) -> Result<(), String> {
    first_hidden(s, is_hidden)
}

/// [`check_name`] for a text of several lines: line feeds, carriage returns and tabs are its
/// own, every other hidden character is reported.
pub fn check_text(s: &str) -> Result<(), String> {
    first_hidden(s, |c| is_hidden(c) && !matches!(c, '\n' | '\r' | '\t'))
}

fn first_hidden(s: &str, reported: impl Fn(char) -> bool) -> Result<(), String> {
    // Printable ASCII (almost every name of a plan) has no hidden character: answered without
    // looking up each character's class (the engine checks every name on every evaluation).
    if s.bytes().all(|b| matches!(b, b' '..=b'~')) {
        return Ok(());
    }
    let Some((i, c)) = s.chars().enumerate().find(|(_, c)| reported(*c)) else {
        return Ok(());
    };
    let what = if is_bidi_control(c) {
        "the direction-changing character"
    } else if c.is_control() {
        "the control character"
    } else {
        "the invisible character"
    };
    Err(format!(
        "contains {what} {} (at character {})",
        code_point(c),
        i + 1
    ))
}

/// True for the characters that end a line somewhere, or space text out: tab, line feed,
/// vertical tab, form feed, carriage return, NEL and the Unicode line and paragraph separators
/// (which JavaScript and YAML 1.1 read as line breaks).
fn is_break(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n' | '\u{b}' | '\u{c}' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

/// One line of printable text: line breaks and tabs become spaces, and every other character a
/// reader would not see (NUL, escape, direction overrides, zero-width characters) is shown as
/// `<U+XXXX>`.
pub fn single_line(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if is_break(c) {
            out.push(' ');
        } else if is_hidden(c) {
            out.push('<');
            out.push_str(&code_point(c));
            out.push('>');
        } else {
            out.push(c);
        }
    }
    out.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_characters_are_found_and_shown() {
        for c in [
            '\0',
            '\n',
            '\u{1b}',
            '\u{7f}',
            '\u{85}',
            '\u{202e}',
            '\u{2066}',
            '\u{200b}',
            '\u{feff}',
            '\u{e0041}',
            '\u{2028}',
        ] {
            assert!(is_hidden(c), "{c:?}");
        }
        for c in ['a', ' ', 'é', '名', '\u{a0}', '’'] {
            assert!(!is_hidden(c), "{c:?}");
        }
        assert_eq!(visible("a\u{202e}b\0"), "a<U+202E>b<U+0000>");
        assert!(matches!(visible("plain é"), Cow::Borrowed(_)));
        assert_eq!(
            check_name("ab\u{202e}c"),
            Err("contains the direction-changing character U+202E (at character 3)".into())
        );
        assert_eq!(
            check_name("a\0"),
            Err("contains the control character U+0000 (at character 2)".into())
        );
        assert_eq!(
            check_name("\u{200b}x"),
            Err("contains the invisible character U+200B (at character 1)".into())
        );
        assert_eq!(check_name("ris01 (floor 2) é"), Ok(()));
    }
}
