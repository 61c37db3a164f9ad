//! The html timeline as a browser shows it: headless Chromium parses the page
//! and paints it. Skips, saying why, where no Chromium is installed (Debian:
//! `apt-get install chromium`).

mod common;

use assert_cmd::Command;
use std::path::Path;

fn browser(exe: &Path, profile: &Path) -> std::process::Command {
    common::headless(exe, profile, &["--window-size=1200,1600"])
}

#[test]
fn the_corpus_timeline_renders_in_a_browser() {
    let Some(exe) = common::chromium("render the page") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("sensetime.html");
    Command::cargo_bin("newsline")
        .unwrap()
        .current_dir(common::root())
        .args(["timeline", "corpus", "--entity", "SenseTime", "-o"])
        .arg(&page)
        .assert()
        .success();
    let html = std::fs::read_to_string(&page).unwrap();
    let events = html.matches("<li class=\"event").count();
    assert!(
        events >= 4,
        "the corpus tells at least four SenseTime events"
    );

    // The DOM the browser built holds every event and every quoted source.
    let url = format!("file://{}", page.display());
    let dom = browser(&exe, &dir.path().join("profile-dom"))
        .arg("--dump-dom")
        .arg(&url)
        .output()
        .unwrap();
    assert!(dom.status.success(), "chromium failed: {dom:?}");
    let dom = String::from_utf8_lossy(&dom.stdout);
    assert!(dom.contains("Timeline of SenseTime"));
    assert_eq!(dom.matches("class=\"event").count(), events);
    assert_eq!(
        dom.matches("<blockquote").count(),
        html.matches("<blockquote").count()
    );

    // And it paints: a PNG of the window's size.
    let shot = dir.path().join("page.png");
    let status = browser(&exe, &dir.path().join("profile-shot"))
        .arg(format!("--screenshot={}", shot.display()))
        .arg(&url)
        .output()
        .unwrap();
    assert!(status.status.success(), "chromium failed: {status:?}");
    let png = std::fs::read(&shot).unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    let width = u32::from_be_bytes(png[16..20].try_into().unwrap());
    let height = u32::from_be_bytes(png[20..24].try_into().unwrap());
    assert_eq!((width, height), (1200, 1600));
    assert!(
        png.len() > 20_000,
        "a blank page compresses to almost nothing"
    );
}
