//! The products modelled from `../shared/sources/`, source file by source file: every port,
//! range, host name and address in the file's `## Flows` table and `## Other facts` appears in
//! the products that cite the file (a port in a rule's port set, a name or address anywhere in
//! the product: an endpoint, a description, a requirement's text), or is listed in
//! `tests/fixtures/source-coverage.toml` with the reason it is not; no rule citing the file opens
//! a port the file does not mention; every citation's quote (the row's locator) is found in the
//! file it cites, and every source's URL is the file's own.
//!
//! Runs where `../shared/sources/` is present (as in CI); elsewhere it says so and passes.
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use portolan_bundled::catalog as bundled;
use portolan_catalog::{Catalog, Citation, ParamValue, PortSpec, Product};
use portolan_core::net::{PortRange, PortSet};
use regex::Regex;
use serde::Deserialize;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// `tests/fixtures/source-coverage.toml`: what a file writes differently from the catalog.
#[derive(Deserialize)]
struct Fixture {
    /// Written one way in the file, modelled another.
    #[serde(default)]
    alias: Vec<Alias>,
    /// Mentioned in the file, deliberately not in the catalog.
    #[serde(default)]
    not: Vec<Not>,
}

#[derive(Deserialize)]
struct Alias {
    file: String,
    /// the token as the scanner reads it from the file
    written: String,
    /// what must be in the product instead: a port range, or a text
    #[serde(default)]
    ports: Option<String>,
    #[serde(default)]
    text: Option<String>,
}

#[derive(Deserialize)]
struct Not {
    file: String,
    token: String,
    why: String,
}

fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let path =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/source-coverage.toml");
        toml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
    })
}

fn catalog() -> &'static Catalog {
    static C: OnceLock<Catalog> = OnceLock::new();
    C.get_or_init(|| bundled().unwrap_or_else(|d| panic!("bundled catalog: {d:#?}")))
}

fn sources_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/sources");
    if dir.is_dir() {
        return Some(dir);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "../shared/sources/ is missing; CI must have it beside the repository"
    );
    eprintln!("skipped: ../shared/sources/ is not beside the repository");
    None
}

/// The sections of a source file: its header's URL, the Flows table's rows, the Other facts.
struct SourceFile {
    url: String,
    text: String,
    /// cells of each data row of the Flows table
    rows: Vec<Vec<String>>,
    /// index of the `ports` column
    ports_col: usize,
    other_facts: String,
}

fn read_source(dir: &Path, name: &str) -> SourceFile {
    let text = std::fs::read_to_string(dir.join(name)).unwrap();
    let url = text
        .lines()
        .find_map(|l| l.strip_prefix("url: "))
        .unwrap_or_else(|| panic!("{name}: no url line"))
        .trim()
        .to_string();
    let section = |title: &str| -> String {
        let start = text
            .find(title)
            .unwrap_or_else(|| panic!("{name}: no {title}"));
        let rest = &text[start + title.len()..];
        rest[..rest.find("\n## ").unwrap_or(rest.len())].to_string()
    };
    let flows = section("## Flows");
    let cells = |l: &str| -> Vec<String> {
        l.trim()
            .trim_matches('|')
            .split('|')
            .map(|c| c.trim().to_string())
            .collect()
    };
    let mut table = flows.lines().filter(|l| l.trim_start().starts_with('|'));
    let header = cells(
        table
            .next()
            .unwrap_or_else(|| panic!("{name}: no Flows table")),
    );
    let ports_col = header
        .iter()
        .position(|c| c == "ports")
        .unwrap_or_else(|| panic!("{name}: no ports column"));
    let rows = table.filter(|l| !l.contains("---")).map(cells).collect();
    SourceFile {
        url,
        rows,
        ports_col,
        other_facts: section("## Other facts"),
        text,
    }
}

/// Integers and `a-b` ranges (hyphen or en dash, spaces allowed) that stand alone: not part of
/// a word, a dotted version or an address.
fn numbers(text: &str) -> Vec<String> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r"(?:^|[^\w.:/])(\d+(?:\s*(?:[-–]|\bto\b)\s*\d+)?)(?:$|[^\w.]|\.(?:\D|$))")
            .unwrap()
    });
    let mut out = Vec::new();
    // overlapping matches: the trailing delimiter of one is the leading one of the next
    let mut at = 0;
    while let Some(c) = re.captures_at(text, at) {
        let m = c.get(1).unwrap();
        out.push(range_token(m.as_str()));
        at = m.end();
    }
    out
}

/// `16384 – 65535` and `16384 to 65535` as `16384-65535`.
fn range_token(s: &str) -> String {
    s.replace("to", "-").replace('–', "-").replace(' ', "")
}

/// Ports named in prose: after `port(s)`, `TCP`, `UDP` or `TCP/UDP`.
fn prose_ports(text: &str) -> Vec<String> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| {
        Regex::new(r"(?i)\b(?:ports?|tcp|udp|tcp/udp|udp/tcp)[ /:]+(\d+(?:\s*[-–]\s*\d+)?)\b")
            .unwrap()
    });
    re.captures_iter(text).map(|c| range_token(&c[1])).collect()
}

/// Host names (with `*`, `{x}`, `<x>` or `(x)` templates) and IPv4 addresses and networks.
fn names(text: &str) -> BTreeSet<String> {
    static URL: OnceLock<Regex> = OnceLock::new();
    static IP: OnceLock<Regex> = OnceLock::new();
    static HOST: OnceLock<Regex> = OnceLock::new();
    let url = URL.get_or_init(|| Regex::new(r"[a-z]+://([^/\s`|]+)[^\s`|]*").unwrap());
    let ip = IP.get_or_init(|| Regex::new(r"\b\d{1,3}(?:\.\d{1,3}){3}(?:/\d{1,2})?\b").unwrap());
    let host = HOST.get_or_init(|| {
        Regex::new(r"[A-Za-z0-9_*{}<>()-]+(?:\.[A-Za-z0-9_*{}<>()-]+)*\.[A-Za-z]{2,}\b").unwrap()
    });
    let text = url.replace_all(text, "$1");
    let mut out: BTreeSet<String> = ip
        .find_iter(&text)
        .map(|m| m.as_str().to_string())
        .collect();
    for m in host.find_iter(&text) {
        let h = m
            .as_str()
            .trim_start_matches(['(', ')', '-'])
            .to_lowercase();
        if h.chars().any(|c| c.is_ascii_alphabetic()) && !ip.is_match(&h) {
            out.insert(h);
        }
    }
    out
}

/// Every port the rules of `products` can open (parameters at their default); only the rules
/// citing `file` when it is given.
fn opened(products: &[&Product], file: Option<&str>) -> PortSet {
    let mut set = PortSet::new();
    for p in products {
        let cites_file = |c: &Citation| {
            file.is_none_or(|file| {
                p.source(&c.source)
                    .is_some_and(|s| s.file.as_deref() == Some(file))
            })
        };
        for r in p.rules.iter().filter(|r| cites_file(&r.cite)) {
            for spec in &r.ports {
                match spec {
                    PortSpec::Range(range) => set.insert_range(*range),
                    PortSpec::Param(id) => {
                        if let Some(ParamValue::Number(n)) = p.parameter(id).map(|x| &x.default) {
                            set.insert_range(PortRange::single(*n as u16).unwrap());
                        }
                    }
                }
            }
        }
    }
    set
}

/// Every citation of `p` naming a source, with where it stands.
fn citations(p: &Product) -> Vec<(String, &Citation)> {
    let mut out: Vec<(String, &Citation)> = Vec::new();
    out.extend(
        p.components
            .iter()
            .filter_map(|c| Some((format!("component {}", c.id), c.cite.as_ref()?))),
    );
    out.extend(
        p.options
            .iter()
            .filter_map(|c| Some((format!("option {}", c.id), c.cite.as_ref()?))),
    );
    out.extend(
        p.parameters
            .iter()
            .filter_map(|c| Some((format!("parameter {}", c.id), c.cite.as_ref()?))),
    );
    out.extend(
        p.roles
            .iter()
            .filter_map(|c| Some((format!("role {}", c.id), c.cite.as_ref()?))),
    );
    out.extend(p.rules.iter().map(|r| (format!("rule {}", r.id), &r.cite)));
    out.extend(
        p.requirements
            .iter()
            .map(|q| (format!("requirement {}", q.id), &q.cite)),
    );
    out
}

fn excluded(file: &str, token: &str) -> bool {
    fixture()
        .not
        .iter()
        .any(|n| n.file == file && n.token == token)
}

/// Checks one source file against the products that cite it; returns every problem.
fn check_file(file: &str) -> Vec<String> {
    let Some(dir) = sources_dir() else {
        return Vec::new();
    };
    let src = read_source(&dir, file);
    let products: Vec<&Product> = catalog()
        .products
        .iter()
        .filter(|p| p.sources.iter().any(|s| s.file.as_deref() == Some(file)))
        .collect();
    assert!(!products.is_empty(), "no product cites {file}");
    let mut problems = Vec::new();

    // the source entries: the file's own URL; every quote is in the file
    for p in &products {
        for s in p.sources.iter().filter(|s| s.file.as_deref() == Some(file)) {
            if s.url.as_deref() != Some(src.url.as_str()) {
                problems.push(format!(
                    "{}: source `{}` has url {:?}, the file {:?}",
                    p.id, s.id, s.url, src.url
                ));
            }
            for (what, c) in citations(p).into_iter().filter(|(_, c)| *c.source == s.id) {
                if !src.text.contains(&*c.quote) {
                    problems.push(format!(
                        "{}: {what}: quote not in the file: {:?}",
                        p.id, &*c.quote
                    ));
                }
            }
        }
    }

    // ports: in the Flows table's ports column and in the Other facts' prose
    let open = opened(&products, None);
    let mut mentioned = PortSet::new();
    let tokens = src
        .rows
        .iter()
        .flat_map(|r| numbers(r.get(src.ports_col).map_or("", String::as_str)))
        .chain(prose_ports(&src.other_facts));
    for token in tokens {
        if excluded(file, &token) {
            continue;
        }
        let alias = fixture()
            .alias
            .iter()
            .find(|a| a.file == file && a.written == token);
        let written = alias.and_then(|a| a.ports.clone()).unwrap_or(token.clone());
        let Ok(range) = written.parse::<PortRange>() else {
            problems.push(format!("`{token}` is neither a port nor excluded"));
            continue;
        };
        mentioned.insert_range(range);
        if (range.start()..=range.end()).any(|p| !open.contains(p)) {
            problems.push(format!("port `{token}` is in no rule of the product"));
        }
    }
    for a in fixture().alias.iter().filter(|a| a.file == file) {
        if let Some(ports) = &a.ports {
            mentioned.insert_range(ports.parse().unwrap());
        }
    }
    let extra = opened(&products, Some(file)).difference(&mentioned);
    if !extra.is_empty() {
        problems.push(format!(
            "rules citing the file open ports it does not mention: {extra}"
        ));
    }

    // names and addresses
    let json: String = products
        .iter()
        .map(|p| serde_json::to_string(p).unwrap().to_lowercase())
        .collect();
    let scanned = src
        .rows
        .iter()
        .flatten()
        .map(String::as_str)
        .chain([src.other_facts.as_str()])
        .flat_map(names);
    for name in scanned {
        if excluded(file, &name) || json.contains(&name) {
            continue;
        }
        match fixture()
            .alias
            .iter()
            .find(|a| a.file == file && a.written == name)
        {
            Some(a)
                if a.text
                    .as_ref()
                    .is_some_and(|t| json.contains(&t.to_lowercase())) => {}
            Some(a) => problems.push(format!(
                "`{name}`: its alias {:?} is not in the product",
                a.text
            )),
            None => problems.push(format!("`{name}` is not in the product")),
        }
    }
    problems
}

macro_rules! source_files {
    ($($test:ident: $file:literal,)*) => {
        $(
            #[test]
            fn $test() {
                let problems = check_file($file);
                assert!(problems.is_empty(), "{}:\n  {}", $file, problems.join("\n  "));
            }
        )*
        /// The files with a test above.
        const FILES: &[&str] = &[$($file),*];
    };
}

source_files! {
    level_ai: "level-ai-screen-recorder-3.x-installation-whitelist.txt",
    carear_network: "carear-assist-unversioned-network-firewall-settings.txt",
    carear_guest: "carear-assist-unversioned-guest-firewall-configuration.txt",
    remotespark_2_0: "kognitiv-spark-remotespark-2.0.x-network-firewall-rules.txt",
    remotespark_2: "kognitiv-spark-remotespark-2.x-network-firewall-rules.txt",
    omnileads: "omnileads-unversioned-security-considerations.txt",
    nfon_cloudya: "nfon-cloudya-unversioned-plug-and-play-firewall-configurations.txt",
    symphony_cloud9: "symphony-cloud9-unversioned-network-requirements.txt",
    univerge_blue_engage: "nec-univerge-blue-engage-unversioned-firewall-configuration.txt",
    intermedia_legacy: "intermedia-hosted-contact-center-legacy-firewall-configuration.txt",
    glia: "glia-salemove-unversioned-firewall-browser-requirements.txt",
    genesys_clients: "genesys-cloud-pre2024-12-clients-ports-and-services-ko.txt",
    genesys_cidr: "genesys-cloud-2024-12-cidr-ip-address-range-cloud-media-de.txt",
    genesys_relay_turn: "genesys-cloud-2025-07-force-relay-turn-behavior.txt",
    genesys_force_turn_legacy: "genesys-cloud-legacy-use-the-force-turn-feature.txt",
    avaya_cvis: "avaya-centrevu-internet-solutions-4.5-ports-and-protocols.txt",
    amazon_connect_ccp: "aws-amazon-connect-unversioned-ccp-networking.txt",
    amazon_connect_screen_recording: "aws-amazon-connect-unversioned-screen-recording-system-requirements.txt",
    verba_speakerbus: "verint-verba-9.2-configuring-speakerbus-turret-recording.txt",
    twilio_voice_sdk: "twilio-voice-sdks-2023-network-connectivity-requirements.txt",
}

#[test]
fn every_cited_source_file_has_a_test() {
    let is_seed = |f: &str| f.starts_with(|c: char| c.is_ascii_digit());
    let cited: BTreeSet<&str> = catalog()
        .products
        .iter()
        // the seed products (those citing a seed document) have their own tests: seed_coverage.rs
        // for the seed documents, source_coverage.rs for their other releases' source files
        .filter(|p| {
            !p.sources
                .iter()
                .any(|s| s.file.as_deref().is_some_and(is_seed))
        })
        .flat_map(|p| p.sources.iter().filter_map(|s| s.file.as_deref()))
        .collect();
    let listed: BTreeSet<&str> = FILES.iter().copied().collect();
    assert_eq!(cited, listed);
}

#[test]
fn exclusions_and_aliases_are_still_needed() {
    let Some(dir) = sources_dir() else { return };
    for n in &fixture().not {
        let text = std::fs::read_to_string(dir.join(&n.file)).unwrap();
        assert!(
            text.contains(&n.token) || names(&text).contains(&n.token),
            "stale exclusion {}/{} ({})",
            n.file,
            n.token,
            n.why
        );
        assert!(!n.why.trim().is_empty(), "{}/{}: say why", n.file, n.token);
    }
    for a in &fixture().alias {
        let text = std::fs::read_to_string(dir.join(&a.file)).unwrap();
        assert!(
            text.contains(&a.written) || names(&text).contains(&a.written),
            "stale alias {}/{}",
            a.file,
            a.written
        );
        assert!(
            a.ports.is_some() != a.text.is_some(),
            "{}/{}: give `ports` or `text`",
            a.file,
            a.written
        );
    }
}

#[test]
fn scanners_read_ports_names_and_addresses() {
    assert_eq!(numbers("80, 83, 443, 18443"), ["80", "83", "443", "18443"]);
    assert_eq!(
        numbers("16384–65535 (previously 16384 - 32768)"),
        ["16384-65535", "16384-32768"]
    );
    assert_eq!(numbers("v3.0.12 and 10.0.0.1 x2"), Vec::<String>::new());
    assert_eq!(
        prose_ports("outbound UDP 123; TCP/8191 and port 1935."),
        ["123", "8191", "1935"]
    );
    let n = names("`https://screen-app.thelevel.ai/x` to 52.58.127.240/28, `*.agora.io` e.g. (ucontactinstance).ucontactcloud.com");
    let n: Vec<&str> = n.iter().map(String::as_str).collect();
    assert_eq!(
        n,
        [
            "*.agora.io",
            "52.58.127.240/28",
            "screen-app.thelevel.ai",
            "ucontactinstance).ucontactcloud.com"
        ]
    );
}
