//! See the picture: the hosts and roles and the flows between them as an SVG, for all products
//! or one; "Download SVG" saves exactly what is shown. The picture fits its frame at first and
//! can be zoomed and moved (buttons, the keyboard: + - 0 and the arrows, or dragging); big zones
//! are folded into one box each, and each can be unfolded.
//!
//! The layout (`portolan_export::diagram`) is in the API module ([`portolan::ui::lazy_api`]), loaded
//! the first time this view (or Export) opens, so the first screen does not download it.

use crate::api_module::{use_api_module, Module};
use portolan::ui::lazy_api::{Drawn, ZoneFold};
use portolan::ui::widgets::{button, select, Env, Shared};
use std::collections::BTreeMap;
use std::rc::Rc;
use web_sys::HtmlElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ViewProps {
    pub env: Env,
    /// The catalog files added in this session: the diagram is drawn against the same catalog.
    pub session_files: Rc<Vec<(String, String)>>,
}

/// Zoom limits and step.
const MIN_ZOOM: f64 = 0.2;
const MAX_ZOOM: f64 = 4.0;
const STEP: f64 = 1.25;
/// How far an arrow key moves the picture, in pixels.
const PAN: f64 = 80.0;

/// What the layout gave: the drawing, or why there is none; `None` while the module loads.
type Drawing = Option<Result<Shared<Drawn>, String>>;

#[function_component(DiagramView)]
pub fn diagram_view(p: &ViewProps) -> Html {
    let env = &p.env;
    let product = use_state(String::new);
    let folded = use_state(BTreeMap::<String, bool>::new);
    // None: fit the frame
    let zoom = use_state(|| None::<f64>);
    let canvas = use_node_ref();
    let frame = use_node_ref();
    let drag = use_mut_ref(|| None::<(i32, i32)>);
    let (module, retry) = use_api_module();
    let drawn = use_drawing(p, &module, &product, &folded);
    let size = match &drawn {
        Some(Ok(d)) => (d.width, d.height),
        _ => (0.0, 0.0),
    };
    use_canvas_size(&canvas, *zoom, size);
    let heading = html! { <h2 id="diagram-h">{ "Diagram" }</h2> };
    if env.report.stats.network_flows == 0 {
        return html! {
            <section class="diagram" aria-labelledby="diagram-h">{ heading }{ empty(env) }</section>
        };
    }
    let drawn: Shared<Drawn> = match (&*module, drawn) {
        (_, Some(Ok(d))) => d,
        (Module::Failed(e), _) => return failed(heading, e, &retry),
        (_, other) => return pending(heading, other),
    };
    let zoom_by = {
        let (zoom, canvas, width) = (zoom.clone(), canvas.clone(), drawn.width);
        Callback::from(move |factor: f64| {
            let now = (*zoom).unwrap_or_else(|| shown_scale(&canvas, width));
            zoom.set(Some((now * factor).clamp(MIN_ZOOM, MAX_ZOOM)));
        })
    };
    let fit = {
        let zoom = zoom.clone();
        Callback::from(move |()| zoom.set(None))
    };
    let onkeydown = keys(&zoom_by, &fit, &frame);
    let (onmousedown, onmousemove, onmouseup) = dragging(&drag, &frame);
    html! {
        <section class="diagram" aria-labelledby="diagram-h">
            { heading }
                { toolbar(env, &drawn, &product, &zoom, &zoom_by, &fit) }
                { zone_folds(&drawn.zones, &folded) }
                { summary(&drawn) }
                <div class="diagram-scroll" tabindex="0" role="region" ref={frame.clone()}
                    aria-label="Diagram. Keys: + and - zoom, 0 fits the frame, arrows move."
                    {onkeydown} {onmousedown} {onmousemove} onmouseup={onmouseup.clone()} onmouseleave={onmouseup}>
                    <div ref={canvas} class={if zoom.is_none() { "dg-canvas fit" } else { "dg-canvas" }}>
                        { Html::from_html_unchecked(AttrValue::from(drawn.svg.clone())) }
                    </div>
                </div>
        </section>
    }
}

/// The diagram's layout (by the API module once loaded), made again exactly when the plan, the
/// session's catalog files, the product shown, the folded zones or the title change.
#[hook]
fn use_drawing(
    p: &ViewProps,
    module: &UseStateHandle<Module>,
    product: &UseStateHandle<String>,
    folded: &UseStateHandle<BTreeMap<String, bool>>,
) -> Drawing {
    let env = &p.env;
    let title = if env.plan.name.trim().is_empty() {
        "Network flows".to_string()
    } else {
        format!("Network flows: {}", env.plan.name.trim())
    };
    let ready = match &**module {
        Module::Ready(m) => Some(m.clone()),
        _ => None,
    };
    let drawn = use_memo(
        (
            env.plan.clone(),
            p.session_files.clone(),
            (**product).clone(),
            (**folded).clone(),
            title,
            ready,
        ),
        |(plan, files, prod, folded, title, module)| {
            module
                .as_ref()
                .map(|m| m.diagram(plan, prod, folded, title, files).map(Shared::new))
        },
    );
    (*drawn).clone()
}

/// While the layout is being made, or why it could not be.
fn pending(heading: Html, drawn: Drawing) -> Html {
    match drawn {
        Some(Err(e)) => html! {
            <section class="diagram" aria-labelledby="diagram-h">
                { heading }
                <p class="sev-error" role="alert">{ format!("The diagram could not be drawn: {e}") }</p>
            </section>
        },
        _ => html! {
            <section class="diagram" aria-labelledby="diagram-h" aria-busy="true">
                { heading }
                <p class="empty diagram-loading" role="status">{ "Drawing the diagram…" }</p>
            </section>
        },
    }
}

/// The product picker, the SVG download and the zoom buttons.
fn toolbar(
    env: &Env,
    drawn: &Drawn,
    product: &UseStateHandle<String>,
    zoom: &UseStateHandle<Option<f64>>,
    zoom_by: &Callback<f64>,
    fit: &Callback<()>,
) -> Html {
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
    let percent = zoom.map_or_else(|| "fit".to_string(), |z| format!("{:.0} %", z * 100.0));
    html! {
        <div class="toolbar">
            { select("dg-product", "Show", product, &options, &onchange, None) }
            { button("button", "Download SVG", download(env, drawn)) }
            <div class="zoom" role="group" aria-label="Zoom">
                <button type="button" class="small" aria-label="Zoom out" onclick={zoom_by.reform(|_| 1.0 / STEP)}>{ "−" }</button>
                <button type="button" class="small" aria-label="Fit the frame" onclick={fit.reform(|_| ())}>{ "Fit" }</button>
                <button type="button" class="small" aria-label="Zoom in" onclick={zoom_by.reform(|_| STEP)}>{ "+" }</button>
                <span class="muted" aria-live="polite">{ percent }</span>
            </div>
        </div>
    }
}

/// Downloads the drawing as an SVG file named after the plan.
fn download(env: &Env, drawn: &Drawn) -> Callback<MouseEvent> {
    let text = drawn.svg.clone();
    let name = portolan_core::text::file_stem(&env.plan.name);
    let notify = env.notify.clone();
    Callback::from(move |_| {
        let file = format!("{name}-diagram.svg");
        match portolan::ui::dom::download(&file, "image/svg+xml", &text) {
            Ok(()) => notify.emit(format!("Downloaded {file}.")),
            Err(e) => notify.emit(format!("The download failed: {e}")),
        }
    })
}

/// How many boxes and connections, and what is not drawn.
fn summary(drawn: &Drawn) -> Html {
    html! {
        <p class="muted">
            { format!("{} boxes, {} connections. Columns are zones; arrows point from the side that opens the connection; dashed arrows are optional.", drawn.nodes, drawn.edges) }
            if drawn.local_flows > 0 {
                { format!(" {} flow(s) between roles on the same host need no rule and are not drawn.", drawn.local_flows) }
            }
            if drawn.inner_connections > 0 {
                { format!(" {} connection(s) inside a box (between the hosts of a folded zone, or of one role) are written in that box.", drawn.inner_connections) }
            }
        </p>
    }
}

/// The module could not be loaded: why, and "Try again".
fn failed(heading: Html, e: &str, retry: &Callback<()>) -> Html {
    html! {
        <section class="diagram" aria-labelledby="diagram-h">
            { heading }
            <div class="export-error" role="alert">
                <p class="sev-error">{ format!("The diagram could not be drawn: {e}") }</p>
                <p>{ "Its layout is in the module the Export view uses, which could not be loaded. Check the connection and try again; the flows are listed under Flows & warnings meanwhile." }</p>
                <button type="button" class="button primary" onclick={retry.reform(|_| ())}>{ "Try again" }</button>
            </div>
        </section>
    }
}

/// What the view says before there is anything to draw.
fn empty(env: &Env) -> Html {
    let text = if env.plan.products.is_empty() {
        "Nothing to draw yet. The diagram shows which computers talk to which, and on which ports, once you pick a product (Products) and say which of your computers runs each of its parts (Network)."
    } else if env.plan.hosts.is_empty() {
        "Nothing to draw yet: the products are chosen, but none of their parts is placed on a computer of yours. Add your hosts in Network and give each the roles it runs; the arrows appear as you go."
    } else {
        "Nothing to draw: the chosen products need no network connection between the hosts as they are mapped now (connections between roles on the same host need no firewall rule)."
    };
    html! { <p class="empty">{ text }</p> }
}

/// The buttons that fold and unfold zones with several hosts.
fn zone_folds(zones: &[ZoneFold], folded: &UseStateHandle<BTreeMap<String, bool>>) -> Html {
    if zones.is_empty() {
        return html! {};
    }
    html! {
        <div class="zone-folds" role="group" aria-label="Zones with several hosts">
            <span class="muted">{ "Zones: " }</span>
            { for zones.iter().map(|z| {
                let folded = folded.clone();
                let (title, now) = (z.title.clone(), z.folded);
                let onclick = Callback::from(move |_| {
                    let mut next = (*folded).clone();
                    next.insert(title.clone(), !now);
                    folded.set(next);
                });
                let label = format!("{} ({} {})", z.title, z.hosts, z.unit);
                html! {
                    <button type="button" class="small" aria-pressed={if now { "true" } else { "false" }}
                        title={if now { "Folded into one box: press to show each one" } else { "Each one shown: press to fold them into one box" }}
                        {onclick}>
                        { if now { format!("▸ {label}") } else { format!("▾ {label}") } }
                    </button>
                }
            }) }
        </div>
    }
}

/// The scale the picture is shown at now (fitted pictures are scaled by the browser).
fn shown_scale(canvas: &NodeRef, width: f64) -> f64 {
    canvas
        .cast::<HtmlElement>()
        .map_or(1.0, |c| f64::from(c.client_width()) / width.max(1.0))
}

/// Sizes the canvas for a zoom (set through the style object: the page's CSP forbids style
/// attributes); fitted, the stylesheet sizes it.
#[hook]
fn use_canvas_size(canvas: &NodeRef, zoom: Option<f64>, size: (f64, f64)) {
    let canvas = canvas.clone();
    let (w, h) = size;
    use_effect(move || {
        if let Some(c) = canvas.cast::<HtmlElement>() {
            let style = c.style();
            let (width, height) = match zoom {
                Some(z) => (format!("{:.0}px", w * z), format!("{:.0}px", h * z)),
                None => (String::new(), String::new()),
            };
            let _ = style.set_property("width", &width);
            let _ = style.set_property("height", &height);
        }
    });
}

/// + and - zoom, 0 fits, the arrows move the picture.
fn keys(zoom_by: &Callback<f64>, fit: &Callback<()>, frame: &NodeRef) -> Callback<KeyboardEvent> {
    let (zoom_by, frame) = (zoom_by.clone(), frame.clone());
    let fit = fit.clone();
    Callback::from(move |e: KeyboardEvent| {
        let (dx, dy) = match e.key().as_str() {
            "+" | "=" => {
                zoom_by.emit(STEP);
                (0.0, 0.0)
            }
            "-" | "_" => {
                zoom_by.emit(1.0 / STEP);
                (0.0, 0.0)
            }
            "0" => {
                fit.emit(());
                (0.0, 0.0)
            }
            "ArrowLeft" => (-PAN, 0.0),
            "ArrowRight" => (PAN, 0.0),
            "ArrowUp" => (0.0, -PAN),
            "ArrowDown" => (0.0, PAN),
            _ => return,
        };
        e.prevent_default();
        if let Some(f) = frame.cast::<HtmlElement>() {
            f.scroll_by_with_x_and_y(dx, dy);
        }
    })
}

/// Dragging with the mouse moves the picture.
#[allow(clippy::type_complexity)]
fn dragging(
    drag: &std::rc::Rc<std::cell::RefCell<Option<(i32, i32)>>>,
    frame: &NodeRef,
) -> (
    Callback<MouseEvent>,
    Callback<MouseEvent>,
    Callback<MouseEvent>,
) {
    let down = {
        let drag = drag.clone();
        Callback::from(move |e: MouseEvent| {
            if e.button() == 0 {
                *drag.borrow_mut() = Some((e.client_x(), e.client_y()));
            }
        })
    };
    let moving = {
        let (drag, frame) = (drag.clone(), frame.clone());
        Callback::from(move |e: MouseEvent| {
            let mut d = drag.borrow_mut();
            let (Some((x, y)), Some(f)) = (*d, frame.cast::<HtmlElement>()) else {
                return;
            };
            f.scroll_by_with_x_and_y(f64::from(x - e.client_x()), f64::from(y - e.client_y()));
            *d = Some((e.client_x(), e.client_y()));
        })
    };
    let up = {
        let drag = drag.clone();
        Callback::from(move |_| *drag.borrow_mut() = None)
    };
    (down, moving, up)
}
