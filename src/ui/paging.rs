//! Long tables in pages: which rows a page shows, pages of whole groups (the flows are grouped
//! by source → destination), and which host a control's DOM id belongs to (so a warning's "Show
//! field" can turn to the page of its host). Plain Rust, tested natively.

/// Host rows per page of the Network view.
pub const HOSTS_PER_PAGE: usize = 50;
/// Flow rows per page of the Flows & warnings view (whole groups: a page may hold more).
pub const FLOWS_PER_PAGE: usize = 100;

/// One page of a list: rows `start..end` of `total`, page `page` (from 0) of `pages`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub page: usize,
    pub pages: usize,
    pub start: usize,
    pub end: usize,
    pub total: usize,
}

/// Page `page` of `total` rows, `per_page` a page; a page past the end shows the last one.
pub fn window(total: usize, per_page: usize, page: usize) -> Window {
    let per_page = per_page.max(1);
    let pages = total.div_ceil(per_page).max(1);
    let page = page.min(pages - 1);
    let start = page * per_page;
    Window {
        page,
        pages,
        start,
        end: (start + per_page).min(total),
        total,
    }
}

/// Pages of whole groups: each page takes groups until it holds at least `budget` rows (a group
/// is never split). Returns each page's range of groups; one empty page when there are none.
pub fn group_pages(sizes: &[usize], budget: usize) -> Vec<(usize, usize)> {
    let mut pages = Vec::new();
    let (mut first, mut rows) = (0, 0);
    for (i, n) in sizes.iter().enumerate() {
        rows += n;
        if rows >= budget.max(1) {
            pages.push((first, i + 1));
            first = i + 1;
            rows = 0;
        }
    }
    if first < sizes.len() || pages.is_empty() {
        pages.push((first, sizes.len()));
    }
    pages
}

/// The page (from 0) that shows row `index`.
pub fn page_of(index: usize, per_page: usize) -> usize {
    index / per_page.max(1)
}

/// The host a control belongs to, from its DOM id (`a-f-hosts_12__zone` → 12; see
/// `fields::dom_id`).
pub fn host_of_dom_id(id: &str) -> Option<usize> {
    let rest = id.strip_prefix("a-f-hosts_")?;
    let digits = rest.split(|c: char| !c.is_ascii_digit()).next()?;
    digits.parse().ok()
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn windows_cover_every_row_once() {
        assert_eq!(
            window(0, 50, 0),
            Window {
                page: 0,
                pages: 1,
                start: 0,
                end: 0,
                total: 0
            }
        );
        let w = window(120, 50, 2);
        assert_eq!((w.page, w.pages, w.start, w.end), (2, 3, 100, 120));
        // past the end: the last page
        assert_eq!(window(120, 50, 9).page, 2);
        let mut seen = 0;
        for p in 0..window(501, 50, 0).pages {
            let w = window(501, 50, p);
            assert_eq!(w.start, seen);
            seen = w.end;
        }
        assert_eq!(seen, 501);
        assert_eq!(page_of(0, 50), 0);
        assert_eq!(page_of(49, 50), 0);
        assert_eq!(page_of(50, 50), 1);
    }

    #[test]
    fn group_pages_keep_groups_whole() {
        assert_eq!(group_pages(&[], 100), vec![(0, 0)]);
        assert_eq!(group_pages(&[3, 4], 100), vec![(0, 2)]);
        assert_eq!(
            group_pages(&[60, 50, 10, 200, 5], 100),
            vec![(0, 2), (2, 4), (4, 5)]
        );
        assert_eq!(group_pages(&[100, 100], 100), vec![(0, 1), (1, 2)]);
    }

    #[test]
    fn hosts_are_read_from_dom_ids() {
        let id = crate::ui::fields::dom_id("a", "hosts[12].zone");
        assert_eq!(host_of_dom_id(&id), Some(12));
        let id = crate::ui::fields::dom_id("a", "hosts[7].addresses");
        assert_eq!(host_of_dom_id(&id), Some(7));
        assert_eq!(host_of_dom_id("a-f-products_0__versions__ris"), None);
        assert_eq!(host_of_dom_id("b-f-hosts_3__name"), None);
    }
}
