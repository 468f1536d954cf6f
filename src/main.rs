// mimalloc: jobcheck allocates many small values; it is markedly faster than glibc's allocator here
// (see benches/throughput.rs).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(jobcheck::cli::run());
}
