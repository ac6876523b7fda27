//! The catalog without its long texts, for the planner's first load.
//!
//! The planner's WebAssembly module carries the bundled catalog (`portolan-bundled`'s build
//! script compiles it into the compact form). Its long texts — rule purposes, citation quotes,
//! source titles, descriptions, requirement texts, release notes — are most of its bytes, and a
//! first visit with an empty plan shows none of them: the catalog panel needs names, vendors,
//! summaries, categories, tags and coverage. So the planner starts from [`without_long_texts`]
//! and fetches the whole catalog (`catalog-<hash>.bin`, which the release build compiles with the
//! API module) once a plan has products. Everything the engine decides with — ids, roles,
//! endpoints, ports, conditions, versions, capabilities, the releases and the sources that show
//! each fact — is kept, so the flows are the same; only the words come later.
//! `tests/catalog_lite.rs` checks that every example plan gives the same flows, rules and
//! warnings from either.

use crate::model::{Catalog, Citation, ReleaseScope, Requirement, RequirementKind};
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
            for r in &mut x.releases {
                r.note = None;
            }
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
            for e in &mut x.release_endpoints {
                e.cite = no_quote(&e.cite);
                scope_without_quotes(&mut e.scope);
            }
        }
        for r in &mut p.rules {
            r.purpose = "".into();
            r.cite = no_quote(&r.cite);
            scope_without_quotes(&mut r.scope);
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

/// A fact's citations from other releases keep their sources (which releases show the fact: the
/// engine decides what is carried over from them) without their quotes.
fn scope_without_quotes(s: &mut ReleaseScope) {
    for c in &mut s.seen {
        *c = no_quote(c);
    }
}

fn requirement_without_text(q: &Requirement) -> Requirement {
    let mut q = q.clone();
    q.cite = no_quote(&q.cite);
    scope_without_quotes(&mut q.scope);
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
