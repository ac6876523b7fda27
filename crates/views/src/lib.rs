//! The planner's rarely opened views as a second Yew module, so that the first screen does not
//! download them: Import (a vendor's port table into a draft product, hosts from an inventory),
//! Export (the plan in any of the export formats), Diagram (the plan's flows drawn) and Compare
//! (what changes if: a copy B of the plan, and the upgrade panel); the Change request (and the
//! function that writes it when the page prints); the notice of the catalog changes since an
//! older plan was made; the Flows & warnings view's flows and requirements; and the Plan file &
//! catalog view's sections after the plan's name (share link, plan files, reset, examples,
//! catalog files).
//!
//! The planner (src/ui/lazy_views.rs) loads this module the first time such a view opens,
//! through a function under `Symbol.for("portolan.loadViews")` (web/boot.js, api.js, the offline
//! file's loader), and mounts a view into an element it renders with `mountView(element, view,
//! plan, sessionFiles, onEvent)`: the plan as JSON, the catalog files added this session as
//! `[{name, text}, ...]`. The view works on its own copy of the plan (evaluated here with the
//! bundled catalog) and hands every change back through `onEvent(kind, payload)`: `"plan"` with
//! the plan's JSON, `"catalog"` with the session's catalog files (`[{name, text}]`), `"notify"`
//! with a message for the user, `"goto"` with a field path to open. The returned handle's `update(plan, sessionFiles)` passes the planner's changes in,
//! `unmount()` removes the view.
#![cfg_attr(
    test,
    allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

#[cfg(target_arch = "wasm32")]
mod api_module;
#[cfg(target_arch = "wasm32")]
mod counted_table;
#[cfg(target_arch = "wasm32")]
mod export_selection;
#[cfg(target_arch = "wasm32")]
mod format_matrix;
#[cfg(target_arch = "wasm32")]
mod mount;
#[cfg(target_arch = "wasm32")]
mod revision;
#[cfg(target_arch = "wasm32")]
mod view_compare;
#[cfg(target_arch = "wasm32")]
mod view_diagram;
#[cfg(target_arch = "wasm32")]
mod view_document;
#[cfg(target_arch = "wasm32")]
mod view_export;
#[cfg(target_arch = "wasm32")]
mod view_import;
#[cfg(target_arch = "wasm32")]
mod view_upgrade;

/// Mounts one view (as the planner's loader does through `mountView`; the tests call it too).
#[cfg(target_arch = "wasm32")]
pub use mount::{mount_view, ViewHandle};

/// Makes sure the linker keeps this library (and so its exports) in the module, and puts the
/// function the planner prints the change request with on the global object: the module's
/// `main` calls it when the module loads, so a print after the planner only loaded the module
/// (`src/ui/lazy_views.rs` `preload`) gets the change request.
#[cfg(target_arch = "wasm32")]
pub fn link() {
    mount::link();
    view_document::register_print();
}
