//! Portolan: a firewall-requirements planner.
//!
//! The engine is pure Rust with no I/O, no clock and no globals: the same code runs natively (CLI,
//! tests) and in WebAssembly (the planner and the JS API). The path of data is
//! `catalog + plan --evaluate--> report --export--> artifact`.
#![cfg_attr(
    test,
    allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

pub mod catalog;
pub mod cond;
pub mod diag;
pub mod engine;
pub mod export;
pub mod net;
pub mod plan;
pub mod sort;
pub mod text;
pub mod ui;
pub mod version;

#[cfg(not(target_arch = "wasm32"))]
pub mod cli;
#[cfg(not(target_arch = "wasm32"))]
pub mod cli_import;
pub mod importer;
// The two browser modules (Cargo.toml's features `api` and `planner`).
#[cfg(all(target_arch = "wasm32", feature = "api"))]
pub mod wasm_api;
#[cfg(all(target_arch = "wasm32", feature = "api"))]
pub mod wasm_import;
#[cfg(all(target_arch = "wasm32", feature = "planner"))]
pub mod wasm_mount;

pub use catalog::Catalog;
pub use diag::{Diagnostic, Severity};
pub use engine::{diff, evaluate, Diff, Report};
pub use plan::Plan;
