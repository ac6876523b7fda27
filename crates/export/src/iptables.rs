//! iptables-restore files: one for IPv4 (`iptables-restore`), one for IPv6 (`ip6tables-restore`).
//!
//! The rules live in one chain `PORTOLAN` of the filter table, one line per source network ×
//! destination network × port group, each with `-m comment`. A port list longer than the
//! multiport match takes (15 ports, a range counting as two) is split over several lines.
//!
//! Four exporters share this file:
//! - `iptables` / `ip6tables`: the `PORTOLAN` chain only (starting with an established/related
//!   accept), for `iptables-restore --noflush`; the built-in chains are left alone, the header
//!   says how to jump to it.
//! - `iptables-strict` / `ip6tables-strict`: a complete filter table (it replaces the one loaded)
//!   with policy DROP on INPUT, FORWARD and OUTPUT; loopback, established/related and (IPv6)
//!   neighbour discovery accepted; INVALID dropped; every built-in chain jumps to `PORTOLAN`.
//!
//! Each file carries its own family's part of every rule (see [`super::nftables::family_parts`]);
//! a rule whose addresses are all of the other family is listed as not expressed, with a
//! pointer to the other file.

use super::nftables::{describe, family_parts, rule_comment, Part, KERNEL_CAPS};
use super::text;
use super::{Capabilities, ExportContext, Exporter, Output, Unexpressed};
use portolan_core::net::{Family, PortRange, PortSet};
use portolan_engine::AggregatedRule;
use std::fmt::Write as _;

/// An iptables-restore exporter for one address family.
pub struct Iptables {
    family: Family,
    strict: bool,
}

/// `iptables`: the IPv4 `PORTOLAN` chain, for `iptables-restore --noflush`.
pub static IPTABLES: Iptables = Iptables {
    family: Family::V4,
    strict: false,
};
/// `ip6tables`: the IPv6 `PORTOLAN` chain, for `ip6tables-restore --noflush`.
pub static IP6TABLES: Iptables = Iptables {
    family: Family::V6,
    strict: false,
};
/// `iptables-strict`: a complete IPv4 filter table with policy DROP.
pub static IPTABLES_STRICT: Iptables = Iptables {
    family: Family::V4,
    strict: true,
};
/// `ip6tables-strict`: a complete IPv6 filter table with policy DROP.
pub static IP6TABLES_STRICT: Iptables = Iptables {
    family: Family::V6,
    strict: true,
};

/// The chain that holds the rules.
pub const CHAIN: &str = "PORTOLAN";

/// Most ports one multiport match takes; a range counts as two.
pub const MULTIPORT_MAX: u32 = 15;

/// Longest `--comment` written (the kernel takes 255 bytes; shorter keeps lines readable).
const COMMENT_MAX: usize = 120;

impl Iptables {
    fn tool(&self) -> &'static str {
        match self.family {
            Family::V4 => "iptables",
            Family::V6 => "ip6tables",
        }
    }

    fn other_tool(&self) -> &'static str {
        match self.family {
            Family::V4 => "ip6tables",
            Family::V6 => "iptables",
        }
    }

    /// How to load the file and what its policy means, for the header.
    fn usage(&self) -> Vec<String> {
        let tool = self.tool();
        let mut v = vec![format!(
            "{} only: the {} part of the plan is in the {} export",
            self.family,
            match self.family {
                Family::V4 => Family::V6,
                Family::V6 => Family::V4,
            },
            self.other_tool()
        )];
        if self.strict {
            v.push(format!(
                "load: {tool}-restore FILE (check first: {tool}-restore --test FILE); it REPLACES"
            ));
            v.push("the whole filter table. Policy DROP on INPUT, FORWARD and OUTPUT: only".into());
            v.push(
                "loopback, established and related traffic, IPv6 neighbour discovery and the"
                    .into(),
            );
            v.push("rules below pass. Add what your hosts need beyond this plan (DNS, NTP,".into());
            v.push("management access) before loading.".into());
        } else {
            v.push(format!(
                "load: {tool}-restore --noflush FILE (check first: {tool}-restore --test FILE);"
            ));
            v.push(format!(
                "it (re)creates chain {CHAIN} and leaves every other chain alone. Nothing jumps to"
            ));
            v.push(format!(
                "it until you add, once: {tool} -I INPUT -j {CHAIN}; {tool} -I FORWARD -j {CHAIN};"
            ));
            v.push(format!("{tool} -I OUTPUT -j {CHAIN}"));
        }
        v
    }
}

impl Exporter for Iptables {
    fn id(&self) -> &'static str {
        match (self.family, self.strict) {
            (Family::V4, false) => "iptables",
            (Family::V6, false) => "ip6tables",
            (Family::V4, true) => "iptables-strict",
            (Family::V6, true) => "ip6tables-strict",
        }
    }

    fn name(&self) -> &'static str {
        match (self.family, self.strict) {
            (Family::V4, false) => "iptables-restore (IPv4)",
            (Family::V6, false) => "ip6tables-restore (IPv6)",
            (Family::V4, true) => "iptables-restore (IPv4, default drop)",
            (Family::V6, true) => "ip6tables-restore (IPv6, default drop)",
        }
    }

    fn extension(&self) -> &'static str {
        match self.family {
            Family::V4 => "rules.v4",
            Family::V6 => "rules.v6",
        }
    }

    fn capabilities(&self) -> Capabilities {
        // Each file carries its own family; the pair carries both, so no rule is dropped
        // for having addresses of both families (render reports the other family's rules).
        KERNEL_CAPS
    }

    fn description(&self) -> &'static str {
        match (self.family, self.strict) {
            (Family::V4, false) => {
                "An iptables-restore file (IPv4) with a PORTOLAN chain of accept rules for \
                 `--noflush`, multiport lists split at 15 ports; addresses only (no host names \
                 or wildcard domains); IPv6 rules are in the ip6tables export."
            }
            (Family::V6, false) => {
                "An ip6tables-restore file (IPv6) with a PORTOLAN chain of accept rules for \
                 `--noflush`, multiport lists split at 15 ports; addresses only (no host names \
                 or wildcard domains); IPv4 rules are in the iptables export."
            }
            (Family::V4, true) => {
                "A complete iptables-restore filter table (IPv4) with policy DROP: only \
                 loopback, replies and the plan's flows pass; addresses only; IPv6 rules are in \
                 the ip6tables-strict export."
            }
            (Family::V6, true) => {
                "A complete ip6tables-restore filter table (IPv6) with policy DROP: only \
                 loopback, replies, neighbour discovery and the plan's flows pass; addresses \
                 only; IPv4 rules are in the iptables-strict export."
            }
        }
    }

    fn render(
        &self,
        cx: &ExportContext<'_>,
        rules: &[&AggregatedRule],
        skipped: &[Unexpressed],
        out: &mut Output,
    ) {
        let mut body = String::new();
        let mut count = 0;
        let mut other_family_too = Vec::new();
        for rule in rules {
            let Some((mine, has_other)) = self.own_parts(rule, out) else {
                continue;
            };
            if has_other {
                other_family_too.push(rule.id.clone());
            }
            count += rule_lines(&mut body, rule, &mine);
        }
        let mut all_skipped = skipped.to_vec();
        all_skipped.extend(out.unexpressed.iter().cloned());
        let mut s = text::header("#", self, cx, count, &all_skipped);
        self.preamble(&mut s, &other_family_too);
        s.push_str(&body);
        s.push_str("COMMIT\n");
        out.content = s;
        out.rule_count = count;
    }
}

/// The lines of one rule: its description, then one `-A` line per source, destination and port
/// match of each part. Returns how many `-A` lines.
fn rule_lines(body: &mut String, rule: &AggregatedRule, mine: &[Part]) -> usize {
    let mut count = 0;
    for line in describe(rule) {
        let _ = writeln!(body, "# {line}");
    }
    let comment = rule_comment(rule, COMMENT_MAX);
    let proto = rule.transport.as_str();
    let port_matches = port_matches(proto, &rule.ports);
    let side = |nets: &Option<Vec<ipnet::IpNet>>| -> Vec<Option<String>> {
        match nets {
            None => vec![None],
            Some(nets) => nets.iter().map(|n| Some(n.to_string())).collect(),
        }
    };
    for part in mine {
        let sources = side(&part.sources);
        let destinations = side(&part.destinations);
        for s in &sources {
            for d in &destinations {
                for pm in &port_matches {
                    let mut line = format!("-A {CHAIN}");
                    if let Some(s) = s {
                        let _ = write!(line, " -s {s}");
                    }
                    if let Some(d) = d {
                        let _ = write!(line, " -d {d}");
                    }
                    let _ = writeln!(
                        body,
                        "{line} -p {proto} {pm} -m comment --comment \"{comment}\" -j ACCEPT"
                    );
                    count += 1;
                }
            }
        }
    }
    count
}

impl Iptables {
    /// The parts of a rule this file's family writes, and whether it has a part of the other
    /// family too; `None` (with the reason in `out.unexpressed`) when it has none.
    fn own_parts(&self, rule: &AggregatedRule, out: &mut Output) -> Option<(Vec<Part>, bool)> {
        let parts = match family_parts(rule) {
            Ok(parts) => parts,
            Err(reason) => {
                out.unexpressed.push(Unexpressed {
                    rule: rule.id.clone(),
                    reason,
                });
                return None;
            }
        };
        let has_other = parts
            .iter()
            .any(|p| p.family.is_some_and(|f| f != self.family));
        let mine: Vec<_> = parts
            .into_iter()
            .filter(|p| p.family.is_none_or(|f| f == self.family))
            .collect();
        if mine.is_empty() {
            out.unexpressed.push(Unexpressed {
                rule: rule.id.clone(),
                reason: format!(
                    "{} only: it is in the {} export",
                    match self.family {
                        Family::V4 => Family::V6,
                        Family::V6 => Family::V4,
                    },
                    self.other_tool()
                ),
            });
            return None;
        }
        Some((mine, has_other))
    }

    /// After the header: how to load the file, the rules also in the other family's file, the
    /// table and its chains (with the strict file's policies and fixed rules).
    fn preamble(&self, s: &mut String, other_family_too: &[String]) {
        s.push_str("#\n");
        for line in self.usage() {
            let _ = writeln!(s, "# {line}");
        }
        if !other_family_too.is_empty() {
            let also = format!(
                "also in the {} export (their other-family part): {}",
                self.other_tool(),
                other_family_too.join(", ")
            );
            let _ = writeln!(s, "# {}", text::line_comment(&also, 200));
        }
        s.push_str("*filter\n");
        if self.strict {
            for chain in ["INPUT", "FORWARD", "OUTPUT"] {
                let _ = writeln!(s, ":{chain} DROP [0:0]");
            }
        }
        let _ = writeln!(s, ":{CHAIN} - [0:0]");
        if self.strict {
            for chain in ["INPUT", "FORWARD", "OUTPUT"] {
                self.built_in(s, chain);
            }
        } else {
            let _ = writeln!(
                s,
                "-A {CHAIN} -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT"
            );
        }
    }
    /// The fixed rules of a built-in chain in the strict file, ending with the jump.
    fn built_in(&self, s: &mut String, chain: &str) {
        match chain {
            "INPUT" => {
                let _ = writeln!(s, "-A INPUT -i lo -j ACCEPT");
            }
            "OUTPUT" => {
                let _ = writeln!(s, "-A OUTPUT -o lo -j ACCEPT");
            }
            _ => {}
        }
        let _ = writeln!(
            s,
            "-A {chain} -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT"
        );
        if self.family == Family::V6 && chain != "FORWARD" {
            for t in [
                "router-solicitation",
                "router-advertisement",
                "neighbour-solicitation",
                "neighbour-advertisement",
            ] {
                let _ = writeln!(
                    s,
                    "-A {chain} -p ipv6-icmp -m icmp6 --icmpv6-type {t} -j ACCEPT"
                );
            }
        }
        let _ = writeln!(s, "-A {chain} -m conntrack --ctstate INVALID -j DROP");
        let _ = writeln!(s, "-A {chain} -j {CHAIN}");
    }
}

/// The port matches of one rule: a single port or range as `-m tcp --dport`, longer lists as
/// multiport matches of at most [`MULTIPORT_MAX`] ports each (a range counts as two).
pub fn port_matches(proto: &str, ports: &PortSet) -> Vec<String> {
    let mut groups: Vec<Vec<&PortRange>> = Vec::new();
    let mut weight = 0;
    for r in ports.ranges() {
        let w = if r.is_single() { 1 } else { 2 };
        match groups.last_mut() {
            Some(g) if weight + w <= MULTIPORT_MAX => {
                g.push(r);
                weight += w;
            }
            _ => {
                groups.push(vec![r]);
                weight = w;
            }
        }
    }
    groups
        .into_iter()
        .map(|g| match g.as_slice() {
            [one] => format!("-m {proto} --dport {}", ipt_port(one)),
            many => format!(
                "-m multiport --dports {}",
                many.iter()
                    .map(|r| ipt_port(r))
                    .collect::<Vec<_>>()
                    .join(",")
            ),
        })
        .collect()
}

/// A port or range as iptables writes it (`4001:4004`).
fn ipt_port(r: &PortRange) -> String {
    if r.is_single() {
        r.start().to_string()
    } else {
        format!("{}:{}", r.start(), r.end())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nftables::tests::{
        any, assert_safe_comment, host, policy_lines, render, rule, split_comment, HOSTILE,
    };
    use crate::Artifact;
    use portolan_core::net::Transport;

    fn ports(n: usize, ranges: usize) -> PortSet {
        let mut s = PortSet::new();
        for i in 0..n {
            s.insert_range(PortRange::single(1000 + 2 * i as u16).unwrap());
        }
        for i in 0..ranges {
            let start = 20000 + 10 * i as u16;
            s.insert_range(PortRange::new(start, start + 3).unwrap());
        }
        s
    }

    fn multiport_weight(m: &str) -> usize {
        let list = m.strip_prefix("-m multiport --dports ").unwrap();
        list.split(',')
            .map(|p| if p.contains(':') { 2 } else { 1 })
            .sum()
    }

    #[test]
    fn one_port_or_range_needs_no_multiport() {
        assert_eq!(
            port_matches("tcp", &"443".parse().unwrap()),
            ["-m tcp --dport 443"]
        );
        assert_eq!(
            port_matches("udp", &"4001-4004".parse().unwrap()),
            ["-m udp --dport 4001:4004"]
        );
    }

    #[test]
    fn fifteen_ports_fit_one_multiport_sixteen_do_not() {
        let m = port_matches("tcp", &ports(15, 0));
        assert_eq!(m.len(), 1);
        assert_eq!(multiport_weight(&m[0]), 15);

        let m = port_matches("tcp", &ports(16, 0));
        assert_eq!(m.len(), 2);
        assert_eq!(multiport_weight(&m[0]), 15);
        assert_eq!(m[1], "-m tcp --dport 1030");
    }

    #[test]
    fn ranges_count_twice() {
        // 7 ports + 4 ranges = 15: one match
        let m = port_matches("tcp", &ports(7, 4));
        assert_eq!(m.len(), 1, "{m:?}");
        assert_eq!(multiport_weight(&m[0]), 15);
        // 14 ports + 1 range = 16: the range moves to a second match
        let m = port_matches("tcp", &ports(14, 1));
        assert_eq!(
            m,
            [
                format!(
                    "-m multiport --dports {}",
                    (0..14)
                        .map(|i| (1000 + 2 * i).to_string())
                        .collect::<Vec<_>>()
                        .join(",")
                ),
                "-m tcp --dport 20000:20003".to_string(),
            ]
        );
        // 8 ranges = 16: 7 ranges, then 1
        let m = port_matches("tcp", &ports(0, 8));
        assert_eq!(m.len(), 2);
        assert_eq!(multiport_weight(&m[0]), 14);
        assert_eq!(m[1], "-m tcp --dport 20070:20073");
        // 40 ports: 15 + 15 + 10, none over the limit
        let m = port_matches("udp", &ports(40, 0));
        assert_eq!(
            m.iter().map(|x| multiport_weight(x)).collect::<Vec<_>>(),
            [15, 15, 10]
        );
    }

    #[test]
    fn split_ports_make_one_rule_each() {
        let mut r = rule(
            "r1",
            vec![host("a", &["10.0.0.1"])],
            vec![host("s", &["10.9.0.1"])],
            Transport::Tcp,
            "1",
            &["d/x"],
        );
        r.ports = ports(16, 0);
        let a = render(&IPTABLES, "p", vec![r]);
        let rules: Vec<&str> = policy_lines(&a)
            .into_iter()
            .filter(|l| l.contains("--comment"))
            .collect();
        assert_eq!(rules.len(), 2);
        assert_eq!(a.rule_count, 2);
        assert!(rules[0].starts_with(
            "-A PORTOLAN -s 10.0.0.1/32 -d 10.9.0.1/32 -p tcp -m multiport --dports 1000,"
        ));
        assert!(rules[1]
            .starts_with("-A PORTOLAN -s 10.0.0.1/32 -d 10.9.0.1/32 -p tcp -m tcp --dport 1030 "));
    }

    #[test]
    fn each_file_carries_its_own_family() {
        let rules = || {
            vec![
                rule(
                    "r1",
                    vec![host("a", &["10.0.0.1", "fd00::1"])],
                    vec![host("s", &["10.9.0.1", "fd00:9::1"])],
                    Transport::Tcp,
                    "443",
                    &["d/web"],
                ),
                rule(
                    "r2",
                    vec![host("b", &["fd00::2"])],
                    vec![host("s", &["fd00:9::1"])],
                    Transport::Udp,
                    "53",
                    &["d/dns"],
                ),
            ]
        };
        let v4 = render(&IPTABLES, "p", rules());
        let v6 = render(&IP6TABLES, "p", rules());
        let accepts = |a: &Artifact| -> Vec<String> {
            policy_lines(a)
                .into_iter()
                .filter(|l| l.contains("--comment"))
                .map(str::to_string)
                .collect()
        };
        assert_eq!(
            accepts(&v4),
            ["-A PORTOLAN -s 10.0.0.1/32 -d 10.9.0.1/32 -p tcp -m tcp --dport 443 -m comment --comment \"r1 d/web\" -j ACCEPT"]
        );
        assert_eq!(
            accepts(&v6),
            [
                "-A PORTOLAN -s fd00::1/128 -d fd00:9::1/128 -p tcp -m tcp --dport 443 -m comment --comment \"r1 d/web\" -j ACCEPT",
                "-A PORTOLAN -s fd00::2/128 -d fd00:9::1/128 -p udp -m udp --dport 53 -m comment --comment \"r2 d/dns\" -j ACCEPT",
            ]
        );
        assert_eq!(v4.unexpressed.len(), 1);
        assert_eq!(v4.unexpressed[0].rule, "r2");
        assert!(v4.unexpressed[0].reason.contains("ip6tables"));
        assert!(v6.unexpressed.is_empty());
        assert!(v4
            .content
            .contains("# also in the ip6tables export (their other-family part): r1\n"));
    }

    #[test]
    fn any_source_has_no_source_match() {
        let a = render(
            &IP6TABLES,
            "p",
            vec![rule(
                "r1",
                vec![any()],
                vec![host("s", &["fd00:9::1"])],
                Transport::Tcp,
                "22",
                &["d/ssh"],
            )],
        );
        let l: Vec<&str> = policy_lines(&a)
            .into_iter()
            .filter(|l| l.contains("--comment"))
            .collect();
        assert_eq!(l, ["-A PORTOLAN -d fd00:9::1/128 -p tcp -m tcp --dport 22 -m comment --comment \"r1 d/ssh\" -j ACCEPT"]);
    }

    #[test]
    fn strict_files_replace_the_table_with_default_drop() {
        let r = || {
            vec![rule(
                "r1",
                vec![any()],
                vec![host("s", &["10.9.0.1", "fd00:9::1"])],
                Transport::Tcp,
                "22",
                &["d/ssh"],
            )]
        };
        let strict4 = render(&IPTABLES_STRICT, "p", r());
        let strict6 = render(&IP6TABLES_STRICT, "p", r());
        let open4 = render(&IPTABLES, "p", r());
        for a in [&strict4, &strict6] {
            for chain in ["INPUT", "FORWARD", "OUTPUT"] {
                assert!(a.content.contains(&format!(":{chain} DROP [0:0]\n")));
                assert!(a.content.contains(&format!("-A {chain} -j PORTOLAN\n")));
                assert!(a.content.contains(&format!(
                    "-A {chain} -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT\n"
                )));
            }
            assert!(a.content.contains("-A INPUT -i lo -j ACCEPT\n"));
            assert!(a.content.contains("-A OUTPUT -o lo -j ACCEPT\n"));
        }
        assert!(strict6.content.contains(
            "-A INPUT -p ipv6-icmp -m icmp6 --icmpv6-type neighbour-solicitation -j ACCEPT\n"
        ));
        assert!(!strict4.content.contains("icmp6"));
        // The non-strict file touches no built-in chain: it is for --noflush.
        let lines = policy_lines(&open4);
        assert_eq!(
            lines[..3],
            [
                "*filter",
                ":PORTOLAN - [0:0]",
                "-A PORTOLAN -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT"
            ]
        );
        assert!(lines
            .iter()
            .all(|l| !l.contains("INPUT") && !l.contains("OUTPUT") && !l.contains("FORWARD")));
        assert_eq!(lines.last(), Some(&"COMMIT"));
    }

    // See: issue 5 ("Hostile input")
    #[test]
    fn hostile_names_stay_in_comments() {
        let a = render(
            &IPTABLES_STRICT,
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
        // Every line is a comment, a table or chain line, a rule, or COMMIT; rules carry the
        // hostile text only inside their quoted comment, without quotes of its own.
        for line in a.content.lines() {
            if line.starts_with('#') {
                continue;
            }
            assert!(
                line == "*filter"
                    || line == "COMMIT"
                    || line.starts_with(':')
                    || line.starts_with("-A "),
                "{line}"
            );
            let (rule, comment) = split_comment(line, "--comment \"");
            for bad in ["$(", "`", "'", "\\", "Zürich", "\u{202e}"] {
                assert!(!rule.contains(bad), "`{bad}` in {line}");
            }
            assert_safe_comment(comment, line);
        }
        assert_eq!(a.content.lines().filter(|l| *l == "COMMIT").count(), 1);
    }
}
