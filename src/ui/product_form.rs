//! The form of one product of a plan, in named parts: its heading, the guide, the choices that
//! decide which of the vendor's tables apply (deployment, modules), its versions, other vendors'
//! software, then the longer lists folded into groups (integrations, more options, ports, other
//! parameters). Each option is shown once; its help is a disclosure and its citation one click
//! away.

use super::fields::dom_id;
use super::guide::{group_of, OptionGroup};
use super::product_scope::ProductScope;
use super::state::{param_input, version_note, Action, Edit, Target};
use super::view_products::{coverage_note, Config};
use super::widgets::{citation, field_messages, select, Shared, TextField};
use portolan_catalog::{Catalog, Component, OptionDef, OptionKind, ParamKind, Parameter, Product};
use portolan_core::diag::{FieldPath, Severity};
use portolan_core::plan::{OptionValue, PlanProduct};
use portolan_engine::Warning;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// What the form of one product reads: no more than it shows, so that it is drawn again only
/// when one of these changes (see `product_scope`).
#[derive(Properties, PartialEq)]
pub struct ProductFormProps {
    pub catalog: Shared<Catalog>,
    pub dispatch: Callback<Action>,
    /// Opens the view of a plan field and focuses its control (the guide's buttons).
    pub goto: Callback<FieldPath>,
    pub cfg: Config,
    pub scope: ProductScope,
}

/// One product of a plan: its form, or, for a product the catalog does not know, its id, its
/// warnings and a Remove button.
#[function_component(ProductForm)]
pub fn product_form(p: &ProductFormProps) -> Html {
    let pp = &p.scope.product;
    match p.catalog.product(&pp.id) {
        Some(prod) => form(p, pp, prod),
        None => unknown(p, pp),
    }
}

/// A product the catalog does not know.
fn unknown(p: &ProductFormProps, pp: &PlanProduct) -> Html {
    let base = format!("products[{}]", p.cfg.index);
    let heading_id = dom_id(&p.cfg.prefix, &format!("{base}.id"));
    let remove = {
        let dispatch = p.dispatch.clone();
        let id = pp.id.clone();
        let target = p.cfg.target;
        Callback::from(move |_| {
            dispatch.emit(Action::Edit(target, Edit::RemoveProduct(id.clone())))
        })
    };
    let id_warnings = p.scope.warnings_at(&format!("{base}.id"));
    html! {
        <article class="product-config unknown">
            <h3 id={heading_id} tabindex="-1">{ pp.id.clone() }</h3>
            { field_messages(&format!("{}-msg", dom_id(&p.cfg.prefix, &base)), &id_warnings, None) }
            <button type="button" class="button" onclick={remove}>{ format!("Remove {}", pp.id) }</button>
        </article>
    }
}

/// What every part of the form reads.
struct Form<'a> {
    props: &'a ProductFormProps,
    cfg: &'a Config,
    /// `products[i]`: the plan field of the product.
    base: String,
    pp: &'a PlanProduct,
    prod: &'a Product,
}

impl<'a> Form<'a> {
    fn pid(&self) -> String {
        self.prod.id.to_string()
    }

    fn field(&self, kind: &str, id: &str) -> String {
        format!("{}.{kind}.{id}", self.base)
    }

    fn cite(&self, cite: Option<&portolan_catalog::Citation>) -> Html {
        cite.map(|ct| citation(&self.props.catalog, &self.pid(), ct))
            .unwrap_or_default()
    }

    fn warnings_at(&self, field: &str) -> Vec<&'a Warning> {
        self.props.scope.warnings_at(field)
    }

    fn dispatch(&self) -> Callback<Action> {
        self.props.dispatch.clone()
    }
}

/// The whole form of `pp` (found in the catalog as `prod`).
fn form(props: &ProductFormProps, pp: &PlanProduct, prod: &Product) -> Html {
    let cfg = &props.cfg;
    let f = Form {
        props,
        cfg,
        base: format!("products[{}]", cfg.index),
        pp,
        prod,
    };
    let heading_id = dom_id(&cfg.prefix, &format!("{}.id", f.base));
    let id_warnings = f.warnings_at(&format!("{}.id", f.base));
    let guided = !cfg.compact && cfg.target == Target::Main;
    html! {
        <article class="product-config" aria-labelledby={heading_id.clone()}>
            { head(&f, &heading_id) }
            { field_messages(&format!("{}-msg", dom_id(&cfg.prefix, &f.base)), &id_warnings, None) }
            if guided {
                if let Some(progress) = &props.scope.progress {
                    <super::view_guide::Guide catalog={props.catalog.clone()} goto={props.goto.clone()}
                        index={cfg.index} product={pp.id.clone()} progress={progress.clone()}
                        skipped={props.scope.skipped.clone()} dispatch={props.dispatch.clone()} />
                }
            }
            { choices(&f) }
            { versions(&f) }
            { third_party(&f) }
            { for [OptionGroup::Integrations, OptionGroup::Other].into_iter().map(|g| folded_options(&f, g)) }
            if !cfg.compact {
                { parameters(&f, true) }
                { parameters(&f, false) }
            }
        </article>
    }
}

/// The product's name, vendor, coverage and its Remove button.
fn head(f: &Form, heading_id: &str) -> Html {
    let onremove = {
        let dispatch = f.dispatch();
        let id = f.pp.id.clone();
        let target = f.cfg.target;
        Callback::from(move |_| {
            dispatch.emit(Action::Edit(target, Edit::RemoveProduct(id.clone())))
        })
    };
    html! {
        <header class="product-head">
            <div>
                <h3 id={heading_id.to_string()} tabindex="-1">{ f.prod.name.clone() }</h3>
                <p class="vendor">{ format!("{} · {}", f.prod.vendor, f.prod.id) }</p>
                { coverage_note(&f.prod.coverage) }
            </div>
            <button type="button" class="button" onclick={onremove}
                aria-label={format!("Remove {} from the plan", f.prod.name)}>{ "Remove" }</button>
        </header>
    }
}

/// The options of `group`.
fn options_of<'a>(f: &Form<'a>, group: OptionGroup) -> Vec<&'a OptionDef> {
    f.prod
        .options
        .iter()
        .filter(|o| group_of(f.prod, o) == group)
        .collect()
}

/// Deployment and modules: the choices that decide which tables apply, first and open.
fn choices(f: &Form) -> Html {
    let deployment = options_of(f, OptionGroup::Deployment);
    let modules = options_of(f, OptionGroup::Modules);
    if deployment.is_empty() && modules.is_empty() {
        return html! {};
    }
    let id = format!("{}-choices", dom_id(&f.cfg.prefix, &f.base));
    html! {
        <fieldset class="choices" id={id}>
            <legend>{ "What you run" }</legend>
            <p class="field-help">{ "These decide which of the vendor's port tables apply." }</p>
            if !deployment.is_empty() {
                <div class="option-group" role="group" aria-label="Deployment">
                    { for deployment.into_iter().map(|o| option_field(f, o)) }
                </div>
            }
            if !modules.is_empty() {
                <div class="option-group" role="group" aria-label="Modules">
                    <p class="group-title">{ "Modules" }</p>
                    { for modules.into_iter().map(|o| option_field(f, o)) }
                </div>
            }
        </fieldset>
    }
}

/// Warnings (not notes) on the fields of `fields`, for a folded group's summary.
fn warning_count(f: &Form, fields: impl Iterator<Item = String>) -> usize {
    fields
        .map(|field| {
            f.warnings_at(&field)
                .iter()
                .filter(|w| w.severity >= Severity::Warning)
                .count()
        })
        .sum()
}

/// A group of options folded into a disclosure, its count (and warnings) in the summary.
fn folded_options(f: &Form, group: OptionGroup) -> Html {
    let list = options_of(f, group);
    if list.is_empty() {
        return html! {};
    }
    let set = list
        .iter()
        .filter(|o| f.pp.options.contains_key(&o.id))
        .count();
    let warned = warning_count(f, list.iter().map(|o| f.field("options", &o.id)));
    html! {
        <details class="group">
            <summary>{ folded_summary(group.title(), list.len(), set, warned) }</summary>
            { for list.into_iter().map(|o| option_field(f, o)) }
        </details>
    }
}

/// `Integrations (6 · 1 changed · 1 warning)`.
fn folded_summary(title: &str, count: usize, changed: usize, warned: usize) -> String {
    let mut parts = vec![count.to_string()];
    if changed > 0 {
        parts.push(format!("{changed} changed"));
    }
    if warned > 0 {
        parts.push(format!(
            "{warned} warning{}",
            if warned == 1 { "" } else { "s" }
        ));
    }
    format!("{title} ({})", parts.join(" · "))
}

/// Help on demand: a disclosure whose text describes the control (`id`).
fn help(id: &str, text: &str) -> Html {
    if text.trim().is_empty() {
        return html! {};
    }
    html! {
        <details class="help">
            <summary>{ "Help" }</summary>
            <p class="field-help" id={id.to_string()}>{ text.to_string() }</p>
        </details>
    }
}

/// One option: its control, help and citation, its warnings once. A bool option's "off" cost
/// is the engine's `capability-disabled` note, shown as that note only.
fn option_field(f: &Form, o: &OptionDef) -> Html {
    let field = f.field("options", &o.id);
    let id = dom_id(&f.cfg.prefix, &field);
    let warnings = f.warnings_at(&field);
    let msg_id = format!("{id}-msg");
    let desc_id = format!("{id}-help");
    let describedby = format!("{desc_id} {msg_id}");
    let set = {
        let dispatch = f.dispatch();
        let (pid, oid, target) = (f.pid(), o.id.clone(), f.cfg.target);
        Callback::from(move |v: Option<OptionValue>| {
            let e = Edit::SetOption {
                product: pid.clone(),
                option: oid.clone(),
                value: v,
            };
            dispatch.emit(Action::Edit(target, e))
        })
    };
    let given = f.pp.options.get(&o.id);
    let control = match &o.kind {
        OptionKind::Bool { default } => bool_control(&id, o, given, *default, &set, &describedby),
        OptionKind::Enum { values, default } => {
            enum_control(&id, o, given, values, default, &set, &describedby)
        }
        OptionKind::Set { values, default } => {
            super::view_trust::set_option(&id, &o.name, given, values, default, &set, &describedby)
        }
    };
    html! {
        <div class="param option" key={o.id.clone()}>
            { control }
            <div class="more">
                { help(&desc_id, &o.description) }
                { f.cite(o.cite.as_ref()) }
            </div>
            { field_messages(&msg_id, &warnings, None) }
        </div>
    }
}

fn bool_control(
    id: &str,
    o: &OptionDef,
    given: Option<&OptionValue>,
    default: bool,
    set: &Callback<Option<OptionValue>>,
    describedby: &str,
) -> Html {
    let on = match given {
        Some(OptionValue::Bool(b)) => *b,
        _ => default,
    };
    let onchange = {
        let set = set.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlInputElement>().checked();
            set.emit((v != default).then_some(OptionValue::Bool(v)));
        })
    };
    html! {
        <div class="field check">
            <input type="checkbox" id={id.to_string()} checked={on} {onchange}
                aria-describedby={describedby.to_string()} />
            <label for={id.to_string()}>{ o.name.clone() }</label>
            <span class="muted">{ format!(" (default {})", if default { "on" } else { "off" }) }</span>
        </div>
    }
}

fn enum_control(
    id: &str,
    o: &OptionDef,
    given: Option<&OptionValue>,
    values: &[String],
    default: &str,
    set: &Callback<Option<OptionValue>>,
    describedby: &str,
) -> Html {
    let current = match given {
        Some(OptionValue::Text(t)) => t.clone(),
        Some(other) => other.to_string(),
        None => default.to_string(),
    };
    let mut opts: Vec<(AttrValue, AttrValue)> = values
        .iter()
        .map(|v| {
            let label = if v == default {
                format!("{v} (default)")
            } else {
                v.clone()
            };
            (AttrValue::from(v.clone()), AttrValue::from(label))
        })
        .collect();
    if !values.contains(&current) {
        let label = format!("{current} (not valid)");
        opts.insert(
            0,
            (AttrValue::from(current.clone()), AttrValue::from(label)),
        );
    }
    let onchange = {
        let set = set.clone();
        let default = default.to_string();
        Callback::from(move |v: String| set.emit((v != default).then_some(OptionValue::Text(v))))
    };
    select(
        id,
        &o.name,
        &current,
        &opts,
        &onchange,
        Some(describedby.to_string()),
    )
}

/// The product's own components' versions.
fn versions(f: &Form) -> Html {
    let own: Vec<&Component> = f
        .prod
        .components
        .iter()
        .filter(|c| c.kind.is_product())
        .collect();
    if own.is_empty() {
        return html! {};
    }
    let id = format!("{}-versions", dom_id(&f.cfg.prefix, &f.base));
    html! {
        <fieldset {id}>
            <legend>{ "Versions" }</legend>
            { for own.into_iter().map(|c| version_field(f, c)) }
        </fieldset>
    }
}

/// Other vendors' software whose installed version a compatibility statement checks.
fn third_party(f: &Form) -> Html {
    let asked = super::choices::third_party_of(f.prod, f.pp, &f.props.scope.third_party_checked);
    if asked.is_empty() {
        return html! {};
    }
    html! {
        <fieldset class="third-party">
            <legend>{ "Other vendors' software" }</legend>
            <p class="field-help">{ "Installed versions the vendor's compatibility statements check." }</p>
            { for asked.into_iter().map(|c| version_field(f, c)) }
        </fieldset>
    }
}

/// Documented releases newest first as `(version, label)`, else the known versions.
fn known_releases(c: &Component) -> Vec<(String, String)> {
    if c.releases.is_empty() {
        c.versions
            .iter()
            .map(|v| (v.to_string(), String::new()))
            .collect()
    } else {
        c.releases
            .iter()
            .rev()
            .map(|r| (r.version.to_string(), r.label()))
            .collect()
    }
}

/// What an empty version field means, and the field's label.
fn version_texts(c: &Component) -> (String, String, String) {
    let (placeholder, empty) = match &c.default {
        Some(d) => (d.to_string(), format!("Empty means the default, {d}.")),
        None => (
            "not given".to_string(),
            "Empty means not given: the vendor's compatibility statements for it cannot be checked."
                .to_string(),
        ),
    };
    let label = match (&c.default, &c.vendor) {
        (None, Some(v)) => format!("{} version installed ({v})", c.name),
        (None, None) => format!("{} version installed", c.name),
        _ => format!("{} version", c.name),
    };
    (placeholder, empty, label)
}

fn version_field(f: &Form, c: &Component) -> Html {
    let field = f.field("versions", &c.id);
    let value = f.pp.versions.get(&c.id).cloned().unwrap_or_default();
    let list_id = format!("{}-list", dom_id(&f.cfg.prefix, &field));
    let options = known_releases(c);
    let known = if c.releases.is_empty() {
        options
            .iter()
            .map(|(v, _)| v.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    } else {
        options
            .iter()
            .map(|(_, l)| l.as_str())
            .collect::<Vec<_>>()
            .join("; ")
    };
    let oninput = {
        let dispatch = f.dispatch();
        let (pid, cid, target) = (f.pid(), c.id.clone(), f.cfg.target);
        Callback::from(move |v: String| {
            let e = Edit::SetVersion {
                product: pid.clone(),
                component: cid.clone(),
                value: v,
            };
            dispatch.emit(Action::Edit(target, e))
        })
    };
    let note = version_note(&c.versions, &value);
    let (placeholder, empty, label) = version_texts(c);
    let which = if c.releases.is_empty() {
        "Known releases"
    } else {
        "Documented releases, newest first"
    };
    html! {
        <div class="param" key={c.id.clone()}>
            <TextField field={field.clone()} prefix={f.cfg.prefix.clone()} {oninput}
                {label} {value} {placeholder} list={list_id.clone()}
                warnings={f.warnings_at(&field).into_iter().cloned().collect::<Vec<_>>()}
                fold_help=true help_open={note.is_some()}
                help={html! { <>
                    { format!("{which}: {known}. {empty}") }
                    { for note.map(|n| html! { <span class="note">{ format!(" {n}") }</span> }) }
                    { for c.description.as_ref().map(|d| html! { <span>{ format!(" {d}") }</span> }) }
                </> }} />
            <datalist id={list_id}>
                { for options.iter().map(|(v, l)| html! { <option value={v.clone()} label={(!l.is_empty()).then(|| l.clone())} /> }) }
            </datalist>
            { f.cite(c.cite.as_ref()) }
        </div>
    }
}

/// The port parameters (`ports`) or the others, folded into a disclosure.
fn parameters(f: &Form, ports: bool) -> Html {
    let list: Vec<&Parameter> = f
        .prod
        .parameters
        .iter()
        .filter(|p| (p.kind == ParamKind::Port) == ports)
        .collect();
    if list.is_empty() {
        return html! {};
    }
    let title = if ports { "Ports" } else { "Other parameters" };
    let changed = list
        .iter()
        .filter(|p| f.pp.parameters.contains_key(&p.id))
        .count();
    let warned = warning_count(f, list.iter().map(|p| f.field("parameters", &p.id)));
    html! {
        <details class="group">
            <summary>{ folded_summary(title, list.len(), changed, warned) }</summary>
            { for list.into_iter().map(|prm| parameter_field(f, prm)) }
        </details>
    }
}

/// `Range 1–65535.` and the like.
fn range_text(prm: &Parameter) -> String {
    match (prm.kind, prm.min, prm.max) {
        (ParamKind::Port, _, _) => " Range 1–65535.".to_string(),
        (_, Some(a), Some(b)) => format!(" Range {a}–{b}."),
        (_, Some(a), None) => format!(" At least {a}."),
        (_, None, Some(b)) => format!(" At most {b}."),
        _ => String::new(),
    }
}

fn parameter_field(f: &Form, prm: &Parameter) -> Html {
    let field = f.field("parameters", &prm.id);
    let unit = prm
        .unit
        .clone()
        .map(|u| format!(" {u}"))
        .unwrap_or_default();
    if !prm.configurable {
        return fixed_parameter(f, prm, &field, &unit);
    }
    let kind = match prm.kind {
        ParamKind::Port => "port",
        ParamKind::Count => "count",
        ParamKind::Text => "text",
    };
    let value =
        f.pp.parameters
            .get(&prm.id)
            .map(|v| v.to_string())
            .unwrap_or_default();
    let oninput = {
        let dispatch = f.dispatch();
        let (pid, prid, k, target) = (f.pid(), prm.id.clone(), prm.kind, f.cfg.target);
        Callback::from(move |v: String| {
            let e = Edit::SetParameter {
                product: pid.clone(),
                parameter: prid.clone(),
                value: param_input(k, &v),
            };
            dispatch.emit(Action::Edit(target, e))
        })
    };
    let help = format!(
        "{} Default {}{unit}.{} Empty means the default.",
        prm.description,
        prm.default,
        range_text(prm)
    );
    html! {
        <div class="param" key={prm.id.clone()}>
            <TextField field={field.clone()} prefix={f.cfg.prefix.clone()} {oninput}
                label={format!("{} ({kind}{unit})", prm.name)}
                {value}
                placeholder={prm.default.to_string()}
                inputmode={(prm.kind != ParamKind::Text).then_some(AttrValue::Static("numeric"))}
                warnings={f.warnings_at(&field).into_iter().cloned().collect::<Vec<_>>()}
                fold_help=true help={html! { <>{ help }</> }} />
            { f.cite(prm.cite.as_ref()) }
        </div>
    }
}

fn fixed_parameter(f: &Form, prm: &Parameter, field: &str, unit: &str) -> Html {
    let id = dom_id(&f.cfg.prefix, field);
    let warnings = f.warnings_at(field);
    html! {
        <div class="param fixed" key={prm.id.clone()}>
            <p class="field">
                <span class="label" id={format!("{id}-label")}>{ prm.name.clone() }</span>
                <output id={id.clone()} tabindex="-1" aria-labelledby={format!("{id}-label")}>{ format!("{}{unit}", prm.default) }</output>
                <span class="badge">{ "fixed — not configurable" }</span>
            </p>
            <p class="field-help">{ prm.description.clone() }</p>
            { field_messages(&format!("{id}-msg"), &warnings, None) }
            { f.cite(prm.cite.as_ref()) }
        </div>
    }
}
