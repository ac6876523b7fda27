//! Quoting and naming helpers shared by exporters. Nothing a user types may break out of quoting
//! in a generated script or config: every exporter writes user text only through these.

use super::{ExportContext, Exporter, Renamed, Unexpressed};
use portolan_core::text::hidden::{self, is_hidden};
use std::collections::{BTreeMap, BTreeSet};

pub use portolan_core::text::file_stem;
pub use portolan_core::text::hidden::single_line;

/// `<U+202E>` for a hidden character (see [`portolan_core::text::hidden`]).
fn push_code_point(out: &mut String, c: char) {
    out.push('<');
    out.push_str(&hidden::code_point(c));
    out.push('>');
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

/// Text for a line comment (`# ...`): one line, non-ASCII kept (hidden characters such as
/// bidirectional controls shown as `<U+XXXX>`), at most `max` characters (cut at a character
/// boundary). Line-based readers with fixed buffers (iptables-restore reads at most
/// 10 KiB a line) then never see the rest of a long comment as a line of its own.
pub fn line_comment(s: &str, max: usize) -> String {
    let line = single_line(s);
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

/// Typographic single quotes (`‘ ’ ‚ ‛`), which a reader of a script takes for the end of a
/// single-quoted word (ShellCheck warns of them there, SC1112; of the double ones, `“ ”`, only
/// inside double quotes, SC1111).
fn is_typographic_single_quote(c: char) -> bool {
    matches!(c, '\u{2018}'..='\u{201b}')
}

/// A shell single-quoted word, safe for any input. Hidden characters (line breaks, direction
/// overrides, ...) are written visibly as bash ANSI-C quoted bytes (`$'\xe2\x80\xae'`), and
/// typographic single quotes, which a reader takes for the word's end, in double quotes
/// (`"’"`); the shell joins each to the quoted text around it, so the word's value is exactly
/// `s`. Without hidden characters the word is POSIX sh ([`sh_quote_posix`]).
pub fn sh_quote(s: &str) -> String {
    let quoted = |t: &str| format!("'{}'", t.replace('\'', "'\\''"));
    let special = |c: char| is_hidden(c) || is_typographic_single_quote(c);
    if !s.chars().any(special) {
        return quoted(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    let mut run = String::new();
    for c in s.chars() {
        if !special(c) {
            run.push(c);
            continue;
        }
        if !run.is_empty() {
            out.push_str(&quoted(&run));
            run.clear();
        }
        if is_typographic_single_quote(c) {
            out.push('"');
            out.push(c);
            out.push('"');
            continue;
        }
        out.push_str("$'");
        for b in c.encode_utf8(&mut [0; 4]).bytes() {
            out.push_str(&format!("\\x{b:02x}"));
        }
        out.push('\'');
    }
    if !run.is_empty() || out.is_empty() {
        out.push_str(&quoted(&run));
    }
    out
}

/// A POSIX sh word (for `#!/bin/sh` scripts, which may run under dash, where bash's `$'...'`
/// is no escape): [`sh_quote`] of `s` with every hidden character shown as `<U+XXXX>`.
pub fn sh_quote_posix(s: &str) -> String {
    sh_quote(&hidden::visible(s))
}

/// A PowerShell string for any input, read the same by Windows PowerShell 5.1 (which reads a
/// file without a byte-order mark in the ANSI code page) and PowerShell 7 (UTF-8): printable
/// ASCII goes in single quotes (every single quote doubled), and every other character is
/// written as its `[char]0xHHHH` code (UTF-16, so two for a character outside the Basic
/// Multilingual Plane), joined with `+` in parentheses: `('Z' + [char]0x00FC + 'rich')`.
/// The script stays ASCII, so no byte of it can read as one of PowerShell's typographic
/// quotes, and a hidden character shows as its code.
pub fn ps_quote(s: &str) -> String {
    let printable = |c: char| (' '..='~').contains(&c);
    if s.chars().all(printable) {
        return format!("'{}'", s.replace('\'', "''"));
    }
    let mut out = String::with_capacity(s.len() * 2 + 4);
    out.push_str("('");
    let mut in_quotes = true;
    for c in s.chars() {
        if printable(c) {
            if !in_quotes {
                out.push_str(" + '");
                in_quotes = true;
            }
            if c == '\'' {
                out.push('\'');
            }
            out.push(c);
        } else {
            if in_quotes {
                out.push('\'');
                in_quotes = false;
            }
            for unit in c.encode_utf16(&mut [0; 2]) {
                out.push_str(&format!(" + [char]0x{unit:04X}"));
            }
        }
    }
    if in_quotes {
        out.push('\'');
    }
    out.push(')');
    out
}

/// Text for a spreadsheet cell (CSV, XLSX): hidden characters other than line breaks and tabs
/// shown as `<U+XXXX>` (a cell has no escapes; its line breaks are its own).
pub fn cell_text(s: &str) -> std::borrow::Cow<'_, str> {
    let shown = |c: char| is_hidden(c) && !matches!(c, '\n' | '\r' | '\t');
    if !s.chars().any(shown) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        if shown(c) {
            push_code_point(&mut out, c);
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// True for a cell a spreadsheet would evaluate when typed, pasted or opened from text: its
/// first character other than white space is `=`, `+`, `-` or `@`, or it starts with a tab or
/// a carriage return.
pub fn formula_like(s: &str) -> bool {
    s.trim_start().starts_with(['=', '+', '-', '@']) || s.starts_with(['\t', '\r'])
}

/// One CSV cell (RFC 4180), with spreadsheet formula injection neutralised: a cell that is
/// [`formula_like`] gets a leading `'`. Hidden characters are shown ([`cell_text`]).
pub fn csv_cell(s: &str) -> String {
    let shown = cell_text(s);
    let s = if formula_like(&shown) {
        format!("'{shown}")
    } else {
        shown.into_owned()
    };
    if s.contains([',', '"', '\n', '\r']) || s.starts_with(' ') || s.ends_with(' ') {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

/// JSON text (as serde_json writes it) with every hidden character and the non-characters
/// U+FFFE/U+FFFF written as `\uXXXX` (a surrogate pair beyond U+FFFF). serde_json escapes only
/// the C0 controls; YAML does not allow DEL and the C1 controls unescaped, JavaScript reads
/// U+2028/U+2029 as line breaks, and a bidirectional control would reorder what a reviewer
/// reads. Outside strings JSON text is ASCII, and serde_json has escaped the C0 controls inside
/// them, so a raw C0 control (a line break of pretty output) is kept and only string contents
/// change.
pub fn json_escape_hidden(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        if c >= ' ' && (is_hidden(c) || matches!(c, '\u{fffe}' | '\u{ffff}')) {
            for unit in c.encode_utf16(&mut [0; 2]) {
                out.push_str(&format!("\\u{unit:04x}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// A JSON (and YAML) double-quoted string, with hidden characters escaped
/// ([`json_escape_hidden`]).
pub fn json_str(s: &str) -> String {
    let json = serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_string());
    json_escape_hidden(&json)
}

/// HTML text or attribute value (shared with the planner: [`portolan_core::text::html`]).
pub use portolan_core::text::html;

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
        assert_eq!(sh_quote("$(rm -rf /)`x`;\n"), "'$(rm -rf /)`x`;'$'\\x0a'");
    }

    #[test]
    fn powershell_quote_doubles_all_single_quotes() {
        assert_eq!(ps_quote("it's"), "'it''s'");
        assert_eq!(ps_quote("a\u{2019}b"), "('a' + [char]0x2019 + 'b')");
        assert_eq!(ps_quote("\u{e9}'"), "('' + [char]0x00E9 + '''')");
        assert_eq!(ps_quote("$env:x"), "'$env:x'");
    }

    #[test]
    fn shell_quote_shows_hidden_characters_as_bytes() {
        assert_eq!(sh_quote("a\nb"), "'a'$'\\x0a''b'");
        assert_eq!(sh_quote("\u{202e}"), "$'\\xe2\\x80\\xae'");
        assert_eq!(sh_quote("a’"), "'a'\"’\"");
        assert_eq!(sh_quote("“a”"), "'“a”'");
        assert_eq!(sh_quote("’a\u{202e}"), "\"’\"'a'$'\\xe2\\x80\\xae'");
        // POSIX sh has no byte escape: hidden characters are shown as text there
        assert_eq!(sh_quote_posix("a’\u{202e}b'"), "'a'\"’\"'<U+202E>b'\\'''");
        assert_eq!(sh_quote(""), "''");
    }

    #[test]
    fn hidden_characters_show_in_csv_html_and_json() {
        assert_eq!(csv_cell("a\u{202e}b\0"), "a<U+202E>b<U+0000>");
        assert_eq!(csv_cell(" =1"), "' =1");
        assert_eq!(csv_cell("\u{200b}=1"), "<U+200B>=1");
        assert_eq!(
            html("a\u{202e}\nb\u{1b}"),
            "a&lt;U+202E&gt;&#10;b&lt;U+001B&gt;"
        );
        assert_eq!(json_str("a\u{202e}\u{e0041}"), "\"a\\u202e\\udb40\\udc41\"");
        assert_eq!(single_line("a\u{0}b\u{2066}c\n"), "a<U+0000>b<U+2066>c");
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
        assert_eq!(line_comment("a\u{202e}b", 80), "a<U+202E>b");
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
