//! Browser tests of `mount()`: the planner in a host page's element, with presets, a theme and a
//! fixed colour scheme, and removed again. Run in headless Chromium by `scripts/test`.
#![cfg(target_arch = "wasm32")]
#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "a test fails by panicking"
)]

use portolan::wasm_mount::mount;
use std::time::Duration;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

fn new_root() -> web_sys::Element {
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    root
}

fn options(json: &str) -> JsValue {
    js_sys::JSON::parse(json).unwrap()
}

/// Waits (up to about two seconds) for Yew's asynchronous render to satisfy `ready`.
async fn rendered(root: &web_sys::Element, ready: impl Fn(&str) -> bool) -> String {
    for _ in 0..200 {
        let text = root.text_content().unwrap_or_default();
        if ready(&text) {
            return text;
        }
        yew::platform::time::sleep(Duration::from_millis(10)).await;
    }
    root.text_content().unwrap_or_default()
}

#[wasm_bindgen_test]
async fn mount_renders_the_preset_plan_compact_and_themed() {
    let root = new_root();
    let mut handle = mount(
        root.clone(),
        options(
            r##"{"products": [{"id": "screen-capture", "versions": {"ris": "15.2 HFR3"},
                                "options": {"websocket": "non-secure"}},
                               {"id": "ex-engage-connector", "parameters": {"excs-port": 12345}}],
                 "theme": {"accent": "#006400", "--portolan-font": "Georgia, serif", "glow": "red"},
                 "scheme": "dark", "view": "products"}"##,
        ),
    )
    .unwrap();
    let text = rendered(&root, |t| t.contains("EXCS port")).await;
    // The preset's option and parameter, as the product forms show them (the flows of Flows &
    // warnings are drawn by the views module, which this test page has no loader for).
    let controls = root.query_selector_all("select, input").unwrap();
    let values: Vec<String> = (0..controls.length())
        .filter_map(|i| controls.item(i))
        .filter_map(|n| {
            if let Some(select) = n.dyn_ref::<web_sys::HtmlSelectElement>() {
                return Some(select.value());
            }
            let input = n.dyn_ref::<web_sys::HtmlInputElement>()?;
            let choice = matches!(input.type_().as_str(), "radio" | "checkbox");
            (!choice || input.checked()).then(|| input.value())
        })
        .collect();
    assert!(
        values.iter().any(|v| v == "non-secure"),
        "the preset option: {values:?}"
    );
    assert!(
        values.iter().any(|v| v == "12345"),
        "the preset parameter (a number): {values:?}"
    );
    assert!(
        root.query_selector(".site-header").unwrap().is_none(),
        "compact by default"
    );
    let classes = root.class_list();
    assert!(
        classes.contains("portolan")
            && classes.contains("scheme-dark")
            && classes.contains("embed")
    );
    let style = root.dyn_ref::<web_sys::HtmlElement>().unwrap().style();
    assert_eq!(
        style.get_property_value("--portolan-accent").unwrap(),
        "#006400"
    );
    assert_eq!(
        style.get_property_value("--portolan-font").unwrap(),
        "Georgia, serif"
    );
    // The unknown theme variable is reported, to the caller and on the page.
    let diagnostics: Vec<serde_json::Value> =
        serde_wasm_bindgen::from_value(handle.diagnostics()).unwrap();
    assert_eq!(diagnostics.len(), 1);
    assert_eq!(diagnostics[0]["code"], "embed::unknown-theme-variable");
    assert!(
        text.contains("theme variable `glow` does not exist"),
        "{text}"
    );

    handle.unmount();
    assert_eq!(
        rendered(&root, str::is_empty).await,
        "",
        "unmount empties the element"
    );
    assert!(!root.class_list().contains("portolan"));
    assert_eq!(style.get_property_value("--portolan-accent").unwrap(), "");
}

#[wasm_bindgen_test]
async fn mount_without_options_shows_the_catalog() {
    let root = new_root();
    let _handle = mount(root.clone(), JsValue::UNDEFINED).unwrap();
    let text = rendered(&root, |t| t.contains("what are you deploying?")).await;
    assert!(text.contains("what are you deploying?"), "{text}");
    assert!(
        text.contains("catalog c-"),
        "the footer names the catalog revision: {text}"
    );
}

#[wasm_bindgen_test]
fn mount_rejects_options_it_does_not_know() {
    let root = new_root();
    let Err(err) = mount(root, options(r#"{"prodcuts": ["screen-capture"]}"#)) else {
        panic!("unknown option accepted");
    };
    let d: serde_json::Value = serde_wasm_bindgen::from_value(err).unwrap();
    assert_eq!(d["code"], "embed::options");
    assert_eq!(d["message"], "`mount` has no option `prodcuts`");
    assert_eq!(d["help"], "did you mean `products`?");
}

#[wasm_bindgen_test]
fn mount_rejects_misspelt_fields_inside_products() {
    let root = new_root();
    let Err(err) = mount(
        root,
        options(r#"{"products": [{"id": "screen-capture", "verisons": {"ris": "15.2"}}]}"#),
    ) else {
        panic!("misspelt product field accepted");
    };
    let d: serde_json::Value = serde_wasm_bindgen::from_value(err).unwrap();
    assert_eq!(d["code"], "embed::options");
    assert!(d["message"].as_str().unwrap().contains("verisons"), "{d}");
}

/// The JS API reads a plan as strictly as a plan file: a misspelt key is an error, not ignored.
#[wasm_bindgen_test]
fn evaluate_rejects_misspelt_plan_fields() {
    for plan in [
        r#"{"schema": 1, "name": "x", "prodcuts": [{"id": "screen-capture"}]}"#,
        r#"{"schema": 1, "name": "x", "products": [{"id": "screen-capture", "verisons": {}}]}"#,
    ] {
        let Err(err) = portolan_api::evaluate_js(options(plan)) else {
            panic!("accepted {plan}");
        };
        let d: serde_json::Value = serde_wasm_bindgen::from_value(err).unwrap();
        assert_eq!(d["code"], "plan::syntax", "{d}");
        assert!(
            d["message"].as_str().unwrap().contains("unknown field"),
            "{d}"
        );
    }
    let ok = portolan_api::evaluate_js(options(
        r#"{"schema": 1, "name": "x", "products": [{"id": "screen-capture", "parameters": {}}]}"#,
    ));
    assert!(ok.is_ok());
}

/// `exportPlan` with the planner's session catalog files: the export sees their products (as the
/// planner's Export view, which calls the API module with them); a file with errors is refused.
#[wasm_bindgen_test]
fn export_takes_added_catalog_files() {
    let plan = r#"{"schema": 1, "name": "Demo site", "products": [{"id": "demo"}], "hosts": []}"#;
    let files = |text: &str| {
        let file = js_sys::Object::new();
        js_sys::Reflect::set(&file, &"name".into(), &"demo.toml".into()).unwrap();
        js_sys::Reflect::set(&file, &"text".into(), &text.into()).unwrap();
        Some(JsValue::from(js_sys::Array::of1(&file)))
    };
    let when = Some(String::from("2026-01-01T00:00:00Z"));
    let demo = include_str!("fixtures/demo.toml");
    let with = portolan_api::export_js(options(plan), "csv", when.clone(), files(demo), None)
        .expect("exports with the added file");
    let with: serde_json::Value = serde_wasm_bindgen::from_value(with).unwrap();
    assert_eq!(with["file_name"], "demo-site.csv", "{with}");
    // The same plan against the bundled catalog alone: `demo` is unknown there, and an export
    // of a plan with input errors is refused (it fails closed).
    let without = portolan_api::export_js(options(plan), "csv", when.clone(), None, None)
        .expect_err("refused without the added file");
    let without: serde_json::Value = serde_wasm_bindgen::from_value(without).unwrap();
    assert_eq!(without["code"], "export::plan-has-errors", "{without}");
    assert!(
        without["message"]
            .as_str()
            .unwrap()
            .contains("plan::unknown-product"),
        "{without}"
    );
    let broken = portolan_api::export_js(options(plan), "csv", when, files("schema = "), None);
    assert!(broken.is_err(), "a catalog file with errors is refused");
}
