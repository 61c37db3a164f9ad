//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::PathBuf;

/// The project's root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `../shared` beside the project, when present. Tests that need it skip with
/// a printed reason when it is not (a user's machine has no shared/).
pub fn shared() -> Option<PathBuf> {
    let dir = root().join("../shared");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("skipped: ../shared is not beside the project");
        None
    }
}
