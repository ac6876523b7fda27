//! Synthetic catalogs and plans for the benchmarks (criterion natively, `tests/wasm_bench.rs` in
//! the browser) and for `tests/bench_gen.rs`.
//!
//! Everything is deterministic: the same sizes and seed give the same catalog text and the same
//! plan on every machine and target. The catalog is produced as TOML text, so building it also
//! exercises the loader; every generated file loads without a single diagnostic.
//!
//! A synthetic product has two components, a bool and an enum option, port, count and text
//! parameters, four internal roles, an external role with templated and fixed endpoints and an
//! `any` role, `R` rules cycling through conditions, port lists (numbers, ranges, parameters) and
//! transports, and five requirements (sizing, min-hosts, prerequisite, antivirus, ambiguity).
//!
//! The bench and test targets use it through `portolan-testkit`, a dev-dependency, so it never
//! reaches a front end's wasm.

use portolan_catalog::{Catalog, RoleKind};
use portolan_core::plan::{Host, OptionValue, ParamInput, Plan, PlanProduct};
use std::collections::BTreeSet;
use std::fmt::Write as _;

/// SplitMix64: a tiny, well-mixed deterministic generator (no dependency, same on every target).
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`0` when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            return 0;
        }
        usize::try_from(self.next_u64() % n as u64).unwrap_or(0)
    }

    /// True with probability `1 / n`.
    pub fn one_in(&mut self, n: usize) -> bool {
        self.below(n) == 0
    }
}

/// The roles of a synthetic product, and which pairs its rules connect (cycled by rule index).
const PAIRS: &[(&str, &str)] = &[
    ("client", "server"),
    ("server", "db"),
    ("gateway", "server"),
    ("server", "cloud"),
    ("anyone", "gateway"),
    ("client", "gateway"),
    ("server", "client"),
    ("client", "server"),
    ("gateway", "db"),
    ("server", "db"),
];

/// Conditions cycled by rule index; most hold with the defaults, `server < "2.0"` does not.
const CONDITIONS: &[Option<&str>] = &[
    None,
    Some(r#"server >= "2.0""#),
    Some(r#"mode == "secure" and agent >= "1.1""#),
    Some("feature-x"),
    Some(r#"not (mode == "plain") or calls > 5000"#),
    Some(r#"mode in ["secure", "legacy"]"#),
    Some(r#"server < "2.0""#),
    Some(r#"calls >= 100 and (feature-x or agent != "1.0")"#),
    None,
    Some(r#"mode == "plain""#),
];

fn role_decl(out: &mut String, id: &str, n: usize) {
    let _ = writeln!(out, "[[roles]]\nid = \"{id}\"");
    match id {
        "cloud" => {
            let _ = writeln!(
                out,
                "name = \"Cloud service {n}\"\nkind = \"external\"\n\
                 endpoints = [\"{{tenant}}.svc{n}.example.com\", \"*.cdn{n}.example.net\", \"203.0.{}.0/24\"]\n\
                 cite = {{ source = \"guide\", quote = \"cloud endpoints\" }}",
                n % 256
            );
        }
        "anyone" => {
            let _ = writeln!(out, "name = \"Any client\"\nkind = \"any\"");
        }
        other => {
            let _ = writeln!(
                out,
                "name = \"{other} {n}\"\nkind = \"internal\"\ndescription = \"The {other} of product {n}.\""
            );
        }
    }
    out.push('\n');
}

/// The catalog file of synthetic product number `n` with `rules` rules.
pub fn product_toml(n: usize, rules: usize) -> String {
    let id = product_id(n);
    let mut out = String::with_capacity(1200 + rules * 400);
    let _ = write!(
        out,
        r#"schema = 1
id = "{id}"
name = "Synthetic product {n}"
vendor = "Bench Corp"
summary = "A generated product for benchmarks."
coverage = "complete"

[[sources]]
id = "guide"
file = "guide-{n}.txt"
title = "Port guide {n}"

[[components]]
id = "server"
name = "Server"
versions = ["1.0", "1.5", "2.0", "2.0 HFR1", "2.1"]
default = "2.0 HFR1"

[[components]]
id = "agent"
name = "Agent"
versions = ["1.0", "1.1", "1.2.3"]
default = "1.2.3"

[[options]]
id = "feature-x"
name = "Feature X"
type = "bool"
default = true
description = "Turns feature X on."
off_cost = "feature X is unavailable"
cite = {{ source = "guide", quote = "feature X can be disabled" }}

[[options]]
id = "mode"
name = "Mode"
type = "enum"
values = ["secure", "plain", "legacy"]
default = "secure"
description = "Transport security."
cite = {{ source = "guide", quote = "secure or plain" }}

[[parameters]]
id = "calls"
name = "Concurrent calls"
type = "count"
default = 1000
min = 1
max = 100000
unit = "calls"
description = "Concurrent calls."
cite = {{ source = "guide", quote = "per 1000 calls" }}

"#
    );

    let count = rules.max(1);
    // port lists cycle with `j % 5`: `{listen-port}` first appears in rule 1, `{admin-port}` in 4
    if count > 1 {
        let _ = writeln!(
            out,
            "[[parameters]]\nid = \"listen-port\"\nname = \"Listen port\"\ntype = \"port\"\ndefault = {}\n\
             description = \"Configurable listener.\"\ncite = {{ source = \"guide\", quote = \"the port can be changed\" }}\n",
            8000 + n % 1000
        );
    }
    if count > 4 {
        let _ = writeln!(
            out,
            "[[parameters]]\nid = \"admin-port\"\nname = \"Admin port\"\ntype = \"port\"\ndefault = {}\n\
             configurable = false\ndescription = \"Fixed admin port.\"\ncite = {{ source = \"guide\", quote = \"not configurable\" }}\n",
            9000 + n % 1000
        );
    }
    let mut used: BTreeSet<&str> = ["server"].into_iter().collect();
    for j in 0..count {
        if let Some((from, to)) = PAIRS.get(j % PAIRS.len()) {
            used.insert(from);
            used.insert(to);
        }
    }
    if used.contains("cloud") {
        out.push_str(
            "[[parameters]]\nid = \"tenant\"\nname = \"Tenant\"\ntype = \"text\"\ndefault = \"tenant\"\n\
             description = \"Tenant name.\"\ncite = { source = \"guide\", quote = \"<tenant>\" }\n\n",
        );
    }
    for role in ["client", "server", "db", "gateway", "cloud", "anyone"] {
        if used.contains(role) {
            role_decl(&mut out, role, n);
        }
    }

    for j in 0..count {
        let (from, to) = PAIRS
            .get(j % PAIRS.len())
            .copied()
            .unwrap_or(("client", "server"));
        let transport = match j % 3 {
            0 | 1 => "tcp",
            _ => "both",
        };
        let ports = match j % 5 {
            0 => "[443]".to_string(),
            1 => "[\"{listen-port}\"]".to_string(),
            2 => format!("[\"8000-8010\", {}]", 9100 + j % 800),
            3 => format!("[{}]", 1024 + (n * 37 + j * 7) % 60000),
            _ => "[\"{admin-port}\", 5060]".to_string(),
        };
        let _ = writeln!(
            out,
            "[[rules]]\nid = \"r{j}\"\nfrom = \"{from}\"\nto = \"{to}\"\ntransport = \"{transport}\"\nports = {ports}\n\
             purpose = \"Purpose of rule {j}.\""
        );
        if j % 4 == 1 {
            out.push_str("protocol = \"https\"\n");
        }
        if let Some(Some(when)) = CONDITIONS.get(j % CONDITIONS.len()) {
            let _ = writeln!(out, "when = '{when}'");
        }
        if j % 6 == 5 {
            out.push_str("optional = true\ntags = [\"fallback\"]\n");
        }
        if j % 7 == 3 {
            let _ = writeln!(out, "service = \"svc-{}\"", j % 3);
        }
        let _ = writeln!(
            out,
            "cite = {{ source = \"guide\", quote = \"rule {j} of the guide\" }}\n"
        );
    }

    out.push_str(
        r#"[[requirements]]
id = "storage"
kind = "sizing"
what = "Storage"
formula = "30 * calls / 1000"
unit = "GB"
text = "30 GB per 1000 calls."
cite = { source = "guide", quote = "30 GB" }

[[requirements]]
id = "two-servers"
kind = "min-hosts"
role = "server"
count = 2
text = "N+1"
cite = { source = "guide", quote = "N+1" }

[[requirements]]
id = "upgrade"
kind = "prerequisite"
capability = "Feature Y"
requires = 'server >= "2.0 HFR1" and agent >= "1.1"'
text = "Upgrade the server to 2.0 HFR1."
cite = { source = "guide", quote = "minimum version" }

[[requirements]]
id = "av"
kind = "antivirus"
application = "Server"
process = "server.exe"
extensions = ["*.dat"]
folders = ['C:\data']
when = "calls > 10"
cite = { source = "guide", quote = "exclude server.exe" }

[[requirements]]
id = "unclear"
kind = "ambiguity"
text = "The monitor port is not given."
cite = { source = "guide", quote = "a monitor port" }
"#,
    );
    out
}

/// `syn-0007` for product 7.
pub fn product_id(n: usize) -> String {
    format!("syn-{n:04}")
}

/// `products` synthetic catalog files of `rules` rules each, as `(file name, text)`.
pub fn catalog_files(products: usize, rules: usize) -> Vec<(String, String)> {
    (0..products)
        .map(|n| (format!("{}.toml", product_id(n)), product_toml(n, rules)))
        .collect()
}

/// The address of host `i`: mostly single IPv4 addresses packed in /24s (so that collapsing
/// has work), some client subnets, some with a host-name alias, a few IPv6.
fn addresses(i: usize, rng: &mut Rng) -> Vec<String> {
    let (a, b) = ((i / 250) % 250, i % 250 + 1);
    match rng.below(10) {
        0 => vec![format!("10.{}.{}.0/24", 100 + (i / 250) % 100, i % 250)],
        1 => vec![format!("10.1.{a}.{b}"), format!("host{i}.corp.example")],
        2 => vec![format!("2001:db8:{a:x}::{b:x}")],
        3 => vec![format!("host{i}.corp.example")],
        _ => vec![format!("10.1.{a}.{b}")],
    }
}

/// A plan that selects every product of `catalog` and maps `hosts` hosts onto their internal
/// roles: every internal role gets hosts in turn (so each role has about
/// `hosts × roles_per_host / internal roles` hosts), and one host in eight also carries a second
/// role of the same product (local flows, port conflicts). A fifth of the products change an
/// option, a tenth pick an older version, a fifth move their listen port.
pub fn plan_for(catalog: &Catalog, hosts: usize, seed: u64) -> Plan {
    let mut rng = Rng::new(seed);
    let slots: Vec<(String, String)> = catalog
        .products
        .iter()
        .flat_map(|p| {
            p.roles
                .iter()
                .filter(|r| r.kind == RoleKind::Internal)
                .map(move |r| (p.id.to_string(), r.id.clone()))
        })
        .collect();
    let per_host = if hosts == 0 {
        0
    } else {
        slots.len().div_ceil(hosts).max(1)
    };
    let mut plan = Plan {
        name: format!(
            "synthetic: {} products, {hosts} hosts",
            catalog.products.len()
        ),
        ..Plan::default()
    };
    for p in &catalog.products {
        let mut pp = PlanProduct {
            id: p.id.to_string(),
            ..PlanProduct::default()
        };
        if p.option("mode").is_some() && rng.one_in(5) {
            pp.options
                .insert("mode".into(), OptionValue::Text("plain".into()));
        }
        if p.component("server").is_some() && rng.one_in(10) {
            pp.versions.insert("server".into(), "1.5".into());
        }
        if p.parameter("listen-port").is_some() && rng.one_in(5) {
            let port = 20_000 + rng.below(10_000);
            pp.parameters
                .insert("listen-port".into(), ParamInput::Number(port as i64));
        }
        plan.products.push(pp);
    }
    for i in 0..hosts {
        let mut roles = Vec::new();
        for j in 0..per_host {
            if let Some((pid, rid)) = slots.get((i + j * hosts) % slots.len().max(1)) {
                roles.push(format!("{pid}/{rid}"));
            }
        }
        if rng.one_in(8) {
            if let Some((pid, _)) = slots.get((i) % slots.len().max(1)) {
                let same: Vec<&(String, String)> = slots.iter().filter(|s| &s.0 == pid).collect();
                if let Some((pid, rid)) = same.get(rng.below(same.len())) {
                    let r = format!("{pid}/{rid}");
                    if !roles.contains(&r) {
                        roles.push(r);
                    }
                }
            }
        }
        plan.hosts.push(Host {
            name: format!("host{i:04}"),
            addresses: addresses(i, &mut rng),
            zone: ["dc", "agents", "dmz"]
                .get(rng.below(3))
                .copied()
                .unwrap_or("dc")
                .to_string(),
            roles,
            description: String::new(),
        });
    }
    plan
}

/// A benchmark case: a catalog and a plan over it.
pub struct Case {
    pub name: String,
    pub catalog: Catalog,
    pub plan: Plan,
}

/// `products × rules` synthetic products with `hosts` hosts, or `None` (with the diagnostics
/// printed) if the generated catalog does not load cleanly — which the tests rule out.
pub fn synthetic(products: usize, rules: usize, hosts: usize, seed: u64) -> Option<Case> {
    let loaded = portolan_catalog::load_files(&catalog_files(products, rules));
    if !loaded.diagnostics.is_empty() {
        for d in loaded.diagnostics.iter().take(5) {
            eprintln!("{d}");
        }
        return None;
    }
    let plan = plan_for(&loaded.catalog, hosts, seed);
    Some(Case {
        name: format!("{products}x{rules}_{hosts}h"),
        catalog: loaded.catalog,
        plan,
    })
}

/// The five bundled seed products with `hosts` hosts: the products built from the seed documents
/// of `../shared/seeds/` (whose file names start with a digit), not the products added since
/// from `../shared/sources/`, so the case stays the one the benchmarks have always measured.
pub fn seed_case(hosts: usize, seed: u64) -> Option<Case> {
    let mut catalog = portolan_bundled::catalog().ok()?;
    catalog.products.retain(|p| {
        (p.sources.iter().filter_map(|s| s.file.as_deref()))
            .any(|f| f.starts_with(|c: char| c.is_ascii_digit()))
    });
    let plan = plan_for(&catalog, hosts, seed);
    Some(Case {
        name: format!("seed5_{hosts}h"),
        catalog,
        plan,
    })
}

/// The seed used by every benchmark.
pub const SEED: u64 = 0x5eed_0001;

/// The growth curve: rules × mapped hosts scaled together (hosts per role stays constant).
pub const GROWTH: &[(usize, usize, usize)] = &[(50, 20, 100), (200, 20, 400), (500, 20, 1000)];
