//! What `version()`, `compileCatalog()` and `exportUpgrade()` return, as Rust types: the function
//! returns a value of the type and api.d.ts declares the type generated from it
//! (`schema/api.schema.json`, see [`crate::schema`]), so the declaration cannot drift from it.
//! (`checkCatalog()` returns the catalog loader's own `Loaded`, declared as `CheckedCatalog`.)

use portolan_catalog as catalog;
use portolan_core::diag::Diagnostic;
use portolan_engine::Upgrade;
use portolan_export::upgrade as render;
use schemars::JsonSchema;
use serde::Serialize;

/// The app's version and the bundled catalog's revision (`version()`).
#[derive(Serialize, JsonSchema)]
pub struct AppVersion {
    pub app: &'static str,
    /// The bundled catalog's revision (empty when it does not load).
    pub catalog: String,
}

/// Catalog files checked with the bundled ones (`compileCatalog()`): every problem, and the
/// resulting catalog in the compact form the planner reads when no file has an error.
#[derive(Serialize, JsonSchema)]
pub struct CompiledCatalog {
    pub diagnostics: Vec<Diagnostic>,
    /// The compact catalog (a `Uint8Array`); `null` when a file has an error.
    // JSON Schema has no byte arrays: the schema says an array of bytes (as JSON writes them),
    // `tsType` keeps the declaration exact (`compileCatalog` writes them with `to_js_bytes`).
    #[serde(serialize_with = "optional_bytes")]
    #[schemars(extend("tsType" = "Uint8Array | null"))]
    pub compiled: Option<Vec<u8>>,
}

impl CompiledCatalog {
    /// Catalog files (`(name, text)`) loaded with the bundled ones, a file replacing a bundled
    /// one of the same name.
    pub fn of(added: &[(String, String)]) -> CompiledCatalog {
        let loaded = catalog::load_files(&crate::with_bundled(added));
        let compiled = (!loaded.has_errors()).then(|| catalog::compact::encode(&loaded.catalog));
        CompiledCatalog {
            diagnostics: loaded.diagnostics,
            compiled,
        }
    }
}

/// `Some` as bytes (a `Uint8Array` through serde-wasm-bindgen unless it writes bytes as arrays;
/// an array of numbers in JSON), `None` as `null`.
fn optional_bytes<S: serde::Serializer>(b: &Option<Vec<u8>>, s: S) -> Result<S::Ok, S::Error> {
    match b {
        Some(bytes) => s.serialize_bytes(bytes),
        None => s.serialize_none(),
    }
}

/// An upgrade as a change request file (`exportUpgrade()`).
#[derive(Serialize, JsonSchema)]
pub struct UpgradeFile {
    pub file_name: String,
    pub mime: &'static str,
    pub content: String,
}

impl UpgradeFile {
    /// `u` rendered in `format` (one of `render::FORMATS`, whose extension is `ext`), stamped
    /// `generated_at`.
    pub fn of(u: &Upgrade, format: &str, ext: &str, generated_at: &str) -> UpgradeFile {
        let content = render::render(u, format, generated_at).unwrap_or_default();
        let mime = match ext {
            "md" => "text/markdown",
            "html" => "text/html",
            "csv" => "text/csv",
            "json" => "application/json",
            _ => "text/plain",
        };
        let file_name = format!(
            "{}-upgrade-{}-to-{}.{ext}",
            u.product, u.from.version, u.to.version
        )
        .replace(
            |c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_')),
            "_",
        );
        UpgradeFile {
            file_name,
            mime,
            content,
        }
    }
}
