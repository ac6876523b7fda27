//! PowerShell exports under both PowerShells (issue #21, part 1).
//!
//! Windows PowerShell 5.1 reads a `.ps1` file without a byte-order mark in the ANSI code page
//! (1252); PowerShell 7 reads it as UTF-8. In code page 1252 the UTF-8 bytes of ordinary letters
//! include typographic quotes (`Ò` is `C3 92`, and `0x92` reads as `’`, which PowerShell takes as
//! a single quote), so a script that carries non-ASCII text inside quotes can have its string
//! boundaries moved. The exporters therefore write every character outside printable ASCII as a
//! `[char]0xHHHH` code, and the file reads the same whichever way it is decoded.
//!
//! Every format of the registry whose file is a `.ps1` is checked: the file is decoded as 5.1
//! would without a byte-order mark (code page 1252) and as 7 would (UTF-8), lexed by the small
//! lexer in `support/powershell.rs`, and each decoding must give the same tokens, no user text
//! outside its quotes, and the user's values back exactly.
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod support;

use portolan_catalog::{load_files, Catalog};
use portolan_core::plan::{Host, OptionValue, ParamInput, Plan, PlanProduct};
use portolan_export::{self as export, Artifact, ExportContext};
use support::powershell::{code_text, lex, values, Token};

/// Names whose UTF-8 bytes hold code page 1252's quote characters (`Ò` = `C3 92` → `Ã’`,
/// `Ñ` = `C3 91` → `Ã‘`, `Ă` = `C4 82` → `Ä‚`, `Ą` = `C4 84` → `Ä„`, `ē` = `C4 93` → `Ä“`),
/// each followed by a command that would run if the quote ended the string.
fn trap(tag: &str) -> String {
    format!(
        "{tag}Ò; Invoke-Expression 'pwned-{tag}-1'; #Ò \
         Ñ| pwned-{tag}-2 |Ñ Ă; pwned-{tag}-3 ;Ą ē$(pwned-{tag}-4)ē ’‘ “pwned-{tag}-5” \u{202e}x"
    )
}

/// The test product (`tests/fixtures/probe.toml`) with its antivirus application, a rule's
/// purpose and a source title made hostile the same way.
fn catalog() -> Catalog {
    let text = include_str!("fixtures/probe.toml")
        .replace("Probe 'agent' ’x’", &trap("app"))
        .replace("Reaches a closed port.", &trap("purpose"))
        .replace("Probe guide <i>v1</i>", &trap("source"));
    let loaded = load_files(&[("probe.toml".to_string(), text)]);
    assert!(!loaded.has_errors(), "{:#?}", loaded.diagnostics);
    loaded.catalog
}

fn plan() -> Plan {
    let num = |n: i64| ParamInput::Number(n);
    Plan {
        name: trap("plan"),
        description: trap("description"),
        products: vec![PlanProduct {
            id: "probe".into(),
            options: [("names".to_string(), OptionValue::Bool(false))].into(),
            parameters: [
                ("open-port".to_string(), num(1001)),
                ("closed-port".to_string(), num(1002)),
            ]
            .into(),
            ..Default::default()
        }],
        hosts: vec![
            Host {
                name: trap("client"),
                addresses: vec!["10.0.0.2".into(), "2001:db8::2".into()],
                zone: trap("zone"),
                roles: vec!["probe/client".into()],
                description: trap("host-description"),
            },
            Host {
                name: trap("server"),
                addresses: vec!["10.0.0.1".into()],
                zone: String::new(),
                roles: vec!["probe/server".into()],
                description: String::new(),
            },
        ],
        ..Default::default()
    }
}

fn powershell_exports() -> Vec<Artifact> {
    let cat = catalog();
    let plan = plan();
    let report = portolan_engine::evaluate(&cat, &plan);
    let cx = ExportContext {
        report: &report,
        plan: &plan,
        catalog: &cat,
        generated_at: "2026-01-01T00:00:00Z",
    };
    let all: Vec<Artifact> = export::registry()
        .into_iter()
        .filter(|e| e.extension().ends_with("ps1"))
        .map(|e| export::export(e, &cx))
        .collect();
    assert!(
        all.len() >= 3,
        "windows-firewall, check-powershell, antivirus-powershell"
    );
    all
}

/// The file's bytes as Windows PowerShell 5.1 reads a file without a byte-order mark.
fn as_cp1252(bytes: &[u8]) -> String {
    let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
    text.into_owned()
}

/// What each format must carry exactly: the values a person compares or reads back.
fn expected_values(id: &str) -> Vec<String> {
    let one_line = |s: String| export::text::single_line(&s);
    match id {
        // section keys: the name on one line
        "windows-firewall" => vec![one_line(trap("client")), one_line(trap("server"))],
        "check-powershell" => vec![trap("client"), trap("server")],
        "antivirus-powershell" => vec![trap("app")],
        _ => Vec::new(),
    }
}

#[test]
fn every_powershell_export_reads_the_same_in_cp1252_and_utf8() {
    for art in powershell_exports() {
        let id = &art.format;
        let bytes = art.content.as_bytes();
        assert!(
            bytes.starts_with("\u{feff}".as_bytes()),
            "{id}: a byte-order mark, so 5.1 reads the file as UTF-8 where it can"
        );
        let body = &bytes[3..];
        let utf8 = std::str::from_utf8(body).unwrap();
        let ansi = as_cp1252(body);
        let by_utf8 = lex(utf8).unwrap_or_else(|e| panic!("{id} (UTF-8): {e}\n{utf8}"));
        let by_ansi = lex(&ansi).unwrap_or_else(|e| panic!("{id} (cp1252): {e}\n{ansi}"));
        for (how, tokens) in [("UTF-8", &by_utf8), ("cp1252", &by_ansi)] {
            let code = code_text(tokens);
            assert!(
                !code.to_lowercase().contains("pwned"),
                "{id} read as {how}: user text outside its quotes:\n{code}"
            );
            let found = values(tokens);
            for want in expected_values(id) {
                assert!(
                    found.contains(&want),
                    "{id} read as {how}: `{want}` is not passed exactly; values: {found:#?}"
                );
            }
        }
        assert_eq!(
            by_utf8, by_ansi,
            "{id}: the two PowerShells read different scripts"
        );
        assert!(
            body.is_ascii(),
            "{id}: only ASCII after the byte-order mark"
        );
    }
}

/// Characters outside printable ASCII are written as visible `[char]` codes, so a reviewer sees
/// a direction override or a control character for what it is.
#[test]
fn hidden_characters_show_as_char_codes() {
    for art in powershell_exports() {
        if art.format == "antivirus-powershell" {
            assert!(art.content.contains("[char]0x202E"), "{}", art.content);
        }
    }
    let q = export::text::ps_quote("a\u{202e}b\u{0}c’d\ne");
    assert_eq!(
        q,
        "('a' + [char]0x202E + 'b' + [char]0x0000 + 'c' + [char]0x2019 + 'd' + [char]0x000A + 'e')"
    );
    assert_eq!(export::text::ps_quote("it's"), "'it''s'");
    assert_eq!(export::text::ps_quote(""), "''");
    // outside the Basic Multilingual Plane: a surrogate pair
    assert_eq!(
        export::text::ps_quote("\u{1F600}"),
        "('' + [char]0xD83D + [char]0xDE00)"
    );
}

#[test]
fn the_lexer_knows_powershell_quoting() {
    let t = lex(
        "Write-Output 'it''s' ’a’’b‘ # c 'd'\n\"x`\"y\" <# e #> @'\nf'g\n'@ ('a' + [char]0x00D2)",
    )
    .unwrap();
    assert_eq!(
        t,
        [
            Token::Code("Write-Output".into()),
            Token::Literal("it's".into()),
            Token::Literal("a’b".into()),
            Token::Comment(" c 'd'".into()),
            Token::Newline,
            Token::Expandable("x`\"y".into()),
            Token::Comment(" e ".into()),
            Token::Literal("f'g".into()),
            Token::Code("(".into()),
            Token::Literal("a".into()),
            Token::Code("+".into()),
            Token::Code("[".into()),
            Token::Code("char".into()),
            Token::Code("]".into()),
            Token::Code("0x00D2".into()),
            Token::Code(")".into()),
        ]
    );
    assert_eq!(values(&t), ["it's", "a’b", "f'g", "aÒ"]);
    assert!(lex("'open").is_err());
    // what 5.1 makes of UTF-8 `Ò` inside quotes: the string ends early
    let t = lex(&as_cp1252("'xÒ; pwned'".as_bytes())).unwrap_err();
    assert!(t.contains("unterminated"), "{t}");
    let t = lex(&as_cp1252("'xÒ; pwned; #Ò'".as_bytes())).unwrap();
    assert!(code_text(&t).contains("pwned"));
}
