//! Plan values the evaluation refuses besides their own syntax: names with characters a reader
//! cannot see, and template parameters that are not one DNS label.

use super::report::Warning;
use portolan_catalog::{Parameter, Product};
use portolan_core::cond::Value;
use portolan_core::diag::Severity;
use portolan_core::diag::{Code, FieldPath};
use portolan_core::net::label::{check_label, LABEL_HELP};
use portolan_core::plan::Host;
use portolan_core::text::hidden::check_name;

fn error(code: Code, message: String, help: String, field: FieldPath) -> Warning {
    Warning {
        code,
        severity: Severity::Error,
        message,
        help: Some(help),
        product: None,
        field: Some(field),
        cite: None,
        // filled in from `field` when the report is located (`locate.rs`)
        roles: Vec::new(),
        hosts: Vec::new(),
        component: None,
    }
}

/// A host's name, zone and role references are identifiers: control characters, direction
/// overrides and zero-width characters in them are errors (a reviewer would read another name
/// than the one a script compares).
pub(super) fn host_identifiers(h: usize, host: &Host, warnings: &mut Vec<Warning>) {
    // (value, what it is, its key and index under `hosts[h]`; the field path is made only for a
    // refused value, as every host passes here on every evaluation)
    let fields = [
        (&host.name, "host name", "name", None),
        (&host.zone, "zone", "zone", None),
    ];
    let roles =
        (host.roles.iter().enumerate()).map(|(r, role)| (role, "role reference", "roles", Some(r)));
    for (value, what, key, index) in fields.into_iter().chain(roles) {
        let Err(why) = check_name(value) else {
            continue;
        };
        let field = match index {
            Some(i) => FieldPath::host(h).key(key).index(i),
            None => FieldPath::host(h).key(key),
        };
        warnings.push(error(
            Code::PlanHiddenCharacter,
            format!(
                "{what} `{}` of host {} {why}",
                portolan_core::net::show(value),
                h + 1
            ),
            "retype it with visible letters, digits and punctuation only".to_string(),
            field,
        ));
    }
}

/// The role endpoint template of `product` that `prm` fills, if any (`{tenant}.glartek.com`),
/// among the endpoints of every release and those of some releases only.
pub(super) fn template_filled_by<'a>(product: &'a Product, prm: &Parameter) -> Option<&'a str> {
    let key = format!("{{{}}}", prm.id);
    product
        .roles
        .iter()
        .flat_map(|r| {
            let scoped = r.release_endpoints.iter().map(|e| &e.endpoint);
            r.endpoints.iter().chain(scoped)
        })
        .find(|t| t.contains(&key))
        .map(String::as_str)
}

/// `value` of `prm` (already checked for its kind), refused with the reason when `prm` fills an
/// endpoint template of `product` and `value` is not one DNS label.
pub(super) fn template_checked(
    product: &Product,
    prm: &Parameter,
    value: Value,
) -> Result<Value, String> {
    let (Value::Text(text), Some(template)) = (&value, template_filled_by(product, prm)) else {
        return Ok(value);
    };
    match check_label(text) {
        Ok(()) => Ok(value),
        Err(why) => Err(format!(
            "{} fills `{template}`, so it is {LABEL_HELP}; here {why}",
            prm.name
        )),
    }
}
