//! A titled table with its row count (`Flows to open (3)`), or "None." when it has no rows: the
//! shell of Compare's and Upgrade's flow lists.

use portolan::ui::widgets::table_head;
use yew::prelude::*;

/// `title (n)` over a table of `columns` with a row (`row`, a `<tr>`) an item of `list`.
pub(crate) fn counted_table<T>(
    title: &str,
    class: &'static str,
    columns: &[&'static str],
    list: &[T],
    row: impl Fn(&T) -> Html,
) -> Html {
    html! {
        <div {class}>
            <h4>{ format!("{title} ({})", list.len()) }</h4>
            if list.is_empty() {
                <p class="muted">{ "None." }</p>
            } else {
                <table>
                    { table_head(columns) }
                    <tbody>
                        { for list.iter().map(row) }
                    </tbody>
                </table>
            }
        </div>
    }
}
