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

/// The `catalog::` codes written in the loader's source.
fn codes_in_source() -> BTreeSet<String> {
    let mut codes = BTreeSet::new();
    let mut stack = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("src")];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let text = fs::read_to_string(&path).unwrap();
            for piece in text.split("\"catalog::").skip(1) {
                let code: String = piece
                    .chars()
                    .take_while(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '-')
                    .collect();
                if piece[code.len()..].starts_with('"') && !code.is_empty() {
                    codes.insert(format!("catalog::{code}"));
                }
            }
        }
    }
    codes
}

/// Codes no catalog file can produce, and why.
const NOT_FROM_A_FILE: &[(&str, &str)] = &[];

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
    let missing: Vec<String> = codes_in_source()
        .into_iter()
        .filter(|c| !shown.contains(c) && !exempt.contains(c.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "no case in crates/catalog/tests/cases/ shows: {}",
        missing.join(", ")
    );
}
