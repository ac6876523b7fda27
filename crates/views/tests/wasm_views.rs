//! The views module's views, mounted as the planner's loader mounts them (`mountView`), in
//! headless Chromium (`scripts/test`, the wasm stage). The built site's end-to-end tests
//! (tests/e2e/lazy-views.test.mjs, views.test.mjs) cover the loading itself.
#![cfg(target_arch = "wasm32")]
#![allow(
    clippy::panic,
    clippy::unwrap_used,
    reason = "a test fails by panicking"
)]

use std::time::Duration;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::Element;

wasm_bindgen_test_configure!(run_in_browser);

/// A new element in the page's body, with `view` mounted into it for `plan` (JSON).
fn mount(view: &str, plan: &str) -> (Element, portolan_views::ViewHandle) {
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    let on_event = js_sys::Function::new_no_args("");
    let handle = portolan_views::mount_view(
        root.clone(),
        view.to_string(),
        plan,
        js_sys::Array::new().into(),
        on_event,
    )
    .map_err(JsValue::from)
    .unwrap();
    (root, handle)
}

async fn until(root: &Element, ready: impl Fn(&str) -> bool) -> String {
    for _ in 0..300 {
        let text = root.text_content().unwrap_or_default();
        if ready(&text) {
            return text;
        }
        yew::platform::time::sleep(Duration::from_millis(10)).await;
    }
    root.text_content().unwrap_or_default()
}

/// Issue #15, point 2: the Export view writes nothing while the plan has input errors, and says
/// which field to fix.
#[wasm_bindgen_test]
async fn the_export_view_refuses_while_the_plan_has_input_errors() {
    let plan =
        r#"{"schema": 1, "products": [{"id": "screen-capture", "versions": {"ris": "latest"}}]}"#;
    let (root, _handle) = mount("export", plan);
    let text = until(&root, |t| t.contains("Not exported")).await;
    assert!(text.contains("Not exported"), "{text}");
    let refused = root
        .query_selector(".export-refused")
        .unwrap()
        .unwrap_or_else(|| panic!("`.export-refused` not found in: {}", root.inner_html()))
        .text_content()
        .unwrap();
    assert!(refused.contains("products[0].versions.ris"), "{refused}");
    assert!(root.query_selector("pre.preview").unwrap().is_none());
}

/// A view name the module does not have is an error, not a blank panel.
#[wasm_bindgen_test]
fn an_unknown_view_is_an_error() {
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    let err = portolan_views::mount_view(
        root,
        "nonesuch".to_string(),
        r#"{"schema": 1}"#,
        js_sys::Array::new().into(),
        js_sys::Function::new_no_args(""),
    )
    .err()
    .map(JsValue::from)
    .unwrap();
    let message = js_sys::Reflect::get(&err, &"message".into())
        .unwrap()
        .as_string()
        .unwrap();
    assert!(message.contains("no view `nonesuch`"), "{message}");
}

/// Issue #14, point 5: the Change request view is the engine's document model drawn by the
/// shared renderer (the review table is model content), and mounting the module puts the
/// function the planner prints with on the global object.
#[wasm_bindgen_test]
async fn the_change_request_view_and_the_print_function() {
    let plan = r#"{"schema": 1, "name": "Site <A>", "products": [{"id": "screen-capture"}]}"#;
    let (root, _handle) = mount("document", plan);
    let text = until(&root, |t| t.contains("Requested by")).await;
    assert!(text.contains("Firewall change request"), "{text}");
    assert!(
        text.contains("Site <A>") && text.contains("not mapped yet"),
        "{text}"
    );
    assert!(root
        .query_selector("article.change-request table.meta")
        .unwrap()
        .is_some());
    let key = js_sys::Symbol::for_("portolan.changeRequest");
    let print: js_sys::Function = js_sys::Reflect::get(&js_sys::global(), &key)
        .unwrap()
        .into();
    let html = print
        .call1(&JsValue::NULL, &plan.into())
        .unwrap()
        .as_string()
        .unwrap();
    assert!(
        html.starts_with("<article class=\"change-request\">"),
        "{html}"
    );
    assert!(html.contains("Site &lt;A&gt;"), "{html}");
    let bad = print.call1(&JsValue::NULL, &"{".into()).unwrap();
    assert!(bad.is_undefined());
}
