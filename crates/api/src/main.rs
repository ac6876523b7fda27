//! The JavaScript API's WebAssembly module (built for wasm32 by Trunk): the engine, the bundled
//! catalog and the exporters behind the functions of api.js (`evaluate`, `exportPlan`, ...; see
//! src/lib.rs), without the planner's UI. The planner
//! loads it when the Export view first opens; a page that only scripts the API loads only this.
//! Natively there is nothing to run: the command-line tool is the `portolan` binary.

#[cfg(target_arch = "wasm32")]
fn main() {
    // Links the library, whose `#[wasm_bindgen]` functions are this module's exports.
    portolan_api::link();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    eprintln!("portolan-api is the JavaScript API's WebAssembly module; the command-line tool is `portolan`");
    std::process::ExitCode::from(2)
}
