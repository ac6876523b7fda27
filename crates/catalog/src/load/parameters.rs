//! `[[parameters]]`: the values a plan may change (ports, counts and texts).

use super::*;

pub(super) fn parameters(ck: &mut Check<'_, '_>, raw: &RawProduct) -> Vec<Parameter> {
    let mut parameters = Vec::new();
    for p in &raw.parameters {
        ck.declare("parameter", &p.id);
        let min = p.min.as_ref().and_then(|m| non_negative(ck.cx, m));
        let max = p.max.as_ref().and_then(|m| non_negative(ck.cx, m));
        let kind = match p.kind.get_ref().as_str() {
            "port" => Some(ParamKind::Port),
            "count" => Some(ParamKind::Count),
            "text" => Some(ParamKind::Text),
            other => {
                ck.cx.err(
                    Code::CatalogParameterType,
                    p.kind.span(),
                    format!("parameter type `{other}` is unknown"),
                    "use `port`, `count` or `text`",
                );
                None
            }
        };
        let default = kind.and_then(|kind| default(ck.cx, p, kind, (min, max)));
        if kind == Some(ParamKind::Text) && (min.is_some() || max.is_some()) {
            ck.cx.err(
                Code::CatalogParameterRange,
                p.id.span(),
                "a text parameter has no `min`/`max`".to_string(),
                "remove `min` and `max`",
            );
        }
        let pcite = ck.cite(&p.cite, "parameter", p.id.span(), true);
        if let (Some(kind), Some(default)) = (kind, default) {
            parameters.push(Parameter {
                id: p.id.get_ref().clone(),
                name: p.name.get_ref().clone(),
                kind,
                default,
                min,
                max,
                unit: p.unit.as_ref().map(|u| u.get_ref().clone()),
                configurable: p.configurable.as_ref().is_none_or(|c| *c.get_ref()),
                description: p.description.get_ref().clone(),
                cite: pcite,
            });
        }
    }
    parameters
}

/// The parameter's default, which must fit its kind (and its range).
fn default(
    cx: &mut Ctx<'_>,
    p: &RawParameter,
    kind: ParamKind,
    (min, max): (Option<u64>, Option<u64>),
) -> Option<ParamValue> {
    match (kind, p.default.get_ref()) {
        (ParamKind::Port, Value::Int(n)) => {
            if (1..=65535).contains(n) {
                u64::try_from(*n).ok().map(ParamValue::Number)
            } else {
                cx.err(
                    Code::CatalogBadPort,
                    p.default.span(),
                    format!("port `{n}` is out of range"),
                    "a port is a number from 1 to 65535",
                );
                None
            }
        }
        (ParamKind::Count, Value::Int(n)) => {
            let v = u64::try_from(*n).ok();
            let in_range =
                v.is_some_and(|v| min.is_none_or(|m| v >= m) && max.is_none_or(|m| v <= m));
            if !in_range {
                cx.err(
                    Code::CatalogParameterDefault,
                    p.default.span(),
                    format!("default `{n}` is outside the parameter's range"),
                    "use a non-negative number between `min` and `max`",
                );
            }
            v.map(ParamValue::Number)
        }
        (ParamKind::Text, Value::Str(s)) => Some(ParamValue::Text(s.clone())),
        (k, other) => {
            cx.err(
                Code::CatalogParameterDefault,
                p.default.span(),
                format!("default `{other}` does not fit a {k:?} parameter"),
                "ports and counts take a number, text parameters a string",
            );
            None
        }
    }
}
