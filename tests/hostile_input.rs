//! Holes a hostile-input corpus found (issue #21, parts 2 to 5): hidden and direction-changing
//! characters, input accepted silently, readers without bounds, and messages in Rust's words
//! instead of the plan's. Each test names the part of the issue it guards; those that run the
//! command line are in `crates/cli/tests/hostile_cli.rs`.
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use portolan_catalog::{load_files, Catalog};
use portolan_core::diag::Severity;
use portolan_core::plan::{Host, ParamInput, Plan, PlanFormat, PlanProduct};
use portolan_engine::Report;
use portolan_export::{self as export, ExportContext};

fn catalog() -> Catalog {
    portolan_bundled::catalog().unwrap()
}

fn errors(r: &Report) -> Vec<String> {
    r.warnings
        .iter()
        .filter(|w| w.severity == Severity::Error)
        .map(|w| {
            format!(
                "{} {}: {}",
                w.code,
                w.field.clone().unwrap_or_default(),
                w.message
            )
        })
        .collect()
}

fn host(name: &str, zone: &str, role: &str) -> Host {
    Host {
        name: name.into(),
        addresses: vec!["10.0.0.1".into()],
        zone: zone.into(),
        roles: vec![role.into()],
        description: String::new(),
    }
}

fn vra(parameters: &[(&str, &str)], hosts: Vec<Host>) -> Plan {
    Plan {
        name: "vra".into(),
        products: vec![PlanProduct {
            id: "visual-remote-assistance".into(),
            parameters: parameters
                .iter()
                .map(|(k, v)| (k.to_string(), ParamInput::Text(v.to_string())))
                .collect(),
            ..Default::default()
        }],
        hosts,
        ..Default::default()
    }
}

// ---------------------------------------------------------------------------------------------
// Part 2: invisible and direction-changing characters

/// Host names, zones and role references are identifiers: a bidi control, NUL or other hidden
/// character in them is an error at the field, naming the character.
#[test]
fn hidden_characters_in_names_are_errors() {
    let cat = catalog();
    for bad in [
        "ris\u{202e}10",
        "a\u{0}b",
        "x\u{2066}y",
        "zero\u{200b}width",
        "esc\u{1b}[31m",
    ] {
        let r = portolan_engine::evaluate(
            &cat,
            &vra(
                &[],
                vec![host(bad, "", "visual-remote-assistance/web-client")],
            ),
        );
        let e = errors(&r);
        assert!(
            e.iter()
                .any(|m| m.contains("hosts[0].name") && m.contains("U+")),
            "{bad:?}: {e:#?}"
        );
        let r = portolan_engine::evaluate(
            &cat,
            &vra(
                &[],
                vec![host("pc", bad, "visual-remote-assistance/web-client")],
            ),
        );
        let e = errors(&r);
        assert!(
            e.iter()
                .any(|m| m.contains("hosts[0].zone") && m.contains("U+")),
            "{bad:?}: {e:#?}"
        );
        let role = format!("visual-remote-assistance/{bad}");
        let r = portolan_engine::evaluate(&cat, &vra(&[], vec![host("pc", "", &role)]));
        let e = errors(&r);
        assert!(
            e.iter()
                .any(|m| m.contains("hosts[0].roles[0]") && m.contains("U+")),
            "{bad:?}: {e:#?}"
        );
    }
    let r = portolan_engine::evaluate(
        &cat,
        &vra(
            &[],
            vec![host(
                "Zürich ris01 (floor 2)",
                "DMZ é",
                "visual-remote-assistance/web-client",
            )],
        ),
    );
    assert!(errors(&r).is_empty(), "{:#?}", errors(&r));
}

/// Free text (the plan's name and description, a host's description, and a product's own text)
/// is written out with every hidden character shown, in every format of the registry.
#[test]
fn no_export_writes_a_hidden_character_raw() {
    let tricky = "Trojan \u{202e}edoc\u{202c} \u{2066}x\u{2069} nul\u{0} esc\u{1b}[2J bell\u{7} c1\u{85}\u{9b} zw\u{200b}\u{feff} tag\u{e0041} ls\u{2028}";
    // the same text in TOML's escapes (TOML allows no raw control character in a string)
    let escaped: String = tricky
        .chars()
        .map(|c| {
            if portolan_core::text::hidden::is_hidden(c) {
                format!("\\U{:08X}", u32::from(c))
            } else {
                c.to_string()
            }
        })
        .collect();
    let catalog_text = include_str!("fixtures/probe.toml")
        .replace("Reaches a closed port.", &escaped)
        .replace("Probe guide <i>v1</i>", &escaped);
    let loaded = load_files(&[("probe.toml".to_string(), catalog_text)]);
    assert!(!loaded.has_errors(), "{:#?}", loaded.diagnostics);
    let cat = loaded.catalog;
    let plan = Plan {
        name: tricky.into(),
        description: tricky.into(),
        products: vec![PlanProduct {
            id: "probe".into(),
            ..Default::default()
        }],
        hosts: vec![
            Host {
                name: "client".into(),
                addresses: vec!["10.0.0.2".into()],
                zone: String::new(),
                roles: vec!["probe/client".into()],
                description: tricky.into(),
            },
            host("server", "", "probe/server"),
        ],
        ..Default::default()
    };
    let report = portolan_engine::evaluate(&cat, &plan);
    let cx = ExportContext {
        report: &report,
        plan: &plan,
        catalog: &cat,
        generated_at: "2026-01-01T00:00:00Z",
    };
    for e in export::registry() {
        let art = export::export(e, &cx);
        let body = art.content.trim_start_matches('\u{feff}');
        let raw: Vec<String> = body
            .chars()
            .filter(|c| {
                portolan_core::text::hidden::is_hidden(*c) && !matches!(c, '\n' | '\r' | '\t')
            })
            .map(|c| format!("U+{:04X}", u32::from(c)))
            .collect();
        assert!(raw.is_empty(), "{}: raw hidden characters {raw:?}", e.id());
    }
}

/// Markdown: user text cannot make a link, an image, an autolink or HTML.
#[test]
fn markdown_escapes_link_and_html_syntax() {
    let cat = catalog();
    let evil = "[click](https://evil.example/login) ![img](https://evil.example/i.png) \
                <https://evil.example> <b>bold</b> <!-- c --> http://evil.example/x \
                www.evil.example mail@evil.example [ref]: https://evil.example";
    let mut plan = vra(
        &[],
        vec![host("pc", "", "visual-remote-assistance/web-client")],
    );
    plan.name = evil.into();
    plan.hosts[0].description = evil.into();
    let report = portolan_engine::evaluate(&cat, &plan);
    let cx = ExportContext {
        report: &report,
        plan: &plan,
        catalog: &cat,
        generated_at: "2026-01-01T00:00:00Z",
    };
    let md = export::export(export::find("markdown").unwrap(), &cx).content;
    use pulldown_cmark::{Event, Options, Parser, Tag};
    for ev in Parser::new_ext(&md, Options::all()) {
        match ev {
            Event::Start(Tag::Link { dest_url, .. })
            | Event::Start(Tag::Image { dest_url, .. }) => {
                panic!("a link to {dest_url} in:\n{md}")
            }
            Event::Html(h) | Event::InlineHtml(h) => {
                assert_eq!(&*h, "<br>", "HTML from user text in:\n{md}")
            }
            _ => {}
        }
    }
    // bare addresses that GitHub-flavoured Markdown turns into links
    for raw in ["s://evil", "p://evil", "www.evil", "mail@evil"] {
        assert!(!md.contains(raw), "`{raw}` would be autolinked:\n{md}");
    }
}

/// Check Point's script is POSIX sh (`#!/bin/sh`, run as `sh FILE`: dash on Debian), which
/// reads bash's `$'...'` as a `$` and a quoted word: a typographic quote keeps its value (in
/// double quotes), and a hidden character is shown as text, never written as a bash escape.
#[test]
fn checkpoint_words_keep_their_value_in_posix_sh() {
    let name = "a’b ‘c’ “d” \u{202e}e";
    let cat = load_files(&[(
        "probe.toml".to_string(),
        include_str!("fixtures/probe.toml").to_string(),
    )])
    .catalog;
    let plan = Plan {
        name: "p".into(),
        products: vec![PlanProduct {
            id: "probe".into(),
            ..Default::default()
        }],
        hosts: vec![
            host(name, "", "probe/client"),
            host("server", "", "probe/server"),
        ],
        ..Default::default()
    };
    let report = portolan_engine::evaluate(&cat, &plan);
    let cx = ExportContext {
        report: &report,
        plan: &plan,
        catalog: &cat,
        generated_at: "2026-01-01T00:00:00Z",
    };
    let script = export::export(export::find("checkpoint").unwrap(), &cx).content;
    assert!(script.starts_with("#!/bin/sh\n"));
    assert!(!script.contains("$'"), "bash-only quoting in:\n{script}");
    // a mgmt_cli that records its arguments, separated by U+001F, one call a line
    let dir = portolan_testkit::TempDir::new("checkpoint-sh");
    let fake = dir.write(
        "bin/mgmt_cli",
        b"#!/bin/sh\nfor a in \"$@\"; do printf '%s\\037' \"$a\"; done >> \"$MGMT_LOG\"\necho >> \"$MGMT_LOG\"\n",
    );
    std::process::Command::new("chmod")
        .arg("+x")
        .arg(&fake)
        .status()
        .unwrap();
    let file = dir.write("policy.sh", script.as_bytes());
    let log = dir.path().join("calls.log");
    let path = format!(
        "{}:{}",
        dir.path().join("bin").display(),
        std::env::var("PATH").unwrap()
    );
    let out = std::process::Command::new("sh")
        .arg(&file)
        .current_dir(dir.path())
        .env("PATH", path)
        .env("MGMT_LOG", &log)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // the rules go through `mgmt_cli --batch`: their comments are cells of the batch file the
    // script wrote from its here-document
    let calls = std::fs::read_to_string(&log).unwrap();
    assert!(calls.contains("access-rule\u{1f}--batch\u{1f}"), "{calls}");
    let rules =
        std::fs::read_to_string(dir.path().join("checkpoint-batch/access-rule.csv")).unwrap();
    let rows: Vec<&str> = rules.lines().skip(1).collect();
    assert!(!rows.is_empty(), "{rules}");
    for row in &rows {
        assert!(row.contains("a’b ‘c’ “d” <U+202E>e"), "{row}");
    }
}

// ---------------------------------------------------------------------------------------------
// Part 3: silent acceptance

/// A repeated key in a JSON plan is an error that names both places.
#[test]
fn repeated_json_keys_are_errors_at_both_positions() {
    let text = "{\"schema\": 1, \"products\": [{\"id\": \"screen-capture\",\n  \"versions\": {\"ris\": \"15.2\",\n    \"ris\": \"15.1\"}}]}";
    let e = Plan::parse("p.json", text, PlanFormat::Json).unwrap_err();
    assert_eq!(e.code, "plan::duplicate-key", "{e}");
    assert!(e.message.contains("`ris`"), "{e}");
    assert_eq!((e.line, e.column), (Some(3), Some(5)), "{e}");
    assert!(
        e.message.contains("line 2, column 16"),
        "the first place: {e}"
    );
    assert_eq!(
        e.field.as_ref().map(ToString::to_string).as_deref(),
        Some("products[0].versions.ris"),
        "{e}"
    );
    for text in [
        r#"{"schema": 1, "name": "a", "name": "b"}"#,
        r#"{"products": [{"id": "x", "options": {"tls": true, "tls": false}}]}"#,
        r#"{"hosts": [{"name": "a", "zone": "x", "zone": "y"}]}"#,
        r#"{"products": [{"id": "x", "parameters": {"p": 1, "q": 2, "p": 3}}]}"#,
        // the same key written with an escape is the same key
        r#"{"name": "a", "n\u0061me": "b"}"#,
    ] {
        let e = Plan::parse("p.json", text, PlanFormat::Json).unwrap_err();
        assert_eq!(e.code, "plan::duplicate-key", "{text}: {e}");
    }
    // the same key in two different objects is fine
    let ok = r#"{"hosts": [{"name": "a"}, {"name": "b"}]}"#;
    assert_eq!(
        Plan::parse("p.json", ok, PlanFormat::Json)
            .unwrap()
            .hosts
            .len(),
        2
    );
}

/// A parameter that fills a host-name template is one DNS label: `*` or a dot would widen or
/// move the allow-list, so they are refused with the reason.
#[test]
fn parameters_in_host_name_templates_are_dns_labels() {
    let cat = catalog();
    for bad in [
        "*",
        "a.b",
        "evil.example.com",
        "a b",
        "-a",
        "a-",
        "a_b",
        "",
        "é",
        &"a".repeat(64),
        "{s3-region}",
        "a/b",
        "a\u{202e}",
    ] {
        let r = portolan_engine::evaluate(&cat, &vra(&[("tenant", bad)], Vec::new()));
        let e = errors(&r);
        assert!(
            e.iter()
                .any(|m| m.starts_with("plan::invalid-parameter products[0].parameters.tenant")),
            "{bad:?}: {e:#?}"
        );
        let help: Vec<String> = r.warnings.iter().filter_map(|w| w.help.clone()).collect();
        assert!(
            bad.is_empty() || help.iter().any(|h| h.contains("DNS label")),
            "{bad:?}: the reason names what is allowed: {help:#?}"
        );
        // the template is filled neither with the bad value nor with a default: the rules that
        // name the tenant's host are left out until it is fixed
        let names: Vec<String> = r
            .rules
            .iter()
            .flat_map(|a| a.destination_names.iter().map(ToString::to_string))
            .collect();
        assert!(
            !names.iter().any(|n| n.ends_with(".glartek.com")),
            "{bad:?}: {names:?}"
        );
        assert!(
            r.warnings.iter().any(|w| w.code == "undetermined-rules"),
            "{bad:?}"
        );
    }
    for good in ["acme", "ACME-1", "a", &"a".repeat(63), "eu-west-1"] {
        let r = portolan_engine::evaluate(
            &cat,
            &vra(&[("tenant", good), ("s3-region", "eu-west-2")], Vec::new()),
        );
        assert!(errors(&r).is_empty(), "{good:?}: {:#?}", errors(&r));
    }
    let r = portolan_engine::evaluate(&cat, &vra(&[("s3-region", "*")], Vec::new()));
    assert!(!errors(&r).is_empty());
    // a catalog cannot default such a parameter to a wildcard either
    let text = include_str!("fixtures/probe.toml").replace("default = \"acme\"", "default = \"*\"");
    let loaded = load_files(&[("probe.toml".to_string(), text)]);
    let codes: Vec<&str> = loaded.diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert!(codes.contains(&"catalog::placeholder-default"), "{codes:?}");
}

/// Versions with NUL, control or direction-changing characters are not versions.
#[test]
fn versions_with_hidden_characters_are_refused() {
    for bad in [
        "15.2\u{0}",
        "15.2 HFR3\u{202e}",
        "15.2\u{1b}[0m",
        "15.2\u{200b}",
        "15\u{2066}.2",
    ] {
        let e = bad.parse::<portolan_core::version::Version>().unwrap_err();
        assert!(e.message.contains("U+"), "{bad:?}: {e}");
        assert!(
            !e.message
                .chars()
                .any(portolan_core::text::hidden::is_hidden),
            "{e}"
        );
    }
    assert!("15.2 HFR3"
        .parse::<portolan_core::version::Version>()
        .is_ok());
}

// ---------------------------------------------------------------------------------------------
// Part 5: messages for people

/// Type errors in a JSON plan name the field and what was expected, in the plan's words.
#[test]
fn json_type_errors_speak_the_plans_words() {
    let cases: &[(&str, &str, &str)] = &[
        (
            r#"{"products": [{"id": "screen-capture", "parameters": {"upload-port": 1.5}}]}"#,
            "products[0].parameters.upload-port",
            "a whole number or text",
        ),
        (
            r#"{"products": [{"id": "screen-capture", "options": {"tls": 1}}]}"#,
            "products[0].options.tls",
            "`true`, `false`, a value name or a list of value names",
        ),
        (
            r#"{"products": [{"id": "screen-capture", "versions": {"ris": 15.2}}]}"#,
            "products[0].versions.ris",
            "a string",
        ),
        (r#"{"hosts": 3}"#, "hosts", "a list"),
        (r#"{"hosts": [3]}"#, "hosts[0]", "a host"),
        (
            r#"{"hosts": [{"name": "a", "addresses": "10.0.0.1"}]}"#,
            "hosts[0].addresses",
            "a list",
        ),
        (r#"{"hosts": [{"addresses": []}]}"#, "hosts[0]", "`name`"),
        (r#"{"products": [{"id": 7}]}"#, "products[0].id", "a string"),
        (r#"{"schema": "1"}"#, "schema", "a whole number"),
        (r#"[]"#, "", "a plan"),
    ];
    for (text, field, expected) in cases {
        let e = Plan::parse("p.json", text, PlanFormat::Json).unwrap_err();
        let shown = e.to_string();
        for rust in [
            "ParamInput",
            "OptionValue",
            "PlanProduct",
            "struct",
            "untagged",
            "enum",
            "sequence",
            " map",
            "i64",
            "u32",
            "floating point",
        ] {
            assert!(!shown.contains(rust), "{text}: `{rust}` in {shown}");
        }
        if !field.is_empty() {
            assert_eq!(
                e.field.as_ref().map(ToString::to_string).as_deref(),
                Some(*field),
                "{text}: {shown}"
            );
        }
        assert!(
            shown.contains(expected),
            "{text}: expected `{expected}` in {shown}"
        );
        assert!(e.line.is_some() && e.column.is_some(), "{shown}");
    }
}

// ---------------------------------------------------------------------------------------------
// Part 4: readers with bounds (the command line's readers: crates/cli/tests/hostile_cli.rs)

/// The library refuses a plan past the size limit too (the planner and the JavaScript API read
/// text they are given).
#[test]
fn the_plan_reader_refuses_past_the_limit() {
    let text = " ".repeat(portolan_core::plan::MAX_PLAN_BYTES + 1);
    let e = Plan::parse("p.json", &text, PlanFormat::Json).unwrap_err();
    assert_eq!(e.code, "plan::too-large", "{e}");
}
