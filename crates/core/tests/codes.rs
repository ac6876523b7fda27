//! docs/diagnostics.md is the documented list of codes, generated from `Code::ALL`:
//! this test fails when the committed file differs (`PORTOLAN_BLESS=1` rewrites it).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;

#[test]
fn the_documented_list_is_the_generated_one() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/diagnostics.md");
    let generated = portolan_core::diag::codes_markdown();
    if std::env::var_os("PORTOLAN_BLESS").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "docs/diagnostics.md differs from the codes in crates/core/src/diag/code.rs; \
         run `PORTOLAN_BLESS=1 cargo test -p portolan-core --test codes` and review the diff"
    );
}
