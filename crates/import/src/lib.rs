//! The Portolan importer: a vendor's port table (pasted text, Markdown, CSV/TSV or HTML) into a
//! draft catalog product, and a host inventory (CSV/TSV) into plan hosts. Pure: no I/O, no
//! clock; the same input gives the same draft natively and in WebAssembly.
//!
//! The stages, each its own module: the input's tables are found ([`text`], [`delimited`],
//! [`html`]); each column's kind is detected ([`columns`]); each row's cells are aligned and
//! read the way vendors write ports, transports, directions and addresses ([`row`],
//! [`values`]); who connects to whom is worked out ([`sides`], [`phrases`]); the draft product
//! is assembled ([`assemble`]) and written as catalog TOML ([`render`]). Nothing is dropped
//! silently: a row that cannot be read is a [`Problem`] with its lines and the reason.
//!
//! ```
//! let text = "| Port | Protocol | Description |\n|---|---|---|\n| 443 | TCP | Web portal from the agent PCs |\n";
//! let draft = portolan_import::import_table(text, &portolan_import::Options::default());
//! assert_eq!(draft.product.rules.len(), 1);
//! assert!(portolan_import::render_toml(&draft).contains("ports = [443]"));
//! ```

pub mod assemble;
pub mod check;
pub mod columns;
pub mod delimited;
pub mod hosts;
pub mod html;
pub mod job;
pub mod model;
pub mod phrases;
pub mod render;
pub mod row;
pub mod sides;
pub mod table;
pub mod text;
pub mod values;

pub use columns::{ColumnKind, Mapping};
pub use model::*;

use table::RawTable;

/// Inputs larger than this are refused with a message (a vendor table is a few kilobytes).
pub const MAX_INPUT_BYTES: usize = 16 * 1024 * 1024;

/// Imports the tables of `text` into a draft product.
pub fn import_table(text: &str, opts: &Options) -> Draft {
    match parse(text, opts.format) {
        Ok((format, tables)) => {
            let mut draft = assemble::assemble(format, &tables, opts);
            draft.problems.extend(formula_warnings(format, &tables));
            if tables.is_empty() {
                draft.problems.push(nothing_found(text));
            }
            draft
        }
        Err(reason) => unreadable_input(text, opts, reason),
    }
}

/// The draft of an input that cannot be read at all: its one problem.
fn unreadable_input(text: &str, opts: &Options, reason: String) -> Draft {
    Draft {
        format: opts.format,
        problems: vec![Problem {
            severity: Severity::Unreadable,
            table: None,
            first_line: 1,
            last_line: text.lines().count().max(1),
            text: String::new(),
            reason,
            rows: 0,
        }],
        ..Draft::default()
    }
}

/// The draft as a catalog file.
pub fn render_toml(draft: &Draft) -> String {
    render::toml(draft)
}

/// Finds the tables of the input in the given (or detected) format.
pub fn parse(text: &str, format: Format) -> Result<(Format, Vec<RawTable>), String> {
    let format = input_format(text, format)?;
    let tables = match format {
        Format::Html => html::tables(text),
        Format::Csv => vec![delimited::table(text, delimited::sniff_csv(text))?],
        Format::Tsv => vec![delimited::table(text, b'\t')?],
        Format::Auto | Format::Text | Format::Markdown => text::tables(text),
    };
    Ok((format, with_rows(tables)))
}

/// The format to read the input in (the given one, or the detected one), or why the input is
/// not read at all.
pub fn input_format(text: &str, format: Format) -> Result<Format, String> {
    if text.len() > MAX_INPUT_BYTES {
        return Err(format!(
            "the input is {} MB; the importer reads at most {} MB (paste the port tables only)",
            text.len() / (1024 * 1024),
            MAX_INPUT_BYTES / (1024 * 1024)
        ));
    }
    Ok(match format {
        Format::Auto => detect(text),
        f => f,
    })
}

/// The tables that have rows.
fn with_rows(tables: Vec<RawTable>) -> Vec<RawTable> {
    tables.into_iter().filter(|t| !t.rows.is_empty()).collect()
}

/// HTML when it has a table; CSV when most lines split at commas or semicolons the same way and
/// none has a `|` or a tab; otherwise text.
pub fn detect(text: &str) -> Format {
    if html::looks_like_html(text) {
        return Format::Html;
    }
    let lines: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(50)
        .collect();
    let prose = lines.iter().any(|l| l.trim_end().ends_with(['.', ':']));
    if lines.len() >= 2 && !prose && !lines.iter().any(|l| l.contains('|') || l.contains('\t')) {
        let head: String = lines.join("\n");
        let counts: Vec<usize> = delimited::records(&head, delimited::sniff_csv(text))
            .map(|rows| rows.iter().map(|r| r.cells.len()).collect())
            .unwrap_or_default();
        let first = counts.first().copied().unwrap_or(0);
        let same = counts.iter().filter(|&&c| c == first).count();
        if first >= 2 && counts.len() >= 2 && same * 10 >= counts.len() * 8 {
            return Format::Csv;
        }
    }
    Format::Text
}

fn nothing_found(text: &str) -> Problem {
    Problem {
        severity: Severity::Unreadable,
        table: None,
        first_line: 1,
        last_line: text.lines().count().max(1),
        text: assemble::short(text, 120),
        reason: "no table found: paste lines with cells separated by `|` or tabs, a Markdown, CSV or HTML table".to_string(),
        rows: 0,
    }
}

/// A CSV cell that a spreadsheet would run as a formula is read as text, and said so.
fn formula_warnings(format: Format, tables: &[RawTable]) -> Vec<Problem> {
    if !matches!(format, Format::Csv | Format::Tsv) {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (i, t) in tables.iter().enumerate() {
        for r in &t.rows {
            if let Some(c) = r.cells.iter().find(|c| delimited::is_formula(&c.text)) {
                out.push(Problem {
                    severity: Severity::Warning,
                    table: Some(i),
                    first_line: r.first_line,
                    last_line: r.last_line,
                    text: r.text(),
                    reason: format!(
                        "`{}` looks like a spreadsheet formula: read as plain text, never evaluated",
                        assemble::short(&c.text, 40)
                    ),
                    rows: 1,
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_detected() {
        assert_eq!(detect("<table><tr><td>1</td></tr></table>"), Format::Html);
        assert_eq!(detect("port,proto\n443,tcp\n80,tcp\n"), Format::Csv);
        assert_eq!(detect("| a | b |\n|---|---|\n"), Format::Text);
        assert_eq!(detect("a\tb\n1\t2\n"), Format::Text);
        assert_eq!(
            detect("Some prose, with commas.\nAnd more, prose.\n"),
            Format::Text
        );
    }

    #[test]
    fn garbage_is_reported_not_a_panic() {
        let d = import_table("\u{0}\u{1}%%%\n\n~~~", &Options::default());
        assert!(d.product.rules.is_empty());
        assert!(d
            .problems
            .iter()
            .any(|p| p.reason.contains("no table found")));
    }

    #[test]
    fn too_large_input_is_refused() {
        let big = "x".repeat(MAX_INPUT_BYTES + 1);
        let d = import_table(&big, &Options::default());
        assert!(d.problems[0].reason.contains("at most 16 MB"));
    }
}
