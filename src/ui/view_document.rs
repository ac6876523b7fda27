//! The change-request document on screen, with a button to print it (printing from any view
//! prints this document).

use super::document::change_request;
use super::widgets::button;
use super::widgets::Env;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ViewProps {
    pub env: Env,
}

#[function_component(DocumentView)]
pub fn document_view(p: &ViewProps) -> Html {
    let env = &p.env;
    let html_text = use_memo(
        (env.plan.clone(), env.report.clone(), env.catalog.clone()),
        |(pl, r, c)| change_request(pl, r, c, &super::dom::now_iso()),
    );
    let print = Callback::from(|_| super::dom::print());
    html! {
        <section class="document-view" aria-label="Change request">
            <div class="toolbar no-print">
                { button("button primary", "Print change request", print) }
                <span class="muted">{ " Printing from any view prints this document." }</span>
            </div>
            <div class="doc-sheet">
                { Html::from_html_unchecked(AttrValue::from((*html_text).clone())) }
            </div>
        </section>
    }
}
