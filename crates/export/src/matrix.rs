//! The capability matrix: what every registered format can express, made from the formats'
//! own declarations ([`super::Capabilities`]). `portolan formats --matrix` prints the README's
//! block ([`readme_block`]: the formats with their descriptions, then the matrix); the README
//! carries a copy between `<!-- formats:begin -->` and `<!-- formats:end -->`, which a test
//! keeps equal to it; the planner's Export view shows the same table from the API's
//! `formats()`.

use super::{registry, Capabilities};

/// Reads one capability.
pub type Has = fn(&Capabilities) -> bool;

/// The matrix's columns: heading and the capability it shows.
pub const COLUMNS: &[(&str, Has)] = &[
    ("host names", |c| c.fqdn),
    ("wildcards", |c| c.wildcard),
    ("IPv6", |c| c.ipv6),
    ("port ranges", |c| c.ranges),
    ("zones", |c| c.zones),
    ("unmapped roles", |c| c.unresolved),
];

/// The README's block: every format with its description, then the capability matrix.
pub fn readme_block() -> String {
    let mut s =
        String::from("| id | format | what it expresses, and what it cannot |\n|---|---|---|\n");
    for e in registry() {
        s.push_str(&format!(
            "| `{}` | {} (.{}) | {} |\n",
            e.id(),
            e.name(),
            e.extension(),
            e.description()
        ));
    }
    s.push_str("\nWhat each format can express, from the formats' own declarations:\n\n");
    s.push_str(&markdown());
    s
}

/// The matrix as a Markdown table, one row per format in the registry's order.
pub fn markdown() -> String {
    let mut s = String::from("| format | id |");
    for (h, _) in COLUMNS {
        s.push(' ');
        s.push_str(h);
        s.push_str(" |");
    }
    s.push_str("\n|---|---|");
    s.push_str(&"---|".repeat(COLUMNS.len()));
    s.push('\n');
    for e in registry() {
        let c = e.capabilities();
        s.push_str(&format!("| {} | `{}` |", e.name(), e.id()));
        for (_, has) in COLUMNS {
            s.push_str(if has(&c) { " yes |" } else { " no |" });
        }
        s.push('\n');
    }
    s
}

/// The `formats` listing.
pub fn listing() -> String {
    use std::fmt::Write as _;
    let yes = |b: bool| if b { "yes" } else { "no" };
    let mut s = String::new();
    for e in crate::registry() {
        let c = e.capabilities();
        let _ = writeln!(s, "{:<22} {} (.{})", e.id(), e.name(), e.extension());
        let _ = writeln!(s, "{:<22} {}", "", e.description());
        let _ = writeln!(
            s,
            "{:<22} host names: {}, wildcards: {}, IPv6: {}, unmapped roles: {}, port ranges: {}, zones: {}",
            "",
            yes(c.fqdn),
            yes(c.wildcard),
            yes(c.ipv6),
            yes(c.unresolved),
            yes(c.ranges),
            yes(c.zones)
        );
    }
    s
}
