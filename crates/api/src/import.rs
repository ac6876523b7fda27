//! The importer in the JavaScript API's module: a vendor table into a
//! draft product, its catalog TOML and the loader's diagnostics; an inventory into hosts. The
//! planner calls these through `lazy_api.rs`, so its own first-load module does not grow.

use portolan_import::check as importer;
use portolan_import::hosts::{self, HostOptions};
use portolan_import::{import_table, render_toml, Options};
use serde::Serialize;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_IMPORT_TYPES: &'static str = r#"
/** What the user says about an imported table and the corrections made to its draft. */
export interface ImportOptions {
  format?: "auto" | "text" | "markdown" | "csv" | "tsv" | "html";
  id?: string; name?: string; vendor?: string; summary?: string;
  source_title?: string; source_url?: string; source_file?: string;
  mappings?: { table: number; columns: string[] }[];
  renames?: { role: string; name: string }[];
  groups?: { table: number; option?: string | null; include?: boolean }[];
  parameters?: { id: string; value: string }[];
}
/** A draft product: tables found, roles, rules, every row not imported, the TOML and its check. */
export interface ImportResult { draft: any; toml: string; file_name: string; diagnostics: Diagnostic[] }
export interface HostImportOptions { format?: "auto" | "csv" | "tsv"; mapping?: string[] | null }
"#;

fn to_js<T: Serialize + ?Sized>(v: &T) -> Result<JsValue, JsValue> {
    v.serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsValue::from_str(&e.to_string()))
}

#[derive(Serialize)]
struct ImportResult<'a> {
    draft: &'a portolan_import::Draft,
    toml: String,
    file_name: String,
    diagnostics: Vec<portolan_core::diag::Diagnostic>,
}

/// Imports a vendor table (pasted text, Markdown, CSV/TSV or HTML): the draft, its catalog
/// TOML, the file name to add it under and every diagnostic the catalog loader gives for it.
#[wasm_bindgen(js_name = importTable, unchecked_return_type = "ImportResult")]
pub fn import_table_js(
    text: &str,
    #[wasm_bindgen(unchecked_param_type = "ImportOptions | null")] options: JsValue,
) -> Result<JsValue, JsValue> {
    let opts: Options = if options.is_null() || options.is_undefined() {
        Options::default()
    } else {
        serde_wasm_bindgen::from_value(options)
            .map_err(|e| JsValue::from_str(&format!("options: {e}")))?
    };
    let draft = import_table(text, &opts);
    let toml = render_toml(&draft);
    let diagnostics = importer::check_draft(&draft.product.id, &toml);
    to_js(&ImportResult {
        file_name: importer::file_name(&draft.product.id),
        draft: &draft,
        toml,
        diagnostics,
    })
}

/// Reads a host inventory (CSV/TSV): `{header, detected, mapping, hosts, problems, rows}`.
#[wasm_bindgen(js_name = importHosts)]
pub fn import_hosts_js(
    text: &str,
    #[wasm_bindgen(unchecked_param_type = "HostImportOptions | null")] options: JsValue,
) -> Result<JsValue, JsValue> {
    let opts: HostOptions = if options.is_null() || options.is_undefined() {
        HostOptions::default()
    } else {
        serde_wasm_bindgen::from_value(options)
            .map_err(|e| JsValue::from_str(&format!("options: {e}")))?
    };
    to_js(&hosts::import_hosts(text, &opts))
}
