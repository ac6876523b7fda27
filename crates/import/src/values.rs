//! Cell values the way vendors write them: port lists and ranges with `(default)` markers and
//! placeholders, transports and application protocols, directions, and endpoint lists (IPs, CIDRs,
//! FQDNs, wildcards, `<tenant>` placeholders).

use serde::Serialize;
use std::net::IpAddr;

/// An inclusive port range; `lo == hi` for one port.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, schemars::JsonSchema,
)]
#[schemars(rename = "DraftPortRange")]
pub struct Range {
    pub lo: u16,
    pub hi: u16,
}

impl std::fmt::Display for Range {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.lo == self.hi {
            write!(f, "{}", self.lo)
        } else {
            write!(f, "{}-{}", self.lo, self.hi)
        }
    }
}

/// A port cell as read.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Ports {
    /// The numbers and ranges, in the order written.
    pub ranges: Vec<Range>,
    /// `Any`, `*`, `all`: any port (a source port, usually).
    pub any: bool,
    /// Marked `(default)`, "configurable" or "can be changed": the value is a default.
    pub default: bool,
    /// A placeholder for the port, e.g. `HTTP_LB_EXCP_PORT` or `<port>`.
    pub placeholder: Option<String>,
}

impl Ports {
    pub fn is_empty(&self) -> bool {
        self.ranges.is_empty() && !self.any && self.placeholder.is_none()
    }
}

/// Reads a port cell: `443`, `4001-4004`, `16384 – 32768`, `29435 or 29436`, `80/443`,
/// `80, 443, 4700-5000`, `5432 (default RDBMS listening port)`, `Any`, `HTTP_LB_EXCP_PORT`.
/// The error says why the cell holds no port.
pub fn ports(cell: &str) -> Result<Ports, String> {
    let mut out = Ports::default();
    let lower = cell.to_lowercase();
    out.default = lower.contains("default")
        || lower.contains("configurable")
        || lower.contains("can be changed");
    let words = port_words(cell);
    let mut i = 0;
    while let Some(w) = words.get(i) {
        i += 1;
        match w {
            PortWord::Number(n) => {
                let range = match (words.get(i), words.get(i + 1)) {
                    (Some(PortWord::Dash), Some(PortWord::Number(m))) => {
                        i += 2;
                        range(*n, *m)?
                    }
                    _ => range(*n, *n)?,
                };
                out.ranges.push(range);
            }
            PortWord::Any => out.any = true,
            PortWord::Placeholder(p) => {
                if out.placeholder.is_none() {
                    out.placeholder = Some(p.clone());
                }
            }
            PortWord::Dash | PortWord::Other => {}
        }
    }
    if out.is_empty() {
        let shown: String = cell.chars().take(60).collect();
        return Err(if cell.trim().is_empty() {
            "the port cell is empty".to_string()
        } else {
            format!("no port number, range or placeholder in `{shown}`")
        });
    }
    Ok(out)
}

fn range(lo: u64, hi: u64) -> Result<Range, String> {
    let ok = |n: u64| (1..=65535).contains(&n);
    if !ok(lo) || !ok(hi) {
        return Err(format!(
            "port {} is outside 1-65535",
            if ok(lo) { hi } else { lo }
        ));
    }
    if lo > hi {
        return Err(format!("range {lo}-{hi} runs backwards"));
    }
    Ok(Range {
        lo: lo as u16,
        hi: hi as u16,
    })
}

#[derive(Debug, Clone, PartialEq)]
enum PortWord {
    Number(u64),
    Dash,
    Any,
    Placeholder(String),
    Other,
}

/// Splits a port cell into numbers, range dashes, `any` and placeholders; parenthesised
/// remarks still count (`(2060) default` holds 2060).
fn port_words(cell: &str) -> Vec<PortWord> {
    let mut out = Vec::new();
    let mut rest = cell;
    while let Some(c) = rest.chars().next() {
        if c.is_ascii_digit() {
            let end = rest
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(rest.len());
            let (digits, tail) = rest.split_at(end);
            // `1.2.3.4` or `2.0`: not a port
            if tail.starts_with('.') && tail[1..].starts_with(|c: char| c.is_ascii_digit()) {
                let end = tail
                    .find(|c: char| !(c.is_ascii_digit() || c == '.'))
                    .unwrap_or(tail.len());
                rest = &tail[end..];
                out.push(PortWord::Other);
                continue;
            }
            out.push(PortWord::Number(digits.parse().unwrap_or(u64::MAX)));
            rest = tail;
        } else if matches!(c, '-' | '–' | '—' | '~') {
            out.push(PortWord::Dash);
            rest = &rest[c.len_utf8()..];
        } else if c == '<' || c == '{' {
            let close = if c == '<' { '>' } else { '}' };
            match rest.find(close) {
                Some(end) => {
                    let name = rest[1..end].trim();
                    if !name.is_empty() {
                        out.push(PortWord::Placeholder(name.to_string()));
                    }
                    rest = &rest[end + 1..];
                }
                None => rest = &rest[1..],
            }
        } else if c.is_alphabetic() || c == '_' {
            let end = rest
                .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                .unwrap_or(rest.len());
            let word = &rest[..end];
            rest = &rest[end..];
            let lower = word.to_lowercase();
            if lower == "to" || lower == "through" {
                out.push(PortWord::Dash);
            } else if lower == "any" || lower == "all" {
                out.push(PortWord::Any);
            } else if is_port_placeholder(word) {
                out.push(PortWord::Placeholder(word.to_string()));
            } else {
                out.push(PortWord::Other);
            }
        } else if c == '*' && rest.trim() == "*" {
            out.push(PortWord::Any);
            rest = &rest[1..];
        } else {
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

/// `HTTP_LB_EXCP_PORT`, `SIP_PORT`: upper case words joined by underscores.
fn is_port_placeholder(word: &str) -> bool {
    word.contains('_')
        && word
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
        && word.chars().any(|c| c.is_ascii_uppercase())
}

/// A transport as the engine knows it.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
#[schemars(rename = "DraftTransport")]
pub enum Transport {
    Tcp,
    Udp,
    Both,
}

impl Transport {
    pub fn as_str(self) -> &'static str {
        match self {
            Transport::Tcp => "tcp",
            Transport::Udp => "udp",
            Transport::Both => "both",
        }
    }
    fn join(self, other: Transport) -> Transport {
        if self == other {
            self
        } else {
            Transport::Both
        }
    }
}

/// A transport cell read: the transport and the application protocol label, if any.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TransportCell {
    pub transport: Transport,
    pub protocol: Option<String>,
}

/// Application protocols and the transport they run over.
const PROTOCOLS: &[(&str, Transport)] = &[
    ("https", Transport::Tcp),
    ("http", Transport::Tcp),
    ("wss", Transport::Tcp),
    ("ws", Transport::Tcp),
    ("websocket", Transport::Tcp),
    ("websockets", Transport::Tcp),
    ("tls", Transport::Tcp),
    ("ssl", Transport::Tcp),
    ("ssh", Transport::Tcp),
    ("sftp", Transport::Tcp),
    ("ftp", Transport::Tcp),
    ("ftps", Transport::Tcp),
    ("rdp", Transport::Tcp),
    ("smb", Transport::Tcp),
    ("cifs", Transport::Tcp),
    ("smtp", Transport::Tcp),
    ("imap", Transport::Tcp),
    ("ldap", Transport::Tcp),
    ("ldaps", Transport::Tcp),
    ("sql", Transport::Tcp),
    ("tds", Transport::Tcp),
    ("amqp", Transport::Tcp),
    ("mqtt", Transport::Tcp),
    ("grpc", Transport::Tcp),
    ("rest", Transport::Tcp),
    ("soap", Transport::Tcp),
    ("webdav", Transport::Tcp),
    ("rtp", Transport::Udp),
    ("srtp", Transport::Udp),
    ("rtcp", Transport::Udp),
    ("snmp", Transport::Udp),
    ("syslog", Transport::Udp),
    ("ntp", Transport::Udp),
    ("tftp", Transport::Udp),
    ("stun", Transport::Both),
    ("turn", Transport::Both),
    ("dns", Transport::Both),
    ("sip", Transport::Both),
];

/// Reads a transport cell: `TCP`, `UDP`, `TCP/UDP`, `UDP/TCP`, `TCP and UDP`, `both`, `HTTP`,
/// `HTTP(S)`, `HTTPS`, `TCP/TLS`, `SIP`.
pub fn transport(cell: &str) -> Result<TransportCell, String> {
    let lower = cell.to_lowercase();
    let mut found: Option<Transport> = None;
    let mut protocol: Option<String> = None;
    let mut add = |t: Transport| found = Some(found.map_or(t, |f| f.join(t)));
    for word in lower.split(|c: char| !c.is_ascii_alphanumeric()) {
        match word {
            "" => {}
            "tcp" => add(Transport::Tcp),
            "udp" => add(Transport::Udp),
            "both" => add(Transport::Both),
            _ => {
                if let Some((name, t)) = PROTOCOLS.iter().find(|(p, _)| *p == word) {
                    add(*t);
                    if protocol.is_none() {
                        protocol = Some(protocol_label(name, &lower));
                    }
                }
            }
        }
    }
    match found {
        Some(transport) => Ok(TransportCell {
            transport,
            protocol,
        }),
        None => {
            let shown: String = cell.chars().take(40).collect();
            Err(if cell.trim().is_empty() {
                "the transport cell is empty".to_string()
            } else {
                format!("`{shown}` is not a transport (TCP, UDP) or a known protocol")
            })
        }
    }
}

/// `http(s)` stays as written; other names are the label.
fn protocol_label(name: &str, cell: &str) -> String {
    if name == "http" && cell.contains("http(s)") {
        "https".to_string()
    } else if name == "websocket" || name == "websockets" {
        "ws".to_string()
    } else {
        name.to_string()
    }
}

/// Which way a row's connection goes, from the row's own side.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// The row's side listens.
    Inbound,
    /// The row's side opens the connection.
    Outbound,
    /// Both ways: two rules.
    Both,
}

/// Reads a direction cell: `Inbound`, `Incoming`, `Outgoing`, `Outbound`, `Inbound & Outbound`,
/// `Bidirectional`, `in`, `out`.
pub fn direction(cell: &str) -> Result<Direction, String> {
    let lower = cell.to_lowercase();
    let has = |words: &[&str]| {
        lower
            .split(|c: char| !c.is_ascii_alphanumeric())
            .any(|w| words.contains(&w))
    };
    let inbound = has(&["inbound", "incoming", "in", "ingress", "listen", "listens"]);
    let outbound = has(&["outbound", "outgoing", "out", "egress"]);
    let both = has(&["both", "bidirectional", "bi"]) || lower.contains("two-way");
    match (inbound, outbound, both) {
        (true, true, _) | (_, _, true) => Ok(Direction::Both),
        (true, false, false) => Ok(Direction::Inbound),
        (false, true, false) => Ok(Direction::Outbound),
        (false, false, false) => {
            let shown: String = cell.chars().take(40).collect();
            Err(format!("`{shown}` is not a direction (inbound, outbound)"))
        }
    }
}

/// One endpoint read from an address cell.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Endpoint {
    /// As the catalog writes it: `203.0.113.7`, `203.0.113.0/24`, `host.example.com`,
    /// `*.example.com`, `{tenant}.example.com`.
    pub text: String,
    /// Placeholders it uses (`tenant` for `<tenant>.example.com`).
    pub placeholders: Vec<String>,
    /// What was repaired, e.g. a leading dot read as a wildcard.
    pub note: Option<String>,
}

/// An address cell read: the endpoints, and the pieces that are not addresses.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Endpoints {
    pub endpoints: Vec<Endpoint>,
    pub unreadable: Vec<String>,
}

/// Words that introduce or decorate an address list rather than being one.
const ADDRESS_NOISE: &[&str] = &[
    "example:", "e.g.", "eg.", "e.g.:", "or", "and", "/", "&", "-",
];

/// Reads an address cell: `35.188.42.15 / 34.120.195.249`, `.agora.io .edge.agora.io`,
/// `Example: <tenant>.glartek.com`, `*.eu-west- 1.amazonaws.com` (a split name is joined),
/// `203.0.113.0/24`, `https://host.example.com/path`.
pub fn endpoints(cell: &str) -> Endpoints {
    let mut out = Endpoints::default();
    let tokens = join_split_names(
        cell.split(|c: char| c.is_whitespace() || c == ',' || c == ';' || c == '|')
            .map(|t| t.trim_matches(|c: char| matches!(c, '(' | ')' | '"' | '\'' | '`')))
            .filter(|t| !t.is_empty())
            .filter(|t| !ADDRESS_NOISE.contains(&t.to_lowercase().as_str()))
            .map(str::to_string)
            .collect(),
    );
    for (token, joined) in tokens {
        match endpoint(&token) {
            Some(mut e) => {
                if joined {
                    e.note = Some(format!("`{token}` was split by a space in the source"));
                }
                if !out.endpoints.contains(&e) {
                    out.endpoints.push(e);
                }
            }
            None => out.unreadable.push(token),
        }
    }
    out
}

/// `*.eu-west-` followed by `1.amazonaws.com`: a name cut after a hyphen is joined again.
fn join_split_names(tokens: Vec<String>) -> Vec<(String, bool)> {
    let mut out: Vec<(String, bool)> = Vec::new();
    for t in tokens {
        match out.last_mut() {
            Some((prev, joined)) if prev.ends_with('-') && prev.contains('.') => {
                prev.push_str(&t);
                *joined = true;
            }
            _ => out.push((t, false)),
        }
    }
    out
}

/// One address token as an endpoint, or `None` when it is not one.
pub fn endpoint(token: &str) -> Option<Endpoint> {
    let mut t = token.trim().trim_end_matches(['.', ':']).to_string();
    if let Some(rest) = t
        .strip_prefix("https://")
        .or_else(|| t.strip_prefix("http://"))
        .or_else(|| t.strip_prefix("wss://"))
        .or_else(|| t.strip_prefix("ws://"))
    {
        t = rest.split(['/', '?', '#']).next().unwrap_or("").to_string();
    }
    let mut note = None;
    let mut placeholders = Vec::new();
    // <tenant> → {tenant}
    while let (Some(a), Some(b)) = (t.find('<'), t.find('>')) {
        if b <= a + 1 {
            return None;
        }
        let name = slug(&t[a + 1..b]);
        if name.is_empty() {
            return None;
        }
        t = format!("{}{{{name}}}{}", &t[..a], &t[b + 1..]);
        placeholders.push(name);
    }
    // {region} as written: a placeholder too
    let mut rest = t.as_str();
    while let (Some(a), Some(b)) = (rest.find('{'), rest.find('}')) {
        let name = rest.get(a + 1..b).unwrap_or("");
        if b <= a + 1 || slug(name) != name {
            return None;
        }
        if !placeholders.iter().any(|p| p == name) {
            placeholders.push(name.to_string());
        }
        rest = rest.get(b + 1..).unwrap_or("");
    }
    if let Some(rest) = t.strip_prefix('.') {
        note = Some(format!("`{t}` (a leading dot) read as `*.{rest}`"));
        t = format!("*.{rest}");
    }
    if is_ip_or_cidr(&t) || is_host_name(&t) {
        Some(Endpoint {
            text: t,
            placeholders,
            note,
        })
    } else {
        None
    }
}

fn is_ip_or_cidr(t: &str) -> bool {
    let (ip, prefix) = match t.split_once('/') {
        Some((ip, p)) => (ip, Some(p)),
        None => (t, None),
    };
    let Ok(addr) = ip.parse::<IpAddr>() else {
        return false;
    };
    match prefix {
        None => true,
        Some(p) => {
            let max = if addr.is_ipv4() { 32 } else { 128 };
            p.parse::<u8>().is_ok_and(|p| p <= max)
        }
    }
}

/// A DNS name with at least two labels, a `*.` wildcard or `{placeholder}` labels; the last
/// label is not all digits.
fn is_host_name(t: &str) -> bool {
    let name = t.strip_prefix("*.").unwrap_or(t);
    let labels: Vec<&str> = name.split('.').collect();
    if labels.len() < 2 || name.len() > 253 {
        return false;
    }
    let label_ok = |l: &str| {
        let inner = l.replace(['{', '}'], "");
        !l.is_empty()
            && l.len() <= 63
            && !l.starts_with('-')
            && !l.ends_with('-')
            && inner
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    };
    labels.iter().all(|l| label_ok(l))
        && labels
            .last()
            .is_some_and(|l| l.chars().any(|c| c.is_ascii_alphabetic()))
}

/// A kebab-case id from a name: `Engage Config DB` → `engage-config-db`.
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(lo: u16, hi: u16) -> Range {
        Range { lo, hi }
    }

    #[test]
    fn ports_as_vendors_write_them() {
        let p = |s: &str| ports(s).map(|p| p.ranges);
        assert_eq!(p("443"), Ok(vec![r(443, 443)]));
        assert_eq!(p("4001-4004"), Ok(vec![r(4001, 4004)]));
        assert_eq!(p("16384 – 32768"), Ok(vec![r(16384, 32768)]));
        assert_eq!(
            p("29435 or 29436"),
            Ok(vec![r(29435, 29435), r(29436, 29436)])
        );
        assert_eq!(p("80/443"), Ok(vec![r(80, 80), r(443, 443)]));
        assert_eq!(
            p("80, 443, 3433, 4700-5000, 30011-30013"),
            Ok(vec![
                r(80, 80),
                r(443, 443),
                r(3433, 3433),
                r(4700, 5000),
                r(30011, 30013)
            ])
        );
        assert_eq!(p("1024 to 65535"), Ok(vec![r(1024, 65535)]));
    }

    #[test]
    fn default_markers_placeholders_and_any() {
        let d = ports("5432 (default RDBMS listening port)").unwrap();
        assert!(d.default);
        assert_eq!(d.ranges, vec![r(5432, 5432)]);
        let b = ports("Backup Stat Server listening port (2060) default").unwrap();
        assert!(b.default);
        assert_eq!(b.ranges, vec![r(2060, 2060)]);
        assert!(ports("configurable, 8080 by default").unwrap().default);
        assert!(ports("Any").unwrap().any);
        assert!(ports("ANY").unwrap().any);
        let h = ports("HTTP_LB_EXCP_PORT").unwrap();
        assert_eq!(h.placeholder.as_deref(), Some("HTTP_LB_EXCP_PORT"));
        assert_eq!(
            ports("<port>").unwrap().placeholder.as_deref(),
            Some("port")
        );
    }

    #[test]
    fn bad_ports_say_why() {
        assert!(ports("xxx").unwrap_err().contains("no port number"));
        assert!(ports("?").unwrap_err().contains("no port number"));
        assert!(ports("").unwrap_err().contains("empty"));
        assert!(ports("70000").unwrap_err().contains("outside 1-65535"));
        assert!(ports("5000-4000").unwrap_err().contains("backwards"));
        // a version or an address is not a port
        assert!(ports("15.2").is_err());
        assert!(ports("10.0.0.1").is_err());
    }

    #[test]
    fn transports_and_protocols() {
        let t = |s: &str| transport(s).map(|t| (t.transport, t.protocol));
        assert_eq!(t("TCP"), Ok((Transport::Tcp, None)));
        assert_eq!(t("UDP/TCP"), Ok((Transport::Both, None)));
        assert_eq!(t("TCP and UDP"), Ok((Transport::Both, None)));
        assert_eq!(t("HTTP"), Ok((Transport::Tcp, Some("http".into()))));
        assert_eq!(t("HTTP(S)"), Ok((Transport::Tcp, Some("https".into()))));
        assert_eq!(t("TCP/TLS"), Ok((Transport::Tcp, Some("tls".into()))));
        assert_eq!(t("SIP"), Ok((Transport::Both, Some("sip".into()))));
        assert!(t("?").is_err());
        assert!(t("").is_err());
    }

    #[test]
    fn directions() {
        assert_eq!(direction("Inbound"), Ok(Direction::Inbound));
        assert_eq!(direction("Outgoing"), Ok(Direction::Outbound));
        assert_eq!(direction("Inbound & Outbound"), Ok(Direction::Both));
        assert_eq!(direction("bidirectional"), Ok(Direction::Both));
        assert!(direction("?").is_err());
    }

    #[test]
    fn endpoint_lists() {
        let e = |s: &str| {
            endpoints(s)
                .endpoints
                .into_iter()
                .map(|e| e.text)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            e("35.188.42.15 / 34.120.195.249"),
            ["35.188.42.15", "34.120.195.249"]
        );
        assert_eq!(
            e(".agora.io .edge.agora.io"),
            ["*.agora.io", "*.edge.agora.io"]
        );
        assert_eq!(e("Example: <tenant>.glartek.com"), ["{tenant}.glartek.com"]);
        assert_eq!(
            e("Example: *.eu-west- 1.amazonaws.com"),
            ["*.eu-west-1.amazonaws.com"]
        );
        assert_eq!(e("207.166.100.0/23"), ["207.166.100.0/23"]);
        assert_eq!(e("https://www.cloudflare.com/ips/"), ["www.cloudflare.com"]);
        let garbled = endpoints(".edge.agora .io.sd-rtn.com");
        assert_eq!(garbled.endpoints.len(), 2);
        assert!(endpoints("the cloud").endpoints.is_empty());
        assert_eq!(endpoints("the cloud").unreadable, ["the", "cloud"]);
    }

    #[test]
    fn slugs() {
        assert_eq!(slug("Engage Config DB"), "engage-config-db");
        assert_eq!(slug("  EXCP/EXAS "), "excp-exas");
        assert_eq!(slug("Ünïcode ✓"), "n-code");
        assert_eq!(slug("!!!"), "");
    }
}
