//! Test support shared by the workspace's tests and benchmarks (never part of a front end).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

pub mod gen;
pub mod plans;
#[cfg(not(target_arch = "wasm32"))]
pub mod report_schema;
mod tempdir;

/// The JSON Schema validator the schema tests use (`tests/api_schema.rs`).
#[cfg(not(target_arch = "wasm32"))]
pub use jsonschema;
pub use tempdir::TempDir;
