//! The hostile-input corpus's names and share links (`tests/hostile/`, see its README) through
//! every registered export format, in process (issue #21, part 6). Its plans, catalogs and
//! generated inputs run through the command line in `crates/cli/tests/hostile_corpus.rs`.
//!
//! Every artifact must pass its language's checks (`support/formats.rs`), and every case end
//! within a time bound without a panic. Formats come from `export::registry()`, so a format
//! added later is covered without a change here.
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod support;

use portolan_core::plan::{Host, OptionValue, ParamInput, Plan, PlanProduct};
use std::time::Instant;
use support::corpus::{corpus, export_all, in_parallel, names, probe, report, BOUND};
use support::formats::Batch;

/// Each hostile name as a plan's name and description, a host's name, zone and description,
/// and a tenant, through every format (in process: the names are many).
#[test]
fn every_name_of_the_corpus_in_every_format() {
    let cat = probe();
    let names = names();
    assert!(names.len() >= 80);
    let batch = Batch::default();
    let mut problems = in_parallel(&names, |_, name| {
        let start = Instant::now();
        let plan = Plan {
            name: name.clone(),
            description: name.clone(),
            products: vec![PlanProduct {
                id: "probe".into(),
                options: [("names".to_string(), OptionValue::Bool(true))].into(),
                parameters: [("tenant".to_string(), ParamInput::Text(name.clone()))].into(),
                ..Default::default()
            }],
            hosts: vec![
                Host {
                    name: name.clone(),
                    addresses: vec!["10.0.0.2".into(), "2001:db8::2".into()],
                    zone: name.clone(),
                    roles: vec!["probe/client".into()],
                    description: name.clone(),
                },
                Host {
                    name: format!("{name} server"),
                    addresses: vec!["10.0.0.1".into(), "srv.corp.example".into()],
                    zone: String::new(),
                    roles: vec!["probe/server".into()],
                    description: String::new(),
                },
            ],
            ..Default::default()
        };
        let mut problems = export_all(&format!("name {name:?}"), &cat, &plan, &batch);
        if start.elapsed() > BOUND {
            problems.push(format!("name {name:?}: took {:?}", start.elapsed()));
        }
        problems
    });
    problems.extend(batch.finish());
    report(problems);
}

/// Each share link: a plan (run through every format), no plan, or an error with a message;
/// never a panic, and within the bound (the decompression bomb included).
#[test]
fn every_share_link_of_the_corpus() {
    let cat = portolan_bundled::catalog().unwrap();
    let text = std::fs::read_to_string(corpus("share-links.txt")).unwrap();
    let links: Vec<&str> = text
        .lines()
        .filter(|l| !l.starts_with("# ") && !l.is_empty())
        .collect();
    assert!(links.len() >= 15);
    let mut decoded = 0;
    let mut problems = Vec::new();
    let batch = Batch::default();
    for link in links {
        let start = Instant::now();
        let shown: String = link.chars().take(60).collect();
        match portolan::ui::share::decode(link) {
            Ok(Some(plan)) => {
                decoded += 1;
                problems.extend(export_all(&format!("link {shown}"), &cat, &plan, &batch));
            }
            Ok(None) => {}
            Err(e) => {
                if e.0.len() < 10 {
                    problems.push(format!("link {shown}: unclear error {e}"));
                }
            }
        }
        if start.elapsed() > BOUND {
            problems.push(format!("link {shown}: took {:?}", start.elapsed()));
        }
    }
    assert!(decoded >= 3, "the valid links decode");
    problems.extend(batch.finish());
    report(problems);
}
