//! Juniper SRX (Junos OS) `set` commands: the global address book with an address per address of
//! each plan host, named after the host ([`objects`]: a prefix, or `dns-name` for a host name),
//! address sets for the sides of a rule with several addresses, `applications application` per
//! port range and `application-set` per port set, and one security policy per aggregated rule.
//!
//! - **Zones.** A rule whose sources all sit in one plan zone and whose destinations all sit in
//!   one plan zone is a policy `from-zone A to-zone B`; any other rule (a side without a zone,
//!   such as a vendor cloud or `any`, or hosts of several zones) is a global policy, which
//!   matches every zone pair. The zones must exist on the device with their interfaces.
//! - **Cannot:** wildcard domains (address books hold IP prefixes, IP wildcards and DNS names,
//!   not `*.domain`). DNS names resolve on the device.
//! - **Names** are `[A-Za-z0-9_.-]`, a letter first, at most 63 characters, unique, never
//!   `any`/`any-ipv4`/`any-ipv6`/`global`; applications are `tcp_…`/`udp_…`, never the
//!   predefined `junos-…`. Every change to a user's name is reported. Descriptions are
//!   [`text::device_text`] in double quotes.

use super::hosts;
use super::objects::{self, HostObjects, Value};
use super::text::{self, Names};
use super::{Capabilities, ExportContext, Exporter, Output, Unexpressed};
use portolan_core::net::{PortSet, Transport};
use portolan_engine::{AggregatedRule, Endpoint, EndpointKind};
use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::sync::Arc;

pub struct JunosSrx;

const MAX_NAME: usize = 63;
const MAX_DESCRIPTION: usize = 900;
const RESERVED: &[&str] = &["any", "any-ipv4", "any-ipv6", "global"];
const BOOK: &str = "set security address-book global";

impl Exporter for JunosSrx {
    fn id(&self) -> &'static str {
        "junos-srx"
    }
    fn name(&self) -> &'static str {
        "Juniper SRX (Junos set commands)"
    }
    fn extension(&self) -> &'static str {
        "junos.set"
    }
    fn capabilities(&self) -> Capabilities {
        Capabilities {
            fqdn: true,
            wildcard: false,
            ipv6: true,
            unresolved: false,
            ranges: true,
            zones: true,
        }
    }
    fn description(&self) -> &'static str {
        "Global address book (prefixes and dns-name, named after the plan's hosts), applications \
         and one security policy per rule from the plan's zones (global policies otherwise); no \
         wildcard domains."
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
        let (ok, unexpressed) = objects::writable(rules, Some("Junos address books"));
        let book = HostObjects::new(&mut names, &cx.report.hosts, &ok, |_| true);
        let mut st = State {
            names,
            zones: Names::new(MAX_NAME),
            objects: String::new(),
            defined: BTreeSet::new(),
        };
        for o in &book.objects {
            let _ = match &o.value {
                Value::Net(n) => writeln!(st.objects, "{BOOK} address {} {n}", o.name),
                Value::Fqdn(h) => writeln!(st.objects, "{BOOK} address {} dns-name {h}", o.name),
                Value::Wildcard(_) => Ok(()),
            };
        }
        let mut policies = String::new();
        for r in &ok {
            st.policy(&mut policies, r, &book);
        }
        let count = ok.len();
        let mut all_skipped = skipped.to_vec();
        all_skipped.extend(unexpressed.iter().cloned());
        let mut s = text::header("#", self, cx, count, &all_skipped).replace('?', "_");
        s.push_str(
            "#\n# Load in configuration mode with `load set terminal` (or `load set FILE`),\n",
        );
        s.push_str(
            "# check with `show | compare` and `commit check`, then commit. Zone policies need\n",
        );
        s.push_str("# the plan's zones on the device; rules outside one zone pair are global\n");
        s.push_str(
            "# policies. Names are made from the plan's host names; see the renamed list.\n#\n",
        );
        s.push_str(&st.objects);
        s.push_str(&policies);
        out.content = s;
        out.rule_count = count;
        out.unexpressed = unexpressed;
        let mut renamed = st.names.renamed;
        renamed.extend(st.zones.renamed);
        out.renamed = renamed;
    }
}

struct State {
    names: Names,
    /// Zone names, a name space of their own.
    zones: Names,
    /// Address sets and applications.
    objects: String,
    defined: BTreeSet<String>,
}

impl State {
    /// The set commands of one rule's policy.
    fn policy(&mut self, out: &mut String, r: &AggregatedRule, book: &HostObjects) {
        let src = self.side(&r.sources, r.any_source, book);
        let dst = self.side(&r.destinations, objects::is_any(&r.destinations), book);
        let app = self.application(r.transport, &r.ports);
        let first = r
            .catalog_rules
            .first()
            .and_then(|c| c.split('/').nth(1))
            .unwrap_or("rule");
        let name = self
            .names
            .internal(&format!("policy:{}", r.id), &format!("{}-{first}", r.id));
        let context = match (self.zone(&r.sources), self.zone(&r.destinations)) {
            (Some(a), Some(b)) => format!("from-zone {a} to-zone {b}"),
            _ => "global".to_string(),
        };
        let p = format!("set security policies {context} policy {name}");
        let _ = writeln!(out, "{p} match source-address {src}");
        let _ = writeln!(out, "{p} match destination-address {dst}");
        let _ = writeln!(out, "{p} match application {app}");
        let _ = writeln!(out, "{p} then permit");
        let optional = if r.optional { " (optional)" } else { "" };
        let desc = text::device_text(
            &format!(
                "Portolan {}{optional} [{}] {} -> {}: {}",
                r.id,
                r.catalog_rules.join(", "),
                hosts::names(&r.sources, 4),
                hosts::names(&r.destinations, 4),
                r.purposes.join(" / ")
            ),
            MAX_DESCRIPTION,
        );
        let _ = writeln!(out, "{p} description \"{desc}\"");
    }

    /// The plan zone all endpoints of a side share (hosts only), sanitised.
    fn zone(&mut self, eps: &[Arc<Endpoint>]) -> Option<String> {
        let zones: BTreeSet<&str> = eps.iter().map(|e| e.zone.as_str()).collect();
        match zones.into_iter().collect::<Vec<_>>().as_slice() {
            [z] if !z.is_empty() && eps.iter().all(|e| e.kind == EndpointKind::Host) => {
                Some(self.zones.user(&format!("zone:{z}"), z))
            }
            _ => None,
        }
    }

    /// A policy's address: `any`, the side's one address, or an address set (defined here).
    fn side(&mut self, eps: &[Arc<Endpoint>], any: bool, book: &HostObjects) -> String {
        if any {
            return "any".to_string();
        }
        let members: Vec<String> = book
            .side(eps, |_| true)
            .iter()
            .map(|o| o.name.clone())
            .collect();
        if let [one] = members.as_slice() {
            return one.clone();
        }
        let key = format!("set:{}", members.join(" "));
        let name = self.names.user(&key, &hosts::group_name(eps));
        if self.defined.insert(key) {
            for m in &members {
                let _ = writeln!(self.objects, "{BOOK} address-set {name} address {m}");
            }
            let desc = text::device_text(&format!("Portolan: {}", hosts::names(eps, 8)), 200);
            let _ = writeln!(
                self.objects,
                "{BOOK} address-set {name} description \"{desc}\""
            );
        }
        name
    }

    /// The application (one range) or application set (several) of a port set.
    fn application(&mut self, t: Transport, ports: &PortSet) -> String {
        let apps: Vec<String> = ports
            .ranges()
            .iter()
            .map(|p| {
                let key = format!("app:{t}:{p}");
                let name = self.names.internal(&key, &format!("{t}_{p}"));
                if self.defined.insert(key) {
                    let _ = writeln!(
                        self.objects,
                        "set applications application {name} protocol {t} destination-port {p}"
                    );
                }
                name
            })
            .collect();
        if let [one] = apps.as_slice() {
            return one.clone();
        }
        let list: Vec<String> = ports.ranges().iter().map(|p| p.to_string()).collect();
        let key = format!("appset:{t}:{}", list.join(","));
        let name = self
            .names
            .internal(&key, &format!("{t}_{}", list.join("_")));
        if self.defined.insert(key) {
            for a in &apps {
                let _ = writeln!(
                    self.objects,
                    "set applications application-set {name} application {a}"
                );
            }
        }
        name
    }
}
