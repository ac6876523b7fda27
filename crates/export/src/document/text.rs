//! A [`Document`] as plain text for a terminal (the CLI): the kind and title, then each block;
//! every piece of data on one line with hidden characters shown ([`single_line`]), so that a
//! line break in a name cannot forge a line; only our own fixed words go as they are.
//!
//! A table's rows are written one after another, each after a blank line: the first cell padded
//! to 20 characters, then the second on the same line, then each further cell that is not
//! empty on a line of its own, indented.

use crate::text::single_line;
use portolan_core::document::{Block, Cell, Document, Inline, Line};
use std::fmt::Write as _;

/// The document as text: `Kind: title`, then its blocks.
pub fn render(doc: &Document) -> String {
    let mut s = format!("{}: {}\n", doc.kind, single_line(&doc.title));
    for b in &doc.blocks {
        block(&mut s, b);
    }
    s
}

fn block(s: &mut String, b: &Block) {
    match b {
        Block::Heading(_, l) | Block::Paragraph(_, l) => {
            let _ = write!(s, "\n{}\n", line(l));
        }
        Block::Quote(lines) => {
            for l in lines {
                let _ = writeln!(s, "> {}", single_line(l));
            }
        }
        Block::Facts(facts) => {
            for (k, v) in facts {
                let _ = writeln!(s, "{k}: {}", single_line(v));
            }
        }
        Block::Table(_, rows) => {
            for row in rows {
                let mut cells = row.iter().map(cell);
                let first = cells.next().unwrap_or_default();
                let second = cells.next().unwrap_or_default();
                let _ = write!(s, "\n{first:<20} {second}\n");
                for c in cells.filter(|c| !c.is_empty()) {
                    let _ = writeln!(s, "  {c}");
                }
            }
        }
        Block::List(items, none) => {
            if let (true, Some(none)) = (items.is_empty(), none) {
                let _ = writeln!(s, "{none}");
            }
            for item in items {
                let _ = writeln!(s, "{}", line(item));
            }
        }
    }
}

/// A cell's lines on one line, `; ` between them.
fn cell(c: &Cell) -> String {
    c.iter().map(line).collect::<Vec<_>>().join("; ")
}

fn line(l: &Line) -> String {
    let mut s = String::new();
    for i in l {
        inline(&mut s, i);
    }
    s
}

fn inline(s: &mut String, i: &Inline) {
    let _ = match i {
        Inline::Text(t) | Inline::Code(t) | Inline::Em(t) => write!(s, "{}", single_line(t)),
        Inline::Fixed(t) => write!(s, "{t}"),
        Inline::Strong(l) => write!(s, "{}", line(l)),
        Inline::Flag(f) => write!(s, " ({f})"),
        Inline::Severity(sev) => write!(s, "{sev}"),
        Inline::Citation(c) => write!(s, "Source: {}", single_line(c)),
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use portolan_core::document::Column;

    #[test]
    fn every_piece_of_data_is_one_line_and_rows_are_apart() {
        let doc = Document {
            kind: "Upgrade change request",
            title: "p\nforged".into(),
            blocks: vec![
                Block::List(vec![vec![Inline::text("plan: a\u{202e}b")]], None),
                Block::Table(
                    vec![
                        Column::new("change"),
                        Column::new("what"),
                        Column::new("detail"),
                    ],
                    vec![vec![
                        vec![vec![Inline::Fixed("open")]],
                        vec![vec![Inline::text("x -> y")]],
                        vec![vec![Inline::text("why\nnot")], vec![Inline::text("2")]],
                    ]],
                ),
                Block::Paragraph(None, vec![Inline::Fixed("done")]),
            ],
        };
        let expected = "Upgrade change request: p forged\nplan: a<U+202E>b\n\n\
            open                 x -> y\n  why not; 2\n\ndone\n";
        assert_eq!(render(&doc), expected);
    }
}
