//! The release commands: `portolan upgrade` (and the catalog change feed, `plan --since-revision`).

use portolan_catalog::Catalog;
use portolan_core::plan::Plan;
use portolan_engine::{self as engine, UpgradeRequest};
use portolan_export::upgrade as render;

/// The upgrade of one product of `plan` as a change request in `format`; a bad request (a product
/// not in the plan, an unknown release, `from` not older than `to`) or format is an error.
pub fn upgrade(
    catalog: &Catalog,
    plan: &Plan,
    request: UpgradeRequest<'_>,
    format: &str,
    generated_at: &str,
) -> Result<String, String> {
    if !render::FORMATS.iter().any(|(id, _)| *id == format) {
        let ids: Vec<&str> = render::FORMATS.iter().map(|(id, _)| *id).collect();
        return Err(format!(
            "format `{format}` is unknown\n  help: use one of: {}",
            ids.join(", ")
        ));
    }
    let u = engine::upgrade(catalog, plan, request).map_err(|e| e.to_string())?;
    render::render(&u, format, generated_at)
        .ok_or_else(|| format!("cannot write the upgrade as {format}"))
}
