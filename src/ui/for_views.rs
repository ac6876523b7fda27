//! What the views module (crates/views, the lazily loaded second Yew module: Import, ...) uses
//! of the planner's components besides the shared ones (`widgets`, `state`, `dom`, `lazy_api`).

pub use super::app::CatalogState;
pub use super::view_plan::{diagnostic, files_and_catalog};
pub use super::view_products::{product_config, Config};
pub use super::view_results::flows_and_requirements;
pub use super::view_trust::refusal;
use yew::prelude::*;

/// The planner's drop target for files (see `view_plan`).
pub fn drop_zone(
    id: &'static str,
    label: &'static str,
    onfiles: &Callback<Vec<web_sys::File>>,
) -> Html {
    super::view_plan::drop_zone(id, label, onfiles)
}
