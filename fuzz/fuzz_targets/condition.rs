//! cargo-fuzz target `condition`: the checks of `../checks/condition.rs` on each input.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../checks/condition.rs"]
mod check;

fuzz_target!(|data: &[u8]| check::run(data));
