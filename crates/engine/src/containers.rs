//! The roles of a plan that run in containers: the catalog's `container` roles of the plan's
//! products that a host carries or a flow uses ([`Report::containers`](crate::Report)).

use super::flow_set::Flows;
use super::report::ContainerRole;
use portolan_catalog::Catalog;
use portolan_core::plan::Plan;

/// The container roles in use, in catalog order (products, then their roles).
pub(crate) fn in_use(catalog: &Catalog, plan: &Plan, flows: &Flows) -> Vec<ContainerRole> {
    let mut out = Vec::new();
    for p in &catalog.products {
        if plan.product(&p.id).is_none() {
            continue;
        }
        for r in p.roles.iter().filter(|r| r.container) {
            let key = format!("{}/{}", p.id, r.id);
            let mapped = plan.hosts.iter().any(|h| h.roles.contains(&key));
            let in_flow = flows
                .groups()
                .iter()
                .any(|f| *f.product == *p.id && (*f.from_role == *r.id || *f.to_role == *r.id));
            if mapped || in_flow {
                out.push(ContainerRole {
                    product: p.id.to_string(),
                    role: r.id.clone(),
                });
            }
        }
    }
    out
}
