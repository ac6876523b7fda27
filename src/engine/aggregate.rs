//! Network flows → the smallest rule set: ports merged per endpoint pair, then sources grouped,
//! then destinations grouped; addresses collapsed to the fewest CIDRs.

use super::report::{AggregatedRule, Endpoint, EndpointKind, Flow};
use crate::catalog::Citation;
use crate::net::{collapse, Address, PortSet, Transport};
use crate::text::Text;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

/// Groups the non-local flows into aggregated rules, in a deterministic order.
///
/// Endpoints are compared many times while grouping, so each distinct endpoint is first given
/// its rank in `Endpoint`'s order (one sort) and the grouping works on ranks: the same order,
/// so the same result as grouping the endpoints themselves. Each group keeps the indices of its
/// flows; the rule ids, products, purposes and citations behind a rule are gathered once, at the
/// end.
pub fn aggregate(flows: &[Flow]) -> Vec<AggregatedRule> {
    let net: Vec<&Flow> = flows.iter().filter(|f| !f.local).collect();
    let (endpoints, ends) = rank_endpoints(&net);

    // 1. one port set per (source, destination, transport, optional)
    type PairKey = (usize, usize, Transport, bool);
    let mut pairs: BTreeMap<PairKey, (PortSet, Members)> = BTreeMap::new();
    for (i, (f, (src, dst))) in net.iter().zip(&ends).enumerate() {
        let e = pairs
            .entry((*src, *dst, f.transport, f.optional))
            .or_default();
        e.0.union_with(&f.ports);
        e.1.flows.push(i);
    }

    // 1b. an optional port the same pair needs anyway is not optional: it stays with the
    //     required ports (and the optional rule is named among their reasons)
    let optional_keys: Vec<PairKey> = pairs.keys().filter(|k| k.3).copied().collect();
    for key in optional_keys {
        let required_key = (key.0, key.1, key.2, false);
        let Some(required) = pairs.get(&required_key).map(|(p, _)| p.clone()) else {
            continue;
        };
        let Some((ports, members)) = pairs.get_mut(&key) else {
            continue;
        };
        if ports.intersection(&required).is_empty() {
            continue;
        }
        *ports = ports.difference(&required);
        let empty = ports.is_empty();
        let moved = if empty {
            pairs.remove(&key).map(|(_, m)| m).unwrap_or_default()
        } else {
            Members {
                flows: Vec::new(),
                named: members.flows.clone(),
            }
        };
        if let Some((_, required_members)) = pairs.get_mut(&required_key) {
            if empty {
                required_members.extend(moved);
            } else {
                required_members.named.extend(moved.named);
            }
        }
    }

    // 2. group sources that reach one destination with the same ports (pairs come in source
    //    order, so each list of sources is sorted and without repeats); endpoints with
    //    addresses are never grouped with endpoints without, so an unmapped role cannot hold
    //    back a rule a firewall can express
    let resolved = |rank: usize| endpoints.get(rank).is_some_and(|e| e.is_resolved());
    type DstKey = (usize, Transport, bool, PortSet, bool);
    let mut by_dst: BTreeMap<DstKey, (Vec<usize>, Members)> = BTreeMap::new();
    for ((src, dst, t, opt), (ports, members)) in pairs {
        let e = by_dst
            .entry((dst, t, opt, ports, resolved(src)))
            .or_default();
        e.0.push(src);
        e.1.extend(members);
    }

    // 3. group destinations reached by the same sources with the same ports
    type SrcKey = (Vec<usize>, Transport, bool, PortSet, bool);
    let mut by_src: BTreeMap<SrcKey, (Vec<usize>, Members)> = BTreeMap::new();
    for ((dst, t, opt, ports, _), (srcs, members)) in by_dst {
        let e = by_src
            .entry((srcs, t, opt, ports, resolved(dst)))
            .or_default();
        e.0.push(dst);
        e.1.extend(members);
    }

    let endpoint_list = |ranks: &[usize]| -> Vec<Arc<Endpoint>> {
        ranks
            .iter()
            .filter_map(|r| endpoints.get(*r).map(|e| Arc::clone(e)))
            .collect()
    };
    let mut out: Vec<AggregatedRule> = by_src
        .into_iter()
        .map(|((srcs, transport, optional, ports, _), (dsts, members))| {
            let sources = endpoint_list(&srcs);
            let destinations = endpoint_list(&dsts);
            let (source_nets, source_names) = addresses(&sources);
            let (destination_nets, destination_names) = addresses(&destinations);
            let any_source = sources.iter().any(|s| s.kind == EndpointKind::Any);
            let unresolved = sources
                .iter()
                .chain(&destinations)
                .any(|e| !e.is_resolved());
            let why = Why::of(
                members.flows.iter().filter_map(|i| net.get(*i).copied()),
                members.named.iter().filter_map(|i| net.get(*i).copied()),
            );
            AggregatedRule {
                id: String::new(),
                sources,
                destinations,
                source_nets,
                source_names,
                any_source,
                destination_nets,
                destination_names,
                transport,
                ports,
                catalog_rules: why.catalog_rules,
                products: why.products,
                purposes: why.purposes,
                citations: why.citations,
                optional,
                unresolved,
                flow_count: members.flows.len(),
            }
        })
        .collect();
    // present in catalog order of the first contributing rule, then by content
    out.sort_by(|a, b| {
        (a.products.first(), a.catalog_rules.first(), a.transport).cmp(&(
            b.products.first(),
            b.catalog_rules.first(),
            b.transport,
        ))
    });
    for (i, r) in out.iter_mut().enumerate() {
        r.id = format!("r{}", i + 1);
    }
    out
}

/// The distinct endpoints of `flows` in `Endpoint`'s order, and for each flow the ranks of its
/// source and destination in that list.
///
/// Flows share their endpoints (`Arc`), so the endpoints are first made distinct by address,
/// which is cheap, and only those few are sorted by content; endpoints equal in content but
/// held apart still get one rank.
fn rank_endpoints<'a>(flows: &[&'a Flow]) -> (Vec<&'a Arc<Endpoint>>, Vec<(usize, usize)>) {
    let key = |e: &Arc<Endpoint>| Arc::as_ptr(e) as usize;
    let mut uniq: Vec<&'a Arc<Endpoint>> = flows
        .iter()
        .flat_map(|f| [&f.source, &f.destination])
        .collect();
    uniq.sort_unstable_by_key(|e| key(e));
    uniq.dedup_by_key(|e| key(e));
    uniq.sort_unstable();
    let mut distinct: Vec<&'a Arc<Endpoint>> = Vec::with_capacity(uniq.len());
    let mut rank_of: HashMap<usize, usize> = HashMap::with_capacity(uniq.len());
    for e in uniq {
        if distinct.last().is_none_or(|d| **d != *e) {
            distinct.push(e);
        }
        rank_of.insert(key(e), distinct.len() - 1);
    }
    let rank = |e: &Arc<Endpoint>| rank_of.get(&key(e)).copied().unwrap_or(0);
    let ends = flows
        .iter()
        .map(|f| (rank(&f.source), rank(&f.destination)))
        .collect();
    (distinct, ends)
}

/// The flows behind a group, by index: `flows` count and give every reason; `named` are
/// optional flows whose ports the group needed anyway, so only their rule and product are named.
#[derive(Default)]
struct Members {
    flows: Vec<usize>,
    named: Vec<usize>,
}

impl Members {
    fn extend(&mut self, other: Members) {
        self.flows.extend(other.flows);
        self.named.extend(other.named);
    }
}

/// Why an aggregated rule exists: the catalog rules, products, purposes and citations of its
/// flows, each sorted and without repeats.
struct Why {
    catalog_rules: Vec<String>,
    products: Vec<Text>,
    purposes: Vec<Text>,
    citations: Vec<Citation>,
}

impl Why {
    fn of<'a>(flows: impl Iterator<Item = &'a Flow>, named: impl Iterator<Item = &'a Flow>) -> Why {
        let mut rules: BTreeSet<(&str, &str)> = BTreeSet::new();
        let mut products: BTreeSet<&Text> = BTreeSet::new();
        let mut purposes: BTreeSet<&Text> = BTreeSet::new();
        let mut citations: BTreeSet<&Citation> = BTreeSet::new();
        for f in flows {
            rules.insert((&f.product, &f.rule));
            products.insert(&f.product);
            purposes.insert(&f.purpose);
            citations.insert(&f.cite);
        }
        for f in named {
            rules.insert((&f.product, &f.rule));
            products.insert(&f.product);
        }
        // sorted as the joined text, which is not always the order of the pairs
        let mut catalog_rules: Vec<String> = rules
            .iter()
            .map(|(p, r)| {
                // `format!` costs more than the copy itself here (one string per rule and flow group)
                let mut s = String::with_capacity(p.len() + 1 + r.len());
                s.push_str(p);
                s.push('/');
                s.push_str(r);
                s
            })
            .collect();
        catalog_rules.sort_unstable();
        catalog_rules.dedup();
        Why {
            catalog_rules,
            products: products.into_iter().cloned().collect(),
            purposes: purposes.into_iter().cloned().collect(),
            citations: citations.into_iter().cloned().collect(),
        }
    }
}

/// Collapsed networks and the host names of a set of endpoints.
fn addresses(eps: &[Arc<Endpoint>]) -> (Vec<ipnet::IpNet>, Vec<Address>) {
    let mut nets = Vec::new();
    let mut names = BTreeSet::new();
    for e in eps {
        for a in e.rule_addresses() {
            match a {
                Address::Net(n) => nets.push(*n),
                other => {
                    names.insert(other.clone());
                }
            }
        }
    }
    // a name already covered by a wildcard of the same set adds nothing (`*.edge.agora.io`
    // next to `*.agora.io`)
    let kept: Vec<Address> = names
        .iter()
        .filter(|n| !names.iter().any(|w| w != *n && w.covers(n)))
        .cloned()
        .collect();
    (collapse(&nets), kept)
}
