//! A corpus for a timeline: articles analysed now, or `extract` records read
//! back (the reduce step after a map that may have run anywhere). Documents
//! without a publication date then borrow one from the dated reports of the
//! same events (see `events::borrow`), with the whole corpus to draw on.

use super::Report;
use crate::events::borrow::{self, AnchorIndex};
use crate::ingest::{Format, RawItem, ReadResult, Rejection};
use crate::model::{DateSource, Document, Published, Region};
use crate::output::{Record, RecordOptions};
use crate::pipeline::{map_ordered, run_ordered, Extraction, Pipeline};

/// Every document of the inputs as a timeline sees it, in input order.
#[derive(Debug, Default)]
pub struct Corpus {
    pub reports: Vec<Report>,
    pub rejections: Vec<Rejection>,
    /// Ids of the documents that borrowed their publication date.
    pub borrowed: Vec<String>,
    /// One warning per document whose id an earlier document had: it was
    /// renamed (id@source) rather than merged with that one.
    pub renamed: Vec<String>,
}

/// One input on its way into a corpus.
pub enum Loaded {
    Report(Report),
    /// No publication date, text at hand: may borrow one.
    Unanchored(Box<Extraction>),
    Rejected(Rejection),
}

/// Read and analyse `items` on `jobs` threads, then let documents without
/// an anchor borrow one. `items` is usually a `RawItems`, or a selection of
/// one.
pub fn load(
    pipeline: &Pipeline,
    items: impl Iterator<Item = ReadResult> + Send,
    jobs: usize,
) -> anyhow::Result<Corpus> {
    let mut loaded = Vec::new();
    run_ordered(
        items,
        jobs,
        |item| match item {
            Err(r) => Loaded::Rejected(r),
            Ok(item) => load_item(pipeline, &item),
        },
        |l| loaded.push(l),
    )?;
    settle(pipeline, loaded, jobs)
}

/// The corpus of inputs loaded in order: ids made unique, and documents
/// without a publication date borrow one from the dated reports of the same
/// events in the others. (The store calls it on its saved records, so its
/// timelines equal these.)
pub fn settle(pipeline: &Pipeline, mut loaded: Vec<Loaded>, jobs: usize) -> anyhow::Result<Corpus> {
    let renamed = unique_ids(&mut loaded);
    let mut index = AnchorIndex::default();
    for l in &loaded {
        match l {
            Loaded::Report(r) => index.add(borrow::sightings(&r.id, r.borrowed, &r.events)),
            Loaded::Unanchored(x) => index.add(borrow::sightings(&x.doc.id, false, &x.events)),
            Loaded::Rejected(_) => {}
        }
    }
    // Which documents borrow is settled in input order against the whole
    // index (cheap); analysing them again is the costly part, and each is
    // independent: that runs on all workers.
    let settled: Vec<(Loaded, Option<Published>)> = loaded
        .into_iter()
        .map(|l| match l {
            Loaded::Unanchored(x) => {
                let borrowed = index.anchor_for(&x.doc.id, &x.events);
                (Loaded::Unanchored(x), borrowed.map(|b| b.published))
            }
            other => (other, None),
        })
        .collect();
    // (the report and whether it borrowed its date, or the rejection)
    let done = map_ordered(settled, jobs, |(l, published)| match (l, published) {
        (Loaded::Unanchored(x), Some(p)) => {
            Ok((report_of(&borrow::reanalyse(pipeline, *x, p)), true))
        }
        (Loaded::Unanchored(x), None) => Ok((report_of(&x), false)),
        (Loaded::Report(r), _) => Ok((r, false)),
        (Loaded::Rejected(r), _) => Err(r),
    })?;
    let mut corpus = Corpus {
        renamed,
        ..Corpus::default()
    };
    for outcome in done {
        match outcome {
            Ok((r, borrowed)) => {
                if borrowed {
                    corpus.borrowed.push(r.id.clone());
                }
                corpus.reports.push(r);
            }
            Err(r) => corpus.rejections.push(r),
        }
    }
    Ok(corpus)
}

/// Make every document's id unique, in input order: the timeline cites and
/// merges by id, so two files named alike in different folders (or two
/// dump lines with one id) must stay two sources. A repeated id becomes
/// `id@source`; the warnings say which.
fn unique_ids(loaded: &mut [Loaded]) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    let mut warnings = Vec::new();
    for l in loaded {
        let (id, source) = match l {
            Loaded::Report(r) => (&mut r.id, r.source.as_str()),
            Loaded::Unanchored(x) => (&mut x.doc.id, x.doc.source.as_str()),
            Loaded::Rejected(_) => continue,
        };
        if seen.insert(id.clone()) {
            continue;
        }
        let mut unique = format!("{id}@{source}");
        let mut n = 1;
        while seen.contains(&unique) {
            n += 1;
            unique = format!("{id}@{source}#{n}");
        }
        warnings.push(format!(
            "id {id:?} of {source} was used by an earlier input: cited as {unique:?}"
        ));
        seen.insert(unique.clone());
        *id = unique;
    }
    warnings
}

fn report_of(x: &Extraction) -> Report {
    Report::from_record(&Record::from_extraction(x, RecordOptions { no_text: true }))
}

fn load_item(pipeline: &Pipeline, item: &RawItem) -> Loaded {
    if item.format == Format::JsonLine {
        if let Some(record) = as_record(&item.bytes) {
            return from_record(pipeline, record);
        }
    }
    match pipeline.process(item) {
        Ok(x) if x.doc.published.date.is_none() => Loaded::Unanchored(Box::new(x)),
        Ok(x) => Loaded::Report(report_of(&x)),
        Err(r) => Loaded::Rejected(r),
    }
}

/// An `extract` record, when the line is one (articles have no `mentions`).
fn as_record(bytes: &[u8]) -> Option<Record> {
    contains(bytes, b"\"mentions\"")
        .then(|| serde_json::from_slice(bytes).ok())
        .flatten()
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// An `extract` record as a corpus input: its report, or, without a
/// publication date of its own, its text analysed again so it may borrow one.
pub fn from_record(pipeline: &Pipeline, record: Record) -> Loaded {
    // A date `extract` borrowed came from the documents of that run only (one
    // partition of a distributed run, or its reorder window): with its text
    // at hand, the document borrows again from the whole corpus, so the
    // timeline does not depend on how the map step was split.
    let p = &record.published;
    let anchored = p.value.is_some() && !borrow::is_borrowed_basis(p.source, p.basis.as_deref());
    match (anchored, document_of(&record)) {
        (false, Some(mut doc)) => {
            if let Some(date) = pipeline.ingest.published {
                doc.published = Published {
                    date: Some(date),
                    raw: None,
                    source: DateSource::Option,
                    basis: Some("--published".into()),
                };
                return Loaded::Report(report_of(&pipeline.analyse(doc)));
            }
            Loaded::Unanchored(Box::new(pipeline.analyse(doc)))
        }
        _ => Loaded::Report(Report::from_record(&record)),
    }
}

/// The document a record was made from (its text and regions), for a new
/// analysis; `None` when the record was written without its text.
fn document_of(r: &Record) -> Option<Document> {
    let text = r.text.clone()?;
    let bytes = byte_offsets(&text);
    let at = |c: usize| bytes.get(c).copied().unwrap_or(text.len());
    let regions = r
        .regions
        .iter()
        .map(|g| Region {
            span: at(g.start)..at(g.end),
            role: g.role,
            published: g
                .published
                .as_deref()
                .and_then(crate::ingest::metadata_date),
            publisher: g.publisher.clone(),
            url: g.url.clone(),
        })
        .collect();
    Some(Document {
        id: r.id.clone(),
        source: r.source.clone(),
        title: r.title.clone(),
        url: r.url.clone(),
        publisher: r.publisher.clone(),
        published: Published::default(),
        regions,
        warnings: r.warnings.clone(),
        text,
    })
}

/// Byte offset of every code point (and of the end).
fn byte_offsets(text: &str) -> Vec<usize> {
    text.char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(text.len()))
        .collect()
}
