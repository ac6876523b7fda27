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
        let mut host_names = Names::with_chars(48, NAME_CHARS);
        let mut resource_names = Names::with_chars(128, NAME_CHARS);
        let mut body = String::new();
        let mut count = 0usize;
        let mut unexpressed = Vec::new();
        // AWS refuses two rules of a group with the same direction, protocol, CIDR and ports
        // (a required and an optional rule may overlap): each is written once.
        let mut written: BTreeSet<(usize, &str, Transport, IpNet, PortRange)> = BTreeSet::new();

        for (i, h) in hosts::by_host(cx.plan, rules).iter().enumerate() {
            let ident = host_names.user(&format!("host:{i}"), &h.host.name);
            let var = format!("security_group_{ident}");
            let mut about = format!("ID of the security group of plan host {}", h.host.name);
            if !h.host.zone.is_empty() {
                let _ = write!(about, " (zone {})", h.host.zone);
            }
            if let Some(desc) = cx
                .plan
                .hosts
                .iter()
                .find(|p| p.name == h.host.name)
                .map(|p| p.description.as_str())
                .filter(|d| !d.is_empty())
            {
                let _ = write!(about, ": {desc}");
            }
            let _ = writeln!(body, "\nvariable {} {{", hcl_str(&var));
            block(
                &mut body,
                &[
                    ("description", hcl_str(&single_line(&about))),
                    ("type", "string".to_string()),
                ],
            );
            body.push_str("}\n");

            for (dir, list) in [(Dir::Ingress, &h.inbound), (Dir::Egress, &h.outbound)] {
                for r in list.iter() {
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
                            unexpressed.push(Unexpressed {
                                rule: r.id.clone(),
                                reason: format!("{} of `{}`: {why}", dir.word(), h.host.name),
                            });
                            continue;
                        }
                    };
                    let mut n = 0usize;
                    for net in &nets {
                        for p in r.ports.ranges() {
                            if !written.insert((i, dir.word(), r.transport, *net, *p)) {
                                continue;
                            }
                            n += 1;
                            let name = resource_names.internal(
                                &format!("{i}:{}:{}:{n}", dir.word(), r.id),
                                &format!("{ident}_{}_{}_{n}", dir.short(), r.id),
                            );
                            let cidr_key = match net {
                                IpNet::V4(_) => "cidr_ipv4",
                                IpNet::V6(_) => "cidr_ipv6",
                            };
                            let _ = writeln!(
                                body,
                                "\nresource {} {} {{",
                                hcl_str(dir.resource()),
                                hcl_str(&name)
                            );
                            block(
                                &mut body,
                                &[
                                    ("security_group_id", format!("var.{var}")),
                                    ("description", hcl_str(&description(r, dir, p))),
                                    ("ip_protocol", hcl_str(r.transport.as_str())),
                                    (cidr_key, hcl_str(&net.to_string())),
                                    ("from_port", p.start().to_string()),
                                    ("to_port", p.end().to_string()),
                                ],
                            );
                            body.push_str("}\n");
                            count += 1;
                        }
                    }
                }
            }
        }

        let mut all_skipped = skipped.to_vec();
        all_skipped.extend(unexpressed.iter().cloned());
        let mut s = text::header("#", self, cx, count, &all_skipped);
        s.push_str("#\n");
        s.push_str(
            "# One variable per plan host: the ID of the security group attached to that host's\n",
        );
        s.push_str("# instances. Ingress rules open what the host listens on; egress rules what it opens\n");
        s.push_str(
            "# (they matter once the group's default allow-all egress rule is removed). Security\n",
        );
        s.push_str(
            "# groups are stateful: replies need no rule. Drop the variables and rules of hosts\n",
        );
        s.push_str("# that are not in AWS. Requires the AWS provider 5.x or later.\n");
        s.push_str(&body);
        out.content = s;
        out.rule_count = count;
        out.unexpressed = unexpressed;
        out.renamed = host_names.renamed;
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
