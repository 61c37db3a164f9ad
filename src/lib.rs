//! newsline: scraped news articles in, structured facts and cited,
//! cross-article timelines out.
//!
//! The stages, each a pure function over owned data:
//!
//! ```text
//! ingest   bytes -> Document (text, metadata, regions)
//! text     furniture marks, sentences
//! extract  Document -> mentions (dates, money, organizations ...)
//! link     mentions -> entities (aliases, acronyms)
//! events   mentions + entities -> events
//! ```
//!
//! `pipeline` runs them in parallel over a stream of inputs; `output`
//! writes the JSONL records.

pub mod eval;
pub mod events;
pub mod extract;
pub mod ingest;
pub mod link;
pub mod model;
pub mod output;
pub mod pipeline;
pub mod resources;
pub mod serve;
pub mod store;
pub mod text;
pub mod timeline;

pub use model::{Document, Entity, Event, Kind, Mention};
pub use output::Record;
pub use pipeline::{Extraction, Pipeline};
pub use resources::Resources;
