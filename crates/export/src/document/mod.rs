//! The change request: built once from the report by the engine as a
//! [`portolan_core::document::Document`] ([`change_request`]) and rendered here by [`html`] and
//! [`markdown`]. The HTML renderer lives below the engine ([`portolan_core::document::html`]) so
//! that the planner can draw the same model; it is re-exported here.

pub mod markdown;

pub use portolan_core::document::html;

pub use portolan_engine::document::change_request;
