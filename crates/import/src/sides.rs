//! Who connects to whom in a row: from explicit source and destination columns, from the row's
//! own side and its direction, from the peers its description names, from well-known services
//! (`SQL Connection`), from the table that says who listens on the port, and otherwise a role
//! the importer names and flags for the user to rename or merge.

use crate::phrases;
use crate::row::Reading;
use crate::values::{Direction, Endpoint};
use std::collections::HashMap;

/// One end of a rule, before it becomes a role.
#[derive(Debug, Clone, PartialEq)]
pub struct Side {
    pub name: String,
    pub endpoints: Vec<Endpoint>,
    /// Made up by the importer (the source names no one).
    pub inferred: bool,
}

impl Side {
    fn named(name: &str) -> Side {
        Side {
            name: name.to_string(),
            endpoints: Vec::new(),
            inferred: false,
        }
    }
    fn inferred(name: String) -> Side {
        Side {
            name,
            endpoints: Vec::new(),
            inferred: true,
        }
    }
}

/// A connection: who opens it and who listens.
#[derive(Debug, Clone, PartialEq)]
pub struct Pair {
    pub from: Side,
    pub to: Side,
    /// Another port than the row's (`The CTI Core module also uses port 5060`).
    pub port: Option<u16>,
}

/// Who listens on which single port, from the inbound rows of every table: lets an outbound
/// row without a named peer find it (`Desktop Analytics client API connection` on 5620 → the
/// API Server, which lists 5620 as inbound).
#[derive(Debug, Default)]
pub struct Listeners {
    by_port: HashMap<u16, Vec<String>>,
    /// Every name of a row's own side, in every table (`Info Broker`).
    subjects: Vec<String>,
}

impl Listeners {
    pub fn build<'a>(readings: impl IntoIterator<Item = &'a Reading>) -> Listeners {
        let mut map: HashMap<u16, Vec<String>> = HashMap::new();
        let mut subjects: Vec<String> = Vec::new();
        for r in readings {
            for n in &r.local {
                if !subjects.contains(n) {
                    subjects.push(n.clone());
                }
            }
            if r.direction != Some(Direction::Inbound) {
                continue;
            }
            if let [range] = r.ports.ranges.as_slice() {
                if range.lo == range.hi {
                    let names = map.entry(range.lo).or_default();
                    for n in &r.local {
                        if !names.contains(n) {
                            names.push(n.clone());
                        }
                    }
                }
            }
        }
        Listeners {
            by_port: map,
            subjects,
        }
    }

    /// The one other side a description names in full (`Info Broker Listen Port`).
    fn mentioned(&self, description: &str, subject: &str) -> Option<&String> {
        let lower = description.to_lowercase();
        let found: Vec<&String> = self
            .subjects
            .iter()
            .filter(|s| s.len() >= 4 && !s.eq_ignore_ascii_case(subject))
            .filter(|s| lower.contains(&s.to_lowercase()))
            .collect();
        match found.as_slice() {
            [one] => Some(one),
            _ => None,
        }
    }

    fn on(&self, port: Option<u16>) -> Option<&String> {
        match self.by_port.get(&port?)?.as_slice() {
            [one] => Some(one),
            _ => None,
        }
    }
}

/// The group's own sides, for tables that name no one: from the heading above the table.
#[derive(Debug, Clone)]
pub struct GroupSides {
    /// The heading (`Web Application`), the client side of a table of destinations.
    pub heading: Option<String>,
}

impl GroupSides {
    fn subject(&self) -> String {
        let h = self.heading.clone().unwrap_or_default();
        // `Port Information for Hybrid inContact WFO` → `Hybrid inContact WFO`
        match h.to_lowercase().find(" for ") {
            Some(pos) if h.len() > pos + 5 => h.get(pos + 5..).unwrap_or("").trim().to_string(),
            _ => h,
        }
    }
    fn client(&self, whole_heading: bool) -> Side {
        let s = self.subject();
        if s.is_empty() {
            Side::inferred("Client".to_string())
        } else if whole_heading {
            Side::named(self.heading.as_deref().unwrap_or(&s))
        } else {
            Side::inferred(format!("{s} client"))
        }
    }
    fn server(&self) -> Side {
        let s = self.subject();
        Side::inferred(if s.is_empty() {
            "Server".to_string()
        } else {
            format!("{s} server")
        })
    }
}

/// The connections a row describes; empty only when the row names too little (then the reason).
pub fn pairs(r: &Reading, group: &GroupSides, listeners: &Listeners) -> Vec<Pair> {
    let explicit = !(r.source.is_empty()
        && r.destination.is_empty()
        && r.destination_addresses.endpoints.is_empty()
        && r.source_addresses.endpoints.is_empty());
    if explicit {
        from_to(r, group)
    } else if !r.local.is_empty() {
        by_direction(r, listeners)
    } else {
        by_description(r, group)
    }
}

fn sides(names: &[String], endpoints: &[Endpoint]) -> Vec<Side> {
    if names.is_empty() {
        if endpoints.is_empty() {
            return Vec::new();
        }
        return vec![Side {
            name: address_name(endpoints),
            endpoints: endpoints.to_vec(),
            inferred: false,
        }];
    }
    names
        .iter()
        .map(|n| Side {
            name: n.clone(),
            endpoints: endpoints.to_vec(),
            inferred: false,
        })
        .collect()
}

/// A name for a side given only as addresses: its first domain (`*.agora.io` → `agora.io`).
fn address_name(endpoints: &[Endpoint]) -> String {
    let first = endpoints.first().map_or("", |e| e.text.as_str());
    let bare = first.trim_start_matches("*.");
    let labels: Vec<&str> = bare.split('.').collect();
    if labels.len() > 2 && labels.iter().any(|l| l.chars().any(char::is_alphabetic)) {
        labels
            .get(labels.len().saturating_sub(2)..)
            .unwrap_or_default()
            .join(".")
    } else {
        bare.to_string()
    }
}

/// Source and destination columns (the `from`/`to` of Markdown flow tables, `Destination
/// Service` and `Destination Host(s)`): what is missing comes from the description or the
/// table's heading.
fn from_to(r: &Reading, group: &GroupSides) -> Vec<Pair> {
    let peers = phrases::peers(&r.description);
    // a table of destinations under a heading (`Web Application`): the heading opens them
    let mut from = sides(&r.source, &r.source_addresses.endpoints);
    if from.is_empty() && group.heading.is_some() {
        from.push(group.client(true));
    }
    if from.is_empty() {
        from = peers.from.iter().map(|n| Side::named(n)).collect();
    }
    if from.is_empty() {
        from.push(group.client(true));
    }
    let mut to = sides(&r.destination, &r.destination_addresses.endpoints);
    if to.is_empty() {
        to = peers.to.iter().map(|n| Side::named(n)).collect();
    }
    if to.is_empty() {
        to.push(group.server());
    }
    cross(&from, &to)
}

fn cross(from: &[Side], to: &[Side]) -> Vec<Pair> {
    from.iter()
        .flat_map(|f| {
            to.iter().map(move |t| Pair {
                from: f.clone(),
                to: t.clone(),
                port: None,
            })
        })
        .collect()
}

/// A row about one side (`Process`, `Service`) with a direction: the peers from the remote
/// column, the description, a well-known service or the listener table.
fn by_direction(r: &Reading, listeners: &Listeners) -> Vec<Pair> {
    let subject = r.local.first().cloned().unwrap_or_default();
    let direction = r.direction.unwrap_or(if r.remote.is_empty() {
        Direction::Inbound
    } else {
        Direction::Outbound
    });
    let port = single_port(r);
    let mut out = Vec::new();
    for dir in [Direction::Inbound, Direction::Outbound] {
        if direction != dir && direction != Direction::Both {
            continue;
        }
        let peers = peers_for(r, dir, &subject, port, listeners);
        let locals: Vec<Side> = r.local.iter().map(|n| Side::named(n)).collect();
        let pairs = if dir == Direction::Inbound {
            cross(&peers, &locals)
        } else {
            cross(&locals, &peers)
        };
        // a side talking to itself only when the row says so (`Inter-core communication`)
        let inter = phrases::is_inter_self(&r.description, &subject);
        out.extend(
            pairs
                .into_iter()
                .filter(|p| inter || !p.from.name.eq_ignore_ascii_case(&p.to.name)),
        );
        // `The CTI Core module also uses port 5060`: the same peers reach that side too
        if dir == Direction::Inbound {
            if let Some((name, port)) = phrases::also_uses(&r.description) {
                let other = [Side::named(&name)];
                out.extend(cross(&peers, &other).into_iter().map(|p| Pair {
                    port: Some(port),
                    ..p
                }));
            }
        }
    }
    out
}

fn single_port(r: &Reading) -> Option<u16> {
    match r.ports.ranges.as_slice() {
        [one] if one.lo == one.hi => Some(one.lo),
        _ => None,
    }
}

fn peers_for(
    r: &Reading,
    dir: Direction,
    subject: &str,
    port: Option<u16>,
    listeners: &Listeners,
) -> Vec<Side> {
    if !r.remote.is_empty() {
        return r.remote.iter().map(|n| Side::named(n)).collect();
    }
    let p = phrases::peers(&r.description);
    let named = if dir == Direction::Inbound {
        &p.from
    } else {
        &p.to
    };
    let mut found: Vec<Side> = named
        .iter()
        .chain(&p.with)
        .map(|n| Side::named(n))
        .collect();
    if found.is_empty() && phrases::is_inter_self(&r.description, subject) {
        found.push(Side::named(subject));
    }
    if found.is_empty() {
        if let Some(other) = listeners.mentioned(&r.description, subject) {
            found.push(Side::named(other));
        }
    }
    if found.is_empty() && dir == Direction::Outbound {
        if let Some(service) = phrases::well_known(&r.description, port) {
            found.push(Side::named(service));
        } else if let Some(listener) = listeners.on(port).filter(|l| *l != subject) {
            found.push(Side::named(listener));
        }
    }
    if found.is_empty() {
        let what = if dir == Direction::Inbound {
            "client"
        } else {
            "peer"
        };
        found.push(Side::inferred(format!(
            "{subject} {what} on {}",
            r.port_text.trim()
        )));
    }
    found
}

/// A table that names no side (`Port | Transport | Description`): the description's `between A
/// and B`, `from A`, `to B`, else the table's client and server.
fn by_description(r: &Reading, group: &GroupSides) -> Vec<Pair> {
    let p = phrases::peers(&r.description);
    let from: Vec<Side> = if p.from.is_empty() {
        vec![group.client(false)]
    } else {
        p.from.iter().map(|n| Side::named(n)).collect()
    };
    let to: Vec<Side> = if p.to.is_empty() {
        vec![group.server()]
    } else {
        p.to.iter().map(|n| Side::named(n)).collect()
    };
    cross(&from, &to)
}
