//! The change-request document in the planner: the engine's model of it
//! (`portolan_engine::document::change_request`, the one the HTML and Markdown exports render)
//! drawn by the shared HTML renderer (`portolan_core::document::html`) in the planner's frame:
//! products and versions, hosts, the rules to open (each with its purpose and the vendor
//! statement behind it), warnings, requirements and the review table a firewall team signs.
//! The planner shows it in its own view and puts it in the page when printing. Pure Rust, so it
//! is tested natively; every piece of data is escaped by the renderer.

use portolan_catalog::{Catalog, Citation};
use portolan_core::document::html;
use portolan_core::plan::Plan;
use portolan_core::text::xml;
use portolan_engine::describe::Context;
use portolan_engine::{AggregatedRule, Report};

/// An endpoint for people: the one way of writing it (`portolan_engine::wording::endpoint`).
pub use portolan_engine::wording::endpoint as endpoint_text;

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

/// The document as an HTML fragment (an `<article>`): its kind and title, then the model's
/// blocks. `generated_at` is shown as given. Every rule of the report is in it (the planner
/// leaves none out, as the HTML export).
pub fn change_request(
    plan: &Plan,
    report: &Report,
    catalog: &Catalog,
    generated_at: &str,
) -> String {
    let cx = Context {
        report,
        plan,
        catalog,
        generated_at,
    };
    let rules: Vec<&AggregatedRule> = report.rules.iter().collect();
    let doc = portolan_engine::document::change_request(&cx, &rules, &[]);
    format!(
        "<article class=\"change-request\"><header><p class=\"cr-kind\">{}</p><h2>{}</h2></header>\n{}</article>",
        doc.kind,
        xml(&doc.title),
        html::blocks(&doc)
    )
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use portolan_bundled::catalog as bundled;
    use portolan_core::plan::{Host, PlanProduct};

    const NOW: &str = "2026-01-01T00:00:00Z";

    fn example(name: &str) -> (Plan, Report, Catalog) {
        let cat = bundled().unwrap();
        let plan = crate::ui::examples::example(name).unwrap();
        let r = portolan_engine::evaluate(&cat, &plan);
        (plan, r, cat)
    }

    #[test]
    fn the_view_is_the_engines_model_drawn_by_the_shared_renderer() {
        let (plan, r, cat) = example("mixed");
        let doc = change_request(&plan, &r, &cat, NOW);
        let cx = Context {
            report: &r,
            plan: &plan,
            catalog: &cat,
            generated_at: NOW,
        };
        let rules: Vec<&AggregatedRule> = r.rules.iter().collect();
        let model = portolan_engine::document::change_request(&cx, &rules, &[]);
        let blocks = html::blocks(&model);
        assert!(doc.starts_with("<article class=\"change-request\"><header><p class=\"cr-kind\">Firewall change request</p>"));
        assert!(doc.ends_with(&format!("{blocks}</article>")));
        assert!(doc.contains(&format!("<h2>{}</h2>", xml(&plan.name))));
        for rule in &r.rules {
            assert!(
                doc.contains(&format!("<tr><td class=\"n\">{}", rule.id)),
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
        let errors = (r.warnings.iter())
            .filter(|w| w.severity == portolan_core::diag::Severity::Error)
            .count();
        let counts = format!("{} warning(s), {errors} of them error(s)", r.warnings.len());
        for part in [NOW, &counts, "<h2>Review</h2>", "<td>Requested by</td>"] {
            assert!(doc.contains(part), "{part}");
        }
        assert!(!doc.contains("partial-notice"));
        assert_eq!(
            doc.matches("<table").count(),
            doc.matches("</table>").count()
        );
    }

    #[test]
    fn partial_products_are_flagged_above_the_plan() {
        let (plan, r, cat) = example("amazon-connect-wfo");
        let doc = change_request(&plan, &r, &cat, NOW);
        let notice = doc
            .find("<p class=\"partial-notice\"><strong>Partial port tables:</strong> Amazon Connect agent workstation")
            .unwrap();
        assert!(notice < doc.find("<h2>Plan</h2>").unwrap());
        assert!(doc.contains("missing: the CCP domain allowlist"));
    }

    #[test]
    fn user_text_is_escaped_and_roles_without_hosts_are_flagged() {
        let cat = bundled().unwrap();
        let plan = Plan {
            name: "<img src=x onerror=alert(1)>".into(),
            description: "a & b".into(),
            products: vec![
                PlanProduct {
                    id: "<b>".into(),
                    ..PlanProduct::default()
                },
                PlanProduct {
                    id: "screen-capture".into(),
                    ..PlanProduct::default()
                },
            ],
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
        assert!(doc.contains("<code>&lt;b&gt;</code> (not in the catalog)"));
        assert!(r.rules.iter().any(|r| r.unresolved));
        assert!(doc.contains("<span class=\"not-mapped-yet\">not mapped yet</span>"));
    }
}
