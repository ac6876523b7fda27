//! Device exporters (Windows Defender Firewall, Cisco ASA, PAN-OS, AWS Terraform, Kubernetes) on
//! every example plan and on a hostile plan.
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use portolan::catalog::{self, Catalog};
use portolan::engine::{evaluate, Report};
use portolan::export::{self, Artifact, ExportContext};
use portolan::plan::{Plan, PlanFormat};
use std::path::Path;

const FORMATS: &[&str] = &[
    "windows-firewall",
    "cisco-asa",
    "panos",
    "aws-terraform",
    "kubernetes",
];

fn bundled() -> Catalog {
    catalog::bundled().expect("bundled catalog")
}

fn examples() -> Vec<(String, Plan)> {
    let mut out = Vec::new();
    let mut paths: Vec<_> =
        std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("examples"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.to_string_lossy().ends_with(".plan.toml"))
            .collect();
    paths.sort();
    for p in paths {
        let text = std::fs::read_to_string(&p).unwrap();
        let name = p.file_name().unwrap().to_string_lossy().to_string();
        out.push((
            name.clone(),
            Plan::parse(&name, &text, PlanFormat::Toml).unwrap(),
        ));
    }
    out
}

fn run(cat: &Catalog, plan: &Plan, format: &str) -> (Report, Artifact) {
    let report = evaluate(cat, plan);
    let exporter = export::find(format).unwrap_or_else(|| panic!("format {format} registered"));
    let art = export::export(
        exporter,
        &ExportContext {
            report: &report,
            plan,
            catalog: cat,
            generated_at: "2026-11-23T10:00:00Z",
        },
    );
    (report, art)
}

/// Writes every artifact under target/export-devices for a person to read.
#[test]
#[ignore = "writes files for review"]
fn dump() {
    let cat = bundled();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/export-devices");
    std::fs::create_dir_all(&dir).unwrap();
    for (name, plan) in examples() {
        for f in FORMATS {
            let (_, art) = run(&cat, &plan, f);
            std::fs::write(
                dir.join(format!(
                    "{name}.{f}.{}",
                    art.file_name.rsplit('.').next().unwrap()
                )),
                &art.content,
            )
            .unwrap();
        }
    }
}
