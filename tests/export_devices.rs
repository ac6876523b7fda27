//! Device exporters (Windows Defender Firewall, Cisco ASA, PAN-OS, AWS Terraform, Kubernetes) on
//! every example plan and on a hostile plan.
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use ipnet::IpNet;
use portolan_catalog::{self as catalog, Catalog};
use portolan_core::net::Address;
use portolan_core::plan::{Host, Plan, PlanFormat, PlanProduct};
use portolan_engine::{evaluate, AggregatedRule, EndpointKind, Report};
use portolan_export::{self as export, Artifact, ExportContext, Unexpressed};
use regex::Regex;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

const FORMATS: &[&str] = &[
    "windows-firewall",
    "cisco-asa",
    "panos",
    "aws-terraform",
    "kubernetes",
];

fn bundled() -> Catalog {
    portolan_bundled::catalog().expect("bundled catalog")
}

fn examples() -> Vec<(String, Plan)> {
    let mut out = Vec::new();
    let mut paths: Vec<_> =
        std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("examples"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.to_string_lossy().ends_with(".plan.toml"))
            .collect();
    paths.sort();
    for p in paths {
        let text = std::fs::read_to_string(&p).unwrap();
        let name = p.file_name().unwrap().to_string_lossy().to_string();
        out.push((
            name.clone(),
            Plan::parse(&name, &text, PlanFormat::Toml).unwrap(),
        ));
    }
    out
}

fn run(cat: &Catalog, plan: &Plan, format: &str) -> (Report, Artifact) {
    let report = evaluate(cat, plan);
    let exporter = export::find(format).unwrap_or_else(|| panic!("format {format} registered"));
    let art = export::export(
        exporter,
        &ExportContext {
            report: &report,
            plan,
            catalog: cat,
            generated_at: "2026-11-23T10:00:00Z",
        },
    );
    (report, art)
}

/// Writes every artifact under target/export-devices for a person to read.
#[test]
#[ignore = "writes files for review"]
fn dump() {
    let cat = bundled();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/export-devices");
    std::fs::create_dir_all(&dir).unwrap();
    let mut plans = examples();
    plans.push(("hostile".to_string(), hostile_plan()));
    for (name, plan) in plans {
        for f in FORMATS {
            let (_, art) = run(&cat, &plan, f);
            std::fs::write(
                dir.join(format!(
                    "{name}.{f}.{}",
                    art.file_name.rsplit('.').next().unwrap()
                )),
                &art.content,
            )
            .unwrap();
        }
    }
}

/// The rules a format can express according to its capabilities, and the ones it cannot.
fn expressible<'a>(
    report: &'a Report,
    format: &str,
) -> (Vec<&'a AggregatedRule>, Vec<Unexpressed>) {
    let caps = export::find(format).unwrap().capabilities();
    export::partition(caps, &report.rules)
}

/// Every rule the partition skipped is listed in the artifact and in its header.
fn assert_skipped_are_listed(art: &Artifact, skipped: &[Unexpressed], prefix: &str) {
    for s in skipped {
        assert!(
            art.unexpressed.contains(s),
            "{}: {s:?} not reported",
            art.format
        );
        let line = format!("{prefix}   {}: ", s.rule);
        assert!(
            art.content.lines().any(|l| l.starts_with(&line)),
            "{}: {} not in the header",
            art.format,
            s.rule
        );
    }
}

/// No character that some reader takes as a line break, other than `\n`.
fn assert_plain_lines(art: &Artifact) {
    for c in ['\r', '\u{85}', '\u{2028}', '\u{2029}', '\u{b}', '\u{c}'] {
        assert!(!art.content.contains(c), "{}: contains {c:?}", art.format);
    }
}

/// One side of a rule as strings: `any`, or its networks and host names.
fn side(any: bool, nets: &[IpNet], names: &[Address]) -> BTreeSet<String> {
    if any {
        return ["any".to_string()].into();
    }
    nets.iter()
        .map(|n| n.to_string())
        .chain(names.iter().map(|a| a.to_string()))
        .collect()
}

type Tuple = (String, String, String, String);

/// A side's addresses as a firewall matches them: its networks collapsed (objects named after
/// hosts hold each host's networks, the report's rule their collapsed union), names as they are.
fn collapsed(side: &BTreeSet<String>) -> BTreeSet<String> {
    let nets: Vec<IpNet> = side.iter().filter_map(|s| s.parse().ok()).collect();
    portolan_core::net::collapse(&nets)
        .iter()
        .map(|n| n.to_string())
        .chain(side.iter().filter(|s| s.parse::<IpNet>().is_err()).cloned())
        .collect()
}

/// (source, destination, transport, port range) of the rules, as a firewall would match them.
fn tuples(rules: &[&AggregatedRule]) -> BTreeSet<Tuple> {
    let mut out = BTreeSet::new();
    for r in rules {
        let any_dst = r.destinations.iter().any(|d| d.kind == EndpointKind::Any);
        for s in side(r.any_source, &r.source_nets, &r.source_names) {
            for d in side(any_dst, &r.destination_nets, &r.destination_names) {
                for p in r.ports.ranges() {
                    out.insert((s.clone(), d.clone(), r.transport.to_string(), p.to_string()));
                }
            }
        }
    }
    out
}

// ------------------------------------------------------------------------------------------
// Cisco ASA
// ------------------------------------------------------------------------------------------

const ASA_NAME: &str = r"[A-Za-z][A-Za-z0-9_.-]{0,63}";

/// Checks every line of an ASA export against the grammar it may use, resolves the objects and
/// returns the (source, destination, transport, ports) tuples its access list permits.
fn parse_asa(text: &str) -> (BTreeSet<Tuple>, usize) {
    let n = ASA_NAME;
    let re = |s: &str| Regex::new(&format!("^{s}$")).unwrap();
    let comment = re(r"! ?[ -~]*");
    let obj = re(&format!(r"object network ({n})"));
    let fqdn = re(r" fqdn v4 ([a-z0-9][a-z0-9.-]*)");
    let objval =
        re(r" (?:host ([0-9a-f.:]+)|subnet ([0-9.]+) ([0-9.]+)|subnet ([0-9a-f:]+/[0-9]+))");
    let netgrp = re(&format!(r"object-group network ({n})"));
    let desc = re(r" description [ -~]{1,200}");
    let member = re(&format!(
        r" network-object (?:host ([0-9a-f.:]+)|([0-9.]+) ([0-9.]+)|([0-9a-f:]+/[0-9]+)|object ({n}))"
    ));
    let svcgrp = re(&format!(r"object-group service ({n}) (tcp|udp)"));
    let port = re(r" port-object (?:eq ([0-9]+)|range ([0-9]+) ([0-9]+))");
    let remark = re(r"access-list PORTOLAN remark [ -~]{1,100}");
    let permit = re(&format!(
        r"access-list PORTOLAN extended permit (tcp|udp) (any|object(?:-group)? ({n})) (any|object(?:-group)? ({n})) object-group ({n})"
    ));
    let mut fqdns: BTreeMap<String, String> = BTreeMap::new();
    let mut nets: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut svcs: BTreeMap<String, (String, Vec<String>)> = BTreeMap::new();
    let mut names: BTreeSet<String> = BTreeSet::new();
    let mut current: Option<(char, String)> = None;
    let mut out = BTreeSet::new();
    let mut permits = 0;
    let define = |name: &str, names: &mut BTreeSet<String>| {
        assert!(names.insert(name.to_string()), "`{name}` defined twice");
    };
    for line in text.lines() {
        assert!(!line.contains('?'), "`?` in {line:?}");
        if comment.is_match(line) || remark.is_match(line) {
            continue;
        } else if let Some(c) = obj.captures(line) {
            define(&c[1], &mut names);
            current = Some(('o', c[1].to_string()));
        } else if let Some(c) = fqdn.captures(line) {
            let Some(('o', o)) = &current else {
                panic!("fqdn outside an object: {line}")
            };
            assert!(
                fqdns.insert(o.clone(), c[1].to_string()).is_none(),
                "{line}"
            );
        } else if let Some(c) = objval.captures(line) {
            let Some(('o', o)) = &current else {
                panic!("address outside an object: {line}")
            };
            let value = if let Some(h) = c.get(1) {
                let ip: std::net::IpAddr = h.as_str().parse().unwrap();
                IpNet::from(ip).to_string()
            } else if let (Some(a), Some(m)) = (c.get(2), c.get(3)) {
                let net = ipnet::Ipv4Net::with_netmask(
                    a.as_str().parse().unwrap(),
                    m.as_str().parse().unwrap(),
                )
                .unwrap();
                assert_eq!(net.network(), net.addr(), "host bits in {line}");
                net.to_string()
            } else {
                c[4].parse::<IpNet>().unwrap().to_string()
            };
            // one value per object (`fqdns` holds every object's value)
            assert!(fqdns.insert(o.clone(), value).is_none(), "{line}");
        } else if let Some(c) = netgrp.captures(line) {
            define(&c[1], &mut names);
            nets.insert(c[1].to_string(), BTreeSet::new());
            current = Some(('n', c[1].to_string()));
        } else if desc.is_match(line) {
            assert!(
                matches!(current, Some(('n', _))),
                "description outside a group: {line}"
            );
        } else if let Some(c) = member.captures(line) {
            let Some(('n', g)) = &current else {
                panic!("member outside a group: {line}")
            };
            let value = if let Some(h) = c.get(1) {
                let ip: std::net::IpAddr = h.as_str().parse().unwrap();
                IpNet::from(ip).to_string()
            } else if let (Some(a), Some(m)) = (c.get(2), c.get(3)) {
                let net = ipnet::Ipv4Net::with_netmask(
                    a.as_str().parse().unwrap(),
                    m.as_str().parse().unwrap(),
                )
                .unwrap();
                assert_eq!(net.network(), net.addr(), "host bits in {line}");
                net.to_string()
            } else if let Some(v6) = c.get(4) {
                v6.as_str().parse::<IpNet>().unwrap().to_string()
            } else {
                let o = &c[5];
                fqdns
                    .get(o)
                    .unwrap_or_else(|| panic!("object `{o}` used before it is defined"))
                    .clone()
            };
            nets.get_mut(g).unwrap().insert(value);
        } else if let Some(c) = svcgrp.captures(line) {
            define(&c[1], &mut names);
            svcs.insert(c[1].to_string(), (c[2].to_string(), Vec::new()));
            current = Some(('s', c[1].to_string()));
        } else if let Some(c) = port.captures(line) {
            let Some(('s', g)) = &current else {
                panic!("port outside a service group: {line}")
            };
            let p = match (c.get(1), c.get(2), c.get(3)) {
                (Some(p), _, _) => p.as_str().to_string(),
                (_, Some(a), Some(b)) => {
                    assert!(
                        a.as_str().parse::<u16>().unwrap() < b.as_str().parse::<u16>().unwrap()
                    );
                    format!("{}-{}", a.as_str(), b.as_str())
                }
                _ => unreachable!(),
            };
            svcs.get_mut(g).unwrap().1.push(p);
        } else if let Some(c) = permit.captures(line) {
            current = None;
            permits += 1;
            let resolve = |all: &str, g: Option<regex::Match<'_>>| -> BTreeSet<String> {
                match g {
                    None => {
                        assert_eq!(all, "any");
                        ["any".to_string()].into()
                    }
                    Some(g) if all.starts_with("object-group ") => nets
                        .get(g.as_str())
                        .unwrap_or_else(|| panic!("group `{}` not defined", g.as_str()))
                        .clone(),
                    Some(o) => [fqdns
                        .get(o.as_str())
                        .unwrap_or_else(|| panic!("object `{}` not defined", o.as_str()))
                        .clone()]
                    .into(),
                }
            };
            let src = collapsed(&resolve(&c[2], c.get(3)));
            let dst = collapsed(&resolve(&c[4], c.get(5)));
            let (proto, ports) = svcs
                .get(&c[6])
                .unwrap_or_else(|| panic!("service `{}` not defined", &c[6]));
            assert_eq!(
                proto, &c[1],
                "service protocol differs from the line's: {line}"
            );
            for s in &src {
                for d in &dst {
                    for p in ports {
                        out.insert((s.clone(), d.clone(), proto.clone(), p.clone()));
                    }
                }
            }
        } else {
            panic!("line outside the ASA grammar: {line:?}");
        }
    }
    (out, permits)
}

#[test]
fn cisco_asa_on_every_example_permits_exactly_the_expressible_rules() {
    let cat = bundled();
    for (name, plan) in examples() {
        let (report, art) = run(&cat, &plan, "cisco-asa");
        let (ok, skipped) = expressible(&report, "cisco-asa");
        assert_skipped_are_listed(&art, &skipped, "!");
        assert_plain_lines(&art);
        let (got, permits) = parse_asa(&art.content);
        assert_eq!(permits, art.rule_count, "{name}");
        assert_eq!(
            art.rule_count,
            ok.len(),
            "{name}: every expressible rule is one line"
        );
        assert_eq!(got, tuples(&ok), "{name}");
        for r in &ok {
            assert!(
                art.content.contains(&format!("remark {} ", r.id)),
                "{name}: no remark for {}",
                r.id
            );
        }
    }
}

// ------------------------------------------------------------------------------------------
// PAN-OS
// ------------------------------------------------------------------------------------------

const PAN_NAME: &str = r"[A-Za-z0-9][A-Za-z0-9_.-]{0,62}";

fn parse_panos(text: &str) -> (BTreeSet<Tuple>, usize) {
    let n = PAN_NAME;
    let re = |s: &str| Regex::new(&format!("^{s}$")).unwrap();
    let comment = re(r"#[ -~]*");
    let addr = re(&format!(
        r"set address ({n}) (ip-netmask|fqdn) ([0-9a-z.:/-]+)"
    ));
    let group = re(&format!(r"set address-group ({n}) static \[ ((?:{n} )+)\]"));
    let gdesc = re(&format!(
        r#"set address-group ({n}) description "[^"?\\]{{1,255}}""#
    ));
    let svc = re(&format!(
        r"set service ({n}) protocol (tcp|udp) port ([0-9,-]+)"
    ));
    let rule = re(&format!(
        r"set rulebase security rules ({n}) from any to any source (any|\[ ({n}) \]) destination (any|\[ ({n}) \]) source-user any category any application any service \[ ({n}) \] action allow"
    ));
    let rdesc = re(&format!(
        r#"set rulebase security rules ({n}) description "[^"?\\]{{1,1000}}""#
    ));
    let mut addrs: BTreeMap<String, String> = BTreeMap::new();
    let mut groups: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut svcs: BTreeMap<String, (String, Vec<String>)> = BTreeMap::new();
    let mut rules: BTreeSet<String> = BTreeSet::new();
    let mut out = BTreeSet::new();
    for line in text.lines() {
        if comment.is_match(line) {
            continue;
        } else if let Some(c) = addr.captures(line) {
            let v = if &c[2] == "ip-netmask" {
                let net: IpNet = c[3].parse().unwrap();
                assert_eq!(net.trunc(), net, "host bits in {line}");
                net.to_string()
            } else {
                c[3].to_string()
            };
            assert!(
                addrs.insert(c[1].to_string(), v).is_none(),
                "address defined twice: {line}"
            );
        } else if let Some(c) = group.captures(line) {
            assert!(
                !addrs.contains_key(&c[1]),
                "group and address share a name: {line}"
            );
            let members = c[2]
                .split_whitespace()
                .map(|m| {
                    addrs
                        .get(m)
                        .unwrap_or_else(|| panic!("`{m}` used before it is defined"))
                        .clone()
                })
                .collect();
            assert!(
                groups.insert(c[1].to_string(), members).is_none(),
                "group defined twice: {line}"
            );
        } else if let Some(c) = gdesc.captures(line) {
            assert!(groups.contains_key(&c[1]), "{line}");
        } else if let Some(c) = svc.captures(line) {
            let ports = c[3].split(',').map(str::to_string).collect();
            assert!(
                svcs.insert(c[1].to_string(), (c[2].to_string(), ports))
                    .is_none(),
                "{line}"
            );
        } else if let Some(c) = rule.captures(line) {
            assert!(rules.insert(c[1].to_string()), "rule defined twice: {line}");
            let resolve = |g: Option<regex::Match<'_>>| -> BTreeSet<String> {
                match g {
                    None => ["any".to_string()].into(),
                    Some(g) => collapsed(&groups.get(g.as_str()).cloned().unwrap_or_else(|| {
                        [addrs
                            .get(g.as_str())
                            .unwrap_or_else(|| panic!("`{}` not defined", g.as_str()))
                            .clone()]
                        .into()
                    })),
                }
            };
            let (proto, ports) = svcs
                .get(&c[6])
                .unwrap_or_else(|| panic!("service `{}` not defined", &c[6]));
            for s in resolve(c.get(3)) {
                for d in resolve(c.get(5)) {
                    for p in ports {
                        out.insert((s.clone(), d.clone(), proto.clone(), p.clone()));
                    }
                }
            }
        } else if let Some(c) = rdesc.captures(line) {
            assert!(rules.contains(&c[1]), "description before its rule: {line}");
        } else {
            panic!("line outside the PAN-OS grammar: {line:?}");
        }
    }
    (out, rules.len())
}

#[test]
fn panos_on_every_example_allows_exactly_the_expressible_rules() {
    let cat = bundled();
    for (name, plan) in examples() {
        let (report, art) = run(&cat, &plan, "panos");
        let (ok, skipped) = expressible(&report, "panos");
        assert_skipped_are_listed(&art, &skipped, "#");
        assert_plain_lines(&art);
        let (got, count) = parse_panos(&art.content);
        assert_eq!(count, art.rule_count, "{name}");
        assert_eq!(art.rule_count, ok.len(), "{name}");
        assert_eq!(got, tuples(&ok), "{name}");
    }
}

// ------------------------------------------------------------------------------------------
// Windows Defender Firewall (PowerShell)
// ------------------------------------------------------------------------------------------

/// PowerShell's single quotation marks: any of them opens and closes a verbatim string, and two
/// in a row inside one stand for one.
fn is_ps_single_quote(c: char) -> bool {
    matches!(c, '\'' | '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}')
}

#[derive(Debug, Clone, PartialEq)]
enum PsTok {
    /// A single-quoted string, decoded.
    Str(String),
    /// Anything else: a word, a number, a variable, an operator or punctuation.
    Code(String),
}

/// A PowerShell line as the parser would read it, for the subset this exporter writes: code,
/// single-quoted strings, `#` comments. Everything that could make a user string act as code
/// is refused: double quotes (expandable strings), backticks (escapes), `;`, `&`, `$(`,
/// block comments, non-ASCII characters outside strings, and strings that are not closed on
/// their line. Returns the tokens and the comment, if any.
fn ps_line(line: &str) -> Result<(Vec<PsTok>, Option<String>), String> {
    let chars: Vec<char> = line.chars().collect();
    let mut toks = Vec::new();
    let mut code = String::new();
    let mut i = 0;
    let flush = |code: &mut String, toks: &mut Vec<PsTok>| {
        for w in code.split_whitespace() {
            toks.push(PsTok::Code(w.to_string()));
        }
        code.clear();
    };
    while i < chars.len() {
        let c = chars[i];
        if is_ps_single_quote(c) {
            flush(&mut code, &mut toks);
            let mut s = String::new();
            i += 1;
            loop {
                let Some(&d) = chars.get(i) else {
                    return Err(format!("string not closed on its line: {line:?}"));
                };
                if is_ps_single_quote(d) {
                    if chars.get(i + 1).is_some_and(|&e| is_ps_single_quote(e)) {
                        s.push(d);
                        i += 2;
                        continue;
                    }
                    i += 1;
                    break;
                }
                s.push(d);
                i += 1;
            }
            toks.push(PsTok::Str(s));
            continue;
        }
        if c == '#' && (i == 0 || chars[i - 1].is_whitespace()) {
            flush(&mut code, &mut toks);
            let comment: String = chars[i + 1..].iter().collect();
            return Ok((toks, Some(comment)));
        }
        if !c.is_ascii() {
            return Err(format!("non-ASCII {c:?} outside a string: {line:?}"));
        }
        if matches!(c, '"' | '`' | ';' | '&' | '#' | '<' | '>') {
            return Err(format!("`{c}` outside a string: {line:?}"));
        }
        if c == '$' && chars.get(i + 1) == Some(&'(') {
            return Err(format!("subexpression outside a string: {line:?}"));
        }
        if c.is_ascii_control() {
            return Err(format!("control character outside a string: {line:?}"));
        }
        // punctuation is a token of its own
        if matches!(c, '(' | ')' | '{' | '}' | '[' | ']' | ',' | '|' | '=') {
            code.push(' ');
            code.push(c);
            code.push(' ');
        } else {
            code.push(c);
        }
        i += 1;
    }
    flush(&mut code, &mut toks);
    Ok((toks, None))
}

/// Every word the script's code may contain: cmdlets, parameters, keywords, its own variables.
const PS_WORDS: &[&str] = &[
    "New-NetFirewallRule",
    "-Group",
    "-DisplayName",
    "-Description",
    "-Direction",
    "Inbound",
    "Outbound",
    "-Action",
    "Allow",
    "-Protocol",
    "TCP",
    "UDP",
    "-LocalPort",
    "-RemotePort",
    "-RemoteAddress",
    "Any",
    "Out-Null",
    "if",
    "throw",
    "-join",
    "-cnotcontains",
    "-ceq",
    "CmdletBinding",
    "param",
    "Parameter",
    "Mandatory",
    "string",
    "switch",
    "Set-StrictMode",
    "-Version",
    "Latest",
    "Write-Output",
    "$PlanHost",
    "$Outbound",
    "$Group",
    "$PlanHosts",
    "$ErrorActionPreference",
    "$true",
    "@",
    "(",
    ")",
    "{",
    "}",
    "[",
    "]",
    ",",
    "|",
    "=",
    "+",
];

/// What a Windows export does, per plan host section: (host, direction, rule id, protocol,
/// ports, remote addresses).
type PsRule = (
    String,
    String,
    String,
    String,
    BTreeSet<String>,
    BTreeSet<String>,
);

fn parse_ps(text: &str) -> (Vec<PsRule>, BTreeSet<String>) {
    let mut rules = Vec::new();
    let mut strings = BTreeSet::new();
    let mut host: Option<String> = None;
    let mut outbound_block = false;
    let display = Regex::new(r"^Portolan (r[0-9]+) (inbound|outbound)").unwrap();
    for line in text.lines() {
        let (toks, comment) = ps_line(line).unwrap_or_else(|e| panic!("{e}"));
        if let Some(c) = comment {
            assert!(c.chars().all(|c| !c.is_control()), "{line:?}");
        }
        for t in &toks {
            match t {
                PsTok::Str(s) => {
                    strings.insert(s.clone());
                }
                PsTok::Code(w) => {
                    let ok = PS_WORDS.contains(&w.as_str()) || w.parse::<u32>().is_ok();
                    assert!(ok, "unexpected code `{w}` in {line:?}");
                }
            }
        }
        let code = |i: usize| match toks.get(i) {
            Some(PsTok::Code(w)) => w.as_str(),
            _ => "",
        };
        if code(0) == "if" && code(2) == "$PlanHost" && code(3) == "-ceq" {
            let Some(PsTok::Str(h)) = toks.get(4) else {
                panic!("{line}")
            };
            host = Some(h.clone());
            outbound_block = false;
        } else if code(0) == "if" && code(2) == "$Outbound" {
            outbound_block = true;
        } else if code(0) == "}" {
            if outbound_block {
                outbound_block = false;
            } else {
                host = None;
            }
        } else if code(0) == "New-NetFirewallRule" {
            let h = host.clone().expect("a rule outside a host section");
            let mut params: BTreeMap<String, Vec<String>> = BTreeMap::new();
            let mut key = String::new();
            for t in &toks[1..] {
                match t {
                    PsTok::Code(w) if w.starts_with('-') => {
                        key = w.clone();
                        params.entry(key.clone()).or_default();
                    }
                    PsTok::Code(w) if w == "," => {}
                    PsTok::Code(w) if w == "|" => key.clear(),
                    PsTok::Code(w) | PsTok::Str(w) => {
                        if !key.is_empty() {
                            params.get_mut(&key).unwrap().push(w.clone());
                        }
                    }
                }
            }
            let one = |k: &str| -> String {
                let v = params.get(k).unwrap_or_else(|| panic!("no {k} in {line}"));
                assert_eq!(v.len(), 1, "{k} in {line}");
                v[0].clone()
            };
            assert_eq!(one("-Group"), "$Group");
            assert_eq!(one("-Action"), "Allow");
            let dir = one("-Direction");
            assert_eq!(
                dir == "Outbound",
                outbound_block,
                "outbound rules only under -Outbound: {line}"
            );
            let c = display
                .captures(&params["-DisplayName"][0])
                .unwrap_or_else(|| panic!("{line}"))
                .get(1)
                .unwrap()
                .as_str()
                .to_string();
            let port_key = if dir == "Inbound" {
                "-LocalPort"
            } else {
                "-RemotePort"
            };
            let ports: BTreeSet<String> = params[port_key].iter().cloned().collect();
            let remote: BTreeSet<String> = params["-RemoteAddress"].iter().cloned().collect();
            rules.push((h, dir, c, one("-Protocol"), ports, remote));
        }
    }
    (rules, strings)
}

/// The rules a Windows export should hold: each plan host's inbound and outbound rules.
fn expected_ps(ok: &[&AggregatedRule]) -> Vec<PsRule> {
    let mut out = Vec::new();
    for r in ok {
        let ports: BTreeSet<String> = r.ports.ranges().iter().map(|p| p.to_string()).collect();
        let proto = r.transport.to_string().to_uppercase();
        let any_dst = r.destinations.iter().any(|d| d.kind == EndpointKind::Any);
        let remote = |any: bool, nets: &[IpNet]| -> BTreeSet<String> {
            if any {
                ["Any".to_string()].into()
            } else {
                nets.iter().map(|n| n.to_string()).collect()
            }
        };
        for d in r
            .destinations
            .iter()
            .filter(|e| e.kind == EndpointKind::Host)
        {
            out.push((
                d.name.clone(),
                "Inbound".into(),
                r.id.clone(),
                proto.clone(),
                ports.clone(),
                remote(r.any_source, &r.source_nets),
            ));
        }
        for s in r.sources.iter().filter(|e| e.kind == EndpointKind::Host) {
            out.push((
                s.name.clone(),
                "Outbound".into(),
                r.id.clone(),
                proto.clone(),
                ports.clone(),
                remote(any_dst, &r.destination_nets),
            ));
        }
    }
    out.sort();
    out
}

#[test]
fn windows_firewall_on_every_example_writes_each_hosts_rules_inside_quotes() {
    let cat = bundled();
    for (name, plan) in examples() {
        let (report, art) = run(&cat, &plan, "windows-firewall");
        let (ok, skipped) = expressible(&report, "windows-firewall");
        assert_skipped_are_listed(&art, &skipped, "#");
        assert_plain_lines(&art);
        let (mut got, strings) = parse_ps(&art.content);
        got.sort();
        assert_eq!(got.len(), art.rule_count, "{name}");
        assert_eq!(got, expected_ps(&ok), "{name}");
        let group = format!("Portolan {}", plan.name);
        assert!(strings.contains(&group), "{name}: group string");
        assert!(
            art.content
                .contains(&format!("#   Remove-NetFirewallRule -Group '{group}'")),
            "{name}"
        );
    }
}

// ------------------------------------------------------------------------------------------
// AWS security groups (Terraform)
// ------------------------------------------------------------------------------------------

/// One security group rule: (variable, ingress|egress, protocol, cidr, from, to, description).
type SgRule = (String, String, String, String, u64, u64, String);

/// Parses a Terraform export with a real HCL parser and evaluates it (every `var.X` becomes the
/// text `X`; an unknown variable or a template interpolation would fail the evaluation).
/// Returns the variables with their descriptions and the rules.
fn parse_tf(text: &str) -> (BTreeMap<String, String>, Vec<SgRule>) {
    use hcl::eval::{Context, Evaluate};
    let body = hcl::parse(text).unwrap_or_else(|e| panic!("HCL: {e}\n{text}"));
    let mut vars = BTreeMap::new();
    for b in body.blocks().filter(|b| b.identifier() == "variable") {
        let name = match &b.labels()[0] {
            hcl::BlockLabel::String(s) => s.clone(),
            l => panic!("{l:?}"),
        };
        vars.insert(name, String::new());
    }
    let mut ctx = Context::new();
    let var_obj: hcl::Map<String, hcl::Value> = vars
        .keys()
        .map(|k| (k.clone(), hcl::Value::from(k.clone())))
        .collect();
    ctx.declare_var("var", hcl::Value::Object(var_obj));
    ctx.declare_var("string", hcl::Value::from("string"));
    let body = body
        .evaluate(&ctx)
        .unwrap_or_else(|e| panic!("evaluation: {e}"));
    let attr = |b: &hcl::Block, k: &str| -> hcl::Value {
        let a = b
            .body()
            .attributes()
            .find(|a| a.key() == k)
            .unwrap_or_else(|| panic!("no {k}"));
        hcl::Value::from(a.expr().clone())
    };
    let mut rules = Vec::new();
    for b in body.blocks() {
        let label = |i: usize| match &b.labels()[i] {
            hcl::BlockLabel::String(s) => s.clone(),
            l => panic!("{l:?}"),
        };
        match b.identifier() {
            "variable" => {
                assert_eq!(attr(b, "type").as_str(), Some("string"));
                vars.insert(
                    label(0),
                    attr(b, "description").as_str().unwrap().to_string(),
                );
            }
            "resource" => {
                let kind = label(0);
                let dir = match kind.as_str() {
                    "aws_vpc_security_group_ingress_rule" => "ingress",
                    "aws_vpc_security_group_egress_rule" => "egress",
                    other => panic!("resource type {other}"),
                };
                let keys: Vec<&str> = b.body().attributes().map(|a| a.key()).collect();
                let cidr_key = if keys.contains(&"cidr_ipv4") {
                    "cidr_ipv4"
                } else {
                    "cidr_ipv6"
                };
                assert_eq!(
                    keys,
                    [
                        "security_group_id",
                        "description",
                        "ip_protocol",
                        cidr_key,
                        "from_port",
                        "to_port"
                    ],
                    "{kind} {}",
                    label(1)
                );
                let cidr = attr(b, cidr_key).as_str().unwrap().to_string();
                let net: IpNet = cidr.parse().unwrap();
                assert_eq!(net.trunc(), net);
                assert_eq!(matches!(net, IpNet::V4(_)), cidr_key == "cidr_ipv4");
                let desc = attr(b, "description").as_str().unwrap().to_string();
                assert!(desc.len() <= 255, "{desc}");
                assert!(
                    desc.chars()
                        .all(|c| c.is_ascii_alphanumeric() || " ._-:/()#,@[]+=&;{}!$*".contains(c)),
                    "AWS refuses {desc:?}"
                );
                let from = attr(b, "from_port").as_u64().unwrap();
                let to = attr(b, "to_port").as_u64().unwrap();
                assert!(1 <= from && from <= to && to <= 65535);
                rules.push((
                    attr(b, "security_group_id").as_str().unwrap().to_string(),
                    dir.to_string(),
                    attr(b, "ip_protocol").as_str().unwrap().to_string(),
                    cidr,
                    from,
                    to,
                    desc,
                ));
            }
            other => panic!("block {other}"),
        }
    }
    (vars, rules)
}

#[test]
fn aws_terraform_on_every_example_parses_and_has_one_resource_per_cidr_and_range() {
    let cat = bundled();
    let terraform = std::process::Command::new("terraform")
        .arg("version")
        .output()
        .is_ok();
    for (name, plan) in examples() {
        let (report, art) = run(&cat, &plan, "aws-terraform");
        let (ok, skipped) = expressible(&report, "aws-terraform");
        assert_skipped_are_listed(&art, &skipped, "#");
        assert_plain_lines(&art);
        let (vars, rules) = parse_tf(&art.content);
        assert_eq!(rules.len(), art.rule_count, "{name}");
        // expected: per plan host, ingress from each source CIDR, egress to each destination
        let mut want: BTreeSet<(String, String, String, String, u64, u64)> = BTreeSet::new();
        let var_of = |host: &str| -> String {
            let v = vars
                .iter()
                .find(|(_, d)| {
                    d.starts_with(&format!("ID of the security group of plan host {host} "))
                        || d.as_str() == format!("ID of the security group of plan host {host}")
                })
                .unwrap_or_else(|| panic!("{name}: no variable for {host}"));
            v.0.clone()
        };
        for r in &ok {
            let any_dst = r.destinations.iter().any(|d| d.kind == EndpointKind::Any);
            let all = ["0.0.0.0/0".to_string(), "::/0".to_string()];
            let cidrs = |any: bool, nets: &[IpNet]| -> Vec<String> {
                if any {
                    all.to_vec()
                } else {
                    nets.iter().map(|n| n.to_string()).collect()
                }
            };
            for (dir, hosts, peers) in [
                (
                    "ingress",
                    &r.destinations,
                    cidrs(r.any_source, &r.source_nets),
                ),
                ("egress", &r.sources, cidrs(any_dst, &r.destination_nets)),
            ] {
                for h in hosts.iter().filter(|e| e.kind == EndpointKind::Host) {
                    for c in &peers {
                        for p in r.ports.ranges() {
                            want.insert((
                                var_of(&h.name),
                                dir.to_string(),
                                r.transport.to_string(),
                                c.clone(),
                                u64::from(p.start()),
                                u64::from(p.end()),
                            ));
                        }
                    }
                }
            }
        }
        let got: BTreeSet<_> = rules
            .iter()
            .map(|r| (r.0.clone(), r.1.clone(), r.2.clone(), r.3.clone(), r.4, r.5))
            .collect();
        assert_eq!(got.len(), rules.len(), "{name}: duplicate resources");
        assert_eq!(got, want, "{name}");
        if terraform {
            let dir = std::env::temp_dir().join(format!("portolan-tf-{}", std::process::id()));
            std::fs::create_dir_all(&dir).unwrap();
            let file = dir.join("plan.tf");
            std::fs::write(&file, &art.content).unwrap();
            let status = std::process::Command::new("terraform")
                .args(["fmt", "-check", "-diff"])
                .arg(&file)
                .status()
                .unwrap();
            std::fs::remove_dir_all(&dir).ok();
            assert!(
                status.success(),
                "{name}: terraform fmt would change the file"
            );
        }
    }
}

// ------------------------------------------------------------------------------------------
// Kubernetes NetworkPolicy
// ------------------------------------------------------------------------------------------

/// What one policy allows: (role, ingress|egress, peer, protocol, from port, to port); a peer is
/// `pods:<role>`, a CIDR, or `all`.
type K8sAllow = (String, String, String, String, u16, u16);

/// Parses a Kubernetes export with a YAML parser, checks the NetworkPolicy shape and returns
/// the restricted (role, direction) pairs, what they allow, and the number of rule items.
fn parse_k8s(text: &str) -> (BTreeSet<(String, String)>, Vec<K8sAllow>, usize) {
    use serde::Deserialize;
    use serde_yaml::Value;
    let mut restricted = BTreeSet::new();
    let mut allows = Vec::new();
    let mut items = 0;
    let dns1123 = Regex::new(r"^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$").unwrap();
    let label_value = Regex::new(r"^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$").unwrap();
    for doc in serde_yaml::Deserializer::from_str(text) {
        let v = Value::deserialize(doc).unwrap_or_else(|e| panic!("YAML: {e}\n{text}"));
        if v.is_null() {
            continue; // the comment-only header
        }
        let s = |v: &Value| {
            v.as_str()
                .unwrap_or_else(|| panic!("not a string: {v:?}"))
                .to_string()
        };
        assert_eq!(s(&v["apiVersion"]), "networking.k8s.io/v1");
        assert_eq!(s(&v["kind"]), "NetworkPolicy");
        let name = s(&v["metadata"]["name"]);
        assert!(name.len() <= 253 && dns1123.is_match(&name), "name {name}");
        let labels = v["spec"]["podSelector"]["matchLabels"]
            .as_mapping()
            .unwrap();
        assert_eq!(labels.len(), 2);
        let role = s(&v["spec"]["podSelector"]["matchLabels"]["portolan.io/role"]);
        let product = s(&v["spec"]["podSelector"]["matchLabels"]["portolan.io/product"]);
        assert!(label_value.is_match(&role) && label_value.is_match(&product));
        let types: Vec<String> = v["spec"]["policyTypes"]
            .as_sequence()
            .unwrap()
            .iter()
            .map(s)
            .collect();
        let spec = v["spec"].as_mapping().unwrap();
        for (t, key, peer_key) in [("Ingress", "ingress", "from"), ("Egress", "egress", "to")] {
            let has = spec.contains_key(key);
            assert_eq!(
                types.contains(&t.to_string()),
                has,
                "{name}: policyTypes and {key} disagree"
            );
            if !has {
                continue;
            }
            restricted.insert((role.clone(), key.to_string()));
            let list = v["spec"][key].as_sequence().unwrap();
            assert!(
                !list.is_empty(),
                "{name}: an empty {key} list denies everything"
            );
            for item in list {
                items += 1;
                let m = item.as_mapping().unwrap();
                for k in m.keys() {
                    assert!(
                        k.as_str() == Some(peer_key) || k.as_str() == Some("ports"),
                        "{name}: key {k:?}"
                    );
                }
                let peers: Vec<String> = match item.get(peer_key) {
                    None => vec!["all".to_string()],
                    Some(p) => p
                        .as_sequence()
                        .unwrap()
                        .iter()
                        .map(|p| {
                            if let Some(sel) = p.get("podSelector") {
                                assert_eq!(s(&sel["matchLabels"]["portolan.io/product"]), product);
                                format!("pods:{}", s(&sel["matchLabels"]["portolan.io/role"]))
                            } else {
                                let cidr = s(&p["ipBlock"]["cidr"]);
                                let net: IpNet = cidr.parse().unwrap();
                                assert_eq!(net.trunc(), net, "{cidr}");
                                cidr
                            }
                        })
                        .collect(),
                };
                let ports = item["ports"].as_sequence().unwrap();
                assert!(!ports.is_empty());
                for p in ports {
                    let proto = s(&p["protocol"]);
                    assert!(proto == "TCP" || proto == "UDP");
                    let from = u16::try_from(p["port"].as_u64().unwrap()).unwrap();
                    let to = match p.get("endPort") {
                        Some(e) => u16::try_from(e.as_u64().unwrap()).unwrap(),
                        None => from,
                    };
                    assert!(from >= 1 && from <= to);
                    if p.get("endPort").is_some() {
                        assert!(from < to, "endPort only for ranges");
                    }
                    for peer in &peers {
                        allows.push((
                            role.clone(),
                            key.to_string(),
                            peer.clone(),
                            proto.clone(),
                            from,
                            to,
                        ));
                    }
                }
            }
        }
    }
    (restricted, allows, items)
}

/// Checks that every flow of a restricted direction is allowed, and that every allowance comes
/// from some flow of it.
fn check_k8s_against_flows(
    name: &str,
    report: &Report,
    restricted: &BTreeSet<(String, String)>,
    allows: &[K8sAllow],
) {
    let covers = |a: &K8sAllow, peer: &str, proto: &str, port: u16| -> bool {
        let peer_ok = a.2 == "all"
            || a.2 == peer
            || match (a.2.parse::<IpNet>(), peer.parse::<IpNet>()) {
                (Ok(c), Ok(n)) => c.contains(&n),
                _ => false,
            };
        peer_ok && a.3 == proto && a.4 <= port && port <= a.5
    };
    let container = |role: &str| ["excs", "exas", "excp", "exrp"].contains(&role);
    // flows of each restricted direction, as (role, dir, peers, proto, ports)
    let mut expected = Vec::new();
    for f in report
        .flows
        .iter()
        .filter(|f| f.product == "ex-engage-connector")
    {
        for (dir, role, other_role, other) in [
            ("ingress", &f.to_role, &f.from_role, &f.source),
            ("egress", &f.from_role, &f.to_role, &f.destination),
        ] {
            if !restricted.contains(&(role.to_string(), dir.to_string())) {
                continue;
            }
            let peers: Vec<String> = if container(other_role) {
                vec![format!("pods:{other_role}")]
            } else if other.kind == EndpointKind::Any {
                vec!["all".to_string()]
            } else {
                other
                    .rule_addresses()
                    .map(|a| a.as_net().unwrap().to_string())
                    .collect()
            };
            let proto = f.transport.to_string().to_uppercase();
            expected.push((role.clone(), dir.to_string(), peers, proto, f.ports.clone()));
        }
    }
    for (role, dir, peers, proto, ports) in &expected {
        for peer in peers {
            for r in ports.ranges() {
                for port in [r.start(), r.end()] {
                    assert!(
                        allows
                            .iter()
                            .any(|a| a.0 == *role && a.1 == *dir && covers(a, peer, proto, port)),
                        "{name}: {dir} of {role} does not allow {peer} {proto} {port}"
                    );
                }
            }
        }
    }
    for a in allows {
        let justified = expected.iter().any(|(role, dir, peers, proto, ports)| {
            *role == a.0
                && *dir == a.1
                && *proto == a.3
                && ports.contains(a.4)
                && ports.contains(a.5)
                && peers.iter().any(|p| {
                    *p == a.2
                        || match (a.2.parse::<IpNet>(), p.parse::<IpNet>()) {
                            (Ok(c), Ok(n)) => c.contains(&n.network()) || n.contains(&c.network()),
                            _ => false,
                        }
                })
        });
        assert!(justified, "{name}: {a:?} is allowed by no flow");
    }
}

#[test]
fn kubernetes_on_every_example_is_valid_yaml_and_allows_exactly_the_container_flows() {
    let cat = bundled();
    for (name, plan) in examples() {
        let (report, art) = run(&cat, &plan, "kubernetes");
        let (_, skipped) = expressible(&report, "kubernetes");
        assert_skipped_are_listed(&art, &skipped, "#");
        assert_plain_lines(&art);
        let (restricted, allows, items) = parse_k8s(&art.content);
        assert_eq!(items, art.rule_count, "{name}");
        check_k8s_against_flows(&name, &report, &restricted, &allows);
        // every rule is either written or listed
        let listed: BTreeSet<&str> = art.unexpressed.iter().map(|u| u.rule.as_str()).collect();
        let no_container = report.rules.iter().filter(|r| {
            !r.catalog_rules
                .iter()
                .any(|c| c.starts_with("ex-engage-connector/"))
        });
        for r in no_container {
            assert!(
                listed.contains(r.id.as_str()),
                "{name}: {} neither written nor listed",
                r.id
            );
        }
    }
    // the EX Engage Connector plan: EXCS accepts its API clients and Prometheus on 3640
    let (_, plan) = examples()
        .into_iter()
        .find(|(n, _)| n.starts_with("ex-engage"))
        .unwrap();
    let (_, art) = run(&cat, &plan, "kubernetes");
    let (restricted, allows, _) = parse_k8s(&art.content);
    assert!(restricted.contains(&("excs".to_string(), "ingress".to_string())));
    for peer in ["pods:exas", "pods:excp", "10.60.0.5/32"] {
        assert!(
            allows.contains(&(
                "excs".into(),
                "ingress".into(),
                peer.into(),
                "TCP".into(),
                3640,
                3640
            )),
            "{peer}"
        );
    }
    // egress is left open: the Genesys Cloud API has no address in the plan
    assert!(!restricted.iter().any(|(_, d)| d == "egress"));
    assert!(art
        .content
        .contains("#   ex-engage-connector/excs egress: open, because r5 cannot be written"));
}

// ------------------------------------------------------------------------------------------
// IPv6, any source, host names, restricted egress; hostile input
// ------------------------------------------------------------------------------------------

/// The bundled catalog plus the demo product (any-source rules, external roles with host
/// names, wildcards and no address at all).
fn bundled_and_demo() -> Catalog {
    let mut files = portolan_bundled::files();
    files.push((
        "demo.toml".to_string(),
        include_str!("fixtures/demo.toml").to_string(),
    ));
    let loaded = catalog::load_files(&files);
    assert!(!loaded.has_errors(), "{:#?}", loaded.diagnostics);
    loaded.catalog
}

fn host(name: &str, addrs: &[&str], roles: &[&str]) -> Host {
    Host {
        name: name.into(),
        addresses: addrs.iter().map(|s| s.to_string()).collect(),
        zone: "dc".into(),
        roles: roles.iter().map(|s| s.to_string()).collect(),
        description: String::new(),
    }
}

fn feature_plan() -> Plan {
    let exec = |r: &str| format!("ex-engage-connector/{r}");
    let all_exec = [exec("excs"), exec("exas"), exec("excp"), exec("exrp")];
    let all_exec: Vec<&str> = all_exec.iter().map(String::as_str).collect();
    Plan {
        name: "features".into(),
        products: vec![
            PlanProduct {
                id: "ex-engage-connector".into(),
                ..Default::default()
            },
            PlanProduct {
                id: "demo".into(),
                ..Default::default()
            },
        ],
        hosts: vec![
            host("exec01", &["10.50.0.11", "2001:db8:50::11"], &all_exec),
            host("exec02", &["2001:db8:50::12"], &all_exec),
            host(
                "exec-redis",
                &["10.50.0.20"],
                &["ex-engage-connector/redis"],
            ),
            host(
                "exec-lb",
                &["10.50.0.10"],
                &["ex-engage-connector/http-load-balancer"],
            ),
            host("cfgdb", &["10.40.1.15"], &["ex-engage-connector/config-db"]),
            host(
                "stat",
                &["10.40.1.21", "10.40.2.21"],
                &[
                    "ex-engage-connector/stat-server-primary",
                    "ex-engage-connector/stat-server-backup",
                ],
            ),
            host(
                "sip",
                &["10.40.1.0/28"],
                &["ex-engage-connector/sip-server"],
            ),
            host(
                "prometheus",
                &["2001:db8:60::5"],
                &["ex-engage-connector/prometheus"],
            ),
            host(
                "gc-api",
                &["203.0.113.10"],
                &["ex-engage-connector/genesys-cloud"],
            ),
            host(
                "pc",
                &["10.20.0.0/24", "2001:db8:20::/64"],
                &["demo/agent-pc"],
            ),
            host("srv1", &["10.1.0.10"], &["demo/server"]),
            host(
                "srv2",
                &["10.1.0.11", "srv2.corp.example"],
                &["demo/server"],
            ),
            host("cloudhost", &["api.example.com"], &["demo/cloud"]),
            host("survey01", &["10.1.0.30"], &["demo/survey"]),
        ],
        ..Default::default()
    }
}

#[test]
fn ipv6_any_source_host_names_and_restricted_egress_are_written() {
    let cat = bundled_and_demo();
    let plan = feature_plan();

    let (report, asa) = run(&cat, &plan, "cisco-asa");
    let (ok, _) = expressible(&report, "cisco-asa");
    assert_eq!(parse_asa(&asa.content).0, tuples(&ok));
    assert!(asa
        .content
        .contains("object network cloudhost\n fqdn v4 api.example.com\n"));
    assert!(asa
        .content
        .contains("object network exec02\n host 2001:db8:50::12\n"));
    assert!(asa.content.contains(" subnet 2001:db8:20::/64\n"));
    assert!(
        asa.content.contains("extended permit udp any object"),
        "any source"
    );
    let (report, pan) = run(&cat, &plan, "panos");
    let (ok, _) = expressible(&report, "panos");
    assert_eq!(parse_panos(&pan.content).0, tuples(&ok));
    assert!(pan
        .content
        .contains("set address cloudhost fqdn api.example.com\n"));
    assert!(pan.content.contains(" source any destination "));

    let (report, win) = run(&cat, &plan, "windows-firewall");
    let (ok, skipped) = expressible(&report, "windows-firewall");
    assert!(
        skipped.iter().any(|s| s.reason.contains("host names")),
        "{skipped:?}"
    );
    let (mut got, _) = parse_ps(&win.content);
    got.sort();
    assert_eq!(got, expected_ps(&ok));
    assert!(win.content.contains("-RemoteAddress Any | Out-Null"));
    assert!(win.content.contains("'2001:db8:20::/64'"));

    let (_, aws) = run(&cat, &plan, "aws-terraform");
    let (_, rules) = parse_tf(&aws.content);
    assert!(rules.iter().any(|r| r.3 == "::/0") && rules.iter().any(|r| r.3 == "0.0.0.0/0"));
    assert!(rules.iter().any(|r| r.3 == "2001:db8:60::5/128"));

    let (report, k8s) = run(&cat, &plan, "kubernetes");
    let (restricted, allows, items) = parse_k8s(&k8s.content);
    assert_eq!(items, k8s.rule_count);
    check_k8s_against_flows("features", &report, &restricted, &allows);
    for role in ["excs", "exas", "excp"] {
        assert!(
            restricted.contains(&(role.to_string(), "egress".to_string())),
            "{role} egress"
        );
    }
    assert!(allows.contains(&(
        "excs".into(),
        "egress".into(),
        "203.0.113.10/32".into(),
        "TCP".into(),
        443,
        443
    )));
    assert!(allows.contains(&(
        "exas".into(),
        "ingress".into(),
        "2001:db8:60::5/128".into(),
        "TCP".into(),
        3630,
        3630
    )));
    assert!(allows.contains(&(
        "exas".into(),
        "egress".into(),
        "pods:excs".into(),
        "TCP".into(),
        3640,
        3640
    )));
    // the demo product runs in no container: listed, not dropped
    let demo_rules: Vec<&str> = report
        .rules
        .iter()
        .filter(|r| r.products == ["demo"])
        .map(|r| r.id.as_str())
        .collect();
    assert!(!demo_rules.is_empty());
    for id in demo_rules {
        assert!(k8s.unexpressed.iter().any(|u| u.rule == id), "{id}");
    }
}

/// User text that tries every way out of quoting we know of.
const HOSTILE: &[&str] = &[
    "ris01'; Remove-Item -Recurse C:\\ #",
    "a\"b\"c $(Stop-Computer) `whoami` ${var.x} %{if 1}",
    "‘typographic’ ‚quotes‛ “double” „low“ ’; calc",
    "line\nbreak\r\nand\u{2028}separators\u{85}end -- ; # !",
    "any",
    "ünïcødé ☃ 日本語 ?help",
    "[ any ] object-group x",
    "012-starts-with-digit",
    "a-very-long-name-that-goes-on-and-on-and-on-beyond-sixty-four-characters-for-sure",
    "a-very-long-name-that-goes-on-and-on-and-on-beyond-sixty-four-characters-for-sure!",
];

fn hostile_plan() -> Plan {
    let exec = |r: &str| format!("ex-engage-connector/{r}");
    let all_exec = [exec("excs"), exec("exas"), exec("excp")];
    let all_exec: Vec<&str> = all_exec.iter().map(String::as_str).collect();
    let mut hosts = vec![
        host(HOSTILE[0], &["10.20.0.0/23"], &["screen-capture/agent-pc"]),
        host(HOSTILE[1], &["10.20.2.0/23"], &["screen-capture/agent-pc"]),
        host(
            HOSTILE[2],
            &["10.1.0.10"],
            &[
                "screen-capture/ris-server",
                "screen-capture/ris-agent-server",
            ],
        ),
        host(
            HOSTILE[3],
            &["10.1.0.21"],
            &["screen-capture/screen-recorder"],
        ),
        host(
            HOSTILE[4],
            &["10.20.8.0/26"],
            &["screen-capture/supervisor-pc"],
        ),
        host(
            HOSTILE[5],
            &["10.1.0.22"],
            &["screen-capture/screen-recorder"],
        ),
        host(HOSTILE[6], &["10.50.0.11"], &all_exec),
        host(HOSTILE[7], &["10.50.0.12"], &all_exec),
        host(
            HOSTILE[8],
            &["10.60.0.5"],
            &["ex-engage-connector/prometheus"],
        ),
        host(
            HOSTILE[9],
            &["10.50.0.10"],
            &["ex-engage-connector/http-load-balancer"],
        ),
    ];
    for (i, h) in hosts.iter_mut().enumerate() {
        h.zone = HOSTILE[(i + 3) % HOSTILE.len()].to_string();
        h.description = HOSTILE[(i + 1) % HOSTILE.len()].to_string();
    }
    Plan {
        name: "Plan 'x'\"; $(rm -rf /) `id` ${var.y}\n# -- ünï ?".into(),
        description: HOSTILE[1].into(),
        products: vec![
            PlanProduct {
                id: "screen-capture".into(),
                versions: [
                    ("ris".to_string(), "15.2 HFR3".to_string()),
                    ("screen-capture-module".to_string(), "15.2.3".to_string()),
                ]
                .into(),
                options: [(
                    "live-monitor".to_string(),
                    portolan_core::plan::OptionValue::Bool(true),
                )]
                .into(),
                ..Default::default()
            },
            PlanProduct {
                id: "ex-engage-connector".into(),
                ..Default::default()
            },
        ],
        hosts,
        ..Default::default()
    }
}

#[test]
fn powershell_lexer_refuses_breakouts() {
    // the checker itself: these must be caught
    assert!(ps_line("'a'; calc").is_err());
    assert!(ps_line("'a' \"$x\"").is_err());
    assert!(ps_line("'a' `n").is_err());
    assert!(ps_line("'unclosed").is_err());
    assert!(
        ps_line("'a’ + 'b'").is_ok(),
        "’ closes a string in PowerShell"
    );
    assert_eq!(
        ps_line("'a''b’’c'").unwrap().0,
        vec![PsTok::Str("a'b’c".into())]
    );
    assert_eq!(portolan_export::text::ps_quote("a’b"), "'a’’b'");
}

#[test]
fn hostile_names_stay_inside_quoting_in_every_device_format() {
    let cat = bundled();
    let plan = hostile_plan();
    let single = |s: &str| portolan_export::text::single_line(s);

    // PowerShell: each user string only inside a single-quoted string, code words from a fixed
    // vocabulary (so no user text runs), host names selectable exactly as printed
    let (report, win) = run(&cat, &plan, "windows-firewall");
    assert!(win.rule_count > 0);
    assert_plain_lines(&win);
    let (mut got, strings) = parse_ps(&win.content);
    got.sort();
    let (ok, _) = expressible(&report, "windows-firewall");
    let mut want = expected_ps(&ok);
    for w in &mut want {
        w.0 = single(&w.0);
    }
    want.sort();
    assert_eq!(got, want);
    for h in &plan.hosts {
        assert!(strings.contains(&single(&h.name)), "host key {:?}", h.name);
    }
    assert!(strings.contains(&format!("Portolan {}", single(&plan.name))));

    // ASA and PAN-OS: names sanitised and reported, every line in the grammar
    for format in ["cisco-asa", "panos"] {
        let (report, art) = run(&cat, &plan, format);
        assert_plain_lines(&art);
        let (ok, _) = expressible(&report, format);
        let got = if format == "cisco-asa" {
            parse_asa(&art.content).0
        } else {
            parse_panos(&art.content).0
        };
        assert_eq!(got, tuples(&ok), "{format}");
        let re = Regex::new(if format == "cisco-asa" {
            ASA_NAME
        } else {
            PAN_NAME
        })
        .unwrap();
        for r in &art.renamed {
            assert!(
                re.find(&r.to).is_some_and(|m| m.as_str() == r.to),
                "{format}: {r:?}"
            );
        }
        for h in [HOSTILE[0], HOSTILE[4], HOSTILE[8]] {
            assert!(
                art.renamed.iter().any(|r| r.from.contains(h)),
                "{format}: {h:?} not reported as renamed"
            );
        }
        assert!(
            art.renamed
                .iter()
                .any(|r| r.from == "any" && r.to == "any_2"),
            "{format}: keyword"
        );
    }

    // Terraform: parses, evaluates without interpolating anything, descriptions round-trip
    let (_, aws) = run(&cat, &plan, "aws-terraform");
    assert_plain_lines(&aws);
    let (vars, rules) = parse_tf(&aws.content);
    assert!(!rules.is_empty());
    for h in &plan.hosts {
        let about = format!(
            "ID of the security group of plan host {} (zone {}): {}",
            h.name, h.zone, h.description
        );
        assert!(vars.values().any(|d| *d == single(&about)), "{about:?}");
    }
    assert!(!aws.renamed.is_empty());
    let tf_name = Regex::new(r"^[A-Za-z_][A-Za-z0-9_-]*$").unwrap();
    for name in vars.keys() {
        assert!(tf_name.is_match(name), "{name}");
    }

    // Kubernetes: valid YAML whose strings round-trip exactly
    let (report, k8s) = run(&cat, &plan, "kubernetes");
    assert_plain_lines(&k8s);
    let (restricted, allows, items) = parse_k8s(&k8s.content);
    assert!(items > 0);
    check_k8s_against_flows("hostile", &report, &restricted, &allows);
    use serde::Deserialize;
    for doc in serde_yaml::Deserializer::from_str(&k8s.content) {
        let v = serde_yaml::Value::deserialize(doc).unwrap();
        if !v.is_null() {
            assert_eq!(
                v["metadata"]["annotations"]["portolan.io/plan"].as_str(),
                Some(plan.name.as_str())
            );
        }
    }

    // every comment line is one line of printable ASCII, except the commands the PowerShell
    // header prints for copying, whose user text is a correctly quoted string
    for (art, prefix) in [(&win, "#"), (&aws, "#"), (&k8s, "#")] {
        for line in art
            .content
            .lines()
            .filter(|l| l.trim_start().starts_with(prefix))
        {
            if let Some(cmd) = line.strip_prefix("#   Remove-NetFirewallRule -Group ") {
                let (toks, comment) = ps_line(cmd).unwrap();
                assert_eq!(
                    toks,
                    vec![PsTok::Str(format!("Portolan {}", single(&plan.name)))]
                );
                assert_eq!(comment, None);
                continue;
            }
            if let Some(cmd) = line.strip_prefix("#   .\\") {
                let (toks, comment) = ps_line(cmd).unwrap();
                assert_eq!(toks.len(), 3, "{cmd}");
                assert!(matches!(&toks[2], PsTok::Str(_)));
                assert_eq!(comment, None);
                continue;
            }
            assert!(
                line.chars().all(|c| c == ' ' || c.is_ascii_graphic()),
                "{}: {line:?}",
                art.format
            );
        }
    }
}
