//! The `newsline extract` command line: inputs (files, directories, stdin),
//! outputs (`-o`, `--errors`), exit codes, `--no-text`, and byte-identical
//! output whatever the number of threads.

mod common;

use assert_cmd::cargo::cargo_bin_cmd;
use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn newsline() -> Command {
    let mut cmd = cargo_bin_cmd!("newsline");
    cmd.current_dir(common::root());
    cmd
}

fn corpus() -> PathBuf {
    common::root().join("corpus")
}

fn dump() -> PathBuf {
    corpus().join("dumps/newswire-sample.jsonl")
}

/// Parse JSONL output, insisting that every line is one JSON object.
fn lines(bytes: &[u8]) -> Vec<Value> {
    let text = std::str::from_utf8(bytes).expect("output is UTF-8");
    assert!(
        text.is_empty() || text.ends_with('\n'),
        "lines end with \\n"
    );
    text.lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .inspect(|v| assert!(v.is_object()))
        .collect()
}

fn stderr_of(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A directory with two good inputs and two that are rejected.
fn mixed_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, bytes: &[u8]| std::fs::write(dir.path().join(name), bytes).unwrap();
    write(
        "good.txt",
        b"Acme Buys Widget Maker\n\nAcme Corp. said on Monday it bought Widget Co.\n",
    );
    write("empty.txt", b"");
    write(
        "lines.jsonl",
        b"{\"id\": \"one\", \"text\": \"A good line.\"}\n{\"id\": broken\n",
    );
    dir
}

#[test]
fn stdin_dash_reads_jsonl_articles() {
    let input = std::fs::read(dump()).unwrap();
    let out = newsline()
        .args(["extract", "-"])
        .write_stdin(input)
        .assert()
        .success()
        .get_output()
        .clone();
    let records = lines(&out.stdout);
    assert_eq!(records.len(), 5);
    for (i, r) in records.iter().enumerate() {
        assert_eq!(r["source"], format!("-:{}", i + 1));
    }
    assert_eq!(records[1]["id"], "reuters-2021-12-30-sensetime-debut");
    assert_eq!(records[1]["published"]["value"], "2021-12-30");
}

#[test]
fn output_file_replaces_stdout() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("records.jsonl");
    let out = newsline()
        .args(["extract", "corpus", "-o"])
        .arg(&path)
        .assert()
        .success()
        .get_output()
        .clone();
    assert!(out.stdout.is_empty(), "nothing on stdout with -o");
    let records = lines(&std::fs::read(&path).unwrap());
    assert_eq!(records.len(), 15);
    assert!(stderr_of(&out).contains("15 documents, 0 rejected"));
}

#[test]
fn errors_file_gets_one_line_per_rejection() {
    let dir = mixed_dir();
    let elsewhere = tempfile::tempdir().unwrap();
    let errors = elsewhere.path().join("errors.jsonl");
    let out = newsline()
        .args(["extract", "--errors"])
        .arg(&errors)
        .arg(dir.path())
        .assert()
        .success()
        .get_output()
        .clone();
    let records = lines(&out.stdout);
    let ids: Vec<&str> = records.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["good", "one"]);
    let rejected = lines(&std::fs::read(&errors).unwrap());
    assert_eq!(rejected.len(), 2);
    assert!(rejected[0]["source"]
        .as_str()
        .unwrap()
        .ends_with("empty.txt"));
    assert_eq!(rejected[0]["reason"], "empty");
    assert!(rejected[0].get("line").is_none());
    assert!(rejected[1]["source"]
        .as_str()
        .unwrap()
        .ends_with("lines.jsonl"));
    assert_eq!(rejected[1]["line"], 2);
    assert_eq!(rejected[1]["reason"], "invalid_json");
    for r in &rejected {
        assert!(!r["message"].as_str().unwrap().is_empty());
    }
    assert!(stderr_of(&out).contains("2 documents, 2 rejected"));
}

#[test]
fn rejections_without_errors_file_go_to_stderr() {
    let dir = mixed_dir();
    let out = newsline()
        .arg("extract")
        .arg(dir.path())
        .assert()
        .success()
        .get_output()
        .clone();
    let stderr = stderr_of(&out);
    assert!(stderr.contains("empty.txt"), "{stderr}");
    assert!(stderr.contains("lines.jsonl:2"), "{stderr}");
}

#[test]
fn strict_exits_1_on_rejections_only() {
    let dir = mixed_dir();
    let out = newsline()
        .args(["extract", "--strict"])
        .arg(dir.path())
        .assert()
        .code(1)
        .get_output()
        .clone();
    // The run still completes: the good inputs are written.
    assert_eq!(lines(&out.stdout).len(), 2);
    newsline()
        .args(["extract", "--strict", "corpus"])
        .assert()
        .success();
}

#[test]
fn usage_errors_exit_2_with_a_message() {
    let cases: &[&[&str]] = &[
        &[],
        &["extract"],
        &["extract", "--no-such-flag", "corpus"],
        &["extract", "--jobs", "many", "corpus"],
        &["extract", "--published", "13/12/2021", "corpus"],
        &["extract", "--max-bytes", "-5", "corpus"],
        &["frobnicate", "corpus"],
        &["extract", "-o", "/nonexistent-dir/records.jsonl", "corpus"],
        &[
            "extract",
            "--gazetteer",
            "/nonexistent-dir/names.tsv",
            "corpus",
        ],
    ];
    for args in cases {
        let out = newsline().args(*args).assert().code(2).get_output().clone();
        assert!(out.stdout.is_empty(), "{args:?}");
        assert!(!stderr_of(&out).trim().is_empty(), "{args:?}: no message");
    }
}

#[test]
fn no_text_leaves_text_out_but_keeps_offsets() {
    let with = lines(
        &newsline()
            .args(["extract", "corpus"])
            .output()
            .unwrap()
            .stdout,
    );
    let without = lines(
        &newsline()
            .args(["extract", "--no-text", "corpus"])
            .output()
            .unwrap()
            .stdout,
    );
    assert_eq!(with.len(), without.len());
    for (a, b) in with.iter().zip(&without) {
        assert!(a["text"].is_string());
        assert!(b.get("text").is_none(), "{}", b["id"]);
        let mut a = a.clone();
        a.as_object_mut().unwrap().remove("text");
        assert_eq!(&a, b, "only the text differs");
    }
}

#[test]
fn missing_path_is_a_rejection_not_a_crash() {
    let out = newsline()
        .args(["extract", "corpus/no-such-file.md", "corpus/zte"])
        .assert()
        .success()
        .get_output()
        .clone();
    assert_eq!(lines(&out.stdout).len(), 2);
    assert!(stderr_of(&out).contains("no-such-file.md"));
}

fn run_with_jobs(jobs: &str, paths: &[&Path]) -> Vec<u8> {
    let out = newsline()
        .args(["extract", "--jobs", jobs])
        .args(paths)
        .assert()
        .success()
        .get_output()
        .clone();
    out.stdout
}

#[test]
fn output_does_not_depend_on_jobs() {
    let corpus = corpus();
    let shared_seeds = common::shared().map(|s| s.join("seeds"));
    let mut paths: Vec<&Path> = vec![&corpus];
    if let Some(seeds) = &shared_seeds {
        paths.push(seeds);
    }
    let one = run_with_jobs("1", &paths);
    let four = run_with_jobs("4", &paths);
    assert!(one == four, "--jobs 1 and --jobs 4 differ");
    let records = lines(&one);
    assert!(records.len() >= 15);
    if shared_seeds.is_some() {
        assert_eq!(records.len(), 20, "corpus and the five seeds");
    }
    // Input order: the corpus first (sorted), then the seeds.
    let sources: Vec<&str> = records
        .iter()
        .map(|r| r["source"].as_str().unwrap())
        .collect();
    assert!(sources[0].starts_with(corpus.to_str().unwrap()));
}

/// `eval --gold` checks its input: a label it does not know or an offset
/// outside the text is an error naming the line, not a table of zeros; and
/// `--disagreements` lists what differs, as with `--timeml`.
#[test]
fn eval_gold_checks_its_input_and_lists_disagreements() {
    let dir = tempfile::tempdir().unwrap();
    let eval = |line: &str, extra: &[&str]| {
        let gold = dir.path().join("gold.jsonl");
        std::fs::write(&gold, format!("{line}\n")).unwrap();
        assert_cmd::cargo::cargo_bin_cmd!("newsline")
            .args(["eval", "--gold"])
            .arg(&gold)
            .args(extra)
            .output()
            .unwrap()
    };
    let text = "Café Acme Corp. paid $5 million on Monday.";
    let doc = |spans: &str| format!(r#"{{"id": "d", "text": "{text}", "spans": [{spans}]}}"#);
    let bad = [
        (
            doc(r#"{"label": "company", "start": 5, "end": 15}"#),
            "unknown label",
        ),
        (
            doc(r#"{"label": "org", "start": 5, "end": 99}"#),
            "outside the text",
        ),
        (
            doc(r#"{"label": "org", "start": 9, "end": 5}"#),
            "outside the text",
        ),
        // Byte offsets: one past the code points once "é" is counted twice.
        (
            doc(r#"{"label": "org", "start": 6, "end": 16, "text": "Acme Corp."}"#),
            "code points",
        ),
    ];
    for (line, want) in bad {
        let out = eval(&line, &[]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{line}: {stderr}");
        assert!(stderr.contains(want), "{line}: {stderr}");
        assert!(stderr.contains("gold.jsonl:1"), "{stderr}");
    }
    let listing = dir.path().join("disagreements.tsv");
    let good = doc(
        r#"{"label": "org", "start": 5, "end": 15, "text": "Acme Corp."}, {"label": "money", "start": 21, "end": 24}"#,
    );
    let out = eval(&good, &["--disagreements", listing.to_str().unwrap()]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines = std::fs::read_to_string(&listing).unwrap();
    // The gold money span is "$5 " cut short: a DIFF against "$5 million".
    assert!(
        lines.lines().any(|l| l.starts_with("money\tDIFF")),
        "{lines}"
    );
}
