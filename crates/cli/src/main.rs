//! `portolan`, the command-line tool: a thin front end over the engine and the exporters.

mod cli;
mod releases;

fn main() -> std::process::ExitCode {
    cli::main()
}

/// mimalloc: evaluation allocates many small, short-lived values, and with it the engine
/// benchmarks run 25–35% faster than with the system allocator (BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
