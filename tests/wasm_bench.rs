//! The engine benchmarks in the browser: the same cases as `benches/engine.rs`, timed with
//! `performance.now()` over many iterations in headless Chromium. Not a timed test: it prints
//! the time per iteration and asserts nothing about it. Run it with `--release` (see
//! `BENCHMARKS.md`); natively this file is empty (criterion measures the native side).
#![cfg(target_arch = "wasm32")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

#[path = "../benches/gen.rs"]
mod gen;

use portolan::catalog::{bundled_files, load_files};
use portolan::engine::{aggregate, evaluate};
use std::hint::black_box;
use wasm_bindgen_test::{console_log, wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

fn now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// Runs `f` for at least `min_ms` (after a warm-up of a quarter of that) in `rounds` rounds and
/// prints the median and the best time per iteration of the rounds. The clock in the browser is
/// coarse (tens of µs), so each round is long.
fn time<R>(name: &str, min_ms: f64, mut f: impl FnMut() -> R) {
    let warm_until = now() + min_ms / 4.0;
    while now() < warm_until {
        black_box(f());
    }
    // iterations per round so that one round takes about min_ms / rounds
    let rounds = 10;
    let start = now();
    let mut n: u32 = 0;
    while now() - start < min_ms / f64::from(rounds) {
        black_box(f());
        n += 1;
    }
    let mut per_iter: Vec<f64> = (0..rounds)
        .map(|_| {
            let t0 = now();
            for _ in 0..n {
                black_box(f());
            }
            (now() - t0) / f64::from(n) * 1000.0
        })
        .collect();
    per_iter.sort_by(f64::total_cmp);
    let median = per_iter[per_iter.len() / 2];
    let best = per_iter[0];
    console_log!(
        "wasm-bench {name}: median {median:.1} µs/iter, best {best:.1} µs/iter ({rounds} rounds × {n} iterations)"
    );
}

#[wasm_bindgen_test]
fn engine_in_the_browser() {
    let seed = gen::seed_case(50, gen::SEED).unwrap();
    time("seed/evaluate/seed5_50h", 4000.0, || {
        evaluate(black_box(&seed.catalog), black_box(&seed.plan))
    });
    let flows = evaluate(&seed.catalog, &seed.plan).flows;
    time("seed/aggregate/seed5_50h", 3000.0, || {
        aggregate(black_box(&flows))
    });

    let files = bundled_files();
    time("catalog/load_bundled", 4000.0, || {
        load_files(black_box(&files))
    });

    for &(products, rules, hosts) in gen::GROWTH {
        let case = gen::synthetic(products, rules, hosts, gen::SEED).unwrap();
        let r = evaluate(&case.catalog, &case.plan);
        console_log!(
            "case {}: {} flows, {} aggregated rules",
            case.name,
            r.stats.flows,
            r.stats.aggregated_rules
        );
        time(&format!("growth/evaluate/{}", case.name), 8000.0, || {
            evaluate(black_box(&case.catalog), black_box(&case.plan))
        });
    }
}
