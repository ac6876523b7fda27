//! See: issue #14 point 3. The plan's JSON Schema (`schema/plan-1.schema.json`) and the JS API's
//! other types (`schema/api.schema.json`: `Plan`, `Diagnostic`, `Diff`, `Artifact`,
//! `ExportFormat`, `ExportOptions`, `ChangeFeed`, `ChangesSince`, `Upgrade`, `UpgradeView`,
//! `DiagramOptions`, `Diagram`) are generated from the Rust types; the committed files must be the generated
//! ones (api.d.ts follows from the second: `scripts/lib/api-types.mjs`). Every example plan, as
//! the reader reads it and as it is written back, validates against the plan's schema, and a
//! misspelt field does not.
//!
//! After changing a plan or API type: `PORTOLAN_WRITE_SCHEMA=1 cargo test --test api_schema`
//! rewrites the files; review and commit them, then run `node scripts/lib/api-types.mjs`.
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use portolan_core::plan::{plan_schema, Plan, PlanFormat, PLAN_SCHEMA};
use portolan_testkit::jsonschema;
use serde_json::Value;
use std::path::PathBuf;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Compares `schema` with the committed `schema/<name>` (rewriting it first when asked).
fn committed(name: &str, schema: &impl serde::Serialize) -> Value {
    let file = root().join("schema").join(name);
    let mut want = serde_json::to_string_pretty(schema).unwrap();
    want.push('\n');
    if std::env::var_os("PORTOLAN_WRITE_SCHEMA").is_some() {
        std::fs::write(&file, &want).unwrap();
    }
    let have = std::fs::read_to_string(&file).unwrap_or_default();
    assert!(
        have == want,
        "schema/{name} differs from the schema generated from the Rust types; run \
         `PORTOLAN_WRITE_SCHEMA=1 cargo test --test api_schema`, review and commit it"
    );
    serde_json::from_str(&have).unwrap()
}

fn plan_file() -> String {
    format!("plan-{PLAN_SCHEMA}.schema.json")
}

#[test]
fn the_committed_plan_schema_is_the_generated_one() {
    let schema = committed(&plan_file(), &plan_schema());
    assert_eq!(
        schema["properties"]["schema"]["maximum"],
        Value::from(PLAN_SCHEMA)
    );
    assert_eq!(schema["additionalProperties"], Value::Bool(false));
}

#[test]
fn the_committed_api_schema_is_the_generated_one() {
    let schema = committed("api.schema.json", &portolan_api::schema::api_schema());
    for name in [
        "Plan",
        "Diagnostic",
        "Diff",
        "Artifact",
        "FlowChange",
        "Host",
        "ExportFormat",
        "Capabilities",
    ] {
        assert!(
            schema["$defs"].get(name).is_some(),
            "no {name} in api.schema.json"
        );
    }
}

#[test]
fn every_api_type_has_one_name_and_one_definition() {
    let schema = committed("api.schema.json", &portolan_api::schema::api_schema());
    // schemars names a second type of the same name `Name2`: rename one (`#[schemars(rename)]`)
    for name in schema["$defs"].as_object().unwrap().keys() {
        assert!(
            !name.ends_with(|c: char| c.is_ascii_digit()),
            "{name}: two Rust types of one name in api.schema.json"
        );
    }
    // a type the API reads and writes is the same either way
    let (_, inputs) = portolan_api::schema::input_schemas();
    for (name, def) in &inputs {
        assert_eq!(
            &schema["$defs"][name], def,
            "{name} read differs from {name} written"
        );
    }
    for name in [
        "ImportOptions",
        "HostImportOptions",
        "HostRow",
        "ImportFormat",
    ] {
        assert!(inputs.contains_key(name), "no {name} among the inputs");
    }
}

fn validator() -> jsonschema::Validator {
    let text = std::fs::read_to_string(root().join("schema").join(plan_file())).unwrap();
    jsonschema::draft202012::new(&serde_json::from_str(&text).unwrap()).unwrap()
}

fn errors(v: &jsonschema::Validator, plan: &Value) -> Vec<String> {
    v.iter_errors(plan)
        .map(|e| format!("at `{}`: {e}", e.instance_path()))
        .collect()
}

#[test]
fn every_example_plan_validates_against_the_plan_schema() {
    let v = validator();
    let mut seen = 0;
    for entry in std::fs::read_dir(root().join("examples")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if !name.ends_with(".plan.toml") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        // as typed (TOML read as JSON values) and as the plan writer writes it
        let typed: Value = toml::from_str(&text).unwrap();
        assert_eq!(errors(&v, &typed), Vec::<String>::new(), "{name} as typed");
        let plan = Plan::parse(&name, &text, PlanFormat::Toml).unwrap();
        let written: Value = serde_json::from_str(&plan.to_json()).unwrap();
        assert_eq!(
            errors(&v, &written),
            Vec::<String>::new(),
            "{name} as written"
        );
        seen += 1;
    }
    assert!(seen >= 5, "only {seen} example plans");
}

#[test]
fn a_plan_the_reader_refuses_does_not_validate() {
    let v = validator();
    let misspelt = serde_json::json!({ "schema": 1, "name": "a", "prodcuts": [] });
    assert!(Plan::parse("p.json", &misspelt.to_string(), PlanFormat::Json).is_err());
    assert!(!errors(&v, &misspelt).is_empty());
    let bad_option = serde_json::json!({
        "schema": 1,
        "products": [{ "id": "x", "options": { "ha": 1 } }]
    });
    assert!(Plan::parse("p.json", &bad_option.to_string(), PlanFormat::Json).is_err());
    assert!(!errors(&v, &bad_option).is_empty());
    let schema_2 = serde_json::json!({ "schema": 2 });
    assert!(!errors(&v, &schema_2).is_empty());
}
