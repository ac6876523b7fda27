//! nftables: one `inet` table named `portolan` for `nft -f`.
//!
//! Every aggregated rule becomes one rule per address family in a regular chain `allow`, with a
//! comment naming the rule id and its catalog rules; the base chains `input`, `forward` and
//! `output` accept established/related traffic and jump to `allow`, so one file serves a
//! destination host (input), a source host (output) and a router (forward) alike. Address lists
//! of two or more networks and port lists of two or more entries are named sets
//! (`r3_saddr_v4`, `r3_daddr_v6`, `r3_dports`), so they can be updated without reloading.
//!
//! Two exporters share this file: `nftables` (policy accept: the rules only, to merge into an
//! existing ruleset) and `nftables-strict` (policy drop on every hook, with loopback,
//! established/related and IPv6 neighbour discovery accepted).
//!
//! The helpers [`family_parts`] and [`describe`] are shared with the iptables exporter.

use super::text;
use super::{Capabilities, ExportContext, Exporter, Output, Unexpressed};
use ipnet::IpNet;
use portolan_core::net::{Family, PortRange};
use portolan_engine::{AggregatedRule, Endpoint, EndpointKind};
use std::fmt::Write as _;
use std::sync::Arc;

/// The nftables exporters: `strict` selects the default-drop variant.
pub struct Nftables {
    strict: bool,
}

/// `nftables`: accept rules and policy accept.
pub static NFTABLES: Nftables = Nftables { strict: false };
/// `nftables-strict`: policy drop on input, forward and output.
pub static NFTABLES_STRICT: Nftables = Nftables { strict: true };

/// The table every export writes (and replaces when loaded).
pub const TABLE: &str = "portolan";

/// Longest rule comment written (nftables accepts at most 128 bytes).
const COMMENT_MAX: usize = 120;
/// Longest `#` comment line written.
const NOTE_MAX: usize = 200;
/// Set elements written per line.
const ELEMENTS_PER_LINE: usize = 8;

/// The capabilities of the kernel firewall formats: addresses only, both families, no
/// unresolved endpoints.
pub(super) const KERNEL_CAPS: Capabilities = Capabilities {
    fqdn: false,
    wildcard: false,
    ipv6: true,
    unresolved: false,
    ranges: true,
    zones: false,
};

impl Exporter for Nftables {
    fn id(&self) -> &'static str {
        if self.strict {
            "nftables-strict"
        } else {
            "nftables"
        }
    }

    fn name(&self) -> &'static str {
        if self.strict {
            "nftables (default drop)"
        } else {
            "nftables"
        }
    }

    fn extension(&self) -> &'static str {
        "nft"
    }

    fn capabilities(&self) -> Capabilities {
        KERNEL_CAPS
    }

    fn description(&self) -> &'static str {
        if self.strict {
            "An nftables inet table for `nft -f` with policy drop on input, forward and output: \
             only loopback, replies, IPv6 neighbour discovery and the plan's flows pass; \
             addresses only (no host names or wildcard domains)."
        } else {
            "An nftables inet table for `nft -f` with one accept rule per flow and policy accept, \
             to merge into an existing ruleset; addresses only (no host names or wildcard domains)."
        }
    }

    fn render(
        &self,
        cx: &ExportContext<'_>,
        rules: &[&AggregatedRule],
        skipped: &[Unexpressed],
        out: &mut Output,
    ) {
        let mut sets = String::new();
        let mut allow = String::new();
        let mut count = 0;
        for rule in rules {
            match family_parts(rule) {
                Ok(parts) => count += rule_lines(&mut sets, &mut allow, rule, parts),
                Err(reason) => out.unexpressed.push(Unexpressed {
                    rule: rule.id.clone(),
                    reason,
                }),
            }
        }
        let mut all_skipped = skipped.to_vec();
        all_skipped.extend(out.unexpressed.iter().cloned());
        let mut s = text::header("#", self, cx, count, &all_skipped);
        self.table(&mut s, &sets, &allow);
        out.content = s;
        out.rule_count = count;
    }
}

/// One rule: its description and one accept line per family part in the `allow` chain, with
/// the named sets its addresses or ports need in `sets`. Returns how many accept lines.
fn rule_lines(
    sets: &mut String,
    allow: &mut String,
    rule: &AggregatedRule,
    parts: Vec<Part>,
) -> usize {
    let id = text::ident(&rule.id, 40).0;
    for line in describe(rule) {
        let _ = writeln!(allow, "\t\t# {line}");
    }
    let port_set = (rule.ports.ranges().len() > 1).then(|| format!("{id}_dports"));
    let ports = match &port_set {
        Some(name) => format!("@{name}"),
        None => rule.ports.to_string(),
    };
    let comment = rule_comment(rule, COMMENT_MAX);
    let mut count = 0;
    for part in parts {
        let mut m = address_matches(sets, rule, &id, &part);
        m.push(format!("{} dport {ports}", rule.transport));
        let _ = writeln!(allow, "\t\t{} accept comment \"{comment}\"", m.join(" "));
        count += 1;
    }
    if let Some(name) = port_set {
        declare_set(
            sets,
            &name,
            "inet_service",
            &format!("{} {} destination ports", rule.id, rule.transport),
            rule.ports.ranges().iter().map(port_text),
        );
    }
    count
}

/// The source and destination matches of one family part: one address inline, several as a
/// named set (declared in `sets`); none for a side of any address.
fn address_matches(sets: &mut String, rule: &AggregatedRule, id: &str, part: &Part) -> Vec<String> {
    let mut m = Vec::new();
    let Some(family) = part.family else {
        return m;
    };
    let (proto, ty, suffix) = match family {
        Family::V4 => ("ip", "ipv4_addr", "v4"),
        Family::V6 => ("ip6", "ipv6_addr", "v6"),
    };
    for (dir, nets, eps, what) in [
        ("saddr", &part.sources, &rule.sources, "sources"),
        (
            "daddr",
            &part.destinations,
            &rule.destinations,
            "destinations",
        ),
    ] {
        let Some(nets) = nets else { continue };
        if let [one] = nets.as_slice() {
            m.push(format!("{proto} {dir} {}", net_text(one)));
        } else {
            let name = format!("{id}_{dir}_{suffix}");
            declare_set(
                sets,
                &name,
                ty,
                &format!("{} {what} ({family}): {}", rule.id, names(eps)),
                nets.iter().map(net_text),
            );
            m.push(format!("{proto} {dir} @{name}"));
        }
    }
    m
}

impl Nftables {
    /// After the header: how to load the file, then the table with its sets, the `allow` chain
    /// and the base chains.
    fn table(&self, s: &mut String, sets: &str, allow: &str) {
        s.push_str("#\n");
        for line in self.usage() {
            let _ = writeln!(s, "# {line}");
        }
        s.push('\n');
        // Declaring the table first makes the delete succeed on a first load: loading the
        // file replaces the table instead of adding a second copy of every rule.
        let _ = writeln!(s, "table inet {TABLE}");
        let _ = writeln!(s, "delete table inet {TABLE}");
        s.push('\n');
        let _ = writeln!(s, "table inet {TABLE} {{");
        s.push_str(sets);
        s.push_str("\tchain allow {\n");
        s.push_str(allow);
        s.push_str("\t}\n");
        for hook in ["input", "forward", "output"] {
            s.push('\n');
            self.base_chain(s, hook);
        }
        s.push_str("}\n");
    }

    /// How to load the file and what its policy means, for the header.
    fn usage(&self) -> Vec<String> {
        let mut v = vec![
            format!("load: nft -f FILE (check first: nft -c -f FILE); it replaces the table inet {TABLE}"),
            "each rule sits once in chain allow, which input, forward and output jump to".to_string(),
        ];
        if self.strict {
            v.push(
                "policy DROP on input, forward and output: only loopback, established and".into(),
            );
            v.push(
                "related traffic, IPv6 neighbour discovery and the rules below pass. Add what"
                    .into(),
            );
            v.push(
                "your hosts need beyond this plan (DNS, NTP, management access) before loading."
                    .into(),
            );
        } else {
            v.push(
                "policy accept: this table blocks nothing by itself. nftables runs the base".into(),
            );
            v.push(
                "chains of every table and an accept here does not undo a drop in another".into(),
            );
            v.push(
                "table: copy chain allow into your own table and jump to it from your chains,"
                    .into(),
            );
            v.push("or use the nftables-strict export.".into());
        }
        v
    }

    fn base_chain(&self, s: &mut String, hook: &str) {
        let policy = if self.strict { "drop" } else { "accept" };
        let _ = writeln!(s, "\tchain {hook} {{");
        let _ = writeln!(
            s,
            "\t\ttype filter hook {hook} priority 0; policy {policy};"
        );
        s.push_str("\t\tct state established,related accept\n");
        if self.strict {
            match hook {
                "input" => s.push_str("\t\tiif \"lo\" accept\n"),
                "output" => s.push_str("\t\toif \"lo\" accept\n"),
                _ => {}
            }
            if hook != "forward" {
                s.push_str(
                    "\t\ticmpv6 type { nd-neighbor-solicit, nd-neighbor-advert, nd-router-solicit, nd-router-advert } accept\n",
                );
            }
            s.push_str("\t\tct state invalid drop\n");
        }
        s.push_str("\t\tjump allow\n");
        s.push_str("\t}\n");
    }
}

/// One address family's share of an aggregated rule, as the kernel formats write it.
pub(super) struct Part {
    /// `None`: any source and any destination, which covers both families in one rule.
    pub(super) family: Option<Family>,
    /// `None`: any source address.
    pub(super) sources: Option<Vec<IpNet>>,
    /// `None`: any destination address.
    pub(super) destinations: Option<Vec<IpNet>>,
}

/// Splits a rule by address family: one part per family that has both sources and
/// destinations (an `Any` side matches every family). A rule whose sources and destinations
/// share no family cannot be written as a packet filter rule; the error says why.
pub(super) fn family_parts(rule: &AggregatedRule) -> Result<Vec<Part>, String> {
    if rule.ports.is_empty() {
        return Err("the rule has no ports".to_string());
    }
    let any_destination = rule
        .destinations
        .iter()
        .any(|d| d.kind == EndpointKind::Any);
    if rule.any_source && any_destination {
        return Ok(vec![Part {
            family: None,
            sources: None,
            destinations: None,
        }]);
    }
    let mut parts = Vec::new();
    for family in [Family::V4, Family::V6] {
        let pick = |nets: &[IpNet]| -> Vec<IpNet> {
            nets.iter()
                .filter(|n| Family::of(n) == family)
                .copied()
                .collect()
        };
        let sources = (!rule.any_source).then(|| pick(&rule.source_nets));
        let destinations = (!any_destination).then(|| pick(&rule.destination_nets));
        if sources.as_ref().is_some_and(Vec::is_empty)
            || destinations.as_ref().is_some_and(Vec::is_empty)
        {
            continue;
        }
        parts.push(Part {
            family: Some(family),
            sources,
            destinations,
        });
    }
    if parts.is_empty() {
        Err("its sources and destinations have no address family in common (e.g. IPv4 sources and IPv6 destinations)".to_string())
    } else {
        Ok(parts)
    }
}

/// The `#` comment lines written above a rule: who talks to whom, the catalog rules and their
/// purposes. Every line is one line of bounded length, whatever the plan's names contain.
pub(super) fn describe(rule: &AggregatedRule) -> Vec<String> {
    let mut v = vec![text::line_comment(
        &format!(
            "{}: {} -> {} ({} {}){}",
            rule.id,
            names(&rule.sources),
            names(&rule.destinations),
            rule.transport,
            rule.ports,
            if rule.optional { " optional" } else { "" }
        ),
        NOTE_MAX,
    )];
    for c in &rule.catalog_rules {
        v.push(format!("  {}", text::line_comment(c, NOTE_MAX)));
    }
    for p in &rule.purposes {
        v.push(format!("  {}", text::line_comment(p, NOTE_MAX)));
    }
    v
}

/// The comment a rule carries into the kernel: its id and as many of its catalog rules as fit
/// in `max` characters, then how many more there are (the `#` lines above list them all).
/// Printable ASCII without quotes, backslashes, backticks or `$`.
pub(super) fn rule_comment(rule: &AggregatedRule, max: usize) -> String {
    let all = &rule.catalog_rules;
    let mut s = rule.id.clone();
    for (i, c) in all.iter().enumerate() {
        let candidate = format!("{s}{}{c}", if i == 0 { " " } else { ", " });
        let left = all.len() - i - 1;
        let reserve = if left > 0 {
            format!(" +{left} more").len()
        } else {
            0
        };
        if candidate.len() + reserve > max {
            s = format!("{s} +{} more", all.len() - i);
            break;
        }
        s = candidate;
    }
    // `$` too: people paste iptables lines into a shell, where "$(...)" would run.
    text::comment_text(&s, max).replace('$', "_")
}

/// The endpoints' names, `any` for an any-address endpoint.
fn names(eps: &[Arc<Endpoint>]) -> String {
    eps.iter()
        .map(|e| match e.kind {
            EndpointKind::Any => "any".to_string(),
            _ => e.name.clone(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// A network as nftables writes it: a single address without its prefix length.
pub(super) fn net_text(net: &IpNet) -> String {
    if net.prefix_len() == net.max_prefix_len() {
        net.addr().to_string()
    } else {
        net.to_string()
    }
}

fn port_text(r: &PortRange) -> String {
    r.to_string()
}

/// A named interval set, preceded by a comment on what it holds.
fn declare_set(
    s: &mut String,
    name: &str,
    ty: &str,
    about: &str,
    elements: impl Iterator<Item = String>,
) {
    let elements: Vec<String> = elements.collect();
    let lines: Vec<String> = elements
        .chunks(ELEMENTS_PER_LINE)
        .map(|c| c.join(", "))
        .collect();
    let _ = writeln!(s, "\t# {}", text::line_comment(about, NOTE_MAX));
    let _ = writeln!(s, "\tset {name} {{");
    let _ = writeln!(s, "\t\ttype {ty}");
    s.push_str("\t\tflags interval\n");
    if let [one] = lines.as_slice() {
        let _ = writeln!(s, "\t\telements = {{ {one} }}");
    } else {
        s.push_str("\t\telements = {\n");
        let _ = writeln!(s, "\t\t\t{}", lines.join(",\n\t\t\t"));
        s.push_str("\t\t}\n");
    }
    s.push_str("\t}\n\n");
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::{export, Artifact};
    use portolan_catalog::Catalog;
    use portolan_core::net::{Address, Transport};
    use portolan_core::plan::Plan;
    use portolan_engine::Report;

    pub(crate) const HOSTILE: &str =
        "a\"b'c `id` $(reboot); x\\y\nCOMMIT\r\n} flush ruleset { # Zürich 日本 \u{202e}";

    pub(crate) fn ep(kind: EndpointKind, name: &str, addrs: &[&str]) -> Endpoint {
        Endpoint {
            kind,
            name: name.to_string(),
            zone: String::new(),
            addresses: addrs
                .iter()
                .map(|a| a.parse::<Address>().unwrap())
                .collect(),
        }
    }

    pub(crate) fn host(name: &str, addrs: &[&str]) -> Endpoint {
        ep(EndpointKind::Host, name, addrs)
    }

    pub(crate) fn any() -> Endpoint {
        ep(EndpointKind::Any, "Any", &[])
    }

    /// An aggregated rule as the engine makes it from these endpoints.
    pub(crate) fn rule(
        id: &str,
        sources: Vec<Endpoint>,
        destinations: Vec<Endpoint>,
        transport: Transport,
        ports: &str,
        catalog_rules: &[&str],
    ) -> AggregatedRule {
        let nets = |eps: &[Arc<Endpoint>]| -> Vec<IpNet> {
            let all: Vec<IpNet> = eps
                .iter()
                .flat_map(|e| e.addresses.iter().filter_map(|a| a.as_net().copied()))
                .collect();
            portolan_core::net::collapse(&all)
        };
        let sources: Vec<Arc<Endpoint>> = sources.into_iter().map(Arc::new).collect();
        let destinations: Vec<Arc<Endpoint>> = destinations.into_iter().map(Arc::new).collect();
        AggregatedRule {
            id: id.to_string(),
            source_nets: nets(&sources),
            source_names: Vec::new(),
            any_source: sources.iter().any(|e| e.kind == EndpointKind::Any),
            destination_nets: nets(&destinations),
            destination_names: Vec::new(),
            sources,
            destinations,
            transport,
            ports: ports.parse().unwrap(),
            catalog_rules: catalog_rules
                .iter()
                .map(|s| portolan_core::text::Text::from(*s))
                .collect(),
            products: vec!["demo".into()],
            purposes: vec!["purpose".into()],
            citations: Vec::new(),
            optional: false,
            unresolved: false,
            flow_count: 1,
        }
    }

    pub(crate) fn render(
        exporter: &dyn Exporter,
        plan_name: &str,
        rules: Vec<AggregatedRule>,
    ) -> Artifact {
        let report = Report {
            plan: plan_name.to_string(),
            catalog_revision: "c-test".into(),
            rules,
            ..Default::default()
        };
        let plan = Plan {
            name: plan_name.to_string(),
            ..Default::default()
        };
        let catalog = Catalog::default();
        export(
            exporter,
            &ExportContext {
                report: &report,
                plan: &plan,
                catalog: &catalog,
                generated_at: "2026-01-01T00:00:00Z",
            },
        )
    }

    /// The lines of the artifact that are not `#` comments.
    pub(crate) fn policy_lines(a: &Artifact) -> Vec<&str> {
        a.content
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect()
    }

    fn accept_lines(a: &Artifact) -> Vec<&str> {
        policy_lines(a)
            .into_iter()
            .filter(|l| l.contains(" accept comment "))
            .collect()
    }

    /// A rule line without its quoted comment, and the comment's text.
    pub(crate) fn split_comment<'a>(line: &'a str, opener: &str) -> (String, &'a str) {
        match line.split_once(opener) {
            Some((before, rest)) => match rest.split_once('"') {
                Some((comment, after)) => (format!("{before}{after}"), comment),
                None => panic!("unterminated comment: {line}"),
            },
            None => (line.to_string(), ""),
        }
    }

    /// A quoted comment holds printable ASCII only, and nothing a shell or config parser
    /// treats specially inside double quotes.
    pub(crate) fn assert_safe_comment(comment: &str, line: &str) {
        assert!(
            comment
                .chars()
                .all(|c| (c.is_ascii_graphic() || c == ' ') && !"\"'`\\$".contains(c)),
            "{line}"
        );
    }

    #[test]
    fn any_source_has_no_source_match() {
        let a = render(
            &NFTABLES,
            "p",
            vec![rule(
                "r1",
                vec![any()],
                vec![host("web", &["10.1.0.10"])],
                Transport::Tcp,
                "443",
                &["demo/https"],
            )],
        );
        assert_eq!(
            accept_lines(&a),
            ["ip daddr 10.1.0.10 tcp dport 443 accept comment \"r1 demo/https\""]
        );
        assert_eq!(a.rule_count, 1);
        assert!(a.unexpressed.is_empty());
    }

    #[test]
    fn any_to_any_is_one_rule_for_both_families() {
        let a = render(
            &NFTABLES,
            "p",
            vec![rule(
                "r1",
                vec![any()],
                vec![any()],
                Transport::Udp,
                "53",
                &["demo/dns"],
            )],
        );
        assert_eq!(
            accept_lines(&a),
            ["udp dport 53 accept comment \"r1 demo/dns\""]
        );
    }

    #[test]
    fn families_become_separate_rules_with_named_sets() {
        let a = render(
            &NFTABLES,
            "p",
            vec![rule(
                "r1",
                vec![
                    host("a", &["10.0.0.1", "fd00::1"]),
                    host("b", &["10.0.0.7", "fd00::7"]),
                ],
                vec![host("srv", &["10.1.0.10", "fd00:1::10"])],
                Transport::Tcp,
                "80, 4001-4004",
                &["demo/web"],
            )],
        );
        assert_eq!(
            accept_lines(&a),
            [
                "ip saddr @r1_saddr_v4 ip daddr 10.1.0.10 tcp dport @r1_dports accept comment \"r1 demo/web\"",
                "ip6 saddr @r1_saddr_v6 ip6 daddr fd00:1::10 tcp dport @r1_dports accept comment \"r1 demo/web\"",
            ]
        );
        assert!(a.content.contains("set r1_saddr_v4 {\n\t\ttype ipv4_addr\n\t\tflags interval\n\t\telements = { 10.0.0.1, 10.0.0.7 }\n"));
        assert!(a
            .content
            .contains("type ipv6_addr\n\t\tflags interval\n\t\telements = { fd00::1, fd00::7 }\n"));
        assert!(a
            .content
            .contains("type inet_service\n\t\tflags interval\n\t\telements = { 80, 4001-4004 }\n"));
        assert_eq!(a.rule_count, 2);
    }

    #[test]
    fn a_family_without_both_sides_is_left_out() {
        // IPv6 sources, IPv4-only destination: only the IPv4 rule can match anything.
        let a = render(
            &NFTABLES,
            "p",
            vec![rule(
                "r1",
                vec![host("a", &["10.0.0.1", "fd00::1"])],
                vec![host("srv", &["10.1.0.10"])],
                Transport::Tcp,
                "22",
                &["demo/ssh"],
            )],
        );
        assert_eq!(accept_lines(&a).len(), 1);
        assert!(accept_lines(&a)[0].starts_with("ip saddr 10.0.0.1 ip daddr 10.1.0.10 "));
    }

    #[test]
    fn no_common_family_is_reported_not_written() {
        let a = render(
            &NFTABLES_STRICT,
            "p",
            vec![rule(
                "r1",
                vec![host("a", &["10.0.0.1"])],
                vec![host("srv", &["fd00::10"])],
                Transport::Tcp,
                "22",
                &["demo/ssh"],
            )],
        );
        assert_eq!(a.rule_count, 0);
        assert!(accept_lines(&a).is_empty());
        assert_eq!(a.unexpressed.len(), 1);
        assert!(a.unexpressed[0]
            .reason
            .contains("no address family in common"));
        assert!(a
            .content
            .contains("# NOT expressed here (1):\n#   r1: its sources"));
    }

    #[test]
    fn many_elements_wrap_over_lines() {
        let hosts: Vec<Endpoint> = (0..10)
            .map(|i| host(&format!("h{i}"), &[&format!("10.0.{i}.1")]))
            .collect();
        let a = render(
            &NFTABLES,
            "p",
            vec![rule(
                "r1",
                hosts,
                vec![host("s", &["10.9.0.1"])],
                Transport::Tcp,
                "1",
                &["d/x"],
            )],
        );
        assert!(a.content.contains("\t\telements = {\n\t\t\t10.0.0.1, 10.0.1.1, 10.0.2.1, 10.0.3.1, 10.0.4.1, 10.0.5.1, 10.0.6.1, 10.0.7.1,\n\t\t\t10.0.8.1, 10.0.9.1\n\t\t}\n"));
    }

    #[test]
    fn strict_drops_by_default_and_keeps_replies_loopback_and_neighbour_discovery() {
        let r = || {
            vec![rule(
                "r1",
                vec![any()],
                vec![host("s", &["10.9.0.1"])],
                Transport::Tcp,
                "1",
                &["d/x"],
            )]
        };
        let strict = render(&NFTABLES_STRICT, "p", r());
        let open = render(&NFTABLES, "p", r());
        assert_eq!(strict.content.matches("policy drop;").count(), 3);
        assert_eq!(open.content.matches("policy accept;").count(), 3);
        assert!(!open.content.contains("policy drop"));
        for needle in [
            "iif \"lo\" accept",
            "oif \"lo\" accept",
            "nd-neighbor-solicit",
            "ct state invalid drop",
        ] {
            assert!(strict.content.contains(needle), "{needle}");
            assert!(!open.content.contains(needle), "{needle}");
        }
        for a in [&strict, &open] {
            assert_eq!(
                a.content
                    .matches("ct state established,related accept")
                    .count(),
                3
            );
            assert_eq!(a.content.matches("jump allow").count(), 3);
            assert!(a
                .content
                .contains("table inet portolan\ndelete table inet portolan\n"));
        }
    }

    #[test]
    fn rule_comments_fit_and_say_how_many_are_left_out() {
        let names: Vec<String> = (0..20)
            .map(|i| format!("product/a-rather-long-rule-name-{i}"))
            .collect();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        let r = rule(
            "r7",
            vec![any()],
            vec![host("s", &["10.9.0.1"])],
            Transport::Tcp,
            "1",
            &names,
        );
        let c = rule_comment(&r, COMMENT_MAX);
        assert!(c.len() <= COMMENT_MAX, "{c}");
        assert!(
            c.starts_with("r7 product/a-rather-long-rule-name-0, "),
            "{c}"
        );
        assert!(c.ends_with(" more"), "{c}");
        let shown = c.matches("product/").count();
        assert!(c.ends_with(&format!(" +{} more", 20 - shown)), "{c}");
        let r = rule(
            "r8",
            vec![any()],
            vec![host("s", &["10.9.0.1"])],
            Transport::Tcp,
            "1",
            &["p/x"],
        );
        assert_eq!(rule_comment(&r, COMMENT_MAX), "r8 p/x");
    }

    // See: issue 5 ("Hostile input")
    #[test]
    fn hostile_names_stay_in_comments() {
        let a = render(
            &NFTABLES_STRICT,
            HOSTILE,
            vec![rule(
                "r1",
                vec![host(HOSTILE, &["10.0.0.1", "10.0.0.2"])],
                vec![host(&format!("{HOSTILE}2"), &["10.9.0.1"])],
                Transport::Tcp,
                "443",
                &[HOSTILE],
            )],
        );
        for line in policy_lines(&a) {
            let (rule, comment) = split_comment(line, "comment \"");
            for bad in ["$(", "`", "'", "\\", "Zürich", "flush", "\u{202e}"] {
                assert!(!rule.contains(bad), "`{bad}` in {line}");
            }
            assert_safe_comment(comment, line);
        }
        // Comment lines keep the names readable (non-ASCII too), on one line each.
        assert!(a.content.contains(
            "# r1: a\"b'c `id` $(reboot); x\\y COMMIT  } flush ruleset { # Zürich 日本 <U+202E>"
        ));
        assert!(a.content.contains(
            "# plan: a_b_c _id_ $(reboot); x_y COMMIT  } flush ruleset { # Z?rich ?? <U+202E>\n"
        ));
        // Nothing after the header starts a line with anything but a tab, `#`, `table`,
        // `delete` or the closing brace.
        for line in a.content.lines().filter(|l| !l.is_empty()) {
            assert!(
                line.starts_with(['\t', '#', '}'])
                    || line.starts_with("table ")
                    || line.starts_with("delete "),
                "{line}"
            );
        }
    }
}
