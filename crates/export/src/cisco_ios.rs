//! Cisco IOS / IOS-XE: extended named access lists with object-groups.
//!
//! - **IPv4:** an `object-group network` per plan host, named after it ([`objects`]), holding its
//!   networks (`host A`, `A MASK`); a group per side of a rule with several hosts, holding them
//!   as `group-object`; an `object-group service` per port set (`tcp eq 443`, `tcp range A B`);
//!   and one `permit object-group SVC SRC DST` line per rule in `ip access-list extended
//!   PORTOLAN`, after `remark` lines naming the rule, its catalog rules, hosts and purpose.
//! - **IPv6:** IOS object-groups for IPv6 are not available on every release, so the IPv6 part
//!   of a rule is written inline in `ipv6 access-list PORTOLAN6`, one `permit` line per source,
//!   destination and port range.
//! - **One list per direction of traffic, not per interface:** every rule permits traffic from
//!   its sources to its destinations, so apply `PORTOLAN` (and `PORTOLAN6`) inbound on the
//!   interface the sources reach the router through (`ip access-group PORTOLAN in`, `ipv6
//!   traffic-filter PORTOLAN6 in`). The lists end in the implicit deny.
//! - **Cannot:** host names and wildcard domains (IOS access lists match addresses only). A rule
//!   whose sides share no address family can match nothing and is listed.
//! - **Names** are `[A-Za-z0-9_.-]`, a letter first, at most 64 characters, unique, never a
//!   keyword of the ACL grammar; every change is reported. Remarks and descriptions are
//!   [`text::device_text`] (printable ASCII, no quotes or `?`), at most 100 characters.

use super::hosts;
use super::objects;
use super::text::{self, Names};
use super::{Capabilities, ExportContext, Exporter, Output, Unexpressed};
use ipnet::IpNet;
use portolan_core::net::{PortRange, PortSet, Transport};
use portolan_engine::{AggregatedRule, Endpoint};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::sync::Arc;

pub struct CiscoIos;

/// The access lists every rule goes into.
pub const ACL: &str = "PORTOLAN";
pub const ACL6: &str = "PORTOLAN6";
const MAX_NAME: usize = 64;
const MAX_REMARK: usize = 100;
const RESERVED: &[&str] = &[
    "any",
    "host",
    "object-group",
    "group-object",
    "range",
    "eq",
    "tcp",
    "udp",
    "ip",
    "ipv6",
    "permit",
    "deny",
    "remark",
    "log",
];

impl Exporter for CiscoIos {
    fn id(&self) -> &'static str {
        "cisco-ios"
    }
    fn name(&self) -> &'static str {
        "Cisco IOS / IOS-XE (extended ACL)"
    }
    fn extension(&self) -> &'static str {
        "ios"
    }
    fn capabilities(&self) -> Capabilities {
        Capabilities {
            fqdn: false,
            wildcard: false,
            ipv6: true,
            unresolved: false,
            ranges: true,
            zones: false,
        }
    }
    fn description(&self) -> &'static str {
        "Network object-groups named after the plan's hosts, service object-groups and one \
         permit line per rule in an extended named ACL (IPv6 inline in an IPv6 ACL); no host \
         names or wildcard domains."
    }

    fn render(
        &self,
        cx: &ExportContext<'_>,
        rules: &[&AggregatedRule],
        skipped: &[Unexpressed],
        out: &mut Output,
    ) {
        let mut names = Names::new(MAX_NAME);
        for w in RESERVED {
            names.reserve(w);
        }
        let (ok, mut unexpressed) = objects::writable(rules, None);
        let mut st = State {
            host_groups: BTreeMap::new(),
            names,
            objects: String::new(),
            defined: BTreeSet::new(),
        };
        st.define_hosts(cx, &ok);
        let (mut acl, mut acl6) = (String::new(), String::new());
        let mut count = 0usize;
        for r in &ok {
            let v4 = st.rule_v4(&mut acl, r);
            let v6 = rule_v6(&mut acl6, r);
            if v4 || v6 {
                count += 1;
            } else {
                unexpressed.push(Unexpressed {
                    rule: r.id.clone(),
                    reason: "its sources and destinations have no address family in common".into(),
                });
            }
        }
        let mut all_skipped = skipped.to_vec();
        all_skipped.extend(unexpressed.iter().cloned());
        let mut s = text::header("!", self, cx, count, &all_skipped).replace('?', "_");
        s.push_str(
            "!\n! Paste in configuration mode. Apply the lists inbound where the sources enter,\n",
        );
        let _ = writeln!(
            s,
            "! e.g. interface X / ip access-group {ACL} in / ipv6 traffic-filter {ACL6} in"
        );
        s.push_str("! Group names are made from the plan's host names; see the renamed list.\n!\n");
        s.push_str(&st.objects);
        if !acl.is_empty() {
            let _ = writeln!(s, "ip access-list extended {ACL}");
            s.push_str(&acl);
        }
        if !acl6.is_empty() {
            let _ = writeln!(s, "ipv6 access-list {ACL6}");
            s.push_str(&acl6);
        }
        out.content = s;
        out.rule_count = count;
        out.unexpressed = unexpressed;
        out.renamed = st.names.renamed;
    }
}

struct State {
    /// The group of each endpoint with IPv4 networks (by endpoint key).
    host_groups: BTreeMap<String, String>,
    names: Names,
    objects: String,
    defined: BTreeSet<String>,
}

impl State {
    /// An `object-group network` per endpoint with IPv4 networks, in plan host order.
    fn define_hosts(&mut self, cx: &ExportContext<'_>, rules: &[&AggregatedRule]) {
        for e in objects::endpoints(&cx.report.hosts, rules) {
            let nets: Vec<IpNet> = v4_nets(e);
            if nets.is_empty() {
                continue;
            }
            let key = objects::endpoint_key(e);
            let name = self.names.user(&format!("host:{key}"), &e.name);
            let _ = writeln!(self.objects, "object-group network {name}");
            let desc = text::device_text(&format!("Portolan: {}", e.name), MAX_REMARK);
            let _ = writeln!(self.objects, " description {desc}");
            for n in nets {
                match n {
                    IpNet::V4(v4) if v4.prefix_len() == 32 => {
                        let _ = writeln!(self.objects, " host {}", v4.addr());
                    }
                    IpNet::V4(v4) => {
                        let _ = writeln!(self.objects, " {} {}", v4.network(), v4.netmask());
                    }
                    IpNet::V6(_) => {}
                }
            }
            self.host_groups.insert(key, name);
        }
    }

    /// The IPv4 line of a rule (with its remarks), or false when it has no IPv4 part.
    fn rule_v4(&mut self, acl: &mut String, r: &AggregatedRule) -> bool {
        let any_dst = objects::is_any(&r.destinations);
        let Some(src) = self.side(&r.sources, r.any_source) else {
            return false;
        };
        let Some(dst) = self.side(&r.destinations, any_dst) else {
            return false;
        };
        let svc = self.service(r.transport, &r.ports);
        remarks(acl, r);
        let _ = writeln!(acl, " permit object-group {svc} {src} {dst}");
        true
    }

    /// `any`, `object-group HOST`, or `object-group GROUP` (defined here) of the side's hosts;
    /// `None` when the side has no IPv4 network.
    fn side(&mut self, eps: &[Arc<Endpoint>], any: bool) -> Option<String> {
        if any {
            return Some("any".to_string());
        }
        let mut members: Vec<String> = Vec::new();
        for e in eps {
            if let Some(g) = self.host_groups.get(&objects::endpoint_key(e)) {
                if !members.contains(g) {
                    members.push(g.clone());
                }
            }
        }
        match members.as_slice() {
            [] => return None,
            [one] => return Some(format!("object-group {one}")),
            _ => {}
        }
        let key = format!("group:{}", members.join(" "));
        let name = self.names.user(&key, &hosts::group_name(eps));
        if self.defined.insert(key) {
            let _ = writeln!(self.objects, "object-group network {name}");
            let desc =
                text::device_text(&format!("Portolan: {}", hosts::names(eps, 8)), MAX_REMARK);
            let _ = writeln!(self.objects, " description {desc}");
            for m in &members {
                let _ = writeln!(self.objects, " group-object {m}");
            }
        }
        Some(format!("object-group {name}"))
    }

    /// An `object-group service` with the ports; returns its name.
    fn service(&mut self, t: Transport, ports: &PortSet) -> String {
        let list: Vec<String> = ports.ranges().iter().map(|p| p.to_string()).collect();
        let key = format!("svc:{t}:{}", list.join(","));
        let name = self
            .names
            .internal(&key, &format!("{t}_{}", list.join("_")));
        if self.defined.insert(key) {
            let _ = writeln!(self.objects, "object-group service {name}");
            for p in ports.ranges() {
                let _ = writeln!(self.objects, " {t} {}", port_match(p));
            }
        }
        name
    }
}

/// The IPv4 networks an endpoint contributes to a rule.
fn v4_nets(e: &Endpoint) -> Vec<IpNet> {
    objects::values(e)
        .into_iter()
        .filter_map(|v| match v {
            objects::Value::Net(n @ IpNet::V4(_)) => Some(n),
            _ => None,
        })
        .collect()
}

/// `eq P` or `range A B`.
fn port_match(p: &PortRange) -> String {
    if p.is_single() {
        format!("eq {}", p.start())
    } else {
        format!("range {} {}", p.start(), p.end())
    }
}

/// Up to three `remark` lines: rule id and catalog rules, hosts, purpose. Each starts with the
/// rule id, so no two remarks of a list are the same line.
fn remarks(acl: &mut String, r: &AggregatedRule) {
    let optional = if r.optional { " (optional)" } else { "" };
    for remark in [
        format!("{}{optional} {}", r.id, r.catalog_rules.join(", ")),
        format!(
            "{} {} -> {}",
            r.id,
            hosts::names(&r.sources, 3),
            hosts::names(&r.destinations, 3)
        ),
        format!("{} {}", r.id, r.purposes.join(" / ")),
    ] {
        let t = text::device_text(&remark, MAX_REMARK);
        if !t.is_empty() {
            let _ = writeln!(acl, " remark {t}");
        }
    }
}

/// The IPv6 lines of a rule, inline: one per source, destination and port range; false when
/// the rule has no IPv6 part.
fn rule_v6(acl: &mut String, r: &AggregatedRule) -> bool {
    let v6 = |any: bool, nets: &[IpNet]| -> Vec<String> {
        if any {
            return vec!["any".to_string()];
        }
        nets.iter()
            .filter_map(|n| match n {
                IpNet::V6(v) if v.prefix_len() == 128 => Some(format!("host {}", v.addr())),
                IpNet::V6(v) => Some(v.to_string()),
                IpNet::V4(_) => None,
            })
            .collect()
    };
    let srcs = v6(r.any_source, &r.source_nets);
    let dsts = v6(objects::is_any(&r.destinations), &r.destination_nets);
    if srcs.is_empty() || dsts.is_empty() {
        return false;
    }
    remarks(acl, r);
    for s in &srcs {
        for d in &dsts {
            for p in r.ports.ranges() {
                let _ = writeln!(acl, " permit {} {s} {d} {}", r.transport, port_match(p));
            }
        }
    }
    true
}
