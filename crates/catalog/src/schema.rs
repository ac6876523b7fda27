//! JSON Schemas of the catalog types that serialise as their source text.

use crate::model::{Condition, FormulaDef};
use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use std::borrow::Cow;

impl JsonSchema for Condition {
    fn schema_name() -> Cow<'static, str> {
        "Condition".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A condition of the catalog's expression language, as written (e.g. `ris >= \"15.2 HFR3\" and cloud-screen-recording`).",
            "type": "string"
        })
    }
}

impl JsonSchema for FormulaDef {
    fn schema_name() -> Cow<'static, str> {
        "Formula".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "An arithmetic formula over the product's parameters, as written.",
            "type": "string"
        })
    }
}
