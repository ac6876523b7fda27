//! Browser smoke test of the planner: mount the Yew app into a `<div>` and check what it shows
//! after Yew's asynchronous render. Run in headless Chromium by `scripts/test`.
#![cfg(target_arch = "wasm32")]
#![allow(
    clippy::panic,
    clippy::unwrap_used,
    reason = "a test fails by panicking"
)]

use portolan::catalog;
use portolan::ui::{App, TITLE};
use std::time::Duration;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

/// Mounts the app into a fresh `<div>` and returns it once `ready` holds for its text, or after
/// about two seconds (so that a failing assertion shows what was rendered).
async fn mount_app(ready: impl Fn(&str) -> bool) -> web_sys::Element {
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<App>::with_root(root.clone()).render();
    for _ in 0..200 {
        yew::platform::time::sleep(Duration::from_millis(10)).await;
        if ready(&root.text_content().unwrap_or_default()) {
            break;
        }
    }
    root
}

#[wasm_bindgen_test]
async fn app_shows_heading_and_every_bundled_product() {
    let products = match catalog::bundled() {
        Ok(catalog) => catalog.products,
        Err(diagnostics) => panic!("the bundled catalog does not load: {diagnostics:?}"),
    };
    let root = mount_app(|text| products.iter().all(|p| text.contains(&p.name))).await;

    let text = root.text_content().unwrap_or_default();
    assert!(text.contains(TITLE), "heading missing in: {text}");
    for product in &products {
        assert!(
            text.contains(&product.name),
            "`{}` missing in: {text}",
            product.name
        );
        assert!(
            text.contains(&product.vendor),
            "`{}` missing in: {text}",
            product.vendor
        );
    }
    let cards = root.query_selector_all(".product-card").unwrap().length();
    assert_eq!(cards as usize, products.len(), "one card per product");
}
