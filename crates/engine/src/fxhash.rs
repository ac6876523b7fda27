//! The hasher of the engine's short-lived maps keyed by catalog names and small integers:
//! rustc-hash's `FxHashMap` (rustc-hash 2 hashes byte strings with a folded multiply, so names
//! that differ only in their last characters, such as `host0001` … `host0050`, spread over the
//! low bits, which pick the bucket, and the top bits, which the table compares first; the test
//! below checks it). It replaced an own hasher of the same design (BENCHMARKS.md).
//!
//! The standard `HashMap` hasher (SipHash) resists hash flooding, which these maps do not need:
//! their keys are catalog ids and indices, and the maps live for one evaluation. SipHash costs
//! several times more per key. Nothing iterates these maps where order would show in a report.
//!
//! `short_word` is the few bytes of a short name in one word, for `evaluate`'s value list.

pub use rustc_hash::FxHashMap;

/// Up to 7 bytes in one word, read without a byte loop (which compiles to a call of `memcpy`
/// for every string hashed): 4 to 7 bytes as two overlapping 4-byte words, 1 to 3 as their
/// first, middle and last byte. Every byte is read; the length (which callers mix in) tells the
/// cases apart. Longer inputs give a word of some of their bytes only.
pub(crate) fn short_word(bytes: &[u8]) -> u64 {
    let n = bytes.len();
    let u32_at = |at: usize| {
        bytes
            .get(at..at + 4)
            .and_then(|b| <[u8; 4]>::try_from(b).ok())
            .map_or(0, u32::from_le_bytes)
    };
    let byte_at = |at: usize| bytes.get(at).copied().map_or(0, u64::from);
    if n >= 4 {
        u64::from(u32_at(0)) | (u64::from(u32_at(n - 4)) << 32)
    } else if n > 0 {
        byte_at(0) | (byte_at(n / 2) << 8) | (byte_at(n - 1) << 16)
    } else {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::FxHashMap;

    #[test]
    fn maps_find_what_they_hold() {
        let mut m: FxHashMap<(&str, &str), usize> = FxHashMap::default();
        let names = [
            "",
            "a",
            "ris",
            "recorder-01",
            "a-rather-long-role-name",
            "ris/x",
        ];
        for (i, a) in names.iter().enumerate() {
            for (j, b) in names.iter().enumerate() {
                m.insert((a, b), i * 10 + j);
            }
        }
        for (i, a) in names.iter().enumerate() {
            for (j, b) in names.iter().enumerate() {
                assert_eq!(m.get(&(*a, *b)), Some(&(i * 10 + j)));
            }
        }
        assert_eq!(m.get(&("ri", "s")), None);
    }

    fn hash(s: &str) -> u64 {
        use std::hash::BuildHasher;
        rustc_hash::FxBuildHasher.hash_one(s)
    }

    /// Names that differ only in their last characters (host names numbered in a plan, a word
    /// long or longer) spread over the low bits, which pick the bucket, and over the top seven,
    /// which the table compares before the keys.
    #[test]
    fn numbered_names_spread_over_low_and_high_bits() {
        for (prefix, n) in [
            ("host", 1000),
            ("h", 1000),
            ("app-server-", 1000),
            ("", 1000),
        ] {
            let hashes: Vec<u64> = (0..n).map(|i| hash(&format!("{prefix}{i:04}"))).collect();
            let low: std::collections::HashSet<u64> = hashes.iter().map(|h| h & 1023).collect();
            let top: std::collections::HashSet<u64> = hashes.iter().map(|h| h >> 57).collect();
            // 1,000 random values in 1,024 buckets fill about 630 of them
            assert!(
                low.len() > 550,
                "{prefix}: {} distinct low values",
                low.len()
            );
            assert!(
                top.len() >= 120,
                "{prefix}: {} distinct top values",
                top.len()
            );
        }
    }
}
