//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::PathBuf;

/// The project's root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `../shared` beside the project (or where `NEWSLINE_SHARED` points: a git
/// worktree elsewhere), when present. Tests that need it skip with a printed
/// reason when it is not (a user's machine has no shared/).
pub fn shared() -> Option<PathBuf> {
    let dir =
        std::env::var_os("NEWSLINE_SHARED").map_or_else(|| root().join("../shared"), PathBuf::from);
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("skipped: ../shared is not beside the project");
        None
    }
}
