fn main() {
    std::process::exit(jobcheck::cli::run());
}
