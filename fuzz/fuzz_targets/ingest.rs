//! Any bytes, in any format, through ingest and the whole pipeline to a
//! written record: nothing may panic, and written offsets must cut out
//! their text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsline::ingest::{sniff, Format, IngestOptions, RawItem, Reason};
use newsline::output::{json_line, Record, RecordOptions};
use newsline::{Pipeline, Resources};
use std::sync::OnceLock;

fn pipeline() -> &'static Pipeline {
    static PIPELINE: OnceLock<Pipeline> = OnceLock::new();
    PIPELINE.get_or_init(|| Pipeline::new(Resources::builtin(), IngestOptions::default()))
}

fuzz_target!(|data: &[u8]| {
    // The first byte picks the format; the rest is the input.
    let Some((&selector, bytes)) = data.split_first() else {
        return;
    };
    let format = match selector % 4 {
        0 => Format::Text,
        1 => Format::Html,
        2 => Format::JsonLine,
        _ => sniff(bytes),
    };
    let item = RawItem {
        source: "fuzz".into(),
        line: None,
        format,
        bytes: bytes.to_vec(),
    };
    // The pipeline turns a panic into an internal_error rejection; for the
    // fuzzer that is the crash it looks for.
    let x = match pipeline().process(&item) {
        Ok(x) => x,
        Err(r) if r.reason == Reason::InternalError => panic!("{}", r.message),
        Err(_) => return,
    };
    let record = Record::from_extraction(&x, RecordOptions::default());
    let chars: Vec<char> = x.doc.text.chars().collect();
    for m in &record.mentions {
        let cut: String = chars[m.start..m.end].iter().collect();
        assert_eq!(cut, m.text);
    }
    for r in &record.regions {
        assert!(r.start <= r.end && r.end <= chars.len());
    }
    // The line `extract` writes is the record, byte for byte.
    assert_eq!(
        json_line(&x, RecordOptions::default()),
        record.to_json_line().into_bytes()
    );
});
