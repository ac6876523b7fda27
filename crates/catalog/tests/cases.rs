//! Catalog error cases as input/expected-output file pairs (`crates/catalog/tests/cases/`).
//!
//! A case is a catalog file `NAME.toml` (or a folder `NAME/` of catalog files, for problems
//! between files, named by their path in the folder) and `NAME.out`: every diagnostic the loader gives for it, as `portolan catalog
//! check` prints them (`file:line:column: severity[code]: message`, then the help). A case's first
//! comment line says what it shows. To add a case, write the input and run
//! `PORTOLAN_BLESS=1 cargo test -p portolan-catalog --test cases`, then read the `.out` it wrote: it is the
//! expected output from then on.
//!
//! A second test keeps the cases complete: every `catalog::` code the loader can give is shown
//! by at least one case.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use portolan_catalog::load_files;
use portolan_core::diag::Code;
use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases")
}

/// The cases, by name: their input files as `(file name, text)`.
fn cases() -> Vec<(String, Vec<(String, String)>)> {
    let mut out = Vec::new();
    for entry in fs::read_dir(cases_dir()).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        if path.is_dir() {
            let mut files = Vec::new();
            read_folder(&path, &path, &mut files);
            files.sort();
            out.push((name, files));
        } else if path.extension().is_some_and(|e| e == "toml") {
            out.push((
                name,
                vec![(file_name(&path), fs::read_to_string(&path).unwrap())],
            ));
        }
    }
    out.sort();
    out
}

/// The catalog files under `dir`, named by their path below `root` (`team-a/x.toml`), as
/// `portolan catalog check` names the files of the folders it is given.
fn read_folder(root: &Path, dir: &Path, files: &mut Vec<(String, String)>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            read_folder(root, &path, files);
        } else if path.extension().is_some_and(|e| e == "toml") {
            let name = path
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            files.push((name, fs::read_to_string(&path).unwrap()));
        }
    }
}

fn file_name(p: &Path) -> String {
    p.file_name().unwrap().to_string_lossy().into_owned()
}

/// Every diagnostic of loading `files`, as the CLI prints them, one block per diagnostic.
fn rendered(files: &[(String, String)]) -> String {
    let loaded = load_files(files);
    let mut text = String::new();
    for d in &loaded.diagnostics {
        text.push_str(&d.to_string());
        text.push('\n');
    }
    if text.is_empty() {
        text.push_str("(no diagnostics)\n");
    }
    text
}

#[test]
fn every_case_gives_its_expected_diagnostics() {
    let bless = std::env::var_os("PORTOLAN_BLESS").is_some();
    let mut failed = Vec::new();
    let all = cases();
    assert!(all.len() > 20, "the cases are missing");
    for (name, files) in &all {
        let got = rendered(files);
        let out = cases_dir().join(format!("{name}.out"));
        if bless {
            fs::write(&out, &got).unwrap();
            continue;
        }
        let want = fs::read_to_string(&out).unwrap_or_default();
        if got != want {
            failed.push(format!(
                "--- {name}.out (expected)\n{want}+++ {name} (got)\n{got}"
            ));
        }
    }
    assert!(
        failed.is_empty(),
        "{} case(s) differ (run with PORTOLAN_BLESS=1 to accept, then review):\n{}",
        failed.len(),
        failed.join("\n")
    );
}

#[test]
fn every_case_says_what_it_shows_and_has_errors_where_its_name_says() {
    for (name, files) in cases() {
        for (file, text) in &files {
            assert!(
                text.starts_with("# "),
                "{name}: {file} starts with a `# ` line saying what the case shows"
            );
        }
        let loaded = load_files(&files);
        if name.starts_with("ok-") {
            assert!(!loaded.has_errors(), "{name}: an `ok-` case loads");
        } else {
            assert!(
                !loaded.diagnostics.is_empty(),
                "{name}: a case shows at least one diagnostic"
            );
        }
    }
}

/// The `catalog::` codes of the documented list (`Code::ALL`, docs/diagnostics.md).
fn catalog_codes() -> BTreeSet<String> {
    Code::ALL
        .iter()
        .filter(|c| c.area() == "catalog")
        .map(|c| c.to_string())
        .collect()
}

/// Codes no case file shows, and why.
const NOT_FROM_A_FILE: &[(&str, &str)] = &[
    (
        "catalog::too-large",
        "the file would be over 16 MiB: `a_file_over_the_size_limit_is_refused` makes one",
    ),
    (
        "catalog::read",
        "a file that cannot be read has no text to show; the planner's file reader reports it",
    ),
];

#[test]
fn a_file_over_the_size_limit_is_refused() {
    let text = format!(
        "# too large\n{}",
        "#".repeat(portolan_catalog::MAX_FILE_BYTES)
    );
    assert_eq!(
        rendered(&[("big.toml".to_string(), text)]),
        "big.toml:1:1: error[catalog::too-large]: the file is larger than the limit of 16 MiB\n  \
         help: a product's file is tens of KB; check that this is a catalog file\n"
    );
}

#[test]
fn every_catalog_code_is_shown_by_a_case() {
    let mut shown = BTreeSet::new();
    for entry in fs::read_dir(cases_dir()).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "out") {
            let text = fs::read_to_string(&path).unwrap();
            for piece in text.split("[catalog::").skip(1) {
                if let Some(end) = piece.find(']') {
                    shown.insert(format!("catalog::{}", &piece[..end]));
                }
            }
        }
    }
    let exempt: BTreeSet<&str> = NOT_FROM_A_FILE.iter().map(|(c, _)| *c).collect();
    let missing: Vec<String> = catalog_codes()
        .into_iter()
        .filter(|c| !shown.contains(c) && !exempt.contains(c.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "no case in crates/catalog/tests/cases/ shows: {}",
        missing.join(", ")
    );
}
