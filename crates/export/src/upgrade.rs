//! The upgrade of one product as a change request: plain text (the CLI), Markdown, HTML and CSV.
//!
//! Every format lists the same rows (see [`rows`]): the flows to open, the flows that can be
//! closed, the flows that change, and the requirements and warnings that appear or disappear,
//! each with the citation of both releases. Text, Markdown and HTML are one document
//! ([`document`], the model of `portolan_core::document`) drawn by the change request's
//! renderers (`crate::document`), which escape every piece of data for their format: plain text
//! one line a field with hidden characters shown as `<U+202E>`, Markdown with no markup, link or
//! HTML from the text, HTML escaped; CSV through [`csv_cell`] (no formula), JSON with hidden
//! characters as `\uXXXX`.

use super::document;
use super::markdown::md;
use super::text::{csv_cell, json_escape_hidden};
use portolan_core::document::{Block, Cell, Column, Document, Inline};
use portolan_engine::upgrade::{SideCite, Upgrade, UpgradeFlow};

/// The formats an upgrade can be written in: id, file extension.
pub const FORMATS: &[(&str, &str)] = &[
    ("text", "txt"),
    ("markdown", "md"),
    ("html", "html"),
    ("csv", "csv"),
    ("json", "json"),
];

/// One line of the change request.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// `open`, `close`, `change`, `requirement added`, `requirement removed`,
    /// `requirement changed`, `warning added`, `warning removed`.
    pub change: &'static str,
    /// The flow (source -> destination, transport, ports) or the requirement or warning.
    pub what: String,
    /// What changes (`ports: 5638 -> 5633`), or the purpose.
    pub detail: String,
    pub cite_from: String,
    pub cite_to: String,
}

/// `agents (10.20.0.0/16)`: the one way of writing an endpoint.
pub use portolan_engine::wording::endpoint;

fn flow_row(change: &'static str, f: &UpgradeFlow) -> Row {
    let protocol = f
        .protocol
        .as_ref()
        .map(|p| format!(" {}", p.to_uppercase()))
        .unwrap_or_default();
    Row {
        change,
        what: format!(
            "{} -> {} {} {}{protocol}",
            endpoint(&f.source),
            endpoint(&f.destination),
            f.transport.as_str(),
            f.ports
        ),
        detail: format!("{} [{}]", f.purpose, f.rule),
        cite_from: f.cite_from.text(),
        cite_to: f.cite_to.text(),
    }
}

/// Every change of the upgrade, in the order the documents list them.
pub fn rows(u: &Upgrade) -> Vec<Row> {
    let mut out: Vec<Row> = Vec::new();
    out.extend(u.open.iter().map(|f| flow_row("open", f)));
    out.extend(u.close.iter().map(|f| flow_row("close", f)));
    for c in &u.changed {
        let diffs: Vec<String> = (c.differences.iter())
            .map(|d| format!("{}: {} -> {}", d.what, d.from, d.to))
            .collect();
        out.push(Row {
            change: "change",
            what: format!(
                "{} -> {} {} [{}]",
                c.source,
                c.destination,
                c.transport.as_str(),
                c.rule_to
            ),
            detail: diffs.join("; "),
            cite_from: c.cite_from.text(),
            cite_to: c.cite_to.text(),
        });
    }
    for (change, list) in [
        ("requirement added", &u.requirements_added),
        ("requirement removed", &u.requirements_removed),
        ("requirement changed", &u.requirements_changed),
    ] {
        out.extend(list.iter().map(|q| Row {
            change,
            what: format!("{} {}", q.kind, q.id),
            detail: q.text.clone(),
            cite_from: q.cite_from.text(),
            cite_to: q.cite_to.text(),
        }));
    }
    for (change, list) in [
        ("warning added", &u.warnings_added),
        ("warning removed", &u.warnings_removed),
    ] {
        out.extend(list.iter().map(|w| Row {
            change,
            what: w.code.to_string(),
            detail: w.message.clone(),
            cite_from: String::new(),
            cite_to: String::new(),
        }));
    }
    out
}

fn title(u: &Upgrade) -> String {
    format!(
        "{}: upgrade from {} to {}",
        u.product_name, u.from.version, u.to.version
    )
}

fn sources(s: &portolan_engine::upgrade::Side) -> String {
    let list: Vec<String> = (s.sources.iter())
        .map(|r| match &r.url {
            Some(u) => format!("{} <{u}>", r.title),
            None => r.title.clone(),
        })
        .collect();
    list.join("; ")
}

/// The lines every format opens with: plan, catalog, the two releases and their documents.
fn preamble(u: &Upgrade, generated_at: &str) -> Vec<String> {
    let mut lines = vec![
        format!("plan: {}", u.plan),
        format!("catalog revision: {}", u.catalog_revision),
        format!("generated: {generated_at}"),
        format!("from: {} ({})", u.from.label, sources(&u.from)),
        format!("to: {} ({})", u.to.label, sources(&u.to)),
        format!(
            "{} flow(s) to open, {} that can be closed, {} changed; {} requirement(s) added, {} removed, {} changed",
            u.open.len(),
            u.close.len(),
            u.changed.len(),
            u.requirements_added.len(),
            u.requirements_removed.len(),
            u.requirements_changed.len()
        ),
    ];
    lines.extend(u.notes.iter().map(|n| format!("note: {n}")));
    if !u.carried_over.is_empty() {
        let facts: Vec<String> = (u.carried_over.iter())
            .map(|c| format!("{} (from {})", c.fact, c.from))
            .collect();
        lines.push(format!(
            "carried over into {} (not seen in the {} document): {}",
            u.to.release,
            u.to.release,
            facts.join(", ")
        ));
    }
    lines
}

/// The upgrade as a document (`portolan_core::document`): the preamble's lines, then one row per
/// change ([`rows`]), or a line saying nothing changes. Text, Markdown and HTML render it.
pub fn document(u: &Upgrade, generated_at: &str) -> Document {
    let preamble = preamble(u, generated_at)
        .into_iter()
        .map(|l| vec![Inline::text(l)]);
    let mut blocks = vec![Block::List(preamble.collect(), None)];
    let rows: Vec<Vec<Cell>> = (rows(u).into_iter())
        .map(|r| {
            let mut row = vec![vec![vec![Inline::Fixed(r.change)]]];
            row.extend([r.what, r.detail, r.cite_from, r.cite_to].map(cell));
            row
        })
        .collect();
    if rows.is_empty() {
        blocks.push(Block::Paragraph(None, vec![Inline::Fixed(NOTHING)]));
    } else {
        let columns = [
            "change",
            "flow or fact",
            "detail",
            "from release",
            "to release",
        ];
        blocks.push(Block::Table(columns.map(Column::new).to_vec(), rows));
    }
    Document {
        kind: "Upgrade change request",
        title: title(u),
        blocks,
    }
}

/// A cell of one line of data; no line when empty.
fn cell(s: String) -> Cell {
    if s.is_empty() {
        Vec::new()
    } else {
        vec![vec![Inline::text(s)]]
    }
}

/// What the document says when the upgrade changes nothing for the plan.
const NOTHING: &str = "nothing changes for this plan";

/// Plain text for a terminal: each field on its own line (a line break in a name cannot forge
/// a row), hidden characters shown.
pub fn text(u: &Upgrade, generated_at: &str) -> String {
    document::text::render(&document(u, generated_at))
}

/// A Markdown change request.
pub fn markdown(u: &Upgrade, generated_at: &str) -> String {
    let doc = document(u, generated_at);
    let s = format!(
        "# {}: {}\n\n{}",
        doc.kind,
        md(&doc.title),
        document::markdown::blocks(&doc)
    );
    s.trim_end().to_string() + "\n"
}

/// A self-contained printable HTML change request (the change request's page and style).
pub fn html(u: &Upgrade, generated_at: &str) -> String {
    super::html::page(&document(u, generated_at))
}

/// One CSV row per change, with a header row; UTF-8 with a byte-order mark, as the other CSV
/// files, so that spreadsheets read the vendors' names and quotes right.
pub fn csv(u: &Upgrade) -> String {
    let mut s = String::from(
        "\u{feff}product,from,to,change,flow or fact,detail,from release,to release\r\n",
    );
    for r in rows(u) {
        let cells = [
            u.product.as_str(),
            u.from.version.as_str(),
            u.to.version.as_str(),
            r.change,
            &r.what,
            &r.detail,
            &r.cite_from,
            &r.cite_to,
        ];
        let line: Vec<String> = cells.iter().map(|c| csv_cell(c)).collect();
        s.push_str(&line.join(","));
        s.push_str("\r\n");
    }
    s
}

/// The upgrade in format `id` (see [`FORMATS`]); `None` for an unknown id.
pub fn render(u: &Upgrade, id: &str, generated_at: &str) -> Option<String> {
    Some(match id {
        "text" => text(u, generated_at),
        "markdown" => markdown(u, generated_at),
        "html" => html(u, generated_at),
        "csv" => csv(u),
        // hidden characters (direction overrides, C1 controls) as `\uXXXX`
        "json" => json_escape_hidden(&serde_json::to_string_pretty(u).ok()?) + "\n",
        _ => return None,
    })
}

/// How one release cites a fact, for a table cell.
pub fn cite_text(c: &SideCite) -> String {
    c.text()
}
