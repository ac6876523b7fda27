//! See: issue #15 point 8. The report's JSON is a contract: its JSON Schema
//! (`schema/report-<REPORT_SCHEMA>.schema.json`) is generated from the engine's types, the
//! committed file must be the generated one, and the reports of every example plan, of the
//! synthetic benchmark plans (every warning kind), of the CLI (`plan --format json`) and of
//! the `json` export validate against it.
//!
//! After changing a report type: `PORTOLAN_WRITE_SCHEMA=1 cargo test --test report_schema`
//! rewrites the file; review and commit it (and bump `REPORT_SCHEMA` for an incompatible
//! change).
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use portolan_core::plan::{Plan, PlanFormat};
use portolan_engine::{evaluate, report_schema, REPORT_SCHEMA};
use portolan_testkit::report_schema::{check, path};
use serde_json::Value;

fn generated() -> String {
    let mut text = serde_json::to_string_pretty(&report_schema()).unwrap();
    text.push('\n');
    text
}

#[test]
fn the_committed_schema_is_the_generated_one() {
    let file = path(REPORT_SCHEMA);
    let want = generated();
    if std::env::var_os("PORTOLAN_WRITE_SCHEMA").is_some() {
        std::fs::write(&file, &want).unwrap();
    }
    let have = std::fs::read_to_string(&file).unwrap_or_default();
    assert!(
        have == want,
        "{} differs from the schema generated from the report's types; run \
         `PORTOLAN_WRITE_SCHEMA=1 cargo test --test report_schema`, review and commit it",
        file.display()
    );
    let schema: Value = serde_json::from_str(&have).unwrap();
    assert_eq!(
        schema["properties"]["schema"]["minimum"],
        Value::from(REPORT_SCHEMA),
        "the schema pins the report's `schema` version"
    );
}

fn examples() -> Vec<(String, Plan)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let mut v: Vec<(String, Plan)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".plan.toml"))
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().to_string();
            let text = std::fs::read_to_string(&p).unwrap();
            let plan = Plan::parse(&name, &text, PlanFormat::Toml).unwrap();
            (name, plan)
        })
        .collect();
    v.sort_by(|a, b| a.0.cmp(&b.0));
    v
}

#[test]
fn every_example_report_and_json_export_validates() {
    let catalog = portolan_bundled::compiled().unwrap();
    for (name, plan) in examples() {
        let report = evaluate(&catalog, &plan);
        check(&serde_json::to_value(&report).unwrap(), &name);
        let cx = portolan_export::ExportContext {
            report: &report,
            plan: &plan,
            catalog: &catalog,
            generated_at: "2026-01-01T00:00:00Z",
        };
        let art = portolan_export::export(portolan_export::find("json").unwrap(), &cx);
        let envelope: Value = serde_json::from_str(&art.content).unwrap();
        check(&envelope["report"], &format!("{name} (json export)"));
    }
}

#[test]
fn synthetic_reports_with_every_kind_of_warning_validate() {
    use portolan_testkit::gen;
    let case = gen::seed_case(50, gen::SEED).unwrap();
    let report = evaluate(&case.catalog, &case.plan);
    check(&serde_json::to_value(&report).unwrap(), "seed5_50h");
    let case = gen::synthetic(20, 10, 60, gen::SEED).unwrap();
    let report = evaluate(&case.catalog, &case.plan);
    let json = serde_json::to_value(&report).unwrap();
    check(&json, "synthetic 20x10_60h");
    let codes: std::collections::BTreeSet<&str> = json["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|w| w["code"].as_str())
        .collect();
    assert!(codes.len() >= 5, "{codes:?}");
}

#[test]
fn a_report_that_breaks_the_contract_is_caught() {
    let catalog = portolan_bundled::compiled().unwrap();
    let (_, plan) = examples().into_iter().next().unwrap();
    let mut json = serde_json::to_value(evaluate(&catalog, &plan)).unwrap();
    json["rules"][0]["ports"] = Value::from("443");
    let caught = std::panic::catch_unwind(|| check(&json, "broken"));
    assert!(caught.is_err(), "ports as a string must not validate");
}

/// Warnings carry what they are about as fields (code, severity, product, roles, hosts,
/// component, field path), not only in their text.
#[test]
fn warnings_name_their_hosts_roles_and_component() {
    let text = r#"
schema = 1
name = "structured warnings"
[[products]]
id = "screen-capture"
versions = { ris = "latest" }
[[hosts]]
name = "pc"
addresses = ["10.0.0.300", "10.0.0.5"]
roles = ["screen-capture/agent-pcx", "screen-capture/agent-pc"]
"#;
    let plan = Plan::parse("p.toml", text, PlanFormat::Toml).unwrap();
    let report = evaluate(&portolan_bundled::compiled().unwrap(), &plan);
    let json = serde_json::to_value(&report).unwrap();
    check(&json, "structured warnings");
    let find = |code: &str| {
        json["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|w| w["code"] == code)
            .unwrap_or_else(|| panic!("no {code} in {:#}", json["warnings"]))
            .clone()
    };
    let w = find("plan::invalid-version");
    assert_eq!(w["component"], "ris");
    assert_eq!(w["product"], "screen-capture");
    assert_eq!(w["field"], "products[0].versions.ris");
    assert_eq!(w["severity"], "error");
    let w = find("plan::invalid-address");
    assert_eq!(w["hosts"], serde_json::json!(["pc"]));
    let w = find("plan::unknown-role");
    assert_eq!(w["hosts"], serde_json::json!(["pc"]));
    assert_eq!(w["roles"], serde_json::json!(["screen-capture/agent-pcx"]));
    let unassigned: Vec<&Value> = json["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| w["code"] == "unassigned-role")
        .collect();
    assert!(
        unassigned
            .iter()
            .any(|w| w["roles"] == serde_json::json!(["screen-capture/ris-server"])),
        "{unassigned:#?}"
    );
    assert!(unassigned
        .iter()
        .all(|w| w["roles"].as_array().is_some_and(|r| r.len() == 1)));
    // ports: numbers and ranges, with the text alongside
    let rule = &json["rules"][0];
    assert!(rule["ports"].is_array(), "{rule:#}");
    assert!(rule["ports_text"].is_string(), "{rule:#}");
}

#[test]
fn ports_are_numbers_and_ranges_with_their_text() {
    let set: portolan_core::net::PortSet = "443, 4001-4004, 80".parse().unwrap();
    let json = serde_json::to_value(portolan_engine::PortsJson::of(&set)).unwrap();
    assert_eq!(
        json,
        serde_json::json!({
            "ports": [80, 443, {"from": 4001, "to": 4004}],
            "ports_text": "80, 443, 4001-4004"
        })
    );
}

/// See: issue #15 point 10. The JSON carries one group per catalog rule and transport (every
/// source to every destination), not one entry per host pair; the groups account for every
/// flow and every local pair.
#[test]
fn flows_are_written_as_groups_that_account_for_every_pair() {
    let catalog = portolan_bundled::compiled().unwrap();
    for (name, plan) in examples() {
        let report = evaluate(&catalog, &plan);
        let json = serde_json::to_value(&report).unwrap();
        let groups = json["flows"].as_array().unwrap();
        let mut flows = 0;
        let mut local = 0;
        for g in groups {
            let s = g["sources"].as_array().unwrap().len();
            let d = g["destinations"].as_array().unwrap().len();
            assert_eq!(
                g["flow_count"].as_u64().unwrap() as usize,
                s * d,
                "{name}: {g:#}"
            );
            flows += s * d;
            local += g
                .get("local_pairs")
                .map_or(0, |l| l.as_array().unwrap().len());
        }
        assert_eq!(flows, report.stats.flows, "{name}");
        assert_eq!(local, report.stats.local_flows, "{name}");
        assert!(groups.len() <= report.flows.len(), "{name}");
    }
}

/// A site of 2,000 agent PCs (one address each) and 20 recorders: 40,000 pairs per rule,
/// a few dozen groups in the JSON, whose size grows with the hosts.
#[test]
fn a_large_site_writes_a_json_that_grows_with_the_hosts() {
    let size = |agents: usize| {
        let plan = large_site(agents, 20);
        let report = evaluate(&portolan_bundled::compiled().unwrap(), &plan);
        let json = serde_json::to_string(&report).unwrap();
        check(&serde_json::from_str(&json).unwrap(), "large site");
        (report.stats.flows, json.len())
    };
    let (flows_small, small) = size(500);
    let (flows_large, large) = size(2_000);
    assert!(flows_large >= 4 * flows_small - 100);
    // four times the hosts: about four times the bytes (not sixteen, and not one per pair)
    assert!(large < 5 * small, "{small} -> {large} bytes");
    assert!(
        large < flows_large * 40,
        "{large} bytes for {flows_large} flows"
    );
}

/// Past the engine's flow limit a rule's flows are left out with an error that names the
/// limit; nothing aborts.
#[test]
fn past_the_flow_limit_the_report_says_so_instead_of_running_out_of_memory() {
    let plan = large_site(1_600, 1_600);
    let report = evaluate(&portolan_bundled::compiled().unwrap(), &plan);
    assert!(report.flows.len() <= portolan_engine::MAX_FLOWS);
    let w = report
        .warnings
        .iter()
        .find(|w| w.code == "plan::too-many-flows")
        .expect("the limit is reported");
    assert!(
        w.message.contains(&portolan_engine::MAX_FLOWS.to_string()),
        "{}",
        w.message
    );
    assert!(
        w.message.contains("screen-capture/scm-to-recorder-wss"),
        "{}",
        w.message
    );
    check(&serde_json::to_value(&report).unwrap(), "over the limit");
}

/// The report keeps a large site's flows as groups (each rule's hosts listed once), not as
/// host pairs: what it holds grows with the hosts; the pairs are only streamed.
#[test]
fn a_large_site_keeps_its_flows_as_groups_of_hosts() {
    let catalog = portolan_bundled::compiled().unwrap();
    let plan = large_site(2_000, 20);
    let report = portolan_engine::evaluate(&catalog, &plan);
    let groups = report.flows.groups();
    let ends: usize = groups
        .iter()
        .map(|g| g.sources.len() + g.destinations.len())
        .sum();
    let rules = catalog.product("screen-capture").unwrap().rules.len();
    assert!(groups.len() <= rules, "{} groups", groups.len());
    assert!(report.stats.flows > 50_000, "{}", report.stats.flows);
    // (as host pairs it would hold two endpoints a flow)
    assert!(
        ends * 4 < report.stats.flows && ends <= 6 * plan.hosts.len(),
        "{ends} endpoints held for {} flows",
        report.stats.flows
    );
    assert_eq!(report.flows.iter().count(), report.stats.flows);
}

/// A Screen Capture site: `agents` agent PCs and `recorders` Screen Recorders, each one
/// address, one RIS and a supervisors' subnet.
fn large_site(agents: usize, recorders: usize) -> Plan {
    use portolan_core::plan::{Host, PlanProduct};
    let mut product = PlanProduct {
        id: "screen-capture".into(),
        ..Default::default()
    };
    for (k, v) in [("ris", "15.2 HFR3"), ("screen-capture-module", "15.2.3")] {
        product.versions.insert(k.into(), v.into());
    }
    use portolan_core::plan::OptionValue;
    product
        .options
        .insert("cloud-screen-recording".into(), OptionValue::Bool(true));
    product
        .options
        .insert("websocket".into(), OptionValue::Text("secure".into()));
    let host = |name: String, addr: String, role: &str| Host {
        name,
        addresses: vec![addr],
        roles: vec![format!("screen-capture/{role}")],
        ..Default::default()
    };
    let mut hosts = vec![
        host("ris01".into(), "10.1.0.10".into(), "ris-server"),
        host("supervisors".into(), "10.30.0.0/24".into(), "supervisor-pc"),
    ];
    hosts[0]
        .roles
        .push("screen-capture/ris-agent-server".into());
    for i in 0..recorders {
        hosts.push(host(
            format!("rec{i:04}"),
            format!("10.2.{}.{}", i / 250, i % 250 + 1),
            "screen-recorder",
        ));
    }
    for i in 0..agents {
        hosts.push(host(
            format!("pc{i:06}"),
            format!(
                "10.{}.{}.{}",
                100 + i / 62_500,
                (i / 250) % 250,
                i % 250 + 1
            ),
            "agent-pc",
        ));
    }
    Plan {
        name: format!("{agents} agents, {recorders} recorders"),
        products: vec![product],
        hosts,
        ..Default::default()
    }
}
