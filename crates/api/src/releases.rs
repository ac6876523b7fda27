//! Releases in the JavaScript API: the catalog change feed, the changes that touch a plan, and
//! the upgrade of one product of a plan, as data or as a change request (Markdown, HTML, CSV).

use super::{catalog_or_throw, diag_err, plan_from_js, to_js};
use portolan_core::diag::Code;
use portolan_core::diag::Diagnostic;
use portolan_engine as engine;
use portolan_export::upgrade as render;
use wasm_bindgen::prelude::*;

fn feed_or_throw() -> Result<portolan_catalog::feed::Feed, JsValue> {
    portolan_bundled::changes().map_err(|e| JsValue::from_str(&e))
}

/// The catalog change feed (`changes.json`): every recorded catalog revision and its changes
/// (product, fact, releases, impact, previous and current value, citation), oldest first.
#[wasm_bindgen(js_name = changes, unchecked_return_type = "ChangeFeed")]
pub fn changes_js() -> Result<JsValue, JsValue> {
    to_js(&feed_or_throw()?)
}

/// The catalog changes since `revision` (default: the plan's `catalog_revision`) that touch the
/// plan: `{since, current, total, touching}`, or `null` when the plan is of the current revision
/// or records none. An unknown revision throws.
#[wasm_bindgen(js_name = changesSince, unchecked_return_type = "ChangesSince | null")]
pub fn changes_since_js(
    #[wasm_bindgen(unchecked_param_type = "Plan")] plan: JsValue,
    revision: Option<String>,
) -> Result<JsValue, JsValue> {
    let cat = catalog_or_throw()?;
    let plan = plan_from_js(plan)?;
    let since = revision.unwrap_or_else(|| plan.catalog_revision.clone());
    if since.trim().is_empty() {
        return Ok(JsValue::NULL);
    }
    match engine::feed::changes_since(&cat, &feed_or_throw()?, &plan, &since) {
        Ok(Some(s)) => to_js(&s),
        Ok(None) => Ok(JsValue::NULL),
        Err(e) => Err(diag_err(
            &Diagnostic::error(Code::FeedUnknownRevision, e.message).with_help(e.help),
        )),
    }
}

pub(crate) fn upgrade_of(
    plan: JsValue,
    product: &str,
    to: &str,
    from: Option<String>,
    catalogs: Option<JsValue>,
) -> Result<(engine::Upgrade, String), JsValue> {
    let cat = crate::catalog_of(catalogs)?;
    let plan = plan_from_js(plan)?;
    let request = engine::UpgradeRequest {
        product,
        from: from.as_deref(),
        to,
    };
    let u = engine::upgrade(&cat, &plan, request).map_err(|e| {
        diag_err(&Diagnostic::error(Code::UpgradeRequest, e.message).with_help(e.help))
    })?;
    Ok((u, plan.name))
}

/// The upgrade of `product` in the plan from `from` (default: the plan's version) to `to`.
/// `catalogs` as for `exportPlan` (a product the session added can be upgraded too).
#[wasm_bindgen(js_name = upgrade, unchecked_return_type = "Upgrade")]
pub fn upgrade_js(
    #[wasm_bindgen(unchecked_param_type = "Plan")] plan: JsValue,
    product: &str,
    to: &str,
    from: Option<String>,
    #[wasm_bindgen(unchecked_param_type = "CatalogFile[] | null")] catalogs: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    to_js(&upgrade_of(plan, product, to, from, catalogs)?.0)
}

/// The upgrade as a change request: `{file_name, mime, content}` in `format` (`markdown`,
/// `html`, `csv`, `json` or `text`). `catalogs` as for `exportPlan`.
#[wasm_bindgen(
    js_name = exportUpgrade,
    unchecked_return_type = "UpgradeFile"
)]
pub fn export_upgrade_js(
    #[wasm_bindgen(unchecked_param_type = "Plan")] plan: JsValue,
    product: &str,
    to: &str,
    from: Option<String>,
    #[wasm_bindgen(unchecked_param_type = "UpgradeFormat")] format: &str,
    generated_at: Option<String>,
    #[wasm_bindgen(unchecked_param_type = "CatalogFile[] | null")] catalogs: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    let Some((_, ext)) = render::FORMATS.iter().find(|(id, _)| *id == format) else {
        let ids: Vec<&str> = render::FORMATS.iter().map(|(id, _)| *id).collect();
        return Err(diag_err(
            &Diagnostic::error(
                Code::ExportUnknownFormat,
                format!("format `{format}` is unknown"),
            )
            .with_help(format!("use one of: {}", ids.join(", "))),
        ));
    };
    let (u, _) = upgrade_of(plan, product, to, from, catalogs)?;
    let when = generated_at.unwrap_or_else(|| String::from(js_sys::Date::new_0().to_iso_string()));
    to_js(&crate::results::UpgradeFile::of(&u, format, ext, &when))
}
