//! One binary, two front ends over the same engine: in the browser (wasm32) it mounts the
//! planner; natively it is the command-line tool. (The JavaScript API and the exporters are the
//! browser's second module, src/bin/portolan-api.rs, which the planner loads on first use.)

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

/// Natively, mimalloc: evaluation allocates many small, short-lived values, and with it the
/// engine benchmarks run 25–35% faster than with the system allocator (BENCHMARKS.md). The wasm
/// build keeps Rust's own allocator.
#[cfg(not(target_arch = "wasm32"))]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
