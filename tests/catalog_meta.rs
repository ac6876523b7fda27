//! A product's `coverage`, `coverage_missing`, `category` and `tags`: read, checked with clear
//! messages at their line and column, and kept in the model (and its compact form).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use portolan_catalog::{compact, load_files, Coverage};
use portolan_core::diag::Severity;

const HEAD: &str = "schema = 1\nid = \"x\"\nname = \"X\"\nvendor = \"V\"\nsummary = \"S\"\n";
const TAIL: &str = "[[sources]]\nid = \"doc\"\nurl = \"https://example.com\"\ntitle = \"Doc\"\n";

/// A loaded product's coverage, category and tags.
type Meta = (Coverage, Option<String>, Vec<String>);

/// `(line:col code [severity])` of every diagnostic, and the loaded product's coverage.
fn load(meta: &str) -> (Vec<String>, Option<Meta>) {
    let text = format!("{HEAD}{meta}\n{TAIL}");
    let loaded = load_files(&[("x.toml".to_string(), text)]);
    let diags = loaded
        .diagnostics
        .iter()
        // the bare product cites nothing
        .filter(|d| d.code != "catalog::unused-source")
        .map(|d| {
            let sev = if d.severity == Severity::Error {
                "error"
            } else {
                "warning"
            };
            format!("{}:{} {} {sev}", d.line.unwrap(), d.column.unwrap(), d.code)
        })
        .collect();
    let p = loaded
        .catalog
        .products
        .first()
        .map(|p| (p.coverage.clone(), p.category.clone(), p.tags.clone()));
    (diags, p)
}

#[test]
fn complete_and_partial_products_load() {
    let (d, p) = load("coverage = \"complete\"\ncategory = \"voice\"\ntags = [\"sip\", \"saas\"]");
    assert!(d.is_empty(), "{d:?}");
    assert_eq!(
        p.unwrap(),
        (
            Coverage::Complete,
            Some("voice".into()),
            vec!["sip".into(), "saas".into()]
        )
    );
    let (d, p) = load("coverage = \"partial\"\ncoverage_missing = \"the media table\"");
    assert!(d.is_empty(), "{d:?}");
    let (c, category, tags) = p.unwrap();
    assert_eq!(
        c,
        Coverage::Partial {
            missing: "the media table".into()
        }
    );
    assert_eq!((category, tags.len()), (None, 0));
}

#[test]
fn a_product_without_coverage_loads_with_a_warning() {
    let (d, p) = load("");
    assert_eq!(d, ["2:6 catalog::no-coverage warning"]);
    assert_eq!(p.unwrap().0, Coverage::Unstated);
}

#[test]
fn coverage_mistakes_are_errors_at_their_value() {
    let (d, _) = load("coverage = \"partial\"");
    assert_eq!(d, ["6:12 catalog::coverage error"]);
    let (d, _) = load("coverage = \"complete\"\ncoverage_missing = \"x\"");
    assert_eq!(d, ["7:20 catalog::coverage error"]);
    let (d, _) = load("coverage = \"partail\"");
    assert_eq!(d, ["6:12 catalog::coverage error"]);
    let (d, _) = load("coverage_missing = \"x\"");
    assert_eq!(d, ["6:20 catalog::coverage error"]);
}

#[test]
fn unknown_categories_and_bad_tags_are_errors_with_hints() {
    let text =
        format!("{HEAD}coverage = \"complete\"\ncategory = \"cloud-contact-center\"\n{TAIL}");
    let loaded = load_files(&[("x.toml".to_string(), text)]);
    let d = loaded
        .diagnostics
        .iter()
        .find(|d| d.code == "catalog::category")
        .unwrap();
    assert_eq!(
        (d.code.as_str(), d.line, d.column),
        ("catalog::category", Some(7), Some(12))
    );
    assert!(
        d.help
            .as_deref()
            .unwrap()
            .contains("did you mean `cloud-contact-centre`?"),
        "{d:?}"
    );
    let (d, _) = load("coverage = \"complete\"\ntags = [\"Web RTC\", \"sip\", \"sip\"]");
    assert_eq!(
        d,
        [
            "7:9 catalog::bad-id error",
            "7:27 catalog::duplicate-id error"
        ]
    );
    let (d, _) = load("coverage = \"complete\"\ntags = \"sip\"");
    assert_eq!(d, ["7:8 catalog::type error"]);
}

#[test]
fn coverage_category_and_tags_survive_the_compact_form() {
    let catalog = portolan_bundled::catalog().unwrap();
    let back = compact::decode(&compact::encode(&catalog)).unwrap();
    for (a, b) in catalog.products.iter().zip(&back.products) {
        assert_eq!(
            (&a.coverage, &a.category, &a.tags),
            (&b.coverage, &b.category, &b.tags)
        );
    }
    assert!(back
        .products
        .iter()
        .any(|p| matches!(p.coverage, Coverage::Partial { .. })));
}
