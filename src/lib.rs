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

pub mod cond;
pub mod diag;
pub mod net;
pub mod version;

pub use diag::{Diagnostic, Severity};
