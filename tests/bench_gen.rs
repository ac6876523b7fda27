//! The benchmark generator (`benches/gen.rs`) makes what the benchmarks claim to measure:
//! catalogs that load without a diagnostic, plans that map every internal role, and work that
//! grows linearly when rules and mapped hosts grow together.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use portolan_testkit::gen;

use portolan_catalog::load_files;
use portolan_engine::evaluate;

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test;

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn generated_catalogs_load_cleanly_at_every_rule_count() {
    for rules in [1, 2, 5, 9, 20, 33] {
        let loaded = load_files(&gen::catalog_files(3, rules));
        assert!(
            loaded.diagnostics.is_empty(),
            "{rules} rules: {:#?}",
            loaded.diagnostics
        );
        assert_eq!(loaded.catalog.products.len(), 3);
        assert!(loaded
            .catalog
            .products
            .iter()
            .all(|p| p.rules.len() == rules));
    }
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn generation_is_deterministic() {
    assert_eq!(gen::catalog_files(4, 20), gen::catalog_files(4, 20));
    let a = gen::synthetic(4, 20, 10, gen::SEED).unwrap();
    let b = gen::synthetic(4, 20, 10, gen::SEED).unwrap();
    assert_eq!(a.plan, b.plan);
    let c = gen::synthetic(4, 20, 10, gen::SEED + 1).unwrap();
    assert_ne!(a.plan, c.plan);
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn every_internal_role_is_mapped_and_the_plan_is_valid() {
    let case = gen::synthetic(10, 20, 20, gen::SEED).unwrap();
    let r = evaluate(&case.catalog, &case.plan);
    let codes: Vec<&str> = r.warnings.iter().map(|w| w.code.as_str()).collect();
    assert!(!codes.contains(&"unassigned-role"), "{codes:?}");
    assert!(
        !codes.iter().any(|c| c.starts_with("plan::")),
        "{:#?}",
        r.warnings
    );
    assert!(r.stats.local_flows > 0);
    assert!(r.stats.aggregated_rules < r.stats.network_flows);
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn the_seed_case_maps_the_bundled_products() {
    let case = gen::seed_case(50, gen::SEED).unwrap();
    assert_eq!(case.plan.hosts.len(), 50);
    let r = evaluate(&case.catalog, &case.plan);
    assert!(
        !r.warnings
            .iter()
            .any(|w| w.code.as_str().starts_with("plan::")),
        "{:#?}",
        r.warnings
    );
    assert!(r.stats.network_flows > 0);
}

/// The growth curve's premise: flows (the work) scale with rules × mapped hosts.
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn flows_grow_linearly_when_rules_and_hosts_grow_together() {
    let small = gen::synthetic(10, 20, 20, gen::SEED).unwrap();
    let large = gen::synthetic(40, 20, 80, gen::SEED).unwrap();
    let fs = evaluate(&small.catalog, &small.plan).stats.flows as f64;
    let fl = evaluate(&large.catalog, &large.plan).stats.flows as f64;
    let ratio = fl / fs;
    assert!((3.0..5.0).contains(&ratio), "{fl} / {fs} = {ratio}");
}
