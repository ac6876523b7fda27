//! Component tests of the planner in headless Chromium: mount the Yew app into a `<div>`, act as
//! a user (click, type, submit), wait for Yew's asynchronous render, and check what it shows.
//! Run by `scripts/test`.
#![cfg(target_arch = "wasm32")]
#![allow(
    clippy::panic,
    clippy::unwrap_used,
    reason = "a test fails by panicking"
)]

use portolan::ui::{App, TITLE};
use std::time::Duration;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Element, HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

thread_local! {
    /// The apps the tests mounted, still running.
    static APPS: std::cell::RefCell<Vec<yew::AppHandle<App>>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Mounts the app into a fresh `<div>` and returns it once `ready` holds for its text, or after
/// about two seconds (so that a failing assertion shows what was rendered).
async fn mount_app(ready: impl Fn(&str) -> bool) -> web_sys::Element {
    mount_app_with(None, ready).await
}

/// [`mount_app`] with `saved` as the plan the planner finds in local storage (as left by an
/// earlier visit).
async fn mount_app_with(saved: Option<&str>, ready: impl Fn(&str) -> bool) -> web_sys::Element {
    let window = web_sys::window().unwrap();
    // Earlier tests' apps are taken down first: one still mounted could save its plan (to local
    // storage and the URL fragment) after the clearing below, and this test would start from
    // that plan.
    let earlier = APPS.with(|apps| apps.borrow_mut().drain(..).collect::<Vec<_>>());
    if !earlier.is_empty() {
        for app in earlier {
            app.destroy();
        }
        // An edit's save is debounced (250 ms, src/ui/app.rs) by a task that outlives its app:
        // let any that is pending run before the clearing below.
        yew::platform::time::sleep(Duration::from_millis(400)).await;
    }
    // Each test starts from an empty plan: nothing saved, no plan in the URL fragment (the app
    // keeps the fragment up to date).
    let storage = window.local_storage().unwrap().unwrap();
    storage.clear().unwrap();
    if let Some(plan) = saved {
        storage.set_item("portolan.plan", plan).unwrap();
    }
    let url = window.location().href().unwrap();
    let bare = url.split('#').next().unwrap().to_string();
    window
        .history()
        .unwrap()
        .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&bare))
        .unwrap();
    let document = window.document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    let app = yew::Renderer::<App>::with_root(root.clone()).render();
    APPS.with(|apps| apps.borrow_mut().push(app));
    for _ in 0..200 {
        yew::platform::time::sleep(Duration::from_millis(10)).await;
        if ready(&root.text_content().unwrap_or_default()) {
            break;
        }
    }
    root
}

#[wasm_bindgen_test]
async fn app_shows_heading_and_every_bundled_product() {
    let products = match portolan_bundled::catalog() {
        Ok(catalog) => catalog.products,
        Err(diagnostics) => panic!("the bundled catalog does not load: {diagnostics:?}"),
    };
    let root = mount_app(|text| products.iter().all(|p| text.contains(&p.name))).await;

    let text = root.text_content().unwrap_or_default();
    assert!(text.contains(TITLE), "heading missing in: {text}");
    for product in &products {
        assert!(
            text.contains(&product.name),
            "`{}` missing in: {text}",
            product.name
        );
        assert!(
            text.contains(&product.vendor),
            "`{}` missing in: {text}",
            product.vendor
        );
    }
    let cards = root.query_selector_all(".product-card").unwrap().length();
    assert_eq!(cards as usize, products.len(), "one card per product");
}

/// Waits (up to about two seconds) until `ready` holds for the root.
async fn until(root: &Element, ready: impl Fn(&Element) -> bool) {
    for _ in 0..200 {
        if ready(root) {
            return;
        }
        yew::platform::time::sleep(Duration::from_millis(10)).await;
    }
}

fn find(root: &Element, selector: &str) -> Element {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("`{selector}` not found in: {}", root.inner_html()))
}

fn click(root: &Element, selector: &str) {
    find(root, selector)
        .dyn_into::<HtmlElement>()
        .unwrap()
        .click();
}

/// Types `text` into an input as a user would (sets the value, fires `input`).
fn type_into(root: &Element, selector: &str, text: &str) {
    let input = find(root, selector).dyn_into::<HtmlInputElement>().unwrap();
    input.set_value(text);
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    let ev = web_sys::Event::new_with_event_init_dict("input", &init).unwrap();
    input.dispatch_event(&ev).unwrap();
}

fn text(root: &Element) -> String {
    root.text_content().unwrap_or_default()
}

fn open_tab(root: &Element, id: &str) {
    click(root, &format!("#tab-{id}"));
}

#[wasm_bindgen_test]
async fn adding_a_product_shows_its_versions_options_and_parameters() {
    let root = mount_app(|t| t.contains("Add to plan")).await;
    assert!(
        text(&root).contains("Start here"),
        "an empty plan shows the first step"
    );
    click(&root, r#"button[data-product="screen-capture"]"#);
    until(&root, |r| {
        r.query_selector(".product-config").unwrap().is_some()
    })
    .await;
    let config = find(&root, ".product-config");
    let t = config.text_content().unwrap();
    for want in [
        "RIS version",
        "Cloud Screen Recording",
        "WebSocket security",
        "Source",
    ] {
        assert!(t.contains(want), "`{want}` missing in: {t}");
    }
    // Every input of the product has a label.
    let inputs = config.query_selector_all("input, select").unwrap();
    for i in 0..inputs.length() {
        let el = inputs.item(i).unwrap().dyn_into::<Element>().unwrap();
        let id = el.id();
        assert!(
            root.query_selector(&format!(r#"label[for="{id}"]"#))
                .unwrap()
                .is_some(),
            "no label for #{id}"
        );
    }
    assert!(!text(&root).contains("Start here"));
}

/// Adding a second product leaves the first one's form as it was: the same elements (a field
/// being edited keeps its focus), and a section the user opened stays open on that product and
/// does not move to the new one.
#[wasm_bindgen_test]
async fn adding_a_product_keeps_the_forms_of_the_others() {
    let root = mount_app(|t| t.contains("Add to plan")).await;
    click(&root, r#"button[data-product="screen-capture"]"#);
    until(&root, |r| {
        r.query_selector(".product-config details.cite")
            .unwrap()
            .is_some()
    })
    .await;
    let form = find(&root, ".product-config");
    let opened = find(&root, ".product-config details.cite");
    opened.set_attribute("open", "").unwrap();
    let other = root
        .query_selector_all("button[data-product]")
        .unwrap()
        .values()
        .into_iter()
        .filter_map(|b| b.ok()?.dyn_into::<Element>().ok())
        .find(|b| b.get_attribute("data-product").as_deref() != Some("screen-capture"))
        .unwrap();
    other.dyn_into::<HtmlElement>().unwrap().click();
    until(&root, |r| {
        r.query_selector_all(".product-config").unwrap().length() == 2
    })
    .await;
    let forms = root.query_selector_all(".product-config").unwrap();
    assert_eq!(forms.length(), 2);
    let first = forms.item(0).unwrap();
    assert!(
        first.is_same_node(Some(&form)),
        "the first product's form was drawn again"
    );
    assert!(
        opened.is_connected() && opened.has_attribute("open"),
        "the opened section closed or moved"
    );
    let second = forms.item(1).unwrap().dyn_into::<Element>().unwrap();
    assert!(
        second.query_selector("details[open]").unwrap().is_none(),
        "the new product's sections start folded"
    );
}

#[wasm_bindgen_test]
async fn a_version_below_the_threshold_warns_at_the_field_as_it_is_typed() {
    let root = mount_app(|t| t.contains("Add to plan")).await;
    click(&root, r#"button[data-product="screen-capture"]"#);
    until(&root, |r| {
        r.query_selector(".product-config").unwrap().is_some()
    })
    .await;
    let field = "#a-f-products_0__versions__ris";
    type_into(&root, field, "15.2 HFR2");
    until(&root, |r| {
        text(r).contains("Cloud Screen Recording is not available")
    })
    .await;
    let msg = find(&root, "#a-f-products_0__versions__ris-msg")
        .text_content()
        .unwrap();
    assert!(msg.contains("15.2 HFR3"), "{msg}");
    assert!(text(&root).contains("Not a listed release; ordered between 15.2 and 15.2 HFR3."));
    type_into(&root, field, "fifteen");
    until(&root, |r| text(r).contains("is not a version")).await;
    let input = find(&root, field);
    assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));
    type_into(&root, field, "15.2 HFR3");
    until(&root, |r| !text(r).contains("is not a version")).await;
    assert!(!text(&root).contains("Cloud Screen Recording is not available"));
}

#[wasm_bindgen_test]
async fn quick_entry_creates_hosts_and_an_invalid_cidr_is_shown_at_its_field() {
    let root = mount_app(|t| t.contains("Add to plan")).await;
    click(&root, r#"button[data-product="screen-capture"]"#);
    until(&root, |r| {
        r.query_selector(".product-config").unwrap().is_some()
    })
    .await;
    open_tab(&root, "network");
    until(&root, |r| {
        r.query_selector("#quick-entry").unwrap().is_some()
    })
    .await;
    assert!(root.query_selector_all("tr.unassigned").unwrap().length() >= 4);
    type_into(&root, "#quick-entry", "agent-pc = 10.20.0.0/16");
    click(&root, ".quick-form button[type=submit]");
    until(&root, |r| {
        r.query_selector("table.hosts").unwrap().is_some()
    })
    .await;
    let addr = find(&root, "#a-f-hosts_0__addresses")
        .dyn_into::<HtmlInputElement>()
        .unwrap();
    assert_eq!(addr.value(), "10.20.0.0/16");
    type_into(&root, "#a-f-hosts_0__addresses", "10.0.0.0/33");
    until(&root, |r| {
        r.query_selector("#a-f-hosts_0__addresses-msg")
            .unwrap()
            .is_some()
    })
    .await;
    let msg = find(&root, "#a-f-hosts_0__addresses-msg")
        .text_content()
        .unwrap();
    assert!(msg.contains("10.0.0.0/33"), "{msg}");
    assert_eq!(
        find(&root, "#a-f-hosts_0__addresses")
            .get_attribute("aria-invalid")
            .as_deref(),
        Some("true")
    );
    // The rest keeps working: the flows view renders with the error listed.
    open_tab(&root, "results");
    until(&root, |r| text(r).contains("Warnings (")).await;
    assert!(text(&root).contains("10.0.0.0/33"));
}

#[wasm_bindgen_test]
async fn every_view_renders_for_an_example_plan() {
    let root = mount_app(|t| t.contains("Add to plan")).await;
    // The first step offers the example plans.
    let buttons = root
        .query_selector_all(".first-step .examples button")
        .unwrap();
    assert!(buttons.length() >= 5);
    buttons
        .item(buttons.length() - 1)
        .unwrap()
        .dyn_into::<HtmlElement>()
        .unwrap()
        .click();
    until(&root, |r| text(r).contains("Contact centre refresh")).await;
    for (view, expect) in [
        ("network", "Quick entry"),
        // The warnings are the planner's; the flows and requirements are the views module's.
        ("results", "To do and risks"),
        // Diagram, Compare, Export and the Change request are in the views module
        // (crates/views), which this test page has no loader for: the planner says so and keeps
        // working (the views themselves are tested in crates/views/tests/wasm_views.rs and, in
        // the built site, by tests/e2e/views.test.mjs and lazy-views.test.mjs).
        ("diagram", LAZY_FAILED),
        ("compare", LAZY_FAILED),
        ("export", LAZY_FAILED),
        ("document", LAZY_FAILED),
        // The plan's name is the planner's; its files and the catalog files are the views
        // module's (tested in crates/views/tests/wasm_views.rs).
        ("plan", "Plan name"),
        ("products", "In this plan"),
    ] {
        open_tab(&root, view);
        until(&root, |r| text(r).contains(expect)).await;
        assert!(text(&root).contains(expect), "{view}: `{expect}` missing");
    }
    open_tab(&root, "diagram");
    until(&root, |r| text(r).contains("Try again")).await;
    assert!(root
        .query_selector(".lazy-view .lazy-failed[role=alert]")
        .unwrap()
        .is_some());
}

/// What a view of the views module says where the page cannot load that module.
const LAZY_FAILED: &str = "This view could not be loaded";

#[wasm_bindgen_test]
fn the_error_banner_offers_a_reload() {
    portolan::ui::dom::show_fatal("a test failure");
    let doc = web_sys::window().unwrap().document().unwrap();
    let banner = doc.get_element_by_id("portolan-fatal").unwrap();
    assert_eq!(banner.get_attribute("role").as_deref(), Some("alert"));
    let t = banner.text_content().unwrap();
    assert!(
        t.contains("Reload the planner") && t.contains("a test failure"),
        "{t}"
    );
    banner.remove();
}

/// Sets a `<select>` as a user would (sets the value, fires `change`).
fn choose(root: &Element, selector: &str, value: &str) {
    let select = find(root, selector)
        .dyn_into::<web_sys::HtmlSelectElement>()
        .unwrap();
    select.set_value(value);
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    let ev = web_sys::Event::new_with_event_init_dict("change", &init).unwrap();
    select.dispatch_event(&ev).unwrap();
}

fn card_count(root: &Element) -> u32 {
    root.query_selector_all(".product-card").unwrap().length()
}

#[wasm_bindgen_test]
async fn the_catalog_panel_finds_products_by_category_vendor_words_and_tags() {
    let catalog = portolan_bundled::catalog().unwrap();
    let root = mount_app(|t| t.contains("Add to plan")).await;
    let count = |f: &dyn Fn(&portolan_catalog::Product) -> bool| {
        catalog.products.iter().filter(|p| f(p)).count() as u32
    };
    choose(&root, "#product-category", "remote-assistance");
    let expected = count(&|p| p.category.as_deref() == Some("remote-assistance"));
    until(&root, |r| card_count(r) == expected).await;
    assert_eq!(card_count(&root), expected);
    assert!(expected >= 3);
    // each card says whether its port table is complete or partial, and what is missing
    let carear = find(&root, r#"button[data-product="carear-assist"]"#)
        .closest(".product-card")
        .unwrap()
        .unwrap();
    let card = carear.text_content().unwrap_or_default();
    assert!(card.contains("Partial port table"), "{card}");
    assert!(card.contains("smart glasses"), "{card}");
    assert!(text(&root).contains("Complete port table"));
    // a tag chip searches for the tag
    choose(&root, "#product-category", "");
    click(&root, r#".product-card .tag"#);
    until(&root, |r| card_count(r) < catalog.products.len() as u32).await;
    assert!(card_count(&root) >= 1);
    // the vendor list and words
    type_into(&root, "#product-search", "");
    choose(&root, "#product-vendor", "Genesys");
    until(&root, |r| card_count(r) == 2).await;
    assert_eq!(card_count(&root), 2);
    choose(&root, "#product-vendor", "");
    type_into(&root, "#product-search", "trader voice");
    until(&root, |r| text(r).contains("Cloud9 trader voice")).await;
    assert_eq!(card_count(&root), 2);
    assert!(text(&root).contains("Verba Recording System"));
}

#[wasm_bindgen_test]
async fn the_network_view_folds_roles_the_choices_do_not_use() {
    // issue #15, point 3: the premises deployment (the default) does not use the hybrid, WFM
    // v2-only or add-on modules' roles
    let root = mount_app(|t| t.contains("Add to plan")).await;
    click(&root, r#"button[data-product="incontact-wfo"]"#);
    until(&root, |r| {
        r.query_selector(".product-config").unwrap().is_some()
    })
    .await;
    open_tab(&root, "network");
    until(&root, |r| {
        text(r).contains("not used by the current choices")
    })
    .await;
    let folded = find(&root, "details.folded-roles summary")
        .text_content()
        .unwrap();
    // 8 since releases: the 17.1 hybrid page's public cloud storage is a role of its own
    assert_eq!(folded, "8 role(s) not used by the current choices");
    assert!(!text(&find(&root, ".roles-table")).contains("PREMISES server (hybrid)"));
}

#[wasm_bindgen_test]
async fn the_network_view_of_a_large_inventory_counts_carriers_and_adds_a_host_by_name() {
    // issue #15 point 10: 300 agent PCs listed one by one; the role map shows 20 of them and
    // counts the rest, and "Add a host" takes a name instead of listing 300 hosts for each role
    let mut plan = portolan_core::plan::Plan {
        name: "large".into(),
        products: vec![portolan_core::plan::PlanProduct {
            id: "screen-capture".into(),
            ..Default::default()
        }],
        ..Default::default()
    };
    for i in 0..300 {
        plan.hosts.push(portolan_core::plan::Host {
            name: format!("pc{i:03}"),
            addresses: vec![format!("10.20.{}.{}", i / 250, i % 250 + 1)],
            roles: vec!["screen-capture/agent-pc".into()],
            ..Default::default()
        });
    }
    plan.hosts.push(portolan_core::plan::Host {
        name: "ris01".into(),
        addresses: vec!["10.1.0.10".into()],
        ..Default::default()
    });
    let root = mount_app_with(Some(&plan.to_json()), |t| t.contains("Add to plan")).await;
    open_tab(&root, "network");
    until(&root, |r| text(r).contains("280 more host(s)")).await;
    assert!(text(&root).contains("and 280 more host(s): the hosts table lists their roles"));
    let roles = find(&root, ".roles-table");
    assert_eq!(roles.query_selector_all(".chip").unwrap().length(), 20);
    assert!(
        roles.query_selector("select").unwrap().is_none(),
        "no list of 301 hosts per role"
    );
    // no list of the 301 names either: a field suggests, while it has the focus, at most 50
    // names that hold what is typed
    let field = r#"input[id$="roles__ris-server"]"#;
    let input = find(&root, field).dyn_into::<HtmlInputElement>().unwrap();
    let list = format!("datalist#{}-names", input.id());
    assert_eq!(
        input.get_attribute("list"),
        Some(format!("{}-names", input.id()))
    );
    assert!(root.query_selector(&list).unwrap().is_none());
    assert!(roles.query_selector("datalist").unwrap().is_none());
    input.focus().unwrap();
    until(&root, |r| r.query_selector(&list).unwrap().is_some()).await;
    assert_eq!(find(&root, &list).child_element_count(), 50);
    type_into(&root, field, "ri");
    until(&root, |r| find(r, &list).child_element_count() == 1).await;
    assert_eq!(
        find(&root, &format!("{list} option"))
            .get_attribute("value")
            .as_deref(),
        Some("ris01")
    );
    // a name that is no host is refused at the field; ris01 is added to the RIS server role
    let change = |value: &str| {
        input.set_value(value);
        let init = web_sys::EventInit::new();
        init.set_bubbles(true);
        let ev = web_sys::Event::new_with_event_init_dict("change", &init).unwrap();
        input.dispatch_event(&ev).unwrap();
    };
    change("no-such-host");
    assert_eq!(
        input.validation_message().unwrap(),
        "no host is named `no-such-host`"
    );
    change("ris01");
    until(&root, |r| {
        r.query_selector(r#"button[aria-label^="Remove ris01 from role"]"#)
            .unwrap()
            .is_some()
    })
    .await;
    assert!(find(&root, r#"button[aria-label^="Remove ris01 from role"]"#).is_connected());
}
