//! HTML tables (a saved page, or rich text pasted from one), read by the `html5gum` tokenizer:
//! only the text of `<th>`/`<td>` cells and of the headings and paragraphs around them is kept.
//! Scripts, styles and attributes (event handlers included) are never looked at, so nothing of
//! them can run or reach the planner's page.

use crate::table::{is_heading, Cell, RawRow, RawTable};
use html5gum::{DefaultEmitter, IoReader, Token, Tokenizer};
use std::io::Cursor;

/// Elements whose text is not content.
const SKIPPED: &[&[u8]] = &[
    b"script",
    b"style",
    b"noscript",
    b"template",
    b"iframe",
    b"object",
    b"svg",
    b"head",
    b"title",
];

/// Elements that end a run of text (a paragraph, a heading, a line).
const BLOCKS: &[&[u8]] = &[
    b"p", b"div", b"br", b"li", b"h1", b"h2", b"h3", b"h4", b"h5", b"h6", b"section", b"article",
    b"header", b"caption", b"dt", b"dd",
];

/// Whether the text looks like HTML with a table in it.
pub fn looks_like_html(text: &str) -> bool {
    let lower: String = text
        .chars()
        .take(200_000)
        .collect::<String>()
        .to_lowercase();
    lower.contains("<table") || (lower.contains("<tr") && lower.contains("<td"))
}

#[derive(Default)]
struct State {
    tables: Vec<RawTable>,
    /// Open tables (nested ones are read as their own tables).
    open: Vec<Building>,
    skip_depth: usize,
    text: String,
    text_line: usize,
    /// Paragraphs and headings outside tables: (text, line, is a heading element).
    prose: Vec<(String, usize, bool)>,
    in_heading: bool,
}

#[derive(Default)]
struct Building {
    table: RawTable,
    row: Vec<Cell>,
    row_is_header: bool,
    cell: Option<(String, usize, usize)>,
    in_thead: bool,
    /// Cells that span rows: (column, text, line, rows left).
    spans: Vec<(usize, String, usize, usize)>,
    first_line: usize,
}

/// Every table in the HTML, with the heading and paragraph before each.
pub fn tables(html: &str) -> Vec<RawTable> {
    let lines = LineIndex::new(html);
    let mut st = State::default();
    for token in Tokenizer::new_with_emitter(html, emitter()).flatten() {
        handle(&mut st, &lines, token);
    }
    finish(st)
}

fn emitter() -> DefaultEmitter<usize> {
    let mut emitter = DefaultEmitter::<usize>::new_with_span();
    emitter.naively_switch_states(true);
    emitter
}

fn handle(st: &mut State, lines: &LineIndex, token: Token<usize>) {
    match token {
        Token::StartTag(tag) => {
            let line = lines.line(tag.span.start);
            start_tag(st, &tag.name, tag.self_closing, line, &tag.attributes);
        }
        Token::EndTag(tag) => {
            let line = lines.line(tag.span.start);
            end_tag(st, &tag.name, line);
        }
        Token::String(s) if st.skip_depth == 0 => {
            let line = lines.line(s.span.start);
            text(st, &String::from_utf8_lossy(&s.value), line);
        }
        _ => {}
    }
}

fn finish(mut st: State) -> Vec<RawTable> {
    while let Some(b) = st.open.pop() {
        finish_table(&mut st, b);
    }
    st.tables
}

/// [`tables`] a few tokens at a time, for a page that stays responsive on a large file (the
/// tokenizer reads its own copy of the HTML). The outcome is the same as [`tables`]'s.
pub struct Finder {
    tokens: Tokenizer<IoReader<Cursor<Vec<u8>>>, DefaultEmitter<usize>>,
    lines: LineIndex,
    st: State,
    /// The byte offset the tokens have reached, of `len`.
    at: usize,
    len: usize,
    done: bool,
}

impl Finder {
    pub fn new(html: &str) -> Finder {
        let reader = IoReader::new(Cursor::new(html.as_bytes().to_vec()));
        Finder {
            tokens: Tokenizer::new_with_emitter(reader, emitter()),
            lines: LineIndex::new(html),
            st: State::default(),
            at: 0,
            len: html.len(),
            done: false,
        }
    }

    /// Reads about `budget` tokens; `true` when every table is found.
    pub fn step(&mut self, budget: usize) -> bool {
        for _ in 0..budget.max(1) {
            match self.tokens.next() {
                Some(Ok(token)) => {
                    if let Some(end) = span_end(&token) {
                        self.at = self.at.max(end);
                    }
                    handle(&mut self.st, &self.lines, token);
                }
                // reading from memory does not fail
                Some(Err(_)) => {}
                None => {
                    self.done = true;
                    self.at = self.len;
                    break;
                }
            }
        }
        self.done
    }

    /// `(bytes read, bytes in all)`.
    pub fn progress(&self) -> (usize, usize) {
        (self.at.min(self.len), self.len)
    }

    pub fn finish(self) -> Vec<RawTable> {
        finish(self.st)
    }
}

fn span_end(token: &Token<usize>) -> Option<usize> {
    match token {
        Token::StartTag(t) => Some(t.span.end),
        Token::EndTag(t) => Some(t.span.end),
        Token::String(s) => Some(s.span.end),
        _ => None,
    }
}

fn start_tag(
    st: &mut State,
    name: &[u8],
    self_closing: bool,
    line: usize,
    attributes: &std::collections::BTreeMap<
        html5gum::HtmlString,
        html5gum::Spanned<html5gum::HtmlString, usize>,
    >,
) {
    if SKIPPED.contains(&name) {
        if !self_closing {
            st.skip_depth += 1;
        }
        return;
    }
    let span = |key: &[u8]| {
        attributes
            .iter()
            .find(|(k, _)| k.as_slice() == key)
            .and_then(|(_, v)| {
                String::from_utf8_lossy(&v.value)
                    .trim()
                    .parse::<usize>()
                    .ok()
            })
            .unwrap_or(1)
            .clamp(1, 100)
    };
    match name {
        b"table" => {
            flush_prose(st);
            st.open.push(Building {
                first_line: line,
                ..Building::default()
            });
        }
        b"thead" => set(st, |b| b.in_thead = true),
        b"tr" => set(st, |b| {
            b.row.clear();
            b.row_is_header = b.in_thead;
        }),
        b"td" | b"th" => {
            let (cols, rows) = (span(b"colspan"), span(b"rowspan"));
            let header = name == b"th";
            set(st, |b| {
                close_cell(b);
                if !header {
                    b.row_is_header = false;
                } else if b.row.is_empty() && b.table.rows.is_empty() && b.table.header.is_empty() {
                    b.row_is_header = true;
                }
                b.cell = Some((String::new(), line, cols * 1000 + rows));
            });
        }
        b"br" => st.text.push('\n'),
        n if BLOCKS.contains(&n) => {
            if st.open.is_empty() {
                flush_prose(st);
                st.in_heading = n.len() == 2 && n.first() == Some(&b'h');
            } else {
                st.text.push(' ');
            }
        }
        _ => {}
    }
}

fn set(st: &mut State, f: impl FnOnce(&mut Building)) {
    if let Some(b) = st.open.last_mut() {
        f(b);
    }
}

fn end_tag(st: &mut State, name: &[u8], line: usize) {
    if SKIPPED.contains(&name) {
        st.skip_depth = st.skip_depth.saturating_sub(1);
        return;
    }
    match name {
        b"table" => {
            if let Some(b) = st.open.pop() {
                finish_table(st, b);
            }
        }
        b"thead" => set(st, |b| b.in_thead = false),
        b"tr" => set(st, |b| close_row(b, line)),
        b"td" | b"th" => set(st, close_cell),
        n if BLOCKS.contains(&n) && st.open.is_empty() => flush_prose(st),
        _ => {}
    }
}

fn text(st: &mut State, s: &str, line: usize) {
    if let Some(b) = st.open.last_mut() {
        if let Some((t, _, _)) = &mut b.cell {
            t.push_str(s);
        }
        return;
    }
    if st.text.trim().is_empty() {
        st.text_line = line;
    }
    st.text.push_str(s);
}

fn flush_prose(st: &mut State) {
    let t = st.text.split_whitespace().collect::<Vec<_>>().join(" ");
    if !t.is_empty() {
        st.prose.push((t, st.text_line, st.in_heading));
    }
    st.text.clear();
    st.in_heading = false;
}

fn close_cell(b: &mut Building) {
    if let Some((t, line, spans)) = b.cell.take() {
        let text = t.split_whitespace().collect::<Vec<_>>().join(" ");
        let (cols, rows) = (spans / 1000, spans % 1000);
        fill_spans(b, line);
        for _ in 0..cols {
            let col = b.row.len();
            if rows > 1 {
                b.spans.push((col, text.clone(), line, rows - 1));
            }
            b.row.push(Cell::new(text.clone(), line));
            fill_spans(b, line);
        }
    }
}

/// Cells of rows above that span into this row, at their columns.
fn fill_spans(b: &mut Building, line: usize) {
    while let Some(pos) = b
        .spans
        .iter()
        .position(|(col, _, _, left)| *col == b.row.len() && *left > 0)
    {
        let Some(span) = b.spans.get_mut(pos) else {
            break;
        };
        span.3 -= 1;
        let text = span.1.clone();
        b.row.push(Cell::new(text, line));
    }
}

fn close_row(b: &mut Building, line: usize) {
    close_cell(b);
    fill_spans(b, line);
    b.spans.retain(|s| s.3 > 0);
    let cells = std::mem::take(&mut b.row);
    if cells.is_empty() {
        return;
    }
    if b.row_is_header && b.table.header.is_empty() && b.table.rows.is_empty() {
        b.table.header = cells;
    } else {
        b.table.rows.push(RawRow::new(cells));
    }
}

fn finish_table(st: &mut State, mut b: Building) {
    let first_line = b.first_line;
    close_row(&mut b, first_line);
    let mut t = b.table;
    t.first_line = b.first_line;
    t.last_line = t.rows.last().map_or(b.first_line, |r| r.last_line);
    // a table without <th> whose first row reads like a header
    if t.header.is_empty() {
        if let Some(first) = t.rows.first() {
            if first
                .cells
                .iter()
                .all(|c| !c.text.is_empty() && !c.text.chars().any(|ch| ch.is_ascii_digit()))
                && t.rows.len() > 1
            {
                t.header = t.rows.remove(0).cells;
            }
        }
    }
    let (heading, lead) = context(&st.prose);
    t.heading = heading;
    t.lead = lead;
    st.prose.clear();
    if !t.rows.is_empty() || !t.header.is_empty() {
        st.tables.push(t);
    }
}

/// The heading and the lead sentence among the prose before a table.
fn context(prose: &[(String, usize, bool)]) -> (Option<Cell>, Option<Cell>) {
    let lead = prose
        .last()
        .filter(|(t, _, h)| !h && !is_heading(t))
        .map(|(t, l, _)| Cell::new(t.clone(), *l));
    let heading = prose
        .iter()
        .rev()
        .find(|(t, _, h)| *h || is_heading(t))
        .map(|(t, l, _)| Cell::new(t.clone(), *l));
    (heading, lead)
}

/// Byte offset → 1-based line number.
struct LineIndex(Vec<usize>);

impl LineIndex {
    fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex(starts)
    }
    fn line(&self, offset: usize) -> usize {
        match self.0.binary_search(&offset) {
            Ok(i) => i + 1,
            Err(i) => i,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_with_its_heading_and_lead() {
        let html = "<h2>Web Application</h2>\n<p>If you use recording, you need:</p>\n<table>\n<tr><th>Port</th><th>Protocol</th></tr>\n<tr><td>443</td><td>TCP</td></tr>\n<tr><td>3478</td><td>UDP</td></tr>\n</table>";
        let t = tables(html);
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].header.len(), 2);
        assert_eq!(t[0].rows.len(), 2);
        assert_eq!(t[0].rows[1].first_line, 6);
        assert_eq!(t[0].heading.as_ref().unwrap().text, "Web Application");
        assert_eq!(
            t[0].lead.as_ref().unwrap().text,
            "If you use recording, you need:"
        );
    }

    #[test]
    fn scripts_styles_and_handlers_are_never_content() {
        let html = "<script>alert('x')</script><style>td{}</style><table><tr><th>Port</th><th onclick=\"steal()\">Note</th></tr><tr><td>443<script>document.write('<td>9</td>')</script></td><td><img src=x onerror=alert(1)>web</td></tr></table>";
        let t = tables(html);
        assert_eq!(t.len(), 1);
        let row: Vec<&str> = t[0].rows[0].cells.iter().map(|c| c.text.as_str()).collect();
        assert_eq!(row, ["443", "web"]);
        assert_eq!(t[0].header[1].text, "Note");
    }

    #[test]
    fn the_finder_in_steps_finds_what_one_call_finds() {
        let html = "<h2>Ports</h2>\n<p>If you use recording, you need:</p>\n<script>x()</script><table><tr><th>Port</th><th>Protocol</th></tr>\n<tr><td rowspan=2>443</td><td>TCP</td></tr>\n<tr><td>UDP</td></tr></table>\n<p>More:</p><table><tr><td>80</td><td>TCP</td></tr>";
        let mut finder = Finder::new(html);
        let mut steps = 0;
        let mut last = 0;
        while !finder.step(2) {
            steps += 1;
            let (at, len) = finder.progress();
            assert!(at >= last && at <= len, "{at} after {last} of {len}");
            last = at;
        }
        assert!(steps >= 10, "{steps} steps");
        assert_eq!(finder.progress(), (html.len(), html.len()));
        let found = finder.finish();
        assert_eq!(found, tables(html));
        assert_eq!(found.len(), 2);
    }

    #[test]
    fn row_and_column_spans_are_filled() {
        let html = "<table><tr><th>Service</th><th>Port</th></tr><tr><td rowspan=2>API</td><td>5620</td></tr><tr><td>5621</td></tr><tr><td colspan=2>x</td></tr></table>";
        let t = tables(html);
        let rows: Vec<Vec<&str>> = t[0]
            .rows
            .iter()
            .map(|r| r.cells.iter().map(|c| c.text.as_str()).collect())
            .collect();
        assert_eq!(
            rows,
            vec![vec!["API", "5620"], vec!["API", "5621"], vec!["x", "x"]]
        );
    }
}
