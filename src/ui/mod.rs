//! The planner in the browser (Yew; compiled for wasm32 only).
//!
//! Components only render what the engine returns; they keep no copy of anything derivable.
//! For now the app shows the products of the bundled catalog, or the catalog's diagnostics when
//! it does not load.

use crate::catalog::{self, Product};
use crate::Diagnostic;
use yew::prelude::*;

/// The page's heading (also its `<title>`, set in `index.html`).
pub const TITLE: &str = "Portolan — firewall requirements planner";

/// Mounts the planner into the page's `<body>`.
pub fn start() {
    yew::Renderer::<App>::new().render();
}

/// The whole planner.
#[function_component(App)]
pub fn app() -> Html {
    // Loading is pure: do it once per mount, not on every render.
    let loaded = use_memo((), |()| catalog::bundled());
    let content = match &*loaded {
        Ok(catalog) => product_list(&catalog.products),
        Err(diagnostics) => diagnostic_list(diagnostics),
    };
    html! {
        <>
            <header class="site-header">
                <h1>{ TITLE }</h1>
            </header>
            <main>{ content }</main>
        </>
    }
}

fn product_list(products: &[Product]) -> Html {
    html! {
        <section class="products" aria-labelledby="products-heading">
            <h2 id="products-heading">{ format!("Products in the catalog ({})", products.len()) }</h2>
            <ul class="product-list">
                { for products.iter().map(product_card) }
            </ul>
        </section>
    }
}

fn product_card(product: &Product) -> Html {
    html! {
        <li class="product-card">
            <h3>{ product.name.clone() }</h3>
            <p class="vendor">{ product.vendor.clone() }</p>
            <p class="summary">{ product.summary.clone() }</p>
        </li>
    }
}

fn diagnostic_list(diagnostics: &[Diagnostic]) -> Html {
    html! {
        <section class="diagnostics" role="alert">
            <h2>{ "The bundled catalog could not be loaded" }</h2>
            <ul>
                { for diagnostics.iter().map(|d| html! { <li><pre>{ d.to_string() }</pre></li> }) }
            </ul>
        </section>
    }
}
