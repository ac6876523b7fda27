//! Bad input (issue 17): garbage, 10 MB of text, 10,000 rows, HTML with scripts and event
//! handlers, mismatched columns, CSV formula cells. Each gets a clear message or is imported as
//! text; nothing panics; every row is imported or reported.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use portolan_import::{import_table, render_toml, Draft, Format, Options, Severity};

fn accounted(d: &Draft) -> bool {
    d.stats.rows == d.stats.imported + d.stats.unreadable + d.stats.skipped
}

/// A deterministic stream of bytes (xorshift), as text.
fn noise(len: usize, seed: u64) -> String {
    let alphabet: Vec<char> = "ab|\t\n -,;:\"'<>/&0123456789.*?=+@#\u{a0}é€🦀\r{}()[]"
        .chars()
        .collect();
    let mut x = seed;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            alphabet[(x % alphabet.len() as u64) as usize]
        })
        .collect()
}

#[test]
fn garbage_gets_a_message_and_no_panic() {
    for seed in 1..40 {
        let text = noise(3000, seed);
        for format in [
            Format::Auto,
            Format::Text,
            Format::Csv,
            Format::Tsv,
            Format::Html,
        ] {
            let d = import_table(
                &text,
                &Options {
                    format,
                    ..Options::default()
                },
            );
            assert!(accounted(&d), "seed {seed} {format:?}: {:?}", d.stats);
            let _ = render_toml(&d);
        }
    }
    let d = import_table("lorem ipsum dolor\nsit amet", &Options::default());
    assert!(d
        .problems
        .iter()
        .any(|p| p.reason.starts_with("no table found")));
}

#[test]
fn ten_megabytes_of_text_are_read() {
    let block = "Some prose about the product, with no table in it at all.\n| Port | Protocol | Description |\n|---|---|---|\n| 443 | TCP | Web portal from the agent PCs |\n";
    let text = block.repeat(10 * 1024 * 1024 / block.len() + 1);
    assert!(text.len() >= 10 * 1024 * 1024);
    let d = import_table(&text, &Options::default());
    assert!(accounted(&d));
    assert!(d.stats.tables > 10_000);
    // the same row everywhere: one rule, citing every line
    assert_eq!(d.product.rules.len(), 1);
}

#[test]
fn ten_thousand_rows_are_all_imported_or_reported() {
    let mut text = String::from(
        "Service | Port | Transport | Direction | Description |\n---|---|---|---|---|\n",
    );
    for i in 0..10_000u32 {
        let port = 1024 + i % 60_000;
        if i % 1000 == 999 {
            text.push_str(&format!(
                "Service {i} | xxx | TCP | Inbound | bad row {i} |\n"
            ));
        } else {
            text.push_str(&format!(
                "Service {} | {port} | TCP | Inbound | Listener {i} from Client {} |\n",
                i % 50,
                i % 7
            ));
        }
    }
    let d = import_table(&text, &Options::default());
    assert_eq!(d.stats.rows, 10_000);
    assert!(accounted(&d));
    assert_eq!(d.stats.unreadable, 10);
    assert_eq!(d.product.rules.len(), 9_990);
    let toml = render_toml(&d);
    assert!(toml.contains("no port number, range or placeholder in `xxx`"));
}

#[test]
fn html_scripts_and_handlers_never_reach_the_draft() {
    let html = r#"<html><head><script>alert(1)</script><title>x</title></head><body>
<h2>Agents <img src=x onerror="alert(2)"></h2>
<p onclick="alert(3)">If you use the <b>recorder</b>, you need:</p>
<table onmouseover="alert(4)">
<tr><th>Port</th><th>Protocol</th><th>Description</th></tr>
<tr><td>443<script>document.write("<td>666</td>")</script></td><td>TCP</td><td><a href="javascript:alert(5)">Portal</a> from the <svg onload=alert(6)><script>x</script></svg>agent PCs<style>td{color:red}</style></td></tr>
<tr><td>5060</td><td>UDP</td><td>&lt;script&gt;alert(7)&lt;/script&gt; SIP</td></tr>
</table></body></html>"#;
    let d = import_table(html, &Options::default());
    assert_eq!(d.format, Format::Html);
    assert_eq!(d.stats.rows, 2);
    assert_eq!(d.product.rules.len(), 2);
    let toml = render_toml(&d);
    for bad in [
        "alert(1)",
        "alert(2)",
        "alert(3)",
        "alert(4)",
        "javascript:",
        "alert(6)",
        "onerror",
        "onclick",
        "666",
        "color:red",
    ] {
        assert!(!toml.contains(bad), "`{bad}` reached the draft:\n{toml}");
    }
    // text that says <script> is kept as text (escaped by whoever shows it), never as markup
    assert!(toml.contains("<script>alert(7)</script> SIP"));
    assert_eq!(
        d.product.options.len(),
        1,
        "the sentence before the table is its option"
    );
}

#[test]
fn mismatched_columns_are_reported_per_row() {
    let text = "| Port | Protocol | Description |\n|---|---|---|\n| 443 | TCP | ok |\n| 80 | TCP | too | many | cells |\n| 8080 |\n| 5060 | UDP |\n";
    let d = import_table(text, &Options::default());
    assert!(accounted(&d));
    let reasons: Vec<(usize, &str)> = d
        .problems
        .iter()
        .map(|p| (p.first_line, p.reason.as_str()))
        .collect();
    assert!(
        reasons
            .iter()
            .any(|(l, r)| *l == 4 && r.contains("5 cells where the header has 3")),
        "{reasons:?}"
    );
    assert!(
        reasons
            .iter()
            .any(|(l, r)| *l == 5 && r.contains("only 1 of 3")),
        "{reasons:?}"
    );
    assert!(
        reasons
            .iter()
            .any(|(l, r)| *l == 6 && r.contains("2 of 3 cells")),
        "{reasons:?}"
    );
    assert_eq!(d.stats.imported, 2);
}

#[test]
fn csv_formula_cells_are_text() {
    let csv = "Port,Protocol,Description\n443,TCP,\"=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\"\n80,TCP,@SUM(A1)\n=1+2,TCP,x\n";
    let d = import_table(csv, &Options::default());
    assert_eq!(d.format, Format::Csv);
    let warnings = d
        .problems
        .iter()
        .filter(|p| p.severity == Severity::Warning && p.reason.contains("formula"))
        .count();
    assert_eq!(warnings, 3);
    assert!(d
        .product
        .rules
        .iter()
        .any(|r| r.purpose.starts_with("=HYPERLINK(")));
    assert_eq!(d.stats.unreadable, 1, "`=1+2` is not a port");
    assert!(accounted(&d));
}
