//! Raw DEFLATE (RFC 1951) for the planner's share links (`src/ui/share.rs`), small rather than
//! fast: a decompressor for any valid stream (stored, fixed and dynamic Huffman blocks, as
//! written by zlib, miniz_oxide or a browser's `CompressionStream`), and a compressor that writes
//! one block with dynamic Huffman codes after LZ77 with hash chains and lazy matching (about what
//! zlib's level 9 does).
//!
//! It replaced `miniz_oxide`, which cost the planner's module 16 KB of its gzip download (share
//! links are a few KB of JSON, so speed hardly matters here). Links written by either decode
//! with the other; the tests check both ways, and the fuzz target `share` checks it on
//! arbitrary bytes (BENCHMARKS.md, "Fuzzing").
#![cfg_attr(
    test,
    allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

/// Base length and extra bits of the length codes 257..=285.
const LEN_BASE: [u16; 29] = [
    3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131,
    163, 195, 227, 258,
];
const LEN_EXTRA: [u8; 29] = [
    0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
];
/// Base distance and extra bits of the distance codes 0..=29.
const DIST_BASE: [u16; 30] = [
    1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537,
    2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577,
];
const DIST_EXTRA: [u8; 30] = [
    0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13,
    13,
];
/// The order in which a dynamic block lists the code lengths of the code-length alphabet.
const CL_ORDER: [u8; 19] = [
    16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15,
];

// --- decompression ------------------------------------------------------------------------------

/// Reads bits least significant first.
struct BitReader<'a> {
    data: &'a [u8],
    pos: usize,
    acc: u32,
    n: u32,
}

impl BitReader<'_> {
    /// The next `n` (at most 16) bits; `None` at the end of the input.
    fn bits(&mut self, n: u32) -> Option<u32> {
        while self.n < n {
            let b = *self.data.get(self.pos)?;
            self.pos += 1;
            self.acc |= u32::from(b) << self.n;
            self.n += 8;
        }
        let v = self.acc & ((1u32 << n) - 1);
        self.acc >>= n;
        self.n -= n;
        Some(v)
    }

    fn usize(&mut self, n: u8) -> Option<usize> {
        self.bits(u32::from(n)).map(|v| v as usize)
    }
}

/// A canonical Huffman code for decoding: how many codes of each length, and the symbols in
/// code order.
struct Decoder {
    counts: [u16; 16],
    symbols: Vec<u16>,
}

impl Decoder {
    fn new(lengths: &[u8]) -> Option<Decoder> {
        let mut counts = [0u16; 16];
        for &l in lengths {
            *counts.get_mut(usize::from(l))? += 1;
        }
        counts[0] = 0;
        let mut offsets = [0u16; 16];
        let mut sum = 0;
        for (o, c) in offsets.iter_mut().zip(counts) {
            *o = sum;
            sum += c;
        }
        let mut symbols = vec![0u16; usize::from(sum)];
        for (s, &l) in lengths.iter().enumerate() {
            if l != 0 {
                let o = offsets.get_mut(usize::from(l))?;
                *symbols.get_mut(usize::from(*o))? = s as u16;
                *o += 1;
            }
        }
        Some(Decoder { counts, symbols })
    }

    /// The next symbol (bit by bit, as in zlib's `puff`); `None` for a code the table lacks.
    fn decode(&self, r: &mut BitReader) -> Option<usize> {
        let (mut code, mut first, mut index) = (0i32, 0i32, 0i32);
        for &count in self.counts.iter().skip(1) {
            code |= r.bits(1)? as i32;
            let count = i32::from(count);
            if code - count < first {
                let i = usize::try_from(index + code - first).ok()?;
                return self.symbols.get(i).map(|&s| usize::from(s));
            }
            index += count;
            first = (first + count) << 1;
            code <<= 1;
        }
        None
    }
}

/// Decompresses a raw DEFLATE stream; `None` when it is not one, or when its output would be
/// longer than `limit` bytes.
pub fn inflate(data: &[u8], limit: usize) -> Option<Vec<u8>> {
    let mut r = BitReader {
        data,
        pos: 0,
        acc: 0,
        n: 0,
    };
    let mut out = Vec::new();
    loop {
        let last = r.bits(1)?;
        match r.bits(2)? {
            0 => {
                // Stored: whole bytes from the next byte boundary.
                let skip = r.n % 8;
                r.bits(skip)?;
                let len = r.bits(16)?;
                if len != !r.bits(16)? & 0xffff || out.len() + len as usize > limit {
                    return None;
                }
                for _ in 0..len {
                    out.push(r.bits(8)? as u8);
                }
            }
            1 => {
                let mut lengths = [8u8; 288];
                lengths.iter_mut().skip(144).take(112).for_each(|l| *l = 9);
                lengths.iter_mut().skip(256).take(24).for_each(|l| *l = 7);
                let lit = Decoder::new(&lengths)?;
                let dist = Decoder::new(&[5; 30])?;
                block(&mut r, &mut out, &lit, &dist, limit)?;
            }
            2 => {
                let nlit = r.usize(5)? + 257;
                let ndist = r.usize(5)? + 1;
                let ncl = r.usize(4)? + 4;
                let mut cl = [0u8; 19];
                for &i in CL_ORDER.iter().take(ncl) {
                    *cl.get_mut(usize::from(i))? = r.bits(3)? as u8;
                }
                let cl = Decoder::new(&cl)?;
                let mut lengths: Vec<u8> = Vec::with_capacity(nlit + ndist);
                while lengths.len() < nlit + ndist {
                    let (value, repeat) = match cl.decode(&mut r)? {
                        s @ 0..=15 => (s as u8, 1),
                        16 => (*lengths.last()?, 3 + r.usize(2)?),
                        17 => (0, 3 + r.usize(3)?),
                        _ => (0, 11 + r.usize(7)?),
                    };
                    lengths.extend(std::iter::repeat_n(value, repeat));
                }
                if lengths.len() != nlit + ndist {
                    return None;
                }
                let (l, d) = lengths.split_at(nlit);
                block(
                    &mut r,
                    &mut out,
                    &Decoder::new(l)?,
                    &Decoder::new(d)?,
                    limit,
                )?;
            }
            _ => return None,
        }
        if last == 1 {
            return Some(out);
        }
    }
}

/// The symbols of one Huffman-coded block, up to its end-of-block code.
fn block(
    r: &mut BitReader,
    out: &mut Vec<u8>,
    lit: &Decoder,
    dist: &Decoder,
    limit: usize,
) -> Option<()> {
    loop {
        let sym = lit.decode(r)?;
        if sym < 256 {
            out.push(sym as u8);
        } else if sym == 256 {
            return Some(());
        } else {
            let i = sym - 257;
            let len = usize::from(*LEN_BASE.get(i)?) + r.usize(*LEN_EXTRA.get(i)?)?;
            let d = dist.decode(r)?;
            let d = usize::from(*DIST_BASE.get(d)?) + r.usize(*DIST_EXTRA.get(d)?)?;
            let from = out.len().checked_sub(d)?;
            for k in from..from + len {
                let c = *out.get(k)?;
                out.push(c);
            }
        }
        if out.len() > limit {
            return None;
        }
    }
}

// --- compression --------------------------------------------------------------------------------

/// Longest distance back, longest match, and how many earlier places to try per position.
const WINDOW: usize = 32 * 1024;
const MAX_MATCH: usize = 258;
const MAX_CHAIN: usize = 1024;
const NONE: u32 = u32::MAX;

/// Finds earlier occurrences of the 3 bytes at each position (hash chains).
struct Matcher<'a> {
    data: &'a [u8],
    head: Vec<u32>,
    prev: Vec<u32>,
}

impl Matcher<'_> {
    fn hash(&self, i: usize) -> Option<usize> {
        let h = self
            .data
            .get(i..i + 3)?
            .iter()
            .fold(0u32, |h, &b| (h << 5) ^ u32::from(b));
        Some((h & 0x7fff) as usize)
    }

    fn insert(&mut self, i: usize) {
        if let Some(h) = self.hash(i) {
            if let (Some(head), Some(prev)) = (self.head.get_mut(h), self.prev.get_mut(i)) {
                *prev = *head;
                *head = i as u32;
            }
        }
    }

    /// The longest match (length, distance) for position `i` among the positions inserted.
    fn find(&self, i: usize) -> (usize, usize) {
        let Some(h) = self.hash(i) else {
            return (0, 0);
        };
        let here = self.data.get(i..).unwrap_or_default();
        let max = here.len().min(MAX_MATCH);
        let (mut best, mut dist) = (0, 0);
        let mut j = self.head.get(h).copied().unwrap_or(NONE);
        let mut chain = MAX_CHAIN;
        while j != NONE && chain > 0 {
            let j_at = j as usize;
            if i - j_at > WINDOW {
                break;
            }
            let there = self.data.get(j_at..).unwrap_or_default();
            let len = here
                .iter()
                .zip(there)
                .take(max)
                .take_while(|(a, b)| a == b)
                .count();
            if len > best {
                (best, dist) = (len, i - j_at);
                if len == max {
                    break;
                }
            }
            j = self.prev.get(j_at).copied().unwrap_or(NONE);
            chain -= 1;
        }
        (best, dist)
    }
}

/// LZ77: literals (`dist` 0) and matches, as `(literal or length, distance)`.
fn lz77(data: &[u8]) -> Vec<(u16, u16)> {
    let mut m = Matcher {
        data,
        head: vec![NONE; 1 << 15],
        prev: vec![NONE; data.len()],
    };
    let mut tokens = Vec::new();
    let mut i = 0;
    let mut pending = m.find(0);
    while let Some(&byte) = data.get(i) {
        let (len, dist) = pending;
        m.insert(i);
        if len >= 3 {
            // Lazy matching: a longer match one byte on wins over this one.
            let next = if len < MAX_MATCH {
                m.find(i + 1)
            } else {
                (0, 0)
            };
            if next.0 > len {
                tokens.push((u16::from(byte), 0));
                pending = next;
                i += 1;
                continue;
            }
            tokens.push((len as u16, dist as u16));
            for k in i + 1..i + len {
                m.insert(k);
            }
            i += len;
        } else {
            tokens.push((u16::from(byte), 0));
            i += 1;
        }
        pending = m.find(i);
    }
    tokens
}

/// The code (index into the base table) and extra bits of a length or distance.
fn code_of(value: u16, base: &[u16], extra: &[u8]) -> (usize, u32, u32) {
    let i = base.iter().rposition(|&b| b <= value).unwrap_or(0);
    let b = base.get(i).copied().unwrap_or(0);
    let e = extra.get(i).copied().unwrap_or(0);
    (i, u32::from(value - b), u32::from(e))
}

/// Huffman code lengths for `freq`, none longer than `limit` (every used symbol gets a length;
/// at least two symbols must be used, so the code is complete).
fn code_lengths(freq: &[u32], limit: u8) -> Vec<u8> {
    let mut freq = freq.to_vec();
    loop {
        let lengths = huffman(&freq);
        if lengths.iter().all(|&l| l <= limit) {
            return lengths;
        }
        // Too deep: flatten the frequencies and try again (all equal is a balanced tree).
        for f in freq.iter_mut().filter(|f| **f > 0) {
            *f = (*f >> 1) | 1;
        }
    }
}

/// Plain Huffman code lengths (merging the two lightest nodes until one is left).
fn huffman(freq: &[u32]) -> Vec<u8> {
    // Nodes: the used symbols, then the merged ones; `parent` links each to its merge.
    let mut weight: Vec<u64> = Vec::new();
    let mut parent: Vec<usize> = Vec::new();
    let mut leaf: Vec<(usize, usize)> = Vec::new();
    for (s, &f) in freq.iter().enumerate() {
        if f > 0 {
            leaf.push((s, weight.len()));
            weight.push(u64::from(f));
            parent.push(usize::MAX);
        }
    }
    let mut live: Vec<usize> = (0..weight.len()).collect();
    while live.len() > 1 {
        let mut merged = 0;
        let mut pair = [0usize; 2];
        for p in &mut pair {
            let Some(k) = (0..live.len()).min_by_key(|&k| {
                live.get(k)
                    .and_then(|&n| weight.get(n))
                    .copied()
                    .unwrap_or(u64::MAX)
            }) else {
                break;
            };
            *p = live.swap_remove(k);
            merged += weight.get(*p).copied().unwrap_or(0);
        }
        let node = weight.len();
        weight.push(merged);
        parent.push(usize::MAX);
        for p in pair {
            if let Some(x) = parent.get_mut(p) {
                *x = node;
            }
        }
        live.push(node);
    }
    let mut lengths = vec![0u8; freq.len()];
    for (s, node) in leaf {
        let mut depth = 0u8;
        let mut n = node;
        while let Some(&p) = parent.get(n) {
            if p == usize::MAX {
                break;
            }
            depth = depth.saturating_add(1);
            n = p;
        }
        if let Some(l) = lengths.get_mut(s) {
            *l = depth.max(1);
        }
    }
    lengths
}

/// Canonical codes for `lengths`, bit-reversed for writing least significant bit first.
fn canonical(lengths: &[u8]) -> Vec<u32> {
    let mut count = [0u32; 16];
    for &l in lengths {
        if let Some(c) = count.get_mut(usize::from(l)) {
            *c += 1;
        }
    }
    count[0] = 0;
    let mut next = [0u32; 16];
    let mut code = 0;
    for bits in 1..16 {
        code = (code + count.get(bits - 1).copied().unwrap_or(0)) << 1;
        if let Some(n) = next.get_mut(bits) {
            *n = code;
        }
    }
    lengths
        .iter()
        .map(|&l| match next.get_mut(usize::from(l)) {
            Some(n) if l > 0 => {
                let c = *n;
                *n += 1;
                c.reverse_bits() >> (32 - u32::from(l))
            }
            _ => 0,
        })
        .collect()
}

/// Writes bits least significant first.
#[derive(Default)]
struct BitWriter {
    out: Vec<u8>,
    acc: u64,
    n: u32,
}

impl BitWriter {
    fn put(&mut self, value: u32, bits: u32) {
        self.acc |= u64::from(value) << self.n;
        self.n += bits;
        while self.n >= 8 {
            self.out.push(self.acc as u8);
            self.acc >>= 8;
            self.n -= 8;
        }
    }

    /// Writes symbol `s` of a code (`codes`, `lengths`).
    fn sym(&mut self, s: usize, codes: &[u32], lengths: &[u8]) {
        let code = codes.get(s).copied().unwrap_or(0);
        let len = lengths.get(s).copied().unwrap_or(0);
        self.put(code, u32::from(len));
    }
}

/// Run-length codes (16, 17, 18) of a sequence of code lengths: `(symbol, extra, extra bits)`.
fn run_lengths(lengths: &[u8]) -> Vec<(usize, u32, u32)> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(&l) = lengths.get(i) {
        let run = lengths
            .get(i..)
            .unwrap_or_default()
            .iter()
            .take_while(|&&x| x == l)
            .count();
        if l == 0 && run >= 3 {
            let r = run.min(138);
            out.push(if r >= 11 {
                (18, r as u32 - 11, 7)
            } else {
                (17, r as u32 - 3, 3)
            });
            i += r;
        } else if l != 0 && run >= 4 {
            let r = (run - 1).min(6);
            out.push((usize::from(l), 0, 0));
            out.push((16, r as u32 - 3, 2));
            i += 1 + r;
        } else {
            out.push((usize::from(l), 0, 0));
            i += 1;
        }
    }
    out
}

/// Compresses `data` into a raw DEFLATE stream (one final block, dynamic Huffman codes).
pub fn deflate(data: &[u8]) -> Vec<u8> {
    let tokens = lz77(data);
    let mut lit_freq = vec![0u32; 286];
    let mut dist_freq = vec![0u32; 30];
    for &(v, d) in &tokens {
        if d == 0 {
            if let Some(f) = lit_freq.get_mut(usize::from(v)) {
                *f += 1;
            }
        } else {
            let (lc, _, _) = code_of(v, &LEN_BASE, &LEN_EXTRA);
            let (dc, _, _) = code_of(d, &DIST_BASE, &DIST_EXTRA);
            if let Some(f) = lit_freq.get_mut(257 + lc) {
                *f += 1;
            }
            if let Some(f) = dist_freq.get_mut(dc) {
                *f += 1;
            }
        }
    }
    if let Some(f) = lit_freq.get_mut(256) {
        *f = 1;
    }
    // Every code gets at least two symbols, so that each is a complete prefix code.
    for f in [&mut lit_freq, &mut dist_freq] {
        if f.iter().filter(|&&x| x > 0).count() < 2 {
            for x in f.iter_mut().take(2) {
                *x = (*x).max(1);
            }
        }
    }
    let lit_len = code_lengths(&lit_freq, 15);
    let dist_len = code_lengths(&dist_freq, 15);
    let nlit = 257.max(lit_len.iter().rposition(|&l| l > 0).map_or(0, |p| p + 1));
    let ndist = 1.max(dist_len.iter().rposition(|&l| l > 0).map_or(0, |p| p + 1));
    let all: Vec<u8> = lit_len
        .iter()
        .take(nlit)
        .chain(dist_len.iter().take(ndist))
        .copied()
        .collect();
    let runs = run_lengths(&all);
    let mut cl_freq = vec![0u32; 19];
    for &(s, _, _) in &runs {
        if let Some(f) = cl_freq.get_mut(s) {
            *f += 1;
        }
    }
    if cl_freq.iter().filter(|&&x| x > 0).count() < 2 {
        for x in cl_freq.iter_mut().take(2) {
            *x = (*x).max(1);
        }
    }
    let cl_len = code_lengths(&cl_freq, 7);
    let ncl = 4.max(
        CL_ORDER
            .iter()
            .rposition(|&s| cl_len.get(usize::from(s)).is_some_and(|&l| l > 0))
            .map_or(0, |p| p + 1),
    );

    let mut w = BitWriter::default();
    w.put(1, 1); // the final block
    w.put(2, 2); // dynamic Huffman codes
    w.put(nlit as u32 - 257, 5);
    w.put(ndist as u32 - 1, 5);
    w.put(ncl as u32 - 4, 4);
    for &s in CL_ORDER.iter().take(ncl) {
        w.put(
            u32::from(cl_len.get(usize::from(s)).copied().unwrap_or(0)),
            3,
        );
    }
    let cl_codes = canonical(&cl_len);
    for (s, extra, bits) in runs {
        w.sym(s, &cl_codes, &cl_len);
        w.put(extra, bits);
    }
    let lit_codes = canonical(&lit_len);
    let dist_codes = canonical(&dist_len);
    for (v, d) in tokens {
        if d == 0 {
            w.sym(usize::from(v), &lit_codes, &lit_len);
        } else {
            let (lc, le, lb) = code_of(v, &LEN_BASE, &LEN_EXTRA);
            w.sym(257 + lc, &lit_codes, &lit_len);
            w.put(le, lb);
            let (dc, de, db) = code_of(d, &DIST_BASE, &DIST_EXTRA);
            w.sym(dc, &dist_codes, &dist_len);
            w.put(de, db);
        }
    }
    w.sym(256, &lit_codes, &lit_len);
    w.put(0, 7); // flush the last bits
    w.out
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn json_like(n: usize) -> Vec<u8> {
        let mut s = String::new();
        for i in 0..n {
            s.push_str(&format!(
                r#"{{"name":"host-{i}","addresses":["10.{}.{}.0/24"],"zone":"dc{}","roles":["a/b{}"]}},"#,
                i % 7,
                i % 250,
                i % 3,
                i % 5
            ));
        }
        s.into_bytes()
    }

    #[test]
    fn round_trips_and_reads_what_miniz_writes() {
        let big_run = vec![b' '; 100_000];
        let samples: Vec<Vec<u8>> = vec![
            Vec::new(),
            b"a".to_vec(),
            b"aa".to_vec(),
            b"abcabcabcabcabcabc".to_vec(),
            json_like(3),
            json_like(400),
            big_run,
            (0..=255u8).cycle().take(70_000).collect(),
        ];
        for data in &samples {
            let ours = deflate(data);
            assert_eq!(inflate(&ours, usize::MAX).as_deref(), Some(&data[..]));
            // Any inflater reads ours; ours reads miniz at every level (stored, fixed, dynamic).
            assert_eq!(
                miniz_oxide::inflate::decompress_to_vec(&ours)
                    .ok()
                    .as_deref(),
                Some(&data[..])
            );
            for level in [0, 1, 6, 9, 10] {
                let theirs = miniz_oxide::deflate::compress_to_vec(data, level);
                assert_eq!(inflate(&theirs, usize::MAX).as_deref(), Some(&data[..]));
            }
        }
    }

    #[test]
    fn compresses_about_as_well_as_miniz_level_9() {
        for data in [json_like(5), json_like(50), json_like(400)] {
            let ours = deflate(&data).len();
            let theirs = miniz_oxide::deflate::compress_to_vec(&data, 9).len();
            assert!(ours * 100 <= theirs * 103, "{ours} vs {theirs}");
        }
    }

    #[test]
    fn the_limit_and_damage_are_refused() {
        let data = vec![b'x'; 10_000];
        let packed = deflate(&data);
        assert!(inflate(&packed, 9_999).is_none());
        assert_eq!(inflate(&packed, 10_000), Some(data));
        assert!(inflate(&[], usize::MAX).is_none());
        assert!(inflate(&[0, 0, 0], usize::MAX).is_none());
        // Block type 3 does not exist.
        assert!(inflate(&[0b111], usize::MAX).is_none());
        // A truncated stream.
        let packed = deflate(&json_like(20));
        assert!(inflate(packed.get(..packed.len() / 2).unwrap(), usize::MAX).is_none());
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn random_bytes_round_trip(data in prop::collection::vec(any::<u8>(), 0..2000)) {
            let ours = deflate(&data);
            prop_assert_eq!(inflate(&ours, usize::MAX), Some(data.clone()));
            prop_assert_eq!(miniz_oxide::inflate::decompress_to_vec(&ours).ok(), Some(data.clone()));
            let theirs = miniz_oxide::deflate::compress_to_vec(&data, 9);
            prop_assert_eq!(inflate(&theirs, usize::MAX), Some(data));
        }

        #[test]
        fn repetitive_text_round_trips(words in prop::collection::vec("[a-c]{1,6}", 0..400)) {
            let data = words.concat().into_bytes();
            let ours = deflate(&data);
            prop_assert_eq!(inflate(&ours, usize::MAX), Some(data.clone()));
            prop_assert_eq!(miniz_oxide::inflate::decompress_to_vec(&ours).ok(), Some(data));
        }

        #[test]
        fn inflate_never_panics(data in prop::collection::vec(any::<u8>(), 0..300)) {
            let _ = inflate(&data, 100_000);
        }
    }
}
