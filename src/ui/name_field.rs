//! A field that takes a host's name, for plans with too many hosts for a menu of them
//! ([`HOSTS_IN_A_LIST`]): the Network view's "Add a host" and the flows' host filter. While it
//! has the focus it suggests the names that hold what is typed ([`suggestions`], at most
//! [`SUGGESTED`]), so a site of 10,000 agent PCs draws no list of 10,000 names; a name that is
//! not one of its names is refused at the field.

use super::filter::suggestions;
use super::widgets::Shared;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// Past this many hosts, a control that picks one host is a [`NameField`] instead of a menu: a
/// menu of each of a 10,000-host site's hosts took seconds to draw (BENCHMARKS-ui.md, "The flow
/// table on the large site").
pub const HOSTS_IN_A_LIST: usize = 200;

/// How many names the field suggests at a time.
pub const SUGGESTED: usize = 50;

#[derive(Properties, PartialEq)]
pub struct NameFieldProps {
    pub id: AttrValue,
    /// The names the field takes.
    pub names: Shared<Vec<String>>,
    /// The name shown when drawn (the filter's host); empty for a field that adds.
    #[prop_or_default]
    pub value: AttrValue,
    pub placeholder: AttrValue,
    #[prop_or_default]
    pub describedby: Option<AttrValue>,
    /// The start of the message for a refused name (`no host is named` → "no host is named
    /// `x`").
    pub refusal: AttrValue,
    /// Empty the field once a name is taken (a field that adds).
    #[prop_or_default]
    pub clear: bool,
    /// Called with the index in `names` of the name entered, or `None` when the field is
    /// emptied.
    pub onpick: Callback<Option<usize>>,
}

/// The field and, while it has the focus, its suggestions (a `<datalist>` of the names that
/// hold what is typed). A refusal lasts until the user edits the field or the value it shows
/// changes (the flows' "Clear filters").
#[function_component(NameField)]
pub fn name_field(p: &NameFieldProps) -> Html {
    let typed = use_state(String::new);
    let focused = use_state(|| false);
    let field = use_node_ref();
    {
        let (field, typed) = (field.clone(), typed.clone());
        use_effect_with(p.value.clone(), move |_| {
            if let Some(input) = field.cast::<HtmlInputElement>() {
                input.set_custom_validity("");
            }
            typed.set(String::new());
        });
    }
    let list = format!("{}-names", p.id);
    let oninput = {
        let typed = typed.clone();
        Callback::from(move |e: InputEvent| {
            let input = e.target_unchecked_into::<HtmlInputElement>();
            input.set_custom_validity("");
            typed.set(input.value());
        })
    };
    let onchange = {
        let (names, refusal, clear, onpick) = (
            p.names.clone(),
            p.refusal.clone(),
            p.clear,
            p.onpick.clone(),
        );
        let typed = typed.clone();
        Callback::from(move |e: Event| {
            let input = e.target_unchecked_into::<HtmlInputElement>();
            let value = input.value();
            let name = value.trim();
            if name.is_empty() {
                input.set_custom_validity("");
                onpick.emit(None);
                return;
            }
            match names.iter().position(|n| n.trim() == name) {
                Some(i) => {
                    input.set_custom_validity("");
                    onpick.emit(Some(i));
                    if clear {
                        input.set_value("");
                        typed.set(String::new());
                    }
                }
                None => {
                    input.set_custom_validity(&format!("{refusal} `{name}`"));
                    input.report_validity();
                }
            }
        })
    };
    let onfocus = {
        let focused = focused.clone();
        Callback::from(move |_: FocusEvent| focused.set(true))
    };
    let onblur = {
        let focused = focused.clone();
        Callback::from(move |_: FocusEvent| focused.set(false))
    };
    html! {
        <>
            <input ref={field} id={p.id.clone()} type="text" list={list.clone()} value={p.value.clone()}
                placeholder={p.placeholder.clone()} autocomplete="off" spellcheck="false"
                aria-describedby={p.describedby.clone()} {oninput} {onchange} {onfocus} {onblur} />
            if *focused {
                <datalist id={list}>
                    { for suggestions(&p.names, &typed, SUGGESTED).into_iter().map(|n| html! { <option value={n.to_string()} /> }) }
                </datalist>
            }
        </>
    }
}
