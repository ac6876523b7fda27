//! The per-host view of the aggregated rules, for host firewalls (Windows Defender Firewall, AWS
//! security groups): for each plan host, the rules it listens for (it is a destination) and the
//! rules it opens (it is a source). Every source of an aggregated rule reaches every destination
//! on the rule's whole port set, so a rule written on one host of it is exact for that host.

use ipnet::IpNet;
use portolan_core::net::Address;
use portolan_core::sort::SortShared;
use portolan_engine::{AggregatedRule, Endpoint, EndpointKind};
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

/// The rules one plan host takes part in.
pub(crate) struct HostRules<'a> {
    pub host: &'a Endpoint,
    /// The first of the report's hosts (the plan's, as the engine read them) with this name: its
    /// index is the plan host's. `None` for a host the report does not list.
    pub index: Option<usize>,
    /// Rules with this host among the destinations.
    pub inbound: Vec<&'a AggregatedRule>,
    /// Rules with this host among the sources.
    pub outbound: Vec<&'a AggregatedRule>,
}

/// The far side of a rule as a host firewall writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Remote {
    /// Any address.
    Any,
    /// These networks (IPv4 then IPv6, collapsed).
    Nets(Vec<IpNet>),
}

/// The sources of `r` as remote addresses, or why they cannot be written as addresses.
pub(crate) fn remote_sources(r: &AggregatedRule) -> Result<Remote, String> {
    remote(r.any_source, &r.source_nets, &r.source_names)
}

/// The destinations of `r` as remote addresses, or why they cannot be written as addresses.
pub(crate) fn remote_destinations(r: &AggregatedRule) -> Result<Remote, String> {
    let any = r.destinations.iter().any(|d| d.kind == EndpointKind::Any);
    remote(any, &r.destination_nets, &r.destination_names)
}

fn remote(any: bool, nets: &[IpNet], names: &[Address]) -> Result<Remote, String> {
    if any {
        Ok(Remote::Any)
    } else if let Some(name) = names.first() {
        Err(format!("`{name}` is a host name, not an address"))
    } else if nets.is_empty() {
        Err("an endpoint has no address".to_string())
    } else {
        Ok(Remote::Nets(nets.to_vec()))
    }
}

/// Every plan host (endpoint of kind host) of `rules`, in the plan's host order (`hosts`: the
/// report's hosts), with the rules it takes part in (in rule order).
pub(crate) fn by_host<'a>(
    hosts: &[Arc<Endpoint>],
    rules: &[&'a AggregatedRule],
) -> Vec<HostRules<'a>> {
    let mut map: BTreeMap<&'a Endpoint, HostRules<'a>> = BTreeMap::new();
    for &r in rules {
        for d in r
            .destinations
            .iter()
            .filter(|e| e.kind == EndpointKind::Host)
        {
            map.entry(d).or_insert_with(|| empty(d)).inbound.push(r);
        }
        for s in r.sources.iter().filter(|e| e.kind == EndpointKind::Host) {
            map.entry(s).or_insert_with(|| empty(s)).outbound.push(r);
        }
    }
    let first = first_of_name(hosts);
    let mut out: Vec<HostRules<'a>> = map.into_values().collect();
    for h in &mut out {
        h.index = first.get(h.host.name.as_str()).copied();
    }
    // stable: hosts of one name keep the endpoint order
    out.sort_shared_by_key(|h| h.index.unwrap_or(usize::MAX));
    out
}

/// The index of the first of `hosts` (the report's hosts) of each name (a map: looking each
/// endpoint up by a scan would cost hosts squared).
pub(crate) fn first_of_name(hosts: &[Arc<Endpoint>]) -> HashMap<&str, usize> {
    let mut first: HashMap<&str, usize> = HashMap::with_capacity(hosts.len());
    for (i, h) in hosts.iter().enumerate() {
        first.entry(h.name.as_str()).or_insert(i);
    }
    first
}

fn empty(host: &Endpoint) -> HostRules<'_> {
    HostRules {
        host,
        index: None,
        inbound: Vec::new(),
        outbound: Vec::new(),
    }
}

/// `a, b, c` of the endpoint names, at most `max` names then `and N more`.
pub(crate) fn names(eps: &[Arc<Endpoint>], max: usize) -> String {
    let mut out: Vec<String> = eps.iter().take(max).map(|e| e.name.clone()).collect();
    if eps.len() > max {
        out.push(format!("and {} more", eps.len() - max));
    }
    out.join(", ")
}

/// The name a group of endpoints is given: their names joined with `_`.
pub(crate) fn group_name(eps: &[Arc<Endpoint>]) -> String {
    eps.iter()
        .map(|e| e.name.as_str())
        .collect::<Vec<_>>()
        .join("_")
}
