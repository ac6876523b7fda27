//! Catalog validation: each broken file is reported at the right line and column with a hint,
//! and every problem in a file is reported at once.
//!
//! The same tests run natively and, under `wasm-bindgen-test`, in wasm32 (Node and headless
//! Chromium): `cargo test --target wasm32-unknown-unknown --test catalog_errors` (see `BENCHMARKS.md`).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use portolan::catalog::load_files;
use portolan::Severity;

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test;

const HEAD: &str = r#"schema = 1
id = "x"
name = "X"
vendor = "V"
summary = "S"
[[sources]]
id = "doc"
file = "doc.txt"
title = "Doc"
[[roles]]
id = "a"
name = "A"
kind = "internal"
[[roles]]
id = "b"
name = "B"
kind = "internal"
"#;

/// Loads `HEAD + body` as `x.toml`; returns `line:col code` of every error, and the hints.
fn errors(body: &str) -> (Vec<String>, Vec<String>) {
    let text = format!("{HEAD}{body}");
    let loaded = load_files(&[("x.toml".to_string(), text)]);
    let errs: Vec<_> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    (
        errs.iter()
            .map(|d| format!("{}:{} {}", d.line.unwrap(), d.column.unwrap(), d.code))
            .collect(),
        errs.iter()
            .map(|d| d.help.clone().unwrap_or_default())
            .collect(),
    )
}

const RULE_OK: &str = r#"[[rules]]
id = "r"
from = "a"
to = "b"
transport = "tcp"
ports = [443]
purpose = "p"
cite = { source = "doc", quote = "q" }
"#;

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn a_valid_file_loads() {
    assert_eq!(errors(RULE_OK).0, Vec::<String>::new());
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn unknown_role_with_did_you_mean() {
    let (e, h) = errors(&RULE_OK.replace("to = \"b\"", "to = \"bb\""));
    // `b` is now used by nothing, which is reported too
    assert_eq!(
        e,
        ["21:6 catalog::unknown-role", "15:6 catalog::unused-role"]
    );
    assert_eq!(h[0], "did you mean `b`?");
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn bad_port_and_bad_range() {
    let (e, h) = errors(&RULE_OK.replace("[443]", "[70000, \"5000-4000\"]"));
    assert_eq!(e, ["23:10 catalog::bad-port", "23:17 catalog::bad-port"]);
    assert!(h[0].contains("1 to 65535"), "{}", h[0]);
    assert!(h[1].contains("4000-5000"), "{}", h[1]);
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn unknown_parameter_in_ports_and_condition() {
    let body = RULE_OK.replace("[443]", "[\"{web-port}\"]") + "when = 'versoin >= \"1.0\"'\n";
    let (e, _) = errors(&body);
    assert_eq!(
        e,
        [
            "23:10 catalog::unknown-parameter",
            "26:9 catalog::condition-type"
        ]
    );
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn condition_syntax_error_points_inside_the_string() {
    let body = RULE_OK.to_string() + "when = 'a and and b'\n";
    let (e, _) = errors(&body);
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(
        e[0].starts_with("26:") && e[0].ends_with("catalog::condition-syntax"),
        "{e:?}"
    );
    let col: u32 = e[0].split([':', ' ']).nth(1).unwrap().parse().unwrap();
    assert!(col >= 15, "column {col} should point at the second `and`");
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn duplicate_ids_and_unused_roles_all_reported() {
    let body = format!("{RULE_OK}{}", RULE_OK.replace("to = \"b\"", "to = \"a\""));
    let (e, _) = errors(&body);
    assert_eq!(e, ["27:6 catalog::duplicate-id"]);
    let (e, _) = errors("");
    assert_eq!(
        e,
        ["11:6 catalog::unused-role", "15:6 catalog::unused-role"]
    );
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn unknown_field_is_a_syntax_error_with_position() {
    let (e, h) = errors(&RULE_OK.replace("purpose", "porpuse"));
    assert_eq!(e.len(), 1);
    assert!(e[0].ends_with("catalog::syntax"), "{e:?}");
    assert!(h[0].contains("remove the field"), "{}", h[0]);
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn missing_citation_and_wrong_source() {
    let (e, _) = errors(&RULE_OK.replace("cite = { source = \"doc\", quote = \"q\" }\n", ""));
    assert_eq!(e, ["19:6 catalog::missing-cite"]);
    let (e, h) = errors(&RULE_OK.replace("source = \"doc\"", "source = \"dco\""));
    assert_eq!(e, ["25:19 catalog::unknown-source"]);
    assert_eq!(h[0], "did you mean `doc`?");
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn type_errors_in_conditions() {
    let opts = r#"[[components]]
id = "srv"
name = "Server"
versions = ["1.0"]
default = "1.0"
[[options]]
id = "mode"
name = "Mode"
type = "enum"
values = ["secure", "plain"]
default = "secure"
description = "d"
cite = { source = "doc", quote = "q" }
"#;
    let body = format!("{opts}{RULE_OK}when = 'srv >= 5 or mode == \"tls\"'\n");
    let (e, h) = errors(&body);
    assert_eq!(e.len(), 2, "{e:?}");
    assert!(e.iter().all(|x| x.ends_with("catalog::condition-type")));
    assert!(h[1].contains("secure"), "{h:?}");
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn requirement_fields_are_checked_by_kind() {
    let body = format!(
        "{RULE_OK}[[requirements]]\nid = \"q\"\nkind = \"sizing\"\nwhat = \"disk\"\nunit = \"GB\"\ntext = \"t\"\nrole = \"a\"\ncite = {{ source = \"doc\", quote = \"q\" }}\n"
    );
    let (e, _) = errors(&body);
    assert_eq!(
        e,
        [
            "32:8 catalog::requirement-field",
            "27:6 catalog::requirement-field"
        ]
    );
    let body = format!(
        "{RULE_OK}[[requirements]]\nid = \"q\"\nkind = \"nots\"\ntext = \"t\"\ncite = {{ source = \"doc\", quote = \"q\" }}\n"
    );
    let (e, h) = errors(&body);
    assert_eq!(e, ["28:8 catalog::requirement-kind"]);
    assert_eq!(h[0], "did you mean `note`?");
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn file_name_must_match_id() {
    let text = format!("{HEAD}{RULE_OK}");
    let loaded = load_files(&[("other.toml".to_string(), text)]);
    assert!(loaded
        .diagnostics
        .iter()
        .any(|d| d.code == "catalog::id-file-mismatch" && d.line == Some(2)));
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn a_broken_file_does_not_stop_the_others() {
    let good = format!("{HEAD}{RULE_OK}");
    let loaded = load_files(&[
        ("x.toml".to_string(), good),
        (
            "y.toml".to_string(),
            "schema = 1\nid = \"y\"\n[[".to_string(),
        ),
    ]);
    assert_eq!(loaded.catalog.products.len(), 1);
    assert!(loaded
        .diagnostics
        .iter()
        .any(|d| d.file.as_deref() == Some("y.toml")));
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn bundled_catalog_loads_cleanly() {
    let loaded = load_files(&portolan::catalog::bundled_files());
    let problems: Vec<String> = loaded.diagnostics.iter().map(|d| d.to_string()).collect();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
