//! Report A against report B: the flows to open, the flows that can be closed, and the warnings
//! that appear or disappear.

use super::pair_classes::{Cell, PairClasses};
use super::report::{Endpoint, Report, Warning};
use crate::flow_set::{End, RuleFlows};
use portolan_core::net::{PortSet, Transport};
use serde::Serialize;
use std::collections::BTreeSet;

/// A change between two plans on one (source, destination, transport): the ports that changed and
/// the catalog rules behind them.
#[derive(Debug, Clone, Serialize, PartialEq, schemars::JsonSchema)]
pub struct FlowChange {
    pub source: Endpoint,
    pub destination: Endpoint,
    pub transport: Transport,
    /// The ports as people write them, e.g. `80, 443, 4001-4004`.
    #[schemars(with = "String")]
    pub ports: PortSet,
    /// `product/rule` of the rules that require these ports (on the side that has them).
    pub catalog_rules: Vec<String>,
    pub purposes: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Default, schemars::JsonSchema)]
pub struct Diff {
    /// Needed by B and not by A.
    pub open: Vec<FlowChange>,
    /// Needed by A and no longer by B.
    pub close: Vec<FlowChange>,
    pub warnings_added: Vec<Warning>,
    pub warnings_removed: Vec<Warning>,
}

/// What changes when going from plan A's report to plan B's: worked out per class pair of
/// endpoints from the flow groups ([`PairClasses`]), listing only the pairs that change.
pub fn diff(a: &Report, b: &Report) -> Diff {
    let (ga, gb): (Vec<&RuleFlows>, Vec<&RuleFlows>) = (
        a.flows.groups().iter().collect(),
        b.flows.groups().iter().collect(),
    );
    let classes = PairClasses::new([&ga, &gb], |e: &End| &*e.endpoint);
    let (mut open, mut close) = (Listed::default(), Listed::default());
    for cell in classes.cells() {
        for t in classes.transports(&cell) {
            let [pa, pb] = [0, 1].map(|i| classes.ports(i, cell.side(i), t));
            open.add(&classes, &cell, t, pb.difference(&pa), 1);
            close.add(&classes, &cell, t, pa.difference(&pb), 0);
        }
    }
    let ranks = classes.ranks();
    Diff {
        open: open.finish(&classes, &ranks),
        close: close.finish(&classes, &ranks),
        warnings_added: only_in(&b.warnings, &a.warnings),
        warnings_removed: only_in(&a.warnings, &b.warnings),
    }
}

/// The changes of one direction: what each class pair needs (its ports and the rules behind
/// them), and the pairs it stands for.
#[derive(Default)]
struct Listed {
    /// Ports, `product/rule`s and purposes.
    needs: Vec<(PortSet, Vec<String>, Vec<String>)>,
    /// (source id, destination id, transport, index into `needs`).
    pairs: Vec<(usize, usize, Transport, usize)>,
}

impl Listed {
    /// `extra` ports on `t` between the pairs of `cell`, needed by the groups of side `have`.
    fn add(
        &mut self,
        classes: &PairClasses<'_, &Endpoint>,
        cell: &Cell,
        t: Transport,
        extra: PortSet,
        have: usize,
    ) {
        if extra.is_empty() {
            return;
        }
        let behind: Vec<&RuleFlows> = classes
            .with(have, cell.side(have), t)
            .map(|(_, g)| g)
            .filter(|g| !g.ports.intersection(&extra).is_empty())
            .collect();
        let rules: BTreeSet<String> = behind
            .iter()
            .map(|g| format!("{}/{}", g.product, g.rule))
            .collect();
        let purposes: BTreeSet<String> = behind.iter().map(|g| g.purpose.to_string()).collect();
        let at = self.needs.len();
        self.needs.push((
            extra,
            rules.into_iter().collect(),
            purposes.into_iter().collect(),
        ));
        self.pairs
            .extend(classes.pairs(cell).map(|(s, d)| (s, d, t, at)));
    }

    /// The changes, by source, destination and transport.
    fn finish(mut self, classes: &PairClasses<'_, &Endpoint>, ranks: &[usize]) -> Vec<FlowChange> {
        let rank = |id: usize| ranks.get(id).copied().unwrap_or(usize::MAX);
        self.pairs
            .sort_unstable_by_key(|&(s, d, t, _)| (rank(s), rank(d), t));
        let needs = &self.needs;
        self.pairs
            .into_iter()
            .filter_map(|(s, d, t, at)| {
                let (ports, rules, purposes) = needs.get(at)?;
                Some(FlowChange {
                    source: Endpoint::clone(classes.key(s)?),
                    destination: Endpoint::clone(classes.key(d)?),
                    transport: t,
                    ports: ports.clone(),
                    catalog_rules: rules.clone(),
                    purposes: purposes.clone(),
                })
            })
            .collect()
    }
}

fn only_in(a: &[Warning], b: &[Warning]) -> Vec<Warning> {
    let theirs: BTreeSet<(&str, &str)> = b
        .iter()
        .map(|w| (w.code.as_str(), w.message.as_str()))
        .collect();
    a.iter()
        .filter(|w| !theirs.contains(&(w.code.as_str(), w.message.as_str())))
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pair_classes::test_plans::{examples, site, variants};
    use crate::report::Flow;
    use std::collections::BTreeMap;
    use std::sync::Arc;

    type Key = (Arc<Endpoint>, Arc<Endpoint>, Transport);

    /// The diff as it was worked out before, from every pair: the reference.
    fn per_pair(a: &Report, b: &Report) -> (Vec<FlowChange>, Vec<FlowChange>) {
        let (fa, fb) = (a.flows.to_vec(), b.flows.to_vec());
        let (na, nb) = (network(&fa), network(&fb));
        (changes(&nb, &na), changes(&na, &nb))
    }

    fn network(flows: &[Flow]) -> BTreeMap<Key, Vec<&Flow>> {
        let mut m: BTreeMap<Key, Vec<&Flow>> = BTreeMap::new();
        for f in flows.iter().filter(|f| !f.local) {
            m.entry((f.source.clone(), f.destination.clone(), f.transport))
                .or_default()
                .push(f);
        }
        m
    }

    fn ports(flows: &[&Flow]) -> PortSet {
        let mut s = PortSet::default();
        for f in flows {
            s.union_with(&f.ports);
        }
        s
    }

    fn changes(
        have: &BTreeMap<Key, Vec<&Flow>>,
        other: &BTreeMap<Key, Vec<&Flow>>,
    ) -> Vec<FlowChange> {
        let mut out = Vec::new();
        for (key, flows) in have {
            let theirs = other.get(key).map(|f| ports(f)).unwrap_or_default();
            let extra = ports(flows).difference(&theirs);
            if extra.is_empty() {
                continue;
            }
            let behind: Vec<&&Flow> = (flows.iter())
                .filter(|f| !f.ports.intersection(&extra).is_empty())
                .collect();
            let rules: BTreeSet<String> = (behind.iter())
                .map(|f| format!("{}/{}", f.product, f.rule))
                .collect();
            let purposes: BTreeSet<String> = behind.iter().map(|f| f.purpose.to_string()).collect();
            out.push(FlowChange {
                source: Endpoint::clone(&key.0),
                destination: Endpoint::clone(&key.1),
                transport: key.2,
                ports: extra,
                catalog_rules: rules.into_iter().collect(),
                purposes: purposes.into_iter().collect(),
            });
        }
        out
    }

    /// Both ways, the class-pair diff is the per-pair one, change for change and in order.
    fn same_as_per_pair(a: &Report, b: &Report, what: &str) -> usize {
        let d = diff(a, b);
        let (open, close) = per_pair(a, b);
        assert_eq!(d.open.len(), open.len(), "{what}: open");
        assert_eq!(d.close.len(), close.len(), "{what}: close");
        assert!(d.open == open, "{what}: open differs");
        assert!(d.close == close, "{what}: close differs");
        open.len() + close.len()
    }

    #[test]
    fn every_pair_of_examples_diffs_as_pair_by_pair() {
        let catalog = portolan_bundled::compiled().unwrap();
        let reports: Vec<(String, Report)> = (examples().into_iter())
            .map(|(n, p)| (n, crate::evaluate(&catalog, &p)))
            .collect();
        let mut changes = 0;
        for (na, ra) in &reports {
            for (nb, rb) in &reports {
                changes += same_as_per_pair(ra, rb, &format!("{na} → {nb}"));
            }
            assert!(diff(ra, ra).open.is_empty() && diff(ra, ra).close.is_empty());
        }
        assert!(changes > 1000, "the examples differ: {changes}");
    }

    #[test]
    fn every_example_and_its_variants_diff_as_pair_by_pair() {
        let catalog = portolan_bundled::compiled().unwrap();
        let mut changes = 0;
        for (name, plan) in examples() {
            let r = crate::evaluate(&catalog, &plan);
            for (how, v) in variants(&plan) {
                let rv = crate::evaluate(&catalog, &v);
                changes += same_as_per_pair(&r, &rv, &format!("{name} → {how}"));
                changes += same_as_per_pair(&rv, &r, &format!("{how} → {name}"));
            }
        }
        assert!(changes > 100, "the variants change flows: {changes}");
    }

    #[test]
    #[cfg(not(target_arch = "wasm32"))]
    fn a_generated_plan_and_its_variants_diff_as_pair_by_pair() {
        let (catalog, plan) = crate::pair_classes::test_plans::generated(1000);
        let r = crate::evaluate(&catalog, &plan);
        assert!(r.flows.len() > 10_000, "{}", r.flows.len());
        for (how, v) in variants(&plan) {
            let rv = crate::evaluate(&catalog, &v);
            let n = same_as_per_pair(&r, &rv, how);
            assert!(n > 0, "{how} changes flows");
            same_as_per_pair(&rv, &r, how);
        }
    }

    /// The large site with one screen recorder more, and without the supervisors.
    #[test]
    fn a_large_site_diffs_as_pair_by_pair() {
        let catalog = portolan_bundled::compiled().unwrap();
        let r = crate::evaluate(&catalog, &site(400, 5));
        let more = crate::evaluate(&catalog, &site(400, 6));
        assert!(same_as_per_pair(&r, &more, "one recorder more") >= 400);
        let mut plain = site(400, 5);
        plain.hosts[1].roles.clear();
        let plain = crate::evaluate(&catalog, &plain);
        assert!(same_as_per_pair(&r, &plain, "no supervisors") > 0);
        assert!(same_as_per_pair(&plain, &r, "supervisors back") > 0);
    }
}
