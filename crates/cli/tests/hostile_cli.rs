//! The command line's side of issue #21 (hostile input): readers with bounds (a plan that never
//! ends, files of gigabytes, a catalog with 10,000 errors) and messages that show hidden
//! characters visibly. The library's side is in the workspace's `tests/hostile_input.rs`.
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::path::PathBuf;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

// ---------------------------------------------------------------------------------------------
// Part 4: readers with bounds

fn portolan(args: &[&str]) -> (Output, Duration) {
    let start = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_portolan"))
        .args(args)
        .output()
        .unwrap();
    (out, start.elapsed())
}

fn scratch(tag: &str) -> PathBuf {
    let p = std::env::temp_dir().join(format!("portolan-hostile-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&p);
    std::fs::create_dir_all(&p).unwrap();
    p
}

#[test]
fn a_plan_that_never_ends_is_refused_at_the_limit() {
    let (out, took) = portolan(&["plan", "/dev/zero"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("limit"), "{err}");
    assert!(took < Duration::from_secs(30), "{took:?}");

    let dir = scratch("big");
    let big = dir.join("big.plan.json");
    let f = std::fs::File::create(&big).unwrap();
    f.set_len(4 << 30).unwrap(); // 4 GiB, sparse
    let (out, _) = portolan(&["plan", big.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("limit") && err.contains("MiB"), "{err}");

    let cat = dir.join("catalog");
    std::fs::create_dir_all(&cat).unwrap();
    std::fs::File::create(cat.join("huge.toml"))
        .unwrap()
        .set_len(1 << 30)
        .unwrap();
    let (out, _) = portolan(&["catalog", "check", cat.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("limit"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// A catalog with 10,000 errors is checked in time linear in the file (it took 15 s before),
/// and the printed list is capped with a count of the rest.
#[test]
fn ten_thousand_catalog_errors_are_reported_quickly_and_capped() {
    let head = include_str!("../../../tests/fixtures/probe.toml")
        .split("[[rules]]")
        .next()
        .unwrap()
        .to_string();
    let mut text = head;
    for i in 0..10_000 {
        text.push_str(&format!(
            "[[rules]]\nid = \"r{i}\"\nfrom = \"nobody{i}\"\nto = \"server\"\ntransport = \"tcp\"\nports = [80]\npurpose = \"x\"\ncite = {{ source = \"guide\", quote = \"test\" }}\n\n"
        ));
    }
    let dir = scratch("10k");
    std::fs::write(dir.join("probe.toml"), &text).unwrap();
    let (out, took) = portolan(&["catalog", "check", dir.to_str().unwrap()]);
    let _ = std::fs::remove_dir_all(&dir);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1));
    assert!(took < Duration::from_secs(10), "took {took:?}");
    let shown = err.lines().filter(|l| l.contains("error[")).count();
    assert!(shown <= 100, "{shown} errors printed");
    assert!(
        err.contains("more error(s) and warning(s) not shown"),
        "{}",
        &err[err.len().saturating_sub(400)..]
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("10003 error(s)"), "{stdout}");
}

// ---------------------------------------------------------------------------------------------
// Part 5: messages for people

/// The CLI shows these messages as they are, and a hidden character in them visibly.
#[test]
fn cli_messages_show_hidden_characters() {
    let dir = scratch("msg");
    let plan = dir.join("p.json");
    std::fs::write(
        &plan,
        "{\"schema\": 1, \"name\": \"p\\u001b]0;title\\u0007\\u2067\", \"hosts\": [{\"name\": \"a\\u001b[2Jb\\u202e\", \"addresses\": [\"10.0.0.1\"]}]}",
    )
    .unwrap();
    let (out, _) = portolan(&["plan", plan.to_str().unwrap()]);
    let _ = std::fs::remove_dir_all(&dir);
    let all = [out.stdout.as_slice(), out.stderr.as_slice()].concat();
    let text = String::from_utf8_lossy(&all);
    for hidden in ['\u{1b}', '\u{202e}', '\u{7}', '\u{2067}'] {
        assert!(!text.contains(hidden), "{hidden:?} in {text}");
    }
    assert!(text.contains("U+001B"), "{text}");
    assert!(
        text.contains("plan: p<U+001B>]0;title<U+0007><U+2067>"),
        "{text}"
    );
    assert_eq!(out.status.code(), Some(1), "{text}");
}
