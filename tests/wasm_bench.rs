//! The engine benchmarks in the browser: the same cases as `benches/engine.rs`, timed with
//! `performance.now()` over many iterations in headless Chromium. Not a timed test: it prints
//! the time per iteration and asserts nothing about it. Run it with `--release` (see
//! `BENCHMARKS.md`); natively this file is empty (criterion measures the native side). The tests
//! yield to the browser between timing rounds; together they run longer than the runner waits
//! by default, so set `WASM_BINDGEN_TEST_TIMEOUT=600`.
#![cfg(target_arch = "wasm32")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use portolan_testkit::gen;

use portolan_bundled::files as bundled_files;
use portolan_catalog::load_files;
use portolan_engine::{aggregate, evaluate};
use std::hint::black_box;
use wasm_bindgen_test::{console_log, wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

fn now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// Lets the browser run its event loop (the test runner polls the page; a page busy for 30 s is
/// given up on).
async fn yield_to_browser() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Runs `f` for about `min_ms` in 10 rounds (after a warm-up of a quarter of that), yielding to
/// the browser between rounds, and prints the median and the best time per iteration. The
/// clock in the browser is coarse (tens of µs), so each round runs many iterations.
async fn time<R>(name: &str, min_ms: f64, mut f: impl FnMut() -> R) {
    let rounds: u32 = 10;
    let warm_until = now() + min_ms / 4.0;
    while now() < warm_until {
        black_box(f());
    }
    yield_to_browser().await;
    // iterations per round so that one round takes about min_ms / rounds
    let start = now();
    let mut n: u32 = 0;
    while now() - start < min_ms / f64::from(rounds) {
        black_box(f());
        n += 1;
    }
    let mut per_iter = Vec::new();
    for _ in 0..rounds {
        yield_to_browser().await;
        let t0 = now();
        for _ in 0..n {
            black_box(f());
        }
        per_iter.push((now() - t0) / f64::from(n) * 1000.0);
    }
    per_iter.sort_by(f64::total_cmp);
    let median = per_iter[per_iter.len() / 2];
    let best = per_iter[0];
    console_log!(
        "wasm-bench {name}: median {median:.1} µs/iter, best {best:.1} µs/iter ({rounds} rounds × {n} iterations)"
    );
}

#[wasm_bindgen_test]
async fn seed_products_with_50_hosts() {
    let seed = gen::seed_case(50, gen::SEED).unwrap();
    time("seed/evaluate/seed5_50h", 3000.0, || {
        evaluate(black_box(&seed.catalog), black_box(&seed.plan))
    })
    .await;
    let flows = evaluate(&seed.catalog, &seed.plan).flows;
    time("seed/aggregate/seed5_50h", 2000.0, || {
        aggregate(black_box(&flows))
    })
    .await;
}

#[wasm_bindgen_test]
async fn catalog_loading() {
    let files = bundled_files();
    time("catalog/load_bundled", 3000.0, || {
        load_files(black_box(&files))
    })
    .await;
}

async fn growth(products: usize, rules: usize, hosts: usize) {
    let case = gen::synthetic(products, rules, hosts, gen::SEED).unwrap();
    let r = evaluate(&case.catalog, &case.plan);
    console_log!(
        "case {}: {} flows, {} aggregated rules",
        case.name,
        r.stats.flows,
        r.stats.aggregated_rules
    );
    yield_to_browser().await;
    time(&format!("growth/evaluate/{}", case.name), 5000.0, || {
        evaluate(black_box(&case.catalog), black_box(&case.plan))
    })
    .await;
}

#[wasm_bindgen_test]
async fn growth_small() {
    let (p, r, h) = gen::GROWTH[0];
    growth(p, r, h).await;
}

#[wasm_bindgen_test]
async fn growth_medium() {
    let (p, r, h) = gen::GROWTH[1];
    growth(p, r, h).await;
}

#[wasm_bindgen_test]
async fn growth_large() {
    let (p, r, h) = gen::GROWTH[2];
    growth(p, r, h).await;
}
