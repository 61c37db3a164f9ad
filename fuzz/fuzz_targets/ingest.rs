//! Any bytes, in any format, through ingest and the whole pipeline to a
//! written record: nothing may panic, and written offsets must cut out
//! their text. The bytes are also read as a file would be (magic-byte
//! sniffing, JSONL split into lines), gzipped, zstd- or bzip2-compressed
//! first, as UTF-16 with a BOM, or as the HTTP payload of a WARC response
//! record.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsline::ingest::{items_of, sniff, Format, IngestOptions, RawItem, Reason};
use std::io::Write;
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
    let direct = |format| {
        vec![Ok(RawItem {
            source: "fuzz".into(),
            line: None,
            format,
            bytes: bytes.to_vec(),
        })]
    };
    let items = match selector % 10 {
        0 => direct(Format::Text),
        1 => direct(Format::Html),
        2 => direct(Format::JsonLine),
        3 => direct(sniff(bytes)),
        4 => items_of("fuzz", bytes.to_vec(), 1 << 20),
        5 => {
            let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            gz.write_all(bytes).unwrap();
            items_of("fuzz.gz", gz.finish().unwrap(), 1 << 20)
        }
        6 => {
            let text = String::from_utf8_lossy(bytes);
            let mut utf16 = vec![0xFF, 0xFE];
            utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
            items_of("fuzz-utf16", utf16, 1 << 20)
        }
        8 => items_of(
            "fuzz.zst",
            ruzstd::encoding::compress_to_vec(bytes, ruzstd::encoding::CompressionLevel::Fastest),
            1 << 20,
        ),
        9 => {
            let mut bz = bzip2::write::BzEncoder::new(Vec::new(), bzip2::Compression::fast());
            bz.write_all(bytes).unwrap();
            items_of("fuzz.bz2", bz.finish().unwrap(), 1 << 20)
        }
        _ => {
            // A well-formed record around the bytes, so the fuzzer spends its
            // time in the HTTP head and payload, not in finding the framing.
            let mut warc = format!(
                "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://example.com/a\r\n\
                 Content-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n",
                bytes.len()
            )
            .into_bytes();
            warc.extend_from_slice(bytes);
            warc.extend_from_slice(b"\r\n\r\n");
            items_of("fuzz-warc", warc, 1 << 20)
        }
    };
    for item in items.into_iter().flatten() {
        check(&item);
    }
});

fn check(item: &RawItem) {
    // The pipeline turns a panic into an internal_error rejection; for the
    // fuzzer that is the crash it looks for.
    let x = match pipeline().process(item) {
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
}
