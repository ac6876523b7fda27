//! The engine: catalog + plan → report (flows, aggregated rules, warnings, requirements), and
//! the difference between two reports.

mod aggregate;
mod checks;
mod diff;
mod evaluate;
mod families;
mod fxhash;
pub mod report;
pub mod wording;

pub use aggregate::aggregate;
pub use diff::{diff, Diff, FlowChange};
pub use evaluate::evaluate;
pub use report::*;
