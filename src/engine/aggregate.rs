//! Network flows → the smallest rule set: ports merged per endpoint pair, then sources grouped,
//! then destinations grouped; addresses collapsed to the fewest CIDRs.

use super::report::{AggregatedRule, Endpoint, EndpointKind, Flow};
use crate::catalog::Citation;
use crate::net::{collapse, Address, PortSet, Transport};
use std::collections::{BTreeMap, BTreeSet};

#[derive(Default, Clone)]
struct Why {
    catalog_rules: BTreeSet<String>,
    products: BTreeSet<String>,
    purposes: BTreeSet<String>,
    citations: BTreeSet<Citation>,
    flow_count: usize,
}

impl Why {
    fn merge(&mut self, other: &Why) {
        self.catalog_rules
            .extend(other.catalog_rules.iter().cloned());
        self.products.extend(other.products.iter().cloned());
        self.purposes.extend(other.purposes.iter().cloned());
        self.citations.extend(other.citations.iter().cloned());
        self.flow_count += other.flow_count;
    }
}

/// Groups the non-local flows into aggregated rules, in a deterministic order.
pub fn aggregate(flows: &[Flow]) -> Vec<AggregatedRule> {
    // 1. one port set per (source, destination, transport, optional)
    type PairKey<'a> = (&'a Endpoint, &'a Endpoint, Transport, bool);
    let mut pairs: BTreeMap<PairKey<'_>, (PortSet, Why)> = BTreeMap::new();
    for f in flows.iter().filter(|f| !f.local) {
        let e = pairs
            .entry((&f.source, &f.destination, f.transport, f.optional))
            .or_default();
        e.0.union_with(&f.ports);
        e.1.catalog_rules
            .insert(format!("{}/{}", f.product, f.rule));
        e.1.products.insert(f.product.clone());
        e.1.purposes.insert(f.purpose.clone());
        e.1.citations.insert(f.cite.clone());
        e.1.flow_count += 1;
    }

    // 1b. an optional port the same pair needs anyway is not optional: it stays with the
    //     required ports (and the optional rule is named among their reasons)
    let optional_keys: Vec<PairKey<'_>> = pairs.keys().filter(|k| k.3).copied().collect();
    for key in optional_keys {
        let required_key = (key.0, key.1, key.2, false);
        let Some(required) = pairs.get(&required_key).map(|(p, _)| p.clone()) else {
            continue;
        };
        let Some((ports, why)) = pairs.get_mut(&key) else {
            continue;
        };
        let covered = !ports.intersection(&required).is_empty();
        if !covered {
            continue;
        }
        *ports = ports.difference(&required);
        let (empty, why) = (ports.is_empty(), why.clone());
        if empty {
            pairs.remove(&key);
        }
        if let Some((_, required_why)) = pairs.get_mut(&required_key) {
            if empty {
                required_why.merge(&why);
            } else {
                required_why.catalog_rules.extend(why.catalog_rules);
                required_why.products.extend(why.products);
            }
        }
    }

    // 2. group sources that reach one destination with the same ports (endpoints with
    //    addresses are never grouped with endpoints without, so an unmapped role cannot hold
    //    back a rule a firewall can express)
    type DstKey<'a> = (&'a Endpoint, Transport, bool, PortSet, bool);
    let mut by_dst: BTreeMap<DstKey<'_>, (BTreeSet<&Endpoint>, Why)> = BTreeMap::new();
    for ((src, dst, t, opt), (ports, why)) in pairs {
        let e = by_dst
            .entry((dst, t, opt, ports, src.is_resolved()))
            .or_default();
        e.0.insert(src);
        e.1.merge(&why);
    }

    // 3. group destinations reached by the same sources with the same ports
    type SrcKey<'a> = (BTreeSet<&'a Endpoint>, Transport, bool, PortSet, bool);
    let mut by_src: BTreeMap<SrcKey<'_>, (BTreeSet<&Endpoint>, Why)> = BTreeMap::new();
    for ((dst, t, opt, ports, _), (srcs, why)) in by_dst {
        let e = by_src
            .entry((srcs, t, opt, ports, dst.is_resolved()))
            .or_default();
        e.0.insert(dst);
        e.1.merge(&why);
    }

    let mut out: Vec<AggregatedRule> = by_src
        .into_iter()
        .map(|((srcs, transport, optional, ports, _), (dsts, why))| {
            let sources: Vec<Endpoint> = srcs.into_iter().cloned().collect();
            let destinations: Vec<Endpoint> = dsts.into_iter().cloned().collect();
            let (source_nets, source_names) = addresses(&sources);
            let (destination_nets, destination_names) = addresses(&destinations);
            let any_source = sources.iter().any(|s| s.kind == EndpointKind::Any);
            let unresolved = sources
                .iter()
                .chain(&destinations)
                .any(|e| !e.is_resolved());
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
                catalog_rules: why.catalog_rules.into_iter().collect(),
                products: why.products.into_iter().collect(),
                purposes: why.purposes.into_iter().collect(),
                citations: why.citations.into_iter().collect(),
                optional,
                unresolved,
                flow_count: why.flow_count,
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

/// Collapsed networks and the host names of a set of endpoints.
fn addresses(eps: &[Endpoint]) -> (Vec<ipnet::IpNet>, Vec<Address>) {
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
