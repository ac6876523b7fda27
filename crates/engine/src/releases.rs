//! The release each product of a plan is evaluated at, and the facts it carries over.
//!
//! The loader has already put each fact's release range into its condition, so `evaluate` opens
//! only what holds at the plan's version. What is left is to say so: a version between two
//! documented releases is evaluated with the facts of the nearest one below it (a warning says
//! which), each flow and requirement is cited from the evaluated release's own source where that
//! shows it, and a fact that source does not show is *carried over* from the nearest release
//! that does — its flows' purposes, a warning and `Report::releases` say "not seen in the 17.1
//! document; carried over from 16.2".

use super::report::{ResolvedRequirement, Warning};
use portolan_catalog::releases::{seen_at, At, Seen};
use portolan_catalog::{Catalog, Citation, Component, Product, Release, Role};
use portolan_core::diag::Severity;
use portolan_core::diag::{Code, FieldPath};
use portolan_core::plan::Plan;
use portolan_core::text::Text;
use portolan_core::version::Version;
use serde::Serialize;

/// The documented release a product was evaluated at, when there is something to say about it:
/// the version is not a documented release, or facts are carried over.
#[derive(Debug, Clone, Serialize, PartialEq, schemars::JsonSchema)]
pub struct ReleaseUsed {
    pub product: Text,
    pub component: String,
    /// The version the plan gives (or the component's default).
    pub version: String,
    /// The documented release whose facts apply.
    pub release: String,
    /// Facts of the plan that the release's own sources do not show.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub carried_over: Vec<CarriedFact>,
}

/// A fact the evaluated release's sources do not show, taken from the nearest release that does.
#[derive(Debug, Clone, Serialize, PartialEq, schemars::JsonSchema)]
pub struct CarriedFact {
    /// `rule/<id>`, `requirement/<id>` or `endpoint/<role id>/<endpoint>`.
    pub fact: String,
    /// The release whose source shows it.
    pub from: String,
    pub cite: Citation,
}

/// `not seen in the 17.1 document; carried over from 16.2`.
pub fn carried_note(release: &str, from: &str) -> String {
    // a bare number (a documentation revision) reads better as `revision 3`
    let name = |v: &str| {
        if v.contains(|c: char| !c.is_ascii_digit()) {
            v.to_string()
        } else {
            format!("revision {v}")
        }
    };
    format!(
        "not seen in the {} document; carried over from {}",
        name(release),
        name(from)
    )
}

/// The version of `component` in the plan's entry for product `index`, or its default;
/// `None` when the plan's text is not a version (the plan's own warning says so).
pub fn plan_version(plan: &Plan, index: usize, component: &Component) -> Option<Version> {
    match plan
        .products
        .get(index)
        .and_then(|pp| pp.versions.get(&component.id))
    {
        None => component.default.clone(),
        Some(text) => text.trim().parse().ok(),
    }
}

/// Cites flows and requirements from the release each product is evaluated at, marks what is
/// carried over, and warns about versions that are not documented releases.
pub(crate) fn annotate(
    catalog: &Catalog,
    plan: &Plan,
    flows: &mut crate::flow_set::Flows,
    requirements: &mut [ResolvedRequirement],
    warnings: &mut Vec<Warning>,
) -> Vec<ReleaseUsed> {
    let mut used = Vec::new();
    for (index, pp) in plan.products.iter().enumerate() {
        let Some(product) = catalog.product(&pp.id) else {
            continue;
        };
        let Some(component) = product.release_component() else {
            continue;
        };
        let Some(version) = plan_version(plan, index, component) else {
            continue;
        };
        let Some(at) = component.release_at(&version) else {
            continue;
        };
        if let Some(w) = placement_warning(product, component, index, &version, at) {
            warnings.push(w);
        }
        let release = at.release();
        let mut carried = Vec::new();
        cite_flows(product, component, release, flows, &mut carried);
        cite_requirements(product, component, release, requirements, &mut carried);
        carried.sort_by(|a, b| a.fact.cmp(&b.fact));
        carried.dedup_by(|a, b| a.fact == b.fact);
        if !carried.is_empty() {
            warnings.push(carried_warning(product, release, &carried));
        }
        if !carried.is_empty() || !matches!(at, At::Documented(_)) {
            used.push(ReleaseUsed {
                product: product.id.clone(),
                component: component.id.clone(),
                version: version.to_string(),
                release: release.version.to_string(),
                carried_over: carried,
            });
        }
    }
    used
}

/// Says which documented release's facts a version that is not one of them gets.
fn placement_warning(
    p: &Product,
    c: &Component,
    index: usize,
    version: &Version,
    at: At<'_>,
) -> Option<Warning> {
    let (severity, message) = match at {
        At::Documented(_) => return None,
        At::Below(r) => (
            Severity::Info,
            format!(
                "{} {version} is not a documented release: evaluated with the facts of {}, the nearest documented release below it",
                p.name, r.version
            ),
        ),
        At::BeforeOldest(r) => (
            Severity::Warning,
            format!(
                "{} {version} is older than every documented release: evaluated with the facts of the oldest, {}, which may not hold for it",
                p.name, r.version
            ),
        ),
    };
    let documented: Vec<String> = c.releases.iter().rev().map(Release::label).collect();
    Some(Warning {
        code: Code::ReleaseNotDocumented,
        severity,
        message,
        help: Some(format!("documented releases: {}", documented.join("; "))),
        product: Some(p.id.to_string()),
        field: Some(FieldPath::product_item(index, "versions", &c.id)),
        cite: None,
        roles: Vec::new(),
        hosts: Vec::new(),
        component: Some(c.id.to_string()),
    })
}

fn carried_warning(p: &Product, release: &Release, carried: &[CarriedFact]) -> Warning {
    let mut from: Vec<&str> = carried.iter().map(|c| c.from.as_str()).collect();
    from.sort_unstable();
    from.dedup();
    let facts: Vec<&str> = carried.iter().map(|c| c.fact.as_str()).collect();
    Warning {
        code: Code::CarriedOver,
        severity: Severity::Info,
        message: format!(
            "{}: {} fact(s) {}: {}",
            p.name,
            carried.len(),
            carried_note(release.version.as_str(), &from.join(", ")),
            facts.join(", ")
        ),
        help: Some(format!(
            "the {} sources show only part of the vendor's pages; confirm these with the vendor before opening ports",
            release.label()
        )),
        product: Some(p.id.to_string()),
        field: None,
        cite: None,
        roles: Vec::new(),
        hosts: Vec::new(),
        component: None,
    }
}

/// Each flow of `p` cited from `release`; carried-over rules and endpoints noted in its purpose.
fn cite_flows(
    p: &Product,
    c: &Component,
    release: &Release,
    flows: &mut crate::flow_set::Flows,
    carried: &mut Vec<CarriedFact>,
) {
    for f in flows.groups_mut().iter_mut().filter(|f| f.product == *p.id) {
        let Some(rule) = p.rules.iter().find(|r| r.id == f.rule) else {
            continue;
        };
        let mut notes: Vec<String> = Vec::new();
        match seen_at(c, &rule.cite, &rule.scope, release) {
            Seen::InRelease(cite) => f.cite = cite.clone(),
            Seen::CarriedOver { from, cite } => {
                f.cite = cite.clone();
                notes.push(carried_note(
                    release.version.as_str(),
                    from.version.as_str(),
                ));
                push_carried(carried, format!("rule/{}", rule.id), from, cite);
            }
            Seen::Unknown(_) => {}
        }
        for role_id in [&f.from_role, &f.to_role] {
            let Some(role) = p.role(role_id) else {
                continue;
            };
            for (endpoint, from, cite) in carried_endpoints(c, role, release) {
                notes.push(format!(
                    "{endpoint} {}",
                    carried_note(release.version.as_str(), from.version.as_str())
                ));
                push_carried(
                    carried,
                    format!("endpoint/{}/{endpoint}", role.id),
                    from,
                    cite,
                );
            }
        }
        if !notes.is_empty() {
            f.purpose = format!("{} ({})", f.purpose, notes.join("; ")).into();
        }
    }
}

/// The endpoints of `role` that hold at `release` but are carried over from another release.
pub fn carried_endpoints<'a>(
    c: &'a Component,
    role: &'a Role,
    release: &Release,
) -> Vec<(&'a str, &'a Release, &'a Citation)> {
    role.release_endpoints
        .iter()
        .filter(|e| e.scope.holds(&release.version))
        .filter_map(|e| match seen_at(c, &e.cite, &e.scope, release) {
            Seen::CarriedOver { from, cite } => Some((e.endpoint.as_str(), from, cite)),
            _ => None,
        })
        .collect()
}

fn cite_requirements(
    p: &Product,
    c: &Component,
    release: &Release,
    requirements: &mut [ResolvedRequirement],
    carried: &mut Vec<CarriedFact>,
) {
    for q in requirements.iter_mut().filter(|q| q.product == *p.id) {
        let r = &q.requirement;
        let seen = seen_at(c, &r.cite, &r.scope, release);
        if let Seen::CarriedOver { from, cite } = seen {
            push_carried(carried, format!("requirement/{}", r.id), from, cite);
        }
        if *seen.cite() != r.cite {
            let mut at_release = (**r).clone();
            at_release.cite = seen.cite().clone();
            q.requirement = std::sync::Arc::new(at_release);
        }
    }
}

fn push_carried(out: &mut Vec<CarriedFact>, fact: String, from: &Release, cite: &Citation) {
    out.push(CarriedFact {
        fact,
        from: from.version.to_string(),
        cite: cite.clone(),
    });
}
