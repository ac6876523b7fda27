//! The catalog without its long texts (`portolan_catalog::lite`), which the planner starts from:
//! much smaller, with everything the catalog panel shows, and the engine decides the same flows,
//! rules and warnings from it as from the whole catalog.
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use portolan_catalog::compact;
use portolan_catalog::lite::without_long_texts;
use portolan_core::plan::{Plan, PlanFormat};
use portolan_engine::{evaluate, Report};

#[test]
fn the_lite_catalog_is_much_smaller_and_keeps_what_finding_products_needs() {
    let full = portolan_bundled::catalog().unwrap();
    let lite = without_long_texts(&full);
    let (f, l) = (compact::encode(&full).len(), compact::encode(&lite).len());
    assert!(l * 2 < f, "lite {l} B, full {f} B");
    assert_eq!(lite.revision, full.revision);
    for (a, b) in full.products.iter().zip(&lite.products) {
        assert_eq!(
            (
                &a.id,
                &a.name,
                &a.vendor,
                &a.summary,
                &a.coverage,
                &a.category,
                &a.tags
            ),
            (
                &b.id,
                &b.name,
                &b.vendor,
                &b.summary,
                &b.coverage,
                &b.category,
                &b.tags
            )
        );
        assert!(b
            .rules
            .iter()
            .all(|r| r.purpose.is_empty() && r.cite.quote.is_empty()));
    }
    // what the build bundles for the planner is this
    assert_eq!(
        serde_json::to_string(&portolan_bundled::lite().unwrap()).unwrap(),
        serde_json::to_string(&lite).unwrap()
    );
    // the compact form reads back what was written
    let back = compact::decode(&compact::encode(&lite)).unwrap();
    assert_eq!(
        serde_json::to_string(&back).unwrap(),
        serde_json::to_string(&lite).unwrap()
    );
}

/// What the engine decides: flows, aggregated rules, warning codes, how many requirements, and
/// the release each product is evaluated at with the facts carried over (not the words).
fn decisions(r: &Report) -> Vec<String> {
    let flows = r.flows.iter().map(|f| {
        format!(
            "flow {} {} {} {} {}",
            f.rule, f.source.name, f.destination.name, f.transport, f.ports
        )
    });
    let rules = r.rules.iter().map(|x| format!("rule {} {}", x.id, x.ports));
    let warnings = r.warnings.iter().map(|w| format!("warning {}", w.code));
    let releases = r.releases.iter().map(|u| {
        let carried: Vec<String> = u
            .carried_over
            .iter()
            .map(|c| format!("{} from {} ({})", c.fact, c.from, c.cite.source))
            .collect();
        format!(
            "release {}/{} {} at {}: {carried:?}",
            u.product, u.component, u.version, u.release
        )
    });
    flows
        .chain(rules)
        .chain(warnings)
        .chain(releases)
        .chain([format!("requirements {}", r.requirements.len())])
        .collect()
}

/// The engine decides the same from both; only the words differ. Every example plan, as written
/// and at every documented release of each of its products.
#[test]
fn every_example_plan_evaluates_to_the_same_flows() {
    let full = portolan_bundled::catalog().unwrap();
    let lite = without_long_texts(&full);
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut checked = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if !name.ends_with(".plan.toml") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let plan = Plan::parse(&name, &text, PlanFormat::Toml).unwrap();
        let mut plans = vec![(name.clone(), plan.clone())];
        for (i, pp) in plan.products.iter().enumerate() {
            let Some(c) = full.product(&pp.id).and_then(|p| p.release_component()) else {
                continue;
            };
            for r in &c.releases {
                let mut at = plan.clone();
                at.products[i]
                    .versions
                    .insert(c.id.clone(), r.version.to_string());
                plans.push((format!("{name}, {} {}", pp.id, r.version), at));
            }
        }
        for (what, plan) in plans {
            let (a, b) = (evaluate(&full, &plan), evaluate(&lite, &plan));
            assert_eq!(decisions(&a), decisions(&b), "{what}");
            checked += 1;
        }
    }
    assert!(checked > 20, "{checked} plans");
}
