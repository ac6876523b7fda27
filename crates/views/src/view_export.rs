//! Export: pick any format the engine offers and what it covers (a product, a direction:
//! [`super::export_selection`]), preview it, copy it, download it.
//!
//! The exporters are not in the planner's module: they are in the JavaScript API's module
//! ([`portolan::ui::lazy_api`]), loaded the first time this view opens (a loading line meanwhile, and an
//! error with "Try again" when it cannot be loaded).

use super::export_selection;
use crate::api_module::{use_api_module, Module};
use portolan::ui::lazy_api::{ApiModule, Artifact, Format, Selection};
use portolan::ui::widgets::{button, Env, Shared};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ViewProps {
    pub env: Env,
    /// The catalog files added in this session (name, text): the export evaluates the plan
    /// against the same catalog as the planner.
    pub session_files: Rc<Vec<(String, String)>>,
}

#[function_component(Export)]
pub fn export_view(p: &ViewProps) -> Html {
    let (module, retry) = use_api_module();
    // The formats and the export of the chosen one, once the module is there (hooks run on
    // every render, loaded or not).
    let ready = match &*module {
        Module::Ready(m) => Some(m.clone()),
        _ => None,
    };
    let formats = use_memo(ready.clone(), |m| m.as_ref().map(ApiModule::formats));
    let chosen = use_state(String::new);
    let list: &[Format] = match &*formats {
        Some(Ok(list)) => list,
        _ => &[],
    };
    // The first format until the user picks one.
    let current: Option<&Format> = list
        .iter()
        .find(|f| f.id == *chosen)
        .or_else(|| list.first());
    let current_id = current.map(|f| f.id.clone()).unwrap_or_default();
    // What the export covers: every rule until the user picks a product or a direction.
    let chosen_selection = use_state(Selection::default);
    let products = export_selection::products(&p.env);
    let selection = export_selection::effective(&chosen_selection, &products);
    let artifact = use_memo(
        (
            current_id,
            p.env.plan.clone(),
            p.session_files.clone(),
            ready,
            selection.clone(),
        ),
        |(id, plan, files, module, selection)| {
            let module = module.as_ref()?;
            if id.is_empty() {
                return None;
            }
            let when = portolan::ui::dom::now_iso();
            Some(
                module
                    .export(plan, id, &when, files, selection)
                    .map(Shared::new),
            )
        },
    );
    let heading = html! { <h2 id="export-h">{ "Export" }</h2> };
    // Nothing is exported while the plan has input errors, whatever the module's state.
    if let Some(refused) = portolan::ui::for_views::refusal(&p.env) {
        return html! {
            <section class="export" aria-labelledby="export-h">
                { heading }
                { refused }
            </section>
        };
    }
    match &*module {
        Module::Loading => html! {
            <section class="export" aria-labelledby="export-h" aria-busy="true">
                { heading }
                <p class="empty export-loading" role="status">{ "Loading the export formats…" }</p>
            </section>
        },
        Module::Failed(e) => failed(heading, e, &retry),
        Module::Ready(_) => {
            let pick = Pick {
                products,
                current: selection,
                chosen: chosen_selection,
            };
            formats_view(&p.env, list, current, &formats, &artifact, &chosen, &pick)
        }
    }
}

/// The module could not be loaded: why, and "Try again".
fn failed(heading: Html, e: &str, retry: &Callback<()>) -> Html {
    let retry = retry.reform(|_| ());
    html! {
        <section class="export" aria-labelledby="export-h">
            { heading }
            <div class="export-error" role="alert">
                <p class="sev-error">{ format!("The export formats could not be loaded: {e}") }</p>
                <p>{ "Check the connection and try again. The plan itself can still be saved under Plan file." }</p>
                { button("button primary", "Try again", retry) }
            </div>
        </section>
    }
}

/// The product and direction the export covers: the choices, the one in use, the user's pick.
struct Pick {
    products: Vec<(String, String)>,
    current: Selection,
    chosen: UseStateHandle<Selection>,
}

impl Pick {
    /// The pickers, each changing its half of the user's pick.
    fn view(&self) -> Html {
        let on_product = {
            let (chosen, current) = (self.chosen.clone(), self.current.clone());
            Callback::from(move |product: String| {
                chosen.set(Selection {
                    product,
                    ..current.clone()
                })
            })
        };
        let on_direction = {
            let (chosen, current) = (self.chosen.clone(), self.current.clone());
            Callback::from(move |direction: String| {
                chosen.set(Selection {
                    direction,
                    ..current.clone()
                })
            })
        };
        export_selection::pickers(&self.products, &self.current, &on_product, &on_direction)
    }
}

/// The export view once the module is loaded: the formats, and the chosen one's preview.
fn formats_view(
    env: &Env,
    list: &[Format],
    current: Option<&Format>,
    formats: &Option<Result<Vec<Format>, String>>,
    artifact: &Option<Result<Shared<Artifact>, String>>,
    chosen: &UseStateHandle<String>,
    pick: &Pick,
) -> Html {
    if let Some(Err(e)) = formats {
        return html! {
            <section class="export" aria-labelledby="export-h">
                <h2 id="export-h">{ "Export" }</h2>
                <p class="sev-error" role="alert">{ format!("The export formats could not be listed: {e}") }</p>
            </section>
        };
    }
    if list.is_empty() {
        return html! {
            <section class="export" aria-labelledby="export-h">
                <h2 id="export-h">{ "Export" }</h2>
                <p class="empty">{ "This build has no export formats yet. The plan itself can be saved under Plan file, and the change request printed." }</p>
            </section>
        };
    }
    let current_id = current.map(|f| f.id.as_str()).unwrap_or_default();
    html! {
        <section class="export" aria-labelledby="export-h">
            <h2 id="export-h">{ "Export" }</h2>
            if env.report.rules.is_empty() {
                <p class="empty">{ "Nothing to export yet: the plan has no firewall rule. An export is the list of openings your firewall needs, written in the language of your firewall (nftables, a Windows Firewall script, a spreadsheet…); it fills in once products are chosen and their roles are on hosts. The formats can be looked at meanwhile." }</p>
            }
            <div class="export-layout">
                { format_list(list, current_id, chosen) }
                <div class="export-preview">
                    if let Some(f) = current {
                        <p>{ f.description.clone() }</p>
                    }
                    { pick.view() }
                    { super::format_matrix::matrix(list) }
                    if let Some(Err(e)) = artifact {
                        <p class="sev-error" role="alert">{ format!("The export failed: {e}") }</p>
                    }
                    if let Some(Ok(a)) = artifact {
                        { export_selection::caption(&pick.current, &pick.products) }
                        { artifact_view(env, a) }
                    }
                </div>
            </div>
        </section>
    }
}

/// The formats to choose from, as radio buttons.
fn format_list(list: &[Format], current_id: &str, chosen: &UseStateHandle<String>) -> Html {
    let onchange = {
        let chosen = chosen.clone();
        Callback::from(move |e: Event| {
            chosen.set(
                e.target_unchecked_into::<web_sys::HtmlInputElement>()
                    .value(),
            )
        })
    };
    html! {
        <fieldset class="formats">
            <legend>{ "Format" }</legend>
            { for list.iter().map(|f| {
                let id = format!("fmt-{}", f.id);
                html! {
                    <div class="field radio" key={f.id.clone()}>
                        <input type="radio" name="format" id={id.clone()} value={f.id.clone()}
                            checked={current_id == f.id} onchange={onchange.clone()} />
                        <label for={id}>{ f.name.clone() }<span class="muted">{ format!(" .{}", f.extension) }</span></label>
                    </div>
                }
            }) }
        </fieldset>
    }
}

/// The export made: download and copy, what the format could not express or renamed, and the
/// preview.
fn artifact_view(env: &Env, a: &Shared<Artifact>) -> Html {
    html! { <>
        <div class="toolbar">
            <button type="button" class="button primary" onclick={download(env, a)}>{ format!("Download {}", a.file_name) }</button>
            { button("button", "Copy", copy(env, a)) }
            <span class="muted">{ format!("{} rule(s) from {} network flow(s)", a.rule_count, a.flow_count) }</span>
        </div>
        if !a.unexpressed.is_empty() {
            <div class="unexpressed">
                <h3>{ format!("Not expressed in this format ({})", a.unexpressed.len()) }</h3>
                <ul>
                    { for a.unexpressed.iter().map(|u| html! { <li><code>{ u.rule.clone() }</code>{ format!(": {}", u.reason) }</li> }) }
                </ul>
            </div>
        }
        if !a.renamed.is_empty() {
            <div class="renamed">
                <h3>{ "Names changed for this format" }</h3>
                <ul>
                    { for a.renamed.iter().map(|r| html! { <li>{ format!("{} → {}", r.from, r.to) }</li> }) }
                </ul>
            </div>
        }
        if !a.bytes.is_empty() {
            <p class="muted">{ "The download is the workbook; below are its cells as tab-separated text (what Copy copies)." }</p>
        }
        <pre class="preview" tabindex="0" aria-label={format!("Preview of {}", a.file_name)}><code>{ a.content.clone() }</code></pre>
    </> }
}

/// Copies the export's text to the clipboard.
fn copy(env: &Env, a: &Shared<Artifact>) -> Callback<MouseEvent> {
    let (a, notify) = (a.clone(), env.notify.clone());
    Callback::from(move |_| {
        let (a, n) = (a.clone(), notify.clone());
        yew::platform::spawn_local(async move {
            if portolan::ui::dom::copy_text(&a.content).await {
                n.emit(format!("Copied {} to the clipboard.", a.file_name));
            } else {
                n.emit("The browser did not allow copying; select the preview and copy it.".into());
            }
        });
    })
}

/// Downloads the export's file (the workbook's bytes for a binary format).
fn download(env: &Env, a: &Shared<Artifact>) -> Callback<MouseEvent> {
    let (a, notify) = (a.clone(), env.notify.clone());
    Callback::from(move |_| {
        let saved = if a.bytes.is_empty() {
            portolan::ui::dom::download(&a.file_name, &a.mime, &a.content)
        } else {
            portolan::ui::dom::download_bytes(&a.file_name, &a.mime, &a.bytes)
        };
        match saved {
            Ok(()) => notify.emit(format!("Downloaded {}.", a.file_name)),
            Err(e) => notify.emit(format!("The download failed: {e}")),
        }
    })
}
