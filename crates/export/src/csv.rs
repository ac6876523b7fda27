//! CSV for change requests: one row per aggregated rule.
//!
//! The file opens cleanly in a spreadsheet: a UTF-8 byte-order mark (so Excel reads non-ASCII
//! names correctly), the column names as the first row, RFC 4180 quoting with CRLF line ends,
//! and cells that would start a formula (`= + - @`) prefixed with `'` by [`text::csv_cell`]. A
//! cell that holds several values (hosts, addresses, purposes, citations) has one per line.
//!
//! Provenance (generator, plan, catalog revision, date, counts, what is not expressed) cannot be
//! a comment in CSV, so it follows the data: one empty row, then rows whose first cell starts
//! with `#` and whose second cell holds the value, padded to the same number of columns. A
//! spreadsheet shows them under the table; a program reads up to the first empty row.

use super::{describe, text, Capabilities, ExportContext, Exporter, Output, Unexpressed};
use portolan_engine::AggregatedRule;

pub struct Csv;

/// The column names (the XLSX export uses them too).
pub(super) const COLUMNS: &[&str] = &[
    "rule",
    "source",
    "source addresses",
    "destination",
    "destination addresses",
    "transport",
    "ports",
    "purpose",
    "product",
    "catalog rules",
    "optional",
    "flows",
    "citation",
];

/// The cells of one rule's row, before CSV quoting (the XLSX export writes the same cells).
pub(super) fn rule_cells(cx: &ExportContext<'_>, r: &AggregatedRule) -> Vec<String> {
    let products: Vec<String> = r
        .products
        .iter()
        .map(|p| describe::product_name(cx, p))
        .collect();
    let citations: Vec<String> = r
        .citations
        .iter()
        .map(|c| describe::citation(cx, &r.products, c))
        .collect();
    vec![
        r.id.clone(),
        describe::endpoint_labels(&r.sources).join("\n"),
        describe::source_addresses(r).join("\n"),
        describe::endpoint_labels(&r.destinations).join("\n"),
        describe::destination_addresses(r).join("\n"),
        r.transport.to_string(),
        r.ports.to_string(),
        r.purposes.join("\n"),
        products.join("\n"),
        r.catalog_rules.join("\n"),
        if r.optional { "yes" } else { "no" }.to_string(),
        r.flow_count.to_string(),
        citations.join("\n"),
    ]
}

/// One CSV record (CRLF-terminated), every cell through [`text::csv_cell`].
pub(super) fn row(out: &mut String, cells: &[String]) {
    let line: Vec<String> = cells.iter().map(|c| text::csv_cell(c)).collect();
    out.push_str(&line.join(","));
    out.push_str("\r\n");
}

/// A provenance row: `#key`, value, then empty cells up to `width` columns.
pub(super) fn meta(out: &mut String, width: usize, key: &str, value: &str) {
    let mut cells = vec![format!("#{key}"), value.to_string()];
    cells.resize(width.max(2), String::new());
    row(out, &cells);
}

impl Exporter for Csv {
    fn is_policy(&self) -> bool {
        false
    }
    fn id(&self) -> &'static str {
        "csv"
    }
    fn name(&self) -> &'static str {
        "CSV (change request)"
    }
    fn extension(&self) -> &'static str {
        "csv"
    }
    fn mime(&self) -> &'static str {
        "text/csv"
    }
    fn capabilities(&self) -> Capabilities {
        Capabilities::EVERY_RULE
    }
    fn description(&self) -> &'static str {
        "One row per aggregated rule with hosts, addresses, ports, purposes and citations; \
         expresses every rule (unmapped roles are marked as having no address yet)."
    }

    fn render(
        &self,
        cx: &ExportContext<'_>,
        rules: &[&AggregatedRule],
        skipped: &[Unexpressed],
        out: &mut Output,
    ) {
        let mut s = String::from("\u{feff}");
        row(
            &mut s,
            &COLUMNS.iter().map(ToString::to_string).collect::<Vec<_>>(),
        );
        for r in rules {
            row(&mut s, &rule_cells(cx, r));
        }
        out.rule_count = rules.len();

        row(&mut s, &vec![String::new(); COLUMNS.len()]);
        meta(
            &mut s,
            COLUMNS.len(),
            "generator",
            &format!(
                "Portolan {} - {} export",
                env!("CARGO_PKG_VERSION"),
                self.name()
            ),
        );
        meta(&mut s, COLUMNS.len(), "plan", &cx.plan.name);
        meta(
            &mut s,
            COLUMNS.len(),
            "catalog revision",
            &cx.report.catalog_revision,
        );
        for line in super::describe::coverage_lines(cx) {
            meta(&mut s, COLUMNS.len(), "coverage", &line);
        }
        meta(&mut s, COLUMNS.len(), "generated", cx.generated_at);
        meta(
            &mut s,
            COLUMNS.len(),
            "counts",
            &format!(
                "{} rule(s) from {} network flow(s)",
                rules.len(),
                cx.report.stats.network_flows
            ),
        );
        if skipped.is_empty() {
            meta(
                &mut s,
                COLUMNS.len(),
                "not expressed",
                "none: every flow of the plan is above",
            );
        }
        for u in skipped {
            meta(
                &mut s,
                COLUMNS.len(),
                "not expressed",
                &format!("{}: {}", u.rule, u.reason),
            );
        }
        out.content = s;
    }
}
