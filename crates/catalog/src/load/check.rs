//! The context catalog validation runs over: the file's diagnostics, and what one table declares
//! and another uses (the sources cited, the names conditions refer to, the roles rules name), so
//! that each table is one step and the last step reports what was declared but never used.

use super::*;

pub(super) struct Check<'c, 'a> {
    pub(super) cx: &'c mut Ctx<'a>,
    /// The declared sources, in file order.
    pub(super) source_ids: Vec<String>,
    used_sources: BTreeSet<String>,
    /// One namespace for components, options and parameters (conditions refer to them by name).
    names: BTreeSet<String>,
    /// The names conditions, formulas, ports and endpoints refer to.
    pub(super) used_names: BTreeSet<String>,
    /// The declared roles, in file order.
    role_list: Vec<String>,
    used_roles: BTreeSet<String>,
}

impl<'c, 'a> Check<'c, 'a> {
    pub(super) fn new(cx: &'c mut Ctx<'a>, raw: &RawProduct, sources: &[Source]) -> Self {
        Check {
            cx,
            source_ids: sources.iter().map(|s| s.id.clone()).collect(),
            used_sources: BTreeSet::new(),
            names: BTreeSet::new(),
            used_names: BTreeSet::new(),
            role_list: raw.roles.iter().map(|r| r.id.get_ref().clone()).collect(),
            used_roles: BTreeSet::new(),
        }
    }

    /// Checks the id of a component, option or parameter and declares it in their namespace.
    pub(super) fn declare(&mut self, what: &str, id: &S<String>) {
        self.cx.id(what, id);
        if !self.names.insert(id.get_ref().clone()) {
            dup(self.cx, "component, option or parameter", id);
        }
    }

    /// Reads a citation: its source must be declared, its quote not empty.
    pub(super) fn cite(
        &mut self,
        c: &Option<RawCite>,
        what: &str,
        at: Range<usize>,
        required: bool,
    ) -> Option<Citation> {
        let Some(c) = c else {
            if required {
                self.cx.err(
                    Code::CatalogMissingCite,
                    at,
                    format!("{what} has no citation"),
                    "add `cite = { source = \"<source id>\", quote = \"<short quote from the source>\" }`",
                );
            }
            return None;
        };
        let src = c.source.get_ref();
        if !self.source_ids.contains(src) {
            let hint = match did_you_mean(src, self.source_ids.iter().map(String::as_str)) {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!("declared sources: {}", list(&self.source_ids)),
            };
            self.cx.err(
                Code::CatalogUnknownSource,
                c.source.span(),
                format!("citation names unknown source `{src}`"),
                &hint,
            );
        }
        self.used_sources.insert(src.clone());
        self.cx.non_empty("citation quote", &c.quote);
        Some(Citation {
            source: src.as_str().into(),
            quote: c.quote.get_ref().as_str().into(),
        })
    }

    /// The `seen` citations of a fact's release scope.
    pub(super) fn seen(&mut self, scope: &RawScope, at: Range<usize>) -> Vec<Citation> {
        (scope.seen.iter())
            .filter_map(|c| self.cite(&Some(c.clone()), "citation", at.clone(), true))
            .collect()
    }

    /// A role named by a rule or requirement: it must be declared.
    pub(super) fn role_ref(&mut self, r: &S<String>) {
        self.used_roles.insert(r.get_ref().clone());
        if !self.role_list.contains(r.get_ref()) {
            let hint = match did_you_mean(r.get_ref(), self.role_list.iter().map(String::as_str)) {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!("declared roles: {}", list(&self.role_list)),
            };
            self.cx.err(
                Code::CatalogUnknownRole,
                r.span(),
                format!("role `{}` is not declared", r.get_ref()),
                &hint,
            );
        }
    }

    /// The last step: roles, sources and parameters declared but never used.
    pub(super) fn unused(&mut self, raw: &RawProduct) {
        for r in &raw.roles {
            if !self.used_roles.contains(r.id.get_ref()) {
                self.cx.err(
                    Code::CatalogUnusedRole,
                    r.id.span(),
                    format!(
                        "role `{}` is used by no rule or requirement",
                        r.id.get_ref()
                    ),
                    "remove the role, or add the rules that involve it",
                );
            }
        }
        for s in &raw.sources {
            if !self.used_sources.contains(s.id.get_ref()) {
                self.cx.warn(
                    Code::CatalogUnusedSource,
                    s.id.span(),
                    format!("source `{}` is cited nowhere", s.id.get_ref()),
                    "cite it from the rules it supports, or remove it",
                );
            }
        }
        for p in &raw.parameters {
            if !self.used_names.contains(p.id.get_ref()) {
                self.cx.warn(
                    Code::CatalogUnusedParameter,
                    p.id.span(),
                    format!(
                        "parameter `{}` is used by no rule, endpoint, condition or formula",
                        p.id.get_ref()
                    ),
                    "reference it as `{id}` in ports or endpoints, or by name in a condition",
                );
            }
        }
    }
}
