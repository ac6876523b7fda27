//! The compact form of the validated catalog (`src/catalog/compact.rs`), which build.rs writes
//! for the bundled catalog and the planner decodes at start-up: decoding what was encoded gives
//! back the loaded catalog exactly (conditions, formulas and their spans included), and damaged
//! bytes give an error, never a panic.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use portolan_testkit::gen;

use portolan_catalog::{self as catalog, compact, load_files, Catalog};

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test;

/// Everything in a catalog, spans of conditions and the keys of versions included (`Debug`
/// prints every field; the model has no `PartialEq`, and its JSON form writes a condition as
/// its source text only).
fn everything(c: &Catalog) -> String {
    format!("{c:#?}")
}

fn round_trips(c: &Catalog) {
    let bytes = compact::encode(c);
    let back = compact::decode(&bytes).unwrap();
    assert_eq!(everything(&back), everything(c));
    assert_eq!(compact::encode(&back), bytes);
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn the_compiled_bundled_catalog_is_the_loaded_one() {
    let loaded = portolan_bundled::catalog().unwrap();
    let compiled = portolan_bundled::compiled().unwrap();
    assert!(!compiled.products.is_empty());
    assert_eq!(compiled.revision, loaded.revision);
    assert_eq!(everything(&compiled), everything(&loaded));
    round_trips(&loaded);
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn synthetic_catalogs_round_trip() {
    for (products, rules) in [(1, 1), (3, 9), (5, 33)] {
        let loaded = load_files(&gen::catalog_files(products, rules));
        assert!(loaded.diagnostics.is_empty(), "{:#?}", loaded.diagnostics);
        round_trips(&loaded.catalog);
    }
    round_trips(&Catalog::default());
}

/// Conditions of every shape, a formula, and every kind of requirement.
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn every_shape_of_condition_round_trips() {
    let mut all = portolan_bundled::files();
    all.extend(gen::catalog_files(2, 20));
    let loaded = load_files(&all);
    assert!(!loaded.has_errors(), "{:#?}", loaded.diagnostics);
    let text = everything(&loaded.catalog);
    for shape in [
        "Or(", "And(", "Not(", "Cmp {", "In {", "Name {", "Sizing {", "Bin(",
    ] {
        assert!(text.contains(shape), "no `{shape}` in the test catalogs");
    }
    round_trips(&loaded.catalog);
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn every_truncation_is_an_error() {
    let loaded = load_files(&gen::catalog_files(2, 3));
    let bytes = compact::encode(&loaded.catalog);
    for n in 0..bytes.len() {
        let e = compact::decode(&bytes[..n]).unwrap_err();
        assert!(e.offset <= n, "cut at {n}: {e}");
        assert!(e
            .to_string()
            .starts_with("the compiled catalog is damaged at byte"));
    }
    let mut longer = bytes.clone();
    longer.push(0);
    let e = compact::decode(&longer).unwrap_err();
    assert_eq!(e.offset, bytes.len());
    assert!(e.message.contains("left over"), "{e}");
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn foreign_bytes_are_refused_by_their_header() {
    assert!(compact::decode(b"").is_err());
    let e = compact::decode(b"{\"revision\": 1}").unwrap_err();
    assert!(e.message.contains("marker"), "{e}");
    let mut bytes = compact::encode(&Catalog::default());
    bytes[4] = compact::FORMAT + 1;
    let e = compact::decode(&bytes).unwrap_err();
    assert!(e.message.contains("format"), "{e}");
}

/// Lengths and depths are checked before they are used: a list that claims more items than
/// there are bytes, a number past 64 bits, a string cut short or not UTF-8, a condition nested
/// deeper than the parser allows.
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn made_up_lengths_and_depths_are_errors() {
    let head = |rest: &[u8]| {
        let mut b = compact::MAGIC.to_vec();
        b.push(compact::FORMAT);
        b.extend_from_slice(rest);
        b
    };
    // revision "" then a product count of 2^28 (a usize on wasm32 too)
    let e = compact::decode(&head(&[0, 0x80, 0x80, 0x80, 0x80, 0x01])).unwrap_err();
    assert!(e.message.contains("longer than the bytes left"), "{e}");
    // a count of 2^62: too many on any target (beyond wasm32's usize, or the bytes left)
    let huge = [0, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x40];
    assert!(compact::decode(&head(&huge)).is_err());
    // a revision whose length has eleven bytes
    let e = compact::decode(&head(&[0xff; 11])).unwrap_err();
    assert!(e.message.contains("too large"), "{e}");
    let e = compact::decode(&head(&[5, b'a'])).unwrap_err();
    assert!(e.message.contains("ends too early"), "{e}");
    let e = compact::decode(&head(&[2, 0xc3, 0x28, 0])).unwrap_err();
    assert!(e.message.contains("UTF-8"), "{e}");

    // A rule whose condition is `not not not ... true`, nested past the parser's limit.
    let files = gen::catalog_files(1, 1);
    let mut cat = load_files(&files).catalog;
    let rule = &mut cat.products[0].rules[0];
    let mut expr = portolan_core::cond::Expr {
        kind: portolan_core::cond::ExprKind::Lit(true),
        span: portolan_core::cond::Span::new(0, 4),
    };
    for _ in 0..=portolan_core::cond::MAX_DEPTH {
        expr = portolan_core::cond::Expr {
            kind: portolan_core::cond::ExprKind::Not(Box::new(expr)),
            span: portolan_core::cond::Span::new(0, 4),
        };
    }
    rule.when = Some(catalog::Condition {
        source: "deep".into(),
        expr,
    });
    let e = compact::decode(&compact::encode(&cat)).unwrap_err();
    assert!(e.message.contains("nested too deeply"), "{e}");
}

#[cfg(not(target_arch = "wasm32"))]
mod damage {
    use super::*;
    use proptest::prelude::*;

    fn bundled_bytes() -> &'static [u8] {
        static BYTES: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
        BYTES.get_or_init(|| compact::encode(&portolan_bundled::catalog().unwrap()))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// Any prefix of the bundled catalog's bytes is an error.
        #[test]
        fn truncated_bundled_bytes_are_errors(cut in 0.0f64..1.0) {
            let bytes = bundled_bytes();
            let n = ((bytes.len() as f64) * cut) as usize;
            prop_assert!(n < bytes.len());
            prop_assert!(compact::decode(&bytes[..n]).is_err());
        }

        /// Flipped bits give an error or another catalog, never a panic; a catalog decoded from
        /// damaged bytes still round-trips.
        #[test]
        fn flipped_bits_never_panic(flips in proptest::collection::vec((0.0f64..1.0, 0u8..8), 1..4)) {
            let mut bytes = bundled_bytes().to_vec();
            for (at, bit) in flips {
                let i = ((bytes.len() as f64) * at) as usize;
                bytes[i] ^= 1 << bit;
            }
            if let Ok(c) = compact::decode(&bytes) {
                let again = compact::decode(&compact::encode(&c)).unwrap();
                prop_assert_eq!(everything(&again), everything(&c));
            }
        }

        /// Random bytes after a valid header never panic.
        #[test]
        fn random_bytes_never_panic(rest in proptest::collection::vec(any::<u8>(), 0..512)) {
            let mut bytes = compact::MAGIC.to_vec();
            bytes.push(compact::FORMAT);
            bytes.extend(rest);
            let _ = compact::decode(&bytes);
        }
    }
}
