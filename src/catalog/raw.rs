//! The catalog file as written: TOML with byte spans on every value we validate.
//!
//! These types mirror `catalog/schema.json`. They only describe shape; every meaning (ids exist,
//! ports are valid, conditions type-check) is checked in `load.rs`, which turns them into the
//! validated model of `model.rs`.

use serde::Deserialize;
use toml::Spanned;

pub type S<T> = Spanned<T>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawProduct {
    pub schema: S<i64>,
    pub id: S<String>,
    pub name: S<String>,
    pub vendor: S<String>,
    pub summary: S<String>,
    #[serde(default)]
    pub sources: Vec<RawSource>,
    #[serde(default)]
    pub components: Vec<RawComponent>,
    #[serde(default)]
    pub options: Vec<RawOption>,
    #[serde(default)]
    pub parameters: Vec<RawParameter>,
    #[serde(default)]
    pub roles: Vec<RawRole>,
    #[serde(default)]
    pub rules: Vec<RawRule>,
    #[serde(default)]
    pub requirements: Vec<RawRequirement>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSource {
    pub id: S<String>,
    pub file: Option<S<String>>,
    pub url: Option<S<String>>,
    pub title: S<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCite {
    pub source: S<String>,
    pub quote: S<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawComponent {
    pub id: S<String>,
    pub name: S<String>,
    #[serde(default)]
    pub description: Option<S<String>>,
    pub versions: Vec<S<String>>,
    pub default: S<String>,
    pub cite: Option<RawCite>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawOption {
    pub id: S<String>,
    pub name: S<String>,
    #[serde(rename = "type")]
    pub kind: S<String>,
    #[serde(default)]
    pub values: Option<Vec<S<String>>>,
    pub default: S<toml::Value>,
    pub description: S<String>,
    pub off_cost: Option<S<String>>,
    pub cite: Option<RawCite>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawParameter {
    pub id: S<String>,
    pub name: S<String>,
    #[serde(rename = "type")]
    pub kind: S<String>,
    pub default: S<toml::Value>,
    pub min: Option<S<i64>>,
    pub max: Option<S<i64>>,
    pub unit: Option<S<String>>,
    #[serde(default)]
    pub configurable: Option<S<bool>>,
    pub description: S<String>,
    pub cite: Option<RawCite>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRole {
    pub id: S<String>,
    pub name: S<String>,
    pub kind: S<String>,
    pub description: Option<S<String>>,
    #[serde(default)]
    pub endpoints: Vec<S<String>>,
    pub cite: Option<RawCite>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRule {
    pub id: S<String>,
    pub from: S<String>,
    pub to: S<String>,
    pub transport: S<String>,
    pub protocol: Option<S<String>>,
    pub ports: S<Vec<S<toml::Value>>>,
    pub purpose: S<String>,
    pub when: Option<S<String>>,
    #[serde(default)]
    pub optional: Option<S<bool>>,
    #[serde(default)]
    pub tags: Vec<S<String>>,
    pub service: Option<S<String>>,
    pub cite: Option<RawCite>,
}

/// One requirement; which fields apply depends on `kind` (checked in `load.rs`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
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
