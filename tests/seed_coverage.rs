//! Every port number and range that appears in a vendor document is covered by a catalog rule of
//! the product that cites it, or is listed below as deliberately excluded with the reason; and no
//! rule opens a port its document does not mention (nothing missed, nothing extra opened).
//! Runs where `../shared/seeds/` is present (as in CI); elsewhere it says so and passes.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use portolan_bundled::catalog as bundled;
use portolan_catalog::{ParamValue, PortSpec};
use portolan_core::net::{PortRange, PortSet};
use std::collections::BTreeSet;
use std::path::Path;

/// Numbers in the documents that are not ports, per document, with why.
const NOT_PORTS: &[(&str, &str, &str)] = &[
    ("001", "0", "`{0}` placeholder in the .NET format string"),
    ("001", "1", "`{1}` placeholder in the .NET format string"),
    ("002", "11", "ShoreTel version 11"),
    (
        "002",
        "23",
        "prefix length of 207.166.100.0/23 (modelled as the cloud range)",
    ),
    ("002", "64", "64-bit compatibility"),
    ("002", "2008", "Windows Server 2008 R2"),
    ("003", "1", "N+1"),
    ("003", "2", "minimum of 2 VMs (a min-hosts requirement)"),
    (
        "003",
        "24",
        "time sync every 24 hours (a time-sync requirement)",
    ),
    ("003", "30", "30 GB of WebDAV (a sizing requirement)"),
    (
        "003",
        "1000",
        "1000 concurrent recording calls (a sizing requirement)",
    ),
    ("004", "1", "the `1` of the region eu-west-1"),
];

/// Integers and `a-b` ranges that stand alone: not part of a word, a dotted version or an
/// address (so `HFR3`, `15.2.3`, `207.166.100.0` and `eu-west-1`'s `west` are skipped).
fn numbers(text: &str) -> BTreeSet<String> {
    let b = text.as_bytes();
    let mut out = BTreeSet::new();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        let mut end = i;
        // a range `a-b` or `a - b`
        let mut j = i;
        while j < b.len() && b[j] == b' ' {
            j += 1;
        }
        if j < b.len() && b[j] == b'-' {
            let mut k = j + 1;
            while k < b.len() && b[k] == b' ' {
                k += 1;
            }
            if k < b.len() && b[k].is_ascii_digit() {
                let mut m = k;
                while m < b.len() && b[m].is_ascii_digit() {
                    m += 1;
                }
                end = m;
            }
        }
        let before = start.checked_sub(1).map(|p| b[p]);
        let after = b.get(end).copied();
        let after2 = b.get(end + 1).copied();
        let glued_before =
            before.is_some_and(|c| c.is_ascii_alphanumeric() || c == b'.' || c == b'_');
        let glued_after = after.is_some_and(|c| c.is_ascii_alphanumeric() || c == b'_')
            || (after == Some(b'.') && after2.is_some_and(|c| c.is_ascii_digit()));
        if !glued_before && !glued_after {
            let token: String = text[start..end]
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
            out.insert(token);
        }
        i = end.max(i);
    }
    out
}

fn seeds_dir() -> Option<std::path::PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
    dir.is_dir().then_some(dir)
}

#[test]
fn number_scanner_skips_versions_addresses_and_words() {
    let n = numbers(
        "port 7003. v14.2.19 HFR3 207.166.100.0/23 4001-4004, 4700 - 5000 eu-west-1 x2 (N+1)",
    );
    let v: Vec<&str> = n.iter().map(String::as_str).collect();
    assert_eq!(v, ["1", "23", "4001-4004", "4700-5000", "7003"]);
}

#[test]
fn every_seed_port_is_in_the_catalog_and_nothing_extra() {
    let Some(dir) = seeds_dir() else {
        if std::env::var_os("CI").is_some() {
            panic!("../shared/seeds/ is missing; CI must have it beside the repository");
        }
        eprintln!("skipped: ../shared/seeds/ is not beside the repository");
        return;
    };
    let catalog = bundled().unwrap();
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if !name.ends_with(".txt") {
            continue;
        }
        let prefix = &name[..3];
        let text = std::fs::read_to_string(&path).unwrap();
        let products: Vec<_> = catalog
            .products
            .iter()
            .filter(|p| {
                p.sources
                    .iter()
                    .any(|s| s.file.as_deref() == Some(name.as_str()))
            })
            .collect();
        assert!(!products.is_empty(), "no product cites {name}");

        // every port a rule of these products can open (parameters at their defaults)
        let mut opened = PortSet::new();
        for p in &products {
            // the release the seed documents: rules of other releases are in their own files
            // (tests/source_coverage.rs)
            let release = (p.sources.iter())
                .find(|s| s.file.as_deref() == Some(name.as_str()))
                .and_then(|s| p.release_of_source(&s.id));
            for r in
                (p.rules.iter()).filter(|r| release.is_none_or(|at| r.scope.holds(&at.version)))
            {
                for spec in &r.ports {
                    match spec {
                        PortSpec::Range(range) => opened.insert_range(*range),
                        PortSpec::Param(id) => {
                            if let Some(ParamValue::Number(n)) = p.parameter(id).map(|x| &x.default)
                            {
                                opened.insert_range(PortRange::single(*n as u16).unwrap());
                            }
                        }
                    }
                }
            }
        }

        let mut mentioned = PortSet::new();
        let mut missing = Vec::new();
        for token in numbers(&text) {
            if NOT_PORTS
                .iter()
                .any(|(f, n, _)| *f == prefix && *n == token)
            {
                continue;
            }
            let range: PortRange = token.parse().unwrap_or_else(|e| {
                panic!("{name}: `{token}` is neither a port nor excluded: {e}")
            });
            mentioned.insert_range(range);
            if (range.start()..=range.end()).any(|p| !opened.contains(p)) {
                missing.push(token);
            }
            checked += 1;
        }
        assert!(
            missing.is_empty(),
            "{name}: ports in the document but in no rule: {missing:?}"
        );
        let extra = opened.difference(&mentioned);
        assert!(
            extra.is_empty(),
            "{name}: rules open ports the document never mentions: {extra}"
        );
    }
    assert!(checked > 50, "only {checked} ports checked");
}

#[test]
fn exclusions_are_still_needed() {
    // an exclusion for a number that no longer appears in its document is stale
    let Some(dir) = seeds_dir() else { return };
    for (prefix, number, why) in NOT_PORTS {
        let file = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(prefix))
            .unwrap();
        let text = std::fs::read_to_string(file).unwrap();
        assert!(
            numbers(&text).contains(*number),
            "stale exclusion {prefix}/{number} ({why})"
        );
    }
}
