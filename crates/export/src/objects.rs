//! Address objects named after the plan's hosts, for the object-based device formats (Cisco ASA
//! and IOS, PAN-OS, FortiOS, Junos SRX, Check Point).
//!
//! Every endpoint of a rule (a plan host, or an external role with the vendor's addresses)
//! becomes one address object per rule address, named after the endpoint: `ris01` when it has
//! one address, `agents_10.8.0.0_22`, `agents_10.8.4.0_27`, ... when it has several (the name,
//! `_`, the address). A side of a rule is then its endpoints' objects.
//!
//! Names are sanitised by the format's [`Names`] (its character set, length and keywords), so
//! they are unique within the artifact, and every change to a name the user typed is reported.
//! They are **stable across runs**: [`HostObjects::new`] names every endpoint of the expressed
//! rules in the plan's host order (then external endpoints by name) before any rule is written,
//! so a name depends on the plan's hosts, not on the rules' order or on which rules exist.

use super::text::Names;
use super::Unexpressed;
use ipnet::IpNet;
use portolan_core::net::Address;
use portolan_core::sort::SortShared;
use portolan_engine::{AggregatedRule, Endpoint, EndpointKind};
use std::collections::BTreeMap;
use std::sync::Arc;

/// What one address object holds.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Value {
    Net(IpNet),
    /// A host name (FQDN object).
    Fqdn(String),
    /// `*.domain`: the domain, without `*.`.
    Wildcard(String),
}

impl Value {
    pub(crate) fn is_v6(&self) -> bool {
        matches!(self, Value::Net(IpNet::V6(_)))
    }
}

/// One address object: its name and what it holds.
#[derive(Debug, Clone)]
pub(crate) struct Object {
    pub name: String,
    pub value: Value,
}

/// The address objects of an artifact, in definition order (plan host order).
#[derive(Debug, Default)]
pub(crate) struct HostObjects {
    pub objects: Vec<Object>,
    /// Object index by (endpoint key, value).
    by_key: BTreeMap<(String, Value), usize>,
}

/// The values an endpoint contributes to a rule: its rule addresses, networks collapsed (IPv4
/// then IPv6), then names; the same addresses the engine aggregates.
pub(crate) fn values(ep: &Endpoint) -> Vec<Value> {
    let mut nets = Vec::new();
    let mut names = Vec::new();
    for a in ep.rule_addresses() {
        match a {
            Address::Net(n) => nets.push(*n),
            Address::Fqdn(h) => names.push(Value::Fqdn(h.clone())),
            Address::Wildcard(d) => names.push(Value::Wildcard(d.clone())),
        }
    }
    names.sort();
    names.dedup();
    let mut out: Vec<Value> = portolan_core::net::collapse(&nets)
        .into_iter()
        .map(Value::Net)
        .collect();
    out.extend(names);
    out
}

/// A key telling endpoints apart: kind, name and zone.
pub(crate) fn endpoint_key(ep: &Endpoint) -> String {
    format!("{:?}\u{1}{}\u{1}{}", ep.kind, ep.name, ep.zone)
}

/// The suffix an address gives a name: `10.8.0.0_22`, `2001_db8__1`, `portal.example.com`.
fn suffix(v: &Value) -> String {
    match v {
        Value::Net(n) if n.prefix_len() == n.max_prefix_len() => n.addr().to_string(),
        Value::Net(n) => format!("{}_{}", n.network(), n.prefix_len()),
        Value::Fqdn(h) => h.clone(),
        Value::Wildcard(d) => format!("any.{d}"),
    }
}

/// Every endpoint of `rules` except `any`, each once: plan hosts in the plan's order (`hosts`:
/// the report's hosts), then the other endpoints by name.
pub(crate) fn endpoints<'a>(
    hosts: &[Arc<Endpoint>],
    rules: &[&'a AggregatedRule],
) -> Vec<&'a Endpoint> {
    let mut eps: BTreeMap<String, &Endpoint> = BTreeMap::new();
    for r in rules {
        for e in r.sources.iter().chain(&r.destinations) {
            if e.kind != EndpointKind::Any {
                eps.entry(endpoint_key(e)).or_insert(e);
            }
        }
    }
    let first = crate::hosts::first_of_name(hosts);
    let position = |e: &Endpoint| match e.kind {
        EndpointKind::Host => first.get(e.name.as_str()).copied().unwrap_or(usize::MAX),
        _ => usize::MAX,
    };
    let mut ordered: Vec<&Endpoint> = eps.into_values().collect();
    // stable: equal positions keep the key order (kind, name, zone)
    ordered.sort_shared_by_key(|e| position(e));
    ordered
}

impl HostObjects {
    /// Names the objects of every endpoint of `rules` (except `any`): plan hosts in the plan's
    /// order, then the other endpoints by name. `keep` says which values the format writes.
    pub(crate) fn new(
        names: &mut Names,
        hosts: &[Arc<Endpoint>],
        rules: &[&AggregatedRule],
        keep: impl Fn(&Value) -> bool,
    ) -> HostObjects {
        let ordered = endpoints(hosts, rules);
        let mut book = HostObjects::default();
        for e in ordered {
            book.name_endpoint(names, e, &keep);
        }
        book
    }

    fn name_endpoint(&mut self, names: &mut Names, e: &Endpoint, keep: &impl Fn(&Value) -> bool) {
        let vals: Vec<Value> = values(e).into_iter().filter(|v| keep(v)).collect();
        let single = vals.len() == 1;
        for v in vals {
            let key = (endpoint_key(e), v.clone());
            if self.by_key.contains_key(&key) {
                continue;
            }
            let wanted = if single {
                e.name.clone()
            } else {
                format!("{}_{}", e.name, suffix(&v))
            };
            let name = names.user(&format!("obj:{}:{}", key.0, suffix(&v)), &wanted);
            self.by_key.insert(key, self.objects.len());
            self.objects.push(Object { name, value: v });
        }
    }

    /// The objects of one side of a rule, in endpoint order, each once; `keep` as for `new`.
    pub(crate) fn side(
        &self,
        eps: &[Arc<Endpoint>],
        keep: impl Fn(&Value) -> bool,
    ) -> Vec<&Object> {
        let mut out: Vec<&Object> = Vec::new();
        for e in eps {
            for v in values(e).into_iter().filter(|v| keep(v)) {
                if let Some(o) = self
                    .by_key
                    .get(&(endpoint_key(e), v))
                    .and_then(|&i| self.objects.get(i))
                {
                    if !out.iter().any(|x| x.name == o.name) {
                        out.push(o);
                    }
                }
            }
        }
        out
    }
}

/// The rules an object-based format can write, and why the others are left out: sides without
/// any address, and (when `no_wildcards` names what cannot hold them, e.g. "ASA objects")
/// wildcard domains.
pub(crate) fn writable<'a>(
    rules: &[&'a AggregatedRule],
    no_wildcards: Option<&str>,
) -> (Vec<&'a AggregatedRule>, Vec<Unexpressed>) {
    let mut ok = Vec::new();
    let mut unexpressed = Vec::new();
    for &r in rules {
        let any_dst = is_any(&r.destinations);
        let wildcard = r
            .source_names
            .iter()
            .chain(&r.destination_names)
            .find(|a| matches!(a, Address::Wildcard(_)));
        let no_src = !r.any_source && r.source_nets.is_empty() && r.source_names.is_empty();
        let no_dst = !any_dst && r.destination_nets.is_empty() && r.destination_names.is_empty();
        let reason = match (wildcard, no_wildcards) {
            (Some(w), Some(holder)) => {
                format!("`{w}` is a wildcard domain, which {holder} cannot hold")
            }
            _ if no_src || no_dst => "an endpoint has no address".to_string(),
            _ => {
                ok.push(r);
                continue;
            }
        };
        unexpressed.push(Unexpressed {
            rule: r.id.clone(),
            reason,
        });
    }
    (ok, unexpressed)
}

/// True when a rule side is `any` (its endpoints include the any endpoint, or `any_source`).
pub(crate) fn is_any(eps: &[Arc<Endpoint>]) -> bool {
    eps.iter().any(|e| e.kind == EndpointKind::Any)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ep(name: &str, addrs: &[&str]) -> Arc<Endpoint> {
        Arc::new(Endpoint {
            kind: EndpointKind::Host,
            name: name.into(),
            zone: String::new(),
            addresses: addrs.iter().map(|a| a.parse().unwrap()).collect(),
        })
    }

    #[test]
    fn values_collapse_networks_and_keep_names() {
        let db = ep("db", &["10.0.0.2", "10.0.0.3", "2001:db8::1"]);
        assert_eq!(
            values(&db),
            [
                Value::Net("10.0.0.2/31".parse().unwrap()),
                Value::Net("2001:db8::1/128".parse().unwrap())
            ]
        );
        // a host with an IP: its names are aliases, not rule addresses
        let web = ep("web", &["10.0.0.1", "web.example"]);
        assert_eq!(values(&web), [Value::Net("10.0.0.1/32".parse().unwrap())]);
        let cloud = ep("cloud", &["portal.example", "*.cdn.example"]);
        assert_eq!(
            values(&cloud),
            [
                Value::Fqdn("portal.example".into()),
                Value::Wildcard("cdn.example".into())
            ]
        );
    }

    #[test]
    fn suffixes_are_readable() {
        assert_eq!(
            suffix(&Value::Net("10.8.0.0/22".parse().unwrap())),
            "10.8.0.0_22"
        );
        assert_eq!(
            suffix(&Value::Net("10.8.0.1/32".parse().unwrap())),
            "10.8.0.1"
        );
        assert_eq!(suffix(&Value::Wildcard("a.io".into())), "any.a.io");
    }
}
