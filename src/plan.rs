//! The user's plan: products with versions, options and parameters, and the topology (hosts and
//! the roles they carry). A plan is a document: versioned, saved as JSON or TOML, in the URL and
//! in local storage, and it round-trips without loss. Values are kept as the user typed them;
//! the engine validates them and reports problems at their field, so nothing typed is ever lost.

use crate::diag::{line_col, Diagnostic};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The plan format version this build reads and writes.
pub const PLAN_SCHEMA: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    #[serde(default = "schema_default")]
    pub schema: u32,
    #[serde(default)]
    pub name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
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
            products: Vec::new(),
            hosts: Vec::new(),
        }
    }
}

/// A selected product: component versions, option values and parameter values as typed.
/// Anything not given takes the catalog's default.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanProduct {
    pub id: String,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub versions: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub options: BTreeMap<String, OptionValue>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub parameters: BTreeMap<String, ParamInput>,
}

/// An option's value: `true`/`false` for switches, a value name for modes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum OptionValue {
    Bool(bool),
    Text(String),
}

impl std::fmt::Display for OptionValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            OptionValue::Bool(b) => write!(f, "{b}"),
            OptionValue::Text(t) => f.write_str(t),
        }
    }
}

/// A parameter's value as typed: a number, or text (which may also hold a number the user typed
/// into a text field; the engine parses and validates it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
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
    pub fn parse(file: &str, text: &str, format: PlanFormat) -> Result<Plan, Diagnostic> {
        let plan: Plan = match format {
            PlanFormat::Json => serde_json::from_str(text).map_err(|e| {
                let line = u32::try_from(e.line()).unwrap_or(0);
                let col = u32::try_from(e.column()).unwrap_or(0);
                Diagnostic::error("plan::syntax", format!("{e}"))
                    .with_help("a plan is a JSON object with `schema`, `name`, `products` and `hosts`")
                    .at(file, line.max(1), col.max(1))
            })?,
            PlanFormat::Toml => toml::from_str(text).map_err(|e| {
                let (line, col) = line_col(text, e.span().map_or(0, |s| s.start));
                Diagnostic::error("plan::syntax", e.message().trim().to_string())
                    .with_help("a plan has `schema`, `name`, `[[products]]` and `[[hosts]]`")
                    .at(file, line, col)
            })?,
        };
        if plan.schema != PLAN_SCHEMA {
            return Err(Diagnostic::error(
                "plan::schema",
                format!(
                    "plan format `{}` is not supported by this version of Portolan",
                    plan.schema
                ),
            )
            .with_help(format!("this version reads `schema = {PLAN_SCHEMA}`"))
            .at(file, 1, 1));
        }
        Ok(plan)
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    pub fn to_toml(&self) -> String {
        toml::to_string(self).unwrap_or_default()
    }

    pub fn product(&self, id: &str) -> Option<&PlanProduct> {
        self.products.iter().find(|p| p.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Plan {
        Plan {
            schema: 1,
            name: "Site A".into(),
            description: "upgrade".into(),
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
    fn unknown_schema_is_refused() {
        let e = Plan::parse("p.toml", "schema = 9\n", PlanFormat::Toml).unwrap_err();
        assert_eq!(e.code, "plan::schema");
    }

    #[test]
    fn detects_format() {
        assert_eq!(PlanFormat::detect("a.JSON", ""), PlanFormat::Json);
        assert_eq!(PlanFormat::detect("a", " {"), PlanFormat::Json);
        assert_eq!(PlanFormat::detect("a", "schema = 1"), PlanFormat::Toml);
    }
}
