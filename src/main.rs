//! One binary, two front ends over the same engine: in the browser (wasm32) it mounts the
//! planner; natively it is the command-line tool.

#[cfg(target_arch = "wasm32")]
fn main() {
    portolan::ui::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    portolan::cli::main()
}
