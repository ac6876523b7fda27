//! AWS security groups as Terraform: `aws_vpc_security_group_ingress_rule` and
//! `aws_vpc_security_group_egress_rule` resources.
//!
//! A security group applies to every instance it is attached to, so one group for the whole plan
//! would open each host's ports on every other host. Instead each plan host gets its own
//! variable, `security_group_<host>`, holding the ID of the security group of that host's
//! instances: ingress rules for what the host listens on (the rule's sources as CIDRs), egress
//! rules for what it opens (the destinations). An AWS rule takes one CIDR and one port range, so
//! there is one resource per CIDR and per port range.
//!
//! A required and an optional rule may overlap; AWS refuses duplicate rules, so each
//! (group, direction, protocol, CIDR, port range) is written once, by the first rule that needs it.
//!
//! Strings are written with [`hcl_str`] (quotes, backslashes and `${`/`%{` template sequences
//! escaped); rule descriptions are limited to the characters AWS accepts, at most 255.

use super::hosts::{self, Remote};
use super::text::{self, single_line, Names};
use super::{Capabilities, ExportContext, Exporter, Output, Unexpressed};
use ipnet::IpNet;
use portolan_core::net::{PortRange, Transport};
use portolan_engine::AggregatedRule;
use std::collections::BTreeSet;
use std::fmt::Write as _;

pub struct AwsSecurityGroups;

/// AWS rejects longer security group rule descriptions.
const MAX_DESCRIPTION: usize = 255;
/// Name characters besides letters and digits (Terraform identifiers).
const NAME_CHARS: &[char] = &['_', '-'];

impl Exporter for AwsSecurityGroups {
    fn id(&self) -> &'static str {
        "aws-terraform"
    }
    fn name(&self) -> &'static str {
        "AWS security groups (Terraform)"
    }
    fn extension(&self) -> &'static str {
        "tf"
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
        "Terraform aws_vpc_security_group_ingress_rule/egress_rule resources, one security group \
         variable per plan host, one resource per CIDR and port range; addresses only (no host \
         names or wildcard domains)."
    }

    fn render(
        &self,
        cx: &ExportContext<'_>,
        rules: &[&AggregatedRule],
        skipped: &[Unexpressed],
        out: &mut Output,
    ) {
        let mut w = Writer {
            host_names: Names::with_chars(48, NAME_CHARS),
            resource_names: Names::with_chars(128, NAME_CHARS),
            body: String::new(),
            count: 0,
            unexpressed: Vec::new(),
            written: BTreeSet::new(),
        };
        for (i, h) in hosts::by_host(&cx.report.hosts, rules).iter().enumerate() {
            let ident = w.host_names.user(&format!("host:{i}"), &h.host.name);
            let var = format!("security_group_{ident}");
            w.variable(cx, h, &var);
            let host = Host {
                index: i,
                ident: &ident,
                var: &var,
                name: &h.host.name,
            };
            for (dir, list) in [(Dir::Ingress, &h.inbound), (Dir::Egress, &h.outbound)] {
                for r in list.iter() {
                    w.rule(&host, dir, r);
                }
            }
        }
        let mut all_skipped = skipped.to_vec();
        all_skipped.extend(w.unexpressed.iter().cloned());
        let mut s = text::header("#", self, cx, w.count, &all_skipped);
        s.push_str(USAGE);
        s.push_str(&w.body);
        out.content = s;
        out.rule_count = w.count;
        out.unexpressed = w.unexpressed;
        out.renamed = w.host_names.renamed;
    }
}

/// After the header: what the variables are and what the rules open.
const USAGE: &str = "#
# One variable per plan host: the ID of the security group attached to that host's
# instances. Ingress rules open what the host listens on; egress rules what it opens
# (they matter once the group's default allow-all egress rule is removed). Security
# groups are stateful: replies need no rule. Drop the variables and rules of hosts
# that are not in AWS. Requires the AWS provider 5.x or later.
";

/// The plan host whose security group a rule goes in.
struct Host<'h> {
    index: usize,
    ident: &'h str,
    var: &'h str,
    name: &'h str,
}

/// The file being written: the names given so far, the body, the rules written and left out.
struct Writer<'r> {
    host_names: Names,
    resource_names: Names,
    body: String,
    count: usize,
    unexpressed: Vec<Unexpressed>,
    /// AWS refuses two rules of a group with the same direction, protocol, CIDR and ports
    /// (a required and an optional rule may overlap): each is written once.
    written: BTreeSet<(usize, &'r str, Transport, IpNet, PortRange)>,
}

impl Writer<'_> {
    /// The variable holding the ID of a host's security group.
    fn variable(&mut self, cx: &ExportContext<'_>, h: &hosts::HostRules<'_>, var: &str) {
        let mut about = format!("ID of the security group of plan host {}", h.host.name);
        if !h.host.zone.is_empty() {
            let _ = write!(about, " (zone {})", h.host.zone);
        }
        // the report's host `index` is the plan host's: its description is free text the
        // engine does not read
        if let Some(desc) = (h.index.and_then(|i| cx.plan.hosts.get(i)))
            .map(|p| p.description.as_str())
            .filter(|d| !d.is_empty())
        {
            let _ = write!(about, ": {desc}");
        }
        let _ = writeln!(self.body, "\nvariable {} {{", hcl_str(var));
        block(
            &mut self.body,
            &[
                ("description", hcl_str(&single_line(&about))),
                ("type", "string".to_string()),
            ],
        );
        self.body.push_str("}\n");
    }

    /// One rule of a host in one direction: a resource per remote network and port range.
    fn rule(&mut self, host: &Host<'_>, dir: Dir, r: &AggregatedRule) {
        let remote = match dir {
            Dir::Ingress => hosts::remote_sources(r),
            Dir::Egress => hosts::remote_destinations(r),
        };
        let nets = match remote {
            Ok(Remote::Any) => vec![
                IpNet::V4(ipnet::Ipv4Net::default()),
                IpNet::V6(ipnet::Ipv6Net::default()),
            ],
            Ok(Remote::Nets(n)) => n,
            Err(why) => {
                self.unexpressed.push(Unexpressed {
                    rule: r.id.clone(),
                    reason: format!("{} of `{}`: {why}", dir.word(), host.name),
                });
                return;
            }
        };
        let mut n = 0usize;
        for net in &nets {
            for p in r.ports.ranges() {
                if !self
                    .written
                    .insert((host.index, dir.word(), r.transport, *net, *p))
                {
                    continue;
                }
                n += 1;
                self.resource(host, dir, r, (net, p), n);
            }
        }
    }

    fn resource(
        &mut self,
        host: &Host<'_>,
        dir: Dir,
        r: &AggregatedRule,
        (net, p): (&IpNet, &PortRange),
        n: usize,
    ) {
        let name = self.resource_names.internal(
            &format!("{}:{}:{}:{n}", host.index, dir.word(), r.id),
            &format!("{}_{}_{}_{n}", host.ident, dir.short(), r.id),
        );
        let cidr_key = match net {
            IpNet::V4(_) => "cidr_ipv4",
            IpNet::V6(_) => "cidr_ipv6",
        };
        let _ = writeln!(
            self.body,
            "\nresource {} {} {{",
            hcl_str(dir.resource()),
            hcl_str(&name)
        );
        block(
            &mut self.body,
            &[
                ("security_group_id", format!("var.{}", host.var)),
                ("description", hcl_str(&description(r, dir, p))),
                ("ip_protocol", hcl_str(r.transport.as_str())),
                (cidr_key, hcl_str(&net.to_string())),
                ("from_port", p.start().to_string()),
                ("to_port", p.end().to_string()),
            ],
        );
        self.body.push_str("}\n");
        self.count += 1;
    }
}

#[derive(Clone, Copy)]
enum Dir {
    Ingress,
    Egress,
}

impl Dir {
    fn word(self) -> &'static str {
        match self {
            Dir::Ingress => "ingress",
            Dir::Egress => "egress",
        }
    }
    fn short(self) -> &'static str {
        match self {
            Dir::Ingress => "in",
            Dir::Egress => "out",
        }
    }
    fn resource(self) -> &'static str {
        match self {
            Dir::Ingress => "aws_vpc_security_group_ingress_rule",
            Dir::Egress => "aws_vpc_security_group_egress_rule",
        }
    }
}

/// Attribute lines with their `=` aligned, as `terraform fmt` writes them.
fn block(out: &mut String, attrs: &[(&str, String)]) {
    let width = attrs.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
    for (k, v) in attrs {
        let _ = writeln!(out, "  {k:<width$} = {v}");
    }
}

/// A rule's description as AWS accepts it: at most 255 of `a-zA-Z0-9. _-:/()#,@[]+=&;{}!$*`.
fn description(r: &AggregatedRule, dir: Dir, ports: &PortRange) -> String {
    let (word, peers) = match dir {
        Dir::Ingress => ("from", &r.sources),
        Dir::Egress => ("to", &r.destinations),
    };
    let optional = if r.optional { " (optional)" } else { "" };
    let text = format!(
        "Portolan {}{optional} {} {ports} {word} {} [{}]",
        r.id,
        r.transport,
        hosts::names(peers, 3),
        r.catalog_rules.join(" ")
    );
    aws_text(&text, MAX_DESCRIPTION)
}

/// `s` in the characters AWS allows in security group rule descriptions (others become `_`),
/// at most `max` characters.
fn aws_text(s: &str, max: usize) -> String {
    single_line(s)
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || " ._-:/()#,@[]+=&;{}!$*".contains(c) {
                c
            } else {
                '_'
            }
        })
        .take(max)
        .collect()
}

/// An HCL double-quoted string: backslashes and quotes escaped, control characters as `\uXXXX`,
/// and the template sequences `${` and `%{` doubled so they stay literal text.
pub fn hcl_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    let mut prev = None;
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '{' if matches!(prev, Some('$') | Some('%')) => {
                if let Some(p) = prev {
                    out.push(p);
                }
                out.push('{');
            }
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
        prev = Some(c);
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hcl_strings_escape_templates() {
        assert_eq!(hcl_str("a\"b\\c"), r#""a\"b\\c""#);
        assert_eq!(hcl_str("${x} %{y}"), r#""$${x} %%{y}""#);
        assert_eq!(hcl_str("$${x}"), r#""$$${x}""#);
        assert_eq!(hcl_str("a\nb\u{1}"), r#""a\nb\u0001""#);
    }

    #[test]
    fn aws_descriptions_use_allowed_characters() {
        assert_eq!(aws_text("r1 'x' \"y\" é\n$z", 255), "r1 _x_ _y_ _ $z");
        assert_eq!(aws_text("abcdef", 3), "abc");
    }
}
