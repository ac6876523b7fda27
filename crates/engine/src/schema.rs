//! The report's JSON Schema, generated from the report's types (one source of truth), and the
//! JSON shape of port sets in the report.
//!
//! The schema is committed as `schema/report-<REPORT_SCHEMA>.schema.json` at the repository's
//! root; `tests/report_schema.rs` fails when the committed file differs from [`report_schema`]
//! and validates every report the tests produce against it.

use crate::report::{Report, REPORT_SCHEMA};
use portolan_core::net::PortSet;
use schemars::{JsonSchema, Schema};
use serde::{Serialize, Serializer};
use std::borrow::Borrow;

/// The JSON Schema (draft 2020-12) of [`Report`] as it serialises, for `schema` =
/// [`REPORT_SCHEMA`].
pub fn report_schema() -> Schema {
    // the contract of what the engine writes (fields it skips when empty are optional)
    let generator = schemars::generate::SchemaSettings::draft2020_12()
        .for_serialize()
        .into_generator();
    let mut schema = generator.into_root_schema_for::<Report>();
    schema.insert(
        "$id".into(),
        format!("https://portolan.invalid/schema/report-{REPORT_SCHEMA}.schema.json").into(),
    );
    schema.insert(
        "title".into(),
        format!("Portolan report, schema {REPORT_SCHEMA}").into(),
    );
    schema
}

/// A port set as the report's JSON carries it: a list a program reads, and the text a person
/// reads, side by side.
#[derive(Serialize, JsonSchema)]
pub struct PortsJson {
    /// Single ports as numbers and ranges as `{"from": 4001, "to": 4004}`, ascending and
    /// without overlaps.
    pub ports: Vec<PortItem>,
    /// The same ports as people write them, e.g. `80, 443, 4001-4004`.
    pub ports_text: String,
}

/// One single port or one range of ports (both ends included).
#[derive(Serialize, JsonSchema)]
#[serde(untagged)]
pub enum PortItem {
    Port(#[schemars(range(min = 1))] u16),
    Range {
        #[schemars(range(min = 1))]
        from: u16,
        #[schemars(range(min = 1))]
        to: u16,
    },
}

impl PortsJson {
    pub fn of(ports: &PortSet) -> PortsJson {
        let list = ports
            .ranges()
            .iter()
            .map(|r| match (r.start(), r.end()) {
                (a, b) if a == b => PortItem::Port(a),
                (from, to) => PortItem::Range { from, to },
            })
            .collect();
        PortsJson {
            ports: list,
            ports_text: ports.to_string(),
        }
    }
}

/// `#[serde(flatten, serialize_with = ...)]` for a port set field: writes `ports` and
/// `ports_text` into the enclosing object.
pub(crate) fn ports_fields<S: Serializer, P: Borrow<PortSet>>(
    ports: &P,
    s: S,
) -> Result<S::Ok, S::Error> {
    PortsJson::of(ports.borrow()).serialize(s)
}

/// An IP network in CIDR notation (`10.20.0.0/23`, `2001:db8::/64`; a single address as `/32`
/// or `/128`): the schema of the report's `source_nets` and `destination_nets` items.
pub struct Net;

impl JsonSchema for Net {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Net".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> Schema {
        schemars::json_schema!({
            "description": "An IP network in CIDR notation, e.g. `10.20.0.0/23` or `2001:db8::/64`.",
            "type": "string",
            "pattern": "^[0-9a-f.:]+/[0-9]{1,3}$"
        })
    }
}
