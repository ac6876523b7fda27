//! Share links and the planner's own DEFLATE (crates/deflate), differentially against
//! miniz_oxide. On arbitrary bytes: `inflate` never panics, and whatever both decoders accept
//! they decode to the same bytes; `deflate` output is read back exactly, by `inflate` and by
//! miniz_oxide. On arbitrary text: `share::decode` gives a plan, nothing, or an error, never a
//! panic, and a decoded plan survives `encode` and `decode` unchanged.
//!
//! The body of the cargo-fuzz target `share` (`fuzz_targets/share.rs`), shared with the
//! native test `tests/fuzz_targets.rs` (seed corpus and generated input, on stable).

use portolan::ui::share;
use portolan_deflate as deflate;

const LIMIT: usize = 1 << 20;

/// One input: the checks above, on `data`.
pub fn run(data: &[u8]) {
    let ours = deflate::inflate(data, LIMIT);
    if let Some(out) = &ours {
        assert!(out.len() <= LIMIT + 258, "inflate went past its limit");
    }
    if let (Some(out), Ok(theirs)) = (
        &ours,
        miniz_oxide::inflate::decompress_to_vec_with_limit(data, LIMIT),
    ) {
        assert_eq!(out, &theirs, "inflate and miniz_oxide disagree");
    }

    let packed = deflate::deflate(data);
    assert_eq!(
        deflate::inflate(&packed, data.len()).as_deref(),
        Some(data),
        "deflate output does not inflate back"
    );
    assert_eq!(
        miniz_oxide::inflate::decompress_to_vec(&packed)
            .ok()
            .as_deref(),
        Some(data),
        "miniz_oxide cannot read deflate output"
    );

    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(Some(plan)) = share::decode(text) {
            let again = share::decode(&share::encode(&plan));
            assert_eq!(
                again,
                Ok(Some(plan)),
                "a decoded plan does not survive a share link"
            );
        }
    }
}
