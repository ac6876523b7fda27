#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    portolan::cli::main()
}

#[cfg(target_arch = "wasm32")]
fn main() {}
