//! Catalog + plan → report.

use super::aggregate::aggregate;
use super::flow_set::{End, Flows, RuleFlows};
use super::fxhash::FxHashMap;
use super::report::*;
use portolan_catalog::{
    Catalog, OptionKind, ParamKind, ParamValue, PortSpec, Product, RequirementKind, Role, RoleKind,
    TransportSpec,
};
use portolan_core::cond::{self, Value};
use portolan_core::diag::Code;
use portolan_core::diag::{did_you_mean, FieldPath, Severity};
use portolan_core::net::{Address, PortRange, PortSet, Transport};
use portolan_core::plan::{Host, OptionValue, ParamInput, Plan};
use portolan_core::text::Text;
use portolan_core::version::Version;
use std::borrow::Cow;
use std::sync::Arc;

/// The values of one product's names, for conditions and formulas.
#[derive(Debug, Default)]
pub(crate) struct Env<'a> {
    values: Values<'a>,
    /// Names without a known value (unreadable in the plan, or third-party versions not
    /// given): absent from `values`, so rules that depend on them are undetermined.
    pub(crate) unknown: Vec<&'a str>,
}

/// A product's names and their values, looked up by a scan: a product has a dozen names or so,
/// and comparing each one's length and first bytes (packed in a word) costs less than hashing
/// the name looked up; only a name whose word matches is compared in full.
#[derive(Debug, Default)]
struct Values<'a> {
    entries: Vec<(u64, &'a str, Value)>,
}

impl<'a> Values<'a> {
    fn with_capacity(n: usize) -> Self {
        Values {
            entries: Vec::with_capacity(n),
        }
    }

    /// The length and some bytes of `name` in one word: its first eight, or for a shorter
    /// name all of them (`fxhash::short_word`).
    fn word(name: &str) -> u64 {
        let b = name.as_bytes();
        let n = b.len();
        let word = match b.get(..8).and_then(|w| <[u8; 8]>::try_from(w).ok()) {
            Some(w) => u64::from_le_bytes(w),
            None => super::fxhash::short_word(b),
        };
        word ^ ((n as u64) << 56)
    }

    fn get(&self, name: &str) -> Option<&Value> {
        let word = Self::word(name);
        self.entries
            .iter()
            .find(|(w, n, _)| *w == word && *n == name)
            .map(|(_, _, v)| v)
    }

    /// Sets the value of `name` (replacing the one it had).
    fn insert(&mut self, name: &'a str, value: Value) {
        let word = Self::word(name);
        match self
            .entries
            .iter_mut()
            .find(|(w, n, _)| *w == word && *n == name)
        {
            Some((_, _, v)) => *v = value,
            None => self.entries.push((word, name, value)),
        }
    }

    fn iter(&self) -> impl Iterator<Item = (&&'a str, &Value)> {
        self.entries.iter().map(|(_, n, v)| (n, v))
    }
}

impl cond::Env for Env<'_> {
    fn value(&self, name: &str) -> Option<Value> {
        self.values.get(name).cloned()
    }
    fn value_ref(&self, name: &str) -> Option<std::borrow::Cow<'_, Value>> {
        self.values.get(name).map(std::borrow::Cow::Borrowed)
    }
}

impl Env<'_> {
    fn param(&self, name: &str) -> Option<&Value> {
        self.values.get(name)
    }
}

fn warning(code: Code, severity: Severity, message: String) -> Warning {
    Warning {
        code,
        severity,
        message,
        help: None,
        product: None,
        field: None,
        cite: None,
        roles: Vec::new(),
        hosts: Vec::new(),
        component: None,
    }
}

trait WarningExt {
    fn help(self, h: impl Into<String>) -> Self;
    fn field(self, f: FieldPath) -> Self;
    fn product(self, p: &str) -> Self;
    fn cite(self, c: &portolan_catalog::Citation) -> Self;
    fn hosts(self, h: &str) -> Self;
}

impl WarningExt for Warning {
    fn help(mut self, h: impl Into<String>) -> Self {
        self.help = Some(h.into());
        self
    }
    fn field(mut self, f: FieldPath) -> Self {
        self.field = Some(f);
        self
    }
    fn product(mut self, p: &str) -> Self {
        self.product = Some(p.to_string());
        self
    }
    fn cite(mut self, c: &portolan_catalog::Citation) -> Self {
        self.cite = Some(c.clone());
        self
    }
    fn hosts(mut self, h: &str) -> Self {
        self.hosts.push(h.to_string());
        self
    }
}

/// A product selected in the plan, with its resolved values.
struct Selected<'a> {
    index: usize,
    product: &'a Product,
    env: Env<'a>,
}

/// The products stage: the products of the plan found in the catalog, and each one's place in
/// `selected` by id (a large plan selects hundreds, and every host's roles name theirs).
struct Products<'a> {
    selected: Vec<Selected<'a>>,
    at: FxHashMap<&'a str, usize>,
}

impl<'a> Products<'a> {
    fn get(&self, id: &str) -> Option<&Selected<'a>> {
        self.at.get(id).and_then(|s| self.selected.get(*s))
    }
}

/// The hosts stage: each host's endpoint (in plan order) and the roles they carry.
struct Hosts<'a> {
    eps: Vec<Arc<Endpoint>>,
    role_hosts: RoleHosts<'a>,
    /// For each host, the first host with its name (hosts that share a name share a listener
    /// table in `port_conflicts`).
    same_name: Vec<usize>,
}

/// The flows stage: the flows, and what the role checks need to know about them.
struct Made<'a> {
    flows: Vec<RuleFlows>,
    /// How many flows (host pairs × transports) `flows` stand for.
    pairs: usize,
    /// The roles an active rule needs, in (product, role id) order, and whether hosts carry
    /// them.
    used_roles: Vec<(usize, &'a Role, bool)>,
    /// (product id, ids of its rules that go to names), sorted by the role checks.
    fqdn_rules: Vec<(&'a str, Vec<&'a str>)>,
    listeners: Vec<Listener<'a>>,
    /// Catalog rules left out at the flow limit, with the host pairs each would have made.
    over_limit: Vec<(&'a Text, usize)>,
}

/// The evaluation's context: its inputs, and the warnings each stage adds to in turn.
struct Ctx<'a> {
    catalog: &'a Catalog,
    plan: &'a Plan,
    warnings: Vec<Warning>,
}

/// Evaluates a plan against a catalog. Never fails: problems in the plan become warnings (with
/// the field that causes them) and everything else is still evaluated.
///
/// The stages, in order: products → hosts → flows → role checks → requirements → aggregation.
pub fn evaluate(catalog: &Catalog, plan: &Plan) -> Report {
    let mut cx = Ctx {
        catalog,
        plan,
        warnings: Vec::new(),
    };
    let products = cx.products();
    let hosts = cx.hosts(&products);
    let made = cx.flows(&products, &hosts);
    let flows = cx.role_checks(&products, &hosts, made);
    let requirements = cx.requirements(&products, &hosts);
    cx.aggregation(flows, requirements, hosts.eps)
}

impl<'a> Ctx<'a> {
    /// Products: each product of the plan found in the catalog, once, with its values.
    fn products(&mut self) -> Products<'a> {
        let (catalog, plan) = (self.catalog, self.plan);
        let mut in_catalog: FxHashMap<&str, &Product> =
            FxHashMap::with_capacity_and_hasher(catalog.products.len(), Default::default());
        for p in &catalog.products {
            in_catalog.entry(&p.id).or_insert(p);
        }
        let mut products = Products {
            selected: Vec::new(),
            at: FxHashMap::with_capacity_and_hasher(plan.products.len(), Default::default()),
        };
        for (i, pp) in plan.products.iter().enumerate() {
            let field = FieldPath::product(i);
            let Some(&product) = in_catalog.get(pp.id.as_str()) else {
                self.warnings.push(unknown_product(catalog, &pp.id, &field));
                continue;
            };
            if products.at.contains_key(pp.id.as_str()) {
                self.warnings.push(duplicate_product(&pp.id, &field));
                continue;
            }
            let env = product_env(product, pp, &field, &mut self.warnings);
            products.at.insert(&product.id, products.selected.len());
            products.selected.push(Selected {
                index: i,
                product,
                env,
            });
        }
        products
    }

    /// Hosts: each host's name, addresses and roles, checked.
    fn hosts(&mut self, products: &Products<'a>) -> Hosts<'a> {
        let plan = self.plan;
        let n = plan.hosts.len();
        let mut hosts = Hosts {
            eps: Vec::with_capacity(n),
            // (sized for one role per host: growing the table rehashes every key)
            role_hosts: FxHashMap::with_capacity_and_hasher(n, Default::default()),
            same_name: Vec::with_capacity(n),
        };
        let mut names_seen: FxHashMap<Cow<'a, str>, usize> =
            FxHashMap::with_capacity_and_hasher(n, Default::default());
        for (h, host) in plan.hosts.iter().enumerate() {
            let display_name = self.host_name(h, host, &mut names_seen, &mut hosts.same_name);
            super::checks::host_identifiers(h, host, &mut self.warnings);
            let addresses = self.host_addresses(h, host, &display_name);
            for (r, role_ref) in host.roles.iter().enumerate() {
                if let Some(key) = self.host_role(h, r, role_ref, &display_name, products) {
                    let list = hosts.role_hosts.entry(key).or_default();
                    if !list.contains(&h) {
                        list.push(h);
                    }
                }
            }
            hosts.eps.push(Arc::new(Endpoint {
                kind: EndpointKind::Host,
                name: display_name,
                zone: portolan_core::text::trim(&host.zone).to_string(),
                addresses,
            }));
        }
        hosts
    }

    /// A host's name as shown (a placeholder when it has none), with the warnings for a missing
    /// or repeated name; records the first host of that name in `same_name`.
    fn host_name(
        &mut self,
        h: usize,
        host: &'a Host,
        names_seen: &mut FxHashMap<Cow<'a, str>, usize>,
        same_name: &mut Vec<usize>,
    ) -> String {
        let name = portolan_core::text::trim(&host.name);
        let display_name = if name.is_empty() {
            self.warnings.push(
                warning(
                    Code::PlanHostName,
                    Severity::Error,
                    format!("host {} has no name", h + 1),
                )
                .help("give every host a name, e.g. `ris01` or `agent-pcs`")
                .field(FieldPath::host(h).key("name")),
            );
            format!("host-{}", h + 1)
        } else {
            name.to_string()
        };
        let seen_as = if name.is_empty() {
            Cow::Owned(display_name.clone())
        } else {
            Cow::Borrowed(name)
        };
        let previous = names_seen.insert(seen_as, h);
        same_name.push(
            previous
                .and_then(|p| same_name.get(p).copied())
                .unwrap_or(h),
        );
        if let Some(first) = previous {
            self.warnings.push(
                warning(
                    Code::PlanDuplicateHost,
                    Severity::Warning,
                    format!(
                        "host name `{display_name}` is used by hosts {} and {}",
                        first + 1,
                        h + 1
                    ),
                )
                .help("give each host its own name so rules and exports can tell them apart")
                .field(FieldPath::host(h).key("name")),
            );
        }
        display_name
    }

    /// A host's addresses, each once; an unreadable one is an error on its field.
    fn host_addresses(&mut self, h: usize, host: &Host, display_name: &str) -> Vec<Address> {
        let mut addresses = Vec::with_capacity(host.addresses.len());
        for (a, text) in host.addresses.iter().enumerate() {
            match portolan_core::text::trim(text).parse::<Address>() {
                Ok(addr) => {
                    if !addresses.contains(&addr) {
                        addresses.push(addr);
                    }
                }
                Err(e) => {
                    let mut w = warning(
                        Code::PlanInvalidAddress,
                        Severity::Error,
                        format!("host `{display_name}`: {}", e.message),
                    )
                    .field(FieldPath::host(h).key("addresses").index(a));
                    w.help = e.help.clone().or_else(|| {
                        Some(
                            "write an IP (`10.0.0.5`), a CIDR (`10.20.0.0/16`) or a host name"
                                .into(),
                        )
                    });
                    self.warnings.push(w);
                }
            }
        }
        if host.addresses.is_empty() {
            self.warnings.push(
                warning(
                    Code::PlanHostWithoutAddress,
                    Severity::Warning,
                    format!("host `{display_name}` has no address; its rules cannot be applied"),
                )
                .help("add an IP, a CIDR or a host name")
                .field(FieldPath::host(h).key("addresses")),
            );
        }
        addresses
    }

    /// The `(product id, role id)` a host's role `r` names, if it is a role of a selected
    /// product; otherwise the warning that says why not.
    fn host_role(
        &mut self,
        h: usize,
        r: usize,
        role_ref: &'a str,
        display_name: &str,
        products: &Products<'a>,
    ) -> Option<(&'a str, &'a str)> {
        let rfield = || FieldPath::host(h).key("roles").index(r);
        let Some((pid, rid)) = role_ref.split_once('/') else {
            self.warnings.push(
                warning(
                    Code::PlanBadRoleRef,
                    Severity::Error,
                    format!("role `{role_ref}` of host `{display_name}` is not `product/role`"),
                )
                .help("write the product id and the role id, e.g. `screen-capture/agent-pc`")
                .field(rfield()),
            );
            return None;
        };
        let Some(sel) = products.get(pid) else {
            self.warnings.push(
                warning(
                    Code::PlanRoleOfUnselectedProduct,
                    Severity::Warning,
                    format!("host `{display_name}` carries `{role_ref}`, but product `{pid}` is not in the plan"),
                )
                .help("add the product to the plan or remove the role from the host")
                .field(rfield()),
            );
            return None;
        };
        if sel.product.role(rid).is_none() {
            self.warnings
                .push(unknown_role(sel.product, pid, rid).field(rfield()));
            return None;
        }
        Some((pid, rid))
    }

    /// Flows: for each selected product, the flows of the rules that hold.
    fn flows(&mut self, products: &Products<'a>, hosts: &Hosts<'a>) -> Made<'a> {
        // (one group of flows per catalog rule that holds, at most)
        let capacity = products
            .selected
            .iter()
            .map(|s| s.product.rules.len())
            .sum::<usize>();
        let mut made = Made {
            flows: Vec::with_capacity(capacity),
            pairs: 0,
            used_roles: Vec::new(),
            fqdn_rules: Vec::new(),
            listeners: Vec::new(),
            over_limit: Vec::new(),
        };
        for (si, sel) in products.selected.iter().enumerate() {
            self.product_flows(si, sel, hosts, &mut made);
        }
        made
    }

    /// One product's flows; notes the roles its active rules use, its rules that go to names,
    /// and warns of the rules that cannot be decided.
    fn product_flows(
        &mut self,
        si: usize,
        sel: &Selected<'a>,
        hosts: &Hosts<'a>,
        made: &mut Made<'a>,
    ) {
        let p = sel.product;
        // by role index: the role's endpoints and whether hosts carry it, worked out when an
        // active rule first uses it (so the roles used are those with endpoints)
        let mut endpoints: Vec<Option<(RoleEndpoints, bool)>> = vec![None; p.roles.len()];
        let mut to_names: Vec<&'a str> = Vec::new();
        let mut undetermined: Vec<&portolan_catalog::Rule> = Vec::new();
        for rule in &p.rules {
            match super::gate::rule_gate(p, rule, &sel.env, &sel.env.unknown) {
                super::gate::Gate::Open => {}
                super::gate::Gate::Closed => continue,
                super::gate::Gate::Undetermined => {
                    undetermined.push(rule);
                    continue;
                }
            }
            let ports = match &rule.fixed_ports {
                Some(ports) => Arc::clone(ports),
                None => Arc::new(resolve_ports(&rule.ports, &sel.env)),
            };
            if ports.is_empty() {
                continue;
            }
            for r in [rule.from_index, rule.to_index].into_iter().flatten() {
                if let (Some(slot @ None), Some(role)) = (endpoints.get_mut(r), p.roles.get(r)) {
                    let mapped = hosts.role_hosts.get(&(&*p.id, role.id.as_str()));
                    let these =
                        role_endpoints(p, role, &sel.env, mapped, &hosts.eps, &mut self.warnings);
                    *slot = Some((these, mapped.is_some()));
                }
            }
            let of_role = |r: Option<usize>| {
                r.and_then(|r| endpoints.get(r))
                    .and_then(Option::as_ref)
                    .map_or(&[][..], |(e, _)| e.as_slice())
            };
            let ends = (of_role(rule.from_index), of_role(rule.to_index));
            if rule_flows(p, rule, ports, ends, &hosts.same_name, made) {
                to_names.push(&rule.id);
            }
        }
        if !undetermined.is_empty() {
            self.warnings.push(super::gate::undetermined_warning(
                p,
                sel.index,
                &undetermined,
                &sel.env.unknown,
            ));
        }
        if !to_names.is_empty() {
            to_names.sort_unstable();
            to_names.dedup();
            made.fqdn_rules.push((&p.id, to_names));
        }
        let first = made.used_roles.len();
        made.used_roles.extend(
            p.roles
                .iter()
                .zip(&endpoints)
                .filter_map(|(r, e)| e.as_ref().map(|(_, mapped)| (si, r, *mapped))),
        );
        if let Some(these) = made.used_roles.get_mut(first..) {
            these.sort_unstable_by(|a, b| a.1.id.cmp(&b.1.id));
        }
    }

    /// Role checks: rules left out at the flow limit, internal roles no host carries, rules
    /// to names, port conflicts on a host, and address families that cannot meet.
    fn role_checks(&mut self, products: &Products<'a>, hosts: &Hosts<'a>, made: Made<'a>) -> Flows {
        if !made.over_limit.is_empty() {
            self.warnings.push(too_many_flows(&made.over_limit));
        }
        for (si, role, mapped) in &made.used_roles {
            let Some(sel) = products.selected.get(*si) else {
                continue;
            };
            if role.kind == RoleKind::Internal && !mapped {
                self.warnings.push(unassigned_role(sel, role));
            }
        }
        self.fqdn_destinations(made.fqdn_rules);
        port_conflicts(made.listeners, &hosts.eps, &mut self.warnings);
        let flows = Flows::new(made.flows);
        super::families::family_mismatches(self.plan, &flows, &mut self.warnings);
        flows
    }

    /// One note per product whose rules go to host names or wildcard domains.
    fn fqdn_destinations(&mut self, mut fqdn_rules: Vec<(&str, Vec<&str>)>) {
        // (a product is selected once, so the products are distinct)
        fqdn_rules.sort_unstable_by_key(|(pid, _)| *pid);
        for (pid, rids) in fqdn_rules {
            let mut list = String::with_capacity(rids.iter().map(|r| r.len() + 4).sum());
            for (i, r) in rids.iter().enumerate() {
                if i > 0 {
                    list.push_str(", ");
                }
                list.push('`');
                list.push_str(r);
                list.push('`');
            }
            self.warnings.push(
                warning(
                    Code::FqdnDestination,
                    Severity::Info,
                    [
                        itoa::Buffer::new().format(rids.len()),
                        " rule(s) go to host names or wildcard domains: ",
                        &list,
                    ]
                    .concat(),
                )
                .help("address-only firewalls cannot express these; use FQDN objects, a proxy allow-list, or give the hosts IP addresses")
                .product(pid),
            );
        }
    }

    /// Requirements: prerequisites, capabilities switched off, cardinality, ambiguities and
    /// compatibility, product by product.
    fn requirements(
        &mut self,
        products: &Products<'a>,
        hosts: &Hosts<'a>,
    ) -> Vec<ResolvedRequirement> {
        let selected = &products.selected;
        let mut requirements =
            Vec::with_capacity(selected.iter().map(|s| s.product.requirements.len()).sum());
        for sel in selected {
            self.disabled_capabilities(sel);
            let mut active: Vec<&portolan_catalog::Requirement> = Vec::new();
            for q in &sel.product.requirements {
                // (a requirement is not a flow: when its condition cannot be decided it is shown)
                if q.when
                    .as_ref()
                    .is_some_and(|w| cond::eval_known(&w.expr, &sel.env) == Some(false))
                    || !requirement_role_chosen(sel.product, q, &sel.env)
                {
                    continue;
                }
                active.push(q);
                requirements.extend(self.requirement(sel, q, hosts));
            }
            if let Some(pp) = self.plan.products.get(sel.index) {
                let (p, env) = (sel.product, &sel.env);
                super::compat::check(p, sel.index, pp, &active, env, &mut self.warnings);
            }
        }
        requirements
    }

    /// A note for each option with a cost that the plan switches off.
    fn disabled_capabilities(&mut self, sel: &Selected<'a>) {
        let p = sel.product;
        for o in &p.options {
            if let (OptionKind::Bool { .. }, Some(cost)) = (&o.kind, &o.off_cost) {
                if matches!(sel.env.values.get(o.id.as_str()), Some(Value::Bool(false))) {
                    let mut w = warning(
                        Code::CapabilityDisabled,
                        Severity::Info,
                        ["`", &o.name, "` is off: ", cost].concat(),
                    )
                    .product(&p.id)
                    .field(FieldPath::product_item(sel.index, "options", &o.id));
                    w.cite = o.cite.clone();
                    self.warnings.push(w);
                }
            }
        }
    }

    /// An active requirement resolved (a sizing's value, the hosts a role needs) with its
    /// warning; a prerequisite is only a warning, when it is not met.
    fn requirement(
        &mut self,
        sel: &Selected<'a>,
        q: &Arc<portolan_catalog::Requirement>,
        hosts: &Hosts<'a>,
    ) -> Option<ResolvedRequirement> {
        let p = sel.product;
        let mut resolved = ResolvedRequirement {
            product: p.id.clone(),
            requirement: q.clone(),
            value: None,
            hosts_mapped: None,
        };
        match &q.kind {
            RequirementKind::Sizing { formula, .. } => {
                resolved.value = cond::eval_formula(&formula.formula, &sel.env);
            }
            RequirementKind::MinHosts { role, count, text } => {
                let n = hosts
                    .role_hosts
                    .get(&(&*p.id, role.as_str()))
                    .map_or(0, Vec::len);
                resolved.hosts_mapped = Some(n);
                if n < *count as usize {
                    let w = min_hosts(sel, role, *count as usize, n, text).cite(&q.cite);
                    self.warnings.push(w);
                }
            }
            RequirementKind::Prerequisite {
                capability,
                requires,
                text,
            } => {
                // (an unknown value is an error on its field already)
                if cond::eval_known(&requires.expr, &sel.env) == Some(false) {
                    let w = prerequisite(sel, capability, requires, text).cite(&q.cite);
                    self.warnings.push(w);
                }
                return None;
            }
            RequirementKind::Ambiguity { text } => {
                self.warnings.push(
                    warning(Code::Ambiguity, Severity::Warning, text.clone())
                        .help("the vendor's document is unclear here; confirm with the vendor before opening ports")
                        .product(&p.id)
                        .cite(&q.cite),
                );
            }
            _ => {}
        }
        Some(resolved)
    }

    /// Aggregation: releases and locations noted, the flows grouped into rules, the report
    /// (with the hosts as the engine read them, for the exporters).
    fn aggregation(
        self,
        mut flows: Flows,
        mut requirements: Vec<ResolvedRequirement>,
        hosts: Vec<Arc<Endpoint>>,
    ) -> Report {
        let Ctx {
            catalog,
            plan,
            mut warnings,
        } = self;
        let releases =
            super::releases::annotate(catalog, plan, &mut flows, &mut requirements, &mut warnings);
        super::locate::locate(plan, &mut warnings);
        let rules = aggregate(&flows);
        let local = flows.local_count();
        let stats = Stats {
            flows: flows.len(),
            local_flows: local,
            network_flows: flows.len() - local,
            aggregated_rules: rules.len(),
        };
        let containers = super::containers::in_use(catalog, plan, &flows);
        Report {
            schema: REPORT_SCHEMA,
            plan: plan.name.clone(),
            catalog_revision: catalog.revision.clone(),
            flows,
            rules,
            warnings,
            requirements,
            stats,
            releases,
            containers,
            hosts,
        }
    }
}

/// The transports a rule's flows use.
fn transports_of(rule: &portolan_catalog::Rule) -> &'static [Transport] {
    match rule.transport {
        TransportSpec::Tcp => &[Transport::Tcp],
        TransportSpec::Udp => &[Transport::Udp],
        TransportSpec::Both => &[Transport::Tcp, Transport::Udp],
    }
}

/// A rule's flows, from each source endpoint to each destination endpoint (`ends`) on each of
/// its transports, and the listeners they make on the destination hosts; true if a flow goes
/// to a host name or a wildcard domain. Past [`MAX_FLOWS`] the rule is left out whole and
/// listed in `made.over_limit`.
fn rule_flows<'a>(
    p: &'a Product,
    rule: &'a portolan_catalog::Rule,
    ports: Arc<PortSet>,
    (srcs, dsts): (Ends<'_>, Ends<'_>),
    same_name: &[usize],
    made: &mut Made<'a>,
) -> bool {
    let transports = transports_of(rule);
    let pairs = srcs
        .len()
        .saturating_mul(dsts.len())
        .saturating_mul(transports.len());
    if made.pairs.saturating_add(pairs) > MAX_FLOWS {
        made.over_limit.push((&rule.name, pairs));
        return false;
    }
    made.pairs = made.pairs.saturating_add(pairs);
    let to_fqdn = goes_to_names(srcs, dsts);
    if pairs > 0 {
        made.flows
            .push(rule_group(p, rule, (srcs, dsts), transports, &ports));
    }
    // what the rule's flows make its destination hosts listen on (the same for every source,
    // so recorded once per destination)
    if !srcs.is_empty() {
        let listener = rule.service.as_deref().unwrap_or(&rule.to);
        for (dh, _) in dsts {
            let Some(host) = dh.and_then(|h| same_name.get(h)) else {
                continue;
            };
            for t in transports {
                made.listeners.push(Listener {
                    host: *host,
                    transport: *t,
                    product: &p.id,
                    listener,
                    ports: Arc::clone(&ports),
                });
            }
        }
    }
    to_fqdn
}

/// Whether a flow from `srcs` to `dsts` that is not local (a host with itself) goes to a host
/// name or a wildcard domain: a destination with names, reached from a source that is not it.
fn goes_to_names(srcs: Ends<'_>, dsts: Ends<'_>) -> bool {
    dsts.iter().any(|(dh, dst)| {
        dst.rule_addresses()
            .any(|a| matches!(a, Address::Fqdn(_) | Address::Wildcard(_)))
            && srcs.iter().any(|(sh, _)| !(sh.is_some() && sh == dh))
    })
}

/// The flows of `rule`, from each of `srcs` to each of `dsts` on each of `transports`.
fn rule_group(
    p: &Product,
    rule: &portolan_catalog::Rule,
    (srcs, dsts): (Ends<'_>, Ends<'_>),
    transports: &'static [Transport],
    ports: &Arc<PortSet>,
) -> RuleFlows {
    let ends = |e: Ends<'_>| {
        e.iter()
            .map(|(host, endpoint)| End {
                host: *host,
                endpoint: Arc::clone(endpoint),
            })
            .collect()
    };
    RuleFlows {
        product: p.id.clone(),
        rule: rule.id.clone(),
        from_role: rule.from.clone(),
        to_role: rule.to.clone(),
        sources: ends(srcs),
        destinations: ends(dsts),
        transports,
        protocol: rule.protocol.clone(),
        ports: Arc::clone(ports),
        purpose: rule.purpose.clone(),
        cite: rule.cite.clone(),
        optional: rule.optional,
        tags: rule.tags.clone(),
        service: rule.service.clone(),
        catalog_rule: rule.name.clone(),
    }
}

/// The error for a plan product the catalog does not have.
fn unknown_product(catalog: &Catalog, id: &str, field: &FieldPath) -> Warning {
    let hint = match did_you_mean(id, catalog.products.iter().map(|p| &*p.id)) {
        Some(s) => format!("did you mean `{s}`?"),
        None => "pick a product from the catalog".to_string(),
    };
    warning(
        Code::PlanUnknownProduct,
        Severity::Error,
        format!("product `{id}` is not in the catalog"),
    )
    .help(hint)
    .field(field.clone().key("id"))
}

/// The error for a product the plan selects a second time.
fn duplicate_product(id: &str, field: &FieldPath) -> Warning {
    warning(
        Code::PlanDuplicateProduct,
        Severity::Error,
        format!("product `{id}` is selected twice; the second entry is ignored"),
    )
    .help("remove one of the two entries")
    .field(field.clone().key("id"))
}

/// The error for a host's role `pid/rid` that product `p` does not have.
fn unknown_role(p: &Product, pid: &str, rid: &str) -> Warning {
    let hint = match did_you_mean(rid, p.roles.iter().map(|r| r.id.as_str())) {
        Some(s) => format!("did you mean `{pid}/{s}`?"),
        None => format!(
            "roles of `{pid}`: {}",
            p.roles
                .iter()
                .map(|r| r.id.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    warning(
        Code::PlanUnknownRole,
        Severity::Error,
        format!("product `{pid}` has no role `{rid}`"),
    )
    .help(hint)
}

/// The warning for an internal role an active rule needs but no host carries.
fn unassigned_role(sel: &Selected<'_>, role: &Role) -> Warning {
    let pid = &sel.product.id;
    warning(
        Code::UnassignedRole,
        Severity::Warning,
        [
            "role `",
            &role.id,
            "` (",
            &role.name,
            ") is carried by no host",
        ]
        .concat(),
    )
    .help(
        [
            "add `",
            pid,
            "/",
            &role.id,
            "` to the roles of the hosts that run it",
        ]
        .concat(),
    )
    .product(pid)
    .field(role_field(sel, &role.id))
}

/// The plan field of role `role` of a selected product.
fn role_field(sel: &Selected<'_>, role: &str) -> FieldPath {
    FieldPath::product_item(sel.index, "roles", role)
}

/// The warning for a role with fewer hosts (`n`) than it needs (`count`).
fn min_hosts(sel: &Selected<'_>, role: &str, count: usize, n: usize, text: &str) -> Warning {
    let pid = &sel.product.id;
    warning(
        Code::RoleCardinality,
        Severity::Warning,
        [
            "role `",
            role,
            "` needs at least ",
            itoa::Buffer::new().format(count),
            " hosts, ",
            itoa::Buffer::new().format(n),
            " mapped: ",
            text,
        ]
        .concat(),
    )
    .help(
        [
            "map ",
            itoa::Buffer::new().format(count - n),
            " more host(s) to `",
            pid,
            "/",
            role,
            "`",
        ]
        .concat(),
    )
    .product(pid)
    .field(role_field(sel, role))
}

/// The warning for a capability whose prerequisite the plan's values do not meet.
fn prerequisite(
    sel: &Selected<'_>,
    capability: &str,
    requires: &portolan_catalog::Condition,
    text: &str,
) -> Warning {
    let now = requires
        .expr
        .names()
        .iter()
        .filter_map(|n| {
            sel.env
                .values
                .get(n.as_str())
                .map(|v| format!("{n} = {}", show(v)))
        })
        .collect::<Vec<_>>()
        .join(", ");
    let first = requires.expr.names().into_iter().next().unwrap_or_default();
    warning(
        Code::Prerequisite,
        Severity::Warning,
        format!(
            "{capability} is not available: needs `{}` (now {now})",
            requires.source
        ),
    )
    .help(text.to_string())
    .product(&sel.product.id)
    .field(field_of(sel.product, sel.index, &first))
}

/// Whether the role a requirement is about (if any) belongs to the plan's choices.
fn requirement_role_chosen(p: &Product, q: &portolan_catalog::Requirement, env: &Env) -> bool {
    let role = match &q.kind {
        RequirementKind::MinHosts { role, .. } => Some(role.as_str()),
        RequirementKind::HighAvailability { role, .. } | RequirementKind::TimeSync { role, .. } => {
            role.as_deref()
        }
        _ => None,
    };
    role.and_then(|r| p.role(r))
        .is_none_or(|r| super::gate::role_chosen(r, env) != Some(false))
}

/// The most host-pair flows one evaluation makes: past it, a catalog rule's flows are left out
/// whole and reported, rather than the engine running out of memory. (The report keeps flows as
/// groups and aggregates them by classes of hosts, which cost per host; but the per-pair views
/// such as the check scripts, and the aggregation where classes cannot be used, go pair by pair.)
pub const MAX_FLOWS: usize = 2_500_000;

/// The error for the rules left out at [`MAX_FLOWS`], naming the limit and the rules.
fn too_many_flows(left_out: &[(&Text, usize)]) -> Warning {
    let names: Vec<String> = left_out
        .iter()
        .map(|(rule, pairs)| format!("`{rule}` ({pairs} host pairs)"))
        .collect();
    warning(
        Code::PlanTooManyFlows,
        Severity::Error,
        format!(
            "the plan makes more than {MAX_FLOWS} host-pair flows, the engine's limit; the flows of {} are left out",
            names.join(", ")
        ),
    )
    .help("describe a group of machines as one host with its subnet (e.g. a floor of agent PCs as `10.20.0.0/23`), or split the plan by site")
}

fn show(v: &Value) -> String {
    match v {
        Value::Version(v) => format!("\"{v}\""),
        Value::Bool(b) => b.to_string(),
        Value::Text(t) => format!("\"{t}\""),
        Value::Number(n) => n.to_string(),
        Value::Set(l) => format!("[{}]", l.join(", ")),
    }
}

/// The plan field a name of a product lives in.
fn field_of(p: &Product, index: usize, name: &str) -> FieldPath {
    let group = if p.component(name).is_some() {
        "versions"
    } else if p.option(name).is_some() {
        "options"
    } else {
        "parameters"
    };
    FieldPath::product_item(index, group, name)
}

/// Resolves one product's versions, options and parameters from the plan and the defaults. A
/// value the plan gives but that cannot be read is an error on its field and stays unknown
/// (never the default, which could open more than the real deployment), as does a third-party
/// version the plan does not give.
pub(crate) fn product_env<'a>(
    product: &'a Product,
    pp: &portolan_core::plan::PlanProduct,
    field: &FieldPath,
    warnings: &mut Vec<Warning>,
) -> Env<'a> {
    // sized up front: a `Value` is large, so growing the list would reallocate it a few times
    let names = product.components.len() + product.options.len() + product.parameters.len();
    let mut env = Env {
        values: Values::with_capacity(names),
        unknown: Vec::new(),
    };
    versions_env(product, pp, field, &mut env, warnings);
    options_env(product, pp, field, &mut env, warnings);
    parameters_env(product, pp, field, &mut env, warnings);
    env
}

/// The product's component versions: given, else the default; an unreadable one stays unknown.
fn versions_env<'a>(
    product: &'a Product,
    pp: &portolan_core::plan::PlanProduct,
    field: &FieldPath,
    env: &mut Env<'a>,
    warnings: &mut Vec<Warning>,
) {
    for c in &product.components {
        let v = match pp.versions.get(&c.id) {
            None => c.default.clone(),
            Some(text) => match text.trim().parse::<Version>() {
                Ok(v) => Some(v),
                Err(e) => {
                    warnings.push(
                        warning(
                            Code::PlanInvalidVersion,
                            Severity::Error,
                            format!(
                                "{} version: {}; the rules that depend on it are left out until it is fixed",
                                c.name, e.message
                            ),
                        )
                        .help(e.help)
                        .product(&product.id)
                        .field(field.clone().key("versions").key(c.id.as_str())),
                    );
                    None
                }
            },
        };
        match v {
            Some(v) => env.values.insert(&c.id, Value::Version(v)),
            None => env.unknown.push(&c.id),
        }
    }
    for key in pp.versions.keys() {
        if product.component(key).is_none() {
            warnings.push(unknown_name(
                product,
                field,
                "versions",
                key,
                product.components.iter().map(|c| c.id.as_str()),
            ));
        }
    }
}

/// The product's options: given, else the default; an unreadable one stays unknown.
fn options_env<'a>(
    product: &'a Product,
    pp: &portolan_core::plan::PlanProduct,
    field: &FieldPath,
    env: &mut Env<'a>,
    warnings: &mut Vec<Warning>,
) {
    for o in &product.options {
        let given = pp.options.get(&o.id);
        match option_value(&o.kind, given) {
            Ok(value) => env.values.insert(&o.id, value),
            Err(valid) => {
                let bad = given.map(ToString::to_string).unwrap_or_default();
                warnings.push(
                    warning(
                        Code::PlanInvalidOption,
                        Severity::Error,
                        format!(
                            "option `{}` cannot be `{bad}`; the rules that depend on it are left out until it is fixed",
                            o.id
                        ),
                    )
                    .help(valid)
                    .product(&product.id)
                    .field(field.clone().key("options").key(o.id.as_str())),
                );
                env.unknown.push(&o.id);
            }
        }
    }
    for key in pp.options.keys() {
        if product.option(key).is_none() {
            warnings.push(unknown_name(
                product,
                field,
                "options",
                key,
                product.options.iter().map(|c| c.id.as_str()),
            ));
        }
    }
}

/// The product's parameters: given and valid, else the default (a parameter that is not
/// configurable keeps its default); an unreadable one stays unknown.
fn parameters_env<'a>(
    product: &'a Product,
    pp: &portolan_core::plan::PlanProduct,
    field: &FieldPath,
    env: &mut Env<'a>,
    warnings: &mut Vec<Warning>,
) {
    for prm in &product.parameters {
        let (value, warning) = parameter_value(product, prm, pp.parameters.get(&prm.id), field);
        warnings.extend(warning);
        match value {
            Some(value) => env.values.insert(&prm.id, value),
            None => env.unknown.push(&prm.id),
        }
    }
    for key in pp.parameters.keys() {
        if product.parameter(key).is_none() {
            warnings.push(unknown_name(
                product,
                field,
                "parameters",
                key,
                product.parameters.iter().map(|c| c.id.as_str()),
            ));
        }
    }
}

/// A parameter's value: the one given (with a warning if the parameter is fixed and it
/// differs, then the default) or the default; none, with the error, for a value that cannot
/// be read.
fn parameter_value(
    product: &Product,
    prm: &portolan_catalog::Parameter,
    given: Option<&ParamInput>,
    field: &FieldPath,
) -> (Option<Value>, Option<Warning>) {
    let default = match &prm.default {
        ParamValue::Number(n) => Value::Number(*n as f64),
        ParamValue::Text(t) => Value::Text(t.clone()),
    };
    let pfield = || field.clone().key("parameters").key(prm.id.as_str());
    let Some(given) = given else {
        return (Some(default), None);
    };
    match check_param(prm, given).and_then(|v| super::checks::template_checked(product, prm, v)) {
        Err(help) => (None, Some(warning(
            Code::PlanInvalidParameter,
            Severity::Error,
            format!("{} cannot be `{given}`; the rules that depend on it are left out until it is fixed", prm.name),
        )
        .help(help)
        .product(&product.id)
        .field(pfield()))),
        Ok(v) if !prm.configurable && v != default => {
            let mut w = warning(
                Code::FixedParameterChanged,
                Severity::Warning,
                format!(
                    "{} is not configurable; `{given}` is ignored and `{}` is used",
                    prm.name, prm.default
                ),
            )
            .help(format!("set it back to `{}`", prm.default))
            .product(&product.id)
            .field(pfield());
            w.cite = prm.cite.clone();
            (Some(default), Some(w))
        }
        Ok(v) => (Some(v), None),
    }
}

/// An option's value from the plan (`given`) or its default; `Err` says what the option takes.
fn option_value(kind: &OptionKind, given: Option<&OptionValue>) -> Result<Value, String> {
    let quoted = |values: &[String]| {
        values
            .iter()
            .map(|v| format!("`{v}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match (kind, given) {
        (OptionKind::Bool { default }, None) => Ok(Value::Bool(*default)),
        (OptionKind::Bool { .. }, Some(OptionValue::Bool(b))) => Ok(Value::Bool(*b)),
        (OptionKind::Bool { .. }, Some(_)) => Err("use `true` or `false`".to_string()),
        (OptionKind::Enum { default, .. }, None) => Ok(Value::Text(default.clone())),
        (OptionKind::Enum { values, .. }, Some(OptionValue::Text(t))) if values.contains(t) => {
            Ok(Value::Text(t.clone()))
        }
        (OptionKind::Enum { values, .. }, Some(_)) => Err(format!("use one of {}", quoted(values))),
        (OptionKind::Set { default, .. }, None) => Ok(Value::Set(default.clone())),
        (OptionKind::Set { values, .. }, Some(OptionValue::List(l)))
            if l.iter().all(|v| values.contains(v)) =>
        {
            let mut chosen: Vec<String> = Vec::with_capacity(l.len());
            for v in l {
                if !chosen.contains(v) {
                    chosen.push(v.clone());
                }
            }
            Ok(Value::Set(chosen))
        }
        (OptionKind::Set { values, .. }, Some(_)) => Err(format!(
            "use a list of any of {}, e.g. `[\"{}\"]`",
            quoted(values),
            values.first().map_or("", String::as_str)
        )),
    }
}

fn check_param(prm: &portolan_catalog::Parameter, given: &ParamInput) -> Result<Value, String> {
    match prm.kind {
        ParamKind::Port | ParamKind::Count => {
            let n: i64 = match given {
                ParamInput::Number(n) => *n,
                ParamInput::Text(t) => t
                    .trim()
                    .parse()
                    .map_err(|_| "enter a whole number".to_string())?,
            };
            if prm.kind == ParamKind::Port {
                if !(1..=65535).contains(&n) {
                    return Err("a port is a number from 1 to 65535".into());
                }
            } else {
                let min = prm.min.unwrap_or(0);
                let ok = u64::try_from(n).is_ok_and(|v| v >= min && prm.max.is_none_or(|m| v <= m));
                if !ok {
                    return Err(match prm.max {
                        Some(max) => format!("enter a number from {min} to {max}"),
                        None => format!("enter a number of at least {min}"),
                    });
                }
            }
            Ok(Value::Number(n as f64))
        }
        ParamKind::Text => match given {
            ParamInput::Text(t) if !t.trim().is_empty() => Ok(Value::Text(t.trim().to_string())),
            ParamInput::Number(n) => Ok(Value::Text(n.to_string())),
            ParamInput::Text(_) => Err("enter a value".into()),
        },
    }
}

fn unknown_name<'a>(
    product: &Product,
    field: &FieldPath,
    group: &str,
    key: &str,
    known: impl Iterator<Item = &'a str> + Clone,
) -> Warning {
    let hint = match did_you_mean(key, known.clone()) {
        Some(s) => format!("did you mean `{s}`?"),
        None => format!("known {group}: {}", known.collect::<Vec<_>>().join(", ")),
    };
    warning(
        Code::PlanUnknownName,
        Severity::Warning,
        format!(
            "product `{}` has no {} `{key}`; it is ignored",
            product.id,
            group.trim_end_matches('s')
        ),
    )
    .help(hint)
    .product(&product.id)
    .field(field.clone().key(group).key(key))
}

fn resolve_ports(specs: &[PortSpec], env: &Env) -> PortSet {
    let mut set = PortSet::default();
    for s in specs {
        match s {
            PortSpec::Range(r) => set.insert_range(*r),
            PortSpec::Param(name) => {
                if let Some(Value::Number(n)) = env.param(name) {
                    if let Ok(p) = u16::try_from(*n as i64) {
                        if let Ok(r) = PortRange::new(p, p) {
                            set.insert_range(r);
                        }
                    }
                }
            }
        }
    }
    set
}

/// The hosts (by index) that carry each `(product id, role id)`, in plan order.
type RoleHosts<'a> = FxHashMap<(&'a str, &'a str), Vec<usize>>;

/// A role's endpoints, with the index of the host each stands for.
type RoleEndpoints = Vec<(Option<usize>, Arc<Endpoint>)>;

/// A role's endpoints, borrowed.
type Ends<'e> = &'e [(Option<usize>, Arc<Endpoint>)];

/// The endpoints of a role of `p`: its hosts (`mapped`, from the role/host map); for external
/// roles without hosts the catalog's endpoints; for unmapped internal roles a placeholder named
/// after the role.
fn role_endpoints(
    p: &Product,
    role: &Role,
    env: &Env,
    mapped: Option<&Vec<usize>>,
    hosts: &[Arc<Endpoint>],
    warnings: &mut Vec<Warning>,
) -> RoleEndpoints {
    match (role.kind, mapped) {
        (RoleKind::Any, _) => vec![(
            None,
            Arc::new(Endpoint {
                kind: EndpointKind::Any,
                name: role.name.clone(),
                zone: String::new(),
                addresses: Vec::new(),
            }),
        )],
        (_, Some(list)) if !list.is_empty() => list
            .iter()
            .filter_map(|h| hosts.get(*h).map(|e| (Some(*h), Arc::clone(e))))
            .collect(),
        (RoleKind::Internal, _) => vec![(
            None,
            Arc::new(Endpoint {
                kind: EndpointKind::Unassigned,
                name: role.name.clone(),
                zone: String::new(),
                addresses: Vec::new(),
            }),
        )],
        (RoleKind::External, _) => {
            let mut addresses = Vec::new();
            for template in role.endpoints.iter().chain(release_endpoints(p, role, env)) {
                let text = fill_template(template, env);
                match text.parse::<Address>() {
                    Ok(a) => {
                        if !addresses.contains(&a) {
                            addresses.push(a);
                        }
                    }
                    Err(e) => warnings.push(
                        warning(
                            Code::PlanInvalidEndpoint,
                            Severity::Error,
                            format!("endpoint `{template}` of `{}` becomes `{text}`: {}", role.name, e.message),
                        )
                        .help("check the parameters it uses (a tenant name or region may contain only letters, digits and dashes)")
                        .product(&p.id),
                    ),
                }
            }
            vec![(
                None,
                Arc::new(Endpoint {
                    kind: EndpointKind::External,
                    name: role.name.clone(),
                    zone: String::new(),
                    addresses,
                }),
            )]
        }
    }
}

/// The endpoints of `role` that hold at the plan's release of `p` (see `releases.rs`).
fn release_endpoints<'a>(
    p: &Product,
    role: &'a Role,
    env: &Env,
) -> impl Iterator<Item = &'a String> + use<'a> {
    let version = match p.release_component().and_then(|c| env.values.get(&c.id)) {
        Some(Value::Version(v)) => Some(v.clone()),
        _ => None,
    };
    role.release_endpoints
        .iter()
        .filter(move |e| version.as_ref().is_some_and(|v| e.scope.holds(v)))
        .map(|e| &e.endpoint)
}

fn fill_template(template: &str, env: &Env) -> String {
    let mut out = template.to_string();
    if !template.contains('{') {
        return out;
    }
    // in name order, as the names' `{...}` are replaced one after the other
    let mut values: Vec<(&&str, &Value)> = env.values.iter().collect();
    values.sort_unstable_by_key(|(name, _)| **name);
    for (name, value) in values {
        let key = ["{", name, "}"].concat();
        if out.contains(&key) {
            let v = match value {
                Value::Text(t) => t.clone(),
                Value::Number(n) => format!("{n}"),
                Value::Version(v) => v.to_string(),
                Value::Bool(b) => b.to_string(),
                Value::Set(l) => l.join(","),
            };
            out = out.replace(&key, &v);
        }
    }
    out
}

/// A service a flow's destination host listens on: `product/listener` on `transport` and
/// `ports`, on the host with index `host` (the first host of that name).
struct Listener<'a> {
    host: usize,
    transport: Transport,
    product: &'a str,
    listener: &'a str,
    ports: Arc<PortSet>,
}

/// Two different listening services on one host with the same transport and port.
///
/// The listeners are grouped by (host, transport) on small integer keys, merged per
/// `product/listener` within each group (a host has few), and only the groups that conflict are
/// ordered by host name and transport, as the warnings are listed.
fn port_conflicts(
    mut listeners: Vec<Listener<'_>>,
    hosts: &[Arc<Endpoint>],
    warnings: &mut Vec<Warning>,
) {
    listeners.sort_unstable_by_key(|l| (l.host, l.transport));
    // (host name, transport, the warnings of that group in listener order)
    let mut conflicts: Vec<(&str, Transport, Vec<Warning>)> = Vec::new();
    let mut merged: Vec<(&str, &str, Cow<'_, PortSet>)> = Vec::new();
    for group in listeners.chunk_by(|a, b| (a.host, a.transport) == (b.host, b.transport)) {
        let Some(first) = group.first() else { continue };
        merged.clear();
        for l in group {
            match merged
                .iter_mut()
                .find(|(p, r, _)| *p == l.product && *r == l.listener)
            {
                Some((_, _, ports)) => {
                    if !std::ptr::eq(&**ports, &*l.ports) {
                        ports.to_mut().union_with(&l.ports);
                    }
                }
                None => merged.push((l.product, l.listener, Cow::Borrowed(&*l.ports))),
            }
        }
        if merged.len() < 2 {
            continue;
        }
        merged.sort_unstable_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
        let Some(host) = hosts.get(first.host).map(|e| e.name.as_str()) else {
            continue;
        };
        let transport = first.transport;
        let mut found = Vec::new();
        for (i, (pa, ra, ports_a)) in merged.iter().enumerate() {
            for (pb, rb, ports_b) in merged.iter().skip(i + 1) {
                let both = ports_a.intersection(ports_b);
                if both.is_empty() {
                    continue;
                }
                found.push(
                    warning(
                        Code::PortConflict,
                        Severity::Error,
                        format!(
                            "host `{host}`: `{pa}/{ra}` and `{pb}/{rb}` both listen on {transport} {both}"
                        ),
                    )
                    .help("move one of the roles to another host, or configure one of them to use a different port")
                    .product(pa)
                    .hosts(host),
                );
            }
        }
        if !found.is_empty() {
            conflicts.push((host, transport, found));
        }
    }
    conflicts.sort_unstable_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
    for (_, _, found) in conflicts {
        warnings.extend(found);
    }
}
