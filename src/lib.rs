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

#[cfg(target_arch = "wasm32")]
pub mod wasm_mount;
