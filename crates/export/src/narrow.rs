//! What part of an aggregated rule a format can carry.
//!
//! One aggregated rule may mix endpoints with addresses and endpoints known only by a host name
//! or a `*.domain` wildcard (e.g. a cloud service given by two IP addresses and a name, all on
//! tcp/443). A format that carries addresses only must still write the addresses: the rule is
//! narrowed to its expressible part, and only the names are listed as not expressed, with the
//! formats that do carry them. This is done here, once, for every format, from the format's
//! declared [`Capabilities`]: an exporter never sees the names it cannot write.

use crate::{registry, Capabilities, Unexpressed};
use portolan_core::net::{Address, Transport};
use portolan_engine::{AggregatedRule, Endpoint, EndpointKind};
use std::borrow::Cow;
use std::sync::Arc;

/// Splits the aggregated rules into what a format with `caps` can express (whole rules, or
/// rules narrowed to their expressible part) and what it cannot (with why; a narrowed rule is
/// listed as `partly: ...`).
pub fn partition(
    caps: Capabilities,
    rules: &[AggregatedRule],
) -> (Vec<Cow<'_, AggregatedRule>>, Vec<Unexpressed>) {
    let mut ok = Vec::with_capacity(rules.len());
    let mut skipped = Vec::new();
    for r in rules {
        match narrow(caps, r) {
            Narrowed::Whole => ok.push(Cow::Borrowed(r)),
            Narrowed::Part(part, why) => {
                ok.push(Cow::Owned(*part));
                skipped.push(unexpressed(r, format!("partly: {why}")));
            }
            Narrowed::Nothing(why) => skipped.push(unexpressed(r, why)),
        }
    }
    (ok, skipped)
}

fn unexpressed(r: &AggregatedRule, reason: String) -> Unexpressed {
    Unexpressed {
        rule: r.id.clone(),
        reason,
    }
}

/// How much of one rule a format can carry.
enum Narrowed {
    Whole,
    /// The rule without the names the format cannot carry, and what was left out.
    Part(Box<AggregatedRule>, String),
    /// Nothing: why.
    Nothing(String),
}

fn narrow(caps: Capabilities, r: &AggregatedRule) -> Narrowed {
    if r.unresolved && !caps.unresolved {
        return Narrowed::Nothing(unresolved_reason(r));
    }
    if !caps.ipv6
        && r.source_nets
            .iter()
            .chain(&r.destination_nets)
            .any(|n| matches!(n, ipnet::IpNet::V6(_)))
    {
        return Narrowed::Nothing("this format is IPv4 only".to_string());
    }
    let carried = |a: &Address| match a {
        Address::Net(_) => true,
        Address::Fqdn(_) => caps.fqdn,
        Address::Wildcard(_) => caps.wildcard,
    };
    let left_out: Vec<(&str, &Address)> = [("from", &r.source_names), ("to", &r.destination_names)]
        .into_iter()
        .flat_map(|(side, names)| names.iter().filter(|a| !carried(a)).map(move |a| (side, a)))
        .collect();
    if left_out.is_empty() {
        return Narrowed::Whole;
    }
    let why = left_out_text(&left_out, r.transport);
    let keep = |e: &Arc<Endpoint>| e.kind == EndpointKind::Any || e.rule_addresses().any(&carried);
    let mut part = r.clone();
    part.source_names.retain(|a| carried(a));
    part.destination_names.retain(|a| carried(a));
    part.sources.retain(keep);
    part.destinations.retain(keep);
    // the endpoints kept lose the names left out, so an exporter that writes an endpoint's
    // addresses (as named objects) writes only what the rule carries
    for e in part.sources.iter_mut().chain(part.destinations.iter_mut()) {
        if e.rule_addresses().any(|a| !carried(a)) {
            let rule_addresses: Vec<Address> = e.rule_addresses().cloned().collect();
            let mut narrowed = Endpoint::clone(e);
            narrowed
                .addresses
                .retain(|a| carried(a) || !rule_addresses.contains(a));
            *e = Arc::new(narrowed);
        }
    }
    // a host name the engine left out as covered by a wildcard (`rtc.example.com` beside
    // `*.example.com`) is needed again when the wildcard is left out
    part.source_names = names_of(&part.sources);
    part.destination_names = names_of(&part.destinations);
    let any_destination = part
        .destinations
        .iter()
        .any(|d| d.kind == EndpointKind::Any);
    let no_sources =
        !part.any_source && part.source_nets.is_empty() && part.source_names.is_empty();
    let no_destinations =
        !any_destination && part.destination_nets.is_empty() && part.destination_names.is_empty();
    if no_sources || no_destinations {
        return Narrowed::Nothing(why);
    }
    Narrowed::Part(Box::new(part), why)
}

/// The host names and wildcards of `eps` as a rule writes them: sorted, each once, without the
/// names a wildcard of the list covers (as the engine aggregates them).
fn names_of(eps: &[Arc<Endpoint>]) -> Vec<Address> {
    let mut names: Vec<Address> = eps
        .iter()
        .flat_map(|e| e.rule_addresses())
        .filter(|a| !a.is_ip())
        .cloned()
        .collect();
    names.sort_unstable();
    names.dedup();
    names
        .iter()
        .filter(|n| !names.iter().any(|w| w != *n && w.covers(n)))
        .cloned()
        .collect()
}

/// ``to wildcards `*.a`, `*.b` (in squid, pac); ...``: the names left out,
/// by side and kind, each kind with the policy formats that carry it on the rule's transport.
fn left_out_text(left_out: &[(&str, &Address)], transport: Transport) -> String {
    let mut groups: Vec<String> = Vec::new();
    for side in ["from", "to"] {
        for (wildcards, kind) in [(false, "host names"), (true, "wildcards")] {
            let these: Vec<String> = left_out
                .iter()
                .filter(|(s, a)| *s == side && matches!(a, Address::Wildcard(_)) == wildcards)
                .map(|(_, a)| format!("`{a}`"))
                .collect();
            if these.is_empty() {
                continue;
            }
            groups.push(format!(
                "{side} {kind} {} ({})",
                these.join(", "),
                carriers(wildcards, transport)
            ));
        }
    }
    groups.join("; ")
}

/// `in squid, pac`: the registered policy formats (allow-lists a device or proxy enforces)
/// that carry host names, or wildcard domains, on `transport`.
fn carriers(wildcards: bool, transport: Transport) -> String {
    let ids: Vec<&str> = registry()
        .into_iter()
        .filter(|e| e.is_policy() && (transport == Transport::Tcp || e.udp()))
        .filter(|e| {
            let c = e.capabilities();
            if wildcards {
                c.wildcard
            } else {
                c.fqdn
            }
        })
        .map(|e| e.id())
        .collect();
    if ids.is_empty() {
        "in no format: resolve them to addresses".to_string()
    } else {
        format!("in {}", ids.join(", "))
    }
}

/// Why a rule has an endpoint without addresses, naming the endpoint and what to do.
fn unresolved_reason(r: &AggregatedRule) -> String {
    let mut parts = Vec::new();
    for e in r
        .sources
        .iter()
        .chain(&r.destinations)
        .filter(|e| !e.is_resolved())
    {
        parts.push(match e.kind {
            EndpointKind::External => format!(
                "the vendor gives no address for `{}`: map it to a host with its addresses",
                e.name
            ),
            EndpointKind::Host => format!("host `{}` has no valid address", e.name),
            _ => format!("role `{}` is not mapped to a host yet", e.name),
        });
    }
    parts.join("; ")
}
