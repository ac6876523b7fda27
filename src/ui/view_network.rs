//! Describe the network: quick entry (`agent-pc = 10.20.0.0/16`), the hosts table (name,
//! addresses, zone, roles) and, per product, which hosts carry each role (unassigned roles are
//! highlighted).

use super::fields::dom_id;
use super::name_field::{NameField, HOSTS_IN_A_LIST};
use super::pager::pager;
use super::paging::{host_of_dom_id, page_of, window, HOSTS_PER_PAGE};
use super::state::{join_addresses, parse_quick_entry, Action, Edit, Target};
use super::widgets::{button, field_messages, table_head, Env, Shared, TextField};
use portolan_catalog::RoleKind;
use portolan_core::plan::Host;
use portolan_core::sort::SortShared;
use portolan_engine::Warning;
use std::collections::HashMap;
use std::rc::Rc;
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ViewProps {
    pub env: Env,
}

/// The Network view.
pub fn network(env: &Env) -> Html {
    let mut zones: Vec<&str> = env
        .plan
        .hosts
        .iter()
        .map(|h| h.zone.trim())
        .filter(|z| !z.is_empty())
        .collect();
    zones.sort_shared();
    zones.dedup();
    let add_host = {
        let dispatch = env.dispatch.clone();
        let n = env.plan.hosts.len();
        Callback::from(move |_| {
            dispatch.emit(Action::Edit(
                Target::Main,
                Edit::AddHost(Host {
                    name: "host".into(),
                    ..Host::default()
                }),
            ));
            let id = dom_id("a", &format!("hosts[{n}].name"));
            yew::platform::spawn_local(async move {
                if !super::dom::focus(&id) {
                    super::reveal::reveal(&id);
                }
            });
        })
    };
    html! {
        <div class="network" key="network">
            <QuickEntry env={env.clone()} />
            <section aria-labelledby="hosts-h">
                <h2 id="hosts-h">{ "Hosts" }</h2>
                <p class="muted">{ "A host is a machine, a subnet or a group of addresses: IPs, CIDRs or host names, separated by commas." }</p>
                <datalist id="zones-list">
                    { for zones.iter().map(|z| html! { <option value={z.to_string()} /> }) }
                </datalist>
                if env.plan.hosts.is_empty() {
                    <div class="empty">
                        <p>{ "No hosts yet. Each product is made of roles (an agent PC, a recording server, a database…); here you say which of your own machines or subnets plays each role, so that Portolan can work out which connections your firewalls must allow between them." }</p>
                        <p>{ "Type a role and its addresses in the quick entry above (for example " }<code>{ "agent-pc = 10.20.0.0/16" }</code>{ "), or add a host and fill in its row." }</p>
                    </div>
                } else {
                    <HostsTable env={env.clone()} />
                }
                { button("button", "Add host", add_host) }
            </section>
            { role_map(env) }
        </div>
    }
}

#[function_component(QuickEntry)]
fn quick_entry(p: &ViewProps) -> Html {
    let env = &p.env;
    let text = use_state(String::new);
    let error = use_state(|| None::<(String, String)>);
    let oninput = {
        let text = text.clone();
        let error = error.clone();
        Callback::from(move |e: InputEvent| {
            text.set(e.target_unchecked_into::<HtmlInputElement>().value());
            error.set(None);
        })
    };
    let onsubmit = {
        let text = text.clone();
        let error = error.clone();
        let env = env.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            match parse_quick_entry(&env.catalog, &env.plan, &text) {
                Ok(q) => {
                    let existing = env.plan.hosts.iter().position(|h| {
                        let mut a: Vec<&str> = h.addresses.iter().map(|s| s.trim()).collect();
                        let mut b: Vec<&str> = q.addresses.iter().map(|s| s.trim()).collect();
                        a.sort_shared();
                        b.sort_shared();
                        !a.is_empty() && a == b
                    });
                    let msg = match existing.and_then(|i| env.plan.hosts.get(i)) {
                        Some(h) => format!("Host {} now also carries {}.", h.name, q.role),
                        None => {
                            format!("Added host for {} with {}.", q.role, q.addresses.join(", "))
                        }
                    };
                    env.dispatch.emit(Action::Edit(
                        Target::Main,
                        Edit::AssignRole {
                            role: q.role,
                            name: q.host_name,
                            addresses: q.addresses,
                        },
                    ));
                    env.notify.emit(msg);
                    text.set(String::new());
                    error.set(None);
                }
                Err(e) => error.set(Some((e.message, e.help))),
            }
        })
    };
    let described = if error.is_some() {
        "quick-help quick-error"
    } else {
        "quick-help"
    };
    html! {
        <section aria-labelledby="quick-h" class="quick">
            <h2 id="quick-h">{ "Quick entry" }</h2>
            <form class="quick-form" {onsubmit}>
                <div class={if error.is_some() { "field invalid" } else { "field" }}>
                    <label for="quick-entry">{ "Role = addresses" }</label>
                    <input id="quick-entry" type="text" value={(*text).clone()} {oninput}
                        placeholder="agent-pc = 10.20.0.0/16" autocomplete="off" spellcheck="false"
                        aria-invalid={if error.is_some() { "true" } else { "false" }}
                        aria-describedby={described} />
                    <p class="field-help" id="quick-help">
                        { "A role (its id, its name, or product/role) and its addresses. A host with exactly these addresses gets the role; otherwise a new host is added." }
                    </p>
                    if let Some((m, h)) = &*error {
                        <ul class="field-messages" id="quick-error">
                            <li class="sev-error">{ format!("error: {m}") }<span class="help">{ format!(" — {h}") }</span></li>
                        </ul>
                    }
                </div>
                <button type="submit" class="button primary">{ "Add" }</button>
            </form>
        </section>
    }
}

fn owned(w: Vec<&Warning>) -> Vec<Warning> {
    w.into_iter().cloned().collect()
}

/// One host. Its props hold only what the row shows, so typing in one row re-renders that row
/// and not the other 49.
#[derive(Properties, PartialEq)]
struct RowProps {
    index: usize,
    host: Host,
    dispatch: Callback<Action>,
    name_warnings: Vec<Warning>,
    address_warnings: Vec<Warning>,
    role_warnings: Vec<Warning>,
    /// `(product/role, label)` of each role the host carries.
    role_labels: Vec<(String, String)>,
}

#[function_component(HostRow)]
fn host_row(p: &RowProps) -> Html {
    let i = p.index;
    let h = &p.host;
    let base = format!("hosts[{i}]");
    let edit = |f: fn(usize, String) -> Edit| {
        let dispatch = p.dispatch.clone();
        Callback::from(move |v: String| dispatch.emit(Action::Edit(Target::Main, f(i, v))))
    };
    let who = if h.name.trim().is_empty() {
        format!("host {}", i + 1)
    } else {
        h.name.clone()
    };
    let remove = {
        let dispatch = p.dispatch.clone();
        Callback::from(move |_| dispatch.emit(Action::Edit(Target::Main, Edit::RemoveHost(i))))
    };
    let roles_field = format!("{base}.roles");
    let roles_id = dom_id("a", &roles_field);
    let role_warnings: Vec<&Warning> = p.role_warnings.iter().collect();
    html! {
        <tr>
            <td>
                <TextField field={format!("{base}.name")} label={format!("Name of host {}", i + 1)}
                    label_hidden=true value={h.name.clone()} oninput={edit(Edit::SetHostName)}
                    warnings={p.name_warnings.clone()} />
            </td>
            <td>
                <TextField field={format!("{base}.addresses")} label={format!("Addresses of {who}")}
                    label_hidden=true value={join_addresses(&h.addresses)} oninput={edit(Edit::SetHostAddresses)}
                    placeholder="10.1.0.10, 10.20.0.0/16, host.example.com"
                    warnings={p.address_warnings.clone()} />
            </td>
            <td>
                <TextField field={format!("{base}.zone")} label={format!("Zone of {who}")}
                    label_hidden=true value={h.zone.clone()} oninput={edit(Edit::SetHostZone)} list="zones-list"
                    placeholder="e.g. datacenter" />
            </td>
            <td>
                <div class="roles" id={roles_id.clone()} tabindex="-1" aria-label={format!("Roles of {who}")}>
                    if h.roles.is_empty() {
                        <span class="muted">{ "none" }</span>
                    }
                    { for p.role_labels.iter().map(|(r, label)| {
                        let onclick = {
                            let dispatch = p.dispatch.clone();
                            let role = r.clone();
                            Callback::from(move |_| dispatch.emit(Action::Edit(Target::Main, Edit::SetRole { host: i, role: role.clone(), on: false })))
                        };
                        html! {
                            <span class="chip" title={r.clone()}>
                                { label.clone() }
                                <button type="button" class="chip-x" aria-label={format!("Remove role {label} from {who}")} {onclick}>{ "×" }</button>
                            </span>
                        }
                    }) }
                    { field_messages(&format!("{roles_id}-msg"), &role_warnings, None) }
                </div>
            </td>
            <td>
                <button type="button" class="button small" aria-label={format!("Remove {who}")} onclick={remove}>{ "Remove" }</button>
            </td>
        </tr>
    }
}

/// `Product: Role name` for a `product/role` reference (the reference itself when unknown).
fn role_label(env: &Env, r: &str) -> String {
    r.split_once('/')
        .and_then(|(pid, rid)| env.catalog.product(pid).and_then(|p| p.role(rid)))
        .map_or_else(|| r.to_string(), |role| role.name.clone())
}

/// What one role row shows.
#[derive(Clone, PartialEq)]
struct RoleRow {
    id: String,
    name: String,
    kind: RoleKind,
    endpoints: Vec<String>,
    /// The indices of the hosts carrying the role, in the plan's order.
    carriers: Vec<usize>,
    warnings: Vec<Warning>,
}

/// The indices of the hosts carrying each role (`product/role`), found in one pass over the
/// hosts rather than one per role.
fn carriers_by_role(hosts: &[Host]) -> HashMap<&str, Vec<usize>> {
    let mut by_role: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, h) in hosts.iter().enumerate() {
        for r in &h.roles {
            let list = by_role.entry(r.as_str()).or_default();
            if list.last() != Some(&i) {
                list.push(i);
            }
        }
    }
    by_role
}

fn role_map(env: &Env) -> Html {
    let carriers = carriers_by_role(&env.plan.hosts);
    let host_names: Rc<Vec<String>> =
        Rc::new(env.plan.hosts.iter().map(|h| h.name.clone()).collect());
    html! {
        <section aria-labelledby="roles-h">
            <h2 id="roles-h">{ "Roles" }</h2>
            <p class="muted">{ "Which hosts carry each role of each product. Internal roles need a host; external roles are fixed endpoints on the internet." }</p>
            if env.plan.products.is_empty() {
                <p class="empty">{ "Add a product first; its roles appear here." }</p>
            }
            // One list of its own, keyed by product (a product the catalog lacks has no roles to
            // show and no entry): among the section's other children Yew would match them by
            // position from the end and draw every product's roles again when one is added.
            <>{ for env.plan.products.iter().enumerate().filter_map(|(pi, pp)| Some((pi, pp, env.catalog.product(&pp.id)?))).map(|(pi, pp, prod)| {
                // the roles the product's choices do not use are folded away (issue #15)
                let (shown, folded) = super::choices::split_roles(prod, pp);
                let carrying = |role: &str| -> &[usize] {
                    carriers.get(format!("{}/{role}", prod.id).as_str()).map_or(&[], Vec::as_slice)
                };
                let folded: Vec<(String, Vec<String>)> = folded.iter().filter_map(|i| prod.roles.get(*i)).map(|role| {
                    let carriers = carrying(&role.id);
                    let mut hosts: Vec<String> = carriers.iter().take(CHIPS_SHOWN).filter_map(|&i| host_names.get(i).cloned()).collect();
                    if carriers.len() > CHIPS_SHOWN {
                        hosts.push(format!("{} more", carriers.len() - CHIPS_SHOWN));
                    }
                    (role.name.clone(), hosts)
                }).collect();
                let rows: Vec<RoleRow> = shown.iter().filter_map(|i| prod.roles.get(*i)).map(|role| RoleRow {
                    id: role.id.clone(),
                    name: role.name.clone(),
                    kind: role.kind,
                    endpoints: role.endpoints.clone(),
                    carriers: carrying(&role.id).to_vec(),
                    warnings: owned(env.warnings_at(&format!("products[{pi}].roles.{}", role.id))),
                }).collect();
                html! {
                    <ProductRoles key={pp.id.clone()} index={pi} product={prod.id.to_string()} name={prod.name.clone()}
                        {rows} {folded} hosts={host_names.clone()} dispatch={env.dispatch.clone()} />
                }
            }) }</>
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct ProductRolesProps {
    index: usize,
    product: String,
    name: String,
    rows: Vec<RoleRow>,
    /// The roles the choices do not use: (name, hosts that still carry it).
    folded: Vec<(String, Vec<String>)>,
    /// The names of the plan's hosts, by index.
    hosts: Rc<Vec<String>>,
    dispatch: Callback<Action>,
}

/// The role table of one product (re-rendered only when its rows change).
#[function_component(ProductRoles)]
fn product_roles(p: &ProductRolesProps) -> Html {
    let pi = p.index;
    html! {
        <section class="role-map" aria-labelledby={format!("roles-{}", p.product)}>
            <h3 id={format!("roles-{}", p.product)}>{ p.name.clone() }</h3>
            { role_progress(&p.rows) }
            <table class="roles-table">
                { table_head(&["Role", "Carried by", "Add a host"]) }
                <tbody>
                    { for p.rows.iter().map(|role| {
                        let rref = format!("{}/{}", p.product, role.id);
                        let field = format!("products[{pi}].roles.{}", role.id);
                        let select_id = dom_id("a", &field);
                        let unassigned = role.kind == RoleKind::Internal && role.carriers.is_empty();
                        let warnings: Vec<&Warning> = role.warnings.iter().collect();
                        let cell = RoleCell { product: p, role, rref: &rref, id: &select_id, warnings: &warnings };
                        html! {
                            <tr key={role.id.clone()} class={unassigned.then_some("unassigned")}>
                                <th scope="row">
                                    <span class="role-name">{ role.name.clone() }</span>
                                    <code class="role-ref">{ rref.clone() }</code>
                                    if role.kind != RoleKind::Internal {
                                        <span class="badge">{ if role.kind == RoleKind::Any { "any address" } else { "external" } }</span>
                                    }
                                    if !role.endpoints.is_empty() {
                                        <span class="endpoints">{ role.endpoints.join(", ") }</span>
                                    }
                                </th>
                                <td>
                                    if unassigned {
                                        <span class="badge warn">{ "Unassigned" }</span>
                                    }
                                    { carriers_cell(&cell) }
                                    { field_messages(&format!("{select_id}-msg"), &warnings, None) }
                                </td>
                                <td>{ add_host_cell(&cell) }</td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
            { super::view_trust::folded_roles(&p.folded) }
        </section>
    }
}

/// At most this many hosts of a role are shown as chips (with their remove button); the rest are
/// counted. A role of an inventory's agent PCs has thousands, which the hosts table lists page
/// by page.
const CHIPS_SHOWN: usize = 20;

/// What the cells of one role's row need.
struct RoleCell<'a> {
    product: &'a ProductRolesProps,
    role: &'a RoleRow,
    /// `product/role`.
    rref: &'a str,
    /// The DOM id of the "Add a host" control (where a warning's "Show field" leads).
    id: &'a str,
    warnings: &'a [&'a Warning],
}

/// The hosts that carry the role, as chips that remove it (the first [`CHIPS_SHOWN`]).
fn carriers_cell(c: &RoleCell) -> Html {
    let (p, role) = (c.product, c.role);
    let more = role.carriers.len().saturating_sub(CHIPS_SHOWN);
    let chips = role.carriers.iter().take(CHIPS_SHOWN);
    html! {
        <>
            { for chips.filter_map(|&hi| p.hosts.get(hi).map(|n| (hi, n))).map(|(hi, hname)| {
                let onclick = {
                    let dispatch = p.dispatch.clone();
                    let rref = c.rref.to_string();
                    Callback::from(move |_| dispatch.emit(Action::Edit(Target::Main, Edit::SetRole { host: hi, role: rref.clone(), on: false })))
                };
                html! {
                    <span class="chip">
                        { hname.clone() }
                        <button type="button" class="chip-x" aria-label={format!("Remove {} from role {}", hname, role.name)} {onclick}>{ "×" }</button>
                    </span>
                }
            }) }
            if more > 0 {
                <span class="muted">{ format!(" and {more} more host(s): the hosts table lists their roles") }</span>
            }
        </>
    }
}

/// The control that adds a host to the role: a list of the hosts that do not carry it, or on a
/// plan of more than [`HOSTS_IN_A_LIST`] hosts a field that takes a host's name.
fn add_host_cell(c: &RoleCell) -> Html {
    let (p, role) = (c.product, c.role);
    let label = html! {
        <label for={c.id.to_string()} class="visually-hidden">{ format!("Add a host to {}", role.name) }</label>
    };
    let described = (!c.warnings.is_empty()).then(|| format!("{}-msg", c.id));
    // (both controls give the index of the host to add)
    let add = {
        let (dispatch, role) = (p.dispatch.clone(), c.rref.to_string());
        Callback::from(move |host: usize| {
            let role = role.clone();
            dispatch.emit(Action::Edit(
                Target::Main,
                Edit::SetRole {
                    host,
                    role,
                    on: true,
                },
            ));
        })
    };
    if p.hosts.len() > HOSTS_IN_A_LIST {
        let onpick = Callback::from(move |host: Option<usize>| {
            if let Some(host) = host {
                add.emit(host);
            }
        });
        return html! {
            <>
                { label }
                <NameField id={c.id.to_string()} names={Shared(p.hosts.clone())} placeholder="host name…"
                    describedby={described} refusal="no host is named" clear=true {onpick} />
            </>
        };
    }
    let onchange = Callback::from(move |e: Event| {
        let sel = e.target_unchecked_into::<web_sys::HtmlSelectElement>();
        if let Ok(h) = sel.value().parse::<usize>() {
            add.emit(h);
        }
        sel.set_value("");
    });
    // (the carriers are in the plan's order, so a binary search finds a host among them)
    let free =
        (p.hosts.iter().enumerate()).filter(|(hi, _)| role.carriers.binary_search(hi).is_err());
    html! {
        <>
            { label }
            <select id={c.id.to_string()} {onchange} aria-describedby={described}>
                <option value="" selected=true>{ if p.hosts.is_empty() { "no hosts yet" } else { "add host…" } }</option>
                { for free.map(|(hi, hname)| html! { <option value={hi.to_string()}>{ hname.clone() }</option> }) }
            </select>
        </>
    }
}

/// The product's progress here: how many of the roles to map (the internal roles its choices
/// use) a host carries, as the guide on Products counts them.
fn role_progress(rows: &[RoleRow]) -> Html {
    let internal = rows.iter().filter(|r| r.kind == RoleKind::Internal);
    let total = internal.clone().count();
    if total == 0 {
        return html! {};
    }
    let mapped = internal.filter(|r| !r.carriers.is_empty()).count();
    html! {
        <p class={if mapped == total { "role-progress done" } else { "role-progress" }}>
            { format!("{mapped} of {total} roles mapped") }
        </p>
    }
}

/// The hosts table, a page of [`HOSTS_PER_PAGE`] rows at a time. A warning's "Show field" for a
/// host on another page turns to that page (`reveal`), then focuses the field.
#[function_component(HostsTable)]
fn hosts_table(p: &ViewProps) -> Html {
    let env = &p.env;
    let page = use_state(|| 0usize);
    let pending = use_state(|| None::<String>);
    {
        let (page, pending) = (page.clone(), pending.clone());
        use_effect_with((), move |_| {
            let registration = super::reveal::on_reveal(move |id| {
                let Some(i) = host_of_dom_id(id) else {
                    return false;
                };
                page.set(page_of(i, HOSTS_PER_PAGE));
                pending.set(Some(id.to_string()));
                true
            });
            move || drop(registration)
        });
    }
    {
        let pending = pending.clone();
        use_effect_with(((*pending).clone(), *page), move |(id, _)| {
            if let Some(id) = id {
                if super::dom::focus(id) {
                    pending.set(None);
                }
            }
        });
    }
    let w = window(env.plan.hosts.len(), HOSTS_PER_PAGE, *page);
    let turn = {
        let page = page.clone();
        Callback::from(move |p: usize| page.set(p))
    };
    let rows = env
        .plan
        .hosts
        .iter()
        .enumerate()
        .skip(w.start)
        .take(w.end - w.start);
    html! {
        <>
            <table class="hosts">
                <thead>
                    <tr>
                        <th scope="col">{ "Name" }</th>
                        <th scope="col">{ "Addresses" }</th>
                        <th scope="col">{ "Zone" }</th>
                        <th scope="col">{ "Roles" }</th>
                        <th scope="col"><span class="visually-hidden">{ "Actions" }</span></th>
                    </tr>
                </thead>
                <tbody>
                    { for rows.map(|(i, h)| html! {
                        <HostRow key={i} index={i} host={h.clone()} dispatch={env.dispatch.clone()}
                            name_warnings={owned(env.warnings_at(&format!("hosts[{i}].name")))}
                            address_warnings={owned(env.warnings_at(&format!("hosts[{i}].addresses")))}
                            role_warnings={owned(env.warnings_at(&format!("hosts[{i}].roles")))}
                            role_labels={h.roles.iter().map(|r| (r.clone(), role_label(env, r))).collect::<Vec<_>>()} />
                    }) }
                </tbody>
            </table>
            { pager("hosts", w, (w.start, w.end), &turn) }
        </>
    }
}
