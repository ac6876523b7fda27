//! Markdown change-request document: title, plan, catalog revision and date; a table of rules per
//! product (source, destination, transport, ports, purpose, citation); warnings; requirements.
//!
//! User text (and catalog text) is written through [`md`]: one line, `& < >` as HTML entities
//! and Markdown punctuation backslash-escaped, so nothing typed becomes markup, a link, a heading
//! or leaves its table cell; the bare addresses that GitHub-flavoured Markdown links on its own
//! (`https://`, `www.`, `name@domain`) are broken up by an escape that renders as the same text.

use super::{describe, Capabilities, ExportContext, Exporter, Output, Unexpressed};
use portolan_engine::AggregatedRule;
use std::fmt::Write as _;

pub struct Markdown;

/// Markdown inline text that renders as the literal characters of `s` (see the module docs).
pub fn md(s: &str) -> String {
    let line = super::text::single_line(s);
    let mut out = String::with_capacity(line.len() + 8);
    // `1. ` or `1) ` at the start would make an ordered list
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    let list_marker = digits > 0 && line.chars().nth(digits + 1).is_none_or(char::is_whitespace);
    let chars: Vec<char> = line.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let next = |n: usize| chars.get(i + n).copied();
        match c {
            // bare addresses GitHub-flavoured Markdown would turn into links: `://`, `www.`
            // and `name@domain`
            ':' if next(1) == Some('/') && next(2) == Some('/') => out.push_str("\\:"),
            '.' if i >= 3
                && chars
                    .get(i - 3..i)
                    .is_some_and(|w| w.iter().collect::<String>().eq_ignore_ascii_case("www")) =>
            {
                out.push_str("&#46;")
            }
            '@' => out.push_str("\\@"),
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '#' | '+' | '-' | '=' if i == 0 => {
                out.push('\\');
                out.push(c);
            }
            '.' | ')' if list_marker && i == digits => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// Several values in one table cell, one per line.
fn cell<S: AsRef<str>>(values: &[S]) -> String {
    values
        .iter()
        .map(|v| md(v.as_ref()))
        .collect::<Vec<_>>()
        .join("<br>")
}

impl Exporter for Markdown {
    fn is_policy(&self) -> bool {
        false
    }
    fn id(&self) -> &'static str {
        "markdown"
    }
    fn name(&self) -> &'static str {
        "Markdown (change request)"
    }
    fn extension(&self) -> &'static str {
        "md"
    }
    fn mime(&self) -> &'static str {
        "text/markdown"
    }
    fn capabilities(&self) -> Capabilities {
        Capabilities {
            fqdn: true,
            wildcard: true,
            ipv6: true,
            unresolved: true,
            ranges: true,
            zones: false,
        }
    }
    fn description(&self) -> &'static str {
        "A change-request document: plan, one table of rules per product with citations, \
         warnings and requirements; expresses every rule."
    }

    fn render(
        &self,
        cx: &ExportContext<'_>,
        rules: &[&AggregatedRule],
        skipped: &[Unexpressed],
        out: &mut Output,
    ) {
        let mut s = String::new();
        let title = if cx.plan.name.trim().is_empty() {
            "(unnamed plan)".to_string()
        } else {
            cx.plan.name.clone()
        };
        let _ = writeln!(s, "# Firewall change request: {}\n", md(&title));
        let _ = writeln!(s, "| | |\n|---|---|");
        let _ = writeln!(s, "| Plan | {} |", md(&title));
        let _ = writeln!(
            s,
            "| Catalog revision | {} |",
            md(&cx.report.catalog_revision)
        );
        let _ = writeln!(s, "| Generated | {} |", md(cx.generated_at));
        let _ = writeln!(
            s,
            "| Generator | Portolan {} |",
            md(env!("CARGO_PKG_VERSION"))
        );
        let _ = writeln!(s, "| Rules | {} |", md(&describe::counts(cx, rules.len())));
        for line in describe::coverage_lines(cx) {
            let _ = writeln!(s, "| Coverage | {} |", md(&line));
        }
        s.push('\n');
        for line in cx.plan.description.lines().filter(|l| !l.trim().is_empty()) {
            let _ = writeln!(s, "> {}", md(line));
        }
        if !cx.plan.description.trim().is_empty() {
            s.push('\n');
        }

        plan_section(cx, &mut s);

        let _ = writeln!(s, "## Rules\n");
        if rules.is_empty() {
            let _ = writeln!(s, "No network rule is needed.\n");
        }
        for g in describe::rules_by_product(cx, rules) {
            let _ = writeln!(s, "### {}\n", md(&g.title));
            if let Some(id) = &g.product {
                let _ = writeln!(s, "{}\n", md(&describe::product_coverage(cx, id)));
            }
            let _ = writeln!(
                s,
                "| Rule | Source | Destination | Transport | Ports | Purpose | Citation |"
            );
            let _ = writeln!(s, "|---|---|---|---|---|---|---|");
            for r in g.rules {
                let mut id = md(&r.id);
                if r.optional {
                    id.push_str(" (optional)");
                }
                let c = describe::rule_cells(cx, r, g.product.is_none());
                if g.product.is_none() {
                    id.push_str("<br>");
                    id.push_str(&cell(&c.products));
                }
                let _ = writeln!(
                    s,
                    "| {id} | {} | {} | {} | {} | {} | {} |",
                    cell(&c.sources),
                    cell(&c.destinations),
                    r.transport,
                    md(&r.ports.to_string()),
                    cell(&r.purposes),
                    cell(&c.citations)
                );
            }
            s.push('\n');
        }

        let _ = writeln!(s, "## Not expressed\n");
        if skipped.is_empty() {
            let _ = writeln!(s, "Every flow of the plan is expressed above.\n");
        } else {
            for u in skipped {
                let _ = writeln!(s, "- {}: {}", md(&u.rule), md(&u.reason));
            }
            s.push('\n');
        }

        let _ = writeln!(s, "## Warnings\n");
        if cx.report.warnings.is_empty() {
            let _ = writeln!(s, "None.\n");
        } else {
            for w in &cx.report.warnings {
                let _ = write!(
                    s,
                    "- **{}** {}: {}",
                    w.severity,
                    md(w.code.as_str()),
                    md(&w.message)
                );
                if let Some(h) = &w.help {
                    let _ = write!(s, " *Help:* {}", md(h));
                }
                if let Some(f) = &w.field {
                    let _ = write!(s, " (plan field {})", md(&f.to_string()));
                }
                s.push('\n');
            }
            s.push('\n');
        }

        let _ = writeln!(s, "## Requirements\n");
        let sections = describe::requirements_by_section(cx);
        if sections.is_empty() {
            let _ = writeln!(s, "None.\n");
        }
        for (heading, items) in sections {
            let _ = writeln!(s, "### {}\n", md(heading));
            for q in items {
                let _ = writeln!(
                    s,
                    "- **{} / {}**: {} *Source:* {}",
                    md(&describe::product_name(cx, &q.product)),
                    md(&q.requirement.id),
                    md(&portolan_engine::wording::requirement_line(cx.catalog, q)),
                    md(&describe::citation(
                        cx,
                        std::slice::from_ref(&q.product),
                        &q.requirement.cite
                    ))
                );
            }
            s.push('\n');
        }
        out.content = s.trim_end().to_string() + "\n";
        out.rule_count = rules.len();
    }
}

fn plan_section(cx: &ExportContext<'_>, s: &mut String) {
    let _ = writeln!(s, "## Plan\n\n### Products\n");
    if cx.plan.products.is_empty() {
        let _ = writeln!(s, "None selected.");
    }
    for pp in &cx.plan.products {
        let choices = describe::product_choices(pp);
        let _ = write!(
            s,
            "- **{}** ({})",
            md(&describe::product_name(cx, &pp.id)),
            md(&pp.id)
        );
        if choices.is_empty() {
            let _ = writeln!(s, ": catalog defaults");
        } else {
            let c: Vec<String> = choices.iter().map(|c| md(c)).collect();
            let _ = writeln!(
                s,
                ": {}; everything else as the catalog's defaults",
                c.join("; ")
            );
        }
    }
    let _ = writeln!(s, "\n### Hosts\n");
    if cx.plan.hosts.is_empty() {
        let _ = writeln!(s, "None.\n");
        return;
    }
    let _ = writeln!(s, "| Host | Addresses | Zone | Roles | Description |");
    let _ = writeln!(s, "|---|---|---|---|---|");
    for h in &cx.plan.hosts {
        let roles: Vec<String> = h.roles.iter().map(|r| describe::role_ref(cx, r)).collect();
        let desc: Vec<String> = h.description.lines().map(str::to_string).collect();
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {} |",
            md(&h.name),
            cell(&h.addresses),
            md(&h.zone),
            cell(&roles),
            cell(&desc)
        );
    }
    s.push('\n');
}

#[cfg(test)]
mod tests {
    use super::md;

    #[test]
    fn markdown_text_stays_literal() {
        assert_eq!(md("a|b"), "a\\|b");
        assert_eq!(md("<script>"), "&lt;script&gt;");
        assert_eq!(md("[x](javascript:y)"), "\\[x\\](javascript:y)");
        assert_eq!(md("# title\nnext"), "\\# title next");
        assert_eq!(md("1. item"), "1\\. item");
        assert_eq!(md("10.0.0.1"), "10.0.0.1");
        assert_eq!(md("2)"), "2\\)");
        assert_eq!(md("a-b_c*d`e"), "a-b\\_c\\*d\\`e");
    }
}
