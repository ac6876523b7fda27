//! The engine compiled to wasm32 behaves as it does natively. Run under Node and in headless
//! Chromium by `scripts/test` (`cargo test --target wasm32-unknown-unknown --test wasm`).
#![cfg(target_arch = "wasm32")]
#![allow(
    clippy::panic,
    clippy::unwrap_used,
    reason = "a test fails by panicking"
)]

use portolan_core::diag::{did_you_mean, line_col};
use portolan_core::diag::{Diagnostic, Severity};
use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
fn line_col_counts_characters_not_bytes() {
    // `é` is two bytes in UTF-8 but one column.
    let text = "ab\ncdé\nf";
    assert_eq!(line_col(text, 0), (1, 1));
    assert_eq!(line_col(text, 7), (2, 4));
    assert_eq!(line_col(text, usize::MAX), (3, 2));
}

#[wasm_bindgen_test]
fn did_you_mean_suggests_the_closest_id() {
    let ids = ["agent-pc", "ris-server", "screen-recorder"];
    assert_eq!(did_you_mean("ris-srever", ids), Some("ris-server"));
    assert_eq!(did_you_mean("database", ids), None);
}

#[wasm_bindgen_test]
fn diagnostic_round_trips_through_json() {
    let d = Diagnostic::error(
        portolan_core::diag::Code::CatalogBadPort,
        "port `70000` is out of range",
    )
    .with_help("use a port between 1 and 65535")
    .at("catalog/x.toml", 3, 9);
    let json = serde_json::to_string(&d).unwrap();
    assert!(json.contains(r#""severity":"error""#), "{json}");
    let back: Diagnostic = serde_json::from_str(&json).unwrap();
    assert_eq!(back, d);
    assert_eq!(d.severity, Severity::Error);
    assert!(d
        .to_string()
        .starts_with("catalog/x.toml:3:9: error[catalog::bad-port]"));
}

#[wasm_bindgen_test]
fn bundled_catalog_loads_every_product() {
    let catalog = match portolan_bundled::catalog() {
        Ok(c) => c,
        Err(diagnostics) => {
            let text: Vec<String> = diagnostics.iter().map(ToString::to_string).collect();
            panic!("the bundled catalog does not load:\n{}", text.join("\n"));
        }
    };
    // One product per bundled `catalog/*.toml` file.
    assert_eq!(catalog.products.len(), portolan_bundled::files().len());
    for product in &catalog.products {
        assert!(
            !product.name.is_empty(),
            "product `{}` has a name",
            product.id
        );
        assert!(
            !product.vendor.is_empty(),
            "product `{}` has a vendor",
            product.id
        );
        assert!(
            !product.summary.is_empty(),
            "product `{}` has a summary",
            product.id
        );
    }
}

#[wasm_bindgen_test]
fn fold_case_matches_rusts_lowercase_through_javascript() {
    use portolan::ui::filter::fold_case;
    // ASCII is folded in Rust; anything else by JavaScript's `toLowerCase` in the browser. Both
    // must give what `str::to_lowercase` gives (the native build's fold).
    for text in [
        "Agent PCs",
        "ÉCRAN Ärger ÖL",
        "İstanbul",
        "ΣΊΣΥΦΟΣ",
        "ǅemal",
        "Straße",
        "ＡＢＣ",
        "10.20.0.0/16",
        "",
    ] {
        assert_eq!(fold_case(text), text.to_lowercase(), "{text}");
    }
}
