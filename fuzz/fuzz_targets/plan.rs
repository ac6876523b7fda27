//! cargo-fuzz target `plan`: the checks of `../checks/plan.rs` on each input.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../checks/plan.rs"]
mod check;

fuzz_target!(|data: &[u8]| check::run(data));
