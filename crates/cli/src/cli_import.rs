//! `portolan catalog import` and `portolan plan hosts import` (native only): the importer's
//! drafts on the command line. The catalog file or plan goes to standard output; what was
//! found, every row not imported and every diagnostic go to standard error.

use clap::Args;
use portolan_catalog::Catalog;
use portolan_core::diag::Severity;
use portolan_core::plan::{Plan, PlanFormat};
use portolan_import::check as importer;
use portolan_import::hosts::{self, HostField, HostOptions, MergeMode};
use portolan_import::{self as import, ColumnKind, Draft, Format, GroupChoice, Options};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// `portolan catalog import FILE`.
#[derive(Debug, Args)]
pub struct CatalogImportArgs {
    /// The vendor's table: pasted text (`|` or tab separated, one cell per line), Markdown,
    /// CSV/TSV or HTML; `-` reads standard input.
    pub file: PathBuf,
    /// Input format: auto, text, markdown, csv, tsv, html.
    #[arg(long, default_value = "auto")]
    pub format: String,
    /// Product id (kebab-case; default from --name).
    #[arg(long)]
    pub id: Option<String>,
    /// Product name.
    #[arg(long)]
    pub name: Option<String>,
    #[arg(long)]
    pub vendor: Option<String>,
    /// The source's title (default: the file name).
    #[arg(long, value_name = "TITLE")]
    pub source_title: Option<String>,
    /// The source's URL.
    #[arg(long, value_name = "URL")]
    pub source_url: Option<String>,
    /// Correct a table's column kinds: `TABLE=KIND,KIND,...` (tables count from 1), e.g.
    /// `1=local,port,transport,direction,description`. Kinds: port, local-port, remote-port,
    /// transport, direction, local, remote, source, destination, destination-address,
    /// source-address, description, condition, ignore.
    #[arg(long = "map", value_name = "TABLE=KINDS")]
    pub maps: Vec<String>,
    /// Rename a role (`ROLE-ID=New name`); two roles renamed to one name are merged.
    #[arg(long = "rename", value_name = "ROLE=NAME")]
    pub renames: Vec<String>,
    /// A value for a parameter the source gives none (`ID=VALUE`).
    #[arg(long = "param", value_name = "ID=VALUE")]
    pub params: Vec<String>,
    /// The option a table's rules need (`TABLE=Option name`, `TABLE=` for none), or leave a
    /// table out (`TABLE=-`).
    #[arg(long = "option", value_name = "TABLE=NAME")]
    pub options: Vec<String>,
}

/// `portolan plan hosts import INVENTORY`.
#[derive(Debug, Args)]
pub struct HostsImportArgs {
    /// The inventory: CSV or TSV with name, addresses, zone, roles and description columns.
    pub file: PathBuf,
    /// Merge into this plan (its hosts of the same name are updated); default: a new plan.
    #[arg(long, value_name = "PLAN")]
    pub into: Option<PathBuf>,
    /// Replace the plan's hosts instead of merging.
    #[arg(long)]
    pub replace: bool,
    /// Input format: auto, csv, tsv.
    #[arg(long, default_value = "auto")]
    pub format: String,
    /// The column mapping, one field per column: name, address, zone, roles, description,
    /// ignore (e.g. `name,address,ignore,zone`).
    #[arg(long, value_name = "FIELDS")]
    pub map: Option<String>,
    /// Write the plan as JSON instead of TOML.
    #[arg(long)]
    pub json: bool,
}

fn read_input(path: &Path) -> Result<String, String> {
    if path == Path::new("-") {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut std::io::stdin(), &mut s)
            .map_err(|e| format!("cannot read standard input: {e}"))?;
        return Ok(s);
    }
    let bytes =
        std::fs::read(path).map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "`{}` is not UTF-8 text (byte {}): save it as UTF-8",
            path.display(),
            e.utf8_error().valid_up_to()
        )
    })
}

fn split_pair<'a>(s: &'a str, what: &str) -> Result<(&'a str, &'a str), String> {
    s.split_once('=')
        .ok_or_else(|| format!("`{s}`: write {what}"))
}

fn table_index(s: &str) -> Result<usize, String> {
    s.trim()
        .parse::<usize>()
        .ok()
        .and_then(|n| n.checked_sub(1))
        .ok_or_else(|| format!("`{s}` is not a table number (tables count from 1)"))
}

/// The importer's options from the command line.
pub fn options(args: &CatalogImportArgs) -> Result<Options, String> {
    let format = Format::from_id(&args.format).ok_or_else(|| {
        format!(
            "format `{}` is unknown\n  help: use auto, text, markdown, csv, tsv or html",
            args.format
        )
    })?;
    let file_name = args
        .file
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .filter(|n| n != "-")
        .unwrap_or_default();
    let mut o = Options {
        format,
        id: args.id.clone().unwrap_or_default(),
        name: args.name.clone().unwrap_or_default(),
        vendor: args.vendor.clone().unwrap_or_default(),
        source_title: args.source_title.clone().unwrap_or_default(),
        source_url: args.source_url.clone().unwrap_or_default(),
        source_file: file_name,
        ..Options::default()
    };
    for m in &args.maps {
        let (t, kinds) = split_pair(m, "`TABLE=KIND,KIND,...`")?;
        let columns = kinds
            .split(',')
            .map(|k| {
                ColumnKind::from_id(k.trim()).ok_or_else(|| {
                    let ids: Vec<&str> = ColumnKind::ALL.iter().map(|k| k.id()).collect();
                    format!(
                        "column kind `{}` is unknown\n  help: use one of {}",
                        k.trim(),
                        ids.join(", ")
                    )
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        o.mappings.push(import::TableMapping {
            table: table_index(t)?,
            columns,
        });
    }
    for r in &args.renames {
        let (role, name) = split_pair(r, "`ROLE-ID=New name`")?;
        o.renames.push(import::Rename {
            role: role.trim().to_string(),
            name: name.trim().to_string(),
        });
    }
    for p in &args.params {
        let (id, value) = split_pair(p, "`ID=VALUE`")?;
        o.parameters.push(import::ParameterValue {
            id: id.trim().to_string(),
            value: value.trim().to_string(),
        });
    }
    for g in &args.options {
        let (t, name) = split_pair(g, "`TABLE=Option name`")?;
        let name = name.trim();
        o.groups.push(GroupChoice {
            table: table_index(t)?,
            option: (name != "-").then(|| name.to_string()),
            include: name != "-",
        });
    }
    Ok(o)
}

/// What was found, for standard error: each table with its mapping, then every problem.
pub fn summary(draft: &Draft, file: &str) -> String {
    use std::fmt::Write as _;
    let mut s = String::new();
    let st = &draft.stats;
    let _ = writeln!(
        s,
        "read as {:?}: {} table(s), {} row(s); {} rule(s), {} role(s), {} parameter(s); {} row(s) not read, {} in tables left out",
        draft.format,
        st.tables,
        st.rows,
        st.rules,
        draft.product.roles.len(),
        draft.product.parameters.len(),
        st.unreadable,
        st.skipped
    );
    for t in &draft.tables {
        let kinds: Vec<&str> = t.mapping.iter().map(|k| k.id()).collect();
        let _ = writeln!(
            s,
            "  table {} ({}): {} row(s), columns {}{}",
            t.index + 1,
            import::render::line_span(t.first_line, t.last_line),
            t.rows,
            kinds.join(","),
            t.option
                .as_ref()
                .map(|o| format!(", when `{o}`"))
                .unwrap_or_default()
        );
    }
    for p in &draft.problems {
        let level = match p.severity {
            import::Severity::Unreadable => "error",
            import::Severity::Skipped => "skipped",
            import::Severity::Warning => "warning",
        };
        let _ = writeln!(s, "{file}:{}: {level}: {}", p.first_line, p.reason);
    }
    s
}

/// `portolan catalog import`: the draft's TOML on standard output; exit 1 when the catalog
/// loader finds an error in it (it should not), 0 otherwise.
pub fn catalog_import(args: &CatalogImportArgs) -> Result<ExitCode, String> {
    let text = read_input(&args.file)?;
    let opts = options(args)?;
    let draft = import::import_table(&text, &opts);
    let toml = import::render_toml(&draft);
    eprint!("{}", summary(&draft, &args.file.display().to_string()));
    let diagnostics = importer::check_draft(&draft.product.id, &toml);
    for d in &diagnostics {
        eprintln!("{d}");
    }
    crate::cli::emit_text(&toml);
    Ok(
        if importer::has_errors(&diagnostics) || draft.product.rules.is_empty() {
            ExitCode::from(1)
        } else {
            ExitCode::SUCCESS
        },
    )
}

/// `portolan plan hosts import`: the plan with the imported hosts on standard output.
pub fn hosts_import(args: &HostsImportArgs, catalog: &Catalog) -> Result<ExitCode, String> {
    let text = read_input(&args.file)?;
    let format = Format::from_id(&args.format)
        .filter(|f| matches!(f, Format::Auto | Format::Csv | Format::Tsv))
        .ok_or_else(|| {
            format!(
                "format `{}` is unknown\n  help: use auto, csv or tsv",
                args.format
            )
        })?;
    let mapping = match &args.map {
        Some(m) => Some(
            m.split(',')
                .map(|f| HostField::from_id(f.trim()).ok_or_else(|| format!("field `{}` is unknown\n  help: use name, address, zone, roles, description, ignore", f.trim())))
                .collect::<Result<Vec<_>, _>>()?,
        ),
        None => None,
    };
    let read = hosts::import_hosts(&text, &HostOptions { format, mapping });
    let mut plan = match &args.into {
        Some(p) => {
            let t = std::fs::read_to_string(p)
                .map_err(|e| format!("cannot read plan `{}`: {e}", p.display()))?;
            let name = p.display().to_string();
            Plan::parse(&name, &t, PlanFormat::detect(&name, &t)).map_err(|d| d.to_string())?
        }
        None => Plan::default(),
    };
    let mode = if args.replace {
        MergeMode::Replace
    } else {
        MergeMode::Merge
    };
    let (summary, warnings) = importer::merge_hosts(&mut plan, &read.hosts, mode, catalog);
    let file = args.file.display().to_string();
    let fields: Vec<&str> = read.mapping.iter().map(|f| f.id()).collect();
    eprintln!(
        "{} row(s), {} host(s) read (columns {}); {} added, {} updated, {} removed",
        read.rows,
        read.hosts.len(),
        fields.join(","),
        summary.added,
        summary.updated,
        summary.removed
    );
    let mut errors = 0;
    for p in &read.problems {
        let level = if p.severity == import::Severity::Warning {
            "warning"
        } else {
            errors += 1;
            "error"
        };
        eprintln!("{file}:{}: {level}: {}", p.first_line, p.reason);
    }
    for w in &warnings {
        eprintln!("{}", w.to_string().replacen("inventory", &file, 1));
    }
    crate::cli::emit_text(&if args.json {
        plan.to_json()
    } else {
        plan.to_toml()
    });
    let failed = errors > 0 || warnings.iter().any(|w| w.severity == Severity::Error);
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
