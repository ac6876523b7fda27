//! Validation of reports against the committed JSON Schema (`schema/report-N.schema.json`,
//! generated from the engine's types: see `tests/report_schema.rs`), with the `jsonschema`
//! crate, natively.

use std::path::PathBuf;
use std::sync::OnceLock;

/// Where the committed schema of report format `version` lives.
pub fn path(version: u32) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../schema")
        .join(format!("report-{version}.schema.json"))
}

/// The validator of report format `version` (one format per test run: the engine's).
fn validator(version: u32) -> &'static (u32, jsonschema::Validator) {
    static V: OnceLock<(u32, jsonschema::Validator)> = OnceLock::new();
    V.get_or_init(|| {
        let p = path(version);
        let text = std::fs::read_to_string(&p)
            .unwrap_or_else(|e| panic!("{}: {e} (written by tests/report_schema.rs)", p.display()));
        let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
        let v = jsonschema::draft202012::new(&schema)
            .unwrap_or_else(|e| panic!("{}: not a valid JSON Schema: {e}", p.display()));
        (version, v)
    })
}

/// Panics, listing the errors with their JSON paths, unless `report` (a report serialised to
/// JSON) is valid against the committed schema of its `schema` version.
pub fn check(report: &serde_json::Value, label: &str) {
    let version = report
        .get("schema")
        .and_then(serde_json::Value::as_u64)
        .and_then(|v| u32::try_from(v).ok())
        .unwrap_or_else(|| panic!("{label}: the report has no numeric `schema`"));
    let (loaded, validator) = validator(version);
    assert_eq!(
        *loaded, version,
        "{label}: reports of two schema versions in one run"
    );
    let errors: Vec<String> = validator
        .iter_errors(report)
        .map(|e| format!("  at `{}`: {e}", e.instance_path()))
        .take(20)
        .collect();
    assert!(
        errors.is_empty(),
        "{label}: the report does not match schema/report-{version}.schema.json:\n{}",
        errors.join("\n")
    );
}
