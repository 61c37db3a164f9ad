//! The Spark recipe's pieces that need no Spark: a slice of a JSONL file piped
//! to `extract -` names its records as the whole file's, and the job's map and
//! reduce, run task by task without Spark (scale/spark/test_newsline_job.py),
//! give the bytes of one run. `bash scale/spark/check.sh` runs the job itself.

mod common;

use std::io::Write;
use std::process::{Command, Stdio};

fn newsline() -> Command {
    Command::new(env!("CARGO_BIN_EXE_newsline"))
}

#[test]
fn a_piped_slice_is_named_as_lines_of_its_file() {
    let dump = common::root().join("corpus/dumps/newswire-sample.jsonl");
    let name = dump.to_str().unwrap();
    let whole = newsline()
        .args(["extract", "--no-text", name])
        .output()
        .unwrap();
    assert!(whole.status.success());
    let whole = String::from_utf8(whole.stdout).unwrap();
    let bytes = std::fs::read(&dump).unwrap();
    // From the third line on, as a task of the Spark job pipes it.
    let from = bytes
        .iter()
        .enumerate()
        .filter(|(_, &b)| b == b'\n')
        .nth(1)
        .unwrap()
        .0
        + 1;
    let mut child = newsline()
        .args(["extract", "--no-text", "-", "--stdin-name", name])
        .args(["--stdin-first-line", "3"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(&bytes[from..])
        .unwrap();
    let slice = child.wait_with_output().unwrap();
    assert!(slice.status.success());
    let slice = String::from_utf8(slice.stdout).unwrap();
    let tail: Vec<&str> = whole.lines().skip(2).collect();
    assert_eq!(tail.len(), 3);
    assert_eq!(slice.lines().collect::<Vec<_>>(), tail);
    assert!(slice.contains(&format!("\"source\":\"{name}:3\"")));
}

#[test]
fn the_first_line_is_at_least_one() {
    let out = newsline()
        .args(["extract", "-", "--stdin-first-line", "0"])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn the_job_runs_task_by_task_as_one_extract() {
    let python = Command::new("python3").arg("--version").output();
    if !python.is_ok_and(|o| o.status.success()) {
        eprintln!("skipped: python3 is absent");
        return;
    }
    let out = Command::new("python3")
        .args([
            "-B",
            "-m",
            "unittest",
            "-v",
            "scale/spark/test_newsline_job.py",
        ])
        .current_dir(common::root())
        .env("NEWSLINE_BIN", env!("CARGO_BIN_EXE_newsline"))
        .output()
        .unwrap();
    let log = String::from_utf8_lossy(&out.stderr);
    eprintln!("{log}");
    assert!(out.status.success(), "the job's unittest failed");
}
