//! Plain-text feeds for external dynamic lists (PAN-OS External Dynamic Lists, FortiGate
//! external threat feeds, and any firewall that reads a list over HTTP): one entry per line,
//! nothing else, so a firewall can poll the file and the allow-list updates without hand edits.
//!
//! A feed lists the **far side** of the plan's flows: the addresses of every endpoint that is
//! not one of the plan's hosts (the vendor clouds and services the catalog gives addresses
//! for), on either side of a rule. Point a rule "from my hosts to the feed" (outbound) or "from
//! the feed to my hosts" (inbound) at it; choose the direction and product with `portolan
//! export --direction outbound|inbound --product ID` (or the API's options), which select the
//! rules before the feed is made.
//!
//! - `feed-ip`: IPv4 and IPv6 addresses and CIDRs, collapsed (IPv4 first).
//! - `feed-domain`: host names and wildcard domains as `*.domain`, the form domain lists
//!   accept for "the domain's subdomains".
//! - `feed-url`: the same names as URL-list entries ending in `/` (`name/`, `*.domain/`), so
//!   an entry matches that host and not a longer name that starts with it.
//!
//! A feed has no room for a header (every line is an entry): what it leaves out is in the
//! export's summary (standard error of the CLI, the planner's Export view), rule by rule. A rule
//! between plan hosts only, a side of `any` and an endpoint without addresses are left out; a
//! rule whose far side has both addresses and names is in both feeds and listed as partly
//! expressed in each.

use super::{Capabilities, ExportContext, Exporter, Output, Unexpressed};
use ipnet::IpNet;
use portolan_core::net::Address;
use portolan_engine::{AggregatedRule, Endpoint, EndpointKind};
use std::collections::BTreeSet;

/// Which entries a feed holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Ip,
    Domain,
    Url,
}

/// One feed format.
pub struct Feed {
    pub kind: Kind,
}

pub const FEED_IP: Feed = Feed { kind: Kind::Ip };
pub const FEED_DOMAIN: Feed = Feed { kind: Kind::Domain };
pub const FEED_URL: Feed = Feed { kind: Kind::Url };

impl Exporter for Feed {
    fn id(&self) -> &'static str {
        match self.kind {
            Kind::Ip => "feed-ip",
            Kind::Domain => "feed-domain",
            Kind::Url => "feed-url",
        }
    }
    fn name(&self) -> &'static str {
        match self.kind {
            Kind::Ip => "Feed: IP addresses (external dynamic list)",
            Kind::Domain => "Feed: domains (external dynamic list)",
            Kind::Url => "Feed: URLs (external dynamic list)",
        }
    }
    fn extension(&self) -> &'static str {
        match self.kind {
            Kind::Ip => "ip.txt",
            Kind::Domain => "domains.txt",
            Kind::Url => "urls.txt",
        }
    }
    fn capabilities(&self) -> Capabilities {
        let names = self.kind != Kind::Ip;
        Capabilities {
            fqdn: names,
            wildcard: names,
            ipv6: self.kind == Kind::Ip,
            unresolved: false,
            ranges: false,
            zones: false,
        }
    }
    fn description(&self) -> &'static str {
        match self.kind {
            Kind::Ip => {
                "The addresses and CIDRs of the endpoints outside the plan's hosts, one per line, \
                 for an external dynamic list; no names, ports or the plan's own hosts."
            }
            Kind::Domain => {
                "The host names and *.domain wildcards of the endpoints outside the plan's hosts, \
                 one per line, for a domain list; no addresses, ports or the plan's own hosts."
            }
            Kind::Url => {
                "The same names as URL-list entries (name/, *.domain/), one per line; no \
                 addresses, ports or the plan's own hosts."
            }
        }
    }
    fn takes_every_rule(&self) -> bool {
        true
    }

    fn render(
        &self,
        _cx: &ExportContext<'_>,
        rules: &[&AggregatedRule],
        _skipped: &[Unexpressed],
        out: &mut Output,
    ) {
        let mut nets = Vec::new();
        let mut names = BTreeSet::new();
        let mut count = 0usize;
        for r in rules {
            match self.far_side(r) {
                Err(reason) => out.unexpressed.push(Unexpressed {
                    rule: r.id.clone(),
                    reason,
                }),
                Ok((n, a, partly)) => {
                    count += 1;
                    nets.extend(n);
                    names.extend(a);
                    if let Some(reason) = partly {
                        out.unexpressed.push(Unexpressed {
                            rule: r.id.clone(),
                            reason,
                        });
                    }
                }
            }
        }
        let mut s = String::new();
        match self.kind {
            Kind::Ip => {
                for n in portolan_core::net::collapse(&nets) {
                    s.push_str(&n.to_string());
                    s.push('\n');
                }
            }
            Kind::Domain | Kind::Url => {
                let slash = if self.kind == Kind::Url { "/" } else { "" };
                for a in &names {
                    s.push_str(&a.to_string());
                    s.push_str(slash);
                    s.push('\n');
                }
            }
        }
        out.content = s;
        out.rule_count = count;
    }
}

/// The feed's entries of one rule: networks, names, and what part of it the feed leaves out.
type Entries = (Vec<IpNet>, Vec<Address>, Option<String>);

impl Feed {
    /// The entries this feed takes from a rule's endpoints outside the plan, or why none.
    fn far_side(&self, r: &AggregatedRule) -> Result<Entries, String> {
        let far: Vec<&Endpoint> = r
            .sources
            .iter()
            .chain(&r.destinations)
            .filter(|e| e.kind != EndpointKind::Host)
            .map(|e| &**e)
            .collect();
        if far.is_empty() {
            return Err(
                "both sides are plan hosts: a feed lists endpoints outside the plan \
                        (use an address-object format for these)"
                    .into(),
            );
        }
        if let Some(e) = far.iter().find(|e| e.kind == EndpointKind::Any) {
            return Err(format!(
                "`{}` is any address, which a feed cannot list (write the rule itself)",
                e.name
            ));
        }
        if let Some(e) = far.iter().find(|e| e.addresses.is_empty()) {
            return Err(format!(
                "`{}` has no address yet: map it to a host with its addresses",
                e.name
            ));
        }
        let mut nets = Vec::new();
        let mut names = Vec::new();
        for a in far.iter().flat_map(|e| e.rule_addresses()) {
            match a {
                Address::Net(n) => nets.push(*n),
                other => names.push(other.clone()),
            }
        }
        let (mine, other, feed) = match self.kind {
            Kind::Ip => (!nets.is_empty(), !names.is_empty(), "feed-domain"),
            _ => (!names.is_empty(), !nets.is_empty(), "feed-ip"),
        };
        let what = if self.kind == Kind::Ip {
            ("addresses", "host names or wildcard domains")
        } else {
            ("names", "IP addresses")
        };
        match (mine, other) {
            (false, _) => Err(format!(
                "its endpoints outside the plan have no {} (see {feed})",
                what.0
            )),
            (true, true) => Ok((
                nets,
                names,
                Some(format!("partly: its {} are in {feed}", what.1)),
            )),
            (true, false) => Ok((nets, names, None)),
        }
    }
}
