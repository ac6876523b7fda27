//! See: issue #14 point 3. What the JS API returns validates against the type the committed
//! `schema/api.schema.json` (and so api.d.ts) declares for it: the bundled catalog (`Catalog`),
//! the change feed (`ChangeFeed`), an upgrade (`Upgrade`) and the changes since the oldest
//! recorded revision (`ChangesSince`), what `version()`, `checkCatalog()`, `compileCatalog()`,
//! `exportUpgrade()`, the importer and `mergeHosts()` return, and what the importer reads (its
//! options and hosts, as the API reads them); and a value of the wrong shape does not.
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use portolan_core::plan::{Plan, PlanFormat};
use portolan_testkit::jsonschema;
use serde_json::{json, Value};
use std::path::PathBuf;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A validator of the committed API schema's definition `name`.
fn validator(name: &str) -> jsonschema::Validator {
    let text = std::fs::read_to_string(root().join("schema/api.schema.json")).unwrap();
    let mut schema: Value = serde_json::from_str(&text).unwrap();
    assert!(
        schema["$defs"].get(name).is_some(),
        "no {name} in api.schema.json"
    );
    schema.as_object_mut().unwrap().remove("anyOf");
    schema["$ref"] = Value::from(format!("#/$defs/{name}"));
    jsonschema::draft202012::new(&schema).unwrap()
}

fn errors(name: &str, value: &impl serde::Serialize) -> Vec<String> {
    let value = serde_json::to_value(value).unwrap();
    (validator(name).iter_errors(&value))
        .map(|e| format!("at `{}`: {e}", e.instance_path()))
        .take(5)
        .collect()
}

fn hybrid_plan() -> Plan {
    let name = "incontact-wfo-hybrid.plan.toml";
    let text = std::fs::read_to_string(root().join("examples").join(name)).unwrap();
    Plan::parse(name, &text, PlanFormat::Toml).unwrap()
}

#[test]
fn the_bundled_catalog_is_a_catalog() {
    let catalog = portolan_bundled::catalog().unwrap();
    assert!(catalog.products.len() >= 5);
    assert_eq!(errors("Catalog", &catalog), Vec::<String>::new());
}

#[test]
fn the_change_feed_and_the_changes_since_are_what_they_say() {
    let catalog = portolan_bundled::catalog().unwrap();
    let feed = portolan_bundled::changes().unwrap();
    assert_eq!(errors("ChangeFeed", &feed), Vec::<String>::new());
    let oldest = &feed.revisions.first().unwrap().revision;
    let since = portolan_engine::feed::changes_since(&catalog, &feed, &hybrid_plan(), oldest)
        .unwrap()
        .unwrap();
    assert!(!since.touching.is_empty());
    assert_eq!(errors("ChangesSince", &since), Vec::<String>::new());
}

#[test]
fn an_upgrade_is_an_upgrade() {
    let catalog = portolan_bundled::catalog().unwrap();
    let request = portolan_engine::UpgradeRequest {
        product: "incontact-wfo",
        from: Some("16.1"),
        to: "17.1",
    };
    let upgrade = portolan_engine::upgrade(&catalog, &hybrid_plan(), request).unwrap();
    assert!(!upgrade.is_empty());
    assert_eq!(errors("Upgrade", &upgrade), Vec::<String>::new());
}

#[test]
fn a_value_of_another_shape_does_not_validate() {
    let feed = portolan_bundled::changes().unwrap();
    assert!(!errors("Catalog", &feed).is_empty());
    let no_products = json!({ "revision": "c-1", "products": [{ "id": "x" }] });
    assert!(!errors("Catalog", &no_products).is_empty());
    assert!(!errors("ExportOptions", &json!({ "direction": "sideways" })).is_empty());
    assert_eq!(
        errors("ExportOptions", &json!({ "direction": "inbound" })),
        Vec::<String>::new()
    );
}

#[test]
fn what_version_check_catalog_and_compile_catalog_return_is_what_they_say() {
    use portolan_api::results::{AppVersion, CompiledCatalog};
    let catalog = portolan_bundled::catalog().unwrap();
    let version = AppVersion {
        app: env!("CARGO_PKG_VERSION"),
        catalog: catalog.revision,
    };
    assert_eq!(errors("AppVersion", &version), Vec::<String>::new());
    let checked = portolan_catalog::load_files(&portolan_bundled::files());
    assert!(!checked.catalog.products.is_empty());
    assert_eq!(errors("CheckedCatalog", &checked), Vec::<String>::new());
    let compiled = CompiledCatalog::of(&[]);
    assert!(compiled.compiled.as_ref().is_some_and(|b| !b.is_empty()));
    assert_eq!(errors("CompiledCatalog", &compiled), Vec::<String>::new());
    let broken = [("broken.toml".to_string(), "id = [".to_string())];
    let refused = CompiledCatalog::of(&broken);
    assert!(refused.compiled.is_none() && !refused.diagnostics.is_empty());
    assert_eq!(errors("CompiledCatalog", &refused), Vec::<String>::new());
    assert!(!errors("CompiledCatalog", &checked).is_empty());
}

#[test]
fn an_upgrade_file_is_an_upgrade_file() {
    use portolan_api::results::UpgradeFile;
    let catalog = portolan_bundled::catalog().unwrap();
    let request = portolan_engine::UpgradeRequest {
        product: "incontact-wfo",
        from: Some("16.1"),
        to: "17.1",
    };
    let upgrade = portolan_engine::upgrade(&catalog, &hybrid_plan(), request).unwrap();
    for (format, ext) in portolan_export::upgrade::FORMATS {
        let file = UpgradeFile::of(&upgrade, format, ext, "2026-01-01T00:00:00Z");
        assert!(
            file.file_name.ends_with(&format!(".{ext}")),
            "{}",
            file.file_name
        );
        assert!(!file.content.is_empty(), "{format}");
        assert_eq!(errors("UpgradeFile", &file), Vec::<String>::new());
    }
    assert!(!errors("UpgradeFile", &json!({ "file_name": "a.md" })).is_empty());
}

/// A vendor table as a page pastes it: two rules, one of them on a port the source names
/// without a value, and a row that is not one.
const PASTED: &str = "\
## Ports

| Source | Destination | Protocol | Port | Description |
|---|---|---|---|---|
| Agent | Server | TCP | 443 | HTTPS uploads |
| Server | Database | TCP | DB_PORT | Database |
| see the install guide | | | | |
";

#[test]
fn what_the_importer_returns_is_what_it_says() {
    use portolan_api::import_results::{ImportProgress, ImportResult};
    use portolan_import::job::TableJob;
    let mut job = TableJob::new(PASTED, portolan_import::Options::default());
    let first = ImportProgress::from(job.step(1));
    assert_eq!(errors("ImportProgress", &first), Vec::<String>::new());
    // the stage as the API wrote it before it was typed: the lowercase variant name
    let stage = serde_json::to_value(&first).unwrap()["stage"].clone();
    assert_eq!(stage, json!(format!("{:?}", first.stage).to_lowercase()));
    while !ImportProgress::from(job.step(64)).finished {}
    let checked = job.take().unwrap();
    assert!(!checked.draft.product.rules.is_empty());
    let result = ImportResult::new(&checked, &checked.draft);
    assert_eq!(errors("ImportResult", &result), Vec::<String>::new());
    let mut value = serde_json::to_value(&result).unwrap();
    assert_eq!(
        value["draft"]["product"]["rules"][0]["lines"][0]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    value["draft"]["product"]["rules"][0]["transport"] = json!("sctp");
    assert!(!errors("ImportResult", &value).is_empty());
}

#[test]
fn merged_hosts_are_what_merge_hosts_says() {
    use portolan_import::hosts::{HostRow, MergeMode};
    let catalog = portolan_bundled::catalog().unwrap();
    let mut plan = hybrid_plan();
    let rows = vec![HostRow {
        name: "new-host".into(),
        addresses: vec!["10.9.9.9".into()],
        ..HostRow::default()
    }];
    let (summary, warnings) =
        portolan_import::check::merge_hosts(&mut plan, &rows, MergeMode::Merge, &catalog);
    assert_eq!(summary.added, 1);
    let merged = portolan_api::import_results::MergedHosts {
        plan,
        summary,
        warnings,
    };
    assert_eq!(errors("MergedHosts", &merged), Vec::<String>::new());
}

#[test]
fn what_the_importer_reads_validates_as_the_importer_reads_it() {
    let options = json!({
        "format": "markdown",
        "name": "Screen capture",
        "mappings": [{ "table": 0, "columns": ["source", "destination", "transport", "port", "description"] }],
        "groups": [{ "table": 0, "option": null }],
        "renames": [{ "role": "agent", "name": "Capture agent" }],
        "parameters": [{ "id": "db-port", "value": "1433" }],
        "rows": [{ "line": 6 }]
    });
    assert_eq!(errors("ImportOptions", &options), Vec::<String>::new());
    let read: portolan_import::Options = serde_json::from_value(options).unwrap();
    assert!(read.groups[0].include);
    assert_eq!(errors("ImportOptions", &json!({})), Vec::<String>::new());
    let bad = json!({ "format": "pdf", "mappings": [{ "table": 0, "columns": ["port-ish"] }] });
    assert!(serde_json::from_value::<portolan_import::Options>(bad.clone()).is_err());
    assert_eq!(
        errors("ImportOptions", &bad).len(),
        2,
        "{:?}",
        errors("ImportOptions", &bad)
    );
    let host = json!({ "name": "db-01", "addresses": ["10.0.0.7"] });
    assert_eq!(errors("HostRow", &host), Vec::<String>::new());
    let host: portolan_import::hosts::HostRow = serde_json::from_value(host).unwrap();
    assert_eq!(host.line, 0);
    assert!(!errors("HostRow", &json!({ "addresses": [] })).is_empty());
    let host_options = json!({ "format": "csv", "mapping": ["name", "address", "ignore"] });
    assert_eq!(
        errors("HostImportOptions", &host_options),
        Vec::<String>::new()
    );
    assert!(!errors("HostImportOptions", &json!({ "mapping": ["nom"] })).is_empty());
}

#[test]
fn an_inventory_read_is_what_import_hosts_says() {
    use portolan_api::import_results::ImportedHosts;
    let text = "name,ip,zone,roles\nweb-01,10.0.0.5,DMZ,screen-capture/capture-server\nbad,,,\n";
    let read = portolan_import::hosts::import_hosts(text, &Default::default());
    assert!(!read.hosts.is_empty());
    let imported = ImportedHosts::from(read);
    assert!(imported.fields.contains(&"address"));
    assert_eq!(errors("ImportedHosts", &imported), Vec::<String>::new());
    let mut value = serde_json::to_value(&imported).unwrap();
    assert!(value["hosts"][0]["zone"].is_string());
    value["mapping"] = json!(["name", "ip-address"]);
    assert!(!errors("ImportedHosts", &value).is_empty());
}
