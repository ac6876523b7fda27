//! Cisco ASA: a network object per address of each plan host, named after the host
//! ([`objects`]: `host`, `subnet` or `fqdn v4`), a network object-group per side of a rule with
//! several objects (named after its hosts), TCP/UDP service object-groups, and one `access-list
//! PORTOLAN extended permit` line per aggregated rule with `remark` lines naming the rule, its
//! catalog rules and purpose.
//!
//! Object names are sanitised with [`Names`] (letters, digits, `_-.`, at most 64 characters,
//! unique: objects and object-groups share one name space on the ASA) and every change is
//! reported. Remarks and descriptions are [`text::device_text`]: one line of printable ASCII
//! without quotes or `?`.

use super::hosts;
use super::objects::{self, HostObjects, Value};
use super::text::{self, Names};
use super::{Capabilities, ExportContext, Exporter, Output, Unexpressed};
use ipnet::IpNet;
use portolan_core::net::{PortSet, Transport};
use portolan_engine::{AggregatedRule, Endpoint};
use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::sync::Arc;

pub struct CiscoAsa;

/// The access list every rule goes into.
pub const ACL: &str = "PORTOLAN";
/// ASA object names are at most 64 characters.
const MAX_NAME: usize = 64;
/// ASA remarks are at most 100 characters; descriptions at most 200.
const MAX_REMARK: usize = 100;
const MAX_DESCRIPTION: usize = 200;
/// Words of the ACL grammar no object is named after.
const RESERVED: &[&str] = &[
    "any",
    "any4",
    "any6",
    "host",
    "object",
    "object-group",
    "interface",
    "range",
    "eq",
    "tcp",
    "udp",
    "ip",
];

impl Exporter for CiscoAsa {
    fn id(&self) -> &'static str {
        "cisco-asa"
    }
    fn name(&self) -> &'static str {
        "Cisco ASA"
    }
    fn extension(&self) -> &'static str {
        "asa"
    }
    fn capabilities(&self) -> Capabilities {
        Capabilities {
            fqdn: true,
            wildcard: false,
            ipv6: true,
            unresolved: false,
            ranges: true,
            zones: false,
        }
    }
    fn description(&self) -> &'static str {
        "Network and service object-groups and one access-list extended line per rule; host \
         names as FQDN objects (IPv4), no wildcard domains."
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
        let (ok, unexpressed) = objects::writable(rules, Some("ASA objects"));
        let book = HostObjects::new(&mut names, &cx.report.hosts, &ok, |_| true);
        let mut st = State {
            names,
            book,
            defined: BTreeSet::new(),
            objects: String::new(),
        };
        st.define_objects();
        let mut acl = String::new();
        let mut count = 0usize;
        for r in &ok {
            let src = st.side(&r.sources, r.any_source);
            let dst = st.side(&r.destinations, objects::is_any(&r.destinations));
            let svc = st.service(r.transport, &r.ports);
            let optional = if r.optional { " (optional)" } else { "" };
            for remark in [
                format!("{}{optional} {}", r.id, r.catalog_rules.join(", ")),
                format!(
                    "{} -> {}",
                    hosts::names(&r.sources, 3),
                    hosts::names(&r.destinations, 3)
                ),
                r.purposes.join(" / "),
            ] {
                let t = text::device_text(&remark, MAX_REMARK);
                if !t.is_empty() {
                    let _ = writeln!(acl, "access-list {ACL} remark {t}");
                }
            }
            let _ = writeln!(
                acl,
                "access-list {ACL} extended permit {} {src} {dst} object-group {svc}",
                r.transport
            );
            count += 1;
        }

        let mut all_skipped = skipped.to_vec();
        all_skipped.extend(unexpressed.iter().cloned());
        let mut s = text::header("!", self, cx, count, &all_skipped).replace('?', "_");
        s.push_str("!\n");
        let _ = writeln!(
            s,
            "! Apply the access list where it belongs, e.g.: access-group {ACL} in interface inside"
        );
        s.push_str("! FQDN objects need DNS on the ASA (dns domain-lookup, dns server-group); they resolve IPv4.\n");
        s.push_str("! Object and group names are sanitised from host names; see the export's renamed list.\n");
        s.push_str("!\n");
        s.push_str(&st.objects);
        s.push_str(&acl);
        out.content = s;
        out.rule_count = count;
        out.unexpressed = unexpressed;
        out.renamed = st.names.renamed;
    }
}

struct State {
    names: Names,
    /// The address objects, named after the plan's hosts.
    book: HostObjects,
    /// Keys of the groups written already.
    defined: BTreeSet<String>,
    objects: String,
}

impl State {
    /// `object network NAME` for every address object, in the plan's host order.
    fn define_objects(&mut self) {
        for o in &self.book.objects {
            let _ = writeln!(self.objects, "object network {}", o.name);
            let _ = match &o.value {
                Value::Net(n) => writeln!(self.objects, " {}", network(n)),
                Value::Fqdn(host) => writeln!(self.objects, " fqdn v4 {host}"),
                // `writable` leaves out the rules with wildcards
                Value::Wildcard(_) => Ok(()),
            };
        }
    }

    /// The ACL operand for one side of a rule: `any`, `object NAME` for a side of one object,
    /// or `object-group NAME` (defined here) holding the side's objects.
    fn side(&mut self, eps: &[Arc<Endpoint>], any: bool) -> String {
        if any {
            return "any".to_string();
        }
        let members: Vec<String> = self
            .book
            .side(eps, |_| true)
            .iter()
            .map(|o| o.name.clone())
            .collect();
        if let [one] = members.as_slice() {
            return format!("object {one}");
        }
        let key = format!("net:{}", members.join(" "));
        let name = self.names.user(&key, &hosts::group_name(eps));
        if self.defined.insert(key) {
            let _ = writeln!(self.objects, "object-group network {name}");
            let desc = text::device_text(
                &format!("Portolan: {}", hosts::names(eps, 8)),
                MAX_DESCRIPTION,
            );
            let _ = writeln!(self.objects, " description {desc}");
            for m in &members {
                let _ = writeln!(self.objects, " network-object object {m}");
            }
        }
        format!("object-group {name}")
    }

    /// A `tcp` or `udp` service object-group with the ports; returns its name.
    fn service(&mut self, t: Transport, ports: &PortSet) -> String {
        let list: Vec<String> = ports.ranges().iter().map(|p| p.to_string()).collect();
        let key = format!("svc:{t}:{}", list.join(","));
        let name = self
            .names
            .internal(&key, &format!("{t}_{}", list.join("_")));
        if self.defined.insert(key) {
            let _ = writeln!(self.objects, "object-group service {name} {t}");
            for p in ports.ranges() {
                if p.is_single() {
                    let _ = writeln!(self.objects, " port-object eq {}", p.start());
                } else {
                    let _ = writeln!(self.objects, " port-object range {} {}", p.start(), p.end());
                }
            }
        }
        name
    }
}

/// An `object network` line: `host A`, `subnet A MASK` (IPv4) or `subnet A/LEN` (IPv6).
fn network(n: &IpNet) -> String {
    match n {
        IpNet::V4(v4) if v4.prefix_len() == 32 => format!("host {}", v4.addr()),
        IpNet::V4(v4) => format!("subnet {} {}", v4.network(), v4.netmask()),
        IpNet::V6(v6) if v6.prefix_len() == 128 => format!("host {}", v6.addr()),
        IpNet::V6(v6) => format!("subnet {}/{}", v6.network(), v6.prefix_len()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn network_objects() {
        let n = |s: &str| network(&s.parse().unwrap());
        assert_eq!(n("10.1.0.10/32"), "host 10.1.0.10");
        assert_eq!(n("10.20.0.0/23"), "subnet 10.20.0.0 255.255.254.0");
        assert_eq!(n("2001:db8::1/128"), "host 2001:db8::1");
        assert_eq!(n("2001:db8::/32"), "subnet 2001:db8::/32");
    }
}
