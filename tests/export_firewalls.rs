//! The firewall formats of issue 18 (FortiOS, Junos SRX, Cisco IOS, Check Point), the
//! plain-text feeds and the XLSX workbook, read back by independent parsers and compared with
//! the report, and FortiOS, SRX and IOS compared with Aerleon's generators for the same policy.
//!
//! - FortiOS is parsed by anyconfig's `fortios` backend, IOS and Junos `set` commands by
//!   hier-config (`tests/kernel/parse_config.py`, PyPI packages installed by
//!   `tests/kernel/setup.sh`); the policy read out of the parse (addresses resolved through
//!   objects and groups, services through their ports) must equal the report's expressed rules.
//! - The Check Point script is run by `sh` with a stand-in `mgmt_cli` that records its
//!   arguments; the recorded commands must build exactly the report's expressed rules.
//! - Feeds are checked line by line; the workbook is read back with openpyxl and compared cell
//!   by cell with the CSV export.
//!
//! Policies are compared semantically: per rule and address family, the collapsed source and
//! destination addresses (names kept as names), the transport and the port set.
//! A test whose Python tools are missing is skipped with the reason, or fails when `CI` is set.
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use ipnet::IpNet;
use portolan_catalog::{self as catalog, Catalog};
use portolan_core::net::{Address, PortRange, PortSet};
use portolan_core::plan::{Host, Plan, PlanFormat, PlanProduct};
use portolan_engine::{EndpointKind, Report};
use portolan_export::{self as export, Artifact, ExportContext};
use portolan_testkit::TempDir;
use serde_json::Value as Json;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

const GENERATED_AT: &str = "2026-01-01T00:00:00Z";
const NEW_FORMATS: &[&str] = &["fortios", "junos-srx", "cisco-ios", "checkpoint"];

// ---------------------------------------------------------------------------------------------
// Plans, exports, tools

fn bundled() -> Catalog {
    portolan_bundled::catalog().unwrap()
}

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

fn examples() -> Vec<(String, Plan)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut out = Vec::new();
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".plan.toml"))
        .collect();
    paths.sort();
    for p in paths {
        let name = p.file_name().unwrap().to_string_lossy().to_string();
        let text = std::fs::read_to_string(&p).unwrap();
        out.push((
            name.trim_end_matches(".plan.toml").to_string(),
            Plan::parse(&name, &text, PlanFormat::Toml).unwrap(),
        ));
    }
    out
}

fn host(name: &str, zone: &str, addrs: &[&str], roles: &[&str]) -> Host {
    Host {
        name: name.into(),
        addresses: addrs.iter().map(|s| s.to_string()).collect(),
        zone: zone.into(),
        roles: roles.iter().map(|s| s.to_string()).collect(),
        description: String::new(),
    }
}

/// IPv4 and IPv6 hosts in several zones, any-source rules, host names, wildcards and an
/// external role without addresses (the demo product), with the EX Engage Connector.
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
            host(
                "exec01",
                "exec",
                &["10.50.0.11", "2001:db8:50::11"],
                &all_exec,
            ),
            host("exec02", "exec", &["2001:db8:50::12"], &all_exec),
            host("exec-redis", "exec", &["10.50.0.20"], &[&exec("redis")]),
            host(
                "exec-lb",
                "dmz",
                &["10.50.0.10"],
                &[&exec("http-load-balancer")],
            ),
            host("cfgdb", "core", &["10.40.1.15"], &[&exec("config-db")]),
            host(
                "stat",
                "core",
                &["10.40.1.21", "10.40.2.21"],
                &[&exec("stat-server-primary"), &exec("stat-server-backup")],
            ),
            host("sip", "", &["10.40.1.0/28"], &[&exec("sip-server")]),
            host(
                "prometheus",
                "mon",
                &["2001:db8:60::5"],
                &[&exec("prometheus")],
            ),
            host("gc-api", "", &["203.0.113.10"], &[&exec("genesys-cloud")]),
            host(
                "pc",
                "agents",
                &["10.20.0.0/24", "2001:db8:20::/64"],
                &["demo/agent-pc"],
            ),
            host("srv1", "dc", &["10.1.0.10"], &["demo/server"]),
            host(
                "srv2",
                "dc",
                &["10.1.0.11", "srv2.corp.example"],
                &["demo/server"],
            ),
            host("cloudhost", "", &["api.example.com"], &["demo/cloud"]),
            host("survey01", "dc", &["10.1.0.30"], &["demo/survey"]),
        ],
        ..Default::default()
    }
}

/// Host names that try every trick, with formula starts for the workbook.
const HOSTILE: &[&str] = &[
    "=cmd|' /C calc'!A0",
    "+SUM(1)'\"; $(touch pwned-1) `touch pwned-2`",
    "-2+3 ünïcødé 名前\nnext\nend",
    "@HYPERLINK(\"http://x\") } { ; set x",
    "any",
    "a\tb\r\n! remark\n# comment",
    "x\" ; mgmt_cli delete host name y ; \"",
    "${HOME} %s \\ '",
];

fn hostile_plan() -> Plan {
    let mut p = feature_plan();
    for (i, h) in p.hosts.iter_mut().enumerate() {
        h.name = format!("{}{i}", HOSTILE[i % HOSTILE.len()]);
        h.zone = HOSTILE[(i + 3) % HOSTILE.len()].to_string();
    }
    p.name = HOSTILE[1].to_string();
    p
}

fn export_with(cat: &Catalog, plan: &Plan, id: &str) -> (Report, Artifact) {
    let report = portolan_engine::evaluate(cat, plan);
    let artifact = export::export(
        export::find(id).unwrap_or_else(|| panic!("{id} is registered")),
        &ExportContext {
            report: &report,
            plan,
            catalog: cat,
            generated_at: GENERATED_AT,
        },
    );
    (report, artifact)
}

/// True when python3 can import every module; otherwise skips (prints why) or, with `CI`
/// set, fails.
fn python_has(test: &str, modules: &[&str]) -> bool {
    let missing: Vec<&str> = modules
        .iter()
        .copied()
        .filter(|m| {
            !Command::new("python3")
                .args(["-c", &format!("import {m}")])
                .output()
                .is_ok_and(|o| o.status.success())
        })
        .collect();
    if missing.is_empty() {
        return true;
    }
    let msg = format!(
        "{test}: python3 modules missing: {}; run tests/kernel/setup.sh",
        missing.join(", ")
    );
    assert!(std::env::var_os("CI").is_none(), "{msg}");
    use std::io::Write as _;
    let _ = writeln!(std::io::stderr(), "skipped: {msg}");
    false
}

/// Runs `tests/kernel/parse_config.py SYNTAX FILE` and returns its JSON.
fn parse_config(syntax: &str, file: &Path) -> Json {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/kernel/parse_config.py");
    let out = Command::new("python3")
        .arg(&script)
        .arg(syntax)
        .arg(file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{syntax} parser refused {}:\n{}",
        file.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

// ---------------------------------------------------------------------------------------------
// The canonical policy: per rule, per family, collapsed sides, transport and ports

/// An address item of a policy side.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Item {
    Any,
    Net(IpNet),
    Name(String),
}

/// (family 4 or 6, sources, destinations, transport, ports).
type Cell = (u8, Vec<Item>, Vec<Item>, String, String);
/// Per rule, its cells: per family and transport, the union of the sources, destinations and
/// ports of every line the rule was written as (each format writes a rule as the cross
/// product of its sides and ports), collapsed.
type Policy = BTreeMap<String, BTreeSet<Cell>>;
/// Services by name: (transport, port range) each.
type Services = BTreeMap<String, Vec<(String, (u16, u16))>>;
/// What the lines of a policy add up to before collapsing.
type Acc = BTreeMap<String, BTreeMap<(u8, String), (Vec<Item>, Vec<Item>, PortSet)>>;

/// One family of a side: `any`, or its collapsed networks of that family (names count as
/// IPv4, as FQDN objects resolve IPv4 in FortiOS and ASA), `None` when it has none.
fn family(items: &[Item], v6: bool) -> Option<Vec<Item>> {
    if items.contains(&Item::Any) {
        return Some(vec![Item::Any]);
    }
    let nets: Vec<IpNet> = items
        .iter()
        .filter_map(|i| match i {
            Item::Net(n) if matches!(n, IpNet::V6(_)) == v6 => Some(*n),
            _ => None,
        })
        .collect();
    let mut out: Vec<Item> = portolan_core::net::collapse(&nets)
        .into_iter()
        .map(Item::Net)
        .collect();
    if !v6 {
        let mut names: Vec<Item> = items
            .iter()
            .filter(|i| matches!(i, Item::Name(_)))
            .cloned()
            .collect();
        names.sort();
        names.dedup();
        // a name a wildcard of the same side covers adds nothing (the engine leaves it out)
        let wild: Vec<(String, String)> = names
            .iter()
            .filter_map(|n| match n {
                Item::Name(w) => w.strip_prefix("*.").map(|d| (w.clone(), format!(".{d}"))),
                _ => None,
            })
            .collect();
        names.retain(|n| match n {
            Item::Name(x) => !wild.iter().any(|(w, d)| x != w && x.ends_with(d.as_str())),
            _ => true,
        });
        out.extend(names);
    }
    (!out.is_empty()).then_some(out)
}

/// Adds one line (or policy) of a rule: the families both its sides have.
fn add_cells(p: &mut Acc, rule: &str, src: &[Item], dst: &[Item], proto: &str, ports: &PortSet) {
    let cells = p.entry(rule.to_string()).or_default();
    for (fam, v6) in [(4u8, false), (6, true)] {
        if let (Some(s), Some(d)) = (family(src, v6), family(dst, v6)) {
            let c = cells.entry((fam, proto.to_string())).or_default();
            c.0.extend(s);
            c.1.extend(d);
            c.2.union_with(ports);
        }
    }
}

/// The collapsed policy of what the lines added up to.
fn finish(acc: Acc) -> Policy {
    acc.into_iter()
        .map(|(rule, cells)| {
            let cells = cells
                .into_iter()
                .map(|((fam, proto), (s, d, ports))| {
                    let v6 = fam == 6;
                    (
                        fam,
                        family(&s, v6).unwrap(),
                        family(&d, v6).unwrap(),
                        proto,
                        ports.to_string(),
                    )
                })
                .collect();
            (rule, cells)
        })
        .filter(|(_, c): &(String, BTreeSet<Cell>)| !c.is_empty())
        .collect()
}

fn items(any: bool, nets: &[IpNet], names: &[Address]) -> Vec<Item> {
    if any {
        return vec![Item::Any];
    }
    nets.iter()
        .map(|n| Item::Net(*n))
        .chain(names.iter().map(|a| Item::Name(a.to_string())))
        .collect()
}

/// The report's rules, except the ones the artifact lists as not expressed (entirely).
fn expected(report: &Report, art: &Artifact) -> Policy {
    let left_out: BTreeSet<&str> = art
        .unexpressed
        .iter()
        .filter(|u| !u.reason.starts_with("partly"))
        .map(|u| u.rule.as_str())
        .collect();
    let mut p = Acc::new();
    for r in report
        .rules
        .iter()
        .filter(|r| !left_out.contains(r.id.as_str()))
    {
        let any_dst = r.destinations.iter().any(|d| d.kind == EndpointKind::Any);
        add_cells(
            &mut p,
            &r.id,
            &items(r.any_source, &r.source_nets, &r.source_names),
            &items(any_dst, &r.destination_nets, &r.destination_names),
            r.transport.as_str(),
            &r.ports,
        );
    }
    finish(p)
}

fn ports_of(list: &[(u16, u16)]) -> PortSet {
    let mut s = PortSet::new();
    for (a, b) in list {
        s.insert_range(PortRange::new(*a, *b).unwrap());
    }
    s
}

/// `443`, `4001-4004`, `4001:4004`.
fn range(s: &str) -> (u16, u16) {
    match s.split_once(['-', ':']) {
        Some((a, b)) => (a.parse().unwrap(), b.parse().unwrap()),
        None => {
            let p = s.parse().unwrap();
            (p, p)
        }
    }
}

/// The rule id a policy name, comment or remark starts with (`r12-...`, `r12 ...`).
fn rule_id(s: &str) -> String {
    let s = s.trim_matches('"');
    let end = s
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(s.len());
    s[..end].to_string()
}

/// A netmask-or-wildcard IPv4 network: `A MASK` (`inverse` for IOS wildcard masks).
fn v4_mask(addr: &str, mask: &str, inverse: bool) -> IpNet {
    let a: std::net::Ipv4Addr = addr.parse().unwrap();
    let m: u32 = u32::from(mask.parse::<std::net::Ipv4Addr>().unwrap());
    let m = if inverse { !m } else { m };
    let net = ipnet::Ipv4Net::with_netmask(a, std::net::Ipv4Addr::from(m)).unwrap();
    assert_eq!(net.network(), a, "host bits set in {addr} {mask}");
    IpNet::V4(net)
}

// ---------------------------------------------------------------------------------------------
// FortiOS (anyconfig's fortios parser)

fn edits<'a>(doc: &'a Json, section: &str) -> Vec<&'a Json> {
    doc["configs"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["config"] == section)
        .flat_map(|c| c["edits"].as_array().unwrap())
        .collect()
}

fn strs(v: &Json) -> Vec<String> {
    match v {
        Json::Array(a) => a.iter().map(|x| x.as_str().unwrap().to_string()).collect(),
        Json::String(s) => vec![s.clone()],
        Json::Null => Vec::new(),
        other => vec![other.to_string()],
    }
}

/// The policy of a FortiOS configuration (ours or Aerleon's).
fn fortios_policy(doc: &Json) -> Policy {
    let mut objs: BTreeMap<(bool, String), Vec<Item>> = BTreeMap::new();
    for (section, v6) in [("firewall address", false), ("firewall address6", true)] {
        for e in edits(doc, section) {
            let name = e["edit"].as_str().unwrap().to_string();
            let kind = e["type"]
                .as_str()
                .unwrap_or(if v6 { "ipprefix" } else { "ipmask" });
            let item = match kind {
                "ipmask" => {
                    let s = strs(&e["subnet"]);
                    Item::Net(v4_mask(&s[0], &s[1], false))
                }
                "ipprefix" => Item::Net(e["ip6"].as_str().unwrap().parse().unwrap()),
                "fqdn" => Item::Name(e["fqdn"].as_str().unwrap().to_string()),
                "wildcard-fqdn" => Item::Name(e["wildcard-fqdn"].as_str().unwrap().to_string()),
                other => panic!("address type {other}"),
            };
            objs.insert((v6, name), vec![item]);
        }
    }
    for (section, v6) in [("firewall addrgrp", false), ("firewall addrgrp6", true)] {
        for e in edits(doc, section) {
            let members: Vec<Item> = strs(&e["member"])
                .iter()
                .flat_map(|m| objs[&(v6, m.clone())].clone())
                .collect();
            objs.insert((v6, e["edit"].as_str().unwrap().to_string()), members);
        }
    }
    let mut services: BTreeMap<String, Vec<(String, PortSet)>> = BTreeMap::new();
    for e in edits(doc, "firewall service custom") {
        let mut list = Vec::new();
        for proto in ["tcp", "udp"] {
            let ranges: Vec<(u16, u16)> = strs(&e[format!("{proto}-portrange")])
                .iter()
                .map(|r| range(r))
                .collect();
            if !ranges.is_empty() {
                list.push((proto.to_string(), ports_of(&ranges)));
            }
        }
        services.insert(e["edit"].as_str().unwrap().to_string(), list);
    }
    let side = |e: &Json, key: &str, v6: bool| -> Vec<Item> {
        strs(&e[key])
            .iter()
            .flat_map(|n| match n.as_str() {
                "all" => vec![Item::Any],
                "none" => Vec::new(),
                n => objs[&(v6, n.to_string())].clone(),
            })
            .collect()
    };
    let mut p = Acc::new();
    for e in edits(doc, "firewall policy") {
        assert_eq!(e["action"], "accept");
        let rule = rule_id(e["name"].as_str().unwrap());
        // a family is in the policy only when both of its sides are set
        for (fam, v6, s, d) in [
            (4u8, false, "srcaddr", "dstaddr"),
            (6, true, "srcaddr6", "dstaddr6"),
        ] {
            let (s, d) = (side(e, s, v6), side(e, d, v6));
            if s.is_empty() || d.is_empty() {
                continue;
            }
            let _ = fam;
            for svc in strs(&e["service"]) {
                for (proto, ports) in &services[&svc] {
                    add_cells(&mut p, &rule, &s, &d, proto, ports);
                }
            }
        }
    }
    finish(p)
}

// ---------------------------------------------------------------------------------------------
// Junos SRX (hier-config for set commands; the tokenizer for Aerleon's braces)

/// The policy of Junos `set` commands (ours, or Aerleon's braces turned into them).
fn junos_policy(lines: &[String]) -> Policy {
    let mut addr: BTreeMap<String, Vec<Item>> = BTreeMap::new();
    let mut apps: Services = BTreeMap::new();
    let mut policies: BTreeMap<String, BTreeMap<String, Vec<String>>> = BTreeMap::new();
    for line in lines {
        let w: Vec<&str> = line.split_whitespace().collect();
        match w.as_slice() {
            ["set", "security", "address-book", "global", "address", name, "dns-name", h] => addr
                .entry(name.to_string())
                .or_default()
                .push(Item::Name(h.to_string())),
            ["set", "security", "address-book", "global", "address", name, prefix] => addr
                .entry(name.to_string())
                .or_default()
                .push(Item::Net(prefix.parse().unwrap())),
            ["set", "security", "address-book", "global", "address-set", set, "address", m] => {
                let items = addr[*m].clone();
                addr.entry(set.to_string()).or_default().extend(items)
            }
            ["set", "security", "address-book", "global", "address-set", _, "description", ..] => {}
            ["set", "applications", "application", name, rest @ ..] => {
                let rest: Vec<&str> = rest
                    .iter()
                    .copied()
                    .filter(|x| !x.starts_with('t') || *x == "tcp")
                    .collect();
                // `[term T] protocol P destination-port R`
                let pos = rest.iter().position(|x| *x == "protocol").unwrap();
                let proto = rest[pos + 1].to_string();
                let port = rest[rest.iter().position(|x| *x == "destination-port").unwrap() + 1];
                apps.entry(name.to_string())
                    .or_default()
                    .push((proto, range(port)));
            }
            ["set", "applications", "application-set", set, "application", a] => {
                let list = apps[*a].clone();
                apps.entry(set.to_string()).or_default().extend(list)
            }
            ["set", "security", "policies", ctx @ ..] => {
                let at = ctx.iter().position(|x| *x == "policy").unwrap();
                let name = ctx[at + 1].to_string();
                let rest = &ctx[at + 2..];
                let entry = policies.entry(name).or_default();
                match rest {
                    ["match", key, values @ ..] => {
                        entry.entry(key.to_string()).or_default().extend(
                            values
                                .iter()
                                .filter(|v| !matches!(**v, "[" | "]"))
                                .map(|v| v.to_string()),
                        )
                    }
                    ["then", "permit"] => {
                        entry.entry("permit".into()).or_default();
                    }
                    ["description", ..] => {}
                    other => panic!("policy statement {other:?}"),
                }
            }
            other => panic!("line outside the SRX grammar: {other:?}"),
        }
    }
    let resolve = |names: &[String]| -> Vec<Item> {
        names
            .iter()
            .flat_map(|n| {
                if n == "any" {
                    vec![Item::Any]
                } else {
                    addr[n].clone()
                }
            })
            .collect()
    };
    let mut p = Acc::new();
    for (name, m) in &policies {
        assert!(m.contains_key("permit"), "{name} does not permit");
        let (src, dst) = (
            resolve(&m["source-address"]),
            resolve(&m["destination-address"]),
        );
        let mut by_proto: BTreeMap<String, Vec<(u16, u16)>> = BTreeMap::new();
        for a in &m["application"] {
            for (proto, r) in &apps[a] {
                by_proto.entry(proto.clone()).or_default().push(*r);
            }
        }
        for (proto, ranges) in by_proto {
            add_cells(
                &mut p,
                &rule_id(name),
                &src,
                &dst,
                &proto,
                &ports_of(&ranges),
            );
        }
    }
    finish(p)
}

fn junos_lines(json: &Json) -> Vec<String> {
    json.as_array()
        .unwrap()
        .iter()
        .map(|path| path[0].as_str().unwrap().to_string())
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Cisco IOS (hier-config)

/// `host A`, `A WILDCARD` (inverse mask, `inverse`) or `A MASK`, `any`, `X/LEN`, or
/// `object-group G`; returns the items and the number of words used.
fn ios_operand(
    w: &[&str],
    groups: &BTreeMap<String, Vec<Item>>,
    inverse: bool,
) -> (Vec<Item>, usize) {
    match w {
        ["any", ..] => (vec![Item::Any], 1),
        ["host", a, ..] => (
            vec![Item::Net(IpNet::from(
                a.parse::<std::net::IpAddr>().unwrap(),
            ))],
            2,
        ),
        ["object-group", g, ..] => (groups[*g].clone(), 2),
        [a, ..] if a.contains('/') => (vec![Item::Net(a.parse().unwrap())], 1),
        [a, m, ..] => (vec![Item::Net(v4_mask(a, m, inverse))], 2),
        other => panic!("operand {other:?}"),
    }
}

/// The rule of each `permit` line of an IOS configuration, in order: the first word of the
/// `remark` before it. hier-config leaves remarks out of its tree, so they are read from the
/// text and matched to the parsed entries by their order.
fn ios_permit_rules(text: &str) -> Vec<String> {
    let mut rule = String::new();
    let mut out = Vec::new();
    for line in text.lines() {
        let line = line.trim_start();
        if let Some(r) = line.strip_prefix("remark ") {
            rule = rule_id(r);
        } else if line.starts_with("permit ") {
            out.push(rule.clone());
        }
    }
    out
}

/// The policy of an IOS configuration (ours or Aerleon's): paths from hier-config, and the
/// rule of each permit line ([`ios_permit_rules`]).
fn ios_policy(paths: &Json, rules: &[String]) -> Policy {
    let mut rules = rules.iter();
    let mut groups: BTreeMap<String, Vec<Item>> = BTreeMap::new();
    let mut services: Services = BTreeMap::new();
    let mut p = Acc::new();
    for path in paths.as_array().unwrap() {
        let path: Vec<&str> = path
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_str().unwrap())
            .collect();
        let (head, leaf) = (path[0], *path.last().unwrap());
        let hw: Vec<&str> = head.split_whitespace().collect();
        // hier-config numbers the entries of an access list
        let lw: Vec<&str> = leaf
            .split_whitespace()
            .skip_while(|x| x.chars().all(|c| c.is_ascii_digit()))
            .collect();
        match (hw.as_slice(), lw.as_slice()) {
            (["object-group", "network", g], ["description", ..]) => {
                groups.entry(g.to_string()).or_default();
            }
            (["object-group", "network", g], ["group-object", m]) => {
                let items = groups[*m].clone();
                groups.entry(g.to_string()).or_default().extend(items)
            }
            (["object-group", "network", g], w) => {
                let (items, _) = ios_operand(w, &groups, false);
                groups.entry(g.to_string()).or_default().extend(items)
            }
            (["object-group", "service", s], [proto, op, ports @ ..]) => {
                let r = match (*op, ports) {
                    ("eq", [a]) => range(a),
                    ("range", [a, b]) => (a.parse().unwrap(), b.parse().unwrap()),
                    other => panic!("service {other:?}"),
                };
                services
                    .entry(s.to_string())
                    .or_default()
                    .push((proto.to_string(), r))
            }
            (["ip" | "ipv6", "access-list", ..], ["remark", ..]) => {}
            (["ip" | "ipv6", "access-list", ..], ["permit", "object-group", svc, rest @ ..]) => {
                let rule = rules
                    .next()
                    .expect("a permit line in the tree that is not in the text");
                let (src, n) = ios_operand(rest, &groups, true);
                let (dst, _) = ios_operand(&rest[n..], &groups, true);
                let mut by_proto: BTreeMap<String, Vec<(u16, u16)>> = BTreeMap::new();
                for (proto, r) in &services[*svc] {
                    by_proto.entry(proto.clone()).or_default().push(*r);
                }
                for (proto, ranges) in by_proto {
                    add_cells(&mut p, rule, &src, &dst, &proto, &ports_of(&ranges));
                }
            }
            (["ip" | "ipv6", "access-list", ..], ["permit", proto, rest @ ..]) => {
                let rule = rules
                    .next()
                    .expect("a permit line in the tree that is not in the text");
                let (src, n) = ios_operand(rest, &groups, true);
                let (dst, m) = ios_operand(&rest[n..], &groups, true);
                let r = match &rest[n + m..] {
                    ["eq", a] => range(a),
                    ["range", a, b] => (a.parse().unwrap(), b.parse().unwrap()),
                    other => panic!("ports {other:?}"),
                };
                add_cells(&mut p, rule, &src, &dst, proto, &ports_of(&[r]));
            }
            (["no", ..], _) | (["exit"], _) => {}
            (h, l) => panic!("line outside the IOS grammar: {h:?} {l:?}"),
        }
    }
    finish(p)
}

// ---------------------------------------------------------------------------------------------
// Check Point (the script run with a stand-in mgmt_cli)

/// Runs the script with `sh` and a `mgmt_cli` that records its arguments (one JSON array per
/// call); returns the calls.
fn run_mgmt_cli(script: &str) -> Vec<Vec<String>> {
    let dir = TempDir::new("mgmt-cli");
    let log = dir.path().join("calls.jsonl");
    let fake = dir.write(
        "bin/mgmt_cli",
        b"#!/usr/bin/env python3\nimport json, os, sys\nwith open(os.environ['MGMT_LOG'], 'a') as f:\n    f.write(json.dumps(sys.argv[1:]) + '\\n')\n",
    );
    Command::new("chmod").arg("+x").arg(&fake).status().unwrap();
    let file = dir.write("policy.sh", script.as_bytes());
    let syntax = Command::new("sh").arg("-n").arg(&file).output().unwrap();
    assert!(
        syntax.status.success(),
        "sh -n: {}",
        String::from_utf8_lossy(&syntax.stderr)
    );
    let path = format!(
        "{}:{}",
        dir.path().join("bin").display(),
        std::env::var("PATH").unwrap()
    );
    let out = Command::new("sh")
        .arg(&file)
        .current_dir(dir.path())
        .env("PATH", path)
        .env("MGMT_LOG", &log)
        .env("PORTOLAN_SID", "session.txt")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "script failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        !names.iter().any(|n| n.contains("pwned")),
        "a command ran: {names:?}"
    );
    std::fs::read_to_string(&log)
        .unwrap_or_default()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// The policy the recorded `mgmt_cli` calls build.
fn checkpoint_policy(calls: &[Vec<String>]) -> Policy {
    let mut objs: BTreeMap<String, Vec<Item>> = BTreeMap::new();
    let mut svcs: Services = BTreeMap::new();
    let mut p = Acc::new();
    for c in calls {
        assert_eq!(
            c[c.len() - 2..],
            ["-s".to_string(), "session.txt".to_string()],
            "{c:?}"
        );
        if c[0] == "publish" {
            continue;
        }
        let args: BTreeMap<&str, &str> = c[2..c.len() - 2]
            .chunks(2)
            .map(|kv| (kv[0].as_str(), kv[1].as_str()))
            .collect();
        let list = |key: &str| -> Vec<&str> {
            (1..)
                .map_while(|i| args.get(format!("{key}.{i}").as_str()).copied())
                .collect()
        };
        let name = args.get("name").copied().unwrap_or_default().to_string();
        match (c[0].as_str(), c.get(1).map(String::as_str)) {
            ("add", Some("host")) => {
                objs.insert(
                    name,
                    vec![Item::Net(IpNet::from(
                        args["ip-address"].parse::<std::net::IpAddr>().unwrap(),
                    ))],
                );
            }
            ("add", Some("network")) => {
                let net = format!("{}/{}", args["subnet"], args["mask-length"]);
                objs.insert(name, vec![Item::Net(net.parse().unwrap())]);
            }
            ("add", Some("dns-domain")) => {
                let domain = name.strip_prefix('.').unwrap().to_string();
                let item = match args["is-sub-domain"] {
                    "true" => format!("*.{domain}"),
                    _ => domain,
                };
                objs.insert(name, vec![Item::Name(item)]);
            }
            ("add", Some("group")) => {
                let items = list("members")
                    .iter()
                    .flat_map(|m| objs[*m].clone())
                    .collect();
                objs.insert(name, items);
            }
            ("add", Some(t @ ("service-tcp" | "service-udp"))) => {
                svcs.insert(name, vec![(t[8..].to_string(), range(args["port"]))]);
            }
            ("add", Some("service-group")) => {
                let items = list("members")
                    .iter()
                    .flat_map(|m| svcs[*m].clone())
                    .collect();
                svcs.insert(name, items);
            }
            ("add", Some("access-rule")) => {
                assert_eq!(args["action"], "Accept");
                let side = |k: &str| -> Vec<Item> {
                    list(k)
                        .iter()
                        .flat_map(|n| {
                            if *n == "Any" {
                                vec![Item::Any]
                            } else {
                                objs[*n].clone()
                            }
                        })
                        .collect()
                };
                let mut by_proto: BTreeMap<String, Vec<(u16, u16)>> = BTreeMap::new();
                for s in list("service") {
                    for (proto, r) in &svcs[s] {
                        by_proto.entry(proto.clone()).or_default().push(*r);
                    }
                }
                for (proto, ranges) in by_proto {
                    add_cells(
                        &mut p,
                        &rule_id(&name),
                        &side("source"),
                        &side("destination"),
                        &proto,
                        &ports_of(&ranges),
                    );
                }
            }
            ("publish", _) => {}
            other => panic!("unexpected call {other:?}"),
        }
    }
    finish(p)
}

// ---------------------------------------------------------------------------------------------
// Read back each format

/// The policy of an artifact, read by the format's independent parser.
fn read_back(id: &str, art: &Artifact) -> Policy {
    let dir = TempDir::new(id);
    let file = dir.write("artifact", art.content.as_bytes());
    match id {
        "fortios" => fortios_policy(&parse_config("fortios", &file)),
        "junos-srx" => junos_policy(&junos_lines(&parse_config("junos", &file))),
        "cisco-ios" => ios_policy(&parse_config("ios", &file), &ios_permit_rules(&art.content)),
        "checkpoint" => checkpoint_policy(&run_mgmt_cli(&art.content)),
        other => panic!("no reader for {other}"),
    }
}

/// Only printable ASCII outside comments and quoted strings, and every name sanitised.
fn assert_plain(art: &Artifact) {
    for (i, line) in art.content.lines().enumerate() {
        assert!(
            line.chars().all(|c| c == ' ' || c.is_ascii_graphic()) || line.starts_with(['#', '!']),
            "{}: line {} is not printable ASCII: {line:?}",
            art.format,
            i + 1
        );
    }
    assert!(
        !art.content.contains('\r'),
        "{}: carriage return",
        art.format
    );
}

#[test]
fn new_formats_read_back_to_the_expressed_rules() {
    if !python_has("new_formats_read_back", &["hier_config", "anyconfig"]) {
        return;
    }
    let cat = bundled();
    let mut cases: Vec<(String, Catalog, Plan)> = examples()
        .into_iter()
        .map(|(n, p)| (n, cat.clone(), p))
        .collect();
    cases.push(("features".into(), bundled_and_demo(), feature_plan()));
    for (name, cat, plan) in &cases {
        for id in NEW_FORMATS {
            let (report, art) = export_with(cat, plan, id);
            assert_plain(&art);
            let got = read_back(id, &art);
            let want = expected(&report, &art);
            assert_eq!(got, want, "{name}: {id} differs from the report");
            assert_eq!(art.rule_count, want.len(), "{name}: {id} rule count");
        }
    }
}

#[test]
fn new_formats_keep_hostile_names_inside_their_syntax() {
    if !python_has("hostile_names", &["hier_config", "anyconfig"]) {
        return;
    }
    let cat = bundled_and_demo();
    let plan = hostile_plan();
    for id in NEW_FORMATS {
        let (report, art) = export_with(&cat, &plan, id);
        if *id == "checkpoint" {
            // user text stays in its single-quoted words: the recorded comments hold it whole
            let calls = run_mgmt_cli(&art.content);
            let comments: Vec<&String> = calls
                .iter()
                .filter(|c| c[1] == "access-rule")
                .map(|c| &c[c.iter().position(|a| a == "comments").unwrap() + 1])
                .collect();
            assert!(comments
                .iter()
                .any(|c| c.contains("$(touch pwned-1) `touch pwned-2`")));
            assert!(comments.iter().any(|c| c.contains("ünïcødé 名前 next end")));
        } else {
            assert_plain(&art);
        }
        // the same policy as with plain names: nothing leaked into the syntax
        assert_eq!(read_back(id, &art), expected(&report, &art), "{id}");
        assert!(
            !art.renamed.is_empty(),
            "{id}: hostile names are reported as renamed"
        );
        for r in &art.renamed {
            assert!(
                r.to.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "_-.".contains(c)),
                "{id}: {:?}",
                r.to
            );
        }
    }
}

#[test]
fn object_names_come_from_the_plans_hosts_and_are_stable() {
    let cat = bundled_and_demo();
    let plan = feature_plan();
    for id in [
        "cisco-asa",
        "panos",
        "fortios",
        "junos-srx",
        "cisco-ios",
        "checkpoint",
    ] {
        let (_, a) = export_with(&cat, &plan, id);
        for host in ["exec-redis", "cfgdb", "srv1", "survey01"] {
            assert!(a.content.contains(host), "{id}: no object named {host}");
        }
        // the same plan with its hosts in the same order but the rules' products reversed
        let mut again = plan.clone();
        again.products.reverse();
        let (_, b) = export_with(&cat, &again, id);
        let names = |s: &str| -> BTreeSet<String> {
            s.split_whitespace()
                .filter(|w| w.contains("exec01") || w.contains("srv2"))
                .map(String::from)
                .collect()
        };
        assert_eq!(
            names(&a.content),
            names(&b.content),
            "{id}: names depend on rule order"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Feeds

#[test]
fn feeds_list_the_far_side_one_entry_per_line() {
    let cat = bundled_and_demo();
    let mut cases: Vec<(Catalog, Plan)> = examples()
        .into_iter()
        .map(|(_, p)| (bundled(), p))
        .collect();
    cases.push((cat, feature_plan()));
    cases.push((bundled_and_demo(), hostile_plan()));
    for (cat, plan) in &cases {
        let (report, ip) = export_with(cat, plan, "feed-ip");
        let (_, dom) = export_with(cat, plan, "feed-domain");
        let (_, url) = export_with(cat, plan, "feed-url");
        let mut nets = Vec::new();
        let mut names = BTreeSet::new();
        for r in &report.rules {
            for e in r.sources.iter().chain(&r.destinations) {
                if e.kind == EndpointKind::Host || e.kind == EndpointKind::Any {
                    continue;
                }
                let listed = |a: &Artifact| {
                    !a.unexpressed
                        .iter()
                        .any(|u| u.rule == r.id && !u.reason.starts_with("partly"))
                };
                for a in e.rule_addresses() {
                    match a {
                        Address::Net(n) if listed(&ip) => nets.push(*n),
                        Address::Fqdn(_) | Address::Wildcard(_) if listed(&dom) => {
                            names.insert(a.to_string());
                        }
                        _ => {}
                    }
                }
            }
        }
        let ip_lines: Vec<IpNet> = ip.content.lines().map(|l| l.parse().unwrap()).collect();
        assert_eq!(
            ip_lines,
            portolan_core::net::collapse(&nets),
            "{}",
            plan.name
        );
        let dom_lines: BTreeSet<String> = dom.content.lines().map(String::from).collect();
        assert_eq!(dom_lines, names);
        let url_lines: BTreeSet<String> = url
            .content
            .lines()
            .map(|l| l.strip_suffix('/').unwrap().to_string())
            .collect();
        assert_eq!(url_lines, names);
        for l in dom.content.lines() {
            let bare = l.strip_prefix("*.").unwrap_or(l);
            assert!(
                bare.parse::<Address>()
                    .is_ok_and(|a| matches!(a, Address::Fqdn(_))),
                "{l}"
            );
        }
        // every rule is either in the feed or listed with why
        for a in [&ip, &dom, &url] {
            for r in &report.rules {
                let listed = a.unexpressed.iter().any(|u| u.rule == r.id);
                assert!(
                    listed || a.rule_count > 0,
                    "{}: {} neither listed nor in it",
                    a.format,
                    r.id
                );
            }
        }
    }
}

#[test]
fn direction_and_product_select_the_rules() {
    let cat = bundled();
    let (_, plan) = examples().into_iter().find(|(n, _)| n == "mixed").unwrap();
    let report = portolan_engine::evaluate(&cat, &plan);
    let sel = |product: Option<&str>, dir: Option<&str>| {
        export::select::select(
            &report,
            &export::select::Selection {
                product: product.map(String::from),
                direction: dir.map(|d| export::select::Direction::parse(d).unwrap()),
            },
        )
    };
    let out = sel(None, Some("outbound")).unwrap();
    assert!(!out.rules.is_empty());
    for r in &out.rules {
        assert!(r.sources.iter().all(|e| e.kind == EndpointKind::Host));
        assert!(r.destinations.iter().any(|e| e.kind != EndpointKind::Host));
    }
    let internal = sel(None, Some("internal")).unwrap();
    let inbound = sel(None, Some("inbound")).unwrap();
    assert!(out.rules.len() + internal.rules.len() + inbound.rules.len() <= report.rules.len());
    let vra = sel(Some("visual-remote-assistance"), None).unwrap();
    assert!(vra.rules.iter().all(|r| r
        .products
        .iter()
        .any(|p| &**p == "visual-remote-assistance")));
    assert!(sel(Some("no-such-product"), None)
        .unwrap_err()
        .contains("no-such-product"));
    assert!(export::select::Direction::parse("sideways").is_err());
}

// ---------------------------------------------------------------------------------------------
// XLSX

#[test]
fn xlsx_reads_back_as_the_csv_with_no_formula() {
    if !python_has("xlsx_reads_back", &["openpyxl"]) {
        return;
    }
    let reader = r#"
import json, re, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
out = []
for ws in wb.worksheets:
    rows = []
    for row in ws.iter_rows():
        cells = []
        for c in row:
            if c.value is not None and c.data_type != "s":
                raise SystemExit(f"{ws.title}!{c.coordinate} is {c.data_type}: {c.value!r}")
            # openpyxl leaves OOXML's escapes of control characters (_x000D_) as they are
            cells.append("" if c.value is None else re.sub(r"_x([0-9A-F]{4})_", lambda m: chr(int(m.group(1), 16)), c.value))
        rows.append(cells)
    out.append({"name": ws.title, "rows": rows, "frozen": ws.freeze_panes,
                "landscape": ws.page_setup.orientation, "widths": [ws.column_dimensions[k].width for k in "ABC"],
                "bold": bool(ws["A1"].font.b)})
print(json.dumps(out))
"#;
    let mut cases: Vec<(Catalog, Plan)> = examples()
        .into_iter()
        .map(|(_, p)| (bundled(), p))
        .collect();
    cases.push((bundled_and_demo(), hostile_plan()));
    for (cat, plan) in &cases {
        let (report, x) = export_with(cat, plan, "xlsx");
        let (_, c) = export_with(cat, plan, "csv");
        assert!(x.bytes.starts_with(b"PK"), "not a zip");
        let dir = TempDir::new("xlsx");
        let file = dir.write("book.xlsx", &x.bytes);
        let out = Command::new("python3")
            .args(["-c", reader])
            .arg(&file)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let sheets: Json = serde_json::from_slice(&out.stdout).unwrap();
        let mut rd = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(c.content.trim_start_matches('\u{feff}').as_bytes());
        let csv_rows: Vec<Vec<String>> = rd
            .records()
            .map(|r| r.unwrap().iter().map(undo_csv_neutralising).collect())
            .take_while(|r: &Vec<String>| r.iter().any(|c| !c.is_empty()))
            .collect();
        let sheet = |name: &str| {
            sheets
                .as_array()
                .unwrap()
                .iter()
                .find(|s| s["name"] == name)
                .unwrap()
                .clone()
        };
        let all = sheet("All rules");
        let rows: Vec<Vec<String>> = serde_json::from_value(all["rows"].clone()).unwrap();
        assert_eq!(
            rows, csv_rows,
            "{}: All rules differs from the CSV",
            plan.name
        );
        assert_eq!(all["frozen"], "A2");
        assert_eq!(all["landscape"], "landscape");
        assert_eq!(all["bold"], true);
        assert!(all["widths"][0].as_f64().unwrap() > 1.0);
        let summary: Vec<Vec<String>> =
            serde_json::from_value(sheet("Summary")["rows"].clone()).unwrap();
        assert!(summary.iter().any(|r| r[0] == "plan" && r[1] == plan.name));
        assert!(summary
            .iter()
            .any(|r| r[0] == "catalog revision" && r[1] == report.catalog_revision));
        assert_eq!(
            summary
                .iter()
                .filter(|r| r[0].starts_with("warning"))
                .count(),
            report.warnings.len()
        );
        // every rule is on the sheet of each of its products
        let n_product_rows: usize = sheets
            .as_array()
            .unwrap()
            .iter()
            .skip(2)
            .map(|s| s["rows"].as_array().unwrap().len() - 1)
            .sum();
        let expected_rows: usize = report.rules.iter().map(|r| r.products.len()).sum();
        assert_eq!(n_product_rows, expected_rows, "{}", plan.name);
    }
}

/// A CSV cell as the user typed it: the CSV export prefixes formula starts with `'`.
fn undo_csv_neutralising(s: &str) -> String {
    match s.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest.to_string(),
        _ => s.to_string(),
    }
}

#[test]
fn xlsx_text_view_neutralises_formulas() {
    let (_, x) = export_with(&bundled_and_demo(), &hostile_plan(), "xlsx");
    for line in x.content.lines() {
        for cell in line.split('\t') {
            assert!(!cell.starts_with(['=', '+', '-', '@']), "{cell:?}");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The capability matrix and the format list

#[test]
fn readme_matrix_is_the_generated_one() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let begin = "<!-- formats:begin -->\n";
    let start = readme.find(begin).unwrap() + begin.len();
    let end = readme.find("<!-- formats:end -->").unwrap();
    assert_eq!(
        &readme[start..end],
        export::matrix::readme_block(),
        "README's formats differ: paste `portolan formats --matrix` between the markers"
    );
}

#[test]
fn formats_lists_every_format() {
    let ids: Vec<&str> = export::registry().iter().map(|e| e.id()).collect();
    assert!(ids.len() >= 27, "{} formats", ids.len());
    let text = export::matrix::listing();
    for id in &ids {
        assert!(text.contains(id), "`portolan formats` misses {id}");
    }
    for id in [
        "fortios",
        "junos-srx",
        "cisco-ios",
        "checkpoint",
        "xlsx",
        "feed-ip",
        "feed-domain",
        "feed-url",
    ] {
        assert!(ids.contains(&id), "{id} is not registered");
    }
}

// ---------------------------------------------------------------------------------------------
// Differential test against Aerleon (fortigate, srx, cisco)

/// Aerleon's networks, services and policies for the rules of one plan that Aerleon can
/// express: a network per rule side, a service per rule, one term per rule, in one filter per
/// generator.
fn aerleon_sources(
    k: usize,
    rules: &[&portolan_engine::AggregatedRule],
    networks: &mut String,
    services: &mut String,
) -> Vec<(String, String)> {
    use std::fmt::Write as _;
    let mut terms = String::new();
    for r in rules {
        let id = r.id.to_uppercase();
        let _ = writeln!(terms, "      - name: {}", r.id);
        let any_dst = r.destinations.iter().any(|d| d.kind == EndpointKind::Any);
        for (side, any, nets, key) in [
            ("SRC", r.any_source, &r.source_nets, "source-address"),
            ("DST", any_dst, &r.destination_nets, "destination-address"),
        ] {
            if any {
                continue;
            }
            let name = format!("P{k}_{id}_{side}");
            let _ = writeln!(networks, "  {name}:\n    values:");
            for n in nets.iter() {
                let _ = writeln!(networks, "      - address: {n}");
            }
            let _ = writeln!(terms, "        {key}: {name}");
        }
        let svc = format!("P{k}_{id}_SVC");
        let _ = writeln!(services, "  {svc}:");
        for p in r.ports.ranges() {
            let _ = write!(
                services,
                "    - port: {p}\n      protocol: {}\n",
                r.transport
            );
        }
        let _ = write!(
            terms,
            "        destination-port: {svc}\n        protocol: {}\n        action: accept\n",
            r.transport
        );
    }
    [
        ("fortigate", "fortigate: from-zone any to-zone any"),
        ("srx", "srx: from-zone untrust to-zone trust"),
        ("cisco", "cisco: PORTOLAN mixed"),
    ]
    .into_iter()
    .map(|(g, target)| {
        (
            format!("p{k}_{g}"),
            format!("filters:\n  - header:\n      targets:\n        {target}\n    terms:\n{terms}"),
        )
    })
    .collect()
}

/// The same rules generated by Aerleon's FortiGate, SRX and Cisco generators and by us, read
/// back by the same parsers and compared per rule, family, transport and port set.
///
/// What the comparison leaves out, because Aerleon cannot express it:
/// - rules with host names or wildcard domains (Aerleon's naming definitions hold addresses;
///   its FortiGate generator has no FQDN or wildcard-FQDN objects), and rules with an endpoint
///   without addresses;
/// - zones and interfaces: Aerleon takes one zone pair per filter (`from-zone`/`to-zone` in the
///   header), we take them from the plan's hosts per rule (SRX, FortiOS `srcintf`/`dstintf`),
///   so only the match (addresses, transport, ports) is compared;
/// - policy order, object names and ids (`edit N` against our `edit 0`).
#[test]
fn aerleon_generates_the_same_policies() {
    if !python_has(
        "aerleon_generates_the_same_policies",
        &["aerleon", "hier_config", "anyconfig"],
    ) {
        return;
    }
    let dir = TempDir::new("aerleon");
    let mut networks = String::from("networks:\n");
    let mut services = String::from("services:\n");
    let mut cases = Vec::new();
    let mut all: Vec<(String, Catalog, Plan)> = examples()
        .into_iter()
        .map(|(n, p)| (n, bundled(), p))
        .collect();
    all.push(("features".into(), bundled_and_demo(), feature_plan()));
    for (k, (label, cat, plan)) in all.into_iter().enumerate() {
        let report = portolan_engine::evaluate(&cat, &plan);
        let rules: Vec<&portolan_engine::AggregatedRule> = report
            .rules
            .iter()
            .filter(|r| {
                !r.unresolved && r.source_names.is_empty() && r.destination_names.is_empty()
            })
            .collect();
        if rules.is_empty() {
            continue;
        }
        for (name, text) in aerleon_sources(k, &rules, &mut networks, &mut services) {
            dir.write(&format!("policies/pol/{name}.yaml"), text.as_bytes());
        }
        let ids: BTreeSet<String> = rules.iter().map(|r| r.id.clone()).collect();
        cases.push((k, label, cat, plan, ids));
    }
    dir.write("def/networks.yaml", networks.as_bytes());
    dir.write("def/services.yaml", services.as_bytes());
    let d = dir.path().display().to_string();
    let out = Command::new("python3")
        .args(["-m", "aerleon"])
        .arg(format!("--base_directory={d}/policies"))
        .arg(format!("--definitions_directory={d}/def"))
        .arg(format!("--output_directory={d}/out"))
        .arg("--max_renderers=1")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "aclgen failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let only = |p: Policy, ids: &BTreeSet<String>| -> Policy {
        p.into_iter().filter(|(r, _)| ids.contains(r)).collect()
    };
    for (k, label, cat, plan, ids) in cases {
        let out = |ext: &str| dir.path().join(format!("out/p{k}_{ext}"));
        let theirs = [
            (
                "fortios",
                fortios_policy(&parse_config("fortios", &out("fortigate.fgacl"))),
            ),
            (
                "junos-srx",
                junos_policy(&junos_lines(&parse_config("junos-braces", &out("srx.srx")))),
            ),
            ("cisco-ios", {
                let text = std::fs::read_to_string(out("cisco.acl")).unwrap();
                ios_policy(
                    &parse_config("ios", &out("cisco.acl")),
                    &ios_permit_rules(&text),
                )
            }),
        ];
        for (id, aerleon) in theirs {
            let (_, art) = export_with(&cat, &plan, id);
            let ours = only(read_back(id, &art), &ids);
            assert!(
                !ours.is_empty() || ids.is_empty(),
                "{label}: {id} wrote none of the compared rules"
            );
            assert_eq!(
                only(aerleon, &ids),
                ours,
                "{label}: Aerleon's {id} differs from ours"
            );
        }
        eprintln!(
            "{label}: Aerleon agrees on {} rule(s) in FortiOS, SRX and IOS",
            ids.len()
        );
    }
}
