//! Bundles the catalog into the binary (the planner has no server to fetch it from).
//!
//! Every `catalog/*.toml` is loaded and validated here with the engine's own loader (the
//! `portolan-catalog` crate, a build dependency), so a catalog error fails
//! `cargo build` with the messages `portolan catalog check` gives: file, line, column and a hint.
//! Written into `OUT_DIR`:
//!
//! - `bundled_catalog.rs`: `BUNDLED`, the files' texts (for the CLI, the tests and the JavaScript
//!   API module, which load TOML as before), and `BUNDLED_COMPILED`, the validated catalog in the
//!   compact form of `portolan_catalog::compact`, which the planner decodes at start-up instead of
//!   parsing TOML;
//! - `bundled_catalog.bin`: those compact bytes; `bundled_catalog_lite.bin` (`BUNDLED_LITE`):
//!   the same without the long texts (`portolan_catalog::lite`), which the planner starts from;
//! - `example_plans.rs`: `EXAMPLE_PLANS`, every `examples/*.plan.toml` read with the engine's plan
//!   reader and written as JSON, with its title (the planner reads JSON plans only; an example
//!   that does not read fails the build).

use std::fmt::Write as _;
use std::path::Path;

use portolan_catalog as catalog;
use portolan_core::{diag, plan};

fn main() {
    // The catalog and the example plans are the repository's top-level `catalog/` and
    // `examples/` (this crate is `crates/bundled`). Cargo reruns this script when the loader
    // crates change, as they are build dependencies.
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let root = root.as_path();
    println!("cargo:rerun-if-changed={}", root.join("catalog").display());
    println!("cargo:rerun-if-changed={}", root.join("examples").display());
    println!(
        "cargo:rerun-if-changed={}",
        root.join("catalog/history").display()
    );
    let dir = root.join("catalog");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "toml"))
                .collect()
        })
        .unwrap_or_default();
    paths.sort();
    let mut files: Vec<(String, String)> = Vec::new();
    for p in &paths {
        println!("cargo:rerun-if-changed={}", p.display());
        let name = p
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_string();
        match std::fs::read_to_string(p) {
            Ok(text) => files.push((name, text)),
            Err(e) => fail(&format!("cannot read `catalog/{name}`: {e}")),
        }
    }

    // The same names as `catalog::bundled_files()`, so the model (file names, revision) is the
    // one the TOML path gives; messages name the file as `catalog/<name>`.
    let loaded = catalog::load_files(&files);
    let mut errors = 0;
    for d in &loaded.diagnostics {
        let mut d = d.clone();
        d.file = d.file.map(|f| format!("catalog/{f}"));
        if d.severity == diag::Severity::Error {
            errors += 1;
            eprintln!("{d}\n");
        } else {
            for line in d.to_string().lines() {
                println!("cargo:warning={line}");
            }
        }
    }
    if errors > 0 {
        fail(&format!(
            "the bundled catalog has {errors} error(s), listed above (`portolan catalog check catalog` gives the same)"
        ));
    }

    let out_dir = std::env::var("OUT_DIR").unwrap_or_else(|_| ".".into());
    let out_dir = Path::new(&out_dir);
    let bin = out_dir.join("bundled_catalog.bin");
    if let Err(e) = std::fs::write(&bin, catalog::compact::encode(&loaded.catalog)) {
        fail(&format!("cannot write `{}`: {e}", bin.display()));
    }
    let lite = out_dir.join("bundled_catalog_lite.bin");
    let lite_bytes = catalog::compact::encode(&catalog::lite::without_long_texts(&loaded.catalog));
    if let Err(e) = std::fs::write(&lite, lite_bytes) {
        fail(&format!("cannot write `{}`: {e}", lite.display()));
    }
    let mut out = String::from(
        "/// Bundled catalog files: (file name, contents).\npub static BUNDLED: &[(&str, &str)] = &[\n",
    );
    for p in &paths {
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        let _ = writeln!(
            out,
            "    ({name:?}, include_str!({:?})),",
            p.display().to_string()
        );
    }
    out.push_str("];\n");
    let _ = writeln!(
        out,
        "/// The bundled catalog, validated at build time, in the form of `catalog::compact`.\npub static BUNDLED_COMPILED: &[u8] = include_bytes!({:?});",
        bin.display().to_string()
    );
    let _ = writeln!(
        out,
        "/// The bundled catalog without its long texts (`catalog::lite`), in the same form.\npub static BUNDLED_LITE: &[u8] = include_bytes!({:?});",
        lite.display().to_string()
    );
    if let Err(e) = std::fs::write(out_dir.join("bundled_catalog.rs"), out) {
        fail(&format!("cannot write into `{}`: {e}", out_dir.display()));
    }
    example_plans(root, out_dir);
    change_feed(root, out_dir, &loaded.catalog);
}

/// `changes.json`: the catalog change feed, from the revisions recorded in `catalog/history/`
/// and this build's catalog (see `portolan_catalog::feed`). A recorded file that does not read
/// fails the build.
fn change_feed(root: &Path, out_dir: &Path, current: &catalog::Catalog) {
    let mut history = Vec::new();
    let dir = root.join("catalog/history");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .map(|rd| rd.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    paths.sort();
    for p in paths
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
    {
        let text = std::fs::read_to_string(p)
            .unwrap_or_else(|e| fail(&format!("cannot read `{}`: {e}", p.display())));
        let snapshot: catalog::feed::Snapshot = serde_json::from_str(&text).unwrap_or_else(|e| {
            fail(&format!(
                "`{}` is not a recorded catalog revision: {e}",
                p.display()
            ))
        });
        history.push(snapshot);
    }
    let feed = catalog::feed::feed(history, current);
    let json = serde_json::to_string(&feed)
        .unwrap_or_else(|e| fail(&format!("cannot write the change feed: {e}")));
    if let Err(e) = std::fs::write(out_dir.join("changes.json"), json) {
        fail(&format!("cannot write into `{}`: {e}", out_dir.display()));
    }
}

/// `EXAMPLE_PLANS`: `(name, title, JSON)` of every `examples/*.plan.toml`, sorted by file name.
fn example_plans(root: &Path, out_dir: &Path) {
    let mut paths: Vec<_> = std::fs::read_dir(root.join("examples"))
        .map(|rd| {
            rd.filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| {
                    p.file_name()
                        .and_then(|n| n.to_str())
                        .is_some_and(|n| n.ends_with(".plan.toml"))
                })
                .collect()
        })
        .unwrap_or_default();
    paths.sort();
    let mut out = String::from(
        "/// `(name, title, plan as JSON)` of every `examples/*.plan.toml`, sorted by file name.\npub static EXAMPLE_PLANS: &[(&str, &str, &str)] = &[\n",
    );
    for p in &paths {
        println!("cargo:rerun-if-changed={}", p.display());
        let file = p.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        let name = file.strip_suffix(".plan.toml").unwrap_or(file);
        let text = std::fs::read_to_string(p)
            .unwrap_or_else(|e| fail(&format!("cannot read `examples/{file}`: {e}")));
        let plan = plan::Plan::parse(&format!("examples/{file}"), &text, plan::PlanFormat::Toml)
            .unwrap_or_else(|d| fail(&d.to_string()));
        let title = if plan.name.trim().is_empty() {
            name
        } else {
            plan.name.as_str()
        };
        // Compact JSON (not `to_json`'s pretty form): it is only read back, and the indentation
        // would be a third of the bytes the planner's module carries for the examples.
        let json = serde_json::to_string(&plan)
            .unwrap_or_else(|e| fail(&format!("cannot write `examples/{file}` as JSON: {e}")));
        let _ = writeln!(out, "    ({name:?}, {title:?}, {json:?}),");
    }
    out.push_str("];\n");
    if let Err(e) = std::fs::write(out_dir.join("example_plans.rs"), out) {
        fail(&format!("cannot write into `{}`: {e}", out_dir.display()));
    }
}

fn fail(message: &str) -> ! {
    eprintln!("error: {message}");
    std::process::exit(1);
}
