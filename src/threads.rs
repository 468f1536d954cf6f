//! The threads every parallel stage (reading, parsing, evaluating, rules) runs on.

use std::sync::OnceLock;

/// Stack of each worker: the parser's and the evaluator's depth guards are sized for it
/// (hostile nesting ends in a diagnostic, never a stack overflow).
pub(crate) const STACK_BYTES: usize = 32 * 1024 * 1024;

/// Runs `f` on the scan's thread pool, built once per process and shared by every scan (a
/// pool per scan would start its threads again for each path checked). Should the pool
/// not start, `f` runs here, on rayon's default pool.
pub(crate) fn install<R: Send>(f: impl FnOnce() -> R + Send) -> R {
    static POOL: OnceLock<Option<rayon::ThreadPool>> = OnceLock::new();
    match POOL.get_or_init(|| rayon::ThreadPoolBuilder::new().stack_size(STACK_BYTES).build().ok()) {
        Some(pool) => pool.install(f),
        None => f(),
    }
}
