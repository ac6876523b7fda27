//! The command-line front end (native only): a thin layer over load, evaluate, diff and export.

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};
use portolan_catalog::{self as catalog, Catalog, Loaded};
use portolan_core::diag::{Diagnostic, Severity};
use portolan_core::plan::{Plan, PlanFormat};
use portolan_engine::{self as engine, Report};
use portolan_export as export;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub(crate) mod io;

/// Portolan turns vendor port tables into the flows, warnings and allow-lists of your plan.
#[derive(Debug, Parser)]
#[command(name = "portolan", version, about, long_about = None)]
struct Cli {
    /// Load the catalog from this folder instead of the bundled one.
    #[arg(long, global = true, value_name = "DIR")]
    catalog: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Work with catalog files.
    Catalog {
        #[command(subcommand)]
        command: CatalogCommand,
    },
    /// Evaluate a plan: flows, aggregated rules, warnings and requirements
    /// (`portolan plan hosts import` imports hosts from an inventory).
    #[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
    Plan {
        /// Plan file (.toml or .json).
        #[arg(required = true)]
        plan: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t = OutFormat::Table)]
        format: OutFormat,
        #[command(subcommand)]
        command: Option<PlanCommand>,
        /// List the catalog changes since this revision that touch the plan (default: the
        /// revision the plan records, when it is older than the catalog's).
        #[arg(long, value_name = "REV")]
        since_revision: Option<String>,
    },
    /// Export a plan in one format (see `portolan formats`): the artifact goes to standard
    /// output or FILE; the rule and flow counts and every rule the format cannot express go to
    /// standard error.
    Export {
        /// Plan file (.toml or .json).
        plan: PathBuf,
        /// Format id, e.g. `csv`, `json`, `markdown`, `check-bash`.
        #[arg(long, short = 'f')]
        format: String,
        /// Write the artifact to this file instead of standard output.
        #[arg(long, short = 'o', value_name = "FILE")]
        output: Option<PathBuf>,
        /// Timestamp written into the artifact (default: now, ISO 8601 UTC).
        #[arg(long, value_name = "TIMESTAMP")]
        generated_at: Option<String>,
        /// Only the rules of this product (its id, e.g. `screen-capture`).
        #[arg(long, value_name = "ID")]
        product: Option<String>,
        /// Only the rules crossing the plan's edge this way: outbound (plan hosts to the
        /// outside), inbound (outside to plan hosts) or internal (between plan hosts).
        #[arg(long, value_name = "DIRECTION")]
        direction: Option<String>,
    },
    /// List the export formats: id, name, and what each can and cannot express.
    Formats {
        /// Print the formats and their capability matrix as Markdown tables (the README's copy).
        #[arg(long)]
        matrix: bool,
    },
    /// What changes when one product of a plan is upgraded from one release to another: flows to
    /// open and to close, ports, ranges and protocols that change, requirements and warnings that
    /// appear or disappear, each cited from both releases.
    Upgrade {
        /// Plan file (.toml or .json).
        plan: PathBuf,
        /// The product to upgrade, e.g. `incontact-wfo`.
        #[arg(long)]
        product: String,
        /// The release to upgrade to, e.g. `17.1`.
        #[arg(long)]
        to: String,
        /// The release to upgrade from (default: the plan's version of the product).
        #[arg(long)]
        from: Option<String>,
        /// text, markdown, html, csv or json.
        #[arg(long, short = 'f', default_value = "text")]
        format: String,
        /// Write the change request to this file instead of standard output.
        #[arg(long, short = 'o', value_name = "FILE")]
        output: Option<PathBuf>,
        /// Timestamp written into the change request (default: now, ISO 8601 UTC).
        #[arg(long, value_name = "TIMESTAMP")]
        generated_at: Option<String>,
    },
    /// What changes from plan A to plan B: flows to open, flows that can be closed.
    Diff {
        plan_a: PathBuf,
        plan_b: PathBuf,
        #[arg(long, value_enum, default_value_t = OutFormat::Table)]
        format: OutFormat,
    },
}

#[derive(Debug, Subcommand)]
enum CatalogCommand {
    /// Validate every catalog file in a folder and report each problem with file, line and column.
    Check {
        /// Folder of catalog files (default: ./catalog).
        dir: Option<PathBuf>,
        /// Print every problem (by default the first 100, then how many more there are).
        #[arg(long)]
        all: bool,
    },
    /// List the products of the catalog: id, category, coverage, name and vendor.
    List(ListFilter),
    /// Print the JSON Schema of a catalog file (what catalog/schema.json holds), for editors.
    Schema,
    /// Draft a catalog file from a vendor's port table (text, Markdown, CSV/TSV or HTML):
    /// `portolan catalog import table.txt > product.toml`.
    Import(Box<crate::cli_import::CatalogImportArgs>),
    /// Print the catalog change feed (changes.json): every recorded revision and its changes.
    Changes {
        /// Only the changes after this revision.
        #[arg(long, value_name = "REV")]
        since: Option<String>,
    },
    /// Record the facts of a catalog folder's revision in its history (for the change feed).
    Record {
        /// Folder of catalog files (default: ./catalog).
        dir: Option<PathBuf>,
        /// Where the history is kept (default: DIR/history).
        #[arg(long, value_name = "DIR")]
        history: Option<PathBuf>,
        /// The revision's date, YYYY-MM-DD.
        #[arg(long)]
        date: String,
        /// What the revision brought, in a line.
        #[arg(long, default_value = "")]
        note: String,
    },
}

#[derive(Debug, Subcommand)]
enum PlanCommand {
    /// Work with the plan's hosts.
    Hosts {
        #[command(subcommand)]
        command: HostsCommand,
    },
}

#[derive(Debug, Subcommand)]
enum HostsCommand {
    /// Hosts from an inventory (CSV/TSV: name, addresses, zone, roles), merged into a plan or a
    /// new one: `portolan plan hosts import hosts.csv --into plan.toml > plan.toml`.
    Import(Box<crate::cli_import::HostsImportArgs>),
}

/// Which products `catalog list` shows; every filter given must hold.
#[derive(Debug, clap::Args)]
struct ListFilter {
    /// Part of the vendor's name, e.g. `genesys`.
    #[arg(long)]
    vendor: Option<String>,
    /// A category: recording, wfm, cti, cloud-contact-centre, contact-centre, remote-assistance, voice.
    #[arg(long)]
    category: Option<String>,
    /// A tag the product must have, e.g. `webrtc` (repeat for several).
    #[arg(long = "tag", value_name = "TAG")]
    tags: Vec<String>,
    /// Words to find in the name, vendor, summary, category, tags or coverage.
    words: Vec<String>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum OutFormat {
    Table,
    Json,
}

/// Writes text for a person to standard output, hidden characters shown ([`io::terminal`]).
fn emit(text: &str) {
    emit_raw(&io::terminal(text));
}

/// Writes to standard output as it is (a file's bytes, which its format has escaped: a CSV's
/// line ends are its own); a closed pipe (`portolan plan … | head`) ends the program quietly,
/// as it would end any shell tool, instead of a panic.
fn emit_raw(text: &str) {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    if let Err(e) = stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("error: cannot write to standard output: {e}");
        std::process::exit(2);
    }
}

/// Writes text to standard output as `emit` does (for the import commands).
pub(crate) fn emit_text(text: &str) {
    emit(text)
}

macro_rules! out {
    ($($arg:tt)*) => {
        emit(&format!($($arg)*))
    };
}

macro_rules! outln {
    ($($arg:tt)*) => {{
        let mut line = format!($($arg)*);
        line.push('\n');
        emit(&line)
    }};
}

mod commands;

/// Writes the file `text` (escaped by its format) to `path`, or to standard output.
fn write_out(path: Option<&Path>, text: &str) -> Result<(), String> {
    match path {
        Some(p) => {
            std::fs::write(p, text).map_err(|e| format!("cannot write `{}`: {e}", p.display()))?;
            eprintln!("wrote {}", io::terminal(&p.display().to_string()));
        }
        None => emit_raw(text),
    }
    Ok(())
}

/// Exit codes: 0 success; 1 the input has errors (catalog errors, invalid plan values);
/// 2 the command could not run (unreadable file, bad arguments).
pub fn main() -> ExitCode {
    let matches = Cli::command().version(version()).get_matches();
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(e) => e.exit(),
    };
    match run(cli) {
        Ok(code) => code,
        Err(msg) => {
            eprintln!("error: {}", io::terminal(&msg));
            ExitCode::from(2)
        }
    }
}

/// `0.1.0 (catalog c-327a776db24d)`: the app version and the bundled catalog's revision, as the
/// planner's footer and every export header show them (`portolan --version`).
pub fn version() -> &'static str {
    static VERSION: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    VERSION.get_or_init(|| {
        let revision = bundled().map_or("unreadable", |c| c.revision.as_str());
        format!("{} (catalog {revision})", env!("CARGO_PKG_VERSION"))
    })
}

/// The bundled catalog, decoded once per run from the compact form validated at build time
/// (`portolan_bundled::compiled()`), not parsed from TOML: `--version` and every command share
/// it. A compact form that does not decode (a build fault) is an error naming it, never a panic.
fn bundled() -> Result<&'static Catalog, String> {
    static BUNDLED: std::sync::OnceLock<Result<Catalog, String>> = std::sync::OnceLock::new();
    BUNDLED
        .get_or_init(|| {
            portolan_bundled::compiled()
                .map_err(|e| format!("the bundled catalog does not decode: {e}"))
        })
        .as_ref()
        .map_err(Clone::clone)
}

fn run(cli: Cli) -> Result<ExitCode, String> {
    let catalog = cli.catalog.as_deref();
    match cli.command {
        Command::Catalog { command } => catalog_command(command, catalog),
        Command::Plan {
            command:
                Some(PlanCommand::Hosts {
                    command: HostsCommand::Import(args),
                }),
            ..
        } => crate::cli_import::hosts_import(&args, &*catalog_for(catalog)?),
        Command::Plan {
            plan,
            format,
            since_revision,
            ..
        } => commands::plan(catalog, plan, format, since_revision.as_deref()),
        Command::Export {
            plan,
            format,
            output,
            generated_at,
            product,
            direction,
        } => commands::export(
            catalog,
            &plan,
            &format,
            output.as_deref(),
            generated_at,
            product,
            direction.as_deref(),
        ),
        Command::Formats { matrix } => commands::formats(matrix),
        Command::Upgrade {
            plan,
            product,
            to,
            from,
            format,
            output,
            generated_at,
        } => {
            let request = engine::UpgradeRequest {
                product: &product,
                from: from.as_deref(),
                to: &to,
            };
            let output = output.as_deref();
            commands::upgrade(catalog, &plan, request, &format, output, generated_at)
        }
        Command::Diff {
            plan_a,
            plan_b,
            format,
        } => commands::diff(catalog, &plan_a, &plan_b, format),
    }
}

/// `portolan catalog ...`; `check` and `record` read `--catalog DIR` when no folder is given.
fn catalog_command(command: CatalogCommand, catalog: Option<&Path>) -> Result<ExitCode, String> {
    let folder = |dir: Option<PathBuf>| {
        dir.or(catalog.map(Path::to_path_buf))
            .unwrap_or_else(|| PathBuf::from("catalog"))
    };
    match command {
        CatalogCommand::Check { dir, all } => commands::catalog_check(&folder(dir), all),
        CatalogCommand::List(filter) => commands::catalog_list(catalog, filter),
        CatalogCommand::Schema => commands::catalog_schema(),
        CatalogCommand::Import(args) => crate::cli_import::catalog_import(&args),
        CatalogCommand::Changes { since } => commands::catalog_changes(catalog, since.as_deref()),
        CatalogCommand::Record {
            dir,
            history,
            date,
            note,
        } => commands::catalog_record(&folder(dir), history, &date, &note),
    }
}

/// What `export` prints to standard error: the counts, then every rule not expressed and every
/// name the format had to change.
pub fn export_summary(a: &export::Artifact) -> String {
    use std::fmt::Write as _;
    let mut s = format!(
        "{} rule(s) from {} flow(s); {} not expressed\n",
        a.rule_count,
        a.flow_count,
        a.unexpressed.len()
    );
    for u in &a.unexpressed {
        let _ = writeln!(s, "  not expressed: {}: {}", u.rule, u.reason);
    }
    for r in &a.renamed {
        let _ = writeln!(s, "  renamed: `{}` -> `{}`", r.from, r.to);
    }
    s
}

/// The `catalog list` listing: one product a line, those the filter selects.
fn product_list(c: &Catalog, filter: ListFilter) -> Result<String, String> {
    if let Some(cat) = &filter.category {
        if !catalog::CATEGORIES.iter().any(|(id, _)| id == cat) {
            let ids: Vec<&str> = catalog::CATEGORIES.iter().map(|(id, _)| *id).collect();
            return Err(format!(
                "category `{cat}` is unknown\n  help: use one of: {}",
                ids.join(", ")
            ));
        }
    }
    let query = catalog::find::Query {
        text: filter.words.join(" "),
        vendor: filter.vendor,
        category: filter.category,
        tags: filter.tags,
    };
    let fold = |s: &str| s.to_lowercase();
    let mut out = String::new();
    for p in c.products.iter().filter(|p| query.matches(p, &fold)) {
        let _ = writeln!(
            out,
            "{:<36} {:<20} {:<10} {} ({})",
            p.id,
            p.category.as_deref().unwrap_or("-"),
            p.coverage.status(),
            p.name,
            p.vendor
        );
    }
    if out.is_empty() {
        out.push_str("no product matches\n");
    }
    Ok(out)
}

/// The current time as ISO 8601 UTC, e.g. `2026-11-23T10:00:00Z` (the system clock; the
/// engine itself has none).
pub fn now_utc() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    iso8601(secs)
}

/// Seconds since 1970-01-01T00:00:00Z as ISO 8601 UTC.
pub fn iso8601(secs: u64) -> String {
    let days = i64::try_from(secs / 86_400).unwrap_or(0);
    let rem = secs % 86_400;
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem / 60 % 60,
        rem % 60
    )
}

/// Days since 1970-01-01 to a proleptic Gregorian (year, month, day), after Howard Hinnant's
/// `civil_from_days`.
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097); // [0, 146096]
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365; // [0, 399]
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // [0, 365]
    let mp = (5 * doy + 2) / 153; // [0, 11], March-based
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

fn count(d: &[Diagnostic], s: Severity) -> usize {
    d.iter().filter(|d| d.severity == s).count()
}

fn exit_for(r: &Report) -> ExitCode {
    if r.warnings
        .iter()
        .any(|w| w.severity == Severity::Error && w.code.is_plan_input())
    {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Reads every `*.toml` in a folder (not recursively), sorted by name.
pub fn load_dir(dir: &Path) -> Result<Loaded, String> {
    let entries = std::fs::read_dir(dir)
        .map_err(|e| format!("cannot read catalog folder `{}`: {e}", dir.display()))?;
    let mut paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    paths.sort();
    let mut files = Vec::new();
    let mut total = 0usize;
    for p in paths {
        let text = io::read_text(&p, "catalog file", io::MAX_CATALOG_FILE_BYTES)?;
        total += text.len();
        if total > io::MAX_CATALOG_BYTES {
            return Err(format!(
                "the catalog folder `{}` holds more than the limit of {} MiB of catalog files",
                dir.display(),
                io::MAX_CATALOG_BYTES >> 20
            ));
        }
        files.push((p.display().to_string(), text));
    }
    Ok(catalog::load_files(&files))
}

/// The catalog of `--catalog DIR`, or the bundled one (decoded once, see [`bundled`]).
fn catalog_for(dir: Option<&Path>) -> Result<std::borrow::Cow<'static, Catalog>, String> {
    let Some(dir) = dir else {
        return bundled().map(std::borrow::Cow::Borrowed);
    };
    let loaded = load_dir(dir)?;
    if loaded.has_errors() {
        io::print_diagnostics(&loaded.diagnostics, Some(io::SHOWN_DIAGNOSTICS));
        return Err("the catalog has errors (run `portolan catalog check`)".into());
    }
    Ok(std::borrow::Cow::Owned(loaded.catalog))
}

fn read_plan(path: &Path) -> Result<Plan, String> {
    let text = io::read_text(path, "plan", portolan_core::plan::MAX_PLAN_BYTES)?;
    let name = path.display().to_string();
    Plan::parse(&name, &text, PlanFormat::detect(&name, &text)).map_err(|d| d.to_string())
}

/// A plain-text report for a terminal: the plan, its flows by product, the aggregated rules,
/// the warnings and the requirements.
pub fn table(catalog: &Catalog, r: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "plan: {}   catalog: {}",
        if r.plan.is_empty() {
            "(unnamed)"
        } else {
            &r.plan
        },
        r.catalog_revision
    );
    let _ = writeln!(
        out,
        "{} flow(s): {} network, {} local; {} aggregated rule(s)\n",
        r.stats.flows, r.stats.network_flows, r.stats.local_flows, r.stats.aggregated_rules
    );
    table_flows(&mut out, r);
    table_rules(&mut out, r);
    table_warnings(&mut out, r);
    table_requirements(&mut out, catalog, r);
    out
}

fn table_flows(out: &mut String, r: &Report) {
    let mut product = String::new();
    for f in &r.flows {
        if *f.product != *product {
            product = f.product.to_string();
            let _ = writeln!(out, "== {product}");
        }
        let _ = writeln!(
            out,
            "  {} -> {}  {} {}{}{}  {}  [{}]",
            engine::wording::endpoint(&f.source),
            engine::wording::endpoint(&f.destination),
            f.transport,
            f.ports,
            if f.optional { "  (optional)" } else { "" },
            if f.local { "  (local)" } else { "" },
            f.purpose,
            f.rule
        );
    }
}

fn table_rules(out: &mut String, r: &Report) {
    if r.rules.is_empty() {
        return;
    }
    let _ = writeln!(out, "\naggregated rules (what to open):");
    for a in &r.rules {
        let _ = writeln!(
            out,
            "  {:<4} {} -> {}  {} {}{}  [{}]",
            a.id,
            rule_side(&a.source_nets, &a.source_names, &a.sources, a.any_source),
            rule_side(
                &a.destination_nets,
                &a.destination_names,
                &a.destinations,
                false
            ),
            a.transport,
            a.ports,
            if a.optional { "  (optional)" } else { "" },
            a.catalog_rules.join(", ")
        );
    }
}

/// One side of an aggregated rule: its networks, its names and its unresolved endpoints.
fn rule_side(
    nets: &[ipnet::IpNet],
    names: &[portolan_core::net::Address],
    eps: &[std::sync::Arc<engine::Endpoint>],
    any: bool,
) -> String {
    if any {
        return "any".to_string();
    }
    let mut v: Vec<String> = nets.iter().map(ToString::to_string).collect();
    v.extend(names.iter().map(ToString::to_string));
    v.extend(
        eps.iter()
            .filter(|e| !e.is_resolved())
            .map(|e| format!("<{}>", e.name)),
    );
    v.join(", ")
}

fn table_warnings(out: &mut String, r: &Report) {
    if r.warnings.is_empty() {
        return;
    }
    let _ = writeln!(out, "\nwarnings:");
    for w in &r.warnings {
        let _ = writeln!(out, "  {} [{}] {}", w.severity, w.code, w.message);
        if let Some(h) = &w.help {
            let _ = writeln!(out, "      help: {h}");
        }
    }
}

fn table_requirements(out: &mut String, catalog: &Catalog, r: &Report) {
    if r.requirements.is_empty() {
        return;
    }
    let _ = writeln!(out, "\nrequirements:");
    for q in &r.requirements {
        let line = format!(
            "  [{}] {}/{}",
            q.requirement.kind.name(),
            q.product,
            q.requirement.id
        );
        let _ = writeln!(
            out,
            "{line}: {}",
            portolan_engine::wording::requirement_line(catalog, q)
        );
    }
}

#[cfg(test)]
mod tests {
    use super::iso8601;

    #[test]
    fn iso8601_from_the_epoch() {
        assert_eq!(iso8601(0), "1970-01-01T00:00:00Z");
        assert_eq!(iso8601(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(iso8601(1_709_251_199), "2024-02-29T23:59:59Z");
        assert_eq!(iso8601(1_735_689_599), "2024-12-31T23:59:59Z");
        assert_eq!(iso8601(4_107_542_400), "2100-03-01T00:00:00Z");
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod bundled_once {
    use super::{bundled, catalog_for};

    /// See: issue #15 point 9. Every command and `--version` share one decoded catalog, the
    /// compact form built with the binary (not the TOML files parsed again per use).
    #[test]
    fn the_bundled_catalog_is_decoded_once_and_shared() {
        let first = catalog_for(None).unwrap();
        let second = catalog_for(None).unwrap();
        assert!(matches!(first, std::borrow::Cow::Borrowed(_)));
        assert!(std::ptr::eq(&*first, &*second));
        assert!(std::ptr::eq(&*first, bundled().unwrap()));
        let compiled = portolan_bundled::compiled().unwrap();
        assert_eq!(first.revision, compiled.revision);
        assert_eq!(first.products.len(), compiled.products.len());
        assert!(super::version().contains(&compiled.revision));
    }
}
