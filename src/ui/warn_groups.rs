//! The report's warnings sorted for a person: what must be fixed (errors), what is still to do
//! (roles no host carries yet, roles with too few hosts, hosts without an address: one item per
//! product and kind, listing its roles) and the risks (port conflicts, versions below what a
//! capability needs, address families, host names, changed fixed values, sizing and the vendor's
//! ambiguities), each ranked. Plain Rust over the warnings' `code`, `severity`, `product` and
//! `field`, so the views and the header count the same way.

use portolan_core::diag::Code;
use portolan_core::diag::Severity;
use portolan_core::sort::SortShared;
use portolan_engine::Warning;

/// Codes of the things still to do: mapping roles to hosts and giving hosts their addresses.
pub const TODO_CODES: &[Code] = &[
    Code::UnassignedRole,
    Code::RoleCardinality,
    Code::PlanHostWithoutAddress,
];

/// Risks in the order they are listed (others after these, by severity).
const RISK_ORDER: &[Code] = &[
    Code::PortConflict,
    Code::Prerequisite,
    Code::AddressFamily,
    Code::FqdnDestination,
    Code::CapabilityDisabled,
    Code::FixedParameterChanged,
    Code::Ambiguity,
];

/// Which list a warning goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// Invalid input: the rules are incomplete until it is fixed.
    Error,
    /// Work not done yet (a role without a host, a host without an address).
    Todo,
    /// Something that may go wrong even when everything is filled in.
    Risk,
}

/// The list a warning belongs to.
pub fn kind(w: &Warning) -> Kind {
    if w.severity == Severity::Error {
        Kind::Error
    } else if TODO_CODES.contains(&w.code) {
        Kind::Todo
    } else {
        Kind::Risk
    }
}

/// One item of the to-do list: the warnings of one kind (`code`) for one product, e.g. all the
/// roles of inContact WFO that no host carries yet.
#[derive(Debug, Clone, PartialEq)]
pub struct TodoItem<'a> {
    pub code: Code,
    pub product: Option<&'a str>,
    pub warnings: Vec<&'a Warning>,
}

impl TodoItem<'_> {
    /// The role ids of the item's warnings, read from their fields
    /// (`products[0].roles.<role>`), in order; empty where a warning names no role.
    pub fn roles(&self) -> Vec<&str> {
        self.warnings
            .iter()
            .filter_map(|w| w.field.as_ref()?.role())
            .collect()
    }
}

/// The warnings in their three lists.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Grouped<'a> {
    pub errors: Vec<&'a Warning>,
    pub todo: Vec<TodoItem<'a>>,
    pub risks: Vec<&'a Warning>,
}

/// Sorts `warnings` into errors, to-do items (grouped by kind and product, in the order they
/// first appear) and risks (ranked: most severe first, then by [`RISK_ORDER`], then as reported).
pub fn group(warnings: &[Warning]) -> Grouped<'_> {
    let mut g = Grouped::default();
    for w in warnings {
        match kind(w) {
            Kind::Error => g.errors.push(w),
            Kind::Risk => g.risks.push(w),
            Kind::Todo => {
                let same =
                    |t: &&mut TodoItem<'_>| t.code == w.code && t.product == w.product.as_deref();
                match g.todo.iter_mut().find(same) {
                    Some(item) => item.warnings.push(w),
                    None => g.todo.push(TodoItem {
                        code: w.code,
                        product: w.product.as_deref(),
                        warnings: vec![w],
                    }),
                }
            }
        }
    }
    let rank = |w: &&Warning| {
        let at = RISK_ORDER
            .iter()
            .position(|c| *c == w.code)
            .unwrap_or(RISK_ORDER.len());
        (std::cmp::Reverse(w.severity), at)
    };
    // a stable sort keeps the report's order within a rank
    g.risks.sort_shared_by_key(rank);
    g
}

/// The header's counts: errors, to-do items (grouped as in [`group`]) and risks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub errors: usize,
    pub todo: usize,
    pub risks: usize,
}

pub fn counts(warnings: &[Warning]) -> Counts {
    let g = group(warnings);
    Counts {
        errors: g.errors.len(),
        todo: g.todo.len(),
        risks: g.risks.len(),
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use portolan_core::plan::{Host, Plan, PlanProduct};

    fn report(plan: &Plan) -> portolan_engine::Report {
        let cat = portolan_bundled::catalog().unwrap();
        portolan_engine::evaluate(&cat, plan)
    }

    fn product(id: &str) -> PlanProduct {
        PlanProduct {
            id: id.into(),
            ..PlanProduct::default()
        }
    }

    #[test]
    fn unmapped_roles_are_one_item_per_product() {
        let plan = Plan {
            products: vec![product("incontact-wfo"), product("screen-capture")],
            ..Plan::default()
        };
        let r = report(&plan);
        let unassigned = r
            .warnings
            .iter()
            .filter(|w| w.code == Code::UnassignedRole)
            .count();
        assert!(unassigned > 5, "{unassigned}");
        let g = group(&r.warnings);
        let items: Vec<(Code, Option<&str>)> = g
            .todo
            .iter()
            .filter(|t| t.code == Code::UnassignedRole)
            .map(|t| (t.code, t.product))
            .collect();
        assert_eq!(
            items,
            vec![
                (Code::UnassignedRole, Some("incontact-wfo")),
                (Code::UnassignedRole, Some("screen-capture"))
            ]
        );
        let listed: usize = g
            .todo
            .iter()
            .filter(|t| t.code == Code::UnassignedRole)
            .map(|t| t.roles().len())
            .sum();
        assert_eq!(listed, unassigned, "every role is listed once");
        assert!(g.risks.iter().all(|w| w.code != "unassigned-role"));
        let c = counts(&r.warnings);
        assert_eq!(c.todo, g.todo.len());
        let todo_warnings: usize = g.todo.iter().map(|t| t.warnings.len()).sum();
        assert_eq!(c.errors + c.risks + todo_warnings, r.warnings.len());
    }

    #[test]
    fn errors_todo_and_risks_are_apart_and_risks_ranked() {
        let plan = crate::ui::examples::example("mixed").unwrap();
        let mut plan = plan;
        // An invalid address (an error) and a host without an address (to do).
        plan.hosts.push(Host {
            name: "broken".into(),
            addresses: vec!["10.0.0.0/33".into()],
            ..Host::default()
        });
        plan.hosts.push(Host {
            name: "empty".into(),
            ..Host::default()
        });
        let r = report(&plan);
        let g = group(&r.warnings);
        assert!(g.errors.iter().any(|w| w.code == Code::PlanInvalidAddress));
        assert!(g.errors.iter().all(|w| w.severity == Severity::Error));
        assert!(g
            .todo
            .iter()
            .any(|t| t.code == Code::PlanHostWithoutAddress));
        assert!(!g.risks.is_empty());
        assert!(g.risks.iter().all(|w| kind(w) == Kind::Risk));
        // Ranked: by severity, then the fixed order of codes.
        let ranks: Vec<(std::cmp::Reverse<Severity>, usize)> = g
            .risks
            .iter()
            .map(|w| {
                (
                    std::cmp::Reverse(w.severity),
                    RISK_ORDER
                        .iter()
                        .position(|c| *c == w.code)
                        .unwrap_or(RISK_ORDER.len()),
                )
            })
            .collect();
        let mut sorted = ranks.clone();
        sorted.sort();
        assert_eq!(ranks, sorted);
        // Nothing is lost: every warning is in exactly one list.
        let todo: usize = g.todo.iter().map(|t| t.warnings.len()).sum();
        assert_eq!(g.errors.len() + todo + g.risks.len(), r.warnings.len());
    }

    #[test]
    fn a_complete_plan_has_nothing_to_do() {
        let r = report(&crate::ui::examples::example("screen-capture").unwrap());
        let g = group(&r.warnings);
        assert!(g.errors.is_empty());
        assert!(
            g.todo.is_empty(),
            "{:?}",
            g.todo.iter().map(|t| t.code).collect::<Vec<_>>()
        );
    }
}
