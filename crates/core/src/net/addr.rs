//! Host addresses: IP addresses and networks, host names and wildcard domains.

use super::show;
use crate::diag::Code;
use crate::diag::Diagnostic;
use ipnet::{IpNet, Ipv4Net, Ipv6Net};
use serde::{de, Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::str::FromStr;

const FORM_HELP: &str =
    "write an IP address (`10.0.0.1`), a network (`10.20.0.0/16`), a host name \
                         (`ris01.corp.example.com`) or a wildcard domain (`*.agora.io`)";
const V4_HELP: &str = "an IPv4 address is four numbers from 0 to 255, like `10.0.0.1`";
const V6_HELP: &str = "write an IPv6 address like `2001:db8::1` or a network like `2001:db8::/32`";
const WILDCARD_HELP: &str = "a wildcard is `*.` followed by a domain, like `*.agora.io`";
const MAX_NAME_LEN: usize = 253;
const MAX_LABEL_LEN: usize = 63;

/// A host as a user types it, or an external endpoint as a catalog lists it.
///
/// Values made by the parsers ([`FromStr`], serde) are canonical: networks have no host bits
/// set, names are lowercase without a trailing dot, and the text form contains only the
/// characters `[a-z0-9.*:/-]`. The variants are public, so a value built by hand may break
/// that; [`Address::validate`] checks it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Address {
    /// An IP network; a single address is a /32 (IPv4) or /128 (IPv6) network.
    Net(IpNet),
    /// A fully qualified (or single-label) host name, lowercase, without a trailing dot.
    Fqdn(String),
    /// A domain and all its subdomains: `Wildcard("agora.io")` is written `*.agora.io`.
    Wildcard(String),
}

/// IP address family.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Family {
    #[serde(rename = "ipv4")]
    V4,
    #[serde(rename = "ipv6")]
    V6,
}

impl Family {
    pub fn of(net: &IpNet) -> Family {
        match net {
            IpNet::V4(_) => Family::V4,
            IpNet::V6(_) => Family::V6,
        }
    }
}

impl fmt::Display for Family {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Family::V4 => "IPv4",
            Family::V6 => "IPv6",
        })
    }
}

/// Why an address was rejected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AddrError {
    /// Lowercase sentence; the user's input in backticks.
    pub message: String,
    /// One line saying what would be valid, when there is something useful to say.
    pub help: Option<String>,
}

impl AddrError {
    fn new(message: impl Into<String>, help: impl Into<String>) -> Self {
        AddrError {
            message: message.into(),
            help: Some(help.into()),
        }
    }

    /// This error as an error diagnostic with the given code.
    pub fn to_diagnostic(&self, code: Code) -> Diagnostic {
        let d = Diagnostic::error(code, self.message.clone());
        match &self.help {
            Some(help) => d.with_help(help.clone()),
            None => d,
        }
    }
}

impl fmt::Display for AddrError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for AddrError {}

impl Address {
    /// Whether this is an IP address or network (not a name).
    pub fn is_ip(&self) -> bool {
        matches!(self, Address::Net(_))
    }

    /// The address family of an IP address or network; `None` for names.
    pub fn family(&self) -> Option<Family> {
        match self {
            Address::Net(net) => Some(Family::of(net)),
            Address::Fqdn(_) | Address::Wildcard(_) => None,
        }
    }

    /// The network, if this is an IP address or network.
    pub fn as_net(&self) -> Option<&IpNet> {
        match self {
            Address::Net(net) => Some(net),
            Address::Fqdn(_) | Address::Wildcard(_) => None,
        }
    }

    /// Whether every host `other` stands for is also one `self` stands for: a network contains
    /// a network of the same family, a wildcard covers its domain, every subdomain and narrower
    /// wildcards, and a name covers itself. Names and IP addresses never cover each other.
    pub fn covers(&self, other: &Address) -> bool {
        fn in_domain(name: &str, domain: &str) -> bool {
            name == domain
                || name
                    .strip_suffix(domain)
                    .is_some_and(|head| head.ends_with('.'))
        }
        match (self, other) {
            (Address::Net(a), Address::Net(b)) => a.contains(b),
            (Address::Wildcard(d), Address::Fqdn(n) | Address::Wildcard(n)) => in_domain(n, d),
            (Address::Fqdn(a), Address::Fqdn(b)) => a == b,
            _ => false,
        }
    }

    /// Checks that the value is canonical, i.e. what the parser would produce from its text
    /// form. Always true for parsed values; for values built by hand it rejects networks with
    /// host bits set, names with upper case or characters outside `[a-z0-9.-]`, and so on.
    pub fn validate(&self) -> Result<(), AddrError> {
        let text = self.to_string();
        let parsed: Address = text.parse()?;
        if parsed == *self {
            Ok(())
        } else {
            Err(AddrError::new(
                format!("`{}` is not written in canonical form", show(&text)),
                format!("write `{parsed}`"),
            ))
        }
    }
}

impl From<IpAddr> for Address {
    fn from(ip: IpAddr) -> Address {
        Address::Net(IpNet::from(ip))
    }
}

impl fmt::Display for Address {
    /// Canonical text: `10.0.0.1`, `10.20.0.0/16`, `2001:db8::1`, `ris01.corp.example.com`,
    /// `*.agora.io`. Parsing it gives the same value back.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Address::Net(net) if net.prefix_len() == net.max_prefix_len() => {
                write!(f, "{}", net.addr())
            }
            Address::Net(net) => write!(f, "{net}"),
            Address::Fqdn(name) => f.write_str(name),
            Address::Wildcard(domain) => write!(f, "*.{domain}"),
        }
    }
}

impl FromStr for Address {
    type Err = AddrError;

    /// An IPv4 or IPv6 address, a CIDR network, a host name or a wildcard domain (`*.agora.io`
    /// or `.agora.io`). Surrounding whitespace is ignored; names are lowercased and lose a
    /// trailing dot.
    fn from_str(s: &str) -> Result<Address, AddrError> {
        let text = crate::text::trim(s);
        if text.is_empty() {
            return Err(AddrError::new("address is empty", FORM_HELP));
        }
        match plain_v4(text) {
            Some(addr) => Ok(addr),
            None => parse_general(text),
        }
    }
}

/// Every form of address (`text` is trimmed and not empty), with the errors that explain it.
fn parse_general(text: &str) -> Result<Address, AddrError> {
    check_chars(text)?;
    // (`contains(':')` first: a character search is much cheaper than a substring search,
    // and most addresses have no colon)
    if let Some((_, rest)) = text.contains(':').then(|| text.split_once("://")).flatten() {
        let host = rest.split(['/', ':']).next().unwrap_or("");
        let help = if host.is_empty() {
            FORM_HELP.to_string()
        } else {
            format!("write only the host name, like `{}`", show(host))
        };
        return Err(AddrError::new(
            format!("`{}` is a URL, not an address", show(text)),
            help,
        ));
    }
    if let Some((ip, prefix)) = text.split_once('/') {
        return parse_cidr(text, ip, prefix);
    }
    if text.contains(':') {
        return parse_v6(text);
    }
    if text.starts_with('*') || text.starts_with('.') {
        return parse_wildcard(text);
    }
    if text.contains('*') {
        return Err(AddrError::new(
            format!(
                "`{}` has `*` in the middle; a wildcard may only start a domain",
                show(text)
            ),
            WILDCARD_HELP,
        ));
    }
    if text.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return match text.parse::<Ipv4Addr>() {
            Ok(ip) => Ok(Address::Net(IpNet::V4(Ipv4Net::from(ip)))),
            Err(_) => Err(AddrError::new(
                format!("`{}` is not a valid IPv4 address", show(text)),
                v4_help(text),
            )),
        };
    }
    host_name(text, text).map(Address::Fqdn)
}

/// The common case, without the general machinery: `a.b.c.d` or `a.b.c.d/len` written plainly
/// (no leading zeros in the address, a prefix of one or two digits, no host bits set). `None`
/// for anything else, which the full parser then reads (and reports, if it is wrong): for the
/// texts this accepts, the result is the one the full parser gives.
fn plain_v4(text: &str) -> Option<Address> {
    // (one pass over the bytes: this runs for every address of every host of a plan)
    let mut octets = [0u32; 4];
    let mut n: usize = 0; // octets started
    let mut digits = 0; // digits of the current octet (or of the prefix)
    let mut prefix: Option<u32> = None;
    for b in text.bytes() {
        match b {
            b'0'..=b'9' => {
                let in_prefix = prefix.is_some();
                if !in_prefix && digits == 0 {
                    n += 1;
                }
                let slot = match prefix.as_mut() {
                    Some(len) => len,
                    None => octets.get_mut(n.checked_sub(1)?)?,
                };
                // no leading zeros in the address (the general parser rejects them), at most
                // three digits per octet and two in the prefix
                if digits > 0 && *slot == 0 && !in_prefix {
                    return None;
                }
                digits += 1;
                if digits > if in_prefix { 2 } else { 3 } {
                    return None;
                }
                *slot = *slot * 10 + u32::from(b - b'0');
            }
            b'.' if prefix.is_none() && digits > 0 && n < 4 => digits = 0,
            b'/' if prefix.is_none() && digits > 0 && n == 4 => {
                digits = 0;
                prefix = Some(0);
            }
            _ => return None,
        }
    }
    if n != 4 || digits == 0 {
        return None;
    }
    let mut bytes = [0u8; 4];
    for (byte, octet) in bytes.iter_mut().zip(octets) {
        *byte = u8::try_from(octet).ok()?;
    }
    let ip = Ipv4Addr::from(bytes);
    let len = u8::try_from(prefix.unwrap_or(32))
        .ok()
        .filter(|len| *len <= 32)?;
    let net = Ipv4Net::new(ip, len).ok()?;
    (net.network() == ip).then_some(Address::Net(IpNet::V4(net)))
}

/// Rejects every character that may not appear in any address, so nothing unexpected can
/// reach a generated script or configuration. Letters may still be upper case here.
fn check_chars(text: &str) -> Result<(), AddrError> {
    let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '*' | ':' | '/' | '-');
    let Some(bad) = text.chars().find(|&c| !allowed(c)) else {
        return Ok(());
    };
    if !bad.is_ascii() && bad.is_alphanumeric() {
        return Err(AddrError::new(
            format!("`{}` contains the non-ASCII character `{bad}`", show(text)),
            "write internationalised names in punycode (xn--...)",
        ));
    }
    let what = match bad {
        ' ' => "a space".to_string(),
        '\t' => "a tab".to_string(),
        '\n' | '\r' => "a line break".to_string(),
        '`' => "a backtick".to_string(),
        c if c.is_control() || c.is_whitespace() || !c.is_ascii() => {
            format!("the character U+{:04X}", u32::from(c))
        }
        c => format!("`{c}`"),
    };
    let help = match bad {
        '"' | '\'' | '`' | '\u{2018}' | '\u{2019}' | '\u{201C}' | '\u{201D}' => {
            "remove the quotes around the address"
        }
        ',' | ' ' | '\t' | '\n' | '\r' => "give one address per entry",
        '_' => "host names may only contain letters, digits, hyphens and dots",
        '[' | ']' => "write IPv6 addresses without brackets, like `2001:db8::1`",
        '%' => "IPv6 zone indexes (`%eth0`) cannot be used in firewall rules; remove it",
        _ => FORM_HELP,
    };
    Err(AddrError::new(
        format!(
            "`{}` contains {what}, which is not allowed in an address",
            show(text)
        ),
        help,
    ))
}

fn parse_cidr(text: &str, ip: &str, prefix: &str) -> Result<Address, AddrError> {
    let addr: IpAddr = ip.parse().map_err(|_| {
        let looks_v4 = !ip.is_empty() && ip.bytes().all(|b| b.is_ascii_digit() || b == b'.');
        AddrError::new(
            format!(
                "`{}` is not a valid CIDR: `{}` is not an IP address",
                show(text),
                show(ip)
            ),
            if looks_v4 {
                v4_help(ip)
            } else {
                "write a network like `10.20.0.0/16` or `2001:db8::/32`".to_string()
            },
        )
    })?;
    let (max, family, example) = match addr {
        IpAddr::V4(_) => (32, "IPv4", "10.20.0.0/16"),
        IpAddr::V6(_) => (128, "IPv6", "2001:db8::/32"),
    };
    let range_help =
        format!("an {family} prefix length is a number from 0 to {max}, like `{example}`");
    if prefix.is_empty() || !prefix.bytes().all(|b| b.is_ascii_digit()) {
        return Err(AddrError::new(
            format!(
                "`{}` is not a valid CIDR: prefix length `{}` is not a number",
                show(text),
                show(prefix)
            ),
            range_help,
        ));
    }
    let significant = prefix.trim_start_matches('0');
    let len = if significant.len() > 3 {
        None
    } else {
        prefix.parse::<u8>().ok().filter(|len| *len <= max)
    };
    let Some(len) = len else {
        return Err(AddrError::new(
            format!(
                "`{}` is not a valid CIDR: prefix length {} is longer than {max}",
                show(text),
                show(significant)
            ),
            range_help,
        ));
    };
    let net = IpNet::new(addr, len).map_err(|_| {
        AddrError::new(
            format!("`{}` is not a valid CIDR", show(text)),
            range_help.clone(),
        )
    })?;
    if net.addr() != net.network() {
        return Err(AddrError::new(
            format!("`{}` has host bits set", show(text)),
            format!("did you mean `{}`?", net.trunc()),
        ));
    }
    Ok(Address::Net(net))
}

fn parse_v6(text: &str) -> Result<Address, AddrError> {
    if let Ok(ip) = text.parse::<Ipv6Addr>() {
        return Ok(Address::Net(IpNet::V6(Ipv6Net::from(ip))));
    }
    if let Some((host, port)) = text.split_once(':') {
        let single_colon = !port.contains(':');
        if single_colon
            && !host.is_empty()
            && !port.is_empty()
            && port.bytes().all(|b| b.is_ascii_digit())
        {
            return Err(AddrError::new(
                format!("`{}` includes a port", show(text)),
                format!(
                    "an address does not include a port; write `{}` and put the port in the rule",
                    show(host)
                ),
            ));
        }
    }
    Err(AddrError::new(
        format!("`{}` is not a valid IPv6 address", show(text)),
        V6_HELP,
    ))
}

fn parse_wildcard(text: &str) -> Result<Address, AddrError> {
    let Some(domain) = text.strip_prefix("*.").or_else(|| text.strip_prefix('.')) else {
        return Err(AddrError::new(
            format!("`{}` is not a valid wildcard", show(text)),
            WILDCARD_HELP,
        ));
    };
    if domain.contains('*') {
        return Err(AddrError::new(
            format!(
                "`{}` has more than one `*`; a wildcard may only start a domain",
                show(text)
            ),
            WILDCARD_HELP,
        ));
    }
    if domain.is_empty() || domain == "." {
        return Err(AddrError::new(
            format!("`{}` is a wildcard without a domain", show(text)),
            WILDCARD_HELP,
        ));
    }
    host_name(domain, text).map(Address::Wildcard)
}

/// Validates and canonicalises a host name (`name`, part of the user's `text`).
fn host_name(name: &str, text: &str) -> Result<String, AddrError> {
    let body = name.strip_suffix('.').unwrap_or(name);
    if body.is_empty() {
        return Err(AddrError::new(
            format!("`{}` is not a host name", show(text)),
            FORM_HELP,
        ));
    }
    if body.len() > MAX_NAME_LEN {
        return Err(AddrError::new(
            format!("`{}` is longer than {MAX_NAME_LEN} characters", show(text)),
            format!("a host name has at most {MAX_NAME_LEN} characters"),
        ));
    }
    // (validated as written, lowercased once valid: case does not change what is valid)
    let mut last = "";
    for label in body.split('.') {
        if label.is_empty() {
            return Err(AddrError::new(
                format!("`{}` has an empty label", show(text)),
                "separate the labels of a name with single dots, like `ris01.corp.example.com`",
            ));
        }
        if label.len() > MAX_LABEL_LEN {
            return Err(AddrError::new(
                format!(
                    "`{}` has a label longer than {MAX_LABEL_LEN} characters",
                    show(text)
                ),
                format!("each dot-separated part of a name has 1 to {MAX_LABEL_LEN} characters"),
            ));
        }
        if !label
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        {
            return Err(AddrError::new(
                format!("`{}` is not a valid host name", show(text)),
                FORM_HELP,
            ));
        }
        if label.starts_with('-') || label.ends_with('-') {
            return Err(AddrError::new(
                format!(
                    "`{}` has a label that starts or ends with a hyphen: `{}`",
                    show(text),
                    show(&label.to_ascii_lowercase())
                ),
                "hyphens may only appear inside a label, like `ris-01`",
            ));
        }
        last = label;
    }
    if last.bytes().all(|b| b.is_ascii_digit()) {
        return Err(AddrError::new(
            format!(
                "`{}` is not a valid host name: the last label `{}` is all digits",
                show(text),
                show(last)
            ),
            FORM_HELP,
        ));
    }
    Ok(body.to_ascii_lowercase())
}

/// Help for a dotted-decimal string that is not an IPv4 address: names the leading-zero
/// problem (ambiguous: some tools read `010` as octal) when that is the only problem.
fn v4_help(text: &str) -> String {
    let parts: Vec<&str> = text.split('.').collect();
    let fixed: Option<Vec<u8>> = parts
        .iter()
        .map(|p| {
            let digits = p.trim_start_matches('0');
            if p.is_empty() || digits.len() > 3 {
                None
            } else if digits.is_empty() {
                Some(0)
            } else {
                digits.parse::<u8>().ok()
            }
        })
        .collect();
    match fixed {
        Some(octets) if octets.len() == 4 && text.parse::<Ipv4Addr>().is_err() => {
            let fixed: Vec<String> = octets.iter().map(u8::to_string).collect();
            format!(
                "leading zeros are not allowed in IPv4 addresses; write `{}`",
                fixed.join(".")
            )
        }
        _ => V4_HELP.to_string(),
    }
}

impl Serialize for Address {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Address {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Address, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(|e: AddrError| match e.help {
            Some(help) => de::Error::custom(format_args!("{}; {help}", e.message)),
            None => de::Error::custom(e.message),
        })
    }
}

/// The smallest list of CIDR networks covering exactly the addresses of `nets`: IPv4 first,
/// then IPv6, each ascending. Host bits set in an input network are ignored (`10.0.0.5/24`
/// counts as `10.0.0.0/24`). This is ipnet's aggregation; the property tests check that it is
/// exact and minimal (against a brute-force decomposition).
pub fn collapse(nets: &[IpNet]) -> Vec<IpNet> {
    IpNet::aggregate(&nets.to_vec())
}

/// IPv4 and IPv6 networks of `nets`, each in input order (exporters that write one list per
/// family). Combine with [`collapse`] for minimal lists.
pub fn split_families(nets: &[IpNet]) -> (Vec<Ipv4Net>, Vec<Ipv6Net>) {
    let mut v4 = Vec::new();
    let mut v6 = Vec::new();
    for net in nets {
        match net {
            IpNet::V4(n) => v4.push(*n),
            IpNet::V6(n) => v6.push(*n),
        }
    }
    (v4, v6)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn addr(s: &str) -> Address {
        s.parse()
            .unwrap_or_else(|e: AddrError| panic!("{s}: {}", e.message))
    }

    fn err(s: &str) -> AddrError {
        match s.parse::<Address>() {
            Ok(a) => panic!("{s:?} parsed as {a:?}"),
            Err(e) => e,
        }
    }

    fn net(s: &str) -> IpNet {
        s.parse().unwrap()
    }

    // The fast path for plain IPv4 addresses and networks agrees with the general parser, and
    // leaves everything unusual (leading zeros, long prefixes, host bits, too many or too few
    // octets) to it.
    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        /// Any text of digits, dots and slashes: whatever the fast path accepts, the general
        /// parser reads the same way.
        #[test]
        fn plain_v4_agrees_on_any_digits_and_dots(text in "[0-9./]{0,22}") {
            if let Some(fast) = plain_v4(&text) {
                proptest::prop_assert_eq!(Some(fast), parse_general(&text).ok());
            }
        }

        /// Every IPv4 address and network, written plainly, takes the fast path.
        #[test]
        fn plain_v4_takes_plain_networks(a in proptest::prelude::any::<u32>(), len in 0u8..=32) {
            let net = Ipv4Net::new(Ipv4Addr::from(a), len).unwrap().trunc();
            let text = net.to_string();
            proptest::prop_assert_eq!(plain_v4(&text), Some(Address::Net(IpNet::V4(net))));
            let ip = Ipv4Addr::from(a).to_string();
            proptest::prop_assert_eq!(plain_v4(&ip), parse_general(&ip).ok());
            proptest::prop_assert!(plain_v4(&ip).is_some());
        }
    }

    #[test]
    fn plain_v4_agrees_with_the_general_parser() {
        let octets = [
            "0", "1", "9", "10", "01", "255", "256", "000", "099", "1000", "", "a",
        ];
        let prefixes = [
            None,
            Some("0"),
            Some("8"),
            Some("08"),
            Some("24"),
            Some("32"),
        ];
        let prefixes = prefixes
            .iter()
            .chain(&[Some("33"), Some("032"), Some(""), Some("x")]);
        for p in prefixes {
            for a in octets {
                for b in ["0", "10", "255", "01"] {
                    for text in [
                        format!("{a}.{b}.0.{a}"),
                        format!("10.{a}.{b}.0"),
                        format!("{a}.{b}.0"),
                        format!("{a}.{b}.0.0.0"),
                    ] {
                        let text = match p {
                            Some(p) => format!("{text}/{p}"),
                            None => text,
                        };
                        if let Some(fast) = plain_v4(&text) {
                            let general = parse_general(&text)
                                .unwrap_or_else(|e| panic!("{text}: {}", e.message));
                            assert_eq!(fast, general, "{text}");
                        }
                    }
                }
            }
        }
        assert_eq!(plain_v4("10.1.2.3"), Some(addr("10.1.2.3")));
        assert_eq!(plain_v4("10.20.0.0/16"), Some(addr("10.20.0.0/16")));
        for text in [
            "10.0.0.1/24",
            "010.0.0.1",
            "1.2.3.4/033",
            "1.2.3",
            "1.2.3.4.5",
            "::1",
        ] {
            assert_eq!(plain_v4(text), None, "{text}");
        }
    }

    fn help(e: &AddrError) -> &str {
        e.help.as_deref().unwrap_or("")
    }

    #[test]
    fn ip_addresses_are_host_networks() {
        assert_eq!(addr("10.0.0.1"), Address::Net(net("10.0.0.1/32")));
        assert_eq!(addr("2001:db8::1"), Address::Net(net("2001:db8::1/128")));
        assert_eq!(addr("2001:DB8::1"), Address::Net(net("2001:db8::1/128")));
        assert_eq!(addr(" 10.0.0.1 "), Address::Net(net("10.0.0.1/32")));
        assert_eq!(
            addr("::ffff:1.2.3.4"),
            Address::Net(net("::ffff:1.2.3.4/128"))
        );
        assert_eq!(addr("10.0.0.1").to_string(), "10.0.0.1");
        assert_eq!(addr("10.0.0.1/32").to_string(), "10.0.0.1");
        assert_eq!(addr("2001:0db8:0:0::1").to_string(), "2001:db8::1");
        assert_eq!(
            Address::from(IpAddr::V4(Ipv4Addr::new(10, 0, 0, 1))),
            addr("10.0.0.1")
        );
    }

    #[test]
    fn networks() {
        assert_eq!(addr("10.20.0.0/16"), Address::Net(net("10.20.0.0/16")));
        assert_eq!(addr("10.20.0.0/16").to_string(), "10.20.0.0/16");
        assert_eq!(addr("0.0.0.0/0").to_string(), "0.0.0.0/0");
        assert_eq!(addr("2001:db8::/32").to_string(), "2001:db8::/32");
        assert_eq!(addr("::/0").to_string(), "::/0");
        assert_eq!(addr("10.20.0.0/016").to_string(), "10.20.0.0/16");
    }

    #[test]
    fn host_bits_set() {
        let e = err("10.20.0.5/16");
        assert_eq!(e.message, "`10.20.0.5/16` has host bits set");
        assert_eq!(help(&e), "did you mean `10.20.0.0/16`?");
        let e = err("2001:db8::1/32");
        assert_eq!(e.message, "`2001:db8::1/32` has host bits set");
        assert_eq!(help(&e), "did you mean `2001:db8::/32`?");
    }

    #[test]
    fn bad_prefix_lengths() {
        let e = err("10.0.0.0/33");
        assert_eq!(
            e.message,
            "`10.0.0.0/33` is not a valid CIDR: prefix length 33 is longer than 32"
        );
        assert_eq!(
            help(&e),
            "an IPv4 prefix length is a number from 0 to 32, like `10.20.0.0/16`"
        );
        let e = err("2001:db8::/129");
        assert_eq!(
            e.message,
            "`2001:db8::/129` is not a valid CIDR: prefix length 129 is longer than 128"
        );
        assert_eq!(
            help(&e),
            "an IPv6 prefix length is a number from 0 to 128, like `2001:db8::/32`"
        );
        assert_eq!(
            err("10.0.0.0/99999999999999").message,
            "`10.0.0.0/99999999999999` is not a valid CIDR: prefix length 99999999999999 is longer than 32"
        );
        let e = err("10.0.0.0/");
        assert_eq!(
            e.message,
            "`10.0.0.0/` is not a valid CIDR: prefix length `` is not a number"
        );
        assert_eq!(
            err("10.0.0.0/x").message,
            "`10.0.0.0/x` is not a valid CIDR: prefix length `x` is not a number"
        );
        assert_eq!(
            err("10.0.0.0/8/9").message,
            "`10.0.0.0/8/9` is not a valid CIDR: prefix length `8/9` is not a number"
        );
        let e = err("300.0.0.0/8");
        assert_eq!(
            e.message,
            "`300.0.0.0/8` is not a valid CIDR: `300.0.0.0` is not an IP address"
        );
        assert_eq!(help(&e), V4_HELP);
        let e = err("example.com/24");
        assert_eq!(
            e.message,
            "`example.com/24` is not a valid CIDR: `example.com` is not an IP address"
        );
        assert_eq!(
            help(&e),
            "write a network like `10.20.0.0/16` or `2001:db8::/32`"
        );
    }

    #[test]
    fn bad_ipv4() {
        for s in [
            "300.1.1.1",
            "1.2.3",
            "1.2.3.4.5",
            "10.0.0.1.",
            "123",
            "1..2.3",
        ] {
            let e = err(s);
            assert_eq!(e.message, format!("`{s}` is not a valid IPv4 address"));
            assert_eq!(help(&e), V4_HELP, "{s}");
        }
        let e = err("010.0.0.1");
        assert_eq!(e.message, "`010.0.0.1` is not a valid IPv4 address");
        assert_eq!(
            help(&e),
            "leading zeros are not allowed in IPv4 addresses; write `10.0.0.1`"
        );
        let e = err("010.0.0.0/8");
        assert_eq!(
            help(&e),
            "leading zeros are not allowed in IPv4 addresses; write `10.0.0.0`"
        );
    }

    #[test]
    fn bad_ipv6_and_ports() {
        let e = err("2001:db8::g");
        assert_eq!(e.message, "`2001:db8::g` is not a valid IPv6 address");
        assert_eq!(help(&e), V6_HELP);
        assert_eq!(
            err("1:2:3:4:5:6:7:8:9").message,
            "`1:2:3:4:5:6:7:8:9` is not a valid IPv6 address"
        );
        let e = err("10.0.0.1:443");
        assert_eq!(e.message, "`10.0.0.1:443` includes a port");
        assert_eq!(
            help(&e),
            "an address does not include a port; write `10.0.0.1` and put the port in the rule"
        );
        let e = err("ris01.corp:8080");
        assert_eq!(e.message, "`ris01.corp:8080` includes a port");
        let e = err("[2001:db8::1]:443");
        assert_eq!(
            e.message,
            "`[2001:db8::1]:443` contains `[`, which is not allowed in an address"
        );
        assert_eq!(
            help(&e),
            "write IPv6 addresses without brackets, like `2001:db8::1`"
        );
        let e = err("fe80::1%eth0");
        assert_eq!(
            e.message,
            "`fe80::1%eth0` contains `%`, which is not allowed in an address"
        );
    }

    #[test]
    fn urls() {
        let e = err("https://portal.example.com/login");
        assert_eq!(
            e.message,
            "`https://portal.example.com/login` is a URL, not an address"
        );
        assert_eq!(
            help(&e),
            "write only the host name, like `portal.example.com`"
        );
        assert_eq!(help(&err("http://")), FORM_HELP);
    }

    #[test]
    fn wildcards() {
        assert_eq!(addr("*.agora.io"), Address::Wildcard("agora.io".into()));
        assert_eq!(addr(".agora.io"), Address::Wildcard("agora.io".into()));
        assert_eq!(addr("*.Agora.IO."), Address::Wildcard("agora.io".into()));
        assert_eq!(addr(".agora.io").to_string(), "*.agora.io");
        for s in ["*", "*agora.io", "**.agora.io"] {
            let e = err(s);
            assert_eq!(e.message, format!("`{s}` is not a valid wildcard"));
            assert_eq!(help(&e), WILDCARD_HELP);
        }
        for s in ["*.", ".", "*..", ".."] {
            let e = err(s);
            assert_eq!(
                e.message,
                format!("`{s}` is a wildcard without a domain"),
                "{s}"
            );
        }
        assert_eq!(
            err("*.*.agora.io").message,
            "`*.*.agora.io` has more than one `*`; a wildcard may only start a domain"
        );
        let e = err("cdn.*.agora.io");
        assert_eq!(
            e.message,
            "`cdn.*.agora.io` has `*` in the middle; a wildcard may only start a domain"
        );
        assert_eq!(help(&e), WILDCARD_HELP);
        assert_eq!(err("*.a..io").message, "`*.a..io` has an empty label");
        assert_eq!(
            err("*.10.0.0.1").message,
            "`*.10.0.0.1` is not a valid host name: the last label `1` is all digits"
        );
        assert_eq!(
            err("*.agora.io:443").message,
            "`*.agora.io:443` includes a port"
        );
    }

    #[test]
    fn host_names() {
        assert_eq!(addr("ris01"), Address::Fqdn("ris01".into()));
        assert_eq!(
            addr("ris01.corp.example.com"),
            Address::Fqdn("ris01.corp.example.com".into())
        );
        assert_eq!(addr("Example.COM."), Address::Fqdn("example.com".into()));
        assert_eq!(addr("Example.COM.").to_string(), "example.com");
        assert_eq!(
            addr("xn--bcher-kva.example"),
            Address::Fqdn("xn--bcher-kva.example".into())
        );
        assert_eq!(addr("1password.com"), Address::Fqdn("1password.com".into()));
        assert_eq!(addr("ris-01.a1"), Address::Fqdn("ris-01.a1".into()));
        let long_label = "a".repeat(63);
        assert!(format!("{long_label}.com").parse::<Address>().is_ok());
        let name_253 = format!("{0}.{0}.{0}.{1}", "a".repeat(63), "b".repeat(61));
        assert_eq!(name_253.len(), 253);
        assert!(name_253.parse::<Address>().is_ok());
        assert!(format!("{name_253}.").parse::<Address>().is_ok());
    }

    #[test]
    fn bad_host_names() {
        let e = err("a..b");
        assert_eq!(e.message, "`a..b` has an empty label");
        assert_eq!(
            help(&e),
            "separate the labels of a name with single dots, like `ris01.corp.example.com`"
        );
        assert_eq!(err("a.com..").message, "`a.com..` has an empty label");
        assert_eq!(addr(".a.com."), Address::Wildcard("a.com".into()));
        let e = err(&format!("{}.com", "a".repeat(64)));
        assert!(
            e.message.ends_with("has a label longer than 63 characters"),
            "{}",
            e.message
        );
        assert_eq!(
            help(&e),
            "each dot-separated part of a name has 1 to 63 characters"
        );
        let name_254 = format!("{0}.{0}.{0}.{1}", "a".repeat(63), "b".repeat(62));
        let e = err(&name_254);
        assert!(
            e.message.ends_with("is longer than 253 characters"),
            "{}",
            e.message
        );
        assert!(e.message.contains('…'));
        assert_eq!(help(&e), "a host name has at most 253 characters");
        let e = err("-ris01.corp");
        assert_eq!(
            e.message,
            "`-ris01.corp` has a label that starts or ends with a hyphen: `-ris01`"
        );
        assert_eq!(
            help(&e),
            "hyphens may only appear inside a label, like `ris-01`"
        );
        assert_eq!(
            err("ris01-.corp").message,
            "`ris01-.corp` has a label that starts or ends with a hyphen: `ris01-`"
        );
        assert_eq!(
            err("host.123").message,
            "`host.123` is not a valid host name: the last label `123` is all digits"
        );
    }

    #[test]
    fn forbidden_characters() {
        let cases = [
            ("ris01 rm -rf /", "a space", "give one address per entry"),
            ("ris01; rm -rf /", "`;`", FORM_HELP),
            ("ris01;reboot", "`;`", FORM_HELP),
            ("$(reboot)", "`$`", FORM_HELP),
            (
                "`reboot`",
                "a backtick",
                "remove the quotes around the address",
            ),
            ("\"ris01\"", "`\"`", "remove the quotes around the address"),
            ("'ris01'", "`'`", "remove the quotes around the address"),
            ("10.0.0.1,10.0.0.2", "`,`", "give one address per entry"),
            (
                "ris_01",
                "`_`",
                "host names may only contain letters, digits, hyphens and dots",
            ),
            ("a|b", "`|`", FORM_HELP),
            ("a>b", "`>`", FORM_HELP),
            ("a&b", "`&`", FORM_HELP),
            ("a\\b", "`\\`", FORM_HELP),
            ("a\nb", "a line break", "give one address per entry"),
            ("a\tb", "a tab", "give one address per entry"),
            ("a\u{0}b", "the character U+0000", FORM_HELP),
            ("a\u{200B}b", "the character U+200B", FORM_HELP),
            (
                "\u{2018}ris01\u{2019}",
                "the character U+2018",
                "remove the quotes around the address",
            ),
        ];
        for (input, what, want_help) in cases {
            let e = err(input);
            assert_eq!(
                e.message,
                format!(
                    "`{}` contains {what}, which is not allowed in an address",
                    show(input.trim())
                ),
                "{input:?}"
            );
            assert_eq!(help(&e), want_help, "{input:?}");
        }
    }

    #[test]
    fn non_ascii_needs_punycode() {
        let e = err("bücher.example");
        assert_eq!(
            e.message,
            "`bücher.example` contains the non-ASCII character `ü`"
        );
        assert_eq!(
            help(&e),
            "write internationalised names in punycode (xn--...)"
        );
        assert_eq!(
            help(&err("例え.jp")),
            "write internationalised names in punycode (xn--...)"
        );
    }

    #[test]
    fn empty_address() {
        for s in ["", "   "] {
            let e = err(s);
            assert_eq!(e.message, "address is empty");
            assert_eq!(help(&e), FORM_HELP);
        }
    }

    #[test]
    fn family_and_kind() {
        assert_eq!(addr("10.0.0.0/8").family(), Some(Family::V4));
        assert_eq!(addr("::1").family(), Some(Family::V6));
        assert_eq!(addr("ris01").family(), None);
        assert_eq!(addr("*.agora.io").family(), None);
        assert!(addr("10.0.0.1").is_ip());
        assert!(!addr("ris01").is_ip());
        assert_eq!(addr("10.0.0.0/8").as_net(), Some(&net("10.0.0.0/8")));
        assert_eq!(addr("ris01").as_net(), None);
        assert_eq!(Family::V4.to_string(), "IPv4");
        assert_eq!(serde_json::to_string(&Family::V6).unwrap(), "\"ipv6\"");
    }

    #[test]
    fn covers() {
        assert!(addr("10.0.0.0/8").covers(&addr("10.1.2.3")));
        assert!(addr("10.0.0.0/8").covers(&addr("10.0.0.0/8")));
        assert!(!addr("10.0.0.0/8").covers(&addr("11.0.0.1")));
        assert!(!addr("10.0.0.1").covers(&addr("10.0.0.0/8")));
        assert!(!addr("::/0").covers(&addr("10.0.0.1")));
        assert!(addr("*.agora.io").covers(&addr("agora.io")));
        assert!(addr("*.agora.io").covers(&addr("sd-rtn.agora.io")));
        assert!(addr("*.agora.io").covers(&addr("*.edge.agora.io")));
        assert!(!addr("*.agora.io").covers(&addr("notagora.io")));
        assert!(!addr("*.edge.agora.io").covers(&addr("*.agora.io")));
        assert!(addr("ris01").covers(&addr("ris01")));
        assert!(!addr("ris01").covers(&addr("ris02")));
        assert!(!addr("ris01").covers(&addr("*.ris01")));
        assert!(!addr("*.agora.io").covers(&addr("10.0.0.1")));
    }

    #[test]
    fn validate_hand_built_values() {
        assert!(addr("10.20.0.0/16").validate().is_ok());
        assert!(addr("*.agora.io").validate().is_ok());
        let host_bits =
            Address::Net(IpNet::new(IpAddr::V4(Ipv4Addr::new(10, 20, 0, 5)), 16).unwrap());
        assert_eq!(
            help(&host_bits.validate().unwrap_err()),
            "did you mean `10.20.0.0/16`?"
        );
        let upper = Address::Fqdn("Example.com".into());
        let e = upper.validate().unwrap_err();
        assert_eq!(e.message, "`Example.com` is not written in canonical form");
        assert_eq!(help(&e), "write `example.com`");
        let evil = Address::Fqdn("a;reboot".into());
        assert!(evil.validate().is_err());
        let evil = Address::Wildcard("x y".into());
        assert!(evil.validate().is_err());
        assert!(Address::Wildcard("*.x".into()).validate().is_err());
        assert!(Address::Fqdn("10.0.0.1".into()).validate().is_err());
        assert!(Address::Fqdn("*.x".into()).validate().is_err());
    }

    #[test]
    fn serde_as_string() {
        let a = addr("10.20.0.0/16");
        assert_eq!(serde_json::to_string(&a).unwrap(), "\"10.20.0.0/16\"");
        assert_eq!(
            serde_json::to_string(&addr(".agora.io")).unwrap(),
            "\"*.agora.io\""
        );
        let back: Address = serde_json::from_str("\"Example.COM.\"").unwrap();
        assert_eq!(back, Address::Fqdn("example.com".into()));
        let e = serde_json::from_str::<Address>("\"10.20.0.5/16\"").unwrap_err();
        assert!(
            e.to_string()
                .contains("`10.20.0.5/16` has host bits set; did you mean `10.20.0.0/16`?"),
            "{e}"
        );
        assert!(serde_json::from_str::<Address>("5").is_err());
    }

    #[test]
    fn error_diagnostic() {
        let d = err("10.0.0.0/33").to_diagnostic(Code::PlanInvalidAddress);
        assert_eq!(d.code, Code::PlanInvalidAddress);
        assert!(d.help.is_some());
        let no_help = AddrError {
            message: "x".into(),
            help: None,
        };
        assert_eq!(no_help.to_diagnostic(Code::PlanInvalidAddress).help, None);
        assert_eq!(no_help.to_string(), "x");
    }

    #[test]
    fn collapse_merges_and_splits() {
        let c = |v: &[&str]| -> Vec<String> {
            collapse(&v.iter().map(|s| net(s)).collect::<Vec<_>>())
                .iter()
                .map(ToString::to_string)
                .collect()
        };
        assert_eq!(c(&[]), Vec::<String>::new());
        assert_eq!(c(&["10.0.0.0/25", "10.0.0.128/25"]), ["10.0.0.0/24"]);
        assert_eq!(c(&["10.0.0.0/24", "10.0.0.7/32"]), ["10.0.0.0/24"]);
        assert_eq!(
            c(&["10.0.0.1/32", "10.0.0.2/32"]),
            ["10.0.0.1/32", "10.0.0.2/32"]
        );
        assert_eq!(c(&["10.0.0.2/32", "10.0.0.3/32"]), ["10.0.0.2/31"]);
        assert_eq!(
            c(&["10.0.0.1/32", "10.0.0.2/31", "10.0.0.4/31", "10.0.0.6/32"]),
            ["10.0.0.1/32", "10.0.0.2/31", "10.0.0.4/31", "10.0.0.6/32"]
        );
        assert_eq!(
            c(&[
                "2001:db8::/33",
                "10.0.0.0/8",
                "2001:db8:8000::/33",
                "9.0.0.0/8"
            ]),
            ["9.0.0.0/8", "10.0.0.0/8", "2001:db8::/32"]
        );
        assert_eq!(c(&["0.0.0.0/1", "128.0.0.0/1"]), ["0.0.0.0/0"]);
        assert_eq!(c(&["0.0.0.0/0", "10.0.0.0/8"]), ["0.0.0.0/0"]);
        assert_eq!(c(&["::/1", "8000::/1"]), ["::/0"]);
        assert_eq!(c(&["::/0", "::1/128"]), ["::/0"]);
        assert_eq!(
            c(&["255.255.255.255/32", "255.255.255.254/32"]),
            ["255.255.255.254/31"]
        );
        assert_eq!(
            c(&["ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128"]),
            ["ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128"]
        );
        assert_eq!(c(&["0.0.0.0/32"]), ["0.0.0.0/32"]);
        // Host bits in the input are ignored.
        assert_eq!(c(&["10.0.0.5/24"]), ["10.0.0.0/24"]);
        // 10.0.0.1 .. 10.0.1.254
        assert_eq!(
            c(&[
                "10.0.0.1/32",
                "10.0.0.2/31",
                "10.0.0.4/30",
                "10.0.0.8/29",
                "10.0.0.16/28",
                "10.0.0.32/27",
                "10.0.0.64/26",
                "10.0.0.128/25",
                "10.0.1.0/25",
                "10.0.1.128/26",
                "10.0.1.192/27",
                "10.0.1.224/28",
                "10.0.1.240/29",
                "10.0.1.248/30",
                "10.0.1.252/31",
                "10.0.1.254/32"
            ]),
            [
                "10.0.0.1/32",
                "10.0.0.2/31",
                "10.0.0.4/30",
                "10.0.0.8/29",
                "10.0.0.16/28",
                "10.0.0.32/27",
                "10.0.0.64/26",
                "10.0.0.128/25",
                "10.0.1.0/25",
                "10.0.1.128/26",
                "10.0.1.192/27",
                "10.0.1.224/28",
                "10.0.1.240/29",
                "10.0.1.248/30",
                "10.0.1.252/31",
                "10.0.1.254/32"
            ]
        );
        assert_eq!(
            c(&["10.0.0.0/24", "10.0.1.0/24", "10.0.3.0/24", "10.0.2.0/24"]),
            ["10.0.0.0/22"]
        );
    }

    #[test]
    fn split_by_family() {
        let (v4, v6) = split_families(&[
            net("::/0"),
            net("10.0.0.0/8"),
            net("fd00::/8"),
            net("1.1.1.1/32"),
        ]);
        assert_eq!(
            v4,
            vec![
                "10.0.0.0/8".parse::<Ipv4Net>().unwrap(),
                "1.1.1.1/32".parse().unwrap()
            ]
        );
        assert_eq!(
            v6,
            vec![
                "::/0".parse::<Ipv6Net>().unwrap(),
                "fd00::/8".parse().unwrap()
            ]
        );
    }
}
