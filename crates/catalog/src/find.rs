//! Finding products in the catalog: by words (name, vendor, id, summary, category, tags,
//! coverage), by vendor, by category and by tags. The planner's catalog panel and
//! `portolan catalog list` filter with the same [`Query`].

use super::model::{category_label, Product};

/// What to look for; every criterion given must hold (an empty query matches every product).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Query {
    /// Words, each found (case-insensitively) in the name, vendor, id, summary, category,
    /// tags or coverage status.
    pub text: String,
    /// Part of the vendor's name.
    pub vendor: Option<String>,
    /// A category id (`recording`, `cloud-contact-centre`, ...).
    pub category: Option<String>,
    /// Tags the product must all have.
    pub tags: Vec<String>,
}

impl Query {
    /// Whether `p` matches; `fold` lowercases text (the planner passes one that does not pull
    /// Unicode tables into its WebAssembly).
    pub fn matches(&self, p: &Product, fold: &dyn Fn(&str) -> String) -> bool {
        let vendor_ok = self
            .vendor
            .as_deref()
            .is_none_or(|v| fold(&p.vendor).contains(&fold(v.trim())));
        let category_ok = self
            .category
            .as_deref()
            .is_none_or(|c| p.category.as_deref() == Some(c));
        let tags_ok = self
            .tags
            .iter()
            .all(|t| p.tags.iter().any(|pt| fold(pt) == fold(t.trim())));
        vendor_ok && category_ok && tags_ok && self.words_match(p, fold)
    }

    fn words_match(&self, p: &Product, fold: &dyn Fn(&str) -> String) -> bool {
        let text = fold(&self.text);
        if text.trim().is_empty() {
            return true;
        }
        let category = p.category.as_deref().unwrap_or("");
        let mut haystack = [
            p.name.as_str(),
            p.vendor.as_str(),
            &p.id,
            p.summary.as_str(),
            category,
            category_label(category),
            p.coverage.status(),
        ]
        .join("\n");
        for t in &p.tags {
            haystack.push('\n');
            haystack.push_str(t);
        }
        let haystack = fold(&haystack);
        text.split_whitespace().all(|w| haystack.contains(w))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load_files;

    fn product(extra: &str) -> Product {
        let text = format!(
            "schema = 1\nid = \"x\"\nname = \"Screen Recorder\"\nvendor = \"Acme Corp\"\n\
             summary = \"Records agent screens.\"\n{extra}\n\
             [[sources]]\nid = \"d\"\nurl = \"https://example.com\"\ntitle = \"T\"\n"
        );
        let loaded = load_files(&[("x.toml".to_string(), text)]);
        assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
        loaded.catalog.products.into_iter().next().unwrap()
    }

    fn fold(s: &str) -> String {
        s.to_lowercase()
    }

    #[test]
    fn words_vendor_category_and_tags() {
        let p = product(
            "coverage = \"partial\"\ncoverage_missing = \"m\"\ncategory = \"recording\"\ntags = [\"webrtc\", \"saas\"]",
        );
        let q = |text: &str| Query {
            text: text.into(),
            ..Query::default()
        };
        assert!(Query::default().matches(&p, &fold));
        assert!(q("acme screen").matches(&p, &fold));
        assert!(q("WEBRTC").matches(&p, &fold));
        assert!(q("compliance").matches(&p, &fold), "the category's label");
        assert!(q("partial").matches(&p, &fold), "the coverage");
        assert!(
            !q("acme voice").matches(&p, &fold),
            "every word must be found"
        );
        let by = |vendor: Option<&str>, category: Option<&str>, tags: &[&str]| Query {
            vendor: vendor.map(Into::into),
            category: category.map(Into::into),
            tags: tags.iter().map(|t| t.to_string()).collect(),
            ..Query::default()
        };
        assert!(by(Some("acme"), Some("recording"), &["saas"]).matches(&p, &fold));
        assert!(!by(Some("other"), None, &[]).matches(&p, &fold));
        assert!(!by(None, Some("voice"), &[]).matches(&p, &fold));
        assert!(!by(None, None, &["saas", "sip"]).matches(&p, &fold));
        assert!(
            !by(None, None, &["web"]).matches(&p, &fold),
            "tags match whole"
        );
    }
}
