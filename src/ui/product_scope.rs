//! What one product's form shows of the plan and its report, gathered once per edit and
//! compared by value: a product whose settings, warnings and progress did not change is not
//! drawn again when another product (or a host) is edited (issue #20 point 5: ten products and
//! 500 hosts, an edit re-renders in ≤ 16 ms).

use super::guide::{progress, Progress, Step};
use super::widgets::Env;
use portolan_core::plan::PlanProduct;
use portolan_engine::Warning;
use std::collections::BTreeMap;

/// One product of a plan as its form sees it.
#[derive(Clone, PartialEq)]
pub struct ProductScope {
    /// Its index in `plan.products`.
    pub index: usize,
    pub product: PlanProduct,
    /// The warnings at the product's fields (`products[i]…`), by the control that shows them.
    warnings: BTreeMap<String, Vec<Warning>>,
    /// The other vendors' components a compatibility statement of the report checks.
    pub third_party_checked: Vec<String>,
    /// Where the product stands (the guide's steps); `None` when the catalog does not know it.
    pub progress: Option<Progress>,
    /// The steps of its guided start the user skipped.
    pub skipped: Vec<Step>,
}

impl ProductScope {
    /// The product at `index` of `env.plan`, or `None` past the end.
    pub fn new(env: &Env, index: usize) -> Option<ProductScope> {
        let pp = env.plan.products.get(index)?;
        let mut warnings: BTreeMap<String, Vec<Warning>> = BTreeMap::new();
        for w in &env.report.warnings {
            if let Some(f) = w
                .field
                .as_ref()
                .filter(|f| f.product_index() == Some(index))
            {
                warnings
                    .entry(f.control().to_string())
                    .or_default()
                    .push(w.clone());
            }
        }
        let prod = env.catalog.product(&pp.id);
        Some(ProductScope {
            index,
            product: pp.clone(),
            warnings,
            third_party_checked: prod
                .map(|p| super::choices::third_party_checked(p, &env.report))
                .unwrap_or_default(),
            progress: prod.map(|p| progress(p, index, &env.plan, pp, &env.report)),
            skipped: env.skipped.get(&pp.id).cloned().unwrap_or_default(),
        })
    }

    /// The warnings shown at `field` (a control of this product).
    pub fn warnings_at(&self, field: &str) -> Vec<&Warning> {
        self.warnings
            .get(field)
            .map(|v| v.iter().collect())
            .unwrap_or_default()
    }
}
