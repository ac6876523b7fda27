//! The results view's flow table, worked out from the report's flow groups: one row per product,
//! source and destination (a [`Group`] of the table) that holds flows passing the filter. Its
//! cost grows with the hosts and the groups, not with the host pairs.
//!
//! How: endpoint names that the table cannot tell apart — on one side (sources or destinations),
//! in the same groups the same number of times, alike under the filter's host, zone and text
//! criteria, and not the end of a local flow when the filter looks at local flows — form a
//! *class*. Every pair of a source class and a destination class (a *block*) then has the same
//! flows passing the filter per product, counted once on one pair of the block. The rows are
//! kept as *segments*: one name of the sort's major side (the destination for the destination
//! order, else the source) with a run of names of one class of the other side, each giving the
//! same row sizes; the row count, the flow count, the pages and a page's rows are arithmetic
//! over the segments (prefix sums and binary search), and the flows of a page's rows are found
//! again only when the page is shown ([`FlowTable::groups`]).
//!
//! The order is total, each sort key then a fixed tie order; names compare by their case-folded
//! text, then their text:
//! - [`SortKey::Product`]: product (the engine's order: that of its first flow), source,
//!   destination;
//! - [`SortKey::Source`]: source, destination, product;
//! - [`SortKey::Destination`]: destination, source, product;
//! - [`SortKey::Port`]: lowest port, product, source, destination.

use super::filter::{fold_case, FlowFilter, Group, SortKey, Tri};
use portolan_core::sort::SortShared;
use portolan_engine::{End, Report, RuleFlows};
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

/// The side of the rows that a segment holds fixed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Side {
    #[default]
    Source,
    Destination,
}

/// One row of a cell: the product (index into `FlowTable::products`), how many flows pass the
/// filter, and the lowest port among them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Cell {
    product: usize,
    flows: usize,
    lowest: u16,
}

/// Consecutive rows of the table: the major name `major` (index into `FlowTable::names`) with
/// each minor name `FlowTable::members[class][from..to]`, each minor name giving the rows
/// `FlowTable::cells[pattern]` (one per product, in product order).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Segment {
    major: usize,
    class: usize,
    from: usize,
    to: usize,
    pattern: Range<usize>,
}

impl Segment {
    fn rows(&self) -> usize {
        (self.to - self.from) * self.pattern.len()
    }
}

/// The groups of flows that pass a filter, in a sort order (see [`super::filter::groups`] and
/// the module's documentation).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FlowTable {
    /// Product ids in the engine's order (the order of their first flow).
    products: Vec<String>,
    /// Endpoint names.
    names: Vec<String>,
    /// Which side of the rows the segments hold fixed.
    major: Side,
    /// The names of each class of the minor side, in name order.
    members: Vec<Vec<usize>>,
    /// The row patterns the segments point into.
    cells: Vec<Cell>,
    segments: Vec<Segment>,
    /// How many rows, and flows, come before each segment (one more entry: the totals).
    rows_before: Vec<usize>,
    flows_before: Vec<usize>,
}

/// The lowest port of a group's flows (0 for none).
fn lowest_port(g: &RuleFlows) -> u16 {
    g.ports.ranges().first().map_or(0, |r| r.start())
}

/// The endpoint names of a report: ids in order of first use, their order for sorting, and the
/// names of each group's sources and destinations as ids.
struct Names<'r> {
    list: Vec<&'r str>,
    /// `rank[id]`: the place of the name in the sort order (case-folded text, then text).
    rank: Vec<usize>,
    /// `ends[g]`: the ids of group `g`'s sources and of its destinations.
    ends: Vec<[Vec<usize>; 2]>,
}

impl<'r> Names<'r> {
    fn of(report: &'r Report) -> Names<'r> {
        let mut index: BTreeMap<&'r str, usize> = BTreeMap::new();
        let mut list: Vec<&'r str> = Vec::new();
        let mut id = |e: &'r End| {
            let name = e.endpoint.name.as_str();
            *index.entry(name).or_insert_with(|| {
                list.push(name);
                list.len() - 1
            })
        };
        let ends: Vec<[Vec<usize>; 2]> = (report.flows.groups().iter())
            .map(|g| {
                let sources = g.sources.iter().map(&mut id).collect();
                [sources, g.destinations.iter().map(&mut id).collect()]
            })
            .collect();
        let mut order: Vec<(String, usize)> = (list.iter().enumerate())
            .map(|(i, n)| (fold_case(n), i))
            .collect();
        order.sort_shared_by(|a, b| {
            let text = |i: usize| list.get(i).copied().unwrap_or_default();
            (&a.0, text(a.1)).cmp(&(&b.0, text(b.1)))
        });
        let mut rank = vec![0; list.len()];
        for (r, (_, i)) in order.into_iter().enumerate() {
            if let Some(x) = rank.get_mut(i) {
                *x = r;
            }
        }
        Names { list, rank, ends }
    }

    fn rank(&self, id: usize) -> usize {
        self.rank.get(id).copied().unwrap_or(usize::MAX)
    }
}

/// Whether some flows of `g` may pass `filter` (its product, transports and optionality do).
fn may_pass(g: &RuleFlows, filter: &FlowFilter) -> bool {
    (filter.product.is_empty() || *g.product == *filter.product)
        && filter.optional.keeps(g.optional)
        && (filter.transport.is_empty()
            || g.transports.iter().any(|t| t.as_str() == filter.transport))
}

/// The names of the sources, and of the destinations, of local flows (a host with itself) of
/// the `active` groups.
fn local_ends(report: &Report, names: &Names, active: &[bool]) -> [BTreeSet<usize>; 2] {
    let mut out = [BTreeSet::new(), BTreeSet::new()];
    for ((g, ids), on) in report.flows.groups().iter().zip(&names.ends).zip(active) {
        if !*on {
            continue;
        }
        let hosts = |list: &[End], ids: &[usize]| -> BTreeMap<usize, Vec<usize>> {
            let mut m: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
            for (e, id) in list.iter().zip(ids) {
                if let Some(h) = e.host {
                    m.entry(h).or_default().push(*id);
                }
            }
            m
        };
        let (s, d) = (hosts(&g.sources, &ids[0]), hosts(&g.destinations, &ids[1]));
        for (h, src) in &s {
            if let Some(dst) = d.get(h) {
                out[0].extend(src);
                out[1].extend(dst);
            }
        }
    }
    out
}

/// The ends of one side of the flows, by class.
struct Ends {
    /// `places[name]`: where the name is an end of this side: (group, index in its list).
    places: Vec<Vec<(usize, usize)>>,
    /// `class[name]`, for the names that are ends of this side.
    class: Vec<Option<usize>>,
    /// The names of each class, in name order.
    members: Vec<Vec<usize>>,
}

/// What makes two names of one side alike for the table: matching the host filter, matching the
/// text filter, the name itself where it is the end of a local flow that the filter looks at,
/// and its places (group, matching the zone filter), in order.
type Signature = (bool, bool, Option<usize>, Vec<(usize, bool)>);

impl Ends {
    /// The classes of the `side` ends of the `active` groups; the names in `single` are classes
    /// of their own.
    fn new(
        report: &Report,
        filter: &FlowFilter,
        names: &Names,
        active: &[bool],
        side: Side,
        single: &BTreeSet<usize>,
    ) -> Ends {
        let groups = report.flows.groups();
        let mut places = vec![Vec::new(); names.list.len()];
        let mut zoned = vec![Vec::new(); names.list.len()];
        let zone = |e: &End| !filter.zone.is_empty() && e.endpoint.zone == filter.zone;
        for (g, (group, ids)) in groups.iter().zip(&names.ends).enumerate() {
            if !active.get(g).copied().unwrap_or(false) {
                continue;
            }
            let pair = [&group.sources, &group.destinations];
            let list = *side.of(&pair);
            for (k, (e, &id)) in list.iter().zip(side.of(ids)).enumerate() {
                if let (Some(p), Some(z)) = (places.get_mut(id), zoned.get_mut(id)) {
                    p.push((g, k));
                    z.push((g, zone(e)));
                }
            }
        }
        let needle = fold_case(filter.text.trim());
        let mut classes: BTreeMap<Signature, usize> = BTreeMap::new();
        let mut class = vec![None; names.list.len()];
        let mut members: Vec<Vec<usize>> = Vec::new();
        for (id, (z, c)) in zoned.into_iter().zip(class.iter_mut()).enumerate() {
            if z.is_empty() {
                continue;
            }
            let name = names.list.get(id).copied().unwrap_or_default();
            let host = !filter.host.is_empty() && name == filter.host;
            let text = !needle.is_empty() && fold_case(name).contains(&needle);
            let own = single.contains(&id).then_some(id);
            let next = classes.len();
            let k = *classes.entry((host, text, own, z)).or_insert(next);
            if k == members.len() {
                members.push(Vec::new());
            }
            if let Some(m) = members.get_mut(k) {
                m.push(id);
            }
            *c = Some(k);
        }
        for m in &mut members {
            m.sort_shared_by_key(|&id| names.rank(id));
        }
        Ends {
            places,
            class,
            members,
        }
    }

    fn places_of_class(&self, class: usize) -> &[(usize, usize)] {
        let first = self.members.get(class).and_then(|m| m.first());
        first
            .and_then(|&id| self.places.get(id))
            .map_or(&[], Vec::as_slice)
    }
}

/// How many flows from the source at `a` to the destination at `b` (places in one group) pass
/// `filter`.
fn kept_flows(g: &RuleFlows, filter: &FlowFilter, a: usize, b: usize) -> usize {
    (0..g.transports.len())
        .filter_map(|t| g.flow(a, b, t))
        .filter(|f| filter.keeps(f))
        .count()
}

/// The rows that one source name (its `sources` places) and one destination name (its
/// `destinations` places) give: per product (by `product`'s index), the flows passing `filter`
/// and their lowest port; in product order, products without such flows left out.
fn cells_of(
    groups: &[RuleFlows],
    filter: &FlowFilter,
    product: &BTreeMap<&str, usize>,
    sources: &[(usize, usize)],
    destinations: &[(usize, usize)],
) -> Vec<Cell> {
    let mut cells: BTreeMap<usize, Cell> = BTreeMap::new();
    for &(g, k) in sources {
        let Some(group) = groups.get(g) else { continue };
        let from = destinations.partition_point(|p| p.0 < g);
        let same = destinations.get(from..).unwrap_or_default();
        for &(_, j) in same.iter().take_while(|p| p.0 == g) {
            let kept = kept_flows(group, filter, k, j);
            if kept == 0 {
                continue;
            }
            let p = product.get(&*group.product).copied().unwrap_or(usize::MAX);
            let cell = cells.entry(p).or_insert(Cell {
                product: p,
                flows: 0,
                lowest: u16::MAX,
            });
            cell.flows += kept;
            cell.lowest = cell.lowest.min(lowest_port(group));
        }
    }
    cells.into_values().collect()
}

/// Every block (source class, destination class) whose pairs have flows passing the filter,
/// with the rows each of its pairs gives.
fn blocks(
    report: &Report,
    filter: &FlowFilter,
    names: &Names,
    active: &[bool],
    ends: &[Ends; 2],
) -> BTreeMap<(usize, usize), Vec<Cell>> {
    let mut pairs: BTreeSet<(usize, usize)> = BTreeSet::new();
    for (ids, on) in names.ends.iter().zip(active) {
        if !*on {
            continue;
        }
        let classes = |side: Side| -> BTreeSet<usize> {
            let class = |id: &usize| side.of(ends).class.get(*id).copied().flatten();
            side.of(ids).iter().filter_map(class).collect()
        };
        let (cs, cd) = (classes(Side::Source), classes(Side::Destination));
        pairs.extend(cs.iter().flat_map(|&a| cd.iter().map(move |&b| (a, b))));
    }
    let groups = report.flows.groups();
    let mut product: BTreeMap<&str, usize> = BTreeMap::new();
    for g in groups {
        let next = product.len();
        product.entry(&g.product).or_insert(next);
    }
    (pairs.into_iter())
        .filter_map(|(a, b)| {
            let [src, dst] = ends;
            let (s, d) = (src.places_of_class(a), dst.places_of_class(b));
            let cells = cells_of(groups, filter, &product, s, d);
            (!cells.is_empty()).then_some(((a, b), cells))
        })
        .collect()
}

/// What orders the lines of the table before their major name: (lowest port, product) in the
/// port order, (0, product) in the product order, nothing in the others.
type LineKey = (u16, usize);

/// The lines of each class of the major side (see [`class_lines`]).
type Lines = BTreeMap<usize, BTreeMap<LineKey, Vec<(usize, Range<usize>)>>>;

/// The lines of one class of the major side: by key, the minor classes and their row patterns
/// (ranges of `cells`, which this extends).
fn class_lines(
    sort: SortKey,
    blocks: &[(usize, &[Cell])],
    cells: &mut Vec<Cell>,
) -> BTreeMap<LineKey, Vec<(usize, Range<usize>)>> {
    let mut out: BTreeMap<LineKey, Vec<(usize, Range<usize>)>> = BTreeMap::new();
    for &(minor, pattern) in blocks {
        let mut push = |key: LineKey, rows: &[Cell]| {
            let start = cells.len();
            cells.extend_from_slice(rows);
            out.entry(key)
                .or_default()
                .push((minor, start..cells.len()));
        };
        match sort {
            SortKey::Source | SortKey::Destination => push((0, 0), pattern),
            SortKey::Product => {
                for c in pattern {
                    push((0, c.product), std::slice::from_ref(c));
                }
            }
            SortKey::Port => {
                for c in pattern {
                    push((c.lowest, c.product), std::slice::from_ref(c));
                }
            }
        }
    }
    out
}

/// The segments of the line of major name `major` with `parts` (minor classes and their
/// patterns), in the order of the minor names: the classes' names merged, each run of one class
/// a segment.
fn merge(
    major: usize,
    parts: &[(usize, Range<usize>)],
    members: &[Vec<usize>],
    names: &Names,
    out: &mut Vec<Segment>,
) {
    let list = |class: usize| members.get(class).map_or(&[][..], Vec::as_slice);
    let mut at: Vec<usize> = vec![0; parts.len()];
    loop {
        let heads: Vec<Option<usize>> = (parts.iter().zip(&at))
            .map(|((c, _), &k)| list(*c).get(k).map(|&id| names.rank(id)))
            .collect();
        let Some((i, _)) = (heads.iter().enumerate())
            .filter_map(|(i, h)| h.map(|r| (i, r)))
            .min_by_key(|&(_, r)| r)
        else {
            return;
        };
        let bound = (heads.iter().enumerate())
            .filter(|&(k, _)| k != i)
            .filter_map(|(_, h)| *h)
            .min()
            .unwrap_or(usize::MAX);
        let Some(((class, pattern), from)) = parts.get(i).zip(at.get_mut(i)) else {
            return;
        };
        let rest = list(*class).get(*from..).unwrap_or_default();
        let to = *from + rest.partition_point(|&id| names.rank(id) < bound);
        out.push(Segment {
            major,
            class: *class,
            from: *from,
            to,
            pattern: pattern.clone(),
        });
        *from = to;
    }
}

impl Side {
    /// This side's one of `pair` (sources first).
    fn of<T>(self, pair: &[T; 2]) -> &T {
        let [source, destination] = pair;
        match self {
            Side::Source => source,
            Side::Destination => destination,
        }
    }

    fn other(self) -> Side {
        match self {
            Side::Source => Side::Destination,
            Side::Destination => Side::Source,
        }
    }
}

/// Pages of whole rows in the making (see [`FlowTable::pages`]).
struct Pager {
    budget: usize,
    pages: Vec<(usize, usize)>,
    /// The first row of the page being filled, and its flows so far (below `budget`).
    first: usize,
    flows: usize,
}

impl Pager {
    /// The row before `end` holds `flows` flows.
    fn row(&mut self, end: usize, flows: usize) {
        self.flows += flows;
        if self.flows >= self.budget {
            self.pages.push((self.first, end));
            self.first = end;
            self.flows = 0;
        }
    }

    /// `n` rows of `size` flows each, from row `base` on: a page at a time.
    fn run(&mut self, base: usize, n: usize, size: usize) {
        let size = size.max(1);
        let mut i = 0;
        while i < n {
            let need = (self.budget - self.flows).div_ceil(size).max(1);
            if i + need > n {
                self.flows += (n - i) * size;
                return;
            }
            i += need;
            self.pages.push((self.first, base + i));
            self.first = base + i;
            self.flows = 0;
        }
    }
}

impl FlowTable {
    /// The groups of `report`'s flows that pass `filter`, in `sort` order.
    pub fn new(report: &Report, filter: &FlowFilter, sort: SortKey) -> FlowTable {
        let names = Names::of(report);
        let groups = report.flows.groups();
        let active: Vec<bool> = groups.iter().map(|g| may_pass(g, filter)).collect();
        let [single_s, single_d] = match filter.local {
            Tri::Any => Default::default(),
            _ => local_ends(report, &names, &active),
        };
        let ends = [
            Ends::new(report, filter, &names, &active, Side::Source, &single_s),
            Ends::new(
                report,
                filter,
                &names,
                &active,
                Side::Destination,
                &single_d,
            ),
        ];
        let blocks = blocks(report, filter, &names, &active, &ends);
        let major = match sort {
            SortKey::Destination => Side::Destination,
            _ => Side::Source,
        };
        let mut by_major: BTreeMap<usize, Vec<(usize, &[Cell])>> = BTreeMap::new();
        for (&(s, d), cells) in &blocks {
            let (m, n) = if major == Side::Source {
                (s, d)
            } else {
                (d, s)
            };
            by_major.entry(m).or_default().push((n, cells));
        }
        let mut cells = Vec::new();
        let lines: Lines = (by_major.iter())
            .map(|(&c, b)| (c, class_lines(sort, b, &mut cells)))
            .collect();
        let minor = major.other().of(&ends);
        let mut segments = Vec::new();
        for (key, _, id, class) in line_order(major.of(&ends), &lines, &names) {
            if let Some(parts) = lines.get(&class).and_then(|l| l.get(&key)) {
                merge(id, parts, &minor.members, &names, &mut segments);
            }
        }
        let mut products: Vec<String> = Vec::new();
        for g in groups {
            if !products.iter().any(|p| **p == *g.product) {
                products.push(g.product.to_string());
            }
        }
        let mut table = FlowTable {
            products,
            names: names.list.iter().map(|s| s.to_string()).collect(),
            major,
            members: Vec::new(),
            cells,
            segments,
            rows_before: Vec::new(),
            flows_before: Vec::new(),
        };
        let [s, d] = ends;
        let minor = if major == Side::Source { d } else { s };
        table.members = minor.members;
        table.count();
        table
    }

    /// Fills `rows_before` and `flows_before` from the segments.
    fn count(&mut self) {
        let (mut rows, mut flows) = (0usize, 0usize);
        self.rows_before = vec![0];
        self.flows_before = vec![0];
        for seg in &self.segments {
            let pattern = self.cells.get(seg.pattern.clone()).unwrap_or_default();
            rows += seg.rows();
            flows += (seg.to - seg.from) * pattern.iter().map(|c| c.flows).sum::<usize>();
            self.rows_before.push(rows);
            self.flows_before.push(flows);
        }
    }

    /// How many groups.
    pub fn len(&self) -> usize {
        self.rows_before.last().copied().unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// How many flows pass the filter.
    pub fn flows(&self) -> usize {
        self.flows_before.last().copied().unwrap_or(0)
    }

    /// How many flows the groups before group `row` hold.
    pub fn flows_before(&self, row: usize) -> usize {
        let s = self.rows_before.partition_point(|&x| x <= row);
        let at = s.checked_sub(1);
        let seg = at.and_then(|s| self.segments.get(s));
        let (Some(seg), Some(rows), Some(flows)) = (
            seg,
            at.and_then(|s| self.rows_before.get(s)),
            at.and_then(|s| self.flows_before.get(s)),
        ) else {
            return self.flows();
        };
        let pattern = self.cells.get(seg.pattern.clone()).unwrap_or_default();
        let (cell, part) = (
            (row - rows) / pattern.len().max(1),
            (row - rows) % pattern.len().max(1),
        );
        let sum = |cells: &[Cell]| cells.iter().map(|c| c.flows).sum::<usize>();
        flows + cell * sum(pattern) + sum(pattern.get(..part).unwrap_or_default())
    }

    /// How many flows each group holds, in order (every group: for tests).
    #[cfg(test)]
    pub fn sizes(&self) -> Vec<usize> {
        (0..self.len())
            .filter_map(|r| self.row(r))
            .map(|(_, _, c)| c.flows)
            .collect()
    }

    /// Pages of whole groups, the same as [`super::paging::group_pages`] makes from every group's
    /// size: each page takes groups until it holds at least `budget` flows. Each page's range of
    /// groups; one empty page when there are none. Costs a step per segment and per page.
    pub fn pages(&self, budget: usize) -> Vec<(usize, usize)> {
        let mut pager = Pager {
            budget: budget.max(1),
            pages: Vec::new(),
            first: 0,
            flows: 0,
        };
        for (seg, &base) in self.segments.iter().zip(&self.rows_before) {
            let pattern = self.cells.get(seg.pattern.clone()).unwrap_or_default();
            let size = pattern.first().map_or(0, |c| c.flows);
            if pattern.iter().all(|c| c.flows == size) {
                pager.run(base, seg.rows(), size);
                continue;
            }
            let sizes = pattern.iter().cycle().take(seg.rows());
            for (i, c) in sizes.enumerate() {
                pager.row(base + i + 1, c.flows);
            }
        }
        let total = self.len();
        if pager.first < total || pager.pages.is_empty() {
            pager.pages.push((pager.first, total));
        }
        pager.pages
    }

    /// Row `row`: its source and destination (indices into `names`) and its cell.
    fn row(&self, row: usize) -> Option<(usize, usize, Cell)> {
        let s = self
            .rows_before
            .partition_point(|&x| x <= row)
            .checked_sub(1)?;
        let seg = self.segments.get(s)?;
        let at = row - self.rows_before.get(s)?;
        let n = seg.pattern.len().max(1);
        let minor = *self.members.get(seg.class)?.get(seg.from + at / n)?;
        let cell = *self.cells.get(seg.pattern.start + at % n)?;
        Some(match self.major {
            Side::Source => (seg.major, minor, cell),
            Side::Destination => (minor, seg.major, cell),
        })
    }

    /// Groups `range` with their flows (indices into `report.flows`, by transport and port):
    /// `report` and `filter` must be the ones the table was made from.
    pub fn groups(&self, report: &Report, filter: &FlowFilter, range: Range<usize>) -> Vec<Group> {
        let text = |list: &[String], i: usize| list.get(i).cloned().unwrap_or_default();
        let mut out: Vec<Group> = (range.filter_map(|r| self.row(r)))
            .map(|(s, d, c)| Group {
                product: text(&self.products, c.product),
                source: text(&self.names, s),
                destination: text(&self.names, d),
                flows: Vec::with_capacity(c.flows),
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

/// The lines of the table in order: (key, rank of the major name, major name, its class), for
/// every name of the major side and every line of its class.
fn line_order(ends: &Ends, lines: &Lines, names: &Names) -> Vec<(LineKey, usize, usize, usize)> {
    let mut out = Vec::new();
    for (id, class) in ends.class.iter().enumerate() {
        let Some((c, keys)) = class.and_then(|c| lines.get(&c).map(|l| (c, l))) else {
            continue;
        };
        out.extend(keys.keys().map(|&k| (k, names.rank(id), id, c)));
    }
    out.sort_shared();
    out
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
        let ends = |list: &[End], names: &BTreeSet<&str>| -> Vec<usize> {
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
