//! The report's flows as JSON: one entry per catalog rule and transport between a role's hosts
//! and another role's hosts (every source to every destination), not one per host pair, so the
//! JSON of a site with 10,000 agent PCs and 20 recorders grows with the hosts, not with their
//! product. A pair of a host with itself is local (no network rule is needed); its place in the
//! lists is in `local_pairs`.
//!
//! The engine keeps the flows of one catalog rule as one group ([`RuleFlows`]), each source to
//! each destination; it is written as one group per transport. A group that lists an endpoint
//! twice (which the engine does not make) is written one flow per group, so nothing is lost
//! either way.

use crate::flow_set::{End, Flows, RuleFlows};
use crate::report::Endpoint;
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

/// `#[serde(serialize_with = ...)]` of `Report::flows`: the flows as groups, one per catalog
/// rule and transport.
pub(crate) fn serialize<S: Serializer>(flows: &Flows, s: S) -> Result<S::Ok, S::Error> {
    let mut seq = s.serialize_seq(None)?;
    for g in flows.groups() {
        let product = distinct(&g.sources) && distinct(&g.destinations);
        for t in [Transport::Tcp, Transport::Udp] {
            if !g.transports.contains(&t) {
                continue;
            }
            if product {
                seq.serialize_element(&group(g, t, (0..g.sources.len(), 0..g.destinations.len())))?;
                continue;
            }
            // an endpoint listed twice: one group per pair, so nothing is lost
            for si in 0..g.sources.len() {
                for di in 0..g.destinations.len() {
                    seq.serialize_element(&group(g, t, (si..si + 1, di..di + 1)))?;
                }
            }
        }
    }
    seq.end()
}

/// No endpoint twice (by identity): two listings of one endpoint would not be a product.
fn distinct(list: &[End]) -> bool {
    let mut ptrs: Vec<usize> = list
        .iter()
        .map(|e| Arc::as_ptr(&e.endpoint) as usize)
        .collect();
    ptrs.sort_unstable();
    ptrs.windows(2).all(|w| w.first() != w.get(1))
}

/// The flows of `g` on `t` from its sources `ss` to its destinations `ds`.
fn group(
    g: &RuleFlows,
    t: Transport,
    (ss, ds): (std::ops::Range<usize>, std::ops::Range<usize>),
) -> FlowGroup<'_> {
    let sources: Vec<&Arc<Endpoint>> = g
        .sources
        .get(ss.clone())
        .unwrap_or_default()
        .iter()
        .map(|e| &e.endpoint)
        .collect();
    let destinations: Vec<&Arc<Endpoint>> = g
        .destinations
        .get(ds.clone())
        .unwrap_or_default()
        .iter()
        .map(|e| &e.endpoint)
        .collect();
    let local_pairs = local_pairs(g, &ss, &ds);
    FlowGroup {
        product: &g.product,
        rule: &g.rule,
        from_role: &g.from_role,
        to_role: &g.to_role,
        flow_count: sources.len() * destinations.len(),
        sources,
        destinations,
        local_pairs,
        transport: t,
        protocol: g.protocol.as_ref(),
        ports: crate::schema::PortsJson::of(&g.ports),
        purpose: &g.purpose,
        cite: &g.cite,
        optional: g.optional,
        tags: &g.tags,
        service: g.service.as_ref(),
    }
}

/// `[source, destination]` (indices within `ss` and `ds`) of the pairs that are one host, in
/// source-major order: found through the destinations' hosts, not by trying every pair.
fn local_pairs(
    g: &RuleFlows,
    ss: &std::ops::Range<usize>,
    ds: &std::ops::Range<usize>,
) -> Vec<[usize; 2]> {
    let mut by_host: Vec<(usize, usize)> = g
        .destinations
        .get(ds.clone())
        .unwrap_or_default()
        .iter()
        .enumerate()
        .filter_map(|(j, e)| e.host.map(|h| (h, j)))
        .collect();
    by_host.sort_unstable();
    let mut out = Vec::new();
    for (i, s) in g
        .sources
        .get(ss.clone())
        .unwrap_or_default()
        .iter()
        .enumerate()
    {
        let Some(h) = s.host else { continue };
        let from = by_host.partition_point(|(x, _)| *x < h);
        for (_, j) in by_host.iter().skip(from).take_while(|(x, _)| *x == h) {
            out.push([i, *j]);
        }
    }
    out
}
