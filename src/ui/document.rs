//! The change-request document: the plan and its report written as one HTML fragment that a
//! firewall team can review and sign: products and versions, hosts, the rules to open (the
//! aggregated rule set, each with its purpose and the vendor statement behind it), warnings and
//! requirements. The planner shows it in its own view and puts it in the page when printing.
//! Pure Rust, so it is tested natively; every piece of text is escaped.

use portolan_catalog::{Catalog, Citation, Coverage, OptionKind};
use portolan_core::plan::Plan;
use portolan_core::text::xml;
use portolan_engine::wording::requirement_text_with_kind;
use portolan_engine::{AggregatedRule, Endpoint, Report};
use std::fmt::Write as _;
use std::sync::Arc;

/// An endpoint for people: `name (addresses)`.
pub fn endpoint_text(e: &Endpoint) -> String {
    e.text()
}

/// The title and link of a citation's source, if the product lists it.
pub fn source_of(catalog: &Catalog, product: &str, cite: &Citation) -> (String, Option<String>) {
    catalog
        .product(product)
        .and_then(|p| p.source(&cite.source))
        .map_or_else(
            || (cite.source.to_string(), None),
            // no title yet (the long texts come later: `catalog::lite`): the source's id
            |s| {
                let title = if s.title.is_empty() { &s.id } else { &s.title };
                (title.clone(), s.url.clone())
            },
        )
}

fn rule_row(out: &mut String, catalog: &Catalog, r: &AggregatedRule) {
    let side = |eps: &[Arc<Endpoint>]| {
        eps.iter()
            .map(|e| xml(&endpoint_text(e)))
            .collect::<Vec<_>>()
            .join("<br>")
    };
    let mut flags = Vec::new();
    if r.optional {
        flags.push("optional");
    }
    if r.unresolved {
        flags.push("not mapped yet");
    }
    let cites = r
        .citations
        .iter()
        .map(|c| {
            let title = r
                .products
                .iter()
                .find_map(|p| catalog.product(p).and_then(|p| p.source(&c.source)))
                .map_or_else(|| c.source.to_string(), |src| src.title.clone());
            format!("“{}” — {}", xml(&c.quote), xml(&title))
        })
        .collect::<Vec<_>>()
        .join("<br>");
    let _ = write!(
        out,
        "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"ports\">{}</td><td>{}{}</td><td class=\"cite\">{}</td></tr>",
        xml(&r.id),
        side(&r.sources),
        side(&r.destinations),
        r.transport.as_str().to_ascii_uppercase(),
        xml(&r.ports.to_string()),
        r.purposes.iter().map(|p| xml(p)).collect::<Vec<_>>().join("<br>"),
        if flags.is_empty() {
            String::new()
        } else {
            format!(" <em>({})</em>", flags.join(", "))
        },
        cites
    );
}

/// The document as an HTML fragment (a `<article>`). `generated_at` is shown as given.
/// A product's coverage in the products table: what its sources do not show, when partial.
fn coverage_cell(c: &Coverage) -> String {
    match c {
        Coverage::Partial { missing } => format!(
            "<strong class=\"cr-partial\">Partial</strong>: not the full vendor list; missing: {}",
            xml(missing)
        ),
        other => xml(&other.describe()),
    }
}

/// Above everything else: the products whose port tables are partial, so that no one takes
/// this document for the vendors' full lists.
fn partial_notice(s: &mut String, plan: &Plan, catalog: &Catalog) {
    let partial: Vec<String> = plan
        .products
        .iter()
        .filter_map(|pp| catalog.product(&pp.id))
        .filter(|p| matches!(p.coverage, Coverage::Partial { .. }))
        .map(|p| xml(&p.name))
        .collect();
    if !partial.is_empty() {
        let _ = write!(
            s,
            "<p class=\"cr-partial-notice\" role=\"note\"><strong>Partial port tables:</strong> {}. Their vendors' published lists were only partly available; the rules below are not their full lists (see Coverage under Products and versions).</p>",
            partial.join(", ")
        );
    }
}

pub fn change_request(
    plan: &Plan,
    report: &Report,
    catalog: &Catalog,
    generated_at: &str,
) -> String {
    let mut s = String::new();
    let name = if plan.name.trim().is_empty() {
        "Untitled plan"
    } else {
        plan.name.trim()
    };
    let _ = write!(
        s,
        "<article class=\"change-request\"><header><p class=\"cr-kind\">Firewall change request</p><h2>{}</h2><p class=\"cr-meta\">Prepared with Portolan {} · catalog {} · {}</p></header>",
        xml(name),
        env!("CARGO_PKG_VERSION"),
        xml(&report.catalog_revision),
        xml(generated_at)
    );
    if !plan.description.trim().is_empty() {
        let _ = write!(
            s,
            "<p class=\"cr-description\">{}</p>",
            xml(plan.description.trim())
        );
    }
    let errors = report
        .warnings
        .iter()
        .filter(|w| w.severity == portolan_core::diag::Severity::Error)
        .count();
    let _ = write!(
        s,
        "<p class=\"cr-summary\">{} firewall rule(s) from {} network flow(s); {} warning(s), {} of them error(s).</p>",
        report.rules.len(),
        report.stats.network_flows,
        report.warnings.len(),
        errors
    );

    partial_notice(&mut s, plan, catalog);

    // Products.
    s.push_str("<section><h3>Products and versions</h3>");
    if plan.products.is_empty() {
        s.push_str("<p>No products are selected.</p>");
    } else {
        s.push_str("<table><thead><tr><th scope=\"col\">Product</th><th scope=\"col\">Versions</th><th scope=\"col\">Options</th><th scope=\"col\">Coverage</th></tr></thead><tbody>");
        for pp in &plan.products {
            let Some(p) = catalog.product(&pp.id) else {
                let _ = write!(
                    s,
                    "<tr><td>{} <em>(not in the catalog)</em></td><td></td><td></td><td></td></tr>",
                    xml(&pp.id)
                );
                continue;
            };
            let versions = p
                .components
                .iter()
                .map(|c| {
                    let v = pp
                        .versions
                        .get(&c.id)
                        .cloned()
                        .or_else(|| c.default.as_ref().map(ToString::to_string))
                        .unwrap_or_else(|| "not given".to_string());
                    format!("{}: {}", xml(&c.name), xml(&v))
                })
                .collect::<Vec<_>>()
                .join("<br>");
            let options =
                p.options
                    .iter()
                    .map(|o| {
                        let v =
                            pp.options.get(&o.id).map(|v| v.to_string()).unwrap_or_else(
                                || match &o.kind {
                                    OptionKind::Bool { default } => default.to_string(),
                                    OptionKind::Enum { default, .. } => default.clone(),
                                    OptionKind::Set { default, .. } => default.join(", "),
                                },
                            );
                        let v = match v.as_str() {
                            "true" => "on".to_string(),
                            "false" => "off".to_string(),
                            _ => v,
                        };
                        format!("{}: {}", xml(&o.name), xml(&v))
                    })
                    .chain(p.parameters.iter().map(|prm| {
                        let v = pp
                            .parameters
                            .get(&prm.id)
                            .map(|v| v.to_string())
                            .unwrap_or_else(|| prm.default.to_string());
                        format!(
                            "{}: {}{}",
                            xml(&prm.name),
                            xml(&v),
                            prm.unit
                                .as_ref()
                                .map(|u| format!(" {}", xml(u)))
                                .unwrap_or_default()
                        )
                    }))
                    .collect::<Vec<_>>()
                    .join("<br>");
            let _ = write!(
                s,
                "<tr><td>{} <span class=\"muted\">({})</span></td><td>{}</td><td>{}</td><td>{}</td></tr>",
                xml(&p.name),
                xml(&p.vendor),
                versions,
                options,
                coverage_cell(&p.coverage)
            );
        }
        s.push_str("</tbody></table>");
    }
    s.push_str("</section>");

    // Hosts.
    s.push_str("<section><h3>Hosts</h3>");
    if plan.hosts.is_empty() {
        s.push_str("<p>No hosts are described yet.</p>");
    } else {
        s.push_str("<table><thead><tr><th scope=\"col\">Host</th><th scope=\"col\">Addresses</th><th scope=\"col\">Zone</th><th scope=\"col\">Roles</th></tr></thead><tbody>");
        for h in &plan.hosts {
            let _ = write!(
                s,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                xml(&h.name),
                xml(&h.addresses.join(", ")),
                xml(&h.zone),
                h.roles
                    .iter()
                    .map(|r| xml(r))
                    .collect::<Vec<_>>()
                    .join("<br>")
            );
        }
        s.push_str("</tbody></table>");
    }
    s.push_str("</section>");

    // Rules.
    s.push_str("<section><h3>Rules to open</h3>");
    if report.rules.is_empty() {
        s.push_str("<p>No network rules are needed.</p>");
    } else {
        s.push_str("<table class=\"cr-rules\"><thead><tr><th scope=\"col\">Rule</th><th scope=\"col\">Source</th><th scope=\"col\">Destination</th><th scope=\"col\">Transport</th><th scope=\"col\">Ports</th><th scope=\"col\">Purpose</th><th scope=\"col\">Vendor statement</th></tr></thead><tbody>");
        for r in &report.rules {
            rule_row(&mut s, catalog, r);
        }
        s.push_str("</tbody></table>");
    }
    s.push_str("</section>");

    // Warnings.
    s.push_str("<section><h3>Warnings</h3>");
    if report.warnings.is_empty() {
        s.push_str("<p>None.</p>");
    } else {
        s.push_str("<ul class=\"cr-warnings\">");
        for w in &report.warnings {
            let _ = write!(
                s,
                "<li><strong>{}</strong>: {}{}</li>",
                w.severity,
                xml(&w.message),
                w.help
                    .as_ref()
                    .map(|h| format!(" <span class=\"muted\">— {}</span>", xml(h)))
                    .unwrap_or_default()
            );
        }
        s.push_str("</ul>");
    }
    s.push_str("</section>");

    // Requirements.
    s.push_str("<section><h3>Other requirements</h3>");
    if report.requirements.is_empty() {
        s.push_str("<p>None.</p>");
    } else {
        s.push_str("<ul class=\"cr-requirements\">");
        for r in &report.requirements {
            let (title, detail) = requirement_text_with_kind(catalog, r);
            let _ = write!(s, "<li><strong>{}</strong>", xml(&title));
            if !detail.is_empty() {
                let _ = write!(s, ". {}", xml(&detail));
            }
            s.push_str("</li>");
        }
        s.push_str("</ul>");
    }
    s.push_str("</section>");

    s.push_str(
        "<section class=\"cr-signoff\"><h3>Review</h3><table><tbody>\
         <tr><th scope=\"row\">Requested by</th><td></td><th scope=\"row\">Date</th><td></td></tr>\
         <tr><th scope=\"row\">Approved by</th><td></td><th scope=\"row\">Date</th><td></td></tr>\
         <tr><th scope=\"row\">Change window</th><td colspan=\"3\"></td></tr>\
         </tbody></table></section></article>",
    );
    s
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use portolan_bundled::catalog as bundled;
    use portolan_core::plan::{Host, PlanProduct};

    #[test]
    fn partial_products_are_flagged_above_and_in_the_products_table() {
        let cat = bundled().unwrap();
        let plan = crate::ui::examples::example("amazon-connect-wfo").unwrap();
        let r = portolan_engine::evaluate(&cat, &plan);
        let doc = change_request(&plan, &r, &cat, "2026-01-01T00:00:00Z");
        let notice = doc.find("cr-partial-notice").unwrap();
        assert!(notice < doc.find("Products and versions").unwrap());
        assert!(
            doc.contains("<strong>Partial port tables:</strong> Amazon Connect agent workstation")
        );
        assert!(doc.contains("<strong class=\"cr-partial\">Partial</strong>: not the full vendor list; missing: the CCP domain allowlist"));
        assert!(doc.contains("<td>complete: the whole vendor port table is modelled</td>"));
        let complete = crate::ui::examples::example("mixed").unwrap();
        let r = portolan_engine::evaluate(&cat, &complete);
        let doc = change_request(&complete, &r, &cat, "2026-01-01T00:00:00Z");
        assert!(!doc.contains("cr-partial-notice"));
    }

    #[test]
    fn the_document_has_every_rule_host_and_product() {
        let cat = bundled().unwrap();
        let plan = crate::ui::examples::example("mixed").unwrap();
        let r = portolan_engine::evaluate(&cat, &plan);
        let doc = change_request(&plan, &r, &cat, "2026-01-01T00:00:00Z");
        assert!(doc.starts_with("<article") && doc.ends_with("</article>"));
        assert!(doc.contains(&xml(&plan.name)));
        for rule in &r.rules {
            assert!(
                doc.contains(&format!("<tr><td>{}</td>", rule.id)),
                "{}",
                rule.id
            );
        }
        for h in &plan.hosts {
            assert!(doc.contains(&format!("<td>{}</td>", xml(&h.name))));
        }
        for p in &plan.products {
            assert!(doc.contains(&xml(&cat.product(&p.id).unwrap().name)));
        }
        assert!(doc.contains("2026-01-01T00:00:00Z"));
        assert_eq!(
            doc.matches("<table").count(),
            doc.matches("</table>").count()
        );
    }

    #[test]
    fn user_text_is_escaped() {
        let cat = bundled().unwrap();
        let plan = Plan {
            name: "<img src=x onerror=alert(1)>".into(),
            description: "a & b".into(),
            products: vec![PlanProduct {
                id: "<b>".into(),
                ..PlanProduct::default()
            }],
            hosts: vec![Host {
                name: "<i>h</i>".into(),
                addresses: vec!["\"><script>".into()],
                ..Host::default()
            }],
            ..Plan::default()
        };
        let r = portolan_engine::evaluate(&cat, &plan);
        let doc = change_request(&plan, &r, &cat, "<now>");
        for bad in ["<img", "<script", "<b>", "<i>", "<now>"] {
            assert!(!doc.contains(bad), "{bad} in {doc}");
        }
        assert!(doc.contains("a &amp; b"));
    }
}
