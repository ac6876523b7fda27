//! Vendor version order.
//!
//! Vendor versions are not semver: `15.2 HFR3`, `15.2.3`, `100.0.100.12`, `v14.2.19.42.8801.0`.
//! A [`Version`] keeps the text the user wrote (trimmed) for display and orders by a key:
//!
//! 1. numeric segments, compared one by one as `u64`; missing segments count as 0, so
//!    `15.2` = `15.2.0`;
//! 2. the hotfix rollup number: `HFR3`, `HFR 3`, `hfr3` → 3; none → 0. It must come right after
//!    the numbers; the word `and` before it is noise (`15.2 and HFR3` = `15.2 HFR3`);
//! 3. any other suffix: none sorts before any suffix; suffixes compare as text with ASCII
//!    letters lowercased (`Beta` = `beta`; other characters as written) and runs of whitespace
//!    collapsed to one space.
//!
//! A leading `v`/`V` is ignored. So `15.2 < 15.2 HFR2 < 15.2 HFR3 < 15.2.1 < 15.3`.
//!
//! Equality, ordering and hashing all use the key, never the raw text: `15.2 HFR3` equals
//! `v15.2.0 hfr 3`.

use serde::{Deserialize, Serialize};
use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::str::FromStr;

/// A vendor version such as `15.2 HFR3`; see the module documentation for the order.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Version {
    raw: String,
    key: Key,
}

/// What versions are compared by. Field order is comparison order.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
struct Key {
    /// Numeric segments with trailing zeros removed, so that `15.2` and `15.2.0` are equal and
    /// lexicographic order equals zero-padded order.
    segments: Vec<u64>,
    /// Hotfix rollup number, 0 when absent.
    hfr: u64,
    /// Remaining suffix, ASCII-lowercased and whitespace-collapsed; `None` sorts before any suffix.
    suffix: Option<String>,
}

/// Why a text is not a version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionError {
    /// Lowercase sentence quoting the input in backticks.
    pub message: String,
    /// One line saying what a version looks like.
    pub help: String,
}

impl fmt::Display for VersionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}\n  help: {}", self.message, self.help)
    }
}

impl std::error::Error for VersionError {}

const HELP: &str = "a version starts with numbers separated by dots, e.g. `15.2.3` or `15.2 HFR3`";

impl VersionError {
    fn not_a_version(raw: &str) -> Self {
        VersionError {
            message: format!("`{raw}` is not a version"),
            help: HELP.to_string(),
        }
    }

    fn too_large(raw: &str, number: &str) -> Self {
        VersionError {
            message: format!("`{raw}` is not a version"),
            help: format!(
                "`{number}` is too large for a version number (at most {})",
                u64::MAX
            ),
        }
    }
}

impl Version {
    /// The text as written, trimmed.
    pub fn as_str(&self) -> &str {
        &self.raw
    }

    /// The hotfix rollup number (`HFR3` → 3), 0 when there is none.
    pub fn hfr(&self) -> u64 {
        self.key.hfr
    }

    /// The suffix after the numbers and the hotfix rollup, ASCII-lowercased, if any.
    pub fn suffix(&self) -> Option<&str> {
        self.key.suffix.as_deref()
    }
}

/// Splits a leading run of ASCII digits off `s`.
fn split_digits(s: &str) -> (&str, &str) {
    let end = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    s.split_at(end)
}

/// `s` without a leading `word` (ASCII case-insensitive), if `s` starts with it.
fn strip_prefix_ci<'a>(s: &'a str, word: &str) -> Option<&'a str> {
    let head = s.get(..word.len())?;
    if head.eq_ignore_ascii_case(word) {
        s.get(word.len()..)
    } else {
        None
    }
}

/// The hotfix rollup at the start of `s` (`HFR3`, `HFR 3`), with the rest of `s`. `Ok(None)` when
/// `s` does not start with one.
fn hotfix(s: &str, raw: &str) -> Result<Option<(u64, String)>, VersionError> {
    let Some(after) = strip_prefix_ci(s, "hfr") else {
        return Ok(None);
    };
    let (digits, rest) = split_digits(after.trim_start());
    if digits.is_empty() {
        return Ok(None);
    }
    let n = digits
        .parse::<u64>()
        .map_err(|_| VersionError::too_large(raw, digits))?;
    Ok(Some((n, rest.to_string())))
}

impl FromStr for Version {
    type Err = VersionError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let raw = s.trim();
        if raw.is_empty() {
            return Err(VersionError {
                message: "an empty string is not a version".to_string(),
                help: HELP.to_string(),
            });
        }
        let mut rest = raw
            .strip_prefix('v')
            .or_else(|| raw.strip_prefix('V'))
            .unwrap_or(raw);

        let mut segments = Vec::new();
        loop {
            let (digits, after) = split_digits(rest);
            // Empty input, no leading digit, `15..2`, `15.` and `15.x` all end up here.
            if digits.is_empty() {
                return Err(VersionError::not_a_version(raw));
            }
            let n = digits
                .parse::<u64>()
                .map_err(|_| VersionError::too_large(raw, digits))?;
            segments.push(n);
            match after.strip_prefix('.') {
                Some(next) => rest = next,
                None => {
                    rest = after;
                    break;
                }
            }
        }
        while segments.last() == Some(&0) {
            segments.pop();
        }

        let rest = rest.trim_start();
        // `15.2 and HFR3`: `and` between the numbers and the hotfix rollup is noise.
        let without_and = strip_prefix_ci(rest, "and")
            .filter(|a| a.starts_with(char::is_whitespace))
            .map(str::trim_start)
            .filter(|a| matches!(hotfix(a, raw), Ok(Some(_))));
        let rest = without_and.unwrap_or(rest);
        let (hfr, rest) = match hotfix(rest, raw)? {
            Some((n, after)) => (n, after),
            None => (0, rest.to_string()),
        };
        let suffix = rest
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_ascii_lowercase();
        let suffix = (!suffix.is_empty()).then_some(suffix);

        Ok(Version {
            raw: raw.to_string(),
            key: Key {
                segments,
                hfr,
                suffix,
            },
        })
    }
}

impl TryFrom<String> for Version {
    type Error = VersionError;

    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl TryFrom<&str> for Version {
    type Error = VersionError;

    fn try_from(s: &str) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl From<Version> for String {
    fn from(v: Version) -> String {
        v.raw
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.raw)
    }
}

impl PartialEq for Version {
    fn eq(&self, other: &Self) -> bool {
        self.key == other.key
    }
}

impl Eq for Version {}

impl PartialOrd for Version {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Version {
    fn cmp(&self, other: &Self) -> Ordering {
        self.key.cmp(&other.key)
    }
}

impl Hash for Version {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.key.hash(state);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::hash_map::DefaultHasher;

    fn v(s: &str) -> Version {
        s.parse()
            .unwrap_or_else(|e| panic!("`{s}` should parse: {e}"))
    }

    fn hash_of(v: &Version) -> u64 {
        let mut h = DefaultHasher::new();
        v.hash(&mut h);
        h.finish()
    }

    #[test]
    fn every_documented_form_parses() {
        for s in [
            "15.2 HFR3",
            "15.2.3",
            "100.0.100.12",
            "v14.2.19.42.8801.0",
            "5.0.0",
            "15.2 and HFR3",
            "15.2 HFR 3",
            "15.2 hfr3",
            "V15",
            "  15.2  ",
            "5.1 beta",
        ] {
            v(s);
        }
    }

    #[test]
    fn parts_are_read() {
        assert_eq!(v("15.2 HFR3").hfr(), 3);
        assert_eq!(v("15.2 HFR 3").hfr(), 3);
        assert_eq!(v("15.2 hfr3").hfr(), 3);
        assert_eq!(v("15.2 and HFR3").hfr(), 3);
        assert_eq!(v("15.2 and HFR3").suffix(), None);
        assert_eq!(v("15.2").hfr(), 0);
        assert_eq!(v("15.2 HFR3 Beta  2").suffix(), Some("beta 2"));
        assert_eq!(v("15.2 and more").suffix(), Some("and more"));
        assert_eq!(v("15.2 and more").hfr(), 0);
        assert_eq!(v("15.2 HFR").suffix(), Some("hfr"));
        assert_eq!(v("15.2 HFR").hfr(), 0);
        assert_eq!(
            v("v14.2.19.42.8801.0").key.segments,
            vec![14, 2, 19, 42, 8801]
        );
        assert_eq!(v("5.0.0").key.segments, vec![5]);
        assert_eq!(v("0.0").key.segments, Vec::<u64>::new());
        assert_eq!(v("  15.2 HFR3 ").as_str(), "15.2 HFR3");
    }

    #[test]
    fn documented_chain_is_strictly_increasing() {
        let chain = ["15.2", "15.2 HFR2", "15.2 HFR3", "15.2.1", "15.3"];
        for pair in chain.windows(2) {
            assert!(v(pair[0]) < v(pair[1]), "{} < {}", pair[0], pair[1]);
            assert!(v(pair[1]) > v(pair[0]));
            assert_ne!(v(pair[0]), v(pair[1]));
        }
        let longer = [
            "5",
            "5.0.0.1",
            "5.0.1",
            "5.1",
            "5.1 alpha",
            "5.1 beta",
            "5.1 HFR1",
            "5.1 HFR1 beta",
            "5.1 HFR2",
            "5.1 HFR10",
            "5.1.0.1",
            "15",
            "100.0.100.12",
        ];
        for pair in longer.windows(2) {
            assert!(v(pair[0]) < v(pair[1]), "{} < {}", pair[0], pair[1]);
        }
    }

    #[test]
    fn equal_at_threshold_and_less_just_below() {
        assert_eq!(v("15.2 HFR3"), v("15.2.0 HFR3"));
        assert_eq!(v("15.2.3"), v("15.2.3.0"));
        assert_eq!(v("15.2"), v("15.2.0"));
        assert_eq!(v("15.2 HFR3"), v("15.2 and HFR3"));
        assert_eq!(v("15.2 HFR3"), v("15.2 hfr 3"));
        assert_eq!(v("15.2 HFR3"), v("v15.2 HFR3"));
        assert_eq!(v("5.1 Beta"), v("5.1 beta"));
        // Only ASCII letters fold: other letters compare as written, and stay ordered.
        assert_eq!(v("5.1 Ünicode").suffix(), Some("Ünicode"));
        assert_ne!(v("5.1 Ä"), v("5.1 ä"));
        assert!(v("5.1 Ä") < v("5.1 ä"));
        assert_eq!(v("15.2 HFR0"), v("15.2"));
        assert!(v("15.2 HFR2") < v("15.2 HFR3"));
        assert!(v("15.2.2") < v("15.2.3"));
        assert!(v("15.2 HFR3") < v("15.2.3"));
        assert!(v("15.2.2.99") < v("15.2.3"));
        assert_eq!(hash_of(&v("15.2 HFR3")), hash_of(&v("15.2.0 hfr3")));
        assert_eq!(v("15.2 HFR3").cmp(&v("15.2.0 HFR3")), Ordering::Equal);
    }

    #[test]
    fn numeric_not_textual_order() {
        assert!(v("15.10") > v("15.9"));
        assert!(v("15.2 HFR10") > v("15.2 HFR9"));
        assert!(v("100") > v("99.99.99"));
        assert_eq!(v(&u64::MAX.to_string()).key.segments, vec![u64::MAX]);
    }

    #[test]
    fn errors_quote_the_input() {
        for s in [
            "15.x", "15..2", "15.", "x", "v", "vx1", ".5", "HFR3", "hfr3", "-1",
        ] {
            let e = s.parse::<Version>().unwrap_err();
            assert_eq!(e.message, format!("`{s}` is not a version"), "{s}");
            assert_eq!(e.help, HELP);
        }
        let e = "".parse::<Version>().unwrap_err();
        assert_eq!(e.message, "an empty string is not a version");
        let e = "   ".parse::<Version>().unwrap_err();
        assert_eq!(e.message, "an empty string is not a version");

        let e = "1.99999999999999999999".parse::<Version>().unwrap_err();
        assert_eq!(e.message, "`1.99999999999999999999` is not a version");
        assert!(
            e.help.contains("`99999999999999999999` is too large"),
            "{}",
            e.help
        );
        let e = "1.0 HFR99999999999999999999"
            .parse::<Version>()
            .unwrap_err();
        assert!(e.help.contains("too large"));

        let e = "15.x".parse::<Version>().unwrap_err();
        assert_eq!(
            e.to_string(),
            "`15.x` is not a version\n  help: a version starts with numbers separated by dots, e.g. `15.2.3` or `15.2 HFR3`"
        );
    }

    #[test]
    fn display_round_trips() {
        for s in [
            "15.2 HFR3",
            "v14.2.19.42.8801.0",
            "15.2 and HFR3",
            "5.1 Beta",
        ] {
            let a = v(s);
            assert_eq!(a.to_string(), s);
            assert_eq!(a.as_str(), s);
            let b = v(&a.to_string());
            assert_eq!(a, b);
            assert_eq!(a.to_string(), b.to_string());
        }
    }

    #[test]
    fn serde_is_a_plain_string() {
        let a = v("15.2 HFR3");
        let json = serde_json::to_string(&a).unwrap();
        assert_eq!(json, "\"15.2 HFR3\"");
        let b: Version = serde_json::from_str(&json).unwrap();
        assert_eq!(a, b);
        assert_eq!(b.as_str(), "15.2 HFR3");
        let list: Vec<Version> = serde_json::from_str(r#"["5.0", "5.1 HFR2"]"#).unwrap();
        assert!(list[0] < list[1]);
        let err = serde_json::from_str::<Version>("\"15.x\"").unwrap_err();
        assert!(err.to_string().contains("`15.x` is not a version"), "{err}");
        assert!(serde_json::from_str::<Version>("15").is_err());
    }

    #[cfg(not(target_arch = "wasm32"))]
    mod props {
        use super::*;
        use proptest::prelude::*;

        /// Versions written in many ways, with small numbers so that equal keys are common.
        fn version_text() -> impl Strategy<Value = String> {
            (
                prop::bool::ANY,
                prop::collection::vec(prop_oneof![4 => 0u64..4, 1 => any::<u64>()], 1..5),
                0usize..3,
                prop_oneof![Just(None), (0u64..4).prop_map(Some)],
                0usize..4,
                prop::sample::select(vec!["", "beta", "Beta", "rc 2", "RC  2", "a", "sp1"]),
            )
                .prop_map(|(vee, segs, zeros, hfr, style, suffix)| {
                    let mut s = String::new();
                    if vee {
                        s.push('v');
                    }
                    let mut parts: Vec<String> = segs.iter().map(u64::to_string).collect();
                    parts.extend(std::iter::repeat_n("0".to_string(), zeros));
                    s.push_str(&parts.join("."));
                    if let Some(n) = hfr {
                        s.push_str(match style {
                            0 => " HFR",
                            1 => " hfr ",
                            2 => " and HFR",
                            _ => "HFR",
                        });
                        s.push_str(&n.to_string());
                    }
                    if !suffix.is_empty() {
                        s.push(' ');
                        s.push_str(suffix);
                    }
                    s
                })
        }

        proptest! {
            #[test]
            fn generated_versions_parse_and_round_trip(s in version_text()) {
                let a = v(&s);
                let b = v(&a.to_string());
                prop_assert_eq!(&a, &b);
                prop_assert_eq!(a.to_string(), b.to_string());
                let json = serde_json::to_string(&a).unwrap();
                let c: Version = serde_json::from_str(&json).unwrap();
                prop_assert_eq!(a.as_str(), c.as_str());
                prop_assert_eq!(a, c);
            }

            #[test]
            fn order_is_total(a in version_text(), b in version_text(), c in version_text()) {
                let (a, b, c) = (v(&a), v(&b), v(&c));
                // Antisymmetry and consistency with Eq, PartialOrd and Hash.
                prop_assert_eq!(a.cmp(&b), b.cmp(&a).reverse());
                prop_assert_eq!(a == b, a.cmp(&b) == Ordering::Equal);
                prop_assert_eq!(a.partial_cmp(&b), Some(a.cmp(&b)));
                if a == b {
                    prop_assert_eq!(hash_of(&a), hash_of(&b));
                }
                prop_assert_eq!(a.cmp(&a), Ordering::Equal);
                // Transitivity.
                if a <= b && b <= c {
                    prop_assert!(a <= c);
                }
                if a < b && b < c {
                    prop_assert!(a < c);
                }
                // Sorting agrees with pairwise comparison.
                let mut all = [a.clone(), b.clone(), c.clone()];
                all.sort();
                prop_assert!(all[0] <= all[1] && all[1] <= all[2]);
            }

            #[test]
            fn any_text_parses_or_errors_without_panicking(s in "\\PC{0,24}") {
                match s.parse::<Version>() {
                    Ok(a) => prop_assert_eq!(v(&a.to_string()), a),
                    Err(e) => {
                        prop_assert!(!e.message.is_empty());
                        prop_assert!(!e.help.is_empty());
                    }
                }
            }
        }
    }
}
