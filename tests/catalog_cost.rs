//! What each bundled product costs the planner's download (BENCHMARKS-ui.md, "cost per
//! product"): the compact catalog compressed at the strongest DEFLATE level, with and without the
//! product, whole (the file loaded with a plan's first product) and without its long texts (in the
//! first load). Run `cargo test --test catalog_cost -- --nocapture` to print the table.
#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::panic)]

use portolan_catalog::{compact, Catalog};

fn deflated(c: &Catalog) -> usize {
    miniz_oxide::deflate::compress_to_vec(&compact::encode(c), 10).len()
}

fn without(c: &Catalog, id: &str) -> Catalog {
    Catalog {
        revision: c.revision.clone(),
        products: c
            .products
            .iter()
            .filter(|p| &*p.id != id)
            .cloned()
            .collect(),
    }
}

#[test]
fn every_product_costs_bytes_and_the_lite_catalog_costs_less() {
    let whole = portolan_bundled::compiled().unwrap();
    let light = portolan_bundled::lite().unwrap();
    let (all_whole, all_light) = (deflated(&whole), deflated(&light));
    println!("| product | rules | whole | in the first load |");
    println!("| --- | ---: | ---: | ---: |");
    for p in &whole.products {
        let cost_whole = all_whole - deflated(&without(&whole, &p.id));
        let cost_light = all_light - deflated(&without(&light, &p.id));
        println!(
            "| `{}` | {} | {cost_whole} B | {cost_light} B |",
            p.id,
            p.rules.len()
        );
        assert!(cost_light > 0 && cost_light < cost_whole, "{}", p.id);
    }
    println!(
        "| all {} products | | {all_whole} B | {all_light} B |",
        whole.products.len()
    );
    assert!(all_light < all_whole);
}
