//! A [`Document`] as plain text for a terminal (the CLI's change requests). Every piece of data
//! is one line with hidden characters shown as `<U+202E>` ([`single_line`]), so a line break or
//! a direction override in a name cannot forge a line or reorder what a reader sees; only our
//! own fixed words go as they are.
//!
//! A table is written as one record a row: its first cell, padded to the widest first cell (at
//! most [`FIRST_WIDTH`]), and its second on one line, then each further cell that is not empty
//! on a line of its own, indented and labelled with its column (`  ports: 443`; a cell's further
//! lines indented below it). Records are separated by a blank line.

use crate::document::{Block, Cell, Column, Document, Inline, Line};
use crate::text::hidden::single_line;
use std::fmt::Write as _;

/// The whole document: `kind: title`, then its blocks, a blank line between two.
pub fn render(doc: &Document) -> String {
    let mut s = format!("{}: {}\n", doc.kind, single_line(&doc.title));
    for b in &doc.blocks {
        s.push('\n');
        block(&mut s, b);
    }
    s
}

fn block(s: &mut String, b: &Block) {
    match b {
        Block::Heading(level, l) => {
            let title = line(l);
            let rule = if *level <= 2 { "=" } else { "-" };
            let _ = writeln!(s, "{title}\n{}", rule.repeat(title.chars().count()));
        }
        Block::Paragraph(_, l) => {
            let _ = writeln!(s, "{}", line(l));
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
        Block::Table(columns, rows) => table(s, columns, rows),
        Block::List(items, none) => {
            if let (true, Some(none)) = (items.is_empty(), none) {
                let _ = writeln!(s, "{none}");
            }
            for item in items {
                let _ = writeln!(s, "- {}", line(item));
            }
        }
    }
}

/// The widest a table's first column is padded to.
const FIRST_WIDTH: usize = 24;

fn table(s: &mut String, columns: &[Column], rows: &[Vec<Cell>]) {
    if columns.is_empty() {
        return;
    }
    let width = (rows.iter())
        .filter_map(|r| r.first())
        .map(|c| cell(c).chars().count())
        .max()
        .unwrap_or(0)
        .min(FIRST_WIDTH);
    for (i, row) in rows.iter().enumerate() {
        if i > 0 {
            s.push('\n');
        }
        let mut cells = row.iter();
        let first = cells.next().map(cell).unwrap_or_default();
        let second = cells.next().map(cell).unwrap_or_default();
        let _ = writeln!(s, "{first:<width$} {second}");
        for (column, c) in columns.iter().skip(2).zip(cells) {
            let lines = c.iter().map(line).filter(|l| !l.is_empty());
            for (i, l) in lines.enumerate() {
                let _ = match i {
                    0 => writeln!(s, "  {}: {l}", column.title),
                    _ => writeln!(s, "    {l}"),
                };
            }
        }
    }
}

/// A cell of several lines on one line, the lines separated by `, `.
fn cell(c: &Cell) -> String {
    (c.iter().map(line))
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(", ")
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
        Inline::Severity(sev) => write!(s, "{sev}:"),
        Inline::Citation(c) => write!(s, "Source: {}", single_line(c)),
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Severity;

    #[test]
    fn data_is_one_line_with_hidden_characters_shown() {
        let doc = Document {
            kind: "Upgrade",
            title: "a\nb".into(),
            blocks: vec![
                Block::Heading(2, vec![Inline::text("Flows")]),
                Block::Facts(vec![("plan", "x\u{202e}y".into())]),
                Block::Paragraph(None, vec![Inline::Fixed("ours")]),
                Block::Quote(vec!["q\r\nr".into()]),
                Block::Table(
                    vec![
                        Column::new("change"),
                        Column::new("what"),
                        Column::new("cite"),
                    ],
                    vec![
                        vec![
                            vec![vec![Inline::Fixed("open")]],
                            vec![vec![Inline::text("a -> b")], vec![Inline::text("c")]],
                            vec![
                                vec![Inline::text("16.1: x")],
                                vec![],
                                vec![Inline::text("17.1: y")],
                            ],
                        ],
                        vec![
                            vec![vec![Inline::Fixed("requirement")]],
                            vec![vec![Inline::text("r"), Inline::Flag("optional")]],
                            vec![],
                        ],
                    ],
                ),
                Block::List(vec![], Some("None.")),
                Block::List(
                    vec![vec![
                        Inline::Severity(Severity::Warning),
                        Inline::Fixed(" "),
                        Inline::Strong(vec![Inline::Em("e\u{200b}".into())]),
                        Inline::Citation("s".into()),
                    ]],
                    None,
                ),
            ],
        };
        let expected = "Upgrade: a b\n\
            \nFlows\n=====\n\
            \nplan: x<U+202E>y\n\
            \nours\n\
            \n> q  r\n\
            \nopen        a -> b, c\n  cite: 16.1: x\n    17.1: y\n\
            \nrequirement r (optional)\n\
            \nNone.\n\
            \n- warning: e<U+200B>Source: s\n";
        assert_eq!(render(&doc), expected);
    }
}
