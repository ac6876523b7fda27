//! Flows between endpoints that share no IP address family: a host with only IPv4 addresses
//! cannot open a connection to one with only IPv6 addresses, whatever the firewall allows.

use super::flow_set::{End, Flows};
use super::fxhash::FxHashMap;
use super::report::{Endpoint, EndpointKind, Warning};
use portolan_core::diag::Severity;
use portolan_core::diag::{Code, FieldPath};
use portolan_core::net::Family;
use portolan_core::plan::Plan;
use portolan_core::text::Text;

/// A set of IP families as bits (`V4` = 1, `V6` = 2): computed for every flow, so it must not
/// allocate.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Families(u8);

impl Families {
    /// The IP families an endpoint's rule addresses use; empty when it has none (unassigned
    /// roles, `any`, names only: those can be either family, so nothing is known).
    fn of(e: &Endpoint) -> Families {
        let mut bits = 0;
        for a in e.rule_addresses() {
            bits |= match a.family() {
                Some(Family::V4) => 1,
                Some(Family::V6) => 2,
                None => 0,
            };
        }
        Families(bits)
    }

    /// `IPv4`, `IPv6` or `IPv4 and IPv6` (in `Family` order, as `Family` displays).
    fn describe(self) -> &'static str {
        match self.0 {
            1 => "IPv4",
            2 => "IPv6",
            3 => "IPv4 and IPv6",
            _ => "",
        }
    }
}

/// The families of each side of a host pair, and the rules between them.
/// (The rules' names, one per flow: sorted and made distinct once at the end.)
type Mismatch<'f> = (Families, Families, Vec<&'f Text>);

/// One warning per (source, destination) pair that has flows but no address family in common,
/// naming the rules that cannot work; linked to the source host's addresses in the plan.
pub(super) fn family_mismatches(plan: &Plan, flows: &Flows, warnings: &mut Vec<Warning>) {
    let pairs = mismatched_pairs(flows);
    if pairs.is_empty() {
        return;
    }
    let mut pairs: Vec<_> = pairs.into_iter().collect();
    pairs.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    // the first host of each name, as typed (the field of a warning is its source's addresses)
    let mut first_host: FxHashMap<&str, usize> =
        FxHashMap::with_capacity_and_hasher(plan.hosts.len(), Default::default());
    for (i, h) in plan.hosts.iter().enumerate() {
        first_host.entry(h.name.as_str()).or_insert(i);
    }
    for ((src, dst), (from, to, rules)) in pairs {
        let field = first_host
            .get(src)
            .map(|i| FieldPath::host(*i).key("addresses"));
        warnings.push(mismatch_warning(src, dst, from, to, rules, field));
    }
}

/// The host pairs whose flows share no address family (names among the addresses may resolve
/// to either family, so a pair with a name is left out). Each group's ends are sorted by their
/// one family first, so only the pairs that mismatch are visited, not every pair.
fn mismatched_pairs(flows: &Flows) -> FxHashMap<(&str, &str), Mismatch<'_>> {
    // (hashed: looked up for every mismatched flow; sorted by the caller)
    let mut pairs: FxHashMap<(&str, &str), Mismatch<'_>> = FxHashMap::default();
    for g in flows.groups() {
        let (srcs, dsts) = (single_family(&g.sources), single_family(&g.destinations));
        for (from, to) in [(V4, V6), (V6, V4)] {
            for (si, _, src) in srcs.iter().filter(|(_, f, _)| *f == from) {
                for (di, _, dst) in dsts.iter().filter(|(_, f, _)| *f == to) {
                    if g.is_local(*si, *di) {
                        continue;
                    }
                    let key = (src.name.as_str(), dst.name.as_str());
                    let entry = pairs.entry(key).or_insert_with(|| (from, to, Vec::new()));
                    // one name per flow, as the transports each make one
                    for _ in g.transports {
                        entry.2.push(&g.catalog_rule);
                    }
                }
            }
        }
    }
    pairs
}

const V4: Families = Families(1);
const V6: Families = Families(2);

/// The ends (index, family, endpoint) whose addresses are all of one IP family: the only ones
/// that can mismatch (not `any`, no names, not both families).
fn single_family(ends: &[End]) -> Vec<(usize, Families, &Endpoint)> {
    ends.iter()
        .enumerate()
        .filter(|(_, e)| e.endpoint.kind != EndpointKind::Any)
        .filter(|(_, e)| !e.endpoint.rule_addresses().any(|a| !a.is_ip()))
        .map(|(i, e)| (i, Families::of(&e.endpoint), &*e.endpoint))
        .filter(|(_, f, _)| *f == V4 || *f == V6)
        .collect()
}

/// The `address-family` error for one host pair.
fn mismatch_warning(
    src: &str,
    dst: &str,
    from: Families,
    to: Families,
    rules: Vec<&Text>,
    field: Option<FieldPath>,
) -> Warning {
    let rules = super::aggregate::rule_names(rules);
    let message = [
        "`",
        src,
        "` has only ",
        from.describe(),
        " addresses and `",
        dst,
        "` only ",
        to.describe(),
        ": they cannot connect for ",
        &rules.join(", "),
    ]
    .concat();
    let help = [
        "give `",
        src,
        "` an ",
        to.describe(),
        " address or `",
        dst,
        "` an ",
        from.describe(),
        " address (or map the role to another host)",
    ]
    .concat();
    Warning {
        code: Code::AddressFamily,
        severity: Severity::Error,
        message,
        help: Some(help),
        product: None,
        field,
        cite: None,
        roles: Vec::new(),
        hosts: vec![src.to_string(), dst.to_string()],
        component: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flow_set::RuleFlows;
    use crate::report::Endpoint;
    use portolan_core::net::{PortSet, Transport};
    use std::sync::Arc;

    fn endpoint(kind: EndpointKind, name: &str, addrs: &[&str]) -> Arc<Endpoint> {
        Arc::new(Endpoint {
            kind,
            name: name.to_string(),
            zone: String::new(),
            addresses: addrs.iter().map(|a| a.parse().unwrap()).collect(),
        })
    }

    /// One flow of `rule` from `src` to `dst` (one host when `local`).
    fn flow(src: Arc<Endpoint>, dst: Arc<Endpoint>, rule: &str) -> RuleFlows {
        let end = |endpoint, host| End { host, endpoint };
        RuleFlows {
            product: "p".into(),
            rule: rule.into(),
            from_role: "a".into(),
            to_role: "b".into(),
            sources: vec![end(src, None)],
            destinations: vec![end(dst, None)],
            transports: &[Transport::Tcp],
            protocol: None,
            ports: Arc::new(PortSet::default()),
            purpose: "x".into(),
            cite: portolan_catalog::Citation {
                source: "s".into(),
                quote: "q".into(),
            },
            optional: false,
            tags: Default::default(),
            service: None,
            catalog_rule: format!("p/{rule}").into(),
        }
    }

    fn plan_with(hosts: &[&str]) -> Plan {
        let mut plan = Plan::default();
        for h in hosts {
            plan.hosts.push(portolan_core::plan::Host {
                name: h.to_string(),
                ..Default::default()
            });
        }
        plan
    }

    #[test]
    fn disjoint_families_warn_once_per_pair_with_every_rule() {
        let v4 = endpoint(EndpointKind::Host, "pc", &["10.0.0.0/24"]);
        let v6 = endpoint(EndpointKind::Host, "rec", &["2001:db8::10"]);
        let flows = [
            flow(v4.clone(), v6.clone(), "r1"),
            flow(v4.clone(), v6.clone(), "r2"),
        ];
        let mut w = Vec::new();
        family_mismatches(
            &plan_with(&["rec", "pc"]),
            &Flows::new(flows.into()),
            &mut w,
        );
        assert_eq!(w.len(), 1, "{w:?}");
        let w = &w[0];
        assert_eq!(w.code, "address-family");
        assert_eq!(
            w.field.as_ref().map(ToString::to_string).as_deref(),
            Some("hosts[1].addresses")
        );
        assert!(w.message.contains("`pc` has only IPv4"), "{}", w.message);
        assert!(w.message.contains("`rec` only IPv6"), "{}", w.message);
        assert!(w.message.contains("p/r1, p/r2"), "{}", w.message);
    }

    #[test]
    fn shared_family_names_any_and_local_do_not_warn() {
        let v4 = endpoint(EndpointKind::Host, "pc", &["10.0.0.1"]);
        let dual = endpoint(EndpointKind::Host, "rec", &["10.0.0.2", "2001:db8::2"]);
        let v6 = endpoint(EndpointKind::Host, "v6", &["2001:db8::3"]);
        let named = endpoint(EndpointKind::External, "cloud", &["*.example.com"]);
        let any = endpoint(EndpointKind::Any, "any", &[]);
        let unassigned = endpoint(EndpointKind::Unassigned, "role", &[]);
        let mut local = flow(v4.clone(), v6.clone(), "local");
        local.sources[0].host = Some(0);
        local.destinations[0].host = Some(0);
        let flows = [
            flow(v4.clone(), dual.clone(), "a"),
            flow(v6.clone(), dual, "b"),
            flow(v4.clone(), named, "c"),
            flow(any, v6.clone(), "d"),
            flow(unassigned, v6.clone(), "e"),
            local,
        ];
        let mut w = Vec::new();
        family_mismatches(&plan_with(&[]), &Flows::new(flows.into()), &mut w);
        assert!(w.is_empty(), "{w:?}");
    }

    #[test]
    fn a_host_name_next_to_ip_addresses_is_only_an_alias() {
        // a host's own name does not make it reachable over the other family
        let v4 = endpoint(EndpointKind::Host, "pc", &["10.0.0.1", "pc.example.com"]);
        let v6 = endpoint(EndpointKind::External, "svc", &["2001:db8::/32"]);
        let mut w = Vec::new();
        let flows = Flows::new(vec![flow(v4, v6, "r")]);
        family_mismatches(&plan_with(&["pc"]), &flows, &mut w);
        assert_eq!(w.len(), 1, "{w:?}");
    }
}
