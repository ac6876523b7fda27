//! Network flows → the smallest rule set: ports merged per endpoint pair, then sources grouped,
//! then destinations grouped; addresses collapsed to the fewest CIDRs.

use super::flow_set::{Flows, RuleFlows};

mod classes;
use super::fxhash::FxHashMap;
use super::report::{AggregatedRule, Endpoint, EndpointKind};
use portolan_catalog::Citation;
use portolan_core::net::{collapse, Address, PortSet, Transport};
use portolan_core::sort::SortShared;
use portolan_core::text::Text;
use std::sync::Arc;

/// One port set per (source, destination, transport, optional): the first grouping step.
struct Pair {
    key: PairKey,
    ports: PortSet,
    /// False once step 1b has moved all its ports (and flows) to the required pair.
    alive: bool,
    /// The required pair its flows are named in (step 1b, ports partly needed anyway).
    named_in: Option<usize>,
    /// The required pair its flows belong to (step 1b, every port needed anyway).
    moved_to: Option<usize>,
}

type PairKey = (usize, usize, Transport, bool);

/// Step 2's key: (destination, transport, optional, port set rank, source resolved).
type DstKey = (usize, Transport, bool, usize, bool);

/// Step 3's key: (sources, transport, optional, port set rank, destination resolved).
type SrcKey<'a> = (&'a [usize], Transport, bool, usize, bool);

/// Step 2: sources that reach one destination with the same ports, by pair.
struct DstGroups {
    /// Each group's sources are `srcs[start..end]`: the groups come one after the other.
    srcs: Vec<usize>,
    groups: Vec<(DstKey, usize, usize)>,
    group_of_pair: Vec<usize>,
}

/// Step 3: destinations reached by the same sources with the same ports: the rules.
struct SrcGroups<'a> {
    /// Likewise each rule's destinations are `dsts[start..end]`.
    dsts: Vec<usize>,
    rules: Vec<(SrcKey<'a>, usize, usize)>,
    rule_of_group: Vec<usize>,
}

/// One network flow, by place: its group in `Flows::groups`, its source and destination there,
/// and its transport. The aggregation reads a flow's values from its group, so the flows are
/// never made one by one.
#[derive(Clone, Copy, Debug)]
struct At {
    g: usize,
    s: usize,
    d: usize,
    t: Transport,
}

/// The network (not local) flows of the report, by place, in the engine's order.
fn network(groups: &[RuleFlows]) -> Vec<At> {
    let mut net = Vec::new();
    for (g, group) in groups.iter().enumerate() {
        for s in 0..group.sources.len() {
            for d in 0..group.destinations.len() {
                if group.is_local(s, d) {
                    continue;
                }
                for t in group.transports {
                    net.push(At { g, s, d, t: *t });
                }
            }
        }
    }
    net
}

/// The flows dealt to the rules: all rules' flows in one list, rule after rule
/// (`members[starts[r]..starts[r + 1]]`), and the optional flows named in each rule.
struct Dealt {
    members: Vec<At>,
    starts: Vec<usize>,
    named: Vec<Vec<At>>,
}

impl Dealt {
    /// Each rule's reasons, by group.
    fn reasons(&self) -> Vec<Reasons> {
        (0..self.named.len())
            .map(|r| Reasons {
                groups: self.flows_of(r).iter().map(|f| f.g).collect(),
                named: self
                    .named
                    .get(r)
                    .map_or(Vec::new(), |n| n.iter().map(|f| f.g).collect()),
                count: self.flows_of(r).len(),
            })
            .collect()
    }

    fn flows_of(&self, r: usize) -> &[At] {
        match (self.starts.get(r), self.starts.get(r + 1)) {
            (Some(a), Some(b)) => self.members.get(*a..*b).unwrap_or_default(),
            _ => &[],
        }
    }
}

/// Groups the non-local flows into aggregated rules, in a deterministic order.
///
/// Endpoints are compared many times while grouping, so each distinct endpoint is first given
/// its rank in `Endpoint`'s order (one sort) and the grouping works on ranks; port sets are
/// likewise replaced by their rank among the distinct port sets. Ranks keep the order of what
/// they stand for, so the groups and their order are those of grouping the values themselves.
/// Each step maps the groups of the step before to its own (small integer keys), and the flows
/// are dealt to the final groups once, at the end, where the rule ids, products, purposes and
/// citations behind a rule are gathered.
///
/// Endpoints that are sources (or destinations) of the same groups are grouped alike, so the
/// steps first run on such classes of endpoints ([`classes`]), which costs per host and per
/// group, not per host pair; where that cannot be done exactly (two hosts that read the same, an
/// endpoint listed twice in a group), and for a plan of at most [`FEW_FLOWS`] flows, where
/// making the classes costs more than it saves, they run flow by flow. Both ways give the same
/// rules (a test compares them on every example plan).
pub fn aggregate(flows: &Flows) -> Vec<AggregatedRule> {
    let groups = flows.groups();
    let (endpoints, ranks) = rank_ends(groups);
    if flows.len() > FEW_FLOWS {
        if let Some(rules) = classes::aggregate(groups, &endpoints, &ranks) {
            return rules;
        }
    }
    by_flow(groups, &endpoints, &ranks)
}

/// Up to this many flows, aggregating flow by flow is cheaper than on classes of endpoints: on
/// the seed case (276 flows) 1.49 M instructions per evaluation against 1.67 M, and 7–13 % fewer
/// on the synthetic cases of 128 to 1,050 flows (callgrind, BENCHMARKS.md). Past it, the classes
/// keep the cost growing with the hosts instead of the host pairs.
pub const FEW_FLOWS: usize = 1_000;

/// [`aggregate`] flow by flow.
fn by_flow(
    groups: &[RuleFlows],
    endpoints: &[&Arc<Endpoint>],
    ranks: &[(Vec<usize>, Vec<usize>)],
) -> Vec<AggregatedRule> {
    let net = network(groups);
    let rank = |f: &At| {
        let (srcs, dsts) = ranks.get(f.g)?;
        Some((*srcs.get(f.s)?, *dsts.get(f.d)?))
    };
    let ends: Vec<(usize, usize)> = net.iter().map(|f| rank(f).unwrap_or((0, 0))).collect();
    let (mut pairs, pair_of_flow) = pair_ports(groups, &net, &ends);
    merge_optional(&mut pairs);
    let (port_sets, port_rank_of_pair) = rank_port_sets(&pairs);
    let resolved = |rank: usize| endpoints.get(rank).is_some_and(|e| e.is_resolved());
    let by_dst = group_sources(&pairs, &port_rank_of_pair, &resolved);
    let by_src = group_destinations(&by_dst, &resolved);
    let dealt = deal_flows(&net, &pairs, &pair_of_flow, &by_dst, &by_src);
    build_rules(groups, endpoints, &port_sets, &by_src, &dealt.reasons())
}

/// Why each rule exists, by group: the groups of its flows, the groups of the optional flows
/// named in it, and how many flows it stands for.
#[derive(Debug, Default, Clone)]
struct Reasons {
    groups: Vec<usize>,
    named: Vec<usize>,
    count: usize,
}

/// Step 1: one port set per (source, destination, transport, optional): the flows sorted by
/// that key, so the pairs come out in key order; and each flow's pair.
fn pair_ports(
    groups: &[RuleFlows],
    net: &[At],
    ends: &[(usize, usize)],
) -> (Vec<Pair>, Vec<usize>) {
    let optional = |f: &At| groups.get(f.g).is_some_and(|g| g.optional);
    let mut keyed: Vec<(PairKey, usize)> = net
        .iter()
        .zip(ends)
        .enumerate()
        .map(|(i, (f, (src, dst)))| ((*src, *dst, f.t, optional(f)), i))
        .collect();
    keyed.sort_unstable();
    let mut pairs: Vec<Pair> = Vec::new();
    let mut pair_of_flow: Vec<usize> = vec![0; net.len()];
    for (key, i) in keyed {
        let Some(f) = net.get(i).and_then(|f| groups.get(f.g)) else {
            continue;
        };
        match pairs.last_mut() {
            Some(last) if last.key == key => last.ports.union_with(&f.ports),
            _ => pairs.push(Pair {
                key,
                ports: PortSet::clone(&f.ports),
                alive: true,
                named_in: None,
                moved_to: None,
            }),
        }
        if let Some(slot) = pair_of_flow.get_mut(i) {
            *slot = pairs.len() - 1;
        }
    }
    (pairs, pair_of_flow)
}

/// Step 1b: an optional port the same pair needs anyway is not optional: it stays with the
/// required ports (and the optional rule is named among their reasons); the required pair of
/// an optional one is just before it, if there is one.
fn merge_optional(pairs: &mut [Pair]) {
    for p in 1..pairs.len() {
        let (Some(required), Some(optional)) = (pairs.get(p - 1), pairs.get(p)) else {
            continue;
        };
        let (src, dst, t, opt) = optional.key;
        if !opt || required.key != (src, dst, t, false) {
            continue;
        }
        if optional.ports.intersection(&required.ports).is_empty() {
            continue;
        }
        let rest = optional.ports.difference(&required.ports);
        if let Some(pair) = pairs.get_mut(p) {
            if rest.is_empty() {
                pair.alive = false;
                pair.moved_to = Some(p - 1);
            } else {
                pair.named_in = Some(p - 1);
            }
            pair.ports = rest;
        }
    }
}

/// The distinct port sets, ranked in `PortSet`'s order, and each pair's rank: the live pairs
/// sorted by their ports (one sort instead of a binary search per pair).
fn rank_port_sets(pairs: &[Pair]) -> (Vec<&PortSet>, Vec<usize>) {
    let mut by_ports: Vec<(u64, &PortSet, usize)> = pairs
        .iter()
        .enumerate()
        .filter(|(_, p)| p.alive)
        .map(|(i, p)| (order_key(&p.ports), &p.ports, i))
        .collect();
    by_ports.sort_unstable_by(|a, b| {
        a.0.cmp(&b.0)
            .then_with(|| match (a.1.ranges().len() > 2, b.1.ranges().len() > 2) {
                // the key holds every range of both
                (false, false) => std::cmp::Ordering::Equal,
                _ => a.1.cmp(b.1),
            })
            .then(a.2.cmp(&b.2))
    });
    let mut port_sets: Vec<&PortSet> = Vec::with_capacity(by_ports.len());
    let mut port_rank_of_pair: Vec<usize> = vec![0; pairs.len()];
    for (_, ports, p) in by_ports {
        if port_sets.last().is_none_or(|last| *last != ports) {
            port_sets.push(ports);
        }
        if let Some(slot) = port_rank_of_pair.get_mut(p) {
            *slot = port_sets.len() - 1;
        }
    }
    (port_sets, port_rank_of_pair)
}

/// Step 2: group sources that reach one destination with the same ports (pairs come in source
/// order, so each list of sources is sorted and without repeats); endpoints with addresses are
/// never grouped with endpoints without, so an unmapped role cannot hold back a rule a
/// firewall can express.
fn group_sources(
    pairs: &[Pair],
    port_rank_of_pair: &[usize],
    resolved: &dyn Fn(usize) -> bool,
) -> DstGroups {
    let port_rank = |p: usize| port_rank_of_pair.get(p).copied().unwrap_or(0);
    let mut keyed: Vec<(DstKey, usize)> = pairs
        .iter()
        .enumerate()
        .filter(|(_, pair)| pair.alive)
        .map(|(p, pair)| {
            let (src, dst, t, opt) = pair.key;
            ((dst, t, opt, port_rank(p), resolved(src)), p)
        })
        .collect();
    keyed.sort_unstable();
    let mut out = DstGroups {
        srcs: Vec::with_capacity(keyed.len()),
        groups: Vec::new(),
        group_of_pair: vec![0; pairs.len()],
    };
    for (key, p) in keyed {
        let n = out.srcs.len();
        match out.groups.last_mut() {
            Some((last, _, end)) if *last == key => *end += 1,
            _ => out.groups.push((key, n, n + 1)),
        }
        out.srcs.push(pairs.get(p).map_or(0, |pair| pair.key.0));
        if let Some(slot) = out.group_of_pair.get_mut(p) {
            *slot = out.groups.len() - 1;
        }
    }
    out
}

/// Step 3: group destinations reached by the same sources with the same ports.
fn group_destinations<'a>(
    by_dst: &'a DstGroups,
    resolved: &dyn Fn(usize) -> bool,
) -> SrcGroups<'a> {
    let mut keyed: Vec<(SrcKey<'_>, usize)> = by_dst
        .groups
        .iter()
        .enumerate()
        .map(|(g, ((dst, t, opt, ports, _), start, end))| {
            let these = by_dst.srcs.get(*start..*end).unwrap_or_default();
            ((these, *t, *opt, *ports, resolved(*dst)), g)
        })
        .collect();
    keyed.sort_unstable();
    let mut out = SrcGroups {
        dsts: Vec::with_capacity(keyed.len()),
        rules: Vec::new(),
        rule_of_group: vec![0; by_dst.groups.len()],
    };
    for (key, g) in keyed {
        let n = out.dsts.len();
        match out.rules.last_mut() {
            Some((last, _, end)) if *last == key => *end += 1,
            _ => out.rules.push((key, n, n + 1)),
        }
        out.dsts
            .push(by_dst.groups.get(g).map_or(0, |((dst, ..), ..)| *dst));
        if let Some(slot) = out.rule_of_group.get_mut(g) {
            *slot = out.rules.len() - 1;
        }
    }
    out
}

/// The flows of each rule (a counting sort by rule), and the optional flows named in it.
fn deal_flows(
    net: &[At],
    pairs: &[Pair],
    pair_of_flow: &[usize],
    by_dst: &DstGroups,
    by_src: &SrcGroups<'_>,
) -> Dealt {
    let rules = by_src.rules.len();
    let rule_of_pair = |p: usize| {
        by_dst
            .group_of_pair
            .get(p)
            .and_then(|g| by_src.rule_of_group.get(*g))
            .copied()
            .unwrap_or(0)
    };
    let rule_of_flow: Vec<usize> = pair_of_flow
        .iter()
        .map(|p| rule_of_pair(pairs.get(*p).and_then(|pair| pair.moved_to).unwrap_or(*p)))
        .collect();
    let mut starts: Vec<usize> = vec![0; rules + 1];
    for r in &rule_of_flow {
        if let Some(n) = starts.get_mut(r + 1) {
            *n += 1;
        }
    }
    for r in 0..rules {
        let before = starts.get(r).copied().unwrap_or(0);
        if let Some(n) = starts.get_mut(r + 1) {
            *n += before;
        }
    }
    let mut next = starts.clone();
    let mut members: Vec<At> = net.to_vec();
    for (&f, r) in net.iter().zip(&rule_of_flow) {
        if let Some(at) = next.get_mut(*r) {
            if let Some(slot) = members.get_mut(*at) {
                *slot = f;
            }
            *at += 1;
        }
    }
    let mut named: Vec<Vec<At>> = vec![Vec::new(); rules];
    for (&f, p) in net.iter().zip(pair_of_flow) {
        let Some(pair) = pairs.get(*p) else { continue };
        if let Some(required) = pair.named_in {
            if let Some(list) = named.get_mut(rule_of_pair(required)) {
                list.push(f);
            }
        }
    }
    Dealt {
        members,
        starts,
        named,
    }
}

/// The rules, in the order they are presented: why each rule exists is worked out first, then
/// the rules are ordered by the catalog order of the first contributing rule, then by content
/// (the indices sorted stably; the order of `by_src` breaks ties), and built in that order.
fn build_rules(
    groups: &[RuleFlows],
    endpoints: &[&Arc<Endpoint>],
    port_sets: &[&PortSet],
    by_src: &SrcGroups<'_>,
    reasons: &[Reasons],
) -> Vec<AggregatedRule> {
    let n = by_src.rules.len();
    let whys: Vec<Why> = (0..n)
        .map(|r| match reasons.get(r) {
            Some(why) => Why::of(groups, &why.groups, &why.named),
            None => Why::of(groups, &[], &[]),
        })
        .collect();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_shared_by(|a, b| {
        let key = |i: &usize| {
            whys.get(*i)
                .zip(by_src.rules.get(*i))
                .map(|(w, ((_, t, ..), ..))| (w.products.first(), w.catalog_rules.first(), *t))
        };
        key(a).cmp(&key(b))
    });
    let mut whys: Vec<Option<Why>> = whys.into_iter().map(Some).collect();
    let mut addresses = Addresses {
        cache: AddressCache::new(endpoints),
        lists: FxHashMap::default(),
    };
    let mut out: Vec<AggregatedRule> = Vec::with_capacity(n);
    for r in order {
        let (Some(((srcs, transport, optional, ports, _), start, end)), Some(why)) =
            (by_src.rules.get(r), whys.get_mut(r).and_then(Option::take))
        else {
            continue;
        };
        let dsts = by_src.dsts.get(*start..*end).unwrap_or_default();
        let sources = endpoint_list(endpoints, srcs);
        let destinations = endpoint_list(endpoints, dsts);
        let (source_nets, source_names) = addresses.of(srcs);
        let (destination_nets, destination_names) = addresses.of(dsts);
        let any_source = sources.iter().any(|s| s.kind == EndpointKind::Any);
        let unresolved = sources
            .iter()
            .chain(&destinations)
            .any(|e| !e.is_resolved());
        out.push(AggregatedRule {
            id: rule_id(out.len() + 1),
            sources,
            destinations,
            source_nets,
            source_names,
            any_source,
            destination_nets,
            destination_names,
            transport: *transport,
            ports: port_sets
                .get(*ports)
                .map(|p| (*p).clone())
                .unwrap_or_default(),
            catalog_rules: why.catalog_rules,
            products: why.products,
            purposes: why.purposes,
            citations: why.citations,
            optional: *optional,
            unresolved,
            flow_count: reasons.get(r).map_or(0, |why| why.count),
        });
    }
    out
}

/// The endpoints of a list of ranks.
fn endpoint_list(endpoints: &[&Arc<Endpoint>], ranks: &[usize]) -> Vec<Arc<Endpoint>> {
    ranks
        .iter()
        .filter_map(|r| endpoints.get(*r).map(|e| Arc::clone(e)))
        .collect()
}

/// The addresses of a list of several endpoints, worked out once per distinct list (the same
/// sources or destinations recur in the rules of different ports and transports).
struct Addresses<'a, 'k> {
    cache: AddressCache<'a>,
    lists: AddressLists<'k>,
}

impl<'k> Addresses<'_, 'k> {
    fn of(&mut self, ranks: &'k [usize]) -> (Vec<ipnet::IpNet>, Vec<Address>) {
        match ranks {
            [_] => self.cache.addresses(ranks),
            _ => self
                .lists
                .entry(ranks)
                .or_insert_with(|| self.cache.addresses(ranks))
                .clone(),
        }
    }
}

/// The first two ranges of a port set packed into a number that orders as `PortSet` does: a
/// set of up to two ranges is told apart from every other set by it alone (ports start at 1,
/// so a missing second range, 0, sorts before any).
fn order_key(ports: &PortSet) -> u64 {
    let mut key = 0u64;
    for (i, r) in ports.ranges().iter().take(2).enumerate() {
        let packed = (u64::from(r.start()) << 16) | u64::from(r.end());
        key |= packed << (32 * (1 - i));
    }
    key
}

/// The distinct `product/rule` names of flows, sorted as text.
///
/// The names are made distinct by pointer first (the flows of one catalog rule share its
/// name), then sorted as text; equal text from different pointers is dropped after the sort.
pub(super) fn rule_names(mut rules: Vec<&Text>) -> Vec<Text> {
    rules.sort_unstable_by_key(|r| r.as_ptr() as usize);
    rules.dedup_by_key(|r| r.as_ptr() as usize);
    rules.sort_unstable();
    rules.dedup();
    rules.into_iter().cloned().collect()
}

/// `r<n>`, without the formatting machinery (one call per rule).
fn rule_id(n: usize) -> String {
    let mut digits = [0u8; 20];
    let mut len = 0;
    let mut rest = n;
    loop {
        if let Some(d) = digits.get_mut(len) {
            *d = b'0' + (rest % 10) as u8;
        }
        len += 1;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    let mut id = String::with_capacity(1 + len);
    id.push('r');
    for d in digits.iter().take(len).rev() {
        id.push(char::from(*d));
    }
    id
}

/// The distinct endpoints of the groups in `Endpoint`'s order, and for each group the ranks of
/// its sources and of its destinations in that list.
///
/// Groups share their endpoints (`Arc`), so the endpoints are first made distinct by address,
/// with a hash map (one look-up per end of a group), and only those few are sorted by content;
/// endpoints equal in content but held apart still get one rank.
type Ranks = Vec<(Vec<usize>, Vec<usize>)>;

fn rank_ends<'a>(groups: &'a [RuleFlows]) -> (Vec<&'a Arc<Endpoint>>, Ranks) {
    let key = |e: &Arc<Endpoint>| Arc::as_ptr(e) as usize;
    // the endpoints by address, in the order first seen, and each group end's place among them
    let mut seen: FxHashMap<usize, usize> = FxHashMap::default();
    let mut uniq: Vec<&'a Arc<Endpoint>> = Vec::new();
    let mut ids: Ranks = Vec::with_capacity(groups.len());
    for g in groups {
        let mut side = |ends: &'a [crate::flow_set::End]| -> Vec<usize> {
            ends.iter()
                .map(|e| {
                    *seen.entry(key(&e.endpoint)).or_insert_with(|| {
                        uniq.push(&e.endpoint);
                        uniq.len() - 1
                    })
                })
                .collect()
        };
        let srcs = side(&g.sources);
        let dsts = side(&g.destinations);
        ids.push((srcs, dsts));
    }
    let rank_of_id = sort_endpoints(&uniq);
    let rank = |i: &usize| rank_of_id.1.get(*i).copied().unwrap_or(0);
    let ranks = ids
        .iter()
        .map(|(s, d)| (s.iter().map(rank).collect(), d.iter().map(rank).collect()))
        .collect();
    (rank_of_id.0, ranks)
}

/// The distinct endpoints of `uniq` in `Endpoint`'s order, and each one's rank there.
fn sort_endpoints<'a>(uniq: &[&'a Arc<Endpoint>]) -> (Vec<&'a Arc<Endpoint>>, Vec<usize>) {
    // `Endpoint`'s order starts with the kind and the name: compared first as the kind and
    // the name's first eight bytes (big-endian, so in the order of the text), which tells most
    // endpoints apart without a string comparison
    let quick: Vec<(EndpointKind, u64)> = uniq
        .iter()
        .map(|e| {
            let mut word = [0u8; 8];
            for (w, b) in word.iter_mut().zip(e.name.bytes()) {
                *w = b;
            }
            (e.kind, u64::from_be_bytes(word))
        })
        .collect();
    let mut order: Vec<usize> = (0..uniq.len()).collect();
    order.sort_unstable_by(|a, b| {
        quick
            .get(*a)
            .cmp(&quick.get(*b))
            .then_with(|| uniq.get(*a).cmp(&uniq.get(*b)))
    });
    let mut distinct: Vec<&'a Arc<Endpoint>> = Vec::with_capacity(uniq.len());
    let mut rank_of_id: Vec<usize> = vec![0; uniq.len()];
    for i in order {
        let Some(e) = uniq.get(i) else { continue };
        if distinct.last().is_none_or(|d| **d != **e) {
            distinct.push(e);
        }
        if let Some(slot) = rank_of_id.get_mut(i) {
            *slot = distinct.len() - 1;
        }
    }
    (distinct, rank_of_id)
}

/// Why an aggregated rule exists: the catalog rules, products, purposes and citations of its
/// flows, each sorted and without repeats.
struct Why {
    catalog_rules: Vec<Text>,
    products: Vec<Text>,
    purposes: Vec<Text>,
    citations: Vec<Citation>,
}

impl Why {
    /// `flows` give every reason; `named` are optional flows whose ports the rule needed anyway,
    /// so only their rule and product are named. (Flows of one group share every reason: each
    /// group is read once.)
    fn of(groups: &[RuleFlows], flows: &[usize], named: &[usize]) -> Why {
        fn sorted<T: Ord>(mut v: Vec<T>) -> Vec<T> {
            v.sort_unstable();
            v.dedup();
            v
        }
        let of = |list: &[usize]| -> Vec<&RuleFlows> {
            let mut gs: Vec<usize> = list.to_vec();
            gs.sort_unstable();
            gs.dedup();
            gs.into_iter().filter_map(|g| groups.get(g)).collect()
        };
        let (flows, named) = (of(flows), of(named));
        let all = || flows.iter().chain(&named);
        let catalog_rules = rule_names(all().map(|f| &f.catalog_rule).collect());
        Why {
            catalog_rules,
            products: sorted(all().map(|f| f.product.clone()).collect()),
            purposes: sorted(flows.iter().map(|f| f.purpose.clone()).collect()),
            citations: sorted(flows.iter().map(|f| f.cite.clone()).collect()),
        }
    }
}

/// The collapsed networks and names of lists of endpoints (by rank), by list.
type AddressLists<'k> = FxHashMap<&'k [usize], (Vec<ipnet::IpNet>, Vec<Address>)>;

/// Each distinct endpoint's rule addresses, split into collapsed networks and sorted names,
/// worked out once per aggregation rather than once per rule the endpoint is in.
struct AddressCache<'a> {
    endpoints: &'a [&'a Arc<Endpoint>],
    split: Vec<Option<(Vec<ipnet::IpNet>, Vec<Address>)>>,
}

impl<'a> AddressCache<'a> {
    fn new(endpoints: &'a [&'a Arc<Endpoint>]) -> Self {
        AddressCache {
            endpoints,
            split: vec![None; endpoints.len()],
        }
    }

    /// The collapsed networks and the sorted, distinct names of one endpoint.
    fn split(&mut self, rank: usize) -> Option<&(Vec<ipnet::IpNet>, Vec<Address>)> {
        let endpoint = self.endpoints.get(rank)?;
        let slot = self.split.get_mut(rank)?;
        Some(slot.get_or_insert_with(|| {
            let mut nets = Vec::new();
            let mut names = Vec::new();
            for a in endpoint.rule_addresses() {
                match a {
                    Address::Net(n) => nets.push(*n),
                    other => names.push(other.clone()),
                }
            }
            names.sort_unstable();
            names.dedup();
            let nets = match nets.as_slice() {
                // what `collapse` makes of one network, without its interval machinery
                [one] => vec![one.trunc()],
                _ => collapse(&nets),
            };
            (nets, names)
        }))
    }

    /// Collapsed networks and the host names of a set of endpoints (by rank).
    fn addresses(&mut self, ranks: &[usize]) -> (Vec<ipnet::IpNet>, Vec<Address>) {
        if let [one] = ranks {
            return match self.split(*one) {
                Some((nets, names)) => (nets.clone(), uncovered(names)),
                None => (Vec::new(), Vec::new()),
            };
        }
        let mut nets = Vec::new();
        let mut names = Vec::new();
        for r in ranks {
            if let Some((n, a)) = self.split(*r) {
                nets.extend_from_slice(n);
                names.extend(a.iter().cloned());
            }
        }
        names.sort_unstable();
        names.dedup();
        let names = if has_wildcard(&names) {
            uncovered(&names)
        } else {
            names
        };
        (collapse(&nets), names)
    }
}

fn has_wildcard(names: &[Address]) -> bool {
    names.iter().any(|n| matches!(n, Address::Wildcard(_)))
}

/// `names` without those already covered by a wildcard of the same list (`*.edge.agora.io`
/// next to `*.agora.io` adds nothing).
fn uncovered(names: &[Address]) -> Vec<Address> {
    if !has_wildcard(names) {
        return names.to_vec();
    }
    names
        .iter()
        .filter(|n| !names.iter().any(|w| w != *n && w.covers(n)))
        .cloned()
        .collect()
}
