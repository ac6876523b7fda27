//! The upgrade's change request is one document (`portolan_export::upgrade::document`, the model
//! of `portolan_core::document`) drawn by the change request's renderers: plain text for the
//! CLI, Markdown and HTML list the same rows, in the same order.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, reason = "a test fails by panicking")]

use portolan_core::plan::{Plan, PlanFormat};
use portolan_engine::{upgrade, UpgradeRequest};
use portolan_export::upgrade as up;

const NOW: &str = "2026-01-01T00:00:00Z";

fn hybrid_upgrade() -> portolan_engine::upgrade::Upgrade {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/incontact-wfo-hybrid.plan.toml"
    );
    let text = std::fs::read_to_string(path).unwrap();
    let plan = Plan::parse(path, &text, PlanFormat::Toml).unwrap();
    let request = UpgradeRequest {
        product: "incontact-wfo",
        from: Some("16.1"),
        to: "17.1",
    };
    upgrade(&portolan_bundled::catalog().unwrap(), &plan, request).unwrap()
}

#[test]
fn text_markdown_and_html_are_one_document() {
    let u = hybrid_upgrade();
    let rows = up::rows(&u);
    assert!(rows.len() > 5);
    let title = "Upgrade change request: inContact WFO: upgrade from 16.1 to 17.1";
    let text = up::text(&u, NOW);
    let markdown = up::markdown(&u, NOW);
    let html = up::html(&u, NOW);
    assert!(text.starts_with(&format!("{title}\n")));
    assert!(markdown.starts_with(&format!("# {title}\n")));
    assert!(html.contains(&format!("<h1>{title}</h1>")));
    assert!(markdown.contains("| change | flow or fact | detail | from release | to release |"));
    // one entry per row, in the rows' order, in each format
    let changes = |prefix: &str, s: &str| -> Vec<String> {
        (s.lines().filter(|l| !l.contains("flow or fact")))
            .filter_map(|l| l.strip_prefix(prefix))
            .filter_map(|l| rows.iter().map(|r| r.change).find(|c| l.starts_with(c)))
            .map(str::to_string)
            .collect()
    };
    let expected: Vec<String> = rows.iter().map(|r| r.change.to_string()).collect();
    assert_eq!(changes("", &text), expected);
    assert_eq!(changes("| ", &markdown), expected);
    assert_eq!(changes("<tr><td>", &html), expected);
    for r in &rows {
        assert!(
            text.contains(&format!("\n{:<20} {}\n", r.change, r.what)),
            "{}",
            r.what
        );
    }
}
