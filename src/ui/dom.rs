//! Small wrappers over the browser (wasm32 only): storage, the URL, downloads, the clipboard,
//! files, focus, the clock, and the error banner. Every call tolerates a missing API (private
//! mode, `file://`, an embedding page) and reports failure as a value, never a panic.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

pub fn window() -> Option<web_sys::Window> {
    web_sys::window()
}

pub fn document() -> Option<web_sys::Document> {
    window()?.document()
}

/// The local-storage key of the plan being edited.
pub const PLAN_KEY: &str = "portolan.plan";
/// The plan that was in local storage before a share link replaced it.
pub const PREVIOUS_KEY: &str = "portolan.plan.previous";

fn storage() -> Option<web_sys::Storage> {
    window()?.local_storage().ok().flatten()
}

pub fn load(key: &str) -> Option<String> {
    storage()?.get_item(key).ok().flatten()
}

/// Stores `value`; false when storage is unavailable or full.
pub fn save(key: &str, value: &str) -> bool {
    storage().is_some_and(|s| s.set_item(key, value).is_ok())
}

pub fn remove(key: &str) {
    if let Some(s) = storage() {
        let _ = s.remove_item(key);
    }
}

/// The URL fragment without `#` (empty when none).
pub fn fragment() -> String {
    window()
        .and_then(|w| w.location().hash().ok())
        .map(|h| h.trim_start_matches('#').to_string())
        .unwrap_or_default()
}

/// A query parameter of the page's URL.
pub fn query(name: &str) -> Option<String> {
    let search = window()?.location().search().ok()?;
    web_sys::UrlSearchParams::new_with_str(&search)
        .ok()?
        .get(name)
}

/// Every value of a repeated query parameter.
pub fn query_all(name: &str) -> Vec<String> {
    let Some(search) = window().and_then(|w| w.location().search().ok()) else {
        return Vec::new();
    };
    let Ok(params) = web_sys::UrlSearchParams::new_with_str(&search) else {
        return Vec::new();
    };
    params
        .get_all(name)
        .iter()
        .filter_map(|v| v.as_string())
        .collect()
}

/// The page's URL without its fragment, and without the start-up parameters that a plan in the
/// fragment replaces (`preset`, `view`, and the plan presets `product`, `version.*`, `option.*`,
/// `param.*`), so a share link carries the plan and nothing else.
pub fn url_without_fragment() -> String {
    let Some(loc) = window().map(|w| w.location()) else {
        return String::new();
    };
    let href = loc.href().unwrap_or_default();
    match web_sys::Url::new(&href) {
        Ok(url) => {
            let params = url.search_params();
            params.delete("preset");
            params.delete("view");
            // The plan presets of an embedding URL (`product=`, `version.*`, ...) too.
            url.set_search(&super::embed::without_plan_presets(&url.search()));
            url.set_hash("");
            let s = url.href();
            s.strip_suffix('#').map(str::to_string).unwrap_or(s)
        }
        Err(_) => href.split('#').next().unwrap_or_default().to_string(),
    }
}

/// Replaces the fragment without adding a history entry (`None` removes it).
pub fn replace_fragment(fragment: Option<&str>) {
    let Some(w) = window() else { return };
    let url = match fragment {
        Some(f) => format!("{}#{f}", url_without_fragment()),
        None => url_without_fragment(),
    };
    if let Ok(h) = w.history() {
        let _ = h.replace_state_with_url(&JsValue::NULL, "", Some(&url));
    }
}

/// The current time as ISO 8601 (UTC), e.g. `2026-11-23T10:00:00.000Z`.
pub fn now_iso() -> String {
    String::from(js_sys::Date::new_0().to_iso_string())
}

/// Milliseconds since navigation start (Performance API), or 0.
pub fn now_ms() -> f64 {
    window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

/// The Performance API mark set when the user edits the plan, and the measure from it to the
/// end of the re-render that shows the edit (evaluation included).
pub const EDIT_MARK: &str = "portolan:edit-start";
pub const EDIT_MEASURE: &str = "portolan:edit";

pub fn perf_mark(name: &str) {
    if let Some(p) = window().and_then(|w| w.performance()) {
        p.clear_marks_with_mark_name(name);
        let _ = p.mark(name);
    }
}

/// Measures from `start` (if it was marked) to now, then forgets `start`; keeps the last 200.
pub fn perf_measure(name: &str, start: &str) {
    let Some(p) = window().and_then(|w| w.performance()) else {
        return;
    };
    if p.get_entries_by_name(start).length() == 0 {
        return;
    }
    let _ = p.measure_with_start_mark(name, start);
    p.clear_marks_with_mark_name(start);
    if p.get_entries_by_name(name).length() > 200 {
        p.clear_measures_with_measure_name(name);
    }
}

/// Offers `content` as a file download.
pub fn download(file_name: &str, mime: &str, content: &str) -> Result<(), String> {
    download_part(file_name, mime, &JsValue::from_str(content))
}

/// Offers binary content (an XLSX workbook) as a file download.
pub fn download_bytes(file_name: &str, mime: &str, bytes: &[u8]) -> Result<(), String> {
    download_part(file_name, mime, &js_sys::Uint8Array::from(bytes).into())
}

/// Offers one Blob part (a string or a byte array) as a file download.
fn download_part(file_name: &str, mime: &str, part: &JsValue) -> Result<(), String> {
    let doc = document().ok_or("no document")?;
    let parts = js_sys::Array::of1(part);
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts)
        .map_err(|_| "the browser could not create the file")?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)
        .map_err(|_| "the browser could not create the file")?;
    let a: web_sys::HtmlAnchorElement = doc
        .create_element("a")
        .map_err(|_| "no anchor")?
        .dyn_into()
        .map_err(|_| "no anchor")?;
    a.set_href(&url);
    a.set_download(file_name);
    a.set_hidden(true);
    if let Some(body) = doc.body() {
        let _ = body.append_child(&a);
        a.click();
        let _ = body.remove_child(&a);
    }
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}

/// Copies text to the clipboard: the async Clipboard API where allowed, else the selection of a
/// temporary text area (pages opened from `file://`).
pub async fn copy_text(text: &str) -> bool {
    if let Some(w) = window() {
        let clip = w.navigator().clipboard();
        if JsValue::from(clip.clone()).is_object()
            && JsFuture::from(clip.write_text(text)).await.is_ok()
        {
            return true;
        }
    }
    copy_with_selection(text)
}

fn copy_with_selection(text: &str) -> bool {
    let Some(doc) = document() else { return false };
    let Ok(ta) = doc.create_element("textarea") else {
        return false;
    };
    let Ok(ta) = ta.dyn_into::<web_sys::HtmlTextAreaElement>() else {
        return false;
    };
    ta.set_value(text);
    let _ = ta.set_attribute("readonly", "");
    let _ = ta.set_attribute("aria-hidden", "true");
    let _ = ta.set_attribute("class", "offscreen");
    let Some(body) = doc.body() else { return false };
    let _ = body.append_child(&ta);
    ta.select();
    let ok = doc
        .dyn_ref::<web_sys::HtmlDocument>()
        .is_some_and(|d| d.exec_command("copy").unwrap_or(false));
    let _ = body.remove_child(&ta);
    ok
}

/// Reads a file the user picked or dropped as text.
pub async fn read_file(file: &web_sys::File) -> Result<String, String> {
    let text = JsFuture::from(file.text())
        .await
        .map_err(|_| format!("`{}` could not be read", file.name()))?;
    text.as_string()
        .ok_or_else(|| format!("`{}` is not a text file", file.name()))
}

/// Every file in a file list.
pub fn files(list: Option<web_sys::FileList>) -> Vec<web_sys::File> {
    let Some(list) = list else { return Vec::new() };
    (0..list.length()).filter_map(|i| list.get(i)).collect()
}

/// Moves keyboard focus to the element with `id` and scrolls it into view; false when there is
/// no such element.
pub fn focus(id: &str) -> bool {
    let Some(el) = document().and_then(|d| d.get_element_by_id(id)) else {
        return false;
    };
    let opts = web_sys::ScrollIntoViewOptions::new();
    opts.set_block(web_sys::ScrollLogicalPosition::Center);
    el.scroll_into_view_with_scroll_into_view_options(&opts);
    if let Some(h) = el.dyn_ref::<web_sys::HtmlElement>() {
        // Open a collapsed <details> around the element first.
        let mut parent = h.parent_element();
        while let Some(p) = parent {
            if let Some(d) = p.dyn_ref::<web_sys::HtmlDetailsElement>() {
                d.set_open(true);
            }
            parent = p.parent_element();
        }
        h.focus().is_ok()
    } else {
        false
    }
}

/// Opens the browser's print dialog.
pub fn print() {
    if let Some(w) = window() {
        let _ = w.print();
    }
}

/// Sets a class on `<html>` (e.g. `embed`).
pub fn set_root_class(class: &str, on: bool) {
    if let Some(el) = document().and_then(|d| d.document_element()) {
        let list = el.class_list();
        let _ = if on {
            list.add_1(class)
        } else {
            list.remove_1(class)
        };
    }
}

/// The element with `id`, created under `<body>` when missing.
pub fn ensure_element(id: &str, tag: &str) -> Option<web_sys::Element> {
    let doc = document()?;
    if let Some(el) = doc.get_element_by_id(id) {
        return Some(el);
    }
    let el = doc.create_element(tag).ok()?;
    el.set_id(id);
    doc.body()?.append_child(&el).ok()?;
    Some(el)
}

/// Shows the error banner: something failed inside the planner. The banner is plain DOM (it
/// works even when the app cannot render any more) and offers a reload, which restores the plan
/// from local storage.
pub fn show_fatal(message: &str) {
    let Some(doc) = document() else { return };
    let Some(banner) = ensure_element("portolan-fatal", "div") else {
        return;
    };
    let _ = banner.set_attribute("role", "alert");
    banner.set_class_name("fatal");
    banner.set_inner_html("");
    let add = |parent: &web_sys::Element, tag: &str, text: &str| -> Option<web_sys::Element> {
        let el = doc.create_element(tag).ok()?;
        el.set_text_content(Some(text));
        parent.append_child(&el).ok()?;
        Some(el)
    };
    let _ = add(
        &banner,
        "strong",
        "Something went wrong inside the planner.",
    );
    let _ = add(
        &banner,
        "p",
        "Your plan is saved in this browser. Reload the planner to go on where you were.",
    );
    if let Some(a) = add(&banner, "a", "Reload the planner") {
        let _ = a.set_attribute("href", &url_without_fragment());
        a.set_class_name("button primary");
    }
    if let Some(d) = add(&banner, "details", "") {
        let _ = add(&d, "summary", "Technical details");
        let _ = add(&d, "pre", message);
    }
}

/// Routes Rust panics and uncaught script errors to [`show_fatal`].
pub fn install_error_handlers() {
    std::panic::set_hook(Box::new(|info| {
        let msg = info.to_string();
        web_sys::console::error_1(&JsValue::from_str(&msg));
        show_fatal(&msg);
    }));
    let Some(w) = window() else { return };
    let on_error = wasm_bindgen::closure::Closure::<dyn Fn(web_sys::ErrorEvent)>::new(
        |e: web_sys::ErrorEvent| show_fatal(&e.message()),
    );
    let _ = w.add_event_listener_with_callback("error", on_error.as_ref().unchecked_ref());
    on_error.forget();
    let on_rejection =
        wasm_bindgen::closure::Closure::<dyn Fn(web_sys::PromiseRejectionEvent)>::new(
            |e: web_sys::PromiseRejectionEvent| {
                let reason = e.reason();
                let msg = reason
                    .as_string()
                    .or_else(|| {
                        js_sys::Reflect::get(&reason, &JsValue::from_str("message"))
                            .ok()
                            .and_then(|m| m.as_string())
                    })
                    .unwrap_or_else(|| "a task failed".into());
                show_fatal(&msg);
            },
        );
    let _ = w.add_event_listener_with_callback(
        "unhandledrejection",
        on_rejection.as_ref().unchecked_ref(),
    );
    on_rejection.forget();
}
