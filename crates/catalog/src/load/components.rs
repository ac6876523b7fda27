//! `[[components]]`: the parts of the product (and third-party software) that have versions.

use super::*;

pub(super) fn components(ck: &mut Check<'_, '_>, raw: &RawProduct) -> Vec<Component> {
    let mut components = Vec::new();
    for c in &raw.components {
        ck.declare("component", &c.id);
        let mut versions = Vec::new();
        for v in &c.versions {
            if let Some(v) = version(ck.cx, v) {
                versions.push(v);
            }
        }
        let kind = trust::component_kind(ck.cx, c, &versions);
        let ccite = ck.cite(&c.cite, "component", c.id.span(), false);
        let releases = releases::read(ck.cx, c, &versions, &ck.source_ids);
        if let Some((kind, default)) = kind {
            components.push(Component {
                id: c.id.get_ref().clone(),
                name: c.name.get_ref().clone(),
                kind,
                vendor: c.vendor.as_ref().map(|v| v.get_ref().clone()),
                description: c.description.as_ref().map(|d| d.get_ref().clone()),
                versions,
                default,
                cite: ccite,
                releases,
            });
        }
    }
    releases::check_components(ck.cx, &raw.components, &components);
    components
}
