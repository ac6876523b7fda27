//! Compare: "what changes if…". B starts as a copy of the plan; change a version or an option
//! in B and see the flows to open and the flows that can be closed.

use crate::counted_table::counted_table;
use portolan::ui::document::endpoint_text;
use portolan::ui::for_views::{product_config, Config};
use portolan::ui::state::{Action, Edit, Target};
use portolan::ui::widgets::{button, Env, FieldIndex, Shared};
use portolan_core::plan::Plan;
use portolan_engine::{diff, Diff, FlowChange, Report};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct CompareProps {
    pub env: Env,
    pub compare: Option<Shared<Plan>>,
    /// The catalog files the session added (for the upgrade panel).
    pub session_files: Rc<Vec<(String, String)>>,
}

#[function_component(Compare)]
pub fn compare(p: &CompareProps) -> Html {
    let env = &p.env;
    // Hooks run on every render, B or not (Yew requires the same hooks in the same order).
    let report_b = use_memo((p.compare.clone(), env.catalog.clone()), |(b, c)| {
        b.as_ref()
            .map(|b| Shared::new(portolan_engine::evaluate(c, b)))
    });
    let fields_b = use_memo((*report_b).clone(), |r| {
        r.as_ref().map(|r| Shared::new(FieldIndex::new(r)))
    });
    let d = use_memo((env.report.clone(), (*report_b).clone()), |(a, b)| {
        b.as_ref().map(|b| diff(a, b))
    });
    let (Some(b), Some(report_b), Some(fields_b), Some(d)) = (
        p.compare.clone(),
        (*report_b).clone(),
        (*fields_b).clone(),
        (*d).clone(),
    ) else {
        return not_comparing(env, &p.session_files);
    };
    let env_b = Env {
        plan: b.clone(),
        report: report_b.clone(),
        fields: fields_b,
        ..env.clone()
    };
    let adopt = {
        let d = env.dispatch.clone();
        let n = env.notify.clone();
        Callback::from(move |_| {
            d.emit(Action::AdoptCompare);
            n.emit("B is now the plan.".into());
        })
    };
    let stop = {
        let d = env.dispatch.clone();
        Callback::from(move |_| d.emit(Action::StopCompare))
    };
    html! {
        <section class="compare" aria-labelledby="compare-h">
            <h2 id="compare-h">{ "What changes if…" }</h2>
            <div class="toolbar">
                { button("button primary", "Keep B as the plan", adopt) }
                { button("button", "Stop comparing", stop) }
            </div>
            <div class="compare-layout">
                { b_editor(&env_b, &b) }
                { diff_view(env, &report_b, &d) }
            </div>
        </section>
    }
}

/// Before comparing: the upgrade panel, and the button that makes B.
fn not_comparing(env: &Env, session_files: &Rc<Vec<(String, String)>>) -> Html {
    let start = {
        let d = env.dispatch.clone();
        Callback::from(move |_| d.emit(Action::StartCompare))
    };
    html! {
        <section class="compare" aria-labelledby="compare-h">
            <h2 id="compare-h">{ "What changes if…" }</h2>
            <super::view_upgrade::UpgradePanel env={env.clone()} session_files={session_files.clone()} />
            <h3>{ "Compare with a copy of the plan" }</h3>
            <p>{ "Duplicate the plan as B, change a version or an option in B, and see which flows would have to be opened and which could be closed. The plan itself is not changed until you choose to keep B." }</p>
            <button type="button" class="button primary" onclick={start} disabled={env.plan.products.is_empty()}>
                { "Duplicate the plan as B" }
            </button>
            if env.plan.products.is_empty() {
                <p class="empty">{ "Nothing to compare yet: the plan has no product. Pick one on Products first; then you can try, say, another version here and see which firewall openings it would add or remove." }</p>
            }
        </section>
    }
}

/// B's products, each with its versions and options, and a picker that adds one.
fn b_editor(env_b: &Env, b: &Plan) -> Html {
    let addable: Vec<(String, String)> = env_b
        .catalog
        .products
        .iter()
        .filter(|p| b.product(&p.id).is_none())
        .map(|p| (p.id.to_string(), p.name.clone()))
        .collect();
    let add = {
        let d = env_b.dispatch.clone();
        Callback::from(move |e: Event| {
            let sel = e.target_unchecked_into::<web_sys::HtmlSelectElement>();
            let v = sel.value();
            if !v.is_empty() {
                d.emit(Action::Edit(Target::Compare, Edit::AddProduct(v)));
            }
            sel.set_value("");
        })
    };
    html! {
        <section class="compare-b" aria-labelledby="b-h">
            <h3 id="b-h">{ "B: change versions and options here" }</h3>
            // keyed by product, in a list of their own (as in the Products view)
            <>{ for (0..b.products.len()).map(|index| {
                product_config(env_b, &Config { index, target: Target::Compare, prefix: "b".into(), compact: true })
            }) }</>
            if !addable.is_empty() {
                <div class="field">
                    <label for="b-add">{ "Add a product to B" }</label>
                    <select id="b-add" onchange={add}>
                        <option value="" selected=true>{ "choose…" }</option>
                        { for addable.iter().map(|(id, n)| html! { <option value={id.clone()}>{ n.clone() }</option> }) }
                    </select>
                </div>
            }
        </section>
    }
}

/// What B changes: the rules' count, the flows to open and to close, the warnings it adds and
/// removes.
fn diff_view(env: &Env, report_b: &Report, d: &Diff) -> Html {
    html! {
        <section class="compare-diff" aria-labelledby="diff-h" aria-live="polite">
            <h3 id="diff-h">{ "Plan → B" }</h3>
            <p>{ format!("B needs {} rules ({} now).", report_b.rules.len(), env.report.rules.len()) }</p>
            { changes("Flows to open", "changes open", &d.open) }
            { changes("Flows that can be closed", "changes close", &d.close) }
            if !d.warnings_added.is_empty() {
                <h4>{ format!("New warnings in B ({})", d.warnings_added.len()) }</h4>
                <ul class="warning-list">
                    { for d.warnings_added.iter().map(|w| html! { <li class={portolan::ui::widgets::severity_class(w.severity)}>{ format!("{}: {}", w.severity, w.message) }</li> }) }
                </ul>
            }
            if !d.warnings_removed.is_empty() {
                <h4>{ format!("Warnings gone in B ({})", d.warnings_removed.len()) }</h4>
                <ul class="warning-list">
                    { for d.warnings_removed.iter().map(|w| html! { <li>{ w.message.clone() }</li> }) }
                </ul>
            }
        </section>
    }
}

fn changes(title: &str, class: &'static str, list: &[FlowChange]) -> Html {
    let columns = ["Source", "Destination", "Transport", "Ports", "Why"];
    counted_table(title, class, &columns, list, |c| {
        html! {
            <tr>
                <td>{ endpoint_text(&c.source) }</td>
                <td>{ endpoint_text(&c.destination) }</td>
                <td>{ c.transport.as_str().to_ascii_uppercase() }</td>
                <td class="ports">{ c.ports.to_string() }</td>
                <td>
                    { c.purposes.join(" ") }
                    <code class="rule-id">{ c.catalog_rules.join(", ") }</code>
                </td>
            </tr>
        }
    })
}
