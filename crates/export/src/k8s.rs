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
use portolan_engine::{AggregatedRule, End, Endpoint, EndpointKind, RuleFlows};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

pub struct Kubernetes;

/// Label keys that select a role's pods.
pub const PRODUCT_LABEL: &str = "portolan.io/product";
pub const ROLE_LABEL: &str = "portolan.io/role";

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
        let mut policies = Policies::new(cx, rules);
        for c in &cx.report.containers {
            policies.role(cx, &c.product, &c.role);
        }
        let unexpressed = policies.unexpressed(rules);
        let mut all_skipped = skipped.to_vec();
        all_skipped.extend(unexpressed.iter().cloned());
        let mut s = text::header("#", self, cx, policies.count, &all_skipped);
        s.push_str(&file_notes(cx, &policies.notes, policies.docs.is_empty()));
        s.push_str(&policies.docs);
        out.content = s;
        out.rule_count = policies.count;
        out.unexpressed = unexpressed;
    }
}

/// The comment lines after the common header: how pods are selected, which roles run in
/// containers (the catalog's `container` roles), the directions left open.
fn file_notes(cx: &ExportContext<'_>, notes: &[String], no_docs: bool) -> String {
    let mut s = String::from("#\n");
    let _ = writeln!(
        s,
        "# Pods are selected by the labels {PRODUCT_LABEL}: <product id> and {ROLE_LABEL}: <role id>;"
    );
    s.push_str("# label each component's pods so (a policy selects no pod until then) and apply the file in\n");
    s.push_str("# the components' namespace: kubectl apply -n NAMESPACE -f FILE\n");
    s.push_str(
        "# Roles that run in containers (the catalog's `container` roles, with their citations):\n",
    );
    for p in &cx.catalog.products {
        let roles: Vec<&str> = (p.roles.iter().filter(|r| r.container))
            .map(|r| r.id.as_str())
            .collect();
        if !roles.is_empty() {
            let _ = writeln!(s, "#   {}: {}", p.id, roles.join(", "));
        }
    }
    s.push_str(
        "# Peers that are container roles are matched by their pod labels in the same namespace,\n",
    );
    s.push_str("# other peers by ipBlock. A direction is restricted only when all its flows can be written.\n");
    s.push_str("# A restricted egress allows only the flows below: add your cluster DNS if the pods resolve names.\n");
    if !notes.is_empty() {
        s.push_str("# Directions left open:\n");
        for n in notes {
            let _ = writeln!(s, "#   {}", text::comment_text(n, 200));
        }
    }
    if no_docs {
        s.push_str("# No NetworkPolicy: no role of this plan that runs in a container has a flow to restrict.\n");
    }
    s
}

/// The policies of one export, built role by role: the report's flow groups with what their
/// flows need here, and what has been written and left open so far.
struct Policies<'a> {
    /// The report's flow groups, in order.
    groups: Vec<GroupRules<'a>>,
    /// The report's container roles, `(product, role)`.
    containers: Containers<'a>,
    notes: Vec<String>,
    docs: String,
    count: usize,
    /// Groups whose flows are written into a restricted direction, by group index.
    written: BTreeSet<usize>,
    /// Groups whose flows are in a direction left open: why.
    left_open: BTreeMap<usize, String>,
}

impl<'a> Policies<'a> {
    fn new(cx: &ExportContext<'a>, rules: &[&'a AggregatedRule]) -> Self {
        let index = RuleIndex::new(&cx.report.rules);
        let ok: BTreeSet<&'a str> = rules.iter().map(|r| r.id.as_str()).collect();
        Policies {
            groups: (cx.report.flows.groups().iter())
                .map(|g| GroupRules::new(g, &index, &ok))
                .collect(),
            containers: Containers::new(cx),
            notes: Vec::new(),
            docs: String::new(),
            count: 0,
            written: BTreeSet::new(),
            left_open: BTreeMap::new(),
        }
    }

    /// The policy of one container role: each direction restricted when all its flows can be
    /// written, else left open with a note.
    fn role(&mut self, cx: &ExportContext<'_>, product: &str, role: &str) {
        let label = format!("{product}/{role}");
        let mut dirs: Vec<(Dir, Vec<Item>)> = Vec::new();
        for dir in [Dir::Ingress, Dir::Egress] {
            let mine = self.groups_of(product, role, dir);
            if mine.is_empty() {
                let note = format!("{label} {}: open (the catalog lists no flow)", dir.word());
                self.notes.push(note);
                continue;
            }
            match self.peers(&mine, dir) {
                Ok(peers) => {
                    self.written.extend(mine.iter().copied());
                    let items = group(peers);
                    self.count += items.len();
                    dirs.push((dir, items));
                }
                Err(blockers) => {
                    for &i in &mine {
                        (self.left_open.entry(i))
                            .or_insert_with(|| format!("{} of {label}", dir.word()));
                    }
                    self.notes.push(format!(
                        "{label} {}: open, because {} cannot be written",
                        dir.word(),
                        blockers.into_iter().collect::<Vec<_>>().join(", ")
                    ));
                }
            }
        }
        if !dirs.is_empty() {
            self.docs.push_str(&policy(cx, product, role, &dirs));
        }
    }

    /// The groups (by index) of the flows into (`Ingress`) or out of (`Egress`) `product/role`.
    fn groups_of(&self, product: &str, role: &str, dir: Dir) -> Vec<usize> {
        (self.groups.iter().enumerate())
            .filter(|(_, g)| {
                *g.flows.product == *product
                    && match dir {
                        Dir::Ingress => *g.flows.to_role == *role,
                        Dir::Egress => *g.flows.from_role == *role,
                    }
            })
            .map(|(i, _)| i)
            .collect()
    }

    /// The peers of the flows of the groups `mine` with their ports, or what cannot be written
    /// (rules the format cannot express, peers without addresses).
    fn peers(&self, mine: &[usize], dir: Dir) -> Result<BTreeMap<Peer, Acc>, BTreeSet<String>> {
        let mut peers: BTreeMap<Peer, Acc> = BTreeMap::new();
        let mut blockers: BTreeSet<String> = BTreeSet::new();
        for g in mine.iter().filter_map(|&i| self.groups.get(i)) {
            blockers.extend(g.blocked.iter().map(|id| id.to_string()));
            let f = g.flows;
            let (other_role, ends, kept) = match dir {
                Dir::Ingress => (&f.from_role, &f.sources, &g.sources_kept),
                Dir::Egress => (&f.to_role, &f.destinations, &g.destinations_kept),
            };
            // Ends whose every flow went into a rule the format cannot write are not looked
            // at (that rule already blocks the direction).
            for (e, _) in ends.iter().zip(kept).filter(|(_, k)| **k) {
                let Some(list) = peers_of(&self.containers, &f.product, other_role, &e.endpoint)
                else {
                    blockers.insert(format!("{} ({})", f.rule, e.endpoint.name));
                    continue;
                };
                for p in list {
                    let acc = peers.entry(p).or_default();
                    for t in f.transports {
                        (acc.ports.entry(*t).or_default()).union_with(&f.ports);
                    }
                    acc.why.insert(f.rule.to_string());
                }
            }
        }
        if blockers.is_empty() {
            Ok(peers)
        } else {
            Err(blockers)
        }
    }

    /// The rules not (fully) written, with why.
    fn unexpressed(&self, rules: &[&AggregatedRule]) -> Vec<Unexpressed> {
        (rules.iter())
            .filter_map(|r| {
                self.why_unwritten(r).map(|reason| Unexpressed {
                    rule: r.id.clone(),
                    reason,
                })
            })
            .collect()
    }

    /// Why `r` is not (fully) in the policies, or `None` when it is.
    fn why_unwritten(&self, r: &AggregatedRule) -> Option<String> {
        let mine: Vec<(usize, &RuleFlows)> = (self.groups.iter().enumerate())
            .filter(|(_, g)| g.rules.contains(r.id.as_str()))
            .map(|(i, g)| (i, g.flows))
            .collect();
        let touches = |f: &RuleFlows| {
            self.containers.has(&f.product, &f.from_role)
                || self.containers.has(&f.product, &f.to_role)
        };
        let outside: BTreeSet<String> = (mine.iter())
            .filter(|(_, f)| !touches(f))
            .map(|(_, f)| format!("{}/{}", f.product, f.rule))
            .collect();
        let inside = mine.iter().filter(|(_, f)| touches(f)).count();
        let unwritten: BTreeSet<&str> = (mine.iter())
            .filter(|(i, f)| touches(f) && !self.written.contains(i))
            .map(|(i, _)| self.left_open.get(i).map_or("a direction", String::as_str))
            .collect();
        if inside == 0 {
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
        }
    }
}

/// One group of the report's flows with the aggregated rules its flows went into. Each network
/// flow goes into the first aggregated rule (of its catalog rule, transport and optional) that
/// lists both its ends; the ends of each side are taken by class — the ends listed in the same
/// of those rules — so the cost grows with the ends and classes, not with the host pairs.
struct GroupRules<'a> {
    flows: &'a RuleFlows,
    /// The aggregated rules its network (not local) flows went into (ids).
    rules: BTreeSet<&'a str>,
    /// Of those, the ones the format cannot write.
    blocked: BTreeSet<&'a str>,
    /// By source: some flow from it is local, went into no aggregated rule or into one the
    /// format writes.
    sources_kept: Vec<bool>,
    /// By destination: the same for the flows to it.
    destinations_kept: Vec<bool>,
}

impl<'a> GroupRules<'a> {
    fn new(flows: &'a RuleFlows, index: &RuleIndex<'a>, ok: &BTreeSet<&str>) -> Self {
        let cands: Vec<&[IndexedRule<'a>]> = (flows.transports.iter())
            .map(|t| index.candidates(&flows.catalog_rule, *t, flows.optional))
            .collect();
        let src = Side::new(&flows.sources, &cands, |r| &r.sources);
        let dst = Side::new(&flows.destinations, &cands, |r| &r.destinations);
        let mut g = GroupRules {
            flows,
            rules: BTreeSet::new(),
            blocked: BTreeSet::new(),
            sources_kept: Vec::new(),
            destinations_kept: Vec::new(),
        };
        // By class: kept as a whole, or the hosts of the far side it has local flows with.
        let mut src_kept = vec![(false, BTreeSet::new()); src.classes.len()];
        let mut dst_kept = vec![(false, BTreeSet::new()); dst.classes.len()];
        for ((a, ca), (b, cb)) in (src.classes.iter().enumerate())
            .flat_map(|a| dst.classes.iter().enumerate().map(move |b| (a, b)))
        {
            let all_local = ca.single_host().is_some() && ca.single_host() == cb.single_host();
            for (t, rules) in cands.iter().enumerate() {
                let rule = (!all_local).then(|| first_rule(rules, ca, cb, t)).flatten();
                let kept = rule.is_none_or(|r| ok.contains(r.id.as_str()));
                if let Some(r) = rule {
                    g.rules.insert(r.id.as_str());
                    if !kept {
                        g.blocked.insert(r.id.as_str());
                    }
                }
                if let (Some(s), Some(d)) = (src_kept.get_mut(a), dst_kept.get_mut(b)) {
                    keep(s, kept, &cb.hosts);
                    keep(d, kept, &ca.hosts);
                }
            }
        }
        g.sources_kept = src.kept(&flows.sources, &src_kept);
        g.destinations_kept = dst.kept(&flows.destinations, &dst_kept);
        g
    }
}

/// A class's flows with the classes of the far side: kept, or kept where local (the far
/// side's `hosts`).
fn keep(class: &mut (bool, BTreeSet<usize>), kept: bool, hosts: &BTreeSet<usize>) {
    if kept {
        class.0 = true;
    } else if !class.0 {
        class.1.extend(hosts.iter().copied());
    }
}

/// The first aggregated rule of `rules` (those of transport `t`) that lists ends of both
/// classes.
fn first_rule<'a>(
    rules: &[IndexedRule<'a>],
    a: &Class,
    b: &Class,
    t: usize,
) -> Option<&'a AggregatedRule> {
    let (ma, mb) = (a.member.get(t)?, b.member.get(t)?);
    (rules.iter().zip(ma.iter().zip(mb)))
        .find(|(_, (x, y))| **x && **y)
        .map(|(r, _)| r.rule)
}

/// The ends of one side of a group by class.
struct Side {
    /// The class of each end.
    class_of: Vec<usize>,
    classes: Vec<Class>,
}

/// Ends listed in the same candidate aggregated rules.
struct Class {
    /// By transport, by candidate rule: listed there.
    member: Vec<Vec<bool>>,
    /// The plan hosts among its ends.
    hosts: BTreeSet<usize>,
    /// Some end of it is no plan host.
    hostless: bool,
}

impl Class {
    /// The one plan host all its ends are, if so (their flows with it are local).
    fn single_host(&self) -> Option<usize> {
        match (self.hostless, self.hosts.len()) {
            (false, 1) => self.hosts.first().copied(),
            _ => None,
        }
    }
}

impl Side {
    fn new<'a>(
        ends: &[End],
        cands: &[&[IndexedRule<'a>]],
        pick: for<'r> fn(&'r IndexedRule<'a>) -> &'r std::collections::HashSet<&'a Endpoint>,
    ) -> Self {
        let mut by_member: std::collections::HashMap<Vec<Vec<bool>>, usize> =
            std::collections::HashMap::new();
        let mut side = Side {
            class_of: Vec::with_capacity(ends.len()),
            classes: Vec::new(),
        };
        for e in ends {
            let member: Vec<Vec<bool>> = (cands.iter())
                .map(|rules| {
                    rules
                        .iter()
                        .map(|r| pick(r).contains(&*e.endpoint))
                        .collect()
                })
                .collect();
            let id = match by_member.get(&member) {
                Some(id) => *id,
                None => {
                    let id = side.classes.len();
                    by_member.insert(member.clone(), id);
                    side.classes.push(Class {
                        member,
                        hosts: BTreeSet::new(),
                        hostless: false,
                    });
                    id
                }
            };
            if let Some(c) = side.classes.get_mut(id) {
                match e.host {
                    Some(h) => _ = c.hosts.insert(h),
                    None => c.hostless = true,
                }
            }
            side.class_of.push(id);
        }
        side
    }

    /// By end: some flow of it is kept, from its class's `kept` (kept as a whole, or the far
    /// hosts it is local with).
    fn kept(&self, ends: &[End], kept: &[(bool, BTreeSet<usize>)]) -> Vec<bool> {
        (ends.iter().zip(&self.class_of))
            .map(|(e, c)| {
                kept.get(*c)
                    .is_some_and(|(all, hosts)| *all || e.host.is_some_and(|h| hosts.contains(&h)))
            })
            .collect()
    }
}

/// The report's container roles, to look up by `(product, role)`.
struct Containers<'a>(BTreeSet<(&'a str, &'a str)>);

impl<'a> Containers<'a> {
    fn new(cx: &ExportContext<'a>) -> Self {
        Containers(
            (cx.report.containers.iter())
                .map(|c| (c.product.as_str(), c.role.as_str()))
                .collect(),
        )
    }

    /// True when `product/role` runs in a container.
    fn has(&self, product: &str, role: &str) -> bool {
        self.0.contains(&(product, role))
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

/// The aggregated rules by catalog rule, transport and optional, with the sets of their sources
/// and destinations: finding a flow's rule costs a few look-ups, not a scan of every rule's
/// endpoints (a site with 10,000 agent PCs has 10,000 sources in one rule).
struct RuleIndex<'a> {
    by_key: std::collections::HashMap<(&'a str, Transport, bool), Vec<IndexedRule<'a>>>,
}

struct IndexedRule<'a> {
    rule: &'a AggregatedRule,
    sources: std::collections::HashSet<&'a Endpoint>,
    destinations: std::collections::HashSet<&'a Endpoint>,
}

impl<'a> RuleIndex<'a> {
    fn new(rules: &'a [AggregatedRule]) -> Self {
        let mut by_key: std::collections::HashMap<_, Vec<IndexedRule<'a>>> =
            std::collections::HashMap::new();
        for r in rules {
            for c in &r.catalog_rules {
                by_key
                    .entry((c.as_str(), r.transport, r.optional))
                    .or_default()
                    .push(IndexedRule {
                        rule: r,
                        sources: r.sources.iter().map(|e| &**e).collect(),
                        destinations: r.destinations.iter().map(|e| &**e).collect(),
                    });
            }
        }
        RuleIndex { by_key }
    }

    /// The aggregated rules of `catalog_rule`, `transport` and `optional`, in rule order.
    fn candidates(
        &self,
        catalog_rule: &'a str,
        transport: Transport,
        optional: bool,
    ) -> &[IndexedRule<'a>] {
        self.by_key
            .get(&(catalog_rule, transport, optional))
            .map_or(&[], Vec::as_slice)
    }
}

/// The peers a flow's far side is written as, or `None` when it cannot be.
fn peers_of(
    containers: &Containers<'_>,
    product: &str,
    role: &str,
    e: &Endpoint,
) -> Option<Vec<Peer>> {
    if containers.has(product, role) {
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
    let mut s = policy_head(cx, product, role);
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
            policy_rule(&mut s, peer_key, item);
        }
    }
    s
}

/// The document's metadata and pod selector.
fn policy_head(cx: &ExportContext<'_>, product: &str, role: &str) -> String {
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
    s
}

/// One ingress or egress rule: its catalog rules as a comment, the peers (under `peer_key`,
/// none for any address) and the ports.
fn policy_rule(s: &mut String, peer_key: &str, item: &Item) {
    let why: Vec<&str> = item.why.iter().map(String::as_str).collect();
    let _ = writeln!(s, "    # {}", text::comment_text(&why.join(", "), 200));
    let mut first = true;
    let mut lead = |s: &mut String| {
        s.push_str(if first { "    - " } else { "      " });
        first = false;
    };
    if !item.peers.contains(&Peer::All) {
        lead(s);
        let _ = writeln!(s, "{peer_key}:");
        for p in &item.peers {
            match p {
                Peer::Pods(prod, r) => {
                    s.push_str("        - podSelector:\n");
                    s.push_str("            matchLabels:\n");
                    let _ = writeln!(s, "              {PRODUCT_LABEL}: {}", json_str(prod));
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
    lead(s);
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The aggregated rule of each flow, pair by pair: the first rule of its catalog rule,
    /// transport and optional that lists both its ends (none for a local flow).
    fn rule_of<'a>(rules: &'a [AggregatedRule], f: &portolan_engine::Flow) -> Option<&'a str> {
        if f.local {
            return None;
        }
        (rules.iter())
            .filter(|r| r.transport == f.transport && r.optional == f.optional)
            .filter(|r| r.catalog_rules.contains(&f.catalog_rule))
            .find(|r| {
                r.sources.iter().any(|e| **e == *f.source)
                    && r.destinations.iter().any(|e| **e == *f.destination)
            })
            .map(|r| r.id.as_str())
    }

    /// On the EX Engage Connector example (its container roles), as is and with one more
    /// host that carries every role (local flows in groups of several hosts), with every rule
    /// but one written: the classes give each group the same rules, blocked rules and kept ends
    /// as reading its flows pair by pair.
    #[test]
    fn classes_agree_with_the_pairs() {
        let catalog = portolan_bundled::compiled().unwrap();
        let plan = portolan_bundled::example("ex-engage-connector").unwrap();
        let mut all = plan.clone();
        let mut host = all.hosts.first().unwrap().clone();
        host.name = "all".into();
        host.addresses = vec!["10.9.9.9".into()];
        host.roles = (all.hosts.iter().flat_map(|h| h.roles.iter().cloned()))
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        all.hosts.push(host);
        for plan in [plan, all] {
            agree(&portolan_engine::evaluate(&catalog, &plan));
        }
    }

    fn agree(report: &portolan_engine::Report) {
        let index = RuleIndex::new(&report.rules);
        for skip in 0..report.rules.len() {
            let ok: BTreeSet<&str> = (report.rules.iter().enumerate())
                .filter(|(i, _)| *i != skip)
                .map(|(_, r)| r.id.as_str())
                .collect();
            for g in report.flows.groups() {
                let got = GroupRules::new(g, &index, &ok);
                let mut rules = BTreeSet::new();
                let mut src_kept = vec![false; g.sources.len()];
                let mut dst_kept = vec![false; g.destinations.len()];
                for (s, src_kept) in src_kept.iter_mut().enumerate() {
                    for (d, dst_kept) in dst_kept.iter_mut().enumerate() {
                        for t in 0..g.transports.len() {
                            let f = g.flow(s, d, t).unwrap();
                            let r = rule_of(&report.rules, &f);
                            rules.extend(r);
                            if r.is_none_or(|r| ok.contains(r)) {
                                *src_kept = true;
                                *dst_kept = true;
                            }
                        }
                    }
                }
                let blocked: BTreeSet<&str> =
                    rules.iter().filter(|r| !ok.contains(*r)).copied().collect();
                assert_eq!(got.rules, rules, "{}", g.catalog_rule);
                assert_eq!(got.blocked, blocked, "{}", g.catalog_rule);
                assert_eq!(got.sources_kept, src_kept, "{}", g.catalog_rule);
                assert_eq!(got.destinations_kept, dst_kept, "{}", g.catalog_rule);
            }
        }
    }
}
