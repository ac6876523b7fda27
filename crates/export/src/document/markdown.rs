//! A [`Document`]'s blocks as Markdown. Every piece of data is written through [`md`] (one
//! line, nothing typed becomes markup); only our own fixed words go as they are.

use crate::markdown::md;
use portolan_core::document::{Block, Cell, Column, Document, Inline, Line};
use std::fmt::Write as _;

/// The document's blocks, each followed by a blank line.
pub fn blocks(doc: &Document) -> String {
    let mut s = String::new();
    for b in &doc.blocks {
        block(&mut s, b);
    }
    s
}

fn block(s: &mut String, b: &Block) {
    match b {
        Block::Heading(level, l) => {
            let marks = "#".repeat(usize::from(*level));
            let _ = writeln!(s, "{marks} {}", line(l));
        }
        Block::Paragraph(_, l) => {
            let _ = writeln!(s, "{}", line(l));
        }
        Block::Quote(lines) => {
            for l in lines {
                let _ = writeln!(s, "> {}", md(l));
            }
        }
        Block::Facts(facts) => {
            let _ = writeln!(s, "| | |\n|---|---|");
            for (k, v) in facts {
                let _ = writeln!(s, "| {k} | {} |", md(v));
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
    s.push('\n');
}

fn table(s: &mut String, columns: &[Column], rows: &[Vec<Cell>]) {
    let titles: Vec<&str> = columns.iter().map(|c| c.title).collect();
    let _ = writeln!(s, "| {} |", titles.join(" | "));
    let _ = writeln!(s, "|{}", "---|".repeat(columns.len()));
    for row in rows {
        let cells: Vec<String> = row.iter().map(cell_md).collect();
        let _ = writeln!(s, "| {} |", cells.join(" | "));
    }
}

fn cell_md(cell: &Cell) -> String {
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
    let _ = match i {
        Inline::Text(t) | Inline::Code(t) => write!(s, "{}", md(t)),
        Inline::Fixed(t) => write!(s, "{t}"),
        Inline::Strong(l) => write!(s, "**{}**", line(l)),
        Inline::Em(t) => write!(s, "*{}*", md(t)),
        Inline::Flag(f) => write!(s, " ({f})"),
        Inline::Severity(sev) => write!(s, "**{sev}**"),
        Inline::Citation(c) => write!(s, "*Source:* {}", md(c)),
    };
}
