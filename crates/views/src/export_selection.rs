//! What an export covers, chosen in the Export view for any format: one product of the plan and
//! one direction across the plan's edge, as the CLI's `--product`/`--direction` and
//! `exportPlan`'s options (the module narrows the report; the file name then says so).

use portolan::ui::lazy_api::Selection;
use portolan::ui::widgets::{select, Env};
use yew::prelude::*;

/// The directions offered: (value, label); the empty value keeps every direction.
const DIRECTIONS: &[(&str, &str)] = &[
    ("", "All directions"),
    ("outbound", "Outbound: from the plan's hosts"),
    ("inbound", "Inbound: to the plan's hosts"),
    ("internal", "Internal: between the plan's hosts"),
];

/// The products that have rules in the plan's report, in the plan's order: (id, name).
pub fn products(env: &Env) -> Vec<(String, String)> {
    env.plan
        .products
        .iter()
        .filter(|p| {
            env.report
                .rules
                .iter()
                .any(|r| r.products.iter().any(|x| x.as_str() == p.id))
        })
        .map(|p| {
            let name = env
                .catalog
                .product(&p.id)
                .map_or_else(|| p.id.to_string(), |c| c.name.clone());
            (p.id.to_string(), name)
        })
        .collect()
}

/// The selection an export uses: the chosen one, without a product the report no longer has
/// rules of (the plan changed since).
pub fn effective(chosen: &Selection, products: &[(String, String)]) -> Selection {
    let mut s = chosen.clone();
    if !products.iter().any(|(id, _)| *id == s.product) {
        s.product.clear();
    }
    s
}

/// The product and direction pickers; each emits the chosen value (empty for all).
pub fn pickers(
    products: &[(String, String)],
    current: &Selection,
    on_product: &Callback<String>,
    on_direction: &Callback<String>,
) -> Html {
    let mut product_options: Vec<(AttrValue, AttrValue)> =
        vec![(AttrValue::from(""), AttrValue::from("All products"))];
    product_options.extend(
        products
            .iter()
            .map(|(id, name)| (AttrValue::from(id.clone()), AttrValue::from(name.clone()))),
    );
    let direction_options: Vec<(AttrValue, AttrValue)> = DIRECTIONS
        .iter()
        .map(|(v, l)| (AttrValue::from(*v), AttrValue::from(*l)))
        .collect();
    html! {
        <fieldset class="export-selection">
            <legend>{ "Rules to export" }</legend>
            { select("export-product", "Product", &current.product, &product_options, on_product, None) }
            { select("export-direction", "Direction", &current.direction, &direction_options, on_direction, None) }
        </fieldset>
    }
}

/// What the export covers, in words, over its preview; nothing when it covers every rule.
pub fn caption(current: &Selection, products: &[(String, String)]) -> Html {
    let product = products
        .iter()
        .find(|(id, _)| *id == current.product)
        .map(|(_, name)| name.as_str());
    let direction = DIRECTIONS
        .iter()
        .find(|(v, _)| !v.is_empty() && *v == current.direction)
        .map(|(v, _)| *v);
    let text = match (product, direction) {
        (None, None) => return html! {},
        (Some(p), None) => format!("Only the rules of {p}."),
        (None, Some(d)) => format!("Only the {d} rules."),
        (Some(p), Some(d)) => format!("Only the {d} rules of {p}."),
    };
    html! { <p class="export-covers" role="status">{ text }</p> }
}
