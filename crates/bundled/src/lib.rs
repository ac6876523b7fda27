//! What ships inside every front end: the catalog files of the repository's `catalog/`, the same
//! catalog validated at build time in its compact form, and the example plans of `examples/`.
//!
//! `build.rs` loads and validates the catalog with `portolan-catalog` (a build dependency), so a
//! broken catalog file fails `cargo build` with the messages `portolan catalog check` gives.

use portolan_catalog::{compact, load_files, Catalog};
use portolan_core::diag::Diagnostic;
use portolan_core::plan::Plan;

include!(concat!(env!("OUT_DIR"), "/bundled_catalog.rs"));
include!(concat!(env!("OUT_DIR"), "/example_plans.rs"));

/// The bundled catalog files, as `(file name, contents)`.
pub fn files() -> Vec<(String, String)> {
    BUNDLED
        .iter()
        .map(|(n, t)| ((*n).to_string(), (*t).to_string()))
        .collect()
}

/// The bundled catalog as validated at build time, decoded from its compact form: what the
/// planner starts with, without parsing TOML. Equal to [`catalog`] (tested).
pub fn compiled() -> Result<Catalog, compact::Error> {
    compact::decode(BUNDLED_COMPILED)
}

/// The bundled catalog without its long texts (see [`portolan_catalog::lite`]), as validated at
/// build time and decoded from its compact form: what the planner starts with.
pub fn lite() -> Result<Catalog, compact::Error> {
    compact::decode(BUNDLED_LITE)
}

/// The bundled catalog loaded from its TOML files, or every diagnostic if any bundled file has an
/// error (a build that ships a broken catalog is caught by the tests, never by a user).
pub fn catalog() -> Result<Catalog, Vec<Diagnostic>> {
    let loaded = load_files(&files());
    if loaded.has_errors() {
        Err(loaded.diagnostics)
    } else {
        Ok(loaded.catalog)
    }
}

/// The catalog change feed (`changes.json`) as JSON: every recorded revision of the catalog and
/// what changed in each, up to this build's (written by build.rs from `catalog/history/`).
pub static CHANGES_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/changes.json"));

/// The catalog change feed, parsed.
pub fn changes() -> Result<portolan_catalog::feed::Feed, String> {
    serde_json::from_str(CHANGES_JSON)
        .map_err(|e| format!("the bundled change feed does not read: {e}"))
}

/// The example plan called `name`, parsed.
pub fn example(name: &str) -> Option<Plan> {
    let (_, _, json) = EXAMPLE_PLANS.iter().find(|(n, _, _)| *n == name)?;
    Plan::from_json(name, json).ok()
}
