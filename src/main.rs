//! The planner's WebAssembly module (Trunk builds it into dist/). The JavaScript API and the
//! exporters are the browser's second module (`crates/api`), which the planner loads on first use.

#[cfg(target_arch = "wasm32")]
fn main() {
    // Only on the planner's own page: a host page that imports the module (for its API or for
    // `mount()`) keeps its `<body>`.
    if portolan::wasm_mount::is_planner_page() {
        portolan::ui::start();
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    eprintln!("portolan-planner is the planner's WebAssembly module (scripts/serve builds it); the command-line tool is `portolan` (cargo run -p portolan-cli)");
    std::process::ExitCode::from(2)
}
