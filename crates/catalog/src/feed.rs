//! The catalog change feed: every recorded catalog revision and what changed in it, fact by fact
//! (product, release, impact such as `port added`, `range changed` or `flow removed`, citation),
//! in the manner of Microsoft 365's endpoint `/changes` service.
//!
//! A revision's facts are flattened into [`Fact`]s (one per rule, endpoint, requirement,
//! parameter, option and release), which are stable across builds and compared by key. The
//! repository records the facts of each published revision in `catalog/history/` (`portolan
//! catalog record`); the feed is the difference between each recorded revision and the one
//! before it, and between the last recorded one and the catalog being built, when that differs.

use super::model::*;
use portolan_core::net::PortSet;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The feed's format version.
pub const FEED_SCHEMA: u32 = 1;

/// One fact of a catalog revision.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Fact {
    pub product: String,
    /// `rule/<id>`, `endpoint/<role>/<endpoint>`, `requirement/<id>`, `parameter/<id>`,
    /// `option/<id>` or `release/<version>`.
    pub key: String,
    /// The releases it holds in, as `ReleaseScope::describe` says it (`since 16.3`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub releases: String,
    /// The documented releases it holds in (empty: the product documents no releases).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub in_releases: Vec<String>,
    /// What the fact says, field by field (ports, from, to, protocol, when, text, default, ...).
    pub fields: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cite: Option<Citation>,
    /// The condition the engine evaluates (`when` with the release range added), when it differs
    /// from the `when` field.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub condition: String,
}

impl Fact {
    pub fn kind(&self) -> &str {
        self.key.split('/').next().unwrap_or("")
    }
}

/// A recorded revision's facts (`catalog/history/<revision>.json`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Snapshot {
    pub revision: String,
    /// When it was recorded (`YYYY-MM-DD`).
    pub date: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// The revision recorded before this one: orders revisions recorded on the same day.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub previous: String,
    pub facts: Vec<Fact>,
}

/// Orders recorded snapshots oldest first: by date, and on one day each after the revision it
/// names as `previous` (a date alone does not order two revisions of a day).
pub fn order(history: &mut [Snapshot]) {
    let depth = |s: &Snapshot| {
        let mut n = 0usize;
        let mut at = s.previous.as_str();
        while n < history.len() && !at.is_empty() {
            n += 1;
            at = (history.iter().find(|p| p.revision == at)).map_or("", |p| p.previous.as_str());
        }
        n
    };
    let keys: Vec<(String, usize)> = history.iter().map(|s| (s.date.clone(), depth(s))).collect();
    let mut order: Vec<usize> = (0..history.len()).collect();
    order.sort_by(|&a, &b| keys.get(a).cmp(&keys.get(b)));
    let sorted: Vec<Snapshot> = order
        .iter()
        .filter_map(|&i| history.get(i).cloned())
        .collect();
    for (slot, s) in history.iter_mut().zip(sorted) {
        *slot = s;
    }
}

/// One change of one fact.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Change {
    /// `<revision>-<n>`: stable for a recorded revision.
    pub id: String,
    pub product: String,
    pub fact: String,
    /// The releases the fact holds in (after the change, or before for a removal).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub releases: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub in_releases: Vec<String>,
    /// `flow added`, `port added`, `range removed`, `protocol changed`, ...
    pub impact: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current: Option<String>,
    /// The fact's condition (`when`) after the change (before, for a removal), for deciding
    /// which plans it touches.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cite: Option<Citation>,
}

/// One revision of the feed: its changes against `previous`.
#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
pub struct RevisionChanges {
    pub revision: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub date: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous: Option<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    pub changes: Vec<Change>,
}

/// The whole feed (`changes.json`), oldest revision first.
#[derive(Debug, Clone, Serialize, Deserialize, Default, schemars::JsonSchema)]
#[schemars(rename = "ChangeFeed")]
pub struct Feed {
    pub schema: u32,
    /// The revision of the catalog this feed was built with.
    pub current: String,
    pub revisions: Vec<RevisionChanges>,
}

impl Feed {
    /// The changes made after revision `since`, oldest first; `None` when the feed does not
    /// know `since`.
    pub fn since(&self, since: &str) -> Option<Vec<&Change>> {
        let at = self.revisions.iter().position(|r| r.revision == since)?;
        Some(
            (self.revisions.iter().skip(at + 1))
                .flat_map(|r| r.changes.iter())
                .collect(),
        )
    }

    /// The revision ids the feed knows, oldest first.
    pub fn known(&self) -> Vec<&str> {
        self.revisions.iter().map(|r| r.revision.as_str()).collect()
    }
}

/// Builds the feed from the recorded snapshots (any order) and the current catalog.
pub fn feed(mut history: Vec<Snapshot>, current: &Catalog) -> Feed {
    order(&mut history);
    let mut out = Feed {
        schema: FEED_SCHEMA,
        current: current.revision.clone(),
        revisions: Vec::new(),
    };
    let mut previous: Option<&Snapshot> = None;
    for s in &history {
        out.revisions.push(RevisionChanges {
            revision: s.revision.clone(),
            date: s.date.clone(),
            previous: previous.map(|p| p.revision.clone()),
            note: s.note.clone(),
            changes: previous.map_or_else(Vec::new, |p| changes(&p.facts, &s.facts, &s.revision)),
        });
        previous = Some(s);
    }
    if previous.is_none_or(|p| p.revision != current.revision) {
        let now = facts(current);
        out.revisions.push(RevisionChanges {
            revision: current.revision.clone(),
            date: String::new(),
            previous: previous.map(|p| p.revision.clone()),
            note: "this build's catalog (not recorded yet)".to_string(),
            changes: previous.map_or_else(Vec::new, |p| changes(&p.facts, &now, &current.revision)),
        });
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Facts

/// Every fact of a catalog, by product in id order.
pub fn facts(c: &Catalog) -> Vec<Fact> {
    let mut out = Vec::new();
    let mut products: Vec<&Product> = c.products.iter().collect();
    products.sort_by(|a, b| a.id.cmp(&b.id));
    for p in products {
        product_facts(p, &mut out);
    }
    out
}

fn fact(p: &Product, key: String, scope: Option<&ReleaseScope>, cite: Option<&Citation>) -> Fact {
    let (releases, in_releases) = match (scope, p.release_component()) {
        (Some(s), Some(c)) => (
            s.describe(),
            (c.releases.iter())
                .filter(|r| s.holds(&r.version))
                .map(|r| r.version.to_string())
                .collect(),
        ),
        (None, Some(c)) => (
            "every release".to_string(),
            c.releases.iter().map(|r| r.version.to_string()).collect(),
        ),
        _ => (String::new(), Vec::new()),
    };
    Fact {
        product: p.id.to_string(),
        key,
        releases,
        in_releases,
        fields: BTreeMap::new(),
        cite: cite.cloned(),
        condition: String::new(),
    }
}

/// Records a rule's or requirement's condition: as written in `when` (without the release range
/// the loader adds, which `releases` says) and, when that differs, as evaluated.
fn condition(f: &mut Fact, p: &Product, when: Option<&Condition>, scope: &ReleaseScope) {
    let Some(w) = when else { return };
    let mut written = w.source.as_str();
    if let Some(c) = p.release_component().filter(|_| !scope.is_always()) {
        for (op, v) in [("<", &scope.until), (">=", &scope.since)] {
            if let Some(v) = v {
                let tail = format!(" and {} {op} \"{}\"", c.id, v.as_str());
                let whole = format!("{} {op} \"{}\"", c.id, v.as_str());
                written = written
                    .strip_suffix(&tail)
                    .or_else(|| (written == whole).then_some(""))
                    .unwrap_or(written);
            }
        }
        if written.starts_with('(') && written.ends_with(')') && written.contains(" or ") {
            written = written.get(1..written.len() - 1).unwrap_or(written);
        }
    }
    set(f, "when", written);
    if written != w.source {
        f.condition = w.source.clone();
    }
}

fn set(f: &mut Fact, field: &str, value: impl Into<String>) {
    let v: String = value.into();
    if !v.is_empty() {
        f.fields.insert(field.to_string(), v);
    }
}

fn product_facts(p: &Product, out: &mut Vec<Fact>) {
    if let Some(c) = p.release_component() {
        for r in &c.releases {
            let mut f = fact(p, format!("release/{}", r.version), None, None);
            f.releases = String::new();
            f.in_releases = vec![r.version.to_string()];
            set(&mut f, "name", r.name.clone().unwrap_or_default());
            set(&mut f, "date", r.date.clone().unwrap_or_default());
            set(&mut f, "sources", r.sources.join(", "));
            out.push(f);
        }
    }
    for o in &p.options {
        let mut f = fact(p, format!("option/{}", o.id), None, o.cite.as_ref());
        match &o.kind {
            OptionKind::Bool { default } => set(&mut f, "default", default.to_string()),
            OptionKind::Enum { values, default } => {
                set(&mut f, "values", values.join(", "));
                set(&mut f, "default", default.clone());
            }
            OptionKind::Set { values, default } => {
                set(&mut f, "values", values.join(", "));
                set(&mut f, "default", default.join(", "));
            }
        }
        out.push(f);
    }
    for q in &p.parameters {
        let mut f = fact(p, format!("parameter/{}", q.id), None, q.cite.as_ref());
        set(&mut f, "default", q.default.to_string());
        set(&mut f, "configurable", q.configurable.to_string());
        out.push(f);
    }
    for r in &p.roles {
        for e in &r.endpoints {
            let mut f = fact(p, format!("endpoint/{}/{e}", r.id), None, r.cite.as_ref());
            set(&mut f, "endpoint", e.clone());
            out.push(f);
        }
        for e in &r.release_endpoints {
            let key = format!("endpoint/{}/{}", r.id, e.endpoint);
            let mut f = fact(p, key, Some(&e.scope), Some(&e.cite));
            set(&mut f, "endpoint", e.endpoint.clone());
            out.push(f);
        }
    }
    for r in &p.rules {
        let mut f = fact(p, format!("rule/{}", r.id), Some(&r.scope), Some(&r.cite));
        set(&mut f, "from", r.from.to_string());
        set(&mut f, "to", r.to.to_string());
        set(
            &mut f,
            "transport",
            format!("{:?}", r.transport).to_lowercase(),
        );
        set(
            &mut f,
            "protocol",
            r.protocol.as_deref().unwrap_or_default(),
        );
        set(&mut f, "ports", ports_text(&r.ports, p));
        condition(&mut f, p, r.when.as_ref(), &r.scope);
        set(&mut f, "purpose", r.purpose.to_string());
        out.push(f);
    }
    for q in &p.requirements {
        let key = format!("requirement/{}", q.id);
        let mut f = fact(p, key, Some(&q.scope), Some(&q.cite));
        set(&mut f, "kind", q.kind.name());
        set(&mut f, "text", requirement_summary(&q.kind));
        condition(&mut f, p, q.when.as_ref(), &q.scope);
        out.push(f);
    }
}

/// A rule's ports, parameters at their defaults: `80, 443, 2010` or `{web-port}=80`.
fn ports_text(specs: &[PortSpec], p: &Product) -> String {
    let mut set = PortSet::new();
    let mut params = Vec::new();
    for s in specs {
        match s {
            PortSpec::Range(r) => set.insert_range(*r),
            PortSpec::Param(name) => {
                let d = p
                    .parameter(name)
                    .map(|q| q.default.to_string())
                    .unwrap_or_default();
                params.push(format!("{{{name}}}={d}"));
            }
        }
    }
    let mut parts = Vec::new();
    if !set.is_empty() {
        parts.push(set.to_string());
    }
    parts.extend(params);
    parts.join(", ")
}

/// What a requirement says, in one line.
fn requirement_summary(k: &RequirementKind) -> String {
    match k {
        RequirementKind::Antivirus {
            application,
            process,
            extensions,
            folders,
            ..
        } => format!(
            "{application}; process {}; folders {}; extensions {}",
            process.as_deref().unwrap_or("-"),
            folders.join(", "),
            extensions.join(", ")
        ),
        RequirementKind::Compatibility {
            software,
            min_version,
            text,
            ..
        } => format!(
            "{software} {}: {text}",
            min_version
                .as_ref()
                .map(|v| v.to_string())
                .unwrap_or_default()
        ),
        RequirementKind::Sizing { formula, unit, .. } => format!("{} {unit}", formula.source),
        RequirementKind::MinHosts { role, count, .. } => format!("{role} >= {count}"),
        RequirementKind::TimeSync {
            max_interval_hours, ..
        } => format!("every {max_interval_hours} h"),
        RequirementKind::HighAvailability { text, .. }
        | RequirementKind::Network { text }
        | RequirementKind::FileType { text, .. }
        | RequirementKind::Prerequisite { text, .. }
        | RequirementKind::Note { text }
        | RequirementKind::Ambiguity { text } => text.clone(),
    }
}

// ---------------------------------------------------------------------------------------------
// Changes

/// The changes from facts `old` to facts `new`, numbered for `revision`.
pub fn changes(old: &[Fact], new: &[Fact], revision: &str) -> Vec<Change> {
    let index = |facts: &[Fact]| -> BTreeMap<(String, String), usize> {
        (facts.iter().enumerate())
            .map(|(i, f)| ((f.product.clone(), f.key.clone()), i))
            .collect()
    };
    let (io, inew) = (index(old), index(new));
    let products = |facts: &[Fact]| -> Vec<String> {
        let mut v: Vec<String> = facts.iter().map(|f| f.product.clone()).collect();
        v.dedup();
        v
    };
    let (po, pn) = (products(old), products(new));
    let mut out: Vec<Change> = Vec::new();
    for p in pn.iter().filter(|p| !po.contains(p)) {
        out.push(whole_product(p, "product added"));
    }
    for p in po.iter().filter(|p| !pn.contains(p)) {
        out.push(whole_product(p, "product removed"));
    }
    for (key, &i) in &inew {
        if !po.contains(&key.0) {
            continue;
        }
        let Some(f) = new.get(i) else { continue };
        match io.get(key).and_then(|&j| old.get(j)) {
            None => out.push(one(f, added_impact(f, "added"), None, Some(describe(f)))),
            Some(o) => out.extend(field_changes(o, f)),
        }
    }
    for (key, &j) in &io {
        if inew.contains_key(key) || !pn.contains(&key.0) {
            continue;
        }
        if let Some(o) = old.get(j) {
            out.push(one(o, added_impact(o, "removed"), Some(describe(o)), None));
        }
    }
    for (n, c) in out.iter_mut().enumerate() {
        c.id = format!("{revision}-{}", n + 1);
    }
    out
}

fn whole_product(p: &str, impact: &str) -> Change {
    Change {
        id: String::new(),
        product: p.to_string(),
        fact: "product".to_string(),
        releases: String::new(),
        in_releases: Vec::new(),
        impact: impact.to_string(),
        previous: None,
        current: None,
        when: None,
        cite: None,
    }
}

fn one(f: &Fact, impact: String, previous: Option<String>, current: Option<String>) -> Change {
    Change {
        id: String::new(),
        product: f.product.clone(),
        fact: f.key.clone(),
        releases: f.releases.clone(),
        in_releases: f.in_releases.clone(),
        impact,
        previous,
        current,
        when: if f.condition.is_empty() {
            f.fields.get("when").cloned()
        } else {
            Some(f.condition.clone())
        },
        cite: f.cite.clone(),
    }
}

/// `flow added`, `range removed`, `host name added`, `warning added` (an ambiguity), ...
fn added_impact(f: &Fact, verb: &str) -> String {
    let what = match f.kind() {
        "rule" => "flow",
        "endpoint" => {
            let e = f.fields.get("endpoint").map_or("", String::as_str);
            if e.contains('/') {
                "range"
            } else if e.parse::<std::net::IpAddr>().is_ok() {
                "address"
            } else {
                "host name"
            }
        }
        "requirement" if f.fields.get("kind").is_some_and(|k| k == "ambiguity") => "warning",
        other => other,
    };
    format!("{what} {verb}")
}

/// One line saying what a fact is.
fn describe(f: &Fact) -> String {
    let get = |k: &str| f.fields.get(k).map_or("", String::as_str);
    match f.kind() {
        "rule" => format!(
            "{} -> {} {} {} {}",
            get("from"),
            get("to"),
            get("transport"),
            get("ports"),
            get("protocol")
        )
        .trim_end()
        .to_string(),
        "endpoint" => get("endpoint").to_string(),
        "requirement" => format!("{}: {}", get("kind"), get("text")),
        _ => (f.fields.iter())
            .map(|(k, v)| format!("{k} {v}"))
            .collect::<Vec<_>>()
            .join("; "),
    }
}

/// The fields of a fact that changed, each as its own change.
fn field_changes(o: &Fact, n: &Fact) -> Vec<Change> {
    let mut out = Vec::new();
    let keys: std::collections::BTreeSet<&String> =
        o.fields.keys().chain(n.fields.keys()).collect();
    for k in keys {
        let (a, b) = (o.fields.get(k), n.fields.get(k));
        if a == b {
            continue;
        }
        let impact = match (n.kind(), k.as_str()) {
            ("rule", "ports") => port_impact(a, b),
            ("rule", "from" | "to") => "flow changed".to_string(),
            ("requirement", "text" | "kind") => "requirement changed".to_string(),
            (_, field) => format!("{field} changed"),
        };
        out.push(one(n, impact, a.cloned(), b.cloned()));
    }
    let everywhere = |r: &str| r.is_empty() || r == "every release";
    if o.releases != n.releases && !(everywhere(&o.releases) && everywhere(&n.releases)) {
        let shown = |r: &str| {
            if r.is_empty() {
                "every release".to_string()
            } else {
                r.to_string()
            }
        };
        out.push(one(
            n,
            "releases changed".into(),
            Some(shown(&o.releases)),
            Some(shown(&n.releases)),
        ));
    }
    if o.cite != n.cite {
        let text =
            |c: &Option<Citation>| c.as_ref().map(|c| format!("{}: \"{}\"", c.source, c.quote));
        out.push(one(
            n,
            "citation changed".into(),
            text(&o.cite),
            text(&n.cite),
        ));
    }
    out
}

/// `port added`, `port removed` or `ports changed`.
fn port_impact(a: Option<&String>, b: Option<&String>) -> String {
    let parse = |s: Option<&String>| -> Option<PortSet> {
        let mut set = PortSet::new();
        for part in s?.split(", ") {
            set.insert_range(part.parse().ok()?);
        }
        Some(set)
    };
    match (parse(a), parse(b)) {
        (Some(x), Some(y)) if x.difference(&y).is_empty() => "port added".to_string(),
        (Some(x), Some(y)) if y.difference(&x).is_empty() => "port removed".to_string(),
        _ => "ports changed".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fact(key: &str, fields: &[(&str, &str)]) -> Fact {
        Fact {
            product: "p".into(),
            key: key.into(),
            releases: String::new(),
            in_releases: vec![],
            fields: fields
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            cite: None,
            condition: String::new(),
        }
    }

    #[test]
    fn changes_name_their_impact() {
        let old = vec![
            fact("rule/a", &[("ports", "80")]),
            fact("rule/b", &[("ports", "80, 443")]),
            fact("endpoint/cloud/10.0.0.0/24", &[("endpoint", "10.0.0.0/24")]),
        ];
        let new = vec![
            fact("rule/a", &[("ports", "80, 443")]),
            fact("rule/c", &[("ports", "5633")]),
            fact("endpoint/cloud/10.1.0.0/23", &[("endpoint", "10.1.0.0/23")]),
            fact(
                "requirement/x",
                &[("kind", "ambiguity"), ("text", "unclear")],
            ),
        ];
        let c = changes(&old, &new, "c-2");
        let impacts: Vec<(&str, &str)> = c
            .iter()
            .map(|c| (c.fact.as_str(), c.impact.as_str()))
            .collect();
        assert_eq!(
            impacts,
            [
                ("endpoint/cloud/10.1.0.0/23", "range added"),
                ("requirement/x", "warning added"),
                ("rule/a", "port added"),
                ("rule/c", "flow added"),
                ("endpoint/cloud/10.0.0.0/24", "range removed"),
                ("rule/b", "flow removed"),
            ]
        );
        assert_eq!(c[0].id, "c-2-1");
    }

    #[test]
    fn a_new_product_is_one_change() {
        let mut q = fact("rule/a", &[]);
        q.product = "q".into();
        let c = changes(&[fact("rule/a", &[])], &[fact("rule/a", &[]), q], "c-3");
        assert_eq!(c.len(), 1);
        assert_eq!(
            (c[0].product.as_str(), c[0].impact.as_str()),
            ("q", "product added")
        );
    }
}
