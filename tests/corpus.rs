//! The bundled corpus through the library, checked against
//! `tests/corpus_expected.json`: every format gives the right title,
//! publisher, URL and publication date, a cleaned text, furniture and
//! captions marked in place, and related items as separately dated evidence.

mod common;

use newsline::ingest::{IngestOptions, RawItems};
use newsline::output::{Record, RecordOptions};
use newsline::{Pipeline, Resources};
use serde_json::Value;
use std::collections::BTreeMap;
use std::sync::OnceLock;

fn expected() -> &'static Value {
    static EXPECTED: OnceLock<Value> = OnceLock::new();
    EXPECTED.get_or_init(|| {
        let path = common::root().join("tests/corpus_expected.json");
        let text = std::fs::read_to_string(&path).expect("tests/corpus_expected.json");
        serde_json::from_str(&text).expect("corpus_expected.json is valid JSON")
    })
}

/// Every corpus record, as written by `extract`, by id.
fn records() -> &'static BTreeMap<String, Value> {
    static RECORDS: OnceLock<BTreeMap<String, Value>> = OnceLock::new();
    RECORDS.get_or_init(|| {
        let pipeline = Pipeline::new(Resources::builtin(), IngestOptions::default());
        let mut out = BTreeMap::new();
        for item in RawItems::new(&[common::root().join("corpus")], 16 << 20) {
            let item = item.unwrap_or_else(|r| panic!("corpus input rejected: {r:?}"));
            let x = pipeline
                .process(&item)
                .unwrap_or_else(|r| panic!("corpus input rejected: {r:?}"));
            let record = Record::from_extraction(&x, RecordOptions::default());
            let value = serde_json::to_value(&record).expect("record serialises");
            let previous = out.insert(record.id.clone(), value);
            assert!(previous.is_none(), "duplicate id {}", record.id);
        }
        out
    })
}

fn documents() -> impl Iterator<Item = (&'static String, &'static Value)> {
    expected()["documents"]
        .as_object()
        .expect("documents")
        .iter()
}

fn record(id: &str) -> &'static Value {
    records()
        .get(id)
        .unwrap_or_else(|| panic!("no record for {id}"))
}

fn text_of(record: &Value) -> &str {
    record["text"].as_str().expect("text")
}

/// `text[start..end]` in code points, as a Python user would slice it.
fn cut(text: &str, start: &Value, end: &Value) -> String {
    let (start, end) = (start.as_u64().unwrap(), end.as_u64().unwrap());
    text.chars()
        .skip(start as usize)
        .take((end - start) as usize)
        .collect()
}

fn strings(v: &Value) -> Vec<&str> {
    v.as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

#[test]
fn corpus_has_every_format_and_enough_stories() {
    let formats: std::collections::BTreeSet<&str> = documents()
        .map(|(_, d)| d["format"].as_str().unwrap())
        .collect();
    for f in ["markdown", "text", "html", "jsonl", "jsonl (html field)"] {
        assert!(formats.contains(f), "no {f} document in the corpus");
    }
    let stories = expected()["stories"].as_array().unwrap();
    assert!(stories.len() >= 4);
    for s in stories {
        let n = s["documents"].as_array().unwrap().len();
        assert!((2..=4).contains(&n), "{}: {n} documents", s["story"]);
    }
    assert!(records().len() >= 14);
    assert_eq!(
        records().keys().collect::<Vec<_>>(),
        documents().map(|(id, _)| id).collect::<Vec<_>>(),
        "every corpus input is described in corpus_expected.json, and only those"
    );
}

#[test]
fn metadata_title_publisher_url() {
    for (id, want) in documents() {
        let got = record(id);
        for key in ["title", "publisher", "url"] {
            assert_eq!(got[key], want[key], "{id}: {key}");
        }
        let source = got["source"].as_str().unwrap();
        let file = want["file"].as_str().unwrap();
        let expected_source = match want["line"].as_u64() {
            Some(line) => format!("{file}:{line}"),
            None => file.to_string(),
        };
        assert!(source.ends_with(&expected_source), "{id}: source {source}");
    }
}

#[test]
fn publication_dates() {
    for (id, want) in documents() {
        let got = &record(id)["published"];
        match want["published_source"].as_str().unwrap() {
            "metadata" => {
                assert_eq!(got["source"], "metadata", "{id}");
                assert_eq!(got["value"], want["published"], "{id}");
                assert!(got["basis"].is_string(), "{id}: the key is named");
            }
            // No metadata: the date may only come from inference, and when
            // inference gives one it is the one a reader infers.
            _ => {
                assert_ne!(got["source"], "metadata", "{id}");
                if got["source"] == "inferred" {
                    assert_eq!(got["value"], want["published"], "{id}: {}", got["basis"]);
                } else {
                    assert_eq!(got["source"], "none", "{id}");
                    assert!(got["value"].is_null(), "{id}");
                }
            }
        }
    }
}

#[test]
fn text_is_cleaned() {
    for (id, want) in documents() {
        let text = text_of(record(id));
        for s in strings(&want["in_text"]) {
            assert!(text.contains(s), "{id}: missing {s:?}");
        }
        for s in strings(&want["not_in_text"]) {
            assert!(
                !text.contains(s),
                "{id}: page furniture {s:?} reached the text"
            );
        }
        assert_eq!(text, text.trim(), "{id}: text is trimmed");
    }
}

#[test]
fn title_region_cuts_the_title() {
    for (id, want) in documents() {
        let got = record(id);
        let text = text_of(got);
        let regions = got["regions"].as_array().unwrap();
        let titles: Vec<String> = regions
            .iter()
            .filter(|r| r["role"] == "title")
            .map(|r| cut(text, &r["start"], &r["end"]))
            .collect();
        assert_eq!(titles.len(), 1, "{id}: one title region");
        assert_eq!(titles[0], want["title"].as_str().unwrap(), "{id}");
        assert!(
            text.starts_with(&titles[0]),
            "{id}: the title opens the text"
        );
    }
}

#[test]
fn furniture_and_captions_are_marked_in_place() {
    for (id, want) in documents() {
        let got = record(id);
        let text = text_of(got);
        let marked = |role: &str| -> Vec<String> {
            got["regions"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|r| r["role"] == role)
                .map(|r| cut(text, &r["start"], &r["end"]))
                .collect()
        };
        assert_eq!(
            marked("furniture"),
            strings(&want["furniture"]),
            "{id}: furniture"
        );
        assert_eq!(
            marked("caption"),
            strings(&want["captions"]),
            "{id}: captions"
        );
    }
}

#[test]
fn related_items_are_dated_evidence() {
    let mut seen = 0;
    for (id, want) in documents() {
        let got = record(id);
        let text = text_of(got);
        let related: Vec<&Value> = got["regions"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["role"] == "related")
            .collect();
        let wanted = want["related"].as_array().cloned().unwrap_or_default();
        assert_eq!(related.len(), wanted.len(), "{id}: related items");
        for (r, w) in related.iter().zip(&wanted) {
            assert_eq!(r["publisher"], w["publisher"], "{id}");
            assert_eq!(r["published"], w["published"], "{id}");
            let body = cut(text, &r["start"], &r["end"]);
            assert!(
                body.starts_with(w["starts_with"].as_str().unwrap()),
                "{id}: related item reads {body:?}"
            );
            seen += 1;
        }
    }
    assert!(seen >= 3, "the corpus carries related items");
}

#[test]
fn regions_are_sorted_disjoint_and_inside_the_text() {
    for (id, got) in records() {
        let len = text_of(got).chars().count() as u64;
        let mut last_end = 0;
        for r in got["regions"].as_array().unwrap() {
            let (start, end) = (r["start"].as_u64().unwrap(), r["end"].as_u64().unwrap());
            assert!(last_end <= start && start < end && end <= len, "{id}: {r}");
            last_end = end;
        }
    }
}

#[test]
fn mentions_cut_out_their_text() {
    for (id, got) in records() {
        let text = text_of(got);
        for m in got["mentions"].as_array().unwrap() {
            assert_eq!(
                cut(text, &m["start"], &m["end"]),
                m["text"].as_str().unwrap(),
                "{id}: {m}"
            );
        }
    }
}

/// The expected dates and amounts quote the texts: they must still be there
/// (a guard for anyone editing an article or the expectations).
#[test]
fn expectations_quote_the_texts() {
    for story in expected()["stories"].as_array().unwrap() {
        let items = story["dates"]
            .as_array()
            .unwrap()
            .iter()
            .chain(story["money"].as_array().unwrap());
        for item in items {
            let doc = item["doc"].as_str().unwrap();
            let text = text_of(record(doc));
            let quoted = item["text"].as_str().unwrap();
            let context = item["context"].as_str().unwrap_or(quoted);
            assert!(context.contains(quoted), "{doc}: {item}");
            assert!(text.contains(context), "{doc}: {context:?} not in the text");
        }
        for event in story["events"].as_array().unwrap() {
            for source in strings(&event["sources"]) {
                assert!(
                    strings(&story["documents"]).contains(&source),
                    "{}: unknown source {source}",
                    story["story"]
                );
            }
        }
    }
}
