//! Recorded catalog revisions are ordered by date, and revisions of one day by the revision
//! each names as `previous` (their ids are hashes: they say nothing of the order).

use portolan_catalog::feed::{order, Snapshot};

fn snapshot(revision: &str, date: &str, previous: &str) -> Snapshot {
    Snapshot {
        revision: revision.to_string(),
        date: date.to_string(),
        note: String::new(),
        previous: previous.to_string(),
        facts: Vec::new(),
    }
}

fn ids(history: &[Snapshot]) -> Vec<&str> {
    history.iter().map(|s| s.revision.as_str()).collect()
}

#[test]
fn revisions_of_one_day_follow_their_previous_links() {
    // hash order (c-1 < c-a < c-f) is not the recorded order
    let mut history = vec![
        snapshot("c-a", "2026-12-03", "c-f"),
        snapshot("c-f", "2026-12-03", "c-1"),
        snapshot("c-1", "2026-12-03", ""),
    ];
    order(&mut history);
    assert_eq!(ids(&history), ["c-1", "c-f", "c-a"]);
}

#[test]
fn dates_come_first_and_an_unknown_previous_ends_the_chain() {
    let mut history = vec![
        snapshot("c-b", "2026-12-04", "c-a"),
        snapshot("c-a", "2026-12-03", "c-gone"),
        snapshot("c-0", "2026-12-01", ""),
    ];
    order(&mut history);
    assert_eq!(ids(&history), ["c-0", "c-a", "c-b"]);
}
