//! The engine: catalog + plan → report (flows, aggregated rules, warnings, requirements), and
//! the difference between two reports.
#![cfg_attr(
    test,
    allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

mod aggregate;
mod compat;
mod diff;
mod evaluate;
mod families;
pub mod feed;
mod fxhash;
pub mod gate;
pub mod releases;
pub mod report;
pub mod upgrade;
pub mod wording;

pub use aggregate::aggregate;
pub use diff::{diff, Diff, FlowChange};
pub use evaluate::evaluate;
pub use report::*;
pub use upgrade::{upgrade, Upgrade, UpgradeError, UpgradeRequest};
