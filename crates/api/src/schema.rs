//! The JSON Schema of the JavaScript API's own types besides the report (`Plan`, `Diagnostic`,
//! `Diff`, `Artifact`, `ExportFormat`, `ExportOptions`, `ChangeFeed`, `ChangesSince`, `Upgrade`,
//! `UpgradeView`, `DiagramOptions`, `Diagram`, what `version()`, `checkCatalog()`, `compileCatalog()`
//! and `exportUpgrade()` return ([`crate::results`]) and what they use), generated from the Rust types and committed as
//! `schema/api.schema.json`; `scripts/lib/api-types.mjs` turns it into `api-types.d.ts`, part of
//! api.d.ts. A test (`tests/api_schema.rs`) fails when the committed file is not the generated one.

use portolan_export::diagram::ZoneFold;
use portolan_export::{Capabilities, Exporter};
use schemars::generate::SchemaSettings;
use schemars::{json_schema, JsonSchema, Schema};
use serde::Serialize;
use std::collections::BTreeMap;

/// An export format as `formats()` lists it.
#[derive(Serialize, JsonSchema)]
pub struct ExportFormat {
    #[schemars(with = "portolan_export::FormatId")]
    pub id: &'static str,
    pub name: &'static str,
    /// The file name's extension, e.g. `nft`.
    pub extension: &'static str,
    pub mime: &'static str,
    pub description: &'static str,
    /// What the format can carry (what it cannot is listed as not expressed).
    pub capabilities: Capabilities,
}

impl ExportFormat {
    pub fn of(e: &dyn Exporter) -> Self {
        ExportFormat {
            id: e.id(),
            name: e.name(),
            extension: e.extension(),
            mime: e.mime(),
            description: e.description(),
            capabilities: e.capabilities(),
        }
    }
}

/// The format of an upgrade's change request (`exportUpgrade`'s `format`), from the upgrade
/// renderer's own list.
pub struct UpgradeFormat;

impl JsonSchema for UpgradeFormat {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "UpgradeFormat".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> Schema {
        let ids: Vec<&str> = (portolan_export::upgrade::FORMATS.iter())
            .map(|(id, _)| *id)
            .collect();
        json_schema!({
            "description": "The format of an upgrade's change request.",
            "type": "string",
            "enum": ids,
        })
    }
}

/// A catalog file the caller adds (`checkCatalog`, `compileCatalog`, the `catalogs` of
/// `exportPlan`, `diagram` and `mergeHosts`): its file name and its TOML text.
#[derive(serde::Deserialize, JsonSchema)]
pub struct CatalogFile {
    pub name: String,
    pub text: String,
}

/// What `diagram()` draws: the network diagram as the planner's Diagram view draws it.
#[derive(Default, serde::Deserialize, JsonSchema)]
pub struct DiagramOptions {
    /// Only this product's flows.
    #[serde(default)]
    #[schemars(skip_serializing_if = "Option::is_none")]
    pub product: Option<String>,
    /// Zones (by title) folded (`true`) or unfolded (`false`); the others fold when the diagram
    /// is big.
    #[serde(default)]
    #[schemars(skip_serializing_if = "BTreeMap::is_empty")]
    pub folded: BTreeMap<String, bool>,
    /// The SVG's title (default `Network flows`).
    #[serde(default)]
    #[schemars(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
}

/// The network diagram (`diagram()`): the SVG, its counts and the zones that fold.
#[derive(Serialize, JsonSchema)]
pub struct Diagram<'a> {
    pub svg: String,
    pub nodes: usize,
    pub edges: usize,
    pub local_flows: usize,
    pub inner_connections: usize,
    pub zones: &'a [ZoneFold],
    pub width: f64,
    pub height: f64,
}

/// The API types' schema: a root that is any one of them, with every type under `$defs`. As
/// the API writes them (fields it skips when empty are optional).
pub fn api_schema() -> Schema {
    let mut generator = SchemaSettings::draft2020_12()
        .for_serialize()
        .into_generator();
    let roots = [
        generator.subschema_for::<portolan_core::plan::Plan>(),
        generator.subschema_for::<portolan_core::diag::Diagnostic>(),
        generator.subschema_for::<portolan_engine::Diff>(),
        generator.subschema_for::<portolan_export::Artifact>(),
        generator.subschema_for::<ExportFormat>(),
        generator.subschema_for::<portolan_export::select::Selection>(),
        generator.subschema_for::<portolan_catalog::feed::Feed>(),
        generator.subschema_for::<portolan_engine::feed::Since>(),
        generator.subschema_for::<portolan_engine::Upgrade>(),
        generator.subschema_for::<crate::upgrade_view::View>(),
        generator.subschema_for::<DiagramOptions>(),
        generator.subschema_for::<Diagram<'static>>(),
        generator.subschema_for::<portolan_catalog::Catalog>(),
        generator.subschema_for::<CatalogFile>(),
        generator.subschema_for::<crate::results::AppVersion>(),
        generator.subschema_for::<portolan_catalog::Loaded>(),
        generator.subschema_for::<crate::results::CompiledCatalog>(),
        generator.subschema_for::<crate::results::UpgradeFile>(),
        generator.subschema_for::<crate::import_results::ImportResult<'static>>(),
        generator.subschema_for::<crate::import_results::ImportProgress>(),
        generator.subschema_for::<crate::import_results::MergedHosts>(),
        generator.subschema_for::<crate::import_results::ImportedHosts>(),
        generator.subschema_for::<UpgradeFormat>(),
    ];
    let mut defs = generator.take_definitions(true);
    let (inputs, input_defs) = input_schemas();
    for (name, def) in input_defs {
        defs.entry(name).or_insert(def);
    }
    let roots: Vec<Schema> = roots.into_iter().chain(inputs).collect();
    json_schema!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://portolan.invalid/schema/api.schema.json",
        "title": "ApiTypes",
        "description": "The JavaScript API's types besides the report's (schema/report-2.schema.json).",
        "anyOf": roots,
        "$defs": defs,
    })
}

/// The types the API only reads (`importTable`'s and `TableImport`'s options, `importHosts`'
/// options, `mergeHosts`' hosts), as it reads them (a field with a default may be left out):
/// their root schemas and their definitions. A definition the written types have too must be the
/// same (`tests/api_schema.rs`).
pub fn input_schemas() -> (Vec<Schema>, serde_json::Map<String, serde_json::Value>) {
    let mut generator = SchemaSettings::draft2020_12()
        .for_deserialize()
        .into_generator();
    let roots = vec![
        generator.subschema_for::<portolan_import::Options>(),
        // a root, so that the fields that use it name it (`format?: ImportFormat`)
        generator.subschema_for::<portolan_import::Format>(),
        generator.subschema_for::<portolan_import::hosts::HostOptions>(),
        generator.subschema_for::<portolan_import::hosts::HostRow>(),
        generator.subschema_for::<portolan_import::hosts::MergeMode>(),
    ];
    (roots, generator.take_definitions(true))
}
