//! cargo-fuzz target `export`: the checks of `../checks/export.rs` on each input.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../checks/export.rs"]
mod check;

fuzz_target!(|data: &[u8]| check::run(data));
