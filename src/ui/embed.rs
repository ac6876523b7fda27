//! Embedding: what a host page asks of the planner, from the iframe's URL or from the options of
//! the JavaScript `mount()` call, parsed in plain Rust (compiled on every target, tested natively).
//!
//! # The URL scheme (iframe embedding)
//!
//! ```text
//! ?embed=1                                      compact mode: no header, the host's width,
//!                                               height reported to the parent window
//! &product=screen-capture                       preset products (repeat, or comma-separate)
//! &version.screen-capture.ris=15.2%20HFR3       version.<product>.<component>=<version>
//! &option.screen-capture.websocket=secure       option.<product>.<option>=<true|false|value>
//! &param.incontact-wfo.agents=250               param.<product>.<parameter>=<number|text>
//! &theme.accent=%23006400                       theme.<variable>=<CSS value>  (see [`THEME_VARS`])
//! &scheme=light                                 light | dark | auto (default: follow the system)
//! &view=results                                 the view to open: products, network, results,
//!                                               diagram, compare, export, document, plan
//! ```
//!
//! A `version.`, `option.` or `param.` key presets its product even without `product=`. Values
//! are kept as typed; the engine validates them against the catalog like any plan (an unknown
//! option shows up as a plan warning). Keys this scheme does not know are reported with a
//! did-you-mean hint, except `preset` (example plans, read by the planner itself) and the
//! share-link fragment, which are not query parameters here.
//!
//! # The options of `mount(element, options)`
//!
//! ```json
//! { "compact": true,
//!   "products": ["screen-capture", {"id": "incontact-wfo", "options": {"hybrid": true}}],
//!   "plan": { "schema": 1, "name": "...", "products": [], "hosts": [] },
//!   "theme": { "accent": "#006400", "font": "Georgia, serif" },
//!   "scheme": "light",
//!   "view": "results" }
//! ```
//!
//! Every field is optional. `plan` is a whole plan (with hosts); `products` are added to it.
//!
//! # What the planner does with it
//!
//! - `compact`: hide the site header, fill the host's width, report the height (iframe).
//! - `plan`: the plan the planner starts with (instead of the one saved in the browser).
//! - `persist`: whether the planner may save the plan in local storage and the URL. Never when
//!   embedded: a documentation page must not overwrite the plan a user keeps in the full planner
//!   (same origin, same storage), nor rewrite the host page's address.
//! - `theme`: CSS custom properties set on the planner's root element.
//! - `scheme`: light or dark regardless of the system (a light-only portal wants `light`).

use super::fields::View;
use portolan_core::diag::{did_you_mean, Diagnostic};
use portolan_core::diag::{Code, FieldPath};
use portolan_core::plan::{OptionValue, ParamInput, Plan, PlanProduct};
use serde::Deserialize;
use std::collections::BTreeMap;

/// The theming variables a host may set, with what they style. A host page sets them in its own
/// CSS (`--portolan-accent: #006400`) around a mounted planner; an iframe takes them as
/// `theme.accent=...`. Everything in `web/style.css` is coloured through these.
pub const THEME_VARS: &[(&str, &str)] = &[
    ("accent", "links, selected tabs, primary buttons"),
    ("on-accent", "text on accent-coloured buttons"),
    ("focus", "the keyboard focus ring"),
    ("bg", "page background"),
    ("fg", "text colour"),
    ("muted", "secondary text (vendors, hints, footer)"),
    ("surface", "header, cards, panels and table headers"),
    ("border", "borders and rules"),
    ("error", "errors"),
    ("error-bg", "background of error messages"),
    ("warning", "warnings"),
    ("warning-bg", "background of warnings"),
    ("info", "informational messages"),
    ("ok", "success messages"),
    ("font", "font family of the planner"),
    ("mono", "font family of ports, addresses and code"),
    ("font-size", "base font size"),
    ("radius", "corner radius of cards and controls"),
];

/// The CSS custom property for a theme variable, e.g. `accent` → `--portolan-accent`.
pub fn css_property(name: &str) -> String {
    format!("--portolan-{name}")
}

/// Where the planner runs, and therefore what it may touch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Host {
    /// The planner's own page (the site or the offline file).
    #[default]
    Page,
    /// An iframe in someone else's page (`?embed=1`).
    Frame,
    /// Mounted into an element of someone else's page by `mount()`.
    Mounted,
}

/// Light or dark: follow the system (`auto`), or fixed by the host.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Scheme {
    #[default]
    Auto,
    Light,
    Dark,
}

impl Scheme {
    /// The class on the planner's root element that fixes the scheme (`None` for `auto`).
    pub fn class(self) -> Option<&'static str> {
        match self {
            Scheme::Auto => None,
            Scheme::Light => Some("scheme-light"),
            Scheme::Dark => Some("scheme-dark"),
        }
    }
}

/// What the host page asks of the planner.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Embed {
    pub host: Host,
    /// No header, the host's width.
    pub compact: bool,
    /// The plan to start with; `None` when nothing was preset.
    pub plan: Option<Plan>,
    /// `(variable, value)` for [`THEME_VARS`], validated.
    pub theme: Vec<(String, String)>,
    pub scheme: Scheme,
    /// The view to open (`View` ids: `products`, `results`, ...); checked when parsed.
    pub view: Option<String>,
    /// What was wrong with the parameters or options (the rest still applies).
    pub diagnostics: Vec<Diagnostic>,
}

impl Embed {
    /// Whether the planner may save the plan in local storage and write it into the URL.
    pub fn persist(&self) -> bool {
        self.host == Host::Page
    }

    /// Reads the page's query string (`location.search`, with or without the leading `?`).
    pub fn from_query(search: &str) -> Embed {
        let mut out = Embed::default();
        let mut presets = Presets::default();
        for (key, value) in parse_query(search) {
            out.read_param(&key, value, &mut presets);
        }
        if out.compact {
            out.host = Host::Frame;
        }
        out.plan = presets.into_plan(None);
        out
    }

    fn read_param(&mut self, key: &str, value: String, presets: &mut Presets) {
        let field = FieldPath::root(format!("?{key}"));
        match key {
            "embed" => match value.as_str() {
                "1" | "true" | "" => self.compact = true,
                "0" | "false" => self.compact = false,
                _ => self.diagnostics.push(
                    Diagnostic::warning(
                        Code::EmbedValue,
                        format!("`embed={value}` is not a switch; compact mode stays off"),
                    )
                    .with_help("write `embed=1` for the compact embedded planner")
                    .with_field(field),
                ),
            },
            "product" | "products" => {
                for id in value.split(',').map(str::trim).filter(|s| !s.is_empty()) {
                    presets.product(id);
                }
            }
            "scheme" => match value.as_str() {
                "auto" => self.scheme = Scheme::Auto,
                "light" => self.scheme = Scheme::Light,
                "dark" => self.scheme = Scheme::Dark,
                _ => self.diagnostics.push(
                    Diagnostic::warning(
                        Code::EmbedValue,
                        format!("`scheme={value}` is not a colour scheme; it is ignored"),
                    )
                    .with_help("write `scheme=light`, `scheme=dark` or `scheme=auto`")
                    .with_field(field),
                ),
            },
            "view" => match check_view(&value) {
                Ok(()) => self.view = Some(value),
                Err(d) => self.diagnostics.push(d.with_field(field)),
            },
            // Example plans (`?preset=`) are the planner's own start-up choice.
            "preset" => {}
            _ => self.read_dotted_param(key, value, presets, field),
        }
    }

    /// `theme.<variable>=…`, or `version|option|param.<product>.<name>=…`.
    fn read_dotted_param(
        &mut self,
        key: &str,
        value: String,
        presets: &mut Presets,
        field: FieldPath,
    ) {
        let Some((kind, rest)) = key.split_once('.') else {
            self.unknown_key(key, field);
            return;
        };
        match kind {
            "theme" => match theme_value(rest, &value) {
                Ok(v) => self.set_theme(rest, v),
                Err(d) => self.diagnostics.push(d.with_field(field)),
            },
            "version" | "option" | "param" | "parameter" => {
                let Some((product, name)) = rest
                    .split_once('.')
                    .filter(|(p, n)| !p.is_empty() && !n.is_empty())
                else {
                    self.diagnostics.push(
                        Diagnostic::warning(
                            Code::EmbedKey,
                            format!("`{key}` names no product and {kind}"),
                        )
                        .with_help(format!("write `{kind}.<product>.<name>=<value>`"))
                        .with_field(field),
                    );
                    return;
                };
                let Some(p) = presets.product(product) else {
                    return;
                };
                let name = name.to_string();
                match kind {
                    "version" => {
                        p.versions.insert(name, value);
                    }
                    "option" => {
                        p.options.insert(name, option_value(value));
                    }
                    _ => {
                        p.parameters.insert(name, param_value(value));
                    }
                }
            }
            _ => self.unknown_key(key, field),
        }
    }

    fn unknown_key(&mut self, key: &str, field: FieldPath) {
        let head = key.split('.').next().unwrap_or(key);
        let known = [
            "embed", "product", "preset", "version", "option", "param", "theme", "scheme", "view",
        ];
        let mut d = Diagnostic::warning(
            Code::EmbedUnknownParameter,
            format!("URL parameter `{key}` is not one the planner reads; it is ignored"),
        )
        .with_field(field);
        if let Some(m) = did_you_mean(head, known) {
            d = d.with_help(format!("did you mean `{m}`?"));
        } else {
            d = d.with_help(
                "the planner reads `embed`, `product`, `version.*`, `option.*`, `param.*`, `theme.*`, `scheme` and `view`",
            );
        }
        self.diagnostics.push(d);
    }

    fn set_theme(&mut self, name: &str, value: String) {
        if let Some(slot) = self.theme.iter_mut().find(|(n, _)| n == name) {
            slot.1 = value;
        } else {
            self.theme.push((name.to_string(), value));
        }
    }

    /// Reads the options of `mount()`. Hosts that mount the planner never let it persist.
    pub fn from_options(options: MountOptions) -> Embed {
        let mut out = Embed {
            host: Host::Mounted,
            compact: options.compact.unwrap_or(true),
            scheme: options.scheme,
            ..Embed::default()
        };
        if let Some(view) = options.view {
            match check_view(&view) {
                Ok(()) => out.view = Some(view),
                Err(d) => out
                    .diagnostics
                    .push(d.with_field(FieldPath::root("options").key("view"))),
            }
        }
        for (name, value) in options.theme {
            let name = name
                .strip_prefix("--portolan-")
                .unwrap_or(&name)
                .to_string();
            match theme_value(&name, &value) {
                Ok(v) => out.set_theme(&name, v),
                Err(d) => out
                    .diagnostics
                    .push(d.with_field(FieldPath::root("options").key("theme").key(name.as_str()))),
            }
        }
        let mut presets = Presets::default();
        for product in options.products {
            match product {
                ProductPreset::Id(id) => {
                    if !id.trim().is_empty() {
                        presets.product(id.trim());
                    }
                }
                ProductPreset::Full(p) => {
                    if let Some(slot) = presets.product(&p.id) {
                        slot.versions.extend(p.versions);
                        slot.options.extend(p.options);
                        slot.parameters.extend(p.parameters);
                    }
                }
            }
        }
        out.plan = presets.into_plan(options.plan);
        out
    }
}

/// The options object of `mount(element, options)` (see the module documentation).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MountOptions {
    #[serde(default)]
    pub compact: Option<bool>,
    #[serde(default)]
    pub products: Vec<ProductPreset>,
    #[serde(default)]
    pub plan: Option<Plan>,
    /// Theme variables, with or without the `--portolan-` prefix.
    #[serde(default)]
    pub theme: BTreeMap<String, String>,
    #[serde(default)]
    pub scheme: Scheme,
    /// The view to open, e.g. `results`.
    #[serde(default)]
    pub view: Option<String>,
}

/// The fields of [`MountOptions`].
pub const MOUNT_OPTIONS: &[&str] = &["compact", "products", "plan", "theme", "scheme", "view"];

/// [`MountOptions`] and the theme variables as TypeScript, for the planner module's declarations
/// (`src/wasm_mount.rs`). A test keeps its lists equal to [`MOUNT_OPTIONS`], [`THEME_VARS`], the
/// schemes and the views' ids.
pub const MOUNT_TYPES: &str = r#"
// The plan and diagnostic types are the API module's (api.d.ts re-exports both modules).
import type { Diagnostic, Plan } from "./api.js";
/** A CSS custom property a host can set (as `--portolan-<name>`) to theme the planner. */
export type ThemeVariable =
  "accent" | "on-accent" | "focus" | "bg" | "fg" | "muted" | "surface" | "border" |
  "error" | "error-bg" | "warning" | "warning-bg" | "info" | "ok" |
  "font" | "mono" | "font-size" | "radius";
/** What `mount()` presets. Every field is optional. */
export interface MountOptions {
  /** No site header; fill the element's width. Default `true`. */
  compact?: boolean;
  /** Products to preset: an id, or the product as in a plan (versions, options, parameters). */
  products?: (string | Plan["products"][number])[];
  /** A whole plan to start with (with hosts); `products` are merged into it. */
  plan?: Plan;
  /** Theme variables (`accent`, or `--portolan-accent`) and their CSS values. */
  theme?: Partial<Record<ThemeVariable | `--portolan-${ThemeVariable}`, string>>;
  /** Light or dark regardless of the system; default `"auto"` (follow the system). */
  scheme?: "auto" | "light" | "dark";
  /** The view to open; default `"products"`. */
  view?: "products" | "network" | "results" | "diagram" | "compare" | "export" | "document" | "import" | "plan";
}
"#;

/// Checks the field names of a `mount()` options object, for readers that do not reject unknown
/// fields themselves (serde-wasm-bindgen reads only the fields a struct names): a misspelt
/// option is an error, with a did-you-mean hint.
// The diagnostic is what the caller throws; the lint fires on 64-bit targets only, so `expect`
// would be unfulfilled on wasm32.
#[allow(clippy::result_large_err)]
pub fn check_mount_option_names<'a>(
    names: impl IntoIterator<Item = &'a str>,
) -> Result<(), Diagnostic> {
    for name in names {
        if !MOUNT_OPTIONS.contains(&name) {
            let help = match did_you_mean(name, MOUNT_OPTIONS.iter().copied()) {
                Some(m) => format!("did you mean `{m}`?"),
                None => format!("options are {}", MOUNT_OPTIONS.join(", ")),
            };
            return Err(Diagnostic::error(
                Code::EmbedOptions,
                format!("`mount` has no option `{name}`"),
            )
            .with_help(help)
            .with_field(FieldPath::root("options").key(name)));
        }
    }
    Ok(())
}

/// A preset product: its id, or the product as in a plan (with versions, options, parameters).
#[derive(Debug, Clone)]
pub enum ProductPreset {
    Id(String),
    Full(PlanProduct),
}

/// By hand rather than `untagged`, so that a misspelt field of a product is reported as such
/// (`unknown field \`verisons\``) instead of "did not match any variant".
impl<'de> Deserialize<'de> for ProductPreset {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Preset;
        impl<'de> serde::de::Visitor<'de> for Preset {
            type Value = ProductPreset;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a product id or {id, versions, options, parameters}")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<ProductPreset, E> {
                Ok(ProductPreset::Id(v.to_string()))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<ProductPreset, A::Error> {
                PlanProduct::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(ProductPreset::Full)
            }
        }
        d.deserialize_any(Preset)
    }
}

/// Preset products in the order they were first named.
#[derive(Default)]
struct Presets {
    products: Vec<PlanProduct>,
}

impl Presets {
    /// The preset for `id`, added when it is new. (Always `Some`; an `Option` only because
    /// the no-indexing lint forbids `products[i]`.)
    fn product(&mut self, id: &str) -> Option<&mut PlanProduct> {
        let at = match self.products.iter().position(|p| p.id == id) {
            Some(i) => i,
            None => {
                self.products.push(PlanProduct {
                    id: id.to_string(),
                    ..PlanProduct::default()
                });
                self.products.len().saturating_sub(1)
            }
        };
        self.products.get_mut(at)
    }

    /// The products merged into `base` (a product already in `base` takes the preset values on
    /// top of its own); `None` when there is neither.
    fn into_plan(self, base: Option<Plan>) -> Option<Plan> {
        if self.products.is_empty() {
            return base;
        }
        let mut plan = base.unwrap_or_default();
        for preset in self.products {
            if let Some(existing) = plan.products.iter_mut().find(|p| p.id == preset.id) {
                existing.versions.extend(preset.versions);
                existing.options.extend(preset.options);
                existing.parameters.extend(preset.parameters);
            } else {
                plan.products.push(preset);
            }
        }
        Some(plan)
    }
}

/// Checks a view id against the planner's views.
// The lint fires on 64-bit targets only, so `expect` would be unfulfilled on wasm32.
#[allow(clippy::result_large_err)]
fn check_view(id: &str) -> Result<(), Diagnostic> {
    if View::from_id(id).is_some() {
        return Ok(());
    }
    let ids: Vec<&str> = View::ALL.iter().map(|v| v.id()).collect();
    let help = match did_you_mean(id, ids.iter().copied()) {
        Some(m) => format!("did you mean `{m}`?"),
        None => format!("views: {}", ids.join(", ")),
    };
    Err(Diagnostic::warning(
        Code::EmbedView,
        format!("there is no view `{id}`; the planner opens on its products"),
    )
    .with_help(help))
}

/// `true`/`false` are switches; anything else is a mode's value, as typed.
fn option_value(value: String) -> OptionValue {
    match value.as_str() {
        "true" => OptionValue::Bool(true),
        "false" => OptionValue::Bool(false),
        _ => OptionValue::Text(value),
    }
}

/// Digits are a number; anything else is text (the engine validates both).
fn param_value(value: String) -> ParamInput {
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        if let Ok(n) = value.parse::<i64>() {
            return ParamInput::Number(n);
        }
    }
    ParamInput::Text(value)
}

/// CSS functions a theme value may use: colours and arithmetic, nothing that loads a resource.
const CSS_FUNCTIONS: &[&str] = &[
    "rgb",
    "rgba",
    "hsl",
    "hsla",
    "hwb",
    "lab",
    "lch",
    "oklab",
    "oklch",
    "color",
    "color-mix",
    "calc",
    "min",
    "max",
    "clamp",
    "var",
];

/// Checks a theme variable's name and value. Values are limited to what colours, fonts and
/// lengths need, so a link cannot inject CSS or make the page load anything (`url(...)`).
// Called once per theme value and the diagnostic is what the caller keeps; the lint fires on
// 64-bit targets only, so `expect` would be unfulfilled on wasm32.
#[allow(clippy::result_large_err)]
fn theme_value(name: &str, value: &str) -> Result<String, Diagnostic> {
    if !THEME_VARS.iter().any(|(n, _)| *n == name) {
        let names: Vec<&str> = THEME_VARS.iter().map(|(n, _)| *n).collect();
        let help = match did_you_mean(name, names.iter().copied()) {
            Some(m) => format!("did you mean `{m}`?"),
            None => format!("theme variables: {}", names.join(", ")),
        };
        return Err(Diagnostic::warning(
            Code::EmbedUnknownThemeVariable,
            format!("theme variable `{name}` does not exist; it is ignored"),
        )
        .with_help(help));
    }
    let value = value.trim();
    let bad = |why: &str| {
        Diagnostic::warning(
            Code::EmbedThemeValue,
            format!("theme value `{value}` for `{name}` is not allowed ({why}); it is ignored"),
        )
        .with_help("use a colour (`#006400`, `rgb(0 100 0)`), a length (`15px`) or font names")
    };
    if value.is_empty() {
        return Err(bad("empty"));
    }
    if value.len() > 200 {
        return Err(bad("longer than 200 characters"));
    }
    if let Some(c) = value
        .chars()
        .find(|c| !(c.is_alphanumeric() || " #(),.%-_'\"/+*".contains(*c)))
    {
        return Err(bad(&format!("the character `{c}`")));
    }
    // Every `(` must follow an allowed function name.
    let mut rest = value;
    while let Some(open) = rest.find('(') {
        let before = rest.get(..open).unwrap_or_default();
        let func = before
            .rsplit(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        if !CSS_FUNCTIONS.contains(&func.as_str()) {
            return Err(bad(&format!("the function `{func}(`")));
        }
        rest = rest.get(open.saturating_add(1)..).unwrap_or_default();
    }
    Ok(value.to_string())
}

/// The query string (`?a=1&b=2`) without the parameters that preset the plan (`product`,
/// `version.*`, `option.*`, `param.*`): once the plan is in the URL fragment they would only
/// repeat it. Other parameters are kept exactly as written.
pub fn without_plan_presets(search: &str) -> String {
    let search = search.strip_prefix('?').unwrap_or(search);
    let kept: Vec<&str> = search
        .split('&')
        .filter(|kv| !kv.is_empty())
        .filter(|kv| {
            let key = pair_name(kv);
            let head = key.split('.').next().unwrap_or_default();
            let preset = match head {
                "product" | "products" => !key.contains('.'),
                "version" | "option" | "param" | "parameter" => key.contains('.'),
                _ => false,
            };
            !preset
        })
        .collect();
    if kept.is_empty() {
        String::new()
    } else {
        format!("?{}", kept.join("&"))
    }
}

/// `application/x-www-form-urlencoded` pairs of a query string, decoded by `form_urlencoded`
/// (the WHATWG URL standard's parser: `+` is a space, bad escapes are kept as typed, invalid
/// UTF-8 is replaced).
pub fn parse_query(search: &str) -> Vec<(String, String)> {
    let search = search.strip_prefix('?').unwrap_or(search);
    form_urlencoded::parse(search.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

/// The decoded name of one `name=value` pair of a query string.
fn pair_name(pair: &str) -> String {
    form_urlencoded::parse(pair.as_bytes())
        .next()
        .map(|(k, _)| k.into_owned())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn product<'a>(e: &'a Embed, id: &str) -> &'a PlanProduct {
        e.plan.as_ref().and_then(|p| p.product(id)).unwrap()
    }

    #[test]
    fn the_documented_example_presets_product_version_and_option() {
        let e = Embed::from_query(
            "?embed=1&product=screen-capture&version.screen-capture.ris=15.2%20HFR3&option.screen-capture.websocket=secure",
        );
        assert!(e.compact);
        assert_eq!(e.host, Host::Frame);
        assert!(!e.persist());
        assert!(e.diagnostics.is_empty(), "{:?}", e.diagnostics);
        let p = product(&e, "screen-capture");
        assert_eq!(p.versions["ris"], "15.2 HFR3");
        assert_eq!(p.options["websocket"], OptionValue::Text("secure".into()));
    }

    #[test]
    fn no_parameters_is_the_full_page_without_presets() {
        for q in ["", "?", "?preset=mixed"] {
            let e = Embed::from_query(q);
            assert_eq!(e, Embed::default(), "{q}");
            assert!(e.persist());
        }
    }

    #[test]
    fn products_keep_their_order_and_settings_imply_their_product() {
        let e = Embed::from_query(
            "product=incontact-wfo,screen-capture&param.visual-remote-assistance.tenant=acme&product=incontact-wfo",
        );
        let ids: Vec<&str> = e
            .plan
            .as_ref()
            .unwrap()
            .products
            .iter()
            .map(|p| p.id.as_str())
            .collect();
        assert_eq!(
            ids,
            [
                "incontact-wfo",
                "screen-capture",
                "visual-remote-assistance"
            ]
        );
        assert!(!e.compact);
        assert_eq!(e.host, Host::Page);
    }

    #[test]
    fn option_and_parameter_values_are_typed() {
        let e = Embed::from_query(
            "option.p.cloud=false&option.p.live=true&option.p.mode=True&param.p.agents=250&param.p.port=08x&param.p.big=99999999999999999999",
        );
        let p = product(&e, "p");
        assert_eq!(p.options["cloud"], OptionValue::Bool(false));
        assert_eq!(p.options["live"], OptionValue::Bool(true));
        assert_eq!(p.options["mode"], OptionValue::Text("True".into()));
        assert_eq!(p.parameters["agents"], ParamInput::Number(250));
        assert_eq!(p.parameters["port"], ParamInput::Text("08x".into()));
        assert_eq!(
            p.parameters["big"],
            ParamInput::Text("99999999999999999999".into())
        );
    }

    #[test]
    fn query_decoding_handles_plus_percent_and_bad_escapes() {
        assert_eq!(
            parse_query("?a=15.2+HFR3&b=%C3%A9t%C3%A9&c=100%&d&e=%zz&=x"),
            [
                ("a".to_string(), "15.2 HFR3".to_string()),
                ("b".into(), "été".into()),
                ("c".into(), "100%".into()),
                ("d".into(), String::new()),
                ("e".into(), "%zz".into()),
                (String::new(), "x".into()),
            ]
        );
        // Invalid UTF-8 never panics.
        assert_eq!(parse_query("a=%ff")[0].1, "\u{fffd}");
    }

    #[test]
    fn share_links_drop_the_plan_presets_and_keep_the_rest() {
        assert_eq!(
            without_plan_presets(
                "?embed=1&product=a,b&version.a.ris=15.2%20HFR3&option.a.x=true&param.a.n=3&theme.accent=%23006400&versionx=1"
            ),
            "?embed=1&theme.accent=%23006400&versionx=1"
        );
        assert_eq!(without_plan_presets("?product=a"), "");
        assert_eq!(without_plan_presets(""), "");
    }

    #[test]
    fn embed_switch_values() {
        assert!(Embed::from_query("embed").compact);
        assert!(Embed::from_query("embed=true").compact);
        assert!(!Embed::from_query("embed=0").compact);
        let e = Embed::from_query("embed=yes");
        assert!(!e.compact);
        assert_eq!(e.diagnostics[0].code, Code::EmbedValue);
        assert_eq!(
            e.diagnostics[0]
                .field
                .as_ref()
                .map(ToString::to_string)
                .as_deref(),
            Some("?embed")
        );
    }

    #[test]
    fn unknown_and_malformed_keys_are_reported_with_hints() {
        let e =
            Embed::from_query("prodcut=x&versoin.a.b=1&version.a=1&option..x=1&utm_source=mail");
        let codes: Vec<(Code, Option<&str>)> = e
            .diagnostics
            .iter()
            .map(|d| (d.code, d.help.as_deref()))
            .collect();
        assert_eq!(
            codes[0],
            (Code::EmbedUnknownParameter, Some("did you mean `product`?"))
        );
        assert_eq!(
            codes[1],
            (Code::EmbedUnknownParameter, Some("did you mean `version`?"))
        );
        assert_eq!(codes[2].0, Code::EmbedKey);
        assert_eq!(codes[3].0, Code::EmbedKey);
        assert_eq!(codes[4].0, Code::EmbedUnknownParameter);
        assert!(e.plan.is_none(), "nothing valid was preset");
    }

    #[test]
    fn theme_values_allow_colours_fonts_and_lengths() {
        let e = Embed::from_query(
            "theme.accent=%23006400&theme.font=Georgia,%20%22Times%20New%20Roman%22,serif&theme.bg=rgb(250%20250%20240)&theme.radius=calc(2px%20*%202)&theme.fg=color-mix(in%20srgb,%20red%2050%25,%20blue)",
        );
        assert!(e.diagnostics.is_empty(), "{:?}", e.diagnostics);
        assert_eq!(
            e.theme,
            [
                ("accent".to_string(), "#006400".to_string()),
                ("font".into(), "Georgia, \"Times New Roman\",serif".into()),
                ("bg".into(), "rgb(250 250 240)".into()),
                ("radius".into(), "calc(2px * 2)".into()),
                ("fg".into(), "color-mix(in srgb, red 50%, blue)".into()),
            ]
        );
        assert_eq!(css_property("accent"), "--portolan-accent");
    }

    #[test]
    fn theme_values_cannot_load_anything_or_inject_css() {
        for bad in [
            "url(https://example.com/x.png)",
            "URL(//example.com)",
            "red;background:url(x)",
            "red}body{display:none",
            "image-set(\"x.png\" 1x)",
            "red\\3b",
            "",
            "<script>",
        ] {
            let e = Embed::from_query(&format!(
                "theme.bg={}",
                bad.replace('%', "%25").replace('&', "%26")
            ));
            assert!(e.theme.is_empty(), "accepted {bad:?}");
            assert_eq!(e.diagnostics.len(), 1, "{bad:?}");
            assert_eq!(e.diagnostics[0].code, Code::EmbedThemeValue);
        }
        let long = "a".repeat(201);
        assert!(Embed::from_query(&format!("theme.font={long}"))
            .theme
            .is_empty());
        let e = Embed::from_query("theme.acent=red");
        assert_eq!(e.diagnostics[0].code, Code::EmbedUnknownThemeVariable);
        assert_eq!(
            e.diagnostics[0].help.as_deref(),
            Some("did you mean `accent`?")
        );
    }

    #[test]
    fn the_view_to_open_is_checked() {
        assert_eq!(
            Embed::from_query("view=results").view.as_deref(),
            Some("results")
        );
        let e = Embed::from_query("view=result");
        assert_eq!(e.view, None);
        assert_eq!(e.diagnostics[0].code, Code::EmbedView);
        assert_eq!(
            e.diagnostics[0].help.as_deref(),
            Some("did you mean `results`?")
        );
        let options: MountOptions = serde_json::from_str(r#"{"view": "export"}"#).unwrap();
        assert_eq!(Embed::from_options(options).view.as_deref(), Some("export"));
    }

    #[test]
    fn scheme_can_be_fixed_by_the_host() {
        assert_eq!(Embed::from_query("scheme=light").scheme, Scheme::Light);
        assert_eq!(
            Embed::from_query("scheme=dark").scheme.class(),
            Some("scheme-dark")
        );
        assert_eq!(Embed::from_query("scheme=auto").scheme.class(), None);
        let e = Embed::from_query("scheme=blue");
        assert_eq!(e.scheme, Scheme::Auto);
        assert_eq!(e.diagnostics[0].code, Code::EmbedValue);
        let options: MountOptions = serde_json::from_str(r#"{"scheme": "light"}"#).unwrap();
        assert_eq!(Embed::from_options(options).scheme, Scheme::Light);
        assert!(serde_json::from_str::<MountOptions>(r#"{"scheme": "blue"}"#).is_err());
    }

    #[test]
    fn a_repeated_theme_variable_keeps_the_last_value() {
        let e = Embed::from_query("theme.accent=red&theme.accent=blue");
        assert_eq!(e.theme, [("accent".to_string(), "blue".to_string())]);
    }

    #[test]
    fn mount_options_parse_from_json() {
        let options: MountOptions = serde_json::from_str(
            r##"{
                "products": ["screen-capture", {"id": "incontact-wfo", "options": {"hybrid": true}, "parameters": {"agents": 40}}],
                "theme": {"accent": "#006400", "--portolan-font": "Georgia, serif", "shadow": "x"}
            }"##,
        )
        .unwrap();
        let e = Embed::from_options(options);
        assert_eq!(e.host, Host::Mounted);
        assert!(
            e.compact,
            "a mounted planner is compact unless asked otherwise"
        );
        assert!(!e.persist());
        let wfo = product(&e, "incontact-wfo");
        assert_eq!(wfo.options["hybrid"], OptionValue::Bool(true));
        assert_eq!(wfo.parameters["agents"], ParamInput::Number(40));
        assert!(product(&e, "screen-capture").versions.is_empty());
        assert_eq!(
            e.theme,
            [
                ("font".to_string(), "Georgia, serif".to_string()),
                ("accent".into(), "#006400".into()),
            ]
        );
        assert_eq!(e.diagnostics.len(), 1);
        assert_eq!(
            e.diagnostics[0]
                .field
                .as_ref()
                .map(ToString::to_string)
                .as_deref(),
            Some("options.theme.shadow")
        );
    }

    #[test]
    fn mount_options_merge_products_into_a_given_plan() {
        let options: MountOptions = serde_json::from_str(
            r#"{
                "compact": false,
                "plan": {"schema": 1, "name": "Site A",
                         "products": [{"id": "screen-capture", "versions": {"ris": "15.2"}}],
                         "hosts": [{"name": "ris01", "addresses": ["10.1.0.10"], "roles": ["screen-capture/ris-server"]}]},
                "products": [{"id": "screen-capture", "options": {"websocket": "non-secure"}}]
            }"#,
        )
        .unwrap();
        let e = Embed::from_options(options);
        assert!(!e.compact);
        let plan = e.plan.as_ref().unwrap();
        assert_eq!(plan.name, "Site A");
        assert_eq!(plan.hosts.len(), 1);
        assert_eq!(plan.products.len(), 1);
        let p = &plan.products[0];
        assert_eq!(p.versions["ris"], "15.2");
        assert_eq!(
            p.options["websocket"],
            OptionValue::Text("non-secure".into())
        );
    }

    #[test]
    fn mount_option_names_are_checked_with_a_hint() {
        assert!(check_mount_option_names(["products", "theme", "scheme"]).is_ok());
        let d = check_mount_option_names(["theme", "prodcuts"]).unwrap_err();
        assert_eq!(d.code, Code::EmbedOptions);
        assert_eq!(d.message, "`mount` has no option `prodcuts`");
        assert_eq!(d.help.as_deref(), Some("did you mean `products`?"));
        let d = check_mount_option_names(["zzz"]).unwrap_err();
        assert_eq!(
            d.help.as_deref(),
            Some("options are compact, products, plan, theme, scheme, view")
        );
    }

    #[test]
    fn a_misspelt_product_field_is_named() {
        let err = serde_json::from_str::<MountOptions>(
            r#"{"products": ["a", {"id": "b", "verisons": {}}]}"#,
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("unknown field `verisons`"), "{err}");
        let err = serde_json::from_str::<MountOptions>(r#"{"products": [3]}"#)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("a product id or {id, versions, options, parameters}"),
            "{err}"
        );
    }

    #[test]
    fn mount_options_reject_unknown_fields() {
        let err = serde_json::from_str::<MountOptions>(r#"{"prodcuts": []}"#).unwrap_err();
        assert!(err.to_string().contains("prodcuts"), "{err}");
        assert!(serde_json::from_str::<MountOptions>("{}").is_ok());
    }

    /// The colours of `:root.scheme-dark` (a host fixed dark) are those of the system's dark mode.
    #[test]
    fn the_fixed_dark_scheme_has_the_dark_colours() {
        let css = include_str!("../../web/style.css");
        let block = |head: &str| -> Vec<String> {
            let start = css.find(head).unwrap() + head.len();
            let body = &css[start..start + css[start..].find('}').unwrap()];
            let mut decls: Vec<String> = body
                .split(';')
                .map(str::trim)
                .filter(|d| d.starts_with("--portolan-"))
                .map(str::to_string)
                .collect();
            decls.sort();
            decls
        };
        let system = block(":root:not(.scheme-light) {");
        assert!(system.len() > 5, "{system:?}");
        assert_eq!(block(":root.scheme-dark {"), system);
    }

    #[test]
    fn every_theme_variable_is_used_by_the_stylesheet_and_documented() {
        let css = include_str!("../../web/style.css");
        let docs = include_str!("../../docs/distribution.md");
        for (name, _) in THEME_VARS {
            let prop = css_property(name);
            assert!(
                css.contains(&format!("var({prop}")),
                "web/style.css does not read {prop}"
            );
            assert!(
                docs.contains(&format!("`{prop}`")),
                "docs/distribution.md does not list {prop}"
            );
        }
    }

    /// The quoted names of a TypeScript union or interface in `MOUNT_TYPES`, from `start` to the
    /// first `end` after it.
    fn declared(start: &str, end: &str) -> std::collections::BTreeSet<String> {
        let from = MOUNT_TYPES.find(start).unwrap() + start.len();
        let body = &MOUNT_TYPES[from..];
        let body = &body[..body.find(end).unwrap()];
        body.split('"')
            .skip(1)
            .step_by(2)
            .map(str::to_string)
            .collect()
    }

    #[test]
    fn the_mount_types_follow_the_rust_lists() {
        let themes: std::collections::BTreeSet<String> =
            THEME_VARS.iter().map(|(n, _)| n.to_string()).collect();
        assert_eq!(declared("export type ThemeVariable =", ";"), themes);
        let views: std::collections::BTreeSet<String> = crate::ui::fields::View::ALL
            .iter()
            .map(|v| v.id().to_string())
            .collect();
        assert_eq!(declared("view?:", ";"), views);
        assert_eq!(
            declared("scheme?:", ";"),
            ["auto", "light", "dark"].map(String::from).into()
        );
        let from = MOUNT_TYPES.find("export interface MountOptions {").unwrap();
        let fields: std::collections::BTreeSet<String> = MOUNT_TYPES[from..]
            .lines()
            .filter_map(|l| l.trim().split_once("?:").map(|(k, _)| k.to_string()))
            .collect();
        let options: std::collections::BTreeSet<String> =
            MOUNT_OPTIONS.iter().map(|o| o.to_string()).collect();
        assert_eq!(fields, options);
    }
}
