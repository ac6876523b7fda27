//! Compare's upgrade mode: pick a product of the plan that documents releases, a release to
//! start from and one to go to, and see what the upgrade changes — flows to open and to close,
//! flows whose ports, addresses or protocol change, requirements that appear or disappear —
//! each cited from both releases; download it as a change request (Markdown, HTML, CSV).
//!
//! The upgrade is worked out and written by the JavaScript API's module (`upgradeView`, and
//! `exportUpgrade` for the change request), loaded on first use: a newcomer's first load
//! carries neither the upgrade's computation nor its types (BENCHMARKS-ui.md, issue #19).

use crate::counted_table::counted_table;
use portolan::ui::lazy_api::{self, Js};
use portolan::ui::widgets::{Env, Shared};
use portolan_core::plan::Plan;
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct UpgradeProps {
    pub env: Env,
    /// The catalog files the session added: a product of theirs can be upgraded too.
    pub session_files: Rc<Vec<(String, String)>>,
}

/// The products of the plan whose catalog entry documents releases: (id, name).
fn candidates(env: &Env) -> Vec<(String, String)> {
    (env.plan.products.iter())
        .filter_map(|pp| env.catalog.product(&pp.id))
        .filter(|p| p.release_component().is_some())
        .map(|p| (p.id.to_string(), p.name.clone()))
        .collect()
}

/// What the view asks the module for: the plan, the product, from and to, and the session's
/// catalog files.
type Request = (
    Shared<Plan>,
    String,
    String,
    String,
    Rc<Vec<(String, String)>>,
);

/// The upgrade written by the module (`upgradeView`), or what it said was wrong (message and
/// help), or why the module could not be loaded.
#[derive(Clone, PartialEq)]
enum Outcome {
    Shown(Js),
    Refused { message: String, help: String },
    Failed(String),
}

async fn ask(request: Request) -> Outcome {
    let (plan, product, from, to, files) = request;
    let api = match lazy_api::load().await {
        Ok(api) => api,
        Err(e) => return Outcome::Failed(e),
    };
    let call = || -> Result<JsValue, JsValue> {
        let plan = js_sys::JSON::parse(&plan.to_json())?;
        let f: js_sys::Function =
            js_sys::Reflect::get(api.namespace(), &"upgradeView".into())?.dyn_into()?;
        let files = lazy_api::files_to_js(&files);
        let args = js_sys::Array::of5(&plan, &product.into(), &to.into(), &from.into(), &files);
        f.apply(&JsValue::UNDEFINED, &args)
    };
    match call() {
        Ok(v) => Outcome::Shown(Js(v)),
        Err(thrown) => {
            let d = Js(thrown.clone());
            match d.opt("message") {
                Some(message) => Outcome::Refused {
                    message,
                    help: d.str("help"),
                },
                None => Outcome::Failed(lazy_api::describe(thrown)),
            }
        }
    }
}

/// Asks the module for the upgrade whenever the request changes; `None` while it is worked out.
#[hook]
fn use_upgrade(request: Request) -> Option<Outcome> {
    let shown = use_state(|| None::<(Request, Outcome)>);
    {
        let shown = shown.clone();
        use_effect_with(request.clone(), move |request| {
            let request = request.clone();
            yew::platform::spawn_local(async move {
                let outcome = ask(request.clone()).await;
                shown.set(Some((request, outcome)));
            });
        });
    }
    (*shown)
        .as_ref()
        .filter(|(r, _)| *r == request)
        .map(|(_, o)| o.clone())
}

#[function_component(UpgradePanel)]
pub fn upgrade_panel(p: &UpgradeProps) -> Html {
    let env = &p.env;
    let list = candidates(env);
    let product = use_state(|| None::<String>);
    let from = use_state(|| None::<String>);
    let to = use_state(|| None::<String>);
    let chosen = (*product)
        .clone()
        .filter(|id| list.iter().any(|(c, _)| c == id))
        .or_else(|| list.first().map(|(id, _)| id.clone()));
    let Some(pid) = chosen else {
        return html! {
            <section class="upgrade" aria-labelledby="upgrade-h">
                <h3 id="upgrade-h">{ "Upgrade a product" }</h3>
                <p class="muted">{ "No product of the plan documents several releases." }</p>
            </section>
        };
    };
    let Some(prod) = env.catalog.product(&pid) else {
        return html! {};
    };
    let Some(comp) = prod.release_component() else {
        return html! {};
    };
    let plan_version = (env.plan.product(&pid))
        .and_then(|pp| pp.versions.get(&comp.id).cloned())
        .or_else(|| comp.default.as_ref().map(ToString::to_string))
        .unwrap_or_default();
    let from_v = (*from).clone().unwrap_or(plan_version);
    let newest = comp
        .releases
        .last()
        .map(|r| r.version.to_string())
        .unwrap_or_default();
    let to_v = (*to).clone().unwrap_or(newest);
    let releases: Vec<(String, String)> = (comp.releases.iter().rev())
        .map(|r| (r.version.to_string(), r.label()))
        .collect();
    let pick = |state: UseStateHandle<Option<String>>| {
        Callback::from(move |e: Event| {
            state.set(Some(e.target_unchecked_into::<HtmlSelectElement>().value()))
        })
    };
    let product_select = {
        let product = product.clone();
        let (from, to) = (from.clone(), to.clone());
        Callback::from(move |e: Event| {
            product.set(Some(e.target_unchecked_into::<HtmlSelectElement>().value()));
            from.set(None);
            to.set(None);
        })
    };
    html! {
        <section class="upgrade" aria-labelledby="upgrade-h">
            <h3 id="upgrade-h">{ "Upgrade a product" }</h3>
            <div class="upgrade-pick">
                { select("upgrade-product", "Product", &list, &pid, product_select) }
                { select("upgrade-from", "From release", &releases, &from_v, pick(from.clone())) }
                { select("upgrade-to", "To release", &releases, &to_v, pick(to.clone())) }
            </div>
            <UpgradeResult env={env.clone()} session_files={p.session_files.clone()}
                product={pid} from={from_v} to={to_v} />
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct ResultProps {
    env: Env,
    session_files: Rc<Vec<(String, String)>>,
    product: String,
    from: String,
    to: String,
}

/// The upgrade the module worked out for the chosen product and releases.
#[function_component(UpgradeResult)]
fn upgrade_result(p: &ResultProps) -> Html {
    let outcome = use_upgrade((
        p.env.plan.clone(),
        p.product.clone(),
        p.from.clone(),
        p.to.clone(),
        p.session_files.clone(),
    ));
    match outcome {
        None => html! { <p class="muted" aria-live="polite">{ "Working out the upgrade…" }</p> },
        Some(Outcome::Refused { message, help }) => html! {
            <p class="field-error" role="alert" id="upgrade-error">
                { message }<br/><span class="help">{ help }</span>
            </p>
        },
        Some(Outcome::Failed(e)) => html! {
            <p class="field-error" role="alert">{ format!("The upgrade could not be worked out: {e}") }</p>
        },
        Some(Outcome::Shown(u)) => view(p, &u),
    }
}

fn select(
    id: &'static str,
    label: &'static str,
    options: &[(String, String)],
    value: &str,
    onchange: Callback<Event>,
) -> Html {
    html! {
        <div class="field">
            <label for={id}>{ label }</label>
            <select {id} {onchange}>
                { for options.iter().map(|(v, l)| html! {
                    <option value={v.clone()} selected={v == value}>{ l.clone() }</option>
                }) }
            </select>
        </div>
    }
}

fn cite(text: String) -> Html {
    html! { <span class="cite-line">{ text }</span> }
}

fn flows(title: &str, class: &'static str, list: &[Js]) -> Html {
    let columns = [
        "Source",
        "Destination",
        "Transport",
        "Ports",
        "Why",
        "From release",
        "To release",
    ];
    counted_table(title, class, &columns, list, |f| {
        html! {
            <tr>
                <td>{ f.str("source") }</td>
                <td>{ f.str("destination") }</td>
                <td>{ f.str("transport") }</td>
                <td class="ports">{ f.str("ports") }</td>
                <td>{ f.str("purpose") }<code class="rule-id">{ f.str("rule") }</code></td>
                <td>{ cite(f.str("cite_from")) }</td>
                <td>{ cite(f.str("cite_to")) }</td>
            </tr>
        }
    })
}

/// The upgrade as `upgradeView` writes it.
fn view(p: &ResultProps, u: &Js) -> Html {
    let changed = u.list("changed");
    let requirements = u.list("requirements");
    html! {
        <div class="upgrade-result" aria-live="polite">
            <p>{ u.str("title") }</p>
            { for u.strs("notes").into_iter().map(|n| html! { <p class="note">{ n }</p> }) }
            { flows("Flows to open", "changes open", &u.list("open")) }
            { flows("Flows that can be closed", "changes close", &u.list("close")) }
            <div class="changes changed">
                <h4>{ format!("Flows that change ({})", changed.len()) }</h4>
                <ul>
                    { for changed.iter().map(|c| html! {
                        <li>
                            <strong>{ c.str("title") }</strong>
                            <code class="rule-id">{ c.str("rule") }</code>
                            <ul>
                                { for c.strs("differences").into_iter().map(|d| html! {
                                    <li class="difference">{ d }</li>
                                }) }
                            </ul>
                            { cite(c.str("cite_from")) }<br/>{ cite(c.str("cite_to")) }
                        </li>
                    }) }
                </ul>
            </div>
            <div class="changes requirements">
                <h4>{ format!("Requirements and warnings ({})", requirements.len()) }</h4>
                <ul>
                    { for requirements.iter().map(|q| html! {
                        <li>{ q.str("text") }{ for q.strs("cites").into_iter().map(|c| html! { <><br/>{ cite(c) }</> }) }</li>
                    }) }
                </ul>
            </div>
            if let Some(carried) = u.opt("carried") {
                <p class="carried">{ carried }</p>
            }
            { downloads(p) }
        </div>
    }
}

/// Buttons that download the upgrade as a change request.
fn downloads(p: &ResultProps) -> Html {
    let button = |format: &'static str, label: &'static str| {
        let plan = p.env.plan.clone();
        let notify = p.env.notify.clone();
        let (product, from, to) = (p.product.clone(), p.from.clone(), p.to.clone());
        let files = p.session_files.clone();
        let onclick = Callback::from(move |_| {
            let (plan, notify) = (plan.clone(), notify.clone());
            let (product, from, to) = (product.clone(), from.clone(), to.clone());
            let files = lazy_api::files_to_js(&files);
            yew::platform::spawn_local(async move {
                let out = async {
                    let api = lazy_api::load().await?;
                    let plan = js_sys::JSON::parse(&plan.to_json()).map_err(lazy_api::describe)?;
                    let args = [
                        plan,
                        JsValue::from_str(&product),
                        JsValue::from_str(&to),
                        JsValue::from_str(&from),
                        JsValue::from_str(format),
                        JsValue::from_str(&portolan::ui::dom::now_iso()),
                        files,
                    ];
                    let a = api.call("exportUpgrade", &args)?;
                    let get = |k: &str| {
                        js_sys::Reflect::get(&a, &JsValue::from_str(k))
                            .ok()
                            .and_then(|v| v.as_string())
                            .unwrap_or_default()
                    };
                    let (name, mime, content) = (get("file_name"), get("mime"), get("content"));
                    portolan::ui::dom::download(&name, &mime, &content)?;
                    Ok::<String, String>(name)
                };
                match out.await {
                    Ok(name) => notify.emit(format!("Downloaded {name}.")),
                    Err(e) => notify.emit(format!("The change request could not be made: {e}")),
                }
            });
        });
        html! { <button type="button" class="button" {onclick}>{ label }</button> }
    };
    html! {
        <div class="toolbar">
            { button("markdown", "Change request (Markdown)") }
            { button("html", "Change request (HTML)") }
            { button("csv", "Change request (CSV)") }
        </div>
    }
}
