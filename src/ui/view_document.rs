//! The change-request document on screen, with a button to print it (printing from any view
//! prints this document).

use super::widgets::button;
use yew::prelude::*;

/// The view of the change request `html_text` (`document::change_request`, which the root
/// component keeps while this view is open, made anew when the plan or the catalog changes).
pub fn document_view(html_text: &str) -> Html {
    let print = Callback::from(|_| super::dom::print());
    html! {
        <section class="document-view" key="document" aria-label="Change request">
            <div class="toolbar no-print">
                { button("button primary", "Print change request", print) }
                <span class="muted">{ " Printing from any view prints this document." }</span>
            </div>
            <div class="doc-sheet">
                { Html::from_html_unchecked(AttrValue::from(html_text.to_string())) }
            </div>
        </section>
    }
}
