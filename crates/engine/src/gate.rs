//! Which catalog rules a plan opens, decided only from what the plan states.
//!
//! A rule opens when its roles belong to the plan's choices (a role's `when`), its own condition
//! holds, and every value its ports and endpoints need is known. When the answer depends on a
//! value that cannot be read (an invalid version, option or parameter) or that nobody entered
//! (a third-party version), the rule is *undetermined*: it is not opened, and the report names it
//! in one warning per product. The catalog's default is never used in place of an unreadable
//! value, since it could open more than the user's real deployment.

use super::report::Warning;
use portolan_catalog::{PortSpec, Product, Role, Rule};
use portolan_core::cond::{self, Env};
use portolan_core::diag::Severity;
use portolan_core::diag::{Code, FieldPath};
use portolan_core::plan::PlanProduct;

/// What a plan does with one catalog rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Gate {
    /// Its flows are derived.
    Open,
    /// It does not apply (a condition is false, or a role is outside the chosen tables).
    Closed,
    /// It depends on a value that is not known: not opened, and listed.
    Undetermined,
}

impl Gate {
    /// `Closed` wins over `Undetermined` (a part that is certainly false closes the rule
    /// whatever the unknown part), which wins over `Open`.
    fn and(self, other: Gate) -> Gate {
        match (self, other) {
            (Gate::Closed, _) | (_, Gate::Closed) => Gate::Closed,
            (Gate::Undetermined, _) | (_, Gate::Undetermined) => Gate::Undetermined,
            _ => Gate::Open,
        }
    }

    fn of(known: Option<bool>) -> Gate {
        match known {
            Some(true) => Gate::Open,
            Some(false) => Gate::Closed,
            None => Gate::Undetermined,
        }
    }
}

/// Whether `role` belongs to the plan's choices (`None`: a choice it depends on is unknown).
pub fn role_chosen(role: &Role, env: &dyn Env) -> Option<bool> {
    role.when
        .as_ref()
        .map_or(Some(true), |w| cond::eval_known(&w.expr, env))
}

/// For each role of `product` (in catalog order), whether the choices of `pp` use it; `None`
/// when a choice it depends on cannot be read. The planner shows the roles in use and folds the
/// others away.
pub fn chosen_roles(product: &Product, pp: &PlanProduct) -> Vec<Option<bool>> {
    let mut ignored = Vec::new();
    let env = super::evaluate::product_env(product, pp, &FieldPath::default(), &mut ignored);
    product.roles.iter().map(|r| role_chosen(r, &env)).collect()
}

/// The gate of `rule` of `p`: its roles' choices, its condition, and the values its ports and
/// its roles' endpoints name (`unknown`: the product's names without a known value).
pub(crate) fn rule_gate(p: &Product, rule: &Rule, env: &dyn Env, unknown: &[&str]) -> Gate {
    let roles = [rule.from_index, rule.to_index].map(|i| i.and_then(|i| p.roles.get(i)));
    let mut gate = Gate::Open;
    for role in roles.iter().flatten() {
        gate = gate.and(Gate::of(role_chosen(role, env)));
    }
    if let Some(w) = &rule.when {
        gate = gate.and(Gate::of(cond::eval_known(&w.expr, env)));
    }
    if gate != Gate::Open || unknown.is_empty() {
        return gate;
    }
    let port_unknown = rule
        .ports
        .iter()
        .any(|s| matches!(s, PortSpec::Param(n) if unknown.contains(&n.as_str())));
    let endpoint_unknown = roles.iter().flatten().any(|r| {
        templates(p, r, env).any(|e| unknown.iter().any(|n| e.contains(&["{", n, "}"].concat())))
    });
    if port_unknown || endpoint_unknown {
        Gate::Undetermined
    } else {
        Gate::Open
    }
}

/// The endpoint templates of `role` at the release of `p` that `env` runs: those of every
/// release and those of that release (all of them when the release is not known, so that a
/// template is never filled without a value it may need).
fn templates<'a>(p: &Product, role: &'a Role, env: &dyn Env) -> impl Iterator<Item = &'a String> {
    let release = match p.release_component().and_then(|c| env.value(&c.id)) {
        Some(cond::Value::Version(v)) => Some(v),
        _ => None,
    };
    let scoped = role
        .release_endpoints
        .iter()
        .filter(move |e| release.as_ref().is_none_or(|v| e.scope.holds(v)));
    role.endpoints.iter().chain(scoped.map(|e| &e.endpoint))
}

/// Whether `rule` of `p` needs the value of `name`: in its condition, its roles' choices, its
/// ports or its roles' endpoints (in any release).
fn depends_on(p: &Product, rule: &Rule, name: &str) -> bool {
    let in_cond = |c: &Option<portolan_catalog::Condition>| {
        c.as_ref()
            .is_some_and(|c| c.expr.names().iter().any(|n| n == name))
    };
    let roles = [rule.from_index, rule.to_index].map(|i| i.and_then(|i| p.roles.get(i)));
    let placeholder = ["{", name, "}"].concat();
    in_cond(&rule.when)
        || rule
            .ports
            .iter()
            .any(|s| matches!(s, PortSpec::Param(n) if n == name))
        || roles.iter().flatten().any(|r| {
            let scoped = r.release_endpoints.iter().map(|e| &e.endpoint);
            in_cond(&r.when)
                || r.endpoints
                    .iter()
                    .chain(scoped)
                    .any(|e| e.contains(&placeholder))
        })
}

/// The warning listing the rules of `p` (selected as `products[index]`) left out because they
/// depend on `unknown` values; its field is the first of those values.
pub(crate) fn undetermined_warning(
    p: &Product,
    index: usize,
    rules: &[&Rule],
    unknown: &[&str],
) -> Warning {
    let quoted = |items: &mut dyn Iterator<Item = &str>| {
        items
            .map(|i| ["`", i, "`"].concat())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let names: Vec<&str> = unknown
        .iter()
        .copied()
        .filter(|n| rules.iter().any(|r| depends_on(p, r, n)))
        .collect();
    Warning {
        code: Code::UndeterminedRules,
        severity: Severity::Warning,
        message: format!(
            "{} rule(s) left out, not opened: they depend on {}, whose value is not known: {}",
            rules.len(),
            quoted(&mut names.iter().copied()),
            quoted(&mut rules.iter().map(|r| &*r.id))
        ),
        help: Some(
            "fix or enter the values marked on their fields; until then these flows are neither opened nor exported"
                .to_string(),
        ),
        product: Some(p.id.to_string()),
        field: names.first().map(|n| field_of(p, index, n)),
        cite: None,
        roles: Vec::new(),
        hosts: Vec::new(),
        component: None,
    }
}

/// The plan field a name of a product lives in.
pub(crate) fn field_of(p: &Product, index: usize, name: &str) -> FieldPath {
    let group = if p.component(name).is_some() {
        "versions"
    } else if p.option(name).is_some() {
        "options"
    } else {
        "parameters"
    };
    FieldPath::product_item(index, group, name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closed_wins_over_undetermined_which_wins_over_open() {
        use Gate::*;
        assert_eq!(Open.and(Open), Open);
        assert_eq!(Open.and(Undetermined), Undetermined);
        assert_eq!(Undetermined.and(Closed), Closed);
        assert_eq!(Closed.and(Open), Closed);
        assert_eq!(Gate::of(None), Undetermined);
    }
}
