//! The catalog file as written: TOML with byte spans on every value we validate.
//!
//! These types mirror `catalog/schema.json`. They only describe shape; every meaning (ids exist,
//! ports are valid, conditions type-check) is checked in `load.rs`, which turns them into the
//! validated model of `model.rs`.
//!
//! They are read by hand from `toml`'s spanned document tree (`DeTable`) rather than derived
//! with serde: one small, non-generic reader is a fraction of the code size of the serde
//! deserializer monomorphised for every struct, it is faster, and it reports every shape problem
//! of a file (unknown key with a did-you-mean, wrong type, missing field, bad integer) at once.

use super::load::Ctx;
use crate::diag::{did_you_mean, found, Diagnostic};
use crate::sort::SortShared;
use std::fmt;
use std::ops::Range;
use toml::de::{DeTable, DeValue};
use toml::Spanned;

pub type S<T> = Spanned<T>;

/// A value whose type depends on another field: option and parameter defaults, rule ports.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Str(String),
    Int(i64),
    Bool(bool),
    /// Any other TOML value (float, datetime, array, table), as written in the file.
    Other(String),
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Str(s) => write!(f, "{s:?}"),
            Value::Int(n) => write!(f, "{n}"),
            Value::Bool(b) => write!(f, "{b}"),
            Value::Other(s) => f.write_str(s),
        }
    }
}

#[derive(Debug)]
pub struct RawProduct {
    pub schema: S<i64>,
    pub id: S<String>,
    pub name: S<String>,
    pub vendor: S<String>,
    pub summary: S<String>,
    /// `complete` or `partial` (then `coverage_missing` says what is missing)
    pub coverage: Option<S<String>>,
    pub coverage_missing: Option<S<String>>,
    pub category: Option<S<String>>,
    pub tags: Vec<S<String>>,
    pub sources: Vec<RawSource>,
    pub components: Vec<RawComponent>,
    pub options: Vec<RawOption>,
    pub parameters: Vec<RawParameter>,
    pub roles: Vec<RawRole>,
    pub rules: Vec<RawRule>,
    pub requirements: Vec<RawRequirement>,
}

#[derive(Debug)]
pub struct RawSource {
    pub id: S<String>,
    pub file: Option<S<String>>,
    pub url: Option<S<String>>,
    pub title: S<String>,
}

#[derive(Debug)]
pub struct RawCite {
    pub source: S<String>,
    pub quote: S<String>,
}

#[derive(Debug)]
pub struct RawComponent {
    pub id: S<String>,
    pub name: S<String>,
    pub description: Option<S<String>>,
    pub versions: Vec<S<String>>,
    pub default: S<String>,
    pub cite: Option<RawCite>,
}

#[derive(Debug)]
pub struct RawOption {
    pub id: S<String>,
    pub name: S<String>,
    /// `type` in the file
    pub kind: S<String>,
    pub values: Option<Vec<S<String>>>,
    pub default: S<Value>,
    pub description: S<String>,
    pub off_cost: Option<S<String>>,
    pub cite: Option<RawCite>,
}

#[derive(Debug)]
pub struct RawParameter {
    pub id: S<String>,
    pub name: S<String>,
    /// `type` in the file
    pub kind: S<String>,
    pub default: S<Value>,
    pub min: Option<S<i64>>,
    pub max: Option<S<i64>>,
    pub unit: Option<S<String>>,
    pub configurable: Option<S<bool>>,
    pub description: S<String>,
    pub cite: Option<RawCite>,
}

#[derive(Debug)]
pub struct RawRole {
    pub id: S<String>,
    pub name: S<String>,
    pub kind: S<String>,
    pub description: Option<S<String>>,
    pub endpoints: Vec<S<String>>,
    pub cite: Option<RawCite>,
}

#[derive(Debug)]
pub struct RawRule {
    pub id: S<String>,
    pub from: S<String>,
    pub to: S<String>,
    pub transport: S<String>,
    pub protocol: Option<S<String>>,
    pub ports: S<Vec<S<Value>>>,
    pub purpose: S<String>,
    pub when: Option<S<String>>,
    pub optional: Option<S<bool>>,
    pub tags: Vec<S<String>>,
    pub service: Option<S<String>>,
    pub cite: Option<RawCite>,
}

/// One requirement; which fields apply depends on `kind` (checked in `load.rs`).
#[derive(Debug)]
pub struct RawRequirement {
    pub id: S<String>,
    pub kind: S<String>,
    pub when: Option<S<String>>,
    pub cite: Option<RawCite>,
    pub text: Option<S<String>>,
    // antivirus
    pub application: Option<S<String>>,
    pub process: Option<S<String>>,
    pub extensions: Option<S<Vec<S<String>>>>,
    pub folders: Option<S<Vec<S<String>>>>,
    // compatibility
    pub vendor: Option<S<String>>,
    pub integration: Option<S<String>>,
    pub software: Option<S<String>>,
    pub os: Option<S<String>>,
    pub min_version: Option<S<String>>,
    // sizing
    pub what: Option<S<String>>,
    pub formula: Option<S<String>>,
    pub unit: Option<S<String>>,
    // min-hosts, time-sync, high-availability
    pub role: Option<S<String>>,
    pub count: Option<S<i64>>,
    pub max_interval_hours: Option<S<i64>>,
    // file-type
    pub extension: Option<S<String>>,
    // prerequisite
    pub capability: Option<S<String>>,
    pub requires: Option<S<String>>,
}

// The keys each table takes (keep in step with `catalog/schema.json`).
const PRODUCT_KEYS: &[&str] = &[
    "schema",
    "id",
    "name",
    "vendor",
    "summary",
    "coverage",
    "coverage_missing",
    "category",
    "tags",
    "sources",
    "components",
    "options",
    "parameters",
    "roles",
    "rules",
    "requirements",
];
const SOURCE_KEYS: &[&str] = &["id", "file", "url", "title"];
const CITE_KEYS: &[&str] = &["source", "quote"];
const COMPONENT_KEYS: &[&str] = &["id", "name", "description", "versions", "default", "cite"];
const OPTION_KEYS: &[&str] = &[
    "id",
    "name",
    "type",
    "values",
    "default",
    "description",
    "off_cost",
    "cite",
];
const PARAMETER_KEYS: &[&str] = &[
    "id",
    "name",
    "type",
    "default",
    "min",
    "max",
    "unit",
    "configurable",
    "description",
    "cite",
];
const ROLE_KEYS: &[&str] = &["id", "name", "kind", "description", "endpoints", "cite"];
const RULE_KEYS: &[&str] = &[
    "id",
    "from",
    "to",
    "transport",
    "protocol",
    "ports",
    "purpose",
    "when",
    "optional",
    "tags",
    "service",
    "cite",
];
const REQUIREMENT_KEYS: &[&str] = &[
    "id",
    "kind",
    "when",
    "cite",
    "text",
    "application",
    "process",
    "extensions",
    "folders",
    "vendor",
    "integration",
    "software",
    "os",
    "min_version",
    "what",
    "formula",
    "unit",
    "role",
    "count",
    "max_interval_hours",
    "extension",
    "capability",
    "requires",
];

/// What a field holds; names the expected type in messages and gives an example in hints.
#[derive(Clone, Copy, PartialEq)]
enum Want {
    Str,
    Int,
    Bool,
    StrList,
    Table,
    TableList,
    /// a string or a number (ports), or any scalar (defaults)
    Any,
    AnyList,
}

impl Want {
    fn describe(self) -> &'static str {
        match self {
            Want::Str => "a string",
            Want::Int => "a whole number",
            Want::Bool => "`true` or `false`",
            Want::StrList => "a list of strings",
            Want::Table => "a table",
            Want::TableList => "a list of tables",
            Want::Any => "a value",
            Want::AnyList => "a list",
        }
    }
    fn example(self, key: &str) -> String {
        match self {
            Want::Str => format!("`{key} = \"...\"`"),
            Want::Int => format!("`{key} = 1` (a number without quotes)"),
            Want::Bool => format!("`{key} = true` or `{key} = false`"),
            Want::StrList => format!("`{key} = [\"...\", \"...\"]`"),
            Want::Table if key == "cite" => {
                "`cite = { source = \"<source id>\", quote = \"<short quote>\" }`".to_string()
            }
            Want::Table => format!("`{key} = {{ ... }}`"),
            Want::TableList => format!("one `[[{key}]]` table per entry"),
            Want::Any => format!("`{key} = ...`"),
            Want::AnyList if key == "ports" => {
                "`ports = [443, \"4001-4004\", \"{port-param}\"]`".to_string()
            }
            Want::AnyList => format!("`{key} = [...]`"),
        }
    }
}

type Val<'i> = Spanned<DeValue<'i>>;

/// The source text of a value, on one line and shortened, for messages.
fn snippet(cx: &Ctx<'_>, span: Range<usize>) -> String {
    let raw = cx.text.get(span).unwrap_or("");
    let one_line = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() > 40 {
        let short: String = one_line.chars().take(37).collect();
        format!("{short}...")
    } else {
        one_line
    }
}

/// A shape error: the item it is in cannot be read, so cross-references may be missing.
fn shape_err(cx: &mut Ctx<'_>, code: &str, span: Range<usize>, msg: String, help: &str) {
    cx.partial = true;
    cx.err(code, span, msg, help);
}

fn type_err(cx: &mut Ctx<'_>, key: &str, v: &Val<'_>, want: Want, entry: bool) {
    let what = if entry {
        format!("each entry of `{key}` should be {}", want.describe())
    } else {
        format!("`{key}` should be {}", want.describe())
    };
    let example = match want {
        Want::Str if entry => Want::StrList.example(key),
        Want::Table if entry => Want::TableList.example(key),
        _ => want.example(key),
    };
    let hint = format!("write {example}");
    shape_err(
        cx,
        "catalog::type",
        v.span(),
        format!("{what}, found {}", found(v.get_ref())),
        &hint,
    );
}

fn string(cx: &mut Ctx<'_>, key: &str, v: &Val<'_>, entry: bool) -> Option<S<String>> {
    match v.get_ref() {
        DeValue::String(s) => Some(Spanned::new(v.span(), s.to_string())),
        _ => {
            type_err(cx, key, v, Want::Str, entry);
            None
        }
    }
}

fn integer(cx: &mut Ctx<'_>, key: &str, v: &Val<'_>) -> Option<S<i64>> {
    match v.get_ref() {
        DeValue::Integer(i) => match i64::from_str_radix(i.as_str(), i.radix()) {
            Ok(n) => Some(Spanned::new(v.span(), n)),
            Err(_) => {
                shape_err(
                    cx,
                    "catalog::bad-integer",
                    v.span(),
                    format!(
                        "`{}` does not fit in a 64-bit whole number",
                        snippet(cx, v.span())
                    ),
                    "use a number between -9223372036854775808 and 9223372036854775807",
                );
                None
            }
        },
        _ => {
            type_err(cx, key, v, Want::Int, false);
            None
        }
    }
}

/// Strings, integers and booleans as such; any other value as its source text.
fn any(cx: &mut Ctx<'_>, v: &Val<'_>) -> Option<S<Value>> {
    let value = match v.get_ref() {
        DeValue::String(s) => Value::Str(s.to_string()),
        DeValue::Integer(_) => Value::Int(*integer(cx, "", v)?.get_ref()),
        DeValue::Boolean(b) => Value::Bool(*b),
        _ => Value::Other(snippet(cx, v.span())),
    };
    Some(Spanned::new(v.span(), value))
}

/// The fields of one table: typed getters that report wrong types and missing fields, and
/// unknown keys reported (with a did-you-mean) when the table is opened. `ok` turns false on
/// any error that leaves a field unread; such an item is left out.
struct Fields<'t, 'i> {
    table: &'t DeTable<'i>,
    at: Range<usize>,
    what: &'static str,
    ok: bool,
    /// Keys suggested for misspelt ones: their absence is not reported again.
    suggested: Vec<&'static str>,
    missing: Vec<(&'static str, Want)>,
}

impl<'t, 'i> Fields<'t, 'i> {
    fn open(
        cx: &mut Ctx<'_>,
        key: &'static str,
        v: &'t Val<'i>,
        what: &'static str,
        keys: &'static [&'static str],
    ) -> Option<Self> {
        let DeValue::Table(table) = v.get_ref() else {
            type_err(cx, key, v, Want::Table, key != "cite");
            return None;
        };
        let mut suggested = Vec::new();
        for (k, _) in table.iter() {
            let name: &str = k.get_ref();
            if keys.contains(&name) {
                continue;
            }
            let all = keys
                .iter()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", ");
            let hint = match did_you_mean(name, keys.iter().copied()) {
                Some(s) => {
                    suggested.push(s);
                    format!("did you mean `{s}`? A {what} takes {all}")
                }
                None => format!("remove it or fix its spelling; a {what} takes {all}"),
            };
            cx.err(
                "catalog::unknown-field",
                k.span(),
                format!("unknown field `{name}` in a {what}"),
                &hint,
            );
        }
        Some(Fields {
            table,
            at: v.span(),
            what,
            ok: true,
            suggested,
            missing: Vec::new(),
        })
    }

    fn get(&self, key: &'static str) -> Option<&'t Val<'i>> {
        self.table.get(key)
    }

    /// Notes `key` as missing; reported by `finish`.
    fn missing(&mut self, key: &'static str, want: Want) {
        self.ok = false;
        self.missing.push((key, want));
    }

    /// Reports the missing fields, all in one diagnostic at the table's header or opening brace
    /// (a field suggested for a misspelt key is not reported again), and says whether every
    /// field was read (unknown keys aside).
    fn finish(self, cx: &mut Ctx<'_>) -> bool {
        let missing: Vec<(&str, Want)> = self
            .missing
            .iter()
            .filter(|(k, _)| !self.suggested.contains(k))
            .copied()
            .collect();
        if !self.ok {
            cx.partial = true;
        }
        if missing.is_empty() {
            return self.ok;
        }
        let label = match self.get("id").map(Spanned::get_ref) {
            Some(DeValue::String(id)) => format!("{} `{id}`", self.what),
            _ => self.what.to_string(),
        };
        let names = missing
            .iter()
            .map(|(k, _)| format!("`{k}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let examples = missing
            .iter()
            .map(|(k, w)| w.example(k))
            .collect::<Vec<_>>()
            .join(", ");
        shape_err(
            cx,
            "catalog::missing-field",
            self.at.clone(),
            format!("{label} has no {names}"),
            &format!("add {examples}"),
        );
        self.ok
    }

    fn check<T>(&mut self, r: Option<T>) -> Option<T> {
        if r.is_none() {
            self.ok = false;
        }
        r
    }

    fn opt_str(&mut self, cx: &mut Ctx<'_>, key: &'static str) -> Option<S<String>> {
        let v = self.get(key)?;
        let r = string(cx, key, v, false);
        self.check(r)
    }

    fn req_str(&mut self, cx: &mut Ctx<'_>, key: &'static str) -> Option<S<String>> {
        if self.get(key).is_none() {
            self.missing(key, Want::Str);
        }
        self.opt_str(cx, key)
    }

    fn opt_int(&mut self, cx: &mut Ctx<'_>, key: &'static str) -> Option<S<i64>> {
        let v = self.get(key)?;
        let r = integer(cx, key, v);
        self.check(r)
    }

    fn req_int(&mut self, cx: &mut Ctx<'_>, key: &'static str) -> Option<S<i64>> {
        if self.get(key).is_none() {
            self.missing(key, Want::Int);
        }
        self.opt_int(cx, key)
    }

    fn opt_bool(&mut self, cx: &mut Ctx<'_>, key: &'static str) -> Option<S<bool>> {
        let v = self.get(key)?;
        match v.get_ref() {
            DeValue::Boolean(b) => Some(Spanned::new(v.span(), *b)),
            _ => {
                self.ok = false;
                type_err(cx, key, v, Want::Bool, false);
                None
            }
        }
    }

    fn any(&mut self, cx: &mut Ctx<'_>, key: &'static str) -> Option<S<Value>> {
        let Some(v) = self.get(key) else {
            self.missing(key, Want::Any);
            return None;
        };
        let r = any(cx, v);
        self.check(r)
    }

    /// The entries of an array, or `None` (reported) when the value is not an array.
    fn array(
        &mut self,
        cx: &mut Ctx<'_>,
        key: &'static str,
        want: Want,
    ) -> Option<S<&'t [Val<'i>]>> {
        let v = self.get(key)?;
        match v.get_ref() {
            DeValue::Array(a) => Some(Spanned::new(v.span(), &a[..])),
            _ => {
                self.ok = false;
                type_err(cx, key, v, want, false);
                None
            }
        }
    }

    fn opt_strs(&mut self, cx: &mut Ctx<'_>, key: &'static str) -> Option<S<Vec<S<String>>>> {
        let items = self.array(cx, key, Want::StrList)?;
        let span = items.span();
        let mut out = Vec::new();
        for v in *items.get_ref() {
            match string(cx, key, v, true) {
                Some(s) => out.push(s),
                None => self.ok = false,
            }
        }
        Some(Spanned::new(span, out))
    }

    /// An optional list of strings that may be left out: empty when absent.
    fn strs(&mut self, cx: &mut Ctx<'_>, key: &'static str) -> Vec<S<String>> {
        self.opt_strs(cx, key)
            .map(Spanned::into_inner)
            .unwrap_or_default()
    }

    /// The tables of an array of tables (`[[key]]`), each read by `read`; a table that cannot
    /// be read is left out.
    fn tables<T>(
        &mut self,
        cx: &mut Ctx<'_>,
        key: &'static str,
        read: fn(&mut Ctx<'_>, &Val<'_>) -> Option<T>,
    ) -> Vec<T> {
        let Some(items) = self.array(cx, key, Want::TableList) else {
            return Vec::new();
        };
        items.get_ref().iter().filter_map(|v| read(cx, v)).collect()
    }

    fn cite(&mut self, cx: &mut Ctx<'_>) -> Option<RawCite> {
        let v = self.get("cite")?;
        let r = cite(cx, v);
        self.check(r)
    }
}

/// Syntax errors reported per file, at most.
const MAX_SYNTAX_ERRORS: usize = 50;

/// Sorts diagnostics by position, stably (one shared sort instance in wasm: see `crate::sort`).
fn in_file_order(diags: &mut [Diagnostic]) {
    diags.sort_shared_by_key(|d| (d.line, d.column));
}

/// Reads a catalog file. `None` when the TOML does not parse or the product's own fields (id,
/// name, …) cannot be read; every problem is reported to `cx`, the syntax errors all at once.
pub(super) fn read_product(cx: &mut Ctx<'_>) -> Option<RawProduct> {
    let text = cx.text;
    let (doc, errors) = DeTable::parse_recoverable(text);
    if !errors.is_empty() {
        // The first ones only: text that is not TOML at all gives an error every few bytes.
        for e in errors.iter().take(MAX_SYNTAX_ERRORS) {
            cx.err(
                "catalog::syntax",
                e.span().unwrap_or(0..0),
                e.message().trim().to_string(),
                "fix the TOML syntax at this position",
            );
        }
        in_file_order(&mut cx.diags);
        // one error per position (the parser may report one twice)
        cx.diags
            .dedup_by(|a, b| a.line == b.line && a.column == b.column);
        if let Some(more) = errors
            .len()
            .checked_sub(MAX_SYNTAX_ERRORS)
            .filter(|n| *n > 0)
        {
            let end = errors
                .get(MAX_SYNTAX_ERRORS)
                .and_then(|e| e.span())
                .unwrap_or(0..0);
            cx.err(
                "catalog::syntax",
                end,
                format!("{more} more syntax errors"),
                "fix the ones above first; is this a TOML file?",
            );
        }
        return None;
    }
    let root = Spanned::new(0..0, DeValue::Table(doc.into_inner()));
    let mut f = Fields::open(cx, "", &root, "product", PRODUCT_KEYS)?;
    let schema = f.req_int(cx, "schema");
    let id = f.req_str(cx, "id");
    let name = f.req_str(cx, "name");
    let vendor = f.req_str(cx, "vendor");
    let summary = f.req_str(cx, "summary");
    let coverage = f.opt_str(cx, "coverage");
    let coverage_missing = f.opt_str(cx, "coverage_missing");
    let category = f.opt_str(cx, "category");
    let tags = f.strs(cx, "tags");
    let sources = f.tables(cx, "sources", source);
    let components = f.tables(cx, "components", component);
    let options = f.tables(cx, "options", option);
    let parameters = f.tables(cx, "parameters", parameter);
    let roles = f.tables(cx, "roles", role);
    let rules = f.tables(cx, "rules", rule);
    let requirements = f.tables(cx, "requirements", requirement);
    f.finish(cx);
    // in the order of the file, whatever order the fields were read in
    in_file_order(&mut cx.diags);
    Some(RawProduct {
        schema: schema?,
        id: id?,
        name: name?,
        vendor: vendor?,
        summary: summary?,
        coverage,
        coverage_missing,
        category,
        tags,
        sources,
        components,
        options,
        parameters,
        roles,
        rules,
        requirements,
    })
}

fn cite(cx: &mut Ctx<'_>, v: &Val<'_>) -> Option<RawCite> {
    let mut f = Fields::open(cx, "cite", v, "citation", CITE_KEYS)?;
    let source = f.req_str(cx, "source");
    let quote = f.req_str(cx, "quote");
    f.finish(cx);
    Some(RawCite {
        source: source?,
        quote: quote?,
    })
}

fn source(cx: &mut Ctx<'_>, v: &Val<'_>) -> Option<RawSource> {
    let mut f = Fields::open(cx, "sources", v, "source", SOURCE_KEYS)?;
    let id = f.req_str(cx, "id");
    let file = f.opt_str(cx, "file");
    let url = f.opt_str(cx, "url");
    let title = f.req_str(cx, "title");
    if !f.finish(cx) {
        return None;
    }
    Some(RawSource {
        id: id?,
        file,
        url,
        title: title?,
    })
}

fn component(cx: &mut Ctx<'_>, v: &Val<'_>) -> Option<RawComponent> {
    let mut f = Fields::open(cx, "components", v, "component", COMPONENT_KEYS)?;
    let id = f.req_str(cx, "id");
    let name = f.req_str(cx, "name");
    let description = f.opt_str(cx, "description");
    if f.get("versions").is_none() {
        f.missing("versions", Want::StrList);
    }
    let versions = f.strs(cx, "versions");
    let default = f.req_str(cx, "default");
    let cite = f.cite(cx);
    if !f.finish(cx) {
        return None;
    }
    Some(RawComponent {
        id: id?,
        name: name?,
        description,
        versions,
        default: default?,
        cite,
    })
}

fn option(cx: &mut Ctx<'_>, v: &Val<'_>) -> Option<RawOption> {
    let mut f = Fields::open(cx, "options", v, "option", OPTION_KEYS)?;
    let id = f.req_str(cx, "id");
    let name = f.req_str(cx, "name");
    let kind = f.req_str(cx, "type");
    let values = f.opt_strs(cx, "values").map(Spanned::into_inner);
    let default = f.any(cx, "default");
    let description = f.req_str(cx, "description");
    let off_cost = f.opt_str(cx, "off_cost");
    let cite = f.cite(cx);
    if !f.finish(cx) {
        return None;
    }
    Some(RawOption {
        id: id?,
        name: name?,
        kind: kind?,
        values,
        default: default?,
        description: description?,
        off_cost,
        cite,
    })
}

fn parameter(cx: &mut Ctx<'_>, v: &Val<'_>) -> Option<RawParameter> {
    let mut f = Fields::open(cx, "parameters", v, "parameter", PARAMETER_KEYS)?;
    let id = f.req_str(cx, "id");
    let name = f.req_str(cx, "name");
    let kind = f.req_str(cx, "type");
    let default = f.any(cx, "default");
    let min = f.opt_int(cx, "min");
    let max = f.opt_int(cx, "max");
    let unit = f.opt_str(cx, "unit");
    let configurable = f.opt_bool(cx, "configurable");
    let description = f.req_str(cx, "description");
    let cite = f.cite(cx);
    if !f.finish(cx) {
        return None;
    }
    Some(RawParameter {
        id: id?,
        name: name?,
        kind: kind?,
        default: default?,
        min,
        max,
        unit,
        configurable,
        description: description?,
        cite,
    })
}

fn role(cx: &mut Ctx<'_>, v: &Val<'_>) -> Option<RawRole> {
    let mut f = Fields::open(cx, "roles", v, "role", ROLE_KEYS)?;
    let id = f.req_str(cx, "id");
    let name = f.req_str(cx, "name");
    let kind = f.req_str(cx, "kind");
    let description = f.opt_str(cx, "description");
    let endpoints = f.strs(cx, "endpoints");
    let cite = f.cite(cx);
    if !f.finish(cx) {
        return None;
    }
    Some(RawRole {
        id: id?,
        name: name?,
        kind: kind?,
        description,
        endpoints,
        cite,
    })
}

fn rule(cx: &mut Ctx<'_>, v: &Val<'_>) -> Option<RawRule> {
    let mut f = Fields::open(cx, "rules", v, "rule", RULE_KEYS)?;
    let id = f.req_str(cx, "id");
    let from = f.req_str(cx, "from");
    let to = f.req_str(cx, "to");
    let transport = f.req_str(cx, "transport");
    let protocol = f.opt_str(cx, "protocol");
    let ports = match f.array(cx, "ports", Want::AnyList) {
        Some(items) => {
            let mut out = Vec::new();
            for p in *items.get_ref() {
                match any(cx, p) {
                    Some(p) => out.push(p),
                    None => f.ok = false,
                }
            }
            Some(Spanned::new(items.span(), out))
        }
        None => {
            if f.get("ports").is_none() {
                f.missing("ports", Want::AnyList);
            }
            None
        }
    };
    let purpose = f.req_str(cx, "purpose");
    let when = f.opt_str(cx, "when");
    let optional = f.opt_bool(cx, "optional");
    let tags = f.strs(cx, "tags");
    let service = f.opt_str(cx, "service");
    let cite = f.cite(cx);
    if !f.finish(cx) {
        return None;
    }
    Some(RawRule {
        id: id?,
        from: from?,
        to: to?,
        transport: transport?,
        protocol,
        ports: ports?,
        purpose: purpose?,
        when,
        optional,
        tags,
        service,
        cite,
    })
}

fn requirement(cx: &mut Ctx<'_>, v: &Val<'_>) -> Option<RawRequirement> {
    let mut f = Fields::open(cx, "requirements", v, "requirement", REQUIREMENT_KEYS)?;
    let id = f.req_str(cx, "id");
    let kind = f.req_str(cx, "kind");
    let q = RawRequirement {
        id: Spanned::new(0..0, String::new()),
        kind: Spanned::new(0..0, String::new()),
        when: f.opt_str(cx, "when"),
        cite: f.cite(cx),
        text: f.opt_str(cx, "text"),
        application: f.opt_str(cx, "application"),
        process: f.opt_str(cx, "process"),
        extensions: f.opt_strs(cx, "extensions"),
        folders: f.opt_strs(cx, "folders"),
        vendor: f.opt_str(cx, "vendor"),
        integration: f.opt_str(cx, "integration"),
        software: f.opt_str(cx, "software"),
        os: f.opt_str(cx, "os"),
        min_version: f.opt_str(cx, "min_version"),
        what: f.opt_str(cx, "what"),
        formula: f.opt_str(cx, "formula"),
        unit: f.opt_str(cx, "unit"),
        role: f.opt_str(cx, "role"),
        count: f.opt_int(cx, "count"),
        max_interval_hours: f.opt_int(cx, "max_interval_hours"),
        extension: f.opt_str(cx, "extension"),
        capability: f.opt_str(cx, "capability"),
        requires: f.opt_str(cx, "requires"),
    };
    if !f.finish(cx) {
        return None;
    }
    Some(RawRequirement {
        id: id?,
        kind: kind?,
        ..q
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The reader takes exactly the keys that `catalog/schema.json` describes.
    #[test]
    fn keys_match_the_json_schema() {
        let schema: serde_json::Value =
            serde_json::from_str(include_str!("../../catalog/schema.json")).unwrap();
        let keys = |v: &serde_json::Value| -> Vec<String> {
            let mut k: Vec<String> = v["properties"]
                .as_object()
                .unwrap()
                .keys()
                .cloned()
                .collect();
            k.sort();
            k
        };
        let sorted = |k: &[&str]| -> Vec<String> {
            let mut k: Vec<String> = k.iter().map(|s| s.to_string()).collect();
            k.sort();
            k
        };
        assert_eq!(keys(&schema), sorted(PRODUCT_KEYS));
        let tables = [
            ("sources", SOURCE_KEYS),
            ("components", COMPONENT_KEYS),
            ("options", OPTION_KEYS),
            ("parameters", PARAMETER_KEYS),
            ("roles", ROLE_KEYS),
            ("rules", RULE_KEYS),
            ("requirements", REQUIREMENT_KEYS),
        ];
        for (name, expected) in tables {
            assert_eq!(
                keys(&schema["properties"][name]["items"]),
                sorted(expected),
                "{name}"
            );
        }
        assert_eq!(keys(&schema["$defs"]["cite"]), sorted(CITE_KEYS));
    }

    #[test]
    fn values_show_as_written() {
        assert_eq!(Value::Str("a\"b".into()).to_string(), "\"a\\\"b\"");
        assert_eq!(Value::Int(-3).to_string(), "-3");
        assert_eq!(Value::Bool(true).to_string(), "true");
        assert_eq!(Value::Other("[1, 2]".into()).to_string(), "[1, 2]");
    }
}
