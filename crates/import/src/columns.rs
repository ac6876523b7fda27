//! What each column of a table holds, detected from its header and its contents; the user can
//! correct the result (a [`Mapping`]).

use crate::table::RawTable;
use crate::values;
use serde::{Deserialize, Serialize};

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ColumnKind {
    /// The listening port (`Port`, `Destination Port(s)`, `Remote Peer Port` ...).
    Port,
    /// The row's own port (`Local Port`): the listening port of inbound rows.
    LocalPort,
    /// The peer's port (`Remote Peer Port`): the listening port of outbound rows.
    RemotePort,
    /// `Transport`, `Protocol`.
    Transport,
    /// `Direction`: inbound / outbound, from the row's own side.
    Direction,
    /// The row's own side: `Process`, `Service`, `Component`, `Local`.
    Local,
    /// The other side: `Remote Peer`, `Peer`.
    Remote,
    /// The side that opens the connection: `Source`, `From`, `Client`.
    Source,
    /// The side that listens: `Destination`, `To`, `Destination Service`.
    Destination,
    /// Addresses of the listening side: `Destination Host(s)`, `IP`, `FQDN`.
    DestinationAddress,
    /// Addresses of the opening side: `Source IP`.
    SourceAddress,
    /// `Description`, `Purpose`, `Notes`.
    Description,
    /// `Optional`, `Can be disabled?`, `Condition`.
    Condition,
    /// Not used.
    Ignore,
}

impl ColumnKind {
    pub const ALL: [ColumnKind; 14] = [
        ColumnKind::Port,
        ColumnKind::LocalPort,
        ColumnKind::RemotePort,
        ColumnKind::Transport,
        ColumnKind::Direction,
        ColumnKind::Local,
        ColumnKind::Remote,
        ColumnKind::Source,
        ColumnKind::Destination,
        ColumnKind::DestinationAddress,
        ColumnKind::SourceAddress,
        ColumnKind::Description,
        ColumnKind::Condition,
        ColumnKind::Ignore,
    ];

    /// The id used in mappings and on the command line (`port`, `local-port`, ...).
    pub fn id(self) -> &'static str {
        match self {
            ColumnKind::Port => "port",
            ColumnKind::LocalPort => "local-port",
            ColumnKind::RemotePort => "remote-port",
            ColumnKind::Transport => "transport",
            ColumnKind::Direction => "direction",
            ColumnKind::Local => "local",
            ColumnKind::Remote => "remote",
            ColumnKind::Source => "source",
            ColumnKind::Destination => "destination",
            ColumnKind::DestinationAddress => "destination-address",
            ColumnKind::SourceAddress => "source-address",
            ColumnKind::Description => "description",
            ColumnKind::Condition => "condition",
            ColumnKind::Ignore => "ignore",
        }
    }

    /// What a person reads in the mapping form.
    pub fn label(self) -> &'static str {
        match self {
            ColumnKind::Port => "Port (listening)",
            ColumnKind::LocalPort => "Local port",
            ColumnKind::RemotePort => "Remote port",
            ColumnKind::Transport => "Transport / protocol",
            ColumnKind::Direction => "Direction",
            ColumnKind::Local => "Local side (process, service)",
            ColumnKind::Remote => "Remote peer",
            ColumnKind::Source => "Source (opens the connection)",
            ColumnKind::Destination => "Destination (listens)",
            ColumnKind::DestinationAddress => "Destination addresses",
            ColumnKind::SourceAddress => "Source addresses",
            ColumnKind::Description => "Description / purpose",
            ColumnKind::Condition => "Optional / condition",
            ColumnKind::Ignore => "Ignore",
        }
    }

    pub fn from_id(id: &str) -> Option<ColumnKind> {
        ColumnKind::ALL.into_iter().find(|k| k.id() == id)
    }

    /// Whether a cell's text fits this kind (used to align rows whose cells shifted).
    pub fn fits(self, text: &str) -> bool {
        let t = text.trim();
        match self {
            ColumnKind::Port | ColumnKind::LocalPort | ColumnKind::RemotePort => {
                values::ports(t).is_ok()
            }
            ColumnKind::Transport => values::transport(t).is_ok(),
            ColumnKind::Direction => values::direction(t).is_ok(),
            ColumnKind::DestinationAddress | ColumnKind::SourceAddress => {
                !values::endpoints(t).endpoints.is_empty()
            }
            ColumnKind::Local
            | ColumnKind::Remote
            | ColumnKind::Source
            | ColumnKind::Destination => {
                !t.is_empty() && values::ports(t).is_err() && values::direction(t).is_err()
            }
            ColumnKind::Description | ColumnKind::Condition | ColumnKind::Ignore => true,
        }
    }
}

/// The kinds of a table's columns, in order.
pub type Mapping = Vec<ColumnKind>;

/// Header words and the kind they suggest, most specific first.
const HEADER_RULES: &[(&[&str], ColumnKind)] = &[
    (
        &["local port", "local ports", "source port", "source ports"],
        ColumnKind::LocalPort,
    ),
    (
        &[
            "remote peer port",
            "remote port",
            "remote ports",
            "peer port",
        ],
        ColumnKind::RemotePort,
    ),
    (
        &[
            "destination host",
            "destination address",
            "destination ip",
            "dest host",
            "hosts",
            "host(s)",
            "address",
            "ip",
            "fqdn",
            "domain",
            "url",
            "cidr",
            "endpoint",
        ],
        ColumnKind::DestinationAddress,
    ),
    (
        &["source ip", "source address", "source host"],
        ColumnKind::SourceAddress,
    ),
    (&["port", "ports"], ColumnKind::Port),
    (&["transport", "protocol", "proto"], ColumnKind::Transport),
    (
        &["direction", "inbound/outbound", "in/out"],
        ColumnKind::Direction,
    ),
    (
        &["remote peer", "remote", "peer", "partner"],
        ColumnKind::Remote,
    ),
    (
        &["destination", "to", "target", "server"],
        ColumnKind::Destination,
    ),
    (
        &["source", "from", "client", "initiator"],
        ColumnKind::Source,
    ),
    (
        &[
            "process",
            "service",
            "component",
            "local",
            "application",
            "module",
            "system",
            "role",
            "name",
        ],
        ColumnKind::Local,
    ),
    (
        &[
            "description",
            "purpose",
            "notes",
            "note",
            "comment",
            "remarks",
            "details",
            "used for",
            "usage",
            "function",
        ],
        ColumnKind::Description,
    ),
    (
        &["optional", "disabled", "condition", "required", "mandatory"],
        ColumnKind::Condition,
    ),
    (&["#", "no", "no.", "id", "locator"], ColumnKind::Ignore),
];

/// The kind a header suggests, if any: whole words only (`to` does not match `tool`).
pub fn from_header(header: &str) -> Option<ColumnKind> {
    let h = header.trim().to_lowercase();
    let h = h.trim_end_matches([':', '?']);
    if h.is_empty() {
        return None;
    }
    for (words, kind) in HEADER_RULES {
        if words.iter().any(|w| contains_phrase(h, w)) {
            return Some(*kind);
        }
    }
    None
}

/// Whether `phrase` occurs in `text` on word boundaries.
fn contains_phrase(text: &str, phrase: &str) -> bool {
    let boundary = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
    let mut from = 0;
    while let Some(pos) = text.get(from..).and_then(|t| t.find(phrase)) {
        let start = from + pos;
        let end = start + phrase.len();
        let before = text.get(..start).and_then(|t| t.chars().next_back());
        let after = text.get(end..).and_then(|t| t.chars().next());
        if boundary(before) && boundary(after) {
            return true;
        }
        from = end;
    }
    false
}

/// Detects the kind of every column: from the header where it says, else from the contents.
/// Each of the port, transport and direction kinds is given to one column at most.
pub fn detect(table: &RawTable) -> Mapping {
    let width = table.width();
    let mut kinds: Vec<Option<ColumnKind>> = (0..width)
        .map(|i| table.header.get(i).and_then(|h| from_header(&h.text)))
        .collect();
    for (i, kind) in kinds.iter_mut().enumerate() {
        if kind.is_none() {
            *kind = from_contents(table, i);
        }
    }
    let mut mapping: Mapping = kinds
        .into_iter()
        .map(|k| k.unwrap_or(ColumnKind::Ignore))
        .collect();
    settle(&mut mapping);
    mapping
}

/// Two columns of one single kind: the later one becomes what fits next.
fn settle(mapping: &mut Mapping) {
    let singles = [
        ColumnKind::Port,
        ColumnKind::Transport,
        ColumnKind::Direction,
        ColumnKind::LocalPort,
        ColumnKind::RemotePort,
    ];
    for kind in singles {
        let mut seen = false;
        for k in mapping.iter_mut() {
            if *k == kind {
                if seen {
                    *k = ColumnKind::Ignore;
                }
                seen = true;
            }
        }
    }
    // a name column beside a name column of the same kind: the second is the other side
    let mut seen_local = false;
    for k in mapping.iter_mut() {
        if *k == ColumnKind::Local {
            if seen_local {
                *k = ColumnKind::Remote;
            }
            seen_local = true;
        }
    }
    // `Local Port` + `Port` without `Remote Port`: the plain port is the remote one
    if mapping.contains(&ColumnKind::LocalPort) && !mapping.contains(&ColumnKind::RemotePort) {
        for k in mapping.iter_mut() {
            if *k == ColumnKind::Port {
                *k = ColumnKind::RemotePort;
            }
        }
    }
}

/// The kind most of a column's cells fit, if most of them fit one.
fn from_contents(table: &RawTable, col: usize) -> Option<ColumnKind> {
    let cells: Vec<&str> = table
        .rows
        .iter()
        .filter_map(|r| r.cells.get(col))
        .map(|c| c.text.trim())
        .filter(|t| !t.is_empty())
        .collect();
    if cells.is_empty() {
        return None;
    }
    let share = |f: &dyn Fn(&str) -> bool| {
        cells.iter().filter(|c| f(c)).count() as f64 / cells.len() as f64
    };
    if share(&|c| values::ports(c).is_ok() && c.len() <= 60) >= 0.6 {
        return Some(ColumnKind::Port);
    }
    if share(&|c| values::transport(c).is_ok() && c.len() <= 20) >= 0.6 {
        return Some(ColumnKind::Transport);
    }
    if share(&|c| values::direction(c).is_ok() && c.len() <= 25) >= 0.6 {
        return Some(ColumnKind::Direction);
    }
    if share(&|c| !values::endpoints(c).endpoints.is_empty()) >= 0.6 {
        return Some(ColumnKind::DestinationAddress);
    }
    let words = cells
        .iter()
        .map(|c| c.split_whitespace().count())
        .sum::<usize>()
        / cells.len();
    Some(if words >= 4 {
        ColumnKind::Description
    } else {
        ColumnKind::Local
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::{Cell, RawRow};

    #[test]
    fn headers_of_the_seed_tables() {
        let k = |h: &str| from_header(h);
        assert_eq!(k("Port"), Some(ColumnKind::Port));
        assert_eq!(k("Transport"), Some(ColumnKind::Transport));
        assert_eq!(k("Direction"), Some(ColumnKind::Direction));
        assert_eq!(k("Process"), Some(ColumnKind::Local));
        assert_eq!(k("Service"), Some(ColumnKind::Local));
        assert_eq!(k("Local Port"), Some(ColumnKind::LocalPort));
        assert_eq!(k("Remote Peer"), Some(ColumnKind::Remote));
        assert_eq!(k("Remote Peer Port"), Some(ColumnKind::RemotePort));
        assert_eq!(k("Destination Service"), Some(ColumnKind::Destination));
        assert_eq!(
            k("Destination Host(s)"),
            Some(ColumnKind::DestinationAddress)
        );
        assert_eq!(k("Destination Port(s)"), Some(ColumnKind::Port));
        assert_eq!(
            k("Can be disabled by Glartek?"),
            Some(ColumnKind::Condition)
        );
        assert_eq!(k("Purpose"), Some(ColumnKind::Description));
        assert_eq!(k("from"), Some(ColumnKind::Source));
        assert_eq!(k("to"), Some(ColumnKind::Destination));
        assert_eq!(k("direction as stated"), Some(ColumnKind::Direction));
        assert_eq!(k("#"), Some(ColumnKind::Ignore));
        assert_eq!(k("Tool"), None);
    }

    #[test]
    fn contents_decide_without_a_header() {
        let row = |c: &[&str]| RawRow::new(c.iter().map(|t| Cell::new(*t, 1)).collect());
        let t = RawTable {
            rows: vec![
                row(&["443", "TCP", "Web interface for the agents"]),
                row(&["3478", "UDP", "Media relay for calls and video"]),
            ],
            ..RawTable::default()
        };
        assert_eq!(
            detect(&t),
            vec![
                ColumnKind::Port,
                ColumnKind::Transport,
                ColumnKind::Description
            ]
        );
    }
}
