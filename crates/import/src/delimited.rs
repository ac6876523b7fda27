//! CSV and TSV files (by the `csv` crate): one table, the first record its header when it reads
//! like one. A cell that starts like a spreadsheet formula (`=`, `+`, `@`) is kept as text: it
//! is never evaluated, and the importer says so.

use crate::table::{Cell, RawRow, RawTable};

/// The delimiter a file most likely uses: tab, semicolon or comma (whichever the first lines
/// hold most of).
pub fn sniff(text: &str) -> u8 {
    let head: String = text.lines().take(20).collect::<Vec<_>>().join("\n");
    let count = |c: char| head.matches(c).count();
    let (tabs, semis, commas) = (count('\t'), count(';'), count(','));
    if tabs > 0 && tabs >= semis && tabs >= commas {
        b'\t'
    } else if semis > commas {
        b';'
    } else {
        b','
    }
}

/// The delimiter of a CSV file: semicolon or comma.
pub fn sniff_csv(text: &str) -> u8 {
    match sniff(text) {
        b';' => b';',
        _ => b',',
    }
}

/// Reads delimited text into rows of cells (with their line numbers), or says what is wrong
/// (an unterminated quote, invalid UTF-8) at which line.
pub fn records(text: &str, delimiter: u8) -> Result<Vec<RawRow>, String> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut lines = Lines::new(text);
    for record in reader.records() {
        let record = record.map_err(|e| match e.position() {
            Some(p) => format!("line {}: {}", p.line(), e),
            None => e.to_string(),
        })?;
        let line = record
            .position()
            .map_or(0, |p| lines.line(p.byte() as usize));
        let cells: Vec<Cell> = record.iter().map(|c| Cell::new(c, line)).collect();
        if cells.iter().all(|c| c.text.is_empty()) {
            continue;
        }
        rows.push(RawRow::new(trim_trailing_empty(cells)));
    }
    Ok(rows)
}

/// Line numbers of byte offsets met in increasing order (a record's offset may point at the
/// blank lines before it: they are skipped).
struct Lines<'a> {
    bytes: &'a [u8],
    offset: usize,
    line: usize,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str) -> Lines<'a> {
        Lines {
            bytes: text.as_bytes(),
            offset: 0,
            line: 1,
        }
    }
    fn line(&mut self, offset: usize) -> usize {
        let mut at = offset.max(self.offset);
        while matches!(self.bytes.get(at), Some(b'\n' | b'\r')) {
            at += 1;
        }
        let skipped = self.bytes.get(self.offset..at).unwrap_or_default();
        self.line += skipped.iter().filter(|&&b| b == b'\n').count();
        self.offset = at;
        self.line
    }
}

fn trim_trailing_empty(mut cells: Vec<Cell>) -> Vec<Cell> {
    while cells.len() > 1 && cells.last().is_some_and(|c| c.text.is_empty()) {
        cells.pop();
    }
    cells
}

/// Whether a cell would be a formula in a spreadsheet (`=SUM(...)`, `+cmd`, `@x`, `-2+3`).
pub fn is_formula(cell: &str) -> bool {
    let t = cell.trim_start();
    match t.chars().next() {
        Some('=' | '@') => t.len() > 1,
        Some('+' | '-') => t
            .chars()
            .nth(1)
            .is_some_and(|c| !c.is_ascii_digit() && !c.is_whitespace()),
        _ => false,
    }
}

/// A CSV/TSV file as one table.
pub fn table(text: &str, delimiter: u8) -> Result<RawTable, String> {
    let rows = records(text, delimiter)?;
    let mut rows = rows.into_iter();
    let Some(first) = rows.next() else {
        return Ok(RawTable::default());
    };
    let header_like = first
        .cells
        .iter()
        .all(|c| !c.text.is_empty() && !c.text.chars().any(|ch| ch.is_ascii_digit()));
    let (header, body): (Vec<Cell>, Vec<RawRow>) = if header_like {
        (first.cells, rows.collect())
    } else {
        (Vec::new(), std::iter::once(first).chain(rows).collect())
    };
    let first_line = header
        .first()
        .map_or_else(|| body.first().map_or(1, |r| r.first_line), |c| c.line);
    let last_line = body.last().map_or(first_line, |r| r.last_line);
    Ok(RawTable {
        header,
        rows: body,
        heading: None,
        lead: None,
        first_line,
        last_line,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_delimiters() {
        assert_eq!(sniff("a\tb\tc\n1\t2\t3"), b'\t');
        assert_eq!(sniff("a;b;c\n1;2,5;3"), b';');
        assert_eq!(sniff("a,b,c"), b',');
    }

    #[test]
    fn quoted_cells_and_line_numbers() {
        let t = table("Port,Protocol,Description\n443,TCP,\"web, secure\"\n\n3478,UDP,\"media\nrelay\"\n5060,UDP,sip\n", b',').unwrap();
        assert_eq!(t.header.len(), 3);
        assert_eq!(t.rows.len(), 3);
        assert_eq!(t.rows[0].cells[2].text, "web, secure");
        assert_eq!(t.rows[1].first_line, 4);
        assert_eq!(t.rows[2].first_line, 6);
    }

    #[test]
    fn formulas_are_recognised() {
        assert!(is_formula("=HYPERLINK(\"http://x\")"));
        assert!(is_formula("+cmd|' /C calc'!A0"));
        assert!(is_formula("@SUM(A1)"));
        assert!(!is_formula("-5"));
        assert!(!is_formula("443"));
        assert!(!is_formula("="));
    }

    #[test]
    fn a_broken_quote_is_an_error_with_its_line() {
        // the csv crate accepts an unterminated quote at the end; invalid UTF-8 cannot reach a &str
        assert!(table("a,b\n1,\"2\n", b',').is_ok());
    }
}
