//! The views module (crates/views: Import, Export, Diagram, Compare, most of Plan file &
//! catalog), which the planner loads the first time such a view opens, and the component that
//! shows one of its views: a loading state while the module loads, a clear error (with "Try
//! again") if it cannot, else the view, mounted into an element this component renders. The
//! view works on its own copy of the plan and hands its changes back as events (see
//! crates/views/src/lib.rs): the plan as JSON, the session's catalog files, messages for the user.
//!
//! The page says how to load the module, as for the API module (`lazy_api`): a function under
//! `Symbol.for("portolan.loadViews")` (web/boot.js, api.js, the offline file's loader).

use super::app::CatalogState;
use super::lazy_api::{self, describe};
use super::state::Action;
use super::widgets::{button, Env, Shared};
use portolan_core::diag::FieldPath;
use portolan_core::plan::Plan;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// The key (for `Symbol.for`) of the loader function on the global object.
pub const LOADER_KEY: &str = "portolan.loadViews";

/// The key (for `Symbol.for`) of the function the views module puts on the global object when it
/// loads: `(planJson, catalogFiles) => html | undefined`, the change request of a plan
/// (crates/views/src/view_document.rs).
pub const PRINT_KEY: &str = "portolan.changeRequest";

/// The change request of the plan `plan_json` with the session's catalog files (an HTML
/// fragment), written by the views module; `None` until that module has loaded (and, with
/// session files, compiled them).
pub fn change_request(plan_json: &str, session: &[(String, String)]) -> Option<String> {
    let f = js_sys::Reflect::get(&js_sys::global(), &js_sys::Symbol::for_(PRINT_KEY)).ok()?;
    let f = f.dyn_into::<js_sys::Function>().ok()?;
    let files = lazy_api::files_to_js(session);
    f.call2(&JsValue::NULL, &plan_json.into(), &files)
        .ok()?
        .as_string()
}

/// Starts loading the views module, if it is not loaded (the loader caches it), for a later
/// use that cannot wait: printing.
pub fn preload() {
    yew::platform::spawn_local(async {
        let _ = load().await;
    });
}

/// The catalog files added this session: `(file name, text)`.
type Session = Rc<Vec<(String, String)>>;

#[derive(Properties, PartialEq)]
pub struct LazyViewProps {
    /// The view's name in the views module (`"import"`).
    pub view: &'static str,
    pub plan: Shared<Plan>,
    pub session_files: Session,
    /// `(kind, payload)` from the view ([`events`] handles them).
    pub on_event: Callback<(String, JsValue)>,
    /// What it says while the module loads.
    #[prop_or_else(|| AttrValue::from("Loading this view…"))]
    pub loading: AttrValue,
}

/// Where the view stands.
#[derive(Clone, PartialEq)]
enum Status {
    Loading,
    Failed(String),
    Ready,
}

/// A mounted view: the handle the views module returned and the function it calls back.
struct Mounted {
    handle: JsValue,
    _callback: Closure<dyn Fn(String, JsValue)>,
}

impl Mounted {
    fn call(&self, method: &str, args: &[JsValue]) -> Result<JsValue, String> {
        let f = js_sys::Reflect::get(&self.handle, &JsValue::from_str(method))
            .ok()
            .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
            .ok_or_else(|| format!("the view has no method `{method}`"))?;
        let args: js_sys::Array = args.iter().collect();
        f.apply(&self.handle, &args).map_err(describe)
    }
}

/// Loads the module (the loader caches it; after a failure the next call tries again).
async fn load() -> Result<JsValue, String> {
    let loader = js_sys::Reflect::get(&js_sys::global(), &js_sys::Symbol::for_(LOADER_KEY))
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .ok_or_else(|| String::from("this page does not say where the views module is"))?;
    let promise = loader.call0(&JsValue::UNDEFINED).map_err(describe)?;
    wasm_bindgen_futures::JsFuture::from(js_sys::Promise::resolve(&promise))
        .await
        .map_err(describe)
}

/// The session's catalog files as the views module takes them: `[{name, text}]`.
fn session_js(session: &Session) -> JsValue {
    lazy_api::files_to_js(session)
}

/// The latest props, for a mount that ends after they changed.
type Latest = Rc<RefCell<(Shared<Plan>, Session, Callback<(String, JsValue)>)>>;

/// Mounts the view into `el` once the module is loaded.
async fn mount(view: &str, el: web_sys::Element, latest: &Latest) -> Result<Mounted, String> {
    let module = load().await?;
    let mount = js_sys::Reflect::get(&module, &JsValue::from_str("mountView"))
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .ok_or_else(|| String::from("the views module has no function `mountView`"))?;
    let events = latest.clone();
    let callback = Closure::<dyn Fn(String, JsValue)>::new(move |kind, payload| {
        let cb = events.borrow().2.clone();
        cb.emit((kind, payload));
    });
    let (plan, session) = {
        let l = latest.borrow();
        (l.0.to_json(), session_js(&l.1))
    };
    let args: js_sys::Array = [
        el.into(),
        JsValue::from_str(view),
        plan.into(),
        session,
        callback.as_ref().clone(),
    ]
    .iter()
    .collect();
    let handle = mount.apply(&JsValue::UNDEFINED, &args).map_err(describe)?;
    Ok(Mounted {
        handle,
        _callback: callback,
    })
}

/// One view of the views module.
#[function_component(LazyView)]
pub fn lazy_view(p: &LazyViewProps) -> Html {
    let node = use_node_ref();
    let status = use_state(|| Status::Loading);
    let attempt = use_state(|| 0u32);
    let mounted = use_mut_ref(|| None::<Mounted>);
    let latest: Latest =
        use_mut_ref(|| (p.plan.clone(), p.session_files.clone(), p.on_event.clone()));
    *latest.borrow_mut() = (p.plan.clone(), p.session_files.clone(), p.on_event.clone());
    {
        let (node, status, mounted, latest) = (
            node.clone(),
            status.clone(),
            mounted.clone(),
            latest.clone(),
        );
        use_effect_with((p.view, *attempt), move |(view, _)| {
            let view = *view;
            let alive = Rc::new(RefCell::new(true));
            let still = alive.clone();
            let target = mounted.clone();
            yew::platform::spawn_local(async move {
                let Some(el) = node.cast::<web_sys::Element>() else {
                    return;
                };
                status.set(Status::Loading);
                let result = mount(view, el, &latest).await;
                match result {
                    Ok(m) if *still.borrow() => {
                        *target.borrow_mut() = Some(m);
                        status.set(Status::Ready);
                    }
                    Ok(m) => {
                        let _ = m.call("unmount", &[]);
                    }
                    Err(e) => status.set(Status::Failed(e)),
                }
            });
            move || {
                *alive.borrow_mut() = false;
                if let Some(m) = mounted.borrow_mut().take() {
                    let _ = m.call("unmount", &[]);
                }
            }
        });
    }
    {
        let mounted = mounted.clone();
        use_effect_with(
            (p.plan.clone(), p.session_files.clone()),
            move |(plan, session)| {
                if let Some(m) = mounted.borrow().as_ref() {
                    let _ = m.call("update", &[plan.to_json().into(), session_js(session)]);
                }
            },
        );
    }
    let retry = {
        let attempt = attempt.clone();
        Callback::from(move |_| attempt.set(*attempt + 1))
    };
    html! {
        <div class="lazy-view">
            if *status == Status::Loading {
                <p class="app-loading" role="status">{ p.loading.clone() }</p>
            }
            if let Status::Failed(e) = &*status {
                <div class="notice lazy-failed" role="alert">
                    <p>{ format!("This view could not be loaded: {e}. The rest of the planner keeps working.") }</p>
                    { button("button", "Try again", retry) }
                </div>
            }
            <div ref={node} class="lazy-view-root"></div>
        </div>
    }
}

/// Handles a view's events: its plan replaces the planner's, its session's catalog files are
/// compiled (by the API module) into the planner's catalog, its messages are shown, a field it
/// points at is opened.
pub fn events(env: &Env, catalog: &UseStateHandle<CatalogState>) -> Callback<(String, JsValue)> {
    let (dispatch, notify, goto) = (env.dispatch.clone(), env.notify.clone(), env.goto.clone());
    let catalog = catalog.clone();
    Callback::from(move |(kind, payload): (String, JsValue)| {
        let text = || payload.as_string().unwrap_or_default();
        match kind.as_str() {
            "plan" => match Plan::from_json("view", &text()) {
                Ok(plan) => dispatch.emit(Action::Replace(plan)),
                Err(e) => notify.emit(format!("The view's change could not be read: {e}")),
            },
            "catalog" => add_catalog(lazy_api::files_from_js(&payload), &notify, &catalog),
            "notify" => notify.emit(text()),
            "goto" => {
                if let Some(field) = FieldPath::parse(&text()) {
                    goto.emit(field);
                }
            }
            _ => {}
        }
    })
}

/// The session's catalog files a view added, compiled into the planner's catalog.
fn add_catalog(
    session: Vec<(String, String)>,
    notify: &Callback<String>,
    catalog: &UseStateHandle<CatalogState>,
) {
    let (notify, catalog) = (notify.clone(), catalog.clone());
    yew::platform::spawn_local(async move {
        match lazy_api::load()
            .await
            .and_then(|m| m.compile_catalog(&session))
        {
            Ok(c) => {
                if let Some(full) = c.catalog {
                    catalog.set(CatalogState {
                        catalog: Shared::new(full),
                        session_files: Rc::new(session),
                        texts: true,
                    });
                }
            }
            Err(e) => notify.emit(format!("The catalog could not be updated: {e}")),
        }
    });
}
