//! Two reports' flow groups compared pair by pair without making the pairs (the plan diff and
//! the upgrade view).
//!
//! An endpoint (told apart by a key: its value for the diff, its name for the upgrade) is a
//! source of some groups of each side; endpoints that are sources of the same groups on both
//! sides are one *source class*, and likewise for destinations. Every pair of a source class and
//! a destination class meets the same groups, so the ports each side needs between them are
//! worked out once per class pair ([`Cell`]), and only the pairs of a class pair whose ports
//! differ are listed, one at a time. The cost grows with the endpoints and the groups, plus the
//! pairs the caller lists, not with every host pair of the two plans.
//!
//! A pair of an endpoint with itself is a cell of its own: in a group where both of its ends are
//! one host it is local (no network flow), elsewhere it is not.

use crate::flow_set::{End, RuleFlows};
use crate::fxhash::FxHashMap;
use portolan_core::net::{PortSet, Transport};
use std::hash::Hash;

/// How the endpoints a key stands for occur on one side of one group: all as one plan host,
/// or otherwise (no host, or several).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Hosts {
    One(usize),
    Other,
}

/// Where a key occurs on one side (sources or destinations) of one group: its first end there
/// and the hosts it stands for.
#[derive(Debug, Clone, Copy)]
struct At {
    first: usize,
    hosts: Hosts,
}

/// The groups (per report) an endpoint class is a source (or destination) of, and its members.
#[derive(Debug, Default)]
struct Class {
    groups: [Vec<usize>; 2],
    members: Vec<usize>,
}

/// One side's occurrences: `(group, key id)` → where it is in the group.
type Occurrences = [FxHashMap<(usize, usize), At>; 2];

/// What a class pair, or an endpoint with itself, shares: the groups of each report that hold
/// its flows (ascending indices into that report's groups).
#[derive(Debug)]
pub(crate) struct Cell {
    pub groups: [Vec<usize>; 2],
    pairs: Pairs,
}

impl Cell {
    /// The groups of side `i` (0: report A, 1: report B).
    pub fn side(&self, i: usize) -> &[usize] {
        self.groups.get(i).map_or(&[], Vec::as_slice)
    }

    /// The cell is the one pair of an endpoint with itself.
    pub fn itself(&self) -> bool {
        matches!(self.pairs, Pairs::Itself(_))
    }
}

/// The pairs a [`Cell`] stands for.
#[derive(Debug)]
enum Pairs {
    /// The one pair of an endpoint (id) with itself.
    Itself([usize; 1]),
    /// Each member of a source class with each member of a destination class but itself.
    Classes(usize, usize),
}

/// The endpoints of two reports' groups in classes.
pub(crate) struct PairClasses<'g, K> {
    sides: [&'g [&'g RuleFlows]; 2],
    /// Each key, by id.
    keys: Vec<K>,
    /// Per side: sources, destinations.
    sources: Occurrences,
    destinations: Occurrences,
    source_classes: Vec<Class>,
    destination_classes: Vec<Class>,
    /// Per id: its source class and destination class.
    class_of: Vec<(Option<usize>, Option<usize>)>,
}

/// Records `end` (key `id`) at `k` in group `g` of one side.
fn note(map: &mut FxHashMap<(usize, usize), At>, g: usize, id: usize, k: usize, end: &End) {
    let hosts = end.host.map_or(Hosts::Other, Hosts::One);
    map.entry((g, id))
        .and_modify(|at| {
            if at.hosts != hosts {
                at.hosts = Hosts::Other;
            }
        })
        .or_insert(At { first: k, hosts });
}

impl<'g, K: Hash + Eq + Ord + Copy> PairClasses<'g, K> {
    /// The classes of the groups of `sides` (report A's, report B's), with ends told apart by
    /// `key`.
    pub fn new(sides: [&'g [&'g RuleFlows]; 2], key: impl Fn(&'g End) -> K) -> Self {
        let mut ids: FxHashMap<K, usize> = FxHashMap::default();
        let mut keys: Vec<K> = Vec::new();
        let mut sources: Occurrences = Default::default();
        let mut destinations: Occurrences = Default::default();
        for (side, groups) in sides.iter().enumerate() {
            for (g, group) in groups.iter().enumerate() {
                for (list, occ) in [
                    (&group.sources, &mut sources),
                    (&group.destinations, &mut destinations),
                ] {
                    for (k, end) in list.iter().enumerate() {
                        let k_ = key(end);
                        let id = *ids.entry(k_).or_insert_with(|| {
                            keys.push(k_);
                            keys.len() - 1
                        });
                        if let Some(map) = occ.get_mut(side) {
                            note(map, g, id, k, end);
                        }
                    }
                }
            }
        }
        let (source_classes, of_source) = classes(&sources, keys.len());
        let (destination_classes, of_destination) = classes(&destinations, keys.len());
        let class_of = of_source.into_iter().zip(of_destination).collect();
        PairClasses {
            sides,
            keys,
            sources,
            destinations,
            source_classes,
            destination_classes,
            class_of,
        }
    }

    /// The key of `id`.
    pub fn key(&self, id: usize) -> Option<K> {
        self.keys.get(id).copied()
    }

    /// Each id's place when the keys are sorted (to list pairs in key order).
    pub fn ranks(&self) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.keys.len()).collect();
        order.sort_unstable_by_key(|&i| self.keys.get(i));
        let mut rank = vec![0; order.len()];
        for (r, i) in order.into_iter().enumerate() {
            if let Some(x) = rank.get_mut(i) {
                *x = r;
            }
        }
        rank
    }

    /// Every class pair (and endpoint with itself) with flows on either side.
    pub fn cells(&self) -> Vec<Cell> {
        let mut out = Vec::new();
        for (cs, s) in self.source_classes.iter().enumerate() {
            for (cd, d) in self.destination_classes.iter().enumerate() {
                let groups = [0, 1].map(|i| common(side(&s.groups, i), side(&d.groups, i)));
                if groups.iter().all(Vec::is_empty) {
                    continue;
                }
                out.extend(self.diagonals(cs, cd, &groups));
                out.push(Cell {
                    groups,
                    pairs: Pairs::Classes(cs, cd),
                });
            }
        }
        out
    }

    /// The cells of the endpoints of source class `cs` and destination class `cd` with
    /// themselves: the class pair's groups where their pair is not local.
    fn diagonals(&self, cs: usize, cd: usize, groups: &[Vec<usize>; 2]) -> Vec<Cell> {
        let Some(s) = self.source_classes.get(cs) else {
            return Vec::new();
        };
        let both = s
            .members
            .iter()
            .filter(|&&id| self.class_of.get(id).and_then(|c| c.1) == Some(cd));
        both.filter_map(|&id| {
            let groups = [0, 1].map(|i| {
                (side(groups, i).iter().copied())
                    .filter(|&g| !self.local(i, g, id))
                    .collect::<Vec<_>>()
            });
            (!groups.iter().all(Vec::is_empty)).then_some(Cell {
                groups,
                pairs: Pairs::Itself([id]),
            })
        })
        .collect()
    }

    /// Every flow of `id` with itself in group `g` of `side` is local (one host).
    fn local(&self, side: usize, g: usize, id: usize) -> bool {
        let at = |occ: &Occurrences| occ.get(side).and_then(|m| m.get(&(g, id))).map(|a| a.hosts);
        match (at(&self.sources), at(&self.destinations)) {
            (Some(Hosts::One(a)), Some(Hosts::One(b))) => a == b,
            _ => false,
        }
    }

    /// The (source id, destination id) pairs of `cell`, one at a time.
    pub fn pairs<'c>(&'c self, cell: &'c Cell) -> impl Iterator<Item = (usize, usize)> + 'c {
        let (srcs, dsts) = (self.sources_of(cell), self.destinations_of(cell));
        let itself = cell.itself();
        srcs.iter()
            .flat_map(move |&s| dsts.iter().map(move |&d| (s, d)))
            .filter(move |(s, d)| itself || s != d)
    }

    /// The sources of `cell`'s pairs (ids), for work done once per source.
    pub fn sources_of<'c>(&'c self, cell: &'c Cell) -> &'c [usize] {
        match &cell.pairs {
            Pairs::Itself(id) => id,
            Pairs::Classes(cs, _) => members(&self.source_classes, *cs),
        }
    }

    /// The destinations of `cell`'s pairs (ids).
    pub fn destinations_of<'c>(&'c self, cell: &'c Cell) -> &'c [usize] {
        match &cell.pairs {
            Pairs::Itself(id) => id,
            Pairs::Classes(_, cd) => members(&self.destination_classes, *cd),
        }
    }

    /// Group `g` of `side`.
    pub fn group(&self, side: usize, g: usize) -> Option<&'g RuleFlows> {
        self.sides.get(side)?.get(g).copied()
    }

    /// The first end of `id` among group `g`'s sources (`source`) or destinations on `side`.
    pub fn end(&self, side: usize, g: usize, id: usize, source: bool) -> Option<&'g End> {
        let occ = if source {
            &self.sources
        } else {
            &self.destinations
        };
        let at = occ.get(side)?.get(&(g, id))?;
        let group = self.group(side, g)?;
        let list = if source {
            &group.sources
        } else {
            &group.destinations
        };
        list.get(at.first)
    }

    /// The groups of `groups` on `side` that carry `t`.
    pub fn with<'a>(
        &'a self,
        side: usize,
        groups: &'a [usize],
        t: Transport,
    ) -> impl Iterator<Item = (usize, &'g RuleFlows)> + 'a {
        groups
            .iter()
            .filter_map(move |&g| Some((g, self.group(side, g)?)))
            .filter(move |(_, r)| r.transports.contains(&t))
    }

    /// The ports the groups of `groups` on `side` need on `t`.
    pub fn ports(&self, side: usize, groups: &[usize], t: Transport) -> PortSet {
        let mut s = PortSet::default();
        for (_, r) in self.with(side, groups, t) {
            s.union_with(&r.ports);
        }
        s
    }

    /// The transports `cell`'s groups carry, in order.
    pub fn transports(&self, cell: &Cell) -> Vec<Transport> {
        let mut ts: Vec<Transport> = (0..2)
            .flat_map(|i| {
                let groups = side(&cell.groups, i);
                groups
                    .iter()
                    .filter_map(move |&g| self.group(i, g))
                    .flat_map(|r| r.transports.iter().copied())
            })
            .collect();
        ts.sort_unstable();
        ts.dedup();
        ts
    }
}

fn members(classes: &[Class], c: usize) -> &[usize] {
    classes.get(c).map_or(&[], |c| c.members.as_slice())
}

fn side(groups: &[Vec<usize>; 2], i: usize) -> &[usize] {
    groups.get(i).map_or(&[], Vec::as_slice)
}

/// The ids of one side (sources or destinations) in classes by the groups they are in, and
/// each id's class.
fn classes(occ: &Occurrences, n: usize) -> (Vec<Class>, Vec<Option<usize>>) {
    let mut groups_of: Vec<[Vec<usize>; 2]> = vec![Default::default(); n];
    for (i, map) in occ.iter().enumerate() {
        for &(g, id) in map.keys() {
            if let Some(list) = groups_of.get_mut(id).and_then(|x| x.get_mut(i)) {
                list.push(g);
            }
        }
    }
    let mut index: FxHashMap<[Vec<usize>; 2], usize> = FxHashMap::default();
    let mut out: Vec<Class> = Vec::new();
    let mut class_of = vec![None; n];
    for (id, mut groups) in groups_of.into_iter().enumerate() {
        if groups.iter().all(Vec::is_empty) {
            continue;
        }
        for g in &mut groups {
            g.sort_unstable();
        }
        let c = *index.entry(groups.clone()).or_insert_with(|| {
            out.push(Class {
                groups,
                members: Vec::new(),
            });
            out.len() - 1
        });
        if let Some(class) = out.get_mut(c) {
            class.members.push(id);
        }
        if let Some(x) = class_of.get_mut(id) {
            *x = Some(c);
        }
    }
    (out, class_of)
}

/// The indices in both ascending lists.
fn common(a: &[usize], b: &[usize]) -> Vec<usize> {
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while let (Some(&x), Some(&y)) = (a.get(i), b.get(j)) {
        match x.cmp(&y) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                out.push(x);
                i += 1;
                j += 1;
            }
        }
    }
    out
}

/// Plans for the tests that compare the class-pair views with the per-pair ones: each example
/// plan, and variants that make classes split, merge and meet themselves.
#[cfg(test)]
pub(crate) mod test_plans {
    use portolan_core::plan::Plan;

    /// Every example plan, by name.
    pub fn examples() -> Vec<(String, Plan)> {
        portolan_bundled::EXAMPLE_PLANS
            .iter()
            .filter_map(|(n, _, _)| Some((n.to_string(), portolan_bundled::example(n)?)))
            .collect()
    }

    /// `plan` changed four ways, and `plan` widened by single-address hosts (shared with the
    /// other crates' tests).
    pub use portolan_testkit::plans::{variants, widen};

    /// A generated plan of the five seed products on `hosts` hosts (the generator is a native
    /// dev-dependency).
    #[cfg(not(target_arch = "wasm32"))]
    pub fn generated(hosts: usize) -> (portolan_catalog::Catalog, Plan) {
        let case = portolan_testkit::gen::seed_case(hosts, portolan_testkit::gen::SEED)
            .expect("the seed products load");
        (case.catalog, case.plan)
    }

    /// The large site of BENCHMARKS.md (`gen.py PCS RECS`): Screen Capture with `pcs` agent PCs
    /// and `recs` screen recorders listed one by one.
    pub fn site(pcs: usize, recs: usize) -> Plan {
        let mut o = vec![
            "schema = 1".to_string(),
            format!("name = \"site {pcs} x {recs}\""),
            "[[products]]".into(),
            "id = \"screen-capture\"".into(),
            "versions = { ris = \"15.2 HFR3\", screen-capture-module = \"15.2.3\" }".into(),
            "options = { cloud-screen-recording = true, websocket = \"secure\", live-monitor = true }".into(),
            "[[hosts]]\nname = \"ris01\"\naddresses = [\"10.1.0.10\"]".into(),
            "roles = [\"screen-capture/ris-server\", \"screen-capture/ris-agent-server\"]".into(),
            "[[hosts]]\nname = \"supervisors\"\naddresses = [\"10.30.0.0/24\"]".into(),
            "roles = [\"screen-capture/supervisor-pc\"]".into(),
        ];
        for i in 0..recs {
            o.push(format!(
                "[[hosts]]\nname = \"rec{i:03}\"\naddresses = [\"10.2.{}.{}\"]\nroles = [\"screen-capture/screen-recorder\"]",
                i / 250,
                i % 250 + 1
            ));
        }
        for i in 0..pcs {
            o.push(format!(
                "[[hosts]]\nname = \"pc{i:06}\"\naddresses = [\"10.{}.{}.{}\"]\nroles = [\"screen-capture/agent-pc\"]",
                100 + i / 62500,
                (i % 62500) / 250,
                i % 250 + 1
            ));
        }
        Plan::parse("site", &o.join("\n"), portolan_core::plan::PlanFormat::Toml)
            .expect("the site plan parses")
    }
}
