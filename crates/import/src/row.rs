//! One table row read by its column mapping: cells aligned to the columns (a row whose cells
//! shifted by one, as copied from a table with merged cells, is put back), ditto marks and
//! merged cells filled from the row above, and every value parsed.

use crate::columns::{ColumnKind, Mapping};
use crate::phrases;
use crate::table::{Cell, RawRow};
use crate::values::{self, Direction, Endpoints, Ports, TransportCell};

/// A row's values, read.
#[derive(Debug, Clone, Default)]
pub struct Reading {
    pub table: usize,
    pub first_line: usize,
    pub last_line: usize,
    /// The row's text (cells joined with ` | `).
    pub quote: String,
    pub local: Vec<String>,
    pub remote: Vec<String>,
    pub source: Vec<String>,
    pub destination: Vec<String>,
    pub source_addresses: Endpoints,
    pub destination_addresses: Endpoints,
    pub direction: Option<Direction>,
    pub ports: Ports,
    /// The port cell as written (for names and messages).
    pub port_text: String,
    pub transport: Option<TransportCell>,
    pub description: String,
    pub optional: bool,
    pub condition: Option<String>,
    /// Caveats (imported anyway).
    pub warnings: Vec<String>,
}

/// Cells that mean "the same as above".
fn is_ditto(t: &str) -> bool {
    let t = t.trim();
    !t.is_empty()
        && t.len() <= 8
        && t.chars()
            .all(|c| matches!(c, '"' | '“' | '”' | '„' | '\'' | '〃' | ' ' | '`'))
        || t.eq_ignore_ascii_case("ditto")
        || t.eq_ignore_ascii_case("same")
        || t.eq_ignore_ascii_case("idem")
}

/// Puts a row's cells under the right columns. A row one cell short or with an empty last cell
/// may have lost the (merged) first cell: the arrangement whose cells fit their columns best
/// wins. Returns `None` when the row cannot be aligned, with why.
pub fn align(row: &RawRow, mapping: &Mapping) -> Result<(Vec<String>, Option<String>), String> {
    let n = mapping.len();
    let cells: Vec<String> = row.cells.iter().map(|c| c.text.clone()).collect();
    let k = cells.len();
    if k > n {
        return Err(format!("{k} cells where the header has {n}"));
    }
    if n > 1 && k + 1 < n {
        return Err(format!("only {k} of {n} cells"));
    }
    let mut candidates: Vec<(Vec<String>, Option<String>)> = Vec::new();
    if k == n {
        candidates.push((cells.clone(), None));
        if cells.last().is_some_and(|c| c.trim().is_empty()) {
            let mut shifted = vec![String::new()];
            shifted.extend(cells.iter().take(n - 1).cloned());
            candidates.push((shifted, None));
        }
    } else {
        let note = Some(format!("{k} of {n} cells: the missing one read as empty"));
        let mut front = vec![String::new()];
        front.extend(cells.iter().cloned());
        candidates.push((front, note.clone()));
        let mut back = cells.clone();
        back.push(String::new());
        candidates.push((back, note));
    }
    let score = |c: &Vec<String>| {
        c.iter()
            .zip(mapping)
            .filter(|(t, k)| !t.trim().is_empty() && strict_kind(**k) && k.fits(t))
            .count()
    };
    let mut best = candidates.into_iter();
    let first = best.next().ok_or_else(|| "the row is empty".to_string())?;
    Ok(best.fold(first, |a, b| if score(&b.0) > score(&a.0) { b } else { a }))
}

/// Kinds whose values can be checked (names and descriptions fit anything).
fn strict_kind(k: ColumnKind) -> bool {
    k.is_port() || matches!(k, ColumnKind::Transport | ColumnKind::Direction)
}

/// Fills ditto marks from the row above, and empty name cells too (a merged cell spans rows).
pub fn fill_from_above(cells: &mut [String], above: Option<&Vec<String>>, mapping: &Mapping) {
    let Some(above) = above else { return };
    for (i, cell) in cells.iter_mut().enumerate() {
        let kind = mapping.get(i).copied().unwrap_or(ColumnKind::Ignore);
        let prev = above.get(i).cloned().unwrap_or_default();
        // a merged cell of the row's own side spans the rows below it
        if is_ditto(cell) || (cell.trim().is_empty() && kind == ColumnKind::Local) {
            *cell = prev;
        }
    }
}

/// Reads the aligned cells by the mapping.
pub fn read(
    table: usize,
    row: &RawRow,
    cells: &[String],
    mapping: &Mapping,
) -> Result<Reading, String> {
    let mut r = Reading {
        table,
        first_line: row.first_line,
        last_line: row.last_line,
        quote: quote(row),
        ..Reading::default()
    };
    let mut ports: Vec<(ColumnKind, &str)> = Vec::new();
    let mut direction_cell = None;
    let mut transport_cell = None;
    for (kind, text) in mapping.iter().zip(cells) {
        let t = text.trim();
        match kind {
            ColumnKind::Port | ColumnKind::LocalPort | ColumnKind::RemotePort => {
                ports.push((*kind, t));
            }
            ColumnKind::Transport => {
                transport_cell = Some(t);
                r.transport = values::transport(t).ok();
            }
            ColumnKind::Direction => direction_cell = Some(t),
            ColumnKind::Local => r.local.extend(phrases::names(t)),
            ColumnKind::Remote => r.remote.extend(phrases::names(t)),
            ColumnKind::Source => r.source.extend(side_names(t, &mut r.source_addresses)),
            ColumnKind::Destination => {
                r.destination
                    .extend(side_names(t, &mut r.destination_addresses));
            }
            ColumnKind::DestinationAddress => {
                merge(&mut r.destination_addresses, values::endpoints(t))
            }
            ColumnKind::SourceAddress => merge(&mut r.source_addresses, values::endpoints(t)),
            ColumnKind::Description => append(&mut r.description, t),
            ColumnKind::Condition => condition(&mut r, t),
            ColumnKind::Ignore => {}
        }
    }
    if let Some(d) = direction_cell {
        r.direction = values::direction(d).ok();
    }
    listening_port(&mut r, &ports)?;
    let lower = r.description.to_lowercase();
    if lower.contains("(default)")
        || lower.contains("configurable")
        || lower.contains("can be changed")
    {
        r.ports.default = true;
    }
    transport_fallback(&mut r, &ports, mapping);
    if r.transport.is_none() {
        return Err(match transport_cell {
            Some(t) => values::transport(t)
                .err()
                .unwrap_or_else(|| "no transport".to_string()),
            None => {
                "no transport column, and neither the port nor the description names TCP or UDP"
                    .to_string()
            }
        });
    }
    Ok(r)
}

/// The cell's text without line breaks, at most 200 characters.
fn quote(row: &RawRow) -> String {
    let t = row.text().replace(['\n', '\r', '\t'], " ");
    let mut q: String = t.chars().take(200).collect();
    if q.len() < t.len() {
        q.push('…');
    }
    q
}

fn append(to: &mut String, t: &str) {
    if t.is_empty() {
        return;
    }
    if !to.is_empty() {
        to.push_str("; ");
    }
    to.push_str(t);
}

fn merge(into: &mut Endpoints, more: Endpoints) {
    for e in more.endpoints {
        if !into.endpoints.contains(&e) {
            into.endpoints.push(e);
        }
    }
    into.unreadable.extend(more.unreadable);
}

/// A side's names; addresses written in it (`cloud (207.166.100.0/23)`, `` `.agora.io` ``) go
/// to the side's addresses, and a cell of addresses only names no one.
fn side_names(cell: &str, addresses: &mut Endpoints) -> Vec<String> {
    let found = values::endpoints(cell);
    let words = cell.split_whitespace().count().max(1);
    if !found.endpoints.is_empty() {
        addresses.endpoints.extend(found.endpoints.iter().cloned());
        if found.unreadable.is_empty() || found.endpoints.len() * 2 >= words {
            return Vec::new();
        }
    }
    phrases::names(cell)
}

fn condition(r: &mut Reading, t: &str) {
    let lower = t.to_lowercase();
    if lower.is_empty() || matches!(lower.as_str(), "no" | "-" | "—" | "n/a") {
        return;
    }
    let negated = lower.contains("cannot") || lower.contains("can't") || lower.starts_with("no");
    if !negated
        && (lower.starts_with("yes")
            || lower.contains("optional")
            || lower.contains("can be disabled"))
    {
        r.optional = true;
    }
    r.condition = Some(t.to_string());
}

/// The listening port: the `Port` column; else the local port of an inbound row and the remote
/// port of an outbound one; else the one that is not `Any`.
fn listening_port(r: &mut Reading, cells: &[(ColumnKind, &str)]) -> Result<(), String> {
    let find = |k: ColumnKind| cells.iter().find(|(c, _)| *c == k).map(|(_, t)| *t);
    let chosen = if let Some(p) = find(ColumnKind::Port) {
        p
    } else {
        let local = find(ColumnKind::LocalPort);
        let remote = find(ColumnKind::RemotePort);
        let is_any = |t: Option<&str>| {
            t.is_none_or(|t| values::ports(t).is_ok_and(|p| p.any && p.ranges.is_empty()))
        };
        match r.direction {
            Some(Direction::Inbound) => local.unwrap_or(""),
            Some(Direction::Outbound) => remote.unwrap_or(""),
            _ if is_any(remote) => local.unwrap_or(""),
            _ => remote.unwrap_or(""),
        }
    };
    r.port_text = chosen.to_string();
    if crate::delimited::is_formula(chosen) {
        return Err(format!("`{chosen}` is a spreadsheet formula, not a port"));
    }
    let ports = values::ports(chosen)?;
    if ports.any && ports.ranges.is_empty() && ports.placeholder.is_none() {
        return Err(format!(
            "the listening port is `{chosen}`: a rule for every port is not opened from a table"
        ));
    }
    r.ports = ports;
    Ok(())
}

/// No transport column: the port cell or the description may say (`443 (TCP)`, `HTTPS`).
fn transport_fallback(r: &mut Reading, ports: &[(ColumnKind, &str)], mapping: &Mapping) {
    if r.transport.is_some() {
        return;
    }
    let from_port = ports.iter().find_map(|(_, t)| values::transport(t).ok());
    r.transport = from_port.or_else(|| {
        if mapping.contains(&ColumnKind::Transport) {
            None
        } else {
            values::transport(&r.description).ok()
        }
    });
}

/// The cells of a row as plain strings (for samples and messages).
pub fn texts(cells: &[Cell]) -> Vec<String> {
    cells.iter().map(|c| c.text.clone()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use ColumnKind::*;

    fn row(cells: &[&str]) -> RawRow {
        RawRow::new(cells.iter().map(|t| Cell::new(*t, 1)).collect())
    }

    #[test]
    fn a_row_that_lost_its_merged_first_cell_is_put_back() {
        let m = vec![Local, Port, Transport, Direction, Description];
        let (cells, _) = align(&row(&["5621", "TCP", "Inbound", "Listener", ""]), &m).unwrap();
        assert_eq!(cells, ["", "5621", "TCP", "Inbound", "Listener"]);
        let (cells, note) = align(&row(&["943", "TCP", "Outbound", "Policy"]), &m).unwrap();
        assert_eq!(cells, ["", "943", "TCP", "Outbound", "Policy"]);
        assert!(note.is_some());
        let (cells, _) = align(&row(&["API Server", "5620", "TCP", "Inbound", "L"]), &m).unwrap();
        assert_eq!(cells[0], "API Server");
        assert!(align(&row(&["a", "b"]), &m)
            .unwrap_err()
            .contains("only 2 of 5"));
        assert!(align(&row(&["1", "2", "3", "4", "5", "6"]), &m)
            .unwrap_err()
            .contains("6 cells"));
    }

    #[test]
    fn ditto_and_merged_cells_come_from_above() {
        let m = vec![
            Destination,
            DestinationAddress,
            Port,
            Transport,
            Description,
        ];
        let above = vec![
            "RTC".to_string(),
            ".agora.io".into(),
            "443".into(),
            "TCP".into(),
            "Media".into(),
        ];
        let mut cells = vec![
            "“ \"".to_string(),
            "“ \"".into(),
            "3478".into(),
            "UDP".into(),
            "“ \"".into(),
        ];
        fill_from_above(&mut cells, Some(&above), &m);
        assert_eq!(cells, ["RTC", ".agora.io", "3478", "UDP", "Media"]);
    }

    #[test]
    fn local_and_remote_ports_by_direction() {
        let m = vec![
            Local,
            Direction,
            Transport,
            LocalPort,
            Remote,
            RemotePort,
            Description,
        ];
        let r = |c: &[&str]| {
            let raw = row(c);
            let cells: Vec<String> = c.iter().map(|s| s.to_string()).collect();
            read(0, &raw, &cells, &m)
        };
        let out = r(&[
            "EXCS",
            "Outgoing",
            "TCP/TLS",
            "Any",
            "Engage Config DB",
            "5432 (default RDBMS listening port)",
            "Read",
        ])
        .unwrap();
        assert_eq!(out.ports.ranges[0].lo, 5432);
        assert!(out.ports.default);
        let inb = r(&[
            "EXCS",
            "Inbound",
            "TCP",
            "3640 (default)",
            "EXCP/EXAS/Prometheus",
            "Any",
            "Use",
        ])
        .unwrap();
        assert_eq!(inb.ports.ranges[0].lo, 3640);
        assert_eq!(inb.remote, ["EXCP", "EXAS", "Prometheus"]);
        assert!(r(&["X", "Outgoing", "TCP", "Any", "Y", "Any", "?"])
            .unwrap_err()
            .contains("every port"));
    }
}
