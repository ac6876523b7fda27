//! The views module's views, mounted as the planner's loader mounts them (`mountView`), in
//! headless Chromium (`scripts/test`, the wasm stage). The built site's end-to-end tests
//! (tests/e2e/lazy-views.test.mjs, views.test.mjs) cover the loading itself.
#![cfg(target_arch = "wasm32")]
#![allow(
    clippy::panic,
    clippy::unwrap_used,
    reason = "a test fails by panicking"
)]

use std::time::Duration;
use wasm_bindgen::JsCast;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::Element;

wasm_bindgen_test_configure!(run_in_browser);

/// A new element in the page's body, with `view` mounted into it for `plan` (JSON).
fn mount(view: &str, plan: &str) -> (Element, portolan_views::ViewHandle) {
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    let on_event = js_sys::Function::new_no_args("");
    let handle = portolan_views::mount_view(
        root.clone(),
        view.to_string(),
        plan,
        js_sys::Array::new().into(),
        on_event,
    )
    .map_err(JsValue::from)
    .unwrap();
    (root, handle)
}

async fn until(root: &Element, ready: impl Fn(&str) -> bool) -> String {
    for _ in 0..300 {
        let text = root.text_content().unwrap_or_default();
        if ready(&text) {
            return text;
        }
        yew::platform::time::sleep(Duration::from_millis(10)).await;
    }
    root.text_content().unwrap_or_default()
}

/// Issue #15, point 2: the Export view writes nothing while the plan has input errors, and says
/// which field to fix.
#[wasm_bindgen_test]
async fn the_export_view_refuses_while_the_plan_has_input_errors() {
    let plan =
        r#"{"schema": 1, "products": [{"id": "screen-capture", "versions": {"ris": "latest"}}]}"#;
    let (root, _handle) = mount("export", plan);
    let text = until(&root, |t| t.contains("Not exported")).await;
    assert!(text.contains("Not exported"), "{text}");
    let refused = root
        .query_selector(".export-refused")
        .unwrap()
        .unwrap_or_else(|| panic!("`.export-refused` not found in: {}", root.inner_html()))
        .text_content()
        .unwrap();
    assert!(refused.contains("products[0].versions.ris"), "{refused}");
    assert!(root.query_selector("pre.preview").unwrap().is_none());
}

/// A view name the module does not have is an error, not a blank panel.
#[wasm_bindgen_test]
fn an_unknown_view_is_an_error() {
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    let err = portolan_views::mount_view(
        root,
        "nonesuch".to_string(),
        r#"{"schema": 1}"#,
        js_sys::Array::new().into(),
        js_sys::Function::new_no_args(""),
    )
    .err()
    .map(JsValue::from)
    .unwrap();
    let message = js_sys::Reflect::get(&err, &"message".into())
        .unwrap()
        .as_string()
        .unwrap();
    assert!(message.contains("no view `nonesuch`"), "{message}");
}

/// The Plan file & catalog view's part in this module (issue #19 point 6 moved it here): the
/// share link of the plan it was given, the example plans, and a reset that asks first and hands
/// the empty plan back to the planner.
#[wasm_bindgen_test]
async fn the_plan_files_view_shares_and_resets_the_planners_plan() {
    use std::cell::RefCell;
    use std::rc::Rc;
    use wasm_bindgen::closure::Closure;
    use web_sys::HtmlElement;

    let events: Rc<RefCell<Vec<(String, String)>>> = Rc::default();
    let record = {
        let events = events.clone();
        Closure::<dyn Fn(String, JsValue)>::new(move |kind: String, payload: JsValue| {
            events
                .borrow_mut()
                .push((kind, payload.as_string().unwrap_or_default()))
        })
    };
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    let plan = r#"{"schema": 1, "name": "Site B", "products": [{"id": "screen-capture"}]}"#;
    let _handle = portolan_views::mount_view(
        root.clone(),
        "plan".to_string(),
        plan,
        js_sys::Array::new().into(),
        record.as_ref().unchecked_ref::<js_sys::Function>().clone(),
    )
    .map_err(JsValue::from)
    .unwrap();
    let text = until(&root, |t| t.contains("Share link")).await;
    for expect in ["Download plan (JSON)", "Example plans", "Add catalog file"] {
        assert!(text.contains(expect), "`{expect}` missing: {text}");
    }
    let link = root
        .query_selector("#share-link")
        .unwrap()
        .unwrap()
        .dyn_into::<web_sys::HtmlInputElement>()
        .unwrap()
        .value();
    let fragment = link.split_once('#').unwrap().1;
    let shared = portolan::ui::share::decode(fragment).unwrap().unwrap();
    assert_eq!(shared.name, "Site B");
    assert_eq!(shared.products.first().unwrap().id, "screen-capture");
    let click = |label: &str| {
        let buttons = root.query_selector_all("button").unwrap();
        let button = (0..buttons.length())
            .filter_map(|i| buttons.item(i))
            .find(|b| b.text_content().unwrap_or_default() == label)
            .unwrap_or_else(|| panic!("no button `{label}`"));
        button.dyn_into::<HtmlElement>().unwrap().click();
    };
    click("Reset plan…");
    until(&root, |t| t.contains("Reset the plan?")).await;
    assert!(events.borrow().iter().all(|(kind, _)| kind != "plan"));
    click("Yes, reset");
    for _ in 0..300 {
        if events.borrow().iter().any(|(kind, _)| kind == "plan") {
            break;
        }
        yew::platform::time::sleep(Duration::from_millis(10)).await;
    }
    let handed: Vec<_> = events
        .borrow()
        .iter()
        .filter(|(kind, _)| kind == "plan")
        .map(|(_, json)| portolan_core::plan::Plan::from_json("event", json).unwrap())
        .collect();
    assert_eq!(handed, vec![portolan_core::plan::Plan::default()]);
}

/// The Flows & warnings view's part in this module (issue #19 point 6 moved it here): the flows
/// of the plan it was given, evaluated here, with their filters, and the requirements.
#[wasm_bindgen_test]
async fn the_flows_view_lists_the_plans_flows_and_requirements() {
    let plan = portolan::ui::examples::example("screen-capture").unwrap();
    let report = portolan_engine::evaluate(&portolan_bundled::lite().unwrap(), &plan);
    assert!(!report.flows.is_empty() && !report.requirements.is_empty());
    let (root, _handle) = mount("flows", &plan.to_json());
    let text = until(&root, |t| t.contains("Requirements (")).await;
    let count = format!(
        "{} flows ({} network, {} local on one host)",
        report.stats.flows, report.stats.network_flows, report.stats.local_flows
    );
    assert!(text.contains(&count), "`{count}` missing: {text}");
    assert!(
        text.contains(&format!("Requirements ({})", report.requirements.len())),
        "{text}"
    );
    let rows = root.query_selector_all(".flow-table tbody tr").unwrap();
    assert!(rows.length() > 0);
    assert!(root.query_selector("#flt-text").unwrap().is_some());
}

/// A plan of one RIS server, `recorders` screen recorders and `pcs` agent PCs (as the large site
/// of BENCHMARKS.md, smaller), as JSON.
fn site_plan(pcs: usize, recorders: usize) -> String {
    let mut hosts = vec![
        serde_json::json!({"name": "ris01", "addresses": ["10.1.0.10"],
        "roles": ["screen-capture/ris-server", "screen-capture/ris-agent-server"]}),
    ];
    hosts.extend((0..recorders).map(|i| {
        serde_json::json!({"name": format!("rec{i:03}"),
        "addresses": [format!("10.2.0.{}", i + 1)], "roles": ["screen-capture/screen-recorder"]})
    }));
    hosts.extend((0..pcs).map(|i| serde_json::json!({"name": format!("pc{i:04}"),
        "addresses": [format!("10.100.{}.{}", i / 250, i % 250 + 1)], "roles": ["screen-capture/agent-pc"]})));
    serde_json::json!({"schema": 1, "name": "site", "hosts": hosts, "products": [{"id": "screen-capture",
        "options": {"cloud-screen-recording": true, "live-monitor": true}}]})
    .to_string()
}

/// The flows view mounted for `plan`, once it shows its requirements (the end of the view).
async fn mount_flows(plan: &str) -> (Element, portolan_views::ViewHandle) {
    let (root, handle) = mount("flows", plan);
    until(&root, |t| t.contains("Requirements (")).await;
    (root, handle)
}

/// The first element under `root` that matches `selector`.
fn first(root: &Element, selector: &str) -> Element {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no `{selector}`"))
}

/// The flows view keeps its filters while the rows change: turning to a page with another
/// number of groups, or typing a search that changes them, redraws the groups only, so the
/// search field keeps its focus and its caret while the user types, and the filters' menus (one
/// lists every host) are not built again (on the 10,000-host site that was most of a page turn).
#[wasm_bindgen_test]
async fn the_flows_view_keeps_its_filters_while_pages_and_searches_change_the_groups() {
    use web_sys::{HtmlElement, HtmlInputElement};
    let (root, _handle) = mount_flows(&site_plan(300, 3)).await;
    let find = |s: &str| first(&root, s);
    let groups = || {
        root.query_selector_all("section.flow-group")
            .unwrap()
            .length()
    };
    let (search, hosts) = (find("#flt-text"), find("#flt-host"));
    let first = groups();
    let mut counts = vec![first];
    for _ in 0..20 {
        let Some(next) = root
            .query_selector_all(r#"nav[aria-label="Pages of flows"] button"#)
            .unwrap()
            .values()
            .into_iter()
            .filter_map(|b| b.ok()?.dyn_into::<HtmlElement>().ok())
            .find(|b| {
                b.text_content().unwrap_or_default().contains("Next")
                    && !b.has_attribute("disabled")
            })
        else {
            break;
        };
        let before = find("section.flow-group h3").text_content();
        next.click();
        until(&root, |_| {
            find("section.flow-group h3").text_content() != before
        })
        .await;
        counts.push(groups());
        assert!(
            find("#flt-text").is_same_node(Some(&search)),
            "the search field was drawn again"
        );
        assert!(
            find("#flt-host").is_same_node(Some(&hosts)),
            "the host filter was drawn again"
        );
    }
    assert!(
        counts.iter().any(|&c| c != first),
        "the pages have different numbers of groups: {counts:?}"
    );
    // Typing: the search field keeps its focus while the groups shown change.
    let input = search.clone().dyn_into::<HtmlInputElement>().unwrap();
    input.focus().unwrap();
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    for typed in ["pc", "pc00", "pc0012"] {
        let shown = find("#flows-count").text_content();
        input.set_value(typed);
        input
            .dispatch_event(&web_sys::Event::new_with_event_init_dict("input", &init).unwrap())
            .unwrap();
        until(&root, |_| find("#flows-count").text_content() != shown).await;
        let focused = web_sys::window()
            .unwrap()
            .document()
            .unwrap()
            .active_element();
        assert!(
            find("#flt-text").is_same_node(Some(&search)),
            "the search field was drawn again after `{typed}`"
        );
        assert!(
            focused.is_some_and(|f| f.is_same_node(Some(&search))),
            "the search field lost its focus after `{typed}`"
        );
    }
    assert!(groups() < first, "the search narrowed the groups");
}

/// Sets a field's value and fires `kind` ("input" or "change") on it, as typing or committing
/// an entry does.
fn enter(field: &Element, value: &str, kind: &str) {
    let input = field
        .clone()
        .dyn_into::<web_sys::HtmlInputElement>()
        .unwrap();
    input.set_value(value);
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    let event = web_sys::Event::new_with_event_init_dict(kind, &init).unwrap();
    input.dispatch_event(&event).unwrap();
}

/// Past 200 hosts the flows' host filter is a field that takes a host's name (suggested from a
/// list of every host of the flows) instead of a menu of every host: it shows that host's flows,
/// refuses a name no flow has (and keeps the filter), and an empty field shows every host again.
/// A small plan keeps the menu.
#[wasm_bindgen_test]
async fn the_host_filter_of_a_large_plan_takes_a_host_name() {
    let (small, _small) = mount_flows(&site_plan(20, 2)).await;
    let menu = first(&small, "#flt-host");
    assert_eq!(
        menu.tag_name(),
        "SELECT",
        "a small plan's host filter is a menu"
    );
    assert!(menu.child_element_count() > 20);

    let (root, _handle) = mount_flows(&site_plan(300, 3)).await;
    let find = |s: &str| first(&root, s);
    let field = find("#flt-host");
    assert_eq!(field.tag_name(), "INPUT");
    assert_eq!(
        field.get_attribute("list").as_deref(),
        Some("flt-host-names")
    );
    // suggestions while it has the focus: at most 50, those that hold what is typed
    assert!(root.query_selector("datalist").unwrap().is_none());
    field
        .clone()
        .unchecked_into::<web_sys::HtmlElement>()
        .focus()
        .unwrap();
    until(&root, |_| {
        root.query_selector("#flt-host-names").unwrap().is_some()
    })
    .await;
    assert_eq!(find("#flt-host-names").child_element_count(), 50);
    enter(&field, "pc012", "input");
    until(&root, |_| {
        find("#flt-host-names").child_element_count() == 10
    })
    .await;
    assert!(root
        .query_selector(r#"#flt-host-names option[value="pc0123"]"#)
        .unwrap()
        .is_some());
    let all = find("#flows-count").text_content().unwrap();

    enter(&field, "pc0123", "change");
    until(&root, |_| {
        find("#flows-count").text_content().unwrap() != all
    })
    .await;
    let groups = root.query_selector_all("section.flow-group h3").unwrap();
    assert!(groups.length() > 0);
    for i in 0..groups.length() {
        let h = groups.item(i).unwrap().text_content().unwrap();
        assert!(h.contains("pc0123"), "a flow of another host is shown: {h}");
    }
    let one = find("#flows-count").text_content().unwrap();
    // the field took the name: its suggestions start again from nothing
    until(&root, |_| {
        find("#flt-host-names").child_element_count() == 50
    })
    .await;

    enter(&field, "pc9999", "change");
    yew::platform::time::sleep(Duration::from_millis(100)).await;
    let refused = field
        .clone()
        .unchecked_into::<web_sys::HtmlInputElement>()
        .validation_message()
        .unwrap();
    assert!(
        refused.contains("pc9999"),
        "the unknown name is refused at the field: `{refused}`"
    );
    assert_eq!(
        find("#flows-count").text_content().unwrap(),
        one,
        "the filter stays as it was"
    );

    // "Clear filters" empties the field and ends the refusal
    let validity = || {
        let input = field.clone().unchecked_into::<web_sys::HtmlInputElement>();
        (input.value(), input.validation_message().unwrap())
    };
    root.query_selector_all("form.filters button")
        .unwrap()
        .values()
        .into_iter()
        .filter_map(|b| b.ok()?.dyn_into::<web_sys::HtmlElement>().ok())
        .find(|b| b.text_content().unwrap_or_default() == "Clear filters")
        .unwrap()
        .click();
    until(&root, |_| {
        find("#flows-count").text_content().unwrap() == all
    })
    .await;
    until(&root, |_| validity() == (String::new(), String::new())).await;
    assert_eq!(validity(), (String::new(), String::new()));

    enter(&field, "pc0123", "change");
    until(&root, |_| {
        find("#flows-count").text_content().unwrap() == one
    })
    .await;
    enter(&field, "", "change");
    until(&root, |_| {
        find("#flows-count").text_content().unwrap() == all
    })
    .await;
    assert_eq!(
        find("#flows-count").text_content().unwrap(),
        all,
        "an empty field shows every host"
    );
    until(&root, |_| validity() == (String::new(), String::new())).await;
    assert_eq!(validity(), (String::new(), String::new()));
}

/// Issue #14, point 5: the Change request view is the engine's document model drawn by the
/// shared renderer (the review table is model content), and mounting the module puts the
/// function the planner prints with on the global object.
#[wasm_bindgen_test]
async fn the_change_request_view_and_the_print_function() {
    let plan = r#"{"schema": 1, "name": "Site <A>", "products": [{"id": "screen-capture"}]}"#;
    let (root, _handle) = mount("document", plan);
    let text = until(&root, |t| t.contains("Requested by")).await;
    assert!(text.contains("Firewall change request"), "{text}");
    assert!(
        text.contains("Site <A>") && text.contains("not mapped yet"),
        "{text}"
    );
    assert!(root
        .query_selector("article.change-request table.meta")
        .unwrap()
        .is_some());
    let key = js_sys::Symbol::for_("portolan.changeRequest");
    let print: js_sys::Function = js_sys::Reflect::get(&js_sys::global(), &key)
        .unwrap()
        .into();
    let html = print
        .call1(&JsValue::NULL, &plan.into())
        .unwrap()
        .as_string()
        .unwrap();
    assert!(
        html.starts_with("<article class=\"change-request\">"),
        "{html}"
    );
    assert!(html.contains("Site &lt;A&gt;"), "{html}");
    let bad = print.call1(&JsValue::NULL, &"{".into()).unwrap();
    assert!(bad.is_undefined());
    // With catalog files of the session, not a document without their products: nothing until
    // they are compiled (by the API module, which this test page cannot load).
    let file = js_sys::Object::new();
    js_sys::Reflect::set(&file, &"name".into(), &"x.toml".into()).unwrap();
    js_sys::Reflect::set(&file, &"text".into(), &"schema = 1".into()).unwrap();
    let files: js_sys::Array = [JsValue::from(file)].iter().collect();
    let pending = print.call2(&JsValue::NULL, &plan.into(), &files).unwrap();
    assert!(pending.is_undefined());
}
