//! Loading catalog files: TOML → raw types → validated model, with every problem reported at its
//! file, line and column with a one-line hint.

use super::model::*;
use super::raw::*;
use super::releases;
use portolan_core::cond::{self, SymbolKind, Symbols};
use portolan_core::diag::{did_you_mean, Diagnostic, Severity};
use portolan_core::net::{Address, PortRange};
use portolan_core::text::Text;
use portolan_core::version::Version;
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

mod trust;

/// The outcome of loading several files: the products that loaded cleanly, and every diagnostic.
/// A product with an error is left out; the others still load.
#[derive(Debug, Clone, Default, serde::Serialize)]
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
                    "catalog::too-large",
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
                        "catalog::duplicate-product",
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
    fn push(&mut self, sev: Severity, code: &str, span: Range<usize>, msg: String, help: &str) {
        let (line, col) = self.lines.line_col(span.start);
        let mut d = Diagnostic::error(code, msg).at(self.file, line, col);
        d.severity = sev;
        if !help.is_empty() {
            d.help = Some(help.to_string());
        }
        self.diags.push(d);
    }
    pub(super) fn err(&mut self, code: &str, span: Range<usize>, msg: String, help: &str) {
        self.push(Severity::Error, code, span, msg, help);
    }
    pub(super) fn warn(&mut self, code: &str, span: Range<usize>, msg: String, help: &str) {
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
                "catalog::bad-id",
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
                "catalog::empty",
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
        cx.diags
            .retain(|d| !CROSS_REFERENCE.contains(&d.code.as_str()));
    }
    (Some(product), cx.diags)
}

/// Codes that depend on other tables of the product being present.
const CROSS_REFERENCE: &[&str] = &[
    "catalog::no-sources",
    "catalog::unknown-source",
    "catalog::unused-source",
    "catalog::unknown-role",
    "catalog::unused-role",
    "catalog::unknown-parameter",
    "catalog::unused-parameter",
    "catalog::condition-type",
    "catalog::formula-type",
    "catalog::no-releases",
    "catalog::unknown-release",
];

fn validate(cx: &mut Ctx<'_>, raw: RawProduct) -> Product {
    if *raw.schema.get_ref() != 1 {
        cx.err(
            "catalog::schema",
            raw.schema.span(),
            format!("catalog format `{}` is not supported", raw.schema.get_ref()),
            "write `schema = 1`",
        );
    }
    cx.id("product", &raw.id);
    let stem = cx
        .file
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or(cx.file)
        .trim_end_matches(".toml");
    if cx.file.ends_with(".toml") && stem != raw.id.get_ref() {
        cx.err(
            "catalog::id-file-mismatch",
            raw.id.span(),
            format!(
                "product id `{}` does not match its file name `{stem}.toml`",
                raw.id.get_ref()
            ),
            &format!(
                "rename the file to `{}.toml` or the id to `{stem}`",
                raw.id.get_ref()
            ),
        );
    }
    cx.non_empty("product name", &raw.name);
    cx.non_empty("vendor", &raw.vendor);
    cx.non_empty("summary", &raw.summary);

    // sources
    let mut sources = Vec::new();
    let mut ids = BTreeSet::new();
    for s in &raw.sources {
        cx.id("source", &s.id);
        if !ids.insert(s.id.get_ref().clone()) {
            dup(cx, "source", &s.id);
        }
        if s.file.is_none() && s.url.is_none() {
            cx.err(
                "catalog::source-location",
                s.id.span(),
                format!("source `{}` has neither `file` nor `url`", s.id.get_ref()),
                "add `file = \"seed-file.txt\"` or `url = \"https://...\"`",
            );
        }
        sources.push(Source {
            id: s.id.get_ref().clone(),
            file: s.file.as_ref().map(|f| f.get_ref().clone()),
            url: s.url.as_ref().map(|f| f.get_ref().clone()),
            title: s.title.get_ref().clone(),
        });
    }
    if raw.sources.is_empty() {
        cx.err(
            "catalog::no-sources",
            raw.id.span(),
            "product has no `[[sources]]`".to_string(),
            "add the document the facts come from: `[[sources]] id = \"guide\" file = \"...\" title = \"...\"`",
        );
    }
    let source_ids: Vec<String> = sources.iter().map(|s| s.id.clone()).collect();
    let mut used_sources: BTreeSet<String> = BTreeSet::new();
    let mut cite = |cx: &mut Ctx<'_>,
                    c: &Option<RawCite>,
                    what: &str,
                    at: Range<usize>,
                    required: bool|
     -> Option<Citation> {
        match c {
            None => {
                if required {
                    cx.err(
                        "catalog::missing-cite",
                        at,
                        format!("{what} has no citation"),
                        "add `cite = { source = \"<source id>\", quote = \"<short quote from the source>\" }`",
                    );
                }
                None
            }
            Some(c) => {
                let src = c.source.get_ref();
                if !source_ids.contains(src) {
                    let hint = match did_you_mean(src, source_ids.iter().map(String::as_str)) {
                        Some(s) => format!("did you mean `{s}`?"),
                        None => format!("declared sources: {}", list(&source_ids)),
                    };
                    cx.err(
                        "catalog::unknown-source",
                        c.source.span(),
                        format!("citation names unknown source `{src}`"),
                        &hint,
                    );
                }
                used_sources.insert(src.clone());
                cx.non_empty("citation quote", &c.quote);
                Some(Citation {
                    source: src.as_str().into(),
                    quote: c.quote.get_ref().as_str().into(),
                })
            }
        }
    };

    // one namespace for components, options and parameters (conditions refer to them by name)
    let mut names: BTreeSet<String> = BTreeSet::new();

    let mut components = Vec::new();
    for c in &raw.components {
        cx.id("component", &c.id);
        if !names.insert(c.id.get_ref().clone()) {
            dup(cx, "component, option or parameter", &c.id);
        }
        let mut versions = Vec::new();
        for v in &c.versions {
            if let Some(v) = version(cx, v) {
                versions.push(v);
            }
        }
        let kind = trust::component_kind(cx, c, &versions);
        let ccite = cite(cx, &c.cite, "component", c.id.span(), false);
        let releases = releases::read(cx, c, &versions, &source_ids);
        if let Some((kind, default)) = kind {
            components.push(Component {
                id: c.id.get_ref().clone(),
                name: c.name.get_ref().clone(),
                kind,
                vendor: c.vendor.as_ref().map(|v| v.get_ref().clone()),
                description: c.description.as_ref().map(|d| d.get_ref().clone()),
                versions,
                default,
                cite: ccite,
                releases,
            });
        }
    }
    releases::check_components(cx, &raw.components, &components);
    let scoping = releases::Scoping {
        component: components.iter().find(|c| !c.releases.is_empty()),
    };

    let mut options = Vec::new();
    for o in &raw.options {
        cx.id("option", &o.id);
        if !names.insert(o.id.get_ref().clone()) {
            dup(cx, "component, option or parameter", &o.id);
        }
        let kind = match o.kind.get_ref().as_str() {
            "bool" => {
                if let Some(v) = &o.values {
                    if let Some(first) = v.first() {
                        cx.err(
                            "catalog::bool-values",
                            first.span(),
                            "a bool option has no `values`".to_string(),
                            "remove `values`, or write `type = \"enum\"`",
                        );
                    }
                }
                match o.default.get_ref() {
                    Value::Bool(b) => Some(OptionKind::Bool { default: *b }),
                    other => {
                        cx.err(
                            "catalog::option-default",
                            o.default.span(),
                            format!("default `{other}` of a bool option is not `true` or `false`"),
                            "write `default = true` or `default = false`",
                        );
                        None
                    }
                }
            }
            "enum" => {
                let values: Vec<String> = o
                    .values
                    .iter()
                    .flatten()
                    .map(|v| v.get_ref().clone())
                    .collect();
                let mut seen = BTreeSet::new();
                for v in o.values.iter().flatten() {
                    if !seen.insert(v.get_ref().clone()) {
                        dup(cx, "option value", v);
                    }
                }
                if values.is_empty() {
                    cx.err(
                        "catalog::enum-values",
                        o.kind.span(),
                        format!("enum option `{}` has no `values`", o.id.get_ref()),
                        "add `values = [\"a\", \"b\"]`",
                    );
                }
                if o.off_cost.is_some() {
                    cx.err(
                        "catalog::off-cost",
                        o.id.span(),
                        "`off_cost` applies to bool options only".to_string(),
                        "describe what each value costs in `description` instead",
                    );
                }
                match o.default.get_ref() {
                    Value::Str(d) if values.contains(d) => Some(OptionKind::Enum {
                        values,
                        default: d.clone(),
                    }),
                    other => {
                        cx.err(
                            "catalog::option-default",
                            o.default.span(),
                            format!("default `{other}` is not one of the option's values"),
                            &format!("use one of {}", list(&values)),
                        );
                        None
                    }
                }
            }
            "set" => trust::set_option(cx, o),
            other => {
                cx.err(
                    "catalog::option-type",
                    o.kind.span(),
                    format!("option type `{other}` is unknown"),
                    "use `bool`, `enum` or `set`",
                );
                None
            }
        };
        let ocite = cite(cx, &o.cite, "option", o.id.span(), true);
        if let Some(kind) = kind {
            options.push(OptionDef {
                id: o.id.get_ref().clone(),
                name: o.name.get_ref().clone(),
                kind,
                description: o.description.get_ref().clone(),
                off_cost: o.off_cost.as_ref().map(|c| c.get_ref().clone()),
                cite: ocite,
            });
        }
    }

    let mut parameters = Vec::new();
    for p in &raw.parameters {
        cx.id("parameter", &p.id);
        if !names.insert(p.id.get_ref().clone()) {
            dup(cx, "component, option or parameter", &p.id);
        }
        let min = p.min.as_ref().and_then(|m| non_negative(cx, m));
        let max = p.max.as_ref().and_then(|m| non_negative(cx, m));
        let kind = match p.kind.get_ref().as_str() {
            "port" => Some(ParamKind::Port),
            "count" => Some(ParamKind::Count),
            "text" => Some(ParamKind::Text),
            other => {
                cx.err(
                    "catalog::parameter-type",
                    p.kind.span(),
                    format!("parameter type `{other}` is unknown"),
                    "use `port`, `count` or `text`",
                );
                None
            }
        };
        let default = match (kind, p.default.get_ref()) {
            (Some(ParamKind::Port), Value::Int(n)) => {
                if (1..=65535).contains(n) {
                    u64::try_from(*n).ok().map(ParamValue::Number)
                } else {
                    cx.err(
                        "catalog::bad-port",
                        p.default.span(),
                        format!("port `{n}` is out of range"),
                        "a port is a number from 1 to 65535",
                    );
                    None
                }
            }
            (Some(ParamKind::Count), Value::Int(n)) => {
                let v = u64::try_from(*n).ok();
                let in_range =
                    v.is_some_and(|v| min.is_none_or(|m| v >= m) && max.is_none_or(|m| v <= m));
                if !in_range {
                    cx.err(
                        "catalog::parameter-default",
                        p.default.span(),
                        format!("default `{n}` is outside the parameter's range"),
                        "use a non-negative number between `min` and `max`",
                    );
                }
                v.map(ParamValue::Number)
            }
            (Some(ParamKind::Text), Value::Str(s)) => Some(ParamValue::Text(s.clone())),
            (Some(k), other) => {
                cx.err(
                    "catalog::parameter-default",
                    p.default.span(),
                    format!("default `{other}` does not fit a {k:?} parameter"),
                    "ports and counts take a number, text parameters a string",
                );
                None
            }
            (None, _) => None,
        };
        if kind == Some(ParamKind::Text) && (min.is_some() || max.is_some()) {
            cx.err(
                "catalog::parameter-range",
                p.id.span(),
                "a text parameter has no `min`/`max`".to_string(),
                "remove `min` and `max`",
            );
        }
        let pcite = cite(cx, &p.cite, "parameter", p.id.span(), true);
        if let (Some(kind), Some(default)) = (kind, default) {
            parameters.push(Parameter {
                id: p.id.get_ref().clone(),
                name: p.name.get_ref().clone(),
                kind,
                default,
                min,
                max,
                unit: p.unit.as_ref().map(|u| u.get_ref().clone()),
                configurable: p.configurable.as_ref().is_none_or(|c| *c.get_ref()),
                description: p.description.get_ref().clone(),
                cite: pcite,
            });
        }
    }

    let symbols = ProductSymbols {
        components: &components,
        options: &options,
        parameters: &parameters,
    };
    let mut used_names: BTreeSet<String> = BTreeSet::new();

    // roles
    let mut roles = Vec::new();
    let mut role_ids = BTreeSet::new();
    for r in &raw.roles {
        cx.id("role", &r.id);
        if !role_ids.insert(r.id.get_ref().clone()) {
            dup(cx, "role", &r.id);
        }
        let kind = match r.kind.get_ref().as_str() {
            "internal" => Some(RoleKind::Internal),
            "external" => Some(RoleKind::External),
            "any" => Some(RoleKind::Any),
            other => {
                cx.err(
                    "catalog::role-kind",
                    r.kind.span(),
                    format!("role kind `{other}` is unknown"),
                    "use `internal` (mapped to your hosts), `external` (fixed endpoints) or `any`",
                );
                None
            }
        };
        if kind != Some(RoleKind::External) {
            let first_scoped = r.endpoints.scoped.first().map(|e| &e.endpoint);
            if let Some(first) = r.endpoints.plain.first().or(first_scoped) {
                cx.err(
                    "catalog::endpoints-on-internal",
                    first.span(),
                    "only external roles have `endpoints`".to_string(),
                    "write `kind = \"external\"` or remove `endpoints`",
                );
            }
        }
        for e in &r.endpoints.plain {
            endpoint(cx, e, &parameters, &mut used_names);
        }
        let when = r
            .when
            .as_ref()
            .and_then(|w| trust::role_when(cx, w, &symbols, &mut used_names));
        let container = r.container.as_ref().is_some_and(|c| *c.get_ref());
        let rcite = cite(
            cx,
            &r.cite,
            if container {
                "container role"
            } else {
                "external role"
            },
            r.id.span(),
            kind == Some(RoleKind::External) || container,
        );
        let mut release_endpoints = Vec::new();
        for e in &r.endpoints.scoped {
            endpoint(cx, &e.endpoint, &parameters, &mut used_names);
            let ecite = cite(cx, &e.cite, "endpoint", e.endpoint.span(), true);
            let seen: Vec<Citation> = (e.scope.seen.iter())
                .filter_map(|c| cite(cx, &Some(c.clone()), "citation", e.endpoint.span(), true))
                .collect();
            let scope = scoping.scope(cx, &e.scope, seen, ecite.as_ref());
            if let Some(ecite) = ecite {
                release_endpoints.push(ScopedEndpoint {
                    endpoint: e.endpoint.get_ref().clone(),
                    scope,
                    cite: ecite,
                });
            }
        }
        if let Some(kind) = kind {
            roles.push(Role {
                id: r.id.get_ref().clone(),
                name: r.name.get_ref().clone(),
                kind,
                description: r.description.as_ref().map(|d| d.get_ref().clone()),
                endpoints: r
                    .endpoints
                    .plain
                    .iter()
                    .map(|e| e.get_ref().clone())
                    .collect(),
                when,
                container,
                cite: rcite,
                release_endpoints,
            });
        }
    }
    let role_list: Vec<String> = raw.roles.iter().map(|r| r.id.get_ref().clone()).collect();
    let mut used_roles: BTreeSet<String> = BTreeSet::new();
    let mut role_ref = |cx: &mut Ctx<'_>, r: &S<String>| {
        used_roles.insert(r.get_ref().clone());
        if !role_list.contains(r.get_ref()) {
            let hint = match did_you_mean(r.get_ref(), role_list.iter().map(String::as_str)) {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!("declared roles: {}", list(&role_list)),
            };
            cx.err(
                "catalog::unknown-role",
                r.span(),
                format!("role `{}` is not declared", r.get_ref()),
                &hint,
            );
        }
    };

    // rules
    let mut rules = Vec::new();
    let mut rule_ids = BTreeSet::new();
    for r in &raw.rules {
        cx.id("rule", &r.id);
        if !rule_ids.insert(r.id.get_ref().clone()) {
            dup(cx, "rule", &r.id);
        }
        role_ref(cx, &r.from);
        role_ref(cx, &r.to);
        if roles
            .iter()
            .any(|x| &x.id == r.to.get_ref() && x.kind == RoleKind::Any)
        {
            cx.err(
                "catalog::any-listener",
                r.to.span(),
                format!("rule listens on `{}`, a role of kind `any`", r.to.get_ref()),
                "`any` can only open connections; point `to` at the listening role",
            );
        }
        let transport = match r.transport.get_ref().as_str() {
            "tcp" => Some(TransportSpec::Tcp),
            "udp" => Some(TransportSpec::Udp),
            "both" => Some(TransportSpec::Both),
            other => {
                cx.err(
                    "catalog::transport",
                    r.transport.span(),
                    format!("transport `{other}` is unknown"),
                    "use `tcp`, `udp` or `both`; put the application protocol in `protocol`",
                );
                None
            }
        };
        let mut ports = Vec::new();
        for p in r.ports.get_ref() {
            if let Some(spec) = port_spec(cx, p, &parameters, &mut used_names) {
                ports.push(spec);
            }
        }
        if r.ports.get_ref().is_empty() {
            cx.err(
                "catalog::no-ports",
                r.ports.span(),
                format!("rule `{}` has no ports", r.id.get_ref()),
                "list the listener's ports, e.g. `ports = [443]`; if the source gives none, write an `ambiguity` requirement instead",
            );
        }
        let when = r
            .when
            .as_ref()
            .and_then(|w| condition(cx, w, &symbols, &mut used_names));
        for t in &r.tags {
            cx.id("tag", t);
        }
        cx.non_empty("purpose", &r.purpose);
        let rcite = cite(cx, &r.cite, "rule", r.id.span(), true);
        let seen: Vec<Citation> = (r.scope.seen.iter())
            .filter_map(|c| cite(cx, &Some(c.clone()), "citation", r.id.span(), true))
            .collect();
        let scope = scoping.scope(cx, &r.scope, seen, rcite.as_ref());
        let when = scoping.fold(when, &scope);
        if let (Some(transport), Some(rcite)) = (transport, rcite) {
            rules.push(Rule {
                id: r.id.get_ref().as_str().into(),
                from: r.from.get_ref().as_str().into(),
                to: r.to.get_ref().as_str().into(),
                transport,
                protocol: r.protocol.as_ref().map(|p| p.get_ref().as_str().into()),
                ports,
                purpose: r.purpose.get_ref().as_str().into(),
                when,
                optional: r.optional.as_ref().is_some_and(|o| *o.get_ref()),
                tags: r.tags.iter().map(|t| t.get_ref().clone()).collect(),
                service: r.service.as_ref().map(|s| s.get_ref().as_str().into()),
                cite: rcite,
                scope,
                name: Text::default(),
                from_index: None,
                to_index: None,
                fixed_ports: None,
            });
        }
    }

    // requirements
    let mut requirements = Vec::new();
    let mut req_ids = BTreeSet::new();
    for q in &raw.requirements {
        cx.id("requirement", &q.id);
        if !req_ids.insert(q.id.get_ref().clone()) {
            dup(cx, "requirement", &q.id);
        }
        if let Some(role) = &q.role {
            role_ref(cx, role);
        }
        let when = q
            .when
            .as_ref()
            .and_then(|w| condition(cx, w, &symbols, &mut used_names));
        let kind = requirement_kind(cx, q, &symbols, &mut used_names);
        let kind = match kind {
            Some(RequirementKind::Compatibility {
                vendor,
                integration,
                software,
                os,
                min_version,
                text,
                ..
            }) => trust::compat_component(cx, q, &components).map(|component| {
                RequirementKind::Compatibility {
                    vendor,
                    integration,
                    software,
                    os,
                    min_version,
                    component,
                    text,
                }
            }),
            other => other,
        };
        let qcite = cite(cx, &q.cite, "requirement", q.id.span(), true);
        let seen: Vec<Citation> = (q.scope.seen.iter())
            .filter_map(|c| cite(cx, &Some(c.clone()), "citation", q.id.span(), true))
            .collect();
        let scope = scoping.scope(cx, &q.scope, seen, qcite.as_ref());
        let when = scoping.fold(when, &scope);
        if let (Some(kind), Some(qcite)) = (kind, qcite) {
            requirements.push(std::sync::Arc::new(Requirement {
                id: q.id.get_ref().clone(),
                kind,
                when,
                cite: qcite,
                scope,
            }));
        }
    }

    releases::check_replaces(
        cx,
        "rule",
        raw.rules.iter().map(|r| (&r.id, &r.scope)),
        &rule_ids,
    );
    releases::check_replaces(
        cx,
        "requirement",
        raw.requirements.iter().map(|q| (&q.id, &q.scope)),
        &req_ids,
    );

    // unused declarations
    for r in &raw.roles {
        if !used_roles.contains(r.id.get_ref()) {
            cx.err(
                "catalog::unused-role",
                r.id.span(),
                format!(
                    "role `{}` is used by no rule or requirement",
                    r.id.get_ref()
                ),
                "remove the role, or add the rules that involve it",
            );
        }
    }
    for s in &raw.sources {
        if !used_sources.contains(s.id.get_ref()) {
            cx.warn(
                "catalog::unused-source",
                s.id.span(),
                format!("source `{}` is cited nowhere", s.id.get_ref()),
                "cite it from the rules it supports, or remove it",
            );
        }
    }
    for p in &raw.parameters {
        if !used_names.contains(p.id.get_ref()) {
            cx.warn(
                "catalog::unused-parameter",
                p.id.span(),
                format!(
                    "parameter `{}` is used by no rule, endpoint, condition or formula",
                    p.id.get_ref()
                ),
                "reference it as `{id}` in ports or endpoints, or by name in a condition",
            );
        }
    }

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
        file: cx
            .file
            .rsplit(['/', '\\'])
            .next()
            .unwrap_or(cx.file)
            .to_string(),
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
        "catalog::duplicate-id",
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
                "catalog::negative",
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
            cx.err("catalog::bad-version", v.span(), e.message, &e.help);
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
                        "catalog::placeholder-default",
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
                    "catalog::placeholder-type",
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
                    "catalog::unknown-parameter",
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
            "catalog::bad-endpoint",
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
                "catalog::bad-port",
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
                    "catalog::port-parameter-type",
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
                    "catalog::unknown-parameter",
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
            cx.err("catalog::bad-port", p.span(), e.message, &e.help);
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
                "catalog::condition-syntax",
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
                    "catalog::condition-type",
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

/// The fields each requirement kind takes: (required, optional).
fn kind_fields(kind: &str) -> Option<(&'static [&'static str], &'static [&'static str])> {
    Some(match kind {
        "antivirus" => (
            &["application"],
            &["process", "extensions", "folders", "text"],
        ),
        "compatibility" => (
            &["vendor", "integration", "software", "text"],
            &["os", "min_version", "component"],
        ),
        "sizing" => (&["what", "formula", "unit", "text"], &[]),
        "min-hosts" => (&["role", "count", "text"], &[]),
        "time-sync" => (&["max_interval_hours", "text"], &["role"]),
        "high-availability" => (&["text"], &["role"]),
        "network" | "note" | "ambiguity" => (&["text"], &[]),
        "file-type" => (&["extension", "text"], &[]),
        "prerequisite" => (&["capability", "requires", "text"], &[]),
        _ => return None,
    })
}

fn present_fields(q: &RawRequirement) -> Vec<(&'static str, Range<usize>)> {
    let mut v = Vec::new();
    macro_rules! f {
        ($($name:ident),*) => {$(
            if let Some(x) = &q.$name { v.push((stringify!($name), x.span())); }
        )*};
    }
    f!(
        text,
        application,
        process,
        extensions,
        folders,
        vendor,
        integration,
        software,
        os,
        min_version,
        component,
        what,
        formula,
        unit,
        role,
        count,
        max_interval_hours,
        extension,
        capability,
        requires
    );
    v
}

fn requirement_kind(
    cx: &mut Ctx<'_>,
    q: &RawRequirement,
    symbols: &ProductSymbols<'_>,
    used: &mut BTreeSet<String>,
) -> Option<RequirementKind> {
    let kind = q.kind.get_ref().as_str();
    let Some((required, optional)) = kind_fields(kind) else {
        let kinds: Vec<String> = REQUIREMENT_KINDS.iter().map(|k| k.to_string()).collect();
        let hint = match did_you_mean(kind, REQUIREMENT_KINDS.iter().copied()) {
            Some(s) => format!("did you mean `{s}`?"),
            None => format!("use one of {}", list(&kinds)),
        };
        cx.err(
            "catalog::requirement-kind",
            q.kind.span(),
            format!("requirement kind `{kind}` is unknown"),
            &hint,
        );
        return None;
    };
    let present = present_fields(q);
    let mut ok = true;
    for (name, span) in &present {
        if !required.contains(name) && !optional.contains(name) {
            ok = false;
            cx.err(
                "catalog::requirement-field",
                span.clone(),
                format!("field `{name}` does not apply to a `{kind}` requirement"),
                &format!(
                    "a `{kind}` requirement takes {}",
                    required
                        .iter()
                        .chain(optional.iter())
                        .map(|f| format!("`{f}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            );
        }
    }
    for name in required {
        if !present.iter().any(|(n, _)| n == name) {
            ok = false;
            cx.err(
                "catalog::requirement-field",
                q.id.span(),
                format!("`{kind}` requirement `{}` has no `{name}`", q.id.get_ref()),
                &format!("add `{name} = ...`"),
            );
        }
    }
    if !ok {
        return None;
    }
    let s = |f: &Option<S<String>>| f.as_ref().map(|x| x.get_ref().clone()).unwrap_or_default();
    let o = |f: &Option<S<String>>| f.as_ref().map(|x| x.get_ref().clone());
    let strings = |f: &Option<S<Vec<S<String>>>>| {
        f.as_ref()
            .map(|x| x.get_ref().iter().map(|i| i.get_ref().clone()).collect())
            .unwrap_or_default()
    };
    let text = s(&q.text);
    Some(match kind {
        "antivirus" => RequirementKind::Antivirus {
            application: s(&q.application),
            process: o(&q.process),
            extensions: strings(&q.extensions),
            folders: strings(&q.folders),
            text: o(&q.text),
        },
        "compatibility" => RequirementKind::Compatibility {
            vendor: s(&q.vendor),
            integration: s(&q.integration),
            software: s(&q.software),
            os: o(&q.os),
            min_version: match &q.min_version {
                Some(v) => Some(version(cx, v)?),
                None => None,
            },
            component: None,
            text,
        },
        "sizing" => {
            let f = q.formula.as_ref()?;
            let src = f.get_ref();
            let formula = match cond::parse_formula(src) {
                Ok(formula) => formula,
                Err(e) => {
                    let at = cx.inner_offset(&f.span(), src, e.span.start);
                    cx.err(
                        "catalog::formula-syntax",
                        at..at,
                        e.message,
                        e.help.as_deref().unwrap_or(
                            "write arithmetic over count parameters, e.g. `30 * calls / 1000`",
                        ),
                    );
                    return None;
                }
            };
            let errs = cond::check_formula(&formula, symbols);
            for e in &errs {
                let at = cx.inner_offset(&f.span(), src, e.span.start);
                cx.err(
                    "catalog::formula-type",
                    at..at,
                    e.message.clone(),
                    e.help
                        .as_deref()
                        .unwrap_or("formulas use count and port parameters"),
                );
            }
            used.extend(formula.names());
            if !errs.is_empty() {
                return None;
            }
            RequirementKind::Sizing {
                what: s(&q.what),
                formula: FormulaDef {
                    source: src.clone(),
                    formula,
                },
                unit: s(&q.unit),
                text,
            }
        }
        "min-hosts" => RequirementKind::MinHosts {
            role: s(&q.role),
            count: small(cx, q.count.as_ref()?)?,
            text,
        },
        "time-sync" => RequirementKind::TimeSync {
            role: o(&q.role),
            max_interval_hours: small(cx, q.max_interval_hours.as_ref()?)?,
            text,
        },
        "high-availability" => RequirementKind::HighAvailability {
            role: o(&q.role),
            text,
        },
        "network" => RequirementKind::Network { text },
        "file-type" => RequirementKind::FileType {
            extension: s(&q.extension),
            text,
        },
        "prerequisite" => RequirementKind::Prerequisite {
            capability: s(&q.capability),
            requires: condition(cx, q.requires.as_ref()?, symbols, used)?,
            text,
        },
        "note" => RequirementKind::Note { text },
        _ => RequirementKind::Ambiguity { text },
    })
}

fn small(cx: &mut Ctx<'_>, v: &S<i64>) -> Option<u32> {
    match u32::try_from(*v.get_ref()) {
        Ok(n) if n > 0 => Some(n),
        _ => {
            cx.err(
                "catalog::bad-count",
                v.span(),
                format!("`{}` is not a positive whole number", v.get_ref()),
                "use a number such as `2`",
            );
            None
        }
    }
}
