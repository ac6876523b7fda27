//! The planner in the browser.
//!
//! What a host page asks of the planner (`embed`) and the version line (`footer`) are plain Rust,
//! compiled on every target and unit-tested natively. The Yew components are compiled for wasm32
//! only. For now the app shows the products of the bundled catalog, or — when a host preset
//! products (URL parameters or `mount()` options) — the firewall rules of that preset plan.

pub mod embed;
pub mod footer;

/// The page's heading (also its `<title>`, set in `index.html`).
pub const TITLE: &str = "Portolan — firewall requirements planner";

#[cfg(target_arch = "wasm32")]
pub use app::{start, App, AppProps};

#[cfg(target_arch = "wasm32")]
mod app {
    use super::embed::Embed;
    use super::footer::Footer;
    use super::TITLE;
    use crate::catalog::{Catalog, Product};
    use crate::engine::{self, AggregatedRule, Endpoint, EndpointKind};
    use crate::plan::Plan;
    use crate::Diagnostic;
    use std::rc::Rc;
    use yew::prelude::*;

    /// Mounts the planner into the page's `<body>`, configured by the page's URL parameters
    /// (`?embed=1&product=...`, see [`super::embed`]).
    pub fn start() {
        let props = crate::wasm_mount::app_props(crate::wasm_mount::page_embed());
        yew::Renderer::<App>::with_props(props).render();
    }

    /// What the planner starts from. The default is the planner's own page with nothing preset.
    #[derive(Properties, PartialEq, Default)]
    pub struct AppProps {
        /// What the host page asked for: compact mode, preset plan, persistence (see `embed`).
        #[prop_or_default]
        pub embed: Rc<Embed>,
    }

    /// The whole planner.
    #[function_component(App)]
    pub fn app(props: &AppProps) -> Html {
        // Loading is pure: do it once per page, not on every render.
        let loaded = use_memo((), |()| crate::wasm_api::bundled_catalog());
        let embed = &props.embed;
        let (content, revision) = match &*loaded {
            Ok(catalog) => (
                match &embed.plan {
                    Some(plan) => plan_view(catalog, plan),
                    None => product_list(&catalog.products),
                },
                catalog.revision.clone(),
            ),
            Err(diagnostics) => (diagnostic_list(diagnostics), String::new()),
        };
        html! {
            <div class={classes!("app", embed.compact.then_some("is-compact"))}>
                if embed.compact {
                    <h1 class="visually-hidden">{ TITLE }</h1>
                } else {
                    <header class="site-header">
                        <h1>{ TITLE }</h1>
                    </header>
                }
                if !embed.diagnostics.is_empty() {
                    <section class="embed-notes" role="status" aria-label="Embedding parameters">
                        <ul>
                            { for embed.diagnostics.iter().map(|d| html! { <li>{ d.to_string() }</li> }) }
                        </ul>
                    </section>
                }
                <main>{ content }</main>
                <Footer revision={revision} />
            </div>
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

    /// The preset plan: its products with their settings, and the firewall rules it needs.
    fn plan_view(catalog: &Catalog, plan: &Plan) -> Html {
        let report = engine::evaluate(catalog, plan);
        let name = |id: &str| {
            catalog
                .product(id)
                .map_or_else(|| id.to_string(), |p| p.name.clone())
        };
        let settings = plan.products.iter().map(|p| {
            let product = catalog.product(&p.id);
            let versions = p.versions.iter().map(|(c, v)| {
                let c = product
                    .and_then(|pr| pr.component(c))
                    .map_or_else(|| c.clone(), |c| c.name.clone());
                html! { <li>{ format!("{c}: {v}") }</li> }
            });
            let options = p.options.iter().map(|(o, v)| {
                let o = product
                    .and_then(|pr| pr.option(o))
                    .map_or_else(|| o.clone(), |o| o.name.clone());
                html! { <li>{ format!("{o}: {v}") }</li> }
            });
            let parameters = p.parameters.iter().map(|(k, v)| {
                let k = product
                    .and_then(|pr| pr.parameter(k))
                    .map_or_else(|| k.clone(), |k| k.name.clone());
                html! { <li>{ format!("{k}: {v}") }</li> }
            });
            html! {
                <li class="preset-product" data-product={p.id.clone()}>
                    <h3>{ name(&p.id) }</h3>
                    <ul class="settings">{ for versions }{ for options }{ for parameters }</ul>
                </li>
            }
        });
        let problems: Vec<_> = report
            .warnings
            .iter()
            .filter(|w| w.code != "unassigned-role")
            .collect();
        html! {
            <section class="preset-plan" aria-labelledby="plan-heading">
                <h2 id="plan-heading">{ "Firewall rules" }</h2>
                <ul class="preset-products">{ for settings }</ul>
                <table class="port-table">
                    <caption>{ format!("{} rule(s) to open", report.rules.len()) }</caption>
                    <thead>
                        <tr>
                            <th scope="col">{ "From" }</th>
                            <th scope="col">{ "To" }</th>
                            <th scope="col">{ "Protocol" }</th>
                            <th scope="col">{ "Ports" }</th>
                            <th scope="col">{ "Purpose" }</th>
                        </tr>
                    </thead>
                    <tbody>{ for report.rules.iter().map(rule_row) }</tbody>
                </table>
                if !problems.is_empty() {
                    <details class="warnings">
                        <summary>{ format!("{} warning(s)", problems.len()) }</summary>
                        <ul>
                            { for problems.iter().map(|w| html! {
                                <li class={format!("sev-{}", w.severity)}>{ w.message.clone() }</li>
                            }) }
                        </ul>
                    </details>
                }
            </section>
        }
    }

    fn rule_row(rule: &AggregatedRule) -> Html {
        let side = |any: bool, ends: &[Endpoint]| {
            if any {
                "any".to_string()
            } else {
                ends.iter().map(endpoint).collect::<Vec<_>>().join(", ")
            }
        };
        html! {
            <tr class={classes!(rule.optional.then_some("optional"))}>
                <td>{ side(rule.any_source, &rule.sources) }</td>
                <td>{ side(false, &rule.destinations) }</td>
                <td class="mono">{ rule.transport.to_string() }</td>
                <td class="mono ports">{ rule.ports.to_string() }</td>
                <td>
                    { rule.purposes.join(" ") }
                    if rule.optional { <span class="tag">{ " (optional)" }</span> }
                </td>
            </tr>
        }
    }

    fn endpoint(e: &Endpoint) -> String {
        match e.kind {
            EndpointKind::Host | EndpointKind::External if !e.addresses.is_empty() => {
                let a: Vec<String> = e.addresses.iter().map(ToString::to_string).collect();
                format!("{} ({})", e.name, a.join(", "))
            }
            EndpointKind::Any => "any".to_string(),
            _ => e.name.clone(),
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
}
