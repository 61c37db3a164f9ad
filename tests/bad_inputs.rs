//! Bad inputs never stop a run and are never dropped: each ends as a record
//! (with a warning where something was repaired) or as one line of the
//! errors file. The files are generated here, in a temporary directory.

mod common;

use assert_cmd::cargo::cargo_bin_cmd;
use newsline::ingest::{Format, IngestOptions, RawItem};
use newsline::{Pipeline, Resources};
use serde_json::Value;
use std::io::Write;
use std::time::{Duration, Instant};

/// What must become of one input item (a file, or one line of a dump).
#[derive(Debug)]
enum Outcome {
    /// A record whose warnings mention `warning` (empty: no warning) and
    /// whose text contains `text`.
    Record {
        warning: &'static str,
        text: &'static str,
    },
    Rejected(&'static str),
}

use Outcome::{Record, Rejected};

const fn record(warning: &'static str, text: &'static str) -> Outcome {
    Record { warning, text }
}

/// Deterministic noise: the same "random" bytes on every run.
fn noise(len: usize, seed: u64) -> Vec<u8> {
    let mut state = seed;
    (0..len)
        .map(|_| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 56) as u8
        })
        .collect()
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(bytes).unwrap();
    enc.finish().unwrap()
}

/// `text` in UTF-16 with its BOM (`first` is the BOM's first byte).
fn utf16(first: u8, text: &str, bytes: fn(u16) -> [u8; 2]) -> Vec<u8> {
    let mut out = if first == 0xFF {
        vec![0xFF, 0xFE]
    } else {
        vec![0xFE, 0xFF]
    };
    out.extend(text.encode_utf16().flat_map(bytes));
    out
}

const MAX_BYTES: usize = 100_000;

/// The outcome of each item of a file: one for most files, one per
/// non-blank line (numbered) for JSONL dumps.
type Items = Vec<(Option<u64>, Outcome)>;

/// The bad files: name, bytes, and what must become of their items.
fn bad_files() -> Vec<(&'static str, Vec<u8>, Items)> {
    let one = |o: Outcome| vec![(None, o)];
    let deep = format!(
        "<html><body>{}<p>Deep text survives nesting.</p>{}</body></html>",
        "<div>".repeat(5000),
        "</div>".repeat(5000)
    );
    let long_line = format!(
        "{{\"id\": \"long\", \"text\": \"{}\"}}",
        "word ".repeat(30_000)
    );
    vec![
        ("empty.txt", vec![], one(Rejected("empty"))),
        ("blank.md", b"  \n\n\t\n".to_vec(), one(Rejected("empty"))),
        ("noise.bin", noise(65_536, 1), one(Rejected("binary"))),
        (
            "high-noise.txt",
            noise(4096, 2).into_iter().map(|b| b | 0x80).collect(),
            one(record("Windows-1252", "")),
        ),
        (
            "unclosed.md",
            b"---\ntitle: Never closed\nThe body goes on without a closing fence.\n".to_vec(),
            one(record("not closed", "without a closing fence")),
        ),
        (
            "invalid-yaml.md",
            b"---\ntitle: [broken\nkey: : :\n---\nThe body after invalid YAML.\n".to_vec(),
            one(record("invalid front matter", "The body after invalid YAML.")),
        ),
        (
            "latin1.txt",
            b"Caf\xe9 Society Buys Rival\n\nThe caf\xe9 chain paid \xa35 million on Monday.\n"
                .to_vec(),
            one(record("Windows-1252", "paid £5 million")),
        ),
        (
            "damaged-utf8.txt",
            "Acme Buys Rival\n\nThe café chain paid a stray \u{1}"
                .bytes()
                .map(|b| if b == 1 { 0xff } else { b })
                .collect(),
            one(record("decoded lossily", "a stray \u{fffd}")),
        ),
        (
            "bom.txt",
            b"\xef\xbb\xbfAcme Buys Rival\n\nAcme said so on Monday.\n".to_vec(),
            one(record("", "Acme Buys Rival")),
        ),
        (
            "crlf.md",
            b"---\r\ntitle: Windows Lines\r\n---\r\nA body with CRLF endings.\r\n".to_vec(),
            one(record("", "A body with CRLF endings.")),
        ),
        (
            "front-matter-only.md",
            b"---\ntitle: Only Metadata Here\n---\n".to_vec(),
            one(record("", "Only Metadata Here")),
        ),
        (
            "deep.html",
            deep.into_bytes(),
            one(record("nested too deeply", "Deep text survives nesting.")),
        ),
        (
            "nav-only.html",
            b"<html><body><nav>Home | World</nav><footer>Copyright</footer></body></html>"
                .to_vec(),
            one(Rejected("no_text")),
        ),
        (
            "oversize.txt",
            "An over-size file. ".repeat(MAX_BYTES / 10).into_bytes(),
            one(Rejected("too_large")),
        ),
        (
            "broken.jsonl",
            concat!(
                "{\"id\": \"first\", \"text\": \"A good first line.\"}\n",
                "{\"id\": \"second\", \"text\": \n",
                "{\"id\": \"third\", \"text\": \"A good third line.\"}\n",
                "[1, 2, 3]\n",
                "{\"id\": \"no-text\", \"title\": \"Only a title\"}\n",
                "\n",
                "{\"id\": 7, \"text\": \"A numeric id.\"}\n",
                "{\"id\": \"wrong-type\", \"text\": 42}\n",
            )
            .as_bytes()
            .to_vec(),
            vec![
                (Some(1), record("", "A good first line.")),
                (Some(2), Rejected("invalid_json")),
                (Some(3), record("", "A good third line.")),
                (Some(4), Rejected("invalid_json")),
                (Some(5), Rejected("no_text")),
                (Some(7), record("", "A numeric id.")),
                (Some(8), Rejected("no_text")),
            ],
        ),
        (
            "binary-line.jsonl",
            [
                &b"{\"id\": \"ok\", \"text\": \"Fine.\"}\n"[..],
                &b"\x00\x01\x02\x03 not json \x00\n"[..],
                &b"{\"id\": \"ok2\", \"text\": \"Also fine.\"}"[..],
            ]
            .concat(),
            vec![
                (Some(1), record("", "Fine.")),
                (Some(2), Rejected("binary")),
                (Some(3), record("", "Also fine.")),
            ],
        ),
        (
            "long-line.jsonl",
            format!(
                "{{\"id\": \"a\", \"text\": \"Short.\"}}\n{long_line}\n{{\"id\": \"c\", \"text\": \"After the long line.\"}}\n"
            )
            .into_bytes(),
            vec![
                (Some(1), record("", "Short.")),
                (Some(2), Rejected("too_large")),
                (Some(3), record("", "After the long line.")),
            ],
        ),
        (
            "dump.jsonl.gz",
            gzip(
                b"{\"id\": \"g1\", \"title\": \"Zipped One\", \"text\": \"Gzipped article one.\"}\n{\"id\": \"g2\", \"html\": \"<p>Gzipped html article two.</p>\"}\n",
            ),
            vec![
                (Some(1), record("", "Gzipped article one.")),
                (Some(2), record("", "Gzipped html article two.")),
            ],
        ),
        (
            "utf16le.txt",
            utf16(0xFF, "Acme Buys Rival\n\nAcme said on Monday it paid £5 million.\n", u16::to_le_bytes),
            one(record("", "it paid £5 million")),
        ),
        (
            "utf16be.md",
            utf16(0xFE, "---\ntitle: Big Endian\n---\nA body in UTF-16BE.\n", u16::to_be_bytes),
            one(record("", "A body in UTF-16BE.")),
        ),
        (
            "late-nul.txt",
            format!("Acme Buys Rival\n\n{}Acme paid\0 in full.\n", "Filler text. ".repeat(1000))
                .into_bytes(),
            one(record("NUL bytes removed", "Acme paid in full.")),
        ),
        (
            "gbk.html",
            [
                &b"<html><head><meta charset=\"gbk\"><title>t</title></head><body><p>"[..],
                // "Beijing" in GBK.
                &b"\xb1\xb1\xbe\xa9 Acme Corp. said it raised money on Monday.</p></body></html>"[..],
            ]
            .concat(),
            one(record("", "北京 Acme Corp.")),
        ),
        (
            "page.html.gz",
            gzip(b"<html><body><p>A gzipped page about Acme Corp. and its listing.</p></body></html>"),
            one(record("", "A gzipped page about Acme Corp.")),
        ),
        (
            "article.txt.gz",
            gzip(b"Zipped Headline\n\nA gzipped text article.\n"),
            one(record("", "A gzipped text article.")),
        ),
        (
            "article.md.gz",
            gzip(b"---\ntitle: Zipped Markdown\n---\nA gzipped markdown body.\n"),
            one(record("", "A gzipped markdown body.")),
        ),
        (
            "odd-yaml.md",
            b"---\ntitle: Kept Title\nexcerpt: .nan\ndescription: !!int x\nid: 1e400\nurl: https://example.com/a\n---\nThe body after odd values.\n"
                .to_vec(),
            one(record("ignored", "Kept Title")),
        ),
        (
            "mac-cr.md",
            b"---\rtitle: Old Mac Lines\r---\rA body with CR-only endings.\r".to_vec(),
            one(record("", "A body with CR-only endings.")),
        ),
        ("empty.jsonl", vec![], one(Rejected("empty"))),
        ("blank.jsonl", b"\n  \n\t\n".to_vec(), one(Rejected("empty"))),
        (
            "spellings.jsonl",
            concat!(
                "{\"id\": \"two\", \"date\": \"2021-12-10\", \"published\": \"2021-12-13\", \"source\": \"Wire\", \"publisher\": \"Example News\", \"text\": \"Both spellings.\"}\n",
                "{\"title\": \"Np3k\", \"publish_date\": \"2021-12-13 00:00:00\", \"authors\": [\"A. Writer\"], \"text\": \"From newspaper3k.\"}\n",
                "{\"source\": {\"id\": null, \"name\": \"Example Wire\"}, \"publishedAt\": \"2021-12-13T10:00:00Z\", \"content\": \"From NewsAPI.\"}\n",
                "{\"date\": \"2021-12-13\", \"hostname\": \"example.com\", \"source\": \"https://example.com/a\", \"raw_text\": \"From trafilatura.\"}\n",
                "{\"date_publish\": \"2021-12-13 10:00:00\", \"source_domain\": \"example.com\", \"maintext\": \"From news-please.\"}\n",
                "{\"id\": \"surrogate\", \"text\": \"Cut \\ud800 in half, kept \\ud83d\\ude00.\"}\n",
            )
            .as_bytes()
            .to_vec(),
            vec![
                (Some(1), record("", "Both spellings.")),
                (Some(2), record("", "From newspaper3k.")),
                (Some(3), record("", "From NewsAPI.")),
                (Some(4), record("", "From trafilatura.")),
                (Some(5), record("", "From news-please.")),
                (Some(6), record("lone surrogate", "Cut \u{fffd} in half, kept 😀.")),
            ],
        ),
        (
            "no-extension-dump",
            b"{\"id\": \"s1\", \"text\": \"Sniffed as JSONL.\"}\n{\"id\": \"s2\", \"text\": \"Second.\"}\n"
                .to_vec(),
            vec![
                (Some(1), record("", "Sniffed as JSONL.")),
                (Some(2), record("", "Second.")),
            ],
        ),
    ]
}

/// Run `extract` over a directory; return (records, error lines).
fn extract_dir(dir: &std::path::Path, extra: &[&str]) -> (Vec<Value>, Vec<Value>) {
    let errors_dir = tempfile::tempdir().unwrap();
    let errors = errors_dir.path().join("errors.jsonl");
    let out = cargo_bin_cmd!("newsline")
        .arg("extract")
        .args(extra)
        .arg("--errors")
        .arg(&errors)
        .arg(dir)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    let parse = |bytes: &[u8]| -> Vec<Value> {
        String::from_utf8(bytes.to_vec())
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    };
    (parse(&out.stdout), parse(&std::fs::read(&errors).unwrap()))
}

fn file_and_line(source: &str) -> (String, Option<u64>) {
    let name = |s: &str| s.rsplit('/').next().unwrap().to_string();
    match source.rsplit_once(':') {
        Some((path, line)) if line.bytes().all(|b| b.is_ascii_digit()) => {
            (name(path), line.parse().ok())
        }
        _ => (name(source), None),
    }
}

#[test]
fn every_bad_input_is_accounted_for() {
    let dir = tempfile::tempdir().unwrap();
    let files = bad_files();
    for (name, bytes, _) in &files {
        std::fs::write(dir.path().join(name), bytes).unwrap();
    }
    // Hidden files are not inputs.
    std::fs::write(dir.path().join(".hidden.txt"), b"Not an input.").unwrap();
    let max = MAX_BYTES.to_string();
    let (records, errors) = extract_dir(dir.path(), &["--max-bytes", &max]);

    let inputs: usize = files.iter().map(|(_, _, items)| items.len()).sum();
    assert_eq!(
        records.len() + errors.len(),
        inputs,
        "records + error lines = inputs"
    );
    for (name, _, items) in &files {
        for (line, outcome) in items {
            let key = (name.to_string(), *line);
            let rec = records
                .iter()
                .find(|r| file_and_line(r["source"].as_str().unwrap()) == key);
            let err = errors.iter().find(|e| {
                file_and_line(e["source"].as_str().unwrap()).0 == key.0
                    && e["line"].as_u64() == key.1
            });
            match outcome {
                Record { warning, text } => {
                    let r = rec.unwrap_or_else(|| panic!("{key:?}: no record ({err:?})"));
                    let warnings = r["warnings"].to_string();
                    if warning.is_empty() {
                        assert_eq!(r["warnings"], serde_json::json!([]), "{key:?}");
                    } else {
                        assert!(warnings.contains(warning), "{key:?}: {warnings}");
                    }
                    let body = r["text"].as_str().unwrap();
                    assert!(body.contains(text), "{key:?}: {body:?}");
                    assert!(!body.contains('\u{feff}'), "{key:?}: BOM left in");
                }
                Rejected(reason) => {
                    let e = err.unwrap_or_else(|| panic!("{key:?}: no error line ({rec:?})"));
                    assert_eq!(e["reason"], *reason, "{key:?}");
                    assert!(!e["message"].as_str().unwrap().is_empty());
                    assert!(rec.is_none(), "{key:?}: both a record and an error");
                }
            }
        }
    }
}

#[test]
fn truncated_gzip_keeps_lines_before_the_damage() {
    let dir = tempfile::tempdir().unwrap();
    let lines: String = (0..300)
        .map(|i| format!("{{\"id\": \"z{i}\", \"text\": \"Line {i} of a dump cut short.\"}}\n"))
        .collect();
    let zipped = gzip(lines.as_bytes());
    std::fs::write(dir.path().join("cut.jsonl.gz"), &zipped[..zipped.len() / 2]).unwrap();
    let (records, errors) = extract_dir(dir.path(), &[]);
    assert!(!records.is_empty() && records.len() < 300);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0]["reason"], "unreadable");
    for (i, r) in records.iter().enumerate() {
        assert_eq!(
            r["id"],
            format!("z{i}"),
            "the lines before the damage, in order"
        );
    }
    assert_eq!(errors[0]["line"], records.len() as u64 + 1);
}

/// A 15 MB text on one line must take seconds, not minutes: time it against
/// a tenth of the size. Linear work gives a ratio near 10; quadratic, 100.
fn assert_linear(name: &str, make: impl Fn(usize) -> Vec<u8>, format: Format) {
    assert_linear_at(name, make, format, 1_500_000);
}

/// The same from `small` bytes to ten times as many.
fn assert_linear_at(name: &str, make: impl Fn(usize) -> Vec<u8>, format: Format, small: usize) {
    let pipeline = Pipeline::new(Resources::builtin(), IngestOptions::default());
    let time = |bytes: Vec<u8>| {
        let item = RawItem {
            source: name.into(),
            line: None,
            format,
            bytes,
        };
        let started = Instant::now();
        let x = pipeline.process(&item).expect("a big text is a document");
        assert!(x.doc.text.len() >= small * 9 / 10);
        started.elapsed()
    };
    let small_took = time(make(small));
    let big = time(make(small * 10));
    let small = small_took;
    let limit = if cfg!(debug_assertions) { 120 } else { 20 };
    assert!(
        big < Duration::from_secs(limit),
        "{name}: 15 MB took {big:?} (limit {limit} s)"
    );
    assert!(
        big < small * 30 + Duration::from_secs(1),
        "{name}: the small text took {small:?} but ten times as much {big:?}: not linear"
    );
    eprintln!("{name}: small text in {small:?}, ten times as much in {big:?}");
}

#[test]
fn fifteen_megabytes_of_prose_on_one_line_is_linear() {
    const SENTENCE: &str = "Acme Group Inc. said on Friday, Dec. 10, that the U.S. Treasury had \
        put it on a list, and its $767 million IPO at HK$3.85 to HK$3.99 a share was put on \
        hold (the Office of Foreign Assets Control, or OFAC, declined to comment). ";
    assert_linear(
        "prose",
        |size| {
            let mut text = String::from("A Headline For A Very Long Line\n");
            while text.len() < size {
                text.push_str(SENTENCE);
            }
            text.into_bytes()
        },
        Format::Text,
    );
}

/// 30,000 dated sentences on one line (3 MB) took half a minute when each
/// date looked back over the whole line for a dateline.
#[test]
fn many_dated_sentences_on_one_line_are_linear() {
    const DAYS: [&str; 5] = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"];
    assert_linear_at(
        "dated sentences",
        |size| {
            let mut text = String::from("Headline\n\n");
            let mut i = 0;
            while text.len() < size {
                let (day, date) = (DAYS[i % 5], i % 28 + 1);
                text.push_str(&format!(
                    "The company said on {day}, March {date}, 2021 - sales rose. "
                ));
                i += 1;
            }
            text.into_bytes()
        },
        Format::Text,
        300_000,
    );
}

#[test]
fn fifteen_megabytes_of_one_word_is_linear() {
    assert_linear("one word", |size| vec![b'x'; size], Format::Text);
}

#[test]
fn fifteen_megabytes_of_html_paragraph_is_linear() {
    assert_linear(
        "html",
        |size| {
            let mut page = String::from("<html><head><title>Big</title></head><body><p>");
            while page.len() < size {
                page.push_str("Acme Corp. said on Monday it had raised $5 million. ");
            }
            page.push_str("</p></body></html>");
            page.into_bytes()
        },
        Format::Html,
    );
}

#[test]
fn over_size_file_is_rejected_unread() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("big.txt"), vec![b'a'; 2_000]).unwrap();
    std::fs::write(dir.path().join("small.txt"), b"Small Enough\n\nYes.").unwrap();
    let (records, errors) = extract_dir(dir.path(), &["--max-bytes", "1000"]);
    assert_eq!(records.len(), 1);
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0]["reason"], "too_large");
    assert!(errors[0]["message"]
        .as_str()
        .unwrap()
        .contains("2000 bytes"));
}

#[test]
fn scraper_field_spellings_fill_the_same_fields() {
    let dir = tempfile::tempdir().unwrap();
    let name = "spellings.jsonl";
    let (_, bytes, _) = bad_files()
        .into_iter()
        .find(|(n, _, _)| *n == name)
        .unwrap();
    std::fs::write(dir.path().join(name), bytes).unwrap();
    let (records, errors) = extract_dir(dir.path(), &[]);
    assert!(errors.is_empty(), "{errors:?}");
    let field = |i: usize, f: &str| records[i][f].clone();
    let published = |i: usize| records[i]["published"]["value"].clone();
    // The first spelling in the table wins: `published` over `date`.
    assert_eq!(published(0), "2021-12-13");
    assert_eq!(field(0, "publisher"), "Example News");
    assert_eq!(published(1), "2021-12-13");
    assert_eq!(field(1, "title"), "Np3k");
    assert_eq!(field(2, "publisher"), "Example Wire");
    assert_eq!(published(2), "2021-12-13");
    assert_eq!(field(3, "url"), "https://example.com/a");
    assert_eq!(field(3, "publisher"), "example.com");
    assert_eq!(field(4, "publisher"), "example.com");
    assert_eq!(published(4), "2021-12-13");
}

#[test]
fn extract_records_can_be_fed_back() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.md"),
        "---\ntitle: Acme Raises Money\npublished: 2021-12-13\npublisher: Example News\n---\nAcme Corp. said on Monday it raised $5 million.\n",
    )
    .unwrap();
    let (first, _) = extract_dir(dir.path(), &[]);
    let dump = tempfile::tempdir().unwrap();
    let lines: String = first.iter().map(|r| format!("{r}\n")).collect();
    std::fs::write(dump.path().join("records.jsonl"), lines).unwrap();
    let (again, errors) = extract_dir(dump.path(), &[]);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(again.len(), 1);
    for f in ["id", "title", "publisher", "text", "mentions"] {
        assert_eq!(again[0][f], first[0][f], "{f}");
    }
    assert_eq!(again[0]["published"]["value"], "2021-12-13");
}
