//! The example plans from `examples/`, bundled so a first-time user can start from one and an
//! embedding page can preset one (`?preset=<name>`).

/// `(name, TOML text)`; the name is the file name without `.plan.toml`.
pub const EXAMPLES: &[(&str, &str)] = &[
    (
        "screen-capture",
        include_str!("../../examples/screen-capture.plan.toml"),
    ),
    (
        "call-recording-screen-capture",
        include_str!("../../examples/call-recording-screen-capture.plan.toml"),
    ),
    (
        "incontact-wfo",
        include_str!("../../examples/incontact-wfo.plan.toml"),
    ),
    (
        "incontact-wfo-hybrid",
        include_str!("../../examples/incontact-wfo-hybrid.plan.toml"),
    ),
    (
        "ex-engage-connector",
        include_str!("../../examples/ex-engage-connector.plan.toml"),
    ),
    (
        "visual-remote-assistance",
        include_str!("../../examples/visual-remote-assistance.plan.toml"),
    ),
    ("mixed", include_str!("../../examples/mixed.plan.toml")),
];

/// `(name, plan title)` of every example, parsed once per thread (the views list them on every
/// render).
pub fn titles() -> Vec<(&'static str, String)> {
    thread_local! {
        static TITLES: std::cell::OnceCell<Vec<(&'static str, String)>> = const { std::cell::OnceCell::new() };
    }
    TITLES.with(|t| {
        t.get_or_init(|| {
            EXAMPLES
                .iter()
                .map(|(n, _)| {
                    let title = example(n)
                        .map(|p| p.name)
                        .filter(|t| !t.trim().is_empty())
                        .unwrap_or_else(|| (*n).to_string());
                    (*n, title)
                })
                .collect()
        })
        .clone()
    })
}

/// The example called `name`, parsed.
pub fn example(name: &str) -> Option<crate::plan::Plan> {
    let (_, text) = EXAMPLES.iter().find(|(n, _)| *n == name)?;
    crate::plan::Plan::parse(name, text, crate::plan::PlanFormat::Toml).ok()
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn every_example_file_is_bundled_and_parses() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
        let mut on_disk: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .filter_map(|e| {
                let name = e.unwrap().file_name().into_string().unwrap();
                name.strip_suffix(".plan.toml").map(str::to_string)
            })
            .collect();
        on_disk.sort();
        let mut bundled: Vec<String> = EXAMPLES.iter().map(|(n, _)| n.to_string()).collect();
        bundled.sort();
        assert_eq!(on_disk, bundled, "add new example plans to EXAMPLES");
        for (name, _) in EXAMPLES {
            assert!(example(name).is_some(), "{name} does not parse");
        }
        assert!(example("nope").is_none());
        let t = titles();
        assert_eq!(t.len(), EXAMPLES.len());
        assert!(t
            .iter()
            .any(|(n, title)| *n == "mixed" && title == "Contact centre refresh, Lisbon"));
    }
}
