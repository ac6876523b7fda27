//! Choose products: the catalog picker (search by words, category, vendor and tags; each
//! product's coverage) and, per product in the plan, its
//! component versions, options and parameters with help, defaults, ranges and citations.

use super::filter::fold_case;
use super::product_form::ProductForm;
use super::product_scope::ProductScope;
use super::state::{Action, Edit, Target};
use super::widgets::{Env, Shared};
use portolan_catalog::find::Query;
use portolan_catalog::{category_label, Catalog, Coverage, Product, CATEGORIES};
use portolan_core::sort::SortShared;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// What the catalog picker shows: the catalog and which of its products the plan has.
#[derive(Properties, PartialEq)]
struct PickerProps {
    catalog: Shared<Catalog>,
    /// The ids of the plan's products.
    chosen: Vec<String>,
    dispatch: Callback<Action>,
}

/// The Products view.
pub fn products(env: &Env) -> Html {
    html! {
        <div class="products-layout" key="products">
            <Picker catalog={env.catalog.clone()} dispatch={env.dispatch.clone()}
                chosen={env.plan.products.iter().map(|p| p.id.clone()).collect::<Vec<_>>()} />
            <section class="chosen" aria-labelledby="chosen-h">
                <h2 id="chosen-h">{ "In this plan" }</h2>
                if env.plan.products.is_empty() {
                    { first_step(env) }
                }
                // One list of its own, keyed by product: among the heading and the first step,
                // Yew would match the forms by position from the end, so adding a product would
                // draw every form again (and give one product's open sections to another).
                <>{ for (0..env.plan.products.len()).map(|index| {
                    product_config(env, &Config { index, target: Target::Main, prefix: "a".into(), compact: false })
                }) }</>
            </section>
        </div>
    }
}

/// The friendly first step of an empty plan.
fn first_step(env: &Env) -> Html {
    let examples = super::examples::titles();
    html! {
        <div class="first-step">
            <p class="lead">{ "Start here: what are you deploying?" }</p>
            <ol>
                <li>{ "Add each product from the catalog, then set its versions and options." }</li>
                <li>{ "On " }<strong>{ "Network" }</strong>{ ", say which hosts and subnets carry each role (e.g. " }<code>{ "agent-pc = 10.20.0.0/16" }</code>{ ")." }</li>
                <li>{ "Review the flows and warnings, then export the allow-list or print the change request." }</li>
            </ol>
            <p>{ "Or start from an example plan:" }</p>
            <ul class="examples">
                { for examples.into_iter().map(|(id, title)| {
                    let dispatch = env.dispatch.clone();
                    let onclick = Callback::from(move |_| {
                        if let Some(plan) = super::examples::example(id) {
                            dispatch.emit(Action::Replace(plan));
                        }
                    });
                    html! { <li><button type="button" class="button" {onclick}>{ title }</button></li> }
                }) }
            </ul>
        </div>
    }
}

/// A `<select>` that sets `state` to the chosen value (`""`: all).
fn filter_select(
    id: &'static str,
    label: &'static str,
    state: &UseStateHandle<String>,
    choices: Vec<(String, String)>,
) -> Html {
    let onchange = {
        let state = state.clone();
        Callback::from(move |e: Event| {
            state.set(e.target_unchecked_into::<HtmlSelectElement>().value())
        })
    };
    html! {
        <div class="field">
            <label for={id}>{ label }</label>
            <select {id} {onchange}>
                <option value="" selected={state.is_empty()}>{ "All" }</option>
                { for choices.into_iter().map(|(value, text)| {
                    let selected = **state == value;
                    html! { <option {value} {selected}>{ text }</option> }
                }) }
            </select>
        </div>
    }
}

#[function_component(Picker)]
fn picker(p: &PickerProps) -> Html {
    let query = use_state(String::new);
    let category = use_state(String::new);
    let vendor = use_state(String::new);
    let oninput = {
        let query = query.clone();
        Callback::from(move |e: InputEvent| {
            query.set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let on_tag = {
        let query = query.clone();
        Callback::from(move |tag: String| query.set(tag))
    };
    let products = &p.catalog.products;
    let mut vendors: Vec<&str> = products.iter().map(|p| p.vendor.as_str()).collect();
    vendors.sort_shared();
    vendors.dedup();
    let categories: Vec<(String, String)> = CATEGORIES
        .iter()
        .filter(|(c, _)| products.iter().any(|p| p.category.as_deref() == Some(*c)))
        .map(|(c, label)| (c.to_string(), label.to_string()))
        .collect();
    let find = Query {
        text: (*query).clone(),
        vendor: None,
        category: Some((*category).clone()).filter(|c| !c.is_empty()),
        tags: Vec::new(),
    };
    let shown: Vec<&Product> = products
        .iter()
        .filter(|x| vendor.is_empty() || x.vendor == *vendor)
        .filter(|x| find.matches(x, &fold_case))
        .collect();
    html! {
        <section class="picker" aria-labelledby="picker-h">
            <h2 id="picker-h">{ "Catalog" }</h2>
            <div class="field">
                <label for="product-search">{ "Search products" }</label>
                <input id="product-search" type="search" value={(*query).clone()} {oninput}
                    placeholder="name, vendor, category or tag" autocomplete="off" />
            </div>
            { filter_select("product-category", "Category", &category, categories) }
            { filter_select("product-vendor", "Vendor", &vendor,
                vendors.iter().map(|v| (v.to_string(), v.to_string())).collect()) }
            <p class="muted" aria-live="polite">
                { format!("{} of {} products", shown.len(), products.len()) }
            </p>
            { for vendors.iter().map(|v| {
                let list: Vec<&&Product> = shown.iter().filter(|x| x.vendor == *v).collect();
                if list.is_empty() {
                    return html! {};
                }
                html! {
                    <section class="vendor" key={v.to_string()}>
                        <h3>{ v.to_string() }</h3>
                        <ul class="product-list">
                            { for list.iter().map(|prod| product_card(p, prod, &on_tag)) }
                        </ul>
                    </section>
                }
            }) }
        </section>
    }
}

/// A product's coverage as the planner shows it: a badge, and what is missing when partial.
pub fn coverage_note(c: &Coverage) -> Html {
    match c {
        Coverage::Complete => html! {
            <p class="coverage complete">{ "Complete port table" }</p>
        },
        Coverage::Partial { missing } => html! {
            <p class="coverage partial">
                <strong>{ "Partial port table" }</strong>
                { format!(": not the full vendor list. Missing: {missing}") }
            </p>
        },
        Coverage::Unstated => html! {
            <p class="coverage partial">{ "Coverage not stated: the catalog file does not say whether this is the whole vendor list" }</p>
        },
    }
}

fn product_card(p: &PickerProps, prod: &Product, on_tag: &Callback<String>) -> Html {
    let chosen = p.chosen.iter().any(|id| *id == *prod.id);
    let onclick = {
        let dispatch = p.dispatch.clone();
        let id = prod.id.to_string();
        Callback::from(move |_| {
            let e = if chosen {
                Edit::RemoveProduct(id.clone())
            } else {
                Edit::AddProduct(id.clone())
            };
            dispatch.emit(Action::Edit(Target::Main, e));
        })
    };
    let summary = super::state::first_sentence(&prod.summary, 200);
    html! {
        <li class={if chosen { "product-card chosen" } else { "product-card" }} key={prod.id.to_string()}>
            <h4>{ prod.name.clone() }</h4>
            <p class="vendor">{ prod.vendor.clone() }
                { for prod.category.as_deref().map(|c| html! { <span class="category">{ format!(" · {}", category_label(c)) }</span> }) }
            </p>
            <p class="summary">{ summary }</p>
            { coverage_note(&prod.coverage) }
            if !prod.tags.is_empty() {
                <ul class="tags" aria-label="Tags">
                    { for prod.tags.iter().map(|t| {
                        let on_tag = on_tag.clone();
                        let tag = t.clone();
                        let onclick = Callback::from(move |_| on_tag.emit(tag.clone()));
                        html! { <li><button type="button" class="tag" {onclick}
                            aria-label={format!("Search for the tag {t}")}>{ t.clone() }</button></li> }
                    }) }
                </ul>
            }
            <button type="button" class={if chosen { "button" } else { "button primary" }}
                aria-label={format!("{}: {}", if chosen { "Remove" } else { "Add to plan" }, prod.name)}
                data-product={prod.id.to_string()} {onclick}>
                { if chosen { "Remove" } else { "Add to plan" } }
            </button>
        </li>
    }
}

/// Which product of which plan [`product_config`] shows, and how.
#[derive(Clone, PartialEq)]
pub struct Config {
    /// Index into `env.plan.products`.
    pub index: usize,
    pub target: Target,
    /// `a` for the plan, `b` for the copy being compared (DOM ids).
    pub prefix: AttrValue,
    /// Show versions and options only (the compare view).
    pub compact: bool,
}

/// One product of a plan: versions, options, parameters (keyed by the product's id), drawn by
/// `product_form`. A component whose props are only what the form shows (`product_scope`), so
/// an edit re-draws the products it changed and not the others.
pub fn product_config(env: &Env, p: &Config) -> Html {
    let Some(scope) = ProductScope::new(env, p.index) else {
        return html! {};
    };
    let key = scope.product.id.clone();
    html! {
        <ProductForm {key} catalog={env.catalog.clone()}
            dispatch={env.dispatch.clone()} goto={env.goto.clone()} cfg={p.clone()} {scope} />
    }
}
