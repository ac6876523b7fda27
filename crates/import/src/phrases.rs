//! Names in vendor prose: the sides a name cell lists (`EXCP/EXAS`, `client loaders and Web
//! Server`), the peers a description names (`from CTI Cores`, `to Web Media Server`, `between
//! the PC and the PREMISES server`), well-known services (`SQL Connection` → SQL server), and
//! role ids from names.

use crate::values::slug;

/// The names a name cell lists: split at `,` `/` `&` `;` ` and ` ` plus `; `etc.` and empty
/// pieces dropped; a parenthesised list after a word stands for that word
/// (`internal (CTI Core, On-Demand, etc.)` → `CTI Core`, `On-Demand`).
pub fn names(cell: &str) -> Vec<String> {
    let expanded = expand_parenthesised_list(cell);
    let mut out: Vec<String> = Vec::new();
    for piece in split_list(&expanded) {
        let name = clean_name(&piece);
        if !name.is_empty() && !out.iter().any(|n| n.eq_ignore_ascii_case(&name)) {
            out.push(name);
        }
    }
    out
}

/// `internal (A, B, etc.) and C` → `A, B, C`: a parenthesis holding a list replaces the word
/// before it.
fn expand_parenthesised_list(cell: &str) -> String {
    let (Some(open), Some(close)) = (cell.find('('), cell.find(')')) else {
        return cell.to_string();
    };
    if close < open {
        return cell.to_string();
    }
    let inner = cell.get(open + 1..close).unwrap_or("");
    if !inner.contains(',') {
        return cell.to_string();
    }
    let before = cell.get(..open).unwrap_or("");
    // drop the one word the list explains (`internal`)
    let before = match before.trim_end().rfind(' ') {
        Some(space) => before.get(..space).unwrap_or(""),
        None => "",
    };
    let after = cell.get(close + 1..).unwrap_or("");
    format!("{before} {inner}, {after}")
}

fn split_list(text: &str) -> Vec<String> {
    let mut pieces = vec![text.to_string()];
    for sep in [",", ";", "/", "&", " and ", " plus ", " or "] {
        pieces = pieces
            .iter()
            .flat_map(|p| p.split(sep).map(str::to_string).collect::<Vec<_>>())
            .collect();
    }
    pieces
}

/// Trims a name: parentheses, articles, `other`, `etc.`, trailing punctuation.
pub fn clean_name(name: &str) -> String {
    let mut n = strip_parentheses(name);
    n = n
        .trim()
        .trim_matches(|c: char| matches!(c, '.' | ':' | '"' | '\'' | '`' | '“' | '”' | '-'))
        .trim()
        .to_string();
    for prefix in [
        "the ", "a ", "an ", "other ", "all ", "any ", "each ", "every ",
    ] {
        if n.len() > prefix.len() && n.to_lowercase().starts_with(prefix) {
            n = n.get(prefix.len()..).unwrap_or("").trim().to_string();
        }
    }
    let lower = n.to_lowercase();
    if matches!(
        lower.as_str(),
        "etc" | "etc." | "others" | "" | "—" | "-" | "n/a" | "?"
    ) {
        return String::new();
    }
    n
}

/// Removes `(...)` parts: `Engage SIP Servers (multiple)` → `Engage SIP Servers`.
pub fn strip_parentheses(text: &str) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The peers a description names.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Peers {
    /// Who opens the connection (`from X`, `between X and ...`).
    pub from: Vec<String>,
    /// Who listens (`to X`, `... and Y` of `between`).
    pub to: Vec<String>,
    /// Who is on the other side, direction unknown (`with X`).
    pub with: Vec<String>,
}

/// Words that end a peer phrase.
const STOPS: &[&str] = &[
    " for ", " using ", " via ", " over ", " on ", " to ", " from ", " in ", " with ", " when ",
    " if ", " at ", " by ", " that ", " which ", " where ", " is ", " are ", " as ", ". ", "; ",
    ":",
];

/// Verbs after `to` that make it an infinitive, not a destination.
const VERBS: &[&str] = &[
    "be",
    "use",
    "allow",
    "communicate",
    "fetch",
    "store",
    "deliver",
    "send",
    "receive",
    "provide",
    "access",
    "connect",
    "read",
    "write",
    "obtain",
    "scrape",
    "call",
    "gather",
    "negotiate",
    "initiate",
    "get",
    "make",
    "enable",
    "support",
    "test",
    "learn",
    "upload",
    "download",
    "register",
    "query",
    "check",
    "reach",
    "run",
    "open",
    "create",
    "join",
    "see",
    "view",
];

/// Reads the peers out of a description.
pub fn peers(description: &str) -> Peers {
    let mut out = Peers::default();
    let text = format!(" {} ", description.replace(['\n', '\t'], " "));
    let lower = text.to_lowercase();
    if let Some(pos) = lower.find(" between ") {
        let rest = text.get(pos + 9..).unwrap_or("");
        let phrase = phrase_until(
            rest,
            &[" for ", " using ", " via ", " over ", ". ", "; ", " ("],
        );
        if let Some((a, b)) = split_and(&phrase) {
            out.from.extend(names(&a));
            out.to.extend(names(&b));
            return out;
        }
    }
    for (word, into) in [(" from ", 0), (" to ", 1), (" with ", 2)] {
        let mut from = 0;
        while let Some(pos) = lower.get(from..).and_then(|l| l.find(word)) {
            let start = from + pos + word.len();
            from = start;
            let rest = text.get(start..).unwrap_or("");
            if word == " to " && starts_with_verb(rest) {
                continue;
            }
            let phrase = phrase_until(rest, STOPS);
            let found: Vec<String> = names(&phrase)
                .into_iter()
                .filter(|n| looks_like_a_name(n))
                .collect();
            match into {
                0 => out.from.extend(found),
                1 => out.to.extend(found),
                _ => out.with.extend(found),
            }
        }
    }
    out
}

fn starts_with_verb(rest: &str) -> bool {
    let first = rest.split_whitespace().next().unwrap_or("").to_lowercase();
    VERBS.contains(&first.as_str())
}

/// A peer phrase starts with a capital letter or a known noun (`client`, `server`), is short,
/// and is not a number.
fn looks_like_a_name(phrase: &str) -> bool {
    let p = clean_name(phrase);
    let words = p.split_whitespace().count();
    if words == 0 || words > 8 || p.chars().next().is_some_and(|c| c.is_ascii_digit()) {
        return false;
    }
    let lower = p.to_lowercase();
    p.chars().next().is_some_and(char::is_uppercase)
        || [
            "client",
            "server",
            "service",
            "pc",
            "user",
            "player",
            "core",
            "browser",
            "agent",
            "host",
            "device",
            "application",
            "app",
            "system",
            "pbx",
            "database",
            "db",
            "proxy",
            "gateway",
            "balancer",
            "phone",
            "trunk",
            "master",
            "node",
            "cluster",
            "portal",
            "site",
        ]
        .iter()
        .any(|n| {
            lower
                .split(|c: char| !c.is_alphanumeric())
                .any(|w| w.trim_end_matches('s') == *n)
        })
}

fn phrase_until(rest: &str, stops: &[&str]) -> String {
    let padded = format!("{rest} ");
    let lower = padded.to_lowercase();
    let end = stops
        .iter()
        .filter_map(|s| lower.find(s))
        .min()
        .unwrap_or(padded.len());
    padded.get(..end).unwrap_or("").trim().to_string()
}

/// `the PC and the PREMISES server` → (`the PC`, `the PREMISES server`).
fn split_and(phrase: &str) -> Option<(String, String)> {
    let lower = phrase.to_lowercase();
    let pos = lower.find(" and ")?;
    Some((
        phrase.get(..pos)?.to_string(),
        phrase.get(pos + 5..)?.to_string(),
    ))
}

/// Services every firewall team knows, by a word of the description or the port:
/// (words, port, role name).
const WELL_KNOWN: &[(&[&str], u16, &str)] = &[
    (&["sql", "mssql"], 1433, "SQL Server"),
    (&["cifs", "smb"], 445, "File server (CIFS)"),
    (&["smtp"], 25, "SMTP server"),
    (&["snmp"], 162, "SNMP manager"),
    (&["ldap"], 389, "LDAP server"),
    (&["ldaps"], 636, "LDAP server"),
    (&["dns"], 53, "DNS server"),
    (&["ntp"], 123, "NTP server"),
    (&["syslog"], 514, "Syslog server"),
    (&["postgresql", "postgres"], 5432, "PostgreSQL server"),
    (&["mysql"], 3306, "MySQL server"),
    (&["redis"], 6379, "Redis"),
];

/// The well-known service a description names (`SQL Connection`, `CIFS file operations`),
/// or that the port is registered for when the description names none.
pub fn well_known(description: &str, port: Option<u16>) -> Option<&'static str> {
    let lower = description.to_lowercase();
    let words: Vec<&str> = lower.split(|c: char| !c.is_ascii_alphanumeric()).collect();
    WELL_KNOWN
        .iter()
        .find(|(names, _, _)| names.iter().any(|n| words.contains(n)))
        .or_else(|| WELL_KNOWN.iter().find(|(_, p, _)| Some(*p) == port))
        .map(|(_, _, name)| *name)
}

/// `Inter-core communication` from a `CTI Core`: the peer is another of the same.
pub fn is_inter_self(description: &str, subject: &str) -> bool {
    let lower = description.to_lowercase();
    let Some(pos) = lower.find("inter-").or_else(|| lower.find("inter ")) else {
        return false;
    };
    let word: String = lower
        .get(pos + 6..)
        .unwrap_or("")
        .chars()
        .take_while(|c| c.is_alphanumeric())
        .collect();
    let subject = subject.to_lowercase();
    word.len() >= 3
        && subject
            .split(|c: char| !c.is_alphanumeric())
            .any(|w| w.trim_end_matches('s') == word.trim_end_matches('s'))
}

/// `The CTI Core module also uses port 5060.` → (`CTI Core`, 5060): another side that listens
/// on a port, named in a row's description.
pub fn also_uses(description: &str) -> Option<(String, u16)> {
    let lower = description.to_lowercase();
    let pos = lower.find(" also uses port ")?;
    let port: String = lower
        .get(pos + 16..)?
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    let port: u16 = port.parse().ok().filter(|p| *p > 0)?;
    let before = description.get(..pos)?;
    let sentence = before.rsplit(['.', ';', ':']).next()?.trim();
    let mut name = clean_name(sentence);
    for generic in [" module", " service", " component", " process", " server"] {
        if name.to_lowercase().ends_with(generic) && name.len() > generic.len() {
            name.truncate(name.len() - generic.len());
        }
    }
    let name = name.trim().to_string();
    (!name.is_empty() && name.split_whitespace().count() <= 5).then_some((name, port))
}

/// A role id from a name: kebab-case, the last word in the singular (`Engage SIP Servers` →
/// `engage-sip-server`, `client PCs` → `client-pc`).
pub fn role_id(name: &str) -> String {
    let plain = strip_parentheses(name);
    let id = slug(&plain);
    // `EXCS`, `SMS`: an acronym is not a plural
    let acronym = plain
        .split_whitespace()
        .next_back()
        .is_some_and(|w| w.chars().all(|c| !c.is_lowercase()));
    if acronym {
        return id;
    }
    match id.rsplit_once('-') {
        Some((head, last)) => format!("{head}-{}", singular(last)),
        None => singular(&id),
    }
}

fn singular(word: &str) -> String {
    let keep = ["ss", "us", "is", "os", "as", "ys", "ics"];
    if word.len() >= 3 && word.ends_with('s') && !keep.iter().any(|k| word.ends_with(k)) {
        word.get(..word.len() - 1).unwrap_or(word).to_string()
    } else if word.len() > 3 && word.ends_with("ses") {
        word.get(..word.len() - 2).unwrap_or(word).to_string()
    } else {
        word.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_lists() {
        assert_eq!(
            names("EXCP/EXAS/Prometheus"),
            ["EXCP", "EXAS", "Prometheus"]
        );
        assert_eq!(
            names("client loaders and Web Server"),
            ["client loaders", "Web Server"]
        );
        assert_eq!(
            names("internal (CTI Core, Web Media Server, On-Demand, etc.) and third-party clients"),
            [
                "CTI Core",
                "Web Media Server",
                "On-Demand",
                "third-party clients"
            ]
        );
        assert_eq!(
            names("Engage SIP Servers (multiple)"),
            ["Engage SIP Servers"]
        );
        assert_eq!(names("the Web Portal"), ["Web Portal"]);
        assert!(names("—").is_empty());
    }

    #[test]
    fn peers_in_descriptions() {
        let p = peers("Listener for connections and commands from internal (CTI Core, Web Media Server, On-Demand, etc.) and third-party clients (default)");
        assert_eq!(
            p.from,
            [
                "CTI Core",
                "Web Media Server",
                "On-Demand",
                "third-party clients"
            ]
        );
        let p = peers("Communication/Streaming to Web Media Server");
        assert_eq!(p.to, ["Web Media Server"]);
        let p = peers("Connection to API Service for recording control and event messages");
        assert_eq!(p.to, ["API Service"]);
        let p =
            peers("Open on client PCs for communication between the PC and the PREMISES server");
        assert_eq!(
            (p.from, p.to),
            (vec!["PC".to_string()], vec!["PREMISES server".to_string()])
        );
        let p = peers("Used to communicate with Cores, Screen Capture Server");
        assert_eq!(p.with, ["Cores", "Screen Capture Server"]);
        assert!(peers("Use EXCS REST API.").to.is_empty());
        assert!(peers("SQL Connection").from.is_empty());
        let p = peers("Listens for authorization from the Web Portal");
        assert_eq!(p.from, ["Web Portal"]);
    }

    #[test]
    fn well_known_services() {
        assert_eq!(well_known("SQL Connection", Some(1433)), Some("SQL Server"));
        assert_eq!(
            well_known("CIFS file operations", None),
            Some("File server (CIFS)")
        );
        assert_eq!(
            well_known("SNMP Management messages", Some(162)),
            Some("SNMP manager")
        );
        assert_eq!(well_known("whatever", Some(25)), Some("SMTP server"));
        assert_eq!(well_known("whatever", Some(4510)), None);
    }

    #[test]
    fn another_side_on_a_port() {
        assert_eq!(
            also_uses("SIP trunk listener from customer PBX. The CTI Core module also uses port 5060. If Survey"),
            Some(("CTI Core".to_string(), 5060))
        );
        assert_eq!(also_uses("SIP trunk listener"), None);
    }

    #[test]
    fn inter_self_and_role_ids() {
        assert!(is_inter_self("Inter-core communication", "CTI Core"));
        assert!(!is_inter_self("Inter-core communication", "Archiver"));
        assert_eq!(
            role_id("Engage SIP Servers (multiple)"),
            "engage-sip-server"
        );
        assert_eq!(role_id("client PCs"), "client-pc");
        assert_eq!(role_id("Redis"), "redis");
        assert_eq!(role_id("EXAS"), "exas");
        assert_eq!(role_id("Cores"), "core");
        assert_eq!(role_id("EXCS"), "excs");
        assert_eq!(role_id("Speech Analytics"), "speech-analytics");
    }
}
