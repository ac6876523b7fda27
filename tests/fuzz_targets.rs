//! The cargo-fuzz targets of `fuzz/` on stable, as a normal test: so that CI compiles them (the
//! fuzz crate is its own workspace and needs nightly cargo-fuzz) and runs their checks for a
//! bounded number of inputs. Each target's body is `fuzz/checks/<target>.rs`, included here and
//! by `fuzz/fuzz_targets/<target>.rs`; this test feeds it every file of the target's seed corpus
//! (`fuzz/corpus/<target>/`), then inputs proptest generates: arbitrary bytes, and seeds cut and
//! with one byte changed. Long fuzzing runs stay with cargo-fuzz (BENCHMARKS.md).
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

#[path = "../fuzz/checks/catalog_loader.rs"]
mod catalog_loader;
#[path = "../fuzz/checks/condition.rs"]
mod condition;
#[path = "../fuzz/checks/export.rs"]
mod export;
#[path = "../fuzz/checks/plan.rs"]
mod plan;
#[path = "../fuzz/checks/share.rs"]
mod share;

use proptest::prelude::*;
use std::path::PathBuf;

/// The seed corpus of `target`, by file name; it is never empty.
fn seeds(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/corpus")
        .join(target);
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&path).unwrap())
        })
        .collect();
    out.sort();
    assert!(!out.is_empty(), "no seeds in {}", dir.display());
    out
}

/// Runs `check` on every seed of `target`, naming the seed that fails.
fn on_seeds(target: &str, check: fn(&[u8])) {
    for (name, data) in seeds(target) {
        let outcome = std::panic::catch_unwind(|| check(&data));
        assert!(outcome.is_ok(), "fuzz target {target}: seed {name} fails");
    }
}

/// A seed of `target` cut at `cut` (a fraction of its length), with the byte at `at` changed
/// to `byte` (when `change`).
fn mutated(
    seeds: &[(String, Vec<u8>)],
    pick: usize,
    cut: f64,
    change: Option<(f64, u8)>,
) -> Vec<u8> {
    let (_, seed) = &seeds[pick % seeds.len()];
    // a prefix of the seed (the cast truncates toward zero)
    let mut data = seed[..(seed.len() as f64 * cut) as usize].to_vec();
    if let (Some((at, byte)), false) = (change, data.is_empty()) {
        let i = ((data.len() - 1) as f64 * at) as usize;
        data[i] = byte;
    }
    data
}

#[test]
fn catalog_loader_seeds() {
    on_seeds("catalog_loader", catalog_loader::run);
}

#[test]
fn condition_seeds() {
    on_seeds("condition", condition::run);
}

#[test]
fn plan_seeds() {
    on_seeds("plan", plan::run);
}

#[test]
fn share_seeds() {
    on_seeds("share", share::run);
}

#[test]
fn export_seeds() {
    on_seeds("export", export::run);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn share_on_bytes(data in prop::collection::vec(any::<u8>(), 0..600)) {
        share::run(&data);
    }

    #[test]
    fn share_on_changed_seeds(pick in any::<usize>(), cut in 0.0..=1.0f64, at in 0.0..=1.0f64, byte in any::<u8>()) {
        share::run(&mutated(&seeds("share"), pick, cut, Some((at, byte))));
    }

    #[test]
    fn condition_on_text(text in "[a-z0-9 ._<>=!&|()\"'+*/-]{0,60}") {
        condition::run(text.as_bytes());
    }

    #[test]
    fn condition_on_changed_seeds(pick in any::<usize>(), cut in 0.0..=1.0f64, at in 0.0..=1.0f64, byte in any::<u8>()) {
        condition::run(&mutated(&seeds("condition"), pick, cut, Some((at, byte))));
    }
}

proptest! {
    // each input evaluates a plan or a catalog (and exports it): fewer cases
    #![proptest_config(ProptestConfig::with_cases(32))]

    #[test]
    fn catalog_loader_on_changed_seeds(pick in any::<usize>(), cut in 0.0..=1.0f64, at in 0.0..=1.0f64, byte in any::<u8>()) {
        catalog_loader::run(&mutated(&seeds("catalog_loader"), pick, cut, Some((at, byte))));
    }

    #[test]
    fn plan_on_cut_seeds(pick in any::<usize>(), cut in 0.0..=1.0f64) {
        plan::run(&mutated(&seeds("plan"), pick, cut, None));
    }

    #[test]
    fn export_on_changed_seeds(pick in any::<usize>(), cut in 0.0..=1.0f64, at in 0.0..=1.0f64, byte in any::<u8>()) {
        export::run(&mutated(&seeds("export"), pick, cut, Some((at, byte))));
    }
}
