//! The catalog without its long texts, for the planner's first load.
//!
//! The planner's WebAssembly module carries the bundled catalog (build.rs compiles it into the
//! compact form). Its long texts — rule purposes, citation quotes, source titles, descriptions,
//! requirement texts — are most of its bytes, and a first visit with an empty plan shows none of
//! them: the catalog panel needs names, vendors, summaries, categories, tags and coverage. So the
//! planner starts from [`without_long_texts`] and takes the whole catalog from the API module
//! (`compileCatalog`, which it loads anyway for exports) once a plan has products. Everything
//! the engine decides with — ids, roles, endpoints, ports, conditions, versions, capabilities —
//! is kept, so the flows are the same; only the words come later.

use super::model::{Catalog, Citation, Requirement, RequirementKind};
use std::sync::Arc;

/// A copy of `c` with its long texts empty (see the module documentation).
pub fn without_long_texts(c: &Catalog) -> Catalog {
    let mut out = c.clone();
    for p in &mut out.products {
        for s in &mut p.sources {
            s.title.clear();
        }
        for x in &mut p.components {
            x.description = None;
            x.cite = x.cite.as_ref().map(no_quote);
        }
        for x in &mut p.options {
            x.description.clear();
            x.off_cost = x.off_cost.as_ref().map(|_| String::new());
            x.cite = x.cite.as_ref().map(no_quote);
        }
        for x in &mut p.parameters {
            x.description.clear();
            x.cite = x.cite.as_ref().map(no_quote);
        }
        for x in &mut p.roles {
            x.description = None;
            x.cite = x.cite.as_ref().map(no_quote);
        }
        for r in &mut p.rules {
            r.purpose = "".into();
            r.cite = no_quote(&r.cite);
        }
        for q in &mut p.requirements {
            *q = Arc::new(requirement_without_text(q));
        }
    }
    out
}

fn no_quote(c: &Citation) -> Citation {
    Citation {
        source: c.source.clone(),
        quote: "".into(),
    }
}

fn requirement_without_text(q: &Requirement) -> Requirement {
    let mut q = q.clone();
    q.cite = no_quote(&q.cite);
    match &mut q.kind {
        RequirementKind::Antivirus { text, .. } => *text = None,
        RequirementKind::Compatibility { text, .. }
        | RequirementKind::Sizing { text, .. }
        | RequirementKind::MinHosts { text, .. }
        | RequirementKind::TimeSync { text, .. }
        | RequirementKind::HighAvailability { text, .. }
        | RequirementKind::Network { text }
        | RequirementKind::FileType { text, .. }
        | RequirementKind::Prerequisite { text, .. }
        | RequirementKind::Note { text }
        | RequirementKind::Ambiguity { text } => text.clear(),
    }
    q
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::catalog::{bundled, compact};

    #[test]
    fn the_lite_catalog_is_much_smaller_and_keeps_what_finding_products_needs() {
        let full = bundled().unwrap();
        let lite = without_long_texts(&full);
        let (f, l) = (compact::encode(&full).len(), compact::encode(&lite).len());
        assert!(l * 2 < f, "lite {l} B, full {f} B");
        assert_eq!(lite.revision, full.revision);
        for (a, b) in full.products.iter().zip(&lite.products) {
            assert_eq!(
                (
                    &a.id,
                    &a.name,
                    &a.vendor,
                    &a.summary,
                    &a.coverage,
                    &a.category,
                    &a.tags
                ),
                (
                    &b.id,
                    &b.name,
                    &b.vendor,
                    &b.summary,
                    &b.coverage,
                    &b.category,
                    &b.tags
                )
            );
            assert!(b
                .rules
                .iter()
                .all(|r| r.purpose.is_empty() && r.cite.quote.is_empty()));
        }
        // the compact form reads back what was written
        let back = compact::decode(&compact::encode(&lite)).unwrap();
        assert_eq!(
            serde_json::to_string(&back).unwrap(),
            serde_json::to_string(&lite).unwrap()
        );
    }

    /// The engine decides the same flows, rules and warnings from both; only the words differ.
    #[test]
    fn every_example_plan_evaluates_to_the_same_flows() {
        let full = bundled().unwrap();
        let lite = without_long_texts(&full);
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            if !name.ends_with(".plan.toml") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let plan =
                crate::plan::Plan::parse(&name, &text, crate::plan::PlanFormat::Toml).unwrap();
            let (a, b) = (crate::evaluate(&full, &plan), crate::evaluate(&lite, &plan));
            let key = |r: &crate::engine::Report| {
                let flows: Vec<String> = r
                    .flows
                    .iter()
                    .map(|f| {
                        format!(
                            "{} {} {} {} {}",
                            f.rule, f.source.name, f.destination.name, f.transport, f.ports
                        )
                    })
                    .collect();
                let rules: Vec<String> = r
                    .rules
                    .iter()
                    .map(|x| format!("{} {}", x.id, x.ports))
                    .collect();
                let warnings: Vec<String> = r.warnings.iter().map(|w| w.code.clone()).collect();
                (flows, rules, warnings, r.requirements.len())
            };
            assert_eq!(key(&a), key(&b), "{name}");
        }
    }
}
