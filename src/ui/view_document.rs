//! The change-request document on screen, with a button to print it (printing from any view
//! prints this document).

use super::widgets::button;
use yew::prelude::*;

/// The view of the change request `html_text` (`document::change_request`, which the views
/// module's Change request view keeps, made anew when the plan or the catalog changes:
/// crates/views/src/view_document.rs); `empty` when the plan has no product yet.
pub fn document_view(html_text: &str, empty: bool) -> Html {
    let print = Callback::from(|_| super::dom::print());
    html! {
        <section class="document-view" key="document" aria-label="Change request">
            if empty {
                <p class="empty no-print">{ "The change request is the document a firewall team reviews and signs: what to open, between which hosts, and why, with the vendor's statements. It is empty until the plan has products; the outline below fills in as you go." }</p>
            }
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
