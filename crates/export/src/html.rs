//! Printable HTML change-request document: the same content as the Markdown document in one
//! self-contained page (inline CSS with print rules: A4 landscape, repeated table headers, rows
//! not split across pages; no scripts, no external resources). Every piece of text, user-typed
//! or from the catalog, is written through [`text::html`].

use super::{describe, text, Capabilities, ExportContext, Exporter, Output, Unexpressed};
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
.optional{font-style:italic;color:#555}
.sev-error{color:#a00;font-weight:bold}.sev-warning{color:#8a5a00;font-weight:bold}.sev-info{color:#555}
blockquote{margin:.5em 0;padding:.2em .8em;border-left:3px solid #bbb;color:#333}
.cite{color:#444;font-size:9.5pt}
@page{size:A4 landscape;margin:12mm}
@media print{body{margin:0;max-width:none;font-size:9pt}thead{display:table-header-group}\
tr,li{break-inside:avoid;page-break-inside:avoid}h2,h3{break-after:avoid;page-break-after:avoid}\
a{color:inherit;text-decoration:none}}
";

/// Several values, escaped, one per line.
fn lines<S: AsRef<str>>(values: &[S]) -> String {
    values
        .iter()
        .map(|v| text::html(v.as_ref()))
        .collect::<Vec<_>>()
        .join("<br>")
}

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
        Capabilities {
            fqdn: true,
            wildcard: true,
            ipv6: true,
            unresolved: true,
            ranges: true,
            zones: false,
        }
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
        let h = text::html;
        let mut s = String::new();
        let title = if cx.plan.name.trim().is_empty() {
            "(unnamed plan)".to_string()
        } else {
            cx.plan.name.clone()
        };
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
            "<title>Firewall change request: {}</title>",
            h(&text::single_line(&title))
        );
        let _ = writeln!(s, "<style>\n{STYLE}</style>\n</head>\n<body>");
        let _ = writeln!(s, "<h1>Firewall change request: {}</h1>", h(&title));
        let _ = writeln!(s, "<table class=\"meta\">");
        for (k, v) in [
            ("Plan", title.as_str()),
            ("Catalog revision", cx.report.catalog_revision.as_str()),
            ("Generated", cx.generated_at),
        ] {
            let _ = writeln!(s, "<tr><th>{k}</th><td>{}</td></tr>", h(v));
        }
        let _ = writeln!(
            s,
            "<tr><th>Generator</th><td>Portolan {}</td></tr>",
            h(env!("CARGO_PKG_VERSION"))
        );
        let _ = writeln!(
            s,
            "<tr><th>Rules</th><td>{}</td></tr>",
            h(&describe::counts(cx, rules.len()))
        );
        for line in describe::coverage_lines(cx) {
            let _ = writeln!(s, "<tr><th>Coverage</th><td>{}</td></tr>", h(&line));
        }
        let _ = writeln!(s, "</table>");
        let desc: Vec<String> = cx
            .plan
            .description
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(str::to_string)
            .collect();
        if !desc.is_empty() {
            let _ = writeln!(s, "<blockquote>{}</blockquote>", lines(&desc));
        }

        plan_section(cx, &mut s);

        let _ = writeln!(s, "<h2>Rules</h2>");
        if rules.is_empty() {
            let _ = writeln!(s, "<p>No network rule is needed.</p>");
        }
        for g in describe::rules_by_product(cx, rules) {
            let _ = writeln!(s, "<h3>{}</h3>", h(&g.title));
            if let Some(id) = &g.product {
                let _ = writeln!(
                    s,
                    "<p class=\"coverage\">{}</p>",
                    h(&describe::product_coverage(cx, id))
                );
            }
            let _ = writeln!(s, "<table>");
            let _ = writeln!(s, "<thead><tr><th>Rule</th><th>Source</th><th>Destination</th><th>Transport</th><th>Ports</th><th>Purpose</th><th>Citation</th></tr></thead>\n<tbody>");
            for r in g.rules {
                let mut id = h(&r.id);
                if r.optional {
                    id.push_str("<br><span class=\"optional\">optional</span>");
                }
                let c = describe::rule_cells(cx, r, g.product.is_none());
                if g.product.is_none() {
                    id.push_str("<br>");
                    id.push_str(&lines(&c.products));
                }
                let _ = writeln!(
                    s,
                    "<tr><td class=\"n\">{id}</td><td class=\"ep\">{}</td><td class=\"ep\">{}</td><td class=\"n\">{}</td><td class=\"ports\">{}</td><td class=\"why\">{}</td><td class=\"cite why\">{}</td></tr>",
                    lines(&c.sources),
                    lines(&c.destinations),
                    r.transport,
                    h(&r.ports.to_string()),
                    lines(&r.purposes),
                    lines(&c.citations)
                );
            }
            let _ = writeln!(s, "</tbody>\n</table>");
        }

        let _ = writeln!(s, "<h2>Not expressed</h2>");
        if skipped.is_empty() {
            let _ = writeln!(s, "<p>Every flow of the plan is expressed above.</p>");
        } else {
            let _ = writeln!(s, "<ul>");
            for u in skipped {
                let _ = writeln!(s, "<li>{}: {}</li>", h(&u.rule), h(&u.reason));
            }
            let _ = writeln!(s, "</ul>");
        }

        let _ = writeln!(s, "<h2>Warnings</h2>");
        if cx.report.warnings.is_empty() {
            let _ = writeln!(s, "<p>None.</p>");
        } else {
            let _ = writeln!(s, "<ul>");
            for w in &cx.report.warnings {
                let _ = write!(
                    s,
                    "<li><span class=\"sev-{0}\">{0}</span> <code>{1}</code>: {2}",
                    w.severity,
                    h(w.code.as_str()),
                    h(&w.message)
                );
                if let Some(help) = &w.help {
                    let _ = write!(s, " <em>Help:</em> {}", h(help));
                }
                if let Some(f) = &w.field {
                    let _ = write!(s, " (plan field <code>{}</code>)", h(&f.to_string()));
                }
                let _ = writeln!(s, "</li>");
            }
            let _ = writeln!(s, "</ul>");
        }

        let _ = writeln!(s, "<h2>Requirements</h2>");
        let sections = describe::requirements_by_section(cx);
        if sections.is_empty() {
            let _ = writeln!(s, "<p>None.</p>");
        }
        for (heading, items) in sections {
            let _ = writeln!(s, "<h3>{}</h3>\n<ul>", h(heading));
            for q in items {
                let _ = writeln!(
                    s,
                    "<li><strong>{} / {}</strong>: {} <span class=\"cite\">Source: {}</span></li>",
                    h(&describe::product_name(cx, &q.product)),
                    h(&q.requirement.id),
                    h(&portolan_engine::wording::requirement_line(cx.catalog, q)),
                    h(&describe::citation(
                        cx,
                        std::slice::from_ref(&q.product),
                        &q.requirement.cite
                    ))
                );
            }
            let _ = writeln!(s, "</ul>");
        }
        let _ = writeln!(s, "</body>\n</html>");
        out.content = s;
        out.rule_count = rules.len();
    }
}

fn plan_section(cx: &ExportContext<'_>, s: &mut String) {
    let h = text::html;
    let _ = writeln!(s, "<h2>Plan</h2>\n<h3>Products</h3>\n<ul>");
    if cx.plan.products.is_empty() {
        let _ = writeln!(s, "<li>None selected.</li>");
    }
    for pp in &cx.plan.products {
        let choices = describe::product_choices(pp);
        let _ = write!(
            s,
            "<li><strong>{}</strong> (<code>{}</code>)",
            h(&describe::product_name(cx, &pp.id)),
            h(&pp.id)
        );
        if choices.is_empty() {
            let _ = writeln!(s, ": catalog defaults</li>");
        } else {
            let c: Vec<String> = choices.iter().map(|c| h(c)).collect();
            let _ = writeln!(
                s,
                ": {}; everything else as the catalog's defaults</li>",
                c.join("; ")
            );
        }
    }
    let _ = writeln!(s, "</ul>\n<h3>Hosts</h3>");
    if cx.plan.hosts.is_empty() {
        let _ = writeln!(s, "<p>None.</p>");
        return;
    }
    let _ = writeln!(s, "<table>\n<thead><tr><th>Host</th><th>Addresses</th><th>Zone</th><th>Roles</th><th>Description</th></tr></thead>\n<tbody>");
    for host in &cx.plan.hosts {
        let roles: Vec<String> = host
            .roles
            .iter()
            .map(|r| describe::role_ref(cx, r))
            .collect();
        let desc: Vec<String> = host.description.lines().map(str::to_string).collect();
        let _ = writeln!(
            s,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            h(&host.name),
            lines(&host.addresses),
            h(&host.zone),
            lines(&roles),
            lines(&desc)
        );
    }
    let _ = writeln!(s, "</tbody>\n</table>");
}
