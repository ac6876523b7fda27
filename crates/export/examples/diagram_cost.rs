//! The network diagram of a plan file, as the planner's Diagram view lays it out (zones folded
//! by themselves), for measuring its cost on large plans (BENCHMARKS.md, "Per-pair views"):
//!
//! ```sh
//! cargo build --release -p portolan-export --example diagram_cost
//! /usr/bin/time -v target/release/examples/diagram_cost site-10k.plan.toml
//! ```
//!
//! Prints the boxes, arrows and size of the SVG.

use portolan_core::plan::{Plan, PlanFormat};
use portolan_export::diagram::{layout, to_svg, Options};
use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: diagram_cost PLAN.toml");
        return ExitCode::FAILURE;
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{path}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let plan = match Plan::parse(&path, &text, PlanFormat::Toml) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    let catalog = match portolan_bundled::compiled() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("{e:?}");
            return ExitCode::FAILURE;
        }
    };
    let report = portolan_engine::evaluate(&catalog, &plan);
    let d = layout(&report, &catalog, Options::default());
    let svg = to_svg(&d, &plan.name);
    println!(
        "{} flows, {} boxes, {} arrows, {} local flows, SVG {} bytes",
        report.flows.len(),
        d.nodes.len(),
        d.edges.len(),
        d.local_flows,
        svg.len()
    );
    ExitCode::SUCCESS
}
