//! The aggregation on classes of endpoints: endpoints that are sources of the same groups (and
//! read as resolved or not alike) reach every destination with the same ports, so the steps of
//! [`super::aggregate`] give them the same groups; likewise for destinations. The steps run on
//! the classes, and a class stands for its members (in rank order) where the rules list
//! endpoints. The cost grows with the hosts and the groups, not with the host pairs.
//!
//! A host that is a source and a destination of one group is a class of its own (its pair with
//! itself is local and makes no flow). Where classes cannot stand for the flows exactly — two
//! hosts that read the same (one rank), one endpoint listed twice in a group — the caller
//! aggregates flow by flow instead.

use super::{
    build_rules, merge_optional, rank_port_sets, Pair, PairKey, Reasons, SrcGroups, SrcKey,
};
use crate::flow_set::RuleFlows;
use crate::fxhash::FxHashMap;
use crate::report::{AggregatedRule, Endpoint};
use portolan_core::net::{PortSet, Transport};
use std::sync::Arc;

/// The endpoints of one side (sources or destinations) in classes.
struct Side {
    /// Each class's members (ranks), in rank order.
    members: Vec<Vec<usize>>,
    /// The class's one member when it is a host on both sides of a group.
    single: Vec<Option<usize>>,
    /// Each group's classes on this side, sorted, without repeats.
    of_group: Vec<Vec<usize>>,
}

/// A class pair's flows: the groups they come from and how many there are.
type Contributions = (Vec<usize>, usize);

/// The aggregated rules, or `None` where classes cannot stand for the flows exactly.
pub(super) fn aggregate(
    groups: &[RuleFlows],
    endpoints: &[&Arc<Endpoint>],
    ranks: &[(Vec<usize>, Vec<usize>)],
) -> Option<Vec<AggregatedRule>> {
    let n = endpoints.len();
    let host = hosts_of(groups, ranks, n)?;
    let both = on_both_sides(ranks, &host, n);
    let resolved = |r: usize| endpoints.get(r).is_some_and(|e| e.is_resolved());
    let srcs = classes(ranks.iter().map(|(s, _)| s.as_slice()), n, &both, &resolved)?;
    let dsts = classes(ranks.iter().map(|(_, d)| d.as_slice()), n, &both, &resolved)?;
    let (mut pairs, contributions) = class_pairs(groups, &srcs, &dsts, &host);
    merge_optional(&mut pairs);
    let (port_sets, port_rank) = rank_port_sets(&pairs);
    let class_resolved = |side: &Side, c: usize| {
        (side.members.get(c))
            .and_then(|m| m.first())
            .is_some_and(|r| resolved(*r))
    };
    let (by_dst, group_of_pair) =
        sources_by_destination(&pairs, &port_rank, &|c| class_resolved(&srcs, c));
    let expanded: Vec<Vec<usize>> = by_dst.iter().map(|(_, cs)| members_of(&srcs, cs)).collect();
    let (by_src, rule_of_group) =
        destinations_by_sources(&by_dst, &expanded, &dsts, &|c| class_resolved(&dsts, c));
    let reasons = deal(
        &pairs,
        &contributions,
        &group_of_pair,
        &rule_of_group,
        by_src.rules.len(),
    );
    Some(build_rules(
        groups, endpoints, &port_sets, &by_src, &reasons,
    ))
}

/// Each rank's plan host (`None` for roles and external endpoints); `None` when a rank stands
/// for two hosts, a host for two ranks, or a rank for a host and a role.
fn hosts_of(
    groups: &[RuleFlows],
    ranks: &[(Vec<usize>, Vec<usize>)],
    n: usize,
) -> Option<Vec<Option<usize>>> {
    let mut host: Vec<Option<Option<usize>>> = vec![None; n];
    let mut rank_of_host: FxHashMap<usize, usize> = FxHashMap::default();
    for (g, (rs, rd)) in groups.iter().zip(ranks) {
        let ends = (g.sources.iter().zip(rs)).chain(g.destinations.iter().zip(rd));
        for (e, r) in ends {
            let slot = host.get_mut(*r)?;
            match slot {
                None => *slot = Some(e.host),
                Some(h) if *h == e.host => {}
                Some(_) => return None,
            }
            if let Some(h) = e.host {
                if *rank_of_host.entry(h).or_insert(*r) != *r {
                    return None;
                }
            }
        }
    }
    Some(host.into_iter().map(Option::flatten).collect())
}

/// The ranks that are a host on both sides of one group.
fn on_both_sides(
    ranks: &[(Vec<usize>, Vec<usize>)],
    host: &[Option<usize>],
    n: usize,
) -> Vec<bool> {
    let mut both = vec![false; n];
    // (the group, plus one, each rank was last seen a source of)
    let mut source_of = vec![0usize; n];
    for (g, (rs, rd)) in ranks.iter().enumerate() {
        for r in rs {
            if let Some(slot) = source_of.get_mut(*r) {
                *slot = g + 1;
            }
        }
        for r in rd {
            let is_host = host.get(*r).is_some_and(Option::is_some);
            if is_host && source_of.get(*r) == Some(&(g + 1)) {
                if let Some(b) = both.get_mut(*r) {
                    *b = true;
                }
            }
        }
    }
    both
}

/// One side's classes: ranks with the same groups on this side, resolved alike, and not on
/// both sides of a group; `None` when a group lists a rank twice on this side.
fn classes<'a>(
    side: impl Iterator<Item = &'a [usize]>,
    n: usize,
    both: &[bool],
    resolved: &dyn Fn(usize) -> bool,
) -> Option<Side> {
    let mut groups_of: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut of_group_ranks: Vec<&[usize]> = Vec::new();
    for (g, ranks) in side.enumerate() {
        for r in ranks {
            let list = groups_of.get_mut(*r)?;
            if list.last() == Some(&g) {
                return None;
            }
            list.push(g);
        }
        of_group_ranks.push(ranks);
    }
    type Key = (Vec<usize>, bool, Option<usize>);
    let mut ids: FxHashMap<Key, usize> = FxHashMap::default();
    let mut out = Side {
        members: Vec::new(),
        single: Vec::new(),
        of_group: Vec::new(),
    };
    let mut class_of = vec![0usize; n];
    for (r, list) in groups_of.into_iter().enumerate() {
        if list.is_empty() {
            continue;
        }
        let single = both.get(r).copied().unwrap_or(false).then_some(r);
        let next = out.members.len();
        let c = *ids.entry((list, resolved(r), single)).or_insert(next);
        if c == next {
            out.members.push(Vec::new());
            out.single.push(single);
        }
        if let Some(m) = out.members.get_mut(c) {
            m.push(r);
        }
        if let Some(slot) = class_of.get_mut(r) {
            *slot = c;
        }
    }
    for ranks in of_group_ranks {
        let mut cs: Vec<usize> = ranks
            .iter()
            .filter_map(|r| class_of.get(*r).copied())
            .collect();
        cs.sort_unstable();
        cs.dedup();
        out.of_group.push(cs);
    }
    Some(out)
}

/// Step 1 on classes: one port set per (source class, destination class, transport, optional),
/// in key order, with the groups its flows come from and how many flows it stands for.
fn class_pairs(
    groups: &[RuleFlows],
    srcs: &Side,
    dsts: &Side,
    host: &[Option<usize>],
) -> (Vec<Pair>, Vec<Contributions>) {
    let size = |side: &Side, c: usize| side.members.get(c).map_or(0, Vec::len);
    let local = |cs: usize, cd: usize| match (srcs.single.get(cs), dsts.single.get(cd)) {
        (Some(Some(a)), Some(Some(b))) => a == b && host.get(*a).is_some_and(Option::is_some),
        _ => false,
    };
    let mut at: FxHashMap<PairKey, usize> = FxHashMap::default();
    let mut found: Vec<(PairKey, PortSet, Contributions)> = Vec::new();
    for (g, group) in groups.iter().enumerate() {
        let (Some(ss), Some(ds)) = (srcs.of_group.get(g), dsts.of_group.get(g)) else {
            continue;
        };
        for (cs, cd) in ss.iter().flat_map(|s| ds.iter().map(move |d| (*s, *d))) {
            if local(cs, cd) {
                continue;
            }
            let flows = size(srcs, cs) * size(dsts, cd);
            for t in group.transports {
                let key = (cs, cd, *t, group.optional);
                let i = *at.entry(key).or_insert_with(|| {
                    found.push((key, PortSet::default(), (Vec::new(), 0)));
                    found.len() - 1
                });
                if let Some((_, ports, (from, count))) = found.get_mut(i) {
                    ports.union_with(&group.ports);
                    from.push(g);
                    *count += flows;
                }
            }
        }
    }
    found.sort_unstable_by_key(|(key, ..)| *key);
    found
        .into_iter()
        .map(|(key, ports, c)| {
            let pair = Pair {
                key,
                ports,
                alive: true,
                named_in: None,
                moved_to: None,
            };
            (pair, c)
        })
        .unzip()
}

/// Step 2's key on classes: (destination class, transport, optional, port rank, source
/// resolved).
type DstKey = (usize, Transport, bool, usize, bool);

/// Step 2 on classes: the source classes that reach a destination class with the same ports,
/// in key order; and each live pair's group.
fn sources_by_destination(
    pairs: &[Pair],
    port_rank: &[usize],
    resolved: &dyn Fn(usize) -> bool,
) -> (Vec<(DstKey, Vec<usize>)>, Vec<usize>) {
    let mut keyed: Vec<(DstKey, usize, usize)> = pairs
        .iter()
        .enumerate()
        .filter(|(_, p)| p.alive)
        .map(|(i, p)| {
            let (cs, cd, t, opt) = p.key;
            let rank = port_rank.get(i).copied().unwrap_or(0);
            ((cd, t, opt, rank, resolved(cs)), cs, i)
        })
        .collect();
    keyed.sort_unstable();
    let mut out: Vec<(DstKey, Vec<usize>)> = Vec::new();
    let mut group_of_pair = vec![0usize; pairs.len()];
    for (key, cs, i) in keyed {
        match out.last_mut() {
            Some((last, list)) if *last == key => list.push(cs),
            _ => out.push((key, vec![cs])),
        }
        if let Some(slot) = group_of_pair.get_mut(i) {
            *slot = out.len() - 1;
        }
    }
    (out, group_of_pair)
}

/// The members of `classes`, in rank order.
fn members_of(side: &Side, classes: &[usize]) -> Vec<usize> {
    let mut out: Vec<usize> = classes
        .iter()
        .filter_map(|c| side.members.get(*c))
        .flatten()
        .copied()
        .collect();
    out.sort_unstable();
    out
}

/// Step 3 on classes: the destinations reached by the same sources (`expanded`, the members of
/// each step-2 group's source classes) with the same ports: the rules, in key order; and each
/// step-2 group's rule.
fn destinations_by_sources<'a>(
    by_dst: &[(DstKey, Vec<usize>)],
    expanded: &'a [Vec<usize>],
    dsts: &Side,
    resolved: &dyn Fn(usize) -> bool,
) -> (SrcGroups<'a>, Vec<usize>) {
    let mut keyed: Vec<(SrcKey<'a>, usize)> = by_dst
        .iter()
        .zip(expanded)
        .enumerate()
        .map(|(i, (((cd, t, opt, ports, _), _), list))| {
            ((list.as_slice(), *t, *opt, *ports, resolved(*cd)), i)
        })
        .collect();
    keyed.sort_unstable();
    let mut classes: Vec<(SrcKey<'a>, Vec<usize>)> = Vec::new();
    let mut rule_of_group = vec![0usize; by_dst.len()];
    for (key, i) in keyed {
        let cd = by_dst.get(i).map_or(0, |((cd, ..), _)| *cd);
        match classes.last_mut() {
            Some((last, list)) if *last == key => list.push(cd),
            _ => classes.push((key, vec![cd])),
        }
        if let Some(slot) = rule_of_group.get_mut(i) {
            *slot = classes.len() - 1;
        }
    }
    let mut out = SrcGroups {
        dsts: Vec::new(),
        rules: Vec::with_capacity(classes.len()),
        rule_of_group: Vec::new(),
    };
    for (key, cds) in classes {
        let start = out.dsts.len();
        out.dsts.extend(members_of(dsts, &cds));
        out.rules.push((key, start, out.dsts.len()));
    }
    (out, rule_of_group)
}

/// The flows dealt to the rules, by group: each pair's flows go to its rule (or, moved to the
/// required pair, to that one's), and the optional pairs named in a required one are named in
/// its rule.
fn deal(
    pairs: &[Pair],
    contributions: &[Contributions],
    group_of_pair: &[usize],
    rule_of_group: &[usize],
    rules: usize,
) -> Vec<Reasons> {
    let rule_of_pair = |p: usize| {
        (group_of_pair.get(p))
            .and_then(|g| rule_of_group.get(*g))
            .copied()
            .unwrap_or(0)
    };
    let mut out: Vec<Reasons> = vec![Reasons::default(); rules];
    for (p, (pair, (from, count))) in pairs.iter().zip(contributions).enumerate() {
        if let Some(r) = out.get_mut(rule_of_pair(pair.moved_to.unwrap_or(p))) {
            r.groups.extend_from_slice(from);
            r.count += count;
        }
        if let Some(required) = pair.named_in {
            if let Some(r) = out.get_mut(rule_of_pair(required)) {
                r.named.extend_from_slice(from);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::report::AggregatedRule;
    use portolan_core::plan::Plan;

    /// The rules by classes and flow by flow; `None` for classes when they were not used.
    fn both_ways(plan: &Plan) -> (Option<Vec<AggregatedRule>>, Vec<AggregatedRule>) {
        let catalog = portolan_bundled::compiled().unwrap();
        let report = crate::evaluate(&catalog, plan);
        let groups = report.flows.groups();
        let (endpoints, ranks) = super::super::rank_ends(groups);
        (
            super::aggregate(groups, &endpoints, &ranks),
            super::super::by_flow(groups, &endpoints, &ranks),
        )
    }

    /// Every host three times more (each copy its own name), so classes have several members
    /// and hosts on both sides of a group are many.
    fn tripled(mut plan: Plan) -> Plan {
        let copies: Vec<_> = (1..3)
            .flat_map(|k| {
                plan.hosts.iter().map(move |h| {
                    let mut c = h.clone();
                    c.name = format!("{}-copy{k}", h.name);
                    c
                })
            })
            .collect();
        plan.hosts.extend(copies);
        plan
    }

    #[test]
    fn classes_give_the_rules_of_flow_by_flow_on_every_example() {
        let mut by_classes = 0;
        for (name, _, _) in portolan_bundled::EXAMPLE_PLANS {
            let plan = portolan_bundled::example(name).unwrap();
            for (label, plan) in [("as is", plan.clone()), ("tripled", tripled(plan))] {
                let (classes, flows) = both_ways(&plan);
                assert!(!flows.is_empty(), "{name} {label}");
                if let Some(classes) = classes {
                    by_classes += 1;
                    assert_eq!(
                        format!("{classes:#?}"),
                        format!("{flows:#?}"),
                        "{name} {label}"
                    );
                }
            }
        }
        assert!(by_classes >= 18, "only {by_classes} of 20 plans by classes");
    }

    #[test]
    fn two_hosts_that_read_the_same_go_flow_by_flow() {
        let mut plan = portolan_bundled::example("screen-capture").unwrap();
        let twin = plan.hosts[0].clone();
        plan.hosts.push(twin);
        let (classes, flows) = both_ways(&plan);
        assert!(classes.is_none());
        assert!(!flows.is_empty());
    }
}
