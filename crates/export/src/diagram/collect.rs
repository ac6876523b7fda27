//! Stage 1 of the diagram, from the report's flow groups rather than its host pairs: the
//! endpoints of the shown network flows ([`ends`]), and, once big zones are folded into one box,
//! one connection per box pair ([`connect`]). A group's sources and destinations are read once
//! each, and its connections are made between the boxes they fall in, so a zone of 10,000 agent
//! PCs folded into one box costs per host, not per host pair.

use super::{column_title, Conn, End, Graph};
use portolan_catalog::Catalog;
use portolan_engine::{EndpointKind, Report, RuleFlows};
use std::collections::{BTreeMap, HashMap};

/// The shown groups, each with the index (into `Graph::ends`) of each of its sources and
/// destinations that has a network flow (a partner other than its own host).
pub(super) struct Shown<'r> {
    groups: Vec<(&'r RuleFlows, Ends, Ends)>,
}

/// Per end of one side of a group: its index in `Graph::ends`, if it has a network flow.
type Ends = Vec<Option<usize>>;

/// The two ends of a flow are one plan host (a local flow, no arrow).
fn local(a: &portolan_engine::End, b: &portolan_engine::End) -> bool {
    a.host.is_some() && a.host == b.host
}

/// How many ends of `list` are each plan host.
fn per_host(list: &[portolan_engine::End]) -> HashMap<usize, usize> {
    let mut n = HashMap::new();
    for h in list.iter().filter_map(|e| e.host) {
        *n.entry(h).or_insert(0) += 1;
    }
    n
}

/// `e` has a network flow with one of `others` (`hosts`: how many of them are each host).
fn has_partner(e: &portolan_engine::End, others: usize, hosts: &HashMap<usize, usize>) -> bool {
    e.host
        .is_none_or(|h| hosts.get(&h).copied().unwrap_or(0) < others)
}

/// The endpoints of the shown network flows in the order the flows list them (a group's
/// sources in turn, each followed by the destinations it is first seen with), with the roles
/// each host carries in them; the products shown and the local flows.
pub(super) fn ends<'r>(
    report: &'r Report,
    catalog: &Catalog,
    product: Option<&str>,
) -> (Graph, Shown<'r>) {
    let mut g = Graph::default();
    let mut shown = Shown { groups: Vec::new() };
    let mut index: BTreeMap<(EndpointKind, String), usize> = BTreeMap::new();
    let groups = report.flows.groups().iter();
    for rf in groups.filter(|rf| product.is_none_or(|p| &*rf.product == p)) {
        g.local_flows += rf.local_count();
        if !g.products.iter().any(|(id, _)| **id == *rf.product) {
            let name = catalog
                .product(&rf.product)
                .map_or_else(|| rf.product.to_string(), |p| p.name.clone());
            g.products.push((rf.product.to_string(), name));
        }
        let role_name = |rid: &str| {
            catalog
                .product(&rf.product)
                .and_then(|p| p.role(rid))
                .map_or_else(|| rid.to_string(), |r| r.name.clone())
        };
        let (from, to) = (role_name(&rf.from_role), role_name(&rf.to_role));
        let mut seen = |e: &portolan_engine::End, role: &str| touch(&mut g, &mut index, e, role);
        let (dst_hosts, src_hosts) = (per_host(&rf.destinations), per_host(&rf.sources));
        let mut srcs = vec![None; rf.sources.len()];
        let mut dsts = vec![None; rf.destinations.len()];
        // destinations not seen yet in this group, in order
        let mut pending: Vec<usize> = (0..rf.destinations.len()).collect();
        for (k, s) in rf.sources.iter().enumerate() {
            if !has_partner(s, rf.destinations.len(), &dst_hosts) {
                continue;
            }
            if let Some(x) = srcs.get_mut(k) {
                *x = Some(seen(s, &from));
            }
            pending.retain(|&j| match rf.destinations.get(j) {
                Some(d) if !local(s, d) => {
                    if let Some(x) = dsts.get_mut(j) {
                        *x = Some(seen(d, &to));
                    }
                    false
                }
                _ => true,
            });
        }
        debug_assert!(pending.iter().all(|&j| (rf.destinations.get(j))
            .is_some_and(|d| !has_partner(d, rf.sources.len(), &src_hosts))));
        shown.groups.push((rf, srcs, dsts));
    }
    (g, shown)
}

/// The index of endpoint `e` in `g.ends` (added when new), with `role` among its roles if it
/// is a host.
fn touch(
    g: &mut Graph,
    index: &mut BTreeMap<(EndpointKind, String), usize>,
    e: &portolan_engine::End,
    role: &str,
) -> usize {
    let ep = &e.endpoint;
    let i = *index.entry((ep.kind, ep.name.clone())).or_insert_with(|| {
        g.ends.push(End {
            kind: ep.kind,
            name: ep.name.clone(),
            zone: ep.zone.clone(),
            roles: Vec::new(),
            addrs: ep.rule_addresses().map(|a| a.to_string()).collect(),
            members: 1,
            column: column_title(ep.kind, &ep.zone),
        });
        g.ends.len() - 1
    });
    if ep.kind == EndpointKind::Host {
        if let Some(end) = g.ends.get_mut(i) {
            if !end.roles.iter().any(|r| r == role) {
                end.roles.push(role.to_string());
            }
        }
    }
    i
}

/// How the ends of one side of a group that fall in one box stand: all one plan host, or not.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Hosts {
    One(usize),
    Other,
}

/// The boxes (`map`: end → box) the ends of one side of a group fall in, each with its hosts.
fn boxes(
    ends: &[portolan_engine::End],
    at: &[Option<usize>],
    map: &[usize],
) -> Vec<(usize, Hosts)> {
    let mut out: BTreeMap<usize, Hosts> = BTreeMap::new();
    for (e, i) in ends.iter().zip(at) {
        let Some(b) = i.and_then(|i| map.get(i).copied()) else {
            continue;
        };
        let h = e.host.map_or(Hosts::Other, Hosts::One);
        out.entry(b)
            .and_modify(|x| {
                if *x != h {
                    *x = Hosts::Other;
                }
            })
            .or_insert(h);
    }
    out.into_iter().collect()
}

/// Stage 1 (after folding): one connection per pair of boxes (`map`: end → box of `g.ends`)
/// with its ports, products and optionality. A box with itself is connected unless every flow
/// between its ends is local.
pub(super) fn connect(mut g: Graph, shown: &Shown<'_>, map: &[usize]) -> Graph {
    for (rf, srcs, dsts) in &shown.groups {
        let product = g.products.iter().position(|(p, _)| **p == *rf.product);
        let from = boxes(&rf.sources, srcs, map);
        let to = boxes(&rf.destinations, dsts, map);
        for &(a, ha) in &from {
            for &(b, hb) in &to {
                if a == b && matches!((ha, hb), (Hosts::One(x), Hosts::One(y)) if x == y) {
                    continue;
                }
                let conn = g.conns.entry((a, b)).or_insert_with(|| Conn {
                    all_optional: true,
                    ..Conn::default()
                });
                for t in rf.transports {
                    conn.ports.entry(*t).or_default().union_with(&rf.ports);
                }
                conn.products.extend(product);
                conn.all_optional &= rf.optional;
            }
        }
    }
    g
}
