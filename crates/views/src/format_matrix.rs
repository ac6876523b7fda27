//! The capability matrix in the Export view: what each format can express, from the formats'
//! declarations as the API's `formats()` lists them (the same table as `portolan formats
//! --matrix` and the README's).

use portolan::ui::lazy_api::{Capabilities, Format};
use yew::prelude::*;

/// Reads one capability.
type Has = fn(&Capabilities) -> bool;

/// The matrix's columns: heading and the capability it shows (as `export::matrix::COLUMNS`).
const COLUMNS: &[(&str, Has)] = &[
    ("host names", |c| c.fqdn),
    ("wildcards", |c| c.wildcard),
    ("IPv6", |c| c.ipv6),
    ("port ranges", |c| c.ranges),
    ("zones", |c| c.zones),
    ("unmapped roles", |c| c.unresolved),
];

/// A collapsed table: one row per format, one column per capability.
pub fn matrix(list: &[Format]) -> Html {
    html! {
        <details class="format-matrix">
            <summary>{ "What each format can express" }</summary>
            <table>
                <thead>
                    <tr>
                        <th scope="col">{ "format" }</th>
                        { for COLUMNS.iter().map(|(h, _)| html! { <th scope="col">{ *h }</th> }) }
                    </tr>
                </thead>
                <tbody>
                    { for list.iter().map(|f| html! {
                        <tr key={f.id.clone()}>
                            <th scope="row">{ f.name.clone() }</th>
                            { for COLUMNS.iter().map(|(_, has)| {
                                let yes = has(&f.capabilities);
                                html! { <td class={if yes { "yes" } else { "no" }}>{ if yes { "yes" } else { "no" } }</td> }
                            }) }
                        </tr>
                    }) }
                </tbody>
            </table>
        </details>
    }
}
