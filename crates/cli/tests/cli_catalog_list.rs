//! `portolan catalog list` filters the catalog as the planner's catalog panel does: by words,
//! `--vendor`, `--category` and `--tag`, and shows each product's category and coverage.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::process::Command;

/// `(status, ids listed, stdout, stderr)` of `portolan catalog list ARGS`.
fn list(args: &[&str]) -> (i32, Vec<String>, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_portolan"))
        .args(["catalog", "list"])
        .args(args)
        .output()
        .expect("run portolan catalog list");
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    let ids = stdout
        .lines()
        .filter(|l| !l.starts_with("no product"))
        .map(|l| l.split_whitespace().next().unwrap_or_default().to_string())
        .collect();
    (
        out.status.code().unwrap_or(-1),
        ids,
        stdout,
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

#[test]
fn every_product_with_its_category_and_coverage() {
    let (status, ids, out, _) = list(&[]);
    assert_eq!(status, 0);
    let catalog = portolan_bundled::catalog().unwrap();
    assert_eq!(ids.len(), catalog.products.len());
    let line = out
        .lines()
        .find(|l| l.starts_with("carear-assist "))
        .unwrap();
    assert!(
        line.contains("remote-assistance") && line.contains("partial"),
        "{line}"
    );
    let line = out
        .lines()
        .find(|l| l.starts_with("screen-capture "))
        .unwrap();
    assert!(
        line.contains("recording") && line.contains("complete"),
        "{line}"
    );
}

#[test]
fn by_category_vendor_tag_and_words() {
    let (_, ids, _, _) = list(&["--category", "remote-assistance"]);
    assert_eq!(
        ids,
        [
            "carear-assist",
            "kognitiv-spark-remotespark",
            "visual-remote-assistance"
        ]
    );
    let (_, ids, _, _) = list(&["--vendor", "GENESYS"]);
    assert_eq!(ids, ["ex-engage-connector", "genesys-cloud-webrtc"]);
    let (_, ids, _, _) = list(&["--tag", "webrtc", "--category", "voice"]);
    assert_eq!(ids, ["symphony-cloud9", "twilio-voice-sdk"]);
    let (_, ids, _, _) = list(&["trader", "voice"]);
    assert_eq!(ids, ["symphony-cloud9", "verba-speakerbus-recording"]);
    let (status, ids, out, _) = list(&["--tag", "no-such-tag"]);
    assert_eq!((status, ids.len()), (0, 0));
    assert!(out.contains("no product matches"));
}

#[test]
fn an_unknown_category_is_a_clear_error() {
    let (status, _, _, err) = list(&["--category", "wfo"]);
    assert_eq!(status, 2);
    assert!(err.contains("category `wfo` is unknown"), "{err}");
    assert!(err.contains("cloud-contact-centre"), "{err}");
}
