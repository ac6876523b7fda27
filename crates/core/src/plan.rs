//! The user's plan: products with versions, options and parameters, and the topology (hosts and
//! the roles they carry). A plan is a document: versioned, saved as JSON or TOML, in the URL and
//! in local storage, and it round-trips without loss. Values are kept as the user typed them;
//! the engine validates them and reports problems at their field, so nothing typed is ever lost.

use crate::diag::Code;
use crate::diag::{did_you_mean, found, line_col, Diagnostic};
pub use crate::schema::plan_schema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::ops::Range;
use toml::de::{DeTable, DeValue};
use toml::Spanned;

mod json;

/// The plan format version this build reads and writes.
pub const PLAN_SCHEMA: u32 = 1;

/// The largest plan file read (32 MiB): a plan of thousands of hosts is a few MB, and a file
/// that never ends (`/dev/zero`) or a wrong file must not be read until memory runs out.
pub const MAX_PLAN_BYTES: usize = 32 * 1024 * 1024;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(
    deny_unknown_fields,
    expecting = "a plan: an object with `schema`, `name`, `products` and `hosts`"
)]
pub struct Plan {
    /// The plan format version: 1 (`PLAN_SCHEMA`).
    #[serde(default = "schema_default")]
    #[schemars(range(min = 1, max = 1), extend("const" = 1))]
    pub schema: u32,
    #[serde(default)]
    pub name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// The catalog revision the plan was last made or reviewed with (`c-…`); empty when unknown.
    /// Opening it with a newer catalog lists the catalog's changes since (the change feed).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub catalog_revision: String,
    #[serde(default)]
    pub products: Vec<PlanProduct>,
    #[serde(default)]
    pub hosts: Vec<Host>,
}

fn schema_default() -> u32 {
    PLAN_SCHEMA
}

impl Default for Plan {
    fn default() -> Self {
        Plan {
            schema: PLAN_SCHEMA,
            name: String::new(),
            description: String::new(),
            catalog_revision: String::new(),
            products: Vec::new(),
            hosts: Vec::new(),
        }
    }
}

/// A selected product: component versions, option values and parameter values as typed.
/// Anything not given takes the catalog's default.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(
    deny_unknown_fields,
    expecting = "a product: an object with `id`, `versions`, `options` and `parameters`"
)]
pub struct PlanProduct {
    pub id: String,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub versions: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub options: BTreeMap<String, OptionValue>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub parameters: BTreeMap<String, ParamInput>,
}

/// An option's value: `true`/`false` for switches, a value name for modes, a list of value
/// names for multi-select options (`type = "set"`: several of the vendor's tables chosen).
/// (Read by `json::OptionValueVisitor`, whose message says what an option takes.)
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum OptionValue {
    Bool(bool),
    Text(String),
    List(Vec<String>),
}

impl std::fmt::Display for OptionValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            OptionValue::Bool(b) => write!(f, "{b}"),
            OptionValue::Text(t) => f.write_str(t),
            OptionValue::List(l) => write!(f, "[{}]", l.join(", ")),
        }
    }
}

/// A parameter's value as typed: a number, or text (which may also hold a number the user typed
/// into a text field; the engine parses and validates it). (Read by `json::ParamInputVisitor`,
/// whose message says what a parameter takes.)
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum ParamInput {
    Number(i64),
    Text(String),
}

impl std::fmt::Display for ParamInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ParamInput::Number(n) => write!(f, "{n}"),
            ParamInput::Text(t) => f.write_str(t),
        }
    }
}

/// A machine, a subnet or a group of addresses in the user's network.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(
    deny_unknown_fields,
    expecting = "a host: an object with `name`, `addresses`, `zone` and `roles`"
)]
pub struct Host {
    pub name: String,
    /// IPs, CIDRs or FQDNs, as typed.
    #[serde(default)]
    pub addresses: Vec<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub zone: String,
    /// `product-id/role-id` for every role this host carries.
    #[serde(default)]
    pub roles: Vec<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
}

/// The formats a plan file can be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlanFormat {
    Json,
    Toml,
}

impl PlanFormat {
    /// Guesses from a file name (`.json` or `.toml`), else from the first non-blank character.
    pub fn detect(name: &str, text: &str) -> PlanFormat {
        let lower = name.to_ascii_lowercase();
        if lower.ends_with(".json") {
            PlanFormat::Json
        } else if lower.ends_with(".toml") {
            PlanFormat::Toml
        } else if text.trim_start().starts_with('{') {
            PlanFormat::Json
        } else {
            PlanFormat::Toml
        }
    }
}

impl Plan {
    /// Reads a plan file; a structural error is reported with its line and column.
    // Parsed once per file and the diagnostic is what the caller shows; the lint fires on
    // 64-bit targets only, so `expect` would be unfulfilled on wasm32.
    #[allow(clippy::result_large_err)]
    pub fn parse(file: &str, text: &str, format: PlanFormat) -> Result<Plan, Diagnostic> {
        match format {
            PlanFormat::Json => Plan::from_json(file, text),
            PlanFormat::Toml => check_size(file, text)
                .and_then(|()| TomlPlan { file, text }.read().map_err(|e| *e))
                .and_then(|plan| plan.schema_checked(file)),
        }
    }

    /// Reads a JSON plan file. The planner reads plans with this (links, local storage, JSON
    /// files), so that its module does not contain the TOML reader: TOML plan files are read by
    /// the JavaScript API's module (`parsePlan`).
    #[allow(clippy::result_large_err)]
    pub fn from_json(file: &str, text: &str) -> Result<Plan, Diagnostic> {
        check_size(file, text)?;
        json::read(file, text)?.schema_checked(file)
    }

    #[allow(clippy::result_large_err)]
    fn schema_checked(self, file: &str) -> Result<Plan, Diagnostic> {
        if self.schema != PLAN_SCHEMA {
            return Err(Diagnostic::error(
                Code::PlanSchema,
                format!(
                    "plan format `{}` is not supported by this version of Portolan",
                    self.schema
                ),
            )
            .with_help(format!("this version reads `schema = {PLAN_SCHEMA}`"))
            .at(file, 1, 1));
        }
        Ok(self)
    }

    /// The plan as a JSON file: exactly `serde_json::to_string_pretty`, but written as compact
    /// JSON (the form of share links) and then indented, so that the planner's module has one
    /// JSON writer for plans instead of two.
    pub fn to_json(&self) -> String {
        indent_json(&serde_json::to_vec(self).unwrap_or_default())
    }

    /// The plan as a TOML file (written by hand, not by `toml`'s serializer, so that the
    /// planner's module can write it without the TOML crate; read back by [`Plan::parse`]).
    pub fn to_toml(&self) -> String {
        let mut out = String::new();
        out.push_str(&format!("schema = {}\n", self.schema));
        toml_pair(&mut out, "name", &self.name);
        if !self.description.is_empty() {
            toml_pair(&mut out, "description", &self.description);
        }
        if !self.catalog_revision.is_empty() {
            toml_pair(&mut out, "catalog_revision", &self.catalog_revision);
        }
        if self.products.is_empty() {
            out.push_str("products = []\n");
        }
        if self.hosts.is_empty() {
            out.push_str("hosts = []\n");
        }
        for p in &self.products {
            out.push_str("\n[[products]]\n");
            toml_pair(&mut out, "id", &p.id);
            if !p.versions.is_empty() {
                out.push_str("\n[products.versions]\n");
                for (k, v) in &p.versions {
                    toml_pair(&mut out, k, v);
                }
            }
            if !p.options.is_empty() {
                out.push_str("\n[products.options]\n");
                for (k, v) in &p.options {
                    toml_key(&mut out, k);
                    match v {
                        OptionValue::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
                        OptionValue::Text(t) => toml_str(&mut out, t),
                        OptionValue::List(l) => {
                            out.push('[');
                            for (i, t) in l.iter().enumerate() {
                                if i > 0 {
                                    out.push_str(", ");
                                }
                                toml_str(&mut out, t);
                            }
                            out.push(']');
                        }
                    }
                    out.push('\n');
                }
            }
            if !p.parameters.is_empty() {
                out.push_str("\n[products.parameters]\n");
                for (k, v) in &p.parameters {
                    toml_key(&mut out, k);
                    match v {
                        ParamInput::Number(n) => out.push_str(&n.to_string()),
                        ParamInput::Text(t) => toml_str(&mut out, t),
                    }
                    out.push('\n');
                }
            }
        }
        for h in &self.hosts {
            out.push_str("\n[[hosts]]\n");
            toml_pair(&mut out, "name", &h.name);
            toml_list(&mut out, "addresses", &h.addresses);
            if !h.zone.is_empty() {
                toml_pair(&mut out, "zone", &h.zone);
            }
            toml_list(&mut out, "roles", &h.roles);
            if !h.description.is_empty() {
                toml_pair(&mut out, "description", &h.description);
            }
        }
        out
    }

    pub fn product(&self, id: &str) -> Option<&PlanProduct> {
        self.products.iter().find(|p| p.id == id)
    }
}

/// Refuses a plan text larger than [`MAX_PLAN_BYTES`].
#[allow(clippy::result_large_err)]
fn check_size(file: &str, text: &str) -> Result<(), Diagnostic> {
    if text.len() <= MAX_PLAN_BYTES {
        return Ok(());
    }
    Err(Diagnostic::error(
        Code::PlanTooLarge,
        format!(
            "the plan is larger than the limit of {} MiB",
            MAX_PLAN_BYTES >> 20
        ),
    )
    .with_help("a plan file is a few MB at most; check that this is the right file")
    .at(file, 1, 1))
}

/// `key = "value"` and a newline.
fn toml_pair(out: &mut String, key: &str, value: &str) {
    toml_key(out, key);
    toml_str(out, value);
    out.push('\n');
}

/// `key = [...]` and a newline.
fn toml_list(out: &mut String, key: &str, values: &[String]) {
    toml_key(out, key);
    out.push('[');
    for (i, v) in values.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        toml_str(out, v);
    }
    out.push_str("]\n");
}

/// `key = `: bare when TOML allows it, else quoted.
fn toml_key(out: &mut String, key: &str) {
    if !key.is_empty()
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        out.push_str(key);
    } else {
        toml_str(out, key);
    }
    out.push_str(" = ");
}

/// A TOML basic string: `"`, `\` and control characters escaped.
fn toml_str(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Reads a TOML plan by hand from `toml`'s spanned tree (smaller and faster than the serde
/// deserializer); the first problem is reported at its key or value.
struct TomlPlan<'a> {
    file: &'a str,
    text: &'a str,
}

type Val<'i> = Spanned<DeValue<'i>>;

const PLAN_KEYS: &[&str] = &[
    "schema",
    "name",
    "description",
    "catalog_revision",
    "products",
    "hosts",
];
const PRODUCT_KEYS: &[&str] = &["id", "versions", "options", "parameters"];
const HOST_KEYS: &[&str] = &["name", "addresses", "zone", "roles", "description"];

impl TomlPlan<'_> {
    fn err(&self, code: Code, span: Range<usize>, msg: String, help: &str) -> Box<Diagnostic> {
        let (line, col) = line_col(self.text, span.start);
        Box::new(
            Diagnostic::error(code, msg)
                .with_help(help)
                .at(self.file, line, col),
        )
    }

    fn type_err(&self, what: &str, v: &Val<'_>, want: &str, example: &str) -> Box<Diagnostic> {
        self.err(
            Code::PlanSyntax,
            v.span(),
            format!("{what} should be {want}, found {}", found(v.get_ref())),
            &format!("write {example}"),
        )
    }

    /// `v` as a table that takes `keys`; an unknown key is reported with a did-you-mean.
    fn table<'t, 'i>(
        &self,
        v: &'t Val<'i>,
        what: &str,
        keys: &[&str],
    ) -> Result<&'t DeTable<'i>, Box<Diagnostic>> {
        let DeValue::Table(t) = v.get_ref() else {
            return Err(self.type_err(
                &format!("each of `{what}s`"),
                v,
                "a table",
                &format!("one `[[{what}s]]` table per {what}"),
            ));
        };
        for (k, _) in t.iter() {
            let name: &str = k.get_ref();
            if !keys.contains(&name) {
                let all = keys
                    .iter()
                    .map(|k| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(", ");
                let help = match did_you_mean(name, keys.iter().copied()) {
                    Some(s) => format!("did you mean `{s}`? A {what} takes {all}"),
                    None => format!("remove it or fix its spelling; a {what} takes {all}"),
                };
                return Err(self.err(
                    Code::PlanSyntax,
                    k.span(),
                    format!("unknown field `{name}` in a {what}"),
                    &help,
                ));
            }
        }
        Ok(t)
    }

    fn string(&self, key: &str, v: &Val<'_>) -> Result<String, Box<Diagnostic>> {
        match v.get_ref() {
            DeValue::String(s) => Ok(s.to_string()),
            _ => Err(self.type_err(
                &format!("`{key}`"),
                v,
                "a string",
                &format!("`{key} = \"...\"`"),
            )),
        }
    }

    fn integer(&self, key: &str, v: &Val<'_>) -> Result<i64, Box<Diagnostic>> {
        match v.get_ref() {
            DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix()).map_err(|_| {
                self.err(
                    Code::PlanSyntax,
                    v.span(),
                    format!("`{key}` does not fit in a 64-bit whole number"),
                    "use a smaller number",
                )
            }),
            _ => Err(self.type_err(&format!("`{key}`"), v, "a whole number", "a number")),
        }
    }

    fn list<'t, 'i>(&self, key: &str, v: &'t Val<'i>) -> Result<&'t [Val<'i>], Box<Diagnostic>> {
        match v.get_ref() {
            DeValue::Array(a) => Ok(a),
            _ => Err(self.type_err(
                &format!("`{key}`"),
                v,
                "a list",
                &format!("`{key} = [...]`"),
            )),
        }
    }

    fn strings(&self, key: &str, v: &Val<'_>) -> Result<Vec<String>, Box<Diagnostic>> {
        self.list(key, v)?
            .iter()
            .map(|s| match s.get_ref() {
                DeValue::String(s) => Ok(s.to_string()),
                _ => Err(self.type_err(
                    &format!("each of `{key}`"),
                    s,
                    "a string",
                    &format!("`{key} = [\"...\", \"...\"]`"),
                )),
            })
            .collect()
    }

    /// A table of `key = value`, each value read by `read`.
    fn map<T>(
        &self,
        key: &str,
        v: &Val<'_>,
        read: impl Fn(&str, &Val<'_>) -> Result<T, Box<Diagnostic>>,
    ) -> Result<BTreeMap<String, T>, Box<Diagnostic>> {
        let DeValue::Table(t) = v.get_ref() else {
            return Err(self.type_err(
                &format!("`{key}`"),
                v,
                "a table",
                &format!("`{key} = {{ name = ... }}`"),
            ));
        };
        // inserted one by one: collecting into a map would sort, and add a sort to the wasm
        let mut out = BTreeMap::new();
        for (k, v) in t.iter() {
            out.insert(k.get_ref().to_string(), read(k.get_ref(), v)?);
        }
        Ok(out)
    }

    fn missing(&self, at: &Val<'_>, what: &str, key: &str) -> Box<Diagnostic> {
        self.err(
            Code::PlanSyntax,
            at.span(),
            format!("{what} has no `{key}`"),
            &format!("add `{key} = \"...\"`"),
        )
    }

    fn read(&self) -> Result<Plan, Box<Diagnostic>> {
        let doc = DeTable::parse(self.text).map_err(|e| {
            self.err(
                Code::PlanSyntax,
                e.span().unwrap_or(0..0),
                e.message().trim().to_string(),
                "a plan has `schema`, `name`, `[[products]]` and `[[hosts]]`",
            )
        })?;
        let root = Spanned::new(0..0, DeValue::Table(doc.into_inner()));
        let t = self.table(&root, "plan", PLAN_KEYS)?;
        let mut plan = Plan::default();
        if let Some(v) = t.get("schema") {
            let n = self.integer("schema", v)?;
            plan.schema = u32::try_from(n).map_err(|_| {
                self.err(
                    Code::PlanSchema,
                    v.span(),
                    format!("plan format `{n}` is not supported by this version of Portolan"),
                    &format!("this version reads `schema = {PLAN_SCHEMA}`"),
                )
            })?;
        }
        if let Some(v) = t.get("name") {
            plan.name = self.string("name", v)?;
        }
        if let Some(v) = t.get("description") {
            plan.description = self.string("description", v)?;
        }
        if let Some(v) = t.get("catalog_revision") {
            plan.catalog_revision = self.string("catalog_revision", v)?;
        }
        if let Some(v) = t.get("products") {
            for p in self.list("products", v)? {
                plan.products.push(self.product(p)?);
            }
        }
        if let Some(v) = t.get("hosts") {
            for h in self.list("hosts", v)? {
                plan.hosts.push(self.host(h)?);
            }
        }
        Ok(plan)
    }

    fn product(&self, v: &Val<'_>) -> Result<PlanProduct, Box<Diagnostic>> {
        let t = self.table(v, "product", PRODUCT_KEYS)?;
        let mut p = PlanProduct {
            id: match t.get("id") {
                Some(id) => self.string("id", id)?,
                None => return Err(self.missing(v, "product", "id")),
            },
            ..PlanProduct::default()
        };
        if let Some(m) = t.get("versions") {
            p.versions = self.map("versions", m, |k, v| self.string(k, v))?;
        }
        if let Some(m) = t.get("options") {
            p.options = self.map("options", m, |k, v| match v.get_ref() {
                DeValue::Boolean(b) => Ok(OptionValue::Bool(*b)),
                DeValue::String(s) => Ok(OptionValue::Text(s.to_string())),
                DeValue::Array(_) => self.strings(k, v).map(OptionValue::List),
                _ => Err(self.type_err(
                    &format!("option `{k}`"),
                    v,
                    "`true`, `false`, a value name or a list of value names",
                    &format!("`{k} = true`, `{k} = \"value\"` or `{k} = [\"a\", \"b\"]`"),
                )),
            })?;
        }
        if let Some(m) = t.get("parameters") {
            p.parameters = self.map("parameters", m, |k, v| match v.get_ref() {
                DeValue::String(s) => Ok(ParamInput::Text(s.to_string())),
                _ => Ok(ParamInput::Number(self.integer(k, v)?)),
            })?;
        }
        Ok(p)
    }

    fn host(&self, v: &Val<'_>) -> Result<Host, Box<Diagnostic>> {
        let t = self.table(v, "host", HOST_KEYS)?;
        let mut h = Host {
            name: match t.get("name") {
                Some(n) => self.string("name", n)?,
                None => return Err(self.missing(v, "host", "name")),
            },
            ..Host::default()
        };
        if let Some(a) = t.get("addresses") {
            h.addresses = self.strings("addresses", a)?;
        }
        if let Some(z) = t.get("zone") {
            h.zone = self.string("zone", z)?;
        }
        if let Some(r) = t.get("roles") {
            h.roles = self.strings("roles", r)?;
        }
        if let Some(d) = t.get("description") {
            h.description = self.string("description", d)?;
        }
        Ok(h)
    }
}

/// Compact JSON (as serde_json writes it: no whitespace outside strings) indented the way
/// serde_json's pretty printer does: two spaces, `": "`, and `[]`/`{}` for empty ones.
fn indent_json(compact: &[u8]) -> String {
    let mut out: Vec<u8> = Vec::with_capacity(compact.len() * 2);
    let mut depth = 0usize;
    let (mut in_string, mut escaped) = (false, false);
    let newline = |out: &mut Vec<u8>, depth: usize| {
        out.push(b'\n');
        out.extend(std::iter::repeat_n(b' ', 2 * depth));
    };
    let mut bytes = compact.iter().copied().peekable();
    while let Some(b) = bytes.next() {
        if in_string {
            out.push(b);
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_string = false;
            }
            continue;
        }
        match b {
            b'"' => {
                in_string = true;
                out.push(b);
            }
            b'{' | b'[' => {
                out.push(b);
                match bytes.peek() {
                    Some(&close @ (b'}' | b']')) => {
                        out.push(close);
                        bytes.next();
                    }
                    _ => {
                        depth += 1;
                        newline(&mut out, depth);
                    }
                }
            }
            b'}' | b']' => {
                depth = depth.saturating_sub(1);
                newline(&mut out, depth);
                out.push(b);
            }
            b',' => {
                out.push(b);
                newline(&mut out, depth);
            }
            b':' => out.extend_from_slice(b": "),
            _ => out.push(b),
        }
    }
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_files_are_serde_json_pretty() {
        let strange = Plan {
            name: "a \"quoted\" {name}, [1]: \\ \u{1} Ω".into(),
            ..sample()
        };
        for p in [Plan::default(), sample(), strange] {
            assert_eq!(p.to_json(), serde_json::to_string_pretty(&p).unwrap());
        }
        assert_eq!(indent_json(br#"{"a":[],"b":{},"c":[1,{"d":"}"}]}"#), "{\n  \"a\": [],\n  \"b\": {},\n  \"c\": [\n    1,\n    {\n      \"d\": \"}\"\n    }\n  ]\n}");
    }

    fn sample() -> Plan {
        Plan {
            schema: 1,
            name: "Site A".into(),
            description: "upgrade".into(),
            catalog_revision: "c-0123456789ab".into(),
            products: vec![PlanProduct {
                id: "screen-capture".into(),
                versions: [("ris".to_string(), "15.2 HFR3".to_string())].into(),
                options: [
                    ("websocket".to_string(), OptionValue::Text("secure".into())),
                    ("cloud".to_string(), OptionValue::Bool(true)),
                ]
                .into(),
                parameters: [
                    ("upload-port".to_string(), ParamInput::Number(8080)),
                    ("tenant".to_string(), ParamInput::Text("acme".into())),
                ]
                .into(),
            }],
            hosts: vec![Host {
                name: "ris01 \"quoted\"".into(),
                addresses: vec!["10.0.0.0/33".into(), "ris01.corp.example".into()],
                zone: "dc".into(),
                roles: vec!["screen-capture/ris-server".into()],
                description: String::new(),
            }],
        }
    }

    #[test]
    fn round_trips_json_and_toml_without_loss() {
        let p = sample();
        let j = Plan::parse("p.json", &p.to_json(), PlanFormat::Json).unwrap();
        assert_eq!(j, p);
        let t = Plan::parse("p.toml", &p.to_toml(), PlanFormat::Toml).unwrap();
        assert_eq!(t, p);
    }

    #[test]
    fn syntax_errors_have_positions() {
        let e = Plan::parse("p.toml", "schema = 1\nname = \n", PlanFormat::Toml).unwrap_err();
        assert_eq!(e.line, Some(2));
        let e = Plan::parse("p.json", "{\n \"hosts\": 3 }", PlanFormat::Json).unwrap_err();
        assert_eq!(e.line, Some(2));
        let e = Plan::parse("p.toml", "schema = 1\nhostz = []\n", PlanFormat::Toml).unwrap_err();
        assert!(e.message.contains("hostz"), "{e}");
    }

    #[test]
    fn toml_shape_errors_at_their_key_or_value() {
        let at = |text: &str| {
            let e = Plan::parse("p.toml", text, PlanFormat::Toml).unwrap_err();
            format!(
                "{}:{} {}: {}",
                e.line.unwrap(),
                e.column.unwrap(),
                e.code,
                e.message
            )
        };
        assert_eq!(
            at("schema = 1\nhostz = []\n"),
            "2:1 plan::syntax: unknown field `hostz` in a plan"
        );
        let e = Plan::parse("p.toml", "hostz = []\n", PlanFormat::Toml).unwrap_err();
        assert!(e.help.unwrap().starts_with("did you mean `hosts`?"));
        assert_eq!(
            at("[[hosts]]\nname = \"a\"\naddresses = \"10.0.0.1\"\n"),
            "3:13 plan::syntax: `addresses` should be a list, found a string"
        );
        assert_eq!(
            at("[[hosts]]\nname = \"a\"\nroles = [\"x/y\", 3]\n"),
            "3:17 plan::syntax: each of `roles` should be a string, found a whole number"
        );
        assert_eq!(
            at("[[products]]\nversions = {}\n"),
            "1:1 plan::syntax: product has no `id`"
        );
        assert_eq!(
            at("[[products]]\nid = \"p\"\noptions = { tls = 1 }\n"),
            "3:19 plan::syntax: option `tls` should be `true`, `false`, a value name or a list of value names, found a whole number"
        );
        // a multi-select option takes a list of value names (issue #15)
        assert_eq!(
            at("[[products]]\nid = \"p\"\noptions = { apps = [\"web\", 2] }\n"),
            "3:28 plan::syntax: each of `apps` should be a string, found a whole number"
        );
        assert_eq!(
            at("[[products]]\nid = \"p\"\nparameters = { port = 1.5 }\n"),
            "3:23 plan::syntax: `port` should be a whole number, found a decimal number"
        );
        assert_eq!(
            at("schema = -1\n"),
            "1:10 plan::schema: plan format `-1` is not supported by this version of Portolan"
        );
        assert_eq!(
            at("products = 3\n"),
            "1:12 plan::syntax: `products` should be a list, found a whole number"
        );
        // inline tables and empty documents read as usual
        let p = Plan::parse(
            "p.toml",
            "products = [{ id = \"a\", parameters = { n = 0x10, t = \"x\" } }]\n",
            PlanFormat::Toml,
        )
        .unwrap();
        assert_eq!(p.products[0].parameters["n"], ParamInput::Number(16));
        assert_eq!(
            Plan::parse("p.toml", "", PlanFormat::Toml).unwrap(),
            Plan::default()
        );
    }

    #[test]
    fn unknown_schema_is_refused() {
        let e = Plan::parse("p.toml", "schema = 9\n", PlanFormat::Toml).unwrap_err();
        assert_eq!(e.code, Code::PlanSchema);
    }

    #[test]
    fn detects_format() {
        assert_eq!(PlanFormat::detect("a.JSON", ""), PlanFormat::Json);
        assert_eq!(PlanFormat::detect("a", " {"), PlanFormat::Json);
        assert_eq!(PlanFormat::detect("a", "schema = 1"), PlanFormat::Toml);
    }

    /// The hand-written TOML writer (the planner's "Download plan (TOML)") writes what `toml`
    /// reads back as the same plan, and what `toml`'s own serializer wrote before.
    #[test]
    fn toml_writer_matches_the_toml_crate() {
        let p = sample();
        let ours: toml::Value = toml::from_str(&p.to_toml()).unwrap();
        let theirs: toml::Value = toml::from_str(&toml::to_string(&p).unwrap()).unwrap();
        assert_eq!(ours, theirs);
        let empty = Plan::default();
        let t = empty.to_toml();
        assert_eq!(Plan::parse("p.toml", &t, PlanFormat::Toml).unwrap(), empty);
    }

    #[cfg(not(target_arch = "wasm32"))]
    mod written_toml {
        use super::*;
        use proptest::prelude::*;

        fn text() -> impl Strategy<Value = String> {
            prop_oneof![
                "[a-z0-9-]{0,12}",
                any::<String>(),
                "[\\u{0}-\\u{1f}\\u{7f}-\\u{9f}\"'\\\\ .=\\[\\]#]{0,6}",
            ]
        }

        fn plan() -> impl Strategy<Value = Plan> {
            let product = (
                text(),
                proptest::collection::btree_map(text(), text(), 0..3),
                proptest::collection::btree_map(
                    text(),
                    prop_oneof![
                        any::<bool>().prop_map(OptionValue::Bool),
                        text().prop_map(OptionValue::Text),
                        proptest::collection::vec(text(), 0..3).prop_map(OptionValue::List)
                    ],
                    0..3,
                ),
                proptest::collection::btree_map(
                    text(),
                    prop_oneof![
                        any::<i64>().prop_map(ParamInput::Number),
                        text().prop_map(ParamInput::Text)
                    ],
                    0..3,
                ),
            )
                .prop_map(|(id, versions, options, parameters)| PlanProduct {
                    id,
                    versions,
                    options,
                    parameters,
                });
            let host = (
                text(),
                proptest::collection::vec(text(), 0..3),
                text(),
                proptest::collection::vec(text(), 0..3),
                text(),
            )
                .prop_map(|(name, addresses, zone, roles, description)| Host {
                    name,
                    addresses,
                    zone,
                    roles,
                    description,
                });
            (
                text(),
                text(),
                text(),
                proptest::collection::vec(product, 0..3),
                proptest::collection::vec(host, 0..3),
            )
                .prop_map(|(name, description, catalog_revision, products, hosts)| {
                    Plan {
                        schema: PLAN_SCHEMA,
                        name,
                        description,
                        catalog_revision,
                        products,
                        hosts,
                    }
                })
        }

        proptest! {
            #[test]
            fn any_plan_round_trips_through_written_toml(p in plan()) {
                let text = p.to_toml();
                let back = Plan::parse("p.toml", &text, PlanFormat::Toml);
                prop_assert_eq!(back.as_ref().ok(), Some(&p), "{}\n{:?}", text, back.as_ref().err());
            }
        }
    }
}
