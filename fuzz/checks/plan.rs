//! The plan decoder on arbitrary text, as JSON and as TOML: decoding returns a plan or a located
//! diagnostic, never a panic. A decoded plan round-trips through both formats without loss and
//! is evaluated against the bundled catalog (and diffed against the empty plan).
//!
//! The body of the cargo-fuzz target `plan` (`fuzz_targets/plan.rs`), shared with the
//! native test `tests/fuzz_targets.rs` (seed corpus and generated input, on stable).

use portolan_catalog::Catalog;
use portolan_core::plan::{Plan, PlanFormat};
use portolan_engine::{diff, evaluate};
use std::sync::OnceLock;

fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| portolan_bundled::catalog().unwrap_or_default())
}

fn check(plan: &Plan) {
    let json = plan.to_json();
    let back = Plan::parse("p.json", &json, PlanFormat::Json)
        .unwrap_or_else(|e| panic!("JSON round trip fails: {e}\n{json}"));
    assert_eq!(&back, plan, "JSON round trip changes the plan:\n{json}");
    let toml = plan.to_toml();
    let back = Plan::parse("p.toml", &toml, PlanFormat::Toml)
        .unwrap_or_else(|e| panic!("TOML round trip fails: {e}\n{toml}"));
    assert_eq!(&back, plan, "TOML round trip changes the plan:\n{toml}");

    let report = evaluate(catalog(), plan);
    assert_eq!(report.stats.flows, report.flows.len());
    let _ = serde_json::to_string(&report);
    let empty = evaluate(catalog(), &Plan::default());
    let _ = diff(&empty, &report);
    let _ = diff(&report, &empty);
}

/// One input: the checks above, on `data`.
pub fn run(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for format in [PlanFormat::Json, PlanFormat::Toml] {
        match Plan::parse("fuzz", text, format) {
            Ok(plan) => check(&plan),
            Err(d) => {
                assert!(d.line.is_some_and(|l| l >= 1), "{d:?}");
                // messages speak the plan's words, not Rust's (issue #21)
                let shown = d.to_string();
                for rust in ["ParamInput", "OptionValue", "untagged", "struct Host"] {
                    assert!(!shown.contains(rust), "`{rust}` in {shown}");
                }
            }
        }
    }
}
