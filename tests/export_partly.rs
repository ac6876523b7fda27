//! See: issue #15 point 1. Every format that cannot carry host names or wildcards still writes
//! the addresses of a rule that mixes them with names, and lists only the names, with the
//! formats that carry them. This is a property of the shared exporter machinery
//! (`export::partition`), so it is checked over every registered format, present and future.
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use portolan_core::plan::{Plan, PlanFormat};
use portolan_engine::{evaluate, AggregatedRule, EndpointKind, Report};
use portolan_export::{self as export, ExportContext};

fn example(name: &str) -> Plan {
    let path = format!("{}/examples/{name}.plan.toml", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap();
    Plan::parse(name, &text, PlanFormat::Toml).unwrap()
}

fn report(plan: &Plan) -> Report {
    evaluate(&portolan_bundled::compiled().unwrap(), plan)
}

/// A side of a rule a packet filter can write: any address, or at least one network.
fn has_addresses(r: &AggregatedRule) -> bool {
    let any_dst = r.destinations.iter().any(|d| d.kind == EndpointKind::Any);
    (r.any_source || !r.source_nets.is_empty()) && (any_dst || !r.destination_nets.is_empty())
}

#[test]
fn no_format_drops_a_rule_whose_ends_have_addresses() {
    for name in ["mixed", "visual-remote-assistance", "screen-capture"] {
        let report = report(&example(name));
        for e in export::registry() {
            let (ok, skipped) = export::partition(e.capabilities(), &report.rules);
            for r in report
                .rules
                .iter()
                .filter(|r| !r.unresolved && has_addresses(r))
            {
                let kept = ok.iter().find(|k| k.id == r.id);
                let kept = kept.unwrap_or_else(|| {
                    panic!("{name}: {}: {} dropped whole: {skipped:?}", e.id(), r.id)
                });
                // the addresses are all there; only names the format cannot carry went
                assert_eq!(kept.source_nets, r.source_nets, "{}: {}", e.id(), r.id);
                assert_eq!(kept.destination_nets, r.destination_nets);
                let caps = e.capabilities();
                for a in kept.source_names.iter().chain(&kept.destination_names) {
                    let wildcard = matches!(a, portolan_core::net::Address::Wildcard(_));
                    assert!(
                        if wildcard { caps.wildcard } else { caps.fqdn },
                        "{}: {a}",
                        e.id()
                    );
                }
            }
        }
    }
}

#[test]
fn the_mixed_example_writes_the_cloud_addresses_of_r12_and_lists_its_names() {
    let plan = example("mixed");
    let report = report(&plan);
    let r12 = report.rules.iter().find(|r| r.id == "r12").unwrap();
    assert!(
        r12.destination_names.len() == 2 && r12.destination_nets.len() == 2,
        "{r12:?}"
    );
    let cat = portolan_bundled::compiled().unwrap();
    for id in [
        "nftables",
        "nftables-strict",
        "iptables",
        "iptables-strict",
        "windows-firewall",
        "aws-terraform",
        "cisco-asa",
        "panos",
        "cisco-ios",
        "junos-srx",
    ] {
        let cx = ExportContext {
            report: &report,
            plan: &plan,
            catalog: &cat,
            generated_at: "2026-01-01T00:00:00Z",
        };
        let a = export::export(export::find(id).unwrap(), &cx);
        for ip in ["34.120.195.249", "35.188.42.15"] {
            assert!(a.content.contains(ip), "{id}: {ip} not written");
        }
        let u = a.unexpressed.iter().find(|u| u.rule == "r12").unwrap();
        assert!(u.reason.starts_with("partly: "), "{id}: {}", u.reason);
        assert!(
            u.reason
                .contains("`*.eu-west-1.amazonaws.com` (in squid, pac, fortios, checkpoint, feed-domain, feed-url)"),
            "{id}: {}",
            u.reason
        );
        let fqdn = export::find(id).unwrap().capabilities().fqdn;
        assert_eq!(
            u.reason.contains("`contoso-lisbon.glartek.com`"),
            !fqdn,
            "{id}: {}",
            u.reason
        );
    }
    // the proxy list carries the names and says the addresses belong on the firewall
    let cx = ExportContext {
        report: &report,
        plan: &plan,
        catalog: &cat,
        generated_at: "2026-01-01T00:00:00Z",
    };
    let squid = export::export(export::find("squid").unwrap(), &cx);
    assert!(squid.content.contains(".eu-west-1.amazonaws.com"));
}
