//! The planner: a Yew single-page app over the engine.
//!
//! The state (the plan and its reducer), the share-link encoding, the flow filters, the diagram
//! layout and the change-request document are plain Rust, compiled on every target and
//! unit-tested natively. The Yew components that render them and dispatch actions are compiled
//! for wasm32 only. What a host page asks of the planner (`embed`: compact mode, presets, theme)
//! and the version line (`footer`) are plain Rust too.

pub mod deflate;
pub mod document;
pub mod embed;
pub mod examples;
pub mod fields;
pub mod filter;
pub mod footer;
pub mod layout;
pub mod share;
pub mod state;

/// The page's heading (also its `<title>`, set in `index.html`).
pub const TITLE: &str = "Portolan — firewall requirements planner";

#[cfg(all(target_arch = "wasm32", feature = "planner"))]
mod app;
#[cfg(all(target_arch = "wasm32", feature = "planner"))]
pub mod dom;
#[cfg(all(target_arch = "wasm32", feature = "planner"))]
pub mod lazy_api;
#[cfg(all(target_arch = "wasm32", feature = "planner"))]
pub mod lazy_catalog;
#[cfg(all(target_arch = "wasm32", feature = "planner"))]
mod view_compare;
#[cfg(all(target_arch = "wasm32", feature = "planner"))]
mod view_diagram;
#[cfg(all(target_arch = "wasm32", feature = "planner"))]
mod view_document;
#[cfg(all(target_arch = "wasm32", feature = "planner"))]
mod view_export;
#[cfg(all(target_arch = "wasm32", feature = "planner"))]
mod view_network;
#[cfg(all(target_arch = "wasm32", feature = "planner"))]
mod view_plan;
#[cfg(all(target_arch = "wasm32", feature = "planner"))]
mod view_products;
#[cfg(all(target_arch = "wasm32", feature = "planner"))]
mod view_results;
#[cfg(all(target_arch = "wasm32", feature = "planner"))]
mod widgets;

#[cfg(all(target_arch = "wasm32", feature = "planner"))]
pub use app::{persist, start, App, AppProps};
