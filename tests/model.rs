//! The job model's caches answer as a fresh computation does: `Model::containers_of` (each
//! task definition's containers, decoded once for every rule that reads them). `Model::find` is
//! exercised by every fixture's links.

#![allow(clippy::unwrap_used, reason = "a test fails loudly on unexpected data")]

use std::path::Path;

use jobcheck::model::{self, Link};

/// A full fixture (not an overlay, which only exists once materialized).
fn model_of(dir: &str) -> model::Model {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    jobcheck::check_model(&path, &jobcheck::Options::default()).unwrap().1
}

#[test]
fn containers_are_decoded_once_and_as_a_fresh_decode() {
    let m = model_of("testdata/rules/JC201/pass_role");
    let mut checked = 0;
    for job in &m.jobs {
        let Link::Found(td) = job.task_def else { continue };
        let first = m.containers_of(td);
        assert!(std::ptr::eq(first, m.containers_of(td)), "decoded twice");
        let fresh = model::containers(m.res(td)).unwrap();
        assert_eq!(first.as_ref().unwrap(), &fresh);
        assert!(!fresh.is_empty());
        checked += 1;
    }
    assert!(checked > 0, "no job with a task definition");
    // Not a task definition: no containers, nothing decoded.
    let trigger = m.jobs[0].trigger;
    assert!(m.containers_of(trigger).as_ref().unwrap().is_empty());
}
