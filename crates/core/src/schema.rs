//! JSON Schemas of the core types that serialise as text (or as a fixed set of words), for the
//! schemas generated from the report's types (`schema/` at the repository's root).

use crate::diag::Severity;
use crate::net::{Address, Transport};
use crate::text::Text;
use crate::version::Version;
use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use std::borrow::Cow;

impl JsonSchema for Text {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> Cow<'static, str> {
        "Text".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "string" })
    }
}

impl JsonSchema for Address {
    fn schema_name() -> Cow<'static, str> {
        "Address".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "An IPv4 or IPv6 address or network (CIDR), a host name, or a `*.domain` wildcard, as written in a plan or catalog.",
            "type": "string",
            "pattern": "^[a-z0-9.*:/-]+$"
        })
    }
}

impl JsonSchema for Version {
    fn schema_name() -> Cow<'static, str> {
        "Version".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A vendor version such as `15.2 HFR3` or `15.2.3`.",
            "type": "string",
            "minLength": 1
        })
    }
}

impl JsonSchema for Severity {
    fn schema_name() -> Cow<'static, str> {
        "Severity".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "string", "enum": ["info", "warning", "error"] })
    }
}

impl JsonSchema for Transport {
    fn schema_name() -> Cow<'static, str> {
        "Transport".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "string", "enum": ["tcp", "udp"] })
    }
}

/// The JSON Schema of a plan file (`schema/plan-1.schema.json` at the repository's root), from
/// the plan's types: what the plan reader accepts (fields it defaults are optional).
pub fn plan_schema() -> Schema {
    let generator = schemars::generate::SchemaSettings::draft2020_12()
        .for_deserialize()
        .into_generator();
    let mut schema = generator.into_root_schema_for::<crate::plan::Plan>();
    let version = crate::plan::PLAN_SCHEMA;
    schema.insert(
        "$id".into(),
        format!("https://portolan.invalid/schema/plan-{version}.schema.json").into(),
    );
    schema.insert(
        "title".into(),
        format!("Portolan plan, schema {version}").into(),
    );
    schema
}
