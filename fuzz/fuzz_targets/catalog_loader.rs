//! cargo-fuzz target `catalog_loader`: the checks of `../checks/catalog_loader.rs` on each input.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../checks/catalog_loader.rs"]
mod check;

fuzz_target!(|data: &[u8]| check::run(data));
