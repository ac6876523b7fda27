//! Choosing which rules an export covers: one product, one direction. The CLI (`--product`,
//! `--direction`) and the JS API (`exportPlan`'s options) narrow the report with [`select`]
//! before exporting, so every format can be made for a part of the plan; the feeds use it to
//! make one list per product and direction.

use portolan_engine::{AggregatedRule, EndpointKind, Report};
use serde::Deserialize;

/// Which way a rule crosses the edge of the plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
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

    /// `outbound`, `inbound` or `internal`.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Outbound => "outbound",
            Direction::Inbound => "inbound",
            Direction::Internal => "internal",
        }
    }
}

/// What an export covers; everything when both are `None`. In the JS API, `exportPlan`'s
/// `options` (both optional; the schema says so with `skip_serializing_if`, as it is written for
/// output).
#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
#[schemars(rename = "ExportOptions")]
pub struct Selection {
    /// A product id of the plan.
    #[serde(default)]
    #[schemars(skip_serializing_if = "Option::is_none")]
    pub product: Option<String>,
    /// Which way across the plan's edge.
    #[serde(default)]
    #[schemars(skip_serializing_if = "Option::is_none")]
    pub direction: Option<Direction>,
}

impl Selection {
    /// True when the selection keeps every rule.
    pub fn is_all(&self) -> bool {
        self.product.is_none() && self.direction.is_none()
    }

    /// The file name of an export of this selection: `file_name` (a stem, `.`, `extension`)
    /// with the product and the direction added to the stem, `site-a-zoom-outbound.nft`.
    pub fn file_name(&self, file_name: &str, extension: &str) -> String {
        let suffix = format!(".{extension}");
        let Some(stem) = file_name.strip_suffix(&suffix) else {
            return file_name.to_string();
        };
        let mut parts = vec![stem.to_string()];
        parts.extend(self.product.as_deref().map(crate::text::file_stem));
        parts.extend(self.direction.map(|d| d.as_str().to_string()));
        format!("{}{suffix}", parts.join("-"))
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
            || (report.flows.groups().iter()).any(|g| &*g.product == p.as_str());
        if !known {
            return Err(format!("product `{p}` has no rule in this plan"));
        }
    }
    let mut out = report.clone();
    out.rules.retain(|r| selection.keeps(r));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_say_what_the_export_covers() {
        let all = Selection::default();
        assert_eq!(all.file_name("site-a.nft", "nft"), "site-a.nft");
        let both = Selection {
            product: Some("Screen Capture/../x".into()),
            direction: Some(Direction::Outbound),
        };
        assert_eq!(
            both.file_name("site-a.mgmt_cli.sh", "mgmt_cli.sh"),
            "site-a-screen-capture-x-outbound.mgmt_cli.sh"
        );
        let inbound = Selection {
            product: None,
            direction: Some(Direction::Inbound),
        };
        assert_eq!(inbound.file_name("p.xlsx", "xlsx"), "p-inbound.xlsx");
        for d in ["outbound", "inbound", "internal"] {
            assert_eq!(Direction::parse(d).unwrap().as_str(), d);
        }
    }
}
