//! The catalog: products as data. `raw` is the file shape, `model` the validated form, `load`
//! turns one into the other and reports every problem with its position, `compact` is the
//! validated form as bytes (the bundled catalog is compiled into it at build time, by `portolan-bundled`'s build script).
#![cfg_attr(
    test,
    allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

pub mod compact;
pub mod feed;
pub mod find;
pub mod lite;
pub mod load;
mod meta;
pub mod model;
mod raw;
pub mod releases;
mod schema;

pub use load::{is_kebab, load_files, load_product, revision, Loaded, MAX_FILE_BYTES};
pub use model::*;
pub use raw::file_schema;
