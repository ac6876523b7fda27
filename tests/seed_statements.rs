//! The bundled catalog, statement by statement: for each statement of the vendor documents in
//! `../shared/seeds/`, the plan that should trigger it and the exact flows, requirements or
//! warnings expected — including the thresholds (at and just below), secure vs non-secure,
//! options switched off, changed configurable ports, fixed ports, sizing and port conflicts.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use portolan_bundled::catalog as bundled;
use portolan_catalog::Catalog;
use portolan_core::plan::{Plan, PlanFormat};
use portolan_engine::{evaluate, Report};
use std::sync::OnceLock;

fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| bundled().unwrap_or_else(|d| panic!("bundled catalog: {d:#?}")))
}

fn run(plan_toml: &str) -> Report {
    let plan = Plan::parse("case.toml", plan_toml, PlanFormat::Toml).unwrap();
    evaluate(catalog(), &plan)
}

/// `(rule, source host, destination host, transport, ports)` of every network or local flow.
fn flows(r: &Report) -> Vec<(String, String, String, String, String)> {
    r.flows
        .iter()
        .map(|f| {
            (
                f.rule.to_string(),
                f.source.name.clone(),
                f.destination.name.clone(),
                f.transport.to_string(),
                f.ports.to_string(),
            )
        })
        .collect()
}

fn has(r: &Report, rule: &str, src: &str, dst: &str, transport: &str, ports: &str) -> bool {
    flows(r).contains(&(
        rule.into(),
        src.into(),
        dst.into(),
        transport.into(),
        ports.into(),
    ))
}

#[track_caller]
fn assert_flow(r: &Report, rule: &str, src: &str, dst: &str, transport: &str, ports: &str) {
    assert!(
        has(r, rule, src, dst, transport, ports),
        "expected {rule}: {src} -> {dst} {transport} {ports}; flows:\n{:#?}",
        flows(r)
    );
}

fn rules(r: &Report) -> Vec<&str> {
    let mut v: Vec<&str> = r.flows.groups().iter().map(|g| g.rule.as_str()).collect();
    v.sort_unstable();
    v.dedup();
    v
}

#[track_caller]
fn assert_rules(r: &Report, expected: &[&str]) {
    let mut e = expected.to_vec();
    e.sort_unstable();
    assert_eq!(rules(r), e);
}

fn warning<'a>(r: &'a Report, code: &str) -> Vec<&'a str> {
    r.warnings
        .iter()
        .filter(|w| w.code == code)
        .map(|w| w.message.as_str())
        .collect()
}

fn requirement<'a>(r: &'a Report, id: &str) -> Option<&'a portolan_engine::ResolvedRequirement> {
    r.requirements.iter().find(|q| q.requirement.id == id)
}

// ---------------------------------------------------------------------------------------------
// 000: Screen Capture Module, RIS, Screen Recorder, PlayerWS

fn scm(versions: &str, options: &str) -> Report {
    run(&format!(
        r#"schema = 1
name = "scm"
[[products]]
id = "screen-capture"
versions = {{ {versions} }}
options = {{ {options} }}
[[hosts]]
name = "agents"
addresses = ["10.20.0.0/24"]
roles = ["screen-capture/agent-pc"]
[[hosts]]
name = "sup"
addresses = ["10.20.9.0/28"]
roles = ["screen-capture/supervisor-pc"]
[[hosts]]
name = "ris"
addresses = ["10.1.0.10"]
roles = ["screen-capture/ris-server", "screen-capture/ris-agent-server"]
[[hosts]]
name = "rec"
addresses = ["10.1.0.21"]
roles = ["screen-capture/screen-recorder"]
"#
    ))
}

const CLOUD_OK: &str = r#"ris = "15.2 HFR3", screen-capture-module = "15.2.3""#;

#[test]
fn s000_traditional_mechanism_below_the_ris_threshold() {
    // "RIS and Screen Recorders are on version 15.2 and HFR3 or above": 15.2 (no HFR) is below.
    let r = scm(r#"ris = "15.2", screen-capture-module = "15.2.3""#, "");
    // "agent side Screen Capture Module uses port 29522 to communicate with RIS"
    assert_flow(&r, "scm-to-ris", "agents", "ris", "tcp", "29522");
    // "Screen Recorder initiates socket port 4001-4004 to Screen Capture Module"
    assert_flow(
        &r,
        "recorder-to-scm-traditional",
        "rec",
        "agents",
        "tcp",
        "4001-4004",
    );
    // "Supervisor browser (IE plugin) initiates socket port 4001-4004 ... for the live monitor"
    assert_flow(
        &r,
        "supervisor-to-scm-traditional",
        "sup",
        "agents",
        "tcp",
        "4001-4004",
    );
    assert_rules(
        &r,
        &[
            "scm-to-ris",
            "recorder-to-scm-traditional",
            "supervisor-to-scm-traditional",
        ],
    );
    let w = warning(&r, "prerequisite");
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(w[0].contains("15.2 HFR3"), "{}", w[0]);
}

#[test]
fn s000_hfr2_is_just_below_and_hfr3_is_at_the_threshold() {
    let below = scm(r#"ris = "15.2 HFR2", screen-capture-module = "15.2.3""#, "");
    assert!(rules(&below).contains(&"recorder-to-scm-traditional"));
    assert!(!rules(&below).contains(&"scm-to-recorder-wss"));
    let at = scm(CLOUD_OK, "");
    assert!(rules(&at).contains(&"scm-to-recorder-wss"));
    assert!(!rules(&at).contains(&"recorder-to-scm-traditional"));
    assert!(warning(&at, "prerequisite").is_empty());
    let above = scm(r#"ris = "15.3", screen-capture-module = "15.2.4""#, "");
    assert!(rules(&above).contains(&"scm-to-recorder-wss"));
}

#[test]
fn s000_scm_version_threshold_15_2_3() {
    // "agent side Screen Capture Module is on version 15.2.3 or above"
    let below = scm(r#"ris = "15.2 HFR3", screen-capture-module = "15.2.2""#, "");
    assert!(!rules(&below).contains(&"scm-to-recorder-wss"));
    let w = warning(&below, "prerequisite");
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(w[0].contains("15.2.3"), "{}", w[0]);
    let at = scm(r#"ris = "15.2 HFR3", screen-capture-module = "15.2.3""#, "");
    assert!(rules(&at).contains(&"scm-to-recorder-wss"));
}

#[test]
fn s000_cloud_mode_secure_websocket_ports() {
    let r = scm(CLOUD_OK, r#"websocket = "secure""#);
    // "initiates WebSocket port 29435 or 29436 ... to RIS Agent Server"
    assert_flow(
        &r,
        "scm-to-ris-agent-server-wss",
        "agents",
        "ris",
        "tcp",
        "29436",
    );
    // "initiate WebSocket port 29433 or 29434 ... to Screen Recorder"
    assert_flow(&r, "scm-to-recorder-wss", "agents", "rec", "tcp", "29434");
    // 29522 stays ("29522 (base/fallback)")
    assert_flow(&r, "scm-to-ris", "agents", "ris", "tcp", "29522");
    // "4001-4004 (for fallback only)"
    assert_flow(
        &r,
        "recorder-to-scm-fallback",
        "rec",
        "agents",
        "tcp",
        "4001-4004",
    );
    let fb = r
        .flows
        .iter()
        .find(|f| f.rule == "recorder-to-scm-fallback")
        .unwrap();
    assert!(fb.tags.contains(&"fallback".to_string()));
    assert!(!rules(&r).contains(&"scm-to-recorder-ws"));
}

#[test]
fn s000_cloud_mode_non_secure_websocket_ports() {
    let r = scm(CLOUD_OK, r#"websocket = "non-secure""#);
    assert_flow(
        &r,
        "scm-to-ris-agent-server-ws",
        "agents",
        "ris",
        "tcp",
        "29435",
    );
    assert_flow(&r, "scm-to-recorder-ws", "agents", "rec", "tcp", "29433");
    assert!(!rules(&r).contains(&"scm-to-recorder-wss"));
    assert!(!rules(&r).contains(&"scm-to-ris-agent-server-wss"));
}

#[test]
fn s000_live_monitor_in_fallback_is_not_supported() {
    // "(NOTE: Screen live monitor in fallback mode is not supported)"
    let r = scm(CLOUD_OK, "");
    let f = r
        .flows
        .iter()
        .find(|f| f.rule == "supervisor-to-scm-fallback")
        .unwrap();
    assert!(f.optional);
    assert!(requirement(&r, "fallback-live-monitor-unsupported").is_some());
    // the live-monitor WebSocket port is not stated: an ambiguity, not a guess
    assert!(requirement(&r, "cloud-live-monitor-port").is_some());
    assert!(!warning(&r, "ambiguity").is_empty());
    // live monitor off: no supervisor flows at all
    let off = scm(CLOUD_OK, "live-monitor = false");
    assert!(!rules(&off).iter().any(|r| r.starts_with("supervisor-")));
    assert!(!warning(&off, "capability-disabled").is_empty());
}

#[test]
fn s000_cloud_option_off_uses_traditional_even_on_new_versions() {
    let r = scm(CLOUD_OK, "cloud-screen-recording = false");
    assert!(rules(&r).contains(&"recorder-to-scm-traditional"));
    assert!(!rules(&r).iter().any(|x| x.contains("-ws")));
}

// ---------------------------------------------------------------------------------------------
// 001: Call Recording Screen Capture

fn crsc(extra_product: &str, hosts: &str) -> Report {
    run(&format!(
        r#"schema = 1
name = "crsc"
[[products]]
id = "call-recording-screen-capture"
{extra_product}
[[hosts]]
name = "agents"
addresses = ["10.30.0.0/24"]
roles = ["call-recording-screen-capture/agent-pc"]
{hosts}
"#
    ))
}

const CR_A: &str = r#"[[hosts]]
name = "cr-a"
addresses = ["10.2.0.10"]
roles = ["call-recording-screen-capture/screen-capture-server", "call-recording-screen-capture/media-upload-server", "call-recording-screen-capture/call-recording-server"]
"#;
const CR_B: &str = r#"[[hosts]]
name = "cr-b"
addresses = ["10.3.0.10"]
roles = ["call-recording-screen-capture/screen-capture-server", "call-recording-screen-capture/media-upload-server", "call-recording-screen-capture/call-recording-server"]
"#;

#[test]
fn s001_fixed_port_7003_and_upload_port_80() {
    let r = crsc("", CR_A);
    // "accepts incoming connections on the predefined port 7003"
    assert_flow(
        &r,
        "client-to-screen-capture-server",
        "agents",
        "cr-a",
        "tcp",
        "7003",
    );
    // "This endpoint is typically port 80"
    assert_flow(
        &r,
        "client-to-media-upload-server",
        "agents",
        "cr-a",
        "tcp",
        "80",
    );
    // "The Capture Client application does not use any predefined port": nothing listens on PCs
    assert!(r.flows.iter().all(|f| f.destination.name != "agents"));
    // upload server on the Call Recording UI's port 80: one service, no conflict
    assert!(
        warning(&r, "port-conflict").is_empty(),
        "{:?}",
        warning(&r, "port-conflict")
    );
}

#[test]
fn s001_upload_port_is_configurable_7003_is_not() {
    let r = crsc(
        "parameters = { upload-port = 8080, screen-capture-port = 7004 }",
        CR_A,
    );
    assert_flow(
        &r,
        "client-to-media-upload-server",
        "agents",
        "cr-a",
        "tcp",
        "8080",
    );
    assert_flow(
        &r,
        "client-to-screen-capture-server",
        "agents",
        "cr-a",
        "tcp",
        "7003",
    );
    let w = warning(&r, "fixed-parameter-changed");
    assert_eq!(w.len(), 1);
    assert!(w[0].contains("7004") && w[0].contains("7003"), "{}", w[0]);
}

#[test]
fn s001_high_availability_connects_to_every_server() {
    // "configured to connect to all of the Screen Capture Servers"
    let r = crsc(
        "options = { high-availability = true }",
        &format!("{CR_A}{CR_B}"),
    );
    assert_flow(
        &r,
        "client-to-screen-capture-server",
        "agents",
        "cr-a",
        "tcp",
        "7003",
    );
    assert_flow(
        &r,
        "client-to-screen-capture-server",
        "agents",
        "cr-b",
        "tcp",
        "7003",
    );
    assert!(requirement(&r, "ha-two-clusters").is_some());
    assert!(requirement(&r, "ha-failure-loses-current-recording").is_some());
    assert!(warning(&r, "role-cardinality").is_empty());
    // one cluster only: "There must be two Call Recording clusters"
    let one = crsc("options = { high-availability = true }", CR_A);
    assert!(!warning(&one, "role-cardinality").is_empty());
}

#[test]
fn s001_named_pipes_have_no_network_port_and_thin_client_download() {
    let r = crsc("", CR_A);
    let q = requirement(&r, "named-pipes-no-port").unwrap();
    let text = serde_json::to_string(&q.requirement).unwrap();
    assert!(text.to_lowercase().contains("named pipes"), "{text}");
    assert!(!rules(&r).contains(&"dotnet-thin-client-download"));
    let dotnet = crsc(
        r#"options = { client-integration = "dotnet-thin-client" }"#,
        CR_A,
    );
    // "can be downloaded ... http://SERVER_URL/callrec/plugins/screenrec-client-binary-5.0.0.exe"
    assert_flow(
        &dotnet,
        "dotnet-thin-client-download",
        "agents",
        "cr-a",
        "tcp",
        "80",
    );
    assert!(requirement(&dotnet, "dotnet-download-port").is_some());
    // the optional download on port 80 is covered by the required upload on port 80 of the same
    // server: one rule, not a redundant optional one
    let on_80: Vec<_> = dotnet
        .rules
        .iter()
        .filter(|a| a.ports.contains(80))
        .collect();
    assert_eq!(on_80.len(), 1, "{on_80:#?}");
    assert!(!on_80[0].optional);
    assert!(on_80[0]
        .catalog_rules
        .iter()
        .any(|c| c == "call-recording-screen-capture/dotnet-thin-client-download"));
}

// ---------------------------------------------------------------------------------------------
// 002: inContact WFO

fn wfo(options: &str, parameters: &str, hosts: &str) -> Report {
    run(&format!(
        r#"schema = 1
name = "wfo"
[[products]]
id = "incontact-wfo"
options = {{ {options} }}
parameters = {{ {parameters} }}
{hosts}
"#
    ))
}

fn host(name: &str, addr: &str, roles: &[&str]) -> String {
    let roles: Vec<String> = roles
        .iter()
        .map(|r| format!("\"incontact-wfo/{r}\""))
        .collect();
    format!(
        "[[hosts]]\nname = \"{name}\"\naddresses = [\"{addr}\"]\nroles = [{}]\n",
        roles.join(", ")
    )
}

#[test]
fn s002_hybrid_connection_pooling_and_cloud_range() {
    let hosts = host("prem", "10.5.0.10", &["premises-server", "web-portal"])
        + &host("pcs", "10.50.0.0/16", &["client-pc"]);
    let r = wfo(r#"deployment = "hybrid""#, "", &hosts);
    // "cloud servers have IP addresses in the following range: 207.166.100.0/23"
    let f = r
        .flows
        .iter()
        .find(|f| f.rule == "hybrid-connection-pooling")
        .unwrap();
    assert_eq!(f.source.addresses[0].to_string(), "207.166.100.0/23");
    assert_eq!(f.ports.to_string(), "2010");
    for (rule, port) in [
        ("hybrid-silverlight-player", "4510"),
        ("hybrid-html5-player", "2020"),
        ("hybrid-html5-token", "5650"),
        ("hybrid-web-portal-https", "443"),
        ("hybrid-silverlight-policy", "943"),
        ("hybrid-logging", "5638"),
    ] {
        assert_flow(&r, rule, "pcs", "prem", "tcp", port);
    }
    // "Used by the messaging interface for various inContact WFO services": not by the client
    // PCs, so 5672 from the PCs is a wider reading, off by default (issue #15, point 6)
    assert!(!rules(&r).contains(&"hybrid-messaging"));
    let wider = wfo(
        r#"deployment = "hybrid", hybrid-messaging-from-client-pcs = true"#,
        "",
        &hosts,
    );
    assert_flow(&wider, "hybrid-messaging", "pcs", "prem", "tcp", "5672");
    // optional features are off by default
    assert!(!rules(&r).contains(&"hybrid-screen-recording"));
    assert!(!rules(&r).contains(&"hybrid-desktop-analytics"));
    // the direction of Connection Pooling is not stated: an ambiguity
    assert!(requirement(&r, "connection-pooling-direction").is_some());
    // no premises rules in hybrid
    assert!(!rules(&r).contains(&"api-server-to-sql"));
}

#[test]
fn s002_hybrid_optional_screen_recording_and_desktop_analytics() {
    let hosts = host("prem", "10.5.0.10", &["premises-server", "web-portal"])
        + &host("pcs", "10.50.0.0/16", &["client-pc"]);
    let r = wfo(
        r#"deployment = "hybrid", screen-recording = true, desktop-analytics = true"#,
        "",
        &hosts,
    );
    assert_flow(&r, "hybrid-screen-recording", "pcs", "prem", "tcp", "5633");
    assert_flow(&r, "hybrid-desktop-analytics", "pcs", "prem", "tcp", "5634");
}

#[test]
fn s002_wfm_v2_only_uses_80_or_443() {
    let hosts = host("sites", "10.6.0.10", &["wfm-v2-sites"])
        + &host("pcs", "10.50.0.0/16", &["client-pc"]);
    let https = wfo(r#"deployment = "wfm-v2-only""#, "", &hosts);
    assert_rules(&https, &["wfm-v2-https"]);
    assert_flow(&https, "wfm-v2-https", "pcs", "sites", "tcp", "443");
    let http = wfo(
        r#"deployment = "wfm-v2-only", wfm-v2-protocol = "http""#,
        "",
        &hosts,
    );
    assert_rules(&http, &["wfm-v2-http"]);
    assert_flow(&http, "wfm-v2-http", "pcs", "sites", "tcp", "80");
    // no antivirus exclusions for a cloud-only WFM deployment
    assert!(requirement(&https, "av-cti-core").is_none());
}

#[test]
fn s002_premises_server_table_directions() {
    let hosts = host("core", "10.7.0.10", &["cti-core"])
        + &host("api", "10.7.0.11", &["api-server"])
        + &host("sql", "10.7.0.20", &["sql-server"])
        + &host("files", "10.7.0.21", &["file-server"])
        + &host("wms", "10.7.0.12", &["web-media-server"])
        + &host("logger", "10.7.0.13", &["logger"])
        + &host("snmp", "10.7.0.30", &["snmp-manager"])
        + &host("smtp", "10.7.0.31", &["smtp-server"])
        + &host("pcs", "10.50.0.0/16", &["client-pc"]);
    let r = wfo("", "", &hosts);
    // API Server: 5620 / 5621 inbound from CTI Core; 1433 outbound to SQL
    assert_flow(&r, "cti-core-to-api-commands", "core", "api", "tcp", "5620");
    assert_flow(&r, "cti-core-to-api-events", "core", "api", "tcp", "5621");
    assert_flow(&r, "api-server-to-sql", "api", "sql", "tcp", "1433");
    // CTI Core: 445 outbound CIFS; 5630 outbound to Web Media Server; 6620 inbound
    assert_flow(&r, "cti-core-to-cifs", "core", "files", "tcp", "445");
    assert_flow(&r, "cti-core-to-wms", "core", "wms", "tcp", "5630");
    assert_flow(&r, "api-to-cti-core-control", "api", "core", "tcp", "6620");
    // Logger: 162 UDP SNMP and 25 SMTP outbound
    assert_flow(&r, "logger-to-snmp", "logger", "snmp", "udp", "162");
    assert_flow(&r, "logger-to-smtp", "logger", "smtp", "tcp", "25");
    // PC table: Web Player 4510 and 943 outbound to the Web Media Server
    assert_flow(&r, "player-to-wms", "pcs", "wms", "tcp", "4510");
    assert_flow(&r, "player-to-wms-policy", "pcs", "wms", "tcp", "943");
    // the integration-specific row `xxx ? ?`: a warning, never a guessed port
    assert!(requirement(&r, "integration-specific-ports").is_some());
    assert!(warning(&r, "ambiguity").iter().any(|w| w.contains("xxx")));
}

#[test]
fn s002_wfm_v1_second_portal_port_and_changed_api_port() {
    let hosts = host("portal", "10.7.0.40", &["web-portal"])
        + &host("api", "10.7.0.11", &["api-server"])
        + &host("core", "10.7.0.10", &["cti-core"])
        + &host("pcs", "10.50.0.0/16", &["client-pc"]);
    let r = wfo(
        "wfm-v1 = true",
        "wfm-v1-portal-port = 8081, api-command-port = 15620",
        &hosts,
    );
    assert_flow(&r, "client-to-web-portal", "pcs", "portal", "tcp", "80");
    assert_flow(
        &r,
        "client-to-wfm-v1-portal",
        "pcs",
        "portal",
        "tcp",
        "8081",
    );
    assert_flow(
        &r,
        "cti-core-to-api-commands",
        "core",
        "api",
        "tcp",
        "15620",
    );
    let off = wfo("", "", &hosts);
    assert!(!rules(&off).contains(&"client-to-wfm-v1-portal"));
}

#[test]
fn s002_survey_and_cti_core_conflict_on_5060_on_one_server() {
    // "If Survey and Core are on the same server, Survey must be configured to use a different port."
    let same =
        host("core", "10.7.0.10", &["cti-core", "survey"]) + &host("pbx", "10.9.0.1", &["pbx"]);
    let r = wfo("survey = true", "", &same);
    let w = warning(&r, "port-conflict");
    assert_eq!(w.len(), 2, "{w:?}"); // tcp and udp
    assert!(w.iter().all(|m| m.contains("5060")));
    // moving Survey to another port resolves it
    let moved = wfo("survey = true", "survey-sip-port = 5062", &same);
    assert!(warning(&moved, "port-conflict").is_empty());
    assert_flow(&moved, "pbx-to-survey", "pbx", "core", "udp", "5062");
    // on separate servers there is no conflict
    let apart = host("core", "10.7.0.10", &["cti-core"])
        + &host("survey", "10.7.0.11", &["survey"])
        + &host("pbx", "10.9.0.1", &["pbx"]);
    assert!(warning(&wfo("survey = true", "", &apart), "port-conflict").is_empty());
}

#[test]
fn s002_compatibility_matrix_follows_the_chosen_os() {
    let r12 = wfo("shoretel-tapi = true, audiocodes-smartworks = true", "", "");
    let q = requirement(&r12, "compat-shoretel-2012").unwrap();
    let text = serde_json::to_string(&q.requirement).unwrap();
    assert!(text.contains("14.2.19.42.8801.0"), "{text}");
    assert!(requirement(&r12, "compat-shoretel-2008").is_none());
    assert!(requirement(&r12, "compat-audiocodes-2012").is_some());
    let r08 = wfo(
        r#"shoretel-tapi = true, windows-server = "windows-2008-r2""#,
        "",
        "",
    );
    assert!(requirement(&r08, "compat-shoretel-2008").is_some());
    assert!(requirement(&r08, "compat-shoretel-2012").is_none());
    // "Not supported with Windows 2012."
    let jtapi = wfo("cisco-jtapi-bib = true", "", "");
    assert!(!warning(&jtapi, "prerequisite").is_empty());
}

#[test]
fn s002_antivirus_exclusions_and_file_types() {
    let r = wfo("screen-recording = true", "", "");
    let json = serde_json::to_string(&requirement(&r, "av-cti-core").unwrap().requirement).unwrap();
    assert!(
        json.contains("cc_cticore.exe") && json.contains("*.vox8"),
        "{json}"
    );
    assert!(json.contains(r"C:\\default_rec"), "{json}");
    assert!(requirement(&r, "av-screen-recording").is_some());
    assert!(requirement(&r, "file-vid").is_some());
    // .idx is Speech Analytics only
    assert!(requirement(&r, "file-idx").is_none());
    let sa = wfo("speech-analytics = true", "", "");
    assert!(requirement(&sa, "file-idx").is_some());
    assert!(requirement(&sa, "av-speech-analytics").is_some());
}

// ---------------------------------------------------------------------------------------------
// 003: EX Engage Connector

fn exec(options: &str, parameters: &str, exec_hosts: usize) -> Report {
    let mut hosts = String::new();
    for i in 1..=exec_hosts {
        hosts += &format!(
            "[[hosts]]\nname = \"exec{i}\"\naddresses = [\"10.8.0.{i}\"]\nroles = [\"ex-engage-connector/excs\", \"ex-engage-connector/exas\", \"ex-engage-connector/excp\", \"ex-engage-connector/exrp\"]\n"
        );
    }
    for (name, addr, role) in [
        ("db", "10.8.1.1", "config-db"),
        ("stat-a", "10.8.1.2", "stat-server-primary"),
        ("stat-b", "10.8.1.3", "stat-server-backup"),
        ("sip1", "10.8.1.4", "sip-server"),
        ("sip2", "10.8.1.5", "sip-server"),
        ("prom", "10.8.1.6", "prometheus"),
        ("lb", "10.8.1.7", "http-load-balancer"),
        ("redis", "10.8.1.8", "redis"),
    ] {
        hosts += &format!(
            "[[hosts]]\nname = \"{name}\"\naddresses = [\"{addr}\"]\nroles = [\"ex-engage-connector/{role}\"]\n"
        );
    }
    run(&format!(
        "schema = 1\nname = \"exec\"\n[[products]]\nid = \"ex-engage-connector\"\noptions = {{ {options} }}\nparameters = {{ {parameters} }}\n{hosts}"
    ))
}

#[test]
fn s003_connectivity_table_rows() {
    let r = exec("", "", 2);
    assert_flow(&r, "excs-to-config-db", "exec1", "db", "tcp", "5432");
    assert_flow(
        &r,
        "exas-to-primary-stat-server",
        "exec1",
        "stat-a",
        "tcp",
        "2060",
    );
    assert_flow(
        &r,
        "exas-to-backup-stat-server",
        "exec1",
        "stat-b",
        "tcp",
        "2060",
    );
    // "Engage SIP Servers (multiple)"
    assert_flow(&r, "excp-to-sip-servers", "exec1", "sip1", "tcp", "8000");
    assert_flow(&r, "excp-to-sip-servers", "exec1", "sip2", "tcp", "8000");
    assert_flow(&r, "excp-to-excs", "exec1", "exec2", "tcp", "3640");
    assert_flow(&r, "prometheus-to-excs", "prom", "exec1", "tcp", "3640");
    assert_flow(&r, "prometheus-to-exas", "prom", "exec1", "tcp", "3630");
    assert_flow(&r, "prometheus-to-excp", "prom", "exec1", "tcp", "3650");
    assert_flow(&r, "load-balancer-to-excp", "lb", "exec1", "tcp", "3650");
    assert_flow(&r, "excs-to-redis", "exec1", "redis", "tcp", "6379");
    let gc = r
        .flows
        .iter()
        .find(|f| f.rule == "excs-to-genesys-cloud")
        .unwrap();
    assert_eq!(gc.ports.to_string(), "443");
    // Genesys Cloud's addresses are not given: an ambiguity, and the rule is unresolved
    assert!(requirement(&r, "genesys-cloud-addresses").is_some());
    assert!(r.rules.iter().any(|a| a.unresolved));
    // EXCP -> EXCS on the same VM is local
    assert!(r.flows.iter().any(|f| f.rule == "excp-to-excs" && f.local));
}

#[test]
fn s003_changing_the_excs_port_changes_every_flow_to_it() {
    let r = exec("", "excs-port = 13640", 2);
    let to_excs: Vec<_> = r.flows.iter().filter(|f| f.to_role == "excs").collect();
    assert!(to_excs.len() >= 6);
    assert!(to_excs.iter().all(|f| f.ports.to_string() == "13640"));
}

#[test]
fn s003_webdav_sizing_n_plus_one_and_time_sync() {
    let r = exec("", "concurrent-recording-calls = 2500", 1);
    // "30 GB of WebDAV memory for contact centers with 1000 concurrent recording calls"
    assert_eq!(requirement(&r, "webdav-sizing").unwrap().value, Some(75.0));
    // "A minimum of 2 VMs (N+1) for EX Engage Connector Recording Provider (EXRP)"
    let w = warning(&r, "role-cardinality");
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(w[0].contains("at least 2"));
    assert!(warning(&exec("", "", 2), "role-cardinality").is_empty());
    // "sync the system time at least once every 24 hours"
    let json = serde_json::to_string(&requirement(&r, "time-sync").unwrap().requirement).unwrap();
    assert!(json.contains("\"max_interval_hours\":24"), "{json}");
    assert!(requirement(&r, "same-network-segment").is_some());
    // recording injection off: no WebDAV sizing, no load-balancer path
    let off = exec("recording-injection = false", "", 2);
    assert!(requirement(&off, "webdav-sizing").is_none());
    assert!(!rules(&off).contains(&"load-balancer-to-excp"));
}

// ---------------------------------------------------------------------------------------------
// 004: Visual Remote Assistance

fn vra(options: &str, parameters: &str) -> Report {
    run(&format!(
        r#"schema = 1
name = "vra"
[[products]]
id = "visual-remote-assistance"
options = {{ {options} }}
parameters = {{ {parameters} }}
[[hosts]]
name = "office"
addresses = ["10.60.0.0/22"]
roles = ["visual-remote-assistance/web-client"]
[[hosts]]
name = "wifi"
addresses = ["10.61.0.0/22"]
roles = ["visual-remote-assistance/mobile-device"]
"#
    ))
}

fn dest(r: &Report, rule: &str) -> Vec<String> {
    r.flows
        .iter()
        .find(|f| f.rule == rule)
        .map(|f| {
            f.destination
                .addresses
                .iter()
                .map(ToString::to_string)
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn s004_destinations_ports_and_tenant() {
    let r = vra(
        r#"applications = ["web", "mobile", "glasses"]"#,
        r#"tenant = "acme", s3-region = "eu-central-1""#,
    );
    assert_eq!(dest(&r, "web-to-frontend"), ["acme.glartek.com"]);
    assert_eq!(
        dest(&r, "web-to-rtc-tcp"),
        [
            "*.agora.io",
            "*.edge.agora.io",
            "*.sd-rtn.com",
            "*.edge.sd-rtn.com"
        ]
    );
    assert_flow(
        &r,
        "web-to-rtc-tcp",
        "office",
        "Real-time communications backend (Agora)",
        "tcp",
        "80, 443, 3433, 4700-5000, 5668-5669, 6080, 6443, 8667, 9667, 30011-30013",
    );
    let udp = r.flows.iter().find(|f| f.rule == "web-to-rtc-udp").unwrap();
    assert_eq!(udp.ports.to_string(), "3478, 4700-5000");
    assert_eq!(dest(&r, "web-to-s3"), ["*.eu-central-1.amazonaws.com"]);
    assert_eq!(
        dest(&r, "web-to-error-reporting"),
        ["35.188.42.15", "34.120.195.249"]
    );
    // "The Glasses' applications require the same network/firewall configuration as the Mobile"
    assert!(requirement(&r, "glasses-same-as-mobile").is_some());
    assert!(rules(&r).contains(&"mobile-to-rtc-udp"));
    // the garbled mobile cells are noted, not propagated
    assert!(requirement(&r, "mobile-rtc-domains-garbled").is_some());
    assert!(r
        .flows
        .iter()
        .flat_map(|f| f.destination.addresses.clone())
        .all(|a| !a.to_string().contains("agora.io.sd-rtn")));
}

#[test]
fn s004_services_that_can_be_disabled() {
    let r = vra("s3-file-hosting = false, error-reporting = false", "");
    assert!(!rules(&r).contains(&"web-to-s3"));
    assert!(!rules(&r).contains(&"mobile-to-error-reporting"));
    let costs = warning(&r, "capability-disabled");
    assert_eq!(costs.len(), 2, "{costs:?}");
    assert!(costs.iter().any(|c| c.to_lowercase().contains("recording")));
    // a hostile tenant name never becomes a destination: the tenant must be one DNS label, so
    // it is refused and the rules that name the tenant's host are left out until it is fixed
    for tenant in [r#"tenant = "x\"; rm -rf /""#, r#"tenant = "*""#] {
        let bad = vra("", tenant);
        assert!(
            !warning(&bad, "plan::invalid-parameter").is_empty(),
            "{tenant}"
        );
        assert!(dest(&bad, "web-to-frontend").is_empty(), "{tenant}");
        let left_out = warning(&bad, "undetermined-rules");
        assert!(
            left_out.iter().any(|w| w.contains("`web-to-frontend`")),
            "{tenant}: {left_out:?}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Choices: which of the vendor's tables apply (issue #15, point 3)

#[test]
fn s004_web_application_only_has_no_mobile_flows_or_warnings() {
    // "If you plan to install the native application on the smartphone/tablet, please see the
    // dedicated section of the article.": the mobile table applies only to the native apps
    let r = vra(r#"applications = ["web"]"#, r#"tenant = "acme""#);
    assert!(rules(&r).contains(&"web-to-rtc-udp"));
    assert!(
        !rules(&r).iter().any(|x| x.starts_with("mobile-")),
        "{:?}",
        rules(&r)
    );
    // no warning of the mobile table either: its garbled cells, glasses note, unassigned role
    assert!(requirement(&r, "mobile-rtc-domains-garbled").is_none());
    assert!(requirement(&r, "glasses-same-as-mobile").is_none());
    assert!(requirement(&r, "mobile-s3-garbled").is_none());
    assert!(
        warning(&r, "unassigned-role").is_empty(),
        "{:#?}",
        r.warnings
    );
    assert!(!r
        .warnings
        .iter()
        .any(|w| w.message.contains("mobile table")));
    // the default is the web application alone
    assert_eq!(rules(&vra("", r#"tenant = "acme""#)), rules(&r));
}

#[test]
fn s004_glasses_use_the_mobile_table() {
    // "The Glasses' applications require the same network/firewall configuration as the Mobile
    // Applications."
    let r = vra(r#"applications = ["glasses"]"#, r#"tenant = "acme""#);
    assert!(rules(&r).contains(&"mobile-to-rtc-tcp"));
    assert!(
        !rules(&r).iter().any(|x| x.starts_with("web-")),
        "{:?}",
        rules(&r)
    );
    assert!(requirement(&r, "glasses-same-as-mobile").is_some());
    // an application the catalog does not know is an error on its field, and nothing that
    // depends on the choice is opened
    let bad = vra(r#"applications = ["web", "desktop"]"#, r#"tenant = "acme""#);
    let w: Vec<_> = bad
        .warnings
        .iter()
        .filter(|w| w.code == "plan::invalid-option")
        .collect();
    assert_eq!(w.len(), 1);
    assert_eq!(
        w[0].field.as_ref().map(ToString::to_string).as_deref(),
        Some("products[0].options.applications")
    );
    assert!(bad.flows.is_empty(), "{:#?}", flows(&bad));
    assert!(!warning(&bad, "undetermined-rules").is_empty());
}

#[test]
fn s002_each_deployment_type_uses_its_own_tables_roles() {
    // "Port Information for Hybrid inContact WFO" / "Port Information for inContact WFM v2-Only
    // Deployments" / "Port Information for Premises inContact WFO": one table each
    let wfo_product = catalog().product("incontact-wfo").unwrap();
    let chosen = |options: &str| -> Vec<String> {
        let plan = Plan::parse(
            "case.toml",
            &format!(
                "schema = 1\n[[products]]\nid = \"incontact-wfo\"\noptions = {{ {options} }}\n"
            ),
            PlanFormat::Toml,
        )
        .unwrap();
        portolan_engine::gate::chosen_roles(wfo_product, &plan.products[0])
            .iter()
            .zip(&wfo_product.roles)
            .filter(|(c, _)| **c != Some(false))
            .map(|(_, r)| r.id.clone())
            .collect()
    };
    // (the public cloud storage is a role of the hybrid table of the 17.1 page; the planner
    // folds it away at earlier releases, see src/ui/choices.rs)
    assert_eq!(
        chosen(r#"deployment = "hybrid""#),
        [
            "client-pc",
            "wfo-cloud",
            "public-cloud-storage",
            "premises-server",
            "web-portal"
        ]
    );
    assert_eq!(
        chosen(r#"deployment = "wfm-v2-only""#),
        ["client-pc", "wfm-v2-sites"]
    );
    let premises = chosen(r#"deployment = "premises""#);
    assert!(premises.contains(&"sql-server".to_string()));
    assert!(!premises.contains(&"premises-server".to_string()));
    // "If you use inContact Screen Recording, you will additionally need": the module's roles
    // only when it is used
    assert!(!premises.contains(&"screen-recording-server".to_string()));
    assert!(
        chosen(r#"deployment = "premises", screen-recording = true"#)
            .contains(&"screen-recording-server".to_string())
    );
    // a hybrid plan that maps a premises role gets no flows or warnings from it
    let hosts = host("prem", "10.5.0.10", &["premises-server", "web-portal"])
        + &host("pcs", "10.50.0.0/16", &["client-pc"])
        + &host("sql", "10.7.0.20", &["sql-server"]);
    let r = wfo(r#"deployment = "hybrid""#, "", &hosts);
    assert!(r.flows.iter().all(|f| f.destination.name != "sql"));
    assert!(
        warning(&r, "unassigned-role").is_empty(),
        "{:?}",
        warning(&r, "unassigned-role")
    );
}

// ---------------------------------------------------------------------------------------------
// Unreadable input fails closed (issue #15, point 2); components versioned together (point 7)

#[test]
fn s000_an_unreadable_ris_version_opens_neither_mechanism() {
    // "Minimum software version to support Cloud Screen Recording mode: RIS and Screen
    // Recorders are on version 15.2 and HFR3 or above": with RIS's version unreadable, whether
    // the cloud or the traditional ports apply cannot be told, and the default is not assumed
    for bad in ["latest", "15.x"] {
        let r = scm(
            &format!(r#"ris = "{bad}", screen-capture-module = "15.2.3""#),
            "",
        );
        let e: Vec<_> = r
            .warnings
            .iter()
            .filter(|w| w.code == "plan::invalid-version")
            .collect();
        assert_eq!(e.len(), 1, "{bad}: {:#?}", r.warnings);
        assert_eq!(
            e[0].field.as_ref().map(ToString::to_string).as_deref(),
            Some("products[0].versions.ris")
        );
        // "uses port 29522 to communicate with RIS" holds in both mechanisms
        assert_rules(&r, &["scm-to-ris"]);
        let left_out = warning(&r, "undetermined-rules");
        assert_eq!(left_out.len(), 1, "{left_out:?}");
        for rule in [
            "scm-to-recorder-wss",
            "scm-to-ris-agent-server-wss",
            "recorder-to-scm-traditional",
            "recorder-to-scm-fallback",
        ] {
            assert!(left_out[0].contains(rule), "{rule}: {}", left_out[0]);
        }
        assert!(left_out[0].contains("`ris`"), "{}", left_out[0]);
        // no prerequisite is claimed on a version that cannot be read
        assert!(warning(&r, "prerequisite").is_empty());
    }
}

#[test]
fn s000_ris_and_every_screen_recorder_need_15_2_hfr3() {
    // "RIS and Screen Recorders are on version 15.2 and HFR3 or above": each has its field, the
    // recorders' takes the lowest installed, and cloud mode needs both
    let behind = scm(
        r#"ris = "15.2 HFR3", screen-recorder = "15.2 HFR2", screen-capture-module = "15.2.3""#,
        "",
    );
    assert!(rules(&behind).contains(&"recorder-to-scm-traditional"));
    assert!(!rules(&behind).contains(&"scm-to-recorder-wss"));
    let w = warning(&behind, "prerequisite");
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(w[0].contains("screen-recorder"), "{}", w[0]);
    let both = scm(
        r#"ris = "15.2 HFR3", screen-recorder = "15.2 HFR3", screen-capture-module = "15.2.3""#,
        "",
    );
    assert!(rules(&both).contains(&"scm-to-recorder-wss"));
    let recorders = catalog()
        .product("screen-capture")
        .unwrap()
        .component("screen-recorder")
        .unwrap();
    assert!(recorders.name.contains("lowest"), "{}", recorders.name);
}

// ---------------------------------------------------------------------------------------------
// Versions of other products (issue #15, point 4): every statement of the 64-bit matrix with a
// version, just below and at its threshold

#[test]
fn s002_compatibility_matrix_checks_the_installed_versions() {
    // (quote, option, os, component, just below, at)
    let rows = [
        (
            "Requires version 5.4 or higher",
            "audiocodes-smartworks",
            "windows-2008-r2",
            "smartworks",
            "5.3",
            "5.4",
        ),
        (
            "Windows 2012 requires version 5.9 or higher",
            "audiocodes-smartworks",
            "windows-2012-r2",
            "smartworks",
            "5.8",
            "5.9",
        ),
        (
            "Windows 2008 requires AES version 5.2 or later.",
            "avaya-tsapi",
            "windows-2008-r2",
            "avaya-aes",
            "5.1",
            "5.2",
        ),
        (
            "Windows 2012 requires AES/TSAPI Client 6.3.3 or later.",
            "avaya-tsapi",
            "windows-2012-r2",
            "avaya-aes",
            "6.3.2",
            "6.3.3",
        ),
        (
            "Requires version 4.1.2 or later",
            "voip-integration",
            "windows-2012-r2",
            "winpcap",
            "4.1.1",
            "4.1.2",
        ),
        (
            "Windows 2012 requires Cisco TSP Client v10.0 or later.",
            "cisco-tapi-bib",
            "windows-2012-r2",
            "cisco-tsp",
            "9.1",
            "v10.0",
        ),
        (
            "Windows 2008 requires ShoreTel version 11 or later.",
            "shoretel-tapi",
            "windows-2008-r2",
            "shoretel",
            "10.9",
            "11",
        ),
        (
            "Windows 2012 R2 requires v14.2.19.42.8801.0 or later.",
            "shoretel-tapi",
            "windows-2012-r2",
            "shoretel",
            "14.2.19.42.8800",
            "14.2.19.42.8801.0",
        ),
    ];
    let case = |option: &str, os: &str, component: &str, version: &str| {
        run(&format!(
            "schema = 1\n[[products]]\nid = \"incontact-wfo\"\nversions = {{ {component} = \"{version}\" }}\noptions = {{ {option} = true, windows-server = \"{os}\" }}\n"
        ))
    };
    for (quote, option, os, component, below, at) in rows {
        let low = case(option, os, component, below);
        let w: Vec<_> = low
            .warnings
            .iter()
            .filter(|w| w.code == "compatibility")
            .collect();
        assert_eq!(w.len(), 1, "{quote}: {w:#?}");
        assert_eq!(w[0].cite.as_ref().map(|c| &*c.quote), Some(quote));
        assert_eq!(
            w[0].field.as_ref().map(ToString::to_string).as_deref(),
            Some(&*format!("products[0].versions.{component}"))
        );
        let ok = case(option, os, component, at);
        assert!(
            warning(&ok, "compatibility").is_empty(),
            "{quote}: {:#?}",
            ok.warnings
        );
        assert!(warning(&ok, "compatibility-unknown").is_empty(), "{quote}");
    }
    // "Not supported with Windows 2012." has no version to check: it stays a prerequisite
    let jtapi = wfo("cisco-jtapi-bib = true", "", "");
    assert!(warning(&jtapi, "compatibility-unknown").is_empty());
    assert!(!warning(&jtapi, "prerequisite").is_empty());
}

// ---------------------------------------------------------------------------------------------
// Ports the vendor calls defaults are parameters (issue #15, point 5)

#[test]
fn s002_every_port_is_an_installation_default_the_plan_can_move() {
    // "Any paths or ports shown in this document are the installation defaults only. Actual
    // paths or ports may vary depending on configuration options set during installation."
    use portolan_catalog::{ParamKind, ParamValue, PortSpec};
    let p = catalog().product("incontact-wfo").unwrap();
    // every rule's port is a parameter, except WFM v2's ("uses only standard internet ports"),
    // a cloud's own HTTPS port (the 17.1 page's recording storage), and the rules of the 16.1
    // page only, which does not say its ports are defaults (it documents another release)
    let v16_2: portolan_core::version::Version = "16.2".parse().unwrap();
    for r in &p.rules {
        let fixed = r.ports.iter().any(|s| matches!(s, PortSpec::Range(_)));
        let to_cloud = p
            .role(&r.to)
            .is_some_and(|role| role.kind == portolan_catalog::RoleKind::External);
        let only_16_1 = r.scope.until.as_ref().is_some_and(|u| u <= &v16_2);
        let may_be_fixed = r.id.starts_with("wfm-v2-") || to_cloud || only_16_1;
        assert!(!fixed || may_be_fixed, "{} has a fixed port", r.id);
    }
    assert!(p.rules.iter().any(|r| r.id.starts_with("wfm-v2-")));
    let moved: Vec<(String, u64)> = p
        .parameters
        .iter()
        .filter(|q| q.kind == ParamKind::Port)
        .map(|q| {
            let ParamValue::Number(d) = q.default else {
                panic!("{}", q.id)
            };
            assert!(q.configurable, "{}", q.id);
            (
                q.id.clone(),
                if d + 10000 <= 65535 {
                    d + 10000
                } else {
                    d - 10000
                },
            )
        })
        .collect();
    let params = moved
        .iter()
        .map(|(k, v)| format!("{k} = {v}"))
        .collect::<Vec<_>>()
        .join(", ");
    let all_on = p
        .options
        .iter()
        .filter(|o| matches!(o.kind, portolan_catalog::OptionKind::Bool { .. }))
        .map(|o| format!("{} = true", o.id))
        .collect::<Vec<_>>()
        .join(", ");
    let mut checked = std::collections::BTreeSet::new();
    for deployment in ["hybrid", "premises"] {
        let hosts: String = p
            .roles
            .iter()
            .filter(|r| r.kind == portolan_catalog::RoleKind::Internal)
            .enumerate()
            .map(|(i, r)| host(&r.id, &format!("10.99.{i}.1"), &[&r.id]))
            .collect();
        let r = wfo(
            &format!("deployment = \"{deployment}\", {all_on}"),
            &params,
            &hosts,
        );
        assert!(
            !r.warnings
                .iter()
                .any(|w| w.code.as_str().starts_with("plan::")),
            "{:#?}",
            r.warnings
        );
        for f in r.flows.iter().filter(|f| !f.rule.starts_with("wfm-v2-")) {
            let rule = p.rules.iter().find(|x| x.id == f.rule).unwrap();
            let Some(PortSpec::Param(name)) = rule.ports.first() else {
                panic!("{}", rule.id)
            };
            let want = moved.iter().find(|(k, _)| k == name).unwrap().1;
            assert_eq!(f.ports.to_string(), want.to_string(), "{}", f.rule);
            checked.insert(f.rule.to_string());
        }
    }
    // every rule of the hybrid and premises tables of the seed's release (16.2) was seen on its
    // moved port
    let in_16_2 = |r: &&portolan_catalog::Rule| {
        r.scope.since.as_ref().is_none_or(|s| s <= &v16_2)
            && r.scope.until.as_ref().is_none_or(|u| u > &v16_2)
    };
    let expected: Vec<String> = p
        .rules
        .iter()
        .filter(|r| !r.id.starts_with("wfm-v2-"))
        .filter(in_16_2)
        .map(|r| r.id.to_string())
        .collect();
    assert_eq!(checked.into_iter().collect::<Vec<_>>(), {
        let mut e = expected;
        e.sort();
        e
    });
    // the new parameters cite the statement that makes them defaults
    let sql = p.parameter("sql-port").unwrap();
    assert_eq!(
        sql.cite.as_ref().map(|c| &*c.quote),
        Some("Any paths or ports shown in this document are the installation defaults only.")
    );
}

// ---------------------------------------------------------------------------------------------
// Assumptions never widen the default plan (issue #15, point 6)

#[test]
fn s002_comet_daemon_sql_opens_from_the_master_unless_the_wider_reading_is_chosen() {
    // "Comet Daemon | 1433 | TCP | Outbound | SQL Connection": which Comet Daemons connect is not
    // stated, so by default only the master's connection is opened, not one from every server
    let mut hosts = host("master", "10.7.0.1", &["wfo-server", "comet-daemon-master"])
        + &host("sql", "10.7.0.20", &["sql-server"]);
    for i in 2..=7 {
        hosts += &host(&format!("srv{i}"), &format!("10.7.0.{i}"), &["wfo-server"]);
    }
    let to_sql = |r: &Report| -> Vec<String> {
        let mut v: Vec<String> = r
            .flows
            .iter()
            .filter(|f| f.destination.name == "sql")
            .filter(|f| f.source.kind == portolan_engine::EndpointKind::Host)
            .map(|f| f.source.name.clone())
            .collect();
        v.sort();
        v.dedup();
        v
    };
    let narrow = wfo("", "", &hosts);
    assert_eq!(to_sql(&narrow), ["master"]);
    assert_flow(
        &narrow,
        "comet-daemon-to-sql",
        "master",
        "sql",
        "tcp",
        "1433",
    );
    // "Client loader status messages to master": every server's client loader is stated
    for i in 2..=7 {
        assert_flow(
            &narrow,
            "client-loader-to-comet-master",
            &format!("srv{i}"),
            "master",
            "tcp",
            "6505",
        );
    }
    assert!(warning(&narrow, "ambiguity")
        .iter()
        .any(|w| w.contains("Comet Daemon SQL from every WFO server")));
    let wide = wfo("comet-daemon-sql-from-every-server = true", "", &hosts);
    assert_eq!(to_sql(&wide).len(), 7, "{:?}", to_sql(&wide));
}

#[test]
fn s002_listeners_without_a_named_peer_open_nothing_by_default() {
    // "Log message listener", "Communication port for messaging using the RabbitMQ service bus",
    // "HTTP Listener" (Web Media Service, Screen Recording): no sender named
    let hosts = host("srv", "10.7.0.2", &["wfo-server"])
        + &host("logger", "10.7.0.13", &["logger"])
        + &host("mq", "10.7.0.14", &["rabbitmq"])
        + &host("wms", "10.7.0.12", &["web-media-server"])
        + &host("sr", "10.7.0.15", &["screen-recording-server"]);
    let unnamed = [
        "services-to-logger",
        "services-to-rabbitmq",
        "services-to-wms-http",
        "services-to-screen-recording-http",
    ];
    let narrow = wfo("screen-recording = true", "", &hosts);
    for rule in unnamed {
        assert!(!rules(&narrow).contains(&rule), "{rule}");
    }
    assert!(requirement(&narrow, "unnamed-service-peers").is_some());
    let wide = wfo(
        "screen-recording = true, unnamed-listeners-from-every-server = true",
        "",
        &hosts,
    );
    assert_flow(&wide, "services-to-logger", "srv", "logger", "tcp", "5638");
    assert_flow(&wide, "services-to-rabbitmq", "srv", "mq", "tcp", "5672");
    assert_flow(&wide, "services-to-wms-http", "srv", "wms", "tcp", "2015");
    assert_flow(
        &wide,
        "services-to-screen-recording-http",
        "srv",
        "sr",
        "tcp",
        "2014",
    );
    // the wider readings are options, off by default, each saying it is one
    let p = catalog().product("incontact-wfo").unwrap();
    for id in [
        "comet-daemon-sql-from-every-server",
        "unnamed-listeners-from-every-server",
        "hybrid-messaging-from-client-pcs",
    ] {
        let o = p.option(id).unwrap();
        assert_eq!(
            o.kind,
            portolan_catalog::OptionKind::Bool { default: false },
            "{id}"
        );
        assert!(o.name.contains("wider reading"), "{id}");
    }
}
