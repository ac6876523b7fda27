//! Import: a vendor's port table into a draft product, and hosts from an inventory.
//!
//! The importer is in the JavaScript API's module ([`portolan::ui::lazy_api`]), loaded the first time
//! this view reads something. A table import runs there in steps of a few milliseconds with the
//! browser painting in between (a progress bar on a large paste); every correction in the form
//! ([`portolan::ui::import_form`]) runs it again. Nothing of the input is ever inserted as HTML: the
//! importer reads HTML as tokens, and the view shows text.

use portolan::ui::for_views::CatalogState;
use portolan::ui::for_views::{diagnostic, drop_zone};
use portolan::ui::import_form::{lines_text, ports_text, TableForm};
use portolan::ui::lazy_api::{self, Js};
use portolan::ui::state::{Action, Edit};
use portolan::ui::widgets::{button, select, table_head, Env, Shared};
use portolan_core::diag::Code;
use portolan_core::diag::{Diagnostic, Severity};
use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;
use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

/// How long one step of an import may keep the page busy.
const STEP_MS: f64 = 25.0;
/// What a table pasted as HTML is called in place of a file name.
const PASTED: &str = "the pasted table's HTML";
/// What a large paste is called in place of a file name.
const PASTED_TEXT: &str = "the pasted text";
/// A paste larger than this is kept out of the text field, like a file: the browser lays a
/// field holding megabytes out again whenever the page changes (a 10 MB paste took 12 s to
/// arrive in it and 80 s to import beside it, 4 s without).
const LARGE_PASTE: usize = 1024 * 1024;
/// How many rules, roles and problems the view lists (the file has them all).
const LIST_LIMIT: usize = 200;

/// The Import view.
pub fn import_view(
    env: &Env,
    catalog: &CatalogState,
    set_catalog: &Callback<CatalogState>,
) -> Html {
    html! {
        <div class="import-view" key="import">
            <TableImport env={env.clone()} catalog={catalog.clone()} set_catalog={set_catalog.clone()} />
            <HostImport env={env.clone()} session_files={catalog.session_files.clone()} />
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct TableProps {
    env: Env,
    catalog: CatalogState,
    set_catalog: Callback<CatalogState>,
}

/// Where an import stands.
#[derive(Clone, PartialEq)]
enum Status {
    Idle,
    Busy {
        label: String,
        done: usize,
        total: usize,
    },
    Failed(String),
}

/// Runs imports: a new one makes the running one stop at its next step.
#[derive(Clone)]
struct Runner {
    status: UseStateHandle<Status>,
    result: UseStateHandle<Option<Shared<Js>>>,
    generation: Rc<RefCell<u32>>,
}

impl Runner {
    fn start(&self, text: Rc<String>, form: &TableForm) {
        let mine = {
            let mut g = self.generation.borrow_mut();
            *g += 1;
            *g
        };
        let options = form.options();
        let this = self.clone();
        portolan::ui::dom::perf_mark("portolan:import-start");
        yew::platform::spawn_local(async move {
            match this.drive(&text, &options, mine).await {
                Ok(Some(r)) => {
                    this.status.set(Status::Idle);
                    this.result.set(Some(Shared::new(r)));
                    portolan::ui::dom::perf_measure("portolan:import", "portolan:import-start");
                }
                Ok(None) => {}
                Err(e) => this.status.set(Status::Failed(e)),
            }
        });
    }

    fn current(&self, mine: u32) -> bool {
        *self.generation.borrow() == mine
    }

    /// Steps the import, yielding to the browser between steps; `None` when a newer import
    /// took over.
    async fn drive(
        &self,
        text: &str,
        options: &serde_json::Value,
        mine: u32,
    ) -> Result<Option<Js>, String> {
        let module = lazy_api::load().await?;
        let job = module.start_import(text, options)?;
        loop {
            let p = job.step(STEP_MS)?;
            if !self.current(mine) {
                job.free();
                return Ok(None);
            }
            if p.finished {
                break;
            }
            self.status.set(Status::Busy {
                label: p.label,
                done: p.done,
                total: p.total,
            });
            yew::platform::time::sleep(Duration::ZERO).await;
        }
        let result = job.result(LIST_LIMIT);
        job.free();
        result.map(Some)
    }
}

#[function_component(TableImport)]
fn table_import(p: &TableProps) -> Html {
    let input = use_node_ref();
    let file = use_state(|| None::<(String, Rc<String>)>);
    let form = use_state(TableForm::default);
    let last_text = use_mut_ref(|| Rc::new(String::new()));
    let added = use_state(Vec::<Diagnostic>::new);
    let runner = Runner {
        status: use_state(|| Status::Idle),
        result: use_state(|| None),
        generation: use_mut_ref(|| 0),
    };
    // A correction: run the import again on the same input.
    let update = {
        let (form, runner, last_text) = (form.clone(), runner.clone(), last_text.clone());
        Callback::from(move |f: TableForm| {
            if runner.result.is_some() {
                runner.start(last_text.borrow().clone(), &f);
            }
            form.set(f);
        })
    };
    let read = {
        let (form, runner, input, file) =
            (form.clone(), runner.clone(), input.clone(), file.clone());
        let last_text = last_text.clone();
        Callback::from(move |_| {
            let text = match &*file {
                Some((_, t)) => t.clone(),
                None => Rc::new(
                    input
                        .cast::<HtmlTextAreaElement>()
                        .map(|t| t.value())
                        .unwrap_or_default(),
                ),
            };
            let mut f = (*form).clone();
            f.forget_tables();
            f.source_file = match &*file {
                Some((n, _)) if n != PASTED && n != PASTED_TEXT => n.clone(),
                _ => String::new(),
            };
            *last_text.borrow_mut() = text.clone();
            runner.start(text, &f);
            form.set(f);
        })
    };
    let on_files = {
        let file = file.clone();
        Callback::from(move |files: Vec<web_sys::File>| {
            let file = file.clone();
            yew::platform::spawn_local(async move {
                if let Some(f) = files.into_iter().next() {
                    let name = f.name();
                    if let Ok(text) = portolan::ui::dom::read_file(&f).await {
                        file.set(Some((name, Rc::new(text))));
                    }
                }
            });
        })
    };
    let add = add_callback(p, &runner, &added);
    html! {
        <section class="import" aria-labelledby="import-h">
            <h2 id="import-h">{ "Import a vendor table" }</h2>
            <p>{ "Paste the vendor's port table (copied from a web page or a PDF, Markdown, CSV or tab-separated), or drop an HTML, CSV or Markdown file. The importer finds the tables, reads each row the way vendors write ports, and drafts a product whose every rule cites its lines. Correct it below; nothing is guessed, and every row it cannot read is listed with the reason." }</p>
            { input_step(&input, &file, &on_files, &form, &update) }
            <div class="toolbar">
                <button type="button" class="button primary" onclick={read}>{ "Read the table" }</button>
            </div>
            { status_line(&runner.status) }
            // While an import runs, the last draft is not shown: the page only paints progress.
            if let (Some(r), false) = (&*runner.result, matches!(*runner.status, Status::Busy { .. })) {
                { draft_view(r, &form, &update) }
                { check_view(r, &p.env, &add, &added) }
            }
        </section>
    }
}

/// The input: paste or file, its format, the product and its source.
fn input_step(
    input: &NodeRef,
    file: &UseStateHandle<Option<(String, Rc<String>)>>,
    on_files: &Callback<Vec<web_sys::File>>,
    form: &UseStateHandle<TableForm>,
    update: &Callback<TableForm>,
) -> Html {
    let on_pick = {
        let on_files = on_files.clone();
        Callback::from(move |e: Event| {
            let el = e.target_unchecked_into::<HtmlInputElement>();
            on_files.emit(portolan::ui::dom::files(el.files()));
            el.set_value("");
        })
    };
    let set = |apply: fn(&mut TableForm, String)| {
        let (form, update) = (form.clone(), update.clone());
        Callback::from(move |v: String| {
            let mut f = (*form).clone();
            apply(&mut f, v);
            update.emit(f);
        })
    };
    let formats: Vec<(AttrValue, AttrValue)> = ["auto", "text", "markdown", "csv", "tsv", "html"]
        .iter()
        .map(|&f| (AttrValue::Static(f), AttrValue::Static(f)))
        .collect();
    let clear = {
        let file = file.clone();
        Callback::from(move |_| file.set(None))
    };
    let onpaste = {
        let file = file.clone();
        Callback::from(move |e: Event| on_paste(&e, &file))
    };
    html! {
        <>
            <div class="field">
                <label for="import-text">{ "Vendor table" }</label>
                <textarea id="import-text" ref={input.clone()} rows="8" spellcheck="false" {onpaste}
                    placeholder="| Port | Protocol | Direction | Description |" />
            </div>
            <div class="toolbar">
                <input id="import-file" class="file-input" type="file" accept=".html,.htm,.csv,.tsv,.md,.txt,text/*" onchange={on_pick} />
                <label class="button file-button" for="import-file">{ "Open a file…" }</label>
                if let Some((name, text)) = &**file {
                    <span>{ format!("Reading {name} ({} KB) instead of the text above.", text.len() / 1024) }</span>
                    { button("link", "Use the text above", clear) }
                }
            </div>
            { drop_zone("import-drop", "Or drop an HTML, CSV or Markdown file here", on_files) }
            <div class="import-fields">
                { select("import-format", "Format", &form.format, &formats, &set(|f, v| f.format = v), None) }
                { text_input("import-name", "Product name", &form.name, set(|f, v| f.name = v)) }
                { text_input("import-vendor", "Vendor", &form.vendor, set(|f, v| f.vendor = v)) }
                { text_input("import-source", "Source (document title)", &form.source_title, set(|f, v| f.source_title = v)) }
                { text_input("import-url", "Source URL", &form.source_url, set(|f, v| f.source_url = v)) }
            </div>
        </>
    }
}

/// A table copied from a web page comes with its HTML too: that is read (as tokens, never
/// inserted), which keeps the headings and sentences around the table. A large paste is kept
/// out of the text field and read like a file.
fn on_paste(e: &Event, file: &UseStateHandle<Option<(String, Rc<String>)>>) {
    let Some(data) = js_sys::Reflect::get(e, &"clipboardData".into())
        .ok()
        .and_then(|d| d.dyn_into::<web_sys::DataTransfer>().ok())
    else {
        return;
    };
    let html =
        (data.get_data("text/html").ok()).filter(|h| h.to_ascii_lowercase().contains("<table"));
    let text = (data.get_data("text/plain").ok()).filter(|t| t.len() > LARGE_PASTE);
    if text.is_some() {
        e.prevent_default();
    }
    match (html, text) {
        (Some(h), _) => file.set(Some((PASTED.to_string(), Rc::new(h)))),
        (None, Some(t)) => file.set(Some((PASTED_TEXT.to_string(), Rc::new(t)))),
        (None, None) => {}
    }
}

/// A labelled text input that reports its value when it changes (on leaving it).
fn text_input(
    id: &'static str,
    label: &'static str,
    value: &str,
    onchange: Callback<String>,
) -> Html {
    let onchange = Callback::from(move |e: Event| {
        onchange.emit(e.target_unchecked_into::<HtmlInputElement>().value())
    });
    html! {
        <div class="field">
            <label for={id}>{ label }</label>
            <input type="text" {id} value={value.to_string()} {onchange} spellcheck="false" autocomplete="off" />
        </div>
    }
}

/// A `<select>` in a table cell: its label is for screen readers (the row says what it is).
fn cell_select(
    id: &str,
    label: &str,
    value: &str,
    options: &[(AttrValue, AttrValue)],
    onchange: &Callback<String>,
) -> Html {
    let onchange = onchange.reform(|e: Event| {
        e.target_unchecked_into::<web_sys::HtmlSelectElement>()
            .value()
    });
    html! {
        <>
            <label class="visually-hidden" for={id.to_string()}>{ label.to_string() }</label>
            <select id={id.to_string()} {onchange}>
                { for options.iter().map(|(v, l)| html! { <option value={v.clone()} selected={v == value}>{ l.clone() }</option> }) }
            </select>
        </>
    }
}

/// The progress of a running import, or why it failed.
fn status_line(status: &Status) -> Html {
    match status {
        Status::Idle => html! {},
        Status::Busy { label, done, total } => html! {
            <div class="import-progress" role="status">
                <label for="import-progress">{ format!("{label}: {done} of {total}") }</label>
                <progress id="import-progress" max={(*total).max(1).to_string()} value={done.to_string()} />
            </div>
        },
        Status::Failed(e) => html! {
            <p class="sev-error" role="alert">{ format!("The importer could not be run: {e}. Check the connection and try again.") }</p>
        },
    }
}

/// The draft: what was read, the tables and their columns, the roles, the rules and the rows
/// not imported.
fn draft_view(
    r: &Shared<Js>,
    form: &UseStateHandle<TableForm>,
    update: &Callback<TableForm>,
) -> Html {
    let d = r.get("draft");
    let s = d.get("stats");
    let tables = d.list("tables");
    let kinds: Vec<(AttrValue, AttrValue)> = r
        .list("column_kinds")
        .iter()
        .map(|k| {
            (
                AttrValue::from(k.str("id")),
                AttrValue::from(k.str("label")),
            )
        })
        .collect();
    html! {
        <>
            <p class="import-summary" role="status">{ format!(
                "Read as {}: {} table(s), {} row(s); {} rule(s), {} role(s); {} row(s) not read, {} in tables left out.",
                d.str("format"), s.num("tables"), s.num("rows"), s.num("rules"),
                r.get("totals").num("roles"), s.num("unreadable"), s.num("skipped"),
            ) }</p>
            if tables.len() < s.num("tables") {
                <p class="muted">{ format!("The first {} of the {} tables are listed.", tables.len(), s.num("tables")) }</p>
            }
            { for tables.iter().map(|t| table_view(t, &kinds, form, update)) }
            { roles_view(r, form, update) }
            { parameters_view(&d, form, update) }
            { rules_view(r, form, update) }
            { problems_view(r) }
        </>
    }
}

/// One table: where it is, whether it is imported, the option its rows need, and its columns.
fn table_view(
    t: &Js,
    kinds: &[(AttrValue, AttrValue)],
    form: &UseStateHandle<TableForm>,
    update: &Callback<TableForm>,
) -> Html {
    let index = t.num("index");
    let mapping = t.strs("mapping");
    let detected = t.strs("detected");
    let header = t.strs("header");
    let sample = t.list("sample");
    let option = t.opt("option").unwrap_or_default();
    let include = t.bool("include");
    let set_group = |include_now: Option<bool>| {
        let (form, update, option) = (form.clone(), update.clone(), option.clone());
        Callback::from(move |e: Event| {
            let el = e.target_unchecked_into::<HtmlInputElement>();
            let mut f = (*form).clone();
            match include_now {
                Some(_) => f.set_group(index, &option, el.checked()),
                None => f.set_group(index, &el.value(), include),
            }
            update.emit(f);
        })
    };
    let n = index + 1;
    html! {
        <fieldset class="import-table">
            <legend>{ format!("Table {n}: lines {}–{}, {} row(s)", t.num("first_line"), t.num("last_line"), t.num("rows")) }</legend>
            if let Some(h) = t.opt("heading") { <p class="muted">{ format!("Under “{h}”") }</p> }
            if let Some(l) = t.opt("lead") { <p class="muted">{ format!("After “{l}”") }</p> }
            <div class="field radio">
                <input type="checkbox" id={format!("import-include-{index}")} checked={include} onchange={set_group(Some(true))} />
                <label for={format!("import-include-{index}")}>{ format!("Import table {n}") }</label>
            </div>
            <div class="field">
                <label for={format!("import-option-{index}")}>{ format!("Option the rows of table {n} need (blank: always needed)") }</label>
                <input type="text" id={format!("import-option-{index}")} value={option.clone()} onchange={set_group(None)} autocomplete="off" />
            </div>
            <table class="import-columns">
                { table_head(&["Column", "First rows", "Holds"]) }
                <tbody>
                    { for mapping.iter().enumerate().map(|(c, kind)| {
                        let name = header.get(c).filter(|h| !h.is_empty()).cloned().unwrap_or_else(|| format!("Column {}", c + 1));
                        let cells: Vec<String> = sample.iter().take(3).filter_map(|row| row.items().get(c).and_then(|v| v.0.as_string())).collect();
                        let onchange = {
                            let (form, update, mapping) = (form.clone(), update.clone(), mapping.clone());
                            Callback::from(move |k: String| {
                                let mut f = (*form).clone();
                                f.set_column(index, &mapping, c, &k);
                                update.emit(f);
                            })
                        };
                        let changed = detected.get(c).is_some_and(|d| d != kind);
                        html! {
                            <tr>
                                <th scope="row">{ name.clone() }</th>
                                <td class="muted">{ cells.join(" · ") }</td>
                                <td>
                                    { cell_select(&format!("import-col-{index}-{c}"), &format!("Table {n}, column {}: {name}", c + 1), kind, kinds, &onchange) }
                                    if changed { <span class="muted">{ "changed by you" }</span> }
                                </td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
        </fieldset>
    }
}

/// The roles: the source's names, and a name the user gives (one name for two roles merges them).
fn roles_view(
    r: &Shared<Js>,
    form: &UseStateHandle<TableForm>,
    update: &Callback<TableForm>,
) -> Html {
    let roles = r.get("draft").get("product").list("roles");
    if roles.is_empty() {
        return html! {};
    }
    html! {
        <section aria-labelledby="import-roles-h">
            <h3 id="import-roles-h">{ format!("Roles ({})", r.get("totals").num("roles")) }</h3>
            <p class="muted">{ "Name each role as your team knows it. Give two roles the same name to merge them; clear a name to return to the source's." }</p>
            <table class="import-roles">
                { table_head(&["Role", "In the source", "Name"]) }
                <tbody>
                    { for roles.iter().map(|role| {
                        let id = role.str("id");
                        let originals = role.strs("originals");
                        let onchange = {
                            let (form, update) = (form.clone(), update.clone());
                            Callback::from(move |e: Event| {
                                let mut f = (*form).clone();
                                f.rename(&originals, &e.target_unchecked_into::<HtmlInputElement>().value());
                                update.emit(f);
                            })
                        };
                        let kind = if role.list("endpoints").is_empty() { role.str("kind") } else { format!("external: {}", role.strs("endpoints").join(", ")) };
                        html! {
                            <tr>
                                <th scope="row"><code>{ id.clone() }</code><span class="muted">{ format!(" {kind}") }</span></th>
                                <td>{ role.strs("names").join(", ") }
                                    if role.bool("inferred") { <span class="badge warn">{ "named by the importer" }</span> }
                                </td>
                                <td class="field">
                                    <label class="visually-hidden" for={format!("import-role-{id}")}>{ format!("Name of role {id}") }</label>
                                    <input type="text" id={format!("import-role-{id}")} value={role.str("name")} {onchange} autocomplete="off" />
                                </td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
        </section>
    }
}

/// Parameters the source names without a value (a rule waits for one).
fn parameters_view(d: &Js, form: &UseStateHandle<TableForm>, update: &Callback<TableForm>) -> Html {
    let pending: Vec<Js> = d
        .get("product")
        .list("parameters")
        .into_iter()
        .filter(|p| p.opt("default").is_none() || form.parameters.contains_key(&p.str("id")))
        .collect();
    if pending.is_empty() {
        return html! {};
    }
    html! {
        <section aria-labelledby="import-params-h">
            <h3 id="import-params-h">{ "Values the source does not give" }</h3>
            { for pending.iter().map(|prm| {
                let id = prm.str("id");
                let label = format!("{} ({})", prm.str("name"), prm.str("description"));
                let value = form.parameters.get(&id).cloned().unwrap_or_default();
                let (form, update) = (form.clone(), update.clone());
                let key = id.clone();
                let onchange = Callback::from(move |v: String| {
                    let mut f = (*form).clone();
                    f.set_parameter(&key, &v);
                    update.emit(f);
                });
                html! {
                    <div class="field">
                        <label for={format!("import-param-{id}")}>{ label }</label>
                        <input type="text" id={format!("import-param-{id}")} value={value} inputmode="numeric"
                            onchange={Callback::from(move |e: Event| onchange.emit(e.target_unchecked_into::<HtmlInputElement>().value()))} />
                    </div>
                }
            }) }
        </section>
    }
}

/// The draft's rules, each with the rows it comes from and the option it needs.
fn rules_view(
    r: &Shared<Js>,
    form: &UseStateHandle<TableForm>,
    update: &Callback<TableForm>,
) -> Html {
    let product = r.get("draft").get("product");
    let rules = product.list("rules");
    let total = r.get("totals").num("rules");
    let mut choices: Vec<(AttrValue, AttrValue)> = vec![
        (AttrValue::Static("="), AttrValue::Static("as its table")),
        (AttrValue::Static(""), AttrValue::Static("always needed")),
    ];
    choices.extend(product.list("options").iter().map(|o| {
        (
            AttrValue::from(o.str("name")),
            AttrValue::from(o.str("name")),
        )
    }));
    html! {
        <section aria-labelledby="import-rules-h">
            <h3 id="import-rules-h">{ format!("Rules ({total})") }</h3>
            if rules.len() < total { <p class="muted">{ format!("The first {} are listed; the catalog file has all {total}.", rules.len()) }</p> }
            <table class="import-rules">
                { table_head(&["Rule", "Connection", "Ports", "Rows", "Needs"]) }
                <tbody>
                    { for rules.iter().map(|rule| rule_row(rule, &choices, form, update)) }
                </tbody>
            </table>
        </section>
    }
}

fn rule_row(
    rule: &Js,
    choices: &[(AttrValue, AttrValue)],
    form: &UseStateHandle<TableForm>,
    update: &Callback<TableForm>,
) -> Html {
    let id = rule.str("id");
    let lines: Vec<(usize, usize)> = rule
        .list("lines")
        .iter()
        .map(|l| {
            let pair = l.items();
            let at = |i: usize| {
                pair.get(i)
                    .and_then(|v| v.0.as_f64())
                    .map_or(0, |n| n as usize)
            };
            (at(0), at(1))
        })
        .collect();
    let firsts: Vec<usize> = lines.iter().map(|l| l.0).collect();
    let (mut ranges, mut params) = (Vec::new(), Vec::new());
    for p in rule.list("ports") {
        let range = p.get("range");
        match p.opt("param") {
            Some(id) => params.push(id),
            None => ranges.push((range.num("lo") as u32, range.num("hi") as u32)),
        }
    }
    let current = firsts
        .first()
        .and_then(|l| form.rows.get(l))
        .cloned()
        .unwrap_or_else(|| "=".into());
    let onchange = {
        let (form, update) = (form.clone(), update.clone());
        Callback::from(move |v: String| {
            let mut f = (*form).clone();
            f.set_rows(&firsts, (v != "=").then_some(v.as_str()));
            update.emit(f);
        })
    };
    let when = rule
        .opt("when")
        .map(|w| format!(" (now: {w})"))
        .unwrap_or_default();
    html! {
        <tr>
            <th scope="row"><code>{ id.clone() }</code></th>
            <td>{ format!("{} → {}, {}", rule.str("from"), rule.str("to"), rule.str("transport").to_uppercase()) }
                if let Some(w) = rule.opt("pending") { <p class="sev-warning">{ w }</p> }
            </td>
            <td class="ports">{ ports_text(&ranges, &params) }</td>
            <td>{ lines_text(&lines) }</td>
            <td>{ cell_select(&format!("import-when-{id}"), &format!("Option rule {id} needs{when}"), &current, choices, &onchange) }</td>
        </tr>
    }
}

/// Every row not imported (and every caveat), with its lines and the reason.
fn problems_view(r: &Shared<Js>) -> Html {
    let problems = r.get("draft").list("problems");
    if problems.is_empty() {
        return html! { <p class="ok">{ "Every row was read." }</p> };
    }
    let word = |s: &str| match s {
        "unreadable" => "not read",
        "skipped" => "left out",
        _ => "note",
    };
    html! {
        <section aria-labelledby="import-problems-h">
            <h3 id="import-problems-h">{ format!("Rows not imported and notes ({})", r.get("totals").num("problems")) }</h3>
            <ul class="import-problems">
                { for problems.iter().map(|p| {
                    let sev = p.str("severity");
                    let class = if sev == "warning" { "sev-warning" } else { "sev-error" };
                    html! {
                        <li {class}>
                            <span class="sev-word">{ format!("{} ", word(&sev)) }</span>
                            { format!("lines {}–{}: {}", p.num("first_line"), p.num("last_line"), p.str("reason")) }
                            if !p.str("text").is_empty() { <code class="muted">{ format!(" {}", p.str("text")) }</code> }
                        </li>
                    }
                }) }
            </ul>
        </section>
    }
}

/// The engine's check of the draft, and what to do with it: add it to the session's catalog
/// (and the plan), download it.
fn check_view(r: &Shared<Js>, env: &Env, add: &Callback<()>, added: &[Diagnostic]) -> Html {
    let diags = lazy_api::diagnostics(&r.get("diagnostics"));
    let errors = diags.iter().any(|d| d.severity == Severity::Error);
    let file_name = r.str("file_name");
    let toml = r.str("toml");
    let download = {
        let (name, toml, notify) = (file_name.clone(), toml.clone(), env.notify.clone());
        Callback::from(move |_| {
            match portolan::ui::dom::download(&name, "application/toml", &toml) {
                Ok(()) => notify.emit(format!("Downloaded {name}.")),
                Err(e) => notify.emit(format!("The download failed: {e}")),
            }
        })
    };
    let onadd = add.reform(|_: MouseEvent| ());
    let preview: String = toml.lines().take(120).collect::<Vec<_>>().join("\n");
    html! {
        <section aria-labelledby="import-check-h">
            <h3 id="import-check-h">{ "Check and use" }</h3>
            if diags.is_empty() {
                <p class="ok">{ format!("The catalog loader accepts {file_name}.") }</p>
            }
            { for diags.iter().map(diagnostic) }
            <div class="toolbar">
                <button type="button" class="button primary" onclick={onadd} disabled={errors}>{ "Add to the catalog and the plan" }</button>
                <button type="button" class="button" onclick={download}>{ format!("Download {file_name}") }</button>
            </div>
            <div aria-live="polite">{ for added.iter().map(diagnostic) }</div>
            <details class="import-toml">
                <summary>{ format!("The catalog file ({} lines)", toml.lines().count()) }</summary>
                <pre class="preview" tabindex="0" aria-label={format!("Start of {file_name}")}><code>{ preview }</code></pre>
            </details>
        </section>
    }
}

/// Adds the draft's file to the session's catalog (checked with the bundled files, as an added
/// catalog file is) and its product to the plan.
fn add_callback(
    p: &TableProps,
    runner: &Runner,
    added: &UseStateHandle<Vec<Diagnostic>>,
) -> Callback<()> {
    let (env, state, set) = (p.env.clone(), p.catalog.clone(), p.set_catalog.clone());
    let (result, added) = (runner.result.clone(), added.clone());
    Callback::from(move |_| {
        let Some(r) = (*result).clone() else { return };
        let (env, state, set, added) = (env.clone(), state.clone(), set.clone(), added.clone());
        yew::platform::spawn_local(async move {
            let name = r.str("file_name");
            let id = r.get("draft").get("product").str("id");
            let mut session: Vec<(String, String)> = state
                .session_files
                .iter()
                .filter(|(n, _)| *n != name)
                .cloned()
                .collect();
            session.push((name.clone(), r.str("toml")));
            let compiled = match lazy_api::load().await {
                Ok(m) => m.compile_catalog(&session),
                Err(e) => Err(e),
            };
            match compiled {
                Err(e) => added.set(vec![Diagnostic::error(
                    Code::ImportAdd,
                    format!("the catalog could not be checked: {e}"),
                )]),
                Ok(c) => {
                    added.set(c.diagnostics);
                    if let Some(catalog) = c.catalog {
                        set.emit(CatalogState {
                            catalog: Shared::new(catalog),
                            session_files: Rc::new(session),
                            // the API module compiles the whole catalog, long texts included
                            texts: true,
                        });
                        env.dispatch.emit(Action::Edit(
                            portolan::ui::state::Target::Main,
                            Edit::AddProduct(id),
                        ));
                        env.notify.emit(format!("Added {name} to the catalog for this session and its product to the plan: give its roles to hosts under Network, or import hosts below."));
                    }
                }
            }
        });
    })
}

#[derive(Properties, PartialEq)]
struct HostProps {
    env: Env,
    session_files: Rc<Vec<(String, String)>>,
}

/// An inventory read: its text and the importer's reading of it.
#[derive(Clone, PartialEq)]
struct Inventory {
    text: Rc<String>,
    read: Shared<Js>,
}

#[function_component(HostImport)]
fn host_import(p: &HostProps) -> Html {
    let input = use_node_ref();
    let inventory = use_state(|| None::<Inventory>);
    let failed = use_state(|| None::<String>);
    let replace = use_state(|| false);
    let merged = use_state(|| None::<Shared<Js>>);
    let read_with = {
        let (inventory, failed, merged) = (inventory.clone(), failed.clone(), merged.clone());
        Callback::from(move |(text, mapping): (Rc<String>, Option<Vec<String>>)| {
            let (inventory, failed, merged) = (inventory.clone(), failed.clone(), merged.clone());
            yew::platform::spawn_local(async move {
                let options = serde_json::json!({ "format": "auto", "mapping": mapping });
                match lazy_api::load()
                    .await
                    .and_then(|m| m.import_hosts(&text, &options))
                {
                    Ok(read) => {
                        failed.set(None);
                        merged.set(None);
                        inventory.set(Some(Inventory {
                            text,
                            read: Shared::new(read),
                        }));
                    }
                    Err(e) => failed.set(Some(e)),
                }
            });
        })
    };
    let read = {
        let (input, read_with) = (input.clone(), read_with.clone());
        Callback::from(move |_| {
            let text = input
                .cast::<HtmlTextAreaElement>()
                .map(|t| t.value())
                .unwrap_or_default();
            read_with.emit((Rc::new(text), None));
        })
    };
    let on_files = {
        let input = input.clone();
        Callback::from(move |files: Vec<web_sys::File>| {
            let input = input.clone();
            yew::platform::spawn_local(async move {
                if let Some(f) = files.into_iter().next() {
                    if let (Ok(text), Some(ta)) = (
                        portolan::ui::dom::read_file(&f).await,
                        input.cast::<HtmlTextAreaElement>(),
                    ) {
                        ta.set_value(&text);
                    }
                }
            });
        })
    };
    html! {
        <section class="import" aria-labelledby="hosts-import-h">
            <h2 id="hosts-import-h">{ "Import hosts" }</h2>
            <p>{ "Paste or drop a host inventory (CSV or tab-separated, from an IPAM, a CMDB or a spreadsheet) with a header row: name, addresses, zone and roles (product/role, several separated by spaces or semicolons)." }</p>
            <div class="field">
                <label for="hosts-text">{ "Host inventory" }</label>
                <textarea id="hosts-text" ref={input} rows="6" spellcheck="false" placeholder="name,address,zone,roles" />
            </div>
            { drop_zone("hosts-drop", "Or drop a CSV or TSV file here", &on_files) }
            <div class="toolbar">
                <button type="button" class="button primary" onclick={read}>{ "Read the inventory" }</button>
            </div>
            if let Some(e) = &*failed { <p class="sev-error" role="alert">{ format!("The inventory could not be read: {e}") }</p> }
            if let Some(inv) = &*inventory {
                { inventory_view(inv, &read_with) }
                { merge_view(&p.env, &p.session_files, inv, &replace, &merged) }
            }
        </section>
    }
}

/// The inventory as read: its columns (correctable), the hosts, the rows that cannot be used.
fn inventory_view(
    inv: &Inventory,
    read_with: &Callback<(Rc<String>, Option<Vec<String>>)>,
) -> Html {
    let r = &inv.read;
    let header = r.strs("header");
    let mapping = r.strs("mapping");
    let fields: Vec<(AttrValue, AttrValue)> = r
        .strs("fields")
        .into_iter()
        .map(|f| (AttrValue::from(f.clone()), AttrValue::from(f)))
        .collect();
    let hosts = r.list("hosts");
    html! {
        <>
            <fieldset class="import-table">
                <legend>{ "Columns" }</legend>
                <div class="import-fields">
                    { for header.iter().enumerate().map(|(c, h)| {
                        let (all, text, read_with) = (mapping.clone(), inv.text.clone(), read_with.clone());
                        let onchange = Callback::from(move |v: String| {
                            let mut m = all.clone();
                            if let Some(x) = m.get_mut(c) { *x = v; }
                            read_with.emit((text.clone(), Some(m)));
                        });
                        select(&format!("hosts-col-{c}"), &format!("Column {}: {h}", c + 1), mapping.get(c).map_or("ignore", String::as_str), &fields, &onchange, None)
                    }) }
                </div>
            </fieldset>
            <p role="status">{ format!("{} row(s): {} host(s) read, {} problem(s).", r.num("rows"), hosts.len(), r.list("problems").len()) }</p>
            <table class="import-hosts">
                { table_head(&["Name", "Addresses", "Zone", "Roles", "Line"]) }
                <tbody>
                    { for hosts.iter().take(LIST_LIMIT).map(|h| html! {
                        <tr>
                            <th scope="row">{ h.str("name") }</th>
                            <td>{ h.strs("addresses").join(", ") }</td>
                            <td>{ h.str("zone") }</td>
                            <td>{ h.strs("roles").join(", ") }</td>
                            <td>{ h.num("line") }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
            <ul class="import-problems">
                { for r.list("problems").iter().take(LIST_LIMIT).map(|p| {
                    let class = if p.str("severity") == "warning" { "sev-warning" } else { "sev-error" };
                    html! { <li {class}>{ format!("line {}: {}", p.num("first_line"), p.str("reason")) }</li> }
                }) }
            </ul>
        </>
    }
}

/// Merge or replace, and the button that changes the plan.
fn merge_view(
    env: &Env,
    session_files: &Rc<Vec<(String, String)>>,
    inv: &Inventory,
    replace: &UseStateHandle<bool>,
    merged: &UseStateHandle<Option<Shared<Js>>>,
) -> Html {
    let hosts = inv.read.list("hosts").len();
    let choose = |on: bool| {
        let replace = replace.clone();
        Callback::from(move |_: Event| replace.set(on))
    };
    let apply = {
        let (env, files, read, mode) = (
            env.clone(),
            session_files.clone(),
            inv.read.clone(),
            if **replace { "replace" } else { "merge" },
        );
        let merged = merged.clone();
        Callback::from(move |_| {
            let (env, files, read, merged) =
                (env.clone(), files.clone(), read.clone(), merged.clone());
            yew::platform::spawn_local(async move {
                let out = lazy_api::load()
                    .await
                    .and_then(|m| m.merge_hosts(&env.plan, &read.get("hosts"), mode, &files));
                match out {
                    Ok((plan, info)) => {
                        portolan::ui::dom::save(
                            portolan::ui::dom::PREVIOUS_KEY,
                            &env.plan.to_json(),
                        );
                        env.dispatch.emit(Action::Replace(plan));
                        let s = info.get("summary");
                        env.notify.emit(format!("Hosts imported: {} added, {} updated, {} removed. “Restore previous plan” under Plan file brings the plan before back.", s.num("added"), s.num("updated"), s.num("removed")));
                        merged.set(Some(Shared::new(info)));
                    }
                    Err(e) => env
                        .notify
                        .emit(format!("The hosts could not be added: {e}")),
                }
            });
        })
    };
    let warnings = merged
        .as_ref()
        .map(|m| lazy_api::diagnostics(&m.get("warnings")))
        .unwrap_or_default();
    html! {
        <>
            <fieldset class="field checks">
                <legend>{ "The plan's hosts" }</legend>
                <div class="check"><input type="radio" name="hosts-mode" id="hosts-merge" checked={!**replace} onchange={choose(false)} />
                    <label for="hosts-merge">{ "Merge: a host of the same name is updated, the others are added" }</label></div>
                <div class="check"><input type="radio" name="hosts-mode" id="hosts-replace" checked={**replace} onchange={choose(true)} />
                    <label for="hosts-replace">{ format!("Replace the plan's {} host(s)", env.plan.hosts.len()) }</label></div>
            </fieldset>
            <div class="toolbar">
                <button type="button" class="button primary" onclick={apply} disabled={hosts == 0}>{ format!("Add {hosts} host(s) to the plan") }</button>
            </div>
            { for warnings.iter().map(diagnostic) }
        </>
    }
}
