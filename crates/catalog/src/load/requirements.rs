//! `[[requirements]]`: what a deployment needs besides open ports (sizing, antivirus
//! exclusions, compatibility, ...), each kind with its own fields.

use super::*;

/// The requirements, and their ids (for `replaces`).
pub(super) fn requirements(
    ck: &mut Check<'_, '_>,
    raw: &RawProduct,
    d: &Declared<'_>,
    components: &[Component],
) -> (Vec<std::sync::Arc<Requirement>>, BTreeSet<String>) {
    let mut requirements = Vec::new();
    let mut req_ids = BTreeSet::new();
    for q in &raw.requirements {
        ck.cx.id("requirement", &q.id);
        if !req_ids.insert(q.id.get_ref().clone()) {
            dup(ck.cx, "requirement", &q.id);
        }
        if let Some(role) = &q.role {
            ck.role_ref(role);
        }
        let when = q
            .when
            .as_ref()
            .and_then(|w| condition(ck.cx, w, &d.symbols, &mut ck.used_names));
        let kind = requirement_kind(ck, q, &d.symbols);
        let kind = kind.and_then(|kind| with_component(ck.cx, q, kind, components));
        let qcite = ck.cite(&q.cite, "requirement", q.id.span(), true);
        let seen = ck.seen(&q.scope, q.id.span());
        let scope = d.scoping.scope(ck.cx, &q.scope, seen, qcite.as_ref());
        let when = d.scoping.fold(when, &scope);
        if let (Some(kind), Some(qcite)) = (kind, qcite) {
            requirements.push(std::sync::Arc::new(Requirement {
                id: q.id.get_ref().clone(),
                kind,
                when,
                cite: qcite,
                scope,
            }));
        }
    }
    (requirements, req_ids)
}

/// A compatibility requirement names the component it is about.
fn with_component(
    cx: &mut Ctx<'_>,
    q: &RawRequirement,
    kind: RequirementKind,
    components: &[Component],
) -> Option<RequirementKind> {
    match kind {
        RequirementKind::Compatibility {
            vendor,
            integration,
            software,
            os,
            min_version,
            text,
            ..
        } => trust::compat_component(cx, q, components).map(|component| {
            RequirementKind::Compatibility {
                vendor,
                integration,
                software,
                os,
                min_version,
                component,
                text,
            }
        }),
        other => Some(other),
    }
}

/// The fields each requirement kind takes: (required, optional).
fn kind_fields(kind: &str) -> Option<(&'static [&'static str], &'static [&'static str])> {
    Some(match kind {
        "antivirus" => (
            &["application"],
            &["process", "extensions", "folders", "text"],
        ),
        "compatibility" => (
            &["vendor", "integration", "software", "text"],
            &["os", "min_version", "component"],
        ),
        "sizing" => (&["what", "formula", "unit", "text"], &[]),
        "min-hosts" => (&["role", "count", "text"], &[]),
        "time-sync" => (&["max_interval_hours", "text"], &["role"]),
        "high-availability" => (&["text"], &["role"]),
        "network" | "note" | "ambiguity" => (&["text"], &[]),
        "file-type" => (&["extension", "text"], &[]),
        "prerequisite" => (&["capability", "requires", "text"], &[]),
        _ => return None,
    })
}

fn present_fields(q: &RawRequirement) -> Vec<(&'static str, Range<usize>)> {
    let mut v = Vec::new();
    macro_rules! f {
        ($($name:ident),*) => {$(
            if let Some(x) = &q.$name { v.push((stringify!($name), x.span())); }
        )*};
    }
    f!(
        text,
        application,
        process,
        extensions,
        folders,
        vendor,
        integration,
        software,
        os,
        min_version,
        component,
        what,
        formula,
        unit,
        role,
        count,
        max_interval_hours,
        extension,
        capability,
        requires
    );
    v
}

/// The requirement's kind with its fields: a known kind, its fields, then their values.
fn requirement_kind(
    ck: &mut Check<'_, '_>,
    q: &RawRequirement,
    symbols: &ProductSymbols<'_>,
) -> Option<RequirementKind> {
    let kind = q.kind.get_ref().as_str();
    let Some(fields) = kind_fields(kind) else {
        let kinds: Vec<String> = REQUIREMENT_KINDS.iter().map(|k| k.to_string()).collect();
        let hint = match did_you_mean(kind, REQUIREMENT_KINDS.iter().copied()) {
            Some(s) => format!("did you mean `{s}`?"),
            None => format!("use one of {}", list(&kinds)),
        };
        ck.cx.err(
            Code::CatalogRequirementKind,
            q.kind.span(),
            format!("requirement kind `{kind}` is unknown"),
            &hint,
        );
        return None;
    };
    if !fields_fit(ck.cx, q, kind, fields) {
        return None;
    }
    kind_values(ck, q, kind, symbols)
}

/// Every field present applies to the kind, and every field the kind requires is present.
fn fields_fit(
    cx: &mut Ctx<'_>,
    q: &RawRequirement,
    kind: &str,
    (required, optional): (&[&str], &[&str]),
) -> bool {
    let present = present_fields(q);
    let mut ok = true;
    for (name, span) in &present {
        if !required.contains(name) && !optional.contains(name) {
            ok = false;
            cx.err(
                Code::CatalogRequirementField,
                span.clone(),
                format!("field `{name}` does not apply to a `{kind}` requirement"),
                &format!(
                    "a `{kind}` requirement takes {}",
                    required
                        .iter()
                        .chain(optional.iter())
                        .map(|f| format!("`{f}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            );
        }
    }
    for name in required {
        if !present.iter().any(|(n, _)| n == name) {
            ok = false;
            cx.err(
                Code::CatalogRequirementField,
                q.id.span(),
                format!("`{kind}` requirement `{}` has no `{name}`", q.id.get_ref()),
                &format!("add `{name} = ...`"),
            );
        }
    }
    ok
}

fn string(f: &Option<S<String>>) -> String {
    f.as_ref().map(|x| x.get_ref().clone()).unwrap_or_default()
}

fn opt_string(f: &Option<S<String>>) -> Option<String> {
    f.as_ref().map(|x| x.get_ref().clone())
}

fn strings(f: &Option<S<Vec<S<String>>>>) -> Vec<String> {
    f.as_ref()
        .map(|x| x.get_ref().iter().map(|i| i.get_ref().clone()).collect())
        .unwrap_or_default()
}

/// The values of a kind's fields (all present, as [`fields_fit`] checked).
fn kind_values(
    ck: &mut Check<'_, '_>,
    q: &RawRequirement,
    kind: &str,
    symbols: &ProductSymbols<'_>,
) -> Option<RequirementKind> {
    let text = string(&q.text);
    Some(match kind {
        "antivirus" => RequirementKind::Antivirus {
            application: string(&q.application),
            process: opt_string(&q.process),
            extensions: strings(&q.extensions),
            folders: strings(&q.folders),
            text: opt_string(&q.text),
        },
        "compatibility" => RequirementKind::Compatibility {
            vendor: string(&q.vendor),
            integration: string(&q.integration),
            software: string(&q.software),
            os: opt_string(&q.os),
            min_version: match &q.min_version {
                Some(v) => Some(version(ck.cx, v)?),
                None => None,
            },
            component: None,
            text,
        },
        "sizing" => sizing(ck, q, symbols, text)?,
        "min-hosts" => RequirementKind::MinHosts {
            role: string(&q.role),
            count: small(ck.cx, q.count.as_ref()?)?,
            text,
        },
        "time-sync" => RequirementKind::TimeSync {
            role: opt_string(&q.role),
            max_interval_hours: small(ck.cx, q.max_interval_hours.as_ref()?)?,
            text,
        },
        "high-availability" => RequirementKind::HighAvailability {
            role: opt_string(&q.role),
            text,
        },
        "network" => RequirementKind::Network { text },
        "file-type" => RequirementKind::FileType {
            extension: string(&q.extension),
            text,
        },
        "prerequisite" => RequirementKind::Prerequisite {
            capability: string(&q.capability),
            requires: condition(ck.cx, q.requires.as_ref()?, symbols, &mut ck.used_names)?,
            text,
        },
        "note" => RequirementKind::Note { text },
        _ => RequirementKind::Ambiguity { text },
    })
}

/// A sizing requirement: its formula parses and uses count and port parameters.
fn sizing(
    ck: &mut Check<'_, '_>,
    q: &RawRequirement,
    symbols: &ProductSymbols<'_>,
    text: String,
) -> Option<RequirementKind> {
    let f = q.formula.as_ref()?;
    let src = f.get_ref();
    let formula = match cond::parse_formula(src) {
        Ok(formula) => formula,
        Err(e) => {
            let at = ck.cx.inner_offset(&f.span(), src, e.span.start);
            ck.cx.err(
                Code::CatalogFormulaSyntax,
                at..at,
                e.message,
                e.help
                    .as_deref()
                    .unwrap_or("write arithmetic over count parameters, e.g. `30 * calls / 1000`"),
            );
            return None;
        }
    };
    let errs = cond::check_formula(&formula, symbols);
    for e in &errs {
        let at = ck.cx.inner_offset(&f.span(), src, e.span.start);
        ck.cx.err(
            Code::CatalogFormulaType,
            at..at,
            e.message.clone(),
            e.help
                .as_deref()
                .unwrap_or("formulas use count and port parameters"),
        );
    }
    ck.used_names.extend(formula.names());
    if !errs.is_empty() {
        return None;
    }
    Some(RequirementKind::Sizing {
        what: string(&q.what),
        formula: FormulaDef {
            source: src.clone(),
            formula,
        },
        unit: string(&q.unit),
        text,
    })
}

fn small(cx: &mut Ctx<'_>, v: &S<i64>) -> Option<u32> {
    match u32::try_from(*v.get_ref()) {
        Ok(n) if n > 0 => Some(n),
        _ => {
            cx.err(
                Code::CatalogBadCount,
                v.span(),
                format!("`{}` is not a positive whole number", v.get_ref()),
                "use a number such as `2`",
            );
            None
        }
    }
}
