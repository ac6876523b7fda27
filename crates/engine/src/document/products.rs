//! The change request's products table: each product of the plan with the version of each of
//! its components and the value of each option and parameter — the plan's, else the catalog's
//! default (marked so) — and what the plan sets that the catalog does not know (never dropped).

use crate::describe::{self, ExportContext};
use portolan_catalog::{OptionKind, Product};
use portolan_core::document::{lines, Block, Cell, Column, Inline};
use portolan_core::plan::PlanProduct;

/// A value the plan does not set, as the catalog's default.
const DEFAULT: &str = " (default)";

/// The products table, or a line saying there is none.
pub(super) fn table(cx: &ExportContext<'_>) -> Block {
    if cx.plan.products.is_empty() {
        return Block::Paragraph(None, vec![Inline::Fixed("None selected.")]);
    }
    let columns = ["Product", "Versions", "Options and parameters"];
    let rows = cx.plan.products.iter().map(|pp| row(cx, pp)).collect();
    Block::Table(columns.map(Column::new).to_vec(), rows)
}

fn row(cx: &ExportContext<'_>, pp: &PlanProduct) -> Vec<Cell> {
    let Some(p) = cx.catalog.product(&pp.id) else {
        let name = vec![vec![
            Inline::Code(pp.id.clone()),
            Inline::Fixed(" (not in the catalog)"),
        ]];
        let choices = describe::product_choices(pp);
        return vec![name, lines(&choices), Vec::new()];
    };
    let name = vec![
        vec![Inline::Strong(vec![Inline::text(p.name.clone())])],
        vec![Inline::Code(pp.id.clone())],
    ];
    vec![name, lines(&versions(pp, p)), lines(&settings(pp, p))]
}

/// `Component: version` for each component of the product, then the plan's versions of
/// components the catalog does not list.
fn versions(pp: &PlanProduct, p: &Product) -> Vec<String> {
    let mut out: Vec<String> = (p.components.iter())
        .map(|c| match (pp.versions.get(&c.id), &c.default) {
            (Some(v), _) => format!("{}: {v}", c.name),
            (None, Some(d)) => format!("{}: {d}{DEFAULT}", c.name),
            (None, None) => format!("{}: not given", c.name),
        })
        .collect();
    for (k, v) in &pp.versions {
        if !p.components.iter().any(|c| &c.id == k) {
            out.push(format!("{k}: {v}"));
        }
    }
    out
}

/// `Option: value` for each option (on/off for a switch) and `Parameter: value unit` for each
/// parameter, then the plan's settings the catalog does not list.
fn settings(pp: &PlanProduct, p: &Product) -> Vec<String> {
    let mut out: Vec<String> = (p.options.iter())
        .map(|o| match pp.options.get(&o.id) {
            Some(v) => format!("{}: {}", o.name, switch(&v.to_string())),
            None => format!("{}: {}{DEFAULT}", o.name, option_default(&o.kind)),
        })
        .collect();
    out.extend(p.parameters.iter().map(|prm| {
        let unit = prm
            .unit
            .as_ref()
            .map(|u| format!(" {u}"))
            .unwrap_or_default();
        match pp.parameters.get(&prm.id) {
            Some(v) => format!("{}: {v}{unit}", prm.name),
            None => format!("{}: {}{unit}{DEFAULT}", prm.name, prm.default),
        }
    }));
    for (k, v) in &pp.options {
        if !p.options.iter().any(|o| &o.id == k) {
            out.push(format!("{k}: {v}"));
        }
    }
    for (k, v) in &pp.parameters {
        if !p.parameters.iter().any(|prm| &prm.id == k) {
            out.push(format!("{k}: {v}"));
        }
    }
    out
}

fn option_default(kind: &OptionKind) -> String {
    match kind {
        OptionKind::Bool { default } => switch(&default.to_string()),
        OptionKind::Enum { default, .. } => default.clone(),
        OptionKind::Set { default, .. } => format!("[{}]", default.join(", ")),
    }
}

/// A switch's value in words: `on`/`off`; any other value as it is.
fn switch(v: &str) -> String {
    match v {
        "true" => "on".to_string(),
        "false" => "off".to_string(),
        _ => v.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use portolan_core::plan::{OptionValue, Plan};

    #[test]
    fn values_not_set_are_the_catalogs_defaults_and_unknown_ones_are_kept() {
        let cat = portolan_bundled::catalog().unwrap();
        let p = cat.products.first().unwrap();
        let mut pp = PlanProduct {
            id: p.id.to_string(),
            ..PlanProduct::default()
        };
        pp.versions.insert("nope".into(), "9".into());
        pp.options.insert("nope".into(), OptionValue::Bool(true));
        let v = versions(&pp, p);
        assert_eq!(v.len(), p.components.len() + 1);
        assert!(v
            .iter()
            .take(p.components.len())
            .all(|s| s.ends_with(DEFAULT) || s.ends_with("not given")));
        assert_eq!(v.last().unwrap(), "nope: 9");
        let s = settings(&pp, p);
        assert_eq!(s.len(), p.options.len() + p.parameters.len() + 1);
        assert_eq!(s.last().unwrap(), "nope: true");
        assert!(s.iter().rev().skip(1).all(|s| s.ends_with(DEFAULT)));
    }

    #[test]
    fn a_product_the_catalog_does_not_know_keeps_its_choices() {
        let cat = portolan_bundled::catalog().unwrap();
        let mut pp = PlanProduct {
            id: "nope".into(),
            ..PlanProduct::default()
        };
        pp.versions.insert("server".into(), "1.0".into());
        let plan = Plan {
            products: vec![pp.clone()],
            ..Plan::default()
        };
        let report = crate::evaluate(&cat, &plan);
        let cx = ExportContext {
            report: &report,
            plan: &plan,
            catalog: &cat,
            generated_at: "t",
        };
        let cells = row(&cx, &pp);
        assert_eq!(cells.get(1), Some(&lines(&["version of server: 1.0"])));
    }
}
