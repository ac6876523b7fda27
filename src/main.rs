//! One binary, two front ends over the same engine: in the browser (wasm32) it mounts the
//! planner; natively it is the command-line tool.

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
    portolan::cli::main()
}
