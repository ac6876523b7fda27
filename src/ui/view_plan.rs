//! Keep and share work (name, share link, plan files, reset, examples) and bring a catalog
//! (open or drop `.toml` files, validated with the engine together with the bundled files).
//!
//! The planner draws the plan's name and description itself ([`plan_details`]); the rest of the
//! view ([`files_and_catalog`]) is drawn by the views module (crates/views), loaded when the view
//! first opens, so that the first load does not carry it (BENCHMARKS-ui.md, "The first load").
//!
//! TOML is read by the JavaScript API's module ([`super::lazy_api`]), loaded the first time a
//! TOML plan file is opened or a catalog file added: a status line meanwhile, and an error with
//! "Try again" (the file kept) when it cannot be loaded. JSON plan files open at once.

use super::app::CatalogState;
use super::lazy_api;
use super::state::{Action, Edit, Target};
use super::widgets::{button, Env, Shared, TextField};
use portolan_core::diag::Code;
use portolan_core::diag::{Diagnostic, Severity};
use portolan_core::plan::{Plan, PlanFormat};
use std::rc::Rc;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// The Plan file & catalog view's sections after the plan's details: keep and share (share
/// link, plan files, reset, examples) and the catalog files. The views module draws them.
pub fn files_and_catalog(
    env: &Env,
    catalog_state: &CatalogState,
    set_catalog: &Callback<CatalogState>,
) -> Html {
    html! {
        <>
            <PlanFiles env={env.clone()} />
            <CatalogFiles env={env.clone()} catalog_state={catalog_state.clone()} set_catalog={set_catalog.clone()} />
        </>
    }
}

#[derive(Properties, PartialEq)]
struct ViewProps {
    env: Env,
}

/// The plan's name and description: the part of the Plan file & catalog view in the first load.
pub(super) fn plan_details(env: &Env) -> Html {
    let set_name = {
        let d = env.dispatch.clone();
        Callback::from(move |v: String| d.emit(Action::Edit(Target::Main, Edit::SetName(v))))
    };
    let set_desc = {
        let d = env.dispatch.clone();
        Callback::from(move |e: InputEvent| {
            let v = e
                .target_unchecked_into::<web_sys::HtmlTextAreaElement>()
                .value();
            d.emit(Action::Edit(Target::Main, Edit::SetDescription(v)))
        })
    };
    html! {
        <section aria-labelledby="details-h">
            <h2 id="details-h">{ "Plan" }</h2>
            <TextField field="name" label="Plan name" value={env.plan.name.clone()}
                oninput={set_name} placeholder="e.g. Site A screen recording upgrade"
                help={html! {<>{ "Used in file names and document titles." }</>}} />
            <div class="field">
                <label for="a-f-description">{ "Description" }</label>
                <textarea id="a-f-description" rows="3" value={env.plan.description.clone()} oninput={set_desc} />
            </div>
        </section>
    }
}

/// Where opening a plan file stands.
#[derive(Clone, PartialEq)]
enum Opening {
    Idle,
    /// A TOML file waits for the module that reads it.
    Reading(String),
    Failed(Diagnostic),
    /// The module that reads TOML could not be loaded; the file is kept for "Try again".
    Unavailable {
        name: String,
        text: String,
        error: String,
    },
}

/// Opens a plan file's text: JSON at once, TOML through the API module.
fn open_text(env: Env, opening: UseStateHandle<Opening>, name: String, text: String) {
    let done = |env: &Env,
                opening: &UseStateHandle<Opening>,
                name: &str,
                r: Result<Plan, Diagnostic>| match r {
        Ok(plan) => {
            opening.set(Opening::Idle);
            env.dispatch.emit(Action::Replace(plan));
            env.notify.emit(format!("Opened {name}."));
        }
        Err(d) => opening.set(Opening::Failed(d)),
    };
    match PlanFormat::detect(&name, &text) {
        PlanFormat::Json => {
            let r = Plan::from_json(&name, &text);
            done(&env, &opening, &name, r);
        }
        PlanFormat::Toml => {
            opening.set(Opening::Reading(name.clone()));
            yew::platform::spawn_local(async move {
                let read = match lazy_api::load().await {
                    Ok(module) => module.parse_plan(&name, &text),
                    Err(e) => Err(e),
                };
                match read {
                    Ok(r) => done(&env, &opening, &name, r),
                    Err(error) => opening.set(Opening::Unavailable { name, text, error }),
                }
            });
        }
    }
}

#[function_component(PlanFiles)]
fn plan_files(p: &ViewProps) -> Html {
    let env = &p.env;
    let opening = use_state(|| Opening::Idle);
    let confirm_reset = use_state(|| false);
    let link = format!(
        "{}#{}",
        super::dom::url_without_fragment(),
        super::share::encode(&env.plan)
    );
    let open_files = open_files(env, &opening);
    html! {
        <section aria-labelledby="keep-h">
            <h2 id="keep-h">{ "Keep and share" }</h2>
            <p>{ "The plan is saved in this browser as you work, and the address bar always holds a link to it. Nothing leaves your computer unless you send the link or a file." }</p>
            { share_field(env, &link) }
            <div class="toolbar">
                { button("button", "Download plan (JSON)", save(env, PlanFormat::Json)) }
                { button("button", "Download plan (TOML)", save(env, PlanFormat::Toml)) }
                <input id="open-plan" class="file-input" type="file" accept=".json,.toml,application/json,application/toml,text/plain"
                    onchange={on_pick(&open_files)} aria-describedby="open-plan-msg" />
                <label class="button file-button" for="open-plan">{ "Open plan file…" }</label>
            </div>
            { drop_zone("plan-drop", "Or drop a plan file (.json or .toml) here", &open_files) }
            <div id="open-plan-msg" aria-live="polite">
                { opening_message(env, &opening) }
            </div>
            { reset_and_restore(env, &confirm_reset) }
            <h3>{ "Example plans" }</h3>
            { examples(env) }
        </section>
    }
}

/// The share link with its Copy button and length.
fn share_field(env: &Env, link: &str) -> Html {
    let copy_link = {
        let link = link.to_string();
        let n = env.notify.clone();
        Callback::from(move |_| {
            let link = link.clone();
            let n = n.clone();
            yew::platform::spawn_local(async move {
                if super::dom::copy_text(&link).await {
                    n.emit("Share link copied.".into());
                } else {
                    n.emit(
                        "The browser did not allow copying; select the link and copy it.".into(),
                    );
                }
            });
        })
    };
    html! {
        <div class="field">
            <label for="share-link">{ "Share link" }</label>
            <div class="inline">
                <input id="share-link" type="text" readonly=true value={link.to_string()} aria-describedby="share-help" />
                { button("button", "Copy", copy_link) }
            </div>
            <p class="field-help" id="share-help">{ format!("{} characters; the plan is compressed into the part after #, which browsers never send to a server.", link.len()) }</p>
        </div>
    }
}

/// Downloads the plan as a file in `fmt`.
fn save(env: &Env, fmt: PlanFormat) -> Callback<MouseEvent> {
    let plan = env.plan.clone();
    let notify = env.notify.clone();
    Callback::from(move |_| {
        let stem = portolan_core::text::file_stem(&plan.name);
        let (name, mime, text) = match fmt {
            PlanFormat::Json => (
                format!("{stem}.plan.json"),
                "application/json",
                plan.to_json(),
            ),
            PlanFormat::Toml => (
                format!("{stem}.plan.toml"),
                "application/toml",
                plan.to_toml(),
            ),
        };
        match super::dom::download(&name, mime, &text) {
            Ok(()) => notify.emit(format!("Downloaded {name}.")),
            Err(e) => notify.emit(format!("The download failed: {e}")),
        }
    })
}

/// Opens the first of the files picked or dropped.
fn open_files(env: &Env, opening: &UseStateHandle<Opening>) -> Callback<Vec<web_sys::File>> {
    let env = env.clone();
    let opening = opening.clone();
    Callback::from(move |files: Vec<web_sys::File>| {
        let env = env.clone();
        let opening = opening.clone();
        yew::platform::spawn_local(async move {
            let Some(file) = files.into_iter().next() else {
                return;
            };
            let name = file.name();
            match super::dom::read_file(&file).await {
                Err(e) => opening.set(Opening::Failed(Diagnostic::error(Code::PlanRead, e))),
                Ok(text) => open_text(env, opening, name, text),
            }
        });
    })
}

/// The file input's change: its files opened, the input cleared (the same file opens again).
fn on_pick(open_files: &Callback<Vec<web_sys::File>>) -> Callback<Event> {
    let open_files = open_files.clone();
    Callback::from(move |e: Event| {
        let input = e.target_unchecked_into::<HtmlInputElement>();
        open_files.emit(super::dom::files(input.files()));
        input.set_value("");
    })
}

/// Where opening a plan file stands: reading, its error, or "Try again".
fn opening_message(env: &Env, opening: &UseStateHandle<Opening>) -> Html {
    match &**opening {
        Opening::Idle => html! {},
        Opening::Reading(name) => html! {
            <p class="muted opening" role="status">{ format!("Reading {name}…") }</p>
        },
        Opening::Failed(d) => diagnostic(d),
        Opening::Unavailable { name, text, error } => {
            let retry = {
                let (env, opening) = (env.clone(), opening.clone());
                let (name, text) = (name.clone(), text.clone());
                Callback::from(move |_| {
                    open_text(env.clone(), opening.clone(), name.clone(), text.clone())
                })
            };
            html! {
                <div class="load-error" role="alert">
                    <p class="sev-error">{ format!("{name} could not be opened: the part of the planner that reads TOML could not be loaded: {error}") }</p>
                    <p>{ "Check the connection and try again. Plan files in JSON open without it." }</p>
                    { button("button primary", "Try again", retry) }
                </div>
            }
        }
    }
}

/// Reset (with its confirmation) and "Restore previous plan" when a previous plan is kept.
fn reset_and_restore(env: &Env, confirm_reset: &UseStateHandle<bool>) -> Html {
    let ask = |value: bool| {
        let confirm_reset = confirm_reset.clone();
        Callback::from(move |_| confirm_reset.set(value))
    };
    let really = {
        let confirm_reset = confirm_reset.clone();
        let d = env.dispatch.clone();
        let plan = env.plan.clone();
        let n = env.notify.clone();
        Callback::from(move |_| {
            super::dom::save(super::dom::PREVIOUS_KEY, &plan.to_json());
            d.emit(Action::Replace(Plan::default()));
            confirm_reset.set(false);
            n.emit("The plan was reset. “Restore previous plan” brings it back.".into());
        })
    };
    html! {
        <div class="toolbar">
            if **confirm_reset {
                <p class="confirm" role="alert">{ "Reset the plan? Products, hosts and settings are cleared (the plan is kept as “previous” until the next reset)." }</p>
                { button("button danger", "Yes, reset", really) }
                { button("button", "Cancel", ask(false)) }
            } else {
                { button("button danger", "Reset plan…", ask(true)) }
            }
            { restore_button(env) }
        </div>
    }
}

/// "Restore previous plan (NAME)", when a previous plan other than this one is kept.
fn restore_button(env: &Env) -> Html {
    let previous = super::dom::load(super::dom::PREVIOUS_KEY)
        .and_then(|t| Plan::from_json("previous", &t).ok())
        .filter(|pl| pl != &*env.plan);
    let Some(previous) = previous else {
        return html! {};
    };
    let label = if previous.name.is_empty() {
        String::new()
    } else {
        format!(" ({})", previous.name)
    };
    let d = env.dispatch.clone();
    let cur = env.plan.clone();
    let onclick = Callback::from(move |_| {
        super::dom::save(super::dom::PREVIOUS_KEY, &cur.to_json());
        d.emit(Action::Replace(previous.clone()));
    });
    html! {
        <button type="button" class="button" {onclick}>
            { format!("Restore previous plan{label}") }
        </button>
    }
}

/// The example plans, each a button that opens it (the current plan kept as "previous").
fn examples(env: &Env) -> Html {
    html! {
        <ul class="examples">
            { for super::examples::titles().into_iter().map(|(n, title)| {
                let d = env.dispatch.clone();
                let nt = env.notify.clone();
                let cur = env.plan.clone();
                let t2 = title.clone();
                let onclick = Callback::from(move |_| {
                    if let Some(pl) = super::examples::example(n) {
                        super::dom::save(super::dom::PREVIOUS_KEY, &cur.to_json());
                        d.emit(Action::Replace(pl));
                        nt.emit(format!("Opened the example “{t2}”. “Restore previous plan” brings your plan back."));
                    }
                });
                html! { <li><button type="button" class="button" {onclick}>{ title }</button></li> }
            }) }
        </ul>
    }
}

/// A diagnostic with its position: `file:line:column`, message, help.
pub fn diagnostic(d: &Diagnostic) -> Html {
    let pos = match (&d.file, d.line, d.column) {
        (Some(f), Some(l), Some(c)) => format!("{f}:{l}:{c}: "),
        (Some(f), _, _) => format!("{f}: "),
        _ => String::new(),
    };
    let class = match d.severity {
        Severity::Error => "diagnostic sev-error",
        Severity::Warning => "diagnostic sev-warning",
        Severity::Info => "diagnostic sev-info",
    };
    html! {
        <div {class}>
            <p><code class="pos">{ pos }</code><span class="sev-word">{ format!("{}: ", d.severity) }</span>{ d.message.clone() }</p>
            if let Some(h) = &d.help {
                <p class="help">{ format!("help: {h}") }</p>
            }
        </div>
    }
}

/// A drop target for files (the file buttons next to it do the same by keyboard). While files
/// are dragged over it, it has the class `over` (set on the element itself: no state, no
/// re-render).
pub(super) fn drop_zone(
    id: &'static str,
    label: &'static str,
    onfiles: &Callback<Vec<web_sys::File>>,
) -> Html {
    let over = move |on: bool| {
        if let Some(el) = super::dom::document().and_then(|d| d.get_element_by_id(id)) {
            let _ = el.class_list().toggle_with_force("over", on);
        }
    };
    let ondragover = Callback::from(move |e: DragEvent| {
        e.prevent_default();
        over(true);
    });
    let ondragleave = Callback::from(move |_: DragEvent| over(false));
    let ondrop = {
        let cb = onfiles.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            over(false);
            cb.emit(super::dom::files(e.data_transfer().and_then(|d| d.files())));
        })
    };
    html! {
        <div {id} class="drop-zone" {ondragover} {ondragleave} {ondrop}>
            { label }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct CatalogProps {
    env: Env,
    catalog_state: CatalogState,
    set_catalog: Callback<CatalogState>,
}

/// Where checking added catalog files stands.
#[derive(Clone, PartialEq)]
enum Checking {
    Idle,
    /// Waiting for the module that checks them (file names).
    Busy(String),
    /// The module could not be loaded; the files are kept for "Try again".
    Unavailable {
        session: Rc<Vec<(String, String)>>,
        names: Vec<String>,
        problems: Vec<Diagnostic>,
        error: String,
    },
}

/// What checking catalog files updates.
#[derive(Clone)]
struct CatalogTask {
    set: Callback<CatalogState>,
    diags: UseStateHandle<Vec<Diagnostic>>,
    checking: UseStateHandle<Checking>,
    notify: Callback<String>,
}

impl CatalogTask {
    /// Checks the session's files (`session`, with the bundled ones) in the API module, and
    /// either adds them or shows their diagnostics. `names` were added just now; `problems`
    /// are earlier ones (files that could not be read).
    fn check(
        self,
        session: Rc<Vec<(String, String)>>,
        names: Vec<String>,
        mut problems: Vec<Diagnostic>,
    ) {
        self.checking.set(Checking::Busy(names.join(", ")));
        yew::platform::spawn_local(async move {
            let compiled = match lazy_api::load().await {
                Ok(module) => module.compile_catalog(&session),
                Err(e) => Err(e),
            };
            let compiled = match compiled {
                Ok(c) => c,
                Err(error) => {
                    self.checking.set(Checking::Unavailable {
                        session,
                        names,
                        problems,
                        error,
                    });
                    return;
                }
            };
            self.checking.set(Checking::Idle);
            problems.extend(compiled.diagnostics);
            self.diags.set(problems);
            match compiled.catalog {
                None => self
                    .notify
                    .emit("The catalog file has errors and was not added; see below.".into()),
                Some(catalog) => {
                    self.set.emit(CatalogState {
                        catalog: Shared::new(catalog),
                        session_files: session,
                        texts: true,
                    });
                    self.notify.emit(format!(
                        "Added {} to the catalog for this session.",
                        names.join(", ")
                    ));
                }
            }
        });
    }
}

#[function_component(CatalogFiles)]
fn catalog_files(p: &CatalogProps) -> Html {
    let diags = use_state(Vec::<Diagnostic>::new);
    let checking = use_state(|| Checking::Idle);
    let cat = &p.catalog_state.catalog;
    let task = CatalogTask {
        set: p.set_catalog.clone(),
        diags: diags.clone(),
        checking: checking.clone(),
        notify: p.env.notify.clone(),
    };
    let add = add_catalog_files(p.catalog_state.clone(), task.clone());
    let on_pick = {
        let add = add.clone();
        Callback::from(move |e: Event| {
            let input = e.target_unchecked_into::<HtmlInputElement>();
            add.emit(super::dom::files(input.files()));
            input.set_value("");
        })
    };
    let status = checking_status(&checking, &task);
    html! {
        <section aria-labelledby="catalog-h">
            <h2 id="catalog-h">{ "Catalog" }</h2>
            <p>{ format!("{} products, revision {}.", cat.products.len(), cat.revision) }</p>
            if !p.catalog_state.session_files.is_empty() {
                <p>{ format!("Added this session: {}.", p.catalog_state.session_files.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>().join(", ")) }</p>
            }
            <p class="muted">{ "Bring a product the catalog does not have: a catalog file (.toml, see catalog/README.md) is checked with the same rules as the bundled ones. Valid files are added for this session only." }</p>
            <div class="toolbar">
                <input id="open-catalog" class="file-input" type="file" accept=".toml,text/plain" multiple=true
                    onchange={on_pick} aria-describedby="catalog-msg" />
                <label class="button file-button" for="open-catalog">{ "Add catalog file…" }</label>
            </div>
            { drop_zone("catalog-drop", "Or drop catalog files (.toml) here", &add) }
            <div id="catalog-msg" aria-live="polite">
                { status }
                { for diags.iter().map(diagnostic) }
            </div>
        </section>
    }
}

/// Reads picked or dropped catalog files and has them checked with the session's earlier ones.
fn add_catalog_files(state: CatalogState, task: CatalogTask) -> Callback<Vec<web_sys::File>> {
    Callback::from(move |files: Vec<web_sys::File>| {
        let state = state.clone();
        let task = task.clone();
        yew::platform::spawn_local(async move {
            let mut added: Vec<(String, String)> = Vec::new();
            let mut problems = Vec::new();
            for f in files {
                match super::dom::read_file(&f).await {
                    Ok(t) => added.push((f.name(), t)),
                    Err(e) => problems.push(Diagnostic::error(Code::CatalogRead, e)),
                }
            }
            if added.is_empty() {
                task.diags.set(problems);
                return;
            }
            // The session's files replace earlier ones of the same name.
            let mut session: Vec<(String, String)> = state
                .session_files
                .iter()
                .filter(|(n, _)| !added.iter().any(|(m, _)| m == n))
                .cloned()
                .collect();
            session.extend(added.iter().cloned());
            let names: Vec<String> = added.iter().map(|(n, _)| n.clone()).collect();
            task.check(Rc::new(session), names, problems);
        });
    })
}

/// Where checking stands: nothing, busy, or the module could not be loaded (with "Try again").
fn checking_status(checking: &Checking, task: &CatalogTask) -> Html {
    match checking {
        Checking::Idle => html! {},
        Checking::Busy(names) => html! {
            <p class="muted checking" role="status">{ format!("Checking {names}…") }</p>
        },
        Checking::Unavailable {
            session,
            names,
            problems,
            error,
        } => {
            let retry = {
                let task = task.clone();
                let (session, names, problems) = (session.clone(), names.clone(), problems.clone());
                Callback::from(move |_| {
                    task.clone()
                        .check(session.clone(), names.clone(), problems.clone())
                })
            };
            html! {
                <div class="load-error" role="alert">
                    <p class="sev-error">{ format!("{} could not be checked: the part of the planner that checks catalog files could not be loaded: {error}", names.join(", ")) }</p>
                    <p>{ "Check the connection and try again. The bundled catalog keeps working." }</p>
                    { button("button primary", "Try again", retry) }
                </div>
            }
        }
    }
}
