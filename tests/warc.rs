//! WARC input end to end: the corpus's own HTML pages packed as response
//! records (with a warcinfo record, a request and an image around them) give
//! the same documents as the pages read directly, with the record's id and
//! address, through `extract` and `timeline`, plain and gzipped.

mod common;

use assert_cmd::cargo::cargo_bin_cmd;
use serde_json::Value;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The corpus pages packed into a WARC: (page, record id, target URI).
const PAGES: [(&str, &str, &str); 2] = [
    (
        "corpus/sensetime/nikkei-sensetime-relaunches-ipo.html",
        "urn:uuid:0d5c1a52-0001-4c8e-9f00-000000000001",
        "https://asia.example.com/business/sensetime-relaunches-ipo",
    ),
    (
        "corpus/microsoft-activision/verge-microsoft-to-buy-activision.html",
        "urn:uuid:0d5c1a52-0002-4c8e-9f00-000000000002",
        "https://tech.example.com/2022/1/18/microsoft-activision",
    ),
];

fn record(kind: &str, id: &str, uri: &str, block: &[u8]) -> Vec<u8> {
    let mut r = format!(
        "WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <{id}>\r\nWARC-Date: 2023-05-01T12:00:00Z\r\nWARC-Target-URI: {uri}\r\nContent-Length: {}\r\n\r\n",
        block.len()
    )
    .into_bytes();
    r.extend_from_slice(block);
    r.extend_from_slice(b"\r\n\r\n");
    r
}

/// The WARC records, one byte vector each.
fn records() -> Vec<Vec<u8>> {
    let mut out = vec![record(
        "warcinfo",
        "urn:uuid:0d5c1a52-0000-4c8e-9f00-000000000000",
        "",
        b"software: newsline tests\r\n",
    )];
    for (page, id, uri) in PAGES {
        let html = std::fs::read(common::root().join(page)).expect("corpus page");
        out.push(record(
            "request",
            "urn:uuid:0d5c1a52-1000-4c8e-9f00-000000000000",
            uri,
            b"GET / HTTP/1.1\r\nHost: example.com\r\n\r\n",
        ));
        let mut http =
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n".to_vec();
        http.extend_from_slice(&html);
        out.push(record("response", id, uri, &http));
    }
    out.push(record(
        "response",
        "urn:uuid:0d5c1a52-2000-4c8e-9f00-000000000000",
        "https://tech.example.com/logo.png",
        b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n\x89PNG\r\n",
    ));
    out
}

fn write_warc(dir: &Path, gzip: bool) -> PathBuf {
    let path = dir.join(if gzip { "pages.warc.gz" } else { "pages.warc" });
    let mut file = std::fs::File::create(&path).unwrap();
    for r in records() {
        if gzip {
            // One gzip member per record, as crawlers write them.
            let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            gz.write_all(&r).unwrap();
            file.write_all(&gz.finish().unwrap()).unwrap();
        } else {
            file.write_all(&r).unwrap();
        }
    }
    path
}

fn extract(input: &Path) -> (Vec<Value>, String) {
    let out = cargo_bin_cmd!("newsline")
        .current_dir(common::root())
        .args(["extract", "--jobs", "2"])
        .arg(input)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let records = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    (records, String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
fn records_are_the_pages_with_their_ids_and_addresses() {
    let dir = tempfile::tempdir().unwrap();
    for gzip in [false, true] {
        let warc = write_warc(dir.path(), gzip);
        let (records, stderr) = extract(&warc);
        assert_eq!(records.len(), 2, "{stderr}");
        assert!(
            stderr.contains("4 WARC records skipped (3 not responses, 1 responses not HTML)"),
            "{stderr}"
        );
        for ((page, id, uri), got) in PAGES.iter().zip(&records) {
            let (direct, _) = extract(&common::root().join(page));
            let direct = &direct[0];
            assert_eq!(got["id"], *id);
            assert_eq!(got["url"], *uri);
            // The page's own day, never the crawl date.
            assert_eq!(got["published"]["value"], direct["published"]["value"]);
            assert_ne!(got["published"]["value"], "2023-05-01");
            for key in ["title", "text", "mentions", "events"] {
                assert_eq!(got[key], direct[key], "{page}: {key}");
            }
        }
    }
}

#[test]
fn timeline_reads_warc() {
    let dir = tempfile::tempdir().unwrap();
    let warc = write_warc(dir.path(), true);
    let out = cargo_bin_cmd!("newsline")
        .current_dir(common::root())
        .args(["timeline", "--format", "json", "--entity", "SenseTime"])
        .arg(&warc)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let timeline: Value = serde_json::from_slice(&out.stdout).unwrap();
    let text = timeline.to_string();
    assert!(
        text.contains("urn:uuid:0d5c1a52-0001-4c8e-9f00-000000000001"),
        "the event cites the WARC record: {text}"
    );
}

#[test]
fn a_broken_record_is_rejected_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cut.warc");
    let mut bytes: Vec<u8> = records().concat();
    bytes.truncate(bytes.len() - 30);
    std::fs::write(&path, bytes).unwrap();
    let errors = dir.path().join("errors.jsonl");
    let out = cargo_bin_cmd!("newsline")
        .current_dir(common::root())
        .arg("extract")
        .arg(&path)
        .arg("--errors")
        .arg(&errors)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let good = String::from_utf8(out.stdout).unwrap().lines().count();
    assert_eq!(good, 2, "the records before the cut are read");
    let errors = std::fs::read_to_string(&errors).unwrap();
    assert!(errors.contains("cut short"), "{errors}");
}
