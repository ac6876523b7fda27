//! Every port and address in each source file of `../shared/sources/` that a catalog product
//! cites appears in the catalog — a port in a rule that holds in the release the file documents
//! and is cited from that release (not carried over), an address in an endpoint of that release
//! — or is listed below as excluded, with why. The files of section A of the sources' README
//! (other releases of the seed products) are each cited, or listed as not modelled, with why.
//! Runs where `../shared/sources/` is present (as in CI); elsewhere it says so and passes.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use portolan_bundled::catalog as bundled;
use portolan_catalog::releases::{seen_at, Seen};
use portolan_catalog::{ParamValue, PortSpec, Product, Release};
use portolan_core::net::{PortRange, PortSet};
use std::path::{Path, PathBuf};

/// Ports and addresses in a source file that no catalog fact carries, with why: (file, token,
/// reason).
const EXCLUDED: &[(&str, &str, &str)] = &[
    (
        "incontact-wfo-16.3-prem-environmental-requirements.txt",
        "xxx",
        "the integration-specific row's placeholder port (an ambiguity requirement, no rule)",
    ),
    (
        "genesys-exec-latest-recording-deployment.txt",
        "HTTP_LB_EXCP_PORT",
        "a deployment parameter whose value the page does not give (an ambiguity requirement)",
    ),
];

/// Files of the README's section A that no product cites, with why.
const NOT_MODELLED: &[(&str, &str)] = &[
    (
        "zoom-international-qms-5.8-deployment-guide-pdfcoffee-copy.txt",
        "cover page of ZOOM QMS 5.8 only: no port, address or requirement to model",
    ),
    (
        "zoom-international-qms-5.8-deployment-guide-scribd-copy.txt",
        "cover page and purpose of ZOOM QMS 5.8 only: no port, address or requirement to model",
    ),
    (
        "verint-wfo-15.2-2020r1-ris-recorder-control-gateway-secure-communication.txt",
        "no port numbers; the product (Verint Enterprise Manager) is linked to seed 000 only by component names, and where `15.2 2020R1` falls among the seed's `15.2 HFR` releases is not stated",
    ),
];

fn sources_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/sources");
    dir.is_dir().then_some(dir)
}

/// The cells of the `## Flows` table: one `Vec` of cells per row (header and rule lines skipped).
fn flow_rows(text: &str) -> Vec<Vec<String>> {
    let Some(start) = text.find("## Flows") else {
        return Vec::new();
    };
    let body = &text[start..];
    let end = body[3..].find("\n## ").map_or(body.len(), |e| e + 3);
    body[..end]
        .lines()
        .filter(|l| l.starts_with('|') && !l.starts_with("|---") && !l.starts_with("| #"))
        .map(|l| {
            l.trim_matches('|')
                .split(" | ")
                .map(|c| c.trim().to_string())
                .collect()
        })
        .collect()
}

/// Port numbers and `a-b` ranges in a ports cell; placeholders kept as words.
fn ports_in(cell: &str) -> Vec<String> {
    let mut out = Vec::new();
    let b = cell.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_digit()
            && (i == 0 || !b[i - 1].is_ascii_alphanumeric() && b[i - 1] != b'.')
        {
            let s = i;
            while i < b.len()
                && (b[i].is_ascii_digit()
                    || b[i] == b'-' && b.get(i + 1).is_some_and(u8::is_ascii_digit))
            {
                i += 1;
            }
            if b.get(i)
                .is_none_or(|c| !c.is_ascii_alphanumeric() && *c != b'.')
            {
                out.push(cell[s..i].to_string());
            }
        }
        i += 1;
    }
    for w in ["xxx", "HTTP_LB_EXCP_PORT"] {
        if cell.contains(w) {
            out.push(w.to_string());
        }
    }
    out
}

/// IPv4 addresses and CIDRs anywhere in the text (the header's URL has none).
fn addresses_in(text: &str) -> Vec<String> {
    let mut out: Vec<String> = text
        .split(|c: char| !(c.is_ascii_digit() || c == '.' || c == '/'))
        .map(|t| t.trim_end_matches('.'))
        .filter(|t| {
            t.split('/')
                .next()
                .is_some_and(|ip| ip.parse::<std::net::Ipv4Addr>().is_ok())
        })
        .map(str::to_string)
        .collect();
    out.sort();
    out.dedup();
    out
}

/// Host names in backticks in the Flows table, as the catalog writes them (`<tenant>` becomes
/// `{tenant}`, a leading `.` a `*.` wildcard).
fn hosts_in(rows: &[Vec<String>]) -> Vec<String> {
    let mut out = Vec::new();
    for cell in rows.iter().flatten() {
        for (n, part) in cell.split('`').enumerate() {
            if n % 2 == 1 && part.contains('.') && !part.contains(' ') && !part.contains('_') {
                let h = part.replace("<tenant>", "{tenant}");
                out.push(if h.starts_with('.') {
                    format!("*{h}")
                } else {
                    h
                });
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// The ports of the rules of `p` that hold at `release` and are cited from it.
fn ports_cited_at(p: &Product, release: Option<&Release>) -> PortSet {
    let mut set = PortSet::new();
    let component = p.release_component();
    for r in &p.rules {
        let shown = match (component, release) {
            (Some(c), Some(at)) => {
                r.scope.holds(&at.version)
                    && matches!(seen_at(c, &r.cite, &r.scope, at), Seen::InRelease(_))
            }
            _ => true,
        };
        if !shown {
            continue;
        }
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
    set
}

/// The endpoints of `p` that hold at `release`, as written and with text parameters other than
/// `{tenant}` (which the sources write as `<tenant>`) at their defaults.
fn endpoints_at(p: &Product, release: Option<&Release>) -> Vec<String> {
    let mut out = Vec::new();
    for role in &p.roles {
        let scoped = (role.release_endpoints.iter())
            .filter(|e| release.is_none_or(|r| e.scope.holds(&r.version)))
            .map(|e| e.endpoint.clone());
        for e in role.endpoints.iter().cloned().chain(scoped) {
            let mut filled = e.clone();
            for q in p.parameters.iter().filter(|q| q.id != "tenant") {
                filled = filled.replace(&format!("{{{}}}", q.id), &q.default.to_string());
            }
            out.push(e);
            out.push(filled);
        }
    }
    out
}

/// Whether `p` is a seed product: one that cites a seed document of `../shared/seeds/` (their
/// names start with a digit).
fn cites_a_seed(p: &Product) -> bool {
    (p.sources.iter().filter_map(|s| s.file.as_deref()))
        .any(|f| f.starts_with(|c: char| c.is_ascii_digit()))
}

fn excluded(file: &str, token: &str) -> bool {
    EXCLUDED.iter().any(|(f, t, _)| *f == file && *t == token)
}

#[test]
fn every_port_and_address_of_a_cited_source_file_is_in_the_catalog() {
    let Some(dir) = sources_dir() else {
        if std::env::var_os("CI").is_some() {
            panic!("../shared/sources/ is missing; CI must have it beside the repository");
        }
        eprintln!("skipped: ../shared/sources/ is not beside the repository");
        return;
    };
    let catalog = bundled().unwrap();
    let mut checked = 0;
    let mut problems = Vec::new();
    // the seed products; the other products' source files have a test each (products_coverage.rs)
    for p in catalog.products.iter().filter(|p| cites_a_seed(p)) {
        let mut files: Vec<&str> = p.sources.iter().filter_map(|s| s.file.as_deref()).collect();
        files.sort_unstable();
        files.dedup();
        for file in files {
            let path = dir.join(file);
            if !path.is_file() {
                continue; // a seed (../shared/seeds/, covered by seed_coverage.rs)
            }
            let text = std::fs::read_to_string(&path).unwrap();
            // a file may hold several renderings, each the source of its own release
            let releases: Vec<Option<&Release>> = (p.sources.iter())
                .filter(|s| s.file.as_deref() == Some(file))
                .map(|s| p.release_of_source(&s.id))
                .collect();
            let rows = flow_rows(&text);
            let mut ports = PortSet::new();
            let mut endpoints = Vec::new();
            for release in &releases {
                ports.union_with(&ports_cited_at(p, *release));
                endpoints.extend(endpoints_at(p, *release));
            }
            let names: Vec<String> = releases
                .iter()
                .flatten()
                .map(|r| r.version.to_string())
                .collect();
            let at = if names.is_empty() {
                String::new()
            } else {
                format!(" (release {})", names.join(", "))
            };
            for row in &rows {
                let Some(cell) = row.get(4) else { continue };
                for token in ports_in(cell) {
                    checked += 1;
                    if excluded(file, &token) {
                        continue;
                    }
                    let covered = token
                        .parse::<PortRange>()
                        .is_ok_and(|r| (r.start()..=r.end()).all(|n| ports.contains(n)));
                    if !covered {
                        problems.push(format!(
                            "{file}: port `{token}` is in no rule of {}{at} cited from it",
                            p.id
                        ));
                    }
                }
            }
            for a in addresses_in(&text).into_iter().chain(hosts_in(&rows)) {
                checked += 1;
                if !excluded(file, &a) && !endpoints.contains(&a) {
                    problems.push(format!(
                        "{file}: address `{a}` is in no endpoint of {}{at}",
                        p.id
                    ));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(checked > 40, "only {checked} ports and addresses checked");
}

#[test]
fn every_release_file_of_a_seed_product_is_modelled_or_excluded() {
    let Some(dir) = sources_dir() else { return };
    let readme = std::fs::read_to_string(dir.join("README.md")).unwrap();
    let section = readme
        .split("## A.")
        .nth(1)
        .and_then(|s| s.split("\n## ").next())
        .expect("the sources README has a section A");
    let catalog = bundled().unwrap();
    let cited = |f: &str| {
        catalog
            .products
            .iter()
            .any(|p| p.sources.iter().any(|s| s.file.as_deref() == Some(f)))
    };
    let mut files = 0;
    for line in section
        .lines()
        .filter(|l| l.starts_with("| ") && l.contains(".txt"))
    {
        let file = line
            .trim_start_matches("| ")
            .split(" |")
            .next()
            .unwrap()
            .trim();
        files += 1;
        assert!(dir.join(file).is_file(), "{file} is listed but not there");
        let not = NOT_MODELLED.iter().any(|(f, _)| *f == file);
        assert!(
            cited(file) != not,
            "{file}: cited = {}, listed as not modelled = {not}",
            cited(file)
        );
    }
    assert!(files >= 15, "only {files} files in section A");
}

#[test]
fn exclusions_are_still_needed() {
    let Some(dir) = sources_dir() else { return };
    for (file, token, why) in EXCLUDED {
        let text = std::fs::read_to_string(dir.join(file)).unwrap();
        assert!(
            text.contains(token),
            "stale exclusion {file}/{token} ({why})"
        );
    }
}

#[test]
fn the_scanners_read_ports_addresses_and_hosts() {
    assert_eq!(
        ports_in("ports 80, 443; ranges 4700-5000 and 30011-30013"),
        ["80", "443", "4700-5000", "30011-30013"]
    );
    assert_eq!(
        ports_in("29435 (non-secured) or 29436 (secured)"),
        ["29435", "29436"]
    );
    assert_eq!(
        ports_in("`HTTP_LB_EXCP_PORT` (parameter; value not given)"),
        ["HTTP_LB_EXCP_PORT"]
    );
    assert_eq!(ports_in("cut"), Vec::<String>::new());
    assert_eq!(
        addresses_in("ranges 207.166.94.0/24 and 207.166.95.0/24; 16.1"),
        ["207.166.94.0/24", "207.166.95.0/24"]
    );
    let rows = vec![vec![
        "`<tenant>.glartek.com`, `.agora.io`, `HTTP_LB_EXCP_PORT`".to_string(),
    ]];
    assert_eq!(hosts_in(&rows), ["*.agora.io", "{tenant}.glartek.com"]);
}
