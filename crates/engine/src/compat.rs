//! Versions of other vendors' software: a product's compatibility statements ("Windows 2012
//! requires version 5.9 or higher") checked against the version the plan says is installed,
//! like a product's own version: a warning below the threshold, nothing at or above it, and one
//! note per piece of software whose version the plan does not give.

use super::gate::field_of;
use super::report::Warning;
use portolan_catalog::{Product, Requirement, RequirementKind};
use portolan_core::cond::{Env, Value};
use portolan_core::diag::Code;
use portolan_core::diag::Severity;
use portolan_core::plan::PlanProduct;
use portolan_core::version::Version;

/// A compatibility statement that names the component it checks and its minimum version.
struct Statement<'a> {
    component: &'a str,
    min: &'a Version,
    software: &'a str,
    os: Option<&'a str>,
    requirement: &'a Requirement,
}

fn statement(q: &Requirement) -> Option<Statement<'_>> {
    match &q.kind {
        RequirementKind::Compatibility {
            component: Some(component),
            min_version: Some(min),
            software,
            os,
            ..
        } => Some(Statement {
            component,
            min,
            software,
            os: os.as_deref(),
            requirement: q,
        }),
        _ => None,
    }
}

/// Checks the compatibility statements among `active` (the requirements of `p` that apply to
/// the plan; `p` is `products[index]`, given as `pp`).
pub(crate) fn check(
    p: &Product,
    index: usize,
    pp: &PlanProduct,
    active: &[&Requirement],
    env: &dyn Env,
    warnings: &mut Vec<Warning>,
) {
    let statements: Vec<Statement<'_>> = active.iter().filter_map(|q| statement(q)).collect();
    let mut unknown: Vec<&str> = Vec::new();
    for s in &statements {
        match env.value_ref(s.component).as_deref() {
            Some(Value::Version(installed)) if installed < s.min => {
                warnings.push(below(p, index, s, installed));
            }
            Some(_) => {}
            // an unreadable value is already an error on its field
            None if pp.versions.contains_key(s.component) => {}
            None => {
                if !unknown.contains(&s.component) {
                    unknown.push(s.component);
                }
            }
        }
    }
    for c in unknown {
        let these: Vec<&Statement<'_>> = statements.iter().filter(|s| s.component == c).collect();
        warnings.push(not_given(p, index, c, &these));
    }
}

fn threshold(s: &Statement<'_>) -> String {
    match s.os {
        Some(os) => format!("{} or later on {os}", s.min),
        None => format!("{} or later", s.min),
    }
}

fn below(p: &Product, index: usize, s: &Statement<'_>, installed: &Version) -> Warning {
    let text = match &s.requirement.kind {
        RequirementKind::Compatibility { text, .. } => text.as_str(),
        _ => "",
    };
    Warning {
        code: Code::Compatibility,
        severity: Severity::Warning,
        message: format!(
            "{} {installed} is below the version the vendor requires: {}",
            s.software,
            threshold(s)
        ),
        help: Some(format!(
            "upgrade {} to {} or later before installing ({text})",
            s.software, s.min
        )),
        product: Some(p.id.to_string()),
        field: Some(field_of(p, index, s.component)),
        cite: Some(s.requirement.cite.clone()),
        roles: Vec::new(),
        hosts: Vec::new(),
        component: Some(s.component.to_string()),
    }
}

fn not_given(p: &Product, index: usize, component: &str, these: &[&Statement<'_>]) -> Warning {
    let name = p
        .component(component)
        .map_or(component, |c| c.name.as_str());
    let needs: Vec<String> = these.iter().map(|s| threshold(s)).collect();
    Warning {
        code: Code::CompatibilityUnknown,
        severity: Severity::Info,
        message: format!(
            "the installed version of {name} is not given, so it cannot be checked against: {}",
            needs.join("; ")
        ),
        help: Some(format!(
            "enter the version of {name} installed (or planned) to check it"
        )),
        product: Some(p.id.to_string()),
        field: Some(field_of(p, index, component)),
        cite: these.first().map(|s| s.requirement.cite.clone()),
        roles: Vec::new(),
        hosts: Vec::new(),
        component: Some(component.to_string()),
    }
}
