//! The upgrade of one product as a change request: plain text (the CLI), Markdown, HTML and CSV.
//!
//! Every format lists the same rows (see [`rows`]): the flows to open, the flows that can be
//! closed, the flows that change, and the requirements and warnings that appear or disappear,
//! each with the citation of both releases. User text (plan and host names) and catalog text
//! are escaped for each format as the report exports escape them (`text.rs`): plain text one
//! line a field with hidden characters shown as `<U+202E>` ([`one_line`]), Markdown through
//! [`md`] (no markup, link or HTML from the text), HTML through [`h`], CSV through
//! [`csv_cell`] (no formula), JSON with hidden characters as `\uXXXX`.

use super::markdown::md;
use super::text::{csv_cell, html as h, json_escape_hidden, single_line as one_line};
use portolan_engine::upgrade::{SideCite, Upgrade, UpgradeFlow};
use std::fmt::Write as _;

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

/// Plain text for a terminal: each field on its own line (a line break in a name cannot forge
/// a row), hidden characters shown.
pub fn text(u: &Upgrade, generated_at: &str) -> String {
    let mut s = format!("{}\n", one_line(&title(u)));
    for l in preamble(u, generated_at) {
        let _ = writeln!(s, "{}", one_line(&l));
    }
    let rows = rows(u);
    if rows.is_empty() {
        s.push_str("\nnothing changes for this plan\n");
    }
    for r in rows {
        let _ = writeln!(
            s,
            "\n{:<20} {}\n  {}",
            r.change,
            one_line(&r.what),
            one_line(&r.detail)
        );
        for c in [&r.cite_from, &r.cite_to]
            .into_iter()
            .filter(|c| !c.is_empty())
        {
            let _ = writeln!(s, "  {}", one_line(c));
        }
    }
    s
}

/// A Markdown change request.
pub fn markdown(u: &Upgrade, generated_at: &str) -> String {
    let mut s = format!("# {}\n\n", md(&title(u)));
    for l in preamble(u, generated_at) {
        let _ = writeln!(s, "- {}", md(&l));
    }
    s.push_str(
        "\n| change | flow or fact | detail | from release | to release |\n|---|---|---|---|---|\n",
    );
    for r in rows(u) {
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {} |",
            r.change,
            md(&r.what),
            md(&r.detail),
            md(&r.cite_from),
            md(&r.cite_to)
        );
    }
    s
}

/// A self-contained printable HTML change request.
pub fn html(u: &Upgrade, generated_at: &str) -> String {
    let t = h(&title(u));
    let mut s = format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{t}</title>\n<style>body{{font:14px system-ui,sans-serif;margin:2em}}table{{border-collapse:collapse}}td,th{{border:1px solid #999;padding:4px;vertical-align:top;text-align:left}}</style></head><body>\n<h1>{t}</h1>\n<ul>\n"
    );
    for l in preamble(u, generated_at) {
        let _ = writeln!(s, "<li>{}</li>", h(&l));
    }
    s.push_str("</ul>\n<table><thead><tr><th>change</th><th>flow or fact</th><th>detail</th><th>from release</th><th>to release</th></tr></thead><tbody>\n");
    for r in rows(u) {
        let _ = writeln!(
            s,
            "<tr class=\"{}\"><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            r.change.replace(' ', "-"),
            r.change,
            h(&r.what),
            h(&r.detail),
            h(&r.cite_from),
            h(&r.cite_to)
        );
    }
    s.push_str("</tbody></table>\n</body></html>\n");
    s
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
