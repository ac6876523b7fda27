//! Golden files: every exporter in `export::registry()` × every `examples/*.plan.toml`, with a
//! fixed `generated_at`, snapshotted under `tests/golden/` (`<format>__<plan>.snap`).
//!
//! A format registered later is covered without touching this file: its first run writes
//! `.snap.new` files and fails until they are reviewed (`cargo insta review`) or accepted
//! (`INSTA_UPDATE=always cargo test --test golden`) and committed. Every mismatch is reported,
//! not only the first.
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use portolan_core::plan::{Plan, PlanFormat};
use portolan_export::{self as export, ExportContext};
use std::path::PathBuf;

const GENERATED_AT: &str = "2026-01-01T00:00:00Z";

fn example_plans() -> Vec<(String, Plan)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.ends_with(".plan.toml"))
        })
        .collect();
    paths.sort();
    assert!(!paths.is_empty(), "no example plans in {}", dir.display());
    paths
        .into_iter()
        .map(|p| {
            let name = p.file_name().unwrap().to_str().unwrap().to_string();
            let stem = name.trim_end_matches(".plan.toml").to_string();
            let text = std::fs::read_to_string(&p).unwrap();
            let plan = Plan::parse(&name, &text, PlanFormat::Toml)
                .unwrap_or_else(|d| panic!("{name}: {d}"));
            (stem, plan)
        })
        .collect()
}

/// What is snapshotted: a few lines about the artifact, then the artifact itself.
fn snapshot_text(a: &export::Artifact) -> String {
    let mut s = format!(
        "file: {} ({})\nrules: {} from {} flow(s); {} not expressed; {} renamed\n",
        a.file_name,
        a.mime,
        a.rule_count,
        a.flow_count,
        a.unexpressed.len(),
        a.renamed.len()
    );
    s.push_str("-----\n");
    s.push_str(&a.content);
    s
}

#[test]
fn every_format_on_every_example_plan() {
    let catalog = portolan_bundled::catalog().expect("the bundled catalog loads");
    let plans = example_plans();
    let exporters = export::registry();
    assert!(!exporters.is_empty());
    let mut failures = Vec::new();
    for (stem, plan) in &plans {
        let report = portolan_engine::evaluate(&catalog, plan);
        for exporter in &exporters {
            let cx = ExportContext {
                report: &report,
                plan,
                catalog: &catalog,
                generated_at: GENERATED_AT,
            };
            let artifact = export::export(*exporter, &cx);
            let name = format!("{}__{stem}", exporter.id());
            let text = snapshot_text(&artifact);
            let outcome = std::panic::catch_unwind(|| {
                insta::with_settings!({
                    snapshot_path => "golden",
                    prepend_module_to_snapshot => false,
                    omit_expression => true,
                }, {
                    insta::assert_snapshot!(name.clone(), text);
                });
            });
            if outcome.is_err() {
                failures.push(name);
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} golden file(s) differ or are new (review with `cargo insta review`): {}",
        failures.len(),
        failures.join(", ")
    );
}

/// Exports are deterministic: the same input gives the same bytes (golden files rely on it).
#[test]
fn exports_are_deterministic() {
    let catalog = portolan_bundled::catalog().unwrap();
    let (_, plan) = example_plans()
        .into_iter()
        .find(|(s, _)| s == "mixed")
        .unwrap();
    let r1 = portolan_engine::evaluate(&catalog, &plan);
    let r2 = portolan_engine::evaluate(&catalog, &plan);
    for e in export::registry() {
        let a = export::export(
            e,
            &ExportContext {
                report: &r1,
                plan: &plan,
                catalog: &catalog,
                generated_at: GENERATED_AT,
            },
        );
        let b = export::export(
            e,
            &ExportContext {
                report: &r2,
                plan: &plan,
                catalog: &catalog,
                generated_at: GENERATED_AT,
            },
        );
        assert_eq!(a.content, b.content, "{} is not deterministic", e.id());
        assert!(a.bytes == b.bytes, "{}'s file is not deterministic", e.id());
    }
}
