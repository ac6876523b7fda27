//! Which catalog changes touch a plan: the changes since the revision a plan was made with, kept
//! to the plan's products, the releases it runs, and the facts whose conditions hold for it.
//!
//! A change of a rule or requirement touches the plan when the fact's condition (its `when`,
//! release range included, as it read before a removal or after any other change) holds for
//! the plan's versions, options and parameters; an endpoint change, when a rule of the plan uses
//! its role; any other change of a product (a parameter, an option, a release), always. A
//! condition that no longer reads against today's catalog is counted as touching the plan:
//! better one change too many on the list than one missed.

use portolan_catalog::feed::{Change, Feed};
use portolan_catalog::{Catalog, OptionKind, ParamValue, Product};
use portolan_core::cond::{self, Value};
use portolan_core::plan::{OptionValue, ParamInput, Plan, PlanProduct};
use serde::Serialize;
use std::collections::HashMap;

/// The changes since a revision that touch a plan.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
#[schemars(rename = "ChangesSince")]
pub struct Since {
    /// The revision the plan was made with.
    pub since: String,
    /// The catalog's revision now.
    pub current: String,
    /// Every change since, for every product.
    pub total: usize,
    pub touching: Vec<Change>,
}

/// Why the changes cannot be listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SinceError {
    pub message: String,
    pub help: String,
}

impl std::fmt::Display for SinceError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}\n  help: {}", self.message, self.help)
    }
}

/// The changes after revision `since` that touch `plan`; `Ok(None)` when `since` is the current
/// revision; an error when the feed does not know `since`.
pub fn changes_since(
    catalog: &Catalog,
    feed: &Feed,
    plan: &Plan,
    since: &str,
) -> Result<Option<Since>, SinceError> {
    let since = since.trim();
    if since == catalog.revision {
        return Ok(None);
    }
    let Some(all) = feed.since(since) else {
        return Err(SinceError {
            message: format!("catalog revision `{since}` is not in this build's change feed"),
            help: format!(
                "known revisions, oldest first: {}; the current one is {}",
                feed.known().join(", "),
                catalog.revision
            ),
        });
    };
    let touching = all
        .iter()
        .filter(|c| touches(catalog, plan, c))
        .map(|c| (*c).clone())
        .collect();
    Ok(Some(Since {
        since: since.to_string(),
        current: catalog.revision.clone(),
        total: all.len(),
        touching,
    }))
}

/// Whether change `c` touches `plan`.
pub fn touches(catalog: &Catalog, plan: &Plan, c: &Change) -> bool {
    let Some(pp) = plan.products.iter().find(|p| p.id == c.product) else {
        return false;
    };
    let Some(product) = catalog.product(&c.product) else {
        // a product the catalog no longer has
        return true;
    };
    let env = env(product, pp);
    let kind = c.fact.split('/').next().unwrap_or("");
    match kind {
        "rule" | "requirement" => c.when.as_deref().is_none_or(|w| holds(w, &env)),
        "endpoint" => {
            let role = c.fact.split('/').nth(1).unwrap_or("");
            let in_release = c.in_releases.is_empty()
                || release_of(product, pp).is_none_or(|r| c.in_releases.contains(&r));
            in_release
                && product.rules.iter().any(|r| {
                    (*r.from == *role || *r.to == *role)
                        && r.when.as_ref().is_none_or(|w| cond::eval(&w.expr, &env))
                })
        }
        _ => true,
    }
}

/// A condition's text evaluated for the plan; one that does not read counts as holding.
fn holds(when: &str, env: &HashMap<String, Value>) -> bool {
    match cond::parse_condition(when) {
        Ok(expr) => {
            // a name the product no longer has makes the condition unreadable: keep the change
            if expr.names().iter().any(|n| !env.contains_key(n)) {
                return true;
            }
            cond::eval(&expr, env)
        }
        Err(_) => true,
    }
}

/// The documented release the plan's version of `p` takes its facts from.
fn release_of(p: &Product, pp: &PlanProduct) -> Option<String> {
    let c = p.release_component()?;
    let v: portolan_core::version::Version = match pp.versions.get(&c.id) {
        Some(t) => t.trim().parse().ok()?,
        None => c.default.clone()?,
    };
    c.release_at(&v).map(|at| at.release().version.to_string())
}

/// The plan's values of a product's names (defaults where the plan gives none or an invalid one).
fn env(p: &Product, pp: &PlanProduct) -> HashMap<String, Value> {
    let mut m = HashMap::new();
    for c in &p.components {
        let v = (pp.versions.get(&c.id))
            .and_then(|t| t.trim().parse().ok())
            .or_else(|| c.default.clone());
        if let Some(v) = v {
            m.insert(c.id.clone(), Value::Version(v));
        }
    }
    for o in &p.options {
        let v = match (&o.kind, pp.options.get(&o.id)) {
            (OptionKind::Bool { .. }, Some(OptionValue::Bool(b))) => Value::Bool(*b),
            (OptionKind::Bool { default }, _) => Value::Bool(*default),
            (OptionKind::Enum { values, .. }, Some(OptionValue::Text(t))) if values.contains(t) => {
                Value::Text(t.clone())
            }
            (OptionKind::Enum { default, .. }, _) => Value::Text(default.clone()),
            (OptionKind::Set { values, .. }, Some(OptionValue::List(l)))
                if l.iter().all(|v| values.contains(v)) =>
            {
                Value::Set(l.clone())
            }
            (OptionKind::Set { default, .. }, _) => Value::Set(default.clone()),
        };
        m.insert(o.id.clone(), v);
    }
    for q in &p.parameters {
        let v = match (&q.default, pp.parameters.get(&q.id)) {
            (ParamValue::Number(_), Some(ParamInput::Number(n))) => Value::Number(*n as f64),
            (ParamValue::Number(n), _) => Value::Number(*n as f64),
            (ParamValue::Text(_), Some(ParamInput::Text(t))) => Value::Text(t.clone()),
            (ParamValue::Text(t), _) => Value::Text(t.clone()),
        };
        m.insert(q.id.clone(), v);
    }
    m
}
