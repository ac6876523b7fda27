//! The parts of a catalog file that keep a plan from opening more than the vendor states:
//! third-party components (versions of other vendors' software, with no default), multi-select
//! options (`type = "set"`) and the choices a role belongs to (`when` on a role).

use super::*;
use portolan_core::diag::Code;

/// The kind of a component, and its default: product components need a listed default;
/// third-party software has none (its version is unknown until the plan enters it).
pub(super) fn component_kind(
    cx: &mut Ctx<'_>,
    c: &RawComponent,
    versions: &[Version],
) -> Option<(ComponentKind, Option<Version>)> {
    let kind = match c.kind.as_ref().map(|k| k.get_ref().as_str()) {
        None | Some("product") => ComponentKind::Product,
        Some("third-party") => ComponentKind::ThirdParty,
        Some(other) => {
            let span = c.kind.as_ref().map_or(c.id.span(), S::span);
            cx.err(
                Code::CatalogComponentKind,
                span,
                format!("component kind `{other}` is unknown"),
                "use `product` (a part of this product) or `third-party` (another vendor's software)",
            );
            return None;
        }
    };
    if kind == ComponentKind::Product {
        if let Some(v) = &c.vendor {
            cx.err(
                Code::CatalogComponentVendor,
                v.span(),
                "only third-party components have a `vendor`".to_string(),
                "write `kind = \"third-party\"`, or remove `vendor` (the product's vendor applies)",
            );
        }
        let Some(d) = &c.default else {
            cx.err(
                Code::CatalogMissingField,
                c.id.span(),
                format!("component `{}` has no `default`", c.id.get_ref()),
                "add `default = \"...\"`, one of `versions`",
            );
            return None;
        };
        if c.versions.is_empty() {
            cx.err(
                Code::CatalogNoVersions,
                c.id.span(),
                format!("component `{}` lists no known versions", c.id.get_ref()),
                "add `versions = [\"1.0\", ...]`, oldest first",
            );
        }
        let default = version(cx, d)?;
        if !versions.is_empty() && !versions.contains(&default) {
            cx.err(
                Code::CatalogDefaultNotListed,
                d.span(),
                format!("default version `{default}` is not among the listed versions"),
                "add it to `versions` or pick a listed one",
            );
        }
        return Some((kind, Some(default)));
    }
    if let Some(d) = &c.default {
        cx.err(
            Code::CatalogThirdPartyDefault,
            d.span(),
            format!(
                "third-party component `{}` has a `default`",
                c.id.get_ref()
            ),
            "remove it: the installed version of another vendor's software is unknown until the plan enters it, and a guessed one could hide an incompatibility",
        );
    }
    Some((kind, None))
}

/// A multi-select option: its values, and a default that is a list of them.
pub(super) fn set_option(cx: &mut Ctx<'_>, o: &RawOption) -> Option<OptionKind> {
    let values = super::options::listed_values(
        cx,
        o,
        "set",
        "describe what leaving a value out costs in `description` instead",
    );
    let Value::List(list) = o.default.get_ref() else {
        cx.err(
            Code::CatalogOptionDefault,
            o.default.span(),
            format!(
                "default `{}` of a set option is not a list",
                o.default.get_ref()
            ),
            &format!(
                "write a list of its values, e.g. `default = [{}]`",
                quoted_first(&values)
            ),
        );
        return None;
    };
    let mut default = Vec::new();
    for d in list {
        if values.contains(d.get_ref()) {
            if !default.contains(d.get_ref()) {
                default.push(d.get_ref().clone());
            }
        } else {
            cx.err(
                Code::CatalogOptionDefault,
                d.span(),
                format!(
                    "default `{}` is not one of the option's values",
                    d.get_ref()
                ),
                &format!("use values among {}", list_of(&values)),
            );
            return None;
        }
    }
    Some(OptionKind::Set { values, default })
}

fn quoted_first(values: &[String]) -> String {
    values
        .first()
        .map_or_else(|| "\"a\"".to_string(), |v| format!("\"{v}\""))
}

fn list_of(values: &[String]) -> String {
    list(values)
}

/// A role's `when`: the choices whose tables use the role. It may name options only, so that
/// whether a role is in use never depends on a version or a parameter (which may be unknown).
pub(super) fn role_when(
    cx: &mut Ctx<'_>,
    w: &S<String>,
    symbols: &ProductSymbols<'_>,
    used: &mut BTreeSet<String>,
) -> Option<Condition> {
    let c = condition(cx, w, symbols, used)?;
    let not_options: Vec<String> = c
        .expr
        .names()
        .into_iter()
        .filter(|n| !symbols.options.iter().any(|o| &o.id == n))
        .collect();
    if not_options.is_empty() {
        return Some(c);
    }
    cx.err(
        Code::CatalogRoleCondition,
        w.span(),
        format!(
            "a role's `when` names {}, which {} not an option",
            list(&not_options),
            if not_options.len() == 1 { "is" } else { "are" }
        ),
        "a role belongs to choices (option values), e.g. `when = 'deployment == \"premises\"'`; put conditions on versions or parameters on the rules",
    );
    None
}

/// A compatibility requirement's `component`: a declared component, checked against
/// `min_version` (which it then needs).
pub(super) fn compat_component(
    cx: &mut Ctx<'_>,
    q: &RawRequirement,
    components: &[Component],
) -> Option<Option<String>> {
    let Some(c) = &q.component else {
        return Some(None);
    };
    if !components.iter().any(|x| &x.id == c.get_ref()) {
        let ids: Vec<&str> = components.iter().map(|x| x.id.as_str()).collect();
        let hint = match did_you_mean(c.get_ref(), ids.iter().copied()) {
            Some(s) => format!("did you mean `{s}`?"),
            None => {
                "declare it as a `[[components]]` entry with `kind = \"third-party\"`".to_string()
            }
        };
        cx.err(
            Code::CatalogUnknownComponent,
            c.span(),
            format!("component `{}` is not declared", c.get_ref()),
            &hint,
        );
        return None;
    }
    if q.min_version.is_none() {
        cx.err(
            Code::CatalogRequirementField,
            c.span(),
            format!(
                "compatibility requirement `{}` checks `{}` but has no `min_version`",
                q.id.get_ref(),
                c.get_ref()
            ),
            "add `min_version = \"...\"` as the vendor states it, or remove `component`",
        );
        return None;
    }
    Some(Some(c.get_ref().clone()))
}
