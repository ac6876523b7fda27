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
    let revision = portolan::catalog::bundled()
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
