//! The catalog loader on arbitrary text: `load_product` must return diagnostics, never panic
//! (the file is named `fuzz`, without `.toml`, so that any id matches it).
//! A product that loads without errors is then evaluated with a plan that selects it and maps
//! one host to each of its roles, and the report is serialised, so odd but valid catalogs
//! exercise the engine too.
//!
//! The body of the cargo-fuzz target `catalog_loader` (`fuzz_targets/catalog_loader.rs`), shared with the
//! native test `tests/fuzz_targets.rs` (seed corpus and generated input, on stable).

use portolan_catalog::{load_product, Catalog};
use portolan_core::diag::Severity;
use portolan_core::plan::{Host, Plan, PlanProduct};
use portolan_engine::evaluate;

/// One input: the checks above, on `data`.
pub fn run(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (product, diags) = load_product("fuzz", text);
    for d in &diags {
        // every diagnostic is located and renders
        assert!(d.line.is_some() && d.column.is_some(), "{d:?}");
        let _ = d.to_string();
    }
    let Some(product) = product else {
        return;
    };
    if diags.iter().any(|d| d.severity == Severity::Error) {
        return;
    }
    let plan = Plan {
        products: vec![PlanProduct {
            id: product.id.to_string(),
            ..PlanProduct::default()
        }],
        hosts: product
            .roles
            .iter()
            .enumerate()
            .map(|(i, r)| Host {
                name: format!("h{i}"),
                addresses: vec![format!("10.0.{}.{}", i / 250, i % 250 + 1)],
                roles: vec![format!("{}/{}", product.id, r.id)],
                ..Host::default()
            })
            .collect(),
        ..Plan::default()
    };
    let catalog = Catalog {
        revision: String::new(),
        products: vec![product],
    };
    let report = evaluate(&catalog, &plan);
    let _ = serde_json::to_string(&report);
    let empty = evaluate(&catalog, &Plan::default());
    let _ = portolan_engine::diff(&empty, &report);
}
