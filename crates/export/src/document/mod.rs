//! The change request: built once from the report by the engine as a
//! [`portolan_core::document::Document`] ([`change_request`]) and rendered here by [`html`] and
//! [`markdown`], and as plain text for the CLI by [`text`] (the upgrade's change request,
//! `crate::upgrade`, is a document too). The HTML renderer lives below the engine
//! ([`portolan_core::document::html`]) so that the planner can draw the same model; it is
//! re-exported here.

pub mod markdown;
pub mod text;

pub use portolan_core::document::html;

pub use portolan_engine::document::change_request;
