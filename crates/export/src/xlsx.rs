//! XLSX change request: a workbook to attach to a change, written with `rust_xlsxwriter`.
//!
//! - **Summary** sheet: generator, plan, description, catalog revision, date, rule and flow
//!   counts, every rule not expressed, and the report's warnings.
//! - **All rules** sheet: exactly the CSV export's columns and cells ([`super::csv`]), one row
//!   per aggregated rule.
//! - **One sheet per product** with the rules that product takes part in (a rule several
//!   products share is on each of their sheets), named after the product (its id when the
//!   name is longer than Excel's 31 characters).
//!
//! Every cell is a string cell (never a formula, whatever it starts with); a cell that starts
//! like a formula (`= + - @`, also after white space; tab, carriage return) also carries
//! Excel's quote prefix, so editing it does not turn it into one. Hidden characters (controls,
//! direction overrides, zero-width characters) are shown as `<U+202E>`, as in the CSV. Headers are bold on a shaded background with a bottom
//! border, frozen, filtered and repeated on every printed page; columns have fixed widths and
//! wrap; sheets print landscape on A4, one page wide.
//!
//! `Artifact::bytes` is the file; `Artifact::content` is a tab-separated text view of the same
//! cells (what the planner previews and copies), with the same formula neutralisation as CSV.
//! The workbook's creation date is `generated_at`, so the same export gives the same bytes.

use super::{csv, describe, Capabilities, ExportContext, Exporter, Output, Unexpressed};
use portolan_engine::AggregatedRule;
use rust_xlsxwriter::{
    Color, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet,
    XlsxError,
};

pub struct Xlsx;

/// Column widths (characters) of the rule sheets, by CSV column.
pub const WIDTHS: &[f64] = &[
    6.0, 22.0, 20.0, 22.0, 24.0, 9.0, 16.0, 40.0, 20.0, 30.0, 9.0, 6.0, 50.0,
];
/// Excel's limits: sheet names of 31 characters, without `[ ] : * ? / \`.
const MAX_SHEET_NAME: usize = 31;

/// One sheet: its name and rows of cells (the first row is the header).
pub struct Sheet {
    pub name: String,
    pub rows: Vec<Vec<String>>,
    /// Column widths; the Summary's are its own.
    pub widths: &'static [f64],
}

impl Exporter for Xlsx {
    /// A change-request document, not an allow-list a device applies: never named as the
    /// format that carries what a policy format cannot.
    fn is_policy(&self) -> bool {
        false
    }
    fn id(&self) -> &'static str {
        "xlsx"
    }
    fn name(&self) -> &'static str {
        "XLSX workbook (change request)"
    }
    fn extension(&self) -> &'static str {
        "xlsx"
    }
    fn mime(&self) -> &'static str {
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    }
    fn capabilities(&self) -> Capabilities {
        Capabilities::EVERY_RULE
    }
    fn description(&self) -> &'static str {
        "A workbook for a change request: a summary sheet (plan, catalog revision, counts, \
         warnings), all rules as in the CSV, and one sheet per product; expresses every rule."
    }

    fn render(
        &self,
        cx: &ExportContext<'_>,
        rules: &[&AggregatedRule],
        skipped: &[Unexpressed],
        out: &mut Output,
    ) {
        let sheets = sheets(self, cx, rules, skipped);
        out.content = text_view(&sheets);
        out.rule_count = rules.len();
        match workbook(cx, &sheets) {
            Ok(bytes) => out.bytes = bytes,
            Err(e) => out.unexpressed.push(Unexpressed {
                rule: "*".to_string(),
                reason: format!("the workbook could not be written: {e}"),
            }),
        }
    }
}

/// The sheets of the workbook, as text cells.
pub fn sheets(
    exporter: &dyn Exporter,
    cx: &ExportContext<'_>,
    rules: &[&AggregatedRule],
    skipped: &[Unexpressed],
) -> Vec<Sheet> {
    let header: Vec<String> = csv::COLUMNS.iter().map(ToString::to_string).collect();
    let all: Vec<Vec<String>> = rules.iter().map(|r| csv::rule_cells(cx, r)).collect();
    let mut out = vec![summary(exporter, cx, rules.len(), skipped)];
    let mut with_header = vec![header.clone()];
    with_header.extend(all.iter().cloned());
    let mut taken = vec!["summary".to_string(), "all rules".to_string()];
    out.push(Sheet {
        name: "All rules".into(),
        rows: with_header,
        widths: WIDTHS,
    });
    let mut products: Vec<&str> = rules
        .iter()
        .flat_map(|r| r.products.iter().map(|p| &**p))
        .collect();
    products.sort_unstable();
    products.dedup();
    for p in products {
        let mut rows = vec![header.clone()];
        for (r, cells) in rules.iter().zip(&all) {
            if r.products.iter().any(|x| &**x == p) {
                rows.push(cells.clone());
            }
        }
        // the product's name when it fits a sheet name, else its id
        let name = describe::product_name(cx, p);
        let wanted = if name.chars().count() <= MAX_SHEET_NAME {
            name
        } else {
            p.to_string()
        };
        out.push(Sheet {
            name: sheet_name(&wanted, &mut taken),
            rows,
            widths: WIDTHS,
        });
    }
    out
}

/// The Summary sheet: key/value rows.
fn summary(
    exporter: &dyn Exporter,
    cx: &ExportContext<'_>,
    count: usize,
    skipped: &[Unexpressed],
) -> Sheet {
    let kv = |k: &str, v: String| vec![k.to_string(), v];
    let mut rows = vec![
        kv("item", "value".into()),
        kv(
            "generator",
            format!(
                "Portolan {} - {} export",
                env!("CARGO_PKG_VERSION"),
                exporter.name()
            ),
        ),
        kv("plan", cx.plan.name.clone()),
        kv("description", cx.plan.description.clone()),
        kv("catalog revision", cx.report.catalog_revision.clone()),
    ];
    rows.extend(
        super::describe::coverage_lines(cx)
            .into_iter()
            .map(|line| kv("coverage", line)),
    );
    rows.extend([
        kv("generated", cx.generated_at.to_string()),
        kv(
            "counts",
            format!(
                "{count} rule(s) from {} network flow(s)",
                cx.report.stats.network_flows
            ),
        ),
    ]);
    if skipped.is_empty() {
        rows.push(kv(
            "not expressed",
            "none: every flow of the plan is listed".into(),
        ));
    }
    for u in skipped {
        rows.push(kv("not expressed", format!("{}: {}", u.rule, u.reason)));
    }
    for w in &cx.report.warnings {
        rows.push(kv(
            &format!("warning ({})", w.severity),
            format!("[{}] {}", w.code, w.message),
        ));
    }
    Sheet {
        name: "Summary".into(),
        rows,
        widths: &[20.0, 110.0],
    }
}

/// A unique sheet name from a product name: Excel's forbidden characters become `_`, at most
/// 31 characters, unique ignoring case.
fn sheet_name(wanted: &str, taken: &mut Vec<String>) -> String {
    let clean: String = crate::text::single_line(wanted)
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '_' } else { c })
        .collect();
    let clean = clean.trim_matches('\'').trim().to_string();
    let base: String = if clean.is_empty() {
        "Product".into()
    } else {
        clean
    };
    let mut name: String = base.chars().take(MAX_SHEET_NAME).collect();
    let mut n = 1;
    while taken.contains(&name.to_lowercase()) {
        n += 1;
        let suffix = format!(" ({n})");
        let stem: String = base
            .chars()
            .take(MAX_SHEET_NAME.saturating_sub(suffix.chars().count()))
            .collect();
        name = format!("{stem}{suffix}");
    }
    taken.push(name.to_lowercase());
    name
}

/// The tab-separated view: a line `## SHEET` before each sheet, one line per row; cells on one
/// line, formula starts neutralised with `'` as in CSV.
fn text_view(sheets: &[Sheet]) -> String {
    let mut s = String::new();
    for sheet in sheets {
        s.push_str("## ");
        s.push_str(&crate::text::single_line(&sheet.name));
        s.push('\n');
        for row in &sheet.rows {
            let cells: Vec<String> = row
                .iter()
                .map(|c| {
                    let one = crate::text::single_line(&c.replace('\n', "; ")).replace('\t', " ");
                    if crate::text::formula_like(&one) {
                        format!("'{one}")
                    } else {
                        one
                    }
                })
                .collect();
            s.push_str(&cells.join("\t"));
            s.push('\n');
        }
        s.push('\n');
    }
    s
}

/// The workbook's bytes.
fn workbook(cx: &ExportContext<'_>, sheets: &[Sheet]) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let created = ExcelDateTime::parse_from_str(cx.generated_at)
        .or_else(|_| ExcelDateTime::from_ymd(2000, 1, 1))?;
    wb.set_properties(
        &DocProperties::new()
            .set_title(crate::text::single_line(&cx.plan.name))
            .set_comment("Portolan change request")
            .set_creation_datetime(&created),
    );
    let formats = Formats::new();
    for sheet in sheets {
        let ws = wb.add_worksheet();
        write_sheet(ws, sheet, &formats)?;
    }
    wb.save_to_buffer()
}

struct Formats {
    header: Format,
    cell: Format,
    quoted: Format,
}

impl Formats {
    fn new() -> Formats {
        let cell = Format::new().set_text_wrap().set_align(FormatAlign::Top);
        Formats {
            header: Format::new()
                .set_bold()
                .set_background_color(Color::RGB(0x00D9_E1F2))
                .set_border_bottom(FormatBorder::Thin)
                .set_text_wrap()
                .set_align(FormatAlign::Top),
            quoted: cell.clone().set_quote_prefix(),
            cell,
        }
    }
}

/// One worksheet: string cells, widths, frozen and filtered header, print setup.
fn write_sheet(ws: &mut Worksheet, sheet: &Sheet, f: &Formats) -> Result<(), XlsxError> {
    ws.set_name(&sheet.name)?;
    for (c, w) in sheet.widths.iter().enumerate() {
        ws.set_column_width(col(c), *w)?;
    }
    for (r, row) in sheet.rows.iter().enumerate() {
        let rr = u32::try_from(r).unwrap_or(u32::MAX);
        for (c, text) in row.iter().enumerate() {
            // hidden characters shown as in the CSV (`<U+202E>`), line breaks kept
            let text = crate::text::cell_text(text);
            let format = if r == 0 {
                &f.header
            } else if crate::text::formula_like(&text) {
                &f.quoted
            } else {
                &f.cell
            };
            ws.write_string_with_format(rr, col(c), text.as_ref(), format)?;
        }
    }
    let last_col = col(sheet.rows.first().map_or(1, Vec::len).saturating_sub(1));
    let last_row = u32::try_from(sheet.rows.len().saturating_sub(1)).unwrap_or(u32::MAX);
    ws.set_freeze_panes(1, 0)?;
    if last_row > 0 {
        ws.autofilter(0, 0, last_row, last_col)?;
    }
    ws.set_landscape();
    ws.set_paper_size(9); // A4
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(0, 0)?;
    Ok(())
}

fn col(c: usize) -> u16 {
    u16::try_from(c).unwrap_or(u16::MAX)
}
