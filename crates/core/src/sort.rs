//! Sorting that costs the wasm bundle one copy of the sort algorithm.
//!
//! Every `sort_by`/`sort_unstable` call with its own element type or comparator is a separate
//! copy of the standard library's sort (about 2.5 KB of WebAssembly each, before wasm-opt; 34
//! call sites made 90 KB, and moving 21 of them here removed 35 KB of code the browser compiles,
//! though only about 1 KB of the gzip download, since the copies compress well together).
//! [`SortShared`] sorts natively with the standard sort, and in wasm through one shared,
//! non-generic instance: it sorts the indices `0..n` with a `dyn` comparator and then moves the
//! elements into that order, so each call site adds only a few hundred bytes. The result is the
//! same stable order as `sort_by`.
//!
//! It is kept rather than replaced by a crate: sorting crates (e.g. `glidesort`, `voracious_radix_sort`)
//! are generic too, so each call site would again get its own copy; what this module does is
//! share one monomorphised instance, which no crate offers. The permutation step is 15 lines.

use std::cmp::Ordering;

/// Stable sorting with one shared sort instance in wasm (the standard sort natively).
pub trait SortShared<T> {
    /// Like `slice::sort_by` (stable).
    fn sort_shared_by(&mut self, cmp: impl FnMut(&T, &T) -> Ordering);

    /// Like `slice::sort_by_key` (stable).
    fn sort_shared_by_key<K: Ord>(&mut self, mut key: impl FnMut(&T) -> K) {
        self.sort_shared_by(|a, b| key(a).cmp(&key(b)));
    }

    /// Like `slice::sort` (stable; for equal elements the same as `sort_unstable`).
    fn sort_shared(&mut self)
    where
        T: Ord,
    {
        self.sort_shared_by(T::cmp);
    }
}

impl<T> SortShared<T> for [T] {
    #[cfg(not(target_arch = "wasm32"))]
    fn sort_shared_by(&mut self, cmp: impl FnMut(&T, &T) -> Ordering) {
        self.sort_by(cmp);
    }

    #[cfg(target_arch = "wasm32")]
    fn sort_shared_by(&mut self, cmp: impl FnMut(&T, &T) -> Ordering) {
        sort_via_indices(self, cmp);
    }
}

/// Sorts `v` stably by `cmp` through the shared index sort.
pub fn sort_via_indices<T>(v: &mut [T], mut cmp: impl FnMut(&T, &T) -> Ordering) {
    let order = {
        let items: &[T] = v;
        sorted_indices(
            items.len(),
            &mut |a, b| match (items.get(a), items.get(b)) {
                (Some(x), Some(y)) => cmp(x, y),
                _ => Ordering::Equal,
            },
        )
    };
    permute(v, order);
}

/// `0..n` sorted stably by `cmp`: the one instance of the standard sort that every caller shares.
#[inline(never)]
fn sorted_indices(n: usize, cmp: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|a, b| cmp(*a, *b));
    order
}

/// Rearranges `v` so that position `i` holds the element that was at `order[i]`, in place, by
/// following each cycle of the permutation with swaps.
fn permute<T>(v: &mut [T], mut order: Vec<usize>) {
    for start in 0..v.len() {
        let mut at = start;
        while let Some(slot) = order.get_mut(at) {
            let from = *slot;
            *slot = at;
            if from == start || from == at || from >= v.len() {
                break;
            }
            v.swap(at, from);
            at = from;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        /// The index sort gives exactly what the standard stable sort gives, ties included
        /// (elements compare by key only; the payload shows their original order).
        #[test]
        fn same_order_as_the_standard_stable_sort(keys in proptest::collection::vec(0u8..8, 0..200)) {
            let items: Vec<(u8, usize)> = keys.iter().copied().zip(0..).collect();
            let mut expected = items.clone();
            expected.sort_by_key(|a| a.0);
            let mut got = items;
            sort_via_indices(&mut got, |a, b| a.0.cmp(&b.0));
            proptest::prop_assert_eq!(got, expected);
        }
    }

    #[test]
    fn trait_methods_sort_like_the_standard_ones() {
        let mut words = vec!["pear", "fig", "apple", "kiwi", "date"];
        words.sort_shared();
        assert_eq!(words, ["apple", "date", "fig", "kiwi", "pear"]);
        words.sort_shared_by_key(|w| std::cmp::Reverse(w.len()));
        assert_eq!(words, ["apple", "date", "kiwi", "pear", "fig"]);
        let mut strings: Vec<String> = vec!["b".into(), "a".into()];
        sort_via_indices(&mut strings, |a, b| a.cmp(b));
        assert_eq!(strings, ["a", "b"]);
    }
}
