//! Report items in words, one wording for every front end: the planner's requirements list, its
//! change-request document, the HTML and Markdown exports and the CLI's table all say the same
//! thing about a requirement. Returns the user's and the catalog's text unescaped; each front
//! end escapes it for its own format.

use super::ResolvedRequirement;
use portolan_catalog::{Catalog, RequirementKind};
use std::fmt::Write as _;

/// A number as people write it: no decimals for whole numbers, two otherwise.
pub fn number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{v:.0}")
    } else {
        format!("{v:.2}")
    }
}

/// What a requirement of this kind is called, for lists that mix kinds: `Sizing`, `Note`, ...
pub fn kind_label(kind: &RequirementKind) -> &'static str {
    match kind {
        RequirementKind::Antivirus { .. } => "Antivirus exclusion",
        RequirementKind::Compatibility { .. } => "Compatibility",
        RequirementKind::Sizing { .. } => "Sizing",
        RequirementKind::MinHosts { .. } => "Minimum hosts",
        RequirementKind::TimeSync { .. } => "Time synchronisation",
        RequirementKind::HighAvailability { .. } => "High availability",
        RequirementKind::Network { .. } => "Network",
        RequirementKind::FileType { .. } => "File type",
        RequirementKind::Prerequisite { .. } => "Prerequisite",
        RequirementKind::Note { .. } => "Note",
        RequirementKind::Ambiguity { .. } => "Ambiguity in the source",
    }
}

/// A resolved requirement as a short title (what it asks for, with the plan's computed values;
/// empty for kinds that are only text, such as notes) and its details (the catalog's
/// explanation). The title does not repeat the kind: lists grouped by kind show it in their
/// heading, mixed lists put [`kind_label`] before it. Roles are named as the catalog names them.
pub fn requirement_text(catalog: &Catalog, q: &ResolvedRequirement) -> (String, String) {
    let role_name = |role: &str| {
        catalog
            .product(&q.product)
            .and_then(|p| p.role(role))
            .map_or_else(|| role.to_string(), |r| r.name.clone())
    };
    match &q.requirement.kind {
        RequirementKind::Antivirus {
            application,
            process,
            extensions,
            folders,
            text,
        } => {
            let detail = antivirus_detail(process.as_deref(), folders, extensions, text.as_deref());
            (application.clone(), detail)
        }
        RequirementKind::Compatibility {
            vendor,
            integration,
            software,
            os,
            min_version,
            text,
            ..
        } => (
            compatibility_title(
                vendor,
                integration,
                software,
                min_version.as_ref(),
                os.as_ref(),
            ),
            text.clone(),
        ),
        RequirementKind::Sizing {
            what,
            formula,
            unit,
            text,
        } => sizing_text(q.value, what, &formula.source, unit, text),
        RequirementKind::MinHosts { role, count, text } => (
            min_hosts_title(*count, &role_name(role), q.hosts_mapped),
            text.clone(),
        ),
        RequirementKind::TimeSync {
            role,
            max_interval_hours,
            text,
        } => (
            time_sync_title(*max_interval_hours, role.as_deref().map(role_name)),
            text.clone(),
        ),
        RequirementKind::HighAvailability { role, text } => (
            role.as_deref().map(role_name).unwrap_or_default(),
            text.clone(),
        ),
        RequirementKind::FileType { extension, text } => (extension.clone(), text.clone()),
        RequirementKind::Prerequisite {
            capability,
            requires,
            text,
        } => (
            format!("{capability} requires {}", requires.source),
            text.clone(),
        ),
        RequirementKind::Network { text }
        | RequirementKind::Note { text }
        | RequirementKind::Ambiguity { text } => (String::new(), text.clone()),
    }
}

/// `Vendor integration: software 4.2 or later on os`.
fn compatibility_title(
    vendor: &str,
    integration: &str,
    software: &str,
    min_version: Option<&impl std::fmt::Display>,
    os: Option<&impl std::fmt::Display>,
) -> String {
    let mut title = format!("{vendor} {integration}: {software}");
    if let Some(v) = min_version {
        let _ = write!(title, " {v} or later");
    }
    if let Some(o) = os {
        let _ = write!(title, " on {o}");
    }
    title
}

/// `At least 2 host(s) for Role (1 mapped in this plan)`.
fn min_hosts_title(count: u32, role: &str, mapped: Option<usize>) -> String {
    let mapped = mapped
        .map(|n| format!(" ({n} mapped in this plan)"))
        .unwrap_or_default();
    format!("At least {count} host(s) for {role}{mapped}")
}

/// `Synchronise the clock at least every 24 h on Role`.
fn time_sync_title(max_interval_hours: u32, role: Option<String>) -> String {
    let of = role.map(|r| format!(" on {r}")).unwrap_or_default();
    format!("Synchronise the clock at least every {max_interval_hours} h{of}")
}

/// What an antivirus exclusion covers: `process P; folders F; file types E. text`.
fn antivirus_detail(
    process: Option<&str>,
    folders: &[String],
    extensions: &[String],
    text: Option<&str>,
) -> String {
    let mut parts = Vec::new();
    if let Some(p) = process {
        parts.push(format!("process {p}"));
    }
    if !folders.is_empty() {
        parts.push(format!("folders {}", folders.join(", ")));
    }
    if !extensions.is_empty() {
        parts.push(format!("file types {}", extensions.join(", ")));
    }
    let mut detail = parts.join("; ");
    if let Some(t) = text {
        if !detail.is_empty() {
            detail.push_str(". ");
        }
        detail.push_str(t);
    }
    detail
}

/// A sizing requirement: `what = value unit` (or "not computed") and its formula.
fn sizing_text(
    value: Option<f64>,
    what: &str,
    formula: &str,
    unit: &str,
    text: &str,
) -> (String, String) {
    let value = match value {
        Some(v) => format!("{} {unit}", number(v)),
        None => format!("not computed ({unit})"),
    };
    let detail = if text.is_empty() {
        format!("Formula: {formula}.")
    } else {
        format!("{text} Formula: {formula}.")
    };
    (format!("{what} = {value}"), detail)
}

/// A requirement in one line under a heading of its kind: `title. details`, the title alone,
/// or the details alone.
pub fn requirement_line(catalog: &Catalog, q: &ResolvedRequirement) -> String {
    join(requirement_text(catalog, q))
}

/// [`requirement_text`] for lists that mix kinds: the title starts with the kind,
/// `Sizing: storage = 18 GB`, or is the kind alone, `Note`.
pub fn requirement_text_with_kind(catalog: &Catalog, q: &ResolvedRequirement) -> (String, String) {
    let (title, detail) = requirement_text(catalog, q);
    let label = kind_label(&q.requirement.kind);
    let title = if title.is_empty() {
        label.to_string()
    } else {
        format!("{label}: {title}")
    };
    (title, detail)
}

/// A requirement in one line among requirements of other kinds: `Sizing: title. details`.
pub fn requirement_line_with_kind(catalog: &Catalog, q: &ResolvedRequirement) -> String {
    join(requirement_text_with_kind(catalog, q))
}

fn join((title, detail): (String, String)) -> String {
    match (title.is_empty(), detail.is_empty()) {
        (_, true) => title,
        (true, false) => detail,
        (false, false) => format!("{title}. {detail}"),
    }
}

/// How an endpoint is named: the host name, the role name of an unmapped role (marked as such),
/// the external endpoint's name, or `any`.
pub fn endpoint_label(e: &crate::Endpoint) -> String {
    use crate::EndpointKind;
    match e.kind {
        EndpointKind::Host | EndpointKind::External => e.name.clone(),
        EndpointKind::Unassigned => format!("{} (role not mapped to a host)", e.name),
        EndpointKind::Any => "any".to_string(),
    }
}

/// An endpoint for people, the one way every front end writes it: with the addresses a firewall
/// rule uses for it, `ris01 (10.9.0.10)`, `agents (10.8.0.0/22)`, `any`, or a note that it has
/// no address yet.
pub fn endpoint(e: &crate::Endpoint) -> String {
    if e.kind == crate::EndpointKind::Any {
        return "any".to_string();
    }
    let addrs: Vec<String> = e.rule_addresses().map(ToString::to_string).collect();
    if addrs.is_empty() {
        format!("{} (no address yet)", endpoint_label(e))
    } else {
        format!("{} ({})", endpoint_label(e), addrs.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_drop_needless_decimals() {
        assert_eq!(number(18.0), "18");
        assert_eq!(number(2.5), "2.50");
        assert_eq!(number(0.5), "0.50");
        assert_eq!(number(-3.0), "-3");
        // too large to be exact as a whole number: keeps the decimals
        assert_eq!(number(1e16), "10000000000000000.00");
    }

    #[test]
    fn every_requirement_of_every_example_reads_well() {
        let cat = portolan_bundled::catalog().unwrap();
        let mut kinds = std::collections::BTreeSet::new();
        for (name, _, _) in portolan_bundled::EXAMPLE_PLANS {
            let plan = portolan_bundled::example(name).unwrap();
            let report = crate::evaluate(&cat, &plan);
            for q in &report.requirements {
                let (title, detail) = requirement_text(&cat, q);
                kinds.insert(q.requirement.kind.name());
                assert!(
                    !title.is_empty() || !detail.is_empty(),
                    "{}",
                    q.requirement.id
                );
                assert!(
                    !title.ends_with(' ') && !detail.ends_with(' '),
                    "{title} / {detail}"
                );
                let line = requirement_line(&cat, q);
                assert!(
                    line.starts_with(&title) && line.ends_with(&detail),
                    "{line}"
                );
                let mixed = requirement_line_with_kind(&cat, q);
                assert!(
                    mixed.starts_with(kind_label(&q.requirement.kind)),
                    "{mixed}"
                );
                assert!(mixed.ends_with(&line), "{mixed}");
                match &q.requirement.kind {
                    RequirementKind::Sizing { .. } => {
                        assert!(title.contains(" = "), "{title}");
                        assert!(detail.contains("Formula: "), "{detail}");
                        if let Some(v) = q.value {
                            assert!(title.contains(&number(v)), "{title}");
                        }
                    }
                    RequirementKind::MinHosts { role, .. } => {
                        // the role's name from the catalog, not its id
                        let name = &cat.product(&q.product).unwrap().role(role).unwrap().name;
                        assert!(title.contains(name.as_str()), "{title}");
                        if let Some(n) = q.hosts_mapped {
                            assert!(title.contains(&format!("({n} mapped in this plan)")));
                        }
                    }
                    _ => {}
                }
            }
        }
        // the examples exercise the kinds that compute values
        assert!(
            kinds.contains("sizing") && kinds.contains("min-hosts"),
            "{kinds:?}"
        );
    }
}
