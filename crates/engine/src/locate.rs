//! The structured side of warnings: the hosts, roles and component a warning is about, read
//! from the plan field it points at (`hosts[2].roles[0]`, `products[0].versions.ris`,
//! `products[1].roles.agent-pc`), so that every warning with a field carries them the same way
//! and a program need not parse the message.

use super::report::Warning;
use portolan_core::plan::Plan;

/// Fills `hosts`, `roles` and `component` of the warnings from their `field` (keeping what a
/// warning already names).
pub(super) fn locate(plan: &Plan, warnings: &mut [Warning]) {
    for w in warnings.iter_mut() {
        let Some(field) = w.field.as_deref() else {
            continue;
        };
        match Field::parse(field) {
            Some(Field::Host { index, role }) => {
                let Some(host) = plan.hosts.get(index) else {
                    continue;
                };
                let name = portolan_core::text::trim(&host.name);
                let name = if name.is_empty() {
                    ["host-", itoa::Buffer::new().format(index + 1)].concat()
                } else {
                    name.to_string()
                };
                add(&mut w.hosts, name);
                let role = role.and_then(|r| host.roles.get(r));
                if let Some(role) = role.filter(|r| r.contains('/')) {
                    add(&mut w.roles, role.clone());
                }
            }
            Some(Field::Product { index, group, name }) => {
                let Some(product) = plan.products.get(index) else {
                    continue;
                };
                match group {
                    "versions" if w.component.is_none() => w.component = Some(name.to_string()),
                    "roles" => add(&mut w.roles, [product.id.as_str(), "/", name].concat()),
                    _ => {}
                }
            }
            None => {}
        }
    }
}

fn add(list: &mut Vec<String>, item: String) {
    if !list.contains(&item) {
        list.push(item);
    }
}

/// The parts of a plan field path that say what a warning is about.
#[derive(Debug, PartialEq, Eq)]
enum Field<'a> {
    /// `hosts[N]...`, with `M` of `hosts[N].roles[M]`.
    Host { index: usize, role: Option<usize> },
    /// `products[N].group.name`.
    Product {
        index: usize,
        group: &'a str,
        name: &'a str,
    },
}

impl<'a> Field<'a> {
    fn parse(field: &'a str) -> Option<Field<'a>> {
        if let Some(rest) = field.strip_prefix("hosts[") {
            let (index, rest) = bracketed(rest)?;
            let role = rest
                .strip_prefix(".roles[")
                .and_then(bracketed)
                .map(|(i, _)| i);
            return Some(Field::Host { index, role });
        }
        let rest = field.strip_prefix("products[")?;
        let (index, rest) = bracketed(rest)?;
        let (group, name) = rest.strip_prefix('.')?.split_once('.')?;
        Some(Field::Product { index, group, name })
    }
}

/// `12]rest` → (12, `rest`).
fn bracketed(s: &str) -> Option<(usize, &str)> {
    let (n, rest) = s.split_once(']')?;
    Some((n.parse().ok()?, rest))
}

#[cfg(test)]
mod tests {
    use super::Field;

    #[test]
    fn field_paths_are_read() {
        assert_eq!(
            Field::parse("hosts[12].roles[3]"),
            Some(Field::Host {
                index: 12,
                role: Some(3)
            })
        );
        assert_eq!(
            Field::parse("hosts[0].addresses[1]"),
            Some(Field::Host {
                index: 0,
                role: None
            })
        );
        assert_eq!(
            Field::parse("products[1].versions.ris"),
            Some(Field::Product {
                index: 1,
                group: "versions",
                name: "ris"
            })
        );
        assert_eq!(Field::parse("products[x].versions.ris"), None);
        assert_eq!(Field::parse("products[0].id"), None);
        assert_eq!(Field::parse("name"), None);
    }
}
