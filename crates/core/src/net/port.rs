//! TCP and UDP ports: single ports, inclusive ranges and normalised sets of ranges.

use super::show;
use crate::diag::Code;
use crate::diag::Diagnostic;
use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use smallvec::SmallVec;
use std::fmt;
use std::str::FromStr;

const RANGE_HELP: &str = "a port is a number from 1 to 65535";
const FORM_HELP: &str = "write a port like `443` or a range like `4001-4004`";
const LIST_HELP: &str = "separate ports with commas, like `80, 443, 4700-5000`";

/// Why a port, port range, port list or transport was rejected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PortError {
    /// Lowercase sentence; the user's input in backticks.
    pub message: String,
    /// One line saying what would be valid.
    pub help: String,
}

impl PortError {
    fn new(message: impl Into<String>, help: impl Into<String>) -> Self {
        PortError {
            message: message.into(),
            help: help.into(),
        }
    }

    fn out_of_range(text: &str) -> Self {
        PortError::new(format!("port `{}` is out of range", show(text)), RANGE_HELP)
    }

    /// This error as an error diagnostic with the given code.
    pub fn to_diagnostic(&self, code: Code) -> Diagnostic {
        Diagnostic::error(code, self.message.clone()).with_help(self.help.clone())
    }
}

impl fmt::Display for PortError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for PortError {}

/// An inclusive range of ports, `start..=end`, with `1 <= start <= end <= 65535`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PortRange {
    start: u16,
    end: u16,
}

impl PortRange {
    /// The range `start..=end`; port 0 and reversed ranges are errors.
    pub fn new(start: u16, end: u16) -> Result<PortRange, PortError> {
        if start == 0 || end == 0 {
            return Err(PortError::out_of_range("0"));
        }
        if start > end {
            return Err(PortError::new(
                format!("port range `{start}-{end}` is reversed"),
                format!("write the lower port first: `{end}-{start}`"),
            ));
        }
        Ok(PortRange { start, end })
    }

    /// The range holding only `port`; port 0 is an error.
    pub fn single(port: u16) -> Result<PortRange, PortError> {
        PortRange::new(port, port)
    }

    pub fn start(&self) -> u16 {
        self.start
    }

    pub fn end(&self) -> u16 {
        self.end
    }

    /// Number of ports in the range (1 to 65535).
    pub fn count(&self) -> u32 {
        u32::from(self.end) - u32::from(self.start) + 1
    }

    pub fn contains(&self, port: u16) -> bool {
        self.start <= port && port <= self.end
    }

    /// Whether the range holds a single port.
    pub fn is_single(&self) -> bool {
        self.start == self.end
    }
}

impl fmt::Display for PortRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_single() {
            write!(f, "{}", self.start)
        } else {
            write!(f, "{}-{}", self.start, self.end)
        }
    }
}

/// Characters people paste instead of an ASCII hyphen: Unicode hyphens, dashes and minus.
fn is_dash_lookalike(c: char) -> bool {
    matches!(
        c,
        '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE58}' | '\u{FE63}' | '\u{FF0D}'
    )
}

fn is_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// One port number, `token` already trimmed.
fn parse_port(token: &str) -> Result<u16, PortError> {
    if token.is_empty() {
        return Err(PortError::new("port is empty", FORM_HELP));
    }
    if !is_digits(token) {
        if token
            .strip_prefix('-')
            .is_some_and(|rest| is_digits(rest.trim()))
        {
            return Err(PortError::out_of_range(token));
        }
        let looks_like_list = token.bytes().any(|b| b.is_ascii_digit())
            && token
                .bytes()
                .all(|b| b.is_ascii_digit() || b.is_ascii_whitespace() || b == b';');
        let help = if looks_like_list {
            LIST_HELP
        } else {
            FORM_HELP
        };
        return Err(PortError::new(
            format!("`{}` is not a port number", show(token)),
            help,
        ));
    }
    let significant = token.trim_start_matches('0');
    let value: u32 = if significant.is_empty() {
        0
    } else if significant.len() > 5 {
        u32::MAX
    } else {
        significant.parse().unwrap_or(u32::MAX)
    };
    match u16::try_from(value) {
        Ok(port) if port >= 1 => Ok(port),
        _ => Err(PortError::out_of_range(token)),
    }
}

impl FromStr for PortRange {
    type Err = PortError;

    /// `80`, `4001-4004` or `4001 - 4004`.
    fn from_str(s: &str) -> Result<PortRange, PortError> {
        let text = s.trim();
        if text.is_empty() {
            return Err(PortError::new("port is empty", FORM_HELP));
        }
        if let Some(c) = text.chars().find(|&c| is_dash_lookalike(c)) {
            return Err(PortError::new(
                format!(
                    "`{}` uses `{c}` (U+{:04X}) instead of a hyphen",
                    show(text),
                    u32::from(c)
                ),
                "write port ranges with an ASCII hyphen, like `4001-4004`",
            ));
        }
        if text
            .strip_prefix('-')
            .is_some_and(|rest| is_digits(rest.trim()))
        {
            return Err(PortError::out_of_range(text));
        }
        let Some((a, b)) = text.split_once('-') else {
            let port = parse_port(text)?;
            return Ok(PortRange {
                start: port,
                end: port,
            });
        };
        let (a, b) = (a.trim(), b.trim());
        if b.contains('-') {
            return Err(PortError::new(
                format!("`{}` is not a port or port range", show(text)),
                FORM_HELP,
            ));
        }
        if a.is_empty() || b.is_empty() {
            let missing = if a.is_empty() { "start" } else { "end" };
            return Err(PortError::new(
                format!("port range `{}` is missing its {missing}", show(text)),
                "write a range like `4001-4004`",
            ));
        }
        let start = parse_port(a)?;
        let end = parse_port(b)?;
        if start > end {
            return Err(PortError::new(
                format!("port range `{}` is reversed", show(text)),
                format!("write the lower port first: `{end}-{start}`"),
            ));
        }
        Ok(PortRange { start, end })
    }
}

impl Serialize for PortRange {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// A port given as a number in a data file (`7003` rather than `"7003"`).
fn port_from_number(v: i128) -> Result<PortRange, PortError> {
    match u16::try_from(v) {
        Ok(port) if port >= 1 => Ok(PortRange {
            start: port,
            end: port,
        }),
        _ => Err(PortError::out_of_range(&v.to_string())),
    }
}

fn de_error<E: de::Error>(e: PortError) -> E {
    E::custom(format_args!("{}; {}", e.message, e.help))
}

struct PortRangeVisitor;

impl Visitor<'_> for PortRangeVisitor {
    type Value = PortRange;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a port like 443 or a range like \"4001-4004\"")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<PortRange, E> {
        v.parse().map_err(de_error)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<PortRange, E> {
        port_from_number(i128::from(v)).map_err(de_error)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<PortRange, E> {
        port_from_number(i128::from(v)).map_err(de_error)
    }
}

impl<'de> Deserialize<'de> for PortRange {
    /// A string (`"80"`, `"4001-4004"`) or an integer (`80`).
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<PortRange, D::Error> {
        deserializer.deserialize_any(PortRangeVisitor)
    }
}

/// A set of ports kept normalised: sorted ranges, overlapping and adjacent ranges merged, so two
/// sets with the same ports are equal and print the same (`80, 81, 82` becomes `80-82`).
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PortSet {
    ranges: SmallVec<[PortRange; INLINE]>,
}

/// How many ranges a [`PortSet`] holds without allocating: almost every set of a catalog rule,
/// a flow or an aggregated rule has one to three.
const INLINE: usize = 5;

impl PortSet {
    /// The empty set.
    pub fn new() -> PortSet {
        PortSet::default()
    }

    pub fn insert_range(&mut self, range: PortRange) {
        // Find the stored ranges that overlap or touch `range`; they form one run because the
        // stored ranges are sorted, disjoint and separated by gaps.
        let lo = u32::from(range.start);
        let hi = u32::from(range.end);
        let stored = self.ranges.as_slice();
        let first = stored.partition_point(|r| u32::from(r.end) + 1 < lo);
        let last = stored.partition_point(|r| u32::from(r.start) <= hi + 1);
        let mut merged = range;
        if let Some(run) = stored.get(first..last) {
            for r in run {
                merged.start = merged.start.min(r.start);
                merged.end = merged.end.max(r.end);
            }
        }
        if first < last {
            // the run shrinks to one range
            if let Some(slot) = self.ranges.get_mut(first) {
                *slot = merged;
            }
            self.ranges.drain(first + 1..last);
        } else {
            self.ranges.insert(first.min(self.ranges.len()), merged);
        }
    }

    /// Every port in `self` or `other`.
    pub fn union(&self, other: &PortSet) -> PortSet {
        let mut out = self.clone();
        out.extend(other.ranges().iter().copied());
        out
    }

    /// Adds every port of `other` to `self`.
    pub fn union_with(&mut self, other: &PortSet) {
        self.extend(other.ranges().iter().copied());
    }

    /// The ports in both sets.
    pub fn intersection(&self, other: &PortSet) -> PortSet {
        let mut out = PortSet::new();
        let (mut i, mut j) = (0, 0);
        while let (Some(a), Some(b)) = (self.ranges().get(i), other.ranges().get(j)) {
            let start = a.start.max(b.start);
            let end = a.end.min(b.end);
            if start <= end {
                out.ranges.push(PortRange { start, end });
            }
            if a.end < b.end {
                i += 1;
            } else {
                j += 1;
            }
        }
        out
    }

    /// The ports of `self` that are not in `other`.
    pub fn difference(&self, other: &PortSet) -> PortSet {
        let mut out = PortSet::new();
        for a in self.ranges() {
            let mut start = u32::from(a.start);
            let end = u32::from(a.end);
            for b in other.ranges() {
                let (bs, be) = (u32::from(b.start), u32::from(b.end));
                if be < start || bs > end {
                    continue;
                }
                if bs > start {
                    out.push_u32(start, bs - 1);
                }
                start = be + 1;
                if start > end {
                    break;
                }
            }
            if start <= end {
                out.push_u32(start, end);
            }
        }
        out
    }

    /// Appends a range known to lie above every stored range (both ends within 1..=65535).
    fn push_u32(&mut self, start: u32, end: u32) {
        if let (Ok(start), Ok(end)) = (u16::try_from(start), u16::try_from(end)) {
            self.insert_range(PortRange { start, end });
        }
    }

    pub fn contains(&self, port: u16) -> bool {
        let ranges = self.ranges();
        let i = ranges.partition_point(|r| r.end < port);
        ranges.get(i).is_some_and(|r| r.contains(port))
    }

    /// The normalised ranges, ascending, none overlapping or adjacent to another.
    pub fn ranges(&self) -> &[PortRange] {
        self.ranges.as_slice()
    }

    /// Number of ports in the set (0 to 65535).
    pub fn count(&self) -> u32 {
        self.ranges().iter().map(PortRange::count).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.ranges().is_empty()
    }

    /// Every port, ascending.
    pub fn iter_ports(&self) -> impl Iterator<Item = u16> + '_ {
        self.ranges().iter().flat_map(|r| r.start..=r.end)
    }
}

impl From<PortRange> for PortSet {
    fn from(range: PortRange) -> PortSet {
        let mut set = PortSet::new();
        set.insert_range(range);
        set
    }
}

impl Extend<PortRange> for PortSet {
    fn extend<I: IntoIterator<Item = PortRange>>(&mut self, iter: I) {
        for range in iter {
            self.insert_range(range);
        }
    }
}

impl FromIterator<PortRange> for PortSet {
    fn from_iter<I: IntoIterator<Item = PortRange>>(iter: I) -> PortSet {
        let mut set = PortSet::new();
        set.extend(iter);
        set
    }
}

impl fmt::Display for PortSet {
    /// `80, 443, 4700-5000`; the empty set prints as the empty string.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, range) in self.ranges().iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{range}")?;
        }
        Ok(())
    }
}

impl FromStr for PortSet {
    type Err = PortError;

    /// A comma-separated list of ports and ranges, `80, 443, 4700-5000`, in any order, overlaps
    /// allowed. The empty (or blank) string is the empty set; an empty entry is an error.
    fn from_str(s: &str) -> Result<PortSet, PortError> {
        let text = s.trim();
        let mut set = PortSet::new();
        if text.is_empty() {
            return Ok(set);
        }
        for entry in text.split(',') {
            if entry.trim().is_empty() {
                return Err(PortError::new(
                    format!("port list `{}` has an empty entry", show(text)),
                    LIST_HELP,
                ));
            }
            set.insert_range(entry.parse()?);
        }
        Ok(set)
    }
}

impl Serialize for PortSet {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

struct PortSetVisitor;

impl<'de> Visitor<'de> for PortSetVisitor {
    type Value = PortSet;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a port list like \"80, 443, 4700-5000\", a port number, or a list of them")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<PortSet, E> {
        v.parse().map_err(de_error)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<PortSet, E> {
        port_from_number(i128::from(v))
            .map(PortSet::from)
            .map_err(de_error)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<PortSet, E> {
        port_from_number(i128::from(v))
            .map(PortSet::from)
            .map_err(de_error)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<PortSet, A::Error> {
        let mut set = PortSet::new();
        while let Some(range) = seq.next_element::<PortRange>()? {
            set.insert_range(range);
        }
        Ok(set)
    }
}

impl<'de> Deserialize<'de> for PortSet {
    /// A string (`"80, 443, 4700-5000"`), a single integer (`443`) or a sequence of ports and
    /// ranges (`[80, "4001-4004"]`).
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<PortSet, D::Error> {
        deserializer.deserialize_any(PortSetVisitor)
    }
}

/// Layer-4 protocol of a flow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Transport {
    Tcp,
    Udp,
}

impl Transport {
    pub fn as_str(&self) -> &'static str {
        match self {
            Transport::Tcp => "tcp",
            Transport::Udp => "udp",
        }
    }
}

impl fmt::Display for Transport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Transport {
    type Err = PortError;

    /// `tcp` or `udp`, in any case.
    fn from_str(s: &str) -> Result<Transport, PortError> {
        let text = s.trim();
        if text.eq_ignore_ascii_case("tcp") {
            Ok(Transport::Tcp)
        } else if text.eq_ignore_ascii_case("udp") {
            Ok(Transport::Udp)
        } else {
            Err(PortError::new(
                format!("unknown transport `{}`", show(text)),
                "write `tcp` or `udp`",
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn range(s: &str) -> PortRange {
        s.parse().unwrap()
    }

    fn set(s: &str) -> PortSet {
        s.parse().unwrap()
    }

    fn range_err(s: &str) -> PortError {
        s.parse::<PortRange>().unwrap_err()
    }

    #[test]
    fn parses_single_ports_and_ranges() {
        assert_eq!(range("80"), PortRange::new(80, 80).unwrap());
        assert_eq!(range("4001-4004"), PortRange::new(4001, 4004).unwrap());
        assert_eq!(range("4001 - 4004"), PortRange::new(4001, 4004).unwrap());
        assert_eq!(range("  443 "), PortRange::single(443).unwrap());
        assert_eq!(range("1-65535"), PortRange::new(1, 65535).unwrap());
        assert_eq!(range("0080"), PortRange::single(80).unwrap());
        let r = range("4001-4004");
        assert_eq!((r.start(), r.end(), r.count()), (4001, 4004, 4));
        assert!(r.contains(4001) && r.contains(4004) && !r.contains(4005));
        assert!(!r.is_single());
        assert_eq!(range("1-65535").count(), 65535);
    }

    #[test]
    fn displays_canonically() {
        assert_eq!(range("80").to_string(), "80");
        assert_eq!(range("4001 - 4004").to_string(), "4001-4004");
        assert_eq!(range("5000-5000").to_string(), "5000");
    }

    #[test]
    fn out_of_range_ports() {
        for (input, shown) in [
            ("70000", "70000"),
            ("0", "0"),
            ("-1", "-1"),
            (" -1 ", "-1"),
            ("65536", "65536"),
            ("99999999999999999999999", "99999999999999999999999"),
            ("80-70000", "70000"),
            ("0-80", "0"),
        ] {
            let e = range_err(input);
            assert_eq!(
                e.message,
                format!("port `{shown}` is out of range"),
                "{input}"
            );
            assert_eq!(e.help, "a port is a number from 1 to 65535");
        }
        let e = PortRange::new(0, 10).unwrap_err();
        assert_eq!(e.message, "port `0` is out of range");
        assert_eq!(
            PortRange::single(0).unwrap_err().message,
            "port `0` is out of range"
        );
    }

    #[test]
    fn not_a_port() {
        let e = range_err("abc");
        assert_eq!(e.message, "`abc` is not a port number");
        assert_eq!(
            e.help,
            "write a port like `443` or a range like `4001-4004`"
        );
        assert_eq!(range_err("+80").message, "`+80` is not a port number");
        assert_eq!(range_err("8o").message, "`8o` is not a port number");
        assert_eq!(range_err("https").message, "`https` is not a port number");
        let e = range_err("80 443");
        assert_eq!(e.message, "`80 443` is not a port number");
        assert_eq!(
            e.help,
            "separate ports with commas, like `80, 443, 4700-5000`"
        );
        assert_eq!(range_err("80;443").help, e.help);
    }

    #[test]
    fn reversed_range() {
        let e = range_err("5000-4000");
        assert_eq!(e.message, "port range `5000-4000` is reversed");
        assert_eq!(e.help, "write the lower port first: `4000-5000`");
        let e = range_err("5000 - 4000");
        assert_eq!(e.message, "port range `5000 - 4000` is reversed");
        assert_eq!(e.help, "write the lower port first: `4000-5000`");
        let e = PortRange::new(5000, 4000).unwrap_err();
        assert_eq!(e.message, "port range `5000-4000` is reversed");
        assert_eq!(e.help, "write the lower port first: `4000-5000`");
    }

    #[test]
    fn empty_and_malformed_ranges() {
        for input in ["", "   "] {
            let e = range_err(input);
            assert_eq!(e.message, "port is empty");
            assert_eq!(
                e.help,
                "write a port like `443` or a range like `4001-4004`"
            );
        }
        let e = range_err("80-");
        assert_eq!(e.message, "port range `80-` is missing its end");
        assert_eq!(e.help, "write a range like `4001-4004`");
        assert_eq!(
            range_err("-").message,
            "port range `-` is missing its start"
        );
        assert_eq!(
            range_err("- x").message,
            "port range `- x` is missing its start"
        );
        let e = range_err("1-2-3");
        assert_eq!(e.message, "`1-2-3` is not a port or port range");
        assert_eq!(
            e.help,
            "write a port like `443` or a range like `4001-4004`"
        );
        let e = range_err("4001–4004");
        assert_eq!(
            e.message,
            "`4001–4004` uses `–` (U+2013) instead of a hyphen"
        );
        assert_eq!(
            e.help,
            "write port ranges with an ASCII hyphen, like `4001-4004`"
        );
    }

    #[test]
    fn set_normalises() {
        let s = set("82, 80, 81");
        assert_eq!(s.ranges(), &[PortRange::new(80, 82).unwrap()]);
        assert_eq!(s.to_string(), "80-82");
        let s = set("4700-5000, 443, 80, 4800-5100, 5101");
        assert_eq!(s.to_string(), "80, 443, 4700-5101");
        assert_eq!(s.count(), 2 + 402);
        assert!(s.contains(80) && s.contains(5101) && s.contains(4700));
        assert!(!s.contains(81) && !s.contains(0) && !s.contains(5102) && !s.contains(65535));
        let s = set("1-10, 20-30, 5-25");
        assert_eq!(s.to_string(), "1-30");
        let s = set("10, 1-65535");
        assert_eq!(s.to_string(), "1-65535");
        assert_eq!(s.count(), 65535);
        let s = set("65535, 65534, 1, 2");
        assert_eq!(s.to_string(), "1-2, 65534-65535");
        assert_eq!(s.iter_ports().collect::<Vec<_>>(), vec![1, 2, 65534, 65535]);
    }

    #[test]
    fn set_union_and_collect() {
        let a = set("80, 443");
        let b = set("81, 1000-2000");
        assert_eq!(a.union(&b).to_string(), "80-81, 443, 1000-2000");
        let c: PortSet = [range("3"), range("1"), range("2")].into_iter().collect();
        assert_eq!(c.to_string(), "1-3");
        assert_eq!(PortSet::from(range("7")).to_string(), "7");
    }

    #[test]
    fn empty_set() {
        let s = set("");
        assert!(s.is_empty());
        assert_eq!(s.count(), 0);
        assert_eq!(s.to_string(), "");
        assert_eq!(set("  "), PortSet::new());
        assert!(!set("1").is_empty());
    }

    #[test]
    fn set_errors() {
        for input in ["80,,443", "80,", ",80", " , "] {
            let e = input.parse::<PortSet>().unwrap_err();
            assert_eq!(
                e.message,
                format!("port list `{}` has an empty entry", input.trim()),
                "{input}"
            );
            assert_eq!(
                e.help,
                "separate ports with commas, like `80, 443, 4700-5000`"
            );
        }
        let e = "80, 70000".parse::<PortSet>().unwrap_err();
        assert_eq!(e.message, "port `70000` is out of range");
        let e = "80, 5000-4000".parse::<PortSet>().unwrap_err();
        assert_eq!(e.help, "write the lower port first: `4000-5000`");
    }

    #[test]
    fn serde_as_strings() {
        let s = set("443, 80");
        assert_eq!(serde_json::to_string(&s).unwrap(), "\"80, 443\"");
        let back: PortSet = serde_json::from_str("\"80, 443\"").unwrap();
        assert_eq!(back, s);
        let r = range("4001-4004");
        assert_eq!(serde_json::to_string(&r).unwrap(), "\"4001-4004\"");
        assert_eq!(
            serde_json::from_str::<PortRange>("\"4001-4004\"").unwrap(),
            r
        );
        assert_eq!(
            serde_json::from_str::<PortRange>("7003").unwrap(),
            range("7003")
        );
        assert_eq!(serde_json::from_str::<PortSet>("443").unwrap(), set("443"));
        assert_eq!(
            serde_json::from_str::<PortSet>("[80, \"4001-4004\", 81]").unwrap(),
            set("80-81, 4001-4004")
        );
        let e = serde_json::from_str::<PortRange>("70000").unwrap_err();
        assert!(
            e.to_string().contains("port `70000` is out of range"),
            "{e}"
        );
        let e = serde_json::from_str::<PortRange>("-1").unwrap_err();
        assert!(e.to_string().contains("port `-1` is out of range"), "{e}");
        let e = serde_json::from_str::<PortSet>("\"5000-4000\"").unwrap_err();
        assert!(
            e.to_string()
                .contains("write the lower port first: `4000-5000`"),
            "{e}"
        );
        assert!(serde_json::from_str::<PortSet>("true").is_err());
        assert!(serde_json::from_str::<PortSet>("[0]").is_err());

        #[derive(Deserialize)]
        struct Rule {
            ports: PortSet,
        }
        let rule: Rule = toml::from_str("ports = [7003, \"4001-4004\"]").unwrap();
        assert_eq!(rule.ports.to_string(), "4001-4004, 7003");
    }

    #[test]
    fn transport() {
        assert_eq!("tcp".parse::<Transport>().unwrap(), Transport::Tcp);
        assert_eq!(" UDP ".parse::<Transport>().unwrap(), Transport::Udp);
        assert_eq!(Transport::Tcp.to_string(), "tcp");
        assert_eq!(Transport::Udp.to_string(), "udp");
        assert_eq!(serde_json::to_string(&Transport::Udp).unwrap(), "\"udp\"");
        assert_eq!(
            serde_json::from_str::<Transport>("\"tcp\"").unwrap(),
            Transport::Tcp
        );
        let e = "icmp".parse::<Transport>().unwrap_err();
        assert_eq!(e.message, "unknown transport `icmp`");
        assert_eq!(e.help, "write `tcp` or `udp`");
    }

    #[test]
    fn error_display_and_diagnostic() {
        let e = range_err("70000");
        assert_eq!(e.to_string(), "port `70000` is out of range");
        let d = e.to_diagnostic(Code::CatalogBadPort);
        assert_eq!(d.code, Code::CatalogBadPort);
        assert_eq!(d.message, "port `70000` is out of range");
        assert_eq!(
            d.help.as_deref(),
            Some("a port is a number from 1 to 65535")
        );
    }
}
