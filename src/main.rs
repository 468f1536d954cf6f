// mimalloc: jobcheck allocates many small values; it is markedly faster than glibc's allocator here
// (see benches/throughput.rs).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    // An internal error is exit code 2 (rules.md, CLI), never Rust's 101.
    std::panic::set_hook(Box::new(|info| {
        eprintln!("jobcheck: internal error: {info}\nPlease report it with the input that caused it.");
    }));
    let code = std::panic::catch_unwind(jobcheck::cli::run).unwrap_or(2);
    std::process::exit(code);
}
