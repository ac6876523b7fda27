//! Export: pick any format the engine offers, preview it, copy it, download it.

use super::widgets::{Env, Shared};
use crate::export::{self, ExportContext};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ViewProps {
    pub env: Env,
}

#[function_component(Export)]
pub fn export_view(p: &ViewProps) -> Html {
    let env = &p.env;
    let formats = export::registry();
    let chosen = use_state(|| {
        formats
            .first()
            .map(|f| f.id().to_string())
            .unwrap_or_default()
    });
    let artifact = use_memo(
        (
            (*chosen).clone(),
            env.report.clone(),
            env.plan.clone(),
            env.catalog.clone(),
        ),
        |(id, r, pl, c)| {
            export::find(id).map(|e| {
                let when = super::dom::now_iso();
                Shared::new(export::export(
                    e,
                    &ExportContext {
                        report: r,
                        plan: pl,
                        catalog: c,
                        generated_at: &when,
                    },
                ))
            })
        },
    );
    if formats.is_empty() {
        return html! {
            <section class="export" aria-labelledby="export-h">
                <h2 id="export-h">{ "Export" }</h2>
                <p class="empty">{ "This build has no export formats yet. The plan itself can be saved under Plan file, and the change request printed." }</p>
            </section>
        };
    }
    let onchange = {
        let chosen = chosen.clone();
        Callback::from(move |e: Event| {
            chosen.set(
                e.target_unchecked_into::<web_sys::HtmlInputElement>()
                    .value(),
            )
        })
    };
    let current = export::find(&chosen);
    let (copy, download) = match &*artifact {
        Some(a) => {
            let a1 = a.clone();
            let n1 = env.notify.clone();
            let copy = Callback::from(move |_| {
                let a = a1.clone();
                let n = n1.clone();
                yew::platform::spawn_local(async move {
                    if super::dom::copy_text(&a.content).await {
                        n.emit(format!("Copied {} to the clipboard.", a.file_name));
                    } else {
                        n.emit(
                            "The browser did not allow copying; select the preview and copy it."
                                .into(),
                        );
                    }
                });
            });
            let a2 = a.clone();
            let n2 = env.notify.clone();
            let download = Callback::from(move |_| {
                match super::dom::download(&a2.file_name, &a2.mime, &a2.content) {
                    Ok(()) => n2.emit(format!("Downloaded {}.", a2.file_name)),
                    Err(e) => n2.emit(format!("The download failed: {e}")),
                }
            });
            (copy, download)
        }
        None => (Callback::noop(), Callback::noop()),
    };
    html! {
        <section class="export" aria-labelledby="export-h">
            <h2 id="export-h">{ "Export" }</h2>
            <div class="export-layout">
                <fieldset class="formats">
                    <legend>{ "Format" }</legend>
                    { for formats.iter().map(|f| {
                        let id = format!("fmt-{}", f.id());
                        html! {
                            <div class="field radio" key={f.id()}>
                                <input type="radio" name="format" id={id.clone()} value={f.id()}
                                    checked={*chosen == f.id()} onchange={onchange.clone()} />
                                <label for={id}>{ f.name() }<span class="muted">{ format!(" .{}", f.extension()) }</span></label>
                            </div>
                        }
                    }) }
                </fieldset>
                <div class="export-preview">
                    if let Some(f) = current {
                        <p>{ f.description() }</p>
                    }
                    if let Some(a) = &*artifact {
                        <div class="toolbar">
                            <button type="button" class="button primary" onclick={download}>{ format!("Download {}", a.file_name) }</button>
                            <button type="button" class="button" onclick={copy}>{ "Copy" }</button>
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
                        <pre class="preview" tabindex="0" aria-label={format!("Preview of {}", a.file_name)}><code>{ a.content.clone() }</code></pre>
                    }
                </div>
            </div>
        </section>
    }
}
