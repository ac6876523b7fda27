//! The Change request view: the engine's change-request model (`portolan_engine::document`)
//! drawn by the shared HTML renderer (`portolan::ui::document`), here in the views module so
//! that the planner's first load does not carry the document; and the function the planner
//! calls when the page prints (`Symbol.for("portolan.changeRequest")`, see [`register_print`]),
//! which writes the same document for the planner's plan.
//!
//! The document needs the catalog's long texts (purposes, quotes, source titles, requirement
//! texts): [`full_catalog`] loads them once, as the planner does (`lazy_catalog`).

use portolan::ui::widgets::{Env, Shared};
use portolan::ui::{document, dom, lazy_catalog};
use portolan_catalog::Catalog;
use portolan_core::plan::Plan;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use yew::prelude::*;

// The key (for `Symbol.for`) of the print function on the global object, by which the planner
// calls it.
use portolan::ui::lazy_views::PRINT_KEY;

thread_local! {
    /// The bundled catalog with its long texts, once loaded.
    static FULL: RefCell<Option<Shared<Catalog>>> = const { RefCell::new(None) };
}

/// The bundled catalog with its long texts (loaded on the first call, then kept).
pub async fn full_catalog() -> Option<Shared<Catalog>> {
    if let Some(c) = FULL.with(|f| f.borrow().clone()) {
        return Some(c);
    }
    let full = Shared::new(lazy_catalog::load().await.ok()??);
    FULL.with(|f| *f.borrow_mut() = Some(full.clone()));
    Some(full)
}

#[derive(Properties, PartialEq)]
pub struct DocumentProps {
    pub env: Env,
}

/// The view: the document, made anew when the plan or the catalog changes (not on other
/// re-renders, which would change its time stamp).
#[function_component(DocumentView)]
pub fn document_view(p: &DocumentProps) -> Html {
    let env = &p.env;
    let html = use_memo(
        (env.plan.clone(), env.report.clone(), env.catalog.clone()),
        |(p, r, c)| document::change_request(p, r, c, &dom::now_iso()),
    );
    portolan::ui::view_document::document_view(&html, env.plan.products.is_empty())
}

/// Puts the print function on the global object (once): `(planJson, catalogFiles) => html`, the
/// change request of the plan with the bundled catalog (its long texts once loaded; loading
/// starts here) and the session's catalog files; `undefined` for a plan that does not read, or
/// while the session's files are being compiled (compiling starts then, for the next print).
pub fn register_print() {
    thread_local! {
        static DONE: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    }
    if DONE.with(|d| d.replace(true)) {
        return;
    }
    let f = Closure::<dyn Fn(String, JsValue) -> JsValue>::new(|plan: String, files: JsValue| {
        print_html(&plan, &files).map_or(JsValue::UNDEFINED, JsValue::from)
    });
    let key = js_sys::Symbol::for_(PRINT_KEY);
    let _ = js_sys::Reflect::set(&js_sys::global(), &key, f.as_ref());
    f.forget();
    yew::platform::spawn_local(async {
        let _ = full_catalog().await;
    });
}

fn print_html(plan: &str, files: &JsValue) -> Option<String> {
    let plan = Plan::from_json("plan", plan).ok()?;
    let session = portolan::ui::lazy_api::files_from_js(files);
    let catalog = if session.is_empty() {
        FULL.with(|f| f.borrow().clone())
            .or_else(|| portolan_bundled::lite().ok().map(Shared::new))?
    } else {
        // a product of the session's files is in no other catalog
        match super::mount::kept_for(&session) {
            Some(c) => c,
            None => {
                super::mount::compile_and_keep(std::rc::Rc::new(session));
                return None;
            }
        }
    };
    let report = portolan_engine::evaluate(&catalog, &plan);
    Some(document::change_request(
        &plan,
        &report,
        &catalog,
        &dom::now_iso(),
    ))
}
