//! Choosing which rules an export covers: one product, one direction. The CLI (`--product`,
//! `--direction`) and the JS API (`exportPlan`'s options) narrow the report with [`select`]
//! before exporting, so every format can be made for a part of the plan; the feeds use it to
//! make one list per product and direction.

use portolan_engine::{AggregatedRule, EndpointKind, Report};
use serde::Deserialize;

/// Which way a rule crosses the edge of the plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// From the plan's hosts to endpoints outside the plan (vendor clouds, `any`).
    Outbound,
    /// From endpoints outside the plan to the plan's hosts.
    Inbound,
    /// Between the plan's hosts.
    Internal,
}

impl Direction {
    /// Parses `outbound`, `inbound` or `internal`.
    pub fn parse(s: &str) -> Result<Direction, String> {
        match s {
            "outbound" => Ok(Direction::Outbound),
            "inbound" => Ok(Direction::Inbound),
            "internal" => Ok(Direction::Internal),
            _ => Err(format!(
                "direction `{s}` is unknown (use outbound, inbound or internal)"
            )),
        }
    }
}

/// What an export covers; everything when both are `None`.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Selection {
    /// A product id of the plan.
    #[serde(default)]
    pub product: Option<String>,
    #[serde(default)]
    pub direction: Option<Direction>,
}

impl Selection {
    /// True when the selection keeps every rule.
    pub fn is_all(&self) -> bool {
        self.product.is_none() && self.direction.is_none()
    }

    fn keeps(&self, r: &AggregatedRule) -> bool {
        let product = self
            .product
            .as_deref()
            .is_none_or(|p| r.products.iter().any(|x| &**x == p));
        let inside = |eps: &[std::sync::Arc<portolan_engine::Endpoint>]| {
            eps.iter().all(|e| e.kind == EndpointKind::Host)
        };
        let direction = match self.direction {
            None => true,
            Some(Direction::Outbound) => inside(&r.sources) && !inside(&r.destinations),
            Some(Direction::Inbound) => !inside(&r.sources) && inside(&r.destinations),
            Some(Direction::Internal) => inside(&r.sources) && inside(&r.destinations),
        };
        product && direction
    }
}

/// The report with only the rules the selection keeps; an error names a product the report
/// does not have.
pub fn select(report: &Report, selection: &Selection) -> Result<Report, String> {
    if let Some(p) = &selection.product {
        let known = report
            .rules
            .iter()
            .any(|r| r.products.iter().any(|x| &**x == p.as_str()))
            || report.flows.iter().any(|f| &*f.product == p.as_str());
        if !known {
            return Err(format!("product `{p}` has no rule in this plan"));
        }
    }
    let mut out = report.clone();
    out.rules.retain(|r| selection.keeps(r));
    Ok(out)
}
