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
mod checks;
mod compat;
mod containers;
pub mod describe;
mod diff;
pub mod document;
mod evaluate;
mod families;
pub mod feed;
mod flow_groups;
pub mod flow_set;
mod fxhash;
pub mod gate;
mod locate;
mod pair_classes;
pub mod releases;
pub mod report;
mod schema;
pub mod upgrade;
pub mod wording;

pub use aggregate::aggregate;
pub use diff::{diff, Diff, FlowChange};
pub use evaluate::{evaluate, MAX_FLOWS};
pub use flow_groups::FlowGroup;
pub use flow_set::{End, Flows, Pairs, RuleFlows};
pub use report::*;
pub use schema::{report_schema, PortItem, PortsJson};
pub use upgrade::{upgrade, Upgrade, UpgradeError, UpgradeRequest};
