//! The network diagram: endpoints of the report's network flows as boxes in columns (one column
//! per zone, initiating zones to the left, the internet on the right), and one arrow per source
//! → destination pair labelled with its transports and ports. Pure Rust: [`layout`] computes the
//! geometry, [`to_svg`] writes a self-contained SVG (presentation attributes only, no CSS or
//! scripts, so it is the same on the page, in a download and under a strict CSP).

use crate::ui::filter::fold_case;
use portolan_catalog::Catalog;
use portolan_core::net::{PortSet, Transport};
use portolan_core::sort::SortShared;
use portolan_engine::{EndpointKind, Flow, Report};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

const NODE_W: f64 = 210.0;
const COL_GAP: f64 = 300.0;
const ROW_GAP: f64 = 26.0;
const MARGIN: f64 = 24.0;
const HEADER: f64 = 40.0;
const LINE: f64 = 15.0;
const TITLE_H: f64 = 24.0;
const LABEL_H: f64 = 17.0;
const LABEL_CHAR_W: f64 = 6.4;
const LABEL_MAX_CHARS: usize = 42;
const EDGE_SLOT: f64 = 12.0;
/// Height and spacing of the slot an arrow takes where it passes through a column.
const WAYPOINT_H: f64 = 6.0;
const WAYPOINT_GAP: f64 = 8.0;
/// At most this many role lines under a node's name.
const MAX_ROLE_LINES: usize = 4;

/// Colours for products (in plan order), readable on white; the page's stylesheet recolours
/// them for the dark theme.
pub const PALETTE: [&str; 6] = [
    "#0b5cad", "#a3440b", "#1a7f37", "#8250df", "#b3093f", "#6e5600",
];
/// Edges that carry flows of several products.
pub const MIXED: &str = "#57606a";

/// A box.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub name: String,
    pub kind: EndpointKind,
    pub zone: String,
    /// Role names carried in the shown flows, then the addresses, one per line.
    pub lines: Vec<String>,
    pub column: usize,
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

/// An arrow from one node to another.
#[derive(Debug, Clone, PartialEq)]
pub struct Edge {
    pub from: usize,
    pub to: usize,
    /// `TCP 4001-4004, 29522 · UDP 53`.
    pub label: String,
    /// The label as drawn (shortened when long; the full label is the arrow's tooltip).
    pub short_label: String,
    /// Index into `Diagram::products`, or `None` for several products.
    pub product: Option<usize>,
    /// Cubic Bézier segments (start, control 1, control 2, end), each starting where the last
    /// ended; straight runs through a column are segments with their controls at their ends.
    pub path: Vec<[(f64, f64); 4]>,
    /// Label box: x, y (top-left), width, height.
    pub label_box: (f64, f64, f64, f64),
    pub optional: bool,
}

/// A column heading.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub title: String,
    pub x: f64,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Diagram {
    pub width: f64,
    pub height: f64,
    pub columns: Vec<Column>,
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
    /// `(product id, product name)` in plan order; edge colours follow this order.
    pub products: Vec<(String, String)>,
    /// Flows left out because source and destination are the same host.
    pub local_flows: usize,
}

type NodeKey = (EndpointKind, String);

#[derive(Default)]
struct EdgeAcc {
    ports: BTreeMap<Transport, PortSet>,
    products: BTreeSet<usize>,
    all_optional: bool,
}

/// Lays out the network flows of `report` (of one product when `product` is given).
pub fn layout(report: &Report, catalog: &Catalog, product: Option<&str>) -> Diagram {
    let mut d = Diagram::default();
    let shown: Vec<&Flow> = report
        .flows
        .iter()
        .filter(|f| product.is_none_or(|p| &*f.product == p))
        .collect();
    d.local_flows = shown.iter().filter(|f| f.local).count();

    // Products in order of appearance.
    for f in &shown {
        if !d.products.iter().any(|(id, _)| **id == *f.product) {
            let name = catalog
                .product(&f.product)
                .map_or_else(|| f.product.to_string(), |p| p.name.clone());
            d.products.push((f.product.to_string(), name));
        }
    }
    let product_index = |id: &str| d.products.iter().position(|(p, _)| p == id);

    // Nodes and edges.
    let mut keys: Vec<NodeKey> = Vec::new();
    let mut zones: Vec<String> = Vec::new();
    let mut roles: Vec<Vec<String>> = Vec::new();
    let mut addrs: Vec<Vec<String>> = Vec::new();
    let mut edges: BTreeMap<(usize, usize), EdgeAcc> = BTreeMap::new();
    let role_name = |pid: &str, rid: &str| {
        catalog
            .product(pid)
            .and_then(|p| p.role(rid))
            .map_or_else(|| rid.to_string(), |r| r.name.clone())
    };
    for f in shown.iter().filter(|f| !f.local) {
        let mut idx = [0usize; 2];
        for (slot, (ep, role)) in [(&f.source, &f.from_role), (&f.destination, &f.to_role)]
            .into_iter()
            .enumerate()
        {
            let key = (ep.kind, ep.name.clone());
            let i = match keys.iter().position(|k| *k == key) {
                Some(i) => i,
                None => {
                    keys.push(key);
                    zones.push(ep.zone.clone());
                    roles.push(Vec::new());
                    addrs.push(ep.rule_addresses().map(|a| a.to_string()).collect());
                    keys.len() - 1
                }
            };
            if ep.kind == EndpointKind::Host {
                if let Some(list) = roles.get_mut(i) {
                    let name = role_name(&f.product, role);
                    if !list.contains(&name) {
                        list.push(name);
                    }
                }
            }
            if let Some(s) = idx.get_mut(slot) {
                *s = i;
            }
        }
        let acc = edges.entry((idx[0], idx[1])).or_insert_with(|| EdgeAcc {
            all_optional: true,
            ..EdgeAcc::default()
        });
        acc.ports
            .entry(f.transport)
            .or_default()
            .union_with(&f.ports);
        if let Some(p) = product_index(&f.product) {
            acc.products.insert(p);
        }
        acc.all_optional &= f.optional;
    }

    // Columns: one per zone; nodes without a zone of their own (unassigned roles) share one;
    // the internet is always last. The other columns are ordered to keep arrows short and
    // pointing right.
    let external = "Internet / external";
    let col_name = |i: usize| -> String {
        match keys.get(i).map(|k| k.0) {
            Some(EndpointKind::External) | Some(EndpointKind::Any) => external.into(),
            Some(EndpointKind::Unassigned) => "Unassigned roles".into(),
            _ => match zones.get(i).map(String::as_str) {
                None | Some("") => "No zone".into(),
                Some(z) => format!("Zone {z}"),
            },
        }
    };
    let node_col: Vec<String> = (0..keys.len()).map(col_name).collect();
    let mut internal: Vec<String> = Vec::new();
    for c in &node_col {
        if c != external && !internal.contains(c) {
            internal.push(c.clone());
        }
    }
    let has_external = node_col.iter().any(|c| c == external);
    let index_of = |name: &str| -> usize {
        internal
            .iter()
            .position(|c| c == name)
            .unwrap_or(internal.len())
    };
    let col_edges: Vec<(usize, usize)> = edges
        .keys()
        .filter_map(|&(a, b)| {
            let ca = index_of(node_col.get(a)?);
            let cb = index_of(node_col.get(b)?);
            (ca != cb).then_some((ca, cb))
        })
        .collect();
    let perm = column_order(internal.len(), &col_edges);
    let mut col_names: Vec<String> = perm
        .iter()
        .filter_map(|&i| internal.get(i).cloned())
        .collect();
    if has_external {
        col_names.push(external.to_string());
    }
    let column_of: Vec<usize> = node_col
        .iter()
        .map(|c| col_names.iter().position(|n| n == c).unwrap_or(0))
        .collect();

    // Geometry of nodes (positions come later).
    let degree = |i: usize| edges.keys().filter(|&&(a, b)| a == i || b == i).count();
    let mut nodes: Vec<Node> = keys
        .iter()
        .enumerate()
        .map(|(i, (kind, name))| {
            let mut lines: Vec<String> = Vec::new();
            let rl = roles.get(i).cloned().unwrap_or_default();
            if rl.len() > MAX_ROLE_LINES {
                lines.extend(rl.iter().take(MAX_ROLE_LINES - 1).cloned());
                lines.push(format!("+{} more roles", rl.len() - (MAX_ROLE_LINES - 1)));
            } else {
                lines.extend(rl);
            }
            let ad = addrs.get(i).cloned().unwrap_or_default();
            match ad.len() {
                0 if *kind == EndpointKind::Unassigned => lines.push("no host yet".into()),
                0 if *kind == EndpointKind::Any => lines.push("any address".into()),
                0 => {}
                1 | 2 => lines.push(ad.join(", ")),
                n => lines.push(format!(
                    "{}, +{} more",
                    ad.iter().take(2).cloned().collect::<Vec<_>>().join(", "),
                    n - 2
                )),
            }
            let lines: Vec<String> = lines.into_iter().map(|l| shorten(&l, 30)).collect();
            let text_h = TITLE_H + LINE * lines.len() as f64 + 8.0;
            let slots_h = EDGE_SLOT * (degree(i) as f64 + 1.0);
            Node {
                name: name.clone(),
                kind: *kind,
                zone: zones.get(i).cloned().unwrap_or_default(),
                lines,
                column: column_of.get(i).copied().unwrap_or(0),
                x: 0.0,
                y: 0.0,
                w: NODE_W,
                h: text_h.max(slots_h).max(44.0),
            }
        })
        .collect();

    // Layout items: the nodes, and one waypoint per column an arrow passes through, so that
    // arrows cross columns in slots of their own instead of over boxes.
    let n_nodes = nodes.len();
    let mut item_col: Vec<usize> = nodes.iter().map(|n| n.column).collect();
    let edge_keys: Vec<(usize, usize)> = edges.keys().copied().collect();
    let mut chains: Vec<Vec<usize>> = Vec::new();
    for &(a, b) in &edge_keys {
        let (ca, cb) = (
            item_col.get(a).copied().unwrap_or(0),
            item_col.get(b).copied().unwrap_or(0),
        );
        let mut chain = vec![a];
        if ca + 1 < cb {
            for c in ca + 1..cb {
                item_col.push(c);
                chain.push(item_col.len() - 1);
            }
        } else if cb + 1 < ca {
            for c in (cb + 1..ca).rev() {
                item_col.push(c);
                chain.push(item_col.len() - 1);
            }
        }
        chain.push(b);
        chains.push(chain);
    }
    let n_items = item_col.len();
    let mut neighbours: Vec<Vec<usize>> = vec![Vec::new(); n_items];
    for chain in &chains {
        for w in chain.windows(2) {
            if let [x, y] = *w {
                if x != y && item_col.get(x) != item_col.get(y) {
                    if let Some(v) = neighbours.get_mut(x) {
                        v.push(y);
                    }
                    if let Some(v) = neighbours.get_mut(y) {
                        v.push(x);
                    }
                }
            }
        }
    }
    // Order within columns: nodes by name, then a few barycentre sweeps to reduce crossings.
    let mut order: Vec<Vec<usize>> = vec![Vec::new(); col_names.len()];
    for (i, &c) in item_col.iter().enumerate() {
        if let Some(col) = order.get_mut(c) {
            col.push(i);
        }
    }
    for col in &mut order {
        col.sort_shared_by_key(|&i| (i >= n_nodes, keys.get(i).map(|k| fold_case(&k.1)), i));
    }
    for _ in 0..6 {
        let mut pos = vec![0.0f64; n_items];
        for col in &order {
            let n = col.len().max(1) as f64;
            for (r, &i) in col.iter().enumerate() {
                if let Some(p) = pos.get_mut(i) {
                    *p = (r as f64 + 0.5) / n;
                }
            }
        }
        for col in &mut order {
            let bary = |i: usize| -> f64 {
                let nb = neighbours.get(i).map(Vec::as_slice).unwrap_or(&[]);
                let own = pos.get(i).copied().unwrap_or(0.0);
                if nb.is_empty() {
                    own
                } else {
                    nb.iter().filter_map(|&j| pos.get(j)).sum::<f64>() / nb.len() as f64
                }
            };
            let mut keyed: Vec<(f64, usize)> = col.iter().map(|&i| (bary(i), i)).collect();
            keyed.sort_shared_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            *col = keyed.into_iter().map(|(_, i)| i).collect();
        }
    }
    // Stack each column.
    let col_x = |c: usize| MARGIN + c as f64 * (NODE_W + COL_GAP);
    let mut item_y = vec![0.0f64; n_items];
    let mut height: f64 = HEADER + MARGIN;
    for (c, col) in order.iter().enumerate() {
        let mut y = MARGIN + HEADER;
        for &i in col {
            if let Some(n) = nodes.get_mut(i) {
                n.x = col_x(c);
                n.y = y;
                if let Some(v) = item_y.get_mut(i) {
                    *v = y + n.h / 2.0;
                }
                y += n.h + ROW_GAP;
            } else {
                if let Some(v) = item_y.get_mut(i) {
                    *v = y + WAYPOINT_H / 2.0;
                }
                y += WAYPOINT_H + WAYPOINT_GAP;
            }
        }
        height = height.max(y);
    }
    d.columns = col_names
        .iter()
        .enumerate()
        .map(|(c, t)| Column {
            title: t.clone(),
            x: col_x(c),
        })
        .collect();

    // Anchors: each side of a node spreads its arrows, ordered by the height of the next point
    // on the arrow.
    #[derive(Clone, Copy, PartialEq)]
    enum Side {
        Left,
        Right,
    }
    let side_of = |from_col: usize, to_col: usize| {
        if to_col >= from_col {
            Side::Right
        } else {
            Side::Left
        }
    };
    // (edge index, is source end) → anchor point
    let mut anchor: BTreeMap<(usize, bool), (f64, f64)> = BTreeMap::new();
    for (i, node) in nodes.iter().enumerate() {
        for side in [Side::Left, Side::Right] {
            let mut here: Vec<(f64, usize, bool)> = Vec::new();
            for (e, chain) in chains.iter().enumerate() {
                let (Some(&first), Some(&last)) = (chain.first(), chain.last()) else {
                    continue;
                };
                let next = chain.get(1).copied().unwrap_or(last);
                let prev = chain
                    .len()
                    .checked_sub(2)
                    .and_then(|k| chain.get(k))
                    .copied()
                    .unwrap_or(first);
                let cf = item_col.get(first).copied().unwrap_or(0);
                let cl = item_col.get(last).copied().unwrap_or(0);
                if first == i && side_of(cf, cl) == side {
                    here.push((item_y.get(next).copied().unwrap_or(0.0), e, true));
                }
                // Arrows within one column leave and enter on the right.
                let end_side = if cf == cl {
                    Side::Right
                } else {
                    side_of(cl, cf)
                };
                if last == i && end_side == side {
                    here.push((item_y.get(prev).copied().unwrap_or(0.0), e, false));
                }
            }
            here.sort_shared_by(|x, y| x.0.total_cmp(&y.0).then(x.1.cmp(&y.1)).then(x.2.cmp(&y.2)));
            let n = here.len() as f64;
            for (k, (_, e, is_src)) in here.into_iter().enumerate() {
                let y = node.y + node.h * (k as f64 + 1.0) / (n + 1.0);
                let x = if side == Side::Left {
                    node.x
                } else {
                    node.x + node.w
                };
                anchor.insert((e, is_src), (x, y));
            }
        }
    }

    // Paths and labels.
    let mut placed: Vec<(f64, f64, f64, f64)> =
        nodes.iter().map(|n| (n.x, n.y, n.w, n.h)).collect();
    let mut width: f64 = MARGIN * 2.0
        + col_names.len() as f64 * NODE_W
        + col_names.len().saturating_sub(1) as f64 * COL_GAP;
    for (e, ((a, b), acc)) in edges.iter().enumerate() {
        let chain = chains.get(e).cloned().unwrap_or_default();
        let p0 = anchor.get(&(e, true)).copied().unwrap_or_default();
        let p3 = anchor.get(&(e, false)).copied().unwrap_or_default();
        let ca = item_col.get(*a).copied().unwrap_or(0);
        let cb = item_col.get(*b).copied().unwrap_or(0);
        let mut segments: Vec<[(f64, f64); 4]> = Vec::new();
        if ca == cb {
            let bulge = (70.0 + (p3.1 - p0.1).abs() * 0.15).min(COL_GAP * 0.45);
            segments.push([p0, (p0.0 + bulge, p0.1), (p3.0 + bulge, p3.1), p3]);
        } else {
            let rightwards = cb > ca;
            // Points the arrow passes: its start, each waypoint's entry and exit, its end.
            let mut pts = vec![p0];
            for &w in chain.iter().skip(1).take(chain.len().saturating_sub(2)) {
                let x = col_x(item_col.get(w).copied().unwrap_or(0));
                let y = item_y.get(w).copied().unwrap_or(0.0);
                if rightwards {
                    pts.push((x, y));
                    pts.push((x + NODE_W, y));
                } else {
                    pts.push((x + NODE_W, y));
                    pts.push((x, y));
                }
            }
            pts.push(p3);
            for (k, w) in pts.windows(2).enumerate() {
                if let [s, t] = *w {
                    if k % 2 == 0 {
                        let dx = ((t.0 - s.0).abs() / 2.0).max(30.0);
                        let dir = if t.0 >= s.0 { 1.0 } else { -1.0 };
                        segments.push([s, (s.0 + dir * dx, s.1), (t.0 - dir * dx, t.1), t]);
                    } else {
                        segments.push([s, s, t, t]);
                    }
                }
            }
        }
        let label = acc
            .ports
            .iter()
            .map(|(t, ports)| format!("{} {ports}", t.as_str().to_ascii_uppercase()))
            .collect::<Vec<_>>()
            .join(" · ");
        let short_label = shorten(&label, LABEL_MAX_CHARS);
        let w = short_label.chars().count() as f64 * LABEL_CHAR_W + 10.0;
        // Labels go on the crossings between columns (even segments), nearest the source first.
        let gaps: Vec<&[(f64, f64); 4]> = segments
            .iter()
            .step_by(if ca == cb { 1 } else { 2 })
            .collect();
        let mut best: Option<(f64, f64)> = None;
        'search: for nudge in [0.0, -1.0, 1.0, -2.0, 2.0, -3.0, 3.0, -4.0, 4.0, -6.0, 6.0] {
            for seg in &gaps {
                for t in [
                    0.5, 0.4, 0.6, 0.3, 0.7, 0.45, 0.55, 0.35, 0.65, 0.25, 0.75, 0.2, 0.8,
                ] {
                    let (cx, cy) = bezier(seg, t);
                    let rect = (
                        cx - w / 2.0,
                        cy - LABEL_H / 2.0 + nudge * (LABEL_H + 2.0),
                        w,
                        LABEL_H,
                    );
                    if rect.1 >= MARGIN + HEADER / 2.0 && !placed.iter().any(|r| overlaps(*r, rect))
                    {
                        best = Some((rect.0, rect.1));
                        break 'search;
                    }
                }
            }
        }
        // Still nothing: below everything else drawn at the first crossing's middle.
        let (lx, ly) = best.unwrap_or_else(|| {
            let (cx, cy) = gaps.first().map_or((p0.0, p0.1), |s| bezier(s, 0.5));
            let mut y = cy - LABEL_H / 2.0;
            while placed
                .iter()
                .any(|r| overlaps(*r, (cx - w / 2.0, y, w, LABEL_H)))
            {
                y += LABEL_H + 2.0;
            }
            (cx - w / 2.0, y)
        });
        placed.push((lx, ly, w, LABEL_H));
        for seg in &segments {
            width = width.max(seg[1].0.max(seg[2].0) + MARGIN);
        }
        width = width.max(lx + w + MARGIN);
        height = height.max(ly + LABEL_H + MARGIN);
        d.edges.push(Edge {
            from: *a,
            to: *b,
            label,
            short_label,
            product: if acc.products.len() == 1 {
                acc.products.iter().next().copied()
            } else {
                None
            },
            path: segments,
            label_box: (lx, ly, w, LABEL_H),
            optional: acc.all_optional,
        });
    }
    d.nodes = nodes;
    d.width = width.ceil();
    d.height = (height + 30.0 + 18.0 * d.products.len().div_ceil(3) as f64).ceil();
    d
}

/// The order of `n` columns that keeps arrows between columns short and pointing right: every
/// order is tried for up to 7 columns, a score (initiating columns first) decides beyond. The
/// internet column (index `n` in `edges`) is always last.
fn column_order(n: usize, edges: &[(usize, usize)]) -> Vec<usize> {
    // Score order first: it is the answer for many columns and breaks ties otherwise.
    let mut score = vec![0i64; n + 1];
    for &(a, b) in edges {
        if let Some(s) = score.get_mut(a) {
            *s += 1;
        }
        if let Some(s) = score.get_mut(b) {
            *s -= 1;
        }
    }
    let mut base: Vec<usize> = (0..n).collect();
    base.sort_shared_by_key(|&i| std::cmp::Reverse(score.get(i).copied().unwrap_or(0)));
    if !(2..=7).contains(&n) {
        return base;
    }
    let cost = |perm: &[usize]| -> f64 {
        let mut pos = vec![n; n + 1];
        for (k, &c) in perm.iter().enumerate() {
            if let Some(p) = pos.get_mut(c) {
                *p = k;
            }
        }
        edges
            .iter()
            .map(|&(a, b)| {
                let (pa, pb) = (
                    pos.get(a).copied().unwrap_or(n),
                    pos.get(b).copied().unwrap_or(n),
                );
                pa.abs_diff(pb) as f64 + if pa > pb { 1.0 } else { 0.0 }
            })
            .sum()
    };
    let mut best = base.clone();
    let mut best_cost = cost(&base);
    let mut perm = base.clone();
    // Heap's algorithm, iterative.
    let mut c = vec![0usize; n];
    let mut i = 0;
    while i < n {
        if c.get(i).copied().unwrap_or(0) < i {
            let j = if i % 2 == 0 {
                0
            } else {
                c.get(i).copied().unwrap_or(0)
            };
            perm.swap(j, i);
            let k = cost(&perm);
            if k + 1e-9 < best_cost {
                best_cost = k;
                best = perm.clone();
            }
            if let Some(ci) = c.get_mut(i) {
                *ci += 1;
            }
            i = 0;
        } else {
            if let Some(ci) = c.get_mut(i) {
                *ci = 0;
            }
            i += 1;
        }
    }
    best
}

fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
        out.push('…');
        out
    }
}

fn bezier(p: &[(f64, f64); 4], t: f64) -> (f64, f64) {
    let u = 1.0 - t;
    let [a, b, c, d] = *p;
    let f = |a: f64, b: f64, c: f64, d: f64| {
        u * u * u * a + 3.0 * u * u * t * b + 3.0 * u * t * t * c + t * t * t * d
    };
    (f(a.0, b.0, c.0, d.0), f(a.1, b.1, c.1, d.1))
}

fn overlaps(a: (f64, f64, f64, f64), b: (f64, f64, f64, f64)) -> bool {
    a.0 < b.0 + b.2 && b.0 < a.0 + a.2 && a.1 < b.1 + b.3 && b.1 < a.1 + a.3
}

/// Escapes text for XML/HTML content and attribute values.
pub fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && c != '\n' && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

fn colour(d: &Diagram, e: &Edge) -> (&'static str, String) {
    match e.product {
        Some(p) => (
            PALETTE.get(p % PALETTE.len()).copied().unwrap_or(MIXED),
            format!("dg-p{}", p % PALETTE.len()),
        ),
        None => {
            let _ = d;
            (MIXED, "dg-mixed".into())
        }
    }
}

/// The diagram as a standalone SVG document. `title` becomes its accessible name.
pub fn to_svg(d: &Diagram, title: &str) -> String {
    let mut s = String::new();
    let (w, h) = (d.width.max(320.0), d.height.max(120.0));
    let _ = write!(
        s,
        r##"<svg xmlns="http://www.w3.org/2000/svg" class="dg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" role="img" aria-labelledby="dg-title dg-desc" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif" font-size="12">"##
    );
    let _ = write!(
        s,
        r##"<title id="dg-title">{}</title><desc id="dg-desc">{} endpoints and {} connections; each arrow points from the side that opens the connection and is labelled with its transports and ports.</desc>"##,
        xml(title),
        d.nodes.len(),
        d.edges.len()
    );
    s.push_str(r##"<defs>"##);
    for (i, c) in PALETTE.iter().enumerate() {
        let _ = write!(
            s,
            r##"<marker id="dg-arrow-{i}" class="dg-arrow dg-p{i}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{c}"/></marker>"##
        );
    }
    let _ = write!(
        s,
        r##"<marker id="dg-arrow-m" class="dg-arrow dg-mixed" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{MIXED}"/></marker>"##
    );
    s.push_str("</defs>");
    let _ = write!(
        s,
        r##"<rect class="dg-bg" x="0" y="0" width="{w}" height="{h}" fill="#ffffff"/>"##
    );
    for c in &d.columns {
        let _ = write!(
            s,
            r##"<text class="dg-col" x="{:.1}" y="{:.1}" font-weight="600" font-size="13" fill="#1b1f24">{}</text>"##,
            c.x,
            MARGIN + 16.0,
            xml(&c.title)
        );
    }
    // Edges under nodes, labels on top of everything.
    for e in &d.edges {
        let (col, class) = colour(d, e);
        let marker = match e.product {
            Some(p) => format!("dg-arrow-{}", p % PALETTE.len()),
            None => "dg-arrow-m".into(),
        };
        let mut path_d = String::new();
        for (k, [p0, p1, p2, p3]) in e.path.iter().enumerate() {
            if k == 0 {
                let _ = write!(path_d, "M{:.1},{:.1}", p0.0, p0.1);
            }
            let _ = write!(
                path_d,
                " C{:.1},{:.1} {:.1},{:.1} {:.1},{:.1}",
                p1.0, p1.1, p2.0, p2.1, p3.0, p3.1
            );
        }
        let from = d.nodes.get(e.from).map_or("", |n| n.name.as_str());
        let to = d.nodes.get(e.to).map_or("", |n| n.name.as_str());
        let dash = if e.optional {
            r#" stroke-dasharray="6 4""#
        } else {
            ""
        };
        let _ = write!(
            s,
            r##"<path class="dg-edge {class}" d="{path_d}" fill="none" stroke="{col}" stroke-width="1.6"{dash} marker-end="url(#{marker})"><title>{} → {}: {}{}</title></path>"##,
            xml(from),
            xml(to),
            xml(&e.label),
            if e.optional { " (optional)" } else { "" }
        );
    }
    for n in &d.nodes {
        let (fill, stroke, dash) = match n.kind {
            EndpointKind::Host => ("#f6f8fa", "#57606a", ""),
            EndpointKind::Unassigned => ("#fff8c5", "#9a6700", r#" stroke-dasharray="5 3""#),
            EndpointKind::External | EndpointKind::Any => ("#ddf4ff", "#0969da", ""),
        };
        let kind = match n.kind {
            EndpointKind::Host => "host",
            EndpointKind::Unassigned => "unassigned",
            EndpointKind::External => "external",
            EndpointKind::Any => "any",
        };
        let _ = write!(
            s,
            r##"<g class="dg-node dg-{kind}"><rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" rx="6" fill="{fill}" stroke="{stroke}" stroke-width="1.2"{dash}/>"##,
            n.x, n.y, n.w, n.h
        );
        let _ = write!(
            s,
            r##"<text class="dg-name" x="{:.1}" y="{:.1}" font-weight="600" font-size="13" fill="#1b1f24">{}</text>"##,
            n.x + 8.0,
            n.y + 17.0,
            xml(&shorten(&n.name, 28))
        );
        for (k, l) in n.lines.iter().enumerate() {
            let _ = write!(
                s,
                r##"<text class="dg-line" x="{:.1}" y="{:.1}" font-size="11" fill="#424a53">{}</text>"##,
                n.x + 8.0,
                n.y + TITLE_H + 9.0 + LINE * k as f64,
                xml(l)
            );
        }
        s.push_str("</g>");
    }
    for e in &d.edges {
        let (col, class) = colour(d, e);
        let (x, y, w, h) = e.label_box;
        let _ = write!(
            s,
            r##"<g class="dg-label {class}"><rect x="{x:.1}" y="{y:.1}" width="{w:.1}" height="{h:.1}" rx="3" fill="#ffffff" stroke="{col}" stroke-width="1"/><text x="{:.1}" y="{:.1}" font-size="11" fill="#1b1f24" font-family="ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace">{}</text></g>"##,
            x + 5.0,
            y + 12.5,
            xml(&e.short_label)
        );
    }
    // Legend.
    let mut ly = h - 18.0 * d.products.len().div_ceil(3) as f64 - 6.0;
    for (row, chunk) in d.products.chunks(3).enumerate() {
        for (k, (_, name)) in chunk.iter().enumerate() {
            let i = row * 3 + k;
            let c = PALETTE.get(i % PALETTE.len()).copied().unwrap_or(MIXED);
            let x = MARGIN + k as f64 * 330.0;
            let _ = write!(
                s,
                r##"<g class="dg-legend dg-p{}"><line x1="{x:.1}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="{c}" stroke-width="3"/><text x="{:.1}" y="{:.1}" font-size="11" fill="#1b1f24">{}</text></g>"##,
                i % PALETTE.len(),
                ly,
                x + 24.0,
                ly,
                x + 30.0,
                ly + 4.0,
                xml(&shorten(name, 48))
            );
        }
        ly += 18.0;
    }
    s.push_str("</svg>");
    s
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use portolan_bundled::catalog as bundled;
    use portolan_core::plan::{Host, Plan, PlanProduct};

    fn diagram(plan: &Plan, product: Option<&str>) -> Diagram {
        let cat = bundled().unwrap();
        let r = portolan_engine::evaluate(&cat, plan);
        layout(&r, &cat, product)
    }

    fn check_geometry(d: &Diagram) {
        for (i, a) in d.nodes.iter().enumerate() {
            assert!(a.x >= 0.0 && a.y >= 0.0 && a.x + a.w <= d.width && a.y + a.h <= d.height);
            for b in d.nodes.iter().skip(i + 1) {
                assert!(
                    !overlaps((a.x, a.y, a.w, a.h), (b.x, b.y, b.w, b.h)),
                    "{} overlaps {}",
                    a.name,
                    b.name
                );
            }
        }
        // No arrow runs over a box other than its own two.
        for e in &d.edges {
            for seg in &e.path {
                for k in 0..=20 {
                    let (x, y) = bezier(seg, f64::from(k) / 20.0);
                    for (j, n) in d.nodes.iter().enumerate() {
                        if j == e.from || j == e.to {
                            continue;
                        }
                        let inside = x > n.x + 1.0
                            && x < n.x + n.w - 1.0
                            && y > n.y + 1.0
                            && y < n.y + n.h - 1.0;
                        assert!(
                            !inside,
                            "arrow `{}` ({} → {}) crosses {}",
                            e.label, d.nodes[e.from].name, d.nodes[e.to].name, n.name
                        );
                    }
                }
            }
        }
        for (i, a) in d.edges.iter().enumerate() {
            for b in d.edges.iter().skip(i + 1) {
                assert!(
                    !overlaps(a.label_box, b.label_box),
                    "labels `{}` and `{}` overlap",
                    a.label,
                    b.label
                );
            }
            for n in &d.nodes {
                let over = overlaps(a.label_box, (n.x, n.y, n.w, n.h));
                assert!(!over, "label `{}` covers node {}", a.label, n.name);
            }
        }
    }

    #[test]
    fn every_network_flow_pair_has_one_labelled_arrow() {
        let plan = crate::ui::examples::example("mixed").unwrap();
        let d = diagram(&plan, None);
        let cat = bundled().unwrap();
        let r = portolan_engine::evaluate(&cat, &plan);
        let pairs: BTreeSet<(&str, &str)> = r
            .flows
            .iter()
            .filter(|f| !f.local)
            .map(|f| (f.source.name.as_str(), f.destination.name.as_str()))
            .collect();
        assert_eq!(d.edges.len(), pairs.len());
        for e in &d.edges {
            let (a, b) = (&d.nodes[e.from].name, &d.nodes[e.to].name);
            assert!(pairs.contains(&(a.as_str(), b.as_str())));
            assert!(
                e.label.starts_with("TCP ") || e.label.starts_with("UDP "),
                "{}",
                e.label
            );
        }
        assert_eq!(d.products.len(), plan.products.len());
        check_geometry(&d);
        // The internet is the last column.
        let last = d.columns.len() - 1;
        for n in &d.nodes {
            if matches!(n.kind, EndpointKind::External) {
                assert_eq!(n.column, last);
            }
        }
    }

    #[test]
    fn screen_capture_reads_left_to_right() {
        let plan = crate::ui::examples::example("screen-capture").unwrap();
        let d = diagram(&plan, None);
        check_geometry(&d);
        let col = |name: &str| d.nodes.iter().find(|n| n.name == name).unwrap().column;
        // Agents open more connections than they accept, so their zone comes first.
        assert!(col("agents-floor1") < col("ris01"));
        let e = d
            .edges
            .iter()
            .find(|e| d.nodes[e.from].name == "agents-floor1" && d.nodes[e.to].name == "ris01")
            .unwrap();
        assert!(e.label.contains("29522"), "{}", e.label);
    }

    #[test]
    fn filtering_by_product_and_determinism() {
        let plan = crate::ui::examples::example("mixed").unwrap();
        let all = diagram(&plan, None);
        let one = diagram(&plan, Some("screen-capture"));
        assert!(one.edges.len() < all.edges.len());
        assert!(one.edges.iter().all(|e| e.product == Some(0)));
        assert_eq!(diagram(&plan, None), all);
        assert_eq!(to_svg(&all, "t"), to_svg(&diagram(&plan, None), "t"));
    }

    /// 5 products and 30 hosts: nothing overlaps and the picture stays a sensible size.
    #[test]
    fn five_products_thirty_hosts_stay_readable() {
        let cat = bundled().unwrap();
        let mut plan = Plan::default();
        let mut hosts = Vec::new();
        for p in &cat.products {
            plan.products.push(PlanProduct {
                id: p.id.to_string(),
                ..PlanProduct::default()
            });
            for (k, r) in p
                .roles
                .iter()
                .filter(|r| r.kind == portolan_catalog::RoleKind::Internal)
                .enumerate()
            {
                if hosts.len() < 30 {
                    hosts.push(Host {
                        name: format!("{}-{}", r.id, k),
                        addresses: vec![format!("10.{}.{}.0/24", hosts.len(), k)],
                        zone: ["agents", "dc", "dmz", "exec"][hosts.len() % 4].into(),
                        roles: vec![format!("{}/{}", p.id, r.id)],
                        ..Host::default()
                    });
                }
            }
        }
        plan.hosts = hosts;
        let d = diagram(&plan, None);
        assert!(d.nodes.len() >= 25, "{}", d.nodes.len());
        check_geometry(&d);
        assert!(d.width < 3200.0, "{}", d.width);
        let svg = to_svg(&d, "plan");
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
    }

    #[test]
    fn columns_are_ordered_to_keep_arrows_short_and_rightwards() {
        // 0 → 1 → 2 and 2 → internet (3): the chain order, whatever the input order.
        assert_eq!(column_order(3, &[(0, 1), (1, 2), (2, 3)]), vec![0, 1, 2]);
        assert_eq!(column_order(3, &[(2, 0), (0, 1), (1, 3)]), vec![2, 0, 1]);
        assert_eq!(column_order(1, &[(0, 1)]), vec![0]);
        assert_eq!(column_order(0, &[]), Vec::<usize>::new());
        // Many columns fall back to the score order, still a permutation.
        let mut big = column_order(9, &[(8, 0), (0, 1)]);
        assert_eq!(big[0], 8);
        big.sort_unstable();
        assert_eq!(big, (0..9).collect::<Vec<_>>());
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(
            xml(r#"<a href="x">&'"#),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
        let cat = bundled().unwrap();
        let plan = Plan {
            products: vec![PlanProduct {
                id: "screen-capture".into(),
                ..PlanProduct::default()
            }],
            hosts: vec![Host {
                name: "<script>alert(1)</script>".into(),
                addresses: vec!["10.0.0.1".into()],
                roles: vec!["screen-capture/agent-pc".into()],
                ..Host::default()
            }],
            ..Plan::default()
        };
        let r = portolan_engine::evaluate(&cat, &plan);
        let svg = to_svg(&layout(&r, &cat, None), "<b>");
        assert!(!svg.contains("<script"));
        assert!(!svg.contains("<b>"));
    }

    #[test]
    fn an_empty_report_gives_an_empty_picture() {
        let d = diagram(&Plan::default(), None);
        assert!(d.nodes.is_empty() && d.edges.is_empty());
        assert!(to_svg(&d, "empty").contains("0 endpoints"));
    }
}
