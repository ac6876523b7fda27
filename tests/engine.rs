//! Engine tests over `tests/fixtures/demo.toml`, a product that uses every catalog feature.
//!
//! The same tests run natively and, under `wasm-bindgen-test`, in wasm32 (Node and headless
//! Chromium): `cargo test --target wasm32-unknown-unknown --test engine` (see `BENCHMARKS.md`).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use portolan_catalog::{load_files, Catalog};
use portolan_core::net::Transport;
use portolan_core::plan::{Host, OptionValue, ParamInput, Plan, PlanProduct};
use portolan_engine::{diff, EndpointKind, Report};

/// The engine's `evaluate`, with every report these tests make validated against the
/// committed JSON Schema of the report (natively; issue #15 point 8).
fn evaluate(catalog: &Catalog, plan: &Plan) -> Report {
    let report = portolan_engine::evaluate(catalog, plan);
    #[cfg(not(target_arch = "wasm32"))]
    portolan_testkit::report_schema::check(
        &serde_json::to_value(&report).unwrap(),
        &format!("engine test plan `{}`", plan.name),
    );
    report
}

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test;

fn demo() -> Catalog {
    let text = include_str!("fixtures/demo.toml");
    let loaded = load_files(&[("demo.toml".to_string(), text.to_string())]);
    assert!(
        loaded.diagnostics.is_empty(),
        "demo catalog: {:#?}",
        loaded.diagnostics
    );
    loaded.catalog
}

fn host(name: &str, addrs: &[&str], roles: &[&str]) -> Host {
    Host {
        name: name.into(),
        addresses: addrs.iter().map(|s| s.to_string()).collect(),
        zone: "dc".into(),
        roles: roles.iter().map(|r| format!("demo/{r}")).collect(),
        description: String::new(),
    }
}

fn plan(hosts: Vec<Host>) -> Plan {
    Plan {
        name: "test".into(),
        products: vec![PlanProduct {
            id: "demo".into(),
            ..Default::default()
        }],
        hosts,
        ..Default::default()
    }
}

fn base() -> Plan {
    plan(vec![
        host("pc", &["10.20.0.0/24"], &["agent-pc"]),
        host("srv1", &["10.1.0.10"], &["server"]),
        host("srv2", &["10.1.0.11"], &["server"]),
    ])
}

fn rules_of(r: &Report) -> Vec<String> {
    let mut v: Vec<String> = r.flows.iter().map(|f| f.rule.to_string()).collect();
    v.dedup();
    v
}

fn codes(r: &Report) -> Vec<&str> {
    r.warnings.iter().map(|w| w.code.as_str()).collect()
}

fn set(p: &mut Plan, f: impl FnOnce(&mut PlanProduct)) {
    f(&mut p.products[0]);
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn conditions_select_rules_at_the_version_threshold() {
    let cat = demo();
    let r = evaluate(&cat, &base());
    assert!(rules_of(&r).contains(&"ws-secure".to_string()));
    assert!(!rules_of(&r).contains(&"ws-plain".to_string()));

    let mut below = base();
    set(&mut below, |p| {
        p.versions.insert("server".into(), "15.2 HFR2".into());
    });
    let r = evaluate(&cat, &below);
    assert!(!rules_of(&r).contains(&"ws-secure".to_string()));
    let w = r
        .warnings
        .iter()
        .find(|w| w.code == "prerequisite")
        .unwrap();
    assert!(
        w.message.contains("Cloud screen recording"),
        "{}",
        w.message
    );
    assert!(w.message.contains("15.2 HFR2"), "{}", w.message);
    assert_eq!(
        w.field.as_ref().map(ToString::to_string).as_deref(),
        Some("products[0].versions.server")
    );

    let mut agent_below = base();
    set(&mut agent_below, |p| {
        p.versions.insert("agent".into(), "15.2.2".into());
    });
    assert!(!rules_of(&evaluate(&cat, &agent_below)).contains(&"ws-secure".to_string()));

    let mut plain = base();
    set(&mut plain, |p| {
        p.options
            .insert("websocket".into(), OptionValue::Text("non-secure".into()));
    });
    let r = evaluate(&cat, &plain);
    assert!(rules_of(&r).contains(&"ws-plain".to_string()));
    assert!(!rules_of(&r).contains(&"ws-secure".to_string()));
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn flows_carry_hosts_ports_and_citations() {
    let r = evaluate(&demo(), &base());
    let f = r.flows.iter().find(|f| f.rule == "agent-upload").unwrap();
    assert_eq!(f.source.name, "pc");
    assert_eq!(f.destination.name, "srv1");
    assert_eq!(f.ports.to_string(), "80");
    assert_eq!(f.transport, Transport::Tcp);
    assert_eq!(f.cite.quote, "typically port 80");
    assert!(!f.local);
    // one flow per destination host
    assert_eq!(
        r.flows.iter().filter(|f| f.rule == "agent-upload").count(),
        2
    );
    // `both` becomes a tcp and a udp flow
    let sip: Vec<_> = r.flows.iter().filter(|f| f.rule == "sip").collect();
    assert_eq!(sip.len(), 4);
    assert!(sip.iter().all(|f| f.source.kind == EndpointKind::Any));
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn configurable_port_changes_every_flow_and_fixed_port_does_not() {
    let cat = demo();
    let mut p = base();
    set(&mut p, |p| {
        p.parameters
            .insert("upload-port".into(), ParamInput::Number(8080));
        p.parameters
            .insert("control-port".into(), ParamInput::Number(7004));
    });
    let r = evaluate(&cat, &p);
    assert!(r
        .flows
        .iter()
        .filter(|f| f.rule == "agent-upload")
        .all(|f| f.ports.to_string() == "8080"));
    assert!(r
        .flows
        .iter()
        .filter(|f| f.rule == "agent-control")
        .all(|f| f.ports.to_string() == "7003"));
    let w = r
        .warnings
        .iter()
        .find(|w| w.code == "fixed-parameter-changed")
        .unwrap();
    assert_eq!(
        w.field.as_ref().map(ToString::to_string).as_deref(),
        Some("products[0].parameters.control-port")
    );
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn unassigned_roles_still_show_their_flows() {
    let r = evaluate(&demo(), &plan(vec![]));
    let f = r.flows.iter().find(|f| f.rule == "agent-upload").unwrap();
    assert_eq!(f.source.kind, EndpointKind::Unassigned);
    assert_eq!(f.source.name, "Agent PC");
    let unassigned: Vec<_> = r
        .warnings
        .iter()
        .filter(|w| w.code == "unassigned-role")
        .collect();
    assert_eq!(unassigned.len(), 3, "{unassigned:#?}"); // agent-pc, server, survey
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn same_host_flows_are_local() {
    let p = plan(vec![host("box", &["10.0.0.1"], &["agent-pc", "server"])]);
    let r = evaluate(&demo(), &p);
    let f = r.flows.iter().find(|f| f.rule == "agent-upload").unwrap();
    assert!(f.local);
    assert!(r
        .rules
        .iter()
        .all(|a| a.catalog_rules.iter().all(|c| c != "demo/agent-upload")));
    assert_eq!(r.stats.local_flows + r.stats.network_flows, r.stats.flows);
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn hosts_without_a_common_address_family_are_flagged_at_the_host() {
    let p = plan(vec![
        host("pc", &["10.20.0.0/24"], &["agent-pc"]),
        host("srv1", &["2001:db8::10"], &["server"]),
    ]);
    let r = evaluate(&demo(), &p);
    let w = r
        .warnings
        .iter()
        .find(|w| w.code == "address-family")
        .unwrap_or_else(|| panic!("no address-family warning: {:#?}", r.warnings));
    assert_eq!(
        w.field.as_ref().map(ToString::to_string).as_deref(),
        Some("hosts[0].addresses")
    );
    assert!(w.message.contains("`pc` has only IPv4"), "{}", w.message);
    assert!(w.message.contains("demo/agent-upload"), "{}", w.message);
    // the flows are still listed: the warning explains why they cannot work
    assert!(r.flows.iter().any(|f| f.destination.name == "srv1"));
    // a second address of the other family fixes it
    let p = plan(vec![
        host("pc", &["10.20.0.0/24", "2001:db8:20::/64"], &["agent-pc"]),
        host("srv1", &["2001:db8::10"], &["server"]),
    ]);
    assert!(!codes(&evaluate(&demo(), &p)).contains(&"address-family"));
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn port_conflict_between_two_listeners_on_one_host() {
    let p = plan(vec![host("pbx-side", &["10.0.0.5"], &["server", "survey"])]);
    let r = evaluate(&demo(), &p);
    let conflicts: Vec<_> = r
        .warnings
        .iter()
        .filter(|w| w.code == "port-conflict")
        .collect();
    assert_eq!(conflicts.len(), 2, "{conflicts:#?}"); // tcp and udp 5060
    assert!(conflicts[0].message.contains("5060"));
    // on separate hosts there is none
    let p = plan(vec![
        host("a", &["10.0.0.5"], &["server"]),
        host("b", &["10.0.0.6"], &["survey"]),
    ]);
    assert!(!codes(&evaluate(&demo(), &p)).contains(&"port-conflict"));
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn external_endpoints_are_templated_and_flagged() {
    let cat = demo();
    let mut p = base();
    set(&mut p, |p| {
        p.parameters
            .insert("tenant".into(), ParamInput::Text("acme".into()));
    });
    let r = evaluate(&cat, &p);
    let f = r.flows.iter().find(|f| f.rule == "cloud-api").unwrap();
    let addrs: Vec<String> = f
        .destination
        .addresses
        .iter()
        .map(|a| a.to_string())
        .collect();
    assert_eq!(
        addrs,
        ["acme.example.com", "*.cdn.example.net", "203.0.113.0/24"]
    );
    assert!(f.optional);
    assert!(codes(&r).contains(&"fqdn-destination"));
    // a hostile tenant name cannot become an endpoint
    let mut bad = base();
    set(&mut bad, |p| {
        p.parameters
            .insert("tenant".into(), ParamInput::Text("x;$(reboot)".into()));
    });
    // (it is refused as the parameter, which must be one DNS label, and the rule that needs it
    // is left out, not opened to a default)
    let r = evaluate(&cat, &bad);
    assert!(codes(&r).contains(&"plan::invalid-parameter"));
    assert!(!r.flows.iter().any(|f| f.rule == "cloud-api"));
    let left_out = r
        .warnings
        .iter()
        .find(|w| w.code == "undetermined-rules")
        .unwrap();
    assert!(
        left_out.message.contains("`cloud-api`"),
        "{}",
        left_out.message
    );
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn options_switch_rules_off_and_say_what_it_costs() {
    let mut p = base();
    set(&mut p, |p| {
        p.options
            .insert("cloud-upload".into(), OptionValue::Bool(false));
    });
    let r = evaluate(&demo(), &p);
    assert!(!rules_of(&r).contains(&"cloud-api".to_string()));
    let w = r
        .warnings
        .iter()
        .find(|w| w.code == "capability-disabled")
        .unwrap();
    assert!(w.message.contains("recordings stay on premises"));
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn requirements_are_resolved_with_plan_values() {
    let cat = demo();
    let mut p = base();
    set(&mut p, |p| {
        p.parameters
            .insert("calls".into(), ParamInput::Number(2500));
    });
    let r = evaluate(&cat, &p);
    let s = r
        .requirements
        .iter()
        .find(|q| q.requirement.id == "storage")
        .unwrap();
    assert_eq!(s.value, Some(75.0));
    let m = r
        .requirements
        .iter()
        .find(|q| q.requirement.id == "two-servers")
        .unwrap();
    assert_eq!(m.hosts_mapped, Some(2));
    assert!(!codes(&r).contains(&"role-cardinality"));
    assert!(codes(&r).contains(&"ambiguity"));
    // condition on a requirement
    set(&mut p, |p| {
        p.parameters.insert("calls".into(), ParamInput::Number(5));
    });
    let r = evaluate(&cat, &p);
    assert!(!r.requirements.iter().any(|q| q.requirement.id == "av-core"));
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn cardinality_is_checked() {
    let p = plan(vec![host("srv1", &["10.1.0.10"], &["server"])]);
    let r = evaluate(&demo(), &p);
    let w = r
        .warnings
        .iter()
        .find(|w| w.code == "role-cardinality")
        .unwrap();
    assert!(w.message.contains("at least 2"), "{}", w.message);
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn bad_input_is_reported_at_its_field_and_the_rest_still_evaluates() {
    let mut p = plan(vec![
        host("pc", &["10.0.0.0/33", "10.20.0.7"], &["agent-pc", "nope"]),
        host("srv1", &["10.1.0.10"], &["server"]),
    ]);
    set(&mut p, |p| {
        p.versions.insert("server".into(), "fifteen".into());
        p.options
            .insert("websocket".into(), OptionValue::Text("tls".into()));
        p.parameters
            .insert("upload-port".into(), ParamInput::Number(70000));
    });
    p.products.push(PlanProduct {
        id: "dmeo".into(),
        ..Default::default()
    });
    let r = evaluate(&demo(), &p);
    let field = |code: &str| {
        r.warnings
            .iter()
            .find(|w| w.code == code)
            .unwrap_or_else(|| panic!("no {code}: {:#?}", r.warnings))
            .field
            .clone()
            .unwrap()
    };
    assert_eq!(field("plan::invalid-address"), "hosts[0].addresses[0]");
    assert_eq!(field("plan::unknown-role"), "hosts[0].roles[1]");
    assert_eq!(
        field("plan::invalid-version"),
        "products[0].versions.server"
    );
    assert_eq!(
        field("plan::invalid-option"),
        "products[0].options.websocket"
    );
    assert_eq!(
        field("plan::invalid-parameter"),
        "products[0].parameters.upload-port"
    );
    assert_eq!(field("plan::unknown-product"), "products[1].id");
    let unknown = r
        .warnings
        .iter()
        .find(|w| w.code == "plan::unknown-product")
        .unwrap();
    assert_eq!(unknown.help.as_deref(), Some("did you mean `demo`?"));
    let addr = r
        .warnings
        .iter()
        .find(|w| w.code == "plan::invalid-address")
        .unwrap();
    assert!(addr.message.contains("10.0.0.0/33"), "{}", addr.message);
    // the valid address and everything else still evaluate
    let f = r.flows.iter().find(|f| f.rule == "agent-control").unwrap();
    assert_eq!(f.source.addresses.len(), 1);
    // ... but nothing is opened on a default in place of an unreadable value (issue #15): the
    // upload port 70000 cannot be read, so `agent-upload` is left out rather than opened on the
    // default 80, and the secure/non-secure rules that depend on the unreadable version and
    // option are left out too; one warning names them
    assert!(!r.flows.iter().any(|f| f.rule == "agent-upload"));
    assert!(!r.flows.iter().any(|f| f.rule.starts_with("ws-")));
    let left_out = r
        .warnings
        .iter()
        .find(|w| w.code == "undetermined-rules")
        .unwrap_or_else(|| panic!("{:#?}", r.warnings));
    for name in [
        "agent-upload",
        "ws-secure",
        "ws-plain",
        "`upload-port`",
        "`server`",
    ] {
        assert!(
            left_out.message.contains(name),
            "{name}: {}",
            left_out.message
        );
    }
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn aggregation_groups_sources_and_merges_ports() {
    let p = plan(vec![
        host("pc1", &["10.20.0.0/25"], &["agent-pc"]),
        host("pc2", &["10.20.0.128/25"], &["agent-pc"]),
        host("srv1", &["10.1.0.10"], &["server"]),
        host("srv2", &["10.1.0.11"], &["server"]),
    ]);
    let r = evaluate(&demo(), &p);
    // agent -> server: control 7003, upload 80, wss 29434 merged; both PCs and both servers grouped
    let a = r
        .rules
        .iter()
        .find(|a| a.catalog_rules.iter().any(|c| c == "demo/agent-upload"))
        .unwrap();
    assert_eq!(a.ports.to_string(), "80, 7003, 29434");
    assert_eq!(
        a.source_nets
            .iter()
            .map(|n| n.to_string())
            .collect::<Vec<_>>(),
        ["10.20.0.0/24"]
    );
    assert_eq!(
        a.destination_nets
            .iter()
            .map(|n| n.to_string())
            .collect::<Vec<_>>(),
        ["10.1.0.10/31"]
    );
    assert_eq!(a.flow_count, 3 * 2 * 2);
    assert!(r.stats.aggregated_rules < r.stats.network_flows);
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn diff_lists_flows_to_open_and_close() {
    let cat = demo();
    let a = base();
    let mut b = base();
    set(&mut b, |p| {
        p.versions.insert("server".into(), "15.2 HFR2".into());
    });
    let (ra, rb) = (evaluate(&cat, &a), evaluate(&cat, &b));
    let d = diff(&ra, &rb);
    assert!(d.open.is_empty(), "{:#?}", d.open);
    assert_eq!(d.close.len(), 2); // pc -> srv1, pc -> srv2 on 29434
    assert!(d.close.iter().all(|c| c.ports.to_string() == "29434"));
    assert!(d.warnings_added.iter().any(|w| w.code == "prerequisite"));
    let back = diff(&rb, &ra);
    assert_eq!(back.open.len(), 2);
    assert!(back
        .warnings_removed
        .iter()
        .any(|w| w.code == "prerequisite"));
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn evaluation_is_deterministic() {
    let cat = demo();
    let a = serde_json::to_string(&evaluate(&cat, &base())).unwrap();
    let b = serde_json::to_string(&evaluate(&cat, &base())).unwrap();
    assert_eq!(a, b);
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn unmapped_roles_do_not_hold_back_expressible_rules() {
    // `anyone -> server` (mapped) and `anyone -> survey` (unmapped) share transport and port;
    // they must not be merged into one unresolved rule.
    let r = evaluate(&demo(), &base());
    let sip: Vec<_> = r
        .rules
        .iter()
        .filter(|a| a.ports.to_string() == "5060" && a.transport == Transport::Udp)
        .collect();
    assert_eq!(sip.len(), 2, "{sip:#?}");
    assert!(sip
        .iter()
        .any(|a| !a.unresolved && a.any_source && a.destination_nets.len() == 1));
    assert!(sip.iter().any(|a| a.unresolved));
}
