//! Test support shared by the workspace's tests and benchmarks (never part of a front end).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

pub mod gen;
mod tempdir;

pub use tempdir::TempDir;
