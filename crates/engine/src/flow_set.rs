//! The report's flows as the engine keeps them: one [`RuleFlows`] per catalog rule that holds,
//! from each of its sources to each of its destinations on each of its transports, with the
//! sources and destinations listed once. A site of 10,000 agent PCs and 20 recorders costs
//! memory for 10,020 endpoints, not for 200,000 host pairs.
//!
//! The per-pair view ([`Flow`], one per source × destination × transport) is made on demand:
//! [`Flows::iter`] streams the pairs in the order the engine has always listed them (rule by
//! rule, source by source, destination by destination, transport by transport), and
//! [`Flows::get`] finds one pair by its place in that order (the planner's pages). The views that
//! compare or draw flows work from the groups: the diff and the upgrade on classes of endpoints
//! (`pair_classes.rs`), the diagram and the planner's flow table per group.

use crate::report::{Endpoint, Flow};
use portolan_catalog::Citation;
use portolan_core::net::{PortSet, Transport};
use portolan_core::text::Text;
use std::sync::Arc;

/// One end of a rule's flows: the plan host it is (by index into `Report::hosts`), if any,
/// and its endpoint.
#[derive(Debug, Clone)]
pub struct End {
    pub host: Option<usize>,
    pub endpoint: Arc<Endpoint>,
}

/// The flows of one catalog rule: each of `sources` to each of `destinations` on each of
/// `transports`. The fields are those of every [`Flow`] it stands for.
#[derive(Debug, Clone)]
pub struct RuleFlows {
    pub product: Text,
    pub rule: Text,
    pub from_role: Text,
    pub to_role: Text,
    pub sources: Vec<End>,
    pub destinations: Vec<End>,
    /// Tcp before Udp where a rule has both (the order of the pairs).
    pub transports: &'static [Transport],
    pub protocol: Option<Text>,
    pub ports: Arc<PortSet>,
    pub purpose: Text,
    pub cite: Citation,
    pub optional: bool,
    pub tags: Arc<[String]>,
    pub service: Option<Text>,
    /// `product/rule`, shared with the catalog rule.
    pub catalog_rule: Text,
}

impl RuleFlows {
    /// How many flows (host pairs × transports) it stands for.
    pub fn len(&self) -> usize {
        self.sources
            .len()
            .saturating_mul(self.destinations.len())
            .saturating_mul(self.transports.len())
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Source `s` and destination `d` are one plan host: no network rule is needed.
    pub fn is_local(&self, s: usize, d: usize) -> bool {
        match (self.sources.get(s), self.destinations.get(d)) {
            (Some(a), Some(b)) => a.host.is_some() && a.host == b.host,
            _ => false,
        }
    }

    /// How many of its flows are local (a host with itself), counted per source, not per pair.
    pub fn local_count(&self) -> usize {
        let mut hosts: Vec<usize> = self.destinations.iter().filter_map(|e| e.host).collect();
        hosts.sort_unstable();
        let pairs = self
            .sources
            .iter()
            .filter_map(|s| s.host)
            .map(|h| hosts.partition_point(|x| *x < h)..hosts.partition_point(|x| *x <= h))
            .map(|r| r.len())
            .sum::<usize>();
        pairs.saturating_mul(self.transports.len())
    }

    /// The flow from source `s` to destination `d` on transport `t` (indices), if they exist.
    pub fn flow(&self, s: usize, d: usize, t: usize) -> Option<Flow> {
        let (src, dst) = (self.sources.get(s)?, self.destinations.get(d)?);
        Some(Flow {
            product: self.product.clone(),
            rule: self.rule.clone(),
            from_role: self.from_role.clone(),
            to_role: self.to_role.clone(),
            source: Arc::clone(&src.endpoint),
            destination: Arc::clone(&dst.endpoint),
            transport: *self.transports.get(t)?,
            protocol: self.protocol.clone(),
            ports: Arc::clone(&self.ports),
            purpose: self.purpose.clone(),
            cite: self.cite.clone(),
            optional: self.optional,
            tags: Arc::clone(&self.tags),
            service: self.service.clone(),
            local: self.is_local(s, d),
            catalog_rule: self.catalog_rule.clone(),
        })
    }

    /// The flow at `k` in source, destination, transport order.
    fn nth(&self, k: usize) -> Option<Flow> {
        let t = self.transports.len().max(1);
        let per_source = self.destinations.len().saturating_mul(t).max(1);
        self.flow(k / per_source, (k % per_source) / t, k % t)
    }
}

/// The report's flows: the flows of each catalog rule that holds, in the engine's order.
#[derive(Debug, Clone, Default)]
pub struct Flows {
    groups: Vec<RuleFlows>,
    /// `starts[g]`: how many flows come before group `g` (for [`Flows::get`]).
    starts: Vec<usize>,
}

impl Flows {
    /// The flows of `groups`, in that order (empty groups are dropped: they stand for nothing).
    pub fn new(groups: Vec<RuleFlows>) -> Self {
        let groups: Vec<RuleFlows> = groups.into_iter().filter(|g| !g.is_empty()).collect();
        let mut starts = Vec::with_capacity(groups.len());
        let mut n = 0usize;
        for g in &groups {
            starts.push(n);
            n = n.saturating_add(g.len());
        }
        Flows { groups, starts }
    }

    /// One group per catalog rule that holds.
    pub fn groups(&self) -> &[RuleFlows] {
        &self.groups
    }

    /// The groups, to change what all their flows share (e.g. the citation of a release).
    pub fn groups_mut(&mut self) -> &mut [RuleFlows] {
        &mut self.groups
    }

    /// How many flows (host pairs × transports) there are.
    pub fn len(&self) -> usize {
        match (self.starts.last(), self.groups.last()) {
            (Some(s), Some(g)) => s.saturating_add(g.len()),
            _ => 0,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }

    /// How many flows are local (source and destination one host).
    pub fn local_count(&self) -> usize {
        self.groups.iter().map(RuleFlows::local_count).sum()
    }

    /// The flow at `i` in [`Flows::iter`]'s order, made on demand.
    pub fn get(&self, i: usize) -> Option<Flow> {
        let g = self.starts.partition_point(|s| *s <= i).checked_sub(1)?;
        let start = *self.starts.get(g)?;
        self.groups.get(g)?.nth(i - start)
    }

    /// Every flow, made one at a time (nothing is held but the one being read).
    pub fn iter(&self) -> Pairs<'_> {
        Pairs {
            groups: &self.groups,
            at: (0, 0, 0, 0),
        }
    }

    /// Every flow in one list (tests and small reports; large plans stream [`Flows::iter`]).
    pub fn to_vec(&self) -> Vec<Flow> {
        self.iter().collect()
    }
}

impl<'a> IntoIterator for &'a Flows {
    type Item = Flow;
    type IntoIter = Pairs<'a>;
    fn into_iter(self) -> Pairs<'a> {
        self.iter()
    }
}

/// The flows of [`Flows::iter`], one at a time.
#[derive(Debug, Clone)]
pub struct Pairs<'a> {
    groups: &'a [RuleFlows],
    /// (group, source, destination, transport) of the next flow.
    at: (usize, usize, usize, usize),
}

impl Iterator for Pairs<'_> {
    type Item = Flow;

    fn next(&mut self) -> Option<Flow> {
        loop {
            let (g, s, d, t) = self.at;
            let group = self.groups.get(g)?;
            if s >= group.sources.len() {
                self.at = (g + 1, 0, 0, 0);
                continue;
            }
            if d >= group.destinations.len() {
                self.at = (g, s + 1, 0, 0);
                continue;
            }
            if t >= group.transports.len() {
                self.at = (g, s, d + 1, 0);
                continue;
            }
            self.at = (g, s, d, t + 1);
            return group.flow(s, d, t);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::EndpointKind;

    fn end(host: Option<usize>, name: &str) -> End {
        End {
            host,
            endpoint: Arc::new(Endpoint {
                kind: EndpointKind::Host,
                name: name.into(),
                zone: String::new(),
                addresses: Vec::new(),
            }),
        }
    }

    fn group(rule: &str, srcs: Vec<End>, dsts: Vec<End>, both: bool) -> RuleFlows {
        RuleFlows {
            product: "p".into(),
            rule: rule.into(),
            from_role: "a".into(),
            to_role: "b".into(),
            sources: srcs,
            destinations: dsts,
            transports: if both {
                &[Transport::Tcp, Transport::Udp]
            } else {
                &[Transport::Tcp]
            },
            protocol: None,
            ports: Arc::new(PortSet::default()),
            purpose: "x".into(),
            cite: Citation {
                source: "s".into(),
                quote: "q".into(),
            },
            optional: false,
            tags: Arc::from(Vec::new()),
            service: None,
            catalog_rule: format!("p/{rule}").into(),
        }
    }

    fn flows() -> Flows {
        Flows::new(vec![
            group(
                "r1",
                vec![end(Some(0), "h0"), end(Some(1), "h1")],
                vec![end(Some(1), "h1"), end(Some(2), "h2")],
                true,
            ),
            group("empty", vec![end(Some(0), "h0")], vec![], false),
            group(
                "r2",
                vec![end(None, "ext")],
                vec![end(Some(0), "h0")],
                false,
            ),
        ])
    }

    #[test]
    fn pairs_come_rule_source_destination_transport() {
        let f = flows();
        let seen: Vec<(String, String, String, &str, bool)> = f
            .iter()
            .map(|x| {
                (
                    x.rule.to_string(),
                    x.source.name.clone(),
                    x.destination.name.clone(),
                    x.transport.as_str(),
                    x.local,
                )
            })
            .collect();
        let want = [
            ("r1", "h0", "h1", "tcp", false),
            ("r1", "h0", "h1", "udp", false),
            ("r1", "h0", "h2", "tcp", false),
            ("r1", "h0", "h2", "udp", false),
            ("r1", "h1", "h1", "tcp", true),
            ("r1", "h1", "h1", "udp", true),
            ("r1", "h1", "h2", "tcp", false),
            ("r1", "h1", "h2", "udp", false),
            ("r2", "ext", "h0", "tcp", false),
        ];
        let want: Vec<_> = want
            .iter()
            .map(|(r, s, d, t, l)| (r.to_string(), s.to_string(), d.to_string(), *t, *l))
            .collect();
        assert_eq!(seen, want);
        assert_eq!(f.len(), 9);
        assert_eq!(f.local_count(), 2);
        assert_eq!(f.groups().len(), 2, "the empty group is dropped");
    }

    #[test]
    fn get_finds_each_pair_by_its_place() {
        let f = flows();
        for (i, x) in f.iter().enumerate() {
            let y = f.get(i).unwrap();
            assert_eq!(
                (x.rule, x.source, x.destination, x.transport),
                (y.rule, y.source, y.destination, y.transport)
            );
        }
        assert!(f.get(f.len()).is_none());
        assert!(Flows::default().get(0).is_none());
        assert_eq!(Flows::default().len(), 0);
    }

    /// On every example plan: the streamed pairs are the groups' products in order, `get` finds
    /// each, and the counts agree with the pairs themselves.
    #[test]
    fn the_per_pair_view_of_every_example_agrees_with_its_groups() {
        let catalog = portolan_bundled::compiled().unwrap();
        for (name, _, _) in portolan_bundled::EXAMPLE_PLANS {
            let plan = portolan_bundled::example(name).unwrap();
            let r = crate::evaluate(&catalog, &plan);
            let all = r.flows.to_vec();
            assert!(!all.is_empty(), "{name}");
            assert_eq!(all.len(), r.flows.len(), "{name}");
            assert_eq!(all.len(), r.stats.flows, "{name}");
            let local = all.iter().filter(|f| f.local).count();
            assert_eq!(local, r.flows.local_count(), "{name}");
            assert_eq!(local, r.stats.local_flows, "{name}");
            let mut at = 0;
            for g in r.flows.groups() {
                assert!(!g.is_empty(), "{name}: {}", g.catalog_rule);
                for f in &all[at..at + g.len()] {
                    assert_eq!(f.catalog_rule, g.catalog_rule, "{name}");
                    assert!(g
                        .sources
                        .iter()
                        .any(|e| Arc::ptr_eq(&e.endpoint, &f.source)));
                    assert!(g
                        .destinations
                        .iter()
                        .any(|e| Arc::ptr_eq(&e.endpoint, &f.destination)));
                }
                at += g.len();
            }
            assert_eq!(at, all.len(), "{name}");
            for (i, f) in all.iter().enumerate() {
                let g = r.flows.get(i).unwrap();
                assert_eq!(
                    (
                        &g.catalog_rule,
                        &g.source,
                        &g.destination,
                        g.transport,
                        g.local
                    ),
                    (
                        &f.catalog_rule,
                        &f.source,
                        &f.destination,
                        f.transport,
                        f.local
                    ),
                    "{name} flow {i}"
                );
            }
        }
    }
}
