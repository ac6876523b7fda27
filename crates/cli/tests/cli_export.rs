//! The CLI's `export` and `formats` commands, run as a user runs them.
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use portolan_export as export;
use portolan_testkit::TempDir;
use std::path::Path;
use std::process::Command;

const GENERATED_AT: &str = "2026-01-01T00:00:00Z";

/// The repository's `examples/` folder.
fn example(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples")
        .join(name)
}

#[test]
fn cli_export_writes_the_artifact_and_reports_counts() {
    let dir = TempDir::new("cli");
    let out_file = dir.path().join("out.csv");
    let exe = env!("CARGO_BIN_EXE_portolan");
    let plan = example("mixed.plan.toml");
    let out = Command::new(exe)
        .args(["export"])
        .arg(&plan)
        .args(["--format", "squid", "--generated-at", GENERATED_AT, "-o"])
        .arg(&out_file)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with("2 rule(s) from 62 flow(s); 13 not expressed\n"),
        "{stderr}"
    );
    assert!(stderr.contains("  not expressed: r14: UDP"), "{stderr}");
    let written = std::fs::read_to_string(&out_file).unwrap();
    assert!(written.contains(&format!("# generated: {GENERATED_AT}")));

    let out = Command::new(exe)
        .args(["export"])
        .arg(&plan)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let when = v["generated_at"].as_str().unwrap();
    assert_eq!(when.len(), 20, "{when}");
    assert!(when.ends_with('Z') && when.as_bytes()[10] == b'T', "{when}");

    let out = Command::new(exe)
        .args(["export"])
        .arg(&plan)
        .args(["--format", "nope"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("use one of: csv, json"));

    let out = Command::new(exe).arg("formats").output().unwrap();
    let listing = String::from_utf8_lossy(&out.stdout);
    for e in export::registry() {
        assert!(listing.contains(e.id()), "{listing}");
    }
}

#[test]
fn cli_writes_the_workbook_and_selects_rules() {
    let exe = env!("CARGO_BIN_EXE_portolan");
    let dir = TempDir::new("cli-xlsx");
    let out = dir.path().join("plan.xlsx");
    let plan = example("mixed.plan.toml");
    let r = Command::new(exe)
        .arg("export")
        .arg(&plan)
        .args(["-f", "xlsx", "-o"])
        .arg(&out)
        .args(["--generated-at", GENERATED_AT])
        .output()
        .unwrap();
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    assert!(std::fs::read(&out).unwrap().starts_with(b"PK"));
    let r = Command::new(exe)
        .arg("export")
        .arg(&plan)
        .args([
            "-f",
            "feed-domain",
            "--direction",
            "outbound",
            "--product",
            "visual-remote-assistance",
        ])
        .output()
        .unwrap();
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let text = String::from_utf8(r.stdout).unwrap();
    assert!(text.lines().any(|l| l == "*.agora.io"), "{text}");
    let r = Command::new(exe)
        .arg("export")
        .arg(&plan)
        .args(["-f", "csv", "--direction", "up"])
        .output()
        .unwrap();
    assert!(!r.status.success());
    assert!(String::from_utf8_lossy(&r.stderr).contains("direction `up`"));
}
