//! The network diagram: endpoints of the report's network flows as boxes in columns (one column
//! per zone, initiating zones to the left, the internet on the right), and one arrow per source
//! → destination pair labelled with its transports and ports. Pure Rust: [`layout`] computes the
//! geometry, [`to_svg`] writes a self-contained SVG (presentation attributes only, no CSS or
//! scripts, so it is the same on the page, in a download and under a strict CSP).

mod collect;
pub mod layered;

use portolan_catalog::Catalog;
use portolan_core::net::{PortSet, Transport};
use portolan_core::sort::SortShared;
use portolan_engine::{EndpointKind, Report};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

const NODE_W: f64 = 200.0;
const MARGIN: f64 = 24.0;
/// Room above the boxes for the zone titles.
const HEADER: f64 = 44.0;
const LINE: f64 = 15.0;
const TITLE_H: f64 = 24.0;
/// An edge label's line height and padding.
const LABEL_LINE: f64 = 13.0;
const LABEL_PAD: f64 = 4.0;
/// Width of a character of an edge label (11 px monospace: 0.6 em, rounded up).
pub const LABEL_CHAR_W: f64 = 6.7;
/// An edge label wraps at this many characters, on at most [`LABEL_MAX_LINES`] lines.
const LABEL_LINE_CHARS: usize = 20;
const LABEL_MAX_LINES: usize = 3;
/// Vertical room each arrow needs where it meets a box.
const EDGE_SLOT: f64 = 12.0;
/// At most this many role lines under a node's name.
const MAX_ROLE_LINES: usize = 4;
/// Characters of a box's name and of its lines (13 px bold and 11 px text in a 200 px box).
const NAME_CHARS: usize = 22;
const LINE_CHARS: usize = 28;
/// Bigger diagrams fold each zone with more than [`AUTO_FOLD_HOSTS`] hosts into one box, unless
/// the user unfolds it.
pub const AUTO_FOLD_NODES: usize = 30;
pub const AUTO_FOLD_HOSTS: usize = 4;
/// How far a zone's background reaches beyond its boxes.
const ZONE_PAD: f64 = 10.0;
const LEGEND_ROW: f64 = 18.0;

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
    /// How many hosts the box stands for: 1, or more for a folded zone.
    pub members: usize,
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
    /// The label as drawn: wrapped, and shortened when long (the full label is the arrow's
    /// tooltip).
    pub label_lines: Vec<String>,
    /// Index into `Diagram::products`, or `None` for several products.
    pub product: Option<usize>,
    /// Cubic Bézier segments (start, control 1, control 2, end), each starting where the last
    /// ended; straight runs are segments with their controls at their ends.
    pub path: Vec<[(f64, f64); 4]>,
    /// Label box: x, y (top-left), width, height.
    pub label_box: (f64, f64, f64, f64),
    pub optional: bool,
}

/// A zone (or the internet, or the unassigned roles): its title and the span of its boxes.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub title: String,
    pub x: f64,
    pub w: f64,
}

/// A zone that can be folded into one box or unfolded.
#[derive(Debug, Clone, PartialEq, serde::Serialize, schemars::JsonSchema)]
pub struct ZoneFold {
    /// The column's title, the key of [`Options::folded`].
    pub title: String,
    /// How many hosts (or roles without a host) it holds.
    pub hosts: usize,
    /// `hosts`, or `roles` for the column of roles without a host.
    #[schemars(schema_with = "zone_unit_schema")]
    pub unit: &'static str,
    pub folded: bool,
}

/// The schema of [`ZoneFold::unit`]: the two words it can be.
fn zone_unit_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    schemars::json_schema!({ "type": "string", "enum": ["hosts", "roles"] })
}

/// A product's entry in the legend: its index and where it is drawn.
#[derive(Debug, Clone, PartialEq)]
pub struct LegendItem {
    pub product: usize,
    pub x: f64,
    pub y: f64,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Diagram {
    pub width: f64,
    pub height: f64,
    /// Top and bottom of the zones' backgrounds.
    pub zone_top: f64,
    pub zone_bottom: f64,
    pub columns: Vec<Column>,
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
    /// `(product id, product name)` in plan order; edge colours follow this order.
    pub products: Vec<(String, String)>,
    pub legend: Vec<LegendItem>,
    /// Flows left out because source and destination are the same host.
    pub local_flows: usize,
    /// Connections from a box to itself (inside a folded zone, or between two hosts of one
    /// unassigned role): written in the box, not drawn as arrows.
    pub inner_connections: usize,
    /// The zones with several hosts, folded or not.
    pub zones: Vec<ZoneFold>,
}

/// What to draw.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options<'a> {
    /// Only this product's flows.
    pub product: Option<&'a str>,
    /// Zones (by column title) the user folded (`true`) or unfolded (`false`); the others are
    /// folded when the diagram is big (see [`AUTO_FOLD_NODES`]).
    pub folded: Option<&'a BTreeMap<String, bool>>,
}

/// One endpoint (or a folded zone) before layout.
#[derive(Debug, Clone)]
struct End {
    kind: EndpointKind,
    name: String,
    zone: String,
    roles: Vec<String>,
    addrs: Vec<String>,
    members: usize,
    column: String,
}

#[derive(Debug, Clone, Default)]
struct Conn {
    ports: BTreeMap<Transport, PortSet>,
    products: BTreeSet<usize>,
    all_optional: bool,
}

impl Conn {
    fn merge(&mut self, other: &Conn) {
        for (t, p) in &other.ports {
            self.ports.entry(*t).or_default().union_with(p);
        }
        self.products.extend(other.products.iter().copied());
        self.all_optional &= other.all_optional;
    }

    fn label(&self) -> String {
        self.ports
            .iter()
            .map(|(t, ports)| format!("{} {ports}", t.as_str().to_ascii_uppercase()))
            .collect::<Vec<_>>()
            .join(" · ")
    }
}

/// The endpoints and connections of the shown flows.
#[derive(Debug, Default)]
struct Graph {
    ends: Vec<End>,
    conns: BTreeMap<(usize, usize), Conn>,
    products: Vec<(String, String)>,
    local_flows: usize,
}

const EXTERNAL: &str = "Internet / external";

/// Lays out the network flows of `report`: the stages are [`collect::ends`] (endpoints),
/// [`fold`] (big zones into one box), [`collect::connect`] (connections between boxes),
/// [`boxes`] (the text of each box and label), [`layered::layout`] (ranks, order, placement and routes) and [`assemble`].
pub fn layout(report: &Report, catalog: &Catalog, options: Options<'_>) -> Diagram {
    let (g, shown) = collect::ends(report, catalog, options.product);
    let (g, zones, map) = fold(g, options.folded);
    let g = collect::connect(g, &shown, &map);
    let (columns, g) = sort_by_column(g);
    let (input, nodes, edges, inner) = boxes(&g, &columns);
    let placed = layered::layout(&input);
    let mut d = assemble(nodes, edges, &columns, &placed);
    d.products = g.products;
    d.local_flows = g.local_flows;
    d.inner_connections = inner;
    d.zones = zones;
    place_legend(&mut d);
    d
}

fn column_title(kind: EndpointKind, zone: &str) -> String {
    match kind {
        EndpointKind::External | EndpointKind::Any => EXTERNAL.into(),
        EndpointKind::Unassigned => "Unassigned roles".into(),
        EndpointKind::Host if zone.is_empty() => "No zone".into(),
        EndpointKind::Host => format!("Zone {zone}"),
    }
}

/// Stage 2: the hosts of each folded zone (or the roles without a host) become one box; a zone
/// is folded when the user says so, or (unless the user unfolded it) when the diagram has more
/// than [`AUTO_FOLD_NODES`] boxes and the zone more than [`AUTO_FOLD_HOSTS`] hosts. Returns the
/// boxes, the zones and the box of each endpoint (the connections are made between boxes next).
fn fold(g: Graph, choice: Option<&BTreeMap<String, bool>>) -> (Graph, Vec<ZoneFold>, Vec<usize>) {
    let mut members: BTreeMap<String, (usize, &'static str)> = BTreeMap::new();
    for e in &g.ends {
        if let Some(unit) = fold_unit(e.kind) {
            members.entry(e.column.clone()).or_insert((0, unit)).0 += 1;
        }
    }
    let big = g.ends.len() > AUTO_FOLD_NODES;
    let zones: Vec<ZoneFold> = members
        .iter()
        .filter(|(_, &(n, _))| n > 1)
        .map(|(title, &(n, unit))| ZoneFold {
            title: title.clone(),
            hosts: n,
            unit,
            folded: choice
                .and_then(|c| c.get(title).copied())
                .unwrap_or(big && n > AUTO_FOLD_HOSTS),
        })
        .collect();
    if !zones.iter().any(|z| z.folded) {
        let map = (0..g.ends.len()).collect();
        return (g, zones, map);
    }
    let mut out = Graph {
        products: g.products,
        local_flows: g.local_flows,
        ..Graph::default()
    };
    let mut group_of: BTreeMap<&str, usize> = BTreeMap::new();
    let mut map = Vec::with_capacity(g.ends.len());
    for e in &g.ends {
        let folded =
            fold_unit(e.kind).is_some() && zones.iter().any(|z| z.folded && z.title == e.column);
        if !folded {
            out.ends.push(e.clone());
            map.push(out.ends.len() - 1);
            continue;
        }
        let i = *group_of.entry(e.column.as_str()).or_insert_with(|| {
            out.ends.push(End {
                name: String::new(),
                roles: Vec::new(),
                addrs: Vec::new(),
                members: 0,
                ..e.clone()
            });
            out.ends.len() - 1
        });
        if let Some(group) = out.ends.get_mut(i) {
            join_group(group, e);
        }
        map.push(i);
    }
    (out, zones, map)
}

/// What a foldable column holds: hosts in a zone, or the roles no host carries yet.
fn fold_unit(kind: EndpointKind) -> Option<&'static str> {
    match kind {
        EndpointKind::Host => Some("hosts"),
        EndpointKind::Unassigned => Some("roles"),
        EndpointKind::External | EndpointKind::Any => None,
    }
}

/// Adds endpoint `e` to the box of its folded column.
fn join_group(group: &mut End, e: &End) {
    group.members += 1;
    group.name = match e.kind {
        EndpointKind::Unassigned => format!("{} roles without a host", group.members),
        _ => format!("{} hosts", group.members),
    };
    for r in &e.roles {
        if !group.roles.contains(r) {
            group.roles.push(r.clone());
        }
    }
    group.addrs.push(e.name.clone());
}

/// The columns in order (zones that open connections to the left, the internet last), and the
/// endpoints sorted by column, then name.
fn sort_by_column(g: Graph) -> (Vec<String>, Graph) {
    let mut internal: Vec<String> = Vec::new();
    for e in &g.ends {
        if e.column != EXTERNAL && !internal.contains(&e.column) {
            internal.push(e.column.clone());
        }
    }
    let index_of = |name: &str| {
        internal
            .iter()
            .position(|c| c == name)
            .unwrap_or(internal.len())
    };
    let col_edges: Vec<(usize, usize)> = g
        .conns
        .keys()
        .filter_map(|&(a, b)| {
            let ca = index_of(&g.ends.get(a)?.column);
            let cb = index_of(&g.ends.get(b)?.column);
            (ca != cb).then_some((ca, cb))
        })
        .collect();
    let mut columns: Vec<String> = column_order(internal.len(), &col_edges)
        .iter()
        .filter_map(|&i| internal.get(i).cloned())
        .collect();
    if g.ends.iter().any(|e| e.column == EXTERNAL) {
        columns.push(EXTERNAL.to_string());
    }
    let col = |e: &End| columns.iter().position(|c| *c == e.column).unwrap_or(0);
    let mut perm: Vec<usize> = (0..g.ends.len()).collect();
    perm.sort_shared_by_key(|&i| {
        g.ends
            .get(i)
            .map(|e| (col(e), e.members > 1, e.name.to_ascii_lowercase(), i))
    });
    let mut new_index = vec![0usize; g.ends.len()];
    for (k, &i) in perm.iter().enumerate() {
        if let Some(v) = new_index.get_mut(i) {
            *v = k;
        }
    }
    let remap = |i: usize| new_index.get(i).copied().unwrap_or(0);
    let sorted = Graph {
        ends: perm
            .iter()
            .filter_map(|&i| g.ends.get(i).cloned())
            .collect(),
        conns: g
            .conns
            .into_iter()
            .map(|((a, b), c)| ((remap(a), remap(b)), c))
            .collect(),
        products: g.products,
        local_flows: g.local_flows,
    };
    (columns, sorted)
}

/// Stage 3: the text of every box and label, and their sizes: the input of the layered layout.
/// Connections of a box with itself become a line of its text. Returns the layout input, the
/// nodes and edges (not placed yet) and how many connections went into a box's text.
fn boxes(g: &Graph, columns: &[String]) -> (layered::Input, Vec<Node>, Vec<Edge>, usize) {
    let (inner, inner_count, degree) = inner_connections(g);
    let nodes: Vec<Node> = g
        .ends
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let lines = node_lines(e, inner.get(&i));
            let text_h = TITLE_H + LINE * lines.len() as f64 + 8.0;
            let slots_h = EDGE_SLOT * (degree.get(i).copied().unwrap_or(0) as f64 + 1.0);
            Node {
                name: e.name.clone(),
                kind: e.kind,
                zone: e.zone.clone(),
                lines,
                column: columns.iter().position(|c| *c == e.column).unwrap_or(0),
                members: e.members,
                x: 0.0,
                y: 0.0,
                w: NODE_W,
                h: text_h.max(slots_h).max(44.0),
            }
        })
        .collect();
    let edges: Vec<Edge> = g
        .conns
        .iter()
        .filter(|((a, b), _)| a != b)
        .map(|(&(from, to), c)| {
            let label = c.label();
            Edge {
                from,
                to,
                label_lines: wrap_label(&label),
                label,
                product: if c.products.len() == 1 {
                    c.products.iter().next().copied()
                } else {
                    None
                },
                path: Vec::new(),
                label_box: (0.0, 0.0, 0.0, 0.0),
                optional: c.all_optional,
            }
        })
        .collect();
    let input = layered::Input {
        clusters: columns.len(),
        nodes: nodes
            .iter()
            .map(|n| layered::InNode {
                cluster: n.column,
                w: n.w,
                h: n.h,
            })
            .collect(),
        edges: edges
            .iter()
            .map(|e| layered::InEdge {
                from: e.from,
                to: e.to,
                label_w: label_width(&e.label_lines),
                label_h: LABEL_LINE * e.label_lines.len() as f64 + LABEL_PAD,
            })
            .collect(),
    };
    (input, nodes, edges, inner_count)
}

/// The connections of each box with itself (merged), how many there are, and how many arrows
/// meet each box.
fn inner_connections(g: &Graph) -> (BTreeMap<usize, Conn>, usize, Vec<usize>) {
    let mut inner: BTreeMap<usize, Conn> = BTreeMap::new();
    let mut count = 0;
    let mut degree = vec![0usize; g.ends.len()];
    for (&(a, b), c) in &g.conns {
        if a == b {
            count += 1;
            match inner.get_mut(&a) {
                Some(have) => have.merge(c),
                None => {
                    inner.insert(a, c.clone());
                }
            }
        } else {
            for i in [a, b] {
                if let Some(d) = degree.get_mut(i) {
                    *d += 1;
                }
            }
        }
    }
    (inner, count, degree)
}

/// The width of an edge label's box.
pub fn label_width(lines: &[String]) -> f64 {
    lines.iter().map(|l| l.chars().count()).max().unwrap_or(0) as f64 * LABEL_CHAR_W + 10.0
}

/// A label in lines of at most [`LABEL_LINE_CHARS`], broken after `, ` and ` · `; past
/// [`LABEL_MAX_LINES`] the last line ends in `…`.
pub fn wrap_label(label: &str) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for token in label.split_inclusive([',', '·']) {
        let token = if line.is_empty() {
            token.trim_start()
        } else {
            token
        };
        if !line.is_empty()
            && line.trim_end().chars().count() + token.trim_end().chars().count() > LABEL_LINE_CHARS
        {
            lines.push(line.trim_end().to_string());
            line = token.trim_start().to_string();
        } else {
            line.push_str(token);
        }
    }
    if !line.trim().is_empty() {
        lines.push(line.trim_end().to_string());
    }
    if lines.len() > LABEL_MAX_LINES {
        lines.truncate(LABEL_MAX_LINES);
        if let Some(last) = lines.last_mut() {
            *last = format!("{}…", last.trim_end_matches([',', '·', ' ']));
        }
    }
    lines
        .into_iter()
        .map(|l| shorten(&l, LABEL_LINE_CHARS + 1))
        .collect()
}

/// The lines under a box's name: its roles, its addresses (or hosts, for a folded zone), and
/// its connections with itself.
fn node_lines(e: &End, inner: Option<&Conn>) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    if e.roles.len() > MAX_ROLE_LINES {
        lines.extend(e.roles.iter().take(MAX_ROLE_LINES - 1).cloned());
        lines.push(format!(
            "+{} more roles",
            e.roles.len() - (MAX_ROLE_LINES - 1)
        ));
    } else {
        lines.extend(e.roles.iter().cloned());
    }
    let ad = &e.addrs;
    match ad.len() {
        0 if e.kind == EndpointKind::Unassigned => lines.push("no host yet".into()),
        0 if e.kind == EndpointKind::Any => lines.push("any address".into()),
        0 => {}
        1 | 2 => lines.push(ad.join(", ")),
        n => lines.push(format!(
            "{}, +{} more",
            ad.iter().take(2).cloned().collect::<Vec<_>>().join(", "),
            n - 2
        )),
    }
    if let Some(c) = inner {
        let between = if e.members > 1 {
            "between them"
        } else {
            "among its hosts"
        };
        lines.push(format!("{between}: {}", c.label()));
    }
    lines.into_iter().map(|l| shorten(&l, LINE_CHARS)).collect()
}

/// Stage 5: the placed layout moved below the zone titles, and the columns' spans.
fn assemble(
    mut nodes: Vec<Node>,
    mut edges: Vec<Edge>,
    columns: &[String],
    placed: &layered::Output,
) -> Diagram {
    let (dx, dy) = (MARGIN + ZONE_PAD, MARGIN + HEADER);
    for (n, &(x, y)) in nodes.iter_mut().zip(&placed.nodes) {
        n.x = x + dx;
        n.y = y + dy;
    }
    for (e, out) in edges.iter_mut().zip(&placed.edges) {
        e.path = out
            .path
            .iter()
            .map(|s| s.map(|(x, y)| (x + dx, y + dy)))
            .collect();
        let (x, y, w, h) = out.label;
        e.label_box = (x + dx, y + dy, w, h);
    }
    let columns = columns
        .iter()
        .zip(&placed.clusters)
        .filter_map(|(title, span)| {
            let (a, b) = (*span)?;
            Some(Column {
                title: title.clone(),
                x: a + dx,
                w: b - a,
            })
        })
        .collect();
    Diagram {
        width: (placed.width + 2.0 * (MARGIN + ZONE_PAD)).ceil(),
        height: (placed.height + dy + ZONE_PAD + MARGIN).ceil(),
        zone_top: dy - ZONE_PAD - 4.0,
        zone_bottom: placed.height + dy + ZONE_PAD,
        columns,
        nodes,
        edges,
        ..Diagram::default()
    }
}

/// The width of a legend entry: its line, a space and its text (11 px).
fn legend_width(name: &str) -> f64 {
    30.0 + shorten(name, 48).chars().count() as f64 * 6.9 + 24.0
}

/// The legend in rows under the picture, as wide as the picture (or as one entry).
fn place_legend(d: &mut Diagram) {
    if d.products.is_empty() {
        return;
    }
    let widest = d
        .products
        .iter()
        .map(|(_, n)| legend_width(n))
        .fold(0.0, f64::max);
    d.width = d.width.max((widest + 2.0 * MARGIN).ceil());
    let mut x = MARGIN;
    let mut y = d.height;
    for (i, (_, name)) in d.products.iter().enumerate() {
        let w = legend_width(name);
        if x > MARGIN && x + w > d.width - MARGIN {
            x = MARGIN;
            y += LEGEND_ROW;
        }
        d.legend.push(LegendItem { product: i, x, y });
        x += w;
    }
    d.height = (y + LEGEND_ROW + MARGIN / 2.0).ceil();
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

/// `s` in at most `max` characters as drawn: hidden characters shown as `<U+202E>` first (as
/// [`xml`] would show them), then cut with `…`.
fn shorten(s: &str, max: usize) -> String {
    let s = portolan_core::text::hidden::visible(s);
    if s.chars().count() <= max {
        s.into_owned()
    } else {
        let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
        out.push('…');
        out
    }
}

pub use portolan_core::text::xml;

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
///
/// Each box is a `g.dg-node` with `data-n` (its index), each arrow a `path.dg-edge` with
/// `data-e`, `data-from` and `data-to`, each label a `g.dg-label` with `data-e`: the diagram
/// test reads the picture back by these.
pub fn to_svg(d: &Diagram, title: &str) -> String {
    let mut s = String::new();
    svg_head(&mut s, d, title);
    svg_zones(&mut s, d);
    // Edges under nodes, labels on top of everything.
    svg_edges(&mut s, d);
    svg_nodes(&mut s, d);
    svg_labels(&mut s, d);
    svg_legend(&mut s, d);
    s.push_str("</svg>");
    s
}

/// The picture's size (never smaller than a small empty frame).
pub fn svg_size(d: &Diagram) -> (f64, f64) {
    (d.width.max(320.0), d.height.max(120.0))
}

fn svg_head(s: &mut String, d: &Diagram, title: &str) {
    let (w, h) = svg_size(d);
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
}

/// Each zone: a light background behind its boxes and its title above them.
fn svg_zones(s: &mut String, d: &Diagram) {
    for c in &d.columns {
        let _ = write!(
            s,
            r##"<rect class="dg-zone" x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" rx="8" fill="#f3f5f8" stroke="#d0d7de"/>"##,
            c.x - ZONE_PAD,
            d.zone_top,
            c.w + 2.0 * ZONE_PAD,
            d.zone_bottom - d.zone_top
        );
        // 13 px bold: about 8.4 px a character
        let chars = ((c.w + ZONE_PAD) / 8.4).floor().max(4.0) as usize;
        let _ = write!(
            s,
            r##"<text class="dg-col" x="{:.1}" y="{:.1}" font-weight="600" font-size="13" fill="#1b1f24">{}</text>"##,
            c.x - ZONE_PAD / 2.0,
            MARGIN + 16.0,
            xml(&shorten(&c.title, chars))
        );
    }
}

fn svg_edges(s: &mut String, d: &Diagram) {
    for (k, e) in d.edges.iter().enumerate() {
        let (col, class) = colour(d, e);
        let marker = match e.product {
            Some(p) => format!("dg-arrow-{}", p % PALETTE.len()),
            None => "dg-arrow-m".into(),
        };
        let mut path_d = String::new();
        for (i, [p0, p1, p2, p3]) in e.path.iter().enumerate() {
            if i == 0 {
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
            r##"<path class="dg-edge {class}" data-e="{k}" data-from="{}" data-to="{}" d="{path_d}" fill="none" stroke="{col}" stroke-width="1.6"{dash} marker-end="url(#{marker})"><title>{} → {}: {}{}</title></path>"##,
            e.from,
            e.to,
            xml(from),
            xml(to),
            xml(&e.label),
            if e.optional { " (optional)" } else { "" }
        );
    }
}

fn svg_nodes(s: &mut String, d: &Diagram) {
    for (i, n) in d.nodes.iter().enumerate() {
        let (fill, stroke, dash) = match n.kind {
            EndpointKind::Host => ("#ffffff", "#57606a", ""),
            EndpointKind::Unassigned => ("#fff8c5", "#9a6700", r#" stroke-dasharray="5 3""#),
            EndpointKind::External | EndpointKind::Any => ("#ddf4ff", "#0969da", ""),
        };
        let stroke_w = if n.members > 1 { "2.4" } else { "1.2" };
        let kind = match n.kind {
            EndpointKind::Host if n.members > 1 => "group",
            EndpointKind::Host => "host",
            EndpointKind::Unassigned => "unassigned",
            EndpointKind::External => "external",
            EndpointKind::Any => "any",
        };
        let _ = write!(
            s,
            r##"<g class="dg-node dg-{kind}" data-n="{i}"><rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" rx="6" fill="{fill}" stroke="{stroke}" stroke-width="{stroke_w}"{dash}/>"##,
            n.x, n.y, n.w, n.h
        );
        let _ = write!(
            s,
            r##"<text class="dg-name" x="{:.1}" y="{:.1}" font-weight="600" font-size="13" fill="#1b1f24">{}</text>"##,
            n.x + 8.0,
            n.y + 17.0,
            xml(&shorten(&n.name, NAME_CHARS))
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
}

fn svg_labels(s: &mut String, d: &Diagram) {
    for (k, e) in d.edges.iter().enumerate() {
        let (col, class) = colour(d, e);
        let (x, y, w, h) = e.label_box;
        let _ = write!(
            s,
            r##"<g class="dg-label {class}" data-e="{k}" font-size="11" fill="#1b1f24" font-family="ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace"><rect x="{x:.1}" y="{y:.1}" width="{w:.1}" height="{h:.1}" rx="3" fill="#ffffff" stroke="{col}" stroke-width="1"/>"##
        );
        for (i, line) in e.label_lines.iter().enumerate() {
            let _ = write!(
                s,
                r##"<text x="{:.1}" y="{:.1}">{}</text>"##,
                x + 5.0,
                y + 12.0 + LABEL_LINE * i as f64,
                xml(line)
            );
        }
        s.push_str("</g>");
    }
}

fn svg_legend(s: &mut String, d: &Diagram) {
    for item in &d.legend {
        let i = item.product;
        let Some((_, name)) = d.products.get(i) else {
            continue;
        };
        let c = PALETTE.get(i % PALETTE.len()).copied().unwrap_or(MIXED);
        let (x, y) = (item.x, item.y + LEGEND_ROW / 2.0);
        let _ = write!(
            s,
            r##"<g class="dg-legend dg-p{}"><line x1="{x:.1}" y1="{y:.1}" x2="{:.1}" y2="{y:.1}" stroke="{c}" stroke-width="3"/><text x="{:.1}" y="{:.1}" font-size="11" fill="#1b1f24">{}</text></g>"##,
            i % PALETTE.len(),
            x + 24.0,
            x + 30.0,
            y + 4.0,
            xml(&shorten(name, 48))
        );
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use portolan_bundled::catalog as bundled;
    use portolan_core::plan::{Host, Plan, PlanProduct};

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

    fn diagram(plan: &Plan, product: Option<&str>) -> Diagram {
        let cat = bundled().unwrap();
        let r = portolan_engine::evaluate(&cat, plan);
        layout(
            &r,
            &cat,
            Options {
                product,
                folded: None,
            },
        )
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
        let plan = portolan_bundled::example("mixed").unwrap();
        let d = diagram(&plan, None);
        let cat = bundled().unwrap();
        let r = portolan_engine::evaluate(&cat, &plan);
        let flows = r.flows.to_vec();
        let pairs: BTreeSet<(&str, &str)> = flows
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
        let plan = portolan_bundled::example("screen-capture").unwrap();
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
        let plan = portolan_bundled::example("mixed").unwrap();
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
        // the five seed products (built from the seed documents, whose names start with a digit)
        let seeds = cat.products.iter().filter(|p| {
            (p.sources.iter().filter_map(|s| s.file.as_deref()))
                .any(|f| f.starts_with(|c: char| c.is_ascii_digit()))
        });
        for p in seeds {
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
        // Folded by itself: the big zones and the roles without a host are a box each.
        let folded = diagram(&plan, None);
        check_geometry(&folded);
        assert!(
            folded.nodes.len() <= AUTO_FOLD_NODES,
            "{}",
            folded.nodes.len()
        );
        assert!(folded.zones.iter().any(|z| z.folded && z.unit == "roles"));
        // Unfolded on request: every host and role is a box, and still nothing overlaps.
        let open: BTreeMap<String, bool> = folded
            .zones
            .iter()
            .map(|z| (z.title.clone(), false))
            .collect();
        let cat = bundled().unwrap();
        let r = portolan_engine::evaluate(&cat, &plan);
        let options = Options {
            product: None,
            folded: Some(&open),
        };
        let d = layout(&r, &cat, options);
        assert!(d.nodes.len() >= 25, "{}", d.nodes.len());
        check_geometry(&d);
        // (4,022 px wide with the catalog of this revision: the frame fits it and zooms)
        assert!(
            d.width < 4500.0 && d.height < 4500.0,
            "{} × {}",
            d.width,
            d.height
        );
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
    fn labels_wrap_after_commas_and_end_in_an_ellipsis() {
        assert_eq!(wrap_label("TCP 443"), vec!["TCP 443"]);
        assert_eq!(
            wrap_label("TCP 443, 943, 2020, 4510, 5634 · UDP 53"),
            vec!["TCP 443, 943, 2020,", "4510, 5634 · UDP 53"]
        );
        let long = (1..40)
            .map(|p| (1000 + p).to_string())
            .collect::<Vec<_>>()
            .join(", ");
        let lines = wrap_label(&format!("TCP {long}"));
        assert_eq!(lines.len(), LABEL_MAX_LINES);
        assert!(lines
            .iter()
            .all(|l| l.chars().count() <= LABEL_LINE_CHARS + 1));
        assert!(lines[2].ends_with('…'), "{lines:?}");
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
        let svg = to_svg(&layout(&r, &cat, Options::default()), "<b>");
        assert!(!svg.contains("<script"));
        assert!(!svg.contains("<b>"));
    }

    #[test]
    fn hidden_characters_are_shown_not_drawn() {
        let cat = bundled().unwrap();
        let plan = Plan {
            products: vec![PlanProduct {
                id: "screen-capture".into(),
                ..PlanProduct::default()
            }],
            hosts: vec![Host {
                // (the engine reports these names as errors; the picture still shows them)
                name: "pc\u{202e}gpj.exe\u{0}".into(),
                addresses: vec!["10.0.0.1".into()],
                zone: "lan\u{200b}\u{1b}[2J".into(),
                roles: vec!["screen-capture/agent-pc".into()],
                ..Host::default()
            }],
            ..Plan::default()
        };
        let r = portolan_engine::evaluate(&cat, &plan);
        let svg = to_svg(
            &layout(&r, &cat, Options::default()),
            "site \u{2066}A\u{2069}",
        );
        let raw = svg
            .chars()
            .find(|c| portolan_core::text::hidden::is_hidden(*c) && !matches!(c, '\n' | '\t'));
        assert_eq!(raw, None, "{svg}");
        for shown in [
            "&lt;U+202E&gt;",
            "&lt;U+0000&gt;",
            "&lt;U+2066&gt;",
            "&lt;U+001B&gt;",
        ] {
            assert!(svg.contains(shown), "{shown} in {svg}");
        }
        assert_eq!(shorten("ab\u{202e}cd", 6), "ab<U+…");
    }

    #[test]
    fn an_empty_report_gives_an_empty_picture() {
        let d = diagram(&Plan::default(), None);
        assert!(d.nodes.is_empty() && d.edges.is_empty());
        assert!(to_svg(&d, "empty").contains("0 endpoints"));
    }
}

/// The diagram as it was collected before, from every host pair, compared with the group-wise
/// stages on the example plans, variants of them and a large site.
#[cfg(test)]
mod per_pair {
    use super::*;
    use portolan_bundled::catalog as bundled;
    use portolan_core::plan::Plan;
    use portolan_engine::Flow;

    fn old_collect(report: &Report, catalog: &Catalog, product: Option<&str>) -> Graph {
        let mut g = Graph::default();
        let shown: Vec<Flow> = report
            .flows
            .iter()
            .filter(|f| product.is_none_or(|p| &*f.product == p))
            .collect();
        g.local_flows = shown.iter().filter(|f| f.local).count();
        for f in &shown {
            if !g.products.iter().any(|(id, _)| **id == *f.product) {
                let name = catalog
                    .product(&f.product)
                    .map_or_else(|| f.product.to_string(), |p| p.name.clone());
                g.products.push((f.product.to_string(), name));
            }
        }
        let role_name = |pid: &str, rid: &str| {
            catalog
                .product(pid)
                .and_then(|p| p.role(rid))
                .map_or_else(|| rid.to_string(), |r| r.name.clone())
        };
        let mut index: BTreeMap<(EndpointKind, String), usize> = BTreeMap::new();
        for f in shown.iter().filter(|f| !f.local) {
            let mut ends = [0usize; 2];
            for (slot, (ep, role)) in ends
                .iter_mut()
                .zip([(&f.source, &f.from_role), (&f.destination, &f.to_role)])
            {
                let i = *index.entry((ep.kind, ep.name.clone())).or_insert_with(|| {
                    g.ends.push(End {
                        kind: ep.kind,
                        name: ep.name.clone(),
                        zone: ep.zone.clone(),
                        roles: Vec::new(),
                        addrs: ep.rule_addresses().map(|a| a.to_string()).collect(),
                        members: 1,
                        column: column_title(ep.kind, &ep.zone),
                    });
                    g.ends.len() - 1
                });
                if ep.kind == EndpointKind::Host {
                    if let Some(end) = g.ends.get_mut(i) {
                        let name = role_name(&f.product, role);
                        if !end.roles.contains(&name) {
                            end.roles.push(name);
                        }
                    }
                }
                *slot = i;
            }
            let product = g.products.iter().position(|(p, _)| **p == *f.product);
            let conn = g.conns.entry((ends[0], ends[1])).or_insert_with(|| Conn {
                all_optional: true,
                ..Conn::default()
            });
            conn.ports
                .entry(f.transport)
                .or_default()
                .union_with(&f.ports);
            conn.products.extend(product);
            conn.all_optional &= f.optional;
        }
        g
    }

    fn old_fold(g: Graph, choice: Option<&BTreeMap<String, bool>>) -> (Graph, Vec<ZoneFold>) {
        let mut members: BTreeMap<String, (usize, &'static str)> = BTreeMap::new();
        for e in &g.ends {
            if let Some(unit) = fold_unit(e.kind) {
                members.entry(e.column.clone()).or_insert((0, unit)).0 += 1;
            }
        }
        let big = g.ends.len() > AUTO_FOLD_NODES;
        let zones: Vec<ZoneFold> = members
            .iter()
            .filter(|(_, &(n, _))| n > 1)
            .map(|(title, &(n, unit))| ZoneFold {
                title: title.clone(),
                hosts: n,
                unit,
                folded: choice
                    .and_then(|c| c.get(title).copied())
                    .unwrap_or(big && n > AUTO_FOLD_HOSTS),
            })
            .collect();
        if !zones.iter().any(|z| z.folded) {
            return (g, zones);
        }
        let mut out = Graph {
            products: g.products,
            local_flows: g.local_flows,
            ..Graph::default()
        };
        let mut group_of: BTreeMap<&str, usize> = BTreeMap::new();
        let mut map = Vec::with_capacity(g.ends.len());
        for e in &g.ends {
            let folded = fold_unit(e.kind).is_some()
                && zones.iter().any(|z| z.folded && z.title == e.column);
            if !folded {
                out.ends.push(e.clone());
                map.push(out.ends.len() - 1);
                continue;
            }
            let i = *group_of.entry(e.column.as_str()).or_insert_with(|| {
                out.ends.push(End {
                    name: String::new(),
                    roles: Vec::new(),
                    addrs: Vec::new(),
                    members: 0,
                    ..e.clone()
                });
                out.ends.len() - 1
            });
            if let Some(group) = out.ends.get_mut(i) {
                join_group(group, e);
            }
            map.push(i);
        }
        for ((a, b), c) in &g.conns {
            let (Some(&a), Some(&b)) = (map.get(*a), map.get(*b)) else {
                continue;
            };
            match out.conns.get_mut(&(a, b)) {
                Some(have) => have.merge(c),
                None => {
                    out.conns.insert((a, b), c.clone());
                }
            }
        }
        (out, zones)
    }

    fn old_layout(report: &Report, catalog: &Catalog, options: Options<'_>) -> Diagram {
        let g = old_collect(report, catalog, options.product);
        let (g, zones) = old_fold(g, options.folded);
        let (columns, g) = sort_by_column(g);
        let (input, nodes, edges, inner) = boxes(&g, &columns);
        let placed = layered::layout(&input);
        let mut d = assemble(nodes, edges, &columns, &placed);
        d.products = g.products;
        d.local_flows = g.local_flows;
        d.inner_connections = inner;
        d.zones = zones;
        place_legend(&mut d);
        d
    }

    use portolan_testkit::plans::widen;

    /// `plan` changed four ways (hosts tripled, dropped, merged, moved).
    fn variants(plan: &Plan) -> Vec<Plan> {
        (portolan_testkit::plans::variants(plan).into_iter())
            .map(|(_, p)| p)
            .collect()
    }

    /// Every product filter and fold choice (as is, all folded, all unfolded when small) gives
    /// the same diagram both ways. Returns how many edges were compared.
    fn same(plan: &Plan, what: &str, unfold: bool) -> usize {
        let cat = bundled().unwrap();
        let r = portolan_engine::evaluate(&cat, plan);
        let mut products: Vec<Option<&str>> = vec![None];
        products.extend(plan.products.iter().map(|p| Some(p.id.as_str())));
        let mut edges = 0;
        for product in products {
            let plain = Options {
                product,
                folded: None,
            };
            let d = layout(&r, &cat, plain);
            assert!(d == old_layout(&r, &cat, plain), "{what} {product:?}");
            edges += d.edges.len() + d.inner_connections;
            let mut choices = vec![true];
            if unfold {
                choices.push(false);
            }
            for fold in choices {
                let all: BTreeMap<String, bool> =
                    d.zones.iter().map(|z| (z.title.clone(), fold)).collect();
                let o = Options {
                    product,
                    folded: Some(&all),
                };
                let d = layout(&r, &cat, o);
                assert!(
                    d == old_layout(&r, &cat, o),
                    "{what} {product:?} folded {fold}"
                );
                edges += d.edges.len() + d.inner_connections;
            }
        }
        edges
    }

    #[test]
    fn every_example_and_its_variants_draw_as_pair_by_pair() {
        let mut edges = 0;
        for (name, _, _) in portolan_bundled::EXAMPLE_PLANS {
            let plan = portolan_bundled::example(name).unwrap();
            edges += same(&plan, name, true);
            for (k, v) in variants(&plan).iter().enumerate() {
                edges += same(v, &format!("{name} variant {k}"), true);
            }
        }
        assert!(edges > 500, "{edges}");
    }

    #[test]
    fn widened_plans_draw_as_pair_by_pair() {
        for name in [
            "screen-capture",
            "incontact-wfo",
            "mixed",
            "visual-remote-assistance",
        ] {
            let plan = widen(&portolan_bundled::example(name).unwrap(), 200);
            assert!(same(&plan, name, false) > 0, "{name}");
        }
    }
}
