//! Building blocks the views share: the value every view receives ([`Env`]), labelled text
//! fields that keep what the user typed, inline errors, citations.

use super::fields::dom_id;
use super::guide::Step;
use super::state::Action;
use portolan_catalog::{Catalog, Citation};
use portolan_core::diag::{FieldPath, Severity};
use portolan_core::plan::Plan;
use portolan_engine::{Report, Warning};
use std::collections::BTreeMap;
use std::ops::Deref;
use std::rc::Rc;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// A shared value compared by identity: cheap to pass as a prop, and "changed" exactly when a
/// new value was made.
pub struct Shared<T>(pub Rc<T>);

impl<T> Shared<T> {
    pub fn new(v: T) -> Self {
        Shared(Rc::new(v))
    }
}

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared(self.0.clone())
    }
}

impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl<T> Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

/// Warnings by the control that shows them (see `FieldPath::control`), by its text.
#[derive(Default)]
pub struct FieldIndex(BTreeMap<String, Vec<usize>>);

impl FieldIndex {
    pub fn new(report: &Report) -> Self {
        let mut m: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (i, w) in report.warnings.iter().enumerate() {
            if let Some(f) = &w.field {
                m.entry(f.control().to_string()).or_default().push(i);
            }
        }
        FieldIndex(m)
    }

    pub fn get<'a>(&self, report: &'a Report, field: &str) -> Vec<&'a Warning> {
        self.0
            .get(field)
            .map(|v| v.iter().filter_map(|&i| report.warnings.get(i)).collect())
            .unwrap_or_default()
    }
}

/// What every view receives: the catalog, the plan, its report, and ways to change things.
#[derive(Clone, PartialEq)]
pub struct Env {
    pub catalog: Shared<Catalog>,
    pub plan: Shared<Plan>,
    pub report: Shared<Report>,
    pub fields: Shared<FieldIndex>,
    pub dispatch: Callback<Action>,
    /// Opens the view of a plan field and focuses its control.
    pub goto: Callback<FieldPath>,
    /// Tells the user something (a polite live region).
    pub notify: Callback<String>,
    /// The steps of each product's guided start the user skipped (app state, so they stay
    /// skipped when the view changes).
    pub skipped: Rc<BTreeMap<String, Vec<Step>>>,
}

impl Env {
    pub fn warnings_at(&self, field: &str) -> Vec<&Warning> {
        self.fields.get(&self.report, field)
    }
}

/// The severity as a word and a class.
pub fn severity_class(s: Severity) -> &'static str {
    match s {
        Severity::Error => "sev-error",
        Severity::Warning => "sev-warning",
        Severity::Info => "sev-info",
    }
}

/// Inline messages under a control (an `id` for `aria-describedby`).
pub fn field_messages(id: &str, warnings: &[&Warning], local: Option<&str>) -> Html {
    if warnings.is_empty() && local.is_none() {
        return html! {};
    }
    html! {
        <ul class="field-messages" id={id.to_string()}>
            { for local.map(|m| html! { <li class="sev-error">{ m.to_string() }</li> }) }
            { for warnings.iter().map(|w| html! {
                <li class={severity_class(w.severity)}>
                    <span class="sev-word">{ format!("{}: ", w.severity) }</span>
                    { w.message.clone() }
                    { for w.help.as_ref().map(|h| html! { <span class="help">{ format!(" — {h}") }</span> }) }
                </li>
            }) }
        </ul>
    }
}

#[derive(Properties, PartialEq)]
pub struct TextFieldProps {
    /// The plan field this control edits (for its DOM id and its warnings).
    pub field: AttrValue,
    /// `a` for the plan, `b` for the copy being compared.
    #[prop_or(AttrValue::Static("a"))]
    pub prefix: AttrValue,
    pub label: AttrValue,
    pub value: AttrValue,
    pub oninput: Callback<String>,
    #[prop_or_default]
    pub warnings: Vec<Warning>,
    /// An error found while typing (before the engine sees it).
    #[prop_or_default]
    pub local_error: Option<AttrValue>,
    #[prop_or_default]
    pub help: Option<Html>,
    /// Help on demand: the help in a disclosure ("Help"), open from the start when
    /// `help_open`.
    #[prop_or_default]
    pub fold_help: bool,
    #[prop_or_default]
    pub help_open: bool,
    #[prop_or_default]
    pub placeholder: Option<AttrValue>,
    /// Id of a `<datalist>` offering values.
    #[prop_or_default]
    pub list: Option<AttrValue>,
    #[prop_or_default]
    pub inputmode: Option<AttrValue>,
    /// Hide the label visually (it stays for screen readers).
    #[prop_or_default]
    pub label_hidden: bool,
    #[prop_or_default]
    pub autocomplete: Option<AttrValue>,
}

/// A labelled text input that shows exactly what the user types while it has focus (the plan
/// may store a normalised form), with its help and the warnings of its field underneath.
#[function_component(TextField)]
pub fn text_field(p: &TextFieldProps) -> Html {
    let draft = use_state(|| None::<String>);
    let id = dom_id(&p.prefix, &p.field);
    let help_id = format!("{id}-help");
    let msg_id = format!("{id}-msg");
    let refs: Vec<&Warning> = p.warnings.iter().collect();
    let invalid = p.local_error.is_some() || refs.iter().any(|w| w.severity == Severity::Error);
    let mut described = Vec::new();
    if p.help.is_some() {
        described.push(help_id.clone());
    }
    if !refs.is_empty() || p.local_error.is_some() {
        described.push(msg_id.clone());
    }
    let value = (*draft).clone().unwrap_or_else(|| p.value.to_string());
    let oninput = {
        let draft = draft.clone();
        let cb = p.oninput.clone();
        Callback::from(move |e: InputEvent| {
            let text = e.target_unchecked_into::<HtmlInputElement>().value();
            draft.set(Some(text.clone()));
            cb.emit(text);
        })
    };
    let onblur = {
        let draft = draft.clone();
        Callback::from(move |_: FocusEvent| draft.set(None))
    };
    html! {
        <div class={if invalid { "field invalid" } else { "field" }}>
            <label for={id.clone()} class={p.label_hidden.then_some("visually-hidden")}>{ p.label.clone() }</label>
            <input
                type="text"
                id={id}
                value={value}
                {oninput}
                {onblur}
                placeholder={p.placeholder.clone()}
                list={p.list.clone()}
                inputmode={p.inputmode.clone()}
                autocomplete={p.autocomplete.clone().unwrap_or(AttrValue::Static("off"))}
                spellcheck="false"
                aria-invalid={if invalid { "true" } else { "false" }}
                aria-describedby={(!described.is_empty()).then(|| described.join(" "))}
            />
            { for p.help.clone().map(|h| {
                let help = html! { <div class="field-help" id={help_id.clone()}>{ h }</div> };
                if p.fold_help {
                    html! { <details class="help" open={p.help_open}><summary>{ "Help" }</summary>{ help }</details> }
                } else {
                    help
                }
            }) }
            { field_messages(&msg_id, &refs, p.local_error.as_deref()) }
        </div>
    }
}

/// A `<button type="button">` with a fixed label.
pub fn button(class: &'static str, label: &'static str, onclick: Callback<MouseEvent>) -> Html {
    html! { <button type="button" {class} {onclick}>{ label }</button> }
}

/// A table's `<thead>`: one row of column headers.
pub fn table_head(columns: &[&'static str]) -> Html {
    html! {
        <thead><tr>
            { for columns.iter().map(|&c| html! { <th scope="col">{ c }</th> }) }
        </tr></thead>
    }
}

/// The vendor statement behind a fact, folded: "Source" opens the quote and its document.
pub fn citation(catalog: &Catalog, product: &str, cite: &Citation) -> Html {
    let (title, url) = super::document::source_of(catalog, product, cite);
    html! {
        <details class="cite">
            <summary>{ "Source" }</summary>
            <blockquote>{ format!("“{}”", cite.quote) }</blockquote>
            <p class="cite-title">
                { "— " }
                { match url {
                    Some(u) => html! { <a href={u} rel="noopener noreferrer" target="_blank">{ title }</a> },
                    None => html! { <span>{ title }</span> },
                } }
            </p>
        </details>
    }
}

/// A labelled `<select>` whose options are `(value, label)`; emits the chosen value.
pub fn select(
    id: &str,
    label: &str,
    value: &str,
    options: &[(AttrValue, AttrValue)],
    onchange: &Callback<String>,
    describedby: Option<String>,
) -> Html {
    let onchange = {
        let cb = onchange.clone();
        Callback::from(move |e: Event| {
            cb.emit(
                e.target_unchecked_into::<web_sys::HtmlSelectElement>()
                    .value(),
            );
        })
    };
    html! {
        <div class="field">
            <label for={id.to_string()}>{ label.to_string() }</label>
            <select id={id.to_string()} {onchange} aria-describedby={describedby}>
                { for options.iter().map(|(v, l)| html! {
                    <option value={v.clone()} selected={v == value}>{ l.clone() }</option>
                }) }
            </select>
        </div>
    }
}
