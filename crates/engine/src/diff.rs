//! Report A against report B: the flows to open, the flows that can be closed, and the warnings
//! that appear or disappear.

use super::report::{Endpoint, Flow, Report, Warning};
use portolan_core::net::{PortSet, Transport};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// A change between two plans on one (source, destination, transport): the ports that changed and
/// the catalog rules behind them.
#[derive(Debug, Clone, Serialize, PartialEq, schemars::JsonSchema)]
pub struct FlowChange {
    pub source: Endpoint,
    pub destination: Endpoint,
    pub transport: Transport,
    /// The ports as people write them, e.g. `80, 443, 4001-4004`.
    #[schemars(with = "String")]
    pub ports: PortSet,
    /// `product/rule` of the rules that require these ports (on the side that has them).
    pub catalog_rules: Vec<String>,
    pub purposes: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Default, schemars::JsonSchema)]
pub struct Diff {
    /// Needed by B and not by A.
    pub open: Vec<FlowChange>,
    /// Needed by A and no longer by B.
    pub close: Vec<FlowChange>,
    pub warnings_added: Vec<Warning>,
    pub warnings_removed: Vec<Warning>,
}

type Key = (Arc<Endpoint>, Arc<Endpoint>, Transport);

/// The network flows of a report by (source, destination, transport), from its per-pair view.
fn network(flows: &[Flow]) -> BTreeMap<Key, Vec<&Flow>> {
    let mut m: BTreeMap<Key, Vec<&Flow>> = BTreeMap::new();
    for f in flows.iter().filter(|f| !f.local) {
        m.entry((f.source.clone(), f.destination.clone(), f.transport))
            .or_default()
            .push(f);
    }
    m
}

fn ports(flows: &[&Flow]) -> PortSet {
    let mut s = PortSet::default();
    for f in flows {
        s.union_with(&f.ports);
    }
    s
}

/// What changes when going from plan A's report to plan B's.
pub fn diff(a: &Report, b: &Report) -> Diff {
    let (fa, fb) = (a.flows.to_vec(), b.flows.to_vec());
    let na = network(&fa);
    let nb = network(&fb);
    Diff {
        open: changes(&nb, &na),
        close: changes(&na, &nb),
        warnings_added: only_in(&b.warnings, &a.warnings),
        warnings_removed: only_in(&a.warnings, &b.warnings),
    }
}

/// Ports `have` needs that `other` does not.
fn changes(have: &BTreeMap<Key, Vec<&Flow>>, other: &BTreeMap<Key, Vec<&Flow>>) -> Vec<FlowChange> {
    let mut out = Vec::new();
    for (key, flows) in have {
        let mine = ports(flows);
        let theirs = other.get(key).map(|f| ports(f)).unwrap_or_default();
        let extra = mine.difference(&theirs);
        if extra.is_empty() {
            continue;
        }
        let behind: Vec<&&Flow> = flows
            .iter()
            .filter(|f| !f.ports.intersection(&extra).is_empty())
            .collect();
        let rules: BTreeSet<String> = behind
            .iter()
            .map(|f| format!("{}/{}", f.product, f.rule))
            .collect();
        let purposes: BTreeSet<String> = behind.iter().map(|f| f.purpose.to_string()).collect();
        out.push(FlowChange {
            source: Endpoint::clone(&key.0),
            destination: Endpoint::clone(&key.1),
            transport: key.2,
            ports: extra,
            catalog_rules: rules.into_iter().collect(),
            purposes: purposes.into_iter().collect(),
        });
    }
    out
}

fn only_in(a: &[Warning], b: &[Warning]) -> Vec<Warning> {
    let theirs: BTreeSet<(&str, &str)> = b
        .iter()
        .map(|w| (w.code.as_str(), w.message.as_str()))
        .collect();
    a.iter()
        .filter(|w| !theirs.contains(&(w.code.as_str(), w.message.as_str())))
        .cloned()
        .collect()
}
