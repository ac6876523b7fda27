//! `[[options]]`: the choices a plan makes (bool, enum or set).

use super::*;

pub(super) fn options(ck: &mut Check<'_, '_>, raw: &RawProduct) -> Vec<OptionDef> {
    let mut options = Vec::new();
    for o in &raw.options {
        ck.declare("option", &o.id);
        let kind = match o.kind.get_ref().as_str() {
            "bool" => bool_option(ck.cx, o),
            "enum" => enum_option(ck.cx, o),
            "set" => trust::set_option(ck.cx, o),
            other => {
                ck.cx.err(
                    Code::CatalogOptionType,
                    o.kind.span(),
                    format!("option type `{other}` is unknown"),
                    "use `bool`, `enum` or `set`",
                );
                None
            }
        };
        let ocite = ck.cite(&o.cite, "option", o.id.span(), true);
        let wider_reading = wider_reading(ck.cx, o, kind.as_ref());
        if let Some(kind) = kind {
            options.push(OptionDef {
                id: o.id.get_ref().clone(),
                name: o.name.get_ref().clone(),
                kind,
                description: o.description.get_ref().clone(),
                off_cost: o.off_cost.as_ref().map(|c| c.get_ref().clone()),
                wider_reading,
                cite: ocite,
            });
        }
    }
    options
}

/// `wider_reading = true`: the option adds flows the source does not name, so it must be a
/// bool that is off by default (the default plan opens only what the source states).
fn wider_reading(cx: &mut Ctx<'_>, o: &RawOption, kind: Option<&OptionKind>) -> bool {
    let Some(flag) = o.wider_reading.as_ref().filter(|f| *f.get_ref()) else {
        return false;
    };
    if !matches!(kind, Some(OptionKind::Bool { default: false }) | None) {
        cx.err(
            Code::CatalogWiderReading,
            flag.span(),
            format!(
                "option `{}` is a wider reading, so it must be a bool option that is off by default",
                o.id.get_ref()
            ),
            "write `type = \"bool\"` and `default = false`: the default plan opens only what the source states",
        );
    }
    true
}

fn bool_option(cx: &mut Ctx<'_>, o: &RawOption) -> Option<OptionKind> {
    if let Some(v) = &o.values {
        if let Some(first) = v.first() {
            cx.err(
                Code::CatalogBoolValues,
                first.span(),
                "a bool option has no `values`".to_string(),
                "remove `values`, or write `type = \"enum\"`",
            );
        }
    }
    match o.default.get_ref() {
        Value::Bool(b) => Some(OptionKind::Bool { default: *b }),
        other => {
            cx.err(
                Code::CatalogOptionDefault,
                o.default.span(),
                format!("default `{other}` of a bool option is not `true` or `false`"),
                "write `default = true` or `default = false`",
            );
            None
        }
    }
}

/// The values of an enum or set option (`kind`), each once, with the checks both kinds share:
/// values are listed, none twice, and `off_cost` (a bool option's) is not given.
pub(super) fn listed_values(
    cx: &mut Ctx<'_>,
    o: &RawOption,
    kind: &str,
    cost_help: &str,
) -> Vec<String> {
    let values: Vec<String> = o
        .values
        .iter()
        .flatten()
        .map(|v| v.get_ref().clone())
        .collect();
    let mut seen = BTreeSet::new();
    for v in o.values.iter().flatten() {
        if !seen.insert(v.get_ref().clone()) {
            dup(cx, "option value", v);
        }
    }
    if values.is_empty() {
        cx.err(
            Code::CatalogEnumValues,
            o.kind.span(),
            format!("{kind} option `{}` has no `values`", o.id.get_ref()),
            "add `values = [\"a\", \"b\"]`",
        );
    }
    if o.off_cost.is_some() {
        cx.err(
            Code::CatalogOffCost,
            o.id.span(),
            "`off_cost` applies to bool options only".to_string(),
            cost_help,
        );
    }
    values
}

fn enum_option(cx: &mut Ctx<'_>, o: &RawOption) -> Option<OptionKind> {
    let values = listed_values(
        cx,
        o,
        "enum",
        "describe what each value costs in `description` instead",
    );
    match o.default.get_ref() {
        Value::Str(d) if values.contains(d) => Some(OptionKind::Enum {
            values,
            default: d.clone(),
        }),
        other => {
            cx.err(
                Code::CatalogOptionDefault,
                o.default.span(),
                format!("default `{other}` is not one of the option's values"),
                &format!("use one of {}", list(&values)),
            );
            None
        }
    }
}
