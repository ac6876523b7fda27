//! See the picture: the hosts and roles and the flows between them as an SVG, for all products
//! or one; "Download SVG" saves exactly what is shown.

use super::layout::{layout, to_svg};
use super::widgets::{button, select, Env, Shared};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ViewProps {
    pub env: Env,
}

#[function_component(DiagramView)]
pub fn diagram_view(p: &ViewProps) -> Html {
    let env = &p.env;
    let product = use_state(String::new);
    let title = if env.plan.name.trim().is_empty() {
        "Network flows".to_string()
    } else {
        format!("Network flows: {}", env.plan.name.trim())
    };
    let svg = use_memo(
        (
            env.report.clone(),
            env.catalog.clone(),
            (*product).clone(),
            title.clone(),
        ),
        |(r, c, prod, title)| {
            let d = layout(r, c, (!prod.is_empty()).then_some(prod.as_str()));
            Shared::new((
                to_svg(&d, title),
                d.nodes.len(),
                d.edges.len(),
                d.local_flows,
            ))
        },
    );
    let (text, nodes, edges, local) = &*svg.0;
    let options: Vec<(AttrValue, AttrValue)> =
        std::iter::once((AttrValue::from(""), AttrValue::from("all products")))
            .chain(env.plan.products.iter().filter_map(|pp| {
                env.catalog.product(&pp.id).map(|p| {
                    (
                        AttrValue::from(p.id.to_string()),
                        AttrValue::from(p.name.clone()),
                    )
                })
            }))
            .collect();
    let onchange = {
        let product = product.clone();
        Callback::from(move |v: String| product.set(v))
    };
    let download = {
        let text = text.clone();
        let name = portolan_core::text::file_stem(&env.plan.name);
        let notify = env.notify.clone();
        Callback::from(move |_| {
            let file = format!("{name}-diagram.svg");
            match super::dom::download(&file, "image/svg+xml", &text) {
                Ok(()) => notify.emit(format!("Downloaded {file}.")),
                Err(e) => notify.emit(format!("The download failed: {e}")),
            }
        })
    };
    html! {
        <section class="diagram" aria-labelledby="diagram-h">
            <h2 id="diagram-h">{ "Diagram" }</h2>
            <div class="toolbar">
                { select("dg-product", "Show", &product, &options, &onchange, None) }
                { button("button", "Download SVG", download) }
            </div>
            <p class="muted">
                { format!("{nodes} endpoints, {edges} connections. Columns are zones; arrows point from the side that opens the connection; dashed arrows are optional.") }
                if *local > 0 {
                    { format!(" {local} flow(s) between roles on the same host need no rule and are not drawn.") }
                }
            </p>
            if *edges == 0 {
                <p class="empty">{ "Nothing to draw yet: add a product and map its roles to hosts." }</p>
            } else {
                <div class="diagram-scroll" tabindex="0" role="region" aria-label="Diagram (scrollable)">
                    { Html::from_html_unchecked(AttrValue::from(text.clone())) }
                </div>
            }
        </section>
    }
}
