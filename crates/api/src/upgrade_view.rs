//! The upgrade as the planner's Compare view shows it (`upgradeView`): every line already
//! written, so the planner's first module carries neither the upgrade's computation nor its
//! types; the view reads these strings when the module is loaded (BENCHMARKS-ui.md, issue #19).

use super::releases::upgrade_of;
use super::to_js;
use portolan_engine::upgrade::{SideCite, Upgrade, UpgradeFlow, UpgradeRequirement};
use schemars::JsonSchema;
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// What the view shows of an upgrade: an upgrade as the planner's Compare view writes it
/// (`upgradeView()`), every line as text.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "UpgradeView")]
pub struct View {
    /// `inContact WFO: 16.1 (…) → 17.1 (…)`
    pub title: String,
    pub notes: Vec<String>,
    pub open: Vec<FlowLine>,
    pub close: Vec<FlowLine>,
    pub changed: Vec<ChangeLine>,
    /// Requirements that appear, go away or change, then warnings that appear or go away.
    pub requirements: Vec<Line>,
    /// `Not seen in the 17.1 document; carried over: …`, when something is.
    pub carried: Option<String>,
}

/// A flow to open or to close, as text.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "UpgradeFlowLine")]
pub struct FlowLine {
    pub source: String,
    pub destination: String,
    pub transport: String,
    pub ports: String,
    pub purpose: String,
    pub rule: String,
    pub cite_from: String,
    pub cite_to: String,
}

/// A flow whose ports, addresses or protocol change, as text.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "UpgradeChangeLine")]
pub struct ChangeLine {
    pub title: String,
    pub rule: String,
    pub differences: Vec<String>,
    pub cite_from: String,
    pub cite_to: String,
}

/// A requirement or warning that appears, goes away or changes, with its citations.
#[derive(Serialize, JsonSchema)]
#[schemars(rename = "UpgradeLine")]
pub struct Line {
    pub text: String,
    pub cites: Vec<String>,
}

fn flow(f: &UpgradeFlow) -> FlowLine {
    FlowLine {
        source: f.source.text(),
        destination: f.destination.text(),
        transport: f.transport.as_str().to_ascii_uppercase(),
        ports: f.ports.to_string(),
        purpose: f.purpose.clone(),
        rule: f.rule.clone(),
        cite_from: f.cite_from.text(),
        cite_to: f.cite_to.text(),
    }
}

fn cites(a: &SideCite, b: &SideCite) -> Vec<String> {
    vec![a.text(), b.text()]
}

fn requirement(how: &str, q: &UpgradeRequirement) -> Line {
    Line {
        text: format!("{how}: [{}] {}", q.kind, q.text),
        cites: cites(&q.cite_from, &q.cite_to),
    }
}

fn view(u: &Upgrade) -> View {
    let mut requirements: Vec<Line> = Vec::new();
    for (how, list) in [
        ("appears", &u.requirements_added),
        ("goes away", &u.requirements_removed),
        ("changes", &u.requirements_changed),
    ] {
        requirements.extend(list.iter().map(|q| requirement(how, q)));
    }
    for (how, list) in [
        ("warning appears", &u.warnings_added),
        ("warning goes away", &u.warnings_removed),
    ] {
        requirements.extend(list.iter().map(|w| Line {
            text: format!("{how}: {}", w.message),
            cites: Vec::new(),
        }));
    }
    let carried = (!u.carried_over.is_empty()).then(|| {
        let facts: Vec<String> = (u.carried_over.iter())
            .map(|c| format!("{} (from {})", c.fact, c.from))
            .collect();
        format!(
            "Not seen in the {} document; carried over: {}",
            u.to.release,
            facts.join(", ")
        )
    });
    View {
        title: format!("{}: {} → {}", u.product_name, u.from.label, u.to.label),
        notes: u.notes.clone(),
        open: u.open.iter().map(flow).collect(),
        close: u.close.iter().map(flow).collect(),
        changed: (u.changed.iter())
            .map(|c| ChangeLine {
                title: format!(
                    "{} → {} {}",
                    c.source,
                    c.destination,
                    c.transport.as_str().to_ascii_uppercase()
                ),
                rule: c.rule_to.clone(),
                differences: (c.differences.iter())
                    .map(|d| format!("{}: {} → {}", d.what, d.from, d.to))
                    .collect(),
                cite_from: c.cite_from.text(),
                cite_to: c.cite_to.text(),
            })
            .collect(),
        requirements,
        carried,
    }
}

/// The upgrade of `product` in the plan from `from` (default: the plan's version) to `to`, as
/// the planner's Compare view writes it. `catalogs` as for `exportPlan`.
#[wasm_bindgen(js_name = upgradeView, unchecked_return_type = "UpgradeView")]
pub fn upgrade_view_js(
    #[wasm_bindgen(unchecked_param_type = "Plan")] plan: JsValue,
    product: &str,
    to: &str,
    from: Option<String>,
    #[wasm_bindgen(unchecked_param_type = "CatalogFile[] | null")] catalogs: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    to_js(&view(&upgrade_of(plan, product, to, from, catalogs)?.0))
}
