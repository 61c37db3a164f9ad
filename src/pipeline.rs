//! The one place where work runs in parallel.
//!
//! A reader thread streams raw items (files, JSONL lines) in batches; the
//! calling thread maps each batch over a rayon pool; a writer thread receives
//! the results in input order. Channels hold two batches at most, so memory
//! stays bounded by a few batches whatever the input size, and the output
//! does not depend on the number of threads.

use crate::extract::{self, Context};
use crate::ingest::{self, IngestOptions, RawItem, ReadResult, Reason, Rejection};
use crate::model::{DateSource, Document, Entity, Event, Mention};
use crate::resources::Resources;
use rayon::prelude::*;
use std::ops::Range;
use std::sync::mpsc::sync_channel;
use std::time::{Duration, Instant};

/// Everything extracted from one document.
#[derive(Debug)]
pub struct Extraction {
    pub doc: Document,
    pub sentences: Vec<Range<usize>>,
    pub mentions: Vec<Mention>,
    pub entities: Vec<Entity>,
    pub events: Vec<Event>,
}

/// The stages, configured once and shared by all workers.
pub struct Pipeline {
    pub res: Resources,
    pub ingest: IngestOptions,
    /// The time one document may take; None: no limit.
    pub budget: Option<Duration>,
}

/// A document ran over the time budget; the stage it was in.
#[derive(Debug)]
pub struct OverBudget(pub &'static str);

impl Pipeline {
    pub fn new(res: Resources, ingest: IngestOptions) -> Self {
        Pipeline {
            res,
            ingest,
            budget: None,
        }
    }

    /// Raw bytes to extraction, or the reason the input was rejected.
    pub fn process(&self, item: &RawItem) -> Result<Extraction, Rejection> {
        guarded(item, || {
            let deadline = self.budget.map(|b| Instant::now() + b);
            let doc = ingest::parse(item, &self.ingest)?;
            self.analyse_until(doc, deadline)
                .map_err(|OverBudget(stage)| {
                    let secs = self.budget.unwrap_or_default().as_secs_f64();
                    Rejection::new(
                        &item.source,
                        item.line,
                        Reason::Timeout,
                        format!(
                            "analysis took over {secs} s (--max-seconds), stopped after {stage}"
                        ),
                    )
                })
        })
    }

    /// A document to its mentions, entities and events. Pure.
    pub fn analyse(&self, doc: Document) -> Extraction {
        match self.analyse_until(doc, None) {
            Ok(x) => x,
            Err(OverBudget(_)) => unreachable!("no deadline"),
        }
    }

    /// The same, giving up between stages once `deadline` has passed: a
    /// runaway document costs at most one stage more than the budget, and
    /// no thread is ever killed.
    pub fn analyse_until(
        &self,
        mut doc: Document,
        deadline: Option<Instant>,
    ) -> Result<Extraction, OverBudget> {
        let check = |stage| match deadline {
            Some(d) if Instant::now() > d => Err(OverBudget(stage)),
            _ => Ok(()),
        };
        check("reading")?;
        crate::text::mark_furniture(&mut doc, &self.res.furniture);
        let sentences = crate::text::split_sentences(&doc, &self.res.abbreviations);
        check("sentences")?;
        if doc.published.source == DateSource::None {
            let ctx = Context {
                doc: &doc,
                sentences: &sentences,
                res: &self.res,
            };
            if let Some(p) = extract::dates::infer_published(&ctx) {
                doc.published = p;
            }
            check("publication date")?;
        }
        let ctx = Context {
            doc: &doc,
            sentences: &sentences,
            res: &self.res,
        };
        let mut mentions = extract::mentions(&ctx);
        check("mentions")?;
        let entities = crate::link::entities(&ctx, &mut mentions);
        check("entities")?;
        let events = crate::events::detect(&ctx, &mentions, &entities);
        check("events")?;
        Ok(Extraction {
            doc,
            sentences,
            mentions,
            entities,
            events,
        })
    }
}

/// Run `work` on one input; a panic in it (a bug) rejects that input alone,
/// so a run over a large corpus still accounts for every other input.
fn guarded<T>(item: &RawItem, work: impl FnOnce() -> Result<T, Rejection>) -> Result<T, Rejection> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(work)).unwrap_or_else(|panic| {
        let what = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        Err(Rejection::new(
            &item.source,
            item.line,
            Reason::InternalError,
            format!("newsline panicked on this input (please report it): {what}"),
        ))
    })
}

/// How work is cut into batches: enough to amortise scheduling, few enough
/// to bound memory.
const BATCH_ITEMS: usize = 256;
const BATCH_BYTES: usize = 8 << 20;

/// Map `work` over every raw item of `items` on `jobs` threads and hand the
/// results to `sink` in input order. `items` is usually a `RawItems`, or a
/// selection of one.
pub fn run_ordered<T, W, S>(
    items: impl Iterator<Item = ReadResult> + Send,
    jobs: usize,
    work: W,
    mut sink: S,
) -> anyhow::Result<()>
where
    T: Send,
    W: Fn(ReadResult) -> T + Sync,
    S: FnMut(T) + Send,
{
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs.max(1))
        .thread_name(|i| format!("newsline-worker-{i}"))
        .stack_size(16 << 20)
        .build()?;
    let (batch_tx, batch_rx) = sync_channel::<Vec<ReadResult>>(2);
    let (result_tx, result_rx) = sync_channel::<Vec<T>>(2);
    std::thread::scope(|scope| {
        scope.spawn(move || {
            let mut batch = Vec::with_capacity(BATCH_ITEMS);
            let mut bytes = 0;
            for item in items {
                bytes += item.as_ref().map_or(0, |i| i.bytes.len());
                batch.push(item);
                if batch.len() >= BATCH_ITEMS || bytes >= BATCH_BYTES {
                    if batch_tx.send(std::mem::take(&mut batch)).is_err() {
                        return;
                    }
                    bytes = 0;
                }
            }
            if !batch.is_empty() {
                let _ = batch_tx.send(batch);
            }
        });
        scope.spawn(move || {
            for results in result_rx {
                results.into_iter().for_each(&mut sink);
            }
        });
        for batch in batch_rx {
            let results: Vec<T> = pool.install(|| batch.into_par_iter().map(&work).collect());
            if result_tx.send(results).is_err() {
                break;
            }
        }
        drop(result_tx);
    });
    Ok(())
}

/// Map `work` over `items` on `jobs` threads, keeping their order: for work
/// that can only start once every input has been read (re-analysing the
/// documents of a timeline that borrow a date).
pub fn map_ordered<I, T, W>(items: Vec<I>, jobs: usize, work: W) -> anyhow::Result<Vec<T>>
where
    I: Send,
    T: Send,
    W: Fn(I) -> T + Sync,
{
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs.max(1))
        .thread_name(|i| format!("newsline-worker-{i}"))
        .stack_size(16 << 20)
        .build()?;
    Ok(pool.install(|| items.into_par_iter().map(&work).collect()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::Format;

    #[test]
    fn a_panic_rejects_its_input_alone() {
        let item = RawItem {
            source: "dump.jsonl".into(),
            line: Some(7),
            format: Format::JsonLine,
            bytes: b"{}".to_vec(),
        };
        let out: Result<(), Rejection> = guarded(&item, || panic!("index out of bounds"));
        let r = out.unwrap_err();
        assert_eq!((r.source.as_str(), r.line), ("dump.jsonl", Some(7)));
        assert_eq!(r.reason, Reason::InternalError);
        assert!(r.message.contains("index out of bounds"), "{}", r.message);
        assert_eq!(guarded(&item, || Ok(3)), Ok(3));
    }

    #[test]
    fn a_document_over_its_time_budget_is_a_timeout() {
        let item = RawItem {
            source: "slow.txt".into(),
            line: None,
            format: Format::Text,
            bytes: b"Acme Corp. said on Monday it raised $5 million.".to_vec(),
        };
        let mut pipeline = Pipeline::new(Resources::builtin(), IngestOptions::default());
        assert!(pipeline.process(&item).is_ok());
        pipeline.budget = Some(Duration::ZERO);
        let r = pipeline.process(&item).unwrap_err();
        assert_eq!(r.reason, Reason::Timeout);
        assert!(r.message.contains("--max-seconds"), "{}", r.message);
    }
}
