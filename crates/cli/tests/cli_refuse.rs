//! `portolan export` refuses to write an allow-list while the plan has input errors (issue #15,
//! point 2): it exits 1, writes nothing and says which fields to fix; `portolan plan` still
//! reports everything it can.
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use portolan_testkit::TempDir;
use std::path::{Path, PathBuf};
use std::process::Command;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/trust")
        .join(name)
}

#[test]
fn export_writes_nothing_while_the_plan_has_errors() {
    let dir = TempDir::new("cli-refuse");
    let exe = env!("CARGO_BIN_EXE_portolan");
    let plan = fixture("screen-capture-ris-latest.plan.toml");
    for format in ["nftables", "csv", "json"] {
        let out_file = dir.path().join(format!("out.{format}"));
        let out = Command::new(exe)
            .arg("export")
            .arg(&plan)
            .args(["--format", format, "-o"])
            .arg(&out_file)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{format}");
        assert!(out.stdout.is_empty());
        assert!(!out_file.exists(), "{format}: an output file was written");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.starts_with("not exported: the plan has 1 input error(s)"),
            "{stderr}"
        );
        assert!(
            stderr.contains("error [plan::invalid-version] products[0].versions.ris:"),
            "{stderr}"
        );
    }
    // to standard output: nothing either
    let out = Command::new(exe)
        .arg("export")
        .arg(&plan)
        .args(["--format", "iptables"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    // the report itself still shows what it can: the flow that does not depend on RIS's version
    // and the rules left out
    let out = Command::new(exe).arg("plan").arg(&plan).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("[scm-to-ris]"), "{stdout}");
    assert!(stdout.contains("undetermined-rules"), "{stdout}");
}
