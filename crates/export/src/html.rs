//! Printable HTML change-request document: the same content as the Markdown document in one
//! self-contained page (inline CSS with print rules: A4 landscape, repeated table headers, rows
//! not split across pages; no scripts, no external resources). Every piece of text, user-typed
//! or from the catalog, is written through [`text::html`].

use super::{document, text, Capabilities, ExportContext, Exporter, Output, Unexpressed};
use portolan_core::document::Document;
use portolan_engine::AggregatedRule;
use std::fmt::Write as _;

pub struct Html;

const STYLE: &str = "\
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;font-size:10.5pt;\
color:#111;margin:2em auto;max-width:80em;padding:0 1em;line-height:1.35}
h1{font-size:17pt;margin:0 0 .4em}h2{font-size:13.5pt;margin:1.4em 0 .4em;border-bottom:1px solid #999}
h3{font-size:11.5pt;margin:1.1em 0 .3em}
table{border-collapse:collapse;width:100%;margin:.3em 0 1em}
th,td{border:1px solid #999;padding:.25em .4em;vertical-align:top;text-align:left;overflow-wrap:break-word}\
td.n{white-space:nowrap}td.ep{min-width:11em}td.ports{min-width:6em}td.why{min-width:16em}
th{background:#eee}
table.meta{width:auto}table.meta th{width:11em}
.optional,.not-mapped-yet{font-style:italic;color:#555}
.partial-notice{border-left:4px solid #8a5a00;background:#fff6e0;padding:.3em .6em}
td.sign{height:2.2em;min-width:14em}
.sev-error{color:#a00;font-weight:bold}.sev-warning{color:#8a5a00;font-weight:bold}.sev-info{color:#555}
blockquote{margin:.5em 0;padding:.2em .8em;border-left:3px solid #bbb;color:#333}
.cite{color:#444;font-size:9.5pt}
@page{size:A4 landscape;margin:12mm}
@media print{body{margin:0;max-width:none;font-size:9pt}thead{display:table-header-group}\
tr,li{break-inside:avoid;page-break-inside:avoid}h2,h3{break-after:avoid;page-break-after:avoid}\
a{color:inherit;text-decoration:none}}
";

impl Exporter for Html {
    fn is_policy(&self) -> bool {
        false
    }
    fn id(&self) -> &'static str {
        "html"
    }
    fn name(&self) -> &'static str {
        "HTML (printable change request)"
    }
    fn extension(&self) -> &'static str {
        "html"
    }
    fn mime(&self) -> &'static str {
        "text/html"
    }
    fn capabilities(&self) -> Capabilities {
        Capabilities::EVERY_RULE
    }
    fn description(&self) -> &'static str {
        "A self-contained printable change-request page: plan, one table of rules per product \
         with citations, warnings and requirements; expresses every rule."
    }

    fn render(
        &self,
        cx: &ExportContext<'_>,
        rules: &[&AggregatedRule],
        skipped: &[Unexpressed],
        out: &mut Output,
    ) {
        let doc = document::change_request(cx, rules, skipped);
        out.content = page(&doc);
        out.rule_count = rules.len();
    }
}

/// The document as one self-contained page: the head with its style, the title, the blocks.
pub(crate) fn page(doc: &Document) -> String {
    let h = text::html;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">"
    );
    let _ = writeln!(
        s,
        "<meta name=\"generator\" content=\"Portolan {}\">",
        h(env!("CARGO_PKG_VERSION"))
    );
    let _ = writeln!(
        s,
        "<title>{}: {}</title>",
        doc.kind,
        h(&text::single_line(&doc.title))
    );
    let _ = writeln!(s, "<style>\n{STYLE}</style>\n</head>\n<body>");
    let _ = writeln!(s, "<h1>{}: {}</h1>", doc.kind, h(&doc.title));
    s.push_str(&document::html::blocks(doc));
    let _ = writeln!(s, "</body>\n</html>");
    s
}
