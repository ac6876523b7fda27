//! Every export says how much of its vendor's list each product of the plan holds: a firewall
//! team must never take a partial table for the vendor's full list.
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use portolan_bundled::catalog as bundled;
use portolan_core::plan::{Plan, PlanFormat};
use portolan_export::{self as export, ExportContext};

const PLAN: &str = r#"schema = 1
name = "coverage"
[[products]]
id = "carear-assist"
[[products]]
id = "screen-capture"
[[hosts]]
name = "users"
addresses = ["10.1.0.0/24"]
roles = ["carear-assist/user-device", "screen-capture/agent-pc"]
[[hosts]]
name = "ris"
addresses = ["10.1.1.10"]
roles = ["screen-capture/ris-server", "screen-capture/ris-agent-server", "screen-capture/screen-recorder"]
"#;

#[test]
fn every_format_states_each_products_coverage() {
    let catalog = bundled().unwrap();
    let plan = Plan::parse("coverage.toml", PLAN, PlanFormat::Toml).unwrap();
    let report = portolan_engine::evaluate(&catalog, &plan);
    let cx = ExportContext {
        report: &report,
        plan: &plan,
        catalog: &catalog,
        generated_at: "2026-01-01T00:00:00Z",
    };
    let (mut missing, mut feeds) = (Vec::new(), 0);
    for exporter in export::registry() {
        let a = export::export(exporter, &cx);
        let id = exporter.id();
        if id == "json" {
            let v: serde_json::Value = serde_json::from_str(&a.content).unwrap();
            let c = &v["coverage"];
            assert_eq!(c[0]["product"], "carear-assist", "{c}");
            assert_eq!(c[0]["status"], "partial");
            assert!(c[0]["missing"].as_str().unwrap().contains("smart glasses"));
            assert_eq!(c[1]["product"], "screen-capture");
            assert_eq!(c[1]["status"], "complete");
            continue;
        }
        let content = &a.content;
        let partial = content.contains("coverage of CareAR Assist: PARTIAL, not the full vendor list; missing: the media table for the web application and smart glasses");
        let complete = content.contains(
            "coverage of Screen Capture Module with RIS, Screen Recorder and PlayerWS: complete",
        );
        if id.starts_with("feed-") {
            // a feed has no header to say it in: every line is an entry the firewall reads
            // (its summary lists what it leaves out); should one get comment lines, they must
            // carry the coverage too
            assert!(content.lines().all(|l| !l.starts_with('#')), "{id}");
            feeds += 1;
        } else if !(partial && complete) {
            missing.push(format!(
                "{id} (partial line: {partial}, complete line: {complete})"
            ));
        }
    }
    assert!(
        missing.is_empty(),
        "formats without the coverage lines: {missing:?}"
    );
    assert_eq!(feeds, 3, "the three feeds");
}
