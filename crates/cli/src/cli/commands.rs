//! One function per subcommand: `run` reads the arguments and calls the one asked for.

use super::*;

/// `catalog check [DIR] [--all]`: every problem of a catalog folder, and its totals.
pub(super) fn catalog_check(dir: &Path, all: bool) -> Result<ExitCode, String> {
    let loaded = load_dir(dir)?;
    io::print_diagnostics(&loaded.diagnostics, (!all).then_some(io::SHOWN_DIAGNOSTICS));
    let errors = count(&loaded.diagnostics, Severity::Error);
    let warnings = count(&loaded.diagnostics, Severity::Warning);
    let c = &loaded.catalog;
    outln!(
        "{} product(s), {} rule(s), {} requirement(s); {errors} error(s), {warnings} warning(s); revision {}",
        c.products.len(),
        c.products.iter().map(|p| p.rules.len()).sum::<usize>(),
        c.products.iter().map(|p| p.requirements.len()).sum::<usize>(),
        c.revision
    );
    Ok(if errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// `catalog list`: the products the filter selects.
pub(super) fn catalog_list(catalog: Option<&Path>, filter: ListFilter) -> Result<ExitCode, String> {
    let c = catalog_for(catalog)?;
    out!("{}", product_list(&c, filter)?);
    Ok(ExitCode::SUCCESS)
}

/// `catalog schema`: the JSON Schema of a catalog file.
pub(super) fn catalog_schema() -> Result<ExitCode, String> {
    let schema =
        serde_json::to_string_pretty(&catalog::file_schema()).map_err(|e| e.to_string())?;
    outln!("{schema}");
    Ok(ExitCode::SUCCESS)
}

/// `catalog changes [--since REV]`: the change feed.
pub(super) fn catalog_changes(
    catalog: Option<&Path>,
    since: Option<&str>,
) -> Result<ExitCode, String> {
    let c = catalog_for(catalog)?;
    let feed = crate::releases::feed_for(&c, catalog)?;
    outln!("{}", crate::releases::feed_json(&feed, since)?);
    Ok(ExitCode::SUCCESS)
}

/// `catalog record`: a catalog folder's facts into its history.
pub(super) fn catalog_record(
    dir: &Path,
    history: Option<PathBuf>,
    date: &str,
    note: &str,
) -> Result<ExitCode, String> {
    let loaded = load_dir(dir)?;
    if loaded.has_errors() {
        return Err(format!(
            "`{}` has catalog errors; `portolan catalog check` lists them",
            dir.display()
        ));
    }
    let history = history.unwrap_or_else(|| dir.join("history"));
    let path = crate::releases::record(&loaded.catalog, &history, date, note)?;
    outln!(
        "recorded revision {} in {}",
        loaded.catalog.revision,
        path.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// `plan PLAN`: the report, then the catalog changes that touch the plan.
pub(super) fn plan(
    catalog: Option<&Path>,
    plan: Option<PathBuf>,
    format: OutFormat,
    since_revision: Option<&str>,
) -> Result<ExitCode, String> {
    let plan = plan.ok_or("give a plan file")?;
    let c = catalog_for(catalog)?;
    let plan = read_plan(&plan)?;
    let report = engine::evaluate(&c, &plan);
    let since = crate::releases::plan_changes(&c, catalog, &plan, since_revision)?;
    match format {
        OutFormat::Json => outln!("{}", json(serde_json::to_string_pretty(&report))?),
        OutFormat::Table => out!("{}", table(&c, &report)),
    }
    match (since, format) {
        // standard output stays one JSON document
        (Some(text), OutFormat::Json) => eprint!("{}", io::terminal(&text)),
        (Some(text), OutFormat::Table) => out!("{text}"),
        (None, _) => {}
    }
    Ok(exit_for(&report))
}

/// Pretty JSON (from `serde_json::to_string_pretty`) with hidden characters escaped.
fn json(pretty: serde_json::Result<String>) -> Result<String, String> {
    Ok(export::text::json_escape_hidden(
        &pretty.map_err(|e| e.to_string())?,
    ))
}

/// `export PLAN -f FORMAT`: the artifact to FILE or standard output, its summary to standard
/// error.
pub(super) fn export(
    catalog: Option<&Path>,
    plan: &Path,
    format: &str,
    output: Option<&Path>,
    generated_at: Option<String>,
    product: Option<String>,
    direction: Option<&str>,
) -> Result<ExitCode, String> {
    let Some(exporter) = export::find(format) else {
        let ids: Vec<&str> = export::registry().iter().map(|e| e.id()).collect();
        return Err(format!(
            "format `{format}` is unknown\n  help: use one of: {}",
            ids.join(", ")
        ));
    };
    let c = catalog_for(catalog)?;
    let plan = read_plan(plan)?;
    let selection = export::select::Selection {
        product,
        direction: direction
            .map(export::select::Direction::parse)
            .transpose()?,
    };
    let full = engine::evaluate(&c, &plan);
    let report = export::select::select(&full, &selection)?;
    let when = generated_at.unwrap_or_else(now_utc);
    let cx = export::ExportContext {
        report: &report,
        plan: &plan,
        catalog: &c,
        generated_at: &when,
    };
    let artifact = match export::refuse::checked(exporter, &cx) {
        Ok(artifact) => artifact,
        Err(refused) => {
            // nothing is written, not even an empty output file
            eprintln!("{}", io::terminal(&refused.to_string()));
            return Ok(ExitCode::from(1));
        }
    };
    write_artifact(output, &artifact)?;
    eprint!("{}", io::terminal(&export_summary(&artifact)));
    if let Some(path) = output {
        eprintln!("wrote {}", io::terminal(&path.display().to_string()));
    }
    Ok(exit_for(&full))
}

/// An artifact's bytes to `output`, or to standard output.
fn write_artifact(output: Option<&Path>, artifact: &export::Artifact) -> Result<(), String> {
    match output {
        Some(path) => std::fs::write(path, artifact.file_bytes())
            .map_err(|e| format!("cannot write `{}`: {e}", path.display())),
        None => {
            use std::io::Write as _;
            let mut out = std::io::stdout().lock();
            out.write_all(artifact.file_bytes())
                .and_then(|()| out.flush())
                .map_err(|e| format!("cannot write to standard output: {e}"))
        }
    }
}

/// `formats [--matrix]`: the export formats.
pub(super) fn formats(matrix: bool) -> Result<ExitCode, String> {
    if matrix {
        out!("{}", export::matrix::readme_block());
    } else {
        out!("{}", export::matrix::listing());
    }
    Ok(ExitCode::SUCCESS)
}

/// `upgrade PLAN --product ID --to REL`: the upgrade's change request.
pub(super) fn upgrade(
    catalog: Option<&Path>,
    plan: &Path,
    request: engine::UpgradeRequest<'_>,
    format: &str,
    output: Option<&Path>,
    generated_at: Option<String>,
) -> Result<ExitCode, String> {
    let c = catalog_for(catalog)?;
    let plan = read_plan(plan)?;
    let when = generated_at.unwrap_or_else(now_utc);
    let text = crate::releases::upgrade(&c, &plan, request, format, &when)?;
    write_out(output, &text)?;
    Ok(ExitCode::SUCCESS)
}

/// `diff A B`: the flows to open and those that can be closed from plan A to plan B.
pub(super) fn diff(
    catalog: Option<&Path>,
    plan_a: &Path,
    plan_b: &Path,
    format: OutFormat,
) -> Result<ExitCode, String> {
    let c = catalog_for(catalog)?;
    let a = engine::evaluate(&c, &read_plan(plan_a)?);
    let b = engine::evaluate(&c, &read_plan(plan_b)?);
    let d = engine::diff(&a, &b);
    match format {
        OutFormat::Json => outln!("{}", json(serde_json::to_string_pretty(&d))?),
        OutFormat::Table => out!("{}", diff_table(&d)),
    }
    Ok(if exit_for(&a) == ExitCode::SUCCESS {
        exit_for(&b)
    } else {
        ExitCode::from(1)
    })
}

/// The plain-text form of a diff.
fn diff_table(d: &engine::Diff) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "to open ({}):", d.open.len());
    for c in &d.open {
        let _ = writeln!(out, "  + {}", diff_line(c));
    }
    let _ = writeln!(out, "can be closed ({}):", d.close.len());
    for c in &d.close {
        let _ = writeln!(out, "  - {}", diff_line(c));
    }
    for w in &d.warnings_added {
        let _ = writeln!(out, "  warning appears: [{}] {}", w.code, w.message);
    }
    for w in &d.warnings_removed {
        let _ = writeln!(out, "  warning goes away: [{}] {}", w.code, w.message);
    }
    out
}

fn diff_line(c: &engine::FlowChange) -> String {
    format!(
        "{} -> {}  {} {}  [{}]",
        c.source.name,
        c.destination.name,
        c.transport,
        c.ports,
        c.catalog_rules.join(", ")
    )
}
