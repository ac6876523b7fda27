//! `portolan upgrade` and `portolan plan --since-revision`, run as a user runs them.
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use portolan_testkit::TempDir;
use std::path::Path;
use std::process::{Command, Output};

const PLAN: &str = r#"schema = 1
name = "WFO hybrid"
catalog_revision = "c-327a776db24d"
[[products]]
id = "incontact-wfo"
versions = { wfo = "16.1" }
options = { deployment = "hybrid", screen-recording = true }
[[hosts]]
name = "prem01"
addresses = ["10.1.0.5"]
roles = ["incontact-wfo/premises-server", "incontact-wfo/web-portal"]
[[hosts]]
name = "agents"
addresses = ["10.20.0.0/16"]
roles = ["incontact-wfo/client-pc"]
"#;

/// `upgrade` of inContact WFO from 16.1 to 17.1, both releases named.
const UPGRADE_16_1_TO_17_1: [&str; 8] = [
    "upgrade",
    "PLAN",
    "--product",
    "incontact-wfo",
    "--from",
    "16.1",
    "--to",
    "17.1",
];

/// `portolan` with `args`, `PLAN` standing for the test plan written into `dir`.
fn run(dir: &TempDir, args: &[&str]) -> Output {
    let plan = dir.path().join("wfo.plan.toml");
    std::fs::write(&plan, PLAN).unwrap();
    run_on(&plan, args)
}

/// `portolan` with `args`, `PLAN` standing for the plan file `plan`.
fn run_on(plan: &Path, args: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_portolan"));
    for a in args {
        if *a == "PLAN" {
            cmd.arg(plan);
        } else {
            cmd.arg(a);
        }
    }
    cmd.output().unwrap()
}

#[test]
fn upgrade_16_1_to_17_1_lists_ranges_ports_and_protocol_with_both_citations() {
    let dir = TempDir::new("upgrade");
    let out = run(
        &dir,
        &[
            "upgrade",
            "PLAN",
            "--product",
            "incontact-wfo",
            "--to",
            "17.1",
            "--generated-at",
            "x",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with("Upgrade change request: inContact WFO from 16.1 to 17.1\n"),
        "{text}"
    );
    assert!(
        text.contains("3 flow(s) to open, 3 that can be closed, 2 changed"),
        "{text}"
    );
    assert!(text.contains("protocol: HTTP -> HTTP(S); source addresses: 207.166.94.0/24, 207.166.95.0/24 -> 207.166.100.0/23 (not seen in the 17.1 document; carried over from 16.2)"), "{text}");
    assert!(text.contains("ports: 5638 -> 5633"), "{text}");
    assert!(
        text.contains(
            "close               agents (10.20.0.0/16) -> prem01 (10.1.0.5) tcp 2015 HTTP"
        ),
        "{text}"
    );
    assert!(
        text.contains("  from release: 16.1: \"Live Monitoring\" (inContact WFO 16.1"),
        "{text}"
    );
    assert!(
        text.contains("  to release: 17.1: not in the 17.1 document"),
        "{text}"
    );
    // the same as CSV, one row per change
    let out = run(
        &dir,
        &[
            "upgrade",
            "PLAN",
            "--product",
            "incontact-wfo",
            "--to",
            "17.1",
            "-f",
            "csv",
        ],
    );
    let csv = String::from_utf8(out.stdout).unwrap();
    // the file as it is: a byte-order mark for spreadsheets and CSV's own line ends, not shown
    // as the terminal shows hidden characters
    assert!(csv.starts_with('\u{feff}'), "{csv:?}");
    assert!(csv.ends_with("\r\n") && !csv.contains("<U+"), "{csv:?}");
    // every row reads back with a CSV reader, with the header's eight columns
    let mut rdr =
        csv::ReaderBuilder::new().from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
    assert_eq!(rdr.headers().unwrap().len(), 8);
    let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    assert!(
        rows.len() >= 8 && rows.iter().all(|r| r.len() == 8),
        "{rows:?}"
    );
    assert_eq!(
        csv.lines()
            .filter(|l| l.starts_with("incontact-wfo,16.1,17.1,open,"))
            .count(),
        3
    );
    assert_eq!(
        csv.lines()
            .filter(|l| l.starts_with("incontact-wfo,16.1,17.1,close,"))
            .count(),
        3
    );
}

#[test]
fn upgrade_bad_input_is_a_clear_error() {
    let dir = TempDir::new("upgrade-bad");
    for (args, message) in [
        (
            vec!["--product", "incontact-wfo", "--to", "18.0"],
            "error: release `18.0` of inContact WFO is not documented (`to`)",
        ),
        (
            vec![
                "--product",
                "incontact-wfo",
                "--from",
                "17.1",
                "--to",
                "16.3",
            ],
            "error: `from` 17.1 is not older than `to` 16.3",
        ),
        (
            vec!["--product", "screen-capture", "--to", "17.1"],
            "error: product `screen-capture` is not in the plan",
        ),
        (
            vec!["--product", "incontact-wfo", "--to", "17.1", "-f", "pdf"],
            "error: format `pdf` is unknown",
        ),
    ] {
        let mut all = vec!["upgrade", "PLAN"];
        all.extend(args);
        let out = run(&dir, &all);
        assert_eq!(out.status.code(), Some(2));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.starts_with(message), "{stderr}");
        assert!(stderr.contains("help:"), "{stderr}");
    }
}

#[test]
fn plan_lists_the_catalog_changes_since_its_revision() {
    let dir = TempDir::new("since");
    let out = run(&dir, &["plan", "PLAN"]);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("catalog changes since c-327a776db24d that touch this plan ("),
        "{text}"
    );
    assert!(
        text.contains(
            "  range added incontact-wfo endpoint/wfo-cloud/207.166.94.0/24 (before 16.2)"
        ),
        "{text}"
    );
    assert!(
        text.contains("  flow added incontact-wfo rule/hybrid-live-monitoring (before 16.2)"),
        "{text}"
    );
    // a change of a release the plan does not run is not listed
    assert!(!text.contains("rule/hybrid-recording-storage"), "{text}");
    // as JSON, standard output is the report alone; the changes go to standard error
    let out = run(&dir, &["plan", "PLAN", "--format", "json"]);
    assert!(serde_json::from_slice::<serde_json::Value>(&out.stdout).is_ok());
    assert!(String::from_utf8_lossy(&out.stderr)
        .contains("catalog changes since c-327a776db24d that touch this plan ("));
    let out = run(
        &dir,
        &["plan", "PLAN", "--since-revision", "c-000000000000"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not in this build's change feed"));
}

/// An upgrade refuses a plan the engine cannot read in full, as the exports do (issue #15,
/// point 2): the rules on the unreadable port would be missing from both releases.
#[test]
fn upgrade_refuses_a_plan_with_input_errors() {
    let plan = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/trust/incontact-wfo-unreadable.plan.toml");
    let out = run_on(&plan, &UPGRADE_16_1_TO_17_1);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with("error: the plan has 1 input error(s)"),
        "{stderr}"
    );
    assert!(
        stderr.contains("products[0].parameters.api-command-port"),
        "{stderr}"
    );
    assert!(
        stderr.contains("help: fix these fields, then ask for the upgrade again"),
        "{stderr}"
    );
}

/// The version under study is set by the upgrade itself: an unreadable version of that
/// component does not stop an upgrade that names both releases.
#[test]
fn upgrade_sets_the_version_it_studies() {
    let dir = TempDir::new("upgrade-latest");
    let plan = dir.path().join("latest.plan.toml");
    std::fs::write(&plan, PLAN.replace("wfo = \"16.1\"", "wfo = \"latest\"")).unwrap();
    let out = run_on(&plan, &UPGRADE_16_1_TO_17_1);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(!out.stdout.is_empty());
}
