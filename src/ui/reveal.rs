//! Showing a control that is not in the page yet: a view that pages a long table registers a
//! revealer; when "Show field" (or "Add host") cannot focus a control because it is on another
//! page, [`reveal`] asks every revealer to turn to it. Plain Rust: the revealers are closures
//! kept per thread (the page has one).

use std::cell::RefCell;

type Revealer = Box<dyn Fn(&str) -> bool>;

thread_local! {
    static REVEALERS: RefCell<Vec<(u64, Revealer)>> = const { RefCell::new(Vec::new()) };
    static NEXT: RefCell<u64> = const { RefCell::new(0) };
}

/// Keeps a revealer registered until dropped.
#[must_use = "the revealer is removed when this is dropped"]
pub struct Registration(u64);

impl Drop for Registration {
    fn drop(&mut self) {
        let id = self.0;
        REVEALERS.with(|r| r.borrow_mut().retain(|(k, _)| *k != id));
    }
}

/// Registers `f`, which gets the DOM id of a control to show and says whether it will show it.
pub fn on_reveal(f: impl Fn(&str) -> bool + 'static) -> Registration {
    let id = NEXT.with(|n| {
        let mut n = n.borrow_mut();
        *n += 1;
        *n
    });
    REVEALERS.with(|r| r.borrow_mut().push((id, Box::new(f))));
    Registration(id)
}

/// Asks the revealers to show the control `id`; true when one will.
pub fn reveal(id: &str) -> bool {
    REVEALERS.with(|r| r.borrow().iter().any(|(_, f)| f(id)))
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use std::rc::Rc;

    #[test]
    fn revealers_answer_until_dropped() {
        let seen = Rc::new(RefCell::new(Vec::new()));
        let s = seen.clone();
        let reg = on_reveal(move |id| {
            s.borrow_mut().push(id.to_string());
            id.starts_with("a-f-hosts_")
        });
        assert!(reveal("a-f-hosts_3__name"));
        assert!(!reveal("a-f-products_0__options__x"));
        drop(reg);
        assert!(!reveal("a-f-hosts_3__name"));
        assert_eq!(
            *seen.borrow(),
            vec!["a-f-hosts_3__name", "a-f-products_0__options__x"]
        );
    }
}
