//! Check Point management API commands: a POSIX shell script of `mgmt_cli` calls run on (or
//! against) the management server within one session, then `publish`.
//!
//! - `add host` / `add network` per address of each plan host, named after the host
//!   ([`objects`]); `add dns-domain` for host names (`.name`, `is-sub-domain false`) and
//!   wildcard domains (`*.domain` as `.domain` with `is-sub-domain true`, which Check Point
//!   also matches for `domain` itself: one name more than the wildcard, said in the header);
//!   `add group` for a side of a rule with several objects; `add service-tcp` /
//!   `add service-udp` per port range and `add service-group` per port set; and one `add
//!   access-rule` per aggregated rule (`source.N`, `destination.N`, `service.1`, `action
//!   Accept`, `comments`).
//! - **Running it:** log in first (`mgmt_cli login user ADMIN > sid.txt`); the script reads
//!   the session file from `PORTOLAN_SID` (default `sid.txt`), the layer from `PORTOLAN_LAYER`
//!   (default `Network`) and the position from `PORTOLAN_POSITION` (default `top`), stops at
//!   the first failing command (`set -e`, e.g. an object that exists already) and publishes at
//!   the end. Objects that exist already must be removed or renamed first.
//! - **Quoting:** every value is a POSIX single-quoted word ([`text::sh_quote`]); names are
//!   `[A-Za-z0-9_.-]`, a letter first, at most 63 characters, unique; every change is reported.
//!   dns-domain objects are named by their domain, as Check Point requires.

use super::hosts;
use super::objects::{self, HostObjects, Value};
use super::text::{self, sh_quote as q, Names};
use super::{Capabilities, ExportContext, Exporter, Output, Unexpressed};
use portolan_core::net::{PortSet, Transport};
use portolan_engine::{AggregatedRule, Endpoint};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::sync::Arc;

pub struct CheckPoint;

const MAX_NAME: usize = 63;
const MAX_COMMENT: usize = 1000;
const RESERVED: &[&str] = &["any", "all"];
/// Every call uses the session of the login the user made before.
const SID: &str = "-s \"$PORTOLAN_SID\"";

impl Exporter for CheckPoint {
    fn id(&self) -> &'static str {
        "checkpoint"
    }
    fn name(&self) -> &'static str {
        "Check Point (mgmt_cli script)"
    }
    fn extension(&self) -> &'static str {
        "mgmt_cli.sh"
    }
    fn mime(&self) -> &'static str {
        "text/x-shellscript"
    }
    fn capabilities(&self) -> Capabilities {
        Capabilities {
            fqdn: true,
            wildcard: true,
            ipv6: true,
            unresolved: false,
            ranges: true,
            zones: false,
        }
    }
    fn description(&self) -> &'static str {
        "A shell script of mgmt_cli commands: hosts and networks named after the plan's hosts, \
         dns-domain objects for host names and wildcard domains, groups, TCP/UDP services and \
         one access rule per rule, published in one session."
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
        let (ok, unexpressed) = objects::writable(rules, None);
        let book = HostObjects::new(&mut names, cx.plan, &ok, |_| true);
        let mut st = State {
            names,
            object_of: BTreeMap::new(),
            commands: String::new(),
            defined: BTreeSet::new(),
        };
        let mut wildcards = Vec::new();
        for o in &book.objects {
            let name = st.define(&o.name, &o.value);
            if let Value::Wildcard(d) = &o.value {
                wildcards.push(d.clone());
            }
            st.object_of.insert(o.name.clone(), name);
        }
        let mut rulebase = String::new();
        for r in &ok {
            st.rule(&mut rulebase, r, &book);
        }
        let count = ok.len();
        let mut all_skipped = skipped.to_vec();
        all_skipped.extend(unexpressed.iter().cloned());
        let mut s = String::from("#!/bin/sh\n");
        s.push_str(&text::header("#", self, cx, count, &all_skipped));
        s.push_str(&usage(&wildcards));
        s.push_str(&st.commands);
        s.push_str(&rulebase);
        let _ = writeln!(s, "mgmt_cli publish {SID}");
        out.content = s;
        out.rule_count = count;
        out.unexpressed = unexpressed;
        out.renamed = st.names.renamed;
    }
}

/// The lines after the header: how to run the script, and the session variables.
fn usage(wildcards: &[String]) -> String {
    let mut s = String::from("#\n# Log in first: mgmt_cli login user ADMIN > sid.txt\n");
    s.push_str("# then run: PORTOLAN_SID=sid.txt PORTOLAN_LAYER=Network sh THIS-FILE\n");
    s.push_str("# It stops at the first command that fails and publishes at the end.\n");
    s.push_str("# Names are made from the plan's host names; see the export's renamed list.\n");
    for d in wildcards {
        let _ = writeln!(
            s,
            "# *.{d} is the dns-domain .{d} with is-sub-domain true, which also matches {d} itself."
        );
    }
    s.push_str("#\nset -eu\n");
    s.push_str(": \"${PORTOLAN_SID:=sid.txt}\" \"${PORTOLAN_LAYER:=Network}\" \"${PORTOLAN_POSITION:=top}\"\n");
    s
}

struct State {
    names: Names,
    /// The Check Point name of each address object (dns-domains are named by their domain).
    object_of: BTreeMap<String, String>,
    commands: String,
    defined: BTreeSet<String>,
}

impl State {
    /// The `add host|network|dns-domain` command of one address object; returns its name.
    fn define(&mut self, name: &str, value: &Value) -> String {
        let c = &mut self.commands;
        match value {
            Value::Net(n) if n.prefix_len() == n.max_prefix_len() => {
                let _ = writeln!(
                    c,
                    "mgmt_cli add host name {} ip-address {} {SID}",
                    q(name),
                    q(&n.addr().to_string())
                );
                name.to_string()
            }
            Value::Net(n) => {
                let _ = writeln!(
                    c,
                    "mgmt_cli add network name {} subnet {} mask-length {} {SID}",
                    q(name),
                    q(&n.network().to_string()),
                    q(&n.prefix_len().to_string())
                );
                name.to_string()
            }
            Value::Fqdn(h) => self.dns_domain(h, false),
            Value::Wildcard(d) => self.dns_domain(d, true),
        }
    }

    /// A dns-domain object (defined once); its name is `.domain`.
    fn dns_domain(&mut self, domain: &str, sub: bool) -> String {
        let name = format!(".{domain}");
        if self.defined.insert(format!("dns:{name}:{sub}")) {
            let _ = writeln!(
                self.commands,
                "mgmt_cli add dns-domain name {} is-sub-domain {sub} {SID}",
                q(&name)
            );
        }
        name
    }

    /// The `add access-rule` command of one rule.
    fn rule(&mut self, out: &mut String, r: &AggregatedRule, book: &HostObjects) {
        let src = self.side(&r.sources, r.any_source, book);
        let dst = self.side(&r.destinations, objects::is_any(&r.destinations), book);
        let svc = self.service(r.transport, &r.ports);
        let first = r
            .catalog_rules
            .first()
            .and_then(|c| c.split('/').nth(1))
            .unwrap_or("rule");
        let optional = if r.optional { " (optional)" } else { "" };
        let comment = text::single_line(&format!(
            "Portolan {}{optional} [{}] {} -> {}: {}",
            r.id,
            r.catalog_rules.join(", "),
            hosts::names(&r.sources, 4),
            hosts::names(&r.destinations, 4),
            r.purposes.join(" / ")
        ));
        let comment: String = comment.chars().take(MAX_COMMENT).collect();
        let _ = writeln!(
            out,
            "mgmt_cli add access-rule layer \"$PORTOLAN_LAYER\" position \"$PORTOLAN_POSITION\" \
             name {} source.1 {} destination.1 {} service.1 {} action Accept comments {} {SID}",
            q(&format!("{}-{first}", r.id)),
            q(&src),
            q(&dst),
            q(&svc),
            q(&comment)
        );
    }

    /// A side of a rule: `Any`, its one object, or a group (defined here) of its objects.
    fn side(&mut self, eps: &[Arc<Endpoint>], any: bool, book: &HostObjects) -> String {
        if any {
            return "Any".to_string();
        }
        let members: Vec<String> = book
            .side(eps, |_| true)
            .iter()
            .filter_map(|o| self.object_of.get(&o.name).cloned())
            .collect();
        if let [one] = members.as_slice() {
            return one.clone();
        }
        let key = format!("group:{}", members.join(" "));
        let name = self.names.user(&key, &hosts::group_name(eps));
        if self.defined.insert(key) {
            let mut line = format!("mgmt_cli add group name {}", q(&name));
            for (i, m) in members.iter().enumerate() {
                let _ = write!(line, " members.{} {}", i + 1, q(m));
            }
            let _ = writeln!(self.commands, "{line} {SID}");
        }
        name
    }

    /// A service per port range, and a service group when there are several; returns the name.
    fn service(&mut self, t: Transport, ports: &PortSet) -> String {
        let mut services = Vec::new();
        for p in ports.ranges() {
            let key = format!("svc:{t}:{p}");
            let name = self.names.internal(&key, &format!("{t}_{p}"));
            if self.defined.insert(key) {
                let _ = writeln!(
                    self.commands,
                    "mgmt_cli add service-{t} name {} port {} {SID}",
                    q(&name),
                    q(&p.to_string())
                );
            }
            services.push(name);
        }
        if let [one] = services.as_slice() {
            return one.clone();
        }
        let list: Vec<String> = ports.ranges().iter().map(|p| p.to_string()).collect();
        let key = format!("svcgroup:{t}:{}", list.join(","));
        let name = self
            .names
            .internal(&key, &format!("{t}_{}", list.join("_")));
        if self.defined.insert(key) {
            let mut line = format!("mgmt_cli add service-group name {}", q(&name));
            for (i, m) in services.iter().enumerate() {
                let _ = write!(line, " members.{} {}", i + 1, q(m));
            }
            let _ = writeln!(self.commands, "{line} {SID}");
        }
        name
    }
}
