//! A small, fast, non-cryptographic hasher for the engine's short-lived maps keyed by catalog
//! names and small integers (the multiply-and-rotate scheme of rustc's `FxHasher`).
//!
//! The standard `HashMap` hasher (SipHash) resists hash flooding, which these maps do not need:
//! their keys are catalog ids and indices, and the maps live for one evaluation. SipHash costs
//! several times more per key. Nothing iterates these maps where order would show in a report.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// `HashMap` with [`FxHasher`].
pub type FxHashMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

const SEED: u64 = 0xf135_7aea_2e62_a9c5;

#[derive(Default, Clone, Copy)]
pub struct FxHasher(u64);

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.0 = self.0.wrapping_add(word).wrapping_mul(SEED);
    }
}

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let mut word = [0u8; 8];
        for (w, b) in word.iter_mut().zip(chunks.remainder()) {
            *w = *b;
        }
        self.add(u64::from_le_bytes(word));
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }

    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    fn finish(&self) -> u64 {
        self.0.rotate_left(26)
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
}
