//! The planner's parts of issue #15: a multi-select choice as checkboxes, the roles the
//! current choices do not use folded away, and the Export view's refusal while the plan has
//! input errors. The logic is in [`super::choices`] (plain Rust, tested natively).

use super::choices;
use super::widgets::Env;
use portolan_core::plan::OptionValue;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// A multi-select option (`type = "set"`): one checkbox per value; `set` receives the plan's new
/// value (`None`: the default).
pub fn set_option(
    id: &str,
    name: &str,
    given: Option<&OptionValue>,
    values: &[String],
    default: &[String],
    set: &Callback<Option<OptionValue>>,
    describedby: &str,
) -> Html {
    let now = choices::chosen(given, default);
    let invalid: Vec<&str> = now
        .iter()
        .copied()
        .filter(|v| !values.iter().any(|x| x == v))
        .collect();
    html! {
        <fieldset class="field checks" id={id.to_string()} aria-describedby={describedby.to_string()}>
            <legend>{ name.to_string() }
                <span class="muted">{ format!(" (default {})", if default.is_empty() { "none".to_string() } else { default.join(", ") }) }</span>
            </legend>
            { for values.iter().map(|v| {
                let box_id = format!("{id}-{v}");
                let onchange = {
                    let set = set.clone();
                    let given = given.cloned();
                    let values = values.to_vec();
                    let default = default.to_vec();
                    let v = v.clone();
                    Callback::from(move |e: Event| {
                        let on = e.target_unchecked_into::<HtmlInputElement>().checked();
                        set.emit(choices::toggled(given.as_ref(), &values, &default, &v, on));
                    })
                };
                html! {
                    <div class="check" key={v.clone()}>
                        <input type="checkbox" id={box_id.clone()} checked={now.contains(&v.as_str())} {onchange} />
                        <label for={box_id}>{ v.clone() }</label>
                    </div>
                }
            }) }
            if !invalid.is_empty() {
                <p class="note">{ format!("Not values of this option: {}", invalid.join(", ")) }</p>
            }
        </fieldset>
    }
}

/// The roles of a product the current choices do not use: a folded list with a count.
pub fn folded_roles(names: &[(String, Vec<String>)]) -> Html {
    if names.is_empty() {
        return html! {};
    }
    html! {
        <details class="folded-roles">
            <summary>{ format!("{} role(s) not used by the current choices", names.len()) }</summary>
            <p class="muted">{ "These belong to tables of the vendor's document that the product's options do not choose: they produce no flows and no warnings." }</p>
            <ul>
                { for names.iter().map(|(name, hosts)| html! {
                    <li>
                        { name.clone() }
                        if !hosts.is_empty() {
                            <span class="muted">{ format!(" — still carried by {} (no flows)", hosts.join(", ")) }</span>
                        }
                    </li>
                }) }
            </ul>
        </details>
    }
}

/// The Export view's answer while the plan has input errors: nothing is exported, and each
/// error links to its field.
pub fn refusal(env: &Env) -> Option<Html> {
    let errors: Vec<&portolan_engine::Warning> = env.report.input_errors().collect();
    if errors.is_empty() {
        return None;
    }
    Some(html! {
        <div class="export-refused" role="alert">
            <p class="sev-error">{ format!(
                "Not exported: the plan has {} input error(s). An allow-list written now could miss flows or open more than the deployment needs.",
                errors.len()
            ) }</p>
            <ul>
                { for errors.iter().map(|w| {
                    let link = w.field.clone().map(|field| {
                        let goto = env.goto.clone();
                        let f = field.clone();
                        let onclick = Callback::from(move |_| goto.emit(f.clone()));
                        html! { <button type="button" class="link" {onclick}>{ field.to_string() }</button> }
                    });
                    html! { <li>{ for link }{ format!(" {}", w.message) }</li> }
                }) }
            </ul>
            <p>{ "Fix these fields; the Flows & warnings view still shows every flow the plan determines." }</p>
        </div>
    })
}
