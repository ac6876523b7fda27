//! Antivirus exclusions from the report's antivirus requirements (not from network rules):
//! `antivirus-powershell` (Windows Defender `Add-MpPreference`) and `antivirus-csv`.
//!
//! Each antivirus requirement names an application and any of a process, folders and file
//! extensions; each becomes one exclusion (`-ExclusionProcess`, `-ExclusionPath`,
//! `-ExclusionExtension`). Extensions are written `.ext` (the catalog's `*.ext` loses its `*`:
//! Defender's extension list takes extensions, not patterns). A requirement with nothing to
//! exclude (only a text) and an extension that is a pattern are listed as not expressed.
//! `rule_count` is the number of exclusions.
//!
//! The catalog does not say which hosts run which application, so the script runs on one host
//! and takes `-Application` to limit it to the applications that host runs.

use super::{describe, text, Capabilities, ExportContext, Exporter, Output, Unexpressed};
use portolan_catalog::RequirementKind;
use portolan_engine::{AggregatedRule, ResolvedRequirement};
use std::fmt::Write as _;

pub struct AntivirusPowerShell;
pub struct AntivirusCsv;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Process,
    Path,
    Extension,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Process => "process",
            Kind::Path => "path",
            Kind::Extension => "extension",
        }
    }
}

struct Exclusion<'a> {
    req: &'a ResolvedRequirement,
    application: &'a str,
    kind: Kind,
    value: String,
}

/// `*.log` → `.log`; `None` when what is left is not a plain extension.
fn extension(pattern: &str) -> Option<String> {
    let e = pattern.trim().trim_start_matches('*');
    let e = e.strip_prefix('.').unwrap_or(e);
    if e.is_empty()
        || e.contains(['*', '?', '\\', '/', ':', '.', ' '])
        || e.chars().any(char::is_control)
    {
        None
    } else {
        Some(format!(".{e}"))
    }
}

/// Every exclusion of the report, in requirement order, and what could not be expressed.
fn exclusions<'a>(cx: &'a ExportContext<'_>) -> (Vec<Exclusion<'a>>, Vec<Unexpressed>, usize) {
    let mut out = Vec::new();
    let mut not = Vec::new();
    let mut reqs = 0;
    for q in &cx.report.requirements {
        let RequirementKind::Antivirus {
            application,
            process,
            extensions,
            folders,
            text,
        } = &q.requirement.kind
        else {
            continue;
        };
        reqs += 1;
        let id = format!("{}/{}", q.product, q.requirement.id);
        let before = out.len();
        if let Some(p) = process {
            out.push(Exclusion {
                req: q,
                application,
                kind: Kind::Process,
                value: p.clone(),
            });
        }
        for f in folders {
            out.push(Exclusion {
                req: q,
                application,
                kind: Kind::Path,
                value: f.clone(),
            });
        }
        for e in extensions {
            match extension(e) {
                Some(v) => out.push(Exclusion {
                    req: q,
                    application,
                    kind: Kind::Extension,
                    value: v,
                }),
                None => not.push(Unexpressed {
                    rule: id.clone(),
                    reason: format!(
                        "extension `{}` is a pattern, not a file extension: exclude it by hand",
                        text::single_line(e)
                    ),
                }),
            }
        }
        if let Some(t) = text {
            if out.len() == before || folders.is_empty() {
                not.push(Unexpressed {
                    rule: id.clone(),
                    reason: format!("by hand: {}", text::single_line(t)),
                });
            }
        }
    }
    (out, not, reqs)
}

/// Provenance lines for a comment syntax `prefix` (the network-rule header of
/// [`text::header`] would speak of rules and flows).
fn header(
    prefix: &str,
    exporter: &dyn Exporter,
    cx: &ExportContext<'_>,
    count: usize,
    reqs: usize,
    not: &[Unexpressed],
) -> String {
    let mut lines = vec![
        format!(
            "Portolan {} - {} export",
            env!("CARGO_PKG_VERSION"),
            exporter.name()
        ),
        format!("plan: {}", describe::comment(&cx.plan.name, 120)),
        format!("catalog revision: {}", cx.report.catalog_revision),
        format!("generated: {}", describe::comment(cx.generated_at, 40)),
        format!("{count} exclusion(s) from {reqs} antivirus requirement(s) (network rules are in the other exports)"),
    ];
    lines.extend(
        describe::coverage_lines(cx)
            .iter()
            .map(|l| describe::comment(l, 1000)),
    );
    if !not.is_empty() {
        lines.push(format!("NOT expressed here ({}):", not.len()));
        for u in not {
            lines.push(format!(
                "  {}: {}",
                u.rule,
                describe::comment(&u.reason, 200)
            ));
        }
    } else {
        lines.push("every antivirus requirement of the plan is expressed below".to_string());
    }
    lines.iter().map(|l| format!("{prefix} {l}\n")).collect()
}

impl Exporter for AntivirusPowerShell {
    fn is_policy(&self) -> bool {
        false
    }
    fn id(&self) -> &'static str {
        "antivirus-powershell"
    }
    fn name(&self) -> &'static str {
        "Antivirus exclusions (Windows Defender PowerShell)"
    }
    fn extension(&self) -> &'static str {
        "antivirus.ps1"
    }
    fn capabilities(&self) -> Capabilities {
        Capabilities {
            fqdn: true,
            wildcard: true,
            ipv6: true,
            unresolved: true,
            ranges: false,
            zones: false,
        }
    }
    fn description(&self) -> &'static str {
        "Add-MpPreference process, folder and extension exclusions from the catalog's antivirus \
         requirements (not network rules); cannot express exclusions given only as text."
    }

    fn render(
        &self,
        cx: &ExportContext<'_>,
        _rules: &[&AggregatedRule],
        _skipped: &[Unexpressed],
        out: &mut Output,
    ) {
        let (ex, not, reqs) = exclusions(cx);
        let q = |s: &str| text::ps_quote(&s.replace('\0', ""));
        // The byte-order mark makes Windows PowerShell 5.1 read the file as UTF-8 rather than
        // the ANSI code page (where a UTF-8 byte such as 0x92 would read as a quote).
        let mut s = String::from("\u{feff}");
        s.push_str(&header("#", self, cx, ex.len(), reqs, &not));
        s.push_str(AV_USAGE);
        let mut current = String::new();
        for e in &ex {
            let id = format!("{}/{}", e.req.product, e.req.requirement.id);
            if id != current {
                let _ = writeln!(
                    s,
                    "\n# {id}: {}\n#   source: {}",
                    describe::comment(e.application, 120),
                    describe::comment(
                        &describe::citation(
                            cx,
                            std::slice::from_ref(&e.req.product),
                            &e.req.requirement.cite
                        ),
                        200
                    )
                );
                current = id;
            }
            let _ = writeln!(
                s,
                "Add-PortolanExclusion {} {} {}",
                q(e.application),
                q(e.kind.name()),
                q(&e.value)
            );
        }
        s.push_str(AV_MAIN);
        out.content = s;
        out.rule_count = ex.len();
        out.unexpressed = not;
    }
}

/// One exclusion's row: product, requirement, application, kind, value, note and citation.
fn exclusion_row(cx: &ExportContext<'_>, e: &Exclusion<'_>) -> [String; 7] {
    let note = match &e.req.requirement.kind {
        RequirementKind::Antivirus { text: Some(t), .. } => t.clone(),
        _ => String::new(),
    };
    [
        describe::product_name(cx, &e.req.product),
        e.req.requirement.id.clone(),
        e.application.to_string(),
        e.kind.name().to_string(),
        e.value.clone(),
        note,
        describe::citation(
            cx,
            std::slice::from_ref(&e.req.product),
            &e.req.requirement.cite,
        ),
    ]
}

/// The rows after the table: generator, plan, revision, coverage, date, counts, and what is
/// not expressed.
fn footer(s: &mut String, cx: &ExportContext<'_>, name: &str, counts: &str, not: &[Unexpressed]) {
    let width = AV_COLUMNS.len();
    let mut meta = |k: &str, v: &str| super::csv::meta(s, width, k, v);
    let generator = format!("Portolan {} - {name} export", env!("CARGO_PKG_VERSION"));
    meta("generator", &generator);
    meta("plan", &cx.plan.name);
    meta("catalog revision", &cx.report.catalog_revision);
    for line in describe::coverage_lines(cx) {
        meta("coverage", &line);
    }
    meta("generated", cx.generated_at);
    meta("counts", counts);
    if not.is_empty() {
        for u in not {
            meta("not expressed", &format!("{}: {}", u.rule, u.reason));
        }
    } else {
        meta(
            "not expressed",
            "none: every antivirus requirement is above",
        );
    }
}

const AV_USAGE: &str = r#"#
# Run as Administrator on each server that runs one of the applications below, for example
#   .\THIS-SCRIPT.ps1 -Application 'CTI Core','Logger'
# Without -Application every exclusion is added. -DryRun prints them and changes nothing.
# Exit code: 0 every exclusion was added (or printed), 1 one could not be added.
[CmdletBinding()]
param(
    [string[]]$Application = @(),
    [switch]$DryRun
)
Set-StrictMode -Version 2
$script:Added = 0
$script:Failed = 0

function Add-PortolanExclusion([string]$App, [string]$Kind, [string]$Value) {
    if ($Application.Count -gt 0 -and -not ($Application -contains $App)) { return }
    if ($DryRun) {
        Write-Output ('[dry run] {0}: {1} exclusion {2}' -f $App, $Kind, $Value)
        $script:Added++
        return
    }
    try {
        switch ($Kind) {
            'process' { Add-MpPreference -ExclusionProcess $Value -ErrorAction Stop }
            'path' { Add-MpPreference -ExclusionPath $Value -ErrorAction Stop }
            'extension' { Add-MpPreference -ExclusionExtension $Value -ErrorAction Stop }
        }
        Write-Output ('added {0}: {1} exclusion {2}' -f $App, $Kind, $Value)
        $script:Added++
    } catch {
        Write-Warning ('could not add {0}: {1} exclusion {2}: {3}' -f $App, $Kind, $Value, $_)
        $script:Failed++
    }
}
"#;

const AV_MAIN: &str = r#"
Write-Output ('{0} exclusion(s) added, {1} failed' -f $script:Added, $script:Failed)
if ($script:Failed -gt 0) { exit 1 }
exit 0
"#;

const AV_COLUMNS: &[&str] = &[
    "product",
    "requirement",
    "application",
    "kind",
    "value",
    "note",
    "citation",
];

impl Exporter for AntivirusCsv {
    fn is_policy(&self) -> bool {
        false
    }
    fn id(&self) -> &'static str {
        "antivirus-csv"
    }
    fn name(&self) -> &'static str {
        "Antivirus exclusions (CSV)"
    }
    fn extension(&self) -> &'static str {
        "antivirus.csv"
    }
    fn mime(&self) -> &'static str {
        "text/csv"
    }
    fn capabilities(&self) -> Capabilities {
        Capabilities {
            fqdn: true,
            wildcard: true,
            ipv6: true,
            unresolved: true,
            ranges: false,
            zones: false,
        }
    }
    fn description(&self) -> &'static str {
        "One row per antivirus exclusion (process, folder, extension) with its application and \
         citation, from the catalog's antivirus requirements; exclusions given only as text are \
         listed after the table."
    }

    fn render(
        &self,
        cx: &ExportContext<'_>,
        _rules: &[&AggregatedRule],
        _skipped: &[Unexpressed],
        out: &mut Output,
    ) {
        let (ex, not, reqs) = exclusions(cx);
        let mut s = String::from("\u{feff}");
        super::csv::row(
            &mut s,
            &AV_COLUMNS
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>(),
        );
        for e in &ex {
            super::csv::row(&mut s, &exclusion_row(cx, e));
        }
        super::csv::row(&mut s, &vec![String::new(); AV_COLUMNS.len()]);
        let counts = format!(
            "{} exclusion(s) from {reqs} antivirus requirement(s)",
            ex.len()
        );
        footer(&mut s, cx, self.name(), &counts, &not);
        out.content = s;
        out.rule_count = ex.len();
        out.unexpressed = not;
    }
}

#[cfg(test)]
mod tests {
    use super::extension;

    #[test]
    fn extensions_lose_their_star() {
        assert_eq!(extension("*.log").as_deref(), Some(".log"));
        assert_eq!(extension("vox8").as_deref(), Some(".vox8"));
        assert_eq!(extension(".wav").as_deref(), Some(".wav"));
        assert_eq!(extension("*.v*"), None);
        assert_eq!(extension("*"), None);
    }
}
