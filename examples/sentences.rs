//! Print the sentences newsline finds in a file, one per line (a debugging aid).
use newsline::ingest::{IngestOptions, RawItems};
use newsline::{Pipeline, Resources};

fn main() {
    let paths: Vec<std::path::PathBuf> = std::env::args().skip(1).map(Into::into).collect();
    let pipeline = Pipeline::new(Resources::builtin(), IngestOptions::default());
    for item in RawItems::new(&paths, 16 << 20).flatten() {
        if let Ok(x) = pipeline.process(&item) {
            println!("== {}", x.doc.source);
            for s in &x.sentences {
                println!(
                    "[{:?}] {}",
                    x.doc.role_at(s.start),
                    x.doc.text[s.clone()].replace('\n', "⏎")
                );
            }
        }
    }
}
