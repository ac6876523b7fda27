//! Trust: the plan opens exactly what the vendor states (issue #15, points 2-7), one plan file
//! per case in `tests/fixtures/trust/`, evaluated against the bundled catalog.
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

/// The plan `tests/fixtures/trust/<name>.plan.toml` and its report.
fn case(name: &str) -> (Plan, Report) {
    let file = format!("tests/fixtures/trust/{name}.plan.toml");
    let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{file}: {e}"));
    let plan = Plan::parse(&file, &text, PlanFormat::Toml).unwrap();
    let report = evaluate(catalog(), &plan);
    (plan, report)
}

fn rules(r: &Report) -> Vec<&str> {
    let mut v: Vec<&str> = r.flows.groups().iter().map(|g| g.rule.as_str()).collect();
    v.sort_unstable();
    v.dedup();
    v
}

fn codes<'a>(r: &'a Report, code: &str) -> Vec<&'a portolan_engine::Warning> {
    r.warnings.iter().filter(|w| w.code == code).collect()
}

fn export_all(plan: &Plan, report: &Report) -> Vec<Result<(), String>> {
    portolan_export::registry()
        .into_iter()
        .map(|e| {
            let cx = portolan_export::ExportContext {
                report,
                plan,
                catalog: catalog(),
                generated_at: "2026-01-01T00:00:00Z",
            };
            portolan_export::refuse::checked(e, &cx)
                .map(|_| ())
                .map_err(|r| r.to_string())
        })
        .collect()
}

// ---- 2: unreadable input fails closed ---------------------------------------------------------

#[test]
fn an_unreadable_version_opens_nothing_that_depends_on_it() {
    let (plan, r) = case("screen-capture-ris-latest");
    let e = codes(&r, "plan::invalid-version");
    assert_eq!(e.len(), 1);
    assert_eq!(
        e[0].field.as_ref().map(ToString::to_string).as_deref(),
        Some("products[0].versions.ris")
    );
    // before: the default 15.2 HFR3 was used and the cloud WebSocket ports opened
    assert_eq!(rules(&r), ["scm-to-ris"]);
    assert!(!r
        .rules
        .iter()
        .any(|a| a.ports.contains(29434) || a.ports.contains(29436)));
    let left = codes(&r, "undetermined-rules");
    assert_eq!(left.len(), 1);
    assert_eq!(left[0].product.as_deref(), Some("screen-capture"));
    assert_eq!(
        left[0].field.as_ref().map(ToString::to_string).as_deref(),
        Some("products[0].versions.ris")
    );
    assert!(
        left[0].message.contains("scm-to-recorder-wss"),
        "{}",
        left[0].message
    );
    // every export refuses, saying why and where
    for refused in export_all(&plan, &r) {
        let why = refused.unwrap_err();
        assert!(why.contains("products[0].versions.ris"), "{why}");
    }
}

#[test]
fn an_unreadable_port_leaves_its_rules_out_and_the_rest_evaluates() {
    let (plan, r) = case("incontact-wfo-unreadable");
    let e = codes(&r, "plan::invalid-parameter");
    assert_eq!(e.len(), 1);
    assert_eq!(
        e[0].field.as_ref().map(ToString::to_string).as_deref(),
        Some("products[0].parameters.api-command-port")
    );
    // before: 5620 was opened from the CTI Core on the default
    assert!(!r.rules.iter().any(|a| a.ports.contains(5620)));
    assert!(rules(&r).contains(&"cti-core-to-api-events"));
    assert!(rules(&r).contains(&"api-server-to-sql"));
    let left = codes(&r, "undetermined-rules");
    assert_eq!(left.len(), 1);
    assert!(left[0].message.contains("cti-core-to-api-commands"));
    assert!(left[0].message.contains("`api-command-port`"));
    assert!(export_all(&plan, &r).iter().all(Result::is_err));
}

#[test]
fn a_plan_without_errors_exports() {
    let (plan, r) = case("screen-capture-recorder-behind");
    assert!(export_all(&plan, &r).iter().all(Result::is_ok));
}

// ---- 3: choices select the vendor's tables ----------------------------------------------------

#[test]
fn a_web_only_plan_has_no_mobile_flows_or_warnings() {
    let (_, r) = case("visual-remote-assistance-web-only");
    assert!(
        rules(&r).iter().all(|x| x.starts_with("web-")),
        "{:?}",
        rules(&r)
    );
    assert!(r.flows.iter().all(|f| f.source.name != "plant-wifi"));
    assert!(codes(&r, "unassigned-role").is_empty());
    assert!(!r
        .requirements
        .iter()
        .any(|q| q.requirement.id.starts_with("mobile-")));
}

#[test]
fn glasses_chosen_with_the_web_application_use_both_tables() {
    let (_, r) = case("visual-remote-assistance-web-and-glasses");
    let got = rules(&r);
    assert!(got.contains(&"web-to-rtc-tcp") && got.contains(&"mobile-to-rtc-tcp"));
    assert!(r
        .flows
        .iter()
        .any(|f| f.rule == "mobile-to-rtc-udp" && f.source.name == "glasses-wifi"));
}

// ---- 4: versions of other products ------------------------------------------------------------

#[test]
fn a_third_party_version_below_the_threshold_warns_once() {
    let (_, r) = case("incontact-wfo-smartworks-below");
    let w = codes(&r, "compatibility");
    assert_eq!(w.len(), 1, "{w:#?}");
    assert!(
        w[0].message.contains("5.8") && w[0].message.contains("5.9"),
        "{}",
        w[0].message
    );
    assert_eq!(
        w[0].field.as_ref().map(ToString::to_string).as_deref(),
        Some("products[0].versions.smartworks")
    );
    assert_eq!(
        w[0].cite.as_ref().map(|c| &*c.quote),
        Some("Windows 2012 requires version 5.9 or higher")
    );
    assert!(codes(&r, "compatibility-unknown").is_empty());
}

#[test]
fn a_third_party_version_at_the_threshold_is_quiet() {
    let (_, r) = case("incontact-wfo-smartworks-at");
    assert!(codes(&r, "compatibility").is_empty(), "{:#?}", r.warnings);
    assert!(codes(&r, "compatibility-unknown").is_empty());
    // the statements are still listed as requirements (for the change request)
    assert!(r
        .requirements
        .iter()
        .any(|q| q.requirement.id == "compat-avaya-2012"));
}

#[test]
fn an_unknown_third_party_version_gives_one_note() {
    let (_, r) = case("incontact-wfo-smartworks-unknown");
    assert!(codes(&r, "compatibility").is_empty());
    let n = codes(&r, "compatibility-unknown");
    assert_eq!(n.len(), 1, "{n:#?}");
    assert!(n[0].message.contains("5.4 or later") && n[0].message.contains("5.9 or later on"));
    assert_eq!(n[0].severity, portolan_core::diag::Severity::Info);
    // a note is not an error: the plan still exports
    assert!(!r
        .warnings
        .iter()
        .any(|w| w.code.as_str().starts_with("plan::")));
}

// ---- 7: components versioned together ---------------------------------------------------------

#[test]
fn a_screen_recorder_behind_ris_keeps_the_traditional_mechanism() {
    let (_, r) = case("screen-capture-recorder-behind");
    let got = rules(&r);
    assert!(got.contains(&"recorder-to-scm-traditional"), "{got:?}");
    assert!(!got.iter().any(|x| x.ends_with("-wss")), "{got:?}");
    let w = codes(&r, "prerequisite");
    assert_eq!(w.len(), 1);
    assert_eq!(
        w[0].field.as_ref().map(ToString::to_string).as_deref(),
        Some("products[0].versions.screen-recorder")
    );
}

// ---- 5: ports the vendor calls defaults are parameters ----------------------------------------

#[test]
fn moved_ports_move_every_flow_to_their_services() {
    let (_, r) = case("incontact-wfo-ports-moved");
    let on = |port: u16| r.rules.iter().any(|a| a.ports.contains(port));
    for old in [1433, 4510, 6505] {
        assert!(!on(old), "{old} is still opened");
    }
    for new in [14330, 14510, 16505] {
        assert!(on(new), "{new} is not opened");
    }
    let sql: Vec<_> = r
        .flows
        .iter()
        .filter(|f| f.destination.name == "sql")
        .collect();
    assert!(sql.len() >= 3, "{sql:#?}");
    assert!(sql.iter().all(|f| f.ports.to_string() == "14330"));
}

// ---- 6: assumptions never widen the default plan ----------------------------------------------

#[test]
fn sql_is_opened_from_the_master_comet_daemon_only() {
    let (_, r) = case("incontact-wfo-six-servers");
    let mut from: Vec<String> = r
        .flows
        .iter()
        .filter(|f| f.destination.name == "sql")
        .filter(|f| f.source.kind == portolan_engine::EndpointKind::Host)
        .map(|f| f.source.name.clone())
        .collect();
    from.dedup();
    // before: all seven WFO servers opened 1433 to the SQL Server
    assert_eq!(from, ["wfo-master"]);
    // nor 5638/5672 from the six servers to the master's Logger and RabbitMQ
    assert!(!r
        .flows
        .iter()
        .any(|f| f.source.name.starts_with("wfo") && f.ports.contains(5638)));
    assert!(!r.flows.iter().any(|f| f.ports.contains(5672)));
    // the client loaders still report to the master (stated)
    assert_eq!(
        r.flows
            .iter()
            .filter(|f| f.rule == "client-loader-to-comet-master" && !f.local)
            .count(),
        6
    );
}
