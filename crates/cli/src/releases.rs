//! The release commands: `portolan upgrade` (and the catalog change feed, `plan --since-revision`).

use crate::cli::io;
use portolan_catalog::feed::{self, Feed, Snapshot};
use portolan_catalog::Catalog;
use portolan_core::plan::Plan;
use portolan_engine::{self as engine, UpgradeRequest};
use portolan_export::upgrade as render;
use std::path::{Path, PathBuf};

/// The upgrade of one product of `plan` as a change request in `format`; a bad request (a product
/// not in the plan, an unknown release, `from` not older than `to`) or format is an error.
pub fn upgrade(
    catalog: &Catalog,
    plan: &Plan,
    request: UpgradeRequest<'_>,
    format: &str,
    generated_at: &str,
) -> Result<String, String> {
    if !render::FORMATS.iter().any(|(id, _)| *id == format) {
        let ids: Vec<&str> = render::FORMATS.iter().map(|(id, _)| *id).collect();
        return Err(format!(
            "format `{format}` is unknown\n  help: use one of: {}",
            ids.join(", ")
        ));
    }
    let u = engine::upgrade(catalog, plan, request).map_err(|e| e.to_string())?;
    render::render(&u, format, generated_at)
        .ok_or_else(|| format!("cannot write the upgrade as {format}"))
}

/// The change feed: the bundled one, or for a catalog folder, from `DIR/history/` and the folder.
pub fn feed_for(catalog: &Catalog, dir: Option<&Path>) -> Result<Feed, String> {
    let Some(dir) = dir else {
        return portolan_bundled::changes();
    };
    let mut history = Vec::new();
    let hdir = dir.join("history");
    let mut paths: Vec<PathBuf> = match std::fs::read_dir(&hdir) {
        Ok(rd) => rd.filter_map(Result::ok).map(|e| e.path()).collect(),
        Err(_) => Vec::new(),
    };
    paths.sort();
    for p in paths
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
    {
        let text = io::read_text(p, "catalog revision", io::MAX_CATALOG_BYTES)?;
        let s: Snapshot = serde_json::from_str(&text)
            .map_err(|e| format!("`{}` is not a recorded catalog revision: {e}", p.display()))?;
        history.push(s);
    }
    Ok(feed::feed(history, catalog))
}

/// The feed as JSON, or only the changes after `since`.
pub fn feed_json(f: &Feed, since: Option<&str>) -> Result<String, String> {
    let json = match since {
        None => serde_json::to_string_pretty(f),
        Some(rev) => {
            let list = f.since(rev).ok_or_else(|| {
                format!(
                    "catalog revision `{rev}` is not in the change feed\n  help: known revisions, oldest first: {}",
                    f.known().join(", ")
                )
            })?;
            serde_json::to_string_pretty(&list)
        }
    };
    // hidden characters of catalog text (direction overrides, C1 controls) as `\uXXXX`
    json.map(|j| portolan_export::text::json_escape_hidden(&j))
        .map_err(|e| e.to_string())
}

/// Writes the facts of `catalog`'s revision to `history/<revision>.json`.
pub fn record(
    catalog: &Catalog,
    history: &Path,
    date: &str,
    note: &str,
) -> Result<PathBuf, String> {
    let ok = date.len() == 10
        && date.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    if !ok {
        return Err(format!("`{date}` is not a date\n  help: write YYYY-MM-DD"));
    }
    let snapshot = Snapshot {
        revision: catalog.revision.clone(),
        date: date.to_string(),
        note: note.to_string(),
        previous: last_recorded(history, &catalog.revision)?,
        facts: feed::facts(catalog),
    };
    std::fs::create_dir_all(history)
        .map_err(|e| format!("cannot create `{}`: {e}", history.display()))?;
    let path = history.join(format!("{}.json", catalog.revision));
    std::fs::write(&path, snapshot_json(&snapshot)?)
        .map_err(|e| format!("cannot write `{}`: {e}", path.display()))?;
    Ok(path)
}

/// The newest revision recorded in `history` other than `revision` ("" when none is).
fn last_recorded(history: &Path, revision: &str) -> Result<String, String> {
    let Ok(entries) = std::fs::read_dir(history) else {
        return Ok(String::new());
    };
    let mut recorded = Vec::new();
    for path in entries.filter_map(Result::ok).map(|e| e.path()) {
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        let text = std::fs::read_to_string(&path)
            .map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
        let s: Snapshot = serde_json::from_str(&text).map_err(|e| {
            format!(
                "`{}` is not a recorded catalog revision: {e}",
                path.display()
            )
        })?;
        if s.revision != revision {
            recorded.push(s);
        }
    }
    feed::order(&mut recorded);
    Ok(recorded
        .last()
        .map(|s| s.revision.clone())
        .unwrap_or_default())
}

/// What `plan` prints about catalog changes: since `--since-revision`, or since the revision the
/// plan records when it is not the current one. An unknown `--since-revision` is an error; an
/// unknown recorded revision is only said.
pub fn plan_changes(
    catalog: &Catalog,
    dir: Option<&Path>,
    plan: &Plan,
    since: Option<&str>,
) -> Result<Option<String>, String> {
    let (rev, asked) = match since {
        Some(r) => (r, true),
        None if !plan.catalog_revision.trim().is_empty() => (plan.catalog_revision.trim(), false),
        None => return Ok(None),
    };
    let f = feed_for(catalog, dir)?;
    match engine::feed::changes_since(catalog, &f, plan, rev) {
        Ok(None) => Ok(None),
        Ok(Some(s)) => Ok(Some(since_text(&s))),
        Err(e) if asked => Err(e.to_string()),
        Err(e) => Ok(Some(format!(
            "\nthe plan was made with catalog {rev}: {}\n",
            e.message
        ))),
    }
}

/// `catalog changes since c-… that touch this plan (3 of 40): …`.
pub fn since_text(s: &engine::feed::Since) -> String {
    let mut out = format!(
        "\ncatalog changes since {} that touch this plan ({} of {}; catalog now {}):\n",
        s.since,
        s.touching.len(),
        s.total,
        s.current
    );
    for c in &s.touching {
        let was = c
            .previous
            .as_deref()
            .map(|p| format!(" was: {p};"))
            .unwrap_or_default();
        let now = c
            .current
            .as_deref()
            .map(|p| format!(" now: {p};"))
            .unwrap_or_default();
        let cite = c
            .cite
            .as_ref()
            .map(|c| format!(" [{}: \"{}\"]", c.source, c.quote))
            .unwrap_or_default();
        let releases = if c.releases.is_empty() {
            String::new()
        } else {
            format!(" ({})", c.releases)
        };
        out.push_str(&format!(
            "  {} {} {}{releases}:{was}{now}{cite}\n",
            c.impact, c.product, c.fact
        ));
    }
    out
}

/// A snapshot as JSON with one fact per line: small, and a later revision's file diffs line by
/// line against it.
fn snapshot_json(s: &Snapshot) -> Result<String, String> {
    let head = |k: &str, v: &str| -> Result<String, String> {
        Ok(format!(
            "  {}: {},\n",
            serde_json::to_string(k).map_err(|e| e.to_string())?,
            serde_json::to_string(v).map_err(|e| e.to_string())?
        ))
    };
    let mut out = String::from("{\n");
    out.push_str(&head("revision", &s.revision)?);
    out.push_str(&head("date", &s.date)?);
    out.push_str(&head("note", &s.note)?);
    if !s.previous.is_empty() {
        out.push_str(&head("previous", &s.previous)?);
    }
    out.push_str("  \"facts\": [\n");
    let lines: Result<Vec<String>, _> = s.facts.iter().map(serde_json::to_string).collect();
    let lines: Vec<String> = lines
        .map_err(|e| e.to_string())?
        .into_iter()
        .map(|l| format!("    {l}"))
        .collect();
    out.push_str(&lines.join(",\n"));
    out.push_str("\n  ]\n}\n");
    // hidden characters of catalog text (direction overrides, C1 controls) as `\uXXXX`
    Ok(portolan_export::text::json_escape_hidden(&out))
}
