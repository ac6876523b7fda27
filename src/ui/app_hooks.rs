//! The app root's hooks, one per concern: the catalog and the plan it starts with, the report
//! derived from them, saving as the user works, printing, focusing the field a warning points at,
//! and the callbacks every view receives.

use super::app::{persist, startup, CatalogState};
use super::dom;
use super::embed::Embed;
use super::fields::{self, View};
use super::state::{Action, Store};
use super::widgets::{FieldIndex, Shared};
use portolan_catalog::Catalog;
use portolan_core::diag::FieldPath;
use portolan_core::plan::Plan;
use portolan_engine::Report;
use std::rc::Rc;
use std::time::Duration;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// The bundled catalog, decoded once: validated at build time (portolan-bundled's build
/// script), without its long texts, which are fetched when a plan needs them.
#[hook]
pub fn use_bundled_catalog() -> UseStateHandle<CatalogState> {
    use_state(|| {
        dom::perf_mark("portolan:catalog-start");
        let loaded = portolan_bundled::lite();
        dom::perf_measure("portolan:catalog", "portolan:catalog-start");
        let cat = match loaded {
            Ok(c) => c,
            Err(e) => {
                dom::show_fatal(&format!("the bundled catalog does not load: {e}"));
                Catalog::default()
            }
        };
        CatalogState {
            catalog: Shared::new(cat),
            session_files: Rc::new(Vec::new()),
            texts: false,
        }
    })
}

/// The state (the plan the planner starts with, see `startup`) and the notice that says where
/// it came from.
#[hook]
pub fn use_store(
    catalog: &Shared<Catalog>,
    embed: &Rc<Embed>,
) -> (UseReducerHandle<Store>, UseStateHandle<Option<String>>) {
    let first = use_mut_ref(|| None::<String>);
    let store = {
        let (catalog, embed, first) = (catalog.clone(), embed.clone(), first.clone());
        use_reducer(move || {
            let s = startup(&catalog, &embed);
            *first.borrow_mut() = s.notice;
            Store::new(s.plan)
        })
    };
    let notice = use_state(|| first.borrow_mut().take());
    (store, notice)
}

/// Loads the whole catalog, long texts included (`lazy_catalog`), the first time the plan has
/// products (a first visit with an empty plan never needs them); says so when it cannot.
#[hook]
pub fn use_catalog_texts(
    catalog: &UseStateHandle<CatalogState>,
    needed: bool,
    notice: &UseStateHandle<Option<String>>,
) {
    // What the state is now, for the load that ends later (a catalog file the user added in
    // the meantime already brought the texts and is not replaced).
    let has_texts = use_mut_ref(|| false);
    *has_texts.borrow_mut() = catalog.texts;
    let started = use_mut_ref(|| false);
    let catalog = catalog.clone();
    let notice = notice.clone();
    use_effect_with(needed && !catalog.texts, move |wanted| {
        if !*wanted || *started.borrow() {
            return;
        }
        *started.borrow_mut() = true;
        yew::platform::spawn_local(async move {
            match super::lazy_catalog::load().await {
                Ok(Some(full)) if !*has_texts.borrow() => catalog.set(CatalogState {
                    catalog: Shared::new(full),
                    session_files: Rc::new(Vec::new()),
                    texts: true,
                }),
                Ok(_) => {}
                Err(e) => notice.set(Some(format!(
                    "The descriptions, purposes and vendor quotes of the catalog could not be loaded ({e}); the flows and rules are complete."
                ))),
            }
        });
    });
}

/// The report, derived from the plan and the catalog (recomputed exactly when either changes),
/// and its warnings by field.
#[hook]
pub fn use_report(
    plan: &Shared<Plan>,
    catalog: &Shared<Catalog>,
) -> (Shared<Report>, Shared<FieldIndex>) {
    let report = use_memo((plan.clone(), catalog.clone()), |(p, c)| {
        // The engine's share of an edit (`portolan:evaluate`, read by tests/e2e/bench-ui.mjs).
        dom::perf_mark("portolan:evaluate-start");
        let report = portolan_engine::evaluate(c, p);
        dom::perf_measure("portolan:evaluate", "portolan:evaluate-start");
        Shared::new(report)
    });
    let report: Shared<Report> = (*report).clone();
    let fields = use_memo(report.clone(), |r| Shared::new(FieldIndex::new(r)));
    (report, (*fields).clone())
}

/// Saves as the user works: local storage and the URL fragment, a moment after the last edit,
/// and at once when the page is hidden or closed (the planner's own page and its iframe only).
#[hook]
pub fn use_autosave(plan: &Shared<Plan>, allowed: bool) {
    let latest = use_mut_ref(|| Rc::new(Plan::default()));
    let generation = use_mut_ref(|| 0u64);
    {
        let latest = latest.clone();
        use_effect_with(plan.clone(), move |plan| {
            // The end of an edit: evaluation and re-render (`portolan:edit`, see `use_dispatch`).
            dom::perf_measure(dom::EDIT_MEASURE, dom::EDIT_MARK);
            *latest.borrow_mut() = plan.0.clone();
            let mine = {
                let mut g = generation.borrow_mut();
                *g += 1;
                *g
            };
            let plan = plan.0.clone();
            if !allowed {
                return;
            }
            if mine == 1 {
                persist(&plan);
            } else {
                yew::platform::spawn_local(async move {
                    yew::platform::time::sleep(Duration::from_millis(250)).await;
                    if *generation.borrow() == mine {
                        persist(&plan);
                    }
                });
            }
        });
    }
    use_effect_with((), move |_| {
        if !allowed {
            return;
        }
        let handler = wasm_bindgen::closure::Closure::<dyn Fn()>::new(move || {
            persist(&latest.borrow());
        });
        if let Some(w) = dom::window() {
            let _ =
                w.add_event_listener_with_callback("pagehide", handler.as_ref().unchecked_ref());
        }
        handler.forget();
    });
}

/// What prints while the views module, which writes the change request, is not loaded yet.
const NOT_READY_TO_PRINT: &str =
    "<article class=\"change-request\"><h1>Firewall change request</h1>\
<p>The change request is still being prepared. Close the print preview and print again in a \
moment, or open the Change request tab.</p></article>";

/// Printing from any view prints the change-request document (on the planner's own page, not
/// in a host page that mounted it). The views module writes it (`crates/views`, which has the
/// document: the planner's first load does not), through the function it puts on the global
/// object when it first loads ([`super::lazy_views::change_request`]); before that, the page
/// prints a line that says to print again, and the module starts loading.
#[hook]
pub fn use_print_document(
    plan: &Shared<Plan>,
    session_files: &std::rc::Rc<Vec<(String, String)>>,
    own_page: bool,
) {
    let snapshot = use_mut_ref(|| None::<(Shared<Plan>, std::rc::Rc<Vec<(String, String)>>)>);
    *snapshot.borrow_mut() = Some((plan.clone(), session_files.clone()));
    use_effect_with((), move |_| {
        if !own_page {
            return;
        }
        let before = wasm_bindgen::closure::Closure::<dyn Fn()>::new(move || {
            if let (Some((p, files)), Some(el)) = (
                snapshot.borrow().as_ref(),
                dom::ensure_element("portolan-print", "div"),
            ) {
                match super::lazy_views::change_request(&p.to_json(), files) {
                    Some(html) => el.set_inner_html(&html),
                    // The change request is written by the views module (with the session's
                    // catalog files compiled in), which a print cannot wait for: say so on the
                    // page, and load it for the next print.
                    None => {
                        el.set_inner_html(NOT_READY_TO_PRINT);
                        super::lazy_views::preload();
                    }
                }
            }
        });
        if let Some(w) = dom::window() {
            let _ =
                w.add_event_listener_with_callback("beforeprint", before.as_ref().unchecked_ref());
        }
        before.forget();
    });
}

/// A request to focus a control (by DOM id), carried out once its view has rendered; on
/// another page of a long table, the table turns to it (`reveal`).
#[hook]
pub fn use_focus_request() -> UseStateHandle<Option<String>> {
    let focus_request = use_state(|| None::<String>);
    {
        let focus_request = focus_request.clone();
        use_effect_with((*focus_request).clone(), move |req| {
            if let Some(id) = req {
                if !dom::focus(id) {
                    super::reveal::reveal(id);
                }
                focus_request.set(None);
            }
        });
    }
    focus_request
}

/// The views' way to change the plan: the reducer's dispatcher, which also marks the start of
/// the edit (`portolan:edit-start`; the Performance API measure `portolan:edit` ends when the
/// re-render that shows it is done, see `use_autosave`).
#[hook]
pub fn use_dispatch(store: &UseReducerHandle<Store>) -> Callback<Action> {
    let d = store.dispatcher();
    use_callback((), move |a: Action, _| {
        dom::perf_mark(dom::EDIT_MARK);
        d.dispatch(a)
    })
}

/// Opens the view of a plan field and focuses its control.
#[hook]
pub fn use_goto(
    view: &UseStateHandle<View>,
    focus_request: &UseStateHandle<Option<String>>,
) -> Callback<FieldPath> {
    let view = view.clone();
    let focus_request = focus_request.clone();
    use_callback((), move |field: FieldPath, _| {
        view.set(fields::view_of(&field));
        focus_request.set(Some(fields::dom_id("a", &field.control().to_string())));
    })
}
