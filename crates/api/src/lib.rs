//! The JavaScript API (the `portolan-api` WebAssembly module): thin functions over load, evaluate, diff and export, for
//! documentation portals that render port tables or embed the planner.
//!
//! Values cross the boundary as plain JS objects (serde-wasm-bindgen, JSON-compatible). Errors
//! are thrown as JS objects of the diagnostic shape `{code, severity, message, help, ...}`.

use portolan_catalog::{self as catalog, Catalog};
use portolan_core::diag::Code;
use portolan_core::diag::Diagnostic;
use portolan_core::plan::{Plan, PlanFormat};
use portolan_engine as engine;
use portolan_export as export;
use serde::Serialize;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;

mod import;
pub mod import_results;
mod releases;
pub mod results;
pub mod schema;
mod upgrade_view;

/// The report's types (`Report`, `FlowGroup`, `AggregatedRule`, `Warning`, `Endpoint`,
/// `Citation`, ...), generated from the report's JSON Schema by `scripts/lib/api-types.mjs`
/// (an end-to-end test fails when the committed file is not the generated one).
#[wasm_bindgen(typescript_custom_section)]
const TS_REPORT_TYPES: &'static str = include_str!("report.d.ts");

/// The API's types that follow from Rust types (`Plan`, `Diagnostic`, `Diff`, `FlowChange`,
/// `Artifact`, `ExportOptions`, `ChangeFeed`, `Upgrade`, `UpgradeView`, `Diagram`, `ImportResult`, ...), generated from `schema/api.schema.json` (see [`schema`]) by the same script.
#[wasm_bindgen(typescript_custom_section)]
const TS_API_TYPES: &'static str = include_str!("api-types.d.ts");

thread_local! {
    /// The bundled catalog, loaded once per page.
    static BUNDLED: RefCell<Option<Catalog>> = const { RefCell::new(None) };
}

fn to_js<T: Serialize + ?Sized>(v: &T) -> Result<JsValue, JsValue> {
    v.serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsValue::from_str(&e.to_string()))
}

/// As [`to_js`], bytes (`serialize_bytes`) as a `Uint8Array` rather than an array of numbers.
fn to_js_bytes<T: Serialize + ?Sized>(v: &T) -> Result<JsValue, JsValue> {
    let s = serde_wasm_bindgen::Serializer::json_compatible().serialize_bytes_as_arrays(false);
    v.serialize(&s)
        .map_err(|e| JsValue::from_str(&e.to_string()))
}

fn diag_err(d: &Diagnostic) -> JsValue {
    to_js(d).unwrap_or_else(|e| e)
}

/// The bundled catalog (cached).
pub fn bundled_catalog() -> Result<Catalog, Vec<Diagnostic>> {
    BUNDLED.with(|c| {
        if let Some(cat) = c.borrow().as_ref() {
            return Ok(cat.clone());
        }
        let cat = portolan_bundled::catalog()?;
        *c.borrow_mut() = Some(cat.clone());
        Ok(cat)
    })
}

fn catalog_or_throw() -> Result<Catalog, JsValue> {
    bundled_catalog().map_err(|d| to_js(&d).unwrap_or_else(|e| e))
}

/// The bundled catalog, with `catalogs` (`[{name, text}]`: the files the planner's session
/// added) when they are given; their diagnostics when they do not load.
pub(crate) fn catalog_of(catalogs: Option<JsValue>) -> Result<Catalog, JsValue> {
    match catalogs.filter(|c| !c.is_null() && !c.is_undefined()) {
        Some(files) => catalog_with(files),
        None => catalog_or_throw(),
    }
}

/// Reads a plan through its JSON text, exactly as a plan file is read: serde-wasm-bindgen reads
/// only the fields a struct names, so a misspelt key (`prodcuts`, `verisons`) would be ignored
/// silently; the JSON reader reports it (`deny_unknown_fields`).
fn plan_from_js(plan: JsValue) -> Result<Plan, JsValue> {
    let text = js_sys::JSON::stringify(&plan)
        .ok()
        .and_then(|s| s.as_string())
        .ok_or_else(|| {
            diag_err(
                &Diagnostic::error(Code::PlanShape, "the plan is not a JSON object")
                    .with_help("a plan is `{ schema: 1, name, products: [...], hosts: [...] }`"),
            )
        })?;
    Plan::parse("plan", &text, PlanFormat::Json).map_err(|d| diag_err(&d))
}

/// The app version and the bundled catalog's revision.
#[wasm_bindgen(js_name = version, unchecked_return_type = "AppVersion")]
pub fn version() -> Result<JsValue, JsValue> {
    let revision = bundled_catalog().map(|c| c.revision).unwrap_or_default();
    to_js(&results::AppVersion {
        app: env!("CARGO_PKG_VERSION"),
        catalog: revision,
    })
}

/// The bundled catalog: every product with its components, options, parameters, roles, rules
/// and requirements.
#[wasm_bindgen(js_name = catalog, unchecked_return_type = "Catalog")]
pub fn catalog_js() -> Result<JsValue, JsValue> {
    to_js(&catalog_or_throw()?)
}

/// Validates catalog files (`[{name, text}]`) and returns `{catalog, diagnostics}`.
#[wasm_bindgen(
    js_name = checkCatalog,
    unchecked_return_type = "CheckedCatalog"
)]
pub fn check_catalog(
    #[wasm_bindgen(unchecked_param_type = "CatalogFile[]")] files: JsValue,
) -> Result<JsValue, JsValue> {
    let files: Vec<schema::CatalogFile> = serde_wasm_bindgen::from_value(files)
        .map_err(|e| JsValue::from_str(&format!("expected [{{name, text}}]: {e}")))?;
    let files: Vec<(String, String)> = files.into_iter().map(|f| (f.name, f.text)).collect();
    to_js(&catalog::load_files(&files))
}

/// Checks catalog files (`[{name, text}]`) together with the bundled ones, a file replacing a
/// bundled one of the same name, and returns `{diagnostics, compiled}`: every problem (file,
/// line, column, help), and, when no file has an error, the resulting catalog in the compact
/// form the planner reads (`compiled`, a `Uint8Array`; `null` otherwise). The planner calls it
/// when a user adds a catalog file: its own module validates no TOML.
#[wasm_bindgen(
    js_name = compileCatalog,
    unchecked_return_type = "CompiledCatalog"
)]
pub fn compile_catalog(
    #[wasm_bindgen(unchecked_param_type = "CatalogFile[]")] files: JsValue,
) -> Result<JsValue, JsValue> {
    let added = files_from_js(files, "files")?;
    to_js_bytes(&results::CompiledCatalog::of(&added))
}

/// Reads a plan file (`text`, JSON or TOML: by `fileName`'s extension, else by its first
/// character) and returns the plan; a problem is thrown as a diagnostic with the file, line and
/// column. The planner opens TOML plan files with it.
#[wasm_bindgen(js_name = parsePlan, unchecked_return_type = "Plan")]
pub fn parse_plan(
    text: &str,
    #[wasm_bindgen(js_name = fileName)] file_name: Option<String>,
) -> Result<JsValue, JsValue> {
    let name = file_name.unwrap_or_else(|| String::from("plan"));
    let plan =
        Plan::parse(&name, text, PlanFormat::detect(&name, text)).map_err(|d| diag_err(&d))?;
    to_js(&plan)
}

/// Evaluates a plan against the bundled catalog and returns the report.
#[wasm_bindgen(js_name = evaluate, unchecked_return_type = "Report")]
pub fn evaluate_js(
    #[wasm_bindgen(unchecked_param_type = "Plan")] plan: JsValue,
) -> Result<JsValue, JsValue> {
    let cat = catalog_or_throw()?;
    let plan = plan_from_js(plan)?;
    to_js(&engine::evaluate(&cat, &plan))
}

/// What changes from plan `a` to plan `b`: `{open, close, warnings_added, warnings_removed}`.
#[wasm_bindgen(js_name = diff, unchecked_return_type = "Diff")]
pub fn diff_js(
    #[wasm_bindgen(unchecked_param_type = "Plan")] a: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Plan")] b: JsValue,
) -> Result<JsValue, JsValue> {
    let cat = catalog_or_throw()?;
    let ra = engine::evaluate(&cat, &plan_from_js(a)?);
    let rb = engine::evaluate(&cat, &plan_from_js(b)?);
    to_js(&engine::diff(&ra, &rb))
}

/// The export formats: `[{id, name, extension, description, capabilities}]`.
#[wasm_bindgen(js_name = formats, unchecked_return_type = "ExportFormat[]")]
pub fn formats_js() -> Result<JsValue, JsValue> {
    let list: Vec<_> = export::registry()
        .into_iter()
        .map(schema::ExportFormat::of)
        .collect();
    to_js(&list)
}

/// Exports a plan in one format: `{format, file_name, mime, content, rule_count, flow_count,
/// unexpressed, renamed}`. `generatedAt` is the timestamp written into the header (the engine
/// has no clock); it defaults to the current time. `catalogs` (`[{name, text}]`, optional) are
/// catalog files added to the bundled ones for this call, a file replacing a bundled one of the
/// same name (the planner passes the files added in its session). `options` (`{product,
/// direction}`, optional) narrow the export to one product's rules and one direction across
/// the plan's edge (`outbound`, `inbound`, `internal`); the file name then says so
/// (`site-a-zoom-outbound.nft`). A binary format's file is `bytes`.
#[wasm_bindgen(js_name = exportPlan, unchecked_return_type = "Artifact")]
pub fn export_js(
    #[wasm_bindgen(unchecked_param_type = "Plan")] plan: JsValue,
    #[wasm_bindgen(unchecked_param_type = "ExportFormatId")] format: &str,
    generated_at: Option<String>,
    #[wasm_bindgen(unchecked_param_type = "CatalogFile[] | null")] catalogs: Option<JsValue>,
    #[wasm_bindgen(unchecked_param_type = "ExportOptions | null")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    let cat = catalog_of(catalogs)?;
    let plan = plan_from_js(plan)?;
    let Some(exporter) = export::find(format) else {
        let ids: Vec<&str> = export::registry().iter().map(|e| e.id()).collect();
        return Err(diag_err(
            &Diagnostic::error(
                Code::ExportUnknownFormat,
                format!("format `{format}` is unknown"),
            )
            .with_help(format!("use one of: {}", ids.join(", "))),
        ));
    };
    let selection: export::select::Selection =
        match options.filter(|o| !o.is_null() && !o.is_undefined()) {
            Some(o) => serde_wasm_bindgen::from_value(o).map_err(|e| {
                diag_err(&Diagnostic::error(
                    Code::ExportBadOptions,
                    format!("the export options are not {{product, direction}}: {e}"),
                ))
            })?,
            None => export::select::Selection::default(),
        };
    let full = engine::evaluate(&cat, &plan);
    let report = export::select::select(&full, &selection)
        .map_err(|e| diag_err(&Diagnostic::error(Code::ExportUnknownProduct, e)))?;
    let when = generated_at.unwrap_or_else(|| String::from(js_sys::Date::new_0().to_iso_string()));
    let cx = export::ExportContext {
        report: &report,
        plan: &plan,
        catalog: &cat,
        generated_at: &when,
    };
    match export::refuse::checked(exporter, &cx) {
        Ok(mut artifact) => {
            artifact.file_name = selection.file_name(&artifact.file_name, exporter.extension());
            let out = to_js(&artifact)?;
            // `to_js` writes bytes as an array of numbers (JSON-compatible); the file of a
            // binary format is a Uint8Array, as the Artifact type says and the planner reads it
            if !artifact.bytes.is_empty() {
                let bytes = js_sys::Uint8Array::from(artifact.bytes.as_slice());
                js_sys::Reflect::set(&out, &"bytes".into(), &bytes)?;
            }
            Ok(out)
        }
        Err(refused) => Err(diag_err(
            &Diagnostic::error(Code::ExportPlanHasErrors, refused.to_string()).with_help(
                "fix the fields the plan's errors point at; the report still shows every flow it can",
            ),
        )),
    }
}

/// The network diagram of `plan` as the planner's Diagram view draws it (a layered layout, zones
/// as columns, big zones folded): `options` is `{product?, folded?: {[zone title]: boolean},
/// title?}`; returns `{svg, nodes, edges, local_flows, inner_connections, zones, width, height}`.
/// `catalogs` as for `exportPlan`.
#[wasm_bindgen(js_name = diagram, unchecked_return_type = "Diagram")]
pub fn diagram_js(
    #[wasm_bindgen(unchecked_param_type = "Plan")] plan: JsValue,
    #[wasm_bindgen(unchecked_param_type = "DiagramOptions | null")] options: JsValue,
    #[wasm_bindgen(unchecked_param_type = "CatalogFile[] | null")] catalogs: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    let cat = catalog_of(catalogs)?;
    let plan = plan_from_js(plan)?;
    let options: schema::DiagramOptions = if options.is_null() || options.is_undefined() {
        schema::DiagramOptions::default()
    } else {
        serde_wasm_bindgen::from_value(options)
            .map_err(|e| JsValue::from_str(&format!("options: {e}")))?
    };
    let report = engine::evaluate(&cat, &plan);
    let d = export::diagram::layout(
        &report,
        &cat,
        export::diagram::Options {
            product: options.product.as_deref().filter(|p| !p.is_empty()),
            folded: Some(&options.folded),
        },
    );
    let title = options
        .title
        .unwrap_or_else(|| String::from("Network flows"));
    let (width, height) = export::diagram::svg_size(&d);
    to_js(&schema::Diagram {
        svg: export::diagram::to_svg(&d, &title),
        nodes: d.nodes.len(),
        edges: d.edges.len(),
        local_flows: d.local_flows,
        inner_connections: d.inner_connections,
        zones: &d.zones,
        width,
        height,
    })
}

/// Catalog files: (file name, text).
type Files = Vec<(String, String)>;

thread_local! {
    /// The last catalog built with added files, and those files (the planner exports with the
    /// same session files many times).
    static WITH_FILES: RefCell<Option<(Files, Catalog)>> = const { RefCell::new(None) };
}

/// `[{name, text}]` as `(name, text)` pairs; `what` names the argument in the error.
fn files_from_js(files: JsValue, what: &str) -> Result<Files, JsValue> {
    let files: Vec<schema::CatalogFile> = serde_wasm_bindgen::from_value(files)
        .map_err(|e| JsValue::from_str(&format!("{what}: expected [{{name, text}}]: {e}")))?;
    Ok(files.into_iter().map(|f| (f.name, f.text)).collect())
}

/// The bundled catalog files with `added` (a file replaces a bundled one of the same name).
pub(crate) fn with_bundled(added: &[(String, String)]) -> Files {
    let mut all = portolan_bundled::files();
    all.retain(|(n, _)| !added.iter().any(|(m, _)| m == n));
    all.extend(added.iter().cloned());
    all
}

/// The bundled catalog files with `files` added (a file replaces a bundled one of the same
/// name), loaded; an error when they do not load cleanly.
fn catalog_with(files: JsValue) -> Result<Catalog, JsValue> {
    let added = files_from_js(files, "catalogs")?;
    if let Some(cat) = WITH_FILES.with(|c| {
        c.borrow()
            .as_ref()
            .filter(|(f, _)| *f == added)
            .map(|(_, cat)| cat.clone())
    }) {
        return Ok(cat);
    }
    let loaded = catalog::load_files(&with_bundled(&added));
    if loaded.has_errors() {
        return Err(to_js(&loaded.diagnostics).unwrap_or_else(|e| e));
    }
    WITH_FILES.with(|c| *c.borrow_mut() = Some((added, loaded.catalog.clone())));
    Ok(loaded.catalog)
}

/// Nothing: the `portolan-api` binary calls it so that the linker keeps this library and its
/// `#[wasm_bindgen]` exports.
#[inline(never)]
pub fn link() {}
