//! cargo-fuzz target `share`: the checks of `../checks/share.rs` on each input.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../checks/share.rs"]
mod check;

fuzz_target!(|data: &[u8]| check::run(data));
