//! The JSON plan reader and every exporter of the registry on arbitrary text (issue #21).
//!
//! The text is read as a JSON plan: an error has a line and a column, and speaks the plan's
//! words (no Rust type names); a repeated key names its field. A plan it gives, or else a plan
//! whose names, zones, descriptions and tenant are pieces of the text (split at `|`), is
//! evaluated against the bundled catalog and exported in every format: no export panics, none
//! writes a raw control, zero-width or direction-changing character (a byte-order mark at the
//! start aside), every PowerShell export is ASCII after its byte-order mark (so Windows
//! PowerShell 5.1 reads it as PowerShell 7 does), and the JSON export parses. The same holds
//! for the network diagram's SVG and for the upgrade of the Visual Remote Assistance add-on
//! from release 1 to 2 in every format of `export::upgrade::FORMATS`.
//!
//! The body of the cargo-fuzz target `export` (`fuzz_targets/export.rs`), shared with the
//! native test `tests/fuzz_targets.rs` (seed corpus and generated input, on stable).

use portolan_catalog::Catalog;
use portolan_core::plan::{Host, ParamInput, Plan, PlanProduct};
use portolan_core::text::hidden::is_hidden;
use portolan_export::{self as export, ExportContext};
use std::sync::OnceLock;

fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| portolan_bundled::catalog().unwrap_or_default())
}

/// The JSON reader's promises on `text`; the plan it gives, if any.
fn read(text: &str) -> Option<Plan> {
    match Plan::from_json("fuzz.json", text) {
        Ok(p) => Some(p),
        Err(d) => {
            assert!(d.line.is_some() && d.column.is_some(), "{d:?}");
            let shown = d.to_string();
            for rust in [
                "ParamInput",
                "OptionValue",
                "PlanProduct",
                "untagged",
                "struct Host",
                "struct Plan",
            ] {
                assert!(!shown.contains(rust), "`{rust}` in {shown}");
            }
            if d.code == "plan::duplicate-key" {
                assert!(d.field.is_some(), "{d:?}");
            }
            None
        }
    }
}

/// A plan whose user text is pieces of `text`.
fn plan_of_pieces(text: &str) -> Plan {
    let mut pieces = text.split('|');
    let mut next = || pieces.next().unwrap_or("").to_string();
    let host =
        |name: String, zone: String, description: String, address: String, role: &str| Host {
            name,
            addresses: vec!["10.0.0.1".into(), "2001:db8::1".into(), address],
            zone,
            roles: vec![role.into()],
            description,
        };
    Plan {
        name: next(),
        description: next(),
        products: vec![
            PlanProduct {
                id: "visual-remote-assistance".into(),
                parameters: [("tenant".to_string(), ParamInput::Text(next()))].into(),
                ..Default::default()
            },
            PlanProduct {
                id: "screen-capture".into(),
                ..Default::default()
            },
        ],
        hosts: vec![
            host(
                next(),
                next(),
                next(),
                next(),
                "visual-remote-assistance/web-client",
            ),
            host(next(), next(), next(), next(), "screen-capture/ris-server"),
            host(next(), next(), next(), next(), "screen-capture/agent-pc"),
        ],
        ..Default::default()
    }
}

/// No raw hidden character in `body` (after a leading byte-order mark).
fn assert_shown(id: &str, content: &str) {
    let body = content.strip_prefix('\u{feff}').unwrap_or(content);
    if let Some(c) = body
        .chars()
        .find(|c| is_hidden(*c) && !matches!(c, '\n' | '\r' | '\t'))
    {
        panic!("{id}: raw U+{:04X}", u32::from(c));
    }
}

/// The diagram and the upgrade change requests of `plan`.
fn check_views(plan: &Plan, report: &portolan_engine::Report) {
    let diagram = export::diagram::layout(report, catalog(), Default::default());
    assert_shown("diagram", &export::diagram::to_svg(&diagram, &plan.name));
    let request = portolan_engine::UpgradeRequest {
        product: "visual-remote-assistance",
        from: Some("1"),
        to: "2",
    };
    let Ok(u) = portolan_engine::upgrade(catalog(), plan, request) else {
        return;
    };
    for (id, _) in export::upgrade::FORMATS {
        let text = export::upgrade::render(&u, id, "2026-01-01T00:00:00Z").unwrap_or_default();
        assert_shown(&format!("upgrade {id}"), &text);
        if *id == "json" {
            assert!(
                serde_json::from_str::<serde_json::Value>(&text).is_ok(),
                "upgrade: not JSON"
            );
        }
    }
}

fn check_exports(plan: &Plan) {
    let report = portolan_engine::evaluate(catalog(), plan);
    let cx = ExportContext {
        report: &report,
        plan,
        catalog: catalog(),
        generated_at: "2026-01-01T00:00:00Z",
    };
    for e in export::registry() {
        let art = export::export(e, &cx);
        let body = art.content.strip_prefix('\u{feff}').unwrap_or(&art.content);
        assert_shown(e.id(), body);
        if e.extension().ends_with("ps1") {
            assert!(body.is_ascii(), "{}: not ASCII", e.id());
        }
        if e.mime() == "application/json" {
            assert!(
                serde_json::from_str::<serde_json::Value>(body).is_ok(),
                "{}: not JSON",
                e.id()
            );
        }
    }
    check_views(plan, &report);
}

/// One input: the checks above, on `data`.
pub fn run(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let plan = read(text).unwrap_or_else(|| plan_of_pieces(text));
    check_exports(&plan);
}
