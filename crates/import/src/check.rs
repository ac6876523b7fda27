//! The importer's drafts meet the catalog: a drafted product is checked by the catalog loader
//! (the same errors as any catalog file), and imported hosts become plan hosts whose roles are
//! checked against the catalog. Shared by the CLI and the JavaScript API (which the planner
//! loads).

use crate::hosts::{self, HostRow, MergeMode, MergeSummary};
use portolan_catalog::{self as catalog, Catalog};
use portolan_core::diag::Code;
use portolan_core::diag::{Diagnostic, Severity};
use portolan_core::plan::{Host, Plan};

/// The file name a drafted product is checked and added under (`<id>.toml`).
pub fn file_name(product_id: &str) -> String {
    format!("{product_id}.toml")
}

/// Checks a drafted catalog file on its own: every diagnostic the loader gives.
pub fn check_draft(product_id: &str, toml: &str) -> Vec<Diagnostic> {
    catalog::load_files(&[(file_name(product_id), toml.to_string())]).diagnostics
}

/// Whether the diagnostics hold an error.
pub fn has_errors(diagnostics: &[Diagnostic]) -> bool {
    diagnostics.iter().any(|d| d.severity == Severity::Error)
}

/// The plan's hosts as the importer's rows.
pub fn rows_of(plan: &Plan) -> Vec<HostRow> {
    plan.hosts
        .iter()
        .map(|h| HostRow {
            name: h.name.clone(),
            addresses: h.addresses.clone(),
            zone: h.zone.clone(),
            roles: h.roles.clone(),
            description: h.description.clone(),
            line: 0,
        })
        .collect()
}

/// Imported hosts merged into (or replacing) the plan's hosts; bare role ids resolved against
/// the catalog. Returns what the merge did and a warning for each role the catalog lacks.
pub fn merge_hosts(
    plan: &mut Plan,
    imported: &[HostRow],
    mode: MergeMode,
    catalog: &Catalog,
) -> (MergeSummary, Vec<Diagnostic>) {
    let mut warnings = Vec::new();
    let resolved: Vec<HostRow> = imported
        .iter()
        .map(|h| {
            let mut h = h.clone();
            h.roles = h
                .roles
                .iter()
                .map(|r| resolve_role(r, h.line, catalog, &mut warnings))
                .collect();
            h
        })
        .collect();
    let (rows, summary) = hosts::merge(&rows_of(plan), &resolved, mode);
    plan.hosts = rows
        .into_iter()
        .map(|h| Host {
            name: h.name,
            addresses: h.addresses,
            zone: h.zone,
            roles: h.roles,
            description: h.description,
        })
        .collect();
    (summary, warnings)
}

/// `ris` → `screen-capture/ris` when exactly one product has that role; an unknown
/// `product/role` is kept and warned about (the plan reports it too).
fn resolve_role(
    role: &str,
    line: usize,
    catalog: &Catalog,
    warnings: &mut Vec<Diagnostic>,
) -> String {
    let warn = |message: String, help: &str| {
        Diagnostic::warning(Code::ImportUnknownRole, message)
            .with_help(help)
            .at("inventory", line as u32, 1)
    };
    match role.split_once('/') {
        Some((product, id)) => {
            if catalog
                .product(product)
                .is_none_or(|p| p.role(id).is_none())
            {
                warnings.push(warn(
                    format!("role `{role}` is not in the catalog"),
                    "write `product/role` with ids from `portolan catalog list`",
                ));
            }
            role.to_string()
        }
        None => {
            let owners: Vec<&str> = catalog
                .products
                .iter()
                .filter(|p| p.role(role).is_some())
                .map(|p| &*p.id)
                .collect();
            match owners.as_slice() {
                [one] => format!("{one}/{role}"),
                [] => {
                    warnings.push(warn(
                        format!("no product has a role `{role}`"),
                        "write `product/role`",
                    ));
                    role.to_string()
                }
                many => {
                    warnings.push(warn(
                        format!("role `{role}` is in several products ({})", many.join(", ")),
                        "write `product/role`",
                    ));
                    role.to_string()
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_draft_of_a_small_table_checks_clean() {
        let text = "| Port | Protocol | Description |\n|---|---|---|\n| 443 | TCP | Web portal from the agent PCs |\n";
        let draft = crate::import_table(text, &crate::Options::default());
        let toml = crate::render_toml(&draft);
        let d = check_draft(&draft.product.id, &toml);
        assert!(!has_errors(&d), "{d:?}\n{toml}");
    }

    #[test]
    fn bare_roles_resolve_and_unknown_ones_warn() {
        let catalog = portolan_bundled::catalog().unwrap_or_default();
        let mut plan = Plan::default();
        let rows = vec![HostRow {
            name: "ris01".into(),
            addresses: vec!["10.1.0.10".into()],
            roles: vec!["ris-server".into(), "nope/nothing".into()],
            line: 2,
            ..HostRow::default()
        }];
        let (summary, warnings) = merge_hosts(&mut plan, &rows, MergeMode::Merge, &catalog);
        assert_eq!(summary.added, 1);
        assert_eq!(
            plan.hosts[0].roles,
            ["screen-capture/ris-server", "nope/nothing"]
        );
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].line, Some(2));
    }
}
