//! The planner: a Yew single-page app over the engine.
//!
//! The state (the plan and its reducer), the share-link encoding, the flow filters, the
//! warnings' lists, the paging and the change-request document are plain Rust, compiled on every
//! target and unit-tested natively (the diagram's layout is `portolan_export::diagram`, run in
//! the API module). The Yew components that render them and dispatch actions are compiled
//! for wasm32 only. What a host page asks of the planner (`embed`: compact mode, presets, theme)
//! and the version line (`footer`) are plain Rust too.

pub mod choices;
pub mod document;
pub mod embed;
pub mod examples;
pub mod fields;
pub mod filter;
pub mod flow_table;
pub mod footer;
pub mod guide;
pub mod import_form;
pub mod paging;
pub mod reveal;
pub mod share;
pub mod state;
pub mod warn_groups;

/// The page's heading (also its `<title>`, set in `index.html`).
pub const TITLE: &str = "Portolan — firewall requirements planner";

#[cfg(target_arch = "wasm32")]
mod app;
#[cfg(target_arch = "wasm32")]
mod app_hooks;
#[cfg(target_arch = "wasm32")]
pub mod dom;
#[cfg(target_arch = "wasm32")]
pub mod for_views;
#[cfg(target_arch = "wasm32")]
pub mod lazy_api;
#[cfg(target_arch = "wasm32")]
pub mod lazy_catalog;
#[cfg(target_arch = "wasm32")]
pub mod lazy_views;
#[cfg(target_arch = "wasm32")]
mod name_field;
#[cfg(target_arch = "wasm32")]
mod pager;
#[cfg(target_arch = "wasm32")]
mod product_form;
#[cfg(target_arch = "wasm32")]
mod product_scope;
#[cfg(target_arch = "wasm32")]
mod revision_notice;
#[cfg(target_arch = "wasm32")]
pub mod view_document;
#[cfg(target_arch = "wasm32")]
mod view_guide;
#[cfg(target_arch = "wasm32")]
mod view_network;
#[cfg(target_arch = "wasm32")]
mod view_plan;
#[cfg(target_arch = "wasm32")]
mod view_products;
#[cfg(target_arch = "wasm32")]
mod view_results;
#[cfg(target_arch = "wasm32")]
mod view_trust;
#[cfg(target_arch = "wasm32")]
pub mod widgets;

#[cfg(all(target_arch = "wasm32", feature = "planner"))]
pub use app::start;
#[cfg(target_arch = "wasm32")]
pub use app::{persist, App, AppProps};
