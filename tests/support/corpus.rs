//! The hostile-input corpus (`tests/hostile/`) as the tests that run it see it: its files and
//! names, the test product, and every registered export format run on a plan, each artifact
//! checked by its language ([`super::formats`]). Shared by the command line's corpus test
//! (`crates/cli/tests/hostile_corpus.rs`) and the in-process one (`tests/hostile_corpus.rs`).

use super::formats::{Batch, Format};
use portolan_catalog::{load_files, Catalog};
use portolan_core::plan::Plan;
use portolan_export::{self as export, ExportContext};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// No case may take longer than this (one command, or one in-process case).
pub const BOUND: Duration = Duration::from_secs(60);
pub const GENERATED_AT: &str = "2026-01-01T00:00:00Z";

/// The workspace's root folder: the test crate's manifest folder (the root package's, or
/// `crates/cli`) or the first folder above it that holds the corpus.
pub fn root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest
        .ancestors()
        .find(|p| p.join("tests/hostile").is_dir())
        .unwrap_or(manifest)
        .to_path_buf()
}

/// A file or folder of the corpus.
pub fn corpus(p: &str) -> PathBuf {
    root().join("tests/hostile").join(p)
}

/// The entries of a folder, sorted.
pub fn files_in(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    v.sort();
    v
}

/// The corpus's names: one JSON string per line.
pub fn names() -> Vec<String> {
    std::fs::read_to_string(corpus("names.txt"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<String>(l).unwrap_or_else(|e| panic!("{l}: {e}")))
        .collect()
}

/// The test product of `tests/fixtures/probe.toml`.
pub fn probe() -> Catalog {
    let loaded = load_files(&[(
        "probe.toml".to_string(),
        include_str!("../fixtures/probe.toml").to_string(),
    )]);
    assert!(!loaded.has_errors(), "{:#?}", loaded.diagnostics);
    loaded.catalog
}

/// Every format of the registry as the checkers know them: id, extension, MIME type.
pub fn registry() -> Vec<(String, String, String)> {
    export::registry()
        .into_iter()
        .map(|e| {
            (
                e.id().to_string(),
                e.extension().to_string(),
                e.mime().to_string(),
            )
        })
        .collect()
}

pub fn format_of(f: &(String, String, String)) -> Format<'_> {
    Format {
        id: &f.0,
        extension: &f.1,
        mime: &f.2,
    }
}

/// Every export of `plan` against `cat`, each checked by its language (a binary file, the
/// XLSX workbook, as well as its text view). The exporters run without the front ends' refusal
/// of plans with input errors (`export::refuse`): their quoting must hold for any report.
pub fn export_all(what: &str, cat: &Catalog, plan: &Plan, batch: &Batch) -> Vec<String> {
    let report = portolan_engine::evaluate(cat, plan);
    let cx = ExportContext {
        report: &report,
        plan,
        catalog: cat,
        generated_at: GENERATED_AT,
    };
    let mut problems = Vec::new();
    for (e, f) in export::registry().into_iter().zip(registry()) {
        let art = export::export(e, &cx);
        if let Err(p) = batch.check(what, &format_of(&f), &art.content) {
            problems.push(p);
        }
        if !art.bytes.is_empty() {
            if let Err(p) = batch.check_file(what, &format_of(&f), &art.bytes) {
                problems.push(p);
            }
        }
    }
    problems
}

/// Runs `jobs` on two threads and collects every problem.
pub fn in_parallel<T: Sync>(
    jobs: &[T],
    work: impl Fn(usize, &T) -> Vec<String> + Sync,
) -> Vec<String> {
    let next = std::sync::atomic::AtomicUsize::new(0);
    let problems = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some(job) = jobs.get(i) else { break };
                let found = work(i, job);
                problems.lock().unwrap().extend(found);
            });
        }
    });
    problems.into_inner().unwrap()
}

pub fn report(problems: Vec<String>) {
    assert!(
        problems.is_empty(),
        "{} problem(s):\n\n{}",
        problems.len(),
        problems.join("\n\n")
    );
}
