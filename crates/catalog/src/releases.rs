//! Releases: the documented versions of a component, the releases a fact holds in, and which
//! release's source shows a fact (or from which release it is carried over).
//!
//! A component lists its documented releases (`[[components.releases]]`: version, date where a
//! source gives one, the sources that document it). At most one component of a product has
//! releases: the product's *release component*. A rule, requirement or endpoint says in which of
//! its releases it holds with `since` (inclusive) and `until` (the first release that no longer
//! has it), both documented releases; the loader adds that range to the fact's `when`, so the
//! engine evaluates it like any other version condition. The fact's `cite` and its `seen`
//! citations name the sources that show it; a release whose sources show none of them gets the
//! fact *carried over* from the nearest release that does (and says so).

use super::load::Ctx;
use super::model::*;
use super::raw::{RawComponent, RawScope, S};
use portolan_core::cond;
use portolan_core::diag::Code;
use portolan_core::version::Version;
use std::collections::BTreeSet;

impl Product {
    /// The component whose releases the product's facts are scoped by, if any.
    pub fn release_component(&self) -> Option<&Component> {
        self.components.iter().find(|c| !c.releases.is_empty())
    }

    /// The release documented by source `source`, if it documents one.
    pub fn release_of_source(&self, source: &str) -> Option<&Release> {
        self.release_component()?
            .releases
            .iter()
            .find(|r| r.sources.iter().any(|s| s == source))
    }
}

/// Where a version falls among a component's documented releases.
#[derive(Debug, Clone, Copy)]
pub enum At<'a> {
    /// A documented release.
    Documented(&'a Release),
    /// Between documented releases (or after the newest): evaluated with the facts of `release`,
    /// the nearest documented release below it.
    Below(&'a Release),
    /// Older than every documented release: evaluated with the facts of the oldest, `oldest`.
    BeforeOldest(&'a Release),
}

impl<'a> At<'a> {
    /// The documented release whose facts apply.
    pub fn release(self) -> &'a Release {
        match self {
            At::Documented(r) | At::Below(r) | At::BeforeOldest(r) => r,
        }
    }
}

impl Component {
    /// Where `v` falls among the documented releases; `None` when the component has none.
    pub fn release_at(&self, v: &Version) -> Option<At<'_>> {
        if let Some(r) = self.releases.iter().find(|r| r.version == *v) {
            return Some(At::Documented(r));
        }
        match self.releases.iter().rfind(|r| r.version < *v) {
            Some(r) => Some(At::Below(r)),
            None => self.releases.first().map(At::BeforeOldest),
        }
    }

    /// The documented release of this exact version.
    pub fn release(&self, v: &Version) -> Option<&Release> {
        self.releases.iter().find(|r| r.version == *v)
    }
}

impl Release {
    /// `16.1 (cloud documentation set, 2019-05)`-style label: the version, then the name and the
    /// date where known.
    pub fn label(&self) -> String {
        let extra: Vec<&str> = [self.name.as_deref(), self.date.as_deref()]
            .into_iter()
            .flatten()
            .collect();
        if extra.is_empty() {
            self.version.to_string()
        } else {
            format!("{} ({})", self.version, extra.join(", "))
        }
    }
}

impl ReleaseScope {
    /// Whether the fact holds at version `v`.
    pub fn holds(&self, v: &Version) -> bool {
        self.since.as_ref().is_none_or(|s| v >= s) && self.until.as_ref().is_none_or(|u| v < u)
    }

    /// True when the fact holds in every release.
    pub fn is_always(&self) -> bool {
        self.since.is_none() && self.until.is_none()
    }

    /// `since 16.3`, `until 16.2`, `16.2 to before 16.3`, or `every release`.
    pub fn describe(&self) -> String {
        match (&self.since, &self.until) {
            (None, None) => "every release".to_string(),
            (Some(s), None) => format!("since {s}"),
            (None, Some(u)) => format!("before {u}"),
            (Some(s), Some(u)) => format!("from {s}, before {u}"),
        }
    }
}

/// How release `at` knows a fact.
#[derive(Debug, Clone, Copy)]
pub enum Seen<'a> {
    /// A source of `at` shows it: this citation.
    InRelease(&'a Citation),
    /// No source of `at` shows it; `from` is the nearest release whose source does.
    CarriedOver {
        from: &'a Release,
        cite: &'a Citation,
    },
    /// None of its citations belongs to a release (a source that documents no release).
    Unknown(&'a Citation),
}

impl<'a> Seen<'a> {
    pub fn cite(self) -> &'a Citation {
        match self {
            Seen::InRelease(c) | Seen::CarriedOver { cite: c, .. } | Seen::Unknown(c) => c,
        }
    }
}

/// How release `at` of `component` knows the fact cited by `cite` and `scope.seen`.
pub fn seen_at<'a>(
    component: &'a Component,
    cite: &'a Citation,
    scope: &'a ReleaseScope,
    at: &Release,
) -> Seen<'a> {
    let index = |c: &Citation| {
        component
            .releases
            .iter()
            .position(|r| r.sources.iter().any(|s| *s == *c.source))
    };
    let Some(here) = component
        .releases
        .iter()
        .position(|r| r.version == at.version)
    else {
        return Seen::Unknown(cite);
    };
    let mut best: Option<(usize, usize, &Citation)> = None;
    for c in std::iter::once(cite).chain(scope.seen.iter()) {
        let Some(i) = index(c) else { continue };
        if i == here {
            return Seen::InRelease(c);
        }
        // nearest first; at equal distance the older release
        let key = (i.abs_diff(here), i);
        if best.is_none_or(|(d, j, _)| key < (d, j)) {
            best = Some((key.0, key.1, c));
        }
    }
    match best.and_then(|(_, i, c)| component.releases.get(i).map(|r| (r, c))) {
        Some((from, cite)) => Seen::CarriedOver { from, cite },
        None => Seen::Unknown(cite),
    }
}

// ---------------------------------------------------------------------------------------------
// Loading

/// Reads and checks a component's `[[components.releases]]`.
pub(crate) fn read(
    cx: &mut Ctx<'_>,
    c: &RawComponent,
    versions: &[Version],
    sources: &[String],
) -> Vec<Release> {
    let mut out: Vec<Release> = Vec::new();
    for r in &c.releases {
        let Some(version) = parse_version(cx, &r.version) else {
            continue;
        };
        if !versions.contains(&version) {
            cx.err(
                Code::CatalogReleaseNotListed,
                r.version.span(),
                format!("release `{version}` is not among the component's `versions`"),
                "add it to `versions` (oldest first)",
            );
        }
        if let Some(last) = out.last() {
            if last.version >= version {
                cx.err(
                    Code::CatalogReleaseOrder,
                    r.version.span(),
                    format!("release `{version}` comes after `{}`", last.version),
                    "list the releases once each, oldest first",
                );
            }
        }
        for s in r.sources.get_ref() {
            if !sources.contains(s.get_ref()) {
                cx.err(
                    Code::CatalogUnknownSource,
                    s.span(),
                    format!("release `{version}` names unknown source `{}`", s.get_ref()),
                    "name a source id of this product's `[[sources]]`",
                );
            }
        }
        if r.sources.get_ref().is_empty() {
            cx.err(
                Code::CatalogReleaseSources,
                r.sources.span(),
                format!("release `{version}` names no source"),
                "name the sources that document it: `sources = [\"<source id>\"]`",
            );
        }
        if let Some(d) = &r.date {
            check_date(cx, d);
        }
        out.push(Release {
            version,
            name: r.name.as_ref().map(|n| n.get_ref().clone()),
            date: r.date.as_ref().map(|d| d.get_ref().clone()),
            sources: r
                .sources
                .get_ref()
                .iter()
                .map(|s| s.get_ref().clone())
                .collect(),
            note: r.note.as_ref().map(|n| n.get_ref().clone()),
        });
    }
    out
}

/// Checks that each `replaces` names another fact of the same table (`ids`, in file order).
pub(crate) fn check_replaces<'a>(
    cx: &mut Ctx<'_>,
    what: &str,
    raw: impl Iterator<Item = (&'a S<String>, &'a RawScope)>,
    ids: &BTreeSet<String>,
) {
    for (id, scope) in raw {
        let Some(r) = &scope.replaces else { continue };
        if r.get_ref() == id.get_ref() || !ids.contains(r.get_ref()) {
            cx.err(
                Code::CatalogUnknownReplaced,
                r.span(),
                format!(
                    "{what} `{}` replaces `{}`, which is not another {what} of this product",
                    id.get_ref(),
                    r.get_ref()
                ),
                &format!("name the {what} this one takes the place of in its releases"),
            );
        }
    }
}

/// Checks that at most one component has releases; the sources that document two releases.
pub(crate) fn check_components(cx: &mut Ctx<'_>, raw: &[RawComponent], loaded: &[Component]) {
    let with: Vec<&RawComponent> = raw.iter().filter(|c| !c.releases.is_empty()).collect();
    if let Some(second) = with.get(1) {
        cx.err(
            Code::CatalogReleasesComponent,
            second.id.span(),
            format!(
                "components `{}` and `{}` both list releases",
                with.iter()
                    .map(|c| c.id.get_ref().as_str())
                    .next()
                    .unwrap_or(""),
                second.id.get_ref()
            ),
            "facts are scoped by the releases of one component per product; list releases on one",
        );
    }
    let mut seen = BTreeSet::new();
    for r in loaded.iter().flat_map(|c| &c.releases) {
        for s in &r.sources {
            if !seen.insert(s.clone()) {
                if let Some(raw) = with.first() {
                    cx.err(
                        Code::CatalogReleaseSources,
                        raw.id.span(),
                        format!("source `{s}` documents more than one release"),
                        "give each release's document its own `[[sources]]` entry",
                    );
                }
            }
        }
    }
}

/// What the loader knows about a product's releases while it reads facts.
pub(crate) struct Scoping<'a> {
    pub component: Option<&'a Component>,
}

impl Scoping<'_> {
    /// Reads `since`/`until` (checked against the documented releases) and takes the `seen`
    /// citations (already checked by the loader's citation reader).
    pub(crate) fn scope(
        &self,
        cx: &mut Ctx<'_>,
        raw: &RawScope,
        seen: Vec<Citation>,
        cite: Option<&Citation>,
    ) -> ReleaseScope {
        let since = raw.since.as_ref().and_then(|s| self.bound(cx, s, "since"));
        let until = raw.until.as_ref().and_then(|u| self.bound(cx, u, "until"));
        if let (Some(s), Some(u), Some(at)) = (&since, &until, &raw.until) {
            if s >= u {
                cx.err(
                    Code::CatalogReleaseRange,
                    at.span(),
                    format!("`until = \"{u}\"` is not after `since = \"{s}\"`"),
                    "`until` names the first release that no longer has the fact",
                );
            }
        }
        let scope = ReleaseScope {
            since,
            until,
            seen,
            replaces: raw.replaces.as_ref().map(|r| r.get_ref().clone()),
        };
        if let (Some(c), Some(cite)) = (self.component, cite) {
            self.check_cites(cx, c, cite, &scope, raw);
        }
        scope
    }

    fn bound(&self, cx: &mut Ctx<'_>, s: &S<String>, key: &str) -> Option<Version> {
        let Some(c) = self.component else {
            cx.err(
                Code::CatalogNoReleases,
                s.span(),
                format!("`{key}` needs a component with `[[components.releases]]`"),
                "list the documented releases of the product's component first",
            );
            return None;
        };
        let v = parse_version(cx, s)?;
        if c.release(&v).is_none() {
            let known: Vec<String> = c
                .releases
                .iter()
                .map(|r| format!("`{}`", r.version))
                .collect();
            cx.err(
                Code::CatalogUnknownRelease,
                s.span(),
                format!(
                    "`{key} = \"{v}\"` is not a documented release of `{}`",
                    c.id
                ),
                &format!("use one of {}", known.join(", ")),
            );
            return None;
        }
        Some(v)
    }

    /// A citation whose source documents a release outside the fact's range contradicts it.
    fn check_cites(
        &self,
        cx: &mut Ctx<'_>,
        c: &Component,
        cite: &Citation,
        scope: &ReleaseScope,
        raw: &RawScope,
    ) {
        for ct in std::iter::once(cite).chain(scope.seen.iter()) {
            let Some(r) = c
                .releases
                .iter()
                .find(|r| r.sources.iter().any(|s| *s == *ct.source))
            else {
                continue;
            };
            if !scope.holds(&r.version) {
                let at = raw
                    .since
                    .as_ref()
                    .or(raw.until.as_ref())
                    .map(|s| s.span())
                    .unwrap_or(0..0);
                cx.err(
                    Code::CatalogCiteOutsideReleases,
                    at,
                    format!(
                        "the fact is cited from `{}` (release {}), outside its releases ({})",
                        ct.source,
                        r.version,
                        scope.describe()
                    ),
                    "widen `since`/`until`, or cite a source of a release it holds in",
                );
            }
        }
    }

    /// `when` with the release range added: `(when) and component >= "since" and component <
    /// "until"`.
    pub(crate) fn fold(&self, when: Option<Condition>, scope: &ReleaseScope) -> Option<Condition> {
        let Some(c) = self.component.filter(|_| !scope.is_always()) else {
            return when;
        };
        let mut parts: Vec<String> = Vec::new();
        if let Some(w) = &when {
            let src = w.source.trim();
            let loose = src.contains(" or ");
            parts.push(if loose {
                format!("({src})")
            } else {
                src.to_string()
            });
        }
        if let Some(s) = &scope.since {
            parts.push(format!("{} >= {}", c.id, quoted(s)));
        }
        if let Some(u) = &scope.until {
            parts.push(format!("{} < {}", c.id, quoted(u)));
        }
        let source = parts.join(" and ");
        // the parts are valid on their own, so the conjunction parses; if it did not, the fact
        // would be left without its condition, so keep the original instead
        match cond::parse_condition(&source) {
            Ok(expr) => Some(Condition { source, expr }),
            Err(_) => when,
        }
    }
}

fn quoted(v: &Version) -> String {
    format!(
        "\"{}\"",
        v.as_str().replace('\\', "\\\\").replace('"', "\\\"")
    )
}

fn parse_version(cx: &mut Ctx<'_>, v: &S<String>) -> Option<Version> {
    match v.get_ref().parse::<Version>() {
        Ok(v) => Some(v),
        Err(e) => {
            cx.err(Code::CatalogBadVersion, v.span(), e.message, &e.help);
            None
        }
    }
}

/// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
fn check_date(cx: &mut Ctx<'_>, d: &S<String>) {
    let parts: Vec<&str> = d.get_ref().split('-').collect();
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    let ok = match parts.as_slice() {
        [y] => digits(y, 4),
        [y, m] => digits(y, 4) && digits(m, 2),
        [y, m, day] => digits(y, 4) && digits(m, 2) && digits(day, 2),
        _ => false,
    };
    if !ok {
        cx.err(
            Code::CatalogBadDate,
            d.span(),
            format!("`{}` is not a date", d.get_ref()),
            "write `YYYY`, `YYYY-MM` or `YYYY-MM-DD` as the source gives it",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rel(v: &str, sources: &[&str]) -> Release {
        Release {
            version: v.parse().unwrap(),
            name: None,
            date: None,
            sources: sources.iter().map(|s| s.to_string()).collect(),
            note: None,
        }
    }

    fn component() -> Component {
        Component {
            id: "wfo".into(),
            name: "WFO".into(),
            description: None,
            versions: vec![],
            default: Some("16.2".parse().unwrap()),
            kind: ComponentKind::Product,
            vendor: None,
            cite: None,
            releases: vec![
                rel("16.1", &["a"]),
                rel("16.2", &["b"]),
                rel("16.3", &["c"]),
                rel("17.1", &["d"]),
            ],
        }
    }

    fn cite(s: &str) -> Citation {
        Citation {
            source: s.into(),
            quote: "q".into(),
        }
    }

    #[test]
    fn a_version_between_releases_takes_the_one_below() {
        let c = component();
        let at = |v: &str| c.release_at(&v.parse().unwrap()).unwrap();
        assert!(matches!(at("16.2"), At::Documented(r) if r.version.as_str() == "16.2"));
        assert!(matches!(at("16.2.5"), At::Below(r) if r.version.as_str() == "16.2"));
        assert!(matches!(at("18.0"), At::Below(r) if r.version.as_str() == "17.1"));
        assert!(matches!(at("15.0"), At::BeforeOldest(r) if r.version.as_str() == "16.1"));
    }

    #[test]
    fn a_fact_not_shown_is_carried_over_from_the_nearest_release() {
        let c = component();
        let scope = ReleaseScope {
            seen: vec![cite("a")],
            ..Default::default()
        };
        let primary = cite("b");
        let at = |i: usize| seen_at(&c, &primary, &scope, &c.releases[i]);
        assert!(matches!(at(0), Seen::InRelease(c) if std::ptr::eq(c, &scope.seen[0])));
        assert!(matches!(at(1), Seen::InRelease(c) if std::ptr::eq(c, &primary)));
        // 16.3 is next to 16.2; 17.1 too (16.2 is nearer than 16.1)
        assert!(matches!(at(2), Seen::CarriedOver { from, .. } if from.version.as_str() == "16.2"));
        assert!(matches!(at(3), Seen::CarriedOver { from, .. } if from.version.as_str() == "16.2"));
        // a citation of no release
        let other = cite("z");
        let none = ReleaseScope::default();
        assert!(matches!(
            seen_at(&c, &other, &none, &c.releases[0]),
            Seen::Unknown(_)
        ));
    }

    #[test]
    fn ranges_are_inclusive_below_and_exclusive_above() {
        let s = ReleaseScope {
            since: Some("16.2".parse().unwrap()),
            until: Some("17.1".parse().unwrap()),
            seen: vec![],
            replaces: None,
        };
        assert!(!s.holds(&"16.1".parse().unwrap()));
        assert!(s.holds(&"16.2".parse().unwrap()));
        assert!(s.holds(&"16.3.9".parse().unwrap()));
        assert!(!s.holds(&"17.1".parse().unwrap()));
        assert_eq!(s.describe(), "from 16.2, before 17.1");
    }
}
