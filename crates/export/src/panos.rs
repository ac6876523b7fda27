//! Palo Alto Networks PAN-OS: `set` commands for configuration mode. Address objects named after
//! the plan's hosts ([`objects`]: one per address of a host, `ip-netmask` or `fqdn`), address
//! groups named after the hosts of each side of a rule that has several objects, service objects (`protocol tcp port 80,443,4001-4004`) and one security
//! rule per aggregated rule (`from any to any`, `application any`, `action allow`) with a
//! description naming the rule, its catalog rules and purpose.
//!
//! Names are sanitised with [`Names`] (letters, digits, `_-.`, starting with a letter, at most
//! 63 characters, unique) and every change is reported, so no name needs quoting; descriptions
//! are [`text::device_text`] (printable ASCII without quotes or `?`) in double quotes.

use super::hosts;
use super::objects::{self, HostObjects, Value};
use super::text::{self, Names};
use super::{Capabilities, ExportContext, Exporter, Output, Unexpressed};
use portolan_core::net::{PortSet, Transport};
use portolan_engine::{AggregatedRule, Endpoint};
use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::sync::Arc;

pub struct PanOs;

/// PAN-OS object and rule names are at most 63 characters.
const MAX_NAME: usize = 63;
/// Object descriptions are at most 255 characters; rule descriptions at most 1024.
const MAX_OBJECT_DESCRIPTION: usize = 255;
const MAX_RULE_DESCRIPTION: usize = 1000;
/// Words PAN-OS gives a meaning in these positions.
const RESERVED: &[&str] = &[
    "any",
    "application-default",
    "service-http",
    "service-https",
];

impl Exporter for PanOs {
    fn id(&self) -> &'static str {
        "panos"
    }
    fn name(&self) -> &'static str {
        "Palo Alto PAN-OS (set commands)"
    }
    fn extension(&self) -> &'static str {
        "txt"
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
        "Address objects (ip-netmask, fqdn), address groups, service objects and one security \
         rule per aggregated rule as configuration-mode set commands; no wildcard domains."
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
        let (ok, unexpressed) = objects::writable(rules, Some("address objects"));
        let book = HostObjects::new(&mut names, &cx.report.hosts, &ok, |_| true);
        let mut st = State {
            names,
            book,
            defined: BTreeSet::new(),
            objects: String::new(),
        };
        st.define_objects();
        let mut rulebase = String::new();
        let mut count = 0usize;
        for r in &ok {
            let src = st.side(&r.sources, r.any_source);
            let dst = st.side(&r.destinations, objects::is_any(&r.destinations));
            let svc = st.service(r.transport, &r.ports);
            let first = r
                .catalog_rules
                .first()
                .and_then(|c| c.split('/').nth(1))
                .unwrap_or("rule");
            let name = st
                .names
                .internal(&format!("rule:{}", r.id), &format!("{}-{first}", r.id));
            let _ = writeln!(
                rulebase,
                "set rulebase security rules {name} from any to any source {src} destination {dst} \
                 source-user any category any application any service [ {svc} ] action allow"
            );
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
                MAX_RULE_DESCRIPTION,
            );
            let _ = writeln!(
                rulebase,
                "set rulebase security rules {name} description \"{desc}\""
            );
            count += 1;
        }

        let mut all_skipped = skipped.to_vec();
        all_skipped.extend(unexpressed.iter().cloned());
        let mut s = text::header("#", self, cx, count, &all_skipped).replace('?', "_");
        s.push_str("#\n");
        s.push_str(
            "# Configuration-mode set commands: paste them without the # lines (grep -v '^#'),\n",
        );
        s.push_str("# review the rules' zones (from any to any) and position, then commit.\n");
        s.push_str("# Names are sanitised from host names; see the export's renamed list.\n");
        s.push_str("#\n");
        s.push_str(&st.objects);
        s.push_str(&rulebase);
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
    defined: BTreeSet<String>,
    objects: String,
}

impl State {
    /// `set address NAME ip-netmask|fqdn VALUE` for every address object, in plan host order.
    fn define_objects(&mut self) {
        for o in &self.book.objects {
            let _ = match &o.value {
                Value::Net(n) => writeln!(self.objects, "set address {} ip-netmask {n}", o.name),
                Value::Fqdn(host) => writeln!(self.objects, "set address {} fqdn {host}", o.name),
                // `writable` leaves out the rules with wildcards
                Value::Wildcard(_) => Ok(()),
            };
        }
    }

    /// A rule's `source`/`destination` value: `any`, `[ OBJECT ]` for a side of one object, or
    /// `[ GROUP ]` (defined here) holding the side's objects.
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
            return format!("[ {one} ]");
        }
        let key = format!("group:{}", members.join(" "));
        let group = self.names.user(&key, &hosts::group_name(eps));
        if self.defined.insert(key) {
            let _ = writeln!(
                self.objects,
                "set address-group {group} static [ {} ]",
                members.join(" ")
            );
            let desc = text::device_text(
                &format!("Portolan: {}", hosts::names(eps, 8)),
                MAX_OBJECT_DESCRIPTION,
            );
            let _ = writeln!(
                self.objects,
                "set address-group {group} description \"{desc}\""
            );
        }
        format!("[ {group} ]")
    }

    /// A service object with the ports; returns its name.
    fn service(&mut self, t: Transport, ports: &PortSet) -> String {
        let list: Vec<String> = ports.ranges().iter().map(|p| p.to_string()).collect();
        let key = format!("svc:{t}:{}", list.join(","));
        let name = self
            .names
            .internal(&key, &format!("{t}_{}", list.join("_")));
        if self.defined.insert(key) {
            let _ = writeln!(
                self.objects,
                "set service {name} protocol {t} port {}",
                list.join(",")
            );
        }
        name
    }
}
