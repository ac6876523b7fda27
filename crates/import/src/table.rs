//! The tables found in an input, whatever its format: header cells, rows of cells with the lines
//! they came from, and the text around each table (its heading and the sentence before it).

use serde::Serialize;

/// One cell and the (1-based) line it starts on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cell {
    pub text: String,
    pub line: usize,
}

impl Cell {
    pub fn new(text: impl Into<String>, line: usize) -> Cell {
        Cell {
            text: text.into(),
            line,
        }
    }
}

/// One row as found: its cells and the first and last line it spans.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RawRow {
    pub cells: Vec<Cell>,
    pub first_line: usize,
    pub last_line: usize,
}

impl RawRow {
    pub fn new(cells: Vec<Cell>) -> RawRow {
        let first_line = cells.first().map_or(0, |c| c.line);
        let last_line = cells.last().map_or(first_line, |c| c.line);
        RawRow {
            cells,
            first_line,
            last_line,
        }
    }

    /// The row's text as it read: cells joined with ` | `.
    pub fn text(&self) -> String {
        self.cells
            .iter()
            .map(|c| c.text.as_str())
            .collect::<Vec<_>>()
            .join(" | ")
    }
}

/// A table: header cells (when it has a header row), rows and context.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct RawTable {
    pub header: Vec<Cell>,
    pub rows: Vec<RawRow>,
    /// The nearest heading above the table (a short line without end punctuation).
    pub heading: Option<Cell>,
    /// The sentence just before the table, e.g. "If you use X, you will additionally need:".
    pub lead: Option<Cell>,
    pub first_line: usize,
    pub last_line: usize,
}

impl RawTable {
    /// The number of columns: the header's, or the widest row's.
    pub fn width(&self) -> usize {
        if self.header.is_empty() {
            self.rows.iter().map(|r| r.cells.len()).max().unwrap_or(0)
        } else {
            self.header.len()
        }
    }
}

/// What a line of text is, for finding tables in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Line {
    Blank,
    /// A Markdown header separator (`---|---|`), with its column count.
    Separator(usize),
    /// A line of cells split at `|` or tabs.
    Cells(Vec<String>),
    /// Anything else.
    Prose(String),
}

/// A short line without end punctuation that is not a table line: a heading.
pub fn is_heading(text: &str) -> bool {
    let t = text.trim();
    let words = t.split_whitespace().count();
    (1..=9).contains(&words)
        && t.len() <= 90
        && !t.ends_with(['.', ':', ',', ';', '!', '?'])
        && t.chars().any(char::is_alphabetic)
}

/// Finds the heading and lead sentence for a table that starts at `first` among `lines`
/// (0-based index; lines are 1-based in the result). The lead is the last prose line right
/// before the table (a blank line may stand between); the heading the nearest heading above.
pub fn context(lines: &[(usize, Line)], first: usize) -> (Option<Cell>, Option<Cell>) {
    let mut lead = None;
    let mut heading = None;
    let mut seen_prose = false;
    // a heading is near its table: look back 120 lines at most
    let from = first.saturating_sub(120);
    for (no, line) in lines.get(from..first).unwrap_or_default().iter().rev() {
        match line {
            Line::Prose(t) => {
                if !seen_prose {
                    seen_prose = true;
                    if !is_heading(t) {
                        lead = Some(Cell::new(t.trim(), *no));
                    }
                }
                if is_heading(t) {
                    heading = Some(Cell::new(t.trim(), *no));
                    break;
                }
            }
            Line::Blank => {}
            Line::Separator(_) | Line::Cells(_) => {
                // a table just above: the lead, if any, is between the two
                seen_prose = true;
            }
        }
    }
    (heading, lead)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_are_short_unpunctuated_lines() {
        assert!(is_heading("Port Information for Hybrid inContact WFO"));
        assert!(is_heading("Web Application"));
        assert!(!is_heading(
            "If you use inContact Screen Recording, you will additionally need:"
        ));
        assert!(!is_heading("This service requires:"));
        assert!(!is_heading(""));
        assert!(!is_heading("2010"));
    }
}
