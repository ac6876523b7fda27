//! `mountView`: a view of this module in an element of the planner, and the handle the planner
//! keeps to pass its changes in and to remove the view (see the crate's documentation).

use portolan::ui::for_views::CatalogState;
use portolan::ui::lazy_api;
use portolan::ui::state::{Action, Store};
use portolan::ui::widgets::{Env, FieldIndex, Shared};
use portolan_catalog::Catalog;
use portolan_core::diag::FieldPath;
use portolan_core::plan::Plan;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use yew::prelude::*;

/// The catalog files added this session: `(file name, text)`.
type Session = Rc<Vec<(String, String)>>;

pub fn link() {}

/// The views this module has.
const VIEWS: &[&str] = &[
    "import", "export", "diagram", "compare", "revision", "plan", "flows", "document",
];

/// What the planner gives a view.
#[derive(Properties, PartialEq, Clone)]
pub struct ViewProps {
    /// Which view: one of [`VIEWS`].
    pub view: String,
    pub plan: Shared<Plan>,
    pub session: Session,
    /// `(kind, payload)` for the planner (see the crate's documentation).
    pub events: Callback<(String, JsValue)>,
}

/// A mounted view.
#[wasm_bindgen]
pub struct ViewHandle {
    app: Option<yew::AppHandle<Root>>,
    props: ViewProps,
}

#[wasm_bindgen]
impl ViewHandle {
    /// Passes the planner's plan (JSON) and session catalog files (`[{name, text}]`) in.
    pub fn update(&mut self, plan: &str, session: JsValue) -> Result<(), JsError> {
        let mut props = self.props.clone();
        let plan = read_plan(plan)?;
        if plan != *props.plan {
            props.plan = Shared::new(plan);
        }
        let session = read_session(&session);
        if *session != *props.session {
            props.session = session;
        }
        if props != self.props {
            self.props = props.clone();
            if let Some(app) = self.app.as_mut() {
                app.update(props);
            }
        }
        Ok(())
    }

    /// Removes the view from its element.
    pub fn unmount(&mut self) {
        if let Some(app) = self.app.take() {
            app.destroy();
        }
    }
}

/// Mounts the view `view` into `root` (whose content it replaces).
#[wasm_bindgen(js_name = mountView)]
pub fn mount_view(
    root: web_sys::Element,
    view: String,
    plan: &str,
    session: JsValue,
    on_event: js_sys::Function,
) -> Result<ViewHandle, JsError> {
    if !VIEWS.contains(&view.as_str()) {
        return Err(JsError::new(&format!(
            "the views module has no view `{view}`"
        )));
    }
    let events = Callback::from(move |(kind, payload): (String, JsValue)| {
        let _ = on_event.call2(&JsValue::NULL, &kind.into(), &payload);
    });
    let props = ViewProps {
        view,
        plan: Shared::new(read_plan(plan)?),
        session: read_session(&session),
        events,
    };
    skip_root_ids(&root);
    super::view_document::register_print();
    let app = yew::Renderer::<Root>::with_root_and_props(root, props.clone()).render();
    Ok(ViewHandle {
        app: Some(app),
        props,
    })
}

/// Yew numbers the DOM trees it controls per WebAssembly module, from 1, and marks their elements
/// with the number; the planner's module counts its own. A view's tree inside the planner's with
/// the same number would get the planner's event handlers (the planner's listener runs first, in
/// the capture phase, and takes the number for its own: a click in the Export view would act as
/// a click on the planner's tab). So this module's trees start far past the planner's few (its
/// app and a host page's `mount()`s): this many throwaway trees are made once, detached.
const ROOT_IDS_SKIPPED: u32 = 1000;

#[function_component(Nothing)]
fn nothing() -> Html {
    html! {}
}

fn skip_root_ids(root: &web_sys::Element) {
    thread_local! {
        static SKIPPED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    }
    if SKIPPED.with(|s| s.replace(true)) {
        return;
    }
    let Some(doc) = root.owner_document() else {
        return;
    };
    let Ok(detached) = doc.create_element("div") else {
        return;
    };
    for _ in 0..ROOT_IDS_SKIPPED {
        yew::Renderer::<Nothing>::with_root(detached.clone())
            .render()
            .destroy();
    }
}

fn read_plan(text: &str) -> Result<Plan, JsError> {
    Plan::from_json("plan", text).map_err(|d| JsError::new(&d.to_string()))
}

fn read_session(files: &JsValue) -> Session {
    Rc::new(lazy_api::files_from_js(files))
}

/// The bundled catalog (without its long texts), as the planner starts with it.
fn bundled() -> CatalogState {
    CatalogState {
        catalog: Shared::new(portolan_bundled::lite().unwrap_or_else(|_| Catalog::default())),
        session_files: Rc::new(Vec::new()),
        texts: false,
    }
}

/// The catalog the planner has: the bundled one, long texts included (the flows' purposes, the
/// vendors' quotes) once loaded as the planner loads them (`lazy_catalog`; until then, or if the
/// page cannot load them, without), with the session's files compiled in by the API module when
/// there are any. What was loaded or compiled is kept for the next view ([`CATALOG`]).
#[hook]
fn use_catalog(session: &Session) -> UseStateHandle<CatalogState> {
    let catalog = use_state(|| CATALOG.with(|c| c.borrow().clone()).unwrap_or_else(bundled));
    // The session now, for a load that ends after it changed.
    let latest = use_mut_ref(Session::default);
    *latest.borrow_mut() = session.clone();
    {
        let catalog = catalog.clone();
        use_effect_with(session.clone(), move |session| {
            if *catalog.session_files == **session && (catalog.texts || !session.is_empty()) {
                return;
            }
            if session.is_empty() {
                if !catalog.session_files.is_empty() {
                    catalog.set(bundled());
                }
                yew::platform::spawn_local(with_texts(catalog, latest));
                return;
            }
            let session = session.clone();
            yew::platform::spawn_local(async move {
                let compiled = lazy_api::load()
                    .await
                    .and_then(|m| m.compile_catalog(&session));
                if let Ok(Some(full)) = compiled.map(|c| c.catalog) {
                    if *latest.borrow() == session {
                        keep(&catalog, Shared::new(full), session);
                    }
                }
            });
        });
    }
    catalog
}

/// The bundled catalog with its long texts, when the page can load them (and no session files
/// came in the meantime: their compiled catalog has the texts).
async fn with_texts(catalog: UseStateHandle<CatalogState>, latest: Rc<RefCell<Session>>) {
    if let Ok(Some(full)) = portolan::ui::lazy_catalog::load().await {
        if latest.borrow().is_empty() {
            keep(&catalog, Shared::new(full), Rc::new(Vec::new()));
        }
    }
}

/// Sets the view's catalog (with its long texts) and keeps it for the next view.
fn keep(catalog: &UseStateHandle<CatalogState>, full: Shared<Catalog>, session: Session) {
    catalog.set(remember(full, session));
}

/// Keeps a catalog with its long texts for the next view (and for printing).
fn remember(full: Shared<Catalog>, session: Session) -> CatalogState {
    let state = CatalogState {
        catalog: full,
        session_files: session,
        texts: true,
    };
    CATALOG.with(|c| *c.borrow_mut() = Some(state.clone()));
    state
}

/// The catalog a view last compiled, if it is the one of the session's files `session`.
pub(crate) fn kept_for(session: &[(String, String)]) -> Option<Shared<Catalog>> {
    CATALOG.with(|c| {
        (c.borrow().as_ref())
            .filter(|s| s.texts && s.session_files.as_slice() == session)
            .map(|s| s.catalog.clone())
    })
}

/// Compiles the session's files into the catalog (the API module) and keeps it, for a print
/// that comes before any view compiled them.
pub(crate) fn compile_and_keep(session: Session) {
    yew::platform::spawn_local(async move {
        let compiled = lazy_api::load()
            .await
            .and_then(|m| m.compile_catalog(&session));
        if let Ok(Some(full)) = compiled.map(|c| c.catalog) {
            remember(Shared::new(full), session);
        }
    });
}

thread_local! {
    /// The catalog the last view loaded or compiled: a view opened later starts from it instead
    /// of loading the texts or compiling the session's files again.
    static CATALOG: RefCell<Option<CatalogState>> = const { RefCell::new(None) };
}

thread_local! {
    /// Compare's copy B of the plan: kept while the view is closed (the planner's own store
    /// never has one, as only the Compare view makes it).
    static COMPARE: std::cell::RefCell<Option<Rc<Plan>>> = const { std::cell::RefCell::new(None) };
}

/// The view's own copy of the plan (and Compare's B): follows the planner's, and hands its edits
/// back.
#[hook]
fn use_plan(p: &ViewProps) -> UseReducerHandle<Store> {
    let store = use_reducer(|| Store {
        plan: Rc::new((*p.plan).clone()),
        compare: COMPARE.with(|c| c.borrow().clone()),
        // the guided start is the planner's; the views module shows none
        skipped: Rc::default(),
    });
    use_effect_with(store.compare.clone(), |b| {
        COMPARE.with(|c| *c.borrow_mut() = b.clone())
    });
    {
        let dispatcher = store.dispatcher();
        use_effect_with(p.plan.clone(), move |plan| {
            dispatcher.dispatch(Action::Replace((**plan).clone()))
        });
    }
    {
        let (outer, events) = (p.plan.clone(), p.events.clone());
        use_effect_with(store.plan.clone(), move |plan| {
            if **plan != *outer {
                events.emit(("plan".into(), plan.to_json().into()));
            }
        });
    }
    store
}

#[function_component(Root)]
fn root(p: &ViewProps) -> Html {
    let catalog = use_catalog(&p.session);
    let store = use_plan(p);
    let plan = Shared(store.plan.clone());
    let report = use_memo((plan.clone(), catalog.catalog.clone()), |(p, c)| {
        Shared::new(portolan_engine::evaluate(c, p))
    });
    let report: Shared<_> = (*report).clone();
    let fields = use_memo(report.clone(), |r| Shared::new(FieldIndex::new(r)));
    let events = p.events.clone();
    let env = Env {
        catalog: catalog.catalog.clone(),
        plan,
        report,
        fields: (*fields).clone(),
        dispatch: {
            let d = store.dispatcher();
            Callback::from(move |a: Action| d.dispatch(a))
        },
        goto: events.reform(|f: FieldPath| ("goto".to_string(), f.to_string().into())),
        notify: events.reform(|m: String| ("notify".to_string(), m.into())),
        skipped: store.skipped.clone(),
    };
    let set_catalog = {
        let catalog = catalog.clone();
        Callback::from(move |c: CatalogState| {
            let files = lazy_api::files_to_js(&c.session_files);
            events.emit(("catalog".into(), files));
            catalog.set(c);
        })
    };
    let session = p.session.clone();
    match p.view.as_str() {
        "export" => html! { <super::view_export::Export {env} session_files={session} /> },
        "diagram" => html! { <super::view_diagram::DiagramView {env} session_files={session} /> },
        "revision" => html! { <super::revision::RevisionNotice {env} /> },
        // the Plan file & catalog view after the plan's name and description (the planner's)
        "plan" => portolan::ui::for_views::files_and_catalog(&env, &catalog, &set_catalog),
        // the Flows & warnings view after its warnings (the planner's)
        "flows" => portolan::ui::for_views::flows_and_requirements(&env),
        "document" => html! { <super::view_document::DocumentView {env} /> },
        "compare" => html! {
            <super::view_compare::Compare {env} compare={store.compare.clone().map(Shared)}
                session_files={session} />
        },
        _ => super::view_import::import_view(&env, &catalog, &set_catalog),
    }
}
