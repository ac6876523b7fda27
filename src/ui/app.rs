//! The root component: holds the state (one plan, via the reducer; the catalog; which view is
//! open), derives the report, saves the plan as the user works, and renders the views.

use super::dom;
use super::embed::{Embed, Host};
use super::fields::{self, View};
use super::share;
use super::state::{Action, Store};
use super::widgets::{button, Env, FieldIndex, Shared};
use super::{view_document, view_network, view_plan};
use super::{view_products, view_results};
use portolan_catalog::Catalog;
use portolan_core::diag::FieldPath;
use portolan_core::plan::Plan;
use std::rc::Rc;
use std::time::Duration;
use wasm_bindgen::JsCast;
use yew::prelude::*;

impl Reducible for Store {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        match self.apply(action) {
            Some(next) => Rc::new(next),
            None => self,
        }
    }
}

/// The catalog in use: the bundled files plus those the user added this session.
#[derive(Clone)]
pub struct CatalogState {
    pub catalog: Shared<Catalog>,
    /// `(file name, text)` added this session.
    pub session_files: Rc<Vec<(String, String)>>,
    /// Whether the catalog has its long texts: the planner starts without them
    /// (`catalog::lite`) and takes the whole catalog from the API module once a plan has
    /// products ([`use_catalog_texts`]).
    pub texts: bool,
}

impl PartialEq for CatalogState {
    fn eq(&self, other: &Self) -> bool {
        self.catalog == other.catalog
    }
}

/// Where the first plan came from, to tell the user.
struct Startup {
    plan: Plan,
    notice: Option<String>,
}

/// What the planner starts from: what the host page asked for (see `embed`). The default is the
/// planner's own page with nothing preset.
#[derive(Properties, PartialEq, Default)]
pub struct AppProps {
    #[prop_or_default]
    pub embed: Rc<Embed>,
}

/// Start-up order: a plan in the URL fragment (a share link), the plan preset by URL parameters
/// (`?product=...&version.<product>.<component>=...`), a `?preset=` (an example plan or product
/// ids), the plan saved in this browser, else an empty plan. Mounted into a host page, only the
/// plan of the `mount()` options counts; embedded, the plan saved in this browser is not used.
fn startup(catalog: &Catalog, embed: &Embed) -> Startup {
    if embed.host == Host::Mounted {
        return Startup {
            plan: embed.plan.clone().unwrap_or_default(),
            notice: None,
        };
    }
    let frag = dom::fragment();
    let saved = if embed.persist() {
        dom::load(dom::PLAN_KEY).and_then(|t| Plan::from_json("saved", &t).ok())
    } else {
        None
    };
    match share::decode(&frag) {
        Ok(Some(plan)) => {
            let notice = match &saved {
                Some(old) if *old != plan && !is_empty(old) => {
                    dom::save(dom::PREVIOUS_KEY, &old.to_json());
                    Some("Opened the plan from the link. The plan you had before is kept: “Restore previous plan” under Plan file brings it back.".to_string())
                }
                _ => Some("Opened the plan from the link.".to_string()),
            };
            return Startup { plan, notice };
        }
        Ok(None) => {}
        Err(e) if !embed.persist() => {
            return Startup {
                plan: embed.plan.clone().unwrap_or_default(),
                notice: Some(e.to_string()),
            }
        }
        Err(e) => {
            return Startup {
                plan: saved.unwrap_or_default(),
                notice: Some(format!(
                    "{e}. Showing the plan saved in this browser instead."
                )),
            }
        }
    }
    if let Some(plan) = &embed.plan {
        return Startup {
            plan: plan.clone(),
            notice: None,
        };
    }
    let presets: Vec<String> = dom::query_all("preset")
        .into_iter()
        .flat_map(|p| {
            p.split(',')
                .map(|s| s.trim().to_string())
                .collect::<Vec<_>>()
        })
        .filter(|s| !s.is_empty())
        .collect();
    if !presets.is_empty() {
        let mut plan = Plan::default();
        for p in &presets {
            if let Some(ex) = super::examples::example(p) {
                plan = ex;
            } else if catalog.product(p).is_some() && plan.product(p).is_none() {
                plan.products.push(portolan_core::plan::PlanProduct {
                    id: p.clone(),
                    ..Default::default()
                });
            }
        }
        return Startup { plan, notice: None };
    }
    Startup {
        plan: saved.unwrap_or_default(),
        notice: None,
    }
}

fn is_empty(p: &Plan) -> bool {
    p.products.is_empty() && p.hosts.is_empty() && p.name.trim().is_empty()
}

/// Writes the plan to local storage and to the URL fragment (so the address bar is always a
/// share link and a reload gives the same plan).
pub fn persist(plan: &Plan) {
    if is_empty(plan) {
        dom::remove(dom::PLAN_KEY);
        if share::decode(&dom::fragment()).ok().flatten().is_some() {
            dom::replace_fragment(None);
        }
    } else {
        dom::save(dom::PLAN_KEY, &plan.to_json());
        dom::replace_fragment(Some(&share::encode(plan)));
    }
}

/// Loads the whole catalog, long texts included (`lazy_catalog`), the first time the plan has
/// products (a first visit with an empty plan never needs them); says so when it cannot.
#[hook]
fn use_catalog_texts(
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

#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    let embedded = props.embed.clone();
    let compact = embedded.compact;
    // Saving to local storage and the URL, printing the change request: the planner's own page
    // and its iframe only, never a host page's storage, address or print-out.
    let persist_allowed = embedded.persist();
    let catalog = use_state(|| {
        dom::perf_mark("portolan:catalog-start");
        // Validated at build time (portolan-bundled's build script): decoding it is all that is
        // left to do here. Without its long texts, which are fetched when a plan needs them.
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
    });
    let first = use_mut_ref(|| None::<String>);
    let store = use_reducer(|| {
        let s = startup(&catalog.catalog, &embedded);
        *first.borrow_mut() = s.notice;
        Store::new(s.plan)
    });
    let view = use_state(|| {
        embedded
            .view
            .as_deref()
            .and_then(View::from_id)
            .unwrap_or(View::Products)
    });
    let notice = use_state(|| first.borrow_mut().take());
    use_catalog_texts(&catalog, !store.plan.products.is_empty(), &notice);
    let focus_request = use_state(|| None::<String>);

    // The report, derived from the plan and the catalog: recomputed exactly when either changes.
    let plan = Shared(store.plan.clone());
    let report = use_memo((plan.clone(), catalog.catalog.clone()), |(p, c)| {
        // The engine's share of an edit (`portolan:evaluate`, read by tests/e2e/bench-ui.mjs).
        dom::perf_mark("portolan:evaluate-start");
        let report = portolan_engine::evaluate(c, p);
        dom::perf_measure("portolan:evaluate", "portolan:evaluate-start");
        Shared::new(report)
    });
    let report: Shared<_> = (*report).clone();
    let field_index = use_memo(report.clone(), |r| Shared::new(FieldIndex::new(r)));

    // Save as the user works: local storage and the URL fragment, a moment after the last edit;
    // and at once when the page is hidden or closed.
    let latest = use_mut_ref(|| Rc::new(Plan::default()));
    let generation = use_mut_ref(|| 0u64);
    {
        let latest = latest.clone();
        let generation = generation.clone();
        use_effect_with(plan.clone(), move |plan| {
            dom::perf_measure(dom::EDIT_MEASURE, dom::EDIT_MARK);
            *latest.borrow_mut() = plan.0.clone();
            let mine = {
                let mut g = generation.borrow_mut();
                *g += 1;
                *g
            };
            let plan = plan.0.clone();
            if !persist_allowed {
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
    {
        let latest = latest.clone();
        use_effect_with((), move |_| {
            if !persist_allowed {
                return;
            }
            let handler = wasm_bindgen::closure::Closure::<dyn Fn()>::new(move || {
                persist(&latest.borrow());
            });
            if let Some(w) = dom::window() {
                let _ = w
                    .add_event_listener_with_callback("pagehide", handler.as_ref().unchecked_ref());
            }
            handler.forget();
        });
    }
    // Printing from any view prints the change-request document.
    {
        let report = report.clone();
        let cat = catalog.catalog.clone();
        let plan = plan.clone();
        let snapshot = use_mut_ref(|| {
            None::<(
                Shared<Plan>,
                Shared<portolan_engine::Report>,
                Shared<Catalog>,
            )>
        });
        *snapshot.borrow_mut() = Some((plan, report, cat));
        let own_page = embedded.host != Host::Mounted;
        use_effect_with((), move |_| {
            if !own_page {
                return;
            }
            let before = wasm_bindgen::closure::Closure::<dyn Fn()>::new(move || {
                if let (Some((p, r, c)), Some(el)) = (
                    snapshot.borrow().as_ref(),
                    dom::ensure_element("portolan-print", "div"),
                ) {
                    el.set_inner_html(&super::document::change_request(p, r, c, &dom::now_iso()));
                }
            });
            if let Some(w) = dom::window() {
                let _ = w.add_event_listener_with_callback(
                    "beforeprint",
                    before.as_ref().unchecked_ref(),
                );
            }
            before.forget();
        });
    }

    // Focus the control a warning points at, once its view has rendered.
    {
        let focus_request = focus_request.clone();
        use_effect_with((*focus_request).clone(), move |req| {
            if let Some(id) = req {
                // On another page of a long table: the table turns to it and focuses it.
                if !dom::focus(id) {
                    super::reveal::reveal(id);
                }
                focus_request.set(None);
            }
        });
    }

    let dispatch = {
        let d = store.dispatcher();
        use_callback((), move |a: Action, _| {
            // Paired with the measure in the save effect: evaluation + re-render of one edit,
            // readable with the Performance API (`portolan:edit`).
            dom::perf_mark(dom::EDIT_MARK);
            d.dispatch(a)
        })
    };
    let goto = {
        let view = view.clone();
        let focus_request = focus_request.clone();
        use_callback((), move |field: FieldPath, _| {
            view.set(fields::view_of(&field));
            focus_request.set(Some(fields::dom_id("a", &field.control().to_string())));
        })
    };
    let notify = {
        let notice = notice.clone();
        use_callback((), move |m: String, _| notice.set(Some(m)))
    };
    // The change request while its view is open: made when the view opens and when the plan or
    // the catalog changes (not on other re-renders, which would change its time stamp).
    let document = use_memo(
        (
            plan.clone(),
            report.clone(),
            catalog.catalog.clone(),
            *view == View::Document,
        ),
        |(p, r, c, open)| open.then(|| super::document::change_request(p, r, c, &dom::now_iso())),
    );
    let env = Env {
        catalog: catalog.catalog.clone(),
        plan: plan.clone(),
        report: report.clone(),
        fields: (*field_index).clone(),
        dispatch: dispatch.clone(),
        goto,
        notify: notify.clone(),
    };

    let select_view = {
        let view = view.clone();
        Callback::from(move |v: View| {
            // Each view is a page of its own: start it at the top.
            if *view != v {
                if let Some(w) = dom::window() {
                    w.scroll_to_with_x_and_y(0.0, 0.0);
                }
            }
            view.set(v)
        })
    };
    let counts = super::warn_groups::counts(&report.warnings);

    let body = match *view {
        View::Products => view_products::products(&env),
        View::Network => view_network::network(&env),
        View::Results => view_results::results(&env),
        // Diagram, Compare, Export and Import are in the views module (crates/views), loaded
        // when one first opens.
        View::Diagram => html! {
            <super::lazy_views::LazyView view="diagram" plan={plan.clone()}
                session_files={catalog.session_files.clone()}
                on_event={super::lazy_views::events(&env, &catalog)} />
        },
        View::Compare => html! {
            <super::lazy_views::LazyView view="compare" plan={plan.clone()}
                session_files={catalog.session_files.clone()}
                on_event={super::lazy_views::events(&env, &catalog)} />
        },
        View::Export => html! {
            <super::lazy_views::LazyView view="export" plan={plan.clone()}
                session_files={catalog.session_files.clone()}
                on_event={super::lazy_views::events(&env, &catalog)} />
        },
        View::Document => view_document::document_view(
            document.as_deref().unwrap_or_default(),
            plan.products.is_empty(),
        ),
        View::Import => html! {
            <super::lazy_views::LazyView view="import" plan={plan.clone()}
                session_files={catalog.session_files.clone()}
                on_event={super::lazy_views::events(&env, &catalog)} />
        },
        View::Plan => {
            let set_catalog = {
                let catalog = catalog.clone();
                Callback::from(move |c: CatalogState| catalog.set(c))
            };
            view_plan::plan_view(&env, &catalog, &set_catalog)
        }
    };

    let plan_name = if store.plan.name.trim().is_empty() {
        "Untitled plan".to_string()
    } else {
        store.plan.name.trim().to_string()
    };
    let close_notice = {
        let notice = notice.clone();
        Callback::from(move |_| notice.set(None))
    };

    html! {
        <div class={if compact { "app is-embed" } else { "app" }}>
            if compact {
                <h1 class="visually-hidden">{ super::TITLE }</h1>
            } else {
                <header class="site-header">
                    <div class="brand">
                        <h1>{ super::TITLE }</h1>
                        <p class="plan-name"><span class="visually-hidden">{ "Plan: " }</span>{ plan_name }</p>
                    </div>
                    if persist_allowed {
                        { share_button(&plan, &notify) }
                    }
                </header>
            }
            <nav class="tabs" aria-label="Planner views">
                { tabs(*view, &select_view) }
                <p class="status" aria-live="polite">
                    <span>{ format!("{} rule{}", report.rules.len(), plural(report.rules.len())) }</span>
                    <span class={(counts.errors > 0).then_some("sev-error")}>{ format!("{} error{}", counts.errors, plural(counts.errors)) }</span>
                    <span class={(counts.todo > 0).then_some("sev-todo")}>{ format!("{} to do", counts.todo) }</span>
                    <span class={(counts.risks > 0).then_some("sev-warning")}>{ format!("{} risk{}", counts.risks, plural(counts.risks)) }</span>
                </p>
            </nav>
            <super::revision_notice::RevisionNotice env={env.clone()}
                session_files={catalog.session_files.clone()}
                on_event={super::lazy_views::events(&env, &catalog)} />
            <div class="notice-area" role="status" aria-live="polite">
                if let Some(n) = &*notice {
                    <div class="notice">
                        <p>{ n.clone() }</p>
                        { button("link", "Dismiss", close_notice) }
                    </div>
                }
            </div>
            if !embedded.diagnostics.is_empty() {
                <section class="embed-notes" role="status" aria-label="Embedding parameters">
                    <ul>
                        { for embedded.diagnostics.iter().map(|d| html! { <li>{ d.to_string() }</li> }) }
                    </ul>
                </section>
            }
            <main id="main" class="view" tabindex="-1" aria-labelledby={format!("tab-{}", view.id())}>
                { body }
            </main>
            { super::footer::footer(&catalog.catalog.revision) }
        </div>
    }
}

pub fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// The view switcher: a WAI-ARIA tab list (arrow keys, Home and End move between tabs).
fn tabs(current: View, onselect: &Callback<View>) -> Html {
    let onkeydown = {
        let cb = onselect.clone();
        Callback::from(move |e: KeyboardEvent| {
            let all = View::ALL;
            let i = all.iter().position(|v| *v == current).unwrap_or(0);
            let n = all.len();
            let next = match e.key().as_str() {
                "ArrowRight" => Some((i + 1) % n),
                "ArrowLeft" => Some((i + n - 1) % n),
                "Home" => Some(0),
                "End" => Some(n - 1),
                _ => None,
            };
            if let Some(j) = next {
                e.prevent_default();
                if let Some(v) = all.get(j) {
                    cb.emit(*v);
                    let id = format!("tab-{}", v.id());
                    yew::platform::spawn_local(async move {
                        dom::focus(&id);
                    });
                }
            }
        })
    };
    html! {
        <div class="tablist" role="tablist" aria-label="Planner views" {onkeydown}>
            { for View::ALL.iter().map(|v| {
                let selected = *v == current;
                let onclick = {
                    let cb = onselect.clone();
                    let v = *v;
                    Callback::from(move |_| cb.emit(v))
                };
                html! {
                    <button type="button" role="tab" id={format!("tab-{}", v.id())}
                        aria-selected={if selected { "true" } else { "false" }}
                        aria-controls="main"
                        tabindex={if selected { "0" } else { "-1" }}
                        {onclick}>
                        { v.label() }
                    </button>
                }
            }) }
        </div>
    }
}

/// Copies the share link (the page's URL with the plan in its fragment).
fn share_button(plan: &Shared<Plan>, notify: &Callback<String>) -> Html {
    let onclick = {
        let plan = plan.clone();
        let notify = notify.clone();
        Callback::from(move |_| {
            let link = format!("{}#{}", dom::url_without_fragment(), share::encode(&plan));
            persist(&plan);
            let notify = notify.clone();
            yew::platform::spawn_local(async move {
                if dom::copy_text(&link).await {
                    notify.emit(format!(
                        "Share link copied ({} characters). Anyone who opens it gets this plan; nothing is uploaded.",
                        link.len()
                    ));
                } else {
                    notify.emit(
                        "The browser did not allow copying; the address bar holds the share link."
                            .into(),
                    );
                }
            });
        })
    };
    button("button primary share", "Copy share link", onclick)
}

/// Mounts the planner into `<div id="app">` (created when missing), configured by the page's
/// URL parameters (`?embed=1&product=...`, see `embed`), and routes panics and uncaught errors
/// to a recoverable error banner.
#[cfg(feature = "planner")]
pub fn start() {
    dom::perf_mark("portolan:start");
    dom::install_error_handlers();
    let root = dom::ensure_element("app", "div");
    match root {
        Some(root) => {
            // index.html says "Loading the planner…" until now.
            root.set_inner_html("");
            let props = crate::wasm_mount::app_props(crate::wasm_mount::page_embed());
            yew::Renderer::<App>::with_root_and_props(root, props).render();
        }
        None => dom::show_fatal("the page has no body to show the planner in"),
    }
}
