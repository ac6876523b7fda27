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
    let mut reader = reader(delimiter, text.as_bytes());
    let mut rows = Vec::new();
    let mut lines = Lines::default();
    for record in reader.records() {
        if let Some(row) = row(record.as_ref(), &mut lines, text.as_bytes())? {
            rows.push(row);
        }
    }
    Ok(rows)
}

fn reader<R: std::io::Read>(delimiter: u8, input: R) -> csv::Reader<R> {
    csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(input)
}

/// One record as a row (`None` when all its cells are empty), or what is wrong with it.
fn row(
    record: Result<&csv::StringRecord, &csv::Error>,
    lines: &mut Lines,
    bytes: &[u8],
) -> Result<Option<RawRow>, String> {
    let record = record.map_err(|e| match e.position() {
        Some(p) => format!("line {}: {}", p.line(), e),
        None => e.to_string(),
    })?;
    let line = record
        .position()
        .map_or(0, |p| lines.line(bytes, p.byte() as usize));
    let cells: Vec<Cell> = record.iter().map(|c| Cell::new(c, line)).collect();
    if cells.iter().all(|c| c.text.is_empty()) {
        return Ok(None);
    }
    Ok(Some(RawRow::new(trim_trailing_empty(cells))))
}

/// [`table`] a few records at a time, for a page that stays responsive on a large file (the
/// reader works on its own copy of the text). The outcome is the same as [`table`]'s.
pub struct Finder {
    reader: csv::Reader<std::io::Cursor<Vec<u8>>>,
    lines: Lines,
    rows: Vec<RawRow>,
    failed: Option<String>,
    done: bool,
}

impl Finder {
    pub fn new(text: &str, delimiter: u8) -> Finder {
        let input = std::io::Cursor::new(text.as_bytes().to_vec());
        Finder {
            reader: reader(delimiter, input),
            lines: Lines::default(),
            rows: Vec::new(),
            failed: None,
            done: false,
        }
    }

    /// Reads about `budget` records; `true` when the file is read (or cannot be).
    pub fn step(&mut self, budget: usize) -> bool {
        let mut record = csv::StringRecord::new();
        for _ in 0..budget.max(1) {
            if self.done {
                break;
            }
            let outcome = self.reader.read_record(&mut record);
            let read = match &outcome {
                Ok(true) => Ok(&record),
                Ok(false) => {
                    self.done = true;
                    break;
                }
                Err(e) => Err(e),
            };
            let bytes = self.reader.get_ref().get_ref();
            match row(read, &mut self.lines, bytes) {
                Ok(Some(r)) => self.rows.push(r),
                Ok(None) => {}
                Err(e) => {
                    self.failed = Some(e);
                    self.done = true;
                }
            }
        }
        self.done
    }

    /// `(bytes read, bytes in all)`.
    pub fn progress(&self) -> (usize, usize) {
        let len = self.reader.get_ref().get_ref().len();
        let at = usize::try_from(self.reader.position().byte()).unwrap_or(len);
        (at.min(len), len)
    }

    /// The table, or why the file cannot be read.
    pub fn finish(self) -> Result<RawTable, String> {
        match self.failed {
            Some(e) => Err(e),
            None => Ok(table_of(self.rows)),
        }
    }
}

/// Line numbers of byte offsets met in increasing order (a record's offset may point at the
/// blank lines before it: they are skipped).
#[derive(Default)]
struct Lines {
    offset: usize,
    /// Newlines before `offset`.
    newlines: usize,
}

impl Lines {
    fn line(&mut self, bytes: &[u8], offset: usize) -> usize {
        let mut at = offset.max(self.offset);
        while matches!(bytes.get(at), Some(b'\n' | b'\r')) {
            at += 1;
        }
        let skipped = bytes.get(self.offset..at).unwrap_or_default();
        self.newlines += skipped.iter().filter(|&&b| b == b'\n').count();
        self.offset = at;
        self.newlines + 1
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
    Ok(table_of(records(text, delimiter)?))
}

/// The rows as a table: the first one its header when it reads like one.
fn table_of(rows: Vec<RawRow>) -> RawTable {
    let mut rows = rows.into_iter();
    let Some(first) = rows.next() else {
        return RawTable::default();
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
    RawTable {
        header,
        rows: body,
        heading: None,
        lead: None,
        first_line,
        last_line,
    }
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

    #[test]
    fn the_finder_in_steps_reads_what_one_call_reads() {
        let text = "Port;Protocol;Description\r\n\r\n443;TCP;\"Portal; from\nagent PCs\"\r\n;;\n80;TCP;Web\n=1+2;UDP;x\n";
        let mut finder = Finder::new(text, b';');
        let mut steps = 0;
        let mut last = 0;
        while !finder.step(1) {
            steps += 1;
            let (at, len) = finder.progress();
            assert!(at >= last && at <= len, "{at} after {last} of {len}");
            last = at;
        }
        assert!(steps >= 4, "{steps} steps");
        assert_eq!(finder.progress(), (text.len(), text.len()));
        let found = finder.finish().unwrap();
        assert_eq!(found, table(text, b';').unwrap());
        assert_eq!(found.rows.len(), 3);
        assert_eq!(found.rows[1].first_line, 6);
    }
}
