//! The whole bundled catalog, long texts included, which the planner loads when a plan first
//! has products: it starts from the catalog without them (`catalog::lite`, compiled into its
//! module), so that a first visit downloads less.
//!
//! The page that started the planner says how to get it: a function under
//! `Symbol.for("portolan.loadCatalog")` on the global object, returning a promise of the compact
//! bytes (`catalog::compact`). web/boot.js sets it on the planner's page (it fetches the
//! `catalog-<hash>.bin` that scripts/lib/post-build.mjs writes and names in
//! `<meta name="portolan-catalog-file">`), api.js for a host page that `mount()`s the planner,
//! and the offline file's loader for its inlined copy.

use portolan_catalog::Catalog;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The key (for `Symbol.for`) of the loader function on the global object.
pub const LOADER_KEY: &str = "portolan.loadCatalog";

/// The whole catalog; `Ok(None)` when the page offers no way to load it (the planner then keeps
/// the catalog without long texts), `Err` when loading or decoding failed.
pub async fn load() -> Result<Option<Catalog>, String> {
    let Some(loader) = js_sys::Reflect::get(&js_sys::global(), &js_sys::Symbol::for_(LOADER_KEY))
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
    else {
        return Ok(None);
    };
    let promise = loader.call0(&JsValue::UNDEFINED).map_err(describe)?;
    let bytes = wasm_bindgen_futures::JsFuture::from(js_sys::Promise::resolve(&promise))
        .await
        .map_err(describe)?;
    let bytes = bytes
        .dyn_into::<js_sys::Uint8Array>()
        .map_err(|_| String::from("the catalog loader did not give bytes"))?;
    portolan_catalog::compact::decode(&bytes.to_vec())
        .map(Some)
        .map_err(|e| e.to_string())
}

/// A thrown JS value as text.
fn describe(e: JsValue) -> String {
    if let Some(err) = e.dyn_ref::<js_sys::Error>() {
        return String::from(err.message());
    }
    e.as_string()
        .unwrap_or_else(|| String::from(js_sys::JsString::from(e)))
}
