//! The planner's state as plain Rust: the plan being edited (and, while comparing, its copy B),
//! the actions that change it, and the pure reducer that applies them.
//!
//! Nothing here is derived: the report, the diff, the share link and the diagram are computed
//! from this state by the views. Compiled on every target so it is unit-tested natively; the
//! Yew `Reducible` impl lives in the wasm32-only app module and calls [`Store::apply`].

use crate::ui::filter::fold_case;
use crate::ui::guide::Step;
use portolan_catalog::{Catalog, ParamKind};
use portolan_core::diag::did_you_mean;
use portolan_core::plan::{Host, OptionValue, ParamInput, Plan, PlanProduct};
use portolan_core::sort::SortShared;
use portolan_core::version::Version;
use std::collections::BTreeMap;
use std::rc::Rc;

/// Which plan an action edits: the plan itself, or the copy being compared against it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Main,
    Compare,
}

/// One edit of a plan. Products are addressed by id, hosts by their index in `plan.hosts`.
#[derive(Debug, Clone, PartialEq)]
pub enum Edit {
    SetName(String),
    SetDescription(String),
    /// The catalog revision the plan is made or reviewed with (see the change feed).
    SetCatalogRevision(String),
    AddProduct(String),
    /// Removes the product and every role of it from the hosts.
    RemoveProduct(String),
    /// An empty value returns the component to the catalog's default.
    SetVersion {
        product: String,
        component: String,
        value: String,
    },
    /// `None` returns the option to the catalog's default.
    SetOption {
        product: String,
        option: String,
        value: Option<OptionValue>,
    },
    /// `None` returns the parameter to the catalog's default.
    SetParameter {
        product: String,
        parameter: String,
        value: Option<ParamInput>,
    },
    /// Appends a host (with a unique name derived from `name`).
    AddHost(Host),
    RemoveHost(usize),
    SetHostName(usize, String),
    /// The addresses field as typed: split on commas, semicolons and white space.
    SetHostAddresses(usize, String),
    SetHostZone(usize, String),
    /// Adds or removes `product/role` on a host.
    SetRole {
        host: usize,
        role: String,
        on: bool,
    },
    /// Quick entry: gives `role` to the host whose addresses are exactly `addresses`, or to a
    /// new host named after the role.
    AssignRole {
        role: String,
        name: String,
        addresses: Vec<String>,
    },
}

/// Everything the reducer understands.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    Edit(Target, Edit),
    /// Replaces the plan (open a file, load an example, restore a backup, reset).
    Replace(Plan),
    /// Starts comparing: B is a copy of the plan.
    StartCompare,
    StopCompare,
    /// Makes B the plan and stops comparing.
    AdoptCompare,
    /// The user skipped a step of a product's guided start (kept while the planner is open,
    /// whichever view is shown).
    SkipStep {
        product: String,
        step: Step,
    },
}

/// The state: one plan and, while comparing, its copy B; and the steps of the guided start the
/// user skipped, by product id.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Store {
    pub plan: Rc<Plan>,
    pub compare: Option<Rc<Plan>>,
    pub skipped: Rc<BTreeMap<String, Vec<Step>>>,
}

impl Store {
    pub fn new(plan: Plan) -> Store {
        Store {
            plan: Rc::new(plan),
            compare: None,
            skipped: Rc::default(),
        }
    }

    /// The steps skipped of the product `id`'s guided start.
    pub fn skipped_of(&self, id: &str) -> &[Step] {
        self.skipped.get(id).map_or(&[], Vec::as_slice)
    }

    /// The skipped steps of the products `plan` still has: a product removed and added again
    /// starts its guide anew. Shared, not copied, when no product's steps are dropped.
    fn skipped_in(&self, plan: &Plan) -> Rc<BTreeMap<String, Vec<Step>>> {
        let kept = |id: &String| plan.products.iter().any(|p| p.id == *id);
        if self.skipped.keys().all(kept) {
            return self.skipped.clone();
        }
        let mut skipped = (*self.skipped).clone();
        skipped.retain(|id, _| kept(id));
        Rc::new(skipped)
    }

    /// The state after `action`, or `None` when the action changes nothing (so nothing
    /// re-renders and nothing is saved).
    pub fn apply(&self, action: Action) -> Option<Store> {
        match action {
            Action::Edit(Target::Main, edit) => {
                let plan = edited(&self.plan, edit)?;
                Some(Store {
                    skipped: self.skipped_in(&plan),
                    plan: Rc::new(plan),
                    ..self.clone()
                })
            }
            Action::Edit(Target::Compare, edit) => {
                let b = self.compare.as_ref()?;
                let plan = edited(b, edit)?;
                Some(Store {
                    compare: Some(Rc::new(plan)),
                    ..self.clone()
                })
            }
            Action::Replace(plan) => {
                if *self.plan == plan {
                    return None;
                }
                Some(Store {
                    plan: Rc::new(plan),
                    compare: None,
                    // another plan: its products' guided starts begin anew
                    skipped: Rc::default(),
                })
            }
            Action::StartCompare => Some(Store {
                compare: Some(Rc::new((*self.plan).clone())),
                ..self.clone()
            }),
            Action::StopCompare => {
                self.compare.as_ref()?;
                Some(Store {
                    compare: None,
                    ..self.clone()
                })
            }
            Action::AdoptCompare => {
                let b = self.compare.clone()?;
                Some(Store {
                    skipped: self.skipped_in(&b),
                    plan: b,
                    compare: None,
                })
            }
            Action::SkipStep { product, step } => {
                if self.skipped_of(&product).contains(&step) {
                    return None;
                }
                let mut skipped = (*self.skipped).clone();
                skipped.entry(product).or_default().push(step);
                Some(Store {
                    skipped: Rc::new(skipped),
                    ..self.clone()
                })
            }
        }
    }
}

/// `plan` with `edit` applied, or `None` when nothing changes.
pub fn edited(plan: &Plan, edit: Edit) -> Option<Plan> {
    let mut p = plan.clone();
    apply_edit(&mut p, edit);
    (p != *plan).then_some(p)
}

fn product_mut<'a>(plan: &'a mut Plan, id: &str) -> Option<&'a mut PlanProduct> {
    plan.products.iter_mut().find(|p| p.id == id)
}

fn apply_edit(p: &mut Plan, edit: Edit) {
    match edit {
        Edit::SetName(name) => p.name = name,
        Edit::SetDescription(d) => p.description = d,
        Edit::SetCatalogRevision(r) => p.catalog_revision = r,
        Edit::AddProduct(id) => add_product(p, id),
        Edit::RemoveProduct(id) => remove_product(p, &id),
        Edit::SetVersion {
            product,
            component,
            value,
        } => {
            if let Some(pp) = product_mut(p, &product) {
                let value = Some(value).filter(|v| !v.trim().is_empty());
                set_or_default(&mut pp.versions, component, value);
            }
        }
        Edit::SetOption {
            product,
            option,
            value,
        } => {
            if let Some(pp) = product_mut(p, &product) {
                set_or_default(&mut pp.options, option, value);
            }
        }
        Edit::SetParameter {
            product,
            parameter,
            value,
        } => {
            if let Some(pp) = product_mut(p, &product) {
                set_or_default(&mut pp.parameters, parameter, value);
            }
        }
        Edit::AddHost(mut host) => {
            host.name = unique_host_name(p, &host.name);
            p.hosts.push(host);
        }
        Edit::RemoveHost(i) => {
            if i < p.hosts.len() {
                p.hosts.remove(i);
            }
        }
        Edit::SetHostName(i, name) => edit_host(p, i, |h| h.name = name),
        Edit::SetHostAddresses(i, text) => {
            edit_host(p, i, |h| h.addresses = split_addresses(&text))
        }
        Edit::SetHostZone(i, zone) => edit_host(p, i, |h| h.zone = zone),
        Edit::SetRole { host, role, on } => edit_host(p, host, |h| set_role(h, role, on)),
        Edit::AssignRole {
            role,
            name,
            addresses,
        } => assign_role(p, role, name, addresses),
    }
}

/// Adds the product `id` unless the plan has it (or `id` is blank).
fn add_product(p: &mut Plan, id: String) {
    if p.product(&id).is_none() && !id.trim().is_empty() {
        p.products.push(PlanProduct {
            id,
            ..PlanProduct::default()
        });
    }
}

/// Removes the product `id` and every role of it from the hosts.
fn remove_product(p: &mut Plan, id: &str) {
    p.products.retain(|x| x.id != id);
    let prefix = format!("{id}/");
    for h in &mut p.hosts {
        h.roles.retain(|r| !r.starts_with(&prefix));
    }
}

/// Sets `key` to `value`, or removes it (back to the catalog's default) for `None`.
fn set_or_default<V>(map: &mut BTreeMap<String, V>, key: String, value: Option<V>) {
    match value {
        Some(v) => {
            map.insert(key, v);
        }
        None => {
            map.remove(&key);
        }
    }
}

/// Applies `change` to the host at index `i`, if there is one.
fn edit_host(p: &mut Plan, i: usize, change: impl FnOnce(&mut Host)) {
    if let Some(h) = p.hosts.get_mut(i) {
        change(h);
    }
}

/// Adds (`on`) or removes `role` on a host.
fn set_role(h: &mut Host, role: String, on: bool) {
    let has = h.roles.contains(&role);
    if on && !has {
        h.roles.push(role);
    } else if !on && has {
        h.roles.retain(|r| *r != role);
    }
}

/// Quick entry: gives `role` to the host whose addresses are exactly `addresses`, or to a new
/// host named after `name`.
fn assign_role(p: &mut Plan, role: String, name: String, addresses: Vec<String>) {
    let same = |h: &Host| {
        let mut a: Vec<&str> = h.addresses.iter().map(|s| s.trim()).collect();
        let mut b: Vec<&str> = addresses.iter().map(|s| s.trim()).collect();
        a.sort_shared();
        b.sort_shared();
        !a.is_empty() && a == b
    };
    if let Some(h) = p.hosts.iter_mut().find(|h| same(h)) {
        if !h.roles.contains(&role) {
            h.roles.push(role);
        }
    } else {
        let name = unique_host_name(p, &name);
        p.hosts.push(Host {
            name,
            addresses,
            roles: vec![role],
            ..Host::default()
        });
    }
}

/// `base` (or `host` when blank) made unique among the plan's host names: `base`, `base-2`, ...
pub fn unique_host_name(plan: &Plan, base: &str) -> String {
    let base = match base.trim() {
        "" => "host",
        b => b,
    };
    let taken = |n: &str| plan.hosts.iter().any(|h| h.name.trim() == n);
    if !taken(base) {
        return base.to_string();
    }
    (2..)
        .map(|i| format!("{base}-{i}"))
        .find(|n| !taken(n))
        .unwrap_or_default()
}

/// An addresses field as typed → one entry per address (commas, semicolons, white space and
/// line breaks separate entries; empty entries are dropped).
pub fn split_addresses(text: &str) -> Vec<String> {
    text.split(|c: char| c == ',' || c == ';' || c.is_whitespace())
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// The addresses of a host as one field.
pub fn join_addresses(addresses: &[String]) -> String {
    addresses.join(", ")
}

/// What a parameter field holds, as the plan stores it: ports and counts that parse as whole
/// numbers are numbers, anything else is kept as typed text (the engine reports it at the field);
/// an empty field means "use the default".
pub fn param_input(kind: ParamKind, text: &str) -> Option<ParamInput> {
    let t = text.trim();
    if t.is_empty() {
        return None;
    }
    match kind {
        ParamKind::Port | ParamKind::Count => Some(match t.parse::<i64>() {
            Ok(n) => ParamInput::Number(n),
            Err(_) => ParamInput::Text(text.to_string()),
        }),
        ParamKind::Text => Some(ParamInput::Text(text.to_string())),
    }
}

/// Where a typed version falls among a component's known releases, when it is not one of them
/// (`Not a listed release; ordered between 15.2 and 15.2 HFR3.`).
pub fn version_note(known: &[Version], typed: &str) -> Option<String> {
    let v: Version = typed.trim().parse().ok()?;
    if known.contains(&v) {
        return None;
    }
    let below = known.iter().filter(|k| **k < v).max();
    let above = known.iter().filter(|k| **k > v).min();
    let place = match (below, above) {
        (Some(b), Some(a)) => format!("between {b} and {a}"),
        (Some(b), None) => format!("after {b}"),
        (None, Some(a)) => format!("before {a}"),
        (None, None) => return None,
    };
    Some(format!("Not a listed release; ordered {place}."))
}

/// The first sentence of `text`, or its first `max` characters cut at a word with `…`.
pub fn first_sentence(text: &str, max: usize) -> String {
    let t = text.trim();
    if let Some(i) = t.find(". ") {
        if t.get(..=i).is_some_and(|s| s.chars().count() <= max) {
            return t.get(..=i).unwrap_or(t).to_string();
        }
    }
    if t.chars().count() <= max {
        return t.to_string();
    }
    let cut: String = t.chars().take(max).collect();
    let cut = match cut.rfind(' ') {
        Some(i) => cut.get(..i).unwrap_or(&cut).to_string(),
        None => cut,
    };
    format!("{}…", cut.trim_end_matches([',', ';', ':']))
}

/// A quick entry such as `agent-pc = 10.20.0.0/16`, resolved against the catalog and the plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuickEntry {
    /// `product/role`.
    pub role: String,
    /// The role's name, for a new host's name.
    pub host_name: String,
    pub addresses: Vec<String>,
}

/// Why a quick entry was not understood.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuickError {
    pub message: String,
    pub help: String,
}

/// Parses `role = addresses`. The role may be written as `product/role`, as a role id, or as
/// its name ("Agent PC"), case-insensitively, among the products in the plan. The addresses are
/// checked by the engine afterwards, at the new host's field.
pub fn parse_quick_entry(
    catalog: &Catalog,
    plan: &Plan,
    text: &str,
) -> Result<QuickEntry, QuickError> {
    let (left, addresses) = split_quick_entry(text)?;
    let roles = plan_roles(catalog, plan);
    if roles.is_empty() {
        return Err(QuickError {
            message: "the plan has no products yet, so there are no roles to map".into(),
            help: "add a product first".into(),
        });
    }
    match matching_roles(&roles, left).as_slice() {
        [(r, id, _)] => Ok(QuickEntry {
            role: r.clone(),
            host_name: id.clone(),
            addresses,
        }),
        [] => Err(no_such_role(&roles, left)),
        many => Err(QuickError {
            message: format!("`{left}` is a role of several products"),
            help: format!(
                "write one of {}",
                many.iter()
                    .map(|(r, _, _)| format!("`{r}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        }),
    }
}

/// A role of a product in the plan: (ref `product/role`, id, name).
type PlanRole = (String, String, String);

/// `role = addresses` split into the trimmed role and the addresses, both present.
fn split_quick_entry(text: &str) -> Result<(&str, Vec<String>), QuickError> {
    let help = "write a role, `=`, and its addresses, e.g. `agent-pc = 10.20.0.0/16`";
    let Some((left, right)) = text.split_once('=') else {
        return Err(QuickError {
            message: format!("`{}` has no `=`", text.trim()),
            help: help.into(),
        });
    };
    let left = left.trim();
    let addresses = split_addresses(right);
    if left.is_empty() {
        return Err(QuickError {
            message: "the role is missing before `=`".into(),
            help: help.into(),
        });
    }
    if addresses.is_empty() {
        return Err(QuickError {
            message: format!("no addresses after `{left} =`"),
            help: help.into(),
        });
    }
    Ok((left, addresses))
}

/// Every role of the products in the plan.
fn plan_roles(catalog: &Catalog, plan: &Plan) -> Vec<PlanRole> {
    let mut roles = Vec::new();
    for pp in &plan.products {
        if let Some(prod) = catalog.product(&pp.id) {
            for r in &prod.roles {
                roles.push((
                    format!("{}/{}", prod.id, r.id),
                    r.id.clone(),
                    r.name.clone(),
                ));
            }
        }
    }
    roles
}

/// The roles `left` names: by ref, id or name ignoring case; failing that, by id or name with
/// only letters and digits compared and a plural `s` ignored.
fn matching_roles<'a>(roles: &'a [PlanRole], left: &str) -> Vec<&'a PlanRole> {
    let key = fold_case(left);
    let exact: Vec<_> = roles
        .iter()
        .filter(|(r, id, name)| {
            fold_case(r) == key || fold_case(id) == key || fold_case(name) == key
        })
        .collect();
    if !exact.is_empty() {
        return exact;
    }
    let simplify = |s: &str| {
        fold_case(s)
            .chars()
            .filter(|c| c.is_alphanumeric())
            .collect::<String>()
    };
    let skey = simplify(left);
    roles
        .iter()
        .filter(|(_, id, name)| {
            !skey.is_empty()
                && [simplify(id), simplify(name)]
                    .iter()
                    .any(|c| c.trim_end_matches('s') == skey.trim_end_matches('s'))
        })
        .collect()
}

/// No role of the plan is called `left`: the nearest one, or the list of them.
fn no_such_role(roles: &[PlanRole], left: &str) -> QuickError {
    let hint = did_you_mean(
        &fold_case(left),
        roles
            .iter()
            .map(|(_, id, _)| id.as_str())
            .chain(roles.iter().map(|(r, _, _)| r.as_str())),
    );
    QuickError {
        message: format!("no product in the plan has a role `{left}`"),
        help: match hint {
            Some(h) => format!("did you mean `{h}`?"),
            None => format!(
                "roles: {}",
                roles
                    .iter()
                    .map(|(r, _, _)| r.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        },
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use portolan_bundled::catalog as bundled;

    fn catalog() -> Catalog {
        bundled().unwrap()
    }

    fn edit(store: &Store, e: Edit) -> Store {
        store.apply(Action::Edit(Target::Main, e)).unwrap()
    }

    fn sc_plan() -> Store {
        let s = Store::default();
        edit(&s, Edit::AddProduct("screen-capture".into()))
    }

    #[test]
    fn skipped_steps_are_kept_per_product_across_edits() {
        let skip = |s: &Store, step| {
            s.apply(Action::SkipStep {
                product: "screen-capture".into(),
                step,
            })
        };
        let s = skip(&sc_plan(), Step::Choices).unwrap();
        assert_eq!(s.skipped_of("screen-capture"), [Step::Choices]);
        assert!(
            skip(&s, Step::Choices).is_none(),
            "skipping twice changes nothing"
        );
        let s = edit(&s, Edit::SetName("x".into()));
        assert_eq!(s.skipped_of("screen-capture"), [Step::Choices]);
        assert!(s.skipped_of("incontact-wfo").is_empty());
        // removed and added again: its guide starts anew
        let s = edit(&s, Edit::AddProduct("incontact-wfo".into()));
        assert_eq!(s.skipped_of("screen-capture"), [Step::Choices]);
        let s = edit(&s, Edit::RemoveProduct("screen-capture".into()));
        let s = edit(&s, Edit::AddProduct("screen-capture".into()));
        assert!(s.skipped_of("screen-capture").is_empty());
        // another plan: every guide starts anew
        let s = skip(&s, Step::Choices).unwrap();
        let other = s.apply(Action::Replace(Plan::default())).unwrap();
        assert!(other.skipped.is_empty());
    }

    #[test]
    fn adding_a_product_twice_changes_nothing() {
        let s = sc_plan();
        assert_eq!(s.plan.products.len(), 1);
        assert!(s
            .apply(Action::Edit(
                Target::Main,
                Edit::AddProduct("screen-capture".into())
            ))
            .is_none());
    }

    #[test]
    fn removing_a_product_removes_its_roles_from_hosts() {
        let s = sc_plan();
        let s = edit(&s, Edit::AddProduct("incontact-wfo".into()));
        let s = edit(
            &s,
            Edit::AddHost(Host {
                name: "pc".into(),
                roles: vec![
                    "screen-capture/agent-pc".into(),
                    "incontact-wfo/client-pc".into(),
                ],
                ..Host::default()
            }),
        );
        let s = edit(&s, Edit::RemoveProduct("screen-capture".into()));
        assert_eq!(s.plan.products.len(), 1);
        assert_eq!(s.plan.hosts[0].roles, vec!["incontact-wfo/client-pc"]);
    }

    #[test]
    fn versions_options_parameters_set_and_return_to_default() {
        let s = sc_plan();
        let s = edit(
            &s,
            Edit::SetVersion {
                product: "screen-capture".into(),
                component: "ris".into(),
                value: "15.2 HFR2".into(),
            },
        );
        assert_eq!(s.plan.products[0].versions["ris"], "15.2 HFR2");
        let s = edit(
            &s,
            Edit::SetVersion {
                product: "screen-capture".into(),
                component: "ris".into(),
                value: "  ".into(),
            },
        );
        assert!(s.plan.products[0].versions.is_empty());
        let s = edit(
            &s,
            Edit::SetOption {
                product: "screen-capture".into(),
                option: "live-monitor".into(),
                value: Some(OptionValue::Bool(false)),
            },
        );
        assert_eq!(
            s.plan.products[0].options["live-monitor"],
            OptionValue::Bool(false)
        );
        let s = edit(
            &s,
            Edit::SetParameter {
                product: "screen-capture".into(),
                parameter: "x".into(),
                value: Some(ParamInput::Number(8080)),
            },
        );
        assert_eq!(s.plan.products[0].parameters["x"], ParamInput::Number(8080));
        let s = edit(
            &s,
            Edit::SetParameter {
                product: "screen-capture".into(),
                parameter: "x".into(),
                value: None,
            },
        );
        assert!(s.plan.products[0].parameters.is_empty());
    }

    #[test]
    fn edits_of_unknown_things_change_nothing() {
        let s = sc_plan();
        for e in [
            Edit::RemoveHost(3),
            Edit::SetHostName(0, "x".into()),
            Edit::SetVersion {
                product: "nope".into(),
                component: "ris".into(),
                value: "1".into(),
            },
            Edit::RemoveProduct("nope".into()),
        ] {
            assert!(
                s.apply(Action::Edit(Target::Main, e.clone())).is_none(),
                "{e:?}"
            );
        }
    }

    #[test]
    fn host_names_are_made_unique() {
        let s = Store::default();
        let h = |n: &str| Host {
            name: n.into(),
            ..Host::default()
        };
        let s = edit(&s, Edit::AddHost(h("ris01")));
        let s = edit(&s, Edit::AddHost(h("ris01")));
        let s = edit(&s, Edit::AddHost(h("ris01")));
        let s = edit(&s, Edit::AddHost(h("")));
        let names: Vec<&str> = s.plan.hosts.iter().map(|h| h.name.as_str()).collect();
        assert_eq!(names, ["ris01", "ris01-2", "ris01-3", "host"]);
    }

    #[test]
    fn addresses_are_split_as_typed() {
        assert_eq!(
            split_addresses(" 10.0.0.1, ris01.corp;\n10.0.0.0/33  "),
            ["10.0.0.1", "ris01.corp", "10.0.0.0/33"]
        );
        assert!(split_addresses(" , ").is_empty());
        let s = edit(
            &Store::default(),
            Edit::AddHost(Host {
                name: "a".into(),
                ..Host::default()
            }),
        );
        let s = edit(&s, Edit::SetHostAddresses(0, "10.0.0.0/33".into()));
        assert_eq!(s.plan.hosts[0].addresses, ["10.0.0.0/33"]);
    }

    #[test]
    fn roles_toggle_on_and_off() {
        let s = edit(
            &sc_plan(),
            Edit::AddHost(Host {
                name: "a".into(),
                ..Host::default()
            }),
        );
        let on = |s: &Store, on| {
            s.apply(Action::Edit(
                Target::Main,
                Edit::SetRole {
                    host: 0,
                    role: "screen-capture/agent-pc".into(),
                    on,
                },
            ))
        };
        let s2 = on(&s, true).unwrap();
        assert_eq!(s2.plan.hosts[0].roles, ["screen-capture/agent-pc"]);
        assert!(on(&s2, true).is_none());
        let s3 = on(&s2, false).unwrap();
        assert!(s3.plan.hosts[0].roles.is_empty());
    }

    #[test]
    fn quick_entry_creates_a_host_or_reuses_one_with_the_same_addresses() {
        let cat = catalog();
        let s = sc_plan();
        let q = parse_quick_entry(&cat, &s.plan, "agent-pc = 10.20.0.0/16").unwrap();
        assert_eq!(q.role, "screen-capture/agent-pc");
        assert_eq!(q.addresses, ["10.20.0.0/16"]);
        let s = edit(
            &s,
            Edit::AssignRole {
                role: q.role,
                name: q.host_name,
                addresses: q.addresses,
            },
        );
        assert_eq!(s.plan.hosts.len(), 1);
        assert_eq!(s.plan.hosts[0].name, "agent-pc");
        // By name, case-insensitively; same addresses → same host.
        let q = parse_quick_entry(&cat, &s.plan, "RIS server = 10.1.0.10").unwrap();
        assert_eq!(q.role, "screen-capture/ris-server");
        let s = edit(
            &s,
            Edit::AssignRole {
                role: q.role,
                name: q.host_name,
                addresses: q.addresses,
            },
        );
        let q = parse_quick_entry(&cat, &s.plan, "ris-agent-server=10.1.0.10").unwrap();
        let s = edit(
            &s,
            Edit::AssignRole {
                role: q.role,
                name: q.host_name,
                addresses: q.addresses,
            },
        );
        assert_eq!(s.plan.hosts.len(), 2);
        assert_eq!(
            s.plan.hosts[1].roles,
            [
                "screen-capture/ris-server",
                "screen-capture/ris-agent-server"
            ]
        );
    }

    #[test]
    fn quick_entry_errors_say_what_to_write() {
        let cat = catalog();
        let s = sc_plan();
        let e = parse_quick_entry(&cat, &s.plan, "agent-pc 10.0.0.1").unwrap_err();
        assert!(e.message.contains("no `=`"), "{e:?}");
        let e = parse_quick_entry(&cat, &s.plan, "agent-pcs = 10.0.0.1");
        // "agent PCs" is forgiven (plural), a typo gets a hint.
        assert!(e.is_ok(), "{e:?}");
        let e = parse_quick_entry(&cat, &s.plan, "agnet-pc = 10.0.0.1").unwrap_err();
        assert!(e.help.contains("agent-pc"), "{e:?}");
        let e = parse_quick_entry(&cat, &s.plan, "agent-pc = ").unwrap_err();
        assert!(e.message.contains("no addresses"), "{e:?}");
        let e = parse_quick_entry(&cat, &Plan::default(), "a = 1.2.3.4").unwrap_err();
        assert!(e.message.contains("no products"), "{e:?}");
    }

    #[test]
    fn param_input_keeps_what_cannot_be_a_number_as_text() {
        assert_eq!(
            param_input(ParamKind::Port, " 8080 "),
            Some(ParamInput::Number(8080))
        );
        assert_eq!(
            param_input(ParamKind::Port, "80a"),
            Some(ParamInput::Text("80a".into()))
        );
        assert_eq!(param_input(ParamKind::Count, ""), None);
        assert_eq!(
            param_input(ParamKind::Text, "42"),
            Some(ParamInput::Text("42".into()))
        );
    }

    #[test]
    fn compare_copies_edits_and_adopts() {
        let s = sc_plan();
        assert!(s.apply(Action::StopCompare).is_none());
        assert!(s.apply(Action::AdoptCompare).is_none());
        let s = s.apply(Action::StartCompare).unwrap();
        assert_eq!(s.compare.as_deref(), Some(&*s.plan));
        let s = s
            .apply(Action::Edit(
                Target::Compare,
                Edit::SetVersion {
                    product: "screen-capture".into(),
                    component: "ris".into(),
                    value: "15.2 HFR2".into(),
                },
            ))
            .unwrap();
        assert!(s.plan.products[0].versions.is_empty(), "A is unchanged");
        let s = s.apply(Action::AdoptCompare).unwrap();
        assert!(s.compare.is_none());
        assert_eq!(s.plan.products[0].versions["ris"], "15.2 HFR2");
    }

    #[test]
    fn replacing_with_the_same_plan_changes_nothing() {
        let s = sc_plan();
        assert!(s.apply(Action::Replace((*s.plan).clone())).is_none());
        let s = s.apply(Action::Replace(Plan::default())).unwrap();
        assert!(s.plan.products.is_empty());
    }
    #[test]
    fn summaries_are_cut_at_a_sentence_or_a_word() {
        assert_eq!(first_sentence("One. Two.", 50), "One.");
        assert_eq!(first_sentence("short", 50), "short");
        assert_eq!(first_sentence("aaa bbb, ccc ddd", 9), "aaa bbb…");
        assert_eq!(first_sentence("é".repeat(20).as_str(), 5), "ééééé…");
    }

    #[test]
    fn typed_versions_are_placed_among_known_releases() {
        let known: Vec<Version> = ["15.2", "15.2 HFR3"]
            .iter()
            .map(|s| s.parse().unwrap())
            .collect();
        assert_eq!(
            version_note(&known, "15.2 HFR2").unwrap(),
            "Not a listed release; ordered between 15.2 and 15.2 HFR3."
        );
        assert_eq!(version_note(&known, "15.2 hfr3"), None);
        assert_eq!(
            version_note(&known, "16"),
            Some("Not a listed release; ordered after 15.2 HFR3.".into())
        );
        assert_eq!(version_note(&known, "x"), None);
        assert_eq!(version_note(&known, ""), None);
    }
}
