//! Helpers shared by the hostile-input tests (a module of each test that declares `mod support;`;
//! the command line's tests in `crates/cli/tests/` declare it with a `#[path]`).
#![allow(dead_code)]

pub mod corpus;
pub mod formats;
pub mod powershell;
