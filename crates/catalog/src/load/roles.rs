//! `[[roles]]`: the parties of the product's flows, and the endpoints of the external ones.

use super::*;

/// What the steps after the declarations read: the names conditions may use, the parameters
/// ports and endpoints may use, and the releases facts may be scoped to.
pub(super) struct Declared<'d> {
    pub(super) symbols: ProductSymbols<'d>,
    pub(super) scoping: releases::Scoping<'d>,
}

impl Declared<'_> {
    pub(super) fn parameters(&self) -> &[Parameter] {
        self.symbols.parameters
    }
}

pub(super) fn roles(ck: &mut Check<'_, '_>, raw: &RawProduct, d: &Declared<'_>) -> Vec<Role> {
    let mut roles = Vec::new();
    let mut role_ids = BTreeSet::new();
    for r in &raw.roles {
        ck.cx.id("role", &r.id);
        if !role_ids.insert(r.id.get_ref().clone()) {
            dup(ck.cx, "role", &r.id);
        }
        let kind = role_kind(ck.cx, r);
        for e in &r.endpoints.plain {
            endpoint(ck.cx, e, d.parameters(), &mut ck.used_names);
        }
        let when = r
            .when
            .as_ref()
            .and_then(|w| trust::role_when(ck.cx, w, &d.symbols, &mut ck.used_names));
        let external = kind == Some(RoleKind::External);
        let container = r.container.as_ref().is_some_and(|c| *c.get_ref());
        let what = if container {
            "container role"
        } else {
            "external role"
        };
        let rcite = ck.cite(&r.cite, what, r.id.span(), external || container);
        let release_endpoints = scoped_endpoints(ck, r, d);
        if let Some(kind) = kind {
            roles.push(Role {
                id: r.id.get_ref().clone(),
                name: r.name.get_ref().clone(),
                kind,
                description: r.description.as_ref().map(|d| d.get_ref().clone()),
                endpoints: (r.endpoints.plain.iter())
                    .map(|e| e.get_ref().clone())
                    .collect(),
                when,
                container,
                cite: rcite,
                release_endpoints,
            });
        }
    }
    roles
}

/// The role's kind; only external roles have endpoints.
fn role_kind(cx: &mut Ctx<'_>, r: &RawRole) -> Option<RoleKind> {
    let kind = match r.kind.get_ref().as_str() {
        "internal" => Some(RoleKind::Internal),
        "external" => Some(RoleKind::External),
        "any" => Some(RoleKind::Any),
        other => {
            cx.err(
                Code::CatalogRoleKind,
                r.kind.span(),
                format!("role kind `{other}` is unknown"),
                "use `internal` (mapped to your hosts), `external` (fixed endpoints) or `any`",
            );
            None
        }
    };
    if kind != Some(RoleKind::External) {
        let first_scoped = r.endpoints.scoped.first().map(|e| &e.endpoint);
        if let Some(first) = r.endpoints.plain.first().or(first_scoped) {
            cx.err(
                Code::CatalogEndpointsOnInternal,
                first.span(),
                "only external roles have `endpoints`".to_string(),
                "write `kind = \"external\"` or remove `endpoints`",
            );
        }
    }
    kind
}

/// Endpoints of some releases only (`{ endpoint, since, until, seen, cite }`).
fn scoped_endpoints(ck: &mut Check<'_, '_>, r: &RawRole, d: &Declared<'_>) -> Vec<ScopedEndpoint> {
    let mut out = Vec::new();
    for e in &r.endpoints.scoped {
        endpoint(ck.cx, &e.endpoint, d.parameters(), &mut ck.used_names);
        let ecite = ck.cite(&e.cite, "endpoint", e.endpoint.span(), true);
        let seen = ck.seen(&e.scope, e.endpoint.span());
        let scope = d.scoping.scope(ck.cx, &e.scope, seen, ecite.as_ref());
        if let Some(ecite) = ecite {
            out.push(ScopedEndpoint {
                endpoint: e.endpoint.get_ref().clone(),
                scope,
                cite: ecite,
            });
        }
    }
    out
}
