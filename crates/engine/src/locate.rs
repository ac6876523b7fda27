//! The structured side of warnings: the hosts, roles and component a warning is about, taken
//! from the plan field it points at (`hosts[2].roles[0]`, `products[0].versions.ris`,
//! `products[1].roles.agent-pc`), so that every warning with a field carries them the same way
//! and a program need not parse the message.

use super::report::Warning;
use portolan_core::diag::Subject;
use portolan_core::plan::Plan;

/// Fills `hosts`, `roles` and `component` of the warnings from their `field` (keeping what a
/// warning already names).
pub(super) fn locate(plan: &Plan, warnings: &mut [Warning]) {
    for w in warnings.iter_mut() {
        let Some(field) = &w.field else {
            continue;
        };
        match field.subject() {
            Subject::Host { index, list } => {
                let Some(host) = plan.hosts.get(index) else {
                    continue;
                };
                let name = portolan_core::text::trim(&host.name);
                let name = if name.is_empty() {
                    ["host-", itoa::Buffer::new().format(index + 1)].concat()
                } else {
                    name.to_string()
                };
                add(&mut w.hosts, name);
                let role = match list {
                    Some(("roles", r)) => host.roles.get(r),
                    _ => None,
                };
                if let Some(role) = role.filter(|r| r.contains('/')) {
                    add(&mut w.roles, role.clone());
                }
            }
            Subject::Product { index, group, name } => {
                let Some(product) = plan.products.get(index) else {
                    continue;
                };
                match group {
                    "versions" if w.component.is_none() => w.component = Some(name.to_string()),
                    "roles" => add(&mut w.roles, [product.id.as_str(), "/", name].concat()),
                    _ => {}
                }
            }
            Subject::Other => {}
        }
    }
}

fn add(list: &mut Vec<String>, item: String) {
    if !list.contains(&item) {
        list.push(item);
    }
}
