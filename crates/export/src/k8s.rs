//! Kubernetes NetworkPolicy for the roles whose components run in containers.
//!
//! A NetworkPolicy selects pods, not hosts, so this exporter works per role: one policy per
//! container role of the plan, selecting the pods labelled `portolan.io/product: <product id>`
//! and `portolan.io/role: <role id>`. Its ingress rules are the flows to the role, its egress
//! rules the flows from it; a peer that is itself a container role is matched by the same labels
//! (`podSelector`, same namespace), any other peer by `ipBlock` with the plan's addresses. Flows
//! between two roles on one host are network flows between pods here, so they are included.
//!
//! A direction (ingress or egress) is restricted only when every flow of it can be written;
//! otherwise a policy would block a flow the product needs, so the direction is left open and
//! the header says why. Every string is JSON-quoted ([`text::json_str`]); comments carry
//! [`text::comment_text`] only.

use super::text::{self, json_str};
use super::{Capabilities, ExportContext, Exporter, Output, Unexpressed};
use ipnet::IpNet;
use portolan_core::net::{collapse, Address, PortSet, Transport};
use portolan_engine::{AggregatedRule, Endpoint, EndpointKind, Flow};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

pub struct Kubernetes;

/// Label keys that select a role's pods.
pub const PRODUCT_LABEL: &str = "portolan.io/product";
pub const ROLE_LABEL: &str = "portolan.io/role";

/// The roles whose components run in containers, by product. The catalog has no field for this
/// yet, so the list lives here: the EX Engage Connector vendor document deploys the EXRP
/// container to a local registry and starts the EXEC services (EXCS, EXAS, EXCP) from the same
/// deployment (`.env` file); it does not say which services share the EXRP container, so each
/// role gets its own selector.
pub const CONTAINER_ROLES: &[(&str, &[&str])] =
    &[("ex-engage-connector", &["excs", "exas", "excp", "exrp"])];

/// True when `product/role` runs in a container.
pub fn is_container(product: &str, role: &str) -> bool {
    CONTAINER_ROLES
        .iter()
        .any(|(p, roles)| *p == product && roles.contains(&role))
}

impl Exporter for Kubernetes {
    fn id(&self) -> &'static str {
        "kubernetes"
    }
    fn name(&self) -> &'static str {
        "Kubernetes NetworkPolicy"
    }
    fn extension(&self) -> &'static str {
        "yaml"
    }
    fn mime(&self) -> &'static str {
        "application/yaml"
    }
    fn capabilities(&self) -> Capabilities {
        Capabilities {
            fqdn: false,
            wildcard: false,
            ipv6: true,
            unresolved: false,
            ranges: true,
            zones: false,
        }
    }
    fn description(&self) -> &'static str {
        "One NetworkPolicy per role that runs in a container, selecting its pods by label; peers \
         as pod selectors (container roles) or ipBlocks; no host names, wildcard domains or \
         roles outside containers."
    }

    fn render(
        &self,
        cx: &ExportContext<'_>,
        rules: &[&AggregatedRule],
        skipped: &[Unexpressed],
        out: &mut Output,
    ) {
        let ok: BTreeSet<&str> = rules.iter().map(|r| r.id.as_str()).collect();
        // each flow with the aggregated rule it belongs to (none for flows within one host)
        let flows: Vec<(&Flow, Option<&AggregatedRule>)> = cx
            .report
            .flows
            .iter()
            .map(|f| (f, rule_of(f, &cx.report.rules)))
            .collect();
        let mut notes: Vec<String> = Vec::new();
        let mut docs = String::new();
        let mut count = 0usize;
        // flows written into a restricted direction, by (flow index)
        let mut written: BTreeSet<usize> = BTreeSet::new();
        // flows of a direction left open: why
        let mut left_open: BTreeMap<usize, String> = BTreeMap::new();

        for (product, role) in container_roles(cx) {
            let label = format!("{product}/{role}");
            let mut dirs: Vec<(Dir, Vec<Item>)> = Vec::new();
            for dir in [Dir::Ingress, Dir::Egress] {
                let mine: Vec<usize> = flows
                    .iter()
                    .enumerate()
                    .filter(|(_, (f, _))| {
                        *f.product == *product
                            && match dir {
                                Dir::Ingress => *f.to_role == *role,
                                Dir::Egress => *f.from_role == *role,
                            }
                    })
                    .map(|(i, _)| i)
                    .collect();
                if mine.is_empty() {
                    notes.push(format!(
                        "{label} {}: open (the catalog lists no flow)",
                        dir.word()
                    ));
                    continue;
                }
                let mut peers: BTreeMap<Peer, Acc> = BTreeMap::new();
                let mut blockers: BTreeSet<String> = BTreeSet::new();
                for &i in &mine {
                    let Some((f, agg)) = flows.get(i) else {
                        continue;
                    };
                    if let Some(a) = agg {
                        if !ok.contains(a.id.as_str()) {
                            blockers.insert(a.id.clone());
                            continue;
                        }
                    }
                    let (other_role, other) = match dir {
                        Dir::Ingress => (&f.from_role, &f.source),
                        Dir::Egress => (&f.to_role, &f.destination),
                    };
                    match peers_of(&f.product, other_role, other) {
                        Some(list) => {
                            for p in list {
                                let acc = peers.entry(p).or_default();
                                acc.ports
                                    .entry(f.transport)
                                    .or_default()
                                    .union_with(&f.ports);
                                acc.why.insert(f.rule.to_string());
                            }
                        }
                        None => {
                            blockers.insert(format!("{} ({})", f.rule, other.name));
                        }
                    }
                }
                if !blockers.is_empty() {
                    for &i in &mine {
                        left_open
                            .entry(i)
                            .or_insert_with(|| format!("{} of {label}", dir.word()));
                    }
                    notes.push(format!(
                        "{label} {}: open, because {} cannot be written",
                        dir.word(),
                        blockers.into_iter().collect::<Vec<_>>().join(", ")
                    ));
                    continue;
                }
                written.extend(mine.iter().copied());
                let items = group(peers);
                count += items.len();
                dirs.push((dir, items));
            }
            if dirs.is_empty() {
                continue;
            }
            docs.push_str(&policy(cx, product, role, &dirs));
        }

        // rules not (fully) written
        let mut unexpressed = Vec::new();
        for r in rules {
            let mine: Vec<(usize, &Flow)> = flows
                .iter()
                .enumerate()
                .filter(|(_, (_, a))| a.is_some_and(|a| a.id == r.id))
                .map(|(i, (f, _))| (i, *f))
                .collect();
            let touches = |f: &Flow| {
                is_container(&f.product, &f.from_role) || is_container(&f.product, &f.to_role)
            };
            let outside: BTreeSet<String> = mine
                .iter()
                .filter(|(_, f)| !touches(f))
                .map(|(_, f)| format!("{}/{}", f.product, f.rule))
                .collect();
            let inside = mine.iter().filter(|(_, f)| touches(f)).count();
            let unwritten: BTreeSet<&str> = mine
                .iter()
                .filter(|(i, f)| touches(f) && !written.contains(i))
                .map(|(i, _)| left_open.get(i).map_or("a direction", String::as_str))
                .collect();
            let reason = if inside == 0 {
                Some("no endpoint of it runs in a container".to_string())
            } else if !outside.is_empty() {
                Some(format!(
                    "partly: {} involve no container role",
                    outside.into_iter().collect::<Vec<_>>().join(", ")
                ))
            } else if !unwritten.is_empty() {
                Some(format!(
                    "not written: {} left open (see the notes)",
                    unwritten.into_iter().collect::<Vec<_>>().join(", ")
                ))
            } else {
                None
            };
            if let Some(reason) = reason {
                unexpressed.push(Unexpressed {
                    rule: r.id.clone(),
                    reason,
                });
            }
        }

        let mut all_skipped = skipped.to_vec();
        all_skipped.extend(unexpressed.iter().cloned());
        let mut s = text::header("#", self, cx, count, &all_skipped);
        s.push_str("#\n");
        let _ = writeln!(
            s,
            "# Pods are selected by the labels {PRODUCT_LABEL}: <product id> and {ROLE_LABEL}: <role id>;"
        );
        s.push_str("# label each component's pods so (a policy selects no pod until then) and apply the file in\n");
        s.push_str("# the components' namespace: kubectl apply -n NAMESPACE -f FILE\n");
        s.push_str("# Roles that run in containers (the catalog does not record this yet; built into the exporter):\n");
        for (p, roles) in CONTAINER_ROLES {
            let _ = writeln!(s, "#   {p}: {}", roles.join(", "));
        }
        s.push_str("# Peers that are container roles are matched by their pod labels in the same namespace,\n");
        s.push_str("# other peers by ipBlock. A direction is restricted only when all its flows can be written.\n");
        s.push_str("# A restricted egress allows only the flows below: add your cluster DNS if the pods resolve names.\n");
        if !notes.is_empty() {
            s.push_str("# Directions left open:\n");
            for n in &notes {
                let _ = writeln!(s, "#   {}", text::comment_text(n, 200));
            }
        }
        if docs.is_empty() {
            s.push_str("# No NetworkPolicy: no role of this plan that runs in a container has a flow to restrict.\n");
        }
        s.push_str(&docs);
        out.content = s;
        out.rule_count = count;
        out.unexpressed = unexpressed;
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Dir {
    Ingress,
    Egress,
}

impl Dir {
    fn word(self) -> &'static str {
        match self {
            Dir::Ingress => "ingress",
            Dir::Egress => "egress",
        }
    }
}

/// One side of a policy rule.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Peer {
    /// Any address (the rule has no `from`/`to`).
    All,
    /// The pods of a container role of the same product.
    Pods(String, String),
    Block(IpNet),
}

#[derive(Default)]
struct Acc {
    ports: BTreeMap<Transport, PortSet>,
    /// Catalog rule ids.
    why: BTreeSet<String>,
}

/// One ingress or egress rule: peers and the ports they all use.
struct Item {
    peers: Vec<Peer>,
    ports: BTreeMap<Transport, PortSet>,
    why: BTreeSet<String>,
}

/// The container roles the plan uses (mapped to a host, or in a flow), in catalog order.
fn container_roles<'a>(cx: &ExportContext<'a>) -> Vec<(&'a str, &'a str)> {
    let mut out = Vec::new();
    for p in &cx.catalog.products {
        if cx.plan.product(&p.id).is_none() {
            continue;
        }
        for r in &p.roles {
            if !is_container(&p.id, &r.id) {
                continue;
            }
            let key = format!("{}/{}", p.id, r.id);
            let mapped = cx.plan.hosts.iter().any(|h| h.roles.contains(&key));
            let in_flow = cx
                .report
                .flows
                .iter()
                .any(|f| f.product == p.id && (*f.from_role == *r.id || *f.to_role == *r.id));
            if mapped || in_flow {
                out.push((&*p.id, r.id.as_str()));
            }
        }
    }
    out
}

/// The aggregated rule a network flow went into.
fn rule_of<'a>(f: &Flow, rules: &'a [AggregatedRule]) -> Option<&'a AggregatedRule> {
    if f.local {
        return None;
    }
    let id = format!("{}/{}", f.product, f.rule);
    rules.iter().find(|r| {
        r.transport == f.transport
            && r.optional == f.optional
            && r.catalog_rules.iter().any(|c| c.as_str() == id)
            && r.sources.contains(&f.source)
            && r.destinations.contains(&f.destination)
    })
}

/// The peers a flow's far side is written as, or `None` when it cannot be.
fn peers_of(product: &str, role: &str, e: &Endpoint) -> Option<Vec<Peer>> {
    if is_container(product, role) {
        return Some(vec![Peer::Pods(product.to_string(), role.to_string())]);
    }
    if e.kind == EndpointKind::Any {
        return Some(vec![Peer::All]);
    }
    let mut nets = Vec::new();
    for a in e.rule_addresses() {
        match a {
            Address::Net(n) => nets.push(Peer::Block(*n)),
            _ => return None,
        }
    }
    if nets.is_empty() {
        None
    } else {
        Some(nets)
    }
}

/// Ports by transport, as a map key.
type PortsKey = Vec<(Transport, PortSet)>;
/// Peers other than address blocks, address blocks, catalog rule ids.
type Group = (Vec<Peer>, Vec<IpNet>, BTreeSet<String>);

/// Peers with the same ports become one rule; address blocks are collapsed.
fn group(peers: BTreeMap<Peer, Acc>) -> Vec<Item> {
    let mut by_ports: BTreeMap<PortsKey, Group> = BTreeMap::new();
    for (peer, acc) in peers {
        let key: Vec<(Transport, PortSet)> = acc.ports.into_iter().collect();
        let e = by_ports.entry(key).or_default();
        match peer {
            Peer::Block(n) => e.1.push(n),
            p => e.0.push(p),
        }
        e.2.extend(acc.why);
    }
    by_ports
        .into_iter()
        .map(|(ports, (mut list, nets, why))| {
            if list.contains(&Peer::All) {
                list = vec![Peer::All];
            } else {
                list.extend(collapse(&nets).into_iter().map(Peer::Block));
            }
            Item {
                peers: list,
                ports: ports.into_iter().collect(),
                why,
            }
        })
        .collect()
}

/// One NetworkPolicy document.
fn policy(cx: &ExportContext<'_>, product: &str, role: &str, dirs: &[(Dir, Vec<Item>)]) -> String {
    let mut s = String::new();
    s.push_str("---\n");
    let _ = writeln!(s, "# {product}/{role}");
    s.push_str("apiVersion: networking.k8s.io/v1\n");
    s.push_str("kind: NetworkPolicy\n");
    s.push_str("metadata:\n");
    let _ = writeln!(
        s,
        "  name: {}",
        json_str(&format!("portolan-{product}-{role}"))
    );
    s.push_str("  labels:\n");
    let _ = writeln!(
        s,
        "    app.kubernetes.io/managed-by: {}",
        json_str("portolan")
    );
    s.push_str("  annotations:\n");
    let _ = writeln!(s, "    portolan.io/plan: {}", json_str(&cx.plan.name));
    s.push_str("spec:\n");
    s.push_str("  podSelector:\n");
    s.push_str("    matchLabels:\n");
    let _ = writeln!(s, "      {PRODUCT_LABEL}: {}", json_str(product));
    let _ = writeln!(s, "      {ROLE_LABEL}: {}", json_str(role));
    s.push_str("  policyTypes:\n");
    for (d, _) in dirs {
        let t = match d {
            Dir::Ingress => "Ingress",
            Dir::Egress => "Egress",
        };
        let _ = writeln!(s, "    - {}", json_str(t));
    }
    for (d, items) in dirs {
        let (key, peer_key) = match d {
            Dir::Ingress => ("ingress", "from"),
            Dir::Egress => ("egress", "to"),
        };
        let _ = writeln!(s, "  {key}:");
        for item in items {
            let why: Vec<&str> = item.why.iter().map(String::as_str).collect();
            let _ = writeln!(s, "    # {}", text::comment_text(&why.join(", "), 200));
            let mut first = true;
            let mut lead = |s: &mut String| {
                if first {
                    first = false;
                    s.push_str("    - ");
                } else {
                    s.push_str("      ");
                }
            };
            if !item.peers.contains(&Peer::All) {
                lead(&mut s);
                let _ = writeln!(s, "{peer_key}:");
                for p in &item.peers {
                    match p {
                        Peer::Pods(prod, r) => {
                            s.push_str("        - podSelector:\n");
                            s.push_str("            matchLabels:\n");
                            let _ =
                                writeln!(s, "              {PRODUCT_LABEL}: {}", json_str(prod));
                            let _ = writeln!(s, "              {ROLE_LABEL}: {}", json_str(r));
                        }
                        Peer::Block(n) => {
                            s.push_str("        - ipBlock:\n");
                            let _ = writeln!(s, "            cidr: {}", json_str(&n.to_string()));
                        }
                        Peer::All => {}
                    }
                }
            }
            lead(&mut s);
            s.push_str("ports:\n");
            for (t, ports) in &item.ports {
                let proto = match t {
                    Transport::Tcp => "TCP",
                    Transport::Udp => "UDP",
                };
                for p in ports.ranges() {
                    let _ = writeln!(s, "        - protocol: {}", json_str(proto));
                    let _ = writeln!(s, "          port: {}", p.start());
                    if !p.is_single() {
                        let _ = writeln!(s, "          endPort: {}", p.end());
                    }
                }
            }
        }
    }
    s
}
