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

/// Headless Chromium on PATH, or None after saying on stderr that the test
/// that wanted it (to `purpose`) is skipped.
pub fn chromium(purpose: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    let found = std::env::split_paths(&path)
        .flat_map(|dir| ["chromium", "chromium-browser", "google-chrome"].map(|n| dir.join(n)))
        .find(|p| p.is_file());
    if found.is_none() {
        eprintln!("skipped: no chromium on PATH to {purpose}");
    }
    found
}

/// A headless Chromium command kept off the network and out of the user's
/// profile (`profile` is a fresh folder), with the caller's `extra` flags
/// (window size, time budget).
pub fn headless(
    exe: &std::path::Path,
    profile: &std::path::Path,
    extra: &[&str],
) -> std::process::Command {
    let mut cmd = std::process::Command::new(exe);
    cmd.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
    ])
    .args(extra)
    .arg(format!("--user-data-dir={}", profile.display()));
    cmd
}
