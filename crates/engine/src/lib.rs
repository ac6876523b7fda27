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
mod diff;
mod evaluate;
mod families;
mod flow_groups;
mod fxhash;
mod locate;
pub mod report;
mod schema;
pub mod wording;

pub use aggregate::aggregate;
pub use diff::{diff, Diff, FlowChange};
pub use evaluate::{evaluate, MAX_FLOWS};
pub use flow_groups::FlowGroup;
pub use report::*;
pub use schema::{report_schema, PortItem, PortsJson};
