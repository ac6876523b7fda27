//! Engine benchmarks (criterion). See `BENCHMARKS.md` for the targets, the numbers and the
//! commands that reproduce them.
//!
//! - `seed/evaluate/seed5_50h`: the five bundled products, 50 hosts: evaluate (which includes
//!   aggregation) — target ≤ 100 µs.
//! - `seed/aggregate/seed5_50h`: the aggregation step alone on that plan's flows.
//! - `catalog/load_bundled`: loading and validating the bundled catalog from its TOML text.
//! - `growth/evaluate/*`: three sizes with rules and mapped hosts scaled together; throughput is
//!   reported per flow, so a flat throughput means linear growth. The largest,
//!   `growth/evaluate/500x20_1000h` (500 products × 20 rules, 1,000 hosts), has a target of
//!   ≤ 50 ms.
//! - `catalog/load_synthetic/50x20`: the loader on generated text.

#[cfg(not(target_arch = "wasm32"))]
use portolan_testkit::gen;

/// The same allocator as the CLI (src/main.rs), so the numbers are the CLI's.
#[cfg(not(target_arch = "wasm32"))]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use super::gen;
    use criterion::{black_box, BenchmarkId, Criterion, Throughput};
    use portolan_bundled::files as bundled_files;
    use portolan_catalog::load_files;
    use portolan_engine::{aggregate, evaluate};
    use std::cell::OnceCell;
    use std::time::Duration;

    fn describe(case: &gen::Case) {
        let r = evaluate(&case.catalog, &case.plan);
        let rules: usize = case.catalog.products.iter().map(|p| p.rules.len()).sum();
        eprintln!(
            "case {}: {} products, {} catalog rules, {} hosts -> {} flows ({} local), {} aggregated rules, {} warnings, {} requirements",
            case.name,
            case.catalog.products.len(),
            rules,
            case.plan.hosts.len(),
            r.stats.flows,
            r.stats.local_flows,
            r.stats.aggregated_rules,
            r.warnings.len(),
            r.requirements.len()
        );
    }

    /// Builds a case the first time a benchmark that is not filtered out needs it, so that
    /// `cargo bench -- <filter>` (and a profiler run) builds only what it measures.
    fn lazy(
        cell: &OnceCell<Option<gen::Case>>,
        build: impl FnOnce() -> Option<gen::Case>,
    ) -> Option<&gen::Case> {
        cell.get_or_init(|| {
            let case = build();
            match &case {
                Some(case) => describe(case),
                None => eprintln!("the case's catalog does not load"),
            }
            case
        })
        .as_ref()
    }

    pub fn seed(c: &mut Criterion) {
        let case = OnceCell::new();
        let build = || gen::seed_case(50, gen::SEED);
        let mut g = c.benchmark_group("seed");
        g.bench_function(BenchmarkId::new("evaluate", "seed5_50h"), |b| {
            if let Some(case) = lazy(&case, build) {
                b.iter(|| evaluate(black_box(&case.catalog), black_box(&case.plan)));
            }
        });
        g.bench_function(BenchmarkId::new("aggregate", "seed5_50h"), |b| {
            if let Some(case) = lazy(&case, build) {
                let flows = evaluate(&case.catalog, &case.plan).flows;
                b.iter(|| aggregate(black_box(&flows)));
            }
        });
        g.finish();
    }

    pub fn catalog(c: &mut Criterion) {
        let mut g = c.benchmark_group("catalog");
        g.bench_function("load_bundled", |b| {
            let files = bundled_files();
            b.iter(|| load_files(black_box(&files)))
        });
        g.sample_size(20);
        g.bench_function(BenchmarkId::new("load_synthetic", "50x20"), |b| {
            let files = gen::catalog_files(50, 20);
            b.iter(|| load_files(black_box(&files)))
        });
        g.finish();
    }

    /// Evaluates `seed5_50h` or a synthetic `NxR_Hh` case `n` times (`<case>:<n>`).
    pub fn repeat(spec: &str) {
        let (name, n) = spec.split_once(':').unwrap_or((spec, "1"));
        let n: usize = n.parse().unwrap_or(1);
        if name == "load_bundled" {
            let files = bundled_files();
            let mut products = 0;
            for _ in 0..n {
                products += black_box(load_files(black_box(&files)))
                    .catalog
                    .products
                    .len();
            }
            eprintln!("{name}: {n} loads, {products} products");
            return;
        }
        let case = if name == "seed5_50h" {
            gen::seed_case(50, gen::SEED)
        } else {
            let mut it = name
                .split(['x', '_', 'h'])
                .filter_map(|t| t.parse::<usize>().ok());
            match (it.next(), it.next(), it.next()) {
                (Some(p), Some(r), Some(h)) => gen::synthetic(p, r, h, gen::SEED),
                _ => None,
            }
        };
        let Some(case) = case else {
            eprintln!("unknown case `{name}`: use seed5_50h or NxR_Hh, e.g. 500x20_1000h");
            return;
        };
        let mut flows = 0;
        for _ in 0..n {
            flows += black_box(evaluate(black_box(&case.catalog), black_box(&case.plan)))
                .stats
                .flows;
        }
        eprintln!("{name}: {n} evaluations, {flows} flows");
    }

    pub fn growth(c: &mut Criterion) {
        let mut g = c.benchmark_group("growth");
        g.sample_size(20);
        g.measurement_time(Duration::from_secs(10));
        for &(products, rules, hosts) in gen::GROWTH {
            // throughput needs the flow count before the benchmark runs, so this case is built
            // even when a filter skips it (it is small next to the 500 × 20 case)
            let Some(case) = gen::synthetic(products, rules, hosts, gen::SEED) else {
                continue;
            };
            describe(&case);
            let flows = evaluate(&case.catalog, &case.plan).stats.flows;
            g.throughput(Throughput::Elements(flows as u64));
            g.bench_function(BenchmarkId::new("evaluate", &case.name), |b| {
                b.iter(|| evaluate(black_box(&case.catalog), black_box(&case.plan)))
            });
        }
        g.finish();
    }
}

#[cfg(not(target_arch = "wasm32"))]
criterion::criterion_group!(benches, native::seed, native::catalog, native::growth);

/// `PORTOLAN_BENCH_REPEAT=<case>:<n>` evaluates one case `n` times (or, with the case
/// `load_bundled`, loads the bundled catalog `n` times) and exits, for instruction
/// counts: under `valgrind --tool=callgrind`, (Ir with n) − (Ir with 0), divided by n, is the
/// cost of one evaluation, without symbols or toggles (see `BENCHMARKS.md`).
#[cfg(not(target_arch = "wasm32"))]
fn main() {
    if let Ok(spec) = std::env::var("PORTOLAN_BENCH_REPEAT") {
        native::repeat(&spec);
        return;
    }
    benches();
    criterion::Criterion::default()
        .configure_from_args()
        .final_summary();
}

/// Criterion does not run in wasm: the browser numbers come from `tests/wasm_bench.rs`.
#[cfg(target_arch = "wasm32")]
fn main() {}
