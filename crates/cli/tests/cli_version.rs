//! `portolan --version` names the app version and the bundled catalog's revision, the same pair
//! the planner's footer, the offline file and every export header carry.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::process::Command;

#[test]
fn version_prints_app_version_and_catalog_revision() {
    let out = Command::new(env!("CARGO_BIN_EXE_portolan"))
        .arg("--version")
        .output()
        .expect("run portolan --version");
    assert!(out.status.success(), "{out:?}");
    let revision = portolan_bundled::catalog()
        .expect("bundled catalog")
        .revision;
    assert!(revision.starts_with("c-"), "{revision}");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        format!(
            "portolan {} (catalog {revision})",
            env!("CARGO_PKG_VERSION")
        )
    );
}

/// `portolan plan … | head -1`: when the reader goes away, the CLI stops quietly with status 0,
/// as shell tools do, instead of panicking with "failed printing to stdout".
#[test]
fn closed_pipe_ends_quietly() {
    use std::io::Read;
    use std::process::Stdio;
    let plan = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/mixed.plan.toml"
    );
    let mut child = Command::new(env!("CARGO_BIN_EXE_portolan"))
        .args(["plan", plan, "--format", "json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start portolan plan");
    let mut first = [0u8; 16];
    child
        .stdout
        .take()
        .expect("stdout")
        .read_exact(&mut first)
        .expect("first bytes of the report");
    // the read end is dropped here, so the next write meets a closed pipe
    let out = child.wait_with_output().expect("wait for portolan");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(String::from_utf8_lossy(&first).starts_with('{'));
}
