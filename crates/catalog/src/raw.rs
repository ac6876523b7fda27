//! The catalog file as written: TOML with byte spans on every value we validate.
//!
//! These types are the file's shape (`catalog/schema.json` is generated from them). They only describe shape; every meaning (ids exist,
//! ports are valid, conditions type-check) is checked in `load.rs`, which turns them into the
//! validated model of `model.rs`.
//!
//! Each table is declared once, as a struct with `#[derive(Table)]` (`portolan-derive`): the
//! derive writes its reader over `toml`'s spanned document tree (`DeTable`) with the typed
//! getters of [`Fields`], its list of keys, and its JSON Schema, from which `catalog/schema.json`
//! is generated. Not serde: one small, non-generic reader is a fraction of the code size of the
//! serde deserializer monomorphised for every struct, it is faster, and it reports every shape
//! problem of a file (unknown key with a did-you-mean, wrong type, missing field, bad integer) at
//! once.

use super::load::Ctx;
use portolan_core::diag::Code;
use portolan_core::diag::{did_you_mean, found, Diagnostic};
use portolan_core::sort::SortShared;
use portolan_derive::Table;
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
    /// A list of strings (a set option's default).
    List(Vec<S<String>>),
    /// Any other TOML value (float, datetime, other arrays, table), as written in the file.
    Other(String),
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Str(s) => write!(f, "{s:?}"),
            Value::Int(n) => write!(f, "{n}"),
            Value::Bool(b) => write!(f, "{b}"),
            Value::List(items) => {
                let items: Vec<String> =
                    items.iter().map(|s| format!("{:?}", s.get_ref())).collect();
                write!(f, "[{}]", items.join(", "))
            }
            Value::Other(s) => f.write_str(s),
        }
    }
}

/// One product of the Portolan catalog. See catalog/README.md.
#[derive(Debug, Table)]
#[table(what = "product", lenient)]
pub struct RawProduct {
    /// catalog file format version
    #[table(schema = r#"{"const": 1}"#)]
    pub schema: S<i64>,
    /// product id; equals the file name without .toml
    #[table(id)]
    pub id: S<String>,
    #[table(schema = r#"{"minLength": 1}"#)]
    pub name: S<String>,
    #[table(schema = r#"{"minLength": 1}"#)]
    pub vendor: S<String>,
    #[table(schema = r#"{"minLength": 1}"#)]
    pub summary: S<String>,
    /// whether the sources show the vendor's whole port table (complete) or only part of it
    /// (partial: say what is missing in coverage_missing)
    #[table(schema = r#"{"enum": ["complete", "partial"]}"#)]
    pub coverage: Option<S<String>>,
    /// for a partial product: the rows, tables or hosts its sources do not show
    #[table(schema = r#"{"minLength": 1}"#)]
    pub coverage_missing: Option<S<String>>,
    /// what kind of product it is, for finding it in the catalog
    #[table(
        schema = r#"{"enum": ["recording", "wfm", "cti", "cloud-contact-centre", "contact-centre", "remote-assistance", "voice"]}"#
    )]
    pub category: Option<S<String>>,
    /// free kebab-case labels for finding the product (webrtc, saas, screen-recording, ...)
    #[table(schema = r##"{"items": {"$ref": "#/$defs/id"}, "uniqueItems": true}"##)]
    pub tags: Vec<S<String>>,
    /// every document the facts come from
    #[table(required, schema = r#"{"minItems": 1}"#)]
    pub sources: Vec<RawSource>,
    /// things with their own version
    pub components: Vec<RawComponent>,
    /// feature switches and modes
    pub options: Vec<RawOption>,
    /// typed values users may set
    pub parameters: Vec<RawParameter>,
    /// places in the network: internal roles users map to hosts, external endpoints, any
    pub roles: Vec<RawRole>,
    /// one required connection each
    pub rules: Vec<RawRule>,
    /// what is not a flow: antivirus exclusions, compatibility, sizing, ...
    pub requirements: Vec<RawRequirement>,
}

#[derive(Debug, Table)]
#[table(what = "source", key = "sources")]
pub struct RawSource {
    #[table(id)]
    pub id: S<String>,
    /// seed file name
    pub file: Option<S<String>>,
    pub url: Option<S<String>>,
    pub title: S<String>,
}

#[derive(Debug, Clone, Table)]
#[table(what = "citation", key = "cite")]
pub struct RawCite {
    /// id of a [[sources]] entry
    #[table(schema = r#"{"pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"}"#)]
    pub source: S<String>,
    /// short verbatim quote from the source
    #[table(schema = r#"{"minLength": 1}"#)]
    pub quote: S<String>,
}

#[derive(Debug, Table)]
#[table(what = "component", key = "components")]
pub struct RawComponent {
    #[table(id)]
    pub id: S<String>,
    pub name: S<String>,
    /// `product` (when absent): a part of the product; `third-party`: another vendor's software
    /// that the product's compatibility statements check (no default: the plan enters it)
    #[table(schema = r#"{"enum": ["product", "third-party"]}"#)]
    pub kind: Option<S<String>>,
    /// third-party only: who makes it
    pub vendor: Option<S<String>>,
    pub description: Option<S<String>>,
    /// known releases, oldest first (at least one for a product component)
    pub versions: Vec<S<String>>,
    /// the version assumed when a plan gives none; product components only
    pub default: Option<S<String>>,
    pub cite: Option<RawCite>,
    /// the documented releases, oldest first, each with the sources that document it (at most
    /// one component of a product lists releases; see catalog/RELEASES.md)
    pub releases: Vec<RawRelease>,
}

/// One documented release of a component.
#[derive(Debug, Table)]
#[table(what = "release", key = "releases")]
pub struct RawRelease {
    /// the version, as a plan writes it
    pub version: S<String>,
    /// what the vendor calls the release when the version alone does not say it
    pub name: Option<S<String>>,
    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, as the source gives it
    #[table(schema = r#"{"pattern": "^\\d{4}(-\\d{2}(-\\d{2})?)?$"}"#)]
    pub date: Option<S<String>>,
    /// ids of the `[[sources]]` that document this release
    #[table(schema = r##"{"minItems": 1, "items": {"$ref": "#/$defs/id"}}"##)]
    pub sources: S<Vec<S<String>>>,
    /// what the sources of this release show and do not show
    pub note: Option<S<String>>,
}

/// The releases a rule, requirement or endpoint holds in, and its citations from other releases
/// (keys of the table that takes it).
#[derive(Debug, Default, Table)]
#[table(what = "release range", flat)]
pub struct RawScope {
    /// the first documented release the fact holds in
    pub since: Option<S<String>>,
    /// the first documented release that no longer has the fact
    pub until: Option<S<String>>,
    /// the fact's citations from the sources of other releases
    pub seen: Vec<RawCite>,
    /// the id of the fact (rule or requirement) this one takes the place of in its releases
    #[table(id)]
    pub replaces: Option<S<String>>,
}

/// An entry of an external role's `endpoints` written as a table: an endpoint of some releases.
#[derive(Debug, Table)]
#[table(what = "endpoint", key = "endpoints")]
pub struct RawScopedEndpoint {
    pub endpoint: S<String>,
    #[table(flatten)]
    pub scope: RawScope,
    pub cite: Option<RawCite>,
}

/// An external role's endpoints: strings hold in every release, tables in some.
#[derive(Debug, Default)]
pub struct RawEndpoints {
    pub plain: Vec<S<String>>,
    pub scoped: Vec<RawScopedEndpoint>,
}

#[derive(Debug, Table)]
#[table(what = "option", key = "options")]
pub struct RawOption {
    #[table(id)]
    pub id: S<String>,
    pub name: S<String>,
    /// `bool`, `enum` (one of `values`) or `set` (any of `values`: a choice where several of
    /// the vendor's tables may apply)
    #[table(key = "type", schema = r#"{"enum": ["bool", "enum", "set"]}"#)]
    pub kind: S<String>,
    pub values: Option<Vec<S<String>>>,
    /// `true`/`false` (bool), one value (enum) or a list of values (set)
    #[table(schema = r#"{"type": ["boolean", "string", "array"], "items": {"type": "string"}}"#)]
    pub default: S<Value>,
    pub description: S<String>,
    /// bool only: what turning it off costs
    pub off_cost: Option<S<String>>,
    /// bool only: `true` for a reading wider than the source states (flows the vendor does not
    /// name); it must default to `false`, and its description says what is unclear
    pub wider_reading: Option<S<bool>>,
    #[table(required)]
    pub cite: Option<RawCite>,
}

#[derive(Debug, Table)]
#[table(what = "parameter", key = "parameters")]
pub struct RawParameter {
    #[table(id)]
    pub id: S<String>,
    pub name: S<String>,
    #[table(key = "type", schema = r#"{"enum": ["port", "count", "text"]}"#)]
    pub kind: S<String>,
    #[table(schema = r#"{"type": ["integer", "string"]}"#)]
    pub default: S<Value>,
    #[table(schema = r#"{"minimum": 0}"#)]
    pub min: Option<S<i64>>,
    #[table(schema = r#"{"minimum": 0}"#)]
    pub max: Option<S<i64>>,
    pub unit: Option<S<String>>,
    #[table(schema = r#"{"default": true}"#)]
    pub configurable: Option<S<bool>>,
    pub description: S<String>,
    #[table(required)]
    pub cite: Option<RawCite>,
}

#[derive(Debug, Table)]
#[table(what = "role", key = "roles")]
pub struct RawRole {
    #[table(id)]
    pub id: S<String>,
    pub name: S<String>,
    #[table(schema = r#"{"enum": ["internal", "external", "any"]}"#)]
    pub kind: S<String>,
    pub description: Option<S<String>>,
    /// external only: IPs, CIDRs, host names, *.domain; {parameter} placeholders; a table
    /// `{ endpoint, since, until, seen, cite }` for an endpoint of some releases only
    #[table(
        with = "Fields::endpoints",
        schema = r#"{"type": "array", "items": {"oneOf": [{"type": "string"}, {"type": "object", "required": ["endpoint"], "properties": {"endpoint": {"type": "string"}, "since": {"type": "string"}, "until": {"type": "string"}, "seen": {"type": "array"}, "cite": {"type": "object"}}, "additionalProperties": false}]}}"#
    )]
    pub endpoints: RawEndpoints,
    /// the choices whose tables use the role: a condition over options only
    pub when: Option<S<String>>,
    /// the role's components run in containers (the Kubernetes export writes a NetworkPolicy
    /// selecting their pods); `cite` is then required and quotes the vendor's deployment text
    pub container: Option<S<bool>>,
    pub cite: Option<RawCite>,
}

#[derive(Debug, Table)]
#[table(what = "rule", key = "rules")]
pub struct RawRule {
    #[table(id)]
    pub id: S<String>,
    #[table(id)]
    pub from: S<String>,
    #[table(id)]
    pub to: S<String>,
    #[table(schema = r#"{"enum": ["tcp", "udp", "both"]}"#)]
    pub transport: S<String>,
    pub protocol: Option<S<String>>,
    #[table(
        schema = r#"{"minItems": 1, "items": {"oneOf": [{"type": "integer", "minimum": 1, "maximum": 65535}, {"type": "string", "pattern": "^(\\d+(\\s*-\\s*\\d+)?|\\{[a-z0-9-]+\\})$"}]}}"#
    )]
    pub ports: S<Vec<S<Value>>>,
    pub purpose: S<String>,
    /// condition, see catalog/README.md
    pub when: Option<S<String>>,
    pub optional: Option<S<bool>>,
    #[table(schema = r##"{"items": {"$ref": "#/$defs/id"}}"##)]
    pub tags: Vec<S<String>>,
    pub service: Option<S<String>>,
    #[table(required)]
    pub cite: Option<RawCite>,
    #[table(flatten)]
    pub scope: RawScope,
}

/// One requirement; which fields apply depends on `kind` (see catalog/README.md).
#[derive(Debug, Table)]
#[table(what = "requirement", key = "requirements")]
pub struct RawRequirement {
    #[table(id)]
    pub id: S<String>,
    #[table(
        schema = r#"{"enum": ["antivirus", "compatibility", "sizing", "min-hosts", "time-sync", "high-availability", "network", "file-type", "prerequisite", "note", "ambiguity"]}"#
    )]
    pub kind: S<String>,
    pub when: Option<S<String>>,
    #[table(required)]
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
    pub component: Option<S<String>>,
    // sizing
    pub what: Option<S<String>>,
    pub formula: Option<S<String>>,
    pub unit: Option<S<String>>,
    // min-hosts, time-sync, high-availability
    #[table(id)]
    pub role: Option<S<String>>,
    #[table(schema = r#"{"minimum": 1}"#)]
    pub count: Option<S<i64>>,
    #[table(schema = r#"{"minimum": 1}"#)]
    pub max_interval_hours: Option<S<i64>>,
    // file-type
    pub extension: Option<S<String>>,
    // prerequisite
    pub capability: Option<S<String>>,
    pub requires: Option<S<String>>,
    #[table(flatten)]
    pub scope: RawScope,
}

/// The JSON Schema of a catalog file, for editors and catalog authors: `catalog/schema.json` is
/// this, written out (a test keeps the two equal; `portolan catalog schema` prints it).
pub fn file_schema() -> serde_json::Value {
    let mut root = serde_json::json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://portolan.invalid/catalog/schema.json",
        "title": "Portolan catalog file (one product)",
        "$defs": {
            "cite": RawCite::schema(),
            "id": {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"}
        }
    });
    if let (Some(root), serde_json::Value::Object(product)) =
        (root.as_object_mut(), RawProduct::schema())
    {
        root.extend(product);
    }
    root
}

/// A field's JSON Schema: what its type gives (`base`), with the keywords of its declaration
/// (`extra`, a JSON object; a `$ref` replaces the type, `items` merges into the base's) and its
/// description.
fn field_schema(base: serde_json::Value, extra: &str, description: &str) -> serde_json::Value {
    let mut out = match base {
        serde_json::Value::Object(m) => m,
        _ => serde_json::Map::new(),
    };
    if let Ok(serde_json::Value::Object(extra)) = serde_json::from_str::<serde_json::Value>(extra) {
        if extra.contains_key("$ref") || extra.contains_key("enum") || extra.contains_key("const") {
            out.remove("type");
        }
        for (k, v) in extra {
            match (out.get_mut(&k), v) {
                (Some(serde_json::Value::Object(mine)), serde_json::Value::Object(theirs)) => {
                    mine.clear();
                    mine.extend(theirs);
                }
                (_, v) => {
                    out.insert(k, v);
                }
            }
        }
    }
    if !description.is_empty() {
        out.insert("description".into(), description.into());
    }
    serde_json::Value::Object(out)
}

/// A table's JSON Schema from its fields' schemas.
fn table_schema(
    description: &str,
    required: &[&str],
    properties: Vec<(&str, serde_json::Value)>,
) -> serde_json::Value {
    let mut out = serde_json::json!({
        "type": "object",
        "additionalProperties": false,
        "required": required,
        "properties": properties
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect::<serde_json::Map<_, _>>(),
    });
    if let (false, Some(o)) = (description.is_empty(), out.as_object_mut()) {
        o.insert("description".into(), description.into());
    }
    out
}

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
fn shape_err(cx: &mut Ctx<'_>, code: Code, span: Range<usize>, msg: String, help: &str) {
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
        Code::CatalogType,
        v.span(),
        format!("{what}, found {}", found(v.get_ref())),
        &hint,
    );
}

fn string(cx: &mut Ctx<'_>, key: &str, v: &Val<'_>, entry: bool) -> Option<S<String>> {
    match v.get_ref() {
        DeValue::String(s) => {
            hidden_characters(cx, key, v.span(), s);
            Some(Spanned::new(v.span(), s.to_string()))
        }
        _ => {
            type_err(cx, key, v, Want::Str, entry);
            None
        }
    }
}

/// A warning for a text with a character a reader does not see (a direction override, a
/// zero-width or control character): the planner and the exports show it as `<U+202E>`, but
/// whoever reads the file or the vendor's page does not see it.
fn hidden_characters(cx: &mut Ctx<'_>, key: &str, span: Range<usize>, s: &str) {
    if let Err(why) = portolan_core::text::hidden::check_text(s) {
        cx.warn(
            Code::CatalogHiddenCharacter,
            span,
            format!("`{key}` {why}"),
            "remove it: a reader of the file does not see it, and it can reorder the text around it",
        );
    }
}

fn integer(cx: &mut Ctx<'_>, key: &str, v: &Val<'_>) -> Option<S<i64>> {
    match v.get_ref() {
        DeValue::Integer(i) => match i64::from_str_radix(i.as_str(), i.radix()) {
            Ok(n) => Some(Spanned::new(v.span(), n)),
            Err(_) => {
                shape_err(
                    cx,
                    Code::CatalogBadInteger,
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

/// Strings, integers, booleans and lists of strings as such; any other value as its source text.
fn any(cx: &mut Ctx<'_>, v: &Val<'_>) -> Option<S<Value>> {
    let value = match v.get_ref() {
        DeValue::String(s) => Value::Str(s.to_string()),
        DeValue::Integer(_) => Value::Int(*integer(cx, "", v)?.get_ref()),
        DeValue::Boolean(b) => Value::Bool(*b),
        DeValue::Array(items) => match string_list(items) {
            Some(list) => Value::List(list),
            None => Value::Other(snippet(cx, v.span())),
        },
        _ => Value::Other(snippet(cx, v.span())),
    };
    Some(Spanned::new(v.span(), value))
}

/// The entries of an array when every one is a string.
fn string_list(items: &[Val<'_>]) -> Option<Vec<S<String>>> {
    items
        .iter()
        .map(|v| match v.get_ref() {
            DeValue::String(s) => Some(Spanned::new(v.span(), s.to_string())),
            _ => None,
        })
        .collect()
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
        keys: &'static [&'static [&'static str]],
    ) -> Option<Self> {
        let DeValue::Table(table) = v.get_ref() else {
            type_err(cx, key, v, Want::Table, key != "cite");
            return None;
        };
        let mut suggested = Vec::new();
        for (k, _) in table.iter() {
            let name: &str = k.get_ref();
            if keys.iter().any(|group| group.contains(&name)) {
                continue;
            }
            let all = keys
                .iter()
                .flat_map(|group| group.iter())
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", ");
            let hint = match did_you_mean(name, keys.iter().flat_map(|group| group.iter().copied()))
            {
                Some(s) => {
                    suggested.push(s);
                    format!("did you mean `{s}`? A {what} takes {all}")
                }
                None => format!("remove it or fix its spelling; a {what} takes {all}"),
            };
            cx.err(
                Code::CatalogUnknownField,
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
            Code::CatalogMissingField,
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
        let r = RawCite::read(cx, v);
        self.check(r)
    }

    /// An external role's `endpoints`: strings hold in every release, tables in some.
    fn endpoints(&mut self, cx: &mut Ctx<'_>) -> RawEndpoints {
        let mut out = RawEndpoints::default();
        let Some(items) = self.array(cx, "endpoints", Want::StrList) else {
            return out;
        };
        for v in *items.get_ref() {
            match v.get_ref() {
                DeValue::String(s) => out.plain.push(Spanned::new(v.span(), s.to_string())),
                DeValue::Table(_) => match RawScopedEndpoint::read(cx, v) {
                    Some(e) => out.scoped.push(e),
                    None => self.ok = false,
                },
                _ => {
                    self.ok = false;
                    type_err(cx, "endpoints", v, Want::Str, true);
                }
            }
        }
        out
    }

    /// A required list of values of any type (a rule's ports).
    fn any_list(&mut self, cx: &mut Ctx<'_>, key: &'static str) -> Option<S<Vec<S<Value>>>> {
        let Some(items) = self.array(cx, key, Want::AnyList) else {
            if self.get(key).is_none() {
                self.missing(key, Want::AnyList);
            }
            return None;
        };
        let mut out = Vec::new();
        for p in *items.get_ref() {
            match any(cx, p) {
                Some(p) => out.push(p),
                None => self.ok = false,
            }
        }
        Some(Spanned::new(items.span(), out))
    }
}

/// Syntax errors reported per file, at most.
const MAX_SYNTAX_ERRORS: usize = 50;

/// Sorts diagnostics by position, stably (one shared sort instance in wasm: see `portolan_core::sort`).
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
                Code::CatalogSyntax,
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
                Code::CatalogSyntax,
                end,
                format!("{more} more syntax errors"),
                "fix the ones above first; is this a TOML file?",
            );
        }
        return None;
    }
    let root = Spanned::new(0..0, DeValue::Table(doc.into_inner()));
    let product = RawProduct::read(cx, &root);
    // in the order of the file, whatever order the fields were read in
    in_file_order(&mut cx.diags);
    product
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `catalog/schema.json` is the schema generated from the declarations above. After changing
    /// a table, write it anew with `portolan catalog schema > catalog/schema.json` (or run this
    /// test with `PORTOLAN_BLESS=1`).
    #[test]
    fn the_committed_schema_is_the_generated_one() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../catalog/schema.json");
        let generated = serde_json::to_string_pretty(&file_schema()).unwrap() + "\n";
        if std::env::var_os("PORTOLAN_BLESS").is_some() {
            std::fs::write(path, &generated).unwrap();
        }
        let committed = std::fs::read_to_string(path).unwrap();
        assert!(
            committed == generated,
            "catalog/schema.json differs from the generated schema; write it with `portolan catalog schema > catalog/schema.json`"
        );
    }

    /// The reader takes exactly the keys the schema describes.
    #[test]
    fn the_keys_are_the_schema_properties() {
        let schema = file_schema();
        let keys = |v: &serde_json::Value| -> Vec<String> {
            v["properties"]
                .as_object()
                .unwrap()
                .keys()
                .cloned()
                .collect()
        };
        let owned = |groups: &[&[&str]]| -> Vec<String> {
            let mut k: Vec<String> = groups
                .iter()
                .flat_map(|g| g.iter())
                .map(|s| s.to_string())
                .collect();
            k.sort();
            k
        };
        assert_eq!(keys(&schema), owned(RawProduct::KEYS));
        assert_eq!(
            keys(&schema["properties"]["rules"]["items"]),
            owned(RawRule::KEYS)
        );
        assert_eq!(keys(&schema["$defs"]["cite"]), owned(RawCite::KEYS));
        assert!(RawOption::KEYS.iter().any(|g| g.contains(&"type")));
        assert_eq!(
            keys(&schema["properties"]["requirements"]["items"]),
            owned(RawRequirement::KEYS)
        );
    }

    #[test]
    fn values_show_as_written() {
        assert_eq!(Value::Str("a\"b".into()).to_string(), "\"a\\\"b\"");
        assert_eq!(Value::Int(-3).to_string(), "-3");
        assert_eq!(Value::Bool(true).to_string(), "true");
        assert_eq!(Value::Other("[1, 2]".into()).to_string(), "[1, 2]");
    }
}
