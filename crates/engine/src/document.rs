//! The change request, built once from the report as a [`Document`] (the model in
//! `portolan_core::document`): title, plan, catalog revision and date; the plan's products and
//! hosts; a table of rules per product (source, destination, transport, ports, purpose,
//! citation); what is not expressed; warnings; requirements; the review (sign-off) table. The
//! exporters render it to HTML and Markdown (`portolan_export::document`), the planner to its
//! Change request view (`portolan_core::document::html`).

mod products;

use crate::describe::{self, ExportContext};
use crate::AggregatedRule;
use portolan_catalog::Coverage;
use portolan_core::diag::Severity;
use portolan_core::document::{lines, Block, Cell, Column, Document, Inline, Line};
use serde::Serialize;

/// A flow (aggregated rule) a format could not express, and why.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, schemars::JsonSchema)]
pub struct Unexpressed {
    pub rule: String,
    pub reason: String,
}

/// The change request for the rules an export expresses and those it leaves out.
pub fn change_request(
    cx: &ExportContext<'_>,
    rules: &[&AggregatedRule],
    skipped: &[Unexpressed],
) -> Document {
    let title = if cx.plan.name.trim().is_empty() {
        "(unnamed plan)".to_string()
    } else {
        cx.plan.name.clone()
    };
    let mut blocks = vec![facts(cx, &title, rules.len())];
    let description: Vec<String> = (cx.plan.description.lines())
        .filter(|l| !l.trim().is_empty())
        .map(str::to_string)
        .collect();
    if !description.is_empty() {
        blocks.push(Block::Quote(description));
    }
    blocks.extend(partial_notice(cx));
    plan(cx, &mut blocks);
    rules_section(cx, rules, &mut blocks);
    not_expressed(skipped, &mut blocks);
    warnings(cx, &mut blocks);
    requirements(cx, &mut blocks);
    review(&mut blocks);
    Document {
        kind: "Firewall change request",
        title,
        blocks,
    }
}

fn text(s: impl Into<String>) -> Inline {
    Inline::text(s)
}

fn heading(level: u8, s: impl Into<String>) -> Block {
    Block::Heading(level, vec![text(s)])
}

fn fixed(s: &'static str) -> Block {
    Block::Paragraph(None, vec![Inline::Fixed(s)])
}

/// What the document is of: plan, catalog revision, date, generator, rule counts, coverage.
fn facts(cx: &ExportContext<'_>, title: &str, rule_count: usize) -> Block {
    let mut facts = vec![
        ("Plan", title.to_string()),
        ("Catalog revision", cx.report.catalog_revision.to_string()),
        ("Generated", cx.generated_at.to_string()),
        (
            "Generator",
            format!("Portolan {}", env!("CARGO_PKG_VERSION")),
        ),
        ("Rules", describe::counts(cx, rule_count)),
        ("Warnings", warning_counts(cx)),
    ];
    for line in describe::coverage_lines(cx) {
        facts.push(("Coverage", line));
    }
    Block::Facts(facts)
}

/// `N warning(s), M of them error(s)`.
fn warning_counts(cx: &ExportContext<'_>) -> String {
    let w = &cx.report.warnings;
    let errors = w.iter().filter(|w| w.severity == Severity::Error).count();
    format!("{} warning(s), {errors} of them error(s)", w.len())
}

/// Above the plan: the products whose port tables are partial, so that no one takes this
/// document for the vendors' full lists (nothing when every table is complete).
fn partial_notice(cx: &ExportContext<'_>) -> Option<Block> {
    let partial: Vec<String> = (describe::coverage(cx).into_iter())
        .filter(|(_, c)| matches!(c, Coverage::Partial { .. }))
        .map(|(name, _)| name)
        .collect();
    if partial.is_empty() {
        return None;
    }
    let line = vec![
        Inline::Strong(vec![Inline::Fixed("Partial port tables:")]),
        Inline::Fixed(" "),
        text(partial.join(", ")),
        Inline::Fixed(
            ". Their vendors' published lists were only partly available; the rules below are \
             not their full lists (see Coverage above).",
        ),
    ];
    Some(Block::Paragraph(Some("partial-notice"), line))
}

/// The plan's products (versions, options and parameters) and hosts.
fn plan(cx: &ExportContext<'_>, blocks: &mut Vec<Block>) {
    blocks.push(heading(2, "Plan"));
    blocks.push(heading(3, "Products"));
    blocks.push(products::table(cx));
    blocks.push(heading(3, "Hosts"));
    if cx.plan.hosts.is_empty() {
        blocks.push(fixed("None."));
        return;
    }
    let columns = ["Host", "Addresses", "Zone", "Roles", "Description"];
    let rows = (cx.plan.hosts.iter())
        .map(|h| {
            let roles: Vec<String> = h.roles.iter().map(|r| describe::role_ref(cx, r)).collect();
            let description: Vec<&str> = h.description.lines().collect();
            vec![
                lines(&[&h.name]),
                lines(&h.addresses),
                lines(&[&h.zone]),
                lines(&roles),
                lines(&description),
            ]
        })
        .collect();
    blocks.push(Block::Table(columns.map(Column::new).to_vec(), rows));
}

/// One table of rules per product, then the rules several products share.
fn rules_section(cx: &ExportContext<'_>, rules: &[&AggregatedRule], blocks: &mut Vec<Block>) {
    blocks.push(heading(2, "Rules"));
    if rules.is_empty() {
        blocks.push(fixed("No network rule is needed."));
    }
    let columns = vec![
        Column::styled("Rule", "n"),
        Column::styled("Source", "ep"),
        Column::styled("Destination", "ep"),
        Column::styled("Transport", "n"),
        Column::styled("Ports", "ports"),
        Column::styled("Purpose", "why"),
        Column::styled("Citation", "cite why"),
    ];
    for g in describe::rules_by_product(cx, rules) {
        blocks.push(heading(3, g.title));
        if let Some(id) = &g.product {
            let coverage = describe::product_coverage(cx, id);
            blocks.push(Block::Paragraph(Some("coverage"), vec![text(coverage)]));
        }
        let rows = (g.rules.iter())
            .map(|r| rule_row(cx, r, g.product.is_none()))
            .collect();
        blocks.push(Block::Table(columns.clone(), rows));
    }
}

/// A rule's cells: its id (marked when optional; with the products sharing it), its sources
/// and destinations with their addresses, transport, ports, purposes and citations.
fn rule_row(cx: &ExportContext<'_>, r: &AggregatedRule, shared: bool) -> Vec<Cell> {
    let c = describe::rule_cells(cx, r, shared);
    let mut id: Line = vec![text(r.id.to_string())];
    if r.optional {
        id.push(Inline::Flag("optional"));
    }
    if r.unresolved {
        id.push(Inline::Flag("not mapped yet"));
    }
    let mut id_cell = vec![id];
    id_cell.extend(lines(&c.products));
    vec![
        id_cell,
        lines(&c.sources),
        lines(&c.destinations),
        lines(&[r.transport.to_string()]),
        lines(&[r.ports.to_string()]),
        lines(&r.purposes),
        lines(&c.citations),
    ]
}

/// The flows the format cannot express, each with its reason.
fn not_expressed(skipped: &[Unexpressed], blocks: &mut Vec<Block>) {
    blocks.push(heading(2, "Not expressed"));
    if skipped.is_empty() {
        blocks.push(fixed("Every flow of the plan is expressed above."));
        return;
    }
    let items = (skipped.iter())
        .map(|u| {
            vec![
                text(u.rule.clone()),
                Inline::Fixed(": "),
                text(u.reason.clone()),
            ]
        })
        .collect();
    blocks.push(Block::List(items, None));
}

/// The report's warnings: severity, code, message, help and the plan field.
fn warnings(cx: &ExportContext<'_>, blocks: &mut Vec<Block>) {
    blocks.push(heading(2, "Warnings"));
    if cx.report.warnings.is_empty() {
        blocks.push(fixed("None."));
        return;
    }
    let items = (cx.report.warnings.iter())
        .map(|w| {
            let mut line = vec![
                Inline::Severity(w.severity),
                Inline::Fixed(" "),
                Inline::Code(w.code.to_string()),
                Inline::Fixed(": "),
                text(w.message.clone()),
            ];
            if let Some(help) = &w.help {
                line.extend([Inline::Fixed(" "), Inline::Em("Help:".into())]);
                line.extend([Inline::Fixed(" "), text(help.clone())]);
            }
            if let Some(f) = &w.field {
                line.extend([Inline::Fixed(" (plan field "), Inline::Code(f.to_string())]);
                line.push(Inline::Fixed(")"));
            }
            line
        })
        .collect();
    blocks.push(Block::List(items, None));
}

/// The requirements under their headings, each with its source.
fn requirements(cx: &ExportContext<'_>, blocks: &mut Vec<Block>) {
    blocks.push(heading(2, "Requirements"));
    let sections = describe::requirements_by_section(cx);
    if sections.is_empty() {
        blocks.push(fixed("None."));
    }
    for (title, items) in sections {
        blocks.push(heading(3, title));
        let items = (items.iter())
            .map(|q| {
                let who = vec![
                    text(describe::product_name(cx, &q.product)),
                    Inline::Fixed(" / "),
                    text(q.requirement.id.clone()),
                ];
                let products = std::slice::from_ref(&q.product);
                vec![
                    Inline::Strong(who),
                    Inline::Fixed(": "),
                    text(crate::wording::requirement_line(cx.catalog, q)),
                    Inline::Fixed(" "),
                    Inline::Citation(describe::citation(cx, products, &q.requirement.cite)),
                ]
            })
            .collect();
        blocks.push(Block::List(items, None));
    }
}

/// Where the requester, the approver and the firewall team sign, and the change window.
fn review(blocks: &mut Vec<Block>) {
    blocks.push(heading(2, "Review"));
    let columns = vec![
        Column::new("Step"),
        Column::styled("Name", "sign"),
        Column::styled("Date", "sign"),
    ];
    let rows = [
        "Requested by",
        "Approved by",
        "Implemented by",
        "Change window",
    ]
    .into_iter()
    .map(|step| vec![vec![vec![Inline::Fixed(step)]], Vec::new(), Vec::new()])
    .collect();
    blocks.push(Block::Table(columns, rows));
}
