//! Upgrade: one plan at release X and at release Y of one product — the flows to open, the flows
//! that can be closed, the flows whose ports, addresses or protocol change, and the warnings and
//! requirements that appear or disappear, each cited from both releases.
//!
//! Flows of the two releases are matched by *lineage*: a rule and the rules that `replaces` it
//! (see `catalog/README.md`) are one fact, so 16.1's Screen Recording on 5638 and 16.2's on 5633
//! show as one change rather than as one flow opened and another closed. The exact firewall
//! difference (every product, by endpoints and ports) is in `firewall`.

mod flows;

use super::diff::{diff, Diff};
use super::evaluate::evaluate;
use super::releases::CarriedFact;
use super::report::{Endpoint, Report, ResolvedRequirement, Warning};
use portolan_catalog::releases::{seen_at, Seen};
use portolan_catalog::{Catalog, Citation, Component, Product, Release, RequirementKind};
use portolan_core::diag::did_you_mean;
use portolan_core::diag::Code;
use portolan_core::net::{PortSet, Transport};
use portolan_core::plan::Plan;
use portolan_core::version::Version;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// What the caller asks: the product, the release to go to, and the one to start from (the
/// plan's own when `None`).
#[derive(Debug, Clone, Copy)]
pub struct UpgradeRequest<'a> {
    pub product: &'a str,
    pub from: Option<&'a str>,
    pub to: &'a str,
}

/// Why an upgrade cannot be worked out; a sentence and what to do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UpgradeError {
    pub message: String,
    pub help: String,
}

impl fmt::Display for UpgradeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}\n  help: {}", self.message, self.help)
    }
}

impl std::error::Error for UpgradeError {}

fn error(message: String, help: impl Into<String>) -> UpgradeError {
    UpgradeError {
        message,
        help: help.into(),
    }
}

/// One side of an upgrade: the version asked for and the documented release whose facts apply.
#[derive(Debug, Clone, Serialize, PartialEq, schemars::JsonSchema)]
pub struct Side {
    pub version: String,
    pub release: String,
    /// `16.1 (cloud documentation set)`.
    pub label: String,
    /// Titles (and addresses) of the release's sources.
    pub sources: Vec<SourceRef>,
}

#[derive(Debug, Clone, Serialize, PartialEq, schemars::JsonSchema)]
pub struct SourceRef {
    pub id: String,
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// How one release states a fact: its own source's quote, a quote carried over from another
/// release, or nothing (the release's documents do not list it).
#[derive(Debug, Clone, Serialize, PartialEq, schemars::JsonSchema)]
pub struct SideCite {
    pub release: String,
    /// Source id and title; for a fact the release does not have, its first document.
    pub source: String,
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The quote; `None` when the release does not have the fact.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quote: Option<String>,
    /// The release the quote is carried over from, when the release's own source does not show it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub carried_from: Option<String>,
}

impl SideCite {
    /// `16.1: "Connection Pooling" (title)`, `17.1: not in the 17.1 document (title)`, or with
    /// `not seen in the 17.1 document; carried over from 16.2`.
    pub fn text(&self) -> String {
        match (&self.quote, &self.carried_from) {
            (None, _) => format!(
                "{}: not in the {} document ({})",
                self.release, self.release, self.title
            ),
            (Some(q), None) => format!("{}: \"{q}\" ({})", self.release, self.title),
            (Some(q), Some(from)) => format!(
                "{}: \"{q}\" ({}; {})",
                self.release,
                self.title,
                super::releases::carried_note(&self.release, from)
            ),
        }
    }
}

/// A flow one release needs and the other does not.
#[derive(Debug, Clone, Serialize, PartialEq, schemars::JsonSchema)]
pub struct UpgradeFlow {
    pub rule: String,
    pub source: Endpoint,
    pub destination: Endpoint,
    pub transport: Transport,
    /// As people write ports, e.g. `80, 443, 4001-4004`.
    #[schemars(with = "String")]
    pub ports: PortSet,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub protocol: Option<String>,
    pub purpose: String,
    pub cite_from: SideCite,
    pub cite_to: SideCite,
}

/// One fact of both releases that changed, e.g. `ports: 5638 -> 5633`.
#[derive(Debug, Clone, Serialize, PartialEq, schemars::JsonSchema)]
pub struct Difference {
    pub what: String,
    pub from: String,
    pub to: String,
}

/// A flow both releases need, with something changed (ports, addresses, protocol).
#[derive(Debug, Clone, Serialize, PartialEq, schemars::JsonSchema)]
pub struct UpgradeChange {
    pub rule_from: String,
    pub rule_to: String,
    pub source: String,
    pub destination: String,
    pub transport: Transport,
    pub purpose: String,
    pub differences: Vec<Difference>,
    pub cite_from: SideCite,
    pub cite_to: SideCite,
}

/// A requirement (note, ambiguity, sizing, …) of one release and not the other, or changed.
#[derive(Debug, Clone, Serialize, PartialEq, schemars::JsonSchema)]
pub struct UpgradeRequirement {
    pub id: String,
    pub kind: String,
    pub text: String,
    pub cite_from: SideCite,
    pub cite_to: SideCite,
}

/// The whole upgrade of one product of a plan from one release to another.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Upgrade {
    pub plan: String,
    pub catalog_revision: String,
    pub product: String,
    pub product_name: String,
    pub component: String,
    pub from: Side,
    pub to: Side,
    /// Versions that are not documented releases, and what is used instead.
    pub notes: Vec<String>,
    pub open: Vec<UpgradeFlow>,
    pub close: Vec<UpgradeFlow>,
    pub changed: Vec<UpgradeChange>,
    pub requirements_added: Vec<UpgradeRequirement>,
    pub requirements_removed: Vec<UpgradeRequirement>,
    pub requirements_changed: Vec<UpgradeRequirement>,
    pub warnings_added: Vec<Warning>,
    pub warnings_removed: Vec<Warning>,
    /// Facts of the `to` release that its documents do not show.
    pub carried_over: Vec<CarriedFact>,
    /// The exact firewall difference between the two plans, every product included.
    pub firewall: Diff,
}

impl Upgrade {
    /// True when nothing changes.
    pub fn is_empty(&self) -> bool {
        self.open.is_empty()
            && self.close.is_empty()
            && self.changed.is_empty()
            && self.requirements_added.is_empty()
            && self.requirements_removed.is_empty()
            && self.requirements_changed.is_empty()
            && self.warnings_added.is_empty()
            && self.warnings_removed.is_empty()
    }
}

/// The upgrade of `req.product` in `plan` from `req.from` (default: the plan's version) to
/// `req.to`; an error for a product not in the catalog or the plan, a version that is not one or
/// falls outside the documented releases, or `from` not older than `to`.
pub fn upgrade(
    catalog: &Catalog,
    plan: &Plan,
    req: UpgradeRequest<'_>,
) -> Result<Upgrade, UpgradeError> {
    let (index, product, component) = locate(catalog, plan, req.product)?;
    let from_text = match req.from {
        Some(f) => f.to_string(),
        None => plan
            .products
            .get(index)
            .and_then(|pp| pp.versions.get(&component.id))
            .cloned()
            .or_else(|| component.default.as_ref().map(ToString::to_string))
            .unwrap_or_default(),
    };
    let mut notes = Vec::new();
    let (from_v, from_r) = resolve(product, component, "from", &from_text, &mut notes)?;
    let (to_v, to_r) = resolve(product, component, "to", req.to, &mut notes)?;
    if from_v >= to_v {
        return Err(error(
            format!("`from` {from_v} is not older than `to` {to_v}"),
            "an upgrade goes from an older release to a newer one; swap them, or give `--from` the release you run now",
        ));
    }
    if from_r.version == to_r.version {
        notes.push(format!(
            "{from_v} and {to_v} both take the facts of {}: nothing the documents show changes between them",
            from_r.version
        ));
    }
    let at = |v: &Version| {
        let mut p = plan.clone();
        if let Some(pp) = p.products.get_mut(index) {
            pp.versions.insert(component.id.clone(), v.to_string());
        }
        p
    };
    let (plan_x, plan_y) = (at(&from_v), at(&to_v));
    let (rx, ry) = (evaluate(catalog, &plan_x), evaluate(catalog, &plan_y));
    refuse_input_errors(&rx)?;
    let cx = Ctx {
        product,
        component,
        from: from_r,
        to: to_r,
    };
    let (open, close, changed) = cx.flows(&rx, &ry);
    let (requirements_added, requirements_removed, requirements_changed) =
        cx.requirements(&rx, &ry);
    let (warnings_added, warnings_removed) = warnings(product, &rx, &ry);
    let carried_over = ry
        .releases
        .iter()
        .filter(|r| r.product == *product.id)
        .flat_map(|r| r.carried_over.iter().cloned())
        .collect();
    Ok(Upgrade {
        plan: plan.name.clone(),
        catalog_revision: catalog.revision.clone(),
        product: product.id.to_string(),
        product_name: product.name.clone(),
        component: component.id.clone(),
        from: side(product, &from_v, from_r),
        to: side(product, &to_v, to_r),
        notes,
        open,
        close,
        changed,
        requirements_added,
        requirements_removed,
        requirements_changed,
        warnings_added,
        warnings_removed,
        carried_over,
        firewall: diff(&rx, &ry),
    })
}

/// No upgrade from a plan the engine cannot read in full (the same rule as the exports,
/// `portolan_export::refuse`): the rules that depend on an unreadable field are left out of both
/// releases, so the change request would miss flows. The release under study is set by the
/// upgrade itself, so an unreadable version of that component is no obstacle.
fn refuse_input_errors(report: &Report) -> Result<(), UpgradeError> {
    let errors: Vec<String> = report
        .input_errors()
        .map(|e| match &e.field {
            Some(field) => format!("[{}] {field}: {}", e.code, e.message),
            None => format!("[{}] {}", e.code, e.message),
        })
        .collect();
    if errors.is_empty() {
        return Ok(());
    }
    Err(error(
        format!(
            "the plan has {} input error(s), so the upgrade's flows cannot be worked out in full: {}",
            errors.len(),
            errors.join("; ")
        ),
        "fix these fields, then ask for the upgrade again",
    ))
}

/// The plan's entry for `id`, the product and its release component.
fn locate<'a>(
    catalog: &'a Catalog,
    plan: &Plan,
    id: &str,
) -> Result<(usize, &'a Product, &'a Component), UpgradeError> {
    let Some(product) = catalog.product(id) else {
        let help = match did_you_mean(id, catalog.products.iter().map(|p| &*p.id)) {
            Some(s) => format!("did you mean `{s}`?"),
            None => "`portolan catalog list` lists the products".to_string(),
        };
        return Err(error(format!("product `{id}` is not in the catalog"), help));
    };
    let Some(index) = plan.products.iter().position(|p| p.id == id) else {
        let ids: Vec<&str> = plan.products.iter().map(|p| p.id.as_str()).collect();
        let help = if ids.is_empty() {
            "the plan has no products".to_string()
        } else {
            format!("the plan's products: {}", ids.join(", "))
        };
        return Err(error(format!("product `{id}` is not in the plan"), help));
    };
    let Some(component) = product.release_component() else {
        return Err(error(
            format!("{} documents no releases", product.name),
            "the catalog knows this product as one snapshot; compare two plans with `diff` instead",
        ));
    };
    Ok((index, product, component))
}

/// `text` as a version, and the documented release whose facts apply to it.
fn resolve<'a>(
    product: &Product,
    component: &'a Component,
    which: &str,
    text: &str,
    notes: &mut Vec<String>,
) -> Result<(Version, &'a Release), UpgradeError> {
    let documented = || {
        let list: Vec<String> = component
            .releases
            .iter()
            .rev()
            .map(Release::label)
            .collect();
        format!(
            "documented releases of {}: {}",
            product.name,
            list.join("; ")
        )
    };
    let v: Version = text
        .trim()
        .parse()
        .map_err(|e: portolan_core::version::VersionError| {
            error(format!("`{which}`: {}", e.message), documented())
        })?;
    let (Some(oldest), Some(newest)) = (component.releases.first(), component.releases.last())
    else {
        return Err(error(
            format!("{} documents no releases", product.name),
            documented(),
        ));
    };
    if let Some(r) = component.release(&v) {
        return Ok((v, r));
    }
    if v < oldest.version || v > newest.version {
        return Err(error(
            format!(
                "release `{v}` of {} is not documented (`{which}`)",
                product.name
            ),
            documented(),
        ));
    }
    let below = component
        .releases
        .iter()
        .rfind(|r| r.version < v)
        .unwrap_or(oldest);
    notes.push(format!(
        "{v} is not a documented release: evaluated with the facts of {}, the nearest documented release below it",
        below.version
    ));
    Ok((v, below))
}

fn side(product: &Product, v: &Version, r: &Release) -> Side {
    Side {
        version: v.to_string(),
        release: r.version.to_string(),
        label: r.label(),
        sources: r
            .sources
            .iter()
            .filter_map(|id| product.source(id))
            .map(|s| SourceRef {
                id: s.id.clone(),
                title: s.title.clone(),
                url: s.url.clone(),
            })
            .collect(),
    }
}

struct Ctx<'a> {
    product: &'a Product,
    component: &'a Component,
    from: &'a Release,
    to: &'a Release,
}

impl Ctx<'_> {
    /// The first rule of the chain `id` belongs to (following `replaces`).
    fn lineage(&self, id: &str, rules: bool) -> String {
        let mut at = id.to_string();
        for _ in 0..32 {
            let next = if rules {
                self.product
                    .rules
                    .iter()
                    .find(|r| *r.id == *at)
                    .and_then(|r| r.scope.replaces.clone())
            } else {
                (self.product.requirements.iter())
                    .find(|q| q.id == at)
                    .and_then(|q| q.scope.replaces.clone())
            };
            match next {
                Some(n) => at = n,
                None => break,
            }
        }
        at
    }

    /// How `release` cites the rule or requirement with this citation and scope.
    fn cite(
        &self,
        release: &Release,
        holds: Option<(&Citation, &portolan_catalog::ReleaseScope)>,
    ) -> SideCite {
        let (quote, carried_from, cite) = match holds {
            Some((cite, scope)) => match seen_at(self.component, cite, scope, release) {
                Seen::InRelease(c) | Seen::Unknown(c) => (Some(c.quote.to_string()), None, Some(c)),
                Seen::CarriedOver { from, cite } => (
                    Some(cite.quote.to_string()),
                    Some(from.version.to_string()),
                    Some(cite),
                ),
            },
            None => (None, None, None),
        };
        let source_id = match cite {
            Some(c) => c.source.to_string(),
            None => release.sources.first().cloned().unwrap_or_default(),
        };
        let source = self.product.source(&source_id);
        SideCite {
            release: release.version.to_string(),
            title: source.map_or_else(|| source_id.clone(), |s| s.title.clone()),
            url: source.and_then(|s| s.url.clone()),
            source: source_id,
            quote,
            carried_from,
        }
    }

    fn rule_cite(&self, release: &Release, rule_id: Option<&str>) -> SideCite {
        let rule = rule_id.and_then(|id| self.product.rules.iter().find(|r| *r.id == *id));
        self.cite(release, rule.map(|r| (&r.cite, &r.scope)))
    }

    fn requirements(
        &self,
        rx: &Report,
        ry: &Report,
    ) -> (
        Vec<UpgradeRequirement>,
        Vec<UpgradeRequirement>,
        Vec<UpgradeRequirement>,
    ) {
        let by_lineage = |r: &Report| -> BTreeMap<String, ResolvedRequirement> {
            (r.requirements.iter())
                .filter(|q| q.product == *self.product.id)
                .map(|q| (self.lineage(&q.requirement.id, false), q.clone()))
                .collect()
        };
        let (mx, my) = (by_lineage(rx), by_lineage(ry));
        let (mut added, mut removed, mut changed) = (Vec::new(), Vec::new(), Vec::new());
        let catalog_req = |id: &str| self.product.requirements.iter().find(|q| q.id == id);
        let cite = |release: &Release, q: Option<&ResolvedRequirement>| {
            let r = q.and_then(|q| catalog_req(&q.requirement.id));
            self.cite(release, r.map(|r| (&r.cite, &r.scope)))
        };
        for key in mx.keys().chain(my.keys()).collect::<BTreeSet<_>>() {
            let (x, y) = (mx.get(key), my.get(key));
            let Some(shown) = y.or(x) else { continue };
            let item = UpgradeRequirement {
                id: shown.requirement.id.clone(),
                kind: shown.requirement.kind.name().to_string(),
                text: requirement_text(&shown.requirement.kind),
                cite_from: cite(self.from, x),
                cite_to: cite(self.to, y),
            };
            match (x, y) {
                (None, Some(_)) => added.push(item),
                (Some(_), None) => removed.push(item),
                (Some(a), Some(b))
                    if requirement_text(&a.requirement.kind) != item.text
                        || a.requirement.id != b.requirement.id =>
                {
                    changed.push(item)
                }
                _ => {}
            }
        }
        (added, removed, changed)
    }
}

fn empty_endpoint() -> Endpoint {
    Endpoint {
        kind: super::report::EndpointKind::Unassigned,
        name: String::new(),
        zone: String::new(),
        addresses: Vec::new(),
    }
}

/// The text a requirement shows (its `text`, or what an antivirus exclusion names).
pub fn requirement_text(k: &RequirementKind) -> String {
    match k {
        RequirementKind::Antivirus {
            application,
            process,
            text,
            ..
        } => text.clone().unwrap_or_else(|| {
            format!(
                "{application}{}",
                process
                    .as_ref()
                    .map(|p| format!(" ({p})"))
                    .unwrap_or_default()
            )
        }),
        RequirementKind::Compatibility { text, .. }
        | RequirementKind::Sizing { text, .. }
        | RequirementKind::MinHosts { text, .. }
        | RequirementKind::TimeSync { text, .. }
        | RequirementKind::HighAvailability { text, .. }
        | RequirementKind::Network { text }
        | RequirementKind::FileType { text, .. }
        | RequirementKind::Prerequisite { text, .. }
        | RequirementKind::Note { text }
        | RequirementKind::Ambiguity { text } => text.clone(),
    }
}

/// Warnings of the product that appear or disappear; ambiguities are requirements (listed there)
/// and the release notes of each side are the upgrade's own.
fn warnings(product: &Product, rx: &Report, ry: &Report) -> (Vec<Warning>, Vec<Warning>) {
    const OWN: &[Code] = &[
        Code::Ambiguity,
        Code::CarriedOver,
        Code::ReleaseNotDocumented,
    ];
    let of = |r: &Report| -> Vec<Warning> {
        (r.warnings.iter())
            .filter(|w| w.product.as_deref() == Some(&*product.id) && !OWN.contains(&w.code))
            .cloned()
            .collect()
    };
    let (wx, wy) = (of(rx), of(ry));
    let key = |w: &Warning| (w.code, w.message.clone());
    let kx: BTreeSet<_> = wx.iter().map(key).collect();
    let ky: BTreeSet<_> = wy.iter().map(key).collect();
    (
        wy.iter()
            .filter(|w| !kx.contains(&key(w)))
            .cloned()
            .collect(),
        wx.iter()
            .filter(|w| !ky.contains(&key(w)))
            .cloned()
            .collect(),
    )
}
