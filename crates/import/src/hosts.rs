//! Hosts from an inventory (CSV/TSV from an IPAM, a CMDB or a spreadsheet): name, addresses,
//! zone, roles and description, by a column mapping detected from the header and correctable;
//! every row that cannot be used is reported with its line and why; the result is merged into
//! the plan's hosts or replaces them.

use crate::delimited;
use crate::model::{Format, Problem, Severity};
use crate::table::RawRow;
use crate::values;
use serde::{Deserialize, Serialize};

/// What an inventory column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum HostField {
    Name,
    /// IPs, CIDRs or host names (several per cell, separated by spaces, commas or semicolons;
    /// several columns may be addresses).
    Address,
    Zone,
    /// `product/role` entries.
    Roles,
    Description,
    Ignore,
}

impl HostField {
    pub const ALL: [HostField; 6] = [
        HostField::Name,
        HostField::Address,
        HostField::Zone,
        HostField::Roles,
        HostField::Description,
        HostField::Ignore,
    ];
    pub fn id(self) -> &'static str {
        match self {
            HostField::Name => "name",
            HostField::Address => "address",
            HostField::Zone => "zone",
            HostField::Roles => "roles",
            HostField::Description => "description",
            HostField::Ignore => "ignore",
        }
    }
    pub fn from_id(id: &str) -> Option<HostField> {
        HostField::ALL.into_iter().find(|f| f.id() == id)
    }
}

/// The user's choices for an inventory import.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default)]
#[schemars(rename = "HostImportOptions")]
pub struct HostOptions {
    /// `Auto`, `Csv` or `Tsv`.
    pub format: Format,
    /// The column mapping, when the user corrected it (one per column).
    pub mapping: Option<Vec<HostField>>,
}

/// One host read from the inventory. `mergeHosts` reads hosts without the fields that have a
/// default (`importHosts` writes them all; its schema says they may be left out either way).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct HostRow {
    pub name: String,
    pub addresses: Vec<String>,
    #[serde(default)]
    #[schemars(skip_serializing_if = "String::is_empty")]
    pub zone: String,
    #[serde(default)]
    #[schemars(skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<String>,
    #[serde(default)]
    #[schemars(skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// The line it was read from (0 for hosts already in the plan).
    #[serde(default)]
    #[schemars(skip_serializing_if = "is_zero")]
    pub line: usize,
}

/// Whether a host's line is 0 (the schema's `skip_serializing_if` for [`HostRow::line`]).
fn is_zero(line: &usize) -> bool {
    *line == 0
}

/// The outcome of reading an inventory.
#[derive(Debug, Clone, Default, PartialEq, Serialize, schemars::JsonSchema)]
pub struct HostImport {
    pub header: Vec<String>,
    pub detected: Vec<HostField>,
    pub mapping: Vec<HostField>,
    pub hosts: Vec<HostRow>,
    pub problems: Vec<Problem>,
    pub rows: usize,
}

/// Header words and the field they suggest.
const HEADERS: &[(&[&str], HostField)] = &[
    (
        &[
            "ip",
            "ips",
            "ip address",
            "ip addresses",
            "address",
            "addresses",
            "ipv4",
            "ipv6",
            "cidr",
            "subnet",
            "network",
            "fqdn",
            "dns",
            "dns name",
            "prefix",
        ],
        HostField::Address,
    ),
    (
        &[
            "zone",
            "site",
            "segment",
            "vlan",
            "location",
            "security zone",
            "network zone",
            "area",
        ],
        HostField::Zone,
    ),
    (
        &[
            "role",
            "roles",
            "portolan role",
            "portolan roles",
            "function",
        ],
        HostField::Roles,
    ),
    (
        &[
            "description",
            "notes",
            "note",
            "comment",
            "comments",
            "purpose",
        ],
        HostField::Description,
    ),
    (
        &[
            "name",
            "hostname",
            "host name",
            "host",
            "server",
            "device",
            "asset",
            "computer",
            "machine",
            "node",
        ],
        HostField::Name,
    ),
];

fn field_from_header(h: &str) -> Option<HostField> {
    let h = h.trim().to_lowercase();
    HEADERS
        .iter()
        .find(|(words, _)| words.contains(&h.as_str()))
        .map(|(_, f)| *f)
}

/// Reads an inventory.
pub fn import_hosts(text: &str, opts: &HostOptions) -> HostImport {
    let mut out = HostImport::default();
    let delimiter = match opts.format {
        Format::Tsv => b'\t',
        Format::Csv => delimited::sniff_csv(text),
        _ => delimited::sniff(text),
    };
    let rows = match delimited::records(text, delimiter) {
        Ok(r) => r,
        Err(reason) => {
            out.problems.push(problem(0, 0, String::new(), reason));
            return out;
        }
    };
    let Some(first) = rows.first() else {
        out.problems.push(problem(
            1,
            1,
            String::new(),
            "the inventory is empty".to_string(),
        ));
        return out;
    };
    let header: Vec<Option<HostField>> = first
        .cells
        .iter()
        .map(|c| field_from_header(&c.text))
        .collect();
    let has_header = header.iter().any(Option::is_some);
    let width = rows.iter().map(|r| r.cells.len()).max().unwrap_or(0);
    out.detected = detect(&header, &rows, width, has_header);
    if has_header {
        out.header = first.cells.iter().map(|c| c.text.clone()).collect();
    }
    out.mapping = opts
        .mapping
        .clone()
        .filter(|m| m.len() == width)
        .unwrap_or_else(|| out.detected.clone());
    if !out.mapping.contains(&HostField::Name) {
        out.problems.push(problem(
            first.first_line,
            first.first_line,
            String::new(),
            "no column is mapped to the host name".to_string(),
        ));
        return out;
    }
    let body = rows.get(usize::from(has_header)..).unwrap_or_default();
    out.rows = body.len();
    for row in body {
        match host(row, &out.mapping) {
            Ok((h, warnings)) => {
                if let Some(prev) = out
                    .hosts
                    .iter()
                    .find(|x| x.name.eq_ignore_ascii_case(&h.name))
                {
                    let reason = format!("host `{}` is already on line {}", h.name, prev.line);
                    out.problems
                        .push(problem(row.first_line, row.last_line, row.text(), reason));
                    continue;
                }
                for w in warnings {
                    let mut p = problem(row.first_line, row.last_line, row.text(), w);
                    p.severity = Severity::Warning;
                    out.problems.push(p);
                }
                out.hosts.push(h);
            }
            Err(reason) => {
                out.problems
                    .push(problem(row.first_line, row.last_line, row.text(), reason))
            }
        }
    }
    out
}

fn problem(first: usize, last: usize, text: String, reason: String) -> Problem {
    Problem {
        severity: Severity::Unreadable,
        table: None,
        first_line: first,
        last_line: last,
        text,
        reason,
        rows: 1,
    }
}

/// The header's fields; columns it does not name are detected from their contents (the first
/// text column is the name, columns of addresses are addresses).
fn detect(
    header: &[Option<HostField>],
    rows: &[RawRow],
    width: usize,
    has_header: bool,
) -> Vec<HostField> {
    let body = rows.get(usize::from(has_header)..).unwrap_or_default();
    let mut out: Vec<HostField> = (0..width)
        .map(|i| {
            header.get(i).copied().flatten().unwrap_or_else(|| {
                let cells: Vec<&str> = body
                    .iter()
                    .filter_map(|r| r.cells.get(i))
                    .map(|c| c.text.as_str())
                    .filter(|t| !t.is_empty())
                    .collect();
                let addresses = cells
                    .iter()
                    .filter(|c| addresses(c).is_ok_and(|a| !a.is_empty()))
                    .count();
                if !cells.is_empty() && addresses * 10 >= cells.len() * 8 {
                    HostField::Address
                } else {
                    HostField::Ignore
                }
            })
        })
        .collect();
    if !out.contains(&HostField::Name) {
        if let Some(k) = out.iter().position(|f| *f == HostField::Ignore) {
            if let Some(f) = out.get_mut(k) {
                *f = HostField::Name;
            }
        }
    }
    out
}

/// One row as a host, with warnings, or why it cannot be one.
fn host(row: &RawRow, mapping: &[HostField]) -> Result<(HostRow, Vec<String>), String> {
    let mut h = HostRow {
        line: row.first_line,
        ..HostRow::default()
    };
    let mut warnings = Vec::new();
    for (field, cell) in mapping.iter().zip(&row.cells) {
        let t = cell.text.trim();
        if delimited::is_formula(t) {
            warnings.push(format!(
                "`{}` looks like a spreadsheet formula: kept as plain text",
                crate::assemble::short(t, 40)
            ));
        }
        match field {
            HostField::Name => h.name = t.to_string(),
            HostField::Address => h.addresses.extend(addresses(t)?),
            HostField::Zone => h.zone = t.to_string(),
            HostField::Roles => h.roles.extend(roles(t)?),
            HostField::Description => h.description = t.to_string(),
            HostField::Ignore => {}
        }
    }
    if h.name.is_empty() {
        return Err("the host has no name".to_string());
    }
    if h.addresses.is_empty() {
        warnings.push(format!(
            "host `{}` has no address: add one in the plan",
            h.name
        ));
    }
    Ok((h, warnings))
}

/// The addresses of a cell: IPs, CIDRs or host names, separated by spaces, commas or semicolons.
fn addresses(cell: &str) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    for token in cell
        .split(|c: char| c.is_whitespace() || c == ',' || c == ';')
        .filter(|t| !t.is_empty())
    {
        let ok = !token.contains(['*', '{', '<'])
            && values::endpoint(token).is_some_and(|e| e.text == token && e.note.is_none());
        if !ok {
            return Err(format!(
                "`{}` is not an IP address, CIDR or host name",
                crate::assemble::short(token, 60)
            ));
        }
        out.push(token.to_string());
    }
    Ok(out)
}

/// `product/role` entries (a bare role id is kept for the front end to resolve).
fn roles(cell: &str) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    for token in cell
        .split(|c: char| c.is_whitespace() || c == ',' || c == ';')
        .filter(|t| !t.is_empty())
    {
        let ok = token.split('/').count() <= 2
            && token
                .split('/')
                .all(|part| !part.is_empty() && values::slug(part) == part);
        if !ok {
            return Err(format!(
                "role `{}` is not `product/role` in kebab-case",
                crate::assemble::short(token, 60)
            ));
        }
        out.push(token.to_string());
    }
    Ok(out)
}

/// How imported hosts meet the plan's hosts.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum MergeMode {
    /// A host of the same name (case-insensitive) takes the imported addresses, zone and
    /// description, and keeps its roles with the imported ones added; other hosts are added.
    #[default]
    Merge,
    /// The imported hosts replace all of the plan's hosts.
    Replace,
}

/// What a merge did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct MergeSummary {
    pub added: usize,
    pub updated: usize,
    pub removed: usize,
}

/// The plan's hosts after the import.
pub fn merge(
    existing: &[HostRow],
    imported: &[HostRow],
    mode: MergeMode,
) -> (Vec<HostRow>, MergeSummary) {
    let mut summary = MergeSummary::default();
    if mode == MergeMode::Replace {
        summary.removed = existing.len();
        summary.added = imported.len();
        return (imported.to_vec(), summary);
    }
    let mut out = existing.to_vec();
    for h in imported {
        match out
            .iter_mut()
            .find(|x| x.name.eq_ignore_ascii_case(&h.name))
        {
            Some(x) => {
                if !h.addresses.is_empty() {
                    x.addresses = h.addresses.clone();
                }
                if !h.zone.is_empty() {
                    x.zone = h.zone.clone();
                }
                if !h.description.is_empty() {
                    x.description = h.description.clone();
                }
                for r in &h.roles {
                    if !x.roles.contains(r) {
                        x.roles.push(r.clone());
                    }
                }
                summary.updated += 1;
            }
            None => {
                out.push(h.clone());
                summary.added += 1;
            }
        }
    }
    (out, summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_inventory_with_a_header() {
        let csv = "Hostname,IP Address,Zone,Roles,Notes\nris01,10.1.0.10 ris01.corp.example,dc,screen-capture/ris,RIS\nagents,10.20.0.0/23,floor1,screen-capture/agent-pc,\n";
        let r = import_hosts(csv, &HostOptions::default());
        assert_eq!(
            r.mapping,
            [
                HostField::Name,
                HostField::Address,
                HostField::Zone,
                HostField::Roles,
                HostField::Description
            ]
        );
        assert_eq!(r.hosts.len(), 2);
        assert_eq!(r.hosts[0].addresses, ["10.1.0.10", "ris01.corp.example"]);
        assert_eq!(r.hosts[1].roles, ["screen-capture/agent-pc"]);
        assert_eq!(r.hosts[1].line, 3);
        assert!(r.problems.is_empty(), "{:?}", r.problems);
    }

    #[test]
    fn rows_with_errors_are_reported_with_their_lines() {
        let tsv = "name\taddress\troles\nok\t10.0.0.1\t\nbad\t10.0.0.0/33\t\n\t10.0.0.2\t\nok\t10.0.0.3\t\nx\t10.0.0.4\tNot A Role\n=cmd|' /C calc'!A0\t10.0.0.5\t\n";
        let r = import_hosts(tsv, &HostOptions::default());
        assert_eq!(
            r.hosts.iter().map(|h| h.name.as_str()).collect::<Vec<_>>(),
            ["ok", "=cmd|' /C calc'!A0"]
        );
        let reasons: Vec<(usize, &str)> = r
            .problems
            .iter()
            .map(|p| (p.first_line, p.reason.as_str()))
            .collect();
        assert!(
            reasons
                .iter()
                .any(|(l, m)| *l == 3 && m.contains("`10.0.0.0/33` is not")),
            "{reasons:?}"
        );
        assert!(reasons
            .iter()
            .any(|(l, m)| *l == 4 && m.contains("no name")));
        assert!(reasons
            .iter()
            .any(|(l, m)| *l == 5 && m.contains("already on line 2")));
        assert!(reasons
            .iter()
            .any(|(l, m)| *l == 6 && m.contains("kebab-case")));
        assert!(reasons
            .iter()
            .any(|(l, m)| *l == 7 && m.contains("formula")));
    }

    #[test]
    fn a_corrected_mapping_wins() {
        let csv = "web0,10.0.0.9\nweb1,10.0.0.1\n";
        let opts = HostOptions {
            mapping: Some(vec![HostField::Description, HostField::Ignore]),
            ..HostOptions::default()
        };
        let r = import_hosts(csv, &opts);
        assert!(r.problems[0]
            .reason
            .contains("no column is mapped to the host name"));
        let plain = import_hosts(csv, &HostOptions::default());
        assert_eq!(plain.mapping, [HostField::Name, HostField::Address]);
        assert_eq!(plain.hosts.len(), 2, "no header: the first row is a host");
    }

    #[test]
    fn merge_and_replace() {
        let h = |n: &str, a: &str, roles: &[&str]| HostRow {
            name: n.into(),
            addresses: vec![a.into()],
            roles: roles.iter().map(|r| r.to_string()).collect(),
            ..HostRow::default()
        };
        let existing = vec![h("ris01", "10.0.0.1", &["p/ris"]), h("db", "10.0.0.9", &[])];
        let imported = vec![
            h("RIS01", "10.0.0.2", &["p/recorder"]),
            h("new", "10.0.0.3", &[]),
        ];
        let (merged, s) = merge(&existing, &imported, MergeMode::Merge);
        assert_eq!(
            s,
            MergeSummary {
                added: 1,
                updated: 1,
                removed: 0
            }
        );
        assert_eq!(merged[0].addresses, ["10.0.0.2"]);
        assert_eq!(merged[0].roles, ["p/ris", "p/recorder"]);
        assert_eq!(merged.len(), 3);
        let (replaced, s) = merge(&existing, &imported, MergeMode::Replace);
        assert_eq!(replaced, imported);
        assert_eq!(s.removed, 2);
    }
}
