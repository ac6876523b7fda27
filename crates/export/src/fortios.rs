//! Fortinet FortiOS (FortiGate) CLI configuration: `config firewall address` (`ipmask`, `fqdn`,
//! `wildcard-fqdn`) and `config firewall address6` objects named after the plan's hosts
//! ([`objects`]), `addrgrp`/`addrgrp6` for the sides of a rule with several objects, `config
//! firewall service custom` per port set, and one `config firewall policy` entry per aggregated
//! rule with `srcaddr`/`dstaddr` (IPv4 and names) and `srcaddr6`/`dstaddr6` (IPv6) and a comment
//! citing the rule.
//!
//! - **Families.** A rule's IPv4 part (IPv4 networks, host names, wildcard domains) is written
//!   when both sides have one (or are `any`), and so is its IPv6 part; a rule whose sides share
//!   no family can match no packet and is listed. FQDN objects are IPv4 (`config firewall
//!   address`).
//! - **Interfaces.** `srcintf`/`dstintf` are the plan's zone of the side's hosts when they all
//!   share one (create a FortiOS zone of that name, or replace it with the interface), else
//!   `any`.
//! - **Policy ids.** Every policy is `edit 0`: FortiOS gives it the next free id, so pasting the
//!   file never overwrites an existing policy. New policies go to the end of the list; move
//!   them above any deny policy.
//! - **Names** are `[A-Za-z0-9_.-]`, a letter first, at most 63 characters (policy names 35),
//!   unique, never `all`/`none`; every change is reported. Comments are [`text::device_text`] in
//!   double quotes (printable ASCII without quotes, backslashes or `?`).

use super::hosts;
use super::objects::{self, HostObjects, Object, Value};
use super::text::{self, Names};
use super::{Capabilities, ExportContext, Exporter, Output, Unexpressed};
use portolan_core::net::{PortSet, Transport};
use portolan_engine::{AggregatedRule, Endpoint, EndpointKind};
use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::sync::Arc;

pub struct FortiOs;

const MAX_NAME: usize = 63;
const MAX_POLICY_NAME: usize = 35;
const MAX_ZONE: usize = 35;
const MAX_COMMENT: usize = 1000;
const RESERVED: &[&str] = &["all", "none", "ALL", "always"];

impl Exporter for FortiOs {
    fn id(&self) -> &'static str {
        "fortios"
    }
    fn name(&self) -> &'static str {
        "Fortinet FortiOS (CLI)"
    }
    fn extension(&self) -> &'static str {
        "fortios.conf"
    }
    fn capabilities(&self) -> Capabilities {
        Capabilities {
            fqdn: true,
            wildcard: true,
            ipv6: true,
            unresolved: false,
            ranges: true,
            zones: true,
        }
    }
    fn description(&self) -> &'static str {
        "Address objects named after the plan's hosts (ipmask, fqdn, wildcard-fqdn, address6), \
         groups, custom services and one firewall policy per rule with IPv4 and IPv6 addresses \
         and the plan's zones as interfaces; host names resolve IPv4 only."
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
        let book = HostObjects::new(&mut names, &cx.report.hosts, &ok, |_| true);
        let mut st = State {
            names,
            policy_names: Names::new(MAX_POLICY_NAME),
            zones: Names::new(MAX_ZONE),
            groups: (String::new(), String::new()),
            services: String::new(),
            defined: BTreeSet::new(),
        };
        let mut policies = String::new();
        let mut count = 0usize;
        for r in &ok {
            match st.policy(r, &book) {
                Ok(p) => {
                    policies.push_str(&p);
                    count += 1;
                }
                Err(reason) => unexpressed.push(Unexpressed {
                    rule: r.id.clone(),
                    reason,
                }),
            }
        }
        let mut all_skipped = skipped.to_vec();
        all_skipped.extend(unexpressed.iter().cloned());
        let mut s = text::header("#", self, cx, count, &all_skipped).replace('?', "_");
        s.push_str("#\n# Paste into the FortiGate CLI (or run as a script). Interfaces are the plan's zones:\n");
        s.push_str(
            "# create zones of these names or replace them. Policies are added at the end\n",
        );
        s.push_str(
            "# of the list (edit 0): move them above any deny policy. Names are made from\n",
        );
        s.push_str("# the plan's host names; see the export's renamed list.\n#\n");
        s.push_str(&address_sections(&book.objects));
        section(&mut s, "config firewall addrgrp", &st.groups.0);
        section(&mut s, "config firewall addrgrp6", &st.groups.1);
        section(&mut s, "config firewall service custom", &st.services);
        section(&mut s, "config firewall policy", &policies);
        out.content = s;
        out.rule_count = count;
        out.unexpressed = unexpressed;
        let mut renamed = st.names.renamed;
        renamed.extend(st.zones.renamed);
        out.renamed = renamed;
    }
}

/// `config SECTION` ... `end` around `body`, when there is a body.
fn section(s: &mut String, head: &str, body: &str) {
    if !body.is_empty() {
        let _ = writeln!(s, "{head}");
        s.push_str(body);
        s.push_str("end\n");
    }
}

/// The `config firewall address` and `address6` sections of every object.
fn address_sections(objects: &[Object]) -> String {
    let mut v4 = String::new();
    let mut v6 = String::new();
    for o in objects {
        let (body, lines) = match &o.value {
            Value::Net(ipnet::IpNet::V4(n)) => (
                &mut v4,
                format!("set subnet {} {}", n.network(), n.netmask()),
            ),
            Value::Net(ipnet::IpNet::V6(n)) => (&mut v6, format!("set ip6 {n}")),
            Value::Fqdn(h) => (&mut v4, format!("set type fqdn\n        set fqdn \"{h}\"")),
            Value::Wildcard(d) => (
                &mut v4,
                format!("set type wildcard-fqdn\n        set wildcard-fqdn \"*.{d}\""),
            ),
        };
        let _ = writeln!(body, "    edit \"{}\"\n        {lines}\n    next", o.name);
    }
    let mut s = String::new();
    section(&mut s, "config firewall address", &v4);
    section(&mut s, "config firewall address6", &v6);
    s
}

struct State {
    names: Names,
    policy_names: Names,
    /// Zone names (interfaces), a name space of their own.
    zones: Names,
    /// `addrgrp` and `addrgrp6` entries.
    groups: (String, String),
    services: String,
    defined: BTreeSet<String>,
}

/// One side of a rule in one family: `all`, the objects, or nothing (the family is absent).
enum Side {
    All,
    Objects(Vec<String>),
}

impl Side {
    fn present(&self) -> bool {
        match self {
            Side::All => true,
            Side::Objects(o) => !o.is_empty(),
        }
    }
}

impl State {
    /// One `edit 0` ... `next` policy entry, or why the rule cannot be written.
    fn policy(&mut self, r: &AggregatedRule, book: &HostObjects) -> Result<String, String> {
        let any_dst = objects::is_any(&r.destinations);
        let sides = |eps: &[Arc<Endpoint>], any: bool, v6: bool| {
            if any {
                return Side::All;
            }
            let objs = book.side(eps, |v| v.is_v6() == v6);
            Side::Objects(objs.iter().map(|o| o.name.clone()).collect())
        };
        let (s4, d4) = (
            sides(&r.sources, r.any_source, false),
            sides(&r.destinations, any_dst, false),
        );
        let (s6, d6) = (
            sides(&r.sources, r.any_source, true),
            sides(&r.destinations, any_dst, true),
        );
        let v4 = s4.present() && d4.present();
        let v6 = s6.present() && d6.present();
        if !v4 && !v6 {
            return Err("its sources and destinations have no address family in common".into());
        }
        let first = r
            .catalog_rules
            .first()
            .and_then(|c| c.split('/').nth(1))
            .unwrap_or("rule");
        let name = self
            .policy_names
            .internal(&r.id, &format!("{}-{first}", r.id));
        let mut p = String::from("    edit 0\n");
        let _ = writeln!(p, "        set name \"{name}\"");
        let _ = writeln!(p, "        set srcintf \"{}\"", self.zone(&r.sources));
        let _ = writeln!(p, "        set dstintf \"{}\"", self.zone(&r.destinations));
        if v4 {
            let src = self.operand(&s4, &r.sources, false);
            let dst = self.operand(&d4, &r.destinations, false);
            let _ = writeln!(p, "        set srcaddr {src}\n        set dstaddr {dst}");
        }
        if v6 {
            let src = self.operand(&s6, &r.sources, true);
            let dst = self.operand(&d6, &r.destinations, true);
            let _ = writeln!(p, "        set srcaddr6 {src}\n        set dstaddr6 {dst}");
        }
        let svc = self.service(r.transport, &r.ports);
        let _ = writeln!(
            p,
            "        set action accept\n        set schedule \"always\""
        );
        let _ = writeln!(p, "        set service \"{svc}\"");
        let _ = writeln!(p, "        set comments \"{}\"", comment(r));
        p.push_str("    next\n");
        Ok(p)
    }

    /// The interface of a side: the plan zone all its endpoints share, else `any`.
    fn zone(&mut self, eps: &[Arc<Endpoint>]) -> String {
        let zones: BTreeSet<&str> = eps.iter().map(|e| e.zone.as_str()).collect();
        match zones.into_iter().collect::<Vec<_>>().as_slice() {
            [z] if !z.is_empty() && eps.iter().all(|e| e.kind == EndpointKind::Host) => {
                self.zones.user(&format!("zone:{z}"), z)
            }
            _ => "any".to_string(),
        }
    }

    /// A `srcaddr`/`dstaddr` value: `"all"`, `"OBJECT"`, or `"GROUP"` (defined here).
    fn operand(&mut self, side: &Side, eps: &[Arc<Endpoint>], v6: bool) -> String {
        let members = match side {
            Side::All => return "\"all\"".to_string(),
            Side::Objects(m) => m,
        };
        if let [one] = members.as_slice() {
            return format!("\"{one}\"");
        }
        let key = format!("grp{}:{}", u8::from(v6), members.join(" "));
        let wanted = if v6 {
            format!("{}_v6", hosts::group_name(eps))
        } else {
            hosts::group_name(eps)
        };
        let name = self.names.user(&key, &wanted);
        if self.defined.insert(key) {
            let quoted: Vec<String> = members.iter().map(|m| format!("\"{m}\"")).collect();
            let body = if v6 {
                &mut self.groups.1
            } else {
                &mut self.groups.0
            };
            let _ = writeln!(body, "    edit \"{name}\"");
            let _ = writeln!(body, "        set member {}", quoted.join(" "));
            let desc = text::device_text(&format!("Portolan: {}", hosts::names(eps, 8)), 255);
            let _ = writeln!(body, "        set comment \"{desc}\"\n    next");
        }
        format!("\"{name}\"")
    }

    /// A custom service with the ports; returns its name.
    fn service(&mut self, t: Transport, ports: &PortSet) -> String {
        let list: Vec<String> = ports.ranges().iter().map(|p| p.to_string()).collect();
        let key = format!("svc:{t}:{}", list.join(","));
        let name = self
            .names
            .internal(&key, &format!("{t}_{}", list.join("_")));
        if self.defined.insert(key) {
            let _ = writeln!(self.services, "    edit \"{name}\"");
            let _ = writeln!(
                self.services,
                "        set {t}-portrange {}",
                list.join(" ")
            );
            self.services.push_str("    next\n");
        }
        name
    }
}

/// The policy comment: rule id, catalog rules, hosts and purpose.
fn comment(r: &AggregatedRule) -> String {
    let optional = if r.optional { " (optional)" } else { "" };
    text::device_text(
        &format!(
            "Portolan {}{optional} [{}] {} -> {}: {}",
            r.id,
            r.catalog_rules.join(", "),
            hosts::names(&r.sources, 4),
            hosts::names(&r.destinations, 4),
            r.purposes.join(" / ")
        ),
        MAX_COMMENT,
    )
}
