//! Proxy allow-lists for name destinations: a Squid configuration fragment (`squid`) and a PAC
//! file (`pac`).
//!
//! A web proxy sees host names, not addresses: only rules whose destinations are host names or
//! `*.domain` wildcards, over TCP, can be expressed. Rules to IP addresses or networks, and UDP
//! rules, are listed as not expressed (with why): open them on the firewall. A rule whose
//! destinations mix names and addresses is expressed for its names and listed for the rest.

use super::{describe, text, Capabilities, ExportContext, Exporter, Output, Unexpressed};
use portolan_core::net::{Address, Transport};
use portolan_engine::AggregatedRule;
use std::fmt::Write as _;

pub struct Squid;
pub struct Pac;

const PROXY_CAPS: Capabilities = Capabilities {
    fqdn: true,
    wildcard: true,
    ipv6: true,
    unresolved: false,
    ranges: true,
    zones: false,
};

/// The names of a list that no other name of the list covers (`*.agora.io` covers
/// `*.edge.agora.io` and `x.agora.io`): Squid warns about, and ignores, covered entries.
fn minimal_names(names: &[&Address]) -> Vec<Address> {
    let mut out: Vec<Address> = Vec::new();
    for (i, a) in names.iter().enumerate() {
        let covered = names.iter().enumerate().any(|(j, b)| {
            j != i && b.covers(a) && (!a.covers(b) || j < i) // equal entries: keep the first
        });
        if !covered {
            out.push((*a).clone());
        }
    }
    out
}

/// Splits the rules into those with name destinations over TCP (what a proxy can carry) and
/// the reasons for everything else. A rule with names and addresses is in both.
fn select<'r>(rules: &[&'r AggregatedRule]) -> (Vec<&'r AggregatedRule>, Vec<Unexpressed>) {
    let mut ok = Vec::new();
    let mut not = Vec::new();
    for r in rules {
        let has_names = !r.destination_names.is_empty();
        let any_dst = r
            .destinations
            .iter()
            .any(|e| e.kind == portolan_engine::EndpointKind::Any);
        if r.transport == Transport::Udp {
            not.push(Unexpressed {
                rule: r.id.clone(),
                reason:
                    "UDP: a web proxy carries only TCP (HTTP and CONNECT); open it on the firewall"
                        .to_string(),
            });
            continue;
        }
        if any_dst {
            not.push(Unexpressed {
                rule: r.id.clone(),
                reason: "the destination is any address: a proxy allow-list lists names"
                    .to_string(),
            });
            continue;
        }
        if !r.destination_nets.is_empty() {
            let nets: Vec<String> = r
                .destination_nets
                .iter()
                .map(|n| Address::Net(*n).to_string())
                .collect();
            not.push(Unexpressed {
                rule: r.id.clone(),
                reason: format!(
                    "{}IP destination(s) {}: a proxy allow-list matches host names, not addresses; open them on the firewall",
                    if has_names { "partly: " } else { "" },
                    nets.join(" ")
                ),
            });
        }
        if has_names {
            ok.push(*r);
        }
    }
    (ok, not)
}

fn rule_comment(prefix: &str, r: &AggregatedRule, cx: &ExportContext<'_>) -> String {
    let src = describe::endpoint_labels(&r.sources).join(", ");
    let dst = describe::endpoint_labels(&r.destinations).join(", ");
    let mut s = format!(
        "{prefix} {}: {} -> {}  {} {}{}\n",
        r.id,
        describe::comment(&src, 200),
        describe::comment(&dst, 200),
        r.transport,
        r.ports,
        if r.optional { "  (optional)" } else { "" }
    );
    for p in &r.purposes {
        let _ = writeln!(s, "{prefix}   {}", describe::comment(p, 200));
    }
    for c in &r.citations {
        let _ = writeln!(
            s,
            "{prefix}   source: {}",
            describe::comment(&describe::citation(cx, &r.products, c), 200)
        );
    }
    s
}

impl Exporter for Squid {
    fn id(&self) -> &'static str {
        "squid"
    }
    fn name(&self) -> &'static str {
        "Squid allow-list"
    }
    fn extension(&self) -> &'static str {
        "squid.conf"
    }
    fn capabilities(&self) -> Capabilities {
        PROXY_CAPS
    }
    fn description(&self) -> &'static str {
        "Squid ACLs (src, dstdomain with .domain for wildcards, port) and http_access allow lines \
         for TCP rules to host names and wildcards; cannot express IP destinations or UDP."
    }

    fn render(
        &self,
        cx: &ExportContext<'_>,
        rules: &[&AggregatedRule],
        skipped: &[Unexpressed],
        out: &mut Output,
    ) {
        let (ok, mut not) = select(rules);
        let mut body = String::new();
        let mut count = 0;
        for r in ok {
            let names: Vec<&Address> = r.destination_names.iter().collect();
            let domains: Vec<String> = minimal_names(&names)
                .iter()
                .map(|a| match a {
                    Address::Wildcard(d) => format!(".{d}"),
                    other => other.to_string(),
                })
                .collect();
            let src: Vec<String> = r
                .source_nets
                .iter()
                .map(|n| Address::Net(*n).to_string())
                .collect();
            if !r.any_source && src.is_empty() {
                not.push(Unexpressed {
                    rule: r.id.clone(),
                    reason: "the sources are host names only: Squid matches clients by address"
                        .to_string(),
                });
                continue;
            }
            body.push_str(&rule_comment("#", r, cx));
            if !r.source_names.is_empty() {
                let n: Vec<String> = r.source_names.iter().map(ToString::to_string).collect();
                let _ = writeln!(
                    body,
                    "#   not in the src ACL (Squid matches clients by address): {}",
                    n.join(" ")
                );
            }
            let acl = format!("portolan_{}", r.id);
            let mut access = "http_access allow".to_string();
            if !r.any_source {
                let _ = writeln!(body, "acl {acl}_src src {}", src.join(" "));
                let _ = write!(access, " {acl}_src");
            }
            let _ = writeln!(body, "acl {acl}_dst dstdomain {}", domains.join(" "));
            let ports: Vec<String> = r.ports.ranges().iter().map(ToString::to_string).collect();
            let _ = writeln!(body, "acl {acl}_port port {}", ports.join(" "));
            let _ = writeln!(body, "{access} {acl}_dst {acl}_port\n");
            count += 1;
        }
        let mut all = skipped.to_vec();
        all.extend(not.iter().cloned());
        let mut s = text::header("#", self, cx, count, &all);
        s.push_str(
            "#\n\
             # Paste into squid.conf where your own http_access rules go (before the final\n\
             # `http_access deny all`). Squid's default configuration denies CONNECT to ports\n\
             # other than 443 (`http_access deny CONNECT !SSL_ports`) and requests to ports outside\n\
             # Safe_ports before that point: a rule below with other ports also needs those ports\n\
             # in SSL_ports/Safe_ports, or these lines placed above the two deny lines.\n\
             # `.domain` matches the domain and every subdomain.\n\n",
        );
        s.push_str(&body);
        out.content = s.trim_end().to_string() + "\n";
        out.rule_count = count;
        out.unexpressed = not;
    }
}

impl Exporter for Pac {
    fn id(&self) -> &'static str {
        "pac"
    }
    fn name(&self) -> &'static str {
        "PAC file"
    }
    fn extension(&self) -> &'static str {
        "pac"
    }
    fn mime(&self) -> &'static str {
        "application/x-ns-proxy-autoconfig"
    }
    fn capabilities(&self) -> Capabilities {
        // a PAC file routes by name: it writes no ports at all
        Capabilities {
            ranges: false,
            ..PROXY_CAPS
        }
    }
    fn description(&self) -> &'static str {
        "A proxy auto-config file sending the host names and wildcard domains of TCP rules to the \
         proxy; routes by name only (no ports, no sources), cannot express IP destinations or UDP."
    }

    fn render(
        &self,
        cx: &ExportContext<'_>,
        rules: &[&AggregatedRule],
        skipped: &[Unexpressed],
        out: &mut Output,
    ) {
        let (ok, not) = select(rules);
        let names: Vec<&Address> = ok.iter().flat_map(|r| &r.destination_names).collect();
        let names = minimal_names(&names);
        let mut all = skipped.to_vec();
        all.extend(not.iter().cloned());
        let mut s = text::header("//", self, cx, ok.len(), &all);
        s.push_str(
            "//\n\
             // A PAC file routes; it does not enforce. Requests to the names below go to\n\
             // PORTOLAN_PROXY (set it to your proxy, which enforces ports and sources, e.g. with\n\
             // the squid export), everything else to PORTOLAN_OTHER.\n\
             //\n",
        );
        for r in &ok {
            s.push_str(&rule_comment("//", r, cx));
        }
        s.push_str("\nvar PORTOLAN_PROXY = \"PROXY proxy.invalid:3128\";\n");
        s.push_str("var PORTOLAN_OTHER = \"DIRECT\";\n\n");
        let hosts: Vec<String> = names
            .iter()
            .filter_map(|a| match a {
                Address::Fqdn(n) => Some(text::json_str(n)),
                _ => None,
            })
            .collect();
        let domains: Vec<String> = names
            .iter()
            .filter_map(|a| match a {
                Address::Wildcard(d) => Some(text::json_str(d)),
                _ => None,
            })
            .collect();
        let _ = writeln!(
            s,
            "// Host names matched exactly.\nvar PORTOLAN_HOSTS = [{}];",
            list(&hosts)
        );
        let _ = writeln!(
            s,
            "// Domains matched with every subdomain (from *.domain wildcards).\nvar PORTOLAN_DOMAINS = [{}];\n",
            list(&domains)
        );
        s.push_str(
            "function FindProxyForURL(url, host) {\n\
             \x20   var h = String(host).toLowerCase();\n\
             \x20   if (h.charAt(h.length - 1) === \".\") {\n\
             \x20       h = h.substring(0, h.length - 1);\n\
             \x20   }\n\
             \x20   var i;\n\
             \x20   for (i = 0; i < PORTOLAN_HOSTS.length; i++) {\n\
             \x20       if (h === PORTOLAN_HOSTS[i]) {\n\
             \x20           return PORTOLAN_PROXY;\n\
             \x20       }\n\
             \x20   }\n\
             \x20   for (i = 0; i < PORTOLAN_DOMAINS.length; i++) {\n\
             \x20       var d = PORTOLAN_DOMAINS[i];\n\
             \x20       if (h === d || dnsDomainIs(h, \".\" + d)) {\n\
             \x20           return PORTOLAN_PROXY;\n\
             \x20       }\n\
             \x20   }\n\
             \x20   return PORTOLAN_OTHER;\n\
             }\n",
        );
        out.content = s;
        out.rule_count = ok.len();
        out.unexpressed = not;
    }
}

/// A JavaScript array body: one element per line.
fn list(items: &[String]) -> String {
    if items.is_empty() {
        String::new()
    } else {
        format!("\n    {}\n", items.join(",\n    "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn covered_names_are_dropped() {
        let a: Vec<Address> = [
            "*.agora.io",
            "*.edge.agora.io",
            "x.agora.io",
            "b.example",
            "b.example",
        ]
        .iter()
        .map(|s| s.parse().unwrap())
        .collect();
        let refs: Vec<&Address> = a.iter().collect();
        let got: Vec<String> = minimal_names(&refs)
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(got, ["*.agora.io", "b.example"]);
    }
}
