//! Quoting and naming helpers shared by exporters. Nothing a user types may break out of quoting
//! in a generated script or config: every exporter writes user text only through these.

use super::{ExportContext, Exporter, Renamed, Unexpressed};
use std::collections::{BTreeMap, BTreeSet};

pub use portolan_core::text::file_stem;

/// True for characters some consumer treats as a line break although they are not control
/// characters: U+2028 and U+2029 (JavaScript, YAML 1.1).
fn is_line_separator(c: char) -> bool {
    matches!(c, '\u{2028}' | '\u{2029}')
}

/// One line of printable text: control characters (newlines, tabs, escapes) and the Unicode line
/// and paragraph separators become spaces.
pub fn single_line(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_control() || is_line_separator(c) {
                ' '
            } else {
                c
            }
        })
        .collect::<String>()
        .trim()
        .to_string()
}

/// Text safe inside a double-quoted comment of a firewall config (`comment "..."`): one line,
/// printable ASCII only, no quotes or backslashes, at most `max` characters.
pub fn comment_text(s: &str, max: usize) -> String {
    let mut out: String = single_line(s)
        .chars()
        .map(|c| match c {
            '"' | '\'' | '`' | '\\' => '_',
            c if c.is_ascii_graphic() || c == ' ' => c,
            _ => '?',
        })
        .collect();
    if out.len() > max {
        out.truncate(max);
    }
    out
}

/// Text for a line comment (`# ...`): one line, non-ASCII kept (bidirectional controls become
/// `?`), at most `max` characters (cut at a character boundary). Line-based readers with fixed buffers (iptables-restore reads at most
/// 10 KiB a line) then never see the rest of a long comment as a line of its own.
pub fn line_comment(s: &str, max: usize) -> String {
    // Bidirectional controls could make a reviewer read the comment in another order.
    let line: String = single_line(s)
        .chars()
        .map(|c| match c {
            '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => '?',
            c => c,
        })
        .collect();
    match line.char_indices().nth(max) {
        Some((cut, _)) => line.get(..cut).unwrap_or_default().to_string(),
        None => line,
    }
}

/// [`comment_text`] for a network device's command line (remarks, descriptions): also without
/// `?`, which those command lines answer with help instead of taking it as text.
pub fn device_text(s: &str, max: usize) -> String {
    comment_text(s, max).replace('?', "_")
}

/// POSIX shell single-quoted word: safe for any input.
pub fn sh_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "'\\''"))
}

/// PowerShell single-quoted string: safe for any input (PowerShell also treats the typographic
/// single quotes as quote characters, so those are doubled too).
pub fn ps_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('\'');
    for c in s.chars() {
        if matches!(c, '\'' | '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}') {
            out.push(c);
        }
        out.push(c);
    }
    out.push('\'');
    out
}

/// One CSV cell (RFC 4180), with spreadsheet formula injection neutralised: a cell starting with
/// `=`, `+`, `-`, `@`, tab or carriage return gets a leading `'`.
pub fn csv_cell(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    if s.contains([',', '"', '\n', '\r']) || s.starts_with(' ') || s.ends_with(' ') {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

/// A JSON (and YAML) double-quoted string. Besides what JSON requires, DEL, the C1 controls,
/// U+2028/U+2029 and the non-characters U+FFFE/U+FFFF are written as `\uXXXX`: YAML does not
/// allow them unescaped and JavaScript reads U+2028/U+2029 as line breaks.
pub fn json_str(s: &str) -> String {
    let json = serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_string());
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        if c == '\u{7f}'
            || ('\u{80}'..='\u{9f}').contains(&c)
            || is_line_separator(c)
            || matches!(c, '\u{fffe}' | '\u{ffff}')
        {
            out.push_str(&format!("\\u{:04x}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out
}

/// HTML text or attribute value.
pub fn html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Markdown table cell: one line, pipes and HTML escaped.
pub fn md_cell(s: &str) -> String {
    html(&single_line(s)).replace('|', "\\|")
}

/// An object name for a device: ASCII letters, digits, `_`, `-`, `.`, starting with a letter,
/// at most `max` characters. Returns the name and whether it had to change.
pub fn ident(s: &str, max: usize) -> (String, bool) {
    ident_with(s, max, &['_', '-', '.'])
}

/// Like [`ident`] with another set of allowed punctuation, `extra`, which must contain `_`
/// (every other character becomes `_`; runs of them become one).
pub fn ident_with(s: &str, max: usize, extra: &[char]) -> (String, bool) {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() || (c.is_ascii() && extra.contains(&c)) {
            out.push(c);
        } else if !out.ends_with('_') {
            out.push('_');
        }
    }
    if !out.starts_with(|c: char| c.is_ascii_alphabetic()) {
        out.insert_str(0, "n_");
    }
    if out.len() > max {
        out.truncate(max);
    }
    let changed = out != s;
    (out, changed)
}

/// Object names of one artifact: each wanted name sanitised with [`ident_with`], at most `max`
/// characters, unique within the artifact ignoring case (a clash gets `_2`, `_3`, ...), and the
/// same name again for the same key. Every user-typed name that changed is recorded in
/// `renamed`, so the artifact can report it.
#[derive(Debug)]
pub struct Names {
    max: usize,
    extra: &'static [char],
    taken: BTreeSet<String>,
    by_key: BTreeMap<String, String>,
    pub renamed: Vec<Renamed>,
}

impl Names {
    /// Names with the [`ident`] character set.
    pub fn new(max: usize) -> Names {
        Names::with_chars(max, &['_', '-', '.'])
    }

    /// Names with another set of allowed punctuation (see [`ident_with`]).
    pub fn with_chars(max: usize, extra: &'static [char]) -> Names {
        Names {
            max: max.max(8),
            extra,
            taken: BTreeSet::new(),
            by_key: BTreeMap::new(),
            renamed: Vec::new(),
        }
    }

    /// Keeps `name` from being given out (keywords of the format, such as `any`).
    pub fn reserve(&mut self, name: &str) {
        self.taken.insert(name.to_ascii_lowercase());
    }

    /// The name for `key`, based on `wanted`, a name the user typed (a change is reported).
    pub fn user(&mut self, key: &str, wanted: &str) -> String {
        let (name, fresh) = self.assign(key, wanted);
        if fresh && name != wanted {
            let r = Renamed {
                from: wanted.to_string(),
                to: name.clone(),
            };
            if !self.renamed.contains(&r) {
                self.renamed.push(r);
            }
        }
        name
    }

    /// The name for `key`, based on `wanted`, a name the exporter made up (not reported).
    pub fn internal(&mut self, key: &str, wanted: &str) -> String {
        self.assign(key, wanted).0
    }

    fn assign(&mut self, key: &str, wanted: &str) -> (String, bool) {
        if let Some(name) = self.by_key.get(key) {
            return (name.clone(), false);
        }
        let (base, _) = ident_with(wanted, self.max, self.extra);
        let mut name = base.clone();
        let mut n = 1usize;
        while self.taken.contains(&name.to_ascii_lowercase()) {
            n += 1;
            let suffix = format!("_{n}");
            let mut stem = base.clone();
            stem.truncate(self.max.saturating_sub(suffix.len()));
            name = format!("{stem}{suffix}");
        }
        self.taken.insert(name.to_ascii_lowercase());
        self.by_key.insert(key.to_string(), name.clone());
        (name, true)
    }
}

/// The header every artifact starts with, one line each, for a comment syntax `prefix`
/// (`#`, `//`, `--`, `!`): app and catalog version, plan, date, counts and what was not expressed.
pub fn header(
    prefix: &str,
    exporter: &dyn Exporter,
    cx: &ExportContext<'_>,
    rule_count: usize,
    skipped: &[Unexpressed],
) -> String {
    let mut lines = vec![
        format!(
            "Portolan {} - {} export",
            env!("CARGO_PKG_VERSION"),
            exporter.name()
        ),
        format!("plan: {}", comment_text(&cx.plan.name, 120)),
        format!("catalog revision: {}", cx.report.catalog_revision),
        format!("generated: {}", comment_text(cx.generated_at, 40)),
        format!(
            "{} rule(s) from {} network flow(s)",
            rule_count, cx.report.stats.network_flows
        ),
    ];
    lines.extend(
        super::describe::coverage_lines(cx)
            .iter()
            .map(|l| comment_text(l, 1000)),
    );
    if skipped.is_empty() {
        lines.push("every flow of the plan is expressed below".to_string());
    } else {
        lines.push(format!("NOT expressed here ({}):", skipped.len()));
        for s in skipped {
            lines.push(format!("  {}: {}", s.rule, comment_text(&s.reason, 160)));
        }
    }
    let mut out = String::new();
    for l in lines {
        out.push_str(prefix);
        if !l.is_empty() {
            out.push(' ');
        }
        out.push_str(&l);
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shell_quote_survives_everything() {
        assert_eq!(sh_quote("a'b"), "'a'\\''b'");
        assert_eq!(sh_quote("$(rm -rf /)`x`;\n"), "'$(rm -rf /)`x`;\n'");
    }

    #[test]
    fn powershell_quote_doubles_all_single_quotes() {
        assert_eq!(ps_quote("it's"), "'it''s'");
        assert_eq!(ps_quote("a\u{2019}b"), "'a\u{2019}\u{2019}b'");
        assert_eq!(ps_quote("$env:x"), "'$env:x'");
    }

    #[test]
    fn csv_neutralises_formulas_and_quotes() {
        assert_eq!(csv_cell("=1+1"), "'=1+1");
        assert_eq!(csv_cell("-2"), "'-2");
        assert_eq!(csv_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_cell("a,b"), "\"a,b\"");
        assert_eq!(csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_cell("plain"), "plain");
    }

    #[test]
    fn comments_are_single_line_without_quotes() {
        assert_eq!(comment_text("a\"b\nc;`d`", 80), "a_b c;_d_");
        assert_eq!(comment_text("é", 80), "?");
        assert_eq!(comment_text("abcdef", 3), "abc");
        assert_eq!(device_text("why? é", 80), "why_ _");
    }

    #[test]
    fn line_comments_stay_on_one_bounded_line() {
        assert_eq!(line_comment("a\nCOMMIT\r\n-A x", 80), "a COMMIT  -A x");
        assert_eq!(line_comment("zürich", 80), "zürich");
        assert_eq!(line_comment("ééé", 2), "éé");
        assert_eq!(line_comment("a\u{202e}b", 80), "a?b");
    }

    #[test]
    fn idents_are_sanitised_and_reported() {
        assert_eq!(ident("ris01", 63), ("ris01".to_string(), false));
        assert_eq!(ident("agent PCs (floor 2)", 63).0, "agent_PCs_floor_2_");
        assert_eq!(ident("1st", 63), ("n_1st".to_string(), true));
        assert_eq!(ident("x'; drop", 63).0, "x_drop");
    }

    #[test]
    fn line_separators_are_not_kept() {
        assert_eq!(single_line("a\u{2028}b\u{2029}c\u{85}d"), "a b c d");
    }

    #[test]
    fn json_strings_are_yaml_and_javascript_safe() {
        assert_eq!(json_str("a\"b\\c\n"), r#""a\"b\\c\n""#);
        assert_eq!(
            json_str("\u{7f}\u{85}\u{2028}\u{ffff}é"),
            "\"\\u007f\\u0085\\u2028\\uffffé\""
        );
        let back: String = serde_json::from_str(&json_str("x\u{2029}\u{9f}y")).unwrap();
        assert_eq!(back, "x\u{2029}\u{9f}y");
    }

    #[test]
    fn names_are_unique_stable_and_reported() {
        let mut n = Names::new(10);
        n.reserve("any");
        assert_eq!(n.user("h1", "any"), "any_2");
        assert_eq!(n.user("h2", "ris01"), "ris01");
        assert_eq!(n.user("h2", "ris01"), "ris01");
        assert_eq!(n.user("h3", "RIS01"), "RIS01_2");
        assert_eq!(n.user("h4", "a very long name"), "a_very_lon");
        assert_eq!(n.user("h5", "a very long name!"), "a_very_l_2");
        assert_eq!(n.internal("s1", "tcp_443"), "tcp_443");
        let from: Vec<&str> = n.renamed.iter().map(|r| r.from.as_str()).collect();
        assert_eq!(
            from,
            ["any", "RIS01", "a very long name", "a very long name!"]
        );
        let mut t = Names::with_chars(64, &['_', '-']);
        assert_eq!(t.user("x", "ris01.corp"), "ris01_corp");
    }
}
