//! Plain-text descriptions of report items: the engine's ([`portolan_engine::describe`], which
//! the change-request document is built from), and the comment text of the line-oriented
//! formats. Everything here returns the user's text unquoted and unescaped: each format escapes
//! it with the helpers of [`super::text`] when it writes it.

pub use portolan_engine::describe::*;

/// Text for a line comment (`#`, `//`): one line of printable ASCII (anything else becomes
/// `?`), at most `max` characters. Quotes are kept: a line comment ends only at a line break.
pub fn comment(s: &str, max: usize) -> String {
    super::text::single_line(s)
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() || c == ' ' {
                c
            } else {
                '?'
            }
        })
        .take(max)
        .collect()
}
