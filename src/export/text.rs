//! Quoting and naming helpers shared by exporters. Nothing a user types may break out of quoting
//! in a generated script or config: every exporter writes user text only through these.

use super::{ExportContext, Exporter, Unexpressed};

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

/// One line of printable text: control characters (newlines, tabs, escapes) become spaces.
pub fn single_line(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
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

/// A JSON (and YAML) double-quoted string.
pub fn json_str(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_string())
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
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.') {
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
    fn file_stems() {
        assert_eq!(file_stem("Site A: upgrade!"), "site-a-upgrade");
        assert_eq!(file_stem("«»"), "portolan-plan");
    }
}
