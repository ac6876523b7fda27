//! The views' WebAssembly module (built for wasm32 by Trunk): the planner's rarely opened views
//! (see src/lib.rs), which the planner loads when one of them first opens. Natively there is
//! nothing to run.

#[cfg(target_arch = "wasm32")]
fn main() {
    // Links the library, whose `#[wasm_bindgen]` functions are this module's exports.
    portolan_views::link();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    eprintln!("portolan-views is the planner's second WebAssembly module; the command-line tool is `portolan`");
    std::process::ExitCode::from(2)
}
