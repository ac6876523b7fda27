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

use portolan_catalog::load_files;
use portolan_core::diag::Severity;

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

/// Loads `HEAD + body` as `x.toml`; returns every error as `line:col code: message`.
fn messages(body: &str) -> Vec<String> {
    messages_of(&format!("{HEAD}{body}"))
}

/// Loads `text` as `x.toml`; returns every error as `line:col code: message`.
fn messages_of(text: &str) -> Vec<String> {
    let loaded = load_files(&[("x.toml".to_string(), text.to_string())]);
    loaded
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| {
            format!(
                "{}:{} {}: {}",
                d.line.unwrap(),
                d.column.unwrap(),
                d.code,
                d.message
            )
        })
        .collect()
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn unknown_field_with_did_you_mean_at_its_key() {
    // the misspelt `purpose` is not reported as missing as well
    let (e, h) = errors(&RULE_OK.replace("purpose", "porpuse"));
    assert_eq!(e, ["24:1 catalog::unknown-field"]);
    assert!(h[0].starts_with("did you mean `purpose`?"), "{}", h[0]);
    assert!(h[0].contains("`service`, `cite`"), "{}", h[0]);
    // no suggestion: the valid keys
    let (e, h) = errors(&format!("{RULE_OK}colour = \"red\"\n"));
    assert_eq!(e, ["26:1 catalog::unknown-field"]);
    assert!(h[0].starts_with("remove it or fix its spelling; a rule takes `id`, `from`"));
    // in an inline table
    let (e, h) = errors(&RULE_OK.replace("quote = \"q\"", "quote = \"q\", page = 3"));
    assert_eq!(e, ["25:39 catalog::unknown-field"]);
    assert!(
        h[0].contains("a citation takes `source`, `quote`"),
        "{}",
        h[0]
    );
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn wrong_type_at_the_value() {
    let (e, h) = errors(&RULE_OK.replace("[443]", "443"));
    assert_eq!(e, ["23:9 catalog::type"]);
    assert!(h[0].contains("ports = [443,"), "{}", h[0]);
    assert_eq!(
        messages(&RULE_OK.replace("purpose = \"p\"", "purpose = 5")),
        ["24:11 catalog::type: `purpose` should be a string, found a whole number"]
    );
    assert_eq!(
        messages(&format!("{RULE_OK}tags = [\"a\", 2]\n")),
        ["26:14 catalog::type: each entry of `tags` should be a string, found a whole number"]
    );
    let (e, h) = errors(&RULE_OK.replace("{ source = \"doc\", quote = \"q\" }", "\"doc\""));
    assert_eq!(e, ["25:8 catalog::type"]);
    assert!(h[0].contains("cite = { source ="), "{}", h[0]);
    let (e, _) = errors(&format!("{RULE_OK}optional = \"yes\"\n"));
    assert_eq!(e, ["26:12 catalog::type"]);
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn missing_fields_at_the_table_header() {
    let (e, h) = errors(&RULE_OK.replace("transport = \"tcp\"\n", ""));
    assert_eq!(e, ["18:1 catalog::missing-field"]);
    assert_eq!(h[0], "add `transport = \"...\"`");
    // all missing fields of a table in one diagnostic; an inline table at its brace
    assert_eq!(
        messages_of(&format!(
            "rules = [{{ id = \"r\", from = \"a\", to = \"b\", cite = {{ source = \"doc\" }} }}]\n{HEAD}"
        )),
        [
            "1:10 catalog::missing-field: rule `r` has no `transport`, `ports`, `purpose`",
            "1:51 catalog::missing-field: citation has no `quote`"
        ]
    );
    // the product's own fields: at the start of the file
    let loaded = load_files(&[("x.toml".to_string(), "schema = 1\nid = \"x\"\n".to_string())]);
    assert!(loaded.catalog.products.is_empty());
    let d: Vec<String> = loaded.diagnostics.iter().map(|d| d.to_string()).collect();
    assert_eq!(
        d,
        ["x.toml:1:1: error[catalog::missing-field]: product `x` has no `name`, `vendor`, `summary`\n  help: add `name = \"...\"`, `vendor = \"...\"`, `summary = \"...\"`"]
    );
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn integers_that_do_not_fit() {
    let e = messages(&RULE_OK.replace("[443]", "[443, 99999999999999999999]"));
    assert_eq!(
        e,
        ["23:15 catalog::bad-integer: `99999999999999999999` does not fit in a 64-bit whole number"]
    );
    let loaded = load_files(&[(
        "x.toml".to_string(),
        HEAD.replace("schema = 1", "schema = -9223372036854775809"),
    )]);
    let d: Vec<String> = loaded.diagnostics.iter().map(|d| d.to_string()).collect();
    assert_eq!(
        d,
        ["x.toml:1:10: error[catalog::bad-integer]: `-9223372036854775809` does not fit in a 64-bit whole number\n  help: use a number between -9223372036854775808 and 9223372036854775807"]
    );
    // hexadecimal, octal and binary integers are read as such
    let (e, _) = errors(&RULE_OK.replace("[443]", "[0x1BB, 0o20, 0b11]"));
    assert_eq!(e, Vec::<String>::new());
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn arrays_of_tables() {
    // inline tables in an array are read like `[[rules]]`
    let inline = "rules = [{ id = \"r\", from = \"a\", to = \"b\", transport = \"tcp\", ports = [443], purpose = \"p\", cite = { source = \"doc\", quote = \"q\" } }]\n";
    assert_eq!(
        messages_of(&format!("{inline}{HEAD}")),
        Vec::<String>::new()
    );
    assert_eq!(
        messages("[rules]\nid = \"r\"\n"),
        ["18:1 catalog::type: `rules` should be a list of tables, found a table"]
    );
    assert_eq!(
        messages_of(&format!("rules = [1, \"r\"]\n{HEAD}")),
        [
            "1:10 catalog::type: each entry of `rules` should be a table, found a whole number",
            "1:13 catalog::type: each entry of `rules` should be a table, found a string"
        ]
    );
    let loaded = load_files(&[("x.toml".to_string(), format!("rules = 3\n{HEAD}"))]);
    let d: Vec<String> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| d.to_string())
        .collect();
    assert_eq!(
        d,
        ["x.toml:1:9: error[catalog::type]: `rules` should be a list of tables, found a whole number\n  help: write one `[[rules]]` table per entry"]
    );
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn several_errors_in_one_file_all_reported() {
    // shape errors in two rules, a role that cannot be read, and a meaning error in a rule that
    // could be read: all reported, the shape errors first, in file order. Roles and sources that may be referred to by
    // what could not be read are not reported as unused.
    let body = format!(
        "{}{}{}[[roles]]\nid = \"c\"\nname = 3\nkind = \"internal\"\n",
        RULE_OK
            .replace("[443]", "\"443\"")
            .replace("purpose", "porpose"),
        RULE_OK
            .replace("id = \"r\"", "id = \"r2\"")
            .replace("\"tcp\"", "\"tpc\""),
        RULE_OK
            .replace("id = \"r\"", "id = \"r3\"")
            .replace("from = \"a\"\n", "")
            .replace("quote = \"q\"", "quote = 7"),
    );
    assert_eq!(
        messages(&body),
        [
            "23:9 catalog::type: `ports` should be a list, found a string",
            "24:1 catalog::unknown-field: unknown field `porpose` in a rule",
            "34:1 catalog::missing-field: rule `r3` has no `from`",
            "40:34 catalog::type: `quote` should be a string, found a whole number",
            "43:8 catalog::type: `name` should be a string, found a whole number",
            "30:13 catalog::transport: transport `tpc` is unknown",
        ]
    );
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn syntax_errors_all_reported() {
    let loaded = load_files(&[(
        "x.toml".to_string(),
        "schema = 1\nid = \"x\nname = \"X\"\nvendor = = \"V\"\n".to_string(),
    )]);
    let e: Vec<String> = loaded
        .diagnostics
        .iter()
        .map(|d| format!("{}:{} {}", d.line.unwrap(), d.column.unwrap(), d.code))
        .collect();
    assert_eq!(e[0], "2:8 catalog::syntax", "{e:?}");
    assert!(e.contains(&"4:10 catalog::syntax".to_string()), "{e:?}");
    assert!(loaded
        .diagnostics
        .iter()
        .all(|d| d.help.as_deref() == Some("fix the TOML syntax at this position")));
    // text that is not TOML: the first 50 errors and a count of the rest
    let junk: String = (0..200).map(|i| format!("key{i} = = 1\n")).collect();
    let loaded = load_files(&[("x.toml".to_string(), junk)]);
    let d = &loaded.diagnostics;
    assert_eq!(d.len(), 51, "{d:?}");
    assert_eq!(d[50].message, "350 more syntax errors");
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
    let loaded = load_files(&portolan_bundled::files());
    let problems: Vec<String> = loaded.diagnostics.iter().map(|d| d.to_string()).collect();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

// ---- choices, third-party components (issue #15) ----

const CHOICE: &str = r#"[[options]]
id = "apps"
name = "Apps"
type = "set"
values = ["web", "mobile"]
default = ["web"]
description = "d"
cite = { source = "doc", quote = "q" }
"#;

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn a_set_option_and_a_role_choice_load() {
    let body = format!("{CHOICE}{RULE_OK}").replace(
        "[[rules]]",
        "[[components]]\nid = \"sw\"\nname = \"SW\"\nkind = \"third-party\"\nvendor = \"Other\"\n[[rules]]",
    );
    let text = format!("{HEAD}{body}").replace(
        "id = \"b\"\nname = \"B\"\nkind = \"internal\"\n",
        "id = \"b\"\nname = \"B\"\nkind = \"internal\"\nwhen = 'apps in [\"mobile\"]'\n",
    );
    let loaded = load_files(&[("x.toml".to_string(), text)]);
    assert!(!loaded.has_errors(), "{:#?}", loaded.diagnostics);
    let p = &loaded.catalog.products[0];
    assert!(p.role("b").unwrap().when.is_some());
    assert_eq!(p.component("sw").unwrap().default, None);
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn set_option_defaults_are_lists_of_its_values() {
    let (e, h) = errors(&format!(
        "{}{RULE_OK}",
        CHOICE.replace("default = [\"web\"]", "default = \"web\"")
    ));
    assert_eq!(e, ["23:11 catalog::option-default"]);
    assert!(h[0].contains("default = [\"web\"]"), "{h:?}");
    let (e, h) = errors(&format!(
        "{}{RULE_OK}",
        CHOICE.replace("[\"web\"]\n", "[\"web\", \"glasses\"]\n")
    ));
    assert_eq!(e, ["23:19 catalog::option-default"]);
    assert!(h[0].contains("`mobile`"), "{h:?}");
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn a_role_belongs_to_options_only() {
    let body = format!(
        "[[components]]\nid = \"server\"\nname = \"S\"\nversions = [\"1.0\"]\ndefault = \"1.0\"\n{RULE_OK}"
    );
    let text = format!("{HEAD}{body}").replace(
        "kind = \"internal\"\n[[roles]]",
        "kind = \"internal\"\nwhen = 'server >= \"1.0\"'\n[[roles]]",
    );
    let loaded = load_files(&[("x.toml".to_string(), text)]);
    let d: Vec<_> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.code == "catalog::role-condition")
        .collect();
    assert_eq!(d.len(), 1, "{:#?}", loaded.diagnostics);
    assert_eq!((d[0].line, d[0].column), (Some(14), Some(8)));
    assert!(d[0].message.contains("`server`"), "{}", d[0].message);
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn third_party_components_have_no_default_and_statements_name_them() {
    let third =
        "[[components]]\nid = \"sw\"\nname = \"SW\"\nkind = \"third-party\"\ndefault = \"5.0\"\n";
    let (e, h) = errors(&format!("{third}{RULE_OK}"));
    assert_eq!(e, ["22:11 catalog::third-party-default"]);
    assert!(h[0].contains("unknown until the plan enters it"), "{h:?}");
    let product = "[[components]]\nid = \"sw\"\nname = \"SW\"\nversions = [\"1.0\"]\n";
    let (e, _) = errors(&format!("{product}{RULE_OK}"));
    assert_eq!(e, ["19:6 catalog::missing-field"]);
    let compat = |component: &str, min: &str| {
        format!(
            "[[components]]\nid = \"sw\"\nname = \"SW\"\nkind = \"third-party\"\n{RULE_OK}[[requirements]]\nid = \"c\"\nkind = \"compatibility\"\nvendor = \"V\"\nintegration = \"I\"\nsoftware = \"S\"\n{min}component = \"{component}\"\ntext = \"t\"\ncite = {{ source = \"doc\", quote = \"q\" }}\n"
        )
    };
    assert_eq!(
        errors(&compat("sw", "min_version = \"5.9\"\n")).0,
        Vec::<String>::new()
    );
    let (e, h) = errors(&compat("sx", "min_version = \"5.9\"\n"));
    assert_eq!(e, ["37:13 catalog::unknown-component"]);
    assert!(h[0].contains("did you mean `sw`?"), "{h:?}");
    let (e, _) = errors(&compat("sw", ""));
    assert_eq!(e, ["36:13 catalog::requirement-field"]);
}
