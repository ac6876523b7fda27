//! Several tables in one paste become several groups; the sentence before a table that sets a
//! condition ("If you use X, you will additionally need:") becomes the option its rules need,
//! citing that sentence; the catalog loader accepts the draft and evaluates the option.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use portolan_import::check as importer;
use portolan_import::{import_table, render_toml, Options, PortItem};

const PASTE: &str = "Port Information

| Port | Protocol | Description |
|---|---|---|
| 443 | TCP | Web portal from the agent PCs |

If you use Screen Recording, you will additionally need:

| Port | Protocol | Description |
|---|---|---|
| 2014 | TCP | Screen recording from the agent PCs |
| 2015 | TCP | Playback from the agent PCs |
";

#[test]
fn a_conditional_sentence_before_a_table_becomes_its_option() {
    let d = import_table(PASTE, &Options::default());
    assert_eq!(d.stats.tables, 2);
    assert_eq!(
        d.tables[1].lead.as_deref(),
        Some("If you use Screen Recording, you will additionally need:")
    );
    assert_eq!(d.product.options.len(), 1, "{:?}", d.product.options);
    let option = &d.product.options[0];
    assert_eq!(option.name, "Screen Recording");
    assert_eq!(option.line, 7);
    let when = |port: u16| {
        let r = d
            .product
            .rules
            .iter()
            .find(|r| (r.ports.iter()).any(|p| matches!(p, PortItem::Range(x) if x.lo == port)))
            .unwrap_or_else(|| panic!("no rule for {port}: {:?}", d.product.rules));
        r.when.clone()
    };
    assert_eq!(when(443), None, "the first table is always needed");
    assert_eq!(when(2014).as_deref(), Some(option.id.as_str()));
    assert_eq!(when(2015).as_deref(), Some(option.id.as_str()));

    let toml = render_toml(&d);
    assert!(
        toml.contains("If you use Screen Recording, you will additionally need:"),
        "{toml}"
    );
    let diags = importer::check_draft(&d.product.id, &toml);
    assert!(!importer::has_errors(&diags), "{diags:?}\n{toml}");
}

#[test]
fn a_plain_sentence_before_a_table_sets_no_option() {
    let text = PASTE.replace(
        "If you use Screen Recording, you will additionally need:",
        "The following ports are used by the recorder.",
    );
    let d = import_table(&text, &Options::default());
    assert_eq!(d.stats.tables, 2);
    assert!(d.product.options.is_empty(), "{:?}", d.product.options);
    assert!(d.product.rules.iter().all(|r| r.when.is_none()));
}
