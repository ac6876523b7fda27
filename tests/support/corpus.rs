//! The hostile-input corpus (`tests/hostile/`) as the tests that run it see it: its files and
//! names, the test product, and every registered export format run on a plan, with the network
//! diagram's SVG and every upgrade change request the plan allows, each artifact checked by its
//! language ([`super::formats`]). Shared by the command line's corpus test
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

/// Two documented releases for the test product, so that every plan of it has an upgrade
/// (release 1 to 2) whose change request shows the plan's names: one rule holds before 2
/// only, one from 2 on.
const PROBE_RELEASES: &str = r#"
[[sources]]
id = "guide-1"
file = "probe-guide-1.txt"
title = "Old guide"

[[components]]
id = "probe-version"
name = "Probe"
versions = ["1", "2"]
default = "2"

[[components.releases]]
version = "1"
sources = ["guide-1"]

[[components.releases]]
version = "2"
sources = ["guide"]

[[rules]]
id = "legacy"
from = "client"
to = "server"
transport = "tcp"
ports = [1010]
purpose = "Before release 2."
until = "2"
cite = { source = "guide-1", quote = "legacy" }

[[rules]]
id = "current"
from = "client"
to = "tenant-cloud"
transport = "tcp"
ports = [1011]
purpose = "From release 2 on."
since = "2"
cite = { source = "guide", quote = "current" }
"#;

/// The test product of `tests/fixtures/probe.toml`, with two releases ([`PROBE_RELEASES`]).
pub fn probe() -> Catalog {
    let loaded = load_files(&[(
        "probe.toml".to_string(),
        format!("{}{PROBE_RELEASES}", include_str!("../fixtures/probe.toml")),
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
/// XLSX workbook, as well as its text view), then the diagram ([`diagram`]) and the upgrades
/// ([`upgrades_all`]). The exporters run without the front ends' refusal of plans with input
/// errors (`export::refuse`): their quoting must hold for any report.
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
    if let Err(p) = diagram(what, cat, plan, &report, batch) {
        problems.push(p);
    }
    problems.extend(upgrades_all(what, cat, plan, batch));
    problems
}

/// The network diagram of `report` as the planner draws it (titled with the plan's name),
/// checked as SVG.
pub fn diagram(
    what: &str,
    cat: &Catalog,
    plan: &Plan,
    report: &portolan_engine::Report,
    batch: &Batch,
) -> Result<(), String> {
    let d = export::diagram::layout(report, cat, export::diagram::Options::default());
    let svg = export::diagram::to_svg(&d, &plan.name);
    let f = Format {
        id: "diagram",
        extension: "svg",
        mime: "image/svg+xml",
    };
    batch.check(what, &f, &svg)
}

/// Every upgrade change request `plan` allows: for each of its products whose catalog entry
/// documents two releases or more, from the oldest to the newest, in every format of
/// `export::upgrade::FORMATS`, each checked by its language (plain text: no hidden character).
/// An upgrade the engine refuses must say why.
pub fn upgrades_all(what: &str, cat: &Catalog, plan: &Plan, batch: &Batch) -> Vec<String> {
    let mut problems = Vec::new();
    for pp in &plan.products {
        let Some(product) = cat.product(&pp.id) else {
            continue;
        };
        let Some(c) = product.components.iter().find(|c| c.releases.len() >= 2) else {
            continue;
        };
        let (Some(first), Some(last)) = (c.releases.first(), c.releases.last()) else {
            continue;
        };
        let (from, to) = (first.version.to_string(), last.version.to_string());
        let request = portolan_engine::UpgradeRequest {
            product: &pp.id,
            from: Some(&from),
            to: &to,
        };
        let u = match portolan_engine::upgrade(cat, plan, request) {
            Ok(u) => u,
            Err(e) if e.message.len() > 10 => continue,
            Err(e) => {
                problems.push(format!("{what}: upgrade of {}: unclear error {e:?}", pp.id));
                continue;
            }
        };
        for (id, extension) in export::upgrade::FORMATS {
            let Some(text) = export::upgrade::render(&u, id, GENERATED_AT) else {
                problems.push(format!("{what}: upgrade of {} as {id}: nothing", pp.id));
                continue;
            };
            let f = Format {
                id: &format!("upgrade-{id}"),
                extension,
                mime: "",
            };
            if let Err(p) = batch.check(&format!("{what}: upgrade of {}", pp.id), &f, &text) {
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
