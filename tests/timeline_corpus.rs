//! A timeline per story of `corpus/`, against `tests/corpus_expected.json`.
//!
//! The whole corpus is read at once (as `newsline timeline corpus --entity
//! NAME` does), so every story also checks that the others do not leak in.
//! For every entity the story's expected events are about, its timeline is
//! built; an entry matches an expected event when the type is the same and
//! its date is the expected date or lies within it, or a day apart from an
//! expected day (announced vs reported), and it cites one of the expected
//! sources. Each story must find enough of its events (recall) without
//! inventing many (precision), and no expected event may be matched twice.

mod common;

use newsline::events::Period;
use newsline::ingest::{IngestOptions, RawItems};
use newsline::timeline::{self, Entry, Filter, Report};
use newsline::{Pipeline, Resources};
use serde::Deserialize;
use std::sync::OnceLock;

#[derive(Deserialize)]
struct Expected {
    stories: Vec<Story>,
}

#[derive(Deserialize)]
struct Story {
    story: String,
    events: Vec<ExpectedEvent>,
}

#[derive(Deserialize)]
struct ExpectedEvent {
    #[serde(rename = "type")]
    kind: String,
    date: String,
    subject: String,
    sources: Vec<String>,
}

fn expected() -> Expected {
    let path = common::root().join("tests/corpus_expected.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn reports() -> &'static (Pipeline, Vec<Report>) {
    static CORPUS: OnceLock<(Pipeline, Vec<Report>)> = OnceLock::new();
    CORPUS.get_or_init(|| {
        let pipeline = Pipeline::new(Resources::builtin(), IngestOptions::default());
        let items = RawItems::new(&[common::root().join("corpus")], 16 << 20);
        let corpus = timeline::load(&pipeline, items, 2).unwrap();
        (pipeline, corpus.reports)
    })
}

fn matches(entry: &Entry, want: &ExpectedEvent) -> bool {
    let (Some(got), Some(date)) = (entry.period(), Period::parse(&want.date)) else {
        return false;
    };
    let cites = want
        .sources
        .iter()
        .any(|id| entry.sources.iter().any(|s| &s.id == id));
    entry.kind == want.kind
        && cites
        && (date.contains(&got)
            || (date.days() == 1 && got.days() == 1 && got.gap_days(&date) == 0))
}

/// Recall and precision over the timelines of every entity the story's
/// expected events are about; panics on an event told twice.
fn score(story: &str) -> (f64, f64) {
    let expected = expected();
    let story = expected.stories.iter().find(|s| s.story == story).unwrap();
    let (pipeline, reports) = reports();
    let mut subjects: Vec<&str> = story.events.iter().map(|e| e.subject.as_str()).collect();
    subjects.sort_unstable();
    subjects.dedup();
    let (mut wanted, mut found, mut entries, mut right) = (0, 0, 0, 0);
    for subject in subjects {
        let filter = Filter {
            entity: Some(subject.to_string()),
            ..Filter::default()
        };
        let t = timeline::build(reports, &pipeline.res.events, &filter);
        let mut used = vec![false; t.events.len()];
        for want in story.events.iter().filter(|e| e.subject == subject) {
            wanted += 1;
            let hits: Vec<usize> = (0..t.events.len())
                .filter(|&i| matches(&t.events[i], want))
                .collect();
            assert!(
                hits.len() <= 1,
                "{}: {} {} {} told {} times:\n{t:#?}",
                story.story,
                subject,
                want.kind,
                want.date,
                hits.len()
            );
            if let Some(&i) = hits.first() {
                used[i] = true;
                found += 1;
            }
        }
        entries += t.events.len();
        right += used.iter().filter(|&&u| u).count();
        for (e, used) in t.events.iter().zip(&used) {
            eprintln!(
                "  {} {:<12} {:<15} {}  [{}]",
                if *used { "+" } else { "-" },
                e.date.as_deref().unwrap_or("-"),
                e.kind,
                e.summary,
                e.sources
                    .iter()
                    .map(|s| s.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        }
    }
    let recall = found as f64 / wanted.max(1) as f64;
    let precision = right as f64 / entries.max(1) as f64;
    eprintln!(
        "{}: {found}/{wanted} events found, {right}/{entries} entries right: recall {recall:.2}, precision {precision:.2}",
        story.story
    );
    (recall, precision)
}

fn check(story: &str, min_recall: f64, min_precision: f64) {
    let (recall, precision) = score(story);
    assert!(recall >= min_recall, "{story}: recall {recall:.2}");
    assert!(
        precision >= min_precision,
        "{story}: precision {precision:.2}"
    );
}

#[test]
fn sensetime() {
    check("sensetime", 0.8, 0.8);
}

#[test]
fn ant_group() {
    check("ant-group", 0.8, 0.8);
}

#[test]
fn zte() {
    check("zte", 0.7, 0.8);
}

// The next two stories are held back by names the organizations extractor
// does not find yet ("Mistral AI" in the TechCrunch text, "Activision
// Blizzard", "Tenpay"): the events of those sentences have no subject. The
// bars are today's figures, to be raised with it.

#[test]
fn mistral() {
    check("mistral", 0.25, 0.5);
}

#[test]
fn microsoft_activision() {
    check("microsoft-activision", 0.25, 0.6);
}
