//! Plain-text descriptions of report items, shared by the change-request document
//! ([`crate::document`]), the exporters' document-like formats (CSV, Markdown, HTML) and check
//! scripts, and the planner. Everything here returns the user's text unquoted and unescaped:
//! each format escapes it when it writes it.

use crate::{AggregatedRule, Endpoint, EndpointKind, Report, ResolvedRequirement};
use portolan_catalog::{Catalog, Citation, Coverage};
use portolan_core::plan::Plan;
use portolan_core::sort::SortShared;
use portolan_core::text::Text;
use std::sync::Arc;

pub use crate::wording::{endpoint as endpoint_with_addresses, endpoint_label};

/// What a description needs: the report, the plan and catalog it came from, and a timestamp
/// supplied by the caller (the engine has no clock). The exporters' `ExportContext`.
pub struct Context<'a> {
    pub report: &'a Report,
    pub plan: &'a Plan,
    pub catalog: &'a Catalog,
    /// When the document or export was made, as the caller wants it shown (e.g.
    /// `2026-11-23T10:00:00Z`).
    pub generated_at: &'a str,
}

/// The exporters' name for [`Context`].
pub type ExportContext<'a> = Context<'a>;

/// The names of a rule's source or destination endpoints, one per endpoint.
pub fn endpoint_labels(eps: &[Arc<Endpoint>]) -> Vec<String> {
    eps.iter().map(|e| endpoint_label(e)).collect()
}

/// The addresses a firewall rule uses for one side: collapsed networks, then names; `any` for an
/// any-address side; a note when some endpoint has no address yet.
fn side_addresses(
    nets: &[ipnet::IpNet],
    names: &[portolan_core::net::Address],
    eps: &[Arc<Endpoint>],
    any: bool,
) -> Vec<String> {
    if any {
        return vec!["any".to_string()];
    }
    let mut out: Vec<String> = nets
        .iter()
        .map(|n| portolan_core::net::Address::Net(*n).to_string())
        .chain(names.iter().map(ToString::to_string))
        .collect();
    for e in eps.iter().filter(|e| !e.is_resolved()) {
        out.push(format!("(no address yet for {})", endpoint_label(e)));
    }
    out
}

/// Source addresses of a rule, as [`side_addresses`] describes.
pub fn source_addresses(r: &AggregatedRule) -> Vec<String> {
    side_addresses(&r.source_nets, &r.source_names, &r.sources, r.any_source)
}

/// Destination addresses of a rule, as [`side_addresses`] describes.
pub fn destination_addresses(r: &AggregatedRule) -> Vec<String> {
    let any = r.destinations.iter().any(|e| e.kind == EndpointKind::Any);
    side_addresses(
        &r.destination_nets,
        &r.destination_names,
        &r.destinations,
        any,
    )
}

/// The title of a citation's source, looked up in the given products (the citation names a
/// source id of its product); the id itself when not found or untitled (the planner's catalog
/// has no titles until its long texts load).
pub fn source_title(cx: &ExportContext<'_>, products: &[Text], c: &Citation) -> String {
    products
        .iter()
        .filter_map(|p| cx.catalog.product(p))
        .find_map(|p| p.source(&c.source))
        .filter(|s| !s.title.is_empty())
        .map_or_else(|| c.source.to_string(), |s| s.title.clone())
}

/// `Source title: "verbatim quote"`.
pub fn citation(cx: &ExportContext<'_>, products: &[Text], c: &Citation) -> String {
    format!("{}: \"{}\"", source_title(cx, products, c), c.quote)
}

/// Citations for a document cell: each source's title once, then its quotes, one per line.
pub fn citation_lines(
    cx: &ExportContext<'_>,
    products: &[Text],
    cites: &[Citation],
) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut last: Option<&str> = None;
    let mut sorted: Vec<&Citation> = cites.iter().collect();
    sorted.sort_shared_by(|a, b| a.source.cmp(&b.source).then(a.quote.cmp(&b.quote)));
    for c in sorted {
        if last != Some(&*c.source) {
            out.push(format!("{}:", source_title(cx, products, c)));
            last = Some(&c.source);
        }
        out.push(format!("\"{}\"", c.quote));
    }
    out
}

/// A product's display name (the id when the catalog does not know it).
pub fn product_name(cx: &ExportContext<'_>, id: &str) -> String {
    cx.catalog
        .product(id)
        .map_or_else(|| id.to_string(), |p| p.name.clone())
}

/// How much of its vendor's list each product of the plan holds, in the plan's order, as
/// `(product name, coverage)`: every export states it, so that a firewall team never takes a
/// partial table for the vendor's full list.
pub fn coverage<'c>(cx: &ExportContext<'c>) -> Vec<(String, &'c Coverage)> {
    cx.plan
        .products
        .iter()
        .filter_map(|pp| cx.catalog.product(&pp.id))
        .map(|p| (p.name.clone(), &p.coverage))
        .collect()
}

/// One line per product of the plan: `coverage of NAME: complete: ...` or
/// `coverage of NAME: PARTIAL, not the vendor's full list; missing: ...`.
pub fn coverage_lines(cx: &ExportContext<'_>) -> Vec<String> {
    coverage(cx)
        .into_iter()
        .map(|(name, c)| format!("coverage of {name}: {}", c.describe()))
        .collect()
}

/// A product's coverage as one line (empty when the catalog does not know the product).
pub fn product_coverage(cx: &ExportContext<'_>, id: &str) -> String {
    cx.catalog.product(id).map_or_else(String::new, |p| {
        format!("Coverage: {}", p.coverage.describe())
    })
}

/// The rules of one product (or of several products together, when `product` is `None`).
pub struct RuleGroup<'r> {
    pub title: String,
    pub product: Option<String>,
    pub rules: Vec<&'r AggregatedRule>,
}

/// The text of one rule's cells in a document table: the products sharing it (only for the
/// group of shared rules, `with_products`), its sources and destinations with their addresses,
/// and its citations. The HTML and Markdown exports format these lists for their own syntax.
pub struct RuleCells {
    pub products: Vec<String>,
    pub sources: Vec<String>,
    pub destinations: Vec<String>,
    pub citations: Vec<String>,
}

pub fn rule_cells(cx: &ExportContext<'_>, r: &AggregatedRule, with_products: bool) -> RuleCells {
    let endpoints = |eps: &[std::sync::Arc<crate::Endpoint>]| -> Vec<String> {
        eps.iter().map(|e| endpoint_with_addresses(e)).collect()
    };
    RuleCells {
        products: if with_products {
            r.products.iter().map(|p| product_name(cx, p)).collect()
        } else {
            Vec::new()
        },
        sources: endpoints(&r.sources),
        destinations: endpoints(&r.destinations),
        citations: citation_lines(cx, &r.products, &r.citations),
    }
}

/// The rules grouped for a document: one group per product, in the plan's order, holding the
/// rules only that product needs; then one group of the rules several products share.
pub fn rules_by_product<'r>(
    cx: &ExportContext<'_>,
    rules: &[&'r AggregatedRule],
) -> Vec<RuleGroup<'r>> {
    let mut ids: Vec<&str> = cx.plan.products.iter().map(|p| p.id.as_str()).collect();
    for r in rules {
        for p in &r.products {
            if !ids.contains(&&**p) {
                ids.push(p);
            }
        }
    }
    let mut groups: Vec<RuleGroup<'r>> = Vec::new();
    for id in ids {
        if groups.iter().any(|g| g.product.as_deref() == Some(id)) {
            continue;
        }
        let mine: Vec<&AggregatedRule> = rules
            .iter()
            .copied()
            .filter(|r| r.products.len() == 1 && r.products.iter().any(|p| &**p == id))
            .collect();
        if !mine.is_empty() {
            groups.push(RuleGroup {
                title: product_name(cx, id),
                product: Some(id.to_string()),
                rules: mine,
            });
        }
    }
    let shared: Vec<&AggregatedRule> = rules
        .iter()
        .copied()
        .filter(|r| r.products.len() != 1)
        .collect();
    if !shared.is_empty() {
        groups.push(RuleGroup {
            title: "Rules several products share".to_string(),
            product: None,
            rules: shared,
        });
    }
    groups
}

/// The requirements under their document headings, in [`REQUIREMENT_SECTIONS`] order; empty
/// sections are left out.
pub fn requirements_by_section<'a>(
    cx: &'a ExportContext<'_>,
) -> Vec<(&'static str, Vec<&'a ResolvedRequirement>)> {
    REQUIREMENT_SECTIONS
        .iter()
        .map(|(kind, heading)| {
            let items: Vec<&ResolvedRequirement> = cx
                .report
                .requirements
                .iter()
                .filter(|q| q.requirement.kind.name() == *kind)
                .collect();
            (*heading, items)
        })
        .filter(|(_, items)| !items.is_empty())
        .collect()
}

/// A plan role reference `product/role` as `Role name (Product name)`; as typed when unknown.
pub fn role_ref(cx: &ExportContext<'_>, reference: &str) -> String {
    let Some((product, role)) = reference.split_once('/') else {
        return reference.to_string();
    };
    match cx.catalog.product(product) {
        Some(p) => match p.role(role) {
            Some(r) => format!("{} ({})", r.name, p.name),
            None => reference.to_string(),
        },
        None => reference.to_string(),
    }
}

/// The choices the plan makes for one product, as `name: value` items (versions, options,
/// parameters as typed; anything not listed takes the catalog's default).
pub fn product_choices(pp: &portolan_core::plan::PlanProduct) -> Vec<String> {
    let mut out = Vec::new();
    for (k, v) in &pp.versions {
        out.push(format!("version of {k}: {v}"));
    }
    for (k, v) in &pp.options {
        out.push(format!("{k}: {v}"));
    }
    for (k, v) in &pp.parameters {
        out.push(format!("{k}: {v}"));
    }
    out
}

/// `N rule(s) from M network flow(s) (K local flow(s) need no rule)`.
pub fn counts(cx: &ExportContext<'_>, rule_count: usize) -> String {
    let s = &cx.report.stats;
    format!(
        "{rule_count} rule(s) from {} network flow(s); {} local flow(s) (a host to itself) need no rule",
        s.network_flows, s.local_flows
    )
}

/// The order and headings requirement kinds are shown under in documents.
pub const REQUIREMENT_SECTIONS: &[(&str, &str)] = &[
    ("sizing", "Sizing"),
    ("min-hosts", "Minimum number of hosts"),
    ("high-availability", "High availability"),
    ("compatibility", "Compatibility"),
    ("prerequisite", "Prerequisites"),
    ("time-sync", "Time synchronisation"),
    ("antivirus", "Antivirus exclusions"),
    ("file-type", "File types security software must allow"),
    ("network", "Network"),
    ("note", "Notes"),
    ("ambiguity", "Ambiguities in the vendor documents"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unmapped_roles_say_so() {
        let e = Endpoint {
            kind: EndpointKind::Unassigned,
            name: "Recording server".into(),
            zone: String::new(),
            addresses: vec![],
        };
        assert_eq!(
            endpoint_label(&e),
            "Recording server (role not mapped to a host)"
        );
    }
}
