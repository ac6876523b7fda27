//! Share links: the plan in the URL fragment, as `#plan=z<data>` where `<data>` is the plan's
//! compact JSON, compressed with raw DEFLATE (our own small one, [`portolan_deflate`]) and
//! written in base64url without padding. The fragment never reaches a server, and decoding gives back exactly the plan
//! that was encoded (the JSON form of a plan round-trips without loss).
//!
//! The leading `z` names the encoding, so a later one can be added without breaking old links.

use portolan_core::plan::Plan;

/// The fragment key that holds a plan.
pub const KEY: &str = "plan";
/// Decompressed plans larger than this are refused (a link is never that big; a crafted one
/// must not exhaust memory).
const MAX_JSON: usize = 4 * 1024 * 1024;

/// The fragment (without `#`) that carries `plan`.
pub fn encode(plan: &Plan) -> String {
    let json = serde_json::to_vec(plan).unwrap_or_default();
    let packed = portolan_deflate::deflate(&json);
    format!("{KEY}=z{}", base64url(&packed))
}

/// Why a fragment did not give a plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShareError(pub String);

impl std::fmt::Display for ShareError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The plan in a URL fragment (with or without the leading `#`); `Ok(None)` when the fragment
/// has no plan.
pub fn decode(fragment: &str) -> Result<Option<Plan>, ShareError> {
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
    let Some(value) = fragment
        .split('&')
        .find_map(|kv| kv.strip_prefix(KEY).and_then(|r| r.strip_prefix('=')))
    else {
        return Ok(None);
    };
    let Some(data) = value.strip_prefix('z') else {
        return Err(ShareError(
            "the link's plan is in an encoding this version does not know".into(),
        ));
    };
    let packed = unbase64url(data)
        .ok_or_else(|| ShareError("the link's plan is damaged (not base64url)".into()))?;
    let json = portolan_deflate::inflate(&packed, MAX_JSON)
        .ok_or_else(|| ShareError("the link's plan is damaged (cannot be decompressed)".into()))?;
    let text = String::from_utf8(json)
        .map_err(|_| ShareError("the link's plan is damaged (not UTF-8)".into()))?;
    Plan::from_json("link", &text)
        .map(Some)
        .map_err(|d| ShareError(format!("the link's plan is not valid: {}", d.message)))
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// RFC 4648 §5 base64url, without padding.
pub fn base64url(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk.first().copied().unwrap_or(0),
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        let sextets = [(n >> 18) & 63, (n >> 12) & 63, (n >> 6) & 63, n & 63];
        for s in sextets.iter().take(chunk.len() + 1) {
            if let Some(&c) = ALPHABET.get(*s as usize) {
                out.push(char::from(c));
            }
        }
    }
    out
}

/// Decodes unpadded (or padded) base64url; `None` on any other character or a bad length.
pub fn unbase64url(text: &str) -> Option<Vec<u8>> {
    let text = text.trim_end_matches('=');
    let value = |c: u8| -> Option<u32> {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'-' => 62,
            b'_' => 63,
            _ => return None,
        };
        Some(u32::from(v))
    };
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    for chunk in text.as_bytes().chunks(4) {
        if chunk.len() == 1 {
            return None;
        }
        let mut n = 0u32;
        for (i, &c) in chunk.iter().enumerate() {
            n |= value(c)? << (18 - 6 * i);
        }
        let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        out.extend(bytes.iter().take(chunk.len() - 1));
    }
    Some(out)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use portolan_core::plan::{Host, OptionValue, ParamInput, PlanProduct};
    use proptest::prelude::*;

    #[test]
    fn base64url_matches_rfc4648_vectors() {
        for (raw, enc) in [
            ("", ""),
            ("f", "Zg"),
            ("fo", "Zm8"),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg"),
            ("fooba", "Zm9vYmE"),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64url(raw.as_bytes()), enc);
            assert_eq!(unbase64url(enc).unwrap(), raw.as_bytes());
        }
        assert_eq!(base64url(&[0xfb, 0xff]), "-_8");
        assert_eq!(unbase64url("Zm9vYg==").unwrap(), b"foob");
        assert_eq!(unbase64url("Z"), None);
        assert_eq!(unbase64url("Zm+v"), None);
    }

    #[test]
    fn example_plans_round_trip_and_are_short() {
        for name in crate::ui::examples::EXAMPLES {
            let plan = crate::ui::examples::example(name).unwrap();
            let frag = encode(&plan);
            assert_eq!(decode(&frag).unwrap(), Some(plan.clone()), "{name}");
            assert_eq!(decode(&format!("#{frag}")).unwrap(), Some(plan), "{name}");
            // A link stays well under what browsers and chat tools carry.
            assert!(frag.len() < 4000, "{name}: {} chars", frag.len());
        }
    }

    #[test]
    fn fragments_without_a_plan_or_with_a_damaged_one() {
        assert_eq!(decode(""), Ok(None));
        assert_eq!(decode("#results"), Ok(None));
        assert_eq!(decode("#planet=1"), Ok(None));
        assert!(decode("#plan=x123").is_err());
        assert!(decode("#plan=z!!").is_err());
        assert!(decode("#plan=zAAAA").is_err());
        let not_a_plan = format!(
            "plan=z{}",
            base64url(&miniz_oxide::deflate::compress_to_vec(b"\"x\"", 9))
        );
        assert!(decode(&not_a_plan).unwrap_err().0.contains("not valid"));
        // Other keys may sit beside it.
        let p = Plan {
            name: "x".into(),
            ..Plan::default()
        };
        assert_eq!(decode(&format!("tab=flows&{}", encode(&p))), Ok(Some(p)));
    }

    #[test]
    fn a_decompression_bomb_is_refused() {
        let big = vec![b' '; MAX_JSON + 10];
        let frag = format!(
            "plan=z{}",
            base64url(&miniz_oxide::deflate::compress_to_vec(&big, 9))
        );
        assert!(frag.len() < 20_000);
        assert!(decode(&frag).is_err());
    }

    fn text() -> impl Strategy<Value = String> {
        prop_oneof![
            "[a-z0-9./-]{0,12}",
            any::<String>(),
            Just("15.2 HFR3".to_string()),
            Just("10.0.0.0/33".to_string()),
        ]
    }

    fn product() -> impl Strategy<Value = PlanProduct> {
        (
            text(),
            prop::collection::btree_map(text(), text(), 0..3),
            prop::collection::btree_map(
                text(),
                prop_oneof![
                    any::<bool>().prop_map(OptionValue::Bool),
                    text().prop_map(OptionValue::Text)
                ],
                0..3,
            ),
            prop::collection::btree_map(
                text(),
                prop_oneof![
                    any::<i64>().prop_map(ParamInput::Number),
                    text().prop_map(ParamInput::Text)
                ],
                0..3,
            ),
        )
            .prop_map(|(id, versions, options, parameters)| PlanProduct {
                id,
                versions,
                options,
                parameters,
            })
    }

    fn host() -> impl Strategy<Value = Host> {
        (
            text(),
            prop::collection::vec(text(), 0..4),
            text(),
            prop::collection::vec(text(), 0..3),
            text(),
        )
            .prop_map(|(name, addresses, zone, roles, description)| Host {
                name,
                addresses,
                zone,
                roles,
                description,
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn random_plans_round_trip_exactly(
            name in text(),
            description in text(),
            catalog_revision in text(),
            products in prop::collection::vec(product(), 0..4),
            hosts in prop::collection::vec(host(), 0..8),
        ) {
            let plan = Plan { schema: portolan_core::plan::PLAN_SCHEMA, name, description, catalog_revision, products, hosts };
            // The plan file's JSON is serde_json's pretty form (written by indenting the compact one).
            prop_assert_eq!(plan.to_json(), serde_json::to_string_pretty(&plan).unwrap());
            let frag = encode(&plan);
            prop_assert!(frag.bytes().all(|b| b.is_ascii_alphanumeric() || b"=-_".contains(&b)));
            prop_assert_eq!(decode(&frag), Ok(Some(plan)));
        }

        #[test]
        fn base64url_round_trips(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
            prop_assert_eq!(unbase64url(&base64url(&bytes)), Some(bytes));
        }

        #[test]
        fn decode_never_panics(s in ".{0,200}") {
            let _ = decode(&s);
            let _ = decode(&format!("plan=z{s}"));
        }
    }
}
