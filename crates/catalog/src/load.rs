//! Loading catalog files: TOML → raw types → validated model, with every problem reported at its
//! file, line and column with a one-line hint.

use super::model::*;
use super::raw::*;
use super::releases;
use portolan_core::cond::{self, SymbolKind, Symbols};
use portolan_core::diag::Code;
use portolan_core::diag::{did_you_mean, Diagnostic, Severity};
use portolan_core::net::{Address, PortRange};
use portolan_core::text::Text;
use portolan_core::version::Version;
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

mod check;
mod components;
mod options;
mod parameters;
mod product;
mod requirements;
mod roles;
mod rules;
mod trust;

use check::Check;
use roles::Declared;

/// The outcome of loading several files: the products that loaded cleanly, and every diagnostic.
/// A product with an error is left out; the others still load.
/// `checkCatalog()` in the JS API returns it (as `CheckedCatalog`).
#[derive(Debug, Clone, Default, serde::Serialize, schemars::JsonSchema)]
#[schemars(rename = "CheckedCatalog")]
pub struct Loaded {
    pub catalog: Catalog,
    pub diagnostics: Vec<Diagnostic>,
}

impl Loaded {
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }
}

/// The largest catalog file loaded (16 MiB; a product's file is tens of KB): larger ones are
/// reported, not parsed.
pub const MAX_FILE_BYTES: usize = 16 * 1024 * 1024;

/// Loads catalog files given as `(file name, contents)`; the revision id covers every file.
pub fn load_files(files: &[(String, String)]) -> Loaded {
    let mut sorted: Vec<&(String, String)> = files.iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    let mut out = Loaded::default();
    out.catalog.revision = revision(sorted.iter().map(|(n, t)| (n.as_str(), t.as_str())));
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    for (name, text) in sorted {
        if text.len() > MAX_FILE_BYTES {
            out.diagnostics.push(
                Diagnostic::error(
                    Code::CatalogTooLarge,
                    format!(
                        "the file is larger than the limit of {} MiB",
                        MAX_FILE_BYTES >> 20
                    ),
                )
                .with_help("a product's file is tens of KB; check that this is a catalog file")
                .at(name, 1, 1),
            );
            continue;
        }
        let (product, mut diags) = load_product(name, text);
        if let Some(p) = product {
            if let Some(first) = seen.get(&*p.id) {
                diags.push(
                    Diagnostic::error(
                        Code::CatalogDuplicateProduct,
                        format!("product `{}` is also defined in `{first}`", p.id),
                    )
                    .with_help("give each product its own id and file")
                    .at(name, 1, 1),
                );
            } else if !diags.iter().any(|d| d.severity == Severity::Error) {
                seen.insert(p.id.to_string(), name.clone());
                out.catalog.products.push(p);
            }
        }
        out.diagnostics.extend(diags);
    }
    out
}

/// A content-derived revision id: FNV-1a over file names (without folders) and contents, e.g.
/// `c-3f2a9b1c0d4e`; the same files give the same id on every machine.
pub fn revision<'a>(files: impl Iterator<Item = (&'a str, &'a str)>) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |bytes: &[u8]| {
        for b in bytes {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    };
    for (name, text) in files {
        let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
        eat(base.as_bytes());
        eat(&[0]);
        eat(text.as_bytes());
        eat(&[0]);
    }
    format!("c-{:012x}", h & 0xffff_ffff_ffff)
}

pub(super) struct Ctx<'a> {
    pub(super) file: &'a str,
    pub(super) text: &'a str,
    /// `text`'s line starts, to locate many diagnostics quickly.
    pub(super) lines: portolan_core::diag::Lines<'a>,
    pub(super) diags: Vec<Diagnostic>,
    /// Some table or value could not be read (a shape error), so the product is incomplete and
    /// references to what was left out would be reported wrongly.
    pub(super) partial: bool,
}

impl Ctx<'_> {
    fn push(&mut self, sev: Severity, code: Code, span: Range<usize>, msg: String, help: &str) {
        let (line, col) = self.lines.line_col(span.start);
        let mut d = Diagnostic::error(code, msg).at(self.file, line, col);
        d.severity = sev;
        if !help.is_empty() {
            d.help = Some(help.to_string());
        }
        self.diags.push(d);
    }
    pub(super) fn err(&mut self, code: Code, span: Range<usize>, msg: String, help: &str) {
        self.push(Severity::Error, code, span, msg, help);
    }
    pub(super) fn warn(&mut self, code: Code, span: Range<usize>, msg: String, help: &str) {
        self.push(Severity::Warning, code, span, msg, help);
    }

    /// Byte offset of position `inner` inside the TOML string whose value spans `span`.
    /// Exact for single-line strings without escapes; otherwise the start of the string.
    fn inner_offset(&self, span: &Range<usize>, value: &str, inner: usize) -> usize {
        let raw = self.text.get(span.clone()).unwrap_or("");
        let quote_len = if raw.starts_with("\"\"\"") || raw.starts_with("'''") {
            3
        } else {
            1
        };
        match raw.get(quote_len..quote_len + value.len()) {
            Some(body) if body == value => span.start + quote_len + inner,
            _ => span.start,
        }
    }

    fn id(&mut self, what: &str, id: &S<String>) {
        if !is_kebab(id.get_ref()) {
            self.err(
                Code::CatalogBadId,
                id.span(),
                format!("{what} id `{}` is not kebab-case", id.get_ref()),
                &format!(
                    "use lowercase letters, digits and single dashes, e.g. `{}`",
                    to_kebab(id.get_ref())
                ),
            );
        }
    }

    fn non_empty(&mut self, what: &str, s: &S<String>) {
        if s.get_ref().trim().is_empty() {
            self.err(
                Code::CatalogEmpty,
                s.span(),
                format!("{what} is empty"),
                "write a short text",
            );
        }
    }
}

/// `[a-z0-9]+(-[a-z0-9]+)*`
pub fn is_kebab(s: &str) -> bool {
    !s.is_empty()
        && s.split('-').all(|part| {
            !part.is_empty()
                && part
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        })
}

fn to_kebab(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

struct ProductSymbols<'a> {
    components: &'a [Component],
    options: &'a [OptionDef],
    parameters: &'a [Parameter],
}

impl Symbols for ProductSymbols<'_> {
    fn kind(&self, name: &str) -> Option<SymbolKind> {
        if self.components.iter().any(|c| c.id == name) {
            return Some(SymbolKind::Version);
        }
        if let Some(o) = self.options.iter().find(|o| o.id == name) {
            return Some(match &o.kind {
                OptionKind::Bool { .. } => SymbolKind::Bool,
                OptionKind::Enum { values, .. } => SymbolKind::Enum(values.clone()),
                OptionKind::Set { values, .. } => SymbolKind::Set(values.clone()),
            });
        }
        self.parameters
            .iter()
            .find(|p| p.id == name)
            .map(|p| match p.kind {
                ParamKind::Port | ParamKind::Count => SymbolKind::Number,
                ParamKind::Text => SymbolKind::Text,
            })
    }
    fn names(&self) -> Vec<String> {
        self.components
            .iter()
            .map(|c| c.id.clone())
            .chain(self.options.iter().map(|o| o.id.clone()))
            .chain(self.parameters.iter().map(|p| p.id.clone()))
            .collect()
    }
}

/// Loads one product file. Returns the product when its shape could be read (even with errors,
/// so callers can show them all), and every diagnostic.
pub fn load_product(file: &str, text: &str) -> (Option<Product>, Vec<Diagnostic>) {
    let mut cx = Ctx {
        file,
        text,
        lines: portolan_core::diag::Lines::new(text),
        diags: Vec::new(),
        partial: false,
    };
    let raw = read_product(&mut cx);
    let Some(raw) = raw else {
        return (None, cx.diags);
    };
    let product = validate(&mut cx, raw);
    if cx.partial {
        // A table that could not be read is missing from the product: what refers to it, or
        // what it would have used, is not reported, as fixing the shape error may resolve it.
        cx.diags.retain(|d| !CROSS_REFERENCE.contains(&d.code));
    }
    (Some(product), cx.diags)
}

/// Codes that depend on other tables of the product being present.
const CROSS_REFERENCE: &[Code] = &[
    Code::CatalogNoSources,
    Code::CatalogUnknownSource,
    Code::CatalogUnusedSource,
    Code::CatalogUnknownRole,
    Code::CatalogUnusedRole,
    Code::CatalogUnknownParameter,
    Code::CatalogUnusedParameter,
    Code::CatalogConditionType,
    Code::CatalogFormulaType,
    Code::CatalogNoReleases,
    Code::CatalogUnknownRelease,
];

/// Validates a product's tables, one step per table over a [`Check`] context: the product and
/// its sources, then the declarations (components, options, parameters) that the facts (roles,
/// rules, requirements) refer to, then what was declared but never used.
fn validate(cx: &mut Ctx<'_>, raw: RawProduct) -> Product {
    product::header(cx, &raw);
    let sources = product::sources(cx, &raw);
    let mut ck = Check::new(cx, &raw, &sources);
    let components = components::components(&mut ck, &raw);
    let options = options::options(&mut ck, &raw);
    let parameters = parameters::parameters(&mut ck, &raw);
    let declared = Declared {
        symbols: ProductSymbols {
            components: &components,
            options: &options,
            parameters: &parameters,
        },
        scoping: releases::Scoping {
            component: components.iter().find(|c| !c.releases.is_empty()),
        },
    };
    let roles = roles::roles(&mut ck, &raw, &declared);
    let (mut rules, rule_ids) = rules::rules(&mut ck, &raw, &declared, &roles);
    let (requirements, req_ids) = requirements::requirements(&mut ck, &raw, &declared, &components);
    let rule_scopes = raw.rules.iter().map(|r| (&r.id, &r.scope));
    releases::check_replaces(ck.cx, "rule", rule_scopes, &rule_ids);
    let req_scopes = raw.requirements.iter().map(|q| (&q.id, &q.scope));
    releases::check_replaces(ck.cx, "requirement", req_scopes, &req_ids);
    ck.unused(&raw);

    for rule in &mut rules {
        rule.link(raw.id.get_ref(), &roles);
    }
    let meta = super::meta::product_meta(cx, &raw);
    Product {
        id: raw.id.get_ref().as_str().into(),
        name: raw.name.get_ref().clone(),
        vendor: raw.vendor.get_ref().clone(),
        summary: raw.summary.get_ref().clone(),
        coverage: meta.coverage,
        category: meta.category,
        tags: meta.tags,
        file: product::file_name(cx).to_string(),
        sources,
        components,
        options,
        parameters,
        roles,
        rules,
        requirements,
    }
}

fn list(items: &[String]) -> String {
    if items.is_empty() {
        return "none".to_string();
    }
    items
        .iter()
        .map(|i| format!("`{i}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn dup(cx: &mut Ctx<'_>, what: &str, id: &S<String>) {
    cx.err(
        Code::CatalogDuplicateId,
        id.span(),
        format!("{what} `{}` is defined twice", id.get_ref()),
        "give each one its own id",
    );
}

fn non_negative(cx: &mut Ctx<'_>, v: &S<i64>) -> Option<u64> {
    match u64::try_from(*v.get_ref()) {
        Ok(n) => Some(n),
        Err(_) => {
            cx.err(
                Code::CatalogNegative,
                v.span(),
                format!("`{}` is negative", v.get_ref()),
                "use a number of 0 or more",
            );
            None
        }
    }
}

fn version(cx: &mut Ctx<'_>, v: &S<String>) -> Option<Version> {
    match v.get_ref().parse::<Version>() {
        Ok(v) => Some(v),
        Err(e) => {
            cx.err(Code::CatalogBadVersion, v.span(), e.message, &e.help);
            None
        }
    }
}

/// `{name}` placeholders in a template, with their byte offsets.
fn placeholders(s: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut rest = s;
    let mut base = 0;
    while let Some(open) = rest.find('{') {
        let after = rest.get(open + 1..).unwrap_or("");
        match after.find('}') {
            Some(close) => {
                out.push((base + open, after.get(..close).unwrap_or("")));
                let skip = open + close + 2;
                base += skip;
                rest = rest.get(skip..).unwrap_or("");
            }
            None => {
                out.push((base + open, after));
                break;
            }
        }
    }
    out
}

fn endpoint(cx: &mut Ctx<'_>, e: &S<String>, params: &[Parameter], used: &mut BTreeSet<String>) {
    let mut sample = e.get_ref().clone();
    // a placeholder already reported leaves its braces in `sample`: not a second error
    let mut reported = false;
    for (at, name) in placeholders(e.get_ref()) {
        used.insert(name.to_string());
        let offset = cx.inner_offset(&e.span(), e.get_ref(), at);
        match params.iter().find(|p| p.id == name) {
            Some(p) if p.kind == ParamKind::Text => {
                let default = p.default.to_string();
                if let Err(why) = portolan_core::net::label::check_label(&default) {
                    reported = true;
                    cx.err(
                        Code::CatalogPlaceholderDefault,
                        offset..offset,
                        format!("parameter `{name}` fills this endpoint, but its default `{default}` is not one DNS label: {why}"),
                        &format!("a parameter in a host name is {}", portolan_core::net::label::LABEL_HELP),
                    );
                }
                sample = sample.replace(&format!("{{{name}}}"), &default);
            }
            Some(_) => {
                reported = true;
                cx.err(
                    Code::CatalogPlaceholderType,
                    offset..offset,
                    format!("placeholder `{{{name}}}` names a parameter that is not text"),
                    "endpoints take text parameters such as a tenant name or a region",
                );
            }
            None => {
                reported = true;
                let names: Vec<&str> = params.iter().map(|p| p.id.as_str()).collect();
                let hint = match did_you_mean(name, names.iter().copied()) {
                    Some(s) => format!("did you mean `{{{s}}}`?"),
                    None => "declare a `text` parameter with that id".to_string(),
                };
                cx.err(
                    Code::CatalogUnknownParameter,
                    offset..offset,
                    format!("placeholder `{{{name}}}` names no parameter"),
                    &hint,
                );
            }
        }
    }
    let parsed = sample.parse::<Address>();
    if let (Err(err), false) = (parsed, reported) {
        cx.err(
            Code::CatalogBadEndpoint,
            e.span(),
            format!("endpoint `{}`: {}", e.get_ref(), err.message),
            err.help
                .as_deref()
                .unwrap_or("write an IP address, a CIDR, a host name or `*.domain`"),
        );
    }
}

fn port_spec(
    cx: &mut Ctx<'_>,
    p: &S<Value>,
    params: &[Parameter],
    used: &mut BTreeSet<String>,
) -> Option<PortSpec> {
    let text = match p.get_ref() {
        Value::Int(n) => n.to_string(),
        Value::Str(s) => s.clone(),
        other => {
            cx.err(
                Code::CatalogBadPort,
                p.span(),
                format!("`{other}` is not a port"),
                "write a number (`443`), a range (`\"4001-4004\"`) or a parameter (`\"{port-param}\"`)",
            );
            return None;
        }
    };
    let trimmed = text.trim();
    if let Some(name) = trimmed.strip_prefix('{').and_then(|t| t.strip_suffix('}')) {
        used.insert(name.to_string());
        return match params.iter().find(|q| q.id == name) {
            Some(q) if q.kind == ParamKind::Port => Some(PortSpec::Param(name.to_string())),
            Some(_) => {
                cx.err(
                    Code::CatalogPortParameterType,
                    p.span(),
                    format!("parameter `{name}` is not a port"),
                    "declare it with `type = \"port\"`",
                );
                None
            }
            None => {
                let names: Vec<&str> = params.iter().map(|q| q.id.as_str()).collect();
                let hint = match did_you_mean(name, names.iter().copied()) {
                    Some(s) => format!("did you mean `{{{s}}}`?"),
                    None => "declare a `port` parameter with that id".to_string(),
                };
                cx.err(
                    Code::CatalogUnknownParameter,
                    p.span(),
                    format!("port parameter `{name}` is not declared"),
                    &hint,
                );
                None
            }
        };
    }
    match trimmed.parse::<PortRange>() {
        Ok(r) => Some(PortSpec::Range(r)),
        Err(e) => {
            cx.err(Code::CatalogBadPort, p.span(), e.message, &e.help);
            None
        }
    }
}

fn condition(
    cx: &mut Ctx<'_>,
    w: &S<String>,
    symbols: &ProductSymbols<'_>,
    used: &mut BTreeSet<String>,
) -> Option<Condition> {
    let src = w.get_ref();
    match cond::parse_condition(src) {
        Err(e) => {
            let at = cx.inner_offset(&w.span(), src, e.span.start);
            cx.err(
                Code::CatalogConditionSyntax,
                at..at,
                e.message,
                e.help
                    .as_deref()
                    .unwrap_or("see the condition language in catalog/README.md"),
            );
            None
        }
        Ok(expr) => {
            let errs = cond::check(&expr, symbols);
            for e in &errs {
                let at = cx.inner_offset(&w.span(), src, e.span.start);
                cx.err(
                    Code::CatalogConditionType,
                    at..at,
                    e.message.clone(),
                    e.help
                        .as_deref()
                        .unwrap_or("see the condition language in catalog/README.md"),
                );
            }
            used.extend(expr.names());
            if errs.is_empty() {
                Some(Condition {
                    source: src.clone(),
                    expr,
                })
            } else {
                None
            }
        }
    }
}
