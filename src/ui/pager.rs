//! The pager under a long table: "Previous", where we are, "Next".

use super::paging::Window;
use yew::prelude::*;

/// Buttons to turn the pages of `w` (nothing when everything fits one page). `what` names the
/// rows ("hosts", "flows") and labels the navigation.
pub fn pager(what: &'static str, w: Window, shown: (usize, usize), turn: &Callback<usize>) -> Html {
    if w.pages <= 1 {
        return html! {};
    }
    let to = |p: usize| turn.reform(move |_: MouseEvent| p);
    html! {
        <nav class="pager" aria-label={format!("Pages of {what}")}>
            <button type="button" class="small" disabled={w.page == 0} onclick={to(w.page.saturating_sub(1))}>
                { "← Previous" }
            </button>
            <span aria-live="polite">
                { format!("Page {} of {} ({}–{} of {} {what})", w.page + 1, w.pages, shown.0 + 1, shown.1, w.total) }
            </span>
            <button type="button" class="small" disabled={w.page + 1 >= w.pages} onclick={to(w.page + 1)}>
                { "Next →" }
            </button>
        </nav>
    }
}
