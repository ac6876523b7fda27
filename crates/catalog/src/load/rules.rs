//! `[[rules]]`: the flows between roles, with their ports, conditions and citations.

use super::*;

/// The rules, and their ids (for `replaces`, checked once requirements are read).
pub(super) fn rules(
    ck: &mut Check<'_, '_>,
    raw: &RawProduct,
    d: &Declared<'_>,
    roles: &[Role],
) -> (Vec<Rule>, BTreeSet<String>) {
    let mut rules = Vec::new();
    let mut rule_ids = BTreeSet::new();
    for r in &raw.rules {
        ck.cx.id("rule", &r.id);
        if !rule_ids.insert(r.id.get_ref().clone()) {
            dup(ck.cx, "rule", &r.id);
        }
        ends(ck, r, roles);
        let transport = transport(ck.cx, r);
        let ports = ports(ck, r, d);
        let when = r
            .when
            .as_ref()
            .and_then(|w| condition(ck.cx, w, &d.symbols, &mut ck.used_names));
        for t in &r.tags {
            ck.cx.id("tag", t);
        }
        ck.cx.non_empty("purpose", &r.purpose);
        let rcite = ck.cite(&r.cite, "rule", r.id.span(), true);
        let seen = ck.seen(&r.scope, r.id.span());
        let scope = d.scoping.scope(ck.cx, &r.scope, seen, rcite.as_ref());
        let when = d.scoping.fold(when, &scope);
        if let (Some(transport), Some(rcite)) = (transport, rcite) {
            rules.push(Rule {
                id: r.id.get_ref().as_str().into(),
                from: r.from.get_ref().as_str().into(),
                to: r.to.get_ref().as_str().into(),
                transport,
                protocol: r.protocol.as_ref().map(|p| p.get_ref().as_str().into()),
                ports,
                purpose: r.purpose.get_ref().as_str().into(),
                when,
                optional: r.optional.as_ref().is_some_and(|o| *o.get_ref()),
                tags: r.tags.iter().map(|t| t.get_ref().clone()).collect(),
                service: r.service.as_ref().map(|s| s.get_ref().as_str().into()),
                cite: rcite,
                scope,
                name: Text::default(),
                from_index: None,
                to_index: None,
                fixed_ports: None,
            });
        }
    }
    (rules, rule_ids)
}

/// `from` and `to` name declared roles; a role of kind `any` does not listen.
fn ends(ck: &mut Check<'_, '_>, r: &RawRule, roles: &[Role]) {
    ck.role_ref(&r.from);
    ck.role_ref(&r.to);
    if roles
        .iter()
        .any(|x| &x.id == r.to.get_ref() && x.kind == RoleKind::Any)
    {
        ck.cx.err(
            Code::CatalogAnyListener,
            r.to.span(),
            format!("rule listens on `{}`, a role of kind `any`", r.to.get_ref()),
            "`any` can only open connections; point `to` at the listening role",
        );
    }
}

fn transport(cx: &mut Ctx<'_>, r: &RawRule) -> Option<TransportSpec> {
    match r.transport.get_ref().as_str() {
        "tcp" => Some(TransportSpec::Tcp),
        "udp" => Some(TransportSpec::Udp),
        "both" => Some(TransportSpec::Both),
        other => {
            cx.err(
                Code::CatalogTransport,
                r.transport.span(),
                format!("transport `{other}` is unknown"),
                "use `tcp`, `udp` or `both`; put the application protocol in `protocol`",
            );
            None
        }
    }
}

fn ports(ck: &mut Check<'_, '_>, r: &RawRule, d: &Declared<'_>) -> Vec<PortSpec> {
    let mut ports = Vec::new();
    for p in r.ports.get_ref() {
        if let Some(spec) = port_spec(ck.cx, p, d.parameters(), &mut ck.used_names) {
            ports.push(spec);
        }
    }
    if r.ports.get_ref().is_empty() {
        ck.cx.err(
            Code::CatalogNoPorts,
            r.ports.span(),
            format!("rule `{}` has no ports", r.id.get_ref()),
            "list the listener's ports, e.g. `ports = [443]`; if the source gives none, write an `ambiguity` requirement instead",
        );
    }
    ports
}
