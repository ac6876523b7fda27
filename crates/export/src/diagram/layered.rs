//! A layered graph layout of the Sugiyama family, drawn left to right, for the network diagram
//! (`layout.rs` turns a report into its input and its output into a picture).
//!
//! The stages, each a function of its own:
//!
//! 1. [`ranks`]: each node's rank (its column of nodes). The nodes of one cluster take
//!    consecutive ranks and clusters follow each other left to right in index order; inside a
//!    cluster the edges between its nodes decide (longest path, after reversing the edges that
//!    close a cycle).
//! 2. [`layers`]: a layer for labels lies between every two ranks of nodes. Each edge becomes a
//!    chain of items, one in every layer it spans: its two nodes, its label (in the layer next
//!    to its source) and a waypoint in each other layer.
//! 3. [`order`]: the items of each layer are ordered to reduce crossings (barycentre sweeps,
//!    keeping the order with the fewest crossings).
//! 4. [`place`]: x from the layers' widths; y by sweeps that move each item toward the items it
//!    is joined to while keeping the order and the gaps (isotonic regression by pooling adjacent
//!    violators, which finds the nearest such placement exactly).
//! 5. [`route`]: each edge's path, straight through the layers it crosses (at its own item's
//!    height) and a curve in each gap between layers.
//!
//! Every item has a slot of its own in its layer, and an edge changes height only in the gaps
//! between layers, where nothing else is drawn: so by construction no edge crosses a node or
//! another edge's label, and no label overlaps a node or another label.

use portolan_core::sort::SortShared;

/// Horizontal gap between two layers, where the edges curve.
pub const LAYER_GAP: f64 = 30.0;
/// Vertical gap between two nodes of a layer.
const NODE_GAP: f64 = 24.0;
/// Vertical gap between a node and a label or waypoint.
const MIXED_GAP: f64 = 12.0;
/// Vertical gap between labels and waypoints.
const SMALL_GAP: f64 = 6.0;
/// Height of the slot of an edge passing through a layer.
const WAYPOINT_H: f64 = 4.0;
/// Width of a layer without labels.
const MIN_LAYER_W: f64 = 16.0;
/// Crossing-reduction sweeps and placement sweeps.
const ORDER_SWEEPS: usize = 12;
const PLACE_SWEEPS: usize = 12;

/// A box to place: the cluster it belongs to, its width and height.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct InNode {
    pub cluster: usize,
    pub w: f64,
    pub h: f64,
}

/// An edge between two different nodes, and the size of its label.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct InEdge {
    pub from: usize,
    pub to: usize,
    pub label_w: f64,
    pub label_h: f64,
}

/// What to lay out. Nodes come in the order to start from (e.g. by name).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Input {
    pub clusters: usize,
    pub nodes: Vec<InNode>,
    pub edges: Vec<InEdge>,
}

/// A cubic Bézier segment: start, control 1, control 2, end.
pub type Segment = [(f64, f64); 4];

/// A routed edge: its path from `from` to `to` and its label's box (x, y, width, height).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OutEdge {
    pub path: Vec<Segment>,
    pub label: (f64, f64, f64, f64),
}

/// The placed picture, with its top-left corner at (0, 0).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Output {
    /// Top-left corner of each node.
    pub nodes: Vec<(f64, f64)>,
    pub edges: Vec<OutEdge>,
    /// The horizontal span (left, right) of each cluster's nodes; `None` for an empty cluster.
    pub clusters: Vec<Option<(f64, f64)>>,
    pub width: f64,
    pub height: f64,
}

/// Lays out `input` (see the module documentation for the stages).
pub fn layout(input: &Input) -> Output {
    let rank = ranks(input);
    let mut l = layers(input, &rank);
    let links = Links::of(&l);
    order(&mut l, &links);
    let p = place(&l, &links);
    let edges = route(input, &l, &p);
    let clusters = cluster_spans(input, &rank, &p);
    let nodes = (0..input.nodes.len())
        .map(|i| {
            l.node_item
                .get(i)
                .and_then(|&it| Some((*p.x.get(it)?, *p.y.get(it)?)))
                .unwrap_or_default()
        })
        .collect();
    Output {
        nodes,
        edges,
        clusters,
        width: p.width,
        height: p.height,
    }
}

// ---- 1. ranks --------------------------------------------------------------------------------

/// Each node's rank: clusters left to right, and inside a cluster the longest path along its
/// own edges.
fn ranks(input: &Input) -> Vec<usize> {
    let n = input.nodes.len();
    let cluster = |i: usize| input.nodes.get(i).map_or(0, |x| x.cluster);
    let inner: Vec<(usize, usize)> = input
        .edges
        .iter()
        .filter(|e| e.from != e.to && e.from < n && e.to < n && cluster(e.from) == cluster(e.to))
        .map(|e| (e.from, e.to))
        .collect();
    let sub = longest_path(n, &acyclic(n, &inner));
    let mut depth = vec![0usize; input.clusters];
    for (i, s) in sub.iter().enumerate() {
        if let Some(d) = depth.get_mut(cluster(i)) {
            *d = (*d).max(s + 1);
        }
    }
    let mut base = Vec::with_capacity(depth.len());
    let mut next = 0;
    for d in &depth {
        base.push(next);
        next += d;
    }
    sub.iter()
        .enumerate()
        .map(|(i, s)| base.get(cluster(i)).copied().unwrap_or(0) + s)
        .collect()
}

/// The edges with those that close a cycle reversed (depth-first search in index order).
fn acyclic(n: usize, edges: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let mut out_edges: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (k, &(a, _)) in edges.iter().enumerate() {
        if let Some(v) = out_edges.get_mut(a) {
            v.push(k);
        }
    }
    // 0 unseen, 1 on the stack, 2 done
    let mut state = vec![0u8; n];
    let mut reversed = vec![false; edges.len()];
    for root in 0..n {
        if state.get(root) != Some(&0) {
            continue;
        }
        let mut stack: Vec<(usize, usize)> = vec![(root, 0)];
        if let Some(s) = state.get_mut(root) {
            *s = 1;
        }
        while let Some(&mut (v, ref mut next)) = stack.last_mut() {
            let Some(&k) = out_edges.get(v).and_then(|o| o.get(*next)) else {
                if let Some(s) = state.get_mut(v) {
                    *s = 2;
                }
                stack.pop();
                continue;
            };
            *next += 1;
            let w = edges.get(k).map_or(v, |e| e.1);
            match state.get(w) {
                Some(0) => {
                    if let Some(s) = state.get_mut(w) {
                        *s = 1;
                    }
                    stack.push((w, 0));
                }
                Some(1) => {
                    if let Some(r) = reversed.get_mut(k) {
                        *r = true;
                    }
                }
                _ => {}
            }
        }
    }
    edges
        .iter()
        .zip(reversed)
        .filter(|((a, b), _)| a != b)
        .map(|(&(a, b), r)| if r { (b, a) } else { (a, b) })
        .collect()
}

/// Longest-path layering of a directed acyclic graph: sources at 0.
fn longest_path(n: usize, dag: &[(usize, usize)]) -> Vec<usize> {
    let mut indegree = vec![0usize; n];
    let mut out_edges: Vec<Vec<usize>> = vec![Vec::new(); n];
    for &(a, b) in dag {
        if let (Some(d), Some(o)) = (indegree.get_mut(b), out_edges.get_mut(a)) {
            *d += 1;
            o.push(b);
        }
    }
    let mut rank = vec![0usize; n];
    let mut ready: Vec<usize> = (0..n).filter(|&i| indegree.get(i) == Some(&0)).collect();
    while let Some(v) = ready.pop() {
        let rv = rank.get(v).copied().unwrap_or(0);
        for &w in out_edges.get(v).map(Vec::as_slice).unwrap_or(&[]) {
            if let Some(r) = rank.get_mut(w) {
                *r = (*r).max(rv + 1);
            }
            if let Some(d) = indegree.get_mut(w) {
                *d -= 1;
                if *d == 0 {
                    ready.push(w);
                }
            }
        }
    }
    rank
}

// ---- 2. layers -------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq)]
enum Item {
    Node(usize),
    Label(usize),
    Waypoint,
}

/// The items of every layer, in order, and each edge's chain of items.
#[derive(Debug, Clone, Default)]
struct Layers {
    kind: Vec<Item>,
    w: Vec<f64>,
    h: Vec<f64>,
    layer_of: Vec<usize>,
    layers: Vec<Vec<usize>>,
    node_item: Vec<usize>,
    /// Per edge: its items from the lowest layer to the highest (empty for a self-edge).
    chains: Vec<Vec<usize>>,
    /// Per edge: drawn from the higher layer to the lower.
    backwards: Vec<bool>,
}

impl Layers {
    fn push(&mut self, kind: Item, layer: usize, w: f64, h: f64) -> usize {
        let id = self.kind.len();
        self.kind.push(kind);
        self.w.push(w);
        self.h.push(h);
        self.layer_of.push(layer);
        if let Some(l) = self.layers.get_mut(layer) {
            l.push(id);
        }
        id
    }
}

/// Nodes at even layers (twice their rank), labels and waypoints in the layers between.
fn layers(input: &Input, rank: &[usize]) -> Layers {
    let count = rank.iter().max().map_or(0, |r| 2 * r + 1);
    let mut l = Layers {
        layers: vec![Vec::new(); count],
        ..Layers::default()
    };
    for (i, n) in input.nodes.iter().enumerate() {
        let layer = 2 * rank.get(i).copied().unwrap_or(0);
        let id = l.push(Item::Node(i), layer, n.w, n.h);
        l.node_item.push(id);
    }
    for (k, e) in input.edges.iter().enumerate() {
        let (Some(&ra), Some(&rb), Some(&ia), Some(&ib)) = (
            rank.get(e.from),
            rank.get(e.to),
            l.node_item.get(e.from),
            l.node_item.get(e.to),
        ) else {
            l.chains.push(Vec::new());
            l.backwards.push(false);
            continue;
        };
        let backwards = ra > rb;
        let (lo, hi, first, last) = if backwards {
            (2 * rb, 2 * ra, ib, ia)
        } else {
            (2 * ra, 2 * rb, ia, ib)
        };
        if lo == hi {
            l.chains.push(Vec::new());
            l.backwards.push(false);
            continue;
        }
        // The label sits in the layer next to the edge's source.
        let label_layer = if backwards { hi - 1 } else { lo + 1 };
        let mut chain = vec![first];
        for layer in lo + 1..hi {
            let id = if layer == label_layer {
                l.push(Item::Label(k), layer, e.label_w, e.label_h)
            } else {
                l.push(Item::Waypoint, layer, 0.0, WAYPOINT_H)
            };
            chain.push(id);
        }
        chain.push(last);
        l.chains.push(chain);
        l.backwards.push(backwards);
    }
    l
}

// ---- 3. order --------------------------------------------------------------------------------

/// Each item's neighbours in the layer before and the layer after.
struct Links {
    before: Vec<Vec<usize>>,
    after: Vec<Vec<usize>>,
}

impl Links {
    fn of(l: &Layers) -> Links {
        let n = l.kind.len();
        let mut links = Links {
            before: vec![Vec::new(); n],
            after: vec![Vec::new(); n],
        };
        for chain in &l.chains {
            for w in chain.windows(2) {
                if let [a, b] = *w {
                    if let Some(v) = links.after.get_mut(a) {
                        v.push(b);
                    }
                    if let Some(v) = links.before.get_mut(b) {
                        v.push(a);
                    }
                }
            }
        }
        links
    }
}

/// Orders each layer by the barycentre of its neighbours, sweeping right then left, and keeps
/// the order with the fewest crossings.
fn order(l: &mut Layers, links: &Links) {
    let n_layers = l.layers.len();
    let mut pos = positions(l);
    let mut best = l.layers.clone();
    let mut best_crossings = usize::MAX;
    for sweep in 0..ORDER_SWEEPS {
        let rightwards = sweep % 2 == 0;
        let seq: Vec<usize> = if rightwards {
            (1..n_layers).collect()
        } else {
            (0..n_layers.saturating_sub(1)).rev().collect()
        };
        let nb = if rightwards {
            &links.before
        } else {
            &links.after
        };
        for layer in seq {
            let Some(items) = l.layers.get_mut(layer) else {
                continue;
            };
            let key = |i: usize| -> f64 {
                let own = pos.get(i).copied().unwrap_or(0) as f64;
                match nb.get(i).map(Vec::as_slice) {
                    Some(list) if !list.is_empty() => {
                        list.iter()
                            .map(|&j| pos.get(j).copied().unwrap_or(0) as f64)
                            .sum::<f64>()
                            / list.len() as f64
                    }
                    _ => own,
                }
            };
            let mut keyed: Vec<(f64, usize, usize)> = items
                .iter()
                .map(|&i| (key(i), pos.get(i).copied().unwrap_or(0), i))
                .collect();
            keyed.sort_shared_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            *items = keyed.into_iter().map(|(_, _, i)| i).collect();
            for (k, &i) in items.iter().enumerate() {
                if let Some(p) = pos.get_mut(i) {
                    *p = k;
                }
            }
        }
        let c = crossings(l, links, &pos);
        if c < best_crossings {
            best_crossings = c;
            best = l.layers.clone();
        }
        if c == 0 {
            break;
        }
    }
    l.layers = best;
}

/// Each item's index within its layer.
fn positions(l: &Layers) -> Vec<usize> {
    let mut pos = vec![0usize; l.kind.len()];
    for layer in &l.layers {
        for (k, &i) in layer.iter().enumerate() {
            if let Some(p) = pos.get_mut(i) {
                *p = k;
            }
        }
    }
    pos
}

/// The number of crossings between neighbouring layers: for the segments between two layers
/// sorted by their left end, the pairs whose right ends are in the other order (counted with a
/// Fenwick tree).
fn crossings(l: &Layers, links: &Links, pos: &[usize]) -> usize {
    let mut total = 0;
    for layer in &l.layers {
        let mut segs: Vec<(usize, usize)> = Vec::new();
        for &a in layer {
            for &b in links.after.get(a).map(Vec::as_slice).unwrap_or(&[]) {
                segs.push((
                    pos.get(a).copied().unwrap_or(0),
                    pos.get(b).copied().unwrap_or(0),
                ));
            }
        }
        segs.sort_shared();
        let size = segs.iter().map(|s| s.1 + 1).max().unwrap_or(0);
        let mut tree = vec![0usize; size + 1];
        for (seen, &(_, b)) in segs.iter().enumerate() {
            // how many earlier segments end at or before b
            let mut i = b + 1;
            let mut not_after = 0;
            while i > 0 {
                not_after += tree.get(i).copied().unwrap_or(0);
                i &= i - 1;
            }
            total += seen - not_after;
            let mut i = b + 1;
            while i <= size {
                if let Some(t) = tree.get_mut(i) {
                    *t += 1;
                }
                i += i & i.wrapping_neg();
            }
        }
    }
    total
}

// ---- 4. place --------------------------------------------------------------------------------

/// Positions: each item's top-left corner, and each layer's left edge and width.
struct Placement {
    x: Vec<f64>,
    y: Vec<f64>,
    layer_x: Vec<f64>,
    layer_w: Vec<f64>,
    width: f64,
    height: f64,
}

fn place(l: &Layers, links: &Links) -> Placement {
    let layer_w: Vec<f64> = l
        .layers
        .iter()
        .map(|items| {
            items
                .iter()
                .filter_map(|&i| l.w.get(i).copied())
                .fold(MIN_LAYER_W, f64::max)
        })
        .collect();
    let mut layer_x = Vec::with_capacity(layer_w.len());
    let mut x0 = 0.0;
    for w in &layer_w {
        layer_x.push(x0);
        x0 += w + LAYER_GAP;
    }
    let width = (x0 - LAYER_GAP).max(0.0);
    let x: Vec<f64> = (0..l.kind.len())
        .map(|i| {
            let layer = l.layer_of.get(i).copied().unwrap_or(0);
            let lx = layer_x.get(layer).copied().unwrap_or(0.0);
            let lw = layer_w.get(layer).copied().unwrap_or(0.0);
            lx + (lw - l.w.get(i).copied().unwrap_or(0.0)) / 2.0
        })
        .collect();
    let y = place_y(l, links);
    let height = (0..l.kind.len())
        .map(|i| y.get(i).copied().unwrap_or(0.0) + l.h.get(i).copied().unwrap_or(0.0))
        .fold(0.0, f64::max);
    Placement {
        x,
        y,
        layer_x,
        layer_w,
        width,
        height,
    }
}

/// The gap kept between two neighbouring items of a layer.
fn gap(l: &Layers, a: usize, b: usize) -> f64 {
    let node = |i: usize| matches!(l.kind.get(i), Some(Item::Node(_)));
    match (node(a), node(b)) {
        (true, true) => NODE_GAP,
        (false, false) => SMALL_GAP,
        _ => MIXED_GAP,
    }
}

/// Vertical positions: stacked first, then sweeps that pull each item toward the middle of its
/// neighbours, the whole layer at once (nearest placement that keeps order and gaps).
fn place_y(l: &Layers, links: &Links) -> Vec<f64> {
    let n = l.kind.len();
    let h = |i: usize| l.h.get(i).copied().unwrap_or(0.0);
    let mut y = vec![0.0f64; n];
    for layer in &l.layers {
        let mut top = 0.0;
        let mut prev: Option<usize> = None;
        for &i in layer {
            if let Some(p) = prev {
                top += gap(l, p, i);
            }
            if let Some(v) = y.get_mut(i) {
                *v = top;
            }
            top += h(i);
            prev = Some(i);
        }
    }
    let n_layers = l.layers.len();
    for sweep in 0..PLACE_SWEEPS {
        let seq: Vec<usize> = if sweep % 2 == 0 {
            (0..n_layers).collect()
        } else {
            (0..n_layers).rev().collect()
        };
        for layer in seq {
            let Some(items) = l.layers.get(layer) else {
                continue;
            };
            let mut desired = Vec::with_capacity(items.len());
            let mut weight = Vec::with_capacity(items.len());
            let mut offset = Vec::with_capacity(items.len());
            let mut off = 0.0;
            let mut prev: Option<usize> = None;
            for &i in items {
                if let Some(p) = prev {
                    off += h(p) + gap(l, p, i);
                }
                offset.push(off);
                prev = Some(i);
                let near = links
                    .before
                    .get(i)
                    .into_iter()
                    .chain(links.after.get(i))
                    .flatten();
                let (sum, count) = near.fold((0.0, 0usize), |(s, c), &j| {
                    (s + y.get(j).copied().unwrap_or(0.0) + h(j) / 2.0, c + 1)
                });
                let own = y.get(i).copied().unwrap_or(0.0);
                if count == 0 {
                    desired.push(own);
                    weight.push(1e-3);
                } else {
                    desired.push(sum / count as f64 - h(i) / 2.0);
                    weight.push(count as f64);
                }
            }
            let placed = nearest_ordered(&desired, &weight, &offset);
            for (&i, v) in items.iter().zip(placed) {
                if let Some(t) = y.get_mut(i) {
                    *t = v;
                }
            }
        }
    }
    let min = y.iter().copied().fold(f64::INFINITY, f64::min);
    if min.is_finite() {
        for v in &mut y {
            *v -= min;
        }
    }
    y
}

/// The placement `y` nearest to `desired` (least weighted squares) with
/// `y[i+1] - y[i] >= offset[i+1] - offset[i]`: isotonic regression of `desired - offset`
/// by pooling adjacent violators.
fn nearest_ordered(desired: &[f64], weight: &[f64], offset: &[f64]) -> Vec<f64> {
    // blocks of (total weight, weighted sum, items)
    let mut blocks: Vec<(f64, f64, usize)> = Vec::new();
    for ((d, w), o) in desired.iter().zip(weight).zip(offset) {
        let w = w.max(1e-9);
        blocks.push((w, w * (d - o), 1));
        while blocks.len() >= 2 {
            let (Some(&last), Some(&prev)) = (blocks.last(), blocks.get(blocks.len() - 2)) else {
                break;
            };
            if prev.1 / prev.0 <= last.1 / last.0 {
                break;
            }
            blocks.pop();
            if let Some(p) = blocks.last_mut() {
                *p = (p.0 + last.0, p.1 + last.1, p.2 + last.2);
            }
        }
    }
    let mut out = Vec::with_capacity(desired.len());
    for (w, s, count) in blocks {
        for _ in 0..count {
            let o = offset.get(out.len()).copied().unwrap_or(0.0);
            out.push(s / w + o);
        }
    }
    out
}

// ---- 5. route --------------------------------------------------------------------------------

/// Each edge's path and label box.
fn route(input: &Input, l: &Layers, p: &Placement) -> Vec<OutEdge> {
    let anchors = anchors(l, p);
    let centre =
        |i: usize| p.y.get(i).copied().unwrap_or(0.0) + l.h.get(i).copied().unwrap_or(0.0) / 2.0;
    let bounds = |i: usize| {
        let layer = l.layer_of.get(i).copied().unwrap_or(0);
        let lx = p.layer_x.get(layer).copied().unwrap_or(0.0);
        (lx, lx + p.layer_w.get(layer).copied().unwrap_or(0.0))
    };
    (0..input.edges.len())
        .map(|k| {
            let chain = l.chains.get(k).map(Vec::as_slice).unwrap_or(&[]);
            let (Some(&first), Some(&last)) = (chain.first(), chain.last()) else {
                return OutEdge::default();
            };
            // The points the edge passes, left to right.
            let start = anchors.get(&(k, true)).copied().unwrap_or_default();
            let end = anchors.get(&(k, false)).copied().unwrap_or_default();
            let mut pts = vec![start, (bounds(first).1, start.1)];
            let mut label = (0.0, 0.0, 0.0, 0.0);
            for &i in chain.iter().skip(1).take(chain.len().saturating_sub(2)) {
                let (x0, x1) = bounds(i);
                pts.push((x0, centre(i)));
                pts.push((x1, centre(i)));
                if matches!(l.kind.get(i), Some(Item::Label(_))) {
                    label = (
                        p.x.get(i).copied().unwrap_or(0.0),
                        p.y.get(i).copied().unwrap_or(0.0),
                        l.w.get(i).copied().unwrap_or(0.0),
                        l.h.get(i).copied().unwrap_or(0.0),
                    );
                }
            }
            pts.push((bounds(last).0, end.1));
            pts.push(end);
            let mut path = segments(&pts);
            if l.backwards.get(k) == Some(&true) {
                path.reverse();
                for s in &mut path {
                    s.reverse();
                }
            }
            OutEdge { path, label }
        })
        .collect()
}

/// Curves with horizontal tangents between points at different heights, straight lines
/// otherwise; empty steps are left out.
fn segments(pts: &[(f64, f64)]) -> Vec<Segment> {
    pts.windows(2)
        .filter_map(|w| match *w {
            [s, t] if (s.0 - t.0).abs() < 1e-9 && (s.1 - t.1).abs() < 1e-9 => None,
            [s, t] if (s.1 - t.1).abs() < 1e-9 => Some([s, s, t, t]),
            [s, t] => {
                let dx = (t.0 - s.0) / 2.0;
                Some([s, (s.0 + dx, s.1), (t.0 - dx, t.1), t])
            }
            _ => None,
        })
        .collect()
}

/// Where each edge meets its nodes: `(edge, at its left end)` → point. The edges on one side of a
/// node are spread over its height in the order of the heights they go to, so they do not cross
/// at the node.
fn anchors(l: &Layers, p: &Placement) -> std::collections::BTreeMap<(usize, bool), (f64, f64)> {
    let mut sides: Vec<[Vec<(f64, usize)>; 2]> = vec![[Vec::new(), Vec::new()]; l.kind.len()];
    let centre =
        |i: usize| p.y.get(i).copied().unwrap_or(0.0) + l.h.get(i).copied().unwrap_or(0.0) / 2.0;
    for (k, chain) in l.chains.iter().enumerate() {
        let (Some(&first), Some(&second), Some(&last)) =
            (chain.first(), chain.get(1), chain.last())
        else {
            continue;
        };
        let before_last = chain
            .get(chain.len().saturating_sub(2))
            .copied()
            .unwrap_or(first);
        if let Some(s) = sides.get_mut(first) {
            s[1].push((centre(second), k));
        }
        if let Some(s) = sides.get_mut(last) {
            s[0].push((centre(before_last), k));
        }
    }
    let mut out = std::collections::BTreeMap::new();
    for (i, [left, right]) in sides.into_iter().enumerate() {
        let (x, y, w, h) = (
            p.x.get(i).copied().unwrap_or(0.0),
            p.y.get(i).copied().unwrap_or(0.0),
            l.w.get(i).copied().unwrap_or(0.0),
            l.h.get(i).copied().unwrap_or(0.0),
        );
        for (mut list, at_x, left_end) in [(right, x + w, true), (left, x, false)] {
            list.sort_shared_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            let m = list.len() as f64;
            for (j, (_, k)) in list.into_iter().enumerate() {
                out.insert((k, left_end), (at_x, y + h * (j as f64 + 1.0) / (m + 1.0)));
            }
        }
    }
    out
}

/// The horizontal span of each cluster's nodes.
fn cluster_spans(input: &Input, rank: &[usize], p: &Placement) -> Vec<Option<(f64, f64)>> {
    let mut spans: Vec<Option<(f64, f64)>> = vec![None; input.clusters];
    for (i, n) in input.nodes.iter().enumerate() {
        let layer = 2 * rank.get(i).copied().unwrap_or(0);
        let (Some(&x), Some(&w)) = (p.layer_x.get(layer), p.layer_w.get(layer)) else {
            continue;
        };
        if let Some(s) = spans.get_mut(n.cluster) {
            *s = Some(s.map_or((x, x + w), |(a, b)| (a.min(x), b.max(x + w))));
        }
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(cluster: usize) -> InNode {
        InNode {
            cluster,
            w: 100.0,
            h: 40.0,
        }
    }

    fn edge(from: usize, to: usize) -> InEdge {
        InEdge {
            from,
            to,
            label_w: 60.0,
            label_h: 17.0,
        }
    }

    fn overlaps(a: (f64, f64, f64, f64), b: (f64, f64, f64, f64)) -> bool {
        a.0 < b.0 + b.2 && b.0 < a.0 + a.2 && a.1 < b.1 + b.3 && b.1 < a.1 + a.3
    }

    #[test]
    fn clusters_go_left_to_right_and_inner_edges_add_ranks() {
        // cluster 0: a → b → c and c → a (a cycle); cluster 1: d
        let input = Input {
            clusters: 2,
            nodes: vec![node(0), node(0), node(0), node(1)],
            edges: vec![edge(0, 1), edge(1, 2), edge(2, 0), edge(3, 0)],
        };
        assert_eq!(ranks(&input), vec![0, 1, 2, 3]);
        let out = layout(&input);
        let x: Vec<f64> = out.nodes.iter().map(|p| p.0).collect();
        assert!(x[0] < x[1] && x[1] < x[2] && x[2] < x[3], "{x:?}");
        assert_eq!(out.clusters.len(), 2);
        // The edge d → a runs right to left: it starts at d and ends at a.
        let back = &out.edges[3];
        assert_eq!(back.path.first().unwrap()[0].0, x[3]);
        assert_eq!(back.path.last().unwrap()[3].0, x[0] + 100.0);
    }

    #[test]
    fn crossings_are_counted_and_reduced() {
        // two sources, two targets, crossed in the input order
        let input = Input {
            clusters: 2,
            nodes: vec![node(0), node(0), node(1), node(1)],
            edges: vec![edge(0, 3), edge(1, 2)],
        };
        let rank = ranks(&input);
        let mut l = layers(&input, &rank);
        let links = Links::of(&l);
        assert_eq!(crossings(&l, &links, &positions(&l)), 1);
        order(&mut l, &links);
        assert_eq!(crossings(&l, &links, &positions(&l)), 0);
    }

    #[test]
    fn nearest_ordered_keeps_order_and_gaps() {
        // all want 0: they spread around it
        let y = nearest_ordered(&[0.0, 0.0, 0.0], &[1.0; 3], &[0.0, 10.0, 20.0]);
        assert_eq!(y, vec![-10.0, 0.0, 10.0]);
        // already apart: unchanged
        let y = nearest_ordered(&[0.0, 50.0], &[1.0; 2], &[0.0, 10.0]);
        assert_eq!(y, vec![0.0, 50.0]);
    }

    #[test]
    fn nothing_overlaps_and_paths_stay_in_the_gaps() {
        // a dense graph across three clusters, with long and backward edges
        let nodes: Vec<InNode> = (0..12).map(|i| node(i % 3)).collect();
        let mut edges = Vec::new();
        for a in 0..12 {
            for b in [(a * 5 + 1) % 12, (a * 7 + 3) % 12] {
                if a != b {
                    edges.push(edge(a, b));
                }
            }
        }
        let out = layout(&Input {
            clusters: 3,
            nodes: nodes.clone(),
            edges: edges.clone(),
        });
        let mut boxes: Vec<(f64, f64, f64, f64)> = out
            .nodes
            .iter()
            .zip(&nodes)
            .map(|(p, n)| (p.0, p.1, n.w, n.h))
            .collect();
        boxes.extend(out.edges.iter().map(|e| e.label));
        for (i, a) in boxes.iter().enumerate() {
            assert!(
                a.0 >= 0.0
                    && a.1 >= 0.0
                    && a.0 + a.2 <= out.width + 1e-9
                    && a.1 + a.3 <= out.height + 1e-9
            );
            for b in boxes.iter().skip(i + 1) {
                assert!(!overlaps(*a, *b), "{a:?} {b:?}");
            }
        }
        for (k, e) in out.edges.iter().enumerate() {
            let own = [edges[k].from, edges[k].to];
            for s in &e.path {
                for t in 0..=10 {
                    let t = f64::from(t) / 10.0;
                    let u = 1.0 - t;
                    let f = |a: f64, b: f64, c: f64, d: f64| {
                        u * u * u * a + 3.0 * u * u * t * b + 3.0 * u * t * t * c + t * t * t * d
                    };
                    let (x, y) = (
                        f(s[0].0, s[1].0, s[2].0, s[3].0),
                        f(s[0].1, s[1].1, s[2].1, s[3].1),
                    );
                    for (j, b) in boxes.iter().enumerate() {
                        let mine = if j < nodes.len() {
                            own.contains(&j)
                        } else {
                            j - nodes.len() == k
                        };
                        let inside = x > b.0 + 0.5
                            && x < b.0 + b.2 - 0.5
                            && y > b.1 + 0.5
                            && y < b.1 + b.3 - 0.5;
                        assert!(mine || !inside, "edge {k} crosses box {j}");
                    }
                }
            }
        }
    }
}
