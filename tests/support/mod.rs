//! Helpers shared by the hostile-input tests (a module of each test that declares `mod support;`).
#![allow(dead_code)]

pub mod formats;
pub mod powershell;
