//! Putting the planner into a page (wasm32 only): the planner's own page, an iframe in a
//! documentation portal (`?embed=1`), or an element of a host page (`mount()`).
//!
//! What the host asks for is parsed in plain Rust by [`crate::ui::embed`]; this file only applies
//! it to the DOM. The one function that knows the props of the planner's `App` is [`app_props`].

use crate::ui::embed::{check_mount_option_names, css_property, Embed, MountOptions};
use crate::ui::{App, AppProps};
use portolan_core::diag::Code;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// `mount()`'s options and theme variables in TypeScript: [`crate::ui::embed::MOUNT_TYPES`],
/// next to the Rust lists a test keeps it equal to.
#[wasm_bindgen(typescript_custom_section)]
const TS_MOUNT: &'static str = crate::ui::embed::MOUNT_TYPES;

/// The planner's props for what the host asked. Keep this the only place that builds them, so a
/// change of the `App`'s props touches one function.
pub fn app_props(embed: Embed) -> AppProps {
    AppProps {
        embed: Rc::new(embed),
    }
}

/// True on the planner's own page (the site's `index.html` or the offline file), which names
/// itself with `<meta name="portolan-app">`. A host page that imports the module for its API or
/// for `mount()` does not, so initialising the module never takes over the host's `<body>`.
pub fn is_planner_page() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| {
            d.query_selector("meta[name=\"portolan-app\"]")
                .ok()
                .flatten()
        })
        .is_some()
}

/// What the page's URL asks for (`?embed=1&product=...`), applied to `<html>`: the `embed`
/// class in compact mode (the loader then reports the height to the parent window), the
/// scheme class and the theme variables.
pub fn page_embed() -> Embed {
    let window = web_sys::window();
    let search = window
        .as_ref()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default();
    let embed = Embed::from_query(&search);
    if let Some(root) = window
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        prepare_root(&root, &embed);
    }
    embed
}

/// The classes (`embed` in compact mode, `scheme-light`/`scheme-dark`) and theme variables of
/// the planner's root: `<html>` on its own page, the host's element when mounted.
fn prepare_root(root: &web_sys::Element, embed: &Embed) {
    let classes = root.class_list();
    if embed.compact {
        let _ = classes.add_1("embed");
    }
    if let Some(class) = embed.scheme.class() {
        let _ = classes.add_1(class);
    }
    set_theme(root, &embed.theme);
}

/// Sets the theme variables on an element through the CSSOM (allowed by a `style-src 'self'`
/// Content-Security-Policy, unlike a `style` attribute).
fn set_theme(element: &web_sys::Element, theme: &[(String, String)]) {
    if let Some(el) = element.dyn_ref::<web_sys::HtmlElement>() {
        let style = el.style();
        for (name, value) in theme {
            let _ = style.set_property(&css_property(name), value);
        }
    }
}

fn to_js<T: serde::Serialize + ?Sized>(v: &T) -> JsValue {
    v.serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .unwrap_or(JsValue::NULL)
}

/// A planner mounted into a host page's element.
#[wasm_bindgen]
pub struct Mounted {
    handle: Option<yew::AppHandle<App>>,
    root: web_sys::Element,
    theme: Vec<(String, String)>,
    diagnostics: JsValue,
}

#[wasm_bindgen]
impl Mounted {
    /// What was wrong in the options (an unknown theme variable, a value that is not allowed);
    /// the rest of the options still apply. The planner also shows them.
    #[wasm_bindgen(getter, unchecked_return_type = "Diagnostic[]")]
    pub fn diagnostics(&self) -> JsValue {
        self.diagnostics.clone()
    }

    /// Removes the planner from the element (for portals that replace their content).
    pub fn unmount(&mut self) {
        if let Some(handle) = self.handle.take() {
            handle.destroy();
        }
        let classes = self.root.class_list();
        for class in ["portolan", "embed", "scheme-light", "scheme-dark"] {
            let _ = classes.remove_1(class);
        }
        if let Some(el) = self.root.dyn_ref::<web_sys::HtmlElement>() {
            for (name, _) in &self.theme {
                let _ = el.style().remove_property(&css_property(name));
            }
        }
    }
}

/// Mounts the planner into `element` of the host page, with presets and a theme:
/// `mount(document.querySelector("#planner"), { products: ["screen-capture"], theme: { accent: "#006400" } })`.
/// The host page includes the planner's stylesheet (`portolan.css`). The planner never saves to
/// the host's local storage or URL. Throws a diagnostic when `options` is not a valid options
/// object.
#[wasm_bindgen(js_name = mount)]
pub fn mount(
    element: web_sys::Element,
    #[wasm_bindgen(unchecked_param_type = "MountOptions")] options: JsValue,
) -> Result<Mounted, JsValue> {
    let invalid = |message: String, help: &str| {
        to_js(
            &portolan_core::diag::Diagnostic::error(
                Code::EmbedOptions,
                format!("the options of `mount` are not valid: {message}"),
            )
            .with_help(help),
        )
    };
    let options: MountOptions = if options.is_undefined() || options.is_null() {
        MountOptions::default()
    } else {
        // serde-wasm-bindgen reads only the fields a struct names: check the names first, so a
        // misspelt option is an error rather than silently ignored.
        if let Some(object) = options.dyn_ref::<js_sys::Object>() {
            let names: Vec<String> = js_sys::Object::keys(object)
                .iter()
                .filter_map(|k| k.as_string())
                .collect();
            check_mount_option_names(names.iter().map(String::as_str)).map_err(|d| to_js(&d))?;
        }
        // Through the JSON text, so that misspelt fields inside `plan` and `products` are
        // reported too (serde-wasm-bindgen reads only the fields a struct names).
        js_sys::JSON::stringify(&options)
            .ok()
            .and_then(|s| s.as_string())
            .ok_or_else(|| String::from("they are not a JSON object"))
            .and_then(|text| serde_json::from_str::<MountOptions>(&text).map_err(|e| e.to_string()))
            .map_err(|e| {
                invalid(
                    e,
                    "options are `{ compact?, products?, plan?, theme?, scheme?, view? }`",
                )
            })?
    };
    let embed = Embed::from_options(options);
    let _ = element.class_list().add_1("portolan");
    prepare_root(&element, &embed);
    let theme = embed.theme.clone();
    let diagnostics = to_js(&embed.diagnostics);
    let handle =
        yew::Renderer::<App>::with_root_and_props(element.clone(), app_props(embed)).render();
    Ok(Mounted {
        handle: Some(handle),
        root: element,
        theme,
        diagnostics,
    })
}
