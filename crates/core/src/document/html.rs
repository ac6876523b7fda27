//! A [`Document`]'s blocks as HTML: the body of the HTML export's page (`portolan_export`), and
//! the renderer the planner may share (it sits below the engine, so every front end can use it).
//! Every piece of data is written through [`text::html`]; only our own fixed words go as they are.

use crate::document::{Block, Cell, Column, Document, Inline, Line};
use crate::text;
use std::fmt::Write as _;

/// The document's blocks, one element (or table) a line.
pub fn blocks(doc: &Document) -> String {
    let mut s = String::new();
    for b in &doc.blocks {
        block(&mut s, b);
    }
    s
}

fn block(s: &mut String, b: &Block) {
    let _ = match b {
        Block::Heading(level, l) => writeln!(s, "<h{level}>{}</h{level}>", line(l)),
        Block::Paragraph(None, l) => writeln!(s, "<p>{}</p>", line(l)),
        Block::Paragraph(Some(class), l) => writeln!(s, "<p class=\"{class}\">{}</p>", line(l)),
        Block::Quote(lines) => writeln!(s, "<blockquote>{}</blockquote>", data_lines(lines)),
        Block::Facts(facts) => {
            let _ = writeln!(s, "<table class=\"meta\">");
            for (k, v) in facts {
                let _ = writeln!(s, "<tr><th>{k}</th><td>{}</td></tr>", text::html(v));
            }
            writeln!(s, "</table>")
        }
        Block::Table(columns, rows) => table(s, columns, rows),
        Block::List(items, none) => {
            let _ = writeln!(s, "<ul>");
            if let (true, Some(none)) = (items.is_empty(), none) {
                let _ = writeln!(s, "<li>{none}</li>");
            }
            for item in items {
                let _ = writeln!(s, "<li>{}</li>", line(item));
            }
            writeln!(s, "</ul>")
        }
    };
}

fn table(s: &mut String, columns: &[Column], rows: &[Vec<Cell>]) -> std::fmt::Result {
    let _ = write!(s, "<table>\n<thead><tr>");
    for c in columns {
        let _ = write!(s, "<th>{}</th>", c.title);
    }
    let _ = writeln!(s, "</tr></thead>\n<tbody>");
    for row in rows {
        s.push_str("<tr>");
        for (c, cell) in columns.iter().zip(row) {
            match c.class {
                Some(class) => {
                    let _ = write!(s, "<td class=\"{class}\">{}</td>", cell_html(cell));
                }
                None => {
                    let _ = write!(s, "<td>{}</td>", cell_html(cell));
                }
            }
        }
        s.push_str("</tr>\n");
    }
    writeln!(s, "</tbody>\n</table>")
}

/// Lines of data, escaped, one per line.
fn data_lines(values: &[String]) -> String {
    values
        .iter()
        .map(|v| text::html(v))
        .collect::<Vec<_>>()
        .join("<br>")
}

fn cell_html(cell: &Cell) -> String {
    cell.iter().map(line).collect::<Vec<_>>().join("<br>")
}

fn line(l: &Line) -> String {
    let mut s = String::new();
    for i in l {
        inline(&mut s, i);
    }
    s
}

fn inline(s: &mut String, i: &Inline) {
    let h = text::html;
    let _ = match i {
        Inline::Text(t) => write!(s, "{}", h(t)),
        Inline::Fixed(t) => write!(s, "{t}"),
        Inline::Strong(l) => write!(s, "<strong>{}</strong>", line(l)),
        Inline::Em(t) => write!(s, "<em>{}</em>", h(t)),
        Inline::Code(t) => write!(s, "<code>{}</code>", h(t)),
        Inline::Flag(f) => write!(s, "<br><span class=\"{}\">{f}</span>", f.replace(' ', "-")),
        Inline::Severity(sev) => write!(s, "<span class=\"sev-{sev}\">{sev}</span>"),
        Inline::Citation(c) => write!(s, "<span class=\"cite\">Source: {}</span>", h(c)),
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Severity;

    #[test]
    fn data_is_escaped_and_fixed_words_are_written_as_they_are() {
        let doc = Document {
            kind: "Firewall change request",
            title: "t".into(),
            blocks: vec![
                Block::Heading(2, vec![Inline::text("<h>")]),
                Block::Paragraph(Some("coverage"), vec![Inline::Fixed("<b>ours</b>")]),
                Block::Quote(vec!["a & b".into(), "\"q\"".into()]),
                Block::Facts(vec![("Plan", "<script>".into())]),
                Block::Table(
                    vec![Column::new("Rule"), Column::styled("Ports", "ports")],
                    vec![vec![
                        vec![vec![Inline::text("r1"), Inline::Flag("optional")]],
                        vec![vec![Inline::Code("<1>".into())], vec![Inline::text("2")]],
                    ]],
                ),
                Block::List(vec![], Some("None.")),
                Block::List(
                    vec![vec![
                        Inline::Severity(Severity::Error),
                        Inline::Strong(vec![Inline::Em("'e'".into())]),
                        Inline::Citation("s<".into()),
                    ]],
                    None,
                ),
            ],
        };
        let expected = "<h2>&lt;h&gt;</h2>\n\
            <p class=\"coverage\"><b>ours</b></p>\n\
            <blockquote>a &amp; b<br>&quot;q&quot;</blockquote>\n\
            <table class=\"meta\">\n<tr><th>Plan</th><td>&lt;script&gt;</td></tr>\n</table>\n\
            <table>\n<thead><tr><th>Rule</th><th>Ports</th></tr></thead>\n<tbody>\n\
            <tr><td>r1<br><span class=\"optional\">optional</span></td>\
            <td class=\"ports\"><code>&lt;1&gt;</code><br>2</td></tr>\n</tbody>\n</table>\n\
            <ul>\n<li>None.</li>\n</ul>\n\
            <ul>\n<li><span class=\"sev-error\">error</span><strong><em>&#39;e&#39;</em></strong>\
            <span class=\"cite\">Source: s&lt;</span></li>\n</ul>\n";
        assert_eq!(blocks(&doc), expected);
    }
}
