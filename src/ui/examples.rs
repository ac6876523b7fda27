//! The example plans from `examples/`, bundled so a first-time user can start from one and an
//! embedding page can preset one (`?preset=<name>`).
//!
//! `portolan-bundled` reads every `examples/*.plan.toml` at build time with the engine's plan
//! reader and bundles it as JSON with its title, so the planner reads no TOML to open one.

use portolan_bundled::EXAMPLE_PLANS;

/// The examples in the order the planner lists them (the name is the file name without
/// `.plan.toml`).
pub const EXAMPLES: &[&str] = &[
    "screen-capture",
    "call-recording-screen-capture",
    "incontact-wfo",
    "incontact-wfo-hybrid",
    "ex-engage-connector",
    "visual-remote-assistance",
    "genesys-cloud-onprem-recording",
    "trading-floor-voice-recording",
    "amazon-connect-wfo",
    "mixed",
];

/// `(name, plan title)` of every example, in the order of [`EXAMPLES`].
pub fn titles() -> Vec<(&'static str, String)> {
    EXAMPLES
        .iter()
        .filter_map(|n| {
            let (_, title, _) = EXAMPLE_PLANS.iter().find(|(m, _, _)| m == n)?;
            Some((*n, (*title).to_string()))
        })
        .collect()
}

/// The example called `name`, parsed.
pub fn example(name: &str) -> Option<portolan_core::plan::Plan> {
    portolan_bundled::example(name)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use portolan_core::plan::{Plan, PlanFormat};

    #[test]
    fn every_example_file_is_bundled_as_read_from_its_toml() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
        let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .filter_map(|e| {
                let name = e.unwrap().file_name().into_string().unwrap();
                name.strip_suffix(".plan.toml").map(str::to_string)
            })
            .collect();
        on_disk.sort();
        let mut listed: Vec<String> = EXAMPLES.iter().map(|n| n.to_string()).collect();
        listed.sort();
        assert_eq!(on_disk, listed, "add new example plans to EXAMPLES");
        let mut bundled: Vec<&str> = EXAMPLE_PLANS.iter().map(|(n, _, _)| *n).collect();
        bundled.sort();
        assert_eq!(on_disk, bundled);
        for name in EXAMPLES {
            let file = dir.join(format!("{name}.plan.toml"));
            let text = std::fs::read_to_string(&file).unwrap();
            let from_toml = Plan::parse("x", &text, PlanFormat::Toml).unwrap();
            assert_eq!(example(name).as_ref(), Some(&from_toml), "{name}");
        }
        assert!(example("nope").is_none());
        let t = titles();
        assert_eq!(t.len(), EXAMPLES.len());
        for (n, title) in &t {
            assert_eq!(title, &example(n).unwrap().name, "{n}");
        }
        assert!(t
            .iter()
            .any(|(n, title)| *n == "mixed" && title == "Contact centre refresh, Lisbon"));
    }
}
