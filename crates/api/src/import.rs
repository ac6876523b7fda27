//! The importer in the JavaScript API's module: a vendor table into a draft product, its catalog
//! TOML and the loader's diagnostics (at once, or in steps with progress for a large paste); an
//! inventory into hosts, and those hosts merged into a plan. The planner calls these through
//! `lazy_api.rs`, so its own first-load module does not grow. What they read and return are Rust
//! types ([`crate::import_results`], the importer's), declared in api.d.ts from the API schema.

use crate::import_results::{ImportProgress, ImportResult, ImportedHosts, MergedHosts};
use portolan_import::check as importer;
use portolan_import::hosts::{self, HostOptions, HostRow, MergeMode};
use portolan_import::job::{Checked, Stage, TableJob};
use portolan_import::Options;
use serde::Serialize;
use wasm_bindgen::prelude::*;

fn to_js<T: Serialize + ?Sized>(v: &T) -> Result<JsValue, JsValue> {
    v.serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsValue::from_str(&e.to_string()))
}

fn options_from_js(options: JsValue) -> Result<Options, JsValue> {
    if options.is_null() || options.is_undefined() {
        return Ok(Options::default());
    }
    serde_wasm_bindgen::from_value(options).map_err(|e| JsValue::from_str(&format!("options: {e}")))
}

/// The outcome as JS, the draft's lists of tables, rules, roles and problems cut at `limit` (a
/// page shows a few hundred; `draft.stats.tables` counts the tables, the TOML has every rule).
fn result_js(c: &Checked, limit: Option<usize>) -> Result<JsValue, JsValue> {
    let p = &c.draft.product;
    let longest =
        (p.rules.len().max(p.roles.len()).max(c.draft.problems.len())).max(c.draft.tables.len());
    let cut;
    let draft = match limit {
        Some(n) if longest > n => {
            cut = cut_draft(&c.draft, n);
            &cut
        }
        _ => &c.draft,
    };
    to_js(&ImportResult::new(c, draft))
}

/// The draft with its lists of tables, roles, rules and problems cut at `n`, cut before they
/// are copied (a 10 MB paste may hold 69,000 tables).
fn cut_draft(d: &portolan_import::Draft, n: usize) -> portolan_import::Draft {
    fn head<T: Clone>(v: &[T], n: usize) -> Vec<T> {
        v.iter().take(n).cloned().collect()
    }
    let p = &d.product;
    portolan_import::Draft {
        format: d.format,
        tables: head(&d.tables, n),
        product: portolan_import::ProductDraft {
            id: p.id.clone(),
            name: p.name.clone(),
            vendor: p.vendor.clone(),
            summary: p.summary.clone(),
            source: p.source.clone(),
            options: p.options.clone(),
            parameters: p.parameters.clone(),
            roles: head(&p.roles, n),
            rules: head(&p.rules, n),
            ambiguities: p.ambiguities.clone(),
        },
        problems: head(&d.problems, n),
        stats: d.stats,
    }
}

/// Imports a vendor table (pasted text, Markdown, CSV/TSV or HTML): the draft, its catalog
/// TOML, the file name to add it under and every diagnostic the catalog loader gives for it.
#[wasm_bindgen(js_name = importTable, unchecked_return_type = "ImportResult")]
pub fn import_table_js(
    text: &str,
    #[wasm_bindgen(unchecked_param_type = "ImportOptions | null")] options: JsValue,
) -> Result<JsValue, JsValue> {
    let checked = TableJob::new(text, options_from_js(options)?).run();
    result_js(&checked, None)
}

/// A table import run in steps, for a page that stays responsive on a large paste:
/// `const job = new TableImport(text, options); while (!job.step(30).finished) await frame();
/// const result = job.result(200);`.
#[wasm_bindgen]
pub struct TableImport {
    job: TableJob,
}

/// Rows per slice between looks at the clock.
const SLICE: usize = 128;

#[wasm_bindgen]
impl TableImport {
    #[wasm_bindgen(constructor)]
    pub fn new(
        text: String,
        #[wasm_bindgen(unchecked_param_type = "ImportOptions | null")] options: JsValue,
    ) -> Result<TableImport, JsValue> {
        Ok(TableImport {
            job: TableJob::new(text, options_from_js(options)?),
        })
    }

    /// Works for about `budgetMs` milliseconds (writing and checking the file are one step
    /// each, whatever they take) and says where the import stands.
    #[wasm_bindgen(unchecked_return_type = "ImportProgress")]
    pub fn step(
        &mut self,
        #[wasm_bindgen(js_name = budgetMs)] budget_ms: f64,
    ) -> Result<JsValue, JsValue> {
        let start = js_sys::Date::now();
        let mut p = self.job.progress();
        while p.stage != Stage::Done {
            p = self.job.step(SLICE);
            if js_sys::Date::now() - start >= budget_ms {
                break;
            }
        }
        to_js(&ImportProgress::from(p))
    }

    /// The outcome once `step` said `finished` (see `importTable`), its lists cut at `limit`.
    #[wasm_bindgen(unchecked_return_type = "ImportResult")]
    pub fn result(&mut self, limit: Option<usize>) -> Result<JsValue, JsValue> {
        let checked = self.job.take().ok_or_else(|| {
            JsValue::from_str("the import is not finished: call step() until it is")
        })?;
        result_js(&checked, limit)
    }
}

/// Reads a host inventory (CSV/TSV): `{header, detected, mapping, hosts, problems, rows,
/// fields}` (`fields`: the ids a column can be mapped to).
#[wasm_bindgen(js_name = importHosts, unchecked_return_type = "ImportedHosts")]
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
    to_js(&ImportedHosts::from(hosts::import_hosts(text, &opts)))
}

/// Merges imported hosts (`importHosts`'s `hosts`) into a plan (`mode`: `merge`, the default,
/// or `replace`), their bare role ids resolved against the catalog (with `catalogs` added, as
/// in `exportPlan`): `{plan, summary: {added, updated, removed}, warnings}`.
#[wasm_bindgen(js_name = mergeHosts, unchecked_return_type = "MergedHosts")]
pub fn merge_hosts_js(
    #[wasm_bindgen(unchecked_param_type = "Plan")] plan: JsValue,
    #[wasm_bindgen(unchecked_param_type = "HostRow[]")] hosts: JsValue,
    #[wasm_bindgen(unchecked_param_type = "MergeMode | null")] mode: Option<String>,
    #[wasm_bindgen(unchecked_param_type = "CatalogFile[] | null")] catalogs: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    let mut plan = crate::plan_from_js(plan)?;
    let rows: Vec<HostRow> = serde_wasm_bindgen::from_value(hosts)
        .map_err(|e| JsValue::from_str(&format!("hosts: {e}")))?;
    let mode = match mode.as_deref() {
        None | Some("merge") => MergeMode::Merge,
        Some("replace") => MergeMode::Replace,
        Some(other) => {
            return Err(JsValue::from_str(&format!(
                "mode `{other}` is unknown: use merge or replace"
            )))
        }
    };
    let cat = match catalogs.filter(|c| !c.is_null() && !c.is_undefined()) {
        Some(files) => crate::catalog_with(files)?,
        None => crate::catalog_or_throw()?,
    };
    let (summary, warnings) = importer::merge_hosts(&mut plan, &rows, mode, &cat);
    to_js(&MergedHosts {
        plan,
        summary,
        warnings,
    })
}
