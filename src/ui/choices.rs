//! What the planner shows of a product's choices and of other vendors' software (issue #15):
//! plain Rust, unit-tested natively; the views in `view_products`, `view_network` and the views
//! module's `view_export` (crates/views) render it.
//!
//! - A multi-select option (`type = "set"`) is a group of checkboxes: [`toggled`] gives the plan's
//!   new value when one is ticked or cleared.
//! - The Network view shows the roles the current choices use and folds the others away
//!   ([`split_roles`]).
//! - The installed version of third-party software is asked for where a compatibility statement
//!   of the plan checks it ([`third_party_asked`]).

use portolan_catalog::{Component, ComponentKind, Product, RequirementKind};
use portolan_core::plan::{OptionValue, PlanProduct};
use portolan_core::version::Version;
use portolan_engine::Report;

/// The chosen values of a multi-select option: the plan's list, or the default.
pub fn chosen<'a>(given: Option<&'a OptionValue>, default: &'a [String]) -> Vec<&'a str> {
    match given {
        Some(OptionValue::List(l)) => l.iter().map(String::as_str).collect(),
        _ => default.iter().map(String::as_str).collect(),
    }
}

/// The plan's value after `value` is ticked (`on`) or cleared: the chosen values in the
/// catalog's order, or `None` (the default) when they are the default.
pub fn toggled(
    given: Option<&OptionValue>,
    values: &[String],
    default: &[String],
    value: &str,
    on: bool,
) -> Option<OptionValue> {
    let now = chosen(given, default);
    let next: Vec<String> = values
        .iter()
        .filter(|v| {
            if *v == value {
                on
            } else {
                now.contains(&v.as_str())
            }
        })
        .cloned()
        .collect();
    let same_as_default = next.len() == default.len() && next.iter().all(|v| default.contains(v));
    (!same_as_default).then_some(OptionValue::List(next))
}

/// The indices of `product`'s roles the choices of `pp` use (shown; a role whose choice cannot
/// be read is shown too) and of those they do not (folded). A role that only rules of other
/// releases use is folded too (e.g. a 17.1-only destination in a 16.2 plan).
pub fn split_roles(product: &Product, pp: &PlanProduct) -> (Vec<usize>, Vec<usize>) {
    let chosen = portolan_engine::gate::chosen_roles(product, pp);
    (0..product.roles.len()).partition(|i| {
        chosen.get(*i).copied().flatten() != Some(false) && !only_other_releases(product, pp, *i)
    })
}

/// True when every rule that uses role `index` holds only in releases other than the plan's
/// (false when the plan's release cannot be read: then nothing is folded for it).
fn only_other_releases(product: &Product, pp: &PlanProduct, index: usize) -> bool {
    let Some(component) = product.release_component() else {
        return false;
    };
    let version: Option<Version> = match pp.versions.get(&component.id) {
        Some(text) => text.trim().parse().ok(),
        None => component.default.clone(),
    };
    let Some(version) = version else {
        return false;
    };
    let mut users = product
        .rules
        .iter()
        .filter(|r| r.from_index == Some(index) || r.to_index == Some(index))
        .peekable();
    users.peek().is_some()
        && users.all(|r| {
            let after_start = r.scope.since.as_ref().is_none_or(|s| &version >= s);
            let before_end = r.scope.until.as_ref().is_none_or(|u| &version < u);
            !(after_start && before_end)
        })
}

/// The third-party components of `product` (selected as `pp`) whose version the plan should
/// give: those a compatibility statement in the report checks, and any the plan already gives.
pub fn third_party_asked<'a>(
    product: &'a Product,
    pp: &PlanProduct,
    report: &Report,
) -> Vec<&'a Component> {
    third_party_of(product, pp, &third_party_checked(product, report))
}

/// The ids of the other vendors' components a compatibility requirement of the report checks.
pub fn third_party_checked(product: &Product, report: &Report) -> Vec<String> {
    report
        .requirements
        .iter()
        .filter(|q| *q.product == *product.id)
        .filter_map(|q| match &q.requirement.kind {
            RequirementKind::Compatibility {
                component: Some(c), ..
            } => Some(c.to_string()),
            _ => None,
        })
        .collect()
}

/// The other vendors' components to ask for: those `checked` (see [`third_party_checked`]) and
/// those the plan already gives a version of.
pub fn third_party_of<'a>(
    product: &'a Product,
    pp: &PlanProduct,
    checked: &[String],
) -> Vec<&'a Component> {
    product
        .components
        .iter()
        .filter(|c| c.kind == ComponentKind::ThirdParty)
        .filter(|c| checked.contains(&c.id) || pp.versions.contains_key(&c.id))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use portolan_core::plan::{Plan, PlanFormat};

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn ticking_and_clearing_keeps_the_catalog_order_and_drops_the_default() {
        let values = s(&["web", "mobile", "glasses"]);
        let default = s(&["web"]);
        let added = toggled(None, &values, &default, "glasses", true);
        assert_eq!(added, Some(OptionValue::List(s(&["web", "glasses"]))));
        let back = toggled(added.as_ref(), &values, &default, "glasses", false);
        assert_eq!(back, None);
        let none = toggled(None, &values, &default, "web", false);
        assert_eq!(none, Some(OptionValue::List(Vec::new())));
        let given = OptionValue::List(s(&["glasses", "mobile"]));
        assert_eq!(chosen(Some(&given), &default), ["glasses", "mobile"]);
        assert_eq!(
            toggled(Some(&given), &values, &default, "web", true),
            Some(OptionValue::List(values.clone()))
        );
    }

    fn bundled_plan(text: &str) -> (portolan_catalog::Catalog, Plan) {
        let catalog = portolan_bundled::catalog().unwrap();
        (
            catalog,
            Plan::parse("p.toml", text, PlanFormat::Toml).unwrap(),
        )
    }

    #[test]
    fn the_network_view_folds_the_roles_of_tables_not_chosen() {
        let (c, plan) = bundled_plan(
            "schema = 1\n[[products]]\nid = \"incontact-wfo\"\noptions = { deployment = \"hybrid\" }\n",
        );
        let p = c.product("incontact-wfo").unwrap();
        let (shown, folded) = split_roles(p, &plan.products[0]);
        let ids = |v: &[usize]| {
            v.iter()
                .map(|i| p.roles[*i].id.as_str())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            ids(&shown),
            ["client-pc", "wfo-cloud", "premises-server", "web-portal"]
        );
        assert_eq!(folded.len(), p.roles.len() - 4);
        // at 17.1 the hybrid PREMISES server also stores screen recordings in a public cloud
        let (c, plan) = bundled_plan(
            "schema = 1\n[[products]]\nid = \"incontact-wfo\"\nversions = { wfo = \"17.1\" }\noptions = { deployment = \"hybrid\" }\n",
        );
        let p = c.product("incontact-wfo").unwrap();
        let (shown, _) = split_roles(p, &plan.products[0]);
        assert!(
            ids(&shown).contains(&"public-cloud-storage"),
            "{:?}",
            ids(&shown)
        );
        // an unreadable choice folds nothing away
        let (c, plan) = bundled_plan(
            "schema = 1\n[[products]]\nid = \"incontact-wfo\"\noptions = { deployment = \"cloud\" }\n",
        );
        let p = c.product("incontact-wfo").unwrap();
        let (_, folded) = split_roles(p, &plan.products[0]);
        assert!(
            folded.iter().all(|i| p.roles[*i].when.is_some()),
            "only roles of known choices"
        );
        assert!(!folded.iter().any(|i| p.roles[*i].id == "sql-server"));
    }

    #[test]
    fn third_party_versions_are_asked_where_a_statement_checks_them() {
        let (c, plan) = bundled_plan(
            "schema = 1\n[[products]]\nid = \"incontact-wfo\"\noptions = { audiocodes-smartworks = true }\n",
        );
        let report = portolan_engine::evaluate(&c, &plan);
        let p = c.product("incontact-wfo").unwrap();
        let asked: Vec<&str> = third_party_asked(p, &plan.products[0], &report)
            .iter()
            .map(|x| x.id.as_str())
            .collect();
        assert_eq!(asked, ["smartworks"]);
    }
}
