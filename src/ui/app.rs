//! The root component: holds the state (one plan, via the reducer; the catalog; which view is
//! open), derives the report, saves the plan as the user works, and renders the views.

use super::app_hooks::{
    use_autosave, use_bundled_catalog, use_catalog_texts, use_dispatch, use_focus_request,
    use_goto, use_print_document, use_report, use_store,
};
use super::dom;
use super::embed::{Embed, Host};
use super::fields::View;
use super::share;
use super::state::{Action, Store};
use super::warn_groups::Counts;
use super::widgets::{button, Env, Shared};
use super::{view_network, view_plan};
use super::{view_products, view_results};
use portolan_catalog::Catalog;
use portolan_core::plan::Plan;
use std::rc::Rc;
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
pub(super) struct Startup {
    pub plan: Plan,
    pub notice: Option<String>,
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
pub(super) fn startup(catalog: &Catalog, embed: &Embed) -> Startup {
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

#[function_component(App)]
pub fn app(props: &AppProps) -> Html {
    let embedded = props.embed.clone();
    // Saving to local storage and the URL, printing the change request: the planner's own page
    // and its iframe only, never a host page's storage, address or print-out.
    let persist_allowed = embedded.persist();
    let catalog = use_bundled_catalog();
    let (store, notice) = use_store(&catalog.catalog, &embedded);
    let view = use_state(|| {
        embedded
            .view
            .as_deref()
            .and_then(View::from_id)
            .unwrap_or(View::Products)
    });
    use_catalog_texts(&catalog, !store.plan.products.is_empty(), &notice);
    let plan = Shared(store.plan.clone());
    let (report, field_index) = use_report(&plan, &catalog.catalog);
    use_autosave(&plan, persist_allowed);
    use_print_document(
        &plan,
        &catalog.session_files,
        embedded.host != Host::Mounted,
    );
    let focus_request = use_focus_request();
    let dispatch = use_dispatch(&store);
    let goto = use_goto(&view, &focus_request);
    let notify = {
        let notice = notice.clone();
        use_callback((), move |m: String, _| notice.set(Some(m)))
    };
    let env = Env {
        catalog: catalog.catalog.clone(),
        plan: plan.clone(),
        report: report.clone(),
        fields: field_index,
        dispatch,
        goto,
        notify: notify.clone(),
        skipped: store.skipped.clone(),
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
    let body = view_body(&Body {
        view: *view,
        env: &env,
        catalog: &catalog,
    });
    html! {
        <div class={if embedded.compact { "app is-embed" } else { "app" }}>
            { site_header(&embedded, &plan, &notify) }
            <nav class="tabs" aria-label="Planner views">
                { tabs(*view, &select_view) }
                <StatusLine rules={report.rules.len()} counts={super::warn_groups::counts(&report.warnings)} />
            </nav>
            <super::revision_notice::RevisionNotice env={env.clone()}
                session_files={catalog.session_files.clone()}
                on_event={super::lazy_views::events(&env, &catalog)} />
            { notice_area(&notice) }
            { embed_notes(&embedded) }
            <main id="main" class="view" tabindex="-1" aria-labelledby={format!("tab-{}", view.id())}>
                { body }
            </main>
            { super::footer::footer(&catalog.catalog.revision) }
        </div>
    }
}

/// What the open view is drawn from.
struct Body<'a> {
    view: View,
    env: &'a Env,
    catalog: &'a UseStateHandle<CatalogState>,
}

/// The open view.
fn view_body(b: &Body) -> Html {
    let env = b.env;
    match b.view {
        View::Products => view_products::products(env),
        View::Network => view_network::network(env),
        // The warnings here, the flows and requirements in the views module.
        View::Results => view_results::results(env, lazy(b, "flows")),
        // Diagram, Compare, Export, Import and the Change request are in the views module
        // (crates/views), loaded when one first opens (and so are most of Flows & warnings and
        // Plan file & catalog).
        View::Diagram => lazy(b, "diagram"),
        View::Compare => lazy(b, "compare"),
        View::Export => lazy(b, "export"),
        View::Import => lazy(b, "import"),
        View::Document => lazy(b, "document"),
        // The plan's details here, its files and the catalog files in the views module.
        View::Plan => html! {
            <div class="plan-view" key="plan">
                { view_plan::plan_details(env) }
                { lazy(b, "plan") }
            </div>
        },
    }
}

/// A view of the lazily loaded views module, following the planner's plan.
fn lazy(b: &Body, view: &'static str) -> Html {
    html! {
        <super::lazy_views::LazyView {view} plan={b.env.plan.clone()}
            session_files={b.catalog.session_files.clone()}
            on_event={super::lazy_views::events(b.env, b.catalog)} />
    }
}

/// The page's title, the plan's name and the share button (a hidden heading only, embedded
/// compactly).
fn site_header(embedded: &Embed, plan: &Shared<Plan>, notify: &Callback<String>) -> Html {
    if embedded.compact {
        return html! { <h1 class="visually-hidden">{ super::TITLE }</h1> };
    }
    let plan_name = match plan.name.trim() {
        "" => "Untitled plan",
        name => name,
    };
    html! {
        <header class="site-header">
            <div class="brand">
                <h1>{ super::TITLE }</h1>
                <p class="plan-name"><span class="visually-hidden">{ "Plan: " }</span>{ plan_name }</p>
            </div>
            if embedded.persist() {
                { share_button(plan, notify) }
            }
        </header>
    }
}

#[derive(Properties, PartialEq)]
struct StatusProps {
    rules: usize,
    counts: Counts,
}

/// The header's counts: rules, errors, to do and risks.
#[function_component(StatusLine)]
fn status_line(p: &StatusProps) -> Html {
    let c = &p.counts;
    html! {
        <p class="status" aria-live="polite">
            <span>{ format!("{} rule{}", p.rules, plural(p.rules)) }</span>
            <span class={(c.errors > 0).then_some("sev-error")}>{ format!("{} error{}", c.errors, plural(c.errors)) }</span>
            <span class={(c.todo > 0).then_some("sev-todo")}>{ format!("{} to do", c.todo) }</span>
            <span class={(c.risks > 0).then_some("sev-warning")}>{ format!("{} risk{}", c.risks, plural(c.risks)) }</span>
        </p>
    }
}

/// The polite live region with the current notice and its Dismiss button.
fn notice_area(notice: &UseStateHandle<Option<String>>) -> Html {
    let close = {
        let notice = notice.clone();
        Callback::from(move |_| notice.set(None))
    };
    html! {
        <div class="notice-area" role="status" aria-live="polite">
            if let Some(n) = &**notice {
                <div class="notice">
                    <p>{ n.clone() }</p>
                    { button("link", "Dismiss", close) }
                </div>
            }
        </div>
    }
}

/// What the planner could not use of the host page's parameters.
fn embed_notes(embedded: &Embed) -> Html {
    if embedded.diagnostics.is_empty() {
        return html! {};
    }
    html! {
        <section class="embed-notes" role="status" aria-label="Embedding parameters">
            <ul>
                { for embedded.diagnostics.iter().map(|d| html! { <li>{ d.to_string() }</li> }) }
            </ul>
        </section>
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
