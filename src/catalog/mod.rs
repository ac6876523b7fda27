//! The catalog: products as data. `raw` is the file shape, `model` the validated form, `load`
//! turns one into the other and reports every problem with its position, `compact` is the
//! validated form as bytes (the bundled catalog is compiled into it at build time, by build.rs).

pub mod compact;
pub mod find;
pub mod lite;
pub mod load;
mod meta;
pub mod model;
mod raw;

pub use load::{is_kebab, load_files, load_product, revision, Loaded};
pub use model::*;

/// The catalog files bundled into the binary at build time, as `(file name, contents)`.
pub fn bundled_files() -> Vec<(String, String)> {
    BUNDLED
        .iter()
        .map(|(n, t)| ((*n).to_string(), (*t).to_string()))
        .collect()
}

include!(concat!(env!("OUT_DIR"), "/bundled_catalog.rs"));

/// The bundled catalog as validated at build time (build.rs), decoded from its compact form:
/// what the planner starts with, without parsing TOML. Equal to [`bundled`] (tested).
pub fn bundled_compiled() -> Result<Catalog, compact::Error> {
    compact::decode(BUNDLED_COMPILED)
}

/// The bundled catalog without its long texts (see [`lite`]), as validated at build time and
/// decoded from its compact form: what the planner starts with.
pub fn bundled_lite() -> Result<Catalog, compact::Error> {
    compact::decode(BUNDLED_LITE)
}

/// The bundled catalog loaded from its TOML files, or every diagnostic if any bundled file has an error (a build that ships
/// a broken catalog is caught by the tests, never by a user).
pub fn bundled() -> Result<Catalog, Vec<crate::Diagnostic>> {
    let loaded = load_files(&bundled_files());
    if loaded.has_errors() {
        Err(loaded.diagnostics)
    } else {
        Ok(loaded.catalog)
    }
}
