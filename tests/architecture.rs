//! The workspace's layering, checked on what Cargo itself resolves (`cargo metadata`): each
//! crate may depend only on the crates below it, so the engine knows no exporter and no UI,
//! exporters know no UI, and the front ends (CLI, JavaScript API, planner) sit on top. The same
//! graph is drawn in README.md ("Architecture"); this test keeps the two honest.
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::collections::{BTreeMap, BTreeSet};
use std::process::Command;

/// Every workspace crate and the workspace crates it may use as a normal (non-dev) dependency.
const ALLOWED: &[(&str, &[&str])] = &[
    ("portolan-core", &[]),
    ("portolan-derive", &[]),
    // the share links' DEFLATE: no dependencies (it is in the planner's module for its size)
    ("portolan-deflate", &[]),
    ("portolan-catalog", &["portolan-core", "portolan-derive"]),
    ("portolan-bundled", &["portolan-core", "portolan-catalog"]),
    ("portolan-engine", &["portolan-core", "portolan-catalog"]),
    (
        "portolan-export",
        &["portolan-core", "portolan-catalog", "portolan-engine"],
    ),
    ("portolan-import", &["portolan-core", "portolan-catalog"]),
    (
        "portolan-testkit",
        &["portolan-core", "portolan-catalog", "portolan-bundled"],
    ),
    (
        "portolan-cli",
        &[
            "portolan-core",
            "portolan-catalog",
            "portolan-bundled",
            "portolan-engine",
            "portolan-export",
            "portolan-import",
        ],
    ),
    (
        "portolan-api",
        &[
            "portolan-core",
            "portolan-catalog",
            "portolan-bundled",
            "portolan-engine",
            "portolan-export",
            "portolan-import",
        ],
    ),
    // the planner loads the exporters through the API module (JavaScript), never links them
    (
        "portolan",
        &[
            "portolan-core",
            "portolan-catalog",
            "portolan-bundled",
            "portolan-engine",
            "portolan-deflate",
        ],
    ),
    // the rarely opened views (Import), a second Yew module on top of the planner's components;
    // like the planner it reaches the importer and the exporters through the API module only
    (
        "portolan-views",
        &[
            "portolan",
            "portolan-core",
            "portolan-catalog",
            "portolan-bundled",
            "portolan-engine",
        ],
    ),
];

/// `crate -> its workspace dependencies of the given kinds` (`null` is a normal dependency).
fn workspace_graph(kinds: &[Option<&str>]) -> BTreeMap<String, BTreeSet<String>> {
    let out = Command::new(env!("CARGO"))
        .args([
            "metadata",
            "--format-version",
            "1",
            "--no-deps",
            "--offline",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run cargo metadata");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let meta: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let packages = meta["packages"].as_array().unwrap();
    let names: BTreeSet<String> = packages
        .iter()
        .map(|p| p["name"].as_str().unwrap().to_string())
        .collect();
    packages
        .iter()
        .map(|p| {
            let deps = p["dependencies"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|d| kinds.contains(&d["kind"].as_str()))
                .map(|d| d["name"].as_str().unwrap().to_string())
                .filter(|n| names.contains(n))
                .collect();
            (p["name"].as_str().unwrap().to_string(), deps)
        })
        .collect()
}

#[test]
fn every_crate_uses_only_the_layers_below_it() {
    let graph = workspace_graph(&[None, Some("build")]);
    let allowed: BTreeMap<&str, BTreeSet<&str>> = ALLOWED
        .iter()
        .map(|(c, deps)| (*c, deps.iter().copied().collect()))
        .collect();
    for (krate, deps) in &graph {
        let Some(ok) = allowed.get(krate.as_str()) else {
            panic!("`{krate}` is a new crate: add it and its allowed dependencies to ALLOWED (and to README.md's architecture)");
        };
        for d in deps {
            assert!(
                ok.contains(d.as_str()),
                "`{krate}` depends on `{d}`, which is not below it (allowed: {ok:?})"
            );
        }
    }
    for (krate, _) in ALLOWED {
        assert!(
            graph.contains_key(*krate),
            "`{krate}` is in ALLOWED but not in the workspace"
        );
    }
}

#[test]
fn the_engine_and_the_exporters_know_no_front_end() {
    let graph = workspace_graph(&[None, Some("build"), Some("dev")]);
    let front_ends = ["portolan", "portolan-cli", "portolan-api", "portolan-views"];
    for lower in [
        "portolan-core",
        "portolan-catalog",
        "portolan-engine",
        "portolan-export",
        "portolan-import",
    ] {
        for f in front_ends {
            assert!(
                !graph[lower].contains(f),
                "`{lower}` depends on the front end `{f}` (even as a dev-dependency)"
            );
        }
    }
}

#[test]
fn the_planner_never_links_its_lazily_loaded_views() {
    // The views module (crates/views) is loaded by the planner when one of its views opens:
    // linking it would put those views back into the first download.
    let graph = workspace_graph(&[None, Some("build")]);
    assert!(
        !graph["portolan"].contains("portolan-views"),
        "the planner depends on portolan-views"
    );
}
