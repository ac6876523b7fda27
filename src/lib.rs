//! The Portolan planner: the Yew app that runs in the browser, a thin front end over the engine
//! (`portolan-engine`) and the bundled catalog (`portolan-bundled`). The plan and its reducer
//! (`ui::state`) and everything the views compute are plain Rust, tested natively; the components
//! and the page glue (`wasm_mount`) are compiled for wasm32 only.
#![cfg_attr(
    test,
    allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

pub mod ui;

/// The page glue of the planner's own module (its exports: `mount`, ...); the views module
/// (crates/views) uses the components without it (`default-features = false`).
#[cfg(all(target_arch = "wasm32", feature = "planner"))]
pub mod wasm_mount;
