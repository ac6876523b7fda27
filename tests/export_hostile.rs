//! Hostile input through the exporters: host names, zones, descriptions, the plan's name and a
//! tenant parameter holding quotes (' " ’ ‘), `;`, `$()`, backticks, newlines, markup, formula
//! starts and non-ASCII. Each test proves, for one format, that nothing leaves its quoting:
//! the generated bash check script is executed (in a temporary folder, against loopback ports
//! this test opens and closes) and no injected command runs; CSV is parsed back cell by cell;
//! HTML has no tag the template did not write; JSON parses back to the same plan and report.
//!
//! The product is `tests/fixtures/probe.toml`, whose ports are parameters the test sets.
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use portolan_catalog::{load_files, Catalog};
use portolan_core::plan::{Host, OptionValue, ParamInput, Plan, PlanProduct};
use portolan_engine::Report;
use portolan_export::{self as export, Artifact, ExportContext};
use std::net::{TcpListener, UdpSocket};

use portolan_testkit::TempDir;
use std::process::Command;

const GENERATED_AT: &str = "2026-01-01T00:00:00Z";

/// Every trick at once. `tag` keeps the markers of each field apart; an injected command would
/// create a file named `pwned-...` in the current folder.
fn evil(tag: &str) -> String {
    format!(
        "{tag} x'y\"z’w‘v; $(touch pwned-{tag}-1) `touch pwned-{tag}-2` && touch pwned-{tag}-3\n\
         touch pwned-{tag}-4 # <script>alert(1)</script> <img src=x onerror=alert(2)> | \
         =1+1 ünïcødé 名前 \\ %s %n ${{HOME}} $env:PATH ''; touch pwned-{tag}-5 #"
    )
}

/// Starts like a spreadsheet formula (CSV must neutralise it).
fn client_name() -> String {
    format!("=cmd|' /C calc'!A0 {}", evil("client"))
}

fn server_name() -> String {
    format!("+SUM(1) {}", evil("server"))
}

#[derive(Clone, Copy)]
struct Ports {
    open: u16,
    closed: u16,
    optional: u16,
    udp_open: u16,
    udp_closed: u16,
}

const SOME_PORTS: Ports = Ports {
    open: 1001,
    closed: 1002,
    optional: 1003,
    udp_open: 1004,
    udp_closed: 1005,
};

fn probe() -> Catalog {
    let loaded = load_files(&[(
        "probe.toml".to_string(),
        include_str!("fixtures/probe.toml").to_string(),
    )]);
    assert!(!loaded.has_errors(), "{:#?}", loaded.diagnostics);
    loaded.catalog
}

fn hostile_plan(p: Ports, names: bool) -> Plan {
    let num = |n: u16| ParamInput::Number(i64::from(n));
    Plan {
        name: evil("plan"),
        description: evil("description"),
        products: vec![PlanProduct {
            id: "probe".into(),
            options: [("names".to_string(), OptionValue::Bool(names))].into(),
            parameters: [
                ("open-port".to_string(), num(p.open)),
                ("closed-port".to_string(), num(p.closed)),
                ("optional-port".to_string(), num(p.optional)),
                ("udp-open-port".to_string(), num(p.udp_open)),
                ("udp-closed-port".to_string(), num(p.udp_closed)),
                ("tenant".to_string(), ParamInput::Text(evil("tenant"))),
            ]
            .into(),
            ..Default::default()
        }],
        hosts: vec![
            Host {
                name: client_name(),
                addresses: vec!["127.0.0.2".into()],
                zone: evil("zone-client"),
                roles: vec!["probe/client".into()],
                description: evil("host-description"),
            },
            Host {
                name: server_name(),
                addresses: vec!["127.0.0.1".into()],
                zone: evil("zone-server"),
                roles: vec!["probe/server".into()],
                description: String::new(),
            },
        ],
        ..Default::default()
    }
}

fn run(id: &str, cat: &Catalog, plan: &Plan) -> (Report, Artifact) {
    let report = portolan_engine::evaluate(cat, plan);
    let exporter = export::find(id).unwrap_or_else(|| panic!("format {id} is registered"));
    let artifact = export::export(
        exporter,
        &ExportContext {
            report: &report,
            plan,
            catalog: cat,
            generated_at: GENERATED_AT,
        },
    );
    (report, artifact)
}

/// A folder under the system's temporary folder, removed when dropped (also on failure).
/// `N` different TCP ports nobody listens on: bound at the same time (so the system cannot hand
/// out one port twice, which would merge two checks into one), then released.
fn free_tcp_ports<const N: usize>() -> [u16; N] {
    let held: Vec<TcpListener> = (0..N)
        .map(|_| TcpListener::bind("127.0.0.1:0").unwrap())
        .collect();
    let ports: Vec<u16> = held
        .iter()
        .map(|l| l.local_addr().unwrap().port())
        .collect();
    ports.try_into().unwrap()
}

fn free_udp_port() -> u16 {
    UdpSocket::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// The code of a bash script with comments and the contents of quoted strings taken out
/// (single-quoted strings are pure data; double-quoted ones are kept, they expand).
fn bash_code(script: &str) -> String {
    let mut out = String::new();
    let mut chars = script.chars();
    let mut prev = '\n';
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                for d in chars.by_ref() {
                    if d == '\'' {
                        break;
                    }
                }
                out.push_str("''");
                prev = '\'';
            }
            '"' => {
                out.push('"');
                while let Some(d) = chars.next() {
                    out.push(d);
                    if d == '\\' {
                        if let Some(e) = chars.next() {
                            out.push(e);
                        }
                    } else if d == '"' {
                        break;
                    }
                }
                prev = '"';
            }
            '\\' => {
                out.push(c);
                if let Some(d) = chars.next() {
                    out.push(d);
                    prev = d;
                }
            }
            '#' if prev.is_whitespace() => {
                for d in chars.by_ref() {
                    if d == '\n' {
                        break;
                    }
                }
                out.push('\n');
                prev = '\n';
            }
            _ => {
                out.push(c);
                prev = c;
            }
        }
    }
    out
}

/// The code of a PowerShell script with comments and single-quoted strings taken out. A
/// single-quoted string opens and closes with any of PowerShell's five single-quote characters;
/// two of them in a row inside it are one literal quote.
fn powershell_code(script: &str) -> String {
    let is_quote = |c: char| matches!(c, '\'' | '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}');
    let chars: Vec<char> = script.trim_start_matches('\u{feff}').chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if is_quote(c) {
            i += 1;
            loop {
                assert!(i < chars.len(), "unterminated single-quoted string");
                if is_quote(chars[i]) {
                    if i + 1 < chars.len() && is_quote(chars[i + 1]) {
                        i += 2;
                        continue;
                    }
                    i += 1;
                    break;
                }
                i += 1;
            }
            out.push_str("''");
        } else if c == '#' {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else {
            assert!(
                c != '"',
                "the generated PowerShell has no double-quoted strings"
            );
            out.push(c);
            i += 1;
        }
    }
    out
}

#[test]
fn bash_check_script_runs_hostile_names_without_injection() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let udp = UdpSocket::bind("127.0.0.1:0").unwrap();
    let [closed, optional] = free_tcp_ports();
    let ports = Ports {
        open: listener.local_addr().unwrap().port(),
        closed,
        optional,
        udp_open: udp.local_addr().unwrap().port(),
        udp_closed: free_udp_port(),
    };
    let cat = probe();
    let plan = hostile_plan(ports, false);
    let (_, art) = run("check-bash", &cat, &plan);

    // the script connects to nothing but the loopback address the plan gives the server
    let checks: Vec<&str> = art
        .content
        .lines()
        .filter(|l| l.trim_start().starts_with("check "))
        .collect();
    assert_eq!(checks.len(), 5, "{}", art.content);
    for l in &checks {
        assert!(l.contains(" '127.0.0.1' "), "unexpected target: {l}");
    }
    assert!(
        !bash_code(&art.content).contains("pwned"),
        "user text outside quotes:\n{}",
        bash_code(&art.content)
    );

    let dir = TempDir::new("check-bash");
    let script = dir.path().join("check.sh");
    std::fs::write(&script, &art.content).unwrap();
    let bash = |args: &[&str]| {
        Command::new("bash")
            .arg(&script)
            .args(args)
            .current_dir(dir.path())
            .env("PORTOLAN_TIMEOUT", "2")
            .output()
            .unwrap()
    };

    let out = bash(&[&client_name()]);
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(
        out.status.code(),
        Some(1),
        "a required check fails: exit 1\n{stdout}\n{stderr}"
    );
    let status_of = |port: u16, proto: &str| -> String {
        stdout
            .lines()
            .find_map(|l| {
                let w: Vec<&str> = l.split_whitespace().collect();
                (w.len() > 3 && w[1] == proto && w[2] == port.to_string()).then(|| w[0].to_string())
            })
            .unwrap_or_else(|| panic!("no row for {proto} {port}:\n{stdout}"))
    };
    assert_eq!(status_of(ports.open, "tcp"), "PASS", "{stdout}");
    assert_eq!(status_of(ports.closed, "tcp"), "FAIL", "{stdout}");
    assert_eq!(status_of(ports.optional, "tcp"), "FAIL(opt)", "{stdout}");
    assert_eq!(status_of(ports.udp_open, "udp"), "PASS?", "{stdout}");
    assert_eq!(status_of(ports.udp_closed, "udp"), "FAIL", "{stdout}");
    assert!(
        stdout.contains("2 passed, 3 failed (2 required), 0 skipped"),
        "{stdout}"
    );
    // the destination column shows the server's name on one line
    let shown = portolan_export::text::single_line(&server_name());
    assert!(stdout.contains(&shown), "{stdout}");

    // the server starts no flow: its section runs nothing and passes
    let out = bash(&[&server_name()]);
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("no flow of the plan starts"));

    // --list prints the names exactly; an unknown name is a usage error
    let out = bash(&["--list"]);
    assert_eq!(out.status.code(), Some(0));
    let listed = String::from_utf8_lossy(&out.stdout);
    assert!(listed.contains(&client_name()) && listed.contains(&server_name()));
    let out = bash(&["nobody; touch pwned-arg"]);
    assert_eq!(out.status.code(), Some(2));

    // nothing ran but the checks: the folder holds the script alone
    assert_eq!(dir.entries(), ["check.sh"], "an injected command ran");
    drop(listener);
    drop(udp);
}

#[test]
fn powershell_scripts_keep_user_text_in_single_quotes() {
    let cat = probe();
    for names in [false, true] {
        let plan = hostile_plan(SOME_PORTS, names);
        for id in ["check-powershell", "antivirus-powershell"] {
            let (_, art) = run(id, &cat, &plan);
            assert!(
                art.content.starts_with('\u{feff}'),
                "{id}: a BOM so Windows PowerShell reads UTF-8"
            );
            let code = powershell_code(&art.content);
            for marker in ["pwned", "$(x)", "O'Brien", "calc"] {
                assert!(
                    !code.contains(marker),
                    "{id}: `{marker}` outside quotes:\n{code}"
                );
            }
        }
    }
    let (_, av) = run(
        "antivirus-powershell",
        &cat,
        &hostile_plan(SOME_PORTS, false),
    );
    assert!(
        av.content
            .contains(r"'Probe ''agent'' ’’x’’' 'path' 'C:\O''Brien’’s data\$(x)\'"),
        "{}",
        av.content
    );
    assert!(av.content.contains("'extension' '.rec'"));
    let reasons: Vec<&str> = av.unexpressed.iter().map(|u| u.reason.as_str()).collect();
    assert!(
        reasons.iter().any(|r| r.contains("`*.r*` is a pattern")),
        "{reasons:?}"
    );
    assert!(reasons.iter().any(|r| r.contains("spool")), "{reasons:?}");
    assert_eq!(
        av.rule_count, 4,
        "a process, two folders, one extension: {}",
        av.content
    );
}

#[test]
fn csv_cells_parse_back_exactly() {
    let cat = probe();
    let plan = hostile_plan(SOME_PORTS, true);
    let (report, art) = run("csv", &cat, &plan);
    assert!(art.content.starts_with('\u{feff}'));
    assert!(art.content.contains("\r\n"), "RFC 4180 line ends");
    let body = art.content.trim_start_matches('\u{feff}');
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(body.as_bytes());
    let headers: Vec<String> = rdr.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(headers[0], "rule");
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let rows: Vec<Vec<String>> = rdr
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    // every row has every column (the reader is strict about it), data rows first
    let data: Vec<&Vec<String>> = rows.iter().take_while(|r| !r[0].is_empty()).collect();
    assert_eq!(data.len(), report.rules.len());
    let open = data
        .iter()
        .find(|r| r[col("catalog rules")].lines().any(|l| l == "probe/open"))
        .unwrap();
    // a cell starting like a formula gets a leading apostrophe; otherwise it is exact
    assert_eq!(open[col("source")], format!("'{}", client_name()));
    assert_eq!(open[col("destination")], format!("'{}", server_name()));
    assert_eq!(open[col("source addresses")], "127.0.0.2");
    assert_eq!(open[col("destination addresses")], "127.0.0.1");
    assert_eq!(
        open[col("purpose")],
        "Reaches a closed port.\nReaches the open port <script>alert('purpose')</script>."
    );
    assert!(
        open[col("citation")]
            .lines()
            .any(|l| l == "Probe guide <i>v1</i>: \"open \"port\" ; $(touch pwned-cite)\""),
        "{}",
        open[col("citation")]
    );
    // no cell of the whole file starts a formula
    for r in &rows {
        for cell in r {
            assert!(
                !cell.starts_with(['=', '+', '-', '@']),
                "formula cell {cell:?}"
            );
        }
    }
    // provenance after an empty row: exact values
    let meta: Vec<&Vec<String>> = rows.iter().skip(data.len() + 1).collect();
    assert!(rows[data.len()].iter().all(String::is_empty));
    let plan_row = meta.iter().find(|r| r[0] == "#plan").unwrap();
    assert_eq!(plan_row[1], evil("plan"));
    assert!(meta.iter().all(|r| r[0].starts_with('#')));

    // the antivirus CSV, too
    let (_, av) = run("antivirus-csv", &cat, &plan);
    let mut rdr = csv::Reader::from_reader(av.content.trim_start_matches('\u{feff}').as_bytes());
    let values: Vec<String> = rdr.records().map(|r| r.unwrap()[4].to_string()).collect();
    assert!(
        values.contains(&"C:\\O'Brien’s data\\$(x)\\".to_string()),
        "{values:?}"
    );
    assert!(values.contains(&"C:\\Program Files\\Probe \"quoted\"".to_string()));
}

#[test]
fn html_has_no_tag_from_user_text() {
    let cat = probe();
    let plan = hostile_plan(SOME_PORTS, true);
    let (_, art) = run("html", &cat, &plan);
    const TAGS: &[&str] = &[
        "!DOCTYPE",
        "html",
        "head",
        "meta",
        "title",
        "style",
        "body",
        "h1",
        "h2",
        "h3",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "ul",
        "li",
        "p",
        "br",
        "span",
        "strong",
        "em",
        "code",
        "blockquote",
    ];
    let s = &art.content;
    for (i, _) in s.match_indices('<') {
        let rest = &s[i + 1..];
        let rest = rest.strip_prefix('/').unwrap_or(rest);
        let name: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '!')
            .collect();
        assert!(
            TAGS.contains(&name.as_str()),
            "unexpected tag `<{name}` at {i}: {}",
            &s[i..(i + 60).min(s.len())]
        );
    }
    assert!(s.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(s.contains("&lt;img src=x onerror=alert(2)&gt;"));
    // quotes cannot close an attribute: the only attributes are the template's
    assert!(!s.contains("onerror=alert(2)>"));
}

#[test]
fn markdown_keeps_user_text_in_its_cell() {
    let cat = probe();
    let plan = hostile_plan(SOME_PORTS, true);
    let (_, art) = run("markdown", &cat, &plan);
    let s = &art.content;
    assert!(!s.contains("<script") && !s.contains("<img"), "{s}");
    for line in s.lines() {
        assert!(
            !line.trim_start().starts_with("touch pwned"),
            "a newline in user text started a line: {line}"
        );
        if line.starts_with("| r") {
            let bytes: Vec<char> = line.chars().collect();
            let pipes = bytes
                .iter()
                .enumerate()
                .filter(|(i, c)| **c == '|' && (*i == 0 || bytes[i - 1] != '\\'))
                .count();
            assert_eq!(pipes, 8, "a cell leaked: {line}");
        }
    }
}

#[test]
fn json_parses_back_to_the_same_plan_and_report() {
    let cat = probe();
    let plan = hostile_plan(SOME_PORTS, true);
    let (report, art) = run("json", &cat, &plan);
    let v: serde_json::Value = serde_json::from_str(&art.content).unwrap();
    assert_eq!(v["schema"], portolan_export::json::JSON_SCHEMA);
    assert_eq!(v["generated_at"], GENERATED_AT);
    assert_eq!(v["catalog_revision"], cat.revision.as_str());
    let back: Plan = serde_json::from_value(v["plan"].clone()).unwrap();
    assert_eq!(back, plan);
    assert_eq!(v["report"], serde_json::to_value(&report).unwrap());
    assert_eq!(art.rule_count, report.rules.len());
}

#[test]
fn proxy_lists_carry_only_names_and_comments() {
    let cat = probe();
    let plan = hostile_plan(SOME_PORTS, true);
    let (_, squid) = run("squid", &cat, &plan);
    for line in squid.content.lines() {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        assert!(
            line.starts_with("acl portolan_r") || line.starts_with("http_access allow portolan_r"),
            "{line}"
        );
        assert!(
            line.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || " _.:/-".contains(c)),
            "unexpected character in {line}"
        );
    }
    assert!(squid
        .content
        .contains("dstdomain api.probe.example .cdn.probe.example\n"));
    assert!(squid.content.contains(" port 443 8000-8100\n"));
    let reasons: Vec<String> = squid.unexpressed.iter().map(|u| u.reason.clone()).collect();
    assert!(
        reasons
            .iter()
            .any(|r| r.contains("partly: IP destination(s) 192.0.2.10")),
        "{reasons:?}"
    );
    assert!(reasons.iter().any(|r| r.starts_with("UDP")), "{reasons:?}");
    assert!(
        reasons.iter().any(|r| r.contains("gives no address for")),
        "{reasons:?}"
    );

    let (_, pac) = run("pac", &cat, &plan);
    let code: String = pac
        .content
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    assert!(!code.contains("pwned"));
    // run it where a JavaScript engine is at hand
    if Command::new("node").arg("--version").output().is_ok() {
        let dir = TempDir::new("pac");
        let js = dir.path().join("pac.js");
        std::fs::write(
            &js,
            format!(
                "function dnsDomainIs(h, d) {{ return h.length >= d.length && h.substring(h.length - d.length) === d; }}\n{}\n\
                 console.log(JSON.stringify(['api.probe.example', 'API.probe.example.', 'x.cdn.probe.example', 'cdn.probe.example', 'x.edge.cdn.probe.example', 'probe.example', 'xcdn.probe.example', 'evil.example'].map(function (h) {{ return FindProxyForURL('https://' + h + '/', h); }})));\n",
                pac.content.trim_start_matches('\u{feff}')
            ),
        )
        .unwrap();
        let out = Command::new("node").arg(&js).output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let got: Vec<String> = serde_json::from_slice(&out.stdout).unwrap();
        let p = "PROXY proxy.invalid:3128";
        assert_eq!(got, [p, p, p, p, p, "DIRECT", "DIRECT", "DIRECT"]);
    } else {
        eprintln!("node is not installed: the PAC file was checked but not run");
    }
}

/// The plain-text feeds: every line is an entry, so a feed with no entry is an empty file.
fn is_feed(id: &str) -> bool {
    id.starts_with("feed-")
}

/// Every registered format, including ones added later: no panic, and in every format but CSV
/// and HTML (where a line break inside a quoted cell or a text node is data) the plan's name,
/// which goes into headers, starts no line of its own. (Scripts may carry a host's exact name,
/// line breaks included, inside a quoted string: the format's own test proves the quoting.)
#[test]
fn every_format_survives_hostile_input() {
    let cat = probe();
    for names in [false, true] {
        let plan = hostile_plan(SOME_PORTS, names);
        for e in export::registry() {
            let (_, art) = run(e.id(), &cat, &plan);
            // a feed has no header (every line is an entry): with no entry it is empty
            assert!(!art.content.is_empty() || is_feed(e.id()), "{}", e.id());
            if matches!(e.mime(), "text/csv" | "text/html") {
                continue;
            }
            for line in art.content.lines() {
                assert!(
                    !line.trim_start().starts_with("touch pwned-plan"),
                    "{}: {line}",
                    e.id()
                );
            }
        }
    }
}

/// An empty plan (no product, no host) renders in every format; the bash script lists no host
/// and refuses any name.
#[test]
fn every_format_renders_an_empty_plan() {
    let cat = probe();
    let plan = Plan::default();
    for e in export::registry() {
        let (_, art) = run(e.id(), &cat, &plan);
        assert!(!art.content.is_empty() || is_feed(e.id()), "{}", e.id());
        assert_eq!(art.file_name, format!("portolan-plan.{}", e.extension()));
    }
    let (_, art) = run("check-bash", &cat, &plan);
    let dir = TempDir::new("empty");
    let script = dir.path().join("check.sh");
    std::fs::write(&script, &art.content).unwrap();
    let out = Command::new("bash")
        .arg(&script)
        .arg("--list")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty());
    let out = Command::new("bash").arg(&script).arg("x").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}
