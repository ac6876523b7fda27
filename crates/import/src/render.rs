//! The draft as a catalog file (TOML) that `portolan catalog check` accepts: what is used is
//! written, rules that wait for a value are written as comments with the reason, and every row
//! that was not imported is listed at the end.

use crate::model::*;
use std::collections::BTreeSet;
use std::fmt::Write as _;

/// The draft product as catalog TOML.
pub fn toml(draft: &Draft) -> String {
    let p = &draft.product;
    let rules: Vec<&RuleDraft> = p.rules.iter().filter(|r| r.pending.is_none()).collect();
    let used_roles: BTreeSet<&str> = rules
        .iter()
        .flat_map(|r| [r.from.as_str(), r.to.as_str()])
        .collect();
    let roles: Vec<&RoleDraft> = p
        .roles
        .iter()
        .filter(|r| used_roles.contains(r.id.as_str()))
        .collect();
    let used_params = used_parameters(&rules, &roles);
    let used_options: BTreeSet<&str> = rules.iter().filter_map(|r| r.when.as_deref()).collect();
    let mut out = String::new();
    header(&mut out, draft);
    for o in p
        .options
        .iter()
        .filter(|o| used_options.contains(o.id.as_str()))
    {
        option(&mut out, o);
    }
    for prm in p
        .parameters
        .iter()
        .filter(|x| used_params.contains(x.id.as_str()))
    {
        parameter(&mut out, prm);
    }
    for r in &roles {
        role(&mut out, r);
    }
    for r in &rules {
        rule(&mut out, r);
    }
    for a in &p.ambiguities {
        ambiguity(&mut out, a);
    }
    pending(&mut out, p);
    not_imported(&mut out, draft);
    out
}

fn used_parameters<'a>(rules: &[&'a RuleDraft], roles: &[&'a RoleDraft]) -> BTreeSet<String> {
    let mut used = BTreeSet::new();
    for r in rules {
        for p in &r.ports {
            if let PortItem::Param(id) = p {
                used.insert(id.clone());
            }
        }
    }
    for r in roles {
        for e in &r.endpoints {
            let mut rest = e.as_str();
            while let (Some(a), Some(b)) = (rest.find('{'), rest.find('}')) {
                if b > a {
                    used.insert(rest.get(a + 1..b).unwrap_or("").to_string());
                }
                rest = rest.get(b + 1..).unwrap_or("");
            }
        }
    }
    used
}

fn header(out: &mut String, draft: &Draft) {
    let p = &draft.product;
    let s = &draft.stats;
    let _ = writeln!(
        out,
        "# Drafted by the Portolan importer from {}: {} table(s), {} row(s), {} rule(s); {} row(s) not read, {} in tables left out.",
        comment(&p.source.title),
        s.tables,
        s.rows,
        s.rules,
        s.unreadable,
        s.skipped
    );
    out.push_str(
        "# Review every rule against the source before use; roles named by the importer say so.\n",
    );
    out.push_str("schema = 1\n");
    pair(out, "id", &p.id);
    pair(out, "name", &p.name);
    pair(out, "vendor", &p.vendor);
    pair(out, "summary", &p.summary);
    // an imported table is never taken for the vendor's whole list: the user confirms it
    pair(out, "coverage", "partial");
    pair(
        out,
        "coverage_missing",
        "imported from the tables given to the importer; whether they are the vendor's whole port list is not known, and rows that could not be read are not in it",
    );
    out.push_str("\n[[sources]]\n");
    pair(out, "id", &p.source.id);
    match (&p.source.url, &p.source.file) {
        (Some(url), file) => {
            pair(out, "url", url);
            if let Some(f) = file {
                pair(out, "file", f);
            }
        }
        (None, Some(f)) => pair(out, "file", f),
        (None, None) => {
            out.push_str("# text pasted into the importer: give its URL instead\n");
            pair(out, "file", "pasted-table.txt");
        }
    }
    pair(out, "title", &p.source.title);
}

fn option(out: &mut String, o: &OptionDraft) {
    let _ = writeln!(out, "\n# from the sentence at line {}", o.line);
    out.push_str("[[options]]\n");
    pair(out, "id", &o.id);
    pair(out, "name", &o.name);
    out.push_str("type = \"bool\"\ndefault = false\n");
    pair(
        out,
        "description",
        &format!("The rules of the table after \"{}\".", o.quote),
    );
    cite(out, &o.quote);
}

fn parameter(out: &mut String, p: &ParameterDraft) {
    let _ = writeln!(out, "\n# from line {}", p.line);
    out.push_str("[[parameters]]\n");
    pair(out, "id", &p.id);
    pair(out, "name", &p.name);
    match p.kind {
        ParamKind::Port => {
            out.push_str("type = \"port\"\n");
            let _ = writeln!(out, "default = {}", p.default.as_deref().unwrap_or("0"));
        }
        ParamKind::Text => {
            out.push_str("type = \"text\"\n");
            pair(out, "default", p.default.as_deref().unwrap_or(""));
        }
    }
    out.push_str("configurable = true\n");
    pair(out, "description", &p.description);
    cite(out, &p.quote);
}

fn role(out: &mut String, r: &RoleDraft) {
    out.push_str("\n[[roles]]\n");
    pair(out, "id", &r.id);
    pair(out, "name", &r.name);
    match r.kind {
        RoleKind::Internal => out.push_str("kind = \"internal\"\n"),
        RoleKind::External => out.push_str("kind = \"external\"\n"),
    }
    if r.inferred {
        pair(out, "description", "Named by the importer: the source names no one here. Rename it, or merge it into another role.");
    } else if r.names.len() > 1 {
        pair(
            out,
            "description",
            &format!("Called in the source: {}.", r.names.join(", ")),
        );
    }
    if r.kind == RoleKind::External {
        list(out, "endpoints", &r.endpoints);
        cite(out, &r.quote);
    }
}

fn rule(out: &mut String, r: &RuleDraft) {
    let lines: Vec<String> = r.lines.iter().map(|&(a, b)| line_span(a, b)).collect();
    let _ = writeln!(out, "\n# row at {}", lines.join(", also "));
    out.push_str("[[rules]]\n");
    pair(out, "id", &r.id);
    pair(out, "from", &r.from);
    pair(out, "to", &r.to);
    pair(out, "transport", r.transport.as_str());
    if let Some(p) = &r.protocol {
        pair(out, "protocol", p);
    }
    let ports: Vec<String> = r
        .ports
        .iter()
        .map(|p| match p {
            PortItem::Range(x) if x.lo == x.hi => x.lo.to_string(),
            PortItem::Range(x) => quoted(&x.to_string()),
            PortItem::Param(id) => quoted(&format!("{{{id}}}")),
        })
        .collect();
    let _ = writeln!(out, "ports = [{}]", ports.join(", "));
    pair(out, "purpose", &r.purpose);
    if let Some(w) = &r.when {
        pair(out, "when", w);
    }
    if r.optional {
        out.push_str("optional = true\n");
    }
    cite(out, &r.quote);
}

fn ambiguity(out: &mut String, a: &AmbiguityDraft) {
    out.push_str("\n[[requirements]]\n");
    pair(out, "id", &a.id);
    out.push_str("kind = \"ambiguity\"\n");
    pair(out, "text", &a.text);
    cite(out, &a.quote);
}

fn pending(out: &mut String, p: &ProductDraft) {
    let waiting: Vec<&RuleDraft> = p.rules.iter().filter(|r| r.pending.is_some()).collect();
    if waiting.is_empty() {
        return;
    }
    out.push_str("\n# Rules that wait for a value (set it, then write them as [[rules]]):\n");
    for r in waiting {
        let (a, b) = r.lines.first().copied().unwrap_or((0, 0));
        let _ = writeln!(
            out,
            "#   {}: {} -> {} {}  ({}): {}",
            line_span(a, b),
            r.from,
            r.to,
            r.transport.as_str(),
            comment(&r.quote),
            comment(r.pending.as_deref().unwrap_or(""))
        );
    }
}

fn not_imported(out: &mut String, draft: &Draft) {
    let rows: Vec<&Problem> = draft
        .problems
        .iter()
        .filter(|p| p.severity != Severity::Warning)
        .collect();
    if rows.is_empty() {
        return;
    }
    out.push_str("\n# Not imported:\n");
    for p in rows {
        let _ = writeln!(
            out,
            "#   {}: {}  ({})",
            line_span(p.first_line, p.last_line),
            comment(&p.reason),
            comment(&crate::assemble::short(&p.text, 120))
        );
    }
}

pub fn line_span(a: usize, b: usize) -> String {
    if a == b {
        format!("line {a}")
    } else {
        format!("lines {a}-{b}")
    }
}

fn pair(out: &mut String, key: &str, value: &str) {
    let _ = writeln!(out, "{key} = {}", quoted(value));
}

fn list(out: &mut String, key: &str, values: &[String]) {
    let items: Vec<String> = values.iter().map(|v| quoted(v)).collect();
    let _ = writeln!(out, "{key} = [{}]", items.join(", "));
}

fn cite(out: &mut String, quote: &str) {
    let _ = writeln!(
        out,
        "cite = {{ source = \"source\", quote = {} }}",
        quoted(quote)
    );
}

/// A TOML basic string: quotes, backslashes and control characters escaped.
pub fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Text for a `#` comment: one line.
fn comment(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_are_escaped() {
        assert_eq!(
            quoted("a \"b\" \\ c\nd\u{7}"),
            "\"a \\\"b\\\" \\\\ c\\nd\\u0007\""
        );
        assert_eq!(comment("a\nb"), "a b");
    }
}
