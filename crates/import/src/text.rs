//! Tables in pasted text: Markdown tables, lines split at `|` or tabs, and tables that arrive
//! with one cell per line (`2010 |` then `HTTP |` ...), as text copied from a vendor page often
//! does. Rows are cut from the stream of cells by the header's width; a row that does not fill
//! up is kept and reported later, never dropped.

use crate::table::{context, is_heading, Cell, Line, RawRow, RawTable};

/// Classifies every line of `text`; line numbers are 1-based.
pub fn classify(text: &str) -> Vec<(usize, Line)> {
    text.lines()
        .enumerate()
        .map(|(i, l)| (i + 1, classify_line(l)))
        .collect()
}

fn classify_line(line: &str) -> Line {
    let t = line.trim();
    if t.is_empty() {
        return Line::Blank;
    }
    if let Some(n) = separator_columns(t) {
        return Line::Separator(n);
    }
    if line.contains('\t') {
        let cells: Vec<String> = line.split('\t').map(|c| c.trim().to_string()).collect();
        if cells.len() > 1 {
            return Line::Cells(trim_empty_ends(cells));
        }
    }
    if t.contains('|') {
        return Line::Cells(split_pipes(t));
    }
    Line::Prose(t.to_string())
}

/// `---|---|:--:|` or `| --- | --- |`: the column count, else `None`.
fn separator_columns(t: &str) -> Option<usize> {
    if !t.contains("--") || !t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ' | '+')) {
        return None;
    }
    let n = t
        .split(['|', '+'])
        .filter(|part| part.contains('-'))
        .count();
    (n > 0).then_some(n)
}

/// Tab-separated lines often end with empty cells from trailing tabs.
fn trim_empty_ends(mut cells: Vec<String>) -> Vec<String> {
    while cells.len() > 1 && cells.last().is_some_and(String::is_empty) {
        cells.pop();
    }
    cells
}

/// Cells of a `|` line: `| a | b |` and `a | b |` give `a`, `b`; `|` alone is one empty cell;
/// `\|` is a literal bar.
pub fn split_pipes(t: &str) -> Vec<String> {
    if t == "|" {
        return vec![String::new()];
    }
    let mut cells = Vec::new();
    let mut cur = String::new();
    let mut chars = t.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'|') => {
                cur.push('|');
                chars.next();
            }
            '|' => cells.push(std::mem::take(&mut cur)),
            _ => cur.push(c),
        }
    }
    cells.push(cur);
    if t.starts_with('|') && cells.len() > 1 {
        cells.remove(0);
    }
    if t.ends_with('|') && !t.ends_with("\\|") && cells.len() > 1 {
        cells.pop();
    }
    cells.iter().map(|c| c.trim().to_string()).collect()
}

/// Every table in the text, in order.
pub fn tables(text: &str) -> Vec<RawTable> {
    let lines = classify(text);
    let mut out = Vec::new();
    scan(&lines, 0, usize::MAX, &mut out);
    out
}

/// Looks for tables from line index `from` on, for about `budget` lines (a run of table lines
/// is taken whole); returns the index to go on from.
fn scan(lines: &[(usize, Line)], from: usize, budget: usize, out: &mut Vec<RawTable>) -> usize {
    let stop = from.saturating_add(budget.max(1));
    let mut i = from;
    while i < lines.len() && i < stop {
        if is_table_line(lines.get(i)) {
            let end = run_end(lines, i);
            out.extend(tables_in_run(lines, i, end));
            i = end;
        } else {
            i += 1;
        }
    }
    i
}

/// [`tables`] a few lines at a time, for a page that stays responsive on a large paste: the
/// lines are classified, then the runs of table lines are cut into tables. The outcome is the
/// same as [`tables`]'s.
pub struct Finder {
    text: String,
    /// Bytes of `text` classified so far.
    pos: usize,
    /// Lines of `text` in all.
    total: usize,
    lines: Vec<(usize, Line)>,
    /// The next line (index in `lines`) to look at for a table.
    next: usize,
    tables: Vec<RawTable>,
}

impl Finder {
    pub fn new(text: String) -> Finder {
        let total = text.lines().count();
        Finder {
            text,
            pos: 0,
            total,
            lines: Vec::with_capacity(total),
            next: 0,
            tables: Vec::new(),
        }
    }

    /// Classifies or looks through about `budget` lines; `true` when every table is found.
    pub fn step(&mut self, budget: usize) -> bool {
        if self.pos < self.text.len() {
            self.classify_some(budget.max(1));
            return false;
        }
        self.next = scan(&self.lines, self.next, budget, &mut self.tables);
        self.next >= self.lines.len()
    }

    /// Lines as [`str::lines`] cuts them: at `\n`, without a `\r` before it.
    fn classify_some(&mut self, budget: usize) {
        let rest = self.text.get(self.pos..).unwrap_or_default();
        for piece in rest.split_inclusive('\n').take(budget) {
            self.pos += piece.len();
            let line = match piece.strip_suffix('\n') {
                Some(l) => l.strip_suffix('\r').unwrap_or(l),
                None => piece,
            };
            let no = self.lines.len() + 1;
            self.lines.push((no, classify_line(line)));
        }
    }

    /// `(units done, units in all)`: every line is classified once and looked through once.
    pub fn progress(&self) -> (usize, usize) {
        (self.lines.len() + self.next, 2 * self.total)
    }

    /// The text and its tables.
    pub fn finish(self) -> (String, Vec<RawTable>) {
        (self.text, self.tables)
    }
}

fn is_table_line(l: Option<&(usize, Line)>) -> bool {
    matches!(l, Some((_, Line::Cells(_) | Line::Separator(_))))
}

/// The end (exclusive) of the run of table lines starting at `start`; a single blank line
/// between table lines does not end it.
fn run_end(lines: &[(usize, Line)], start: usize) -> usize {
    let mut i = start;
    loop {
        match lines.get(i) {
            Some((_, Line::Cells(_) | Line::Separator(_))) => i += 1,
            Some((_, Line::Blank)) if is_table_line(lines.get(i + 1)) => i += 1,
            _ => return i,
        }
    }
}

/// One run of table lines may hold several tables: each separator line starts one, its header
/// being the cells just before it.
fn tables_in_run(lines: &[(usize, Line)], start: usize, end: usize) -> Vec<RawTable> {
    let run: Vec<(usize, Vec<String>)> = lines
        .get(start..end)
        .unwrap_or_default()
        .iter()
        .filter_map(|(no, l)| match l {
            Line::Cells(c) => Some((*no, c.clone())),
            Line::Separator(n) => Some((*no, vec![format!("\u{0}{n}")])),
            _ => None,
        })
        .collect();
    let seps: Vec<usize> = run
        .iter()
        .enumerate()
        .filter(|(_, (_, c))| c.first().is_some_and(|c| c.starts_with('\u{0}')))
        .map(|(k, _)| k)
        .collect();
    let mut out = Vec::new();
    if seps.is_empty() {
        if let Some(t) = headerless(lines, start, &run) {
            out.push(t);
        }
        return out;
    }
    let mut body_from = 0;
    let mut pending_header: Option<(Vec<Cell>, usize)> = None;
    for (k, &sep) in seps.iter().enumerate() {
        let n = sep_width(run.get(sep));
        let (header, header_start) = header_before(&run, sep, n, body_from);
        // what lies between the previous table's body start and this header is its body
        if let Some((h, first)) = pending_header.take() {
            out.push(table(lines, h, first, run.get(body_from..header_start)));
        } else if header_start > body_from {
            if let Some(t) = headerless(
                lines,
                start,
                run.get(body_from..header_start).unwrap_or_default(),
            ) {
                out.push(t);
            }
        }
        pending_header = Some((header, header_start));
        body_from = sep + 1;
        let _ = k;
    }
    if let Some((h, first)) = pending_header {
        out.push(table(lines, h, first, run.get(body_from..)));
    }
    // the line index of each table's first line, for its context
    for t in &mut out {
        // every line is classified, so line n is at index n - 1
        let first_index = t.first_line.saturating_sub(1).max(start);
        let (heading, lead) = context(lines, first_index);
        t.heading = heading;
        t.lead = lead;
    }
    out
}

fn sep_width(line: Option<&(usize, Vec<String>)>) -> usize {
    line.and_then(|(_, c)| c.first())
        .and_then(|c| c.trim_start_matches('\u{0}').parse().ok())
        .unwrap_or(0)
}

/// The header of the table whose separator is at `sep`: the line just before it when that line
/// has `n` cells, else the last `n` cells before it (one per line), never reaching back past
/// `floor`. Returns the header cells and the run index where they start.
fn header_before(
    run: &[(usize, Vec<String>)],
    sep: usize,
    n: usize,
    floor: usize,
) -> (Vec<Cell>, usize) {
    let mut cells: Vec<Cell> = Vec::new();
    let mut k = sep;
    while k > floor && cells.len() < n {
        k -= 1;
        let Some((no, line)) = run.get(k) else { break };
        let mut these: Vec<Cell> = line.iter().map(|c| Cell::new(c.clone(), *no)).collect();
        these.append(&mut cells);
        cells = these;
        if line.len() >= n {
            break;
        }
    }
    (cells, k)
}

fn table(
    lines: &[(usize, Line)],
    header: Vec<Cell>,
    first_index: usize,
    body: Option<&[(usize, Vec<String>)]>,
) -> RawTable {
    let body = body.unwrap_or_default();
    let n = header.len();
    let rows = rows_from_stream(body, n);
    let first_line = header.first().map_or(0, |c| c.line);
    let last_line = body
        .last()
        .map_or(header.last().map_or(first_line, |c| c.line), |(no, _)| *no);
    let _ = (lines, first_index);
    RawTable {
        header,
        rows,
        heading: None,
        lead: None,
        first_line,
        last_line,
    }
}

/// A run without a separator line: a table when its lines have two or more cells; the first
/// line is the header when it reads like one (no numbers).
fn headerless(
    lines: &[(usize, Line)],
    start: usize,
    run: &[(usize, Vec<String>)],
) -> Option<RawTable> {
    let first = run.first()?;
    let width = first.1.len();
    if width < 2 {
        // one cell per line without a header: the column count cannot be known
        return None;
    }
    let header_like = first
        .1
        .iter()
        .all(|c| !c.is_empty() && !c.chars().any(|ch| ch.is_ascii_digit()));
    let (header, body) = if header_like && run.len() > 1 {
        (
            first
                .1
                .iter()
                .map(|c| Cell::new(c.clone(), first.0))
                .collect(),
            run.get(1..).unwrap_or_default(),
        )
    } else {
        (Vec::new(), run)
    };
    let rows = rows_from_stream(body, width);
    let _ = (lines, start);
    Some(RawTable {
        header,
        rows,
        heading: None,
        lead: None,
        first_line: first.0,
        last_line: run.last().map_or(first.0, |(no, _)| *no),
    })
}

/// Cuts rows of `n` cells from the stream of cells; a line never splits between two rows. A
/// line with more than `n` cells is a row of its own (reported later as too wide).
fn rows_from_stream(body: &[(usize, Vec<String>)], n: usize) -> Vec<RawRow> {
    let mut rows = Vec::new();
    let mut cur: Vec<Cell> = Vec::new();
    // whether the row being built has a line of several cells: then it does not continue
    let mut cur_multi = false;
    for (no, line) in body {
        if line.len() == 1 && line.first().is_some_and(|c| c.starts_with('\u{0}')) {
            continue;
        }
        let cells: Vec<Cell> = line.iter().map(|c| Cell::new(c.clone(), *no)).collect();
        let multi = cells.len() > 1;
        if !cur.is_empty() && (cur.len() + cells.len() > n || multi || cur_multi) {
            rows.push(RawRow::new(std::mem::take(&mut cur)));
        }
        cur_multi = multi;
        cur.extend(cells);
        if cur.len() >= n {
            rows.push(RawRow::new(std::mem::take(&mut cur)));
        }
    }
    if !cur.is_empty() {
        rows.push(RawRow::new(cur));
    }
    rows
}

/// Headings and prose lines of a text (for what is not in a table).
pub fn prose_lines(text: &str) -> Vec<Cell> {
    classify(text)
        .into_iter()
        .filter_map(|(no, l)| match l {
            Line::Prose(t) => Some(Cell::new(t, no)),
            _ => None,
        })
        .collect()
}

/// Whether a prose line reads like a heading (re-exported for the HTML reader).
pub fn heading_like(t: &str) -> bool {
    is_heading(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(row: &RawRow) -> Vec<&str> {
        row.cells.iter().map(|c| c.text.as_str()).collect()
    }

    #[test]
    fn pipes() {
        assert_eq!(split_pipes("| a | b |"), ["a", "b"]);
        assert_eq!(split_pipes("a | b |"), ["a", "b"]);
        assert_eq!(split_pipes("943 |"), ["943"]);
        assert_eq!(split_pipes("|"), [""]);
        assert_eq!(split_pipes(r"a \| b | c"), ["a | b", "c"]);
    }

    #[test]
    fn markdown_table_with_context() {
        let t = "Web Application\nSome words.\nIf you use X, you need:\n| Port | Transport |\n|---|---|\n| 443 | TCP |\n| 80 | TCP |\nafter";
        let tables = tables(t);
        assert_eq!(tables.len(), 1);
        let t0 = &tables[0];
        assert_eq!(t0.header.len(), 2);
        assert_eq!(t0.rows.len(), 2);
        assert_eq!(texts(&t0.rows[1]), ["80", "TCP"]);
        assert_eq!(t0.rows[1].first_line, 7);
        assert_eq!(t0.heading.as_ref().unwrap().text, "Web Application");
        assert_eq!(t0.lead.as_ref().unwrap().text, "If you use X, you need:");
    }

    #[test]
    fn one_cell_per_line_is_cut_by_the_header_width() {
        let t = "Process |\nPort |\nTransport |\n---|---|---|\nAPI Server |\n5620 |\nTCP |\n5621 |\nTCP |\n|\nRabbitMQ | 5672 | TCP |\n";
        let tables = tables(t);
        assert_eq!(tables.len(), 1);
        let rows: Vec<Vec<&str>> = tables[0].rows.iter().map(texts).collect();
        assert_eq!(
            rows,
            vec![
                vec!["API Server", "5620", "TCP"],
                vec!["5621", "TCP", ""],
                vec!["RabbitMQ", "5672", "TCP"]
            ]
        );
        assert_eq!(
            (tables[0].rows[1].first_line, tables[0].rows[1].last_line),
            (8, 10)
        );
    }

    #[test]
    fn a_short_row_is_kept_not_merged_into_the_next() {
        let t = "| a | b | c |\n|---|---|---|\n| 1 | 2 |\n| 4 | 5 | 6 |\n";
        let rows: Vec<Vec<String>> = tables(t)[0]
            .rows
            .iter()
            .map(|r| r.cells.iter().map(|c| c.text.clone()).collect())
            .collect();
        assert_eq!(rows, vec![vec!["1", "2"], vec!["4", "5", "6"]]);
    }

    #[test]
    fn two_tables_in_one_run() {
        let t = "| a | b |\n|---|---|\n| 1 | 2 |\n| c | d |\n|---|---|\n| 3 | 4 |\n";
        let tables = tables(t);
        assert_eq!(tables.len(), 2);
        assert_eq!(tables[1].header[0].text, "c");
        assert_eq!(tables[1].rows.len(), 1);
    }

    #[test]
    fn the_finder_in_steps_finds_what_one_call_finds() {
        let text = "Ports\r\n\r\nIf you use recording, you will also need:\r\n| Port | Protocol |\r\n|---|---|\r\n| 443 | TCP |\r\n| 80 | TCP |\r\n\r\nprose\n2010 |\nHTTP |\n---|---|\n1 | 2 |\n3 | 4 |\nlast";
        let mut finder = Finder::new(text.to_string());
        let mut steps = 0;
        let mut last = (0, 0);
        while !finder.step(2) {
            steps += 1;
            let p = finder.progress();
            assert!(p.0 >= last.0 && p.0 <= p.1, "{p:?} after {last:?}");
            last = p;
        }
        assert!(steps >= 10, "{steps} steps");
        assert_eq!(finder.progress(), (2 * 15, 2 * 15));
        let (back, found) = finder.finish();
        assert_eq!(back, text);
        assert_eq!(found, tables(text));
        assert_eq!(found.len(), 2);
    }

    #[test]
    fn tab_separated_with_a_header() {
        let t = "Port\tProtocol\tDescription\n443\tTCP\tweb\n3478\tUDP\tmedia\n";
        let tables = tables(t);
        assert_eq!(tables.len(), 1);
        assert_eq!(tables[0].header.len(), 3);
        assert_eq!(tables[0].rows.len(), 2);
    }
}
