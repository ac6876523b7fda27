//! The bundled catalog release by release: for each documented release of a seed product (the
//! files of `../shared/sources/`, section A), the plan that shows its statements and the exact
//! flows, endpoints and requirements expected; facts a release's file does not show carried over
//! and marked; a typed release between documented ones evaluated as the one below; and the
//! upgrade of one product between releases, with its errors.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use portolan_bundled::catalog as bundled;
use portolan_catalog::Catalog;
use portolan_core::plan::{Plan, PlanFormat};
use portolan_engine::{evaluate, upgrade, Report, UpgradeRequest};
use std::sync::OnceLock;

fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| bundled().unwrap_or_else(|d| panic!("bundled catalog: {d:#?}")))
}

fn plan(toml: &str) -> Plan {
    Plan::parse("case.toml", toml, PlanFormat::Toml).unwrap()
}

/// An inContact WFO hybrid plan at `version` with a PREMISES server and client PCs.
fn hybrid(version: &str, options: &str) -> Plan {
    plan(&format!(
        r#"schema = 1
name = "wfo hybrid"
[[products]]
id = "incontact-wfo"
versions = {{ wfo = "{version}" }}
options = {{ deployment = "hybrid"{options} }}
[[hosts]]
name = "prem"
addresses = ["10.5.0.10"]
roles = ["incontact-wfo/premises-server", "incontact-wfo/web-portal"]
[[hosts]]
name = "pcs"
addresses = ["10.50.0.0/16"]
roles = ["incontact-wfo/client-pc"]
"#
    ))
}

/// `(rule, ports, protocol)` of every flow, sorted.
fn flows(r: &Report) -> Vec<(String, String, String)> {
    let mut v: Vec<_> = (r.flows.iter())
        .map(|f| {
            let protocol = f.protocol.as_deref().unwrap_or("").to_string();
            (f.rule.to_string(), f.ports.to_string(), protocol)
        })
        .collect();
    v.sort();
    v
}

fn rule_flow(r: &Report, rule: &str) -> portolan_engine::Flow {
    r.flows
        .iter()
        .find(|f| f.rule == rule)
        .unwrap_or_else(|| panic!("no flow of {rule}: {:#?}", flows(r)))
}

fn ports(r: &Report) -> Vec<String> {
    let mut v: Vec<String> = r.flows.iter().map(|f| f.ports.to_string()).collect();
    v.sort();
    v.dedup();
    v
}

fn cloud(r: &Report) -> Vec<String> {
    let f = r
        .flows
        .iter()
        .find(|f| f.rule.starts_with("hybrid-connection-pooling"))
        .unwrap();
    f.source.addresses.iter().map(ToString::to_string).collect()
}

#[test]
fn r16_1_cloud_ranges_client_ports_and_screen_recording_on_5638() {
    let r = evaluate(catalog(), &hybrid("16.1", ", screen-recording = true"));
    // "cloud servers use 207.166.94.0/24 and 207.166.95.0/24"
    assert_eq!(cloud(&r), ["207.166.94.0/24", "207.166.95.0/24"]);
    // the 16.1 client table: 2012, 4510, 443, 943, 80, 2015, 5638; Screen Recording 5638
    assert_eq!(
        ports(&r),
        ["2010", "2012", "2015", "443", "4510", "5638", "80", "943"]
    );
    assert_eq!(
        rule_flow(&r, "hybrid-screen-recording-16-1")
            .ports
            .to_string(),
        "5638"
    );
    assert_eq!(
        rule_flow(&r, "hybrid-connection-pooling")
            .protocol
            .as_deref(),
        Some("http")
    );
    // not in 16.1's complete table: HTML5 player 2020/5650, messaging 5672
    for gone in [
        "hybrid-html5-player",
        "hybrid-html5-token",
        "hybrid-messaging",
        "hybrid-screen-recording",
    ] {
        assert!(r.flows.iter().all(|f| f.rule != gone), "{gone} at 16.1");
    }
    // cited from the 16.1 page
    assert_eq!(
        &*rule_flow(&r, "hybrid-connection-pooling").cite.source,
        "wfo-16-1-cloud"
    );
    assert_eq!(
        &*rule_flow(&r, "hybrid-logging").cite.quote,
        "Error logging communication"
    );
    // 5638 twice is one listener: no port conflict, an ambiguity instead
    assert!(r.warnings.iter().all(|w| w.code != "port-conflict"));
    assert!(r
        .requirements
        .iter()
        .any(|q| q.requirement.id == "screen-recording-5638-16-1"));
}

#[test]
fn r16_2_is_the_seed_with_nothing_carried_over() {
    let r = evaluate(catalog(), &hybrid("16.2", ""));
    assert_eq!(cloud(&r), ["207.166.100.0/23"]);
    // (5672 only with the option "Hybrid: RabbitMQ 5672 from the client PCs": the hybrid table
    // names no peer for it, issue #15 point 6)
    assert_eq!(
        ports(&r),
        ["2010", "2020", "443", "4510", "5638", "5650", "943"]
    );
    assert!(r.releases.is_empty(), "{:?}", r.releases);
    assert!(r.warnings.iter().all(|w| w.code != "carried-over"));
    assert_eq!(&*rule_flow(&r, "hybrid-logging").cite.source, "wfo-env");
}

#[test]
fn r16_3_connection_pooling_http_or_https_and_carried_range() {
    let r = evaluate(
        catalog(),
        &hybrid(
            "16.3",
            ", screen-recording = true, desktop-analytics = true",
        ),
    );
    let pooling = rule_flow(&r, "hybrid-connection-pooling-https");
    assert_eq!(pooling.protocol.as_deref(), Some("http(s)"));
    assert_eq!(&*pooling.cite.source, "wfo-16-3-cloud");
    assert!(r
        .flows
        .iter()
        .all(|f| f.rule != "hybrid-connection-pooling"));
    assert_eq!(
        rule_flow(&r, "hybrid-screen-recording").ports.to_string(),
        "5633"
    );
    assert_eq!(
        rule_flow(&r, "hybrid-desktop-analytics").ports.to_string(),
        "5634"
    );
    // no range on the 16.3 page: 16.2's, carried over and marked
    assert_eq!(cloud(&r), ["207.166.100.0/23"]);
    assert!(pooling
        .purpose
        .contains("207.166.100.0/23 not seen in the 16.3 document; carried over from 16.2"));
    let used = &r.releases[0];
    assert_eq!(
        (used.release.as_str(), used.version.as_str()),
        ("16.3", "16.3")
    );
    assert!(used
        .carried_over
        .iter()
        .any(|c| c.fact == "endpoint/wfo-cloud/207.166.100.0/23" && c.from == "16.2"));
    for id in [
        "pooling-http-or-https",
        "screen-recording-lan-security",
        "desktop-analytics-https",
        "cloud-range-not-in-opening",
    ] {
        assert!(
            r.requirements.iter().any(|q| q.requirement.id == id),
            "{id}"
        );
    }
    let w = r
        .warnings
        .iter()
        .find(|w| w.code == "carried-over")
        .unwrap();
    assert!(
        w.message
            .contains("not seen in the 16.3 document; carried over from 16.2"),
        "{}",
        w.message
    );
}

#[test]
fn r16_3_premises_rows_are_cited_from_the_16_3_page_and_the_rest_carried() {
    let p = plan(
        r#"schema = 1
[[products]]
id = "incontact-wfo"
versions = { wfo = "16.3" }
options = { deployment = "premises" }
"#,
    );
    let r = evaluate(catalog(), &p);
    assert_eq!(
        &*rule_flow(&r, "api-to-cti-core-control").cite.source,
        "wfo-16-3-prem"
    );
    assert_eq!(
        &*rule_flow(&r, "inter-core").cite.quote,
        "Inter-core communication"
    );
    // past the 16.3 page's cut ("Info B"): Logger, SNMP, ... come from 16.2
    let logger = rule_flow(&r, "logger-to-snmp");
    assert_eq!(&*logger.cite.source, "wfo-env");
    assert!(logger
        .purpose
        .contains("not seen in the 16.3 document; carried over from 16.2"));
}

#[test]
fn r17_1_public_cloud_storage_443_and_the_same_hosted_ports() {
    let r = evaluate(catalog(), &hybrid("17.1", ""));
    let storage = rule_flow(&r, "hybrid-recording-storage");
    assert_eq!(
        (storage.ports.to_string(), storage.source.name.as_str()),
        ("443".to_string(), "prem")
    );
    assert_eq!(&*storage.cite.quote, "storage of screen recordings");
    assert!(
        !storage.destination.is_resolved(),
        "the page names no host: to be mapped"
    );
    // (5672 only with the option "Hybrid: RabbitMQ 5672 from the client PCs": the hybrid table
    // names no peer for it, issue #15 point 6)
    assert_eq!(
        ports(&r),
        ["2010", "2020", "443", "4510", "5638", "5650", "943"]
    );
    assert!(r
        .requirements
        .iter()
        .any(|q| q.requirement.id == "public-cloud-storage-destination"));
    assert_eq!(
        &*rule_flow(&r, "hybrid-web-portal-https").cite.source,
        "wfo-17-1-cloud"
    );
}

#[test]
fn a_typed_release_between_documented_ones_takes_the_one_below_and_says_so() {
    let between = evaluate(catalog(), &hybrid("16.2.5", ""));
    let at = evaluate(catalog(), &hybrid("16.2", ""));
    assert_eq!(flows(&between), flows(&at));
    let w = between
        .warnings
        .iter()
        .find(|w| w.code == "release-not-documented")
        .unwrap();
    assert!(
        w.message
            .contains("16.2.5 is not a documented release: evaluated with the facts of 16.2"),
        "{}",
        w.message
    );
    assert_eq!(
        w.field.as_ref().map(ToString::to_string).as_deref(),
        Some("products[0].versions.wfo")
    );
    assert!(w
        .help
        .as_deref()
        .unwrap()
        .starts_with("documented releases: 17.1"));
    // older than every documented release: the oldest's facts, with a warning
    let old = evaluate(catalog(), &hybrid("15.0", ""));
    assert_eq!(cloud(&old), ["207.166.94.0/24", "207.166.95.0/24"]);
    assert!(old
        .warnings
        .iter()
        .any(|w| w.code == "release-not-documented"
            && w.message.contains("older than every documented release")));
}

#[test]
fn upgrade_16_1_to_17_1_ranges_ports_and_protocol_each_cited() {
    let p = hybrid("16.1", ", screen-recording = true");
    let u = upgrade(
        catalog(),
        &p,
        UpgradeRequest {
            product: "incontact-wfo",
            from: None,
            to: "17.1",
        },
    )
    .unwrap();
    let open: Vec<String> = u.open.iter().map(|f| f.ports.to_string()).collect();
    let close: Vec<String> = u.close.iter().map(|f| f.ports.to_string()).collect();
    assert_eq!(open, ["2020", "5650", "443"]);
    assert_eq!(close, ["2012", "80", "2015"]);
    let pooling = u
        .changed
        .iter()
        .find(|c| c.rule_to == "hybrid-connection-pooling-https")
        .unwrap();
    let diff: Vec<(&str, &str, &str)> = (pooling.differences.iter())
        .map(|d| (d.what.as_str(), d.from.as_str(), d.to.as_str()))
        .collect();
    assert_eq!(
        diff,
        [
            ("protocol", "HTTP", "HTTP(S)"),
            (
                "source addresses",
                "207.166.94.0/24, 207.166.95.0/24",
                "207.166.100.0/23 (not seen in the 17.1 document; carried over from 16.2)"
            )
        ]
    );
    assert_eq!(pooling.cite_from.text(), "16.1: \"Connection Pooling\" (inContact WFO 16.1 (cloud documentation set): Environmental Requirements)");
    assert_eq!(pooling.cite_to.release, "17.1");
    let sr = u
        .changed
        .iter()
        .find(|c| c.rule_to == "hybrid-screen-recording")
        .unwrap();
    assert_eq!(
        (
            sr.differences[0].from.as_str(),
            sr.differences[0].to.as_str()
        ),
        ("5638", "5633")
    );
    // a flow of one release cites that release and says the other does not list it
    let storage = u
        .open
        .iter()
        .find(|f| f.rule == "hybrid-recording-storage")
        .unwrap();
    assert!(storage.cite_from.quote.is_none());
    assert_eq!(
        storage.cite_to.quote.as_deref(),
        Some("storage of screen recordings")
    );
    let added: Vec<&str> = u.requirements_added.iter().map(|q| q.id.as_str()).collect();
    assert!(
        added.contains(&"public-cloud-storage-destination")
            && added.contains(&"pooling-http-or-https")
    );
    let removed: Vec<&str> = u
        .requirements_removed
        .iter()
        .map(|q| q.id.as_str())
        .collect();
    assert_eq!(
        removed,
        ["client-ports-16-1-peers", "screen-recording-5638-16-1"]
    );
}

#[test]
fn upgrade_rejects_bad_input_with_a_clear_error() {
    let p = hybrid("16.1", "");
    let req = |product, from, to| UpgradeRequest { product, from, to };
    let err = |r| upgrade(catalog(), &p, r).unwrap_err().message;
    assert_eq!(
        err(req("incontact-wfo", None, "18.0")),
        "release `18.0` of inContact WFO is not documented (`to`)"
    );
    assert_eq!(
        err(req("incontact-wfo", Some("17.1"), "16.1")),
        "`from` 17.1 is not older than `to` 16.1"
    );
    assert_eq!(
        err(req("incontact-wfo", None, "banana")),
        "`to`: `banana` is not a version"
    );
    assert_eq!(
        err(req("screen-capture", None, "17.1")),
        "product `screen-capture` is not in the plan"
    );
    assert_eq!(
        err(req("incontct-wfo", None, "17.1")),
        "product `incontct-wfo` is not in the catalog"
    );
    // a release between documented ones is used as the one below, with a note
    let u = upgrade(catalog(), &p, req("incontact-wfo", None, "16.2.5")).unwrap();
    assert_eq!(u.to.release, "16.2");
    assert!(u.notes[0].contains("16.2.5 is not a documented release"));
}

#[test]
fn exec_revisions_mcp_rows_and_recording_injection_by_revision() {
    let at = |rev: &str| {
        evaluate(
            catalog(),
            &plan(&format!(
                "schema = 1\n[[products]]\nid = \"ex-engage-connector\"\nversions = {{ docs-revision = \"{rev}\" }}\n"
            )),
        )
    };
    let latest = at("4");
    let webdav = rule_flow(&latest, "mcp-to-webdav");
    assert_eq!(
        (webdav.ports.to_string(), &*webdav.cite.quote),
        ("80".to_string(), "Post the recording files")
    );
    assert!(latest
        .requirements
        .iter()
        .any(|q| q.requirement.id == "mcp-min-version"));
    assert!(latest
        .requirements
        .iter()
        .any(|q| q.requirement.id == "mcp-to-load-balancer-port"));
    assert_eq!(
        &*rule_flow(&latest, "load-balancer-to-excp").cite.source,
        "exec-latest-recording"
    );
    // the seed's revision: no MCP rows
    let seed = at("3");
    assert!(seed.flows.iter().all(|f| f.rule != "mcp-to-webdav"));
    // the Prerequisites page's VM and Redis sizing: not on the seed's page, carried over from 2
    let carried: Vec<&str> = (seed.releases[0].carried_over.iter())
        .map(|c| c.fact.as_str())
        .collect();
    assert_eq!(
        carried,
        ["requirement/redis-sizing", "requirement/vm-sizing"]
    );
    // before recording injection
    let earliest = at("1");
    assert!(earliest
        .flows
        .iter()
        .all(|f| f.rule != "load-balancer-to-excp"));
    assert_eq!(
        &*rule_flow(&earliest, "excs-to-config-db").cite.source,
        "exec-draft-960255"
    );
    assert!(earliest
        .requirements
        .iter()
        .any(|q| q.requirement.id == "vm-sizing-earliest"));
}

#[test]
fn glartek_older_revision_names_glarassist_com() {
    let at = |rev: &str| {
        let r = evaluate(
            catalog(),
            &plan(&format!(
                "schema = 1\n[[products]]\nid = \"visual-remote-assistance\"\nversions = {{ page-revision = \"{rev}\" }}\nparameters = {{ tenant = \"acme\" }}\n[[hosts]]\nname = \"pc\"\naddresses = [\"10.0.0.0/24\"]\nroles = [\"visual-remote-assistance/web-client\"]\n"
            )),
        );
        let f = r
            .flows
            .iter()
            .find(|f| f.rule == "web-to-frontend")
            .unwrap();
        (
            r,
            f.destination
                .addresses
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>(),
        )
    };
    let (old, hosts) = at("1");
    assert_eq!(hosts, ["glarassist.com"]);
    assert!(old
        .requirements
        .iter()
        .any(|q| q.requirement.id == "enterprise-edition-footprint"));
    let (_, hosts) = at("2");
    assert_eq!(hosts, ["acme.glartek.com"]);
}
