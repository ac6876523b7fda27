//! Windows Defender Firewall: a PowerShell script of `New-NetFirewallRule` commands, one section
//! per plan host. The admin runs it on each machine with the name of the plan host the machine
//! is (`-PlanHost 'ris01'`); the section adds inbound rules for what that host listens on and,
//! with `-Outbound`, outbound rules for what it connects to. Every rule is in one group, so
//! `Remove-NetFirewallRule -Group '...'` removes the plan's rules as one.
//!
//! Every user string is written through [`text::ps_quote`] (single-quoted, quotes doubled,
//! non-ASCII as `[char]` codes) after [`text::single_line`]; comments carry
//! [`text::comment_text`] only.

use super::hosts::{self, Remote};
use super::text::{self, ps_quote, single_line};
use super::{Capabilities, ExportContext, Exporter, Output, Unexpressed};
use portolan_core::net::Transport;
use portolan_engine::AggregatedRule;
use std::collections::BTreeSet;
use std::fmt::Write as _;

pub struct WindowsFirewall;

/// Longest description written into a rule (characters).
const MAX_DESCRIPTION: usize = 1000;

impl Exporter for WindowsFirewall {
    fn id(&self) -> &'static str {
        "windows-firewall"
    }
    fn name(&self) -> &'static str {
        "Windows Defender Firewall (PowerShell)"
    }
    fn extension(&self) -> &'static str {
        "ps1"
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
        "New-NetFirewallRule commands per plan host: inbound rules for what the host listens on, \
         outbound rules (with -Outbound) for what it opens, all in one removable group; remote \
         addresses only (no host names or wildcard domains)."
    }

    fn render(
        &self,
        cx: &ExportContext<'_>,
        rules: &[&AggregatedRule],
        skipped: &[Unexpressed],
        out: &mut Output,
    ) {
        let group = group_name(&cx.plan.name);
        let hosts = hosts::by_host(&cx.report.hosts, rules);
        let mut body = String::new();
        let mut keys: Vec<String> = Vec::new();
        let mut taken: BTreeSet<String> = BTreeSet::new();
        let mut count = 0usize;
        let mut unexpressed: Vec<Unexpressed> = Vec::new();
        for h in &hosts {
            let key = unique_key(&single_line(&h.host.name), &mut taken);
            let (section, n) = host_commands(h, &mut unexpressed);
            count += n;
            host_section(&mut body, h, &key, &section);
            keys.push(key);
        }
        let mut all_skipped = skipped.to_vec();
        all_skipped.extend(unexpressed.iter().cloned());
        // A byte-order mark, as in every PowerShell export (`ps_quote` keeps the rest ASCII).
        let mut s = String::from("\u{feff}");
        s.push_str(&text::header("#", self, cx, count, &all_skipped));
        preamble(&mut s, &cx.plan.name, &group, &keys);
        s.push_str(&body);
        out.content = s;
        out.rule_count = count;
        out.unexpressed = unexpressed;
    }
}

/// A host's commands: its inbound rules, then its outbound rules (run with `-Outbound` only).
/// Returns them and how many rules they hold; the rules left out go to `unexpressed`.
fn host_commands(h: &hosts::HostRules<'_>, unexpressed: &mut Vec<Unexpressed>) -> (String, usize) {
    let mut count = 0;
    let mut section = String::new();
    for r in &h.inbound {
        match hosts::remote_sources(r) {
            Ok(remote) => {
                section.push_str(&command(r, Direction::Inbound, &remote, "    "));
                count += 1;
            }
            Err(why) => unexpressed.push(Unexpressed {
                rule: r.id.clone(),
                reason: format!("inbound on `{}`: {why}", h.host.name),
            }),
        }
    }
    let mut outbound = String::new();
    for r in &h.outbound {
        match hosts::remote_destinations(r) {
            Ok(remote) => {
                outbound.push_str(&command(r, Direction::Outbound, &remote, "        "));
                count += 1;
            }
            Err(why) => unexpressed.push(Unexpressed {
                rule: r.id.clone(),
                reason: format!("outbound on `{}`: {why}", h.host.name),
            }),
        }
    }
    if !outbound.is_empty() {
        section.push_str("    if ($Outbound) {\n");
        section.push_str(&outbound);
        section.push_str("    }\n");
    }
    (section, count)
}

/// A host's section of the script: run only when `-PlanHost` names it.
fn host_section(body: &mut String, h: &hosts::HostRules<'_>, key: &str, section: &str) {
    let zone = if h.host.zone.is_empty() {
        String::new()
    } else {
        format!(" (zone {})", text::comment_text(&h.host.zone, 60))
    };
    let _ = writeln!(
        body,
        "\n# plan host {}{zone}: {} inbound, {} outbound rule(s)",
        text::comment_text(&h.host.name, 80),
        h.inbound.len(),
        h.outbound.len()
    );
    let _ = writeln!(body, "if ($PlanHost -ceq {}) {{", ps_quote(key));
    if section.is_empty() {
        body.push_str("    Write-Output 'nothing to open on this host'\n");
    } else {
        body.push_str(section);
    }
    body.push_str("}\n");
}

/// After the header: how to run the script, its parameters, and the check of `-PlanHost`.
fn preamble(s: &mut String, plan_name: &str, group: &str, keys: &[String]) {
    let file = format!("{}.ps1", text::file_stem(plan_name));
    s.push_str("#\n");
    s.push_str("# Run it as administrator on each machine, naming the plan host the machine is:\n");
    let example = keys.first().map_or("'host'".to_string(), |k| ps_quote(k));
    let _ = writeln!(s, "#   .\\{file} -PlanHost {example}");
    s.push_str(
        "# Add -Outbound on machines whose outbound default is Block (Windows allows outbound\n\
         # traffic by default, so only inbound rules are needed otherwise).\n",
    );
    s.push_str(
        "# Running a section twice adds its rules twice; to remove every rule of this plan:\n",
    );
    let _ = writeln!(s, "#   Remove-NetFirewallRule -Group {}", ps_quote(group));
    s.push_str("#Requires -RunAsAdministrator\n");
    s.push_str("#Requires -Modules NetSecurity\n");
    s.push_str("[CmdletBinding()]\n");
    s.push_str("param(\n    [Parameter(Mandatory = $true)]\n    [string]$PlanHost,\n    [switch]$Outbound\n)\n");
    s.push_str("Set-StrictMode -Version Latest\n");
    s.push_str("$ErrorActionPreference = 'Stop'\n");
    let _ = writeln!(s, "$Group = {}", ps_quote(group));
    let list: Vec<String> = keys.iter().map(|k| ps_quote(k)).collect();
    let _ = writeln!(s, "$PlanHosts = @({})", list.join(", "));
    s.push_str("if ($PlanHosts -cnotcontains $PlanHost) {\n");
    s.push_str(
        "    throw ('this script has no section for that plan host; use one of: ' + ($PlanHosts -join ', '))\n",
    );
    s.push_str("}\n");
}

#[derive(Clone, Copy)]
enum Direction {
    Inbound,
    Outbound,
}

/// The group every rule of the plan is in.
fn group_name(plan: &str) -> String {
    let name = single_line(plan);
    if name.is_empty() {
        "Portolan".to_string()
    } else {
        format!("Portolan {name}")
    }
}

/// `key`, or `key (2)`, `key (3)`, ... when a section of that name exists already.
fn unique_key(key: &str, taken: &mut BTreeSet<String>) -> String {
    let mut k = key.to_string();
    let mut n = 1;
    while taken.contains(&k) {
        n += 1;
        k = format!("{key} ({n})");
    }
    taken.insert(k.clone());
    k
}

/// One `New-NetFirewallRule` command line.
fn command(r: &AggregatedRule, dir: Direction, remote: &Remote, indent: &str) -> String {
    let ports: Vec<String> = r
        .ports
        .ranges()
        .iter()
        .map(|p| ps_quote(&p.to_string()))
        .collect();
    let protocol = match r.transport {
        Transport::Tcp => "TCP",
        Transport::Udp => "UDP",
    };
    let (direction, port_param, peers, word) = match dir {
        Direction::Inbound => ("Inbound", "-LocalPort", &r.sources, "from"),
        Direction::Outbound => ("Outbound", "-RemotePort", &r.destinations, "to"),
    };
    let optional = if r.optional { " (optional)" } else { "" };
    let display = format!(
        "Portolan {} {}{optional}: {} {} {word} {}",
        r.id,
        direction.to_ascii_lowercase(),
        r.transport,
        r.ports,
        hosts::names(peers, 4)
    );
    let description = truncate(
        &format!(
            "{}{optional} [{}]: {}",
            r.id,
            r.catalog_rules.join(", "),
            r.purposes.join(" / ")
        ),
        MAX_DESCRIPTION,
    );
    let address = match remote {
        Remote::Any => "Any".to_string(),
        Remote::Nets(nets) => nets
            .iter()
            .map(|n| ps_quote(&n.to_string()))
            .collect::<Vec<_>>()
            .join(", "),
    };
    format!(
        "{indent}New-NetFirewallRule -Group $Group -DisplayName {} -Description {} -Direction {direction} -Action Allow -Protocol {protocol} {port_param} {} -RemoteAddress {address} | Out-Null\n",
        ps_quote(&single_line(&display)),
        ps_quote(&single_line(&description)),
        ports.join(", "),
    )
}

/// At most `max` characters (not bytes) of `s`.
fn truncate(s: &str, max: usize) -> String {
    s.chars().take(max).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn group_names_are_one_line() {
        assert_eq!(group_name("Site A\nrm -rf"), "Portolan Site A rm -rf");
        assert_eq!(group_name(" \n"), "Portolan");
    }

    #[test]
    fn section_keys_are_unique() {
        let mut taken = BTreeSet::new();
        assert_eq!(unique_key("a", &mut taken), "a");
        assert_eq!(unique_key("a", &mut taken), "a (2)");
        assert_eq!(unique_key("a", &mut taken), "a (3)");
    }
}
