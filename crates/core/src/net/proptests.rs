//! Property tests for ports and addresses (native only).

use super::{collapse, show, Address, PortRange, PortSet, Transport};
use ipnet::{IpNet, Ipv4Net, Ipv6Net};
use proptest::prelude::*;
use std::collections::BTreeSet;
use std::net::{Ipv4Addr, Ipv6Addr};

// ---------------------------------------------------------------------------------------------
// Ports

/// Ranges mostly among low ports (so they overlap and touch often), sometimes anywhere.
fn port_range() -> impl Strategy<Value = PortRange> {
    prop_oneof![
        8 => (1u16..=120, 0u16..=6).prop_map(|(s, len)| PortRange::new(s, s + len).unwrap()),
        1 => (1u16..=65535, 1u16..=65535)
            .prop_map(|(a, b)| PortRange::new(a.min(b), a.max(b)).unwrap()),
        1 => (65500u16..=65535, 0u16..=40)
            .prop_map(|(s, len)| PortRange::new(s, s.saturating_add(len)).unwrap()),
    ]
}

fn brute(ranges: &[PortRange]) -> BTreeSet<u16> {
    ranges.iter().flat_map(|r| r.start()..=r.end()).collect()
}

fn assert_normalised(set: &PortSet) {
    for pair in set.ranges().windows(2) {
        let (a, b) = (pair[0], pair[1]);
        assert!(a.start() <= a.end());
        assert!(
            u32::from(b.start()) > u32::from(a.end()) + 1,
            "{a} and {b} overlap or touch in {set}"
        );
    }
}

proptest! {
    #[test]
    fn port_set_equals_brute_force(ranges in prop::collection::vec(port_range(), 0..12),
                                   probes in prop::collection::vec(any::<u16>(), 0..32)) {
        let set: PortSet = ranges.iter().copied().collect();
        let expected = brute(&ranges);
        assert_normalised(&set);
        prop_assert_eq!(set.iter_ports().collect::<Vec<_>>(), expected.iter().copied().collect::<Vec<_>>());
        prop_assert_eq!(set.count() as usize, expected.len());
        prop_assert_eq!(set.is_empty(), expected.is_empty());
        for p in (0u16..=200).chain(probes).chain(65500..=65535) {
            prop_assert_eq!(set.contains(p), expected.contains(&p), "port {}", p);
        }
        for r in set.ranges() {
            for p in [r.start().wrapping_sub(1), r.start(), r.end(), r.end().wrapping_add(1)] {
                prop_assert_eq!(set.contains(p), expected.contains(&p), "port {}", p);
            }
        }
        // Insertion order does not matter.
        let reversed: PortSet = ranges.iter().rev().copied().collect();
        prop_assert_eq!(&reversed, &set);
    }

    #[test]
    fn port_set_union_equals_brute_force(a in prop::collection::vec(port_range(), 0..8),
                                         b in prop::collection::vec(port_range(), 0..8)) {
        let sa: PortSet = a.iter().copied().collect();
        let sb: PortSet = b.iter().copied().collect();
        let u = sa.union(&sb);
        assert_normalised(&u);
        let mut expected = brute(&a);
        expected.extend(brute(&b));
        prop_assert_eq!(u.iter_ports().collect::<BTreeSet<_>>(), expected);
        prop_assert_eq!(&u, &sb.union(&sa));
    }

    #[test]
    fn port_set_intersection_and_difference_equal_brute_force(
        a in prop::collection::vec(port_range(), 0..8),
        b in prop::collection::vec(port_range(), 0..8),
    ) {
        let sa: PortSet = a.iter().copied().collect();
        let sb: PortSet = b.iter().copied().collect();
        let (ba, bb) = (brute(&a), brute(&b));
        let inter = sa.intersection(&sb);
        let diff = sa.difference(&sb);
        assert_normalised(&inter);
        assert_normalised(&diff);
        prop_assert_eq!(inter.iter_ports().collect::<BTreeSet<_>>(), ba.intersection(&bb).copied().collect::<BTreeSet<_>>());
        prop_assert_eq!(diff.iter_ports().collect::<BTreeSet<_>>(), ba.difference(&bb).copied().collect::<BTreeSet<_>>());
        let mut u = sa.clone();
        u.union_with(&sb);
        prop_assert_eq!(u, sa.union(&sb));
    }

    #[test]
    fn port_set_display_round_trips(ranges in prop::collection::vec(port_range(), 0..12)) {
        let set: PortSet = ranges.iter().copied().collect();
        let text = set.to_string();
        prop_assert_eq!(text.parse::<PortSet>().unwrap(), set.clone());
        let json = serde_json::to_string(&set).unwrap();
        prop_assert_eq!(serde_json::from_str::<PortSet>(&json).unwrap(), set);
        for r in ranges {
            prop_assert_eq!(r.to_string().parse::<PortRange>().unwrap(), r);
        }
    }

    #[test]
    fn port_parsers_never_panic(s in any::<String>(), t in "[0-9 ,;+-]{0,30}") {
        for input in [&s, &t] {
            let _ = input.parse::<PortRange>();
            let _ = input.parse::<Transport>();
            if let Ok(set) = input.parse::<PortSet>() {
                assert_normalised(&set);
                prop_assert_eq!(set.to_string().parse::<PortSet>().unwrap(), set);
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Addresses

fn label() -> impl Strategy<Value = String> {
    "[a-z0-9]([a-z0-9-]{0,8}[a-z0-9])?"
}

fn domain() -> impl Strategy<Value = String> {
    prop::collection::vec(label(), 1..5)
        .prop_filter("last label all digits", |labels| {
            labels
                .last()
                .is_some_and(|l| !l.bytes().all(|b| b.is_ascii_digit()))
        })
        .prop_map(|labels| labels.join("."))
}

fn address() -> impl Strategy<Value = Address> {
    prop_oneof![
        (any::<u32>(), 0u8..=32).prop_map(|(a, len)| {
            Address::Net(IpNet::V4(
                Ipv4Net::new(Ipv4Addr::from(a), len).unwrap().trunc(),
            ))
        }),
        (any::<u128>(), 0u8..=128).prop_map(|(a, len)| {
            Address::Net(IpNet::V6(
                Ipv6Net::new(Ipv6Addr::from(a), len).unwrap().trunc(),
            ))
        }),
        domain().prop_map(Address::Fqdn),
        domain().prop_map(Address::Wildcard),
    ]
}

fn safe_chars(text: &str) -> bool {
    text.bytes().all(|b| {
        b.is_ascii_lowercase()
            || b.is_ascii_digit()
            || matches!(b, b'.' | b'*' | b':' | b'/' | b'-')
    })
}

proptest! {
    #[test]
    fn address_display_round_trips(a in address()) {
        let text = a.to_string();
        prop_assert!(safe_chars(&text), "{}", text);
        prop_assert_eq!(text.parse::<Address>().unwrap(), a.clone());
        prop_assert!(a.validate().is_ok());
        let json = serde_json::to_string(&a).unwrap();
        prop_assert_eq!(serde_json::from_str::<Address>(&json).unwrap(), a.clone());
        // Upper case and a trailing dot on names are accepted and canonicalised away.
        if let Address::Fqdn(name) = &a {
            prop_assert_eq!(format!("{}.", name.to_uppercase()).parse::<Address>().unwrap(), a.clone());
        }
    }

    #[test]
    fn address_parser_never_panics(s in any::<String>(),
                                   t in "[0-9a-fA-F.:/*%, \\[\\]x-]{0,40}",
                                   u in "[0-9./]{0,20}") {
        for input in [&s, &t, &u] {
            match input.parse::<Address>() {
                Ok(a) => {
                    let text = a.to_string();
                    prop_assert!(safe_chars(&text), "{:?} displays as {:?}", input, text);
                    prop_assert_eq!(text.parse::<Address>().unwrap(), a.clone());
                    prop_assert!(a.validate().is_ok());
                }
                Err(e) => {
                    prop_assert!(!e.message.is_empty());
                    prop_assert!(!e.message.contains('\n'), "{:?}", e.message);
                }
            }
        }
    }

    #[test]
    fn show_never_breaks_lines(s in any::<String>()) {
        let shown = show(&s);
        prop_assert!(!shown.chars().any(char::is_control));
        prop_assert!(shown.chars().count() <= 61);
    }
}

// ---------------------------------------------------------------------------------------------
// collapse

/// The minimal exact CIDR cover of `covered` (offsets inside an aligned block of `size`
/// addresses starting at `base`), by walking the binary trie: a fully covered node is one
/// block, an empty node none, anything else is the cover of its two halves.
fn trie_cover(covered: &BTreeSet<u32>, base: u32, lo: u32, size: u32, out: &mut Vec<IpNet>) {
    let n = covered.range(lo..lo + size).count() as u32;
    if n == 0 {
        return;
    }
    if n == size {
        let len = 32 - size.trailing_zeros() as u8;
        out.push(IpNet::V4(
            Ipv4Net::new(Ipv4Addr::from(base + lo), len).unwrap(),
        ));
        return;
    }
    trie_cover(covered, base, lo, size / 2, out);
    trie_cover(covered, base, lo + size / 2, size / 2, out);
}

fn offsets(net: &IpNet, base: u32) -> impl Iterator<Item = u32> {
    let (a, b) = match net {
        IpNet::V4(n) => (u32::from(n.network()), u32::from(n.broadcast())),
        IpNet::V6(_) => unreachable!("IPv4 only"),
    };
    (a..=b).map(move |x| x - base)
}

/// Networks inside `base/(32 - bits)` with prefix lengths from `min_len` to 32.
fn small_v4_nets(bits: u32, min_len: u8) -> impl Strategy<Value = Vec<IpNet>> {
    let base = 0x0A00_0000u32;
    prop::collection::vec((0u32..(1 << bits), min_len..=32u8), 0..14).prop_map(move |v| {
        v.into_iter()
            .map(|(off, len)| {
                IpNet::V4(
                    Ipv4Net::new(Ipv4Addr::from(base + off), len)
                        .unwrap()
                        .trunc(),
                )
            })
            .collect()
    })
}

fn check_small(nets: &[IpNet], bits: u32) -> Result<(), TestCaseError> {
    let base = 0x0A00_0000u32;
    let out = collapse(nets);
    let covered: BTreeSet<u32> = nets.iter().flat_map(|n| offsets(n, base)).collect();
    let got: BTreeSet<u32> = out.iter().flat_map(|n| offsets(n, base)).collect();
    prop_assert_eq!(&got, &covered, "same addresses");
    let total: usize = out.iter().map(|n| offsets(n, base).count()).sum();
    prop_assert_eq!(total, covered.len(), "output blocks overlap");
    for (i, a) in out.iter().enumerate() {
        for (j, b) in out.iter().enumerate() {
            if i != j {
                prop_assert!(!a.contains(b), "{} contains {}", a, b);
                let siblings = a.prefix_len() == b.prefix_len()
                    && a.supernet().is_some()
                    && a.supernet() == b.supernet();
                prop_assert!(!siblings, "{} and {} could be merged", a, b);
            }
        }
    }
    let mut minimal = Vec::new();
    trie_cover(&covered, base, 0, 1 << bits, &mut minimal);
    prop_assert_eq!(out.len(), minimal.len(), "count equals the minimum");
    prop_assert_eq!(&out, &minimal, "the minimal cover is unique");
    prop_assert_eq!(&out, &IpNet::aggregate(&nets.to_vec()));
    Ok(())
}

/// Union of networks as sorted, merged inclusive intervals (brute force, family by family).
fn intervals(nets: &[IpNet], v6: bool) -> Vec<(u128, u128)> {
    let mut iv: Vec<(u128, u128)> = nets
        .iter()
        .filter_map(|n| match (n, v6) {
            (IpNet::V4(n), false) => Some((
                u128::from(u32::from(n.network())),
                u128::from(u32::from(n.broadcast())),
            )),
            (IpNet::V6(n), true) => Some((u128::from(n.network()), u128::from(n.broadcast()))),
            _ => None,
        })
        .collect();
    iv.sort();
    let mut out: Vec<(u128, u128)> = Vec::new();
    for (s, e) in iv {
        match out.last_mut() {
            Some(last) if s <= last.1.saturating_add(1) => last.1 = last.1.max(e),
            _ => out.push((s, e)),
        }
    }
    out
}

fn any_v4() -> impl Strategy<Value = IpNet> {
    prop_oneof![
        (any::<u32>(), 0u8..=32),
        ((0u32..=0xFFFF).prop_map(|x| 0x0A00_0000 | x), 16u8..=32),
        ((0u32..=0xFF).prop_map(|x| 0xFFFF_FF00 | x), 24u8..=32),
        ((0u32..=0xFF), 24u8..=32),
    ]
    .prop_map(|(a, len)| IpNet::V4(Ipv4Net::new(Ipv4Addr::from(a), len).unwrap()))
}

fn any_v6() -> impl Strategy<Value = IpNet> {
    prop_oneof![
        (any::<u128>(), 0u8..=128),
        (
            (0u128..=0xFFFF).prop_map(|x| (0x2001_0db8u128 << 96) | x),
            112u8..=128
        ),
        ((0u128..=0xFF).prop_map(|x| u128::MAX - x), 120u8..=128),
        ((0u128..=0xFF), 120u8..=128),
    ]
    .prop_map(|(a, len)| IpNet::V6(Ipv6Net::new(Ipv6Addr::from(a), len).unwrap()))
}

fn block_interval(n: &IpNet) -> (u128, u128) {
    match n {
        IpNet::V4(n) => (
            u128::from(u32::from(n.network())),
            u128::from(u32::from(n.broadcast())),
        ),
        IpNet::V6(n) => (u128::from(n.network()), u128::from(n.broadcast())),
    }
}

proptest! {
    #[test]
    fn collapse_is_minimal_in_a_slash_24(nets in small_v4_nets(8, 26)) {
        check_small(&nets, 8)?;
    }

    #[test]
    fn collapse_is_minimal_in_a_slash_22(nets in small_v4_nets(10, 23)) {
        check_small(&nets, 10)?;
    }

    #[test]
    fn collapse_covers_exactly_and_maximally(
        nets in prop::collection::vec(prop_oneof![any_v4(), any_v6()], 0..16)
    ) {
        let out = collapse(&nets);
        for n in &out {
            prop_assert_eq!(n.trunc(), *n, "canonical network");
        }
        let v4_count = out.iter().take_while(|n| matches!(n, IpNet::V4(_))).count();
        prop_assert!(out.iter().skip(v4_count).all(|n| matches!(n, IpNet::V6(_))), "IPv4 first");
        for v6 in [false, true] {
            let family: Vec<IpNet> = out
                .iter()
                .copied()
                .filter(|n| matches!(n, IpNet::V6(_)) == v6)
                .collect();
            // Same union.
            prop_assert_eq!(intervals(&family, v6), intervals(&nets, v6));
            // Sorted and disjoint.
            for pair in family.windows(2) {
                let (a, b) = (block_interval(&pair[0]), block_interval(&pair[1]));
                prop_assert!(a.1 < b.0, "{} and {} are out of order or overlap", pair[0], pair[1]);
            }
            // Maximal: no block's parent lies inside the union.
            let union = intervals(&family, v6);
            for n in &family {
                if let Some(parent) = n.supernet() {
                    let (s, e) = block_interval(&parent);
                    let inside = union.iter().any(|&(us, ue)| us <= s && e <= ue);
                    prop_assert!(!inside, "{} could be merged into {}", n, parent);
                }
            }
        }
        prop_assert_eq!(&out, &IpNet::aggregate(&nets));
    }
}
