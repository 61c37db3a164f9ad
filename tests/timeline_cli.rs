//! `newsline timeline` over saved `extract` records: formats, filters, files.

use assert_cmd::Command;
use serde_json::{json, Value};
use std::path::Path;

fn record(id: &str, published: &str, events: Value, entities: Value) -> String {
    json!({
        "id": id, "source": format!("corpus/{id}.md"), "title": null,
        "url": format!("https://news.example/{id}"), "publisher": "Example News",
        "published": {"value": published, "source": "metadata", "basis": "published"},
        "regions": [], "mentions": [], "entities": entities, "events": events, "warnings": []
    })
    .to_string()
}

fn event(kind: &str, subject: &str, date: &str, basis: &str, sentence: &str) -> Value {
    json!({"type": kind, "date": date, "date_basis": basis, "reported": null,
           "subject": subject, "money": [], "confidence": 0.9,
           "evidence": {"start": 0, "end": sentence.chars().count(), "text": sentence}})
}

fn company(name: &str, aliases: &[&str]) -> Value {
    json!({"name": name, "kind": "company", "aliases": aliases, "mentions": 2})
}

/// Three outlets on Globex, one on Initech.
fn corpus(dir: &Path) -> std::path::PathBuf {
    let lines = [
        record(
            "a",
            "2022-03-02",
            json!([event(
                "fine",
                "Globex",
                "2022-03-01",
                "explicit",
                "Regulators fined Globex <b>$5 million</b> on Tuesday."
            )]),
            json!([company("Globex", &["Globex Corp."])]),
        ),
        record(
            "b",
            "2022-03-02",
            json!([event(
                "fine",
                "Globex Corp.",
                "2022-03",
                "explicit",
                "Globex Corp. was fined in March."
            )]),
            json!([company("Globex Corp.", &["Globex Corp."])]),
        ),
        record(
            "c",
            "2022-05-10",
            json!([event(
                "lawsuit",
                "Globex",
                "2022-05-09",
                "explicit",
                "Shareholders sued Globex on Monday."
            )]),
            json!([company("Globex", &[])]),
        ),
        record(
            "d",
            "2021-01-05",
            json!([event(
                "acquisition",
                "Initech",
                "2021-01-04",
                "explicit",
                "Initech agreed to buy a rival."
            )]),
            json!([company("Initech", &[])]),
        ),
    ];
    let path = dir.join("records.jsonl");
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    path
}

fn run(args: &[&str], input: &Path) -> String {
    let mut all: Vec<&std::ffi::OsStr> = vec!["timeline".as_ref()];
    all.extend(args.iter().map(std::ffi::OsStr::new));
    all.push(input.as_os_str());
    newsline(&all)
}

/// newsline's standard output for `args`; the run must succeed.
fn newsline(args: &[&std::ffi::OsStr]) -> String {
    let out = Command::cargo_bin("newsline")
        .unwrap()
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn json_merges_outlets_and_filters_by_alias() {
    let dir = tempfile::tempdir().unwrap();
    let input = corpus(dir.path());
    let all: Value = serde_json::from_str(&run(&["--format", "json"], &input)).unwrap();
    let kinds: Vec<&str> = all["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["type"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["acquisition", "fine", "lawsuit"], "oldest first");
    let globex: Value = serde_json::from_str(&run(
        &[
            "--format",
            "json",
            "--entity",
            "globex corp",
            "--type",
            "fine",
        ],
        &input,
    ))
    .unwrap();
    assert_eq!(globex["entity"], "Globex");
    let events = globex["events"].as_array().unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0]["date"], "2022-03-01");
    let ids: Vec<&str> = events[0]["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["a", "b"]);
}

#[test]
fn date_and_source_filters() {
    let dir = tempfile::tempdir().unwrap();
    let input = corpus(dir.path());
    let count = |args: &[&str]| {
        let v: Value = serde_json::from_str(&run(args, &input)).unwrap();
        v["events"].as_array().unwrap().len()
    };
    assert_eq!(count(&["--format", "json", "--from", "2022-01-01"]), 2);
    assert_eq!(count(&["--format", "json", "--to", "2021-12-31"]), 1);
    // Partial dates, as the output writes them: a year from its first day,
    // a month to its last.
    assert_eq!(count(&["--format", "json", "--from", "2022"]), 2);
    assert_eq!(count(&["--format", "json", "--to", "2021-12"]), 1);
    assert_eq!(count(&["--format", "json", "--to", "2021"]), 1);
    assert_eq!(count(&["--format", "json", "--min-sources", "2"]), 1);
}

#[test]
fn output_file_format_follows_its_extension() {
    let dir = tempfile::tempdir().unwrap();
    let input = corpus(dir.path());
    let page = dir.path().join("timeline.html");
    run(&["-o", page.to_str().unwrap()], &input);
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("&lt;b&gt;$5 million&lt;/b&gt;"));
    assert!(!html.contains("<b>$5"));
    let csv = dir.path().join("timeline.csv");
    run(&["-o", csv.to_str().unwrap()], &input);
    assert!(std::fs::read_to_string(&csv)
        .unwrap()
        .starts_with("date,date_basis,type"));
    let md = run(&["--format", "markdown"], &input);
    assert!(md.starts_with("# Timeline"));
    let table = run(&["--format", "table"], &input);
    assert!(table.contains("DATE") && table.contains("lawsuit"));
}

#[test]
fn unknown_types_are_refused_with_the_known_ones() {
    let dir = tempfile::tempdir().unwrap();
    let input = corpus(dir.path());
    let out = Command::cargo_bin("newsline")
        .unwrap()
        .args(["timeline", "--type", "spinoff"])
        .arg(&input)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("spinoff") && err.contains("ipo_halted"));
}

#[test]
fn eval_timeline_scores_a_gold_story_and_reads_only_its_documents() {
    let dir = tempfile::tempdir().unwrap();
    let input = corpus(dir.path());
    let ids: Vec<String> = std::fs::read_to_string(&input)
        .unwrap()
        .lines()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["id"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    let timeline = Command::cargo_bin("newsline")
        .unwrap()
        .args(["timeline", "--format", "json", "--entity", "Globex"])
        .arg(&input)
        .output()
        .unwrap();
    let t: Value = serde_json::from_slice(&timeline.stdout).unwrap();
    let first = &t["events"][0];
    // A gold story with the timeline's first event and one it lacks.
    let gold = dir.path().join("story.yaml");
    std::fs::write(
        &gold,
        format!(
            "documents: [{}]\ntimeline:\n  entity: Globex\n  events:\n    - type: {}\n      date: \"{}\"\n      sources: [{}]\n    - type: bankruptcy\n      date: \"1999-01-01\"\n      sources: []\n",
            ids.join(", "),
            first["type"].as_str().unwrap(),
            first["date"].as_str().unwrap(),
            first["sources"][0]["id"].as_str().unwrap(),
        ),
    )
    .unwrap();
    let text = newsline(&[
        "eval".as_ref(),
        "--differences".as_ref(),
        "--timeline".as_ref(),
        gold.as_os_str(),
        input.as_os_str(),
    ]);
    assert!(text.contains("recall 0.50 (1/2 gold events)"), "{text}");
    assert!(text.contains("MISS  1999-01-01 bankruptcy"), "{text}");
    // A story naming a document the inputs lack is an error, not a score.
    std::fs::write(
        &gold,
        "documents: [nowhere]\ntimeline:\n  entity: Globex\n  events: []\n",
    )
    .unwrap();
    let out = Command::cargo_bin("newsline")
        .unwrap()
        .args(["eval", "--timeline"])
        .arg(&gold)
        .arg(&input)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("nowhere"));
}
