//! Changed copies of a plan, for the tests that compare a view worked out from the flow groups
//! (the diff, the upgrade, the diagram, the planner's flow table) with its per-pair reference.

use portolan_core::plan::Plan;

/// `plan` changed four ways, each named: hosts tripled (one copy under a new name, one that
/// reads exactly the same), every third host dropped, the first two hosts' roles on one host
/// (local flows), the first host's address changed.
pub fn variants(plan: &Plan) -> Vec<(&'static str, Plan)> {
    let mut tripled = plan.clone();
    for h in &plan.hosts {
        let mut renamed = h.clone();
        renamed.name = format!("{}-b", h.name);
        tripled.hosts.push(renamed);
        tripled.hosts.push(h.clone());
    }
    let mut dropped = plan.clone();
    dropped.hosts = (plan.hosts.iter().enumerate())
        .filter(|(i, _)| i % 3 != 1)
        .map(|(_, h)| h.clone())
        .collect();
    let mut merged = plan.clone();
    if let [a, b, ..] = merged.hosts.as_mut_slice() {
        a.roles.extend(b.roles.iter().cloned());
    }
    let mut moved = plan.clone();
    if let Some(h) = moved.hosts.first_mut() {
        h.addresses = vec!["192.0.2.77".into()];
    }
    vec![
        ("tripled", tripled),
        ("dropped", dropped),
        ("merged", merged),
        ("moved", moved),
    ]
}

/// `plan` with each host that is a subnet also listed as `n` single-address hosts of its
/// roles (an inventory of agent PCs).
pub fn widen(plan: &Plan, n: usize) -> Plan {
    let mut out = plan.clone();
    for (k, h) in plan.hosts.iter().enumerate() {
        if !h.addresses.iter().any(|a| a.contains('/')) {
            continue;
        }
        for i in 0..n {
            let mut one = h.clone();
            one.name = format!("{}-{i:04}", h.name);
            one.addresses = vec![format!("10.{}.{}.{}", 200 + k, i / 250, i % 250 + 1)];
            out.hosts.push(one);
        }
    }
    out
}
