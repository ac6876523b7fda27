//! Filtering, sorting and grouping the report's flows for the results view: plain functions over
//! the report, unit-tested natively. The view keeps only the [`FlowFilter`] and [`SortKey`] the
//! user chose; which flows show is always recomputed from the report.

use super::flow_table::FlowTable;
use portolan_engine::{Endpoint, Flow, Report};
use std::collections::BTreeSet;

/// `text` in lower case, for matching and sorting regardless of case.
///
/// ASCII text (almost all of it: names, ports, purposes) is folded here; other text by the
/// platform: in the browser by JavaScript's `toLowerCase` (the same Unicode default case
/// mapping as Rust's), natively by `str::to_lowercase`. The planner's wasm so does without
/// Rust's Unicode case tables (about 24 KB).
pub fn fold_case(text: &str) -> String {
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    #[cfg(target_arch = "wasm32")]
    {
        String::from(js_sys::JsString::from(text).to_lower_case())
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        text.to_lowercase()
    }
}

/// Three-way choice for a yes/no property of flows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tri {
    /// Show flows with and without it.
    #[default]
    Any,
    /// Show only flows with it.
    Only,
    /// Hide flows with it.
    Hide,
}

impl Tri {
    pub fn id(self) -> &'static str {
        match self {
            Tri::Any => "any",
            Tri::Only => "only",
            Tri::Hide => "hide",
        }
    }

    pub fn from_id(s: &str) -> Tri {
        match s {
            "only" => Tri::Only,
            "hide" => Tri::Hide,
            _ => Tri::Any,
        }
    }

    pub(crate) fn keeps(self, has: bool) -> bool {
        match self {
            Tri::Any => true,
            Tri::Only => has,
            Tri::Hide => !has,
        }
    }
}

/// What the user filters flows by; empty strings mean "all".
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FlowFilter {
    /// Product id.
    pub product: String,
    /// Endpoint name on either side (a host, an unassigned role, an external endpoint).
    pub host: String,
    /// Zone on either side.
    pub zone: String,
    /// `tcp` or `udp`.
    pub transport: String,
    pub optional: Tri,
    pub local: Tri,
    /// Free text: matched (case-insensitively) against ports, purpose, rule, protocol and names.
    pub text: String,
}

impl FlowFilter {
    pub fn is_empty(&self) -> bool {
        *self == FlowFilter::default()
    }

    pub fn keeps(&self, f: &Flow) -> bool {
        let either = |p: &dyn Fn(&Endpoint) -> bool| p(&f.source) || p(&f.destination);
        (self.product.is_empty() || *f.product == *self.product)
            && (self.host.is_empty() || either(&|e| e.name == self.host))
            && (self.zone.is_empty() || either(&|e| e.zone == self.zone))
            && (self.transport.is_empty() || f.transport.as_str() == self.transport)
            && self.optional.keeps(f.optional)
            && self.local.keeps(f.local)
            && (self.text.trim().is_empty() || matches_text(f, &fold_case(self.text.trim())))
    }
}

fn matches_text(f: &Flow, needle: &str) -> bool {
    let ports = f.ports.to_string();
    let hay = [
        ports.as_str(),
        &f.purpose,
        &f.rule,
        &f.product,
        f.protocol.as_deref().unwrap_or(""),
        f.source.name.as_str(),
        f.destination.name.as_str(),
        &f.from_role,
        &f.to_role,
    ];
    hay.iter().any(|h| fold_case(h).contains(needle))
        || f.ports
            .ranges()
            .iter()
            .any(|r| needle.parse::<u16>().is_ok_and(|p| r.contains(p)))
}

/// How groups of flows are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortKey {
    /// By product, in the engine's order (that of their first flow), then by source and
    /// destination name.
    #[default]
    Product,
    Source,
    Destination,
    /// Lowest port first.
    Port,
}

impl SortKey {
    pub const ALL: [SortKey; 4] = [
        SortKey::Product,
        SortKey::Source,
        SortKey::Destination,
        SortKey::Port,
    ];

    pub fn id(self) -> &'static str {
        match self {
            SortKey::Product => "product",
            SortKey::Source => "source",
            SortKey::Destination => "destination",
            SortKey::Port => "port",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            SortKey::Product => "product",
            SortKey::Source => "source",
            SortKey::Destination => "destination",
            SortKey::Port => "lowest port",
        }
    }

    pub fn from_id(s: &str) -> SortKey {
        SortKey::ALL
            .into_iter()
            .find(|k| k.id() == s)
            .unwrap_or_default()
    }
}

/// Flows of one product between one source and one destination.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    pub product: String,
    pub source: String,
    pub destination: String,
    /// Indices into `report.flows`.
    pub flows: Vec<usize>,
}

/// The flows that pass `filter`, grouped by product and by source → destination, in `sort`
/// order. Within a group flows are ordered by transport and port. (Every group with its flows:
/// the results view keeps the [`FlowTable`] and lists the flows of the page it shows.)
pub fn groups(report: &Report, filter: &FlowFilter, sort: SortKey) -> Vec<Group> {
    let table = FlowTable::new(report, filter, sort);
    table.groups(report, filter, 0..table.len())
}

/// The values the filter menus offer: what occurs in the report.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Facets {
    pub products: Vec<String>,
    pub hosts: Vec<String>,
    pub zones: Vec<String>,
    pub transports: Vec<String>,
}

pub fn facets(report: &Report) -> Facets {
    let mut products: Vec<String> = Vec::new();
    let mut hosts = BTreeSet::new();
    let mut zones = BTreeSet::new();
    let mut transports = BTreeSet::new();
    // every end of a group is in one of its flows: the groups list what the flows do
    for g in report.flows.groups() {
        if !products.iter().any(|p| **p == *g.product) {
            products.push(g.product.to_string());
        }
        for e in g.sources.iter().chain(&g.destinations) {
            if !hosts.contains(&e.endpoint.name) {
                hosts.insert(e.endpoint.name.clone());
            }
            if !e.endpoint.zone.is_empty() && !zones.contains(&e.endpoint.zone) {
                zones.insert(e.endpoint.zone.clone());
            }
        }
        for t in g.transports {
            transports.insert(t.as_str().to_string());
        }
    }
    Facets {
        products,
        hosts: hosts.into_iter().collect(),
        zones: zones.into_iter().collect(),
        transports: transports.into_iter().collect(),
    }
}

/// At most `limit` of `names` that hold `typed` (regardless of case), those that start with it
/// first, each kind in the order of `names`: the suggestions of a field that takes a host's name
/// on a plan too large for a menu of every host. Empty text suggests the first names.
pub fn suggestions<'a>(names: &'a [String], typed: &str, limit: usize) -> Vec<&'a str> {
    let typed = fold_case(typed.trim());
    let mut starting = Vec::new();
    let mut holding = Vec::new();
    for name in names {
        if starting.len() >= limit {
            break;
        }
        let folded = fold_case(name);
        if folded.starts_with(&typed) {
            starting.push(name.as_str());
        } else if holding.len() < limit && folded.contains(&typed) {
            holding.push(name.as_str());
        }
    }
    starting.extend(holding);
    starting.truncate(limit);
    starting
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use portolan_bundled::catalog as bundled;
    use portolan_core::plan::{Plan, PlanFormat};
    use portolan_core::sort::SortShared;
    use std::collections::BTreeMap;

    /// The groups as they were made before, from every flow: the reference.
    fn lowest_port(f: &Flow) -> u16 {
        f.ports.ranges().first().map_or(0, |r| r.start())
    }

    /// The flows that pass `filter`, grouped by product and by source → destination, in `sort`
    /// order. Within a group flows are ordered by transport and port.
    fn per_pair_groups(report: &Report, filter: &FlowFilter, sort: SortKey) -> Vec<Group> {
        // (the per-pair view, made once: the groups are of host pairs)
        let all = report.flows.to_vec();
        let mut out: Vec<Group> = Vec::new();
        // (product, source, destination) → index in `out`: large plans have thousands of groups.
        let mut index: BTreeMap<(&str, &str, &str), usize> = BTreeMap::new();
        for (i, f) in all.iter().enumerate() {
            if !filter.keeps(f) {
                continue;
            }
            let key = (
                &*f.product,
                f.source.name.as_str(),
                f.destination.name.as_str(),
            );
            match index.get(&key).and_then(|&k| out.get_mut(k)) {
                Some(g) => g.flows.push(i),
                None => {
                    index.insert(key, out.len());
                    out.push(Group {
                        product: f.product.to_string(),
                        source: f.source.name.clone(),
                        destination: f.destination.name.clone(),
                        flows: vec![i],
                    });
                }
            }
        }
        let flow = |i: &usize| all.get(*i);
        for g in &mut out {
            g.flows
                .sort_shared_by_key(|i| flow(i).map(|f| (f.transport, lowest_port(f))));
        }
        let first_port = |g: &Group| {
            g.flows
                .iter()
                .filter_map(flow)
                .map(lowest_port)
                .min()
                .unwrap_or(0)
        };
        // Products keep the order the engine gives them (the plan's order); a stable sort keeps it
        // as the tie-breaker for the other keys.
        let mut order: Vec<&str> = Vec::new();
        for f in &all {
            if !order.contains(&&*f.product) {
                order.push(&f.product);
            }
        }
        let product_rank = |p: &str| order.iter().position(|x| *x == p).unwrap_or(usize::MAX);
        // The table's order: each key, then the others (names by folded text, then text).
        let name = |n: &str| (fold_case(n), n.to_string());
        match sort {
            SortKey::Product => out.sort_by_cached_key(|g| {
                let rank = product_rank(&g.product);
                (rank, name(&g.source), name(&g.destination))
            }),
            SortKey::Source => out.sort_by_cached_key(|g| {
                let rank = product_rank(&g.product);
                (name(&g.source), name(&g.destination), rank)
            }),
            SortKey::Destination => out.sort_by_cached_key(|g| {
                let rank = product_rank(&g.product);
                (name(&g.destination), name(&g.source), rank)
            }),
            SortKey::Port => out.sort_by_cached_key(|g| {
                let rank = product_rank(&g.product);
                (first_port(g), rank, name(&g.source), name(&g.destination))
            }),
        }
        out
    }

    fn per_pair_facets(report: &Report) -> Facets {
        let mut products: Vec<String> = Vec::new();
        let mut hosts = BTreeSet::new();
        let mut zones = BTreeSet::new();
        let mut transports = BTreeSet::new();
        for f in &report.flows {
            if !products.iter().any(|p| **p == *f.product) {
                products.push(f.product.to_string());
            }
            for e in [&f.source, &f.destination] {
                hosts.insert(e.name.clone());
                if !e.zone.is_empty() {
                    zones.insert(e.zone.clone());
                }
            }
            transports.insert(f.transport.as_str().to_string());
        }
        Facets {
            products,
            hosts: hosts.into_iter().collect(),
            zones: zones.into_iter().collect(),
            transports: transports.into_iter().collect(),
        }
    }

    fn report(example: &str) -> Report {
        let plan = crate::ui::examples::example(example).unwrap();
        portolan_engine::evaluate(&bundled().unwrap(), &plan)
    }

    #[test]
    fn fold_case_lowers_ascii_and_other_letters() {
        assert_eq!(
            fold_case("Agent PCs 10.20.0.0/16"),
            "agent pcs 10.20.0.0/16"
        );
        assert_eq!(fold_case("ÉCRAN Ärger"), "écran ärger");
        assert_eq!(fold_case(""), "");
    }

    #[test]
    fn no_filter_keeps_every_flow_once() {
        let r = report("mixed");
        let gs = groups(&r, &FlowFilter::default(), SortKey::Product);
        let mut all: Vec<usize> = gs.iter().flat_map(|g| g.flows.clone()).collect();
        all.sort_shared();
        assert_eq!(all, (0..r.flows.len()).collect::<Vec<_>>());
        // Each group is one product and one source → destination.
        for g in &gs {
            for &i in &g.flows {
                let f = &r.flows.get(i).unwrap();
                assert_eq!(
                    (&*f.product, &f.source.name, &f.destination.name),
                    (g.product.as_str(), &g.source, &g.destination)
                );
            }
        }
    }

    #[test]
    fn filters_narrow_by_each_property() {
        let r = report("mixed");
        let count = |f: &FlowFilter| {
            groups(&r, f, SortKey::Product)
                .iter()
                .map(|g| g.flows.len())
                .sum::<usize>()
        };
        let all = count(&FlowFilter::default());
        let by_product = FlowFilter {
            product: "screen-capture".into(),
            ..FlowFilter::default()
        };
        let n = count(&by_product);
        assert!(n > 0 && n < all);
        assert_eq!(
            n,
            r.flows
                .iter()
                .filter(|f| &*f.product == "screen-capture")
                .count()
        );

        let by_host = FlowFilter {
            host: "ris01".into(),
            ..FlowFilter::default()
        };
        for g in groups(&r, &by_host, SortKey::Product) {
            assert!(g.source == "ris01" || g.destination == "ris01");
        }
        let udp = FlowFilter {
            transport: "udp".into(),
            ..FlowFilter::default()
        };
        for g in groups(&r, &udp, SortKey::Product) {
            for i in g.flows {
                assert_eq!(r.flows.get(i).unwrap().transport.as_str(), "udp");
            }
        }
        let required = FlowFilter {
            optional: Tri::Hide,
            local: Tri::Hide,
            ..FlowFilter::default()
        };
        for g in groups(&r, &required, SortKey::Product) {
            for i in g.flows {
                assert!(!r.flows.get(i).unwrap().optional && !r.flows.get(i).unwrap().local);
            }
        }
        let zone = FlowFilter {
            zone: "exec".into(),
            ..FlowFilter::default()
        };
        assert!(count(&zone) > 0);
        let text = FlowFilter {
            text: "29522".into(),
            ..FlowFilter::default()
        };
        assert!(count(&text) > 0);
        let in_range = FlowFilter {
            text: "4002".into(),
            ..FlowFilter::default()
        };
        assert!(count(&in_range) > 0, "a port inside a range matches");
        let nothing = FlowFilter {
            text: "no-such-thing".into(),
            ..FlowFilter::default()
        };
        assert_eq!(count(&nothing), 0);
    }

    #[test]
    fn sorting_orders_groups() {
        let r = report("mixed");
        let gs = groups(&r, &FlowFilter::default(), SortKey::Source);
        let keys: Vec<String> = gs.iter().map(|g| fold_case(&g.source)).collect();
        let mut sorted = keys.clone();
        sorted.sort_shared();
        assert_eq!(keys, sorted);
        let gs = groups(&r, &FlowFilter::default(), SortKey::Port);
        let ports: Vec<u16> = gs
            .iter()
            .map(|g| {
                g.flows
                    .iter()
                    .map(|&i| lowest_port(&r.flows.get(i).unwrap()))
                    .min()
                    .unwrap()
            })
            .collect();
        let mut sorted = ports.clone();
        sorted.sort_shared();
        assert_eq!(ports, sorted);
        let gs = groups(&r, &FlowFilter::default(), SortKey::Product);
        assert_eq!(*gs[0].product, *r.flows.get(0).unwrap().product);
        for k in SortKey::ALL {
            assert_eq!(SortKey::from_id(k.id()), k);
        }
    }

    #[test]
    fn facets_list_what_occurs() {
        let r = report("mixed");
        let f = facets(&r);
        assert_eq!(*f.products[0], *r.flows.get(0).unwrap().product);
        assert!(f.hosts.contains(&"ris01".to_string()));
        assert!(f.zones.contains(&"datacenter".to_string()));
        assert!(f.transports.contains(&"tcp".to_string()));
        let empty = portolan_engine::evaluate(
            &bundled().unwrap(),
            &Plan::parse("p", "schema = 1", PlanFormat::Toml).unwrap(),
        );
        assert_eq!(facets(&empty), Facets::default());
    }

    /// `plan` with each subnet host also listed as `n` single-address hosts of its roles, and
    /// every third host listed twice under the same name.
    fn widen(plan: &Plan, n: usize) -> Plan {
        let mut out = portolan_testkit::plans::widen(plan, n);
        out.hosts.extend(plan.hosts.iter().step_by(3).cloned());
        out
    }

    /// Filters over each property, alone and together.
    fn filters(r: &Report) -> Vec<FlowFilter> {
        let f = per_pair_facets(r);
        let mut out = vec![FlowFilter::default()];
        let one = |set: &dyn Fn(&mut FlowFilter)| {
            let mut x = FlowFilter::default();
            set(&mut x);
            x
        };
        for p in f.products.iter().take(2) {
            out.push(one(&|x| x.product = p.clone()));
        }
        for h in f.hosts.iter().step_by(f.hosts.len().div_ceil(4).max(1)) {
            out.push(one(&|x| x.host = h.clone()));
        }
        for z in &f.zones {
            out.push(one(&|x| x.zone = z.clone()));
        }
        out.push(one(&|x| x.transport = "udp".into()));
        for t in [Tri::Only, Tri::Hide] {
            out.push(one(&|x| x.optional = t));
            out.push(one(&|x| x.local = t));
        }
        for text in ["443", "4002", "agent", "SQL", "-00", "no-such-thing"] {
            out.push(one(&|x| x.text = text.into()));
        }
        out.push(FlowFilter {
            transport: "tcp".into(),
            local: Tri::Hide,
            text: "server".into(),
            ..FlowFilter::default()
        });
        out
    }

    /// The table's groups, facets, counts and pages are those made from every flow, for every
    /// filter and order, on each example and on changed and widened ones (with hosts listed
    /// twice).
    #[test]
    fn the_table_is_the_per_pair_one() {
        let cat = bundled().unwrap();
        let mut checked = 0;
        for name in crate::ui::examples::EXAMPLES {
            let plan = crate::ui::examples::example(name).unwrap();
            let mut plans = vec![("as is", plan.clone()), ("widened", widen(&plan, 25))];
            plans.extend(portolan_testkit::plans::variants(&plan));
            for (how, plan) in plans {
                let r = portolan_engine::evaluate(&cat, &plan);
                assert_eq!(facets(&r), per_pair_facets(&r), "{name} {how}");
                for f in filters(&r) {
                    for sort in SortKey::ALL {
                        let want = per_pair_groups(&r, &f, sort);
                        let table = FlowTable::new(&r, &f, sort);
                        checked += same_table(
                            &r,
                            &f,
                            &table,
                            &want,
                            &format!("{name} {how} {f:?} {sort:?}"),
                        );
                    }
                }
            }
        }
        assert!(checked > 100_000, "{checked}");
    }

    /// Asserts that `table` is `want` (groups, counts, pages of several sizes, a page's groups);
    /// returns how many flows it holds.
    fn same_table(
        r: &Report,
        f: &FlowFilter,
        table: &FlowTable,
        want: &[Group],
        what: &str,
    ) -> usize {
        assert_eq!(table.len(), want.len(), "{what}");
        let sizes: Vec<usize> = want.iter().map(|g| g.flows.len()).collect();
        let n: usize = sizes.iter().sum();
        assert_eq!(table.flows(), n, "{what}");
        assert_eq!(table.sizes(), sizes, "{what}");
        assert!(table.groups(r, f, 0..table.len()) == want, "{what}");
        for budget in [1, 7, 100] {
            let pages = crate::ui::paging::group_pages(&sizes, budget);
            assert_eq!(table.pages(budget), pages, "{what} {budget}");
        }
        let step = (want.len() / 17).max(1);
        for i in (0..=want.len()).step_by(step).chain([want.len()]) {
            let before: usize = sizes.iter().take(i).sum();
            assert_eq!(table.flows_before(i), before, "{what} {i}");
        }
        let mid = want.len() / 2;
        let page = table.groups(r, f, mid..want.len().min(mid + 7));
        assert_eq!(
            page.as_slice(),
            &want[mid..want.len().min(mid + 7)],
            "{what}"
        );
        n
    }

    #[test]
    fn suggestions_put_names_that_start_with_the_text_first_and_stop_at_the_limit() {
        let names: Vec<String> = ["rec001", "pc0012", "PC0120", "ris01", "pc1012", "lab-pc01"]
            .into_iter()
            .map(String::from)
            .collect();
        assert_eq!(
            suggestions(&names, "pc0", 10),
            ["pc0012", "PC0120", "lab-pc01"]
        );
        assert_eq!(suggestions(&names, " Pc0 ", 2), ["pc0012", "PC0120"]);
        assert_eq!(suggestions(&names, "", 3), ["rec001", "pc0012", "PC0120"]);
        assert_eq!(suggestions(&names, "01", 10), names);
        assert!(suggestions(&names, "zz", 10).is_empty());
    }
}
