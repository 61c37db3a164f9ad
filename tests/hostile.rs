//! Careless use and hostile inputs at the command line (issue 18): every run
//! ends, never reads its own output, never corrupts a file, and says why it
//! produced nothing. The inputs are generated here, in temporary folders.

use assert_cmd::cargo::cargo_bin_cmd;
use serde_json::Value;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

const ARTICLE: &str =
    "Acme Corp. Raises Money\n\nAcme Corp. said on Monday it raised $5 million.\n";

fn lines(path: &Path) -> Vec<Value> {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn newsline() -> Command {
    Command::new(assert_cmd::cargo::cargo_bin!("newsline"))
}

/// Wait for `child` at most `secs`; kill it and fail if it is still running.
fn finishes(mut child: std::process::Child, secs: u64) -> std::process::Output {
    for _ in 0..secs * 10 {
        if child.try_wait().unwrap().is_some() {
            return child.wait_with_output().unwrap();
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    child.kill().unwrap();
    panic!("the run did not end within {secs} s");
}

#[cfg(unix)]
#[test]
fn a_fifo_in_an_input_folder_is_an_error_line_not_a_hang() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), ARTICLE).unwrap();
    let fifo = dir.path().join("zz.fifo");
    let made = Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("skipped: mkfifo is not available");
        return;
    }
    let out = tempfile::tempdir().unwrap();
    let errors = out.path().join("errors.jsonl");
    let child = newsline()
        .arg("extract")
        .arg(dir.path())
        .arg("--errors")
        .arg(&errors)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let done = finishes(child, 60);
    assert_eq!(done.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&done.stdout).lines().count(), 1);
    let errors = lines(&errors);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0]["reason"], "not_a_file");
}

#[test]
fn the_runs_own_outputs_are_never_read_back() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..3 {
        std::fs::write(dir.path().join(format!("a{i}.txt")), ARTICLE).unwrap();
    }
    std::fs::write(dir.path().join("empty.txt"), "").unwrap();
    let out = dir.path().join("out.jsonl");
    let errors = dir.path().join("errors.jsonl");
    // Twice: the second run finds both files from the first in its input.
    for _ in 0..2 {
        let child = newsline()
            .arg("extract")
            .arg(dir.path())
            .arg("-o")
            .arg(&out)
            .arg("--errors")
            .arg(&errors)
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let done = finishes(child, 60);
        assert_eq!(done.status.code(), Some(0));
        assert_eq!(lines(&out).len(), 3);
        assert_eq!(lines(&errors).len(), 1);
    }
    // No temporary file is left behind.
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(names.is_empty(), "{names:?}");
}

#[test]
fn output_and_errors_naming_one_file_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), ARTICLE).unwrap();
    let same = dir.path().join("same.jsonl");
    let other_spelling = dir.path().join(".").join("same.jsonl");
    let out = cargo_bin_cmd!("newsline")
        .arg("extract")
        .arg(dir.path().join("a.txt"))
        .arg("-o")
        .arg(&same)
        .arg("--errors")
        .arg(&other_spelling)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("same file"));
    assert!(!same.exists(), "nothing written");
    // Both thrown away is fine.
    let out = cargo_bin_cmd!("newsline")
        .arg("extract")
        .arg(dir.path().join("a.txt"))
        .args(["-o", "/dev/null", "--errors", "/dev/null"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn a_failed_run_leaves_an_earlier_output_whole() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.jsonl");
    std::fs::write(&out, "{\"earlier\": true}\n").unwrap();
    // Every input is missing: the run fails before writing anything.
    let run = cargo_bin_cmd!("newsline")
        .arg("extract")
        .arg(dir.path().join("missing.txt"))
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1));
    // The -o file is replaced only by a run that produced something.
    let kept = std::fs::read_to_string(&out).unwrap();
    assert_eq!(kept, "{\"earlier\": true}\n");
}

#[test]
fn a_closed_pipe_is_a_quiet_end_in_every_subcommand() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    for sub in ["extract", "entities", "timeline"] {
        let mut child = newsline()
            .arg(sub)
            .arg(&corpus)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Close the reading end at once, as `| true` or `| head -0` does.
        drop(child.stdout.take());
        let done = finishes(child, 120);
        let stderr = String::from_utf8_lossy(&done.stderr);
        assert!(!stderr.contains("panicked"), "{sub}: {stderr}");
        assert_eq!(done.status.code(), Some(0), "{sub}: {stderr}");
    }
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_is_an_error_with_a_message_in_every_subcommand() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") else {
        eprintln!("skipped: no /dev/full");
        return;
    };
    for sub in ["extract", "entities", "timeline"] {
        let out = newsline()
            .arg(sub)
            .arg(&corpus)
            .stdout(full.try_clone().unwrap())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{sub}: {stderr}");
        assert_eq!(out.status.code(), Some(2), "{sub}: {stderr}");
        assert!(stderr.contains("No space left"), "{sub}: {stderr}");
    }
}

#[test]
fn absurd_job_counts_are_capped_with_a_note() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), ARTICLE).unwrap();
    let out = cargo_bin_cmd!("newsline")
        .args(["extract", "--jobs", "99999"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("--jobs 99999 is more than"), "{stderr}");
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 1);
}

#[test]
fn max_bytes_holds_on_a_pipe() {
    let errors_dir = tempfile::tempdir().unwrap();
    let errors = errors_dir.path().join("e.jsonl");
    let text = "Acme Corp. raised $5 million.\n".repeat(200);
    let out = cargo_bin_cmd!("newsline")
        .args(["extract", "-", "--max-bytes", "1000", "--errors"])
        .arg(&errors)
        .write_stdin(text)
        .output()
        .unwrap();
    assert!(out.stdout.is_empty(), "no record cut short");
    let errors = lines(&errors);
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0]["reason"], "too_large");
    assert_eq!(out.status.code(), Some(1), "nothing produced");
}

#[test]
fn a_run_that_produced_nothing_says_why_and_fails() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nonexistent");
    for sub in ["extract", "entities", "timeline"] {
        let out = cargo_bin_cmd!("newsline")
            .arg(sub)
            .arg(&missing)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{sub}: {stderr}");
        assert!(stderr.contains("nothing produced"), "{sub}: {stderr}");
    }
    // An empty folder: no input at all.
    let out = cargo_bin_cmd!("newsline")
        .arg("extract")
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no input"));
    // A partial rejection still succeeds.
    std::fs::write(dir.path().join("a.txt"), ARTICLE).unwrap();
    std::fs::write(dir.path().join("b.txt"), "").unwrap();
    let out = cargo_bin_cmd!("newsline")
        .arg("extract")
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(bytes).unwrap();
    enc.finish().unwrap()
}

#[test]
fn gzip_on_stdin_is_read_by_its_magic_bytes() {
    let dump: String = (0..50)
        .map(|i| format!("{{\"id\": \"z{i}\", \"text\": \"Acme Corp. raised ${i} million.\"}}\n"))
        .collect();
    let out = cargo_bin_cmd!("newsline")
        .args(["extract", "-"])
        .write_stdin(gzip(dump.as_bytes()))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 50);
    // A plain article on stdin is one document.
    let out = cargo_bin_cmd!("newsline")
        .args(["extract", "-"])
        .write_stdin(ARTICLE)
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 1);
}

/// What the usual command-line compressors write (`pzstd` puts a skippable
/// frame first and cuts the input into several frames) reads like gzip, on
/// stdin or from a file. Each tool skips with a note when absent.
#[test]
fn zstd_and_bzip2_from_their_tools_are_read_by_their_magic_bytes() {
    let dump: String = (0..400)
        .map(|i| format!("{{\"id\": \"z{i}\", \"text\": \"Acme Corp. raised ${i} million.\"}}\n"))
        .collect();
    for tool in [
        &["zstd", "-q", "-c"][..],
        &["pzstd", "-q", "-c", "-p", "2"],
        &["bzip2", "-c"],
    ] {
        let compressed = Command::new(tool[0])
            .args(&tool[1..])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .and_then(|mut child| {
                child.stdin.take().unwrap().write_all(dump.as_bytes())?;
                child.wait_with_output()
            });
        let Ok(compressed) = compressed.map(|o| o.stdout) else {
            eprintln!("skipped {}: not installed", tool[0]);
            continue;
        };
        let out = cargo_bin_cmd!("newsline")
            .args(["extract", "--no-text", "-"])
            .write_stdin(compressed)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", tool[0]);
        assert_eq!(
            String::from_utf8_lossy(&out.stdout).lines().count(),
            400,
            "{}",
            tool[0]
        );
    }
}

#[test]
fn a_time_budget_must_be_positive() {
    let out = cargo_bin_cmd!("newsline")
        .args(["extract", "--max-seconds", "0", "-"])
        .write_stdin(ARTICLE)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

const LISTING: &str = "---\ntitle: Acme Halts Listing\npublished: 2021-12-13\n---\nAcme Group Inc. on Monday postponed its initial public offering in Hong Kong after the U.S. Treasury added it to an investment blacklist.\n";

#[test]
fn same_named_files_stay_two_sources_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    for sub in ["a", "b"] {
        std::fs::create_dir(dir.path().join(sub)).unwrap();
        std::fs::write(dir.path().join(sub).join("x.md"), LISTING).unwrap();
    }
    // And a dump whose two lines share an id.
    let line = serde_json::json!({"id": "7", "published": "2021-12-13", "text": LISTING.rsplit("---\n").next().unwrap()});
    std::fs::write(dir.path().join("dump.jsonl"), format!("{line}\n{line}\n")).unwrap();
    let out = cargo_bin_cmd!("newsline")
        .args(["timeline", "--format", "json"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        stderr.matches("was used by an earlier input").count(),
        2,
        "{stderr}"
    );
    let t: Value = serde_json::from_slice(&out.stdout).unwrap();
    let halted = t["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["type"] == "ipo_halted")
        .expect("the halted listing");
    assert_eq!(halted["sources"].as_array().unwrap().len(), 4, "{halted}");
    // `extract` warns too; its records differ by `source`.
    let out = cargo_bin_cmd!("newsline")
        .arg("extract")
        .arg(dir.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.matches("warning: id").count(), 2, "{stderr}");
}

/// On stdin the size is unknown: the progress line counts items and their
/// rate. Needs a terminal on stderr, made here with util-linux `script`.
#[cfg(target_os = "linux")]
#[test]
fn progress_on_stdin_counts_items() {
    if !Command::new("script")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
    {
        eprintln!("skipped: `script` (util-linux) is not available");
        return;
    }
    let bin = assert_cmd::cargo::cargo_bin!("newsline");
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("typescript");
    let dump: String = (0..3000)
        .map(|i| format!("{{\"id\": \"{i}\", \"text\": \"Acme Corp. raised ${i} million.\"}}\n"))
        .collect();
    let dump_path = dir.path().join("dump.jsonl");
    std::fs::write(&dump_path, dump).unwrap();
    let run = format!(
        "{} extract - < {} > /dev/null",
        bin.display(),
        dump_path.display()
    );
    let status = Command::new("script")
        .args(["-q", "-e", "-c", &run])
        .arg(&log)
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    let seen = String::from_utf8_lossy(&std::fs::read(&log).unwrap()).into_owned();
    // The bar may not draw before a fast run ends; when it does, it counts.
    if seen.contains("items") {
        assert!(!seen.contains("0 B/0 B"), "{seen}");
    }
    assert!(seen.contains("3000 documents"), "{seen}");
}

/// `-o /dev/null` (or a pipe) is written in place: the atomic rename is for
/// regular files only, and must never replace a device node.
#[cfg(unix)]
#[test]
fn output_to_a_device_is_written_in_place() {
    use std::os::unix::fs::FileTypeExt;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), ARTICLE).unwrap();
    for sub in ["extract", "timeline"] {
        let out = cargo_bin_cmd!("newsline")
            .arg(sub)
            .arg(dir.path())
            .args(["-o", "/dev/null"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{sub}");
        let kind = std::fs::metadata("/dev/null").unwrap().file_type();
        assert!(
            kind.is_char_device(),
            "{sub}: /dev/null is no longer a device"
        );
    }
    // Through a symbolic link, the file it names is replaced, not the link.
    let target = dir.path().join("records.jsonl");
    std::fs::write(&target, "").unwrap();
    let link = dir.path().join("link.jsonl");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let out = cargo_bin_cmd!("newsline")
        .arg("extract")
        .arg(dir.path().join("a.txt"))
        .arg("-o")
        .arg(&link)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(std::fs::read_to_string(&target).unwrap().lines().count(), 1);
}
