//! The network diagram as drawn: for every bundled example plan (all products together and each
//! product alone) and for generated plans of 50 and 500 hosts (zones folded and unfolded), the
//! SVG is read back and its boxes measured. The test fails when a box, a label, a text or an
//! arrow lies outside the view box, when two boxes or labels overlap, when a text runs out of its
//! box, or when an arrow passes through a box or a label other than its own.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
#![cfg(not(target_arch = "wasm32"))]

use portolan_catalog::Catalog;
use portolan_core::plan::Plan;
use portolan_export::diagram::{layout, to_svg, Options};
use std::collections::BTreeMap;

type Rect = (f64, f64, f64, f64);
type Segment = [(f64, f64); 4];
/// An arrow: edge index, from, to, Bézier segments.
type Arrow = (usize, usize, usize, Vec<Segment>);

/// What the picture holds, read from the SVG.
#[derive(Default)]
struct Picture {
    view: Rect,
    /// Boxes and labels: (what, rect); what is `n<i>` or `e<k>`.
    solid: Vec<(String, Rect)>,
    /// Texts with the box they must fit in (None: the view box).
    texts: Vec<(String, Rect, Option<Rect>)>,
    arrows: Vec<Arrow>,
    zones: Vec<Rect>,
}

fn num(node: roxmltree::Node, name: &str) -> f64 {
    node.attribute(name)
        .unwrap_or_else(|| panic!("<{}> without {name}", node.tag_name().name()))
        .parse()
        .unwrap()
}

fn rect_of(node: roxmltree::Node) -> Rect {
    (
        num(node, "x"),
        num(node, "y"),
        num(node, "width"),
        num(node, "height"),
    )
}

/// A text's box from its position and length: a conservative average advance per character
/// (bold and monospace text are wider), ascent 0.8 em above the baseline, descent 0.25 em below.
fn text_box(node: roxmltree::Node) -> (String, Rect) {
    let text: String = node.text().unwrap_or_default().to_string();
    let size = node
        .attribute("font-size")
        .or_else(|| node.parent().and_then(|p| p.attribute("font-size")))
        .map_or(12.0, |s| s.parse().unwrap());
    let bold = node.attribute("font-weight").is_some();
    let mono = node
        .attribute("font-family")
        .or_else(|| node.parent().and_then(|p| p.attribute("font-family")))
        .is_some_and(|f| f.contains("monospace"));
    let advance = if mono {
        0.61
    } else if bold {
        0.64
    } else {
        0.58
    };
    let w = text.chars().count() as f64 * size * advance;
    let (x, y) = (num(node, "x"), num(node, "y"));
    (text, (x, y - 0.8 * size, w, 1.05 * size))
}

fn path_segments(d: &str) -> Vec<[(f64, f64); 4]> {
    let nums: Vec<f64> = d
        .split([' ', ',', 'M', 'C'])
        .filter(|s| !s.is_empty())
        .map(|s| s.parse().unwrap())
        .collect();
    assert!(
        d.starts_with('M') && nums.len() >= 8 && (nums.len() - 2) % 6 == 0,
        "{d}"
    );
    let mut at = (nums[0], nums[1]);
    nums[2..]
        .chunks(6)
        .map(|c| {
            let seg = [at, (c[0], c[1]), (c[2], c[3]), (c[4], c[5])];
            at = (c[4], c[5]);
            seg
        })
        .collect()
}

fn read(svg: &str) -> Picture {
    let doc = roxmltree::Document::parse(svg).unwrap();
    let root = doc.root_element();
    let vb: Vec<f64> = root
        .attribute("viewBox")
        .unwrap()
        .split(' ')
        .map(|s| s.parse().unwrap())
        .collect();
    let mut p = Picture {
        view: (vb[0], vb[1], vb[2], vb[3]),
        ..Picture::default()
    };
    let class = |n: roxmltree::Node| n.attribute("class").unwrap_or_default().to_string();
    for n in root.descendants().filter(|n| n.is_element()) {
        let c = class(n);
        let first_rect = || n.children().find(|k| k.has_tag_name("rect")).unwrap();
        if c.starts_with("dg-node") {
            let r = rect_of(first_rect());
            p.solid
                .push((format!("n{}", n.attribute("data-n").unwrap()), r));
            for t in n.children().filter(|k| k.has_tag_name("text")) {
                let (s, b) = text_box(t);
                p.texts.push((s, b, Some(r)));
            }
        } else if c.starts_with("dg-label") {
            let r = rect_of(first_rect());
            p.solid
                .push((format!("e{}", n.attribute("data-e").unwrap()), r));
            for t in n.children().filter(|k| k.has_tag_name("text")) {
                let (s, b) = text_box(t);
                p.texts.push((s, b, Some(r)));
            }
        } else if c.starts_with("dg-edge") {
            let id = |a: &str| n.attribute(a).unwrap().parse::<usize>().unwrap();
            p.arrows.push((
                id("data-e"),
                id("data-from"),
                id("data-to"),
                path_segments(n.attribute("d").unwrap()),
            ));
        } else if c == "dg-zone" {
            p.zones.push(rect_of(n));
        } else if c == "dg-col" {
            let (s, b) = text_box(n);
            p.solid.push((format!("zone title {s}"), b));
            p.texts.push((s, b, None));
        } else if c.starts_with("dg-legend") {
            let (s, b) = text_box(n.children().find(|k| k.has_tag_name("text")).unwrap());
            p.solid.push((format!("legend {s}"), b));
            p.texts.push((s, b, None));
        }
    }
    p
}

fn overlaps(a: Rect, b: Rect) -> bool {
    a.0 < b.0 + b.2 && b.0 < a.0 + a.2 && a.1 < b.1 + b.3 && b.1 < a.1 + a.3
}

fn within(inner: Rect, outer: Rect) -> bool {
    let e = 1e-6;
    inner.0 >= outer.0 - e
        && inner.1 >= outer.1 - e
        && inner.0 + inner.2 <= outer.0 + outer.2 + e
        && inner.1 + inner.3 <= outer.1 + outer.3 + e
}

fn bezier(p: &[(f64, f64); 4], t: f64) -> (f64, f64) {
    let u = 1.0 - t;
    let f = |a: f64, b: f64, c: f64, d: f64| {
        u * u * u * a + 3.0 * u * u * t * b + 3.0 * u * t * t * c + t * t * t * d
    };
    (
        f(p[0].0, p[1].0, p[2].0, p[3].0),
        f(p[0].1, p[1].1, p[2].1, p[3].1),
    )
}

/// Every problem of the picture, as sentences (empty: the picture is clean).
fn problems(p: &Picture) -> Vec<String> {
    let mut out = Vec::new();
    for (what, r) in &p.solid {
        if !within(*r, p.view) {
            out.push(format!("{what} {r:?} is outside the view box {:?}", p.view));
        }
    }
    for z in &p.zones {
        if !within(*z, p.view) {
            out.push(format!("zone {z:?} is outside the view box"));
        }
    }
    for (i, (a, ra)) in p.solid.iter().enumerate() {
        for (b, rb) in p.solid.iter().skip(i + 1) {
            if overlaps(*ra, *rb) {
                out.push(format!("{a} {ra:?} overlaps {b} {rb:?}"));
            }
        }
    }
    for (i, a) in p.zones.iter().enumerate() {
        for b in p.zones.iter().skip(i + 1) {
            if overlaps(*a, *b) {
                out.push(format!("zones {a:?} and {b:?} overlap"));
            }
        }
    }
    for (s, b, inside) in &p.texts {
        let frame = inside.unwrap_or(p.view);
        if !within(*b, frame) {
            out.push(format!("text `{s}` {b:?} runs out of {frame:?}"));
        }
    }
    for (k, from, to, segs) in &p.arrows {
        for seg in segs {
            for step in 0..=24 {
                let (x, y) = bezier(seg, f64::from(step) / 24.0);
                if !within((x, y, 0.0, 0.0), p.view) {
                    out.push(format!("arrow {k} leaves the view box at ({x:.1}, {y:.1})"));
                }
                for (what, r) in &p.solid {
                    let own = *what == format!("n{from}")
                        || *what == format!("n{to}")
                        || *what == format!("e{k}");
                    let inside = x > r.0 + 0.5
                        && x < r.0 + r.2 - 0.5
                        && y > r.1 + 0.5
                        && y < r.1 + r.3 - 0.5;
                    if inside && !own {
                        out.push(format!("arrow {k} ({from} → {to}) crosses {what}"));
                    }
                }
            }
        }
        // It starts on its source's border and ends on its destination's.
        let on_border = |pt: (f64, f64), n: usize| {
            let r = p
                .solid
                .iter()
                .find(|(w, _)| *w == format!("n{n}"))
                .map(|x| x.1)
                .unwrap();
            let side = (pt.0 - r.0).abs() < 0.2 || (pt.0 - r.0 - r.2).abs() < 0.2;
            side && pt.1 >= r.1 && pt.1 <= r.1 + r.3
        };
        if !on_border(segs[0][0], *from) || !on_border(segs[segs.len() - 1][3], *to) {
            out.push(format!("arrow {k} does not join {from} to {to}"));
        }
    }
    out
}

fn check(catalog: &Catalog, plan: &Plan, options: Options<'_>, what: &str) -> usize {
    let report = portolan_engine::evaluate(catalog, plan);
    let d = layout(&report, catalog, options);
    let svg = to_svg(&d, what);
    // DIAGRAM_SVG_DIR=dir keeps every picture checked, to look at.
    if let Some(dir) = std::env::var_os("DIAGRAM_SVG_DIR") {
        let name: String = what
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect();
        std::fs::write(std::path::Path::new(&dir).join(format!("{name}.svg")), &svg).unwrap();
    }
    let p = read(&svg);
    assert_eq!(p.arrows.len(), d.edges.len(), "{what}");
    assert_eq!(
        p.solid.iter().filter(|(w, _)| w.starts_with('n')).count(),
        d.nodes.len(),
        "{what}"
    );
    let found = problems(&p);
    assert!(
        found.is_empty(),
        "{what}: {} problem(s):\n{}",
        found.len(),
        found.join("\n")
    );
    d.nodes.len()
}

#[test]
fn every_example_plan_draws_cleanly() {
    let catalog = portolan_bundled::catalog().unwrap();
    assert!(portolan_bundled::EXAMPLE_PLANS.len() >= 7);
    for (name, _, _) in portolan_bundled::EXAMPLE_PLANS {
        let plan = portolan_bundled::example(name).unwrap();
        let nodes = check(&catalog, &plan, Options::default(), name);
        assert!(nodes > 0, "{name} draws nothing");
        for p in &plan.products {
            let options = Options {
                product: Some(&p.id),
                folded: None,
            };
            check(&catalog, &plan, options, &format!("{name}, {} only", p.id));
        }
    }
}

#[test]
fn fifty_hosts_fold_into_zones_and_unfold_on_request() {
    let case = portolan_testkit::gen::seed_case(50, portolan_testkit::gen::SEED).unwrap();
    let report = portolan_engine::evaluate(&case.catalog, &case.plan);
    let auto = layout(&report, &case.catalog, Options::default());
    assert!(auto.zones.iter().any(|z| z.folded), "{:?}", auto.zones);
    let folded = check(&case.catalog, &case.plan, Options::default(), "50 hosts");
    assert!(folded <= 30, "{folded} boxes");
    // Unfold every zone: everything still draws cleanly, just bigger.
    let all_open: BTreeMap<String, bool> = auto
        .zones
        .iter()
        .map(|z| (z.title.clone(), false))
        .collect();
    let options = Options {
        product: None,
        folded: Some(&all_open),
    };
    let open = check(&case.catalog, &case.plan, options, "50 hosts, unfolded");
    assert!(open > folded + 20, "{open} vs {folded}");
}

#[test]
fn ten_products_and_five_hundred_hosts_draw_cleanly_folded() {
    let case = portolan_testkit::gen::synthetic(10, 12, 500, portolan_testkit::gen::SEED).unwrap();
    let n = check(
        &case.catalog,
        &case.plan,
        Options::default(),
        "10 products, 500 hosts",
    );
    assert!(n <= 200, "{n} boxes");
}

#[test]
fn the_checks_find_overlaps_and_crossings() {
    // The checker itself: a picture with a label over a box and an arrow through a box.
    let svg = r##"<svg viewBox="0 0 400 200"><g class="dg-node" data-n="0"><rect x="10" y="10" width="100" height="50"/></g><g class="dg-node" data-n="1"><rect x="300" y="10" width="80" height="50"/></g><g class="dg-node" data-n="2"><rect x="150" y="0" width="60" height="60"/></g><path class="dg-edge" data-e="0" data-from="0" data-to="1" d="M110,30 C200,30 200,30 300,30"/><g class="dg-label" data-e="0"><rect x="90" y="40" width="40" height="17"/><text x="95" y="52" font-size="11">TCP 1</text></g></svg>"##;
    let found = problems(&read(svg));
    assert!(
        found
            .iter()
            .any(|p| p.contains("e0") && p.contains("overlaps")),
        "{found:?}"
    );
    assert!(found.iter().any(|p| p.contains("crosses n2")), "{found:?}");
    let outside = r##"<svg viewBox="0 0 100 100"><g class="dg-node" data-n="0"><rect x="50" y="50" width="100" height="20"/></g></svg>"##;
    assert!(problems(&read(outside))
        .iter()
        .any(|p| p.contains("outside")));
}
