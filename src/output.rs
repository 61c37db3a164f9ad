//! The JSONL record of `extract`: one object per document, offsets in code
//! points (what Python's `str` slicing expects). The same types read records
//! back, so timelines can be built from saved extractions.

use crate::model::{Attrs, DateSource, Entity, Event, Kind, Role};
use crate::pipeline::Extraction;
use crate::text::CharIndex;
use serde::{Deserialize, Serialize};

#[derive(Debug, Serialize, Deserialize, PartialEq)]
pub struct Record {
    pub id: String,
    pub source: String,
    pub title: Option<String>,
    pub url: Option<String>,
    pub publisher: Option<String>,
    pub published: PublishedOut,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub text: Option<String>,
    pub regions: Vec<RegionOut>,
    pub mentions: Vec<MentionOut>,
    pub entities: Vec<Entity>,
    pub events: Vec<Event>,
    pub warnings: Vec<String>,
}

#[derive(Debug, Serialize, Deserialize, PartialEq)]
pub struct PublishedOut {
    pub value: Option<String>,
    pub source: DateSource,
    pub basis: Option<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct RegionOut {
    pub role: Role,
    pub start: usize,
    pub end: usize,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub published: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub publisher: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub url: Option<String>,
}

#[derive(Debug, Serialize, Deserialize, PartialEq)]
pub struct MentionOut {
    pub kind: Kind,
    pub text: String,
    pub start: usize,
    pub end: usize,
    #[serde(flatten)]
    pub attrs: Attrs,
}

/// Options for writing records.
#[derive(Clone, Copy, Debug, Default)]
pub struct RecordOptions {
    /// Leave `text` out (offsets still refer to it).
    pub no_text: bool,
}

impl Record {
    pub fn from_extraction(x: &Extraction, opts: RecordOptions) -> Record {
        let text = &x.doc.text;
        let idx = CharIndex::new(text);
        let span = |r: &std::ops::Range<usize>| (idx.chars(r.start), idx.chars(r.end));
        let p = &x.doc.published;
        Record {
            id: x.doc.id.clone(),
            source: x.doc.source.clone(),
            title: x.doc.title.clone(),
            url: x.doc.url.clone(),
            publisher: x.doc.publisher.clone(),
            published: PublishedOut {
                value: p.date.map(|d| d.to_string()),
                source: p.source,
                basis: p.basis.clone(),
            },
            text: (!opts.no_text).then(|| text.clone()),
            regions: x
                .doc
                .regions
                .iter()
                .map(|r| {
                    let (start, end) = span(&r.span);
                    RegionOut {
                        role: r.role,
                        start,
                        end,
                        published: r.published.map(|d| d.to_string()),
                        publisher: r.publisher.clone(),
                        url: r.url.clone(),
                    }
                })
                .collect(),
            mentions: x
                .mentions
                .iter()
                .map(|m| {
                    let (start, end) = span(&m.span);
                    MentionOut {
                        kind: m.kind,
                        text: text[m.span.clone()].to_string(),
                        start,
                        end,
                        attrs: m.attrs.clone(),
                    }
                })
                .collect(),
            entities: x.entities.clone(),
            events: x
                .events
                .iter()
                .map(|e| {
                    let mut e = e.clone();
                    e.evidence.start = idx.chars(e.evidence.start);
                    e.evidence.end = idx.chars(e.evidence.end);
                    e
                })
                .collect(),
            warnings: x.doc.warnings.clone(),
        }
    }

    pub fn to_json_line(&self) -> String {
        let mut line = serde_json::to_string(self).expect("records always serialise");
        line.push('\n');
        line
    }
}
