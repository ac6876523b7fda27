//! The upgrade's flows — to open, to close, changed — matched by (lineage, source name,
//! destination name, transport), worked out per lineage and per class pair of endpoints from
//! the two reports' flow groups ([`PairClasses`]): what a class pair needs is compared once,
//! and only the pairs that change are listed.

use super::{empty_endpoint, Ctx, Difference, UpgradeChange, UpgradeFlow};
use crate::flow_set::{End, RuleFlows};
use crate::pair_classes::{Cell, PairClasses};
use crate::report::{Endpoint, Report};
use portolan_catalog::{Citation, Release};
use portolan_core::net::{PortSet, Transport};
use std::collections::BTreeMap;

/// Flows to open, to close, and changed.
pub(super) type Lists = (Vec<UpgradeFlow>, Vec<UpgradeFlow>, Vec<UpgradeChange>);

type Classes<'g> = PairClasses<'g, &'g str>;

/// One listed flow of a lineage, before the lists are put in key order.
enum Item {
    Open(UpgradeFlow),
    Close(UpgradeFlow),
    Changed(UpgradeChange),
}

/// (source id, destination id, transport, item).
type Entry = (usize, usize, Transport, Item);

/// The groups of one side of a cell that carry a transport: the first (index, group) and the
/// ports of all of them.
struct Holds<'g> {
    first: (usize, &'g RuleFlows),
    ports: PortSet,
}

impl Ctx<'_> {
    /// The product's flows of `rx` (release `from`) and `ry` (release `to`) compared.
    pub(super) fn flows(&self, rx: &Report, ry: &Report) -> Lists {
        let mut by_lineage: BTreeMap<String, [Vec<&RuleFlows>; 2]> = BTreeMap::new();
        for (i, r) in [rx, ry].into_iter().enumerate() {
            let groups = r.flows.groups().iter();
            for g in groups.filter(|g| g.product == *self.product.id) {
                let sides = by_lineage.entry(self.lineage(&g.rule, true)).or_default();
                if let Some(list) = sides.get_mut(i) {
                    list.push(g);
                }
            }
        }
        let mut out: Lists = Default::default();
        for [x, y] in by_lineage.values() {
            let classes = PairClasses::new([x.as_slice(), y.as_slice()], |e: &End| {
                e.endpoint.name.as_str()
            });
            let mut entries: Vec<Entry> = Vec::new();
            for cell in classes.cells() {
                for t in classes.transports(&cell) {
                    self.cell(&classes, &cell, t, &mut entries);
                }
            }
            let ranks = classes.ranks();
            let rank = |id: usize| ranks.get(id).copied().unwrap_or(usize::MAX);
            entries.sort_unstable_by_key(|&(s, d, t, _)| (rank(s), rank(d), t));
            for (_, _, _, item) in entries {
                match item {
                    Item::Open(f) => out.0.push(f),
                    Item::Close(f) => out.1.push(f),
                    Item::Changed(c) => out.2.push(c),
                }
            }
        }
        out
    }

    /// The flows of `cell`'s pairs on `t`: opened, closed, or compared.
    fn cell(&self, classes: &Classes<'_>, cell: &Cell, t: Transport, out: &mut Vec<Entry>) {
        let holds = |i: usize| {
            let mut groups = classes.with(i, cell.side(i), t);
            let first = groups.next()?;
            let mut ports = PortSet::clone(&first.1.ports);
            for (_, g) in groups {
                ports.union_with(&g.ports);
            }
            Some(Holds { first, ports })
        };
        match (holds(0), holds(1)) {
            (None, Some(y)) => {
                let flow = self.one_side(y.first.1, t, y.ports, false);
                for (s, d, f) in with_ends(classes, cell, 1, y.first.0, flow) {
                    out.push((s, d, t, Item::Open(f)));
                }
            }
            (Some(x), None) => {
                let flow = self.one_side(x.first.1, t, x.ports, true);
                for (s, d, f) in with_ends(classes, cell, 0, x.first.0, flow) {
                    out.push((s, d, t, Item::Close(f)));
                }
            }
            (Some(x), Some(y)) => self.changes(classes, cell, t, [x, y], out),
            (None, None) => {}
        }
    }

    /// A flow of one release only (`at_from`: the `from` release), without its endpoints.
    fn one_side(&self, g: &RuleFlows, t: Transport, ports: PortSet, at_from: bool) -> UpgradeFlow {
        let rule = g.rule.to_string();
        UpgradeFlow {
            source: empty_endpoint(),
            destination: empty_endpoint(),
            transport: t,
            ports,
            protocol: g.protocol.as_ref().map(|p| p.to_string()),
            purpose: g.purpose.to_string(),
            cite_from: self.rule_cite(self.from, at_from.then_some(rule.as_str())),
            cite_to: self.rule_cite(self.to, (!at_from).then_some(rule.as_str())),
            rule,
        }
    }

    /// The pairs of `cell` on `t` that both releases need, with what changed: the ports and
    /// protocol (the same for every pair of the cell) and each end's addresses.
    fn changes(
        &self,
        classes: &Classes<'_>,
        cell: &Cell,
        t: Transport,
        [x, y]: [Holds<'_>; 2],
        out: &mut Vec<Entry>,
    ) {
        let ((_, rx), (_, ry)) = (x.first, y.first);
        let mut shared = Vec::new();
        note(
            &mut shared,
            "ports",
            x.ports.to_string(),
            y.ports.to_string(),
        );
        note(&mut shared, "protocol", protocol(rx), protocol(ry));
        let ends = |source| self.end_differences(classes, cell, source, [x.first, y.first]);
        let ((srcs, src_diff), (dsts, dst_diff)) = (ends(true), ends(false));
        let change = UpgradeChange {
            rule_from: rx.rule.to_string(),
            rule_to: ry.rule.to_string(),
            source: String::new(),
            destination: String::new(),
            transport: t,
            purpose: ry.purpose.to_string(),
            differences: Vec::new(),
            cite_from: self.rule_cite(self.from, Some(&rx.rule)),
            cite_to: self.rule_cite(self.to, Some(&ry.rule)),
        };
        let changed_dsts: Vec<usize> = (dst_diff.iter().enumerate())
            .filter_map(|(j, d)| d.as_ref().map(|_| j))
            .collect();
        let all_dsts: Vec<usize> = (0..dsts.len()).collect();
        for (i, &s) in srcs.iter().enumerate() {
            let own = src_diff.get(i).and_then(Option::as_ref);
            let js = if shared.is_empty() && own.is_none() {
                &changed_dsts
            } else {
                &all_dsts
            };
            for &j in js {
                let Some(&d) = dsts.get(j) else { continue };
                if s == d && !cell.itself() {
                    continue;
                }
                let mut differences = shared.clone();
                differences.extend(own.cloned());
                differences.extend(dst_diff.get(j).and_then(Option::as_ref).cloned());
                let (Some(sn), Some(dn)) = (classes.key(s), classes.key(d)) else {
                    continue;
                };
                let c = UpgradeChange {
                    source: sn.to_string(),
                    destination: dn.to_string(),
                    differences,
                    ..change.clone()
                };
                out.push((s, d, t, Item::Changed(c)));
            }
        }
    }

    /// The sources (`source`) or destinations of `cell`'s pairs, each with how its addresses
    /// change between its ends in `firsts` (the first group of each side).
    fn end_differences<'c>(
        &self,
        classes: &'c Classes<'_>,
        cell: &'c Cell,
        source: bool,
        [(gx, rx), (gy, ry)]: [(usize, &RuleFlows); 2],
    ) -> (&'c [usize], Vec<Option<Difference>>) {
        let (what, roles, ids) = if source {
            let roles = (&rx.from_role, &ry.from_role);
            ("source addresses", roles, classes.sources_of(cell))
        } else {
            let roles = (&rx.to_role, &ry.to_role);
            (
                "destination addresses",
                roles,
                classes.destinations_of(cell),
            )
        };
        let at_x = |id| classes.end(0, gx, id, source).map(|e| &*e.endpoint);
        let at_y = |id| classes.end(1, gy, id, source).map(|e| &*e.endpoint);
        let (cx, cy) = (
            self.carried(roles.0, self.from),
            self.carried(roles.1, self.to),
        );
        let texts = ids.iter().map(|&id| {
            let a = address_text(at_x(id), &cx, self.from);
            let b = address_text(at_y(id), &cy, self.to);
            (a != b).then(|| difference(what, a, b))
        });
        (ids, texts.collect())
    }

    /// The endpoints of `role` that `release` carries over from an earlier release.
    fn carried(&self, role: &str, release: &Release) -> Vec<(&str, &Release, &Citation)> {
        self.product
            .role(role)
            .map(|r| crate::releases::carried_endpoints(self.component, r, release))
            .unwrap_or_default()
    }
}

/// `flow` for each pair of `cell`, with the ends of group `g` of `side`.
fn with_ends<'c>(
    classes: &'c Classes<'_>,
    cell: &'c Cell,
    side: usize,
    g: usize,
    flow: UpgradeFlow,
) -> impl Iterator<Item = (usize, usize, UpgradeFlow)> + 'c {
    let endpoint = move |id, source| {
        classes
            .end(side, g, id, source)
            .map_or_else(empty_endpoint, |e| Endpoint::clone(&e.endpoint))
    };
    classes.pairs(cell).map(move |(s, d)| {
        let f = UpgradeFlow {
            source: endpoint(s, true),
            destination: endpoint(d, false),
            ..flow.clone()
        };
        (s, d, f)
    })
}

fn difference(what: &str, from: String, to: String) -> Difference {
    Difference {
        what: what.to_string(),
        from,
        to,
    }
}

/// Adds `what` changed from `a` to `b`, unless they are the same.
fn note(differences: &mut Vec<Difference>, what: &str, a: String, b: String) {
    if a != b {
        differences.push(difference(what, a, b));
    }
}

fn protocol(g: &RuleFlows) -> String {
    g.protocol
        .as_ref()
        .map_or_else(|| "-".to_string(), |p| p.to_uppercase())
}

/// An endpoint's addresses as the upgrade shows them, each carried-over one with its note.
fn address_text(
    e: Option<&Endpoint>,
    carried: &[(&str, &Release, &Citation)],
    release: &Release,
) -> String {
    let list: Vec<String> = (e.map_or(&[][..], |e| e.addresses.as_slice()).iter())
        .map(|a| {
            let a = a.to_string();
            match carried.iter().find(|(ep, _, _)| *ep == a) {
                Some((_, from, _)) => format!(
                    "{a} ({})",
                    crate::releases::carried_note(release.version.as_str(), from.version.as_str())
                ),
                None => a,
            }
        })
        .collect();
    if list.is_empty() {
        "(no address)".to_string()
    } else {
        list.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::super::{empty_endpoint, Ctx, Difference, UpgradeChange, UpgradeFlow};
    use super::Lists;
    use crate::pair_classes::test_plans::{examples, variants, widen};
    use crate::report::{Endpoint, Flow, Report};
    use portolan_catalog::{Catalog, Release};
    use portolan_core::net::{PortSet, Transport};
    use portolan_core::plan::Plan;
    use std::collections::{BTreeMap, BTreeSet};

    /// Flows grouped by (lineage, source name, destination name, transport).
    type FlowKey = (String, String, String, Transport);

    /// The upgrade's flows as they were worked out before, from every pair: the reference.
    impl Ctx<'_> {
        /// The product's network flows by key, from a report's per-pair view.
        fn ref_group<'r>(&self, flows: &'r [Flow]) -> BTreeMap<FlowKey, Vec<&'r Flow>> {
            let mut m: BTreeMap<FlowKey, Vec<&Flow>> = BTreeMap::new();
            for f in flows
                .iter()
                .filter(|f| f.product == *self.product.id && !f.local)
            {
                let key = (
                    self.lineage(&f.rule, true),
                    f.source.name.clone(),
                    f.destination.name.clone(),
                    f.transport,
                );
                m.entry(key).or_default().push(f);
            }
            m
        }

        fn ref_flows(
            &self,
            rx: &Report,
            ry: &Report,
        ) -> (Vec<UpgradeFlow>, Vec<UpgradeFlow>, Vec<UpgradeChange>) {
            let (fx, fy) = (rx.flows.to_vec(), ry.flows.to_vec());
            let (gx, gy) = (self.ref_group(&fx), self.ref_group(&fy));
            let keys: BTreeSet<&FlowKey> = gx.keys().chain(gy.keys()).collect();
            let (mut open, mut close, mut changed) = (Vec::new(), Vec::new(), Vec::new());
            for key in keys {
                match (gx.get(key), gy.get(key)) {
                    (None, Some(ys)) => open.push(self.ref_one_side(ys, None, Some(self.to))),
                    (Some(xs), None) => close.push(self.ref_one_side(xs, Some(self.from), None)),
                    (Some(xs), Some(ys)) => {
                        if let Some(c) = self.ref_change(xs, ys) {
                            changed.push(c);
                        }
                    }
                    (None, None) => {}
                }
            }
            (open, close, changed)
        }

        /// A flow of one release only; `at_from`/`at_to` say which side has it.
        fn ref_one_side(
            &self,
            flows: &[&Flow],
            at_from: Option<&Release>,
            at_to: Option<&Release>,
        ) -> UpgradeFlow {
            let f = flows.first().copied();
            let rule = f.map(|f| f.rule.to_string()).unwrap_or_default();
            let mut ports = PortSet::new();
            for f in flows {
                ports.union_with(&f.ports);
            }
            UpgradeFlow {
                source: f
                    .map(|f| Endpoint::clone(&f.source))
                    .unwrap_or_else(empty_endpoint),
                destination: f
                    .map(|f| Endpoint::clone(&f.destination))
                    .unwrap_or_else(empty_endpoint),
                transport: f.map_or(Transport::Tcp, |f| f.transport),
                ports,
                protocol: f.and_then(|f| f.protocol.as_ref().map(|p| p.to_string())),
                purpose: f.map(|f| f.purpose.to_string()).unwrap_or_default(),
                cite_from: self.rule_cite(self.from, at_from.map(|_| rule.as_str())),
                cite_to: self.rule_cite(self.to, at_to.map(|_| rule.as_str())),
                rule,
            }
        }

        fn ref_change(&self, xs: &[&Flow], ys: &[&Flow]) -> Option<UpgradeChange> {
            let (x, y) = (xs.first()?, ys.first()?);
            let ports = |fs: &[&Flow]| {
                let mut s = PortSet::new();
                for f in fs {
                    s.union_with(&f.ports);
                }
                s
            };
            let addresses = |e: &Endpoint, role: &str, release: &Release| {
                let carried = self
                    .product
                    .role(role)
                    .map(|r| crate::releases::carried_endpoints(self.component, r, release))
                    .unwrap_or_default();
                let list: Vec<String> = (e.addresses.iter())
                    .map(|a| {
                        let a = a.to_string();
                        match carried.iter().find(|(ep, _, _)| *ep == a) {
                            Some((_, from, _)) => format!(
                                "{a} ({})",
                                crate::releases::carried_note(
                                    release.version.as_str(),
                                    from.version.as_str()
                                )
                            ),
                            None => a,
                        }
                    })
                    .collect();
                if list.is_empty() {
                    "(no address)".to_string()
                } else {
                    list.join(", ")
                }
            };
            let protocol = |f: &Flow| {
                f.protocol
                    .as_ref()
                    .map_or_else(|| "-".to_string(), |p| p.to_uppercase())
            };
            let mut differences = Vec::new();
            let mut note = |what: &str, a: String, b: String| {
                if a != b {
                    differences.push(Difference {
                        what: what.to_string(),
                        from: a,
                        to: b,
                    });
                }
            };
            note("ports", ports(xs).to_string(), ports(ys).to_string());
            note("protocol", protocol(x), protocol(y));
            note(
                "source addresses",
                addresses(&x.source, &x.from_role, self.from),
                addresses(&y.source, &y.from_role, self.to),
            );
            note(
                "destination addresses",
                addresses(&x.destination, &x.to_role, self.from),
                addresses(&y.destination, &y.to_role, self.to),
            );
            if differences.is_empty() {
                return None;
            }
            Some(UpgradeChange {
                rule_from: x.rule.to_string(),
                rule_to: y.rule.to_string(),
                source: y.source.name.clone(),
                destination: y.destination.name.clone(),
                transport: y.transport,
                purpose: y.purpose.to_string(),
                differences,
                cite_from: self.rule_cite(self.from, Some(&x.rule)),
                cite_to: self.rule_cite(self.to, Some(&y.rule)),
            })
        }
    }

    /// For each product of `plan` with releases, each release to the next and the first to the
    /// last: the class-pair flows are the per-pair ones. Returns how many flows were listed.
    fn same_as_per_pair(catalog: &Catalog, plan: &Plan, what: &str) -> usize {
        let mut listed = 0;
        for (index, pp) in plan.products.iter().enumerate() {
            let Some(product) = catalog.product(&pp.id) else {
                continue;
            };
            let Some(component) = product.release_component() else {
                continue;
            };
            let rels = &component.releases;
            let mut steps: Vec<(&Release, &Release)> =
                rels.iter().zip(rels.iter().skip(1)).collect();
            if let (Some(a), Some(b)) = (rels.first(), rels.last()) {
                steps.push((a, b));
            }
            for (from, to) in steps {
                let at = |r: &Release| {
                    let mut p = plan.clone();
                    p.products[index]
                        .versions
                        .insert(component.id.clone(), r.version.to_string());
                    crate::evaluate(catalog, &p)
                };
                let (rx, ry): (Report, Report) = (at(from), at(to));
                let cx = Ctx {
                    product,
                    component,
                    from,
                    to,
                };
                let new: Lists = cx.flows(&rx, &ry);
                let old: Lists = cx.ref_flows(&rx, &ry);
                let step = format!("{what}: {} {} → {}", pp.id, from.version, to.version);
                assert_eq!(new.0.len(), old.0.len(), "{step}: open");
                assert_eq!(new.1.len(), old.1.len(), "{step}: close");
                assert_eq!(new.2.len(), old.2.len(), "{step}: changed");
                assert!(new == old, "{step}: differs");
                listed += old.0.len() + old.1.len() + old.2.len();
            }
        }
        listed
    }

    #[test]
    fn every_example_and_its_variants_upgrade_as_pair_by_pair() {
        let catalog = portolan_bundled::compiled().unwrap();
        let mut listed = 0;
        for (name, plan) in examples() {
            listed += same_as_per_pair(&catalog, &plan, &name);
            for (how, v) in variants(&plan) {
                listed += same_as_per_pair(&catalog, &v, &format!("{name} {how}"));
            }
        }
        assert!(listed > 300, "the releases differ: {listed}");
    }

    #[test]
    fn large_plans_upgrade_as_pair_by_pair() {
        let catalog = portolan_bundled::compiled().unwrap();
        let mut listed = 0;
        for name in [
            "incontact-wfo",
            "incontact-wfo-hybrid",
            "visual-remote-assistance",
        ] {
            let plan = widen(&portolan_bundled::example(name).unwrap(), 150);
            let r = crate::evaluate(&catalog, &plan);
            assert!(r.flows.len() > 1_000, "{name}: {}", r.flows.len());
            listed += same_as_per_pair(&catalog, &plan, name);
            for (how, v) in variants(&plan).into_iter().skip(1) {
                listed += same_as_per_pair(&catalog, &v, &format!("{name} {how}"));
            }
        }
        assert!(listed > 3000, "{listed}");
    }
}
