//! The results view's flow table, worked out from the report's flow groups: one row per product,
//! source and destination (a [`Group`] of the table) that holds flows passing the filter, kept
//! as a few numbers — the flows are counted, not listed — and the flows of a page's rows are
//! found again only when the page is shown ([`FlowTable::groups`]). No list of every host-pair
//! flow is made; the names of the endpoints are kept once each.

use super::filter::{fold_case, FlowFilter, Group, SortKey};
use portolan_core::sort::SortShared;
use portolan_engine::{Report, RuleFlows};
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

/// One group of the table: indices into `FlowTable::products` and `FlowTable::names`, how many
/// flows pass the filter, and the lowest port among them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Row {
    product: usize,
    source: usize,
    destination: usize,
    flows: usize,
    lowest: u16,
}

/// The groups of flows that pass a filter, in a sort order (see [`super::filter::groups`]).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FlowTable {
    /// Product ids in the engine's order (the order of their first flow).
    products: Vec<String>,
    /// Endpoint names.
    names: Vec<String>,
    rows: Vec<Row>,
}

/// The lowest port of a group's flows (0 for none).
fn lowest_port(g: &RuleFlows) -> u16 {
    g.ports.ranges().first().map_or(0, |r| r.start())
}

/// Ids for strings, given in order of first use.
#[derive(Default)]
struct Ids<'r> {
    index: BTreeMap<&'r str, usize>,
    list: Vec<&'r str>,
}

impl<'r> Ids<'r> {
    fn of(&mut self, s: &'r str) -> usize {
        *self.index.entry(s).or_insert_with(|| {
            self.list.push(s);
            self.list.len() - 1
        })
    }

    fn strings(&self) -> Vec<String> {
        self.list.iter().map(|s| s.to_string()).collect()
    }
}

impl FlowTable {
    /// The groups of `report`'s flows that pass `filter`, in `sort` order.
    pub fn new(report: &Report, filter: &FlowFilter, sort: SortKey) -> FlowTable {
        let (mut products, mut names) = (Ids::default(), Ids::default());
        let mut rows: Vec<Row> = Vec::new();
        let mut index: BTreeMap<(usize, usize, usize), usize> = BTreeMap::new();
        for g in report.flows.groups() {
            let product = products.of(&g.product);
            if !filter.product.is_empty() && *g.product != *filter.product {
                continue;
            }
            let srcs: Vec<usize> = g
                .sources
                .iter()
                .map(|e| names.of(&e.endpoint.name))
                .collect();
            let dsts: Vec<usize> = (g.destinations.iter())
                .map(|e| names.of(&e.endpoint.name))
                .collect();
            for (k, &s) in srcs.iter().enumerate() {
                for (j, &d) in dsts.iter().enumerate() {
                    let kept = kept_flows(g, filter, k, j);
                    if kept == 0 {
                        continue;
                    }
                    let at = *index.entry((product, s, d)).or_insert_with(|| {
                        rows.push(Row {
                            product,
                            source: s,
                            destination: d,
                            flows: 0,
                            lowest: u16::MAX,
                        });
                        rows.len() - 1
                    });
                    if let Some(row) = rows.get_mut(at) {
                        row.flows += kept;
                        row.lowest = row.lowest.min(lowest_port(g));
                    }
                }
            }
        }
        let mut table = FlowTable {
            products: products.strings(),
            names: names.strings(),
            rows,
        };
        table.sort(sort);
        table
    }

    /// Orders the rows (stable: ties keep the order of their first flow).
    fn sort(&mut self, sort: SortKey) {
        let folded: Vec<String> = self.names.iter().map(|n| fold_case(n)).collect();
        let name = |i: usize| folded.get(i).map_or("", String::as_str);
        match sort {
            SortKey::Product => self.rows.sort_shared_by_key(|r| r.product),
            SortKey::Source => self.rows.sort_shared_by(|a, b| {
                (name(a.source), name(a.destination)).cmp(&(name(b.source), name(b.destination)))
            }),
            SortKey::Destination => self.rows.sort_shared_by(|a, b| {
                (name(a.destination), name(a.source)).cmp(&(name(b.destination), name(b.source)))
            }),
            SortKey::Port => self.rows.sort_shared_by_key(|r| r.lowest),
        }
    }

    /// How many groups.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// How many flows pass the filter.
    pub fn flows(&self) -> usize {
        self.rows.iter().map(|r| r.flows).sum()
    }

    /// How many flows each group holds, in order.
    pub fn sizes(&self) -> Vec<usize> {
        self.rows.iter().map(|r| r.flows).collect()
    }

    /// Groups `range` with their flows (indices into `report.flows`, by transport and port):
    /// `report` and `filter` must be the ones the table was made from.
    pub fn groups(&self, report: &Report, filter: &FlowFilter, range: Range<usize>) -> Vec<Group> {
        let rows = self.rows.get(range).unwrap_or_default();
        let text = |list: &[String], i: usize| list.get(i).cloned().unwrap_or_default();
        let mut out: Vec<Group> = rows
            .iter()
            .map(|r| Group {
                product: text(&self.products, r.product),
                source: text(&self.names, r.source),
                destination: text(&self.names, r.destination),
                flows: Vec::with_capacity(r.flows),
            })
            .collect();
        let wanted: BTreeMap<(&str, &str, &str), usize> = (out.iter().enumerate())
            .map(|(i, g)| ((&*g.product, &*g.source, &*g.destination), i))
            .collect();
        let found = flows_of(report, filter, &wanted);
        for (g, mut flows) in out.iter_mut().zip(found) {
            let key = |i: &usize| {
                report.flows.get(*i).map(|f| {
                    (
                        f.transport,
                        f.ports.ranges().first().map_or(0, |r| r.start()),
                    )
                })
            };
            flows.sort_shared_by_key(key);
            g.flows = flows;
        }
        out
    }
}

/// How many of the flows of `g` from source `k` to destination `j` pass `filter`.
fn kept_flows(g: &RuleFlows, filter: &FlowFilter, k: usize, j: usize) -> usize {
    if filter.is_empty() {
        return g.transports.len();
    }
    (0..g.transports.len())
        .filter_map(|t| g.flow(k, j, t))
        .filter(|f| filter.keeps(f))
        .count()
}

/// The flows (indices into `report.flows`, ascending) of each wanted (product, source,
/// destination) that pass `filter`, in the order of `wanted`'s values.
fn flows_of(
    report: &Report,
    filter: &FlowFilter,
    wanted: &BTreeMap<(&str, &str, &str), usize>,
) -> Vec<Vec<usize>> {
    let mut out = vec![Vec::new(); wanted.len()];
    let products: BTreeSet<&str> = wanted.keys().map(|k| k.0).collect();
    let sources: BTreeSet<&str> = wanted.keys().map(|k| k.1).collect();
    let destinations: BTreeSet<&str> = wanted.keys().map(|k| k.2).collect();
    let mut start = 0usize;
    for g in report.flows.groups() {
        let first = start;
        start += g.len();
        if !products.contains(&*g.product) {
            continue;
        }
        let ends = |list: &[portolan_engine::End], names: &BTreeSet<&str>| -> Vec<usize> {
            (list.iter().enumerate())
                .filter(|(_, e)| names.contains(e.endpoint.name.as_str()))
                .map(|(k, _)| k)
                .collect()
        };
        let (ks, js) = (
            ends(&g.sources, &sources),
            ends(&g.destinations, &destinations),
        );
        let n_t = g.transports.len();
        for &k in &ks {
            for &j in &js {
                let (Some(s), Some(d)) = (g.sources.get(k), g.destinations.get(j)) else {
                    continue;
                };
                let key = (
                    &*g.product,
                    s.endpoint.name.as_str(),
                    d.endpoint.name.as_str(),
                );
                let Some(list) = wanted.get(&key).and_then(|&i| out.get_mut(i)) else {
                    continue;
                };
                for t in 0..n_t {
                    if filter.is_empty() || g.flow(k, j, t).is_some_and(|f| filter.keeps(&f)) {
                        list.push(first + (k * g.destinations.len() + j) * n_t + t);
                    }
                }
            }
        }
    }
    out
}
