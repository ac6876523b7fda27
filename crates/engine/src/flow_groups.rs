//! The report's flows as JSON: one entry per catalog rule and transport between a role's hosts
//! and another role's hosts (every source to every destination), not one per host pair, so the
//! JSON of a site with 10,000 agent PCs and 20 recorders grows with the hosts, not with their
//! product. A pair of a host with itself is local (no network rule is needed); its place in the
//! lists is in `local_pairs`.
//!
//! The engine makes the flows of one catalog rule in one run, source by source, destination by
//! destination, transport by transport; a run of flows that is the full product of its sources
//! and destinations is written as one group. Anything else (which the engine does not make) is
//! written one flow per group, so nothing is lost either way.

use crate::report::{Endpoint, Flow};
use portolan_catalog::Citation;
use portolan_core::net::Transport;
use portolan_core::text::Text;
use schemars::JsonSchema;
use serde::ser::SerializeSeq;
use serde::{Serialize, Serializer};
use std::sync::Arc;

/// Flows of one catalog rule on one transport, from each of `sources` to each of
/// `destinations`.
#[derive(Serialize, JsonSchema)]
pub struct FlowGroup<'a> {
    pub product: &'a Text,
    pub rule: &'a Text,
    pub from_role: &'a Text,
    pub to_role: &'a Text,
    /// Each source reaches each destination (pairs `[i, j]` of `local_pairs` excepted: they are
    /// one host, and need no network rule).
    pub sources: Vec<&'a Arc<Endpoint>>,
    pub destinations: Vec<&'a Arc<Endpoint>>,
    /// `[source index, destination index]` of the pairs that are one host.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub local_pairs: Vec<[usize; 2]>,
    /// How many host pairs the group stands for (`sources` × `destinations`).
    pub flow_count: usize,
    pub transport: Transport,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub protocol: Option<&'a Text>,
    #[serde(flatten)]
    pub ports: crate::schema::PortsJson,
    pub purpose: &'a Text,
    pub cite: &'a Citation,
    pub optional: bool,
    pub tags: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service: Option<&'a Text>,
}

/// `#[serde(serialize_with = ...)]` of `Report::flows`: the flows as groups.
pub(crate) fn serialize<S: Serializer>(flows: &[Flow], s: S) -> Result<S::Ok, S::Error> {
    let mut seq = s.serialize_seq(None)?;
    let mut rest = flows;
    while let Some(first) = rest.first() {
        let run = rest
            .iter()
            .take_while(|f| same_rule(first, f))
            .count()
            .max(1);
        let (these, after) = rest.split_at(run.min(rest.len()));
        for t in [Transport::Tcp, Transport::Udp] {
            let of_t: Vec<&Flow> = these.iter().filter(|f| f.transport == t).collect();
            for g in groups(&of_t) {
                seq.serialize_element(&g)?;
            }
        }
        rest = after;
    }
    seq.end()
}

/// Whether two flows come from one catalog rule with the same values (all but the ends).
fn same_rule(a: &Flow, b: &Flow) -> bool {
    a.catalog_rule == b.catalog_rule
        && a.product == b.product
        && a.rule == b.rule
        && a.from_role == b.from_role
        && a.to_role == b.to_role
        && a.protocol == b.protocol
        && a.ports == b.ports
        && a.purpose == b.purpose
        && a.cite == b.cite
        && a.optional == b.optional
        && a.tags == b.tags
        && a.service == b.service
}

/// One group when `flows` (one rule, one transport) are the full product of their distinct
/// sources and destinations in source-major order; otherwise one group per flow.
fn groups<'a>(flows: &[&'a Flow]) -> Vec<FlowGroup<'a>> {
    let Some(first) = flows.first() else {
        return Vec::new();
    };
    // destinations: the run of the first source
    let mut destinations: Vec<&Arc<Endpoint>> = Vec::new();
    for f in flows
        .iter()
        .take_while(|f| Arc::ptr_eq(&f.source, &first.source))
    {
        destinations.push(&f.destination);
    }
    let d = destinations.len().max(1);
    let sources: Vec<&Arc<Endpoint>> = flows.iter().step_by(d).map(|f| &f.source).collect();
    let product = flows.len() == sources.len() * d
        && flows.iter().enumerate().all(|(k, f)| {
            sources
                .get(k / d)
                .is_some_and(|s| Arc::ptr_eq(s, &f.source))
                && destinations
                    .get(k % d)
                    .is_some_and(|e| Arc::ptr_eq(e, &f.destination))
        })
        && distinct(&sources)
        && distinct(&destinations);
    if !product {
        return flows
            .iter()
            .map(|f| group(f, vec![&f.source], vec![&f.destination], &[*f]))
            .collect();
    }
    vec![group(first, sources, destinations, flows)]
}

/// No endpoint twice (by identity): two listings of one endpoint would not be a product.
fn distinct(list: &[&Arc<Endpoint>]) -> bool {
    let mut ptrs: Vec<usize> = list.iter().map(|e| Arc::as_ptr(e) as usize).collect();
    ptrs.sort_unstable();
    ptrs.windows(2).all(|w| w.first() != w.get(1))
}

fn group<'a>(
    f: &'a Flow,
    sources: Vec<&'a Arc<Endpoint>>,
    destinations: Vec<&'a Arc<Endpoint>>,
    flows: &[&'a Flow],
) -> FlowGroup<'a> {
    let d = destinations.len().max(1);
    let local_pairs = flows
        .iter()
        .enumerate()
        .filter(|(_, f)| f.local)
        .map(|(k, _)| [k / d, k % d])
        .collect();
    FlowGroup {
        product: &f.product,
        rule: &f.rule,
        from_role: &f.from_role,
        to_role: &f.to_role,
        sources,
        destinations,
        local_pairs,
        flow_count: flows.len(),
        transport: f.transport,
        protocol: f.protocol.as_ref(),
        ports: crate::schema::PortsJson::of(&f.ports),
        purpose: &f.purpose,
        cite: &f.cite,
        optional: f.optional,
        tags: &f.tags,
        service: f.service.as_ref(),
    }
}
