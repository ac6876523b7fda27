//! JSON: the whole report (flows, aggregated rules, warnings, requirements, stats) and the plan
//! it came from, in a schema-versioned envelope:
//!
//! ```json
//! { "schema": 2, "generator": "Portolan 0.1.0", "catalog_revision": "c-...",
//!   "generated_at": "...", "plan": { ... }, "report": { ... } }
//! ```
//!
//! `plan` is the plan document exactly as Portolan reads it (it can be loaded again), `report`
//! the engine's report with its own `schema`, valid against the report's JSON Schema
//! (`schema/report-<schema>.schema.json`). [`JSON_SCHEMA`] changes whenever the envelope or the
//! report changes shape incompatibly (2: the report's schema 2, structured ports and warnings).

use super::{Capabilities, ExportContext, Exporter, Output, Unexpressed};
use portolan_core::plan::Plan;
use portolan_engine::{AggregatedRule, Report};
use serde::Serialize;

/// Version of the export envelope (`schema` at its top).
pub const JSON_SCHEMA: u32 = 2;

pub struct Json;

#[derive(Serialize)]
struct Envelope<'a> {
    schema: u32,
    generator: String,
    catalog_revision: &'a str,
    generated_at: &'a str,
    /// How much of its vendor's list each product of the plan holds.
    coverage: Vec<ProductCoverage<'a>>,
    plan: &'a Plan,
    report: &'a Report,
}

#[derive(Serialize)]
struct ProductCoverage<'a> {
    product: &'a str,
    #[serde(flatten)]
    coverage: &'a portolan_catalog::Coverage,
}

impl Exporter for Json {
    fn is_policy(&self) -> bool {
        false
    }
    fn id(&self) -> &'static str {
        "json"
    }
    fn name(&self) -> &'static str {
        "JSON (full report)"
    }
    fn extension(&self) -> &'static str {
        "json"
    }
    fn mime(&self) -> &'static str {
        "application/json"
    }
    fn capabilities(&self) -> Capabilities {
        Capabilities::EVERY_RULE
    }
    fn description(&self) -> &'static str {
        "The plan and the whole report (flows, aggregated rules, warnings, requirements, \
         counts) in a versioned envelope; expresses everything."
    }

    fn render(
        &self,
        cx: &ExportContext<'_>,
        rules: &[&AggregatedRule],
        _skipped: &[Unexpressed],
        out: &mut Output,
    ) {
        let env = Envelope {
            schema: JSON_SCHEMA,
            generator: format!("Portolan {}", env!("CARGO_PKG_VERSION")),
            catalog_revision: &cx.report.catalog_revision,
            generated_at: cx.generated_at,
            coverage: cx
                .plan
                .products
                .iter()
                .filter_map(|pp| cx.catalog.product(&pp.id))
                .map(|p| ProductCoverage {
                    product: &p.id,
                    coverage: &p.coverage,
                })
                .collect(),
            plan: cx.plan,
            report: cx.report,
        };
        // Serialising these types cannot fail (string keys, no non-finite floats from the
        // engine); should it ever, the artifact says so rather than being silently empty.
        out.content = match serde_json::to_string_pretty(&env) {
            Ok(s) => {
                // hidden characters (direction overrides, C1 controls) as `\uXXXX`
                let mut s = super::text::json_escape_hidden(&s);
                s.push('\n');
                s
            }
            Err(e) => format!(
                "{{\"schema\": {JSON_SCHEMA}, \"error\": {}}}\n",
                super::text::json_str(&e.to_string())
            ),
        };
        out.rule_count = rules.len();
    }
}
