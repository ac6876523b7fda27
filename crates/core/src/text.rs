//! [`Text`]: an immutable string shared by reference count.
//!
//! The catalog holds the ids, purposes and citations of its rules as `Text`, and every flow of a
//! report points at the same strings instead of copying them (a report has tens of thousands of
//! them for a large plan). `Text` reads like a `&str` (it dereferences to one, compares with
//! `&str` and `String`, and prints and serialises as the string), so reports serialise exactly as
//! they would with `String`.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::borrow::Borrow;
use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

pub mod hidden;

/// `str::trim`, answered at once for text that starts and ends with a visible ASCII character
/// (almost every name and address of a plan), which the general trim would scan for Unicode
/// white space at both ends.
pub fn trim(s: &str) -> &str {
    // (`char::is_whitespace` for ASCII: tab, line feed, vertical tab, form feed, carriage
    // return and space; a non-ASCII byte may belong to a white-space character)
    let visible = |b: &u8| b.is_ascii() && *b != b' ' && !(b'\t'..=b'\r').contains(b);
    match (s.as_bytes().first(), s.as_bytes().last()) {
        (Some(a), Some(z)) if visible(a) && visible(z) => s,
        _ => s.trim(),
    }
}

/// An immutable, cheaply cloned string (an `Text`).
///
/// Compares as its string; two clones of one `Text` compare equal without reading the text
/// (flows of one catalog rule share its strings, and reports sort and group them often).
#[derive(Clone, Eq)]
pub struct Text(Arc<str>);

impl std::hash::Hash for Text {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.0.hash(state);
    }
}

impl PartialEq for Text {
    fn eq(&self, other: &Text) -> bool {
        Arc::ptr_eq(&self.0, &other.0) || *self.0 == *other.0
    }
}

impl PartialOrd for Text {
    fn partial_cmp(&self, other: &Text) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Text {
    fn cmp(&self, other: &Text) -> std::cmp::Ordering {
        if Arc::ptr_eq(&self.0, &other.0) {
            std::cmp::Ordering::Equal
        } else {
            self.0.cmp(&other.0)
        }
    }
}

impl Text {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Default for Text {
    fn default() -> Self {
        Text(Arc::from(""))
    }
}

impl Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl Borrow<str> for Text {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&*self.0, f)
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Self {
        Text(Arc::from(s))
    }
}

impl From<String> for Text {
    fn from(s: String) -> Self {
        Text(Arc::from(s))
    }
}

impl From<&String> for Text {
    fn from(s: &String) -> Self {
        Text(Arc::from(s.as_str()))
    }
}

impl From<Text> for String {
    fn from(t: Text) -> Self {
        t.0.to_string()
    }
}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        *self.0 == *other
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        *self.0 == **other
    }
}

impl PartialEq<String> for Text {
    fn eq(&self, other: &String) -> bool {
        *self.0 == **other
    }
}

impl PartialEq<Text> for str {
    fn eq(&self, other: &Text) -> bool {
        *self == *other.0
    }
}

impl PartialEq<Text> for &str {
    fn eq(&self, other: &Text) -> bool {
        **self == *other.0
    }
}

impl PartialEq<Text> for String {
    fn eq(&self, other: &Text) -> bool {
        **self == *other.0
    }
}

impl Serialize for Text {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(Text::from)
    }
}

/// A file-name stem from the plan's name: lowercase ASCII letters, digits and dashes.
pub fn file_stem(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
        if out.len() >= 60 {
            break;
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() {
        "portolan-plan".to_string()
    } else {
        out
    }
}

/// Escapes text for XML/HTML content and attribute values. Line breaks and tabs are kept; every
/// other character a reader cannot see (control characters, which XML 1.0 does not allow,
/// direction overrides, zero-width characters: [`hidden`]) is shown as `<U+202E>`.
pub fn xml(s: &str) -> String {
    escape_markup(s, false)
}

/// HTML text or attribute value: markup characters as entities, tabs and line breaks as
/// character references, and every other hidden character shown as `<U+XXXX>`.
pub fn html(s: &str) -> String {
    escape_markup(s, true)
}

/// [`xml`] and [`html`]: they differ only in tabs and line breaks, kept as they are or written
/// as character references (`&#9;`, `&#10;`, `&#13;`).
fn escape_markup(s: &str, breaks_as_references: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' | '\r' if breaks_as_references => {
                out.push_str("&#");
                out.push_str(&u32::from(c).to_string());
                out.push(';');
            }
            '\n' | '\t' => out.push(c),
            c if hidden::is_hidden(c) => {
                out.push_str("&lt;");
                out.push_str(&hidden::code_point(c));
                out.push_str("&gt;");
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {

    #[test]
    fn trim_is_str_trim() {
        for t in [
            "",
            " ",
            "a",
            " a",
            "a ",
            "\ta\n",
            "\u{b}a",
            "a\u{c}",
            "a\r",
            "\u{a0}a",
            "a\u{3000}",
            "\u{1c}a\u{1f}",
            "é",
            "aé",
            "é a",
            "a b",
            "\u{85}",
            "x\u{2029}",
        ] {
            assert_eq!(super::trim(t), t.trim(), "{t:?}");
        }
    }

    use super::{file_stem, Text};

    #[test]
    fn reads_compares_and_serialises_like_a_string() {
        let t = Text::from("agent-upload");
        assert_eq!(t, "agent-upload");
        assert_eq!("agent-upload", t);
        assert_eq!(t, "agent-upload".to_string());
        assert_eq!(t.as_str(), "agent-upload");
        assert_eq!(t.len(), 12);
        assert_eq!(format!("{t}/{t:?}"), "agent-upload/\"agent-upload\"");
        assert_eq!(
            serde_json::to_string(&t).unwrap(),
            serde_json::to_string("agent-upload").unwrap()
        );
        let back: Text = serde_json::from_str("\"x\"").unwrap();
        assert_eq!(back, "x");
        let (a, b) = (Text::from("a"), Text::from("b"));
        assert!(a < b);
        assert_eq!(Text::default(), "");
    }

    #[test]
    fn xml_escapes_markup_and_shows_hidden_characters() {
        assert_eq!(
            super::xml("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
        assert_eq!(
            super::xml("a\u{202e}b\0c\u{200b}\n\td\u{1b}"),
            "a&lt;U+202E&gt;b&lt;U+0000&gt;c&lt;U+200B&gt;\n\td&lt;U+001B&gt;"
        );
        assert_eq!(super::xml("Zürich 日本"), "Zürich 日本");
    }

    #[test]
    fn file_stems() {
        assert_eq!(file_stem("Site A: upgrade!"), "site-a-upgrade");
        assert_eq!(file_stem("«»"), "portolan-plan");
    }
}
