//! Properties over generated inputs: no input makes `Pipeline::process`
//! panic, and every offset in a written record cuts out exactly the text it
//! claims (code points, as Python slices strings).

use newsline::ingest::{items_of, Format, IngestOptions, RawItem, Reason, Rejection};
use newsline::model::{Kind, Mention};
use newsline::output::{Record, RecordOptions};
use newsline::{Extraction, Pipeline, Resources};
use proptest::prelude::*;
use serde_json::Value;
use std::io::Write;
use std::sync::OnceLock;

/// The pipeline's outcome for one input. The pipeline turns a panic into an
/// `internal_error` rejection so a run loses nothing else; here that is a
/// failure, as a panic would be.
fn checked(item: &RawItem) -> Result<Extraction, Rejection> {
    let out = pipeline().process(item);
    if let Err(r) = &out {
        assert_ne!(r.reason, Reason::InternalError, "{}", r.message);
    }
    out
}

fn pipeline() -> &'static Pipeline {
    static PIPELINE: OnceLock<Pipeline> = OnceLock::new();
    PIPELINE.get_or_init(|| Pipeline::new(Resources::builtin(), IngestOptions::default()))
}

fn item(bytes: Vec<u8>, format: Format) -> RawItem {
    RawItem {
        source: "generated".into(),
        line: None,
        format,
        bytes,
    }
}

fn format() -> impl Strategy<Value = Format> {
    prop_oneof![
        Just(Format::Text),
        Just(Format::Html),
        Just(Format::JsonLine),
        Just(Format::WarcRecord)
    ]
}

/// `text[start..end]` in code points.
fn cut(text: &str, start: &Value, end: &Value) -> String {
    let (start, end) = (start.as_u64().unwrap(), end.as_u64().unwrap());
    assert!(start <= end, "start {start} after end {end}");
    text.chars()
        .skip(start as usize)
        .take((end - start) as usize)
        .collect()
}

/// Check every offset of an extraction, internally (byte ranges on char
/// boundaries) and in the written record (code points).
fn check_offsets(x: &Extraction) {
    let text = &x.doc.text;
    let on_boundaries = |r: &std::ops::Range<usize>| {
        r.start <= r.end
            && r.end <= text.len()
            && text.is_char_boundary(r.start)
            && text.is_char_boundary(r.end)
    };
    for s in &x.sentences {
        assert!(on_boundaries(s), "sentence {s:?}");
    }
    for r in &x.doc.regions {
        assert!(on_boundaries(&r.span), "region {r:?}");
    }
    for m in &x.mentions {
        assert!(on_boundaries(&m.span), "mention {m:?}");
    }
    let record = serde_json::to_value(Record::from_extraction(x, RecordOptions::default()))
        .expect("records serialise");
    let written = record["text"].as_str().expect("text");
    assert_eq!(written, text);
    let chars = written.chars().count() as u64;
    let mut last_end = 0;
    for r in record["regions"].as_array().unwrap() {
        let (start, end) = (r["start"].as_u64().unwrap(), r["end"].as_u64().unwrap());
        assert!(last_end <= start && start <= end && end <= chars, "{r}");
        last_end = end;
    }
    for (m, span) in record["mentions"]
        .as_array()
        .unwrap()
        .iter()
        .zip(&x.mentions)
    {
        assert_eq!(
            cut(written, &m["start"], &m["end"]),
            m["text"].as_str().unwrap()
        );
        assert_eq!(m["text"].as_str().unwrap(), &text[span.span.clone()]);
    }
    for e in record["events"].as_array().unwrap() {
        let evidence = &e["evidence"];
        assert_eq!(
            cut(written, &evidence["start"], &evidence["end"]),
            evidence["text"].as_str().unwrap(),
            "{e}"
        );
    }
}

/// Lines an article may hold: headlines, prose with dates and amounts,
/// furniture, captions, and text in many scripts.
fn article_line() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("Acme Halts Its Listing Plan".to_string()),
        Just("Acme Group Inc. said on Friday, Dec. 10, it raised $767 million.".to_string()),
        Just("The HK$3.85 to HK$3.99 range valued it at ¥50 billion (€7bn).".to_string()),
        Just("By Jane Doe".to_string()),
        Just("© 2024 EXAMPLE.com All rights reserved.".to_string()),
        Just("Join the Discussion".to_string()),
        Just("A logo is seen in Paris, July 8, 2021. REUTERS/File Photo".to_string()),
        Just("Photo: Getty Images".to_string()),
        Just("商汤科技 (SenseTime) — 香港交易所 on 2021年12月13日.".to_string()),
        Just("Timothée Lacroix a levé 105 M€ — «naïve» 🤖🇫🇷 e\u{301}".to_string()),
        Just("مرحبا بالعالم. שלום עולם.".to_string()),
        // Date-like values with a character across the tenth byte.
        "[0-9]{4}-[0-9]{2}-[0-9]?[īé€日]{1,2}[0-9:TZ]{0,8}",
        Just(String::new()),
        "[A-Za-z0-9 .,$€£¥%()'\"-]{0,80}",
        any::<String>(),
    ]
}

fn article() -> impl Strategy<Value = String> {
    prop::collection::vec(article_line(), 0..16).prop_map(|lines| lines.join("\n"))
}

/// Values YAML may hold, valid or not.
fn yaml_value() -> impl Strategy<Value = String> {
    prop_oneof![
        "[0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9]{2}:[0-9]{2}:[0-9]{2}Z)?",
        "\"[^\"\\\\\n]{0,30}\"",
        "-?[0-9]{1,25}(\\.[0-9]{1,5})?",
        Just("[".to_string()),
        Just("{a: [1, {b: c}], d: }".to_string()),
        Just("&anchor [x, y]".to_string()),
        Just("*undefined_alias".to_string()),
        Just("!!binary aGVsbG8=".to_string()),
        Just("!custom {x: 1}".to_string()),
        Just("~".to_string()),
        Just("|\n  a block\n  of text".to_string()),
        Just("false".to_string()),
        Just("Mon, 13 Dec 2021 10:22:00 GMT".to_string()),
        article_line(),
    ]
}

fn yaml_key() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "title",
            "excerpt",
            "description",
            "publishedDateTime",
            "published",
            "datePublished",
            "date",
            "pubDate",
            "publish_date",
            "created",
            "provider",
            "publisher",
            "source",
            "site_name",
            "url",
            "webUrl",
            "originalUrl",
            "id",
            "related",
            "secured",
            "images",
        ])
        .prop_map(str::to_string),
        "[A-Za-z_][A-Za-z0-9_]{0,12}",
    ]
}

fn yaml_line() -> impl Strategy<Value = String> {
    prop_oneof![
        (yaml_key(), yaml_value()).prop_map(|(k, v)| format!("{k}: {v}")),
        ("[ ]{0,6}", yaml_key(), yaml_value()).prop_map(|(i, k, v)| format!("{i}{k}: {v}")),
        ("[ ]{0,6}", yaml_value()).prop_map(|(i, v)| format!("{i}- {v}")),
        (yaml_value(), yaml_value(), yaml_value(), yaml_value()).prop_map(|(t, e, d, p)| format!(
            "related:\n  - title: {t}\n    excerpt: {e}\n    publishedDateTime: {d}\n    provider:\n      name: {p}"
        )),
        Just("---".to_string()),
        any::<String>(),
    ]
}

/// A value under a key newsline does not read (like seed 001's `secured`).
const OPAQUE: &str = "OPAQUEBLOB0123456789";

fn front_matter_document() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(yaml_line(), 0..24),
        article(),
        any::<bool>(),
    )
        .prop_map(|(lines, body, closed)| {
            let fence = if closed { "---\n" } else { "" };
            format!(
                "---\nsecured: {OPAQUE}\n{}\n{fence}{body}",
                lines.join("\n")
            )
        })
}

/// The same article as plain text, HTML and a JSONL line.
fn in_format(text: &str, format: Format) -> Vec<u8> {
    match format {
        Format::Text => text.as_bytes().to_vec(),
        Format::Html => {
            let escape = |s: &str| s.replace('&', "&amp;").replace('<', "&lt;");
            let paragraphs: String = text
                .split('\n')
                .map(|l| format!("<p>{}</p>\n", escape(l)))
                .collect();
            let first = escape(text.lines().next().unwrap_or(""));
            let attr = first.replace('"', "&quot;");
            format!(
                "<html><head><title>{first}</title>\
                 <meta property=\"article:published_time\" content=\"{attr}\"></head>\
                 <body><nav>Home</nav><article><time datetime=\"{attr}\">{first}</time>{paragraphs}\
                 <figure><figcaption>A caption. Getty Images</figcaption></figure></article>\
                 <footer>© footer</footer></body></html>"
            )
            .into_bytes()
        }
        Format::JsonLine => {
            serde_json::json!({"id": "x", "title": text.lines().next(), "text": text})
                .to_string()
                .into_bytes()
        }
        Format::WarcRecord => {
            let mut http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n".to_vec();
            http.extend(in_format(text, Format::Html));
            let mut record = format!(
                "WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:x>\r\nContent-Length: {}\r\n\r\n",
                http.len()
            )
            .into_bytes();
            record.extend(http);
            record
        }
    }
}

/// How a file's bytes may be wrapped on disk or on a pipe.
#[derive(Clone, Copy, Debug)]
enum Wrapping {
    Gzip,
    Utf16Le,
    Utf16Be,
    /// UTF-16 inside gzip.
    GzipUtf16,
    Zstd,
    /// Two zstd frames one after another, split inside the text.
    ZstdFrames,
    Bzip2,
}

fn zstd(bytes: &[u8]) -> Vec<u8> {
    ruzstd::encoding::compress_to_vec(bytes, ruzstd::encoding::CompressionLevel::Fastest)
}

fn wrap(bytes: &[u8], w: Wrapping) -> Vec<u8> {
    let gzip = |b: &[u8]| {
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        enc.write_all(b).unwrap();
        enc.finish().unwrap()
    };
    let utf16 = |b: &[u8], le: bool| {
        let text = std::str::from_utf8(b).expect("generated articles are UTF-8");
        let mut out = if le {
            vec![0xFF, 0xFE]
        } else {
            vec![0xFE, 0xFF]
        };
        for unit in text.encode_utf16() {
            out.extend(if le {
                unit.to_le_bytes()
            } else {
                unit.to_be_bytes()
            });
        }
        out
    };
    match w {
        Wrapping::Gzip => gzip(bytes),
        Wrapping::Utf16Le => utf16(bytes, true),
        Wrapping::Utf16Be => utf16(bytes, false),
        Wrapping::GzipUtf16 => gzip(&utf16(bytes, true)),
        Wrapping::Zstd => zstd(bytes),
        Wrapping::ZstdFrames => {
            let (a, b) = bytes.split_at(bytes.len() / 2);
            [zstd(a), zstd(b)].concat()
        }
        Wrapping::Bzip2 => {
            let mut enc = bzip2::write::BzEncoder::new(Vec::new(), bzip2::Compression::fast());
            enc.write_all(bytes).unwrap();
            enc.finish().unwrap()
        }
    }
}

fn wrapping() -> impl Strategy<Value = Wrapping> {
    prop_oneof![
        Just(Wrapping::Gzip),
        Just(Wrapping::Utf16Le),
        Just(Wrapping::Utf16Be),
        Just(Wrapping::GzipUtf16),
        Just(Wrapping::Zstd),
        Just(Wrapping::ZstdFrames),
        Just(Wrapping::Bzip2)
    ]
}

/// The documents (or rejection reasons) a file of these bytes becomes.
fn read_as_file(bytes: Vec<u8>) -> Vec<Result<String, Reason>> {
    items_of("generated", bytes, 1 << 20)
        .into_iter()
        .map(|item| {
            item.and_then(|i| checked(&i))
                .map(|x| x.doc.text)
                .map_err(|r| r.reason)
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 192, ..ProptestConfig::default() })]

    /// Gzip, zstd, bzip2 and UTF-16 (with a BOM) are told by their first
    /// bytes, whatever the name: a wrapped file reads exactly as the plain one.
    #[test]
    fn gzip_and_utf16_files_read_as_plain_ones(text in article(), format in format(), w in wrapping()) {
        let plain = in_format(&text, format);
        let expected = read_as_file(plain.clone());
        prop_assert_eq!(read_as_file(wrap(&plain, w)), expected);
    }

    /// Arbitrary bytes, gzipped: never a panic.
    #[test]
    fn arbitrary_gzipped_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        read_as_file(wrap(&bytes, Wrapping::Gzip));
    }

    /// Arbitrary bytes behind a compressor's magic bytes (a damaged or
    /// hostile stream): an error line, never a panic.
    #[test]
    fn arbitrary_bytes_after_magic_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2048), zstd in any::<bool>()) {
        let magic: &[u8] = if zstd { &[0x28, 0xb5, 0x2f, 0xfd] } else { b"BZh9" };
        read_as_file([magic, &bytes].concat());
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..4096), format in format()) {
        if let Ok(x) = checked(&item(bytes, format)) {
            check_offsets(&x);
        }
    }

    #[test]
    fn arbitrary_front_matter_never_panics(doc in front_matter_document()) {
        if let Ok(x) = checked(&item(doc.into_bytes(), Format::Text)) {
            check_offsets(&x);
            // Read as front matter (not refused, not unclosed): unknown keys
            // never reach the text.
            if x.doc.warnings.is_empty() {
                prop_assert!(!x.doc.text.contains(OPAQUE), "an opaque value reached the text");
            }
        }
    }

    #[test]
    fn articles_in_every_format_keep_exact_offsets(text in article(), format in format()) {
        if let Ok(x) = checked(&item(in_format(&text, format), format)) {
            check_offsets(&x);
        }
    }

    /// Whatever the extractors find, the record's code-point offsets must
    /// cut out the mention's text: here with mentions on arbitrary char
    /// boundaries of texts in many scripts.
    #[test]
    fn written_offsets_are_code_points(text in article(), cuts in prop::collection::vec((any::<prop::sample::Index>(), any::<prop::sample::Index>()), 1..12)) {
        let Ok(mut x) = checked(&item(text.into_bytes(), Format::Text)) else {
            return Ok(());
        };
        let boundaries: Vec<usize> = x.doc.text.char_indices().map(|(i, _)| i).chain([x.doc.text.len()]).collect();
        x.mentions = cuts
            .iter()
            .map(|(a, b)| {
                let (a, b) = (a.get(&boundaries), b.get(&boundaries));
                Mention::new(Kind::Organization, *a.min(b)..*a.max(b))
            })
            .collect();
        check_offsets(&x);
    }
}

/// Nested aliases multiply: the YAML parser's budget must stop them.
#[test]
fn yaml_alias_bomb_is_bounded() {
    let mut yaml = String::from("---\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..12 {
        let refs = vec![format!("*a{}", i - 1); 10].join(", ");
        yaml.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
    }
    yaml.push_str("title: Bomb\n---\nThe body survives.\n");
    let started = std::time::Instant::now();
    let x = pipeline()
        .process(&item(yaml.into_bytes(), Format::Text))
        .expect("the body is a document");
    assert!(started.elapsed() < std::time::Duration::from_secs(10));
    assert!(x.doc.text.contains("The body survives."));
    assert!(!x.doc.warnings.is_empty(), "the front matter was refused");
}

/// Deep YAML nesting must not exhaust the stack.
#[test]
fn deeply_nested_front_matter_is_bounded() {
    let depth = 100_000;
    let yaml = format!(
        "---\ntitle: {}{}\n---\nThe body survives.\n",
        "[".repeat(depth),
        "]".repeat(depth)
    );
    let x = pipeline()
        .process(&item(yaml.into_bytes(), Format::Text))
        .expect("the body is a document");
    assert!(x.doc.text.contains("The body survives."));
}
