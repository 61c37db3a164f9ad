//! Borrowing a publication date across documents.
//!
//! An article with no date of its own (no metadata, nothing in its text to
//! infer one from) cannot place "on Friday" or "last year". When it tells
//! events that dated articles also tell, it was published no earlier than
//! those events happened: the latest of them becomes its anchor, flagged
//! `inferred` with a basis naming the borrowed document, and the article is
//! analysed again.
//!
//! `AnchorIndex` holds the dated events seen so far. `Reorder` applies it to
//! a stream in input order: documents without an anchor wait (with everything
//! after them, so the order holds) until every event they tell is matched, or
//! until the buffer reaches its cap, when the oldest goes out with what it
//! has. Whether a document borrows depends only on the input order, never on
//! the number of threads.

use super::period::Period;
use super::DateBasis;
use crate::link::fold;
use crate::model::{DateSource, Event, Published};
use crate::pipeline::{Extraction, Pipeline};
use std::collections::{HashMap, VecDeque};

const BORROWED: &str = "borrowed:";

/// Whether a publication date was borrowed from other documents.
pub fn is_borrowed(p: &Published) -> bool {
    p.source == DateSource::Inferred && p.basis.as_deref().is_some_and(|b| b.starts_with(BORROWED))
}

/// A dated event: what one document says happened when.
#[derive(Clone, Debug, PartialEq)]
pub struct Sighting {
    pub kind: String,
    /// Folded subject name.
    pub subject: String,
    /// Folded list or law, when named.
    pub list: Option<String>,
    pub date: String,
    pub period: Period,
    pub doc: String,
}

/// The events of a document that can lend their date: those dated by their
/// own clause or by their party's announcement, in a document whose dates do
/// not themselves rest on a borrowed anchor.
pub fn sightings(doc_id: &str, published: &Published, events: &[Event]) -> Vec<Sighting> {
    if is_borrowed(published) {
        return Vec::new();
    }
    events
        .iter()
        .filter(|e| DateBasis::parse(&e.date_basis).is_point())
        .filter_map(|e| {
            let date = e.date.clone()?;
            Some(Sighting {
                kind: e.kind.clone(),
                subject: fold(&e.subject),
                list: e.list.as_deref().map(fold),
                period: Period::parse(&date)?,
                date,
                doc: doc_id.to_string(),
            })
        })
        .collect()
}

/// The publication date a document may borrow.
#[derive(Clone, Debug, PartialEq)]
pub struct Borrowed {
    pub published: Published,
    /// Every undated event of the document found a dated match.
    pub complete: bool,
}

/// Dated events by type and subject.
#[derive(Default, Debug)]
pub struct AnchorIndex {
    by_key: HashMap<(String, String), Vec<Sighting>>,
    size: usize,
}

impl AnchorIndex {
    pub fn add(&mut self, sightings: impl IntoIterator<Item = Sighting>) {
        for s in sightings {
            let seen = self
                .by_key
                .entry((s.kind.clone(), s.subject.clone()))
                .or_default();
            if !seen
                .iter()
                .any(|o| o.period == s.period && o.list == s.list)
            {
                seen.push(s);
                self.size += 1;
            }
        }
    }

    /// How many distinct dated events the index holds.
    pub fn len(&self) -> usize {
        self.size
    }

    pub fn is_empty(&self) -> bool {
        self.size == 0
    }

    /// The anchor for a document without one, from the events it tells:
    /// each undated event takes the earliest dated report of the same type
    /// and subject (one naming the same list when there is one), and the
    /// document takes the latest of those, never earlier than its own dated
    /// events. `None` when nothing matches.
    pub fn anchor_for(&self, doc_id: &str, events: &[Event]) -> Option<Borrowed> {
        let mut undated = 0;
        let mut matched = 0;
        let mut latest: Option<&Sighting> = None;
        let mut own_floor: Option<Period> = None;
        for e in events {
            let period = e.date.as_deref().and_then(Period::parse);
            if let (Some(p), true) = (period, DateBasis::parse(&e.date_basis).is_point()) {
                own_floor = own_floor.max(Some(p));
                continue;
            }
            undated += 1;
            let Some(candidates) = self.by_key.get(&(e.kind.clone(), fold(&e.subject))) else {
                continue;
            };
            let list = e.list.as_deref().map(fold);
            let others = || candidates.iter().filter(|s| s.doc != doc_id);
            let same_list = || others().filter(|s| list.is_some() && s.list == list);
            let earliest = same_list()
                .min_by_key(|s| s.period.start)
                .or_else(|| others().min_by_key(|s| s.period.start));
            if let Some(s) = earliest {
                matched += 1;
                if latest.map_or(true, |l| s.period.start > l.period.start) {
                    latest = Some(s);
                }
            }
        }
        let lender = latest?;
        let date = match own_floor {
            Some(p) if p.start > lender.period.start => p.start,
            _ => lender.period.start,
        };
        Some(Borrowed {
            published: Published {
                date: Some(date),
                raw: None,
                source: DateSource::Inferred,
                basis: Some(format!(
                    "{BORROWED} tells the {} of {} that {} dates {}",
                    lender.kind, lender.subject, lender.doc, lender.date
                )),
            },
            complete: matched == undated,
        })
    }
}

/// Analyse a document again with a borrowed anchor.
pub fn reanalyse(pipeline: &Pipeline, x: Extraction, published: Published) -> Extraction {
    let mut doc = x.doc;
    doc.published = published;
    pipeline.analyse(doc)
}

/// What a worker hands the ordered sink: a finished output, or a document
/// that may still borrow an anchor (with the output it gets if it does not).
pub enum Staged<T> {
    Ready { sightings: Vec<Sighting>, out: T },
    Unanchored { extraction: Box<Extraction>, out: T },
}

impl<T> Staged<T> {
    /// Stage an extraction and its output as written without borrowing.
    pub fn of(x: Extraction, out: T) -> Self {
        if x.doc.published.date.is_none() {
            Staged::Unanchored {
                extraction: Box::new(x),
                out,
            }
        } else {
            Staged::Ready {
                sightings: sightings(&x.doc.id, &x.doc.published, &x.events),
                out,
            }
        }
    }
}

enum Slot<T> {
    Done(T),
    Waiting { extraction: Box<Extraction>, out: T },
}

/// The capped reorder buffer of `extract`: outputs leave in input order;
/// documents without an anchor wait for the dated events they need.
pub struct Reorder<T> {
    index: AnchorIndex,
    queue: VecDeque<Slot<T>>,
    cap: usize,
}

impl<T> Reorder<T> {
    /// `cap`: how many outputs may wait behind an unanchored document.
    pub fn new(cap: usize) -> Self {
        Reorder {
            index: AnchorIndex::default(),
            queue: VecDeque::new(),
            cap: cap.max(1),
        }
    }

    /// Take the next output in input order; pass on every output that no
    /// longer waits. `redo` turns a re-analysed document into its output.
    pub fn push(
        &mut self,
        staged: Staged<T>,
        pipeline: &Pipeline,
        redo: &mut dyn FnMut(Extraction, T) -> T,
        emit: &mut dyn FnMut(T),
    ) {
        match staged {
            Staged::Ready { sightings, out } => {
                let before = self.index.len();
                self.index.add(sightings);
                self.queue.push_back(Slot::Done(out));
                if self.index.len() > before {
                    self.retry(pipeline, redo);
                }
            }
            Staged::Unanchored { extraction, out } => {
                let x = &extraction;
                self.index
                    .add(sightings(&x.doc.id, &x.doc.published, &x.events));
                self.queue.push_back(Slot::Waiting { extraction, out });
                self.retry(pipeline, redo);
            }
        }
        while self.queue.len() > self.cap {
            self.settle_front(pipeline, redo);
            self.drain(emit);
        }
        self.drain(emit);
    }

    /// The end of the input: every waiting document takes what it can.
    pub fn finish(
        mut self,
        pipeline: &Pipeline,
        redo: &mut dyn FnMut(Extraction, T) -> T,
        emit: &mut dyn FnMut(T),
    ) {
        while !self.queue.is_empty() {
            self.settle_front(pipeline, redo);
            self.drain(emit);
        }
    }

    /// Resolve waiting documents whose every event is now matched.
    fn retry(&mut self, pipeline: &Pipeline, redo: &mut dyn FnMut(Extraction, T) -> T) {
        for i in 0..self.queue.len() {
            let Slot::Waiting { extraction, .. } = &self.queue[i] else {
                continue;
            };
            let Some(b) = self
                .index
                .anchor_for(&extraction.doc.id, &extraction.events)
            else {
                continue;
            };
            if b.complete {
                self.resolve(i, Some(b.published), pipeline, redo);
            }
        }
    }

    /// The oldest slot must go: it borrows what matches, or leaves as it is.
    fn settle_front(&mut self, pipeline: &Pipeline, redo: &mut dyn FnMut(Extraction, T) -> T) {
        let Some(Slot::Waiting { extraction, .. }) = self.queue.front() else {
            return;
        };
        let borrowed = self
            .index
            .anchor_for(&extraction.doc.id, &extraction.events);
        self.resolve(0, borrowed.map(|b| b.published), pipeline, redo);
    }

    fn resolve(
        &mut self,
        i: usize,
        published: Option<Published>,
        pipeline: &Pipeline,
        redo: &mut dyn FnMut(Extraction, T) -> T,
    ) {
        let Some(Slot::Waiting { extraction, out }) = self.queue.remove(i) else {
            return;
        };
        let out = match published {
            Some(p) => redo(reanalyse(pipeline, *extraction, p), out),
            None => out,
        };
        self.queue.insert(i, Slot::Done(out));
    }

    fn drain(&mut self, emit: &mut dyn FnMut(T)) {
        while let Some(Slot::Done(_)) = self.queue.front() {
            if let Some(Slot::Done(out)) = self.queue.pop_front() {
                emit(out);
            }
        }
    }
}
