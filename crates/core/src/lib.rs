//! What every layer of Portolan shares: addresses and ports (`net`), vendor versions
//! (`version`), the condition and formula language (`cond`), the plan model (`plan`) and
//! diagnostics (`diag`), with small text and sorting helpers. Pure: no I/O, no clock, no globals.
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
pub mod document;
pub mod net;
pub mod plan;
mod schema;
pub mod sort;
pub mod text;
pub mod version;

pub use diag::{Diagnostic, Severity};
