//! Compare's upgrade mode: pick a product of the plan that documents releases, a release to
//! start from and one to go to, and see what the upgrade changes — flows to open and to close,
//! flows whose ports, addresses or protocol change, requirements that appear or disappear —
//! each cited from both releases; download it as a change request (Markdown, HTML, CSV).
//!
//! The upgrade is worked out here by the engine (`portolan_engine::upgrade`); the change request
//! is written by the JavaScript API's module (`exportUpgrade`), loaded on first use.

use super::lazy_api;
use super::widgets::{table_head, Env};
use portolan_engine::upgrade::{SideCite, Upgrade, UpgradeFlow, UpgradeRequest};
use wasm_bindgen::JsValue;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct UpgradeProps {
    pub env: Env,
}

/// The products of the plan whose catalog entry documents releases: (id, name).
fn candidates(env: &Env) -> Vec<(String, String)> {
    (env.plan.products.iter())
        .filter_map(|pp| env.catalog.product(&pp.id))
        .filter(|p| p.release_component().is_some())
        .map(|p| (p.id.to_string(), p.name.clone()))
        .collect()
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
    let request = UpgradeRequest {
        product: &pid,
        from: Some(&from_v),
        to: &to_v,
    };
    let result = portolan_engine::upgrade(&env.catalog, &env.plan, request);
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
            { match result {
                Err(e) => html! {
                    <p class="field-error" role="alert" id="upgrade-error">
                        { e.message.clone() }<br/><span class="help">{ e.help.clone() }</span>
                    </p>
                },
                Ok(u) => view(env, &u),
            } }
        </section>
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

fn cite(c: &SideCite) -> Html {
    html! { <span class="cite-line">{ c.text() }</span> }
}

fn flows(title: &str, class: &'static str, list: &[UpgradeFlow]) -> Html {
    html! {
        <div {class}>
            <h4>{ format!("{title} ({})", list.len()) }</h4>
            if list.is_empty() {
                <p class="muted">{ "None." }</p>
            } else {
                <table>
                    { table_head(&["Source", "Destination", "Transport", "Ports", "Why", "From release", "To release"]) }
                    <tbody>
                        { for list.iter().map(|f| html! {
                            <tr>
                                <td>{ super::document::endpoint_text(&f.source) }</td>
                                <td>{ super::document::endpoint_text(&f.destination) }</td>
                                <td>{ f.transport.as_str().to_ascii_uppercase() }</td>
                                <td class="ports">{ f.ports.to_string() }</td>
                                <td>{ f.purpose.clone() }<code class="rule-id">{ f.rule.clone() }</code></td>
                                <td>{ cite(&f.cite_from) }</td>
                                <td>{ cite(&f.cite_to) }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            }
        </div>
    }
}

fn view(env: &Env, u: &Upgrade) -> Html {
    let requirement_rows = (u.requirements_added.iter().map(|q| ("appears", q)))
        .chain(u.requirements_removed.iter().map(|q| ("goes away", q)))
        .chain(u.requirements_changed.iter().map(|q| ("changes", q)));
    html! {
        <div class="upgrade-result" aria-live="polite">
            <p>{ format!("{}: {} → {}", u.product_name, u.from.label, u.to.label) }</p>
            { for u.notes.iter().map(|n| html! { <p class="note">{ n.clone() }</p> }) }
            { flows("Flows to open", "changes open", &u.open) }
            { flows("Flows that can be closed", "changes close", &u.close) }
            <div class="changes changed">
                <h4>{ format!("Flows that change ({})", u.changed.len()) }</h4>
                <ul>
                    { for u.changed.iter().map(|c| html! {
                        <li>
                            <strong>{ format!("{} → {} {}", c.source, c.destination, c.transport.as_str().to_ascii_uppercase()) }</strong>
                            <code class="rule-id">{ c.rule_to.clone() }</code>
                            <ul>
                                { for c.differences.iter().map(|d| html! {
                                    <li class="difference">{ format!("{}: {} → {}", d.what, d.from, d.to) }</li>
                                }) }
                            </ul>
                            { cite(&c.cite_from) }<br/>{ cite(&c.cite_to) }
                        </li>
                    }) }
                </ul>
            </div>
            <div class="changes requirements">
                <h4>{ format!("Requirements and warnings ({})", u.requirements_added.len() + u.requirements_removed.len() + u.requirements_changed.len() + u.warnings_added.len() + u.warnings_removed.len()) }</h4>
                <ul>
                    { for requirement_rows.map(|(how, q)| html! {
                        <li>{ format!("{how}: [{}] {}", q.kind, q.text) }<br/>{ cite(&q.cite_from) }<br/>{ cite(&q.cite_to) }</li>
                    }) }
                    { for u.warnings_added.iter().map(|w| html! { <li>{ format!("warning appears: {}", w.message) }</li> }) }
                    { for u.warnings_removed.iter().map(|w| html! { <li>{ format!("warning goes away: {}", w.message) }</li> }) }
                </ul>
            </div>
            if !u.carried_over.is_empty() {
                <p class="carried">
                    { format!(
                        "Not seen in the {} document; carried over: {}",
                        u.to.release,
                        u.carried_over.iter().map(|c| format!("{} (from {})", c.fact, c.from)).collect::<Vec<_>>().join(", ")
                    ) }
                </p>
            }
            { downloads(env, u) }
        </div>
    }
}

/// Buttons that download the upgrade as a change request.
fn downloads(env: &Env, u: &Upgrade) -> Html {
    let button = |format: &'static str, label: &'static str| {
        let plan = env.plan.clone();
        let notify = env.notify.clone();
        let (product, from, to) = (
            u.product.clone(),
            u.from.version.clone(),
            u.to.version.clone(),
        );
        let onclick = Callback::from(move |_| {
            let (plan, notify) = (plan.clone(), notify.clone());
            let (product, from, to) = (product.clone(), from.clone(), to.clone());
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
                        JsValue::from_str(&super::dom::now_iso()),
                    ];
                    let a = api.call("exportUpgrade", &args)?;
                    let get = |k: &str| {
                        js_sys::Reflect::get(&a, &JsValue::from_str(k))
                            .ok()
                            .and_then(|v| v.as_string())
                            .unwrap_or_default()
                    };
                    let (name, mime, content) = (get("file_name"), get("mime"), get("content"));
                    super::dom::download(&name, &mime, &content)?;
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
