//! `extract` lends publication dates across documents: the seeds without a
//! date of their own take one from the dated reports of the same events, in
//! input order whatever the number of threads or the reorder window.

mod common;

use serde_json::Value;
use std::process::Command;

fn extract(args: &[&str]) -> Vec<Value> {
    let seeds = common::shared().unwrap().join("seeds");
    let out = Command::new(env!("CARGO_BIN_EXE_newsline"))
        .args(["extract", "--no-text"])
        .args(args)
        .arg(seeds)
        .output()
        .unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn undated_seeds_borrow_from_dated_reports_of_their_events() {
    if common::shared().is_none() {
        return;
    }
    let records = extract(&["-j", "2"]);
    let published: Vec<(&str, &str, &str)> = records
        .iter()
        .map(|r| {
            let p = &r["published"];
            (
                r["id"].as_str().unwrap(),
                p["value"].as_str().unwrap_or(""),
                p["source"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        &published[2..],
        [
            ("002_91209006d7d8ae8e", "2021-12-13", "inferred"),
            ("003_42f1083407e3e2f6", "2019-10-01", "inferred"),
            ("004_ba0d865b7515313e", "2021-12-13", "inferred"),
        ]
    );
    for r in &records[2..] {
        let basis = r["published"]["basis"].as_str().unwrap();
        assert!(basis.starts_with("borrowed:"), "{basis}");
    }
    // "On Friday" in 002 now resolves against the borrowed date.
    let friday = records[2]["events"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["type"] == "sanctioned" && e["date"] == "2021-12-10");
    assert!(friday);
}

#[test]
fn borrowing_does_not_depend_on_threads_or_window() {
    if common::shared().is_none() {
        return;
    }
    let one = extract(&["-j", "1"]);
    assert_eq!(one, extract(&["-j", "2"]));
    let narrow = extract(&["-j", "2", "--borrow-window", "1"]);
    let ids = |rs: &[Value]| -> Vec<String> { rs.iter().map(|r| r["id"].to_string()).collect() };
    assert_eq!(ids(&narrow), ids(&one), "input order holds");
}
