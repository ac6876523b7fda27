//! See the result: warnings (each linking to the field that causes it), the flows grouped by
//! product and source → destination with filters and sorting, and the requirements with their
//! computed values.

use super::document::endpoint_text;
use super::filter::{facets, Facets, FlowFilter, Group, SortKey, Tri};
use super::flow_table::FlowTable;
use super::name_field::{NameField, HOSTS_IN_A_LIST};
use super::pager::pager;
use super::paging::{window, Window, FLOWS_PER_PAGE};
use super::warn_groups::{group, TodoItem};
use super::widgets::{button, citation, select, table_head, Env, Shared};
use portolan_catalog::REQUIREMENT_KINDS;
use portolan_core::diag::Code;
use portolan_core::diag::Severity;
use portolan_engine::wording::requirement_text;
use portolan_engine::{Flow, Warning};
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ViewProps {
    pub env: Env,
}

/// The Flows & warnings view: the warnings, then `rest`, the flows and the requirements
/// ([`flows_and_requirements`]), which the views module (crates/views) draws, loaded when the
/// view first opens, so that the first load does not carry them (BENCHMARKS-ui.md, "The first
/// load").
pub fn results(env: &Env, rest: Html) -> Html {
    html! {
        <div class="results" key="results">
            { warnings(env) }
            { rest }
        </div>
    }
}

/// The Flows & warnings view after its warnings: the flows (filters, order, pages) and the
/// requirements. The views module draws them.
pub fn flows_and_requirements(env: &Env) -> Html {
    html! {
        <>
            <Flows env={env.clone()} />
            { requirements(env) }
        </>
    }
}

fn product_name(env: &Env, id: &str) -> String {
    env.catalog
        .product(id)
        .map_or_else(|| id.to_string(), |p| p.name.clone())
}

pub fn warning_item(env: &Env, w: &Warning) -> Html {
    let goto = w.field.clone().map(|f| {
        let cb = env.goto.clone();
        let f2 = f.clone();
        html! {
            <button type="button" class="link" onclick={Callback::from(move |_| cb.emit(f2.clone()))}
                aria-label={format!("Show field: {}", w.message)}>
                { "Show field" }
            </button>
        }
    });
    html! {
        <li class={match w.severity {
            Severity::Error => "warning sev-error",
            Severity::Warning => "warning sev-warning",
            Severity::Info => "warning sev-info",
        }}>
            <span class="sev-word">{ w.severity.to_string() }</span>
            <span class="message">{ w.message.clone() }</span>
            { for w.help.as_ref().map(|h| html! { <span class="help">{ format!(" — {h}") }</span> }) }
            { for goto }
            { for w.cite.as_ref().map(|c| citation(&env.catalog, w.product.as_deref().unwrap_or(""), c)) }
        </li>
    }
}

fn warnings(env: &Env) -> Html {
    let g = group(&env.report.warnings);
    let todo_roles: usize = g.todo.iter().map(|t| t.warnings.len()).sum();
    html! {
        <section aria-labelledby="warnings-h" class="warnings">
            <h2 id="warnings-h">{ "To do and risks" }</h2>
            if g.errors.is_empty() && g.todo.is_empty() && g.risks.is_empty() {
                <p class="ok">{ "Nothing to do and no known risk: every role is on a host and every value is valid." }</p>
            }
            if !g.errors.is_empty() {
                <h3>{ format!("Must fix ({})", g.errors.len()) }</h3>
                <p>{ "These values cannot be read, so the rules that use them are incomplete until they are corrected." }</p>
                <ul class="warning-list errors">
                    { for g.errors.iter().map(|w| warning_item(env, w)) }
                </ul>
            }
            if !g.todo.is_empty() {
                <h3>{ format!("To do ({})", g.todo.len()) }</h3>
                <p class="muted">{ format!("{todo_roles} thing(s) to fill in before the rules are complete: until then the flows of these roles have no addresses.") }</p>
                <ul class="todo-list">
                    { for g.todo.iter().map(|t| todo_item(env, t)) }
                </ul>
            }
            if !g.risks.is_empty() {
                <h3>{ format!("Risks ({})", g.risks.len()) }</h3>
                <p class="muted">{ "Worth checking even when everything is filled in: the most serious first." }</p>
                <ul class="warning-list risks">
                    { for g.risks.iter().map(|w| warning_item(env, w)) }
                </ul>
            }
        </section>
    }
}

/// One to-do item: a product's roles without hosts (each linking to its field), or the hosts
/// without an address.
fn todo_item(env: &Env, t: &TodoItem<'_>) -> Html {
    let product = t.product.map(|p| product_name(env, p));
    let n = t.warnings.len();
    let title = match (t.code, &product) {
        (Code::UnassignedRole, Some(p)) => format!("{p}: {n} role(s) run on no host yet"),
        (Code::RoleCardinality, Some(p)) => format!("{p}: {n} role(s) need more hosts"),
        (Code::PlanHostWithoutAddress, _) => format!("{n} host(s) without an address"),
        (_, Some(p)) => format!("{p}: {n} item(s)"),
        (_, None) => format!("{n} item(s)"),
    };
    let role_name = |w: &Warning| -> Option<String> {
        let rid = w.field.as_ref()?.role()?;
        let p = env.catalog.product(w.product.as_deref()?)?;
        Some(
            p.role(rid)
                .map_or_else(|| rid.to_string(), |r| r.name.clone()),
        )
    };
    html! {
        <li class="todo">
            <span class="message">{ title }</span>
            <ul class="todo-roles">
                { for t.warnings.iter().map(|w| {
                    let text = if t.code == Code::UnassignedRole {
                        role_name(w).unwrap_or_else(|| w.message.clone())
                    } else {
                        w.message.clone()
                    };
                    let goto = w.field.clone().map(|f| {
                        let cb = env.goto.clone();
                        html! {
                            <button type="button" class="link" onclick={Callback::from(move |_| cb.emit(f.clone()))}
                                aria-label={format!("Show field: {text}")}>
                                { "Show field" }
                            </button>
                        }
                    });
                    html! { <li><span>{ text.clone() }</span>{ " " }{ for goto }</li> }
                }) }
            </ul>
        </li>
    }
}

/// The page of flow groups shown: groups `first..last` of the filtered list, which hold the
/// flows `before..before + on_page` of it.
struct FlowPage {
    window: Window,
    first: usize,
    last: usize,
    before: usize,
    on_page: usize,
}

/// Long lists in pages of whole groups (about [`FLOWS_PER_PAGE`] flows each), worked out from
/// the table's segments (not group by group: a large site has hundreds of thousands of groups).
fn flow_page(gs: &FlowTable, page: usize) -> FlowPage {
    let pages = gs.pages(FLOWS_PER_PAGE);
    let w = window(pages.len(), 1, page);
    let (first, last) = pages.get(w.page).copied().unwrap_or((0, 0));
    let before = gs.flows_before(first);
    FlowPage {
        window: Window {
            total: gs.flows(),
            ..w
        },
        first,
        last,
        before,
        on_page: gs.flows_before(last) - before,
    }
}

#[function_component(Flows)]
fn flows(p: &ViewProps) -> Html {
    let env = &p.env;
    let filter = use_state(FlowFilter::default);
    let sort = use_state(SortKey::default);
    let report = &env.report;
    // Both go over the flow groups (the table counts the flows of each pair and lists those of
    // the page shown): made again only when the report, the filter or the order changes.
    let fc = use_memo(env.report.clone(), |r| {
        let fc = facets(r);
        let hosts = Shared::new(fc.hosts.clone());
        (fc, hosts)
    });
    let gs = use_memo(
        (env.report.clone(), (*filter).clone(), *sort),
        |(r, f, s)| FlowTable::new(r, f, *s),
    );
    let page = use_state(|| 0usize);
    let fp = flow_page(&gs, *page);
    let turn = {
        let page = page.clone();
        Callback::from(move |p: usize| page.set(p))
    };
    let st = report.stats;
    html! {
        <section aria-labelledby="flows-h" class="flows">
            <h2 id="flows-h">{ "Flows" }</h2>
            <p>{ format!("{} flows ({} network, {} local on one host), merged into {} firewall rules.",
                st.flows, st.network_flows, st.local_flows, st.aggregated_rules) }</p>
            { flow_filters(env, &fc.0, &fc.1, &filter, &sort) }
            <p class="muted" aria-live="polite" id="flows-count">
                { format!("Showing {} of {} flows in {} groups.", fp.window.total, report.flows.len(), gs.len()) }
            </p>
            if report.flows.is_empty() {
                { no_flows(env) }
            }
            // The page's groups are one keyed list of their own: among the section's other
            // children, Yew would match them by position from the end, so a page with another
            // number of groups would draw the filters (and their 10,000-host menu) anew.
            <>{ for gs.groups(report, &filter, fp.first..fp.last).iter().map(|g| flow_group(env, g)) }</>
            { pager("flows", fp.window, (fp.before, fp.before + fp.on_page), &turn) }
        </section>
    }
}

/// `(value, label)` choices of a filter: "all" first, then `items`.
fn all_of(label: &str, items: Vec<(String, String)>) -> Vec<(AttrValue, AttrValue)> {
    std::iter::once((AttrValue::from(""), AttrValue::from(label.to_string())))
        .chain(
            items
                .into_iter()
                .map(|(v, l)| (AttrValue::from(v), AttrValue::from(l))),
        )
        .collect()
}

/// The three choices of a flag filter (shown, only, hidden).
fn tri_of(any: &str, only: &str, hide: &str) -> Vec<(AttrValue, AttrValue)> {
    vec![
        (AttrValue::from("any"), AttrValue::from(any.to_string())),
        (AttrValue::from("only"), AttrValue::from(only.to_string())),
        (AttrValue::from("hide"), AttrValue::from(hide.to_string())),
    ]
}

/// The filters over the flows (product, host, zone, transport, optional, local, text) and the
/// order.
fn flow_filters(
    env: &Env,
    fc: &Facets,
    hosts: &Shared<Vec<String>>,
    filter: &UseStateHandle<FlowFilter>,
    sort: &UseStateHandle<SortKey>,
) -> Html {
    let set = |f: fn(&mut FlowFilter, String)| {
        let filter = filter.clone();
        Callback::from(move |v: String| {
            let mut next = (*filter).clone();
            f(&mut next, v);
            filter.set(next);
        })
    };
    let on_text = {
        let filter = filter.clone();
        Callback::from(move |e: InputEvent| {
            let mut next = (*filter).clone();
            next.text = e.target_unchecked_into::<HtmlInputElement>().value();
            filter.set(next);
        })
    };
    let on_sort = {
        let sort = sort.clone();
        Callback::from(move |v: String| sort.set(SortKey::from_id(&v)))
    };
    let clear = {
        let filter = filter.clone();
        Callback::from(move |_| filter.set(FlowFilter::default()))
    };
    html! {
        <form class="filters" role="search" aria-label="Filter flows" onsubmit={Callback::from(|e: SubmitEvent| e.prevent_default())}>
            { select("flt-product", "Product", &filter.product, &all_of("all products", fc.products.iter().map(|p| (p.clone(), product_name(env, p))).collect()), &set(|f, v| f.product = v), None) }
            { host_filter(hosts, &filter.host, set(|f, v| f.host = v)) }
            { select("flt-zone", "Zone", &filter.zone, &all_of("all zones", fc.zones.iter().map(|z| (z.clone(), z.clone())).collect()), &set(|f, v| f.zone = v), None) }
            { select("flt-transport", "Transport", &filter.transport, &all_of("TCP and UDP", fc.transports.iter().map(|t| (t.clone(), t.to_ascii_uppercase())).collect()), &set(|f, v| f.transport = v), None) }
            { select("flt-optional", "Optional flows", filter.optional.id(), &tri_of("shown", "only optional", "hidden"), &set(|f, v| f.optional = Tri::from_id(&v)), None) }
            { select("flt-local", "Local flows", filter.local.id(), &tri_of("shown", "only local", "hidden"), &set(|f, v| f.local = Tri::from_id(&v)), None) }
            <div class="field">
                <label for="flt-text">{ "Search" }</label>
                <input id="flt-text" type="search" value={filter.text.clone()} oninput={on_text}
                    placeholder="port, purpose, host…" autocomplete="off" />
            </div>
            { select("flt-sort", "Sort by", sort.id(), &SortKey::ALL.iter().map(|k| (AttrValue::from(k.id()), AttrValue::from(k.label()))).collect::<Vec<_>>(), &on_sort, None) }
            if !filter.is_empty() {
                { button("button small", "Clear filters", clear) }
            }
        </form>
    }
}

/// The host filter: a menu of the hosts of the flows, or past [`HOSTS_IN_A_LIST`] of them a
/// field that takes a host's name (a menu of a 10,000-host site's hosts was most of the time the
/// view took to open). A name no flow has is refused at the field and the filter stays as it
/// was; an empty field shows every host.
fn host_filter(hosts: &Shared<Vec<String>>, value: &str, on: Callback<String>) -> Html {
    if hosts.len() <= HOSTS_IN_A_LIST {
        let choices = all_of(
            "all hosts",
            hosts.iter().map(|h| (h.clone(), h.clone())).collect(),
        );
        return select("flt-host", "Host", value, &choices, &on, None);
    }
    let onpick = {
        let hosts = hosts.clone();
        Callback::from(move |i: Option<usize>| {
            on.emit(i.and_then(|i| hosts.get(i)).cloned().unwrap_or_default());
        })
    };
    html! {
        <div class="field">
            <label for="flt-host">{ "Host" }</label>
            <NameField id="flt-host" names={hosts.clone()} value={value.to_string()}
                placeholder="all hosts (type a name)" refusal="no flow has a host named" {onpick} />
        </div>
    }
}

/// One group of flows (a product, a source and a destination) as a table.
fn flow_group(env: &Env, g: &Group) -> Html {
    let report = &env.report;
    let first = g.flows.first().and_then(|&i| report.flows.get(i));
    let (src, dst) = first.map_or((g.source.clone(), g.destination.clone()), |f| {
        (endpoint_text(&f.source), endpoint_text(&f.destination))
    });
    html! {
        <section class="flow-group" key={format!("{}|{}|{}", g.product, g.source, g.destination)}>
            <h3>
                <span class="group-product">{ product_name(env, &g.product) }</span>
                <span class="group-path">{ src }<span aria-label="to">{ " → " }</span>{ dst }</span>
            </h3>
            <table class="flow-table">
                { table_head(&["Transport", "Ports", "Protocol", "Purpose", "Source statement"]) }
                <tbody>
                    { for g.flows.iter().filter_map(|&i| report.flows.get(i).map(|f| flow_row(env, i, &f))) }
                </tbody>
            </table>
        </section>
    }
}

/// One flow: transport, ports, protocol, purpose (with its rule) and the vendor's statement.
fn flow_row(env: &Env, i: usize, f: &Flow) -> Html {
    html! {
        <tr key={i} class={match (f.optional, f.local) {
            (true, true) => Some("optional local"),
            (true, false) => Some("optional"),
            (false, true) => Some("local"),
            (false, false) => None,
        }}>
            <td>{ f.transport.as_str().to_ascii_uppercase() }</td>
            <td class="ports">{ f.ports.to_string() }</td>
            <td>{ f.protocol.as_deref().unwrap_or_default().to_string() }</td>
            <td>
                { f.purpose.clone() }
                if f.optional { <span class="badge">{ "optional" }</span> }
                if f.local { <span class="badge">{ "local: same host, no rule" }</span> }
                <code class="rule-id">{ format!("{}/{}", f.product, f.rule) }</code>
            </td>
            <td>{ citation(&env.catalog, &f.product, &f.cite) }</td>
        </tr>
    }
}

/// What the flows list says while it is empty, for someone who has not seen a port table.
fn no_flows(env: &Env) -> Html {
    let next = if env.plan.products.is_empty() {
        "Start on Products: pick what you are installing."
    } else if env.plan.hosts.is_empty() {
        "The products are chosen; now say on Network which of your hosts runs each of their roles."
    } else {
        "The chosen products need no connection with the options and versions set now."
    };
    html! {
        <div class="empty">
            <p>{ "No flows yet. A flow is one connection your firewall has to allow: from a source (the computer that opens the connection) to a destination, on a transport (TCP or UDP) and port, with the vendor's sentence that says so." }</p>
            <p>{ next }</p>
        </div>
    }
}

fn requirements(env: &Env) -> Html {
    let reqs = &env.report.requirements;
    let title = |k: &str| -> &'static str {
        match k {
            "antivirus" => "Antivirus exclusions",
            "compatibility" => "Compatibility",
            "sizing" => "Sizing",
            "min-hosts" => "Number of hosts",
            "time-sync" => "Time synchronisation",
            "high-availability" => "High availability",
            "network" => "Network",
            "file-type" => "File types",
            "prerequisite" => "Prerequisites",
            "note" => "Notes",
            "ambiguity" => "Ambiguities in the sources",
            _ => "Other",
        }
    };
    html! {
        <section aria-labelledby="req-h" class="requirements">
            <h2 id="req-h">{ format!("Requirements ({})", reqs.len()) }</h2>
            if reqs.is_empty() {
                <p class="empty">{ "No requirements beyond the flows." }</p>
            }
            { for REQUIREMENT_KINDS.iter().map(|k| {
                let of_kind: Vec<_> = reqs.iter().filter(|r| r.requirement.kind.name() == *k).collect();
                if of_kind.is_empty() {
                    return html! {};
                }
                html! {
                    <section class="req-kind" key={*k}>
                        <h3>{ title(k) }</h3>
                        <ul>
                            { for of_kind.iter().map(|r| {
                                let (t, d) = requirement_text(&env.catalog, r);
                                html! {
                                    <li>
                                        if !t.is_empty() { <strong>{ t }</strong> }
                                        <span class="muted">{ format!(" ({})", product_name(env, &r.product)) }</span>
                                        if !d.is_empty() { <p>{ d }</p> }
                                        { citation(&env.catalog, &r.product, &r.requirement.cite) }
                                    </li>
                                }
                            }) }
                        </ul>
                    </section>
                }
            }) }
        </section>
    }
}
