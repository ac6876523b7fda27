//! The change request: built once from the report by the engine as a
//! [`portolan_core::document::Document`] ([`change_request`]) and rendered here by [`html`] and
//! [`markdown`].

pub mod html;
pub mod markdown;

pub use portolan_engine::document::change_request;
