//! Markdown change-request document: title, plan, catalog revision and date; a table of rules per
//! product (source, destination, transport, ports, purpose, citation); warnings; requirements.
//!
//! User text (and catalog text) is written through [`md`]: one line, `& < >` as HTML entities
//! and Markdown punctuation backslash-escaped, so nothing typed becomes markup, a link, a heading
//! or leaves its table cell; the bare addresses that GitHub-flavoured Markdown links on its own
//! (`https://`, `www.`, `name@domain`) are broken up by an escape that renders as the same text.

use super::{document, Capabilities, ExportContext, Exporter, Output, Unexpressed};
use portolan_core::document::Document;
use portolan_engine::AggregatedRule;

pub struct Markdown;

/// Markdown inline text that renders as the literal characters of `s` (see the module docs).
pub fn md(s: &str) -> String {
    let line = super::text::single_line(s);
    let mut out = String::with_capacity(line.len() + 8);
    // `1. ` or `1) ` at the start would make an ordered list
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    let list_marker = digits > 0 && line.chars().nth(digits + 1).is_none_or(char::is_whitespace);
    let chars: Vec<char> = line.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let next = |n: usize| chars.get(i + n).copied();
        match c {
            // bare addresses GitHub-flavoured Markdown would turn into links: `://`, `www.`
            // and `name@domain`
            ':' if next(1) == Some('/') && next(2) == Some('/') => out.push_str("\\:"),
            '.' if i >= 3
                && chars
                    .get(i - 3..i)
                    .is_some_and(|w| w.iter().collect::<String>().eq_ignore_ascii_case("www")) =>
            {
                out.push_str("&#46;")
            }
            '@' => out.push_str("\\@"),
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '#' | '+' | '-' | '=' if i == 0 => {
                out.push('\\');
                out.push(c);
            }
            '.' | ')' if list_marker && i == digits => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

impl Exporter for Markdown {
    fn is_policy(&self) -> bool {
        false
    }
    fn id(&self) -> &'static str {
        "markdown"
    }
    fn name(&self) -> &'static str {
        "Markdown (change request)"
    }
    fn extension(&self) -> &'static str {
        "md"
    }
    fn mime(&self) -> &'static str {
        "text/markdown"
    }
    fn capabilities(&self) -> Capabilities {
        Capabilities::EVERY_RULE
    }
    fn description(&self) -> &'static str {
        "A change-request document: plan, one table of rules per product with citations, \
         warnings and requirements; expresses every rule."
    }

    fn render(
        &self,
        cx: &ExportContext<'_>,
        rules: &[&AggregatedRule],
        skipped: &[Unexpressed],
        out: &mut Output,
    ) {
        let doc = document::change_request(cx, rules, skipped);
        out.content = page(&doc);
        out.rule_count = rules.len();
    }
}

/// The document as one Markdown file: `# kind: title`, then its blocks.
pub(crate) fn page(doc: &Document) -> String {
    let mut s = format!("# {}: {}\n\n", doc.kind, md(&doc.title));
    s.push_str(&document::markdown::blocks(doc));
    s.trim_end().to_string() + "\n"
}

#[cfg(test)]
mod tests {
    use super::md;

    #[test]
    fn markdown_text_stays_literal() {
        assert_eq!(md("a|b"), "a\\|b");
        assert_eq!(md("<script>"), "&lt;script&gt;");
        assert_eq!(md("[x](javascript:y)"), "\\[x\\](javascript:y)");
        assert_eq!(md("# title\nnext"), "\\# title next");
        assert_eq!(md("1. item"), "1\\. item");
        assert_eq!(md("10.0.0.1"), "10.0.0.1");
        assert_eq!(md("2)"), "2\\)");
        assert_eq!(md("a-b_c*d`e"), "a-b\\_c\\*d\\`e");
    }
}
