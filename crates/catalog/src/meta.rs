//! A product's coverage, category and tags: what says how complete its port list is and what
//! finds it in the catalog. Read from the product's own keys (`coverage`, `coverage_missing`,
//! `category`, `tags`) and checked here, apart from the rest of the validation in `load.rs`.

use super::load::Ctx;
use super::model::{Coverage, CATEGORIES};
use super::raw::{RawProduct, S};
use portolan_core::diag::did_you_mean;
use portolan_core::diag::Code;
use std::collections::BTreeSet;

/// The checked coverage, category and tags of a product.
pub(super) struct Meta {
    pub coverage: Coverage,
    pub category: Option<String>,
    pub tags: Vec<String>,
}

/// Checks and converts the product's coverage, category and tags; every problem is reported.
pub(super) fn product_meta(cx: &mut Ctx<'_>, raw: &RawProduct) -> Meta {
    Meta {
        coverage: coverage(cx, raw),
        category: category(cx, raw.category.as_ref()),
        tags: tags(cx, &raw.tags),
    }
}

fn coverage(cx: &mut Ctx<'_>, raw: &RawProduct) -> Coverage {
    let missing = raw.coverage_missing.as_ref();
    let Some(status) = raw.coverage.as_ref() else {
        if let Some(m) = missing {
            cx.err(
                Code::CatalogCoverage,
                m.span(),
                "`coverage_missing` without `coverage`".to_string(),
                "add `coverage = \"partial\"`",
            );
        } else {
            cx.warn(
                Code::CatalogNoCoverage,
                raw.id.span(),
                format!(
                    "product `{}` does not say whether its sources show the vendor's whole port list",
                    raw.id.get_ref()
                ),
                "add `coverage = \"complete\"`, or `coverage = \"partial\"` with `coverage_missing = \"what the sources do not show\"`",
            );
        }
        return Coverage::Unstated;
    };
    match (status.get_ref().as_str(), missing) {
        ("complete", None) => Coverage::Complete,
        ("complete", Some(m)) => {
            cx.err(
                Code::CatalogCoverage,
                m.span(),
                "a product with `coverage = \"complete\"` has nothing missing".to_string(),
                "remove `coverage_missing`, or write `coverage = \"partial\"`",
            );
            Coverage::Complete
        }
        ("partial", Some(m)) if !m.get_ref().trim().is_empty() => Coverage::Partial {
            missing: m.get_ref().trim().to_string(),
        },
        ("partial", _) => {
            cx.err(
                Code::CatalogCoverage,
                status.span(),
                "a partial product must say what is missing".to_string(),
                "add `coverage_missing = \"...\"`: the rows, tables or hosts its sources do not show",
            );
            Coverage::Partial {
                missing: String::new(),
            }
        }
        (other, _) => {
            let hint = match did_you_mean(other, ["complete", "partial"]) {
                Some(s) => format!("did you mean `{s}`? Write `complete` or `partial`"),
                None => "write `complete` or `partial`".to_string(),
            };
            cx.err(
                Code::CatalogCoverage,
                status.span(),
                format!("unknown coverage `{other}`"),
                &hint,
            );
            Coverage::Unstated
        }
    }
}

fn category(cx: &mut Ctx<'_>, raw: Option<&S<String>>) -> Option<String> {
    let c = raw?;
    let id = c.get_ref();
    if CATEGORIES.iter().any(|(k, _)| k == id) {
        return Some(id.clone());
    }
    let all = CATEGORIES
        .iter()
        .map(|(k, _)| format!("`{k}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let hint = match did_you_mean(id, CATEGORIES.iter().map(|(k, _)| *k)) {
        Some(s) => format!("did you mean `{s}`? Categories: {all}"),
        None => format!("categories: {all}"),
    };
    cx.err(
        Code::CatalogCategory,
        c.span(),
        format!("unknown category `{id}`"),
        &hint,
    );
    None
}

fn tags(cx: &mut Ctx<'_>, raw: &[S<String>]) -> Vec<String> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for t in raw {
        if !crate::is_kebab(t.get_ref()) {
            cx.err(
                Code::CatalogBadId,
                t.span(),
                format!("tag `{}` is not kebab-case", t.get_ref()),
                "use lowercase letters, digits and single dashes, e.g. `screen-recording`",
            );
        } else if !seen.insert(t.get_ref().clone()) {
            cx.err(
                Code::CatalogDuplicateId,
                t.span(),
                format!("tag `{}` is listed twice", t.get_ref()),
                "list each tag once",
            );
        } else {
            out.push(t.get_ref().clone());
        }
    }
    out
}
