//! What the importer's functions return (`importTable`, `TableImport.step` and `.result`,
//! `mergeHosts`), as Rust types: each function returns a value of its type and api.d.ts declares
//! the type generated from it (`schema/api.schema.json`, see [`crate::schema`]). What they read
//! (`ImportOptions`, `HostImportOptions`, `HostRow`) are the importer's own types.

use portolan_core::diag::Diagnostic;
use portolan_core::plan::Plan;
use portolan_import::check as importer;
use portolan_import::hosts::{HostField, HostImport, MergeSummary};
use portolan_import::job::{Checked, Progress, Stage};
use portolan_import::{ColumnKind, Draft};
use schemars::JsonSchema;
use serde::Serialize;

/// A draft product: tables found, roles, rules, every row not imported, the TOML and its check.
/// `totals` counts the draft's rules, roles and problems (the lists may be cut at a limit);
/// `column_kinds` are the kinds a column can be mapped to.
#[derive(Serialize, JsonSchema)]
pub struct ImportResult<'a> {
    pub draft: &'a Draft,
    pub toml: &'a str,
    pub file_name: String,
    pub diagnostics: &'a [Diagnostic],
    pub totals: ImportTotals,
    pub column_kinds: Vec<ColumnKindLabel>,
}

/// How many rules, roles and problems the whole draft has.
#[derive(Serialize, JsonSchema)]
pub struct ImportTotals {
    pub rules: usize,
    pub roles: usize,
    pub problems: usize,
}

/// A kind a column can be mapped to, and what the user reads for it.
#[derive(Serialize, JsonSchema)]
pub struct ColumnKindLabel {
    pub id: &'static str,
    pub label: &'static str,
}

impl<'a> ImportResult<'a> {
    /// The outcome `c` with `draft` (its own draft, or that draft with its lists cut).
    pub fn new(c: &'a Checked, draft: &'a Draft) -> Self {
        let p = &c.draft.product;
        ImportResult {
            draft,
            toml: &c.toml,
            file_name: importer::file_name(&p.id),
            diagnostics: &c.diagnostics,
            totals: ImportTotals {
                rules: p.rules.len(),
                roles: p.roles.len(),
                problems: c.draft.problems.len(),
            },
            column_kinds: ColumnKind::ALL
                .iter()
                .map(|k| ColumnKindLabel {
                    id: k.id(),
                    label: k.label(),
                })
                .collect(),
        }
    }
}

/// Where a `TableImport` stands: `stage` and its `label`, `done` of `total` units.
#[derive(Serialize, JsonSchema)]
pub struct ImportProgress {
    pub stage: Stage,
    pub label: &'static str,
    pub done: usize,
    pub total: usize,
    pub finished: bool,
}

impl From<Progress> for ImportProgress {
    fn from(p: Progress) -> Self {
        ImportProgress {
            stage: p.stage,
            label: p.stage.label(),
            done: p.done,
            total: p.total,
            finished: p.stage == Stage::Done,
        }
    }
}

/// An inventory read (`importHosts`): its header, the column mapping detected and used, the
/// hosts, the rows not read, and `fields`, the ids a column can be mapped to.
#[derive(Serialize, JsonSchema)]
pub struct ImportedHosts {
    #[serde(flatten)]
    pub read: HostImport,
    pub fields: Vec<&'static str>,
}

impl From<HostImport> for ImportedHosts {
    fn from(read: HostImport) -> Self {
        ImportedHosts {
            read,
            fields: HostField::ALL.iter().map(|f| f.id()).collect(),
        }
    }
}

/// Imported hosts merged into a plan (`mergeHosts`): the plan, what changed and the warnings.
#[derive(Serialize, JsonSchema)]
pub struct MergedHosts {
    pub plan: Plan,
    pub summary: MergeSummary,
    pub warnings: Vec<Diagnostic>,
}
