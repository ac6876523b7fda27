//! The guided start of a product (issue #20): first the choices that decide which of the
//! vendor's tables apply (deployment type, applications, modules), then the versions, then the
//! roles; and each product's progress (choices made, versions given, roles mapped x of y, its
//! warnings). Also how the product form groups a long list of options. Plain Rust, unit-tested
//! natively; `view_guide` and `product_form` render it.
//!
//! A **choice** is an option a role's `when` names (those decide which roles, so which tables,
//! apply), or an `enum`/`set` option a rule's `when` names (e.g. WFM v2's protocol). The form
//! groups options as deployment (choices of values), modules (switches of roles and rules),
//! integrations (named only by compatibility requirements) and the rest.

use super::warn_groups::{kind, Kind};
use portolan_catalog::{Condition, OptionDef, OptionKind, Product, RoleKind};
use portolan_core::diag::{Code, FieldPath};
use portolan_core::plan::{Plan, PlanProduct};
use portolan_engine::Report;

/// The steps of the guided start, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Step {
    Choices,
    Versions,
    Roles,
    /// Every step done: the guide only shows the progress.
    Done,
}

impl Step {
    pub const ALL: [Step; 3] = [Step::Choices, Step::Versions, Step::Roles];

    pub fn title(self) -> &'static str {
        match self {
            Step::Choices => "Choices",
            Step::Versions => "Versions",
            Step::Roles => "Roles",
            Step::Done => "Done",
        }
    }
}

/// Which group of the product form an option is shown in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum OptionGroup {
    /// Deployment type, applications: an `enum` or `set` choice.
    Deployment,
    /// A module or add-on: a `bool` option that switches roles or rules.
    Modules,
    /// Named only by compatibility requirements (telephony integrations, server OS).
    Integrations,
    /// Everything else (e.g. readings wider than the vendor's document).
    Other,
}

impl OptionGroup {
    pub const ALL: [OptionGroup; 4] = [
        OptionGroup::Deployment,
        OptionGroup::Modules,
        OptionGroup::Integrations,
        OptionGroup::Other,
    ];

    pub fn title(self) -> &'static str {
        match self {
            OptionGroup::Deployment => "Deployment",
            OptionGroup::Modules => "Modules",
            OptionGroup::Integrations => "Integrations and compatibility",
            OptionGroup::Other => "More options",
        }
    }
}

/// True when the condition names `option`.
fn names_option(c: Option<&Condition>, option: &OptionDef) -> bool {
    c.is_some_and(|c| c.expr.names().contains(&option.id))
}

/// True when a role's `when` names `option`, or a rule's `when` names it and it picks one or
/// more of several values (`enum`, `set`).
pub fn is_choice(product: &Product, option: &OptionDef) -> bool {
    let names = |c: Option<&Condition>| names_option(c, option);
    product.roles.iter().any(|r| names(r.when.as_ref()))
        || (!matches!(option.kind, OptionKind::Bool { .. })
            && product.rules.iter().any(|r| names(r.when.as_ref())))
}

/// The group an option is shown in: a reading wider than the source states is among the other
/// options; a choice of one or more values is deployment; a switch that a role's or a rule's
/// `when` names is a module; one only compatibility requirements name is an integration.
pub fn group_of(product: &Product, option: &OptionDef) -> OptionGroup {
    if option.wider_reading {
        return OptionGroup::Other;
    }
    let named = |c: Option<&Condition>| names_option(c, option);
    let is_bool = matches!(option.kind, OptionKind::Bool { .. });
    if !is_bool && is_choice(product, option) {
        return OptionGroup::Deployment;
    }
    let by_role = product.roles.iter().any(|r| named(r.when.as_ref()));
    let by_rule = product.rules.iter().any(|r| named(r.when.as_ref()));
    let by_requirement = product.requirements.iter().any(|q| named(q.when.as_ref()));
    if is_bool && (by_role || by_rule) {
        OptionGroup::Modules
    } else if by_requirement && !by_rule {
        OptionGroup::Integrations
    } else {
        OptionGroup::Other
    }
}

/// The product's choices, in the catalog's order.
pub fn choices(product: &Product) -> Vec<&OptionDef> {
    product
        .options
        .iter()
        .filter(|o| is_choice(product, o))
        .collect()
}

/// Where a product of the plan stands.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Progress {
    /// Choices the plan sets (a default kept is not counted), and how many there are.
    pub choices_made: usize,
    pub choices: usize,
    /// The product's own components whose version the plan gives, and how many there are.
    pub versions_given: usize,
    pub versions: usize,
    /// The roles the current choices use that the user maps to hosts, and those carried by a
    /// host of the plan, in the catalog's order.
    pub roles: Vec<String>,
    pub roles_mapped: Vec<String>,
    /// The product's warnings by list.
    pub errors: usize,
    pub todo: usize,
    pub risks: usize,
}

impl Progress {
    /// The roles still without a host, in order.
    pub fn unmapped(&self) -> Vec<&str> {
        self.roles
            .iter()
            .filter(|r| !self.roles_mapped.contains(r))
            .map(String::as_str)
            .collect()
    }

    /// The step to show first: the first not done that the user has not gone past (`passed`:
    /// the steps the user skipped). A step is gone past, too, when a later step has begun.
    pub fn current(&self, passed: &[Step]) -> Step {
        let begun_versions = self.versions_given > 0;
        let begun_roles = !self.roles_mapped.is_empty();
        let open = [
            (
                Step::Choices,
                self.choices_made < self.choices && !begun_versions && !begun_roles,
            ),
            (
                Step::Versions,
                self.versions_given < self.versions && !begun_roles,
            ),
            (Step::Roles, self.roles_mapped.len() < self.roles.len()),
        ];
        open.iter()
            .find(|(step, open)| *open && !passed.contains(step))
            .map_or(Step::Done, |(step, _)| *step)
    }

    /// True when the step has nothing left to do.
    pub fn done(&self, step: Step) -> bool {
        match step {
            Step::Choices => self.choices_made >= self.choices,
            Step::Versions => self.versions_given >= self.versions,
            Step::Roles => self.roles_mapped.len() >= self.roles.len(),
            Step::Done => true,
        }
    }

    /// The step's count in words, e.g. `1 of 2 made`.
    pub fn count(&self, step: Step) -> String {
        match step {
            Step::Choices => format!("{} of {} made", self.choices_made, self.choices),
            Step::Versions => format!("{} of {} given", self.versions_given, self.versions),
            Step::Roles => format!("{} of {} mapped", self.roles_mapped.len(), self.roles.len()),
            Step::Done => String::new(),
        }
    }
}

/// The progress of `pp`, the product at `index` of `plan`, as `report` finds it.
pub fn progress(
    product: &Product,
    index: usize,
    plan: &Plan,
    pp: &PlanProduct,
    report: &Report,
) -> Progress {
    let choices = choices(product);
    let own = product.components.iter().filter(|c| c.kind.is_product());
    let (shown, _) = super::choices::split_roles(product, pp);
    let roles: Vec<String> = shown
        .iter()
        .filter_map(|i| product.roles.get(*i))
        .filter(|r| r.kind == RoleKind::Internal)
        .map(|r| r.id.clone())
        .collect();
    let carried = |role: &str| {
        let key = [product.id.as_str(), "/", role].concat();
        plan.hosts.iter().any(|h| h.roles.contains(&key))
    };
    let roles_mapped = roles.iter().filter(|r| carried(r)).cloned().collect();
    let mut p = Progress {
        choices_made: choices
            .iter()
            .filter(|o| pp.options.contains_key(&o.id))
            .count(),
        choices: choices.len(),
        versions_given: own
            .clone()
            .filter(|c| pp.versions.get(&c.id).is_some_and(|v| !v.trim().is_empty()))
            .count(),
        versions: own.count(),
        roles,
        roles_mapped,
        ..Progress::default()
    };
    let mine = report.warnings.iter().filter(|w| {
        w.product.as_deref() == Some(product.id.as_str())
            || w.field.as_ref().and_then(FieldPath::product_index) == Some(index)
    });
    let mut todo_codes: Vec<Code> = Vec::new();
    for w in mine {
        match kind(w) {
            Kind::Error => p.errors += 1,
            Kind::Risk => p.risks += 1,
            Kind::Todo if !todo_codes.contains(&w.code) => todo_codes.push(w.code),
            Kind::Todo => {}
        }
    }
    p.todo = todo_codes.len();
    p
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use portolan_core::plan::{Host, PlanFormat};

    fn wfo(options: &str) -> (portolan_catalog::Catalog, Plan) {
        let catalog = portolan_bundled::catalog().unwrap();
        let text = format!(
            "schema = 1\n[[products]]\nid = \"incontact-wfo\"\noptions = {{ {options} }}\n"
        );
        (
            catalog,
            Plan::parse("p.toml", &text, PlanFormat::Toml).unwrap(),
        )
    }

    #[test]
    fn the_choices_are_the_options_that_decide_which_tables_apply() {
        let (c, _) = wfo("");
        let p = c.product("incontact-wfo").unwrap();
        let ids: Vec<&str> = choices(p).iter().map(|o| o.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "deployment",
                "screen-recording",
                "desktop-analytics",
                "speech-analytics",
                "survey",
                "wfm-v2-protocol"
            ]
        );
        let group = |id: &str| group_of(p, p.option(id).unwrap());
        assert_eq!(group("deployment"), OptionGroup::Deployment);
        assert_eq!(group("wfm-v2-protocol"), OptionGroup::Deployment);
        assert_eq!(group("survey"), OptionGroup::Modules);
        assert_eq!(group("avaya-tsapi"), OptionGroup::Integrations);
        assert_eq!(group("windows-server"), OptionGroup::Integrations);
        // readings wider than the document: apart from the modules, though rules name them
        for wider in [
            "comet-daemon-sql-from-every-server",
            "unnamed-listeners-from-every-server",
            "hybrid-messaging-from-client-pcs",
        ] {
            assert!(p.option(wider).unwrap().wider_reading, "{wider}");
            assert_eq!(group(wider), OptionGroup::Other, "{wider}");
        }
        let sc = c.product("screen-capture").unwrap();
        let live = sc.option("live-monitor").unwrap();
        assert!(!is_choice(sc, live), "a rule's switch, not a table's");
        assert_eq!(group_of(sc, live), OptionGroup::Modules);
    }

    #[test]
    fn progress_follows_the_choices_versions_and_hosts() {
        let (c, plan) = wfo("");
        let p = c.product("incontact-wfo").unwrap();
        let r = portolan_engine::evaluate(&c, &plan);
        let at_start = progress(p, 0, &plan, &plan.products[0], &r);
        assert_eq!(at_start.choices_made, 0);
        assert_eq!(at_start.choices, 6);
        assert_eq!(at_start.versions, 1);
        assert_eq!(at_start.current(&[]), Step::Choices);
        assert_eq!(at_start.current(&[Step::Choices]), Step::Versions);
        assert!(
            at_start.roles.contains(&"wfo-server".to_string()),
            "premises by default"
        );
        assert_eq!(at_start.todo, 1, "the roles without a host are one item");

        let (c, mut plan) = wfo("deployment = \"hybrid\"");
        let r = portolan_engine::evaluate(&c, &plan);
        let hybrid = progress(p, 0, &plan, &plan.products[0], &r);
        assert_eq!(hybrid.choices_made, 1);
        assert_eq!(hybrid.roles, ["client-pc", "premises-server", "web-portal"]);
        assert!(hybrid.roles_mapped.is_empty());

        plan.hosts.push(Host {
            name: "prem".into(),
            addresses: vec!["10.1.0.10".into()],
            roles: vec!["incontact-wfo/premises-server".into()],
            ..Host::default()
        });
        let r = portolan_engine::evaluate(&c, &plan);
        let one = progress(p, 0, &plan, &plan.products[0], &r);
        assert_eq!(one.roles_mapped, ["premises-server"]);
        assert_eq!(one.unmapped(), ["client-pc", "web-portal"]);
        assert_eq!(one.count(Step::Roles), "1 of 3 mapped");
        assert_eq!(
            one.current(&[]),
            Step::Roles,
            "a mapped role is past the first steps"
        );

        for (i, role) in ["client-pc", "web-portal"].iter().enumerate() {
            plan.hosts.push(Host {
                name: format!("h{i}"),
                addresses: vec![format!("10.2.0.{}", i + 1)],
                roles: vec![format!("incontact-wfo/{role}")],
                ..Host::default()
            });
        }
        let r = portolan_engine::evaluate(&c, &plan);
        let all = progress(p, 0, &plan, &plan.products[0], &r);
        assert!(all.done(Step::Roles));
        assert_eq!(all.current(&[]), Step::Done);
        assert_eq!(all.todo, 0);
        assert_eq!(all.errors, 0);
    }
}
