//! The catalog without its long texts, for the planner's first load.
//!
//! The planner's WebAssembly module carries the bundled catalog (`portolan-bundled`'s build script compiles it into
//! the compact form). Its long texts — rule purposes, citation quotes, source titles, descriptions,
//! requirement texts — are most of its bytes, and a first visit with an empty plan shows none of
//! them: the catalog panel needs names, vendors, summaries, categories, tags and coverage. So the
//! planner starts from [`without_long_texts`] and takes the whole catalog from the API module
//! (`compileCatalog`, which it loads anyway for exports) once a plan has products. Everything
//! the engine decides with — ids, roles, endpoints, ports, conditions, versions, capabilities —
//! is kept, so the flows are the same; only the words come later. `tests/catalog_lite.rs` checks
//! that every example plan gives the same flows, rules and warnings from either.

use crate::model::{Catalog, Citation, Requirement, RequirementKind};
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
