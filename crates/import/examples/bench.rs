//! Timings of the importer on large inputs (BENCHMARKS-import.md):
//! `cargo run -p portolan-import --release --example bench`.

use portolan_import::{import_table, render_toml, Options};
use std::time::Instant;

fn time(name: &str, text: &str) {
    let runs = 5;
    let mut best = f64::MAX;
    let mut rules = 0;
    for _ in 0..runs {
        let t = Instant::now();
        let d = import_table(text, &Options::default());
        let toml = render_toml(&d);
        best = best.min(t.elapsed().as_secs_f64());
        rules = d.product.rules.len();
        std::hint::black_box(toml);
    }
    println!(
        "| {name} | {:.1} MB | {rules} | {:.0} ms |",
        text.len() as f64 / 1e6,
        best * 1000.0
    );
}

fn main() {
    let mut rows = String::from(
        "Service | Port | Transport | Direction | Description |\n---|---|---|---|---|\n",
    );
    for i in 0..10_000u32 {
        rows.push_str(&format!(
            "Service {} | {} | TCP | Inbound | Listener {i} from Client {} |\n",
            i % 50,
            1024 + i,
            i % 7
        ));
    }
    let block = "Some prose about the product, with no table in it at all.\n| Port | Protocol | Description |\n|---|---|---|\n| 443 | TCP | Web portal from the agent PCs |\n";
    let ten_mb = block.repeat(10 * 1024 * 1024 / block.len() + 1);
    let prose = "Lorem ipsum dolor sit amet, consectetur adipiscing elit.\n"
        .repeat(10 * 1024 * 1024 / 57 + 1);
    println!("| input | size | rules | best of 5 (import + TOML) |");
    println!("|---|---|---|---|");
    time("a table of 10,000 rows", &rows);
    time("10 MB: 69,000 small tables between prose", &ten_mb);
    time("10 MB of prose, no table", &prose);
}
