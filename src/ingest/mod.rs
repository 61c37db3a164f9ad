//! From paths to documents: find the inputs, read them as raw items (a file,
//! or one line of a JSONL dump), and parse each raw item into a `Document`.
//!
//! Reading is sequential and streaming (`RawItems`); parsing is a pure
//! function (`parse`) that the pipeline runs in parallel.

mod encoding;
mod frontmatter;
mod html;
mod jsonl;
mod text;

use crate::model::{DateSource, Document, Published};
use flate2::read::MultiGzDecoder;
use serde::Serialize;
use std::borrow::Cow;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

pub use html::parse_html;
pub use jsonl::ArticleLine;

/// How an input's bytes are to be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Markdown or plain text, with optional YAML front matter.
    Text,
    Html,
    /// One JSON article (a line of a JSONL dump).
    JsonLine,
}

/// Why an input did not become a record.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    NotFound,
    Unreadable,
    TooLarge,
    Empty,
    Binary,
    InvalidJson,
    NoText,
    /// A bug in newsline: analysing this input panicked.
    InternalError,
}

/// One line of the errors file: an input that did not become a record.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Rejection {
    pub source: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    pub reason: Reason,
    pub message: String,
}

impl Rejection {
    pub fn new(
        source: &str,
        line: Option<u64>,
        reason: Reason,
        message: impl Into<String>,
    ) -> Self {
        Rejection {
            source: source.to_string(),
            line,
            reason,
            message: message.into(),
        }
    }
}

/// One unit of work: the bytes of a file, or of one JSONL line.
#[derive(Clone, Debug)]
pub struct RawItem {
    pub source: String,
    pub line: Option<u64>,
    pub format: Format,
    pub bytes: Vec<u8>,
}

/// Limits and defaults applied while reading and parsing.
#[derive(Clone, Debug)]
pub struct IngestOptions {
    /// Larger files (or JSONL lines) are rejected unread.
    pub max_bytes: u64,
    /// The publication date for inputs whose metadata has none.
    pub published: Option<jiff::civil::Date>,
}

impl Default for IngestOptions {
    fn default() -> Self {
        IngestOptions {
            max_bytes: 16 << 20,
            published: None,
        }
    }
}

/// What kind of container a path is, by its name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Container {
    Single(Format),
    Lines {
        gzip: bool,
    },
    /// No telling extension: decided from the first bytes.
    Sniff,
}

fn container_of(path: &Path) -> Container {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let gzip = name.ends_with(".gz");
    let stem = name.strip_suffix(".gz").unwrap_or(&name);
    match stem.rsplit_once('.').map(|(_, ext)| ext) {
        Some("jsonl" | "ndjson") => Container::Lines { gzip },
        Some("html" | "htm" | "xhtml") => Container::Single(Format::Html),
        Some("md" | "markdown" | "txt" | "text") => Container::Single(Format::Text),
        _ => Container::Sniff,
    }
}

/// Guess a format from a file's first bytes.
pub fn sniff(bytes: &[u8]) -> Format {
    let head = &bytes[..bytes.len().min(1024)];
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let first = head.iter().position(|b| !b.is_ascii_whitespace());
    let rest = first.map_or(&[][..], |i| &head[i..]);
    let lower = rest
        .iter()
        .take(256)
        .map(u8::to_ascii_lowercase)
        .collect::<Vec<u8>>();
    let starts = |p: &[u8]| lower.starts_with(p);
    let tagged = rest.first() == Some(&b'<') && contains(&lower, b"<p");
    if starts(b"<!doctype html")
        || starts(b"<html")
        || starts(b"<head")
        || starts(b"<body")
        || tagged
    {
        Format::Html
    } else if rest.first() == Some(&b'{') && !head.starts_with(b"---") {
        Format::JsonLine
    } else {
        Format::Text
    }
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// Every input file under `paths`, in a stable order: directories are walked
/// recursively and sorted, hidden entries skipped. `-` stands for stdin.
pub fn input_paths(paths: &[PathBuf]) -> Vec<Result<PathBuf, Rejection>> {
    let mut out = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            out.push(Ok(path.clone()));
            continue;
        }
        if !path.exists() {
            out.push(Err(Rejection::new(
                &path.display().to_string(),
                None,
                Reason::NotFound,
                "no such file or directory",
            )));
            continue;
        }
        if !path.is_dir() {
            out.push(Ok(path.clone()));
            continue;
        }
        let walker = walkdir::WalkDir::new(path)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !is_hidden(e.file_name()));
        for entry in walker {
            match entry {
                Ok(e) if e.file_type().is_dir() => {}
                Ok(e) => out.push(Ok(e.into_path())),
                Err(err) => out.push(Err(Rejection::new(
                    &err.path()
                        .map_or_else(|| path.display().to_string(), |p| p.display().to_string()),
                    None,
                    Reason::Unreadable,
                    err.to_string(),
                ))),
            }
        }
    }
    out
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_str().is_some_and(|n| n.starts_with('.'))
}

/// Either an item to parse or an input rejected while reading.
pub type ReadResult = Result<RawItem, Rejection>;

/// A streaming reader over every input: yields files whole and JSONL dumps
/// line by line, so memory stays bounded by the largest single item.
pub struct RawItems {
    paths: std::vec::IntoIter<Result<PathBuf, Rejection>>,
    lines: Option<LineReader>,
    max_bytes: u64,
    stdin: StdinOrigin,
}

/// Where the lines read from `-` come from: by default stdin itself, line 1
/// on; when stdin carries a slice of a larger JSONL file (one partition of a
/// distributed run), that file's name and the slice's first line, so records
/// and rejections name the same source, line and default id as a run over
/// the whole file would.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StdinOrigin {
    pub name: String,
    pub first_line: u64,
}

impl Default for StdinOrigin {
    fn default() -> Self {
        StdinOrigin {
            name: "-".into(),
            first_line: 1,
        }
    }
}

struct LineReader {
    source: String,
    reader: Box<dyn BufRead + Send>,
    line: u64,
    buf: Vec<u8>,
}

impl RawItems {
    pub fn new(paths: &[PathBuf], max_bytes: u64) -> Self {
        RawItems {
            paths: input_paths(paths).into_iter(),
            lines: None,
            max_bytes,
            stdin: StdinOrigin::default(),
        }
    }

    /// Name and number the lines read from `-` as `origin` says.
    pub fn with_stdin_origin(self, origin: StdinOrigin) -> Self {
        RawItems {
            stdin: origin,
            ..self
        }
    }

    fn open(&mut self, path: PathBuf) -> Option<ReadResult> {
        if path.as_os_str() == "-" {
            let mut lines = LineReader::new(
                self.stdin.name.clone(),
                Box::new(BufReader::with_capacity(1 << 16, io::stdin())),
            );
            lines.line = self.stdin.first_line.saturating_sub(1);
            self.lines = Some(lines);
            return None;
        }
        let source = path.display().to_string();
        let reject = |reason, msg: String| Some(Err(Rejection::new(&source, None, reason, msg)));
        let file = match File::open(&path) {
            Ok(f) => f,
            Err(e) => return reject(Reason::Unreadable, e.to_string()),
        };
        match container_of(&path) {
            Container::Lines { gzip } => {
                let reader: Box<dyn BufRead + Send> = if gzip {
                    Box::new(BufReader::with_capacity(
                        1 << 16,
                        MultiGzDecoder::new(BufReader::new(file)),
                    ))
                } else {
                    Box::new(BufReader::with_capacity(1 << 16, file))
                };
                self.lines = Some(LineReader::new(source, reader));
                None
            }
            container => {
                let size = file.metadata().map(|m| m.len()).unwrap_or(0);
                if size > self.max_bytes {
                    return reject(
                        Reason::TooLarge,
                        format!("{size} bytes, over the limit of {}", self.max_bytes),
                    );
                }
                let mut bytes = Vec::with_capacity(size as usize);
                if let Err(e) = file.take(self.max_bytes + 1).read_to_end(&mut bytes) {
                    return reject(Reason::Unreadable, e.to_string());
                }
                let format = match container {
                    Container::Single(f) => f,
                    _ => sniff(&bytes),
                };
                if format == Format::JsonLine {
                    // A JSONL dump without the extension: read it line by line.
                    self.lines = Some(LineReader::new(source, Box::new(io::Cursor::new(bytes))));
                    return None;
                }
                Some(Ok(RawItem {
                    source,
                    line: None,
                    format,
                    bytes,
                }))
            }
        }
    }
}

impl LineReader {
    fn new(source: String, reader: Box<dyn BufRead + Send>) -> Self {
        LineReader {
            source,
            reader,
            line: 0,
            buf: Vec::new(),
        }
    }

    /// The next non-blank line, or None at the end.
    fn next_item(&mut self, max_bytes: u64) -> Option<ReadResult> {
        loop {
            self.buf.clear();
            self.line += 1;
            let read = (&mut self.reader)
                .take(max_bytes + 1)
                .read_until(b'\n', &mut self.buf);
            match read {
                Ok(0) => return None,
                Ok(_) => {}
                Err(e) => {
                    // A read error mid-stream (a corrupt gzip member): report it
                    // and stop reading this input.
                    self.reader = Box::new(io::empty());
                    return Some(Err(Rejection::new(
                        &self.source,
                        Some(self.line),
                        Reason::Unreadable,
                        e.to_string(),
                    )));
                }
            }
            if self.buf.len() as u64 > max_bytes && !self.buf.ends_with(b"\n") {
                // Skip the rest of the over-long line.
                let mut skipped = self.buf.len() as u64;
                loop {
                    self.buf.clear();
                    match (&mut self.reader)
                        .take(1 << 20)
                        .read_until(b'\n', &mut self.buf)
                    {
                        Ok(0) | Err(_) => break,
                        Ok(n) => skipped += n as u64,
                    }
                    if self.buf.ends_with(b"\n") {
                        break;
                    }
                }
                return Some(Err(Rejection::new(
                    &self.source,
                    Some(self.line),
                    Reason::TooLarge,
                    format!("line of {skipped} bytes, over the limit of {max_bytes}"),
                )));
            }
            if self.buf.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            return Some(Ok(RawItem {
                source: self.source.clone(),
                line: Some(self.line),
                format: Format::JsonLine,
                bytes: std::mem::take(&mut self.buf),
            }));
        }
    }
}

impl Iterator for RawItems {
    type Item = ReadResult;

    fn next(&mut self) -> Option<ReadResult> {
        loop {
            if let Some(lines) = &mut self.lines {
                match lines.next_item(self.max_bytes) {
                    Some(item) => return Some(item),
                    None => self.lines = None,
                }
            }
            match self.paths.next()? {
                Err(rej) => return Some(Err(rej)),
                Ok(path) => {
                    if let Some(item) = self.open(path) {
                        return Some(item);
                    }
                }
            }
        }
    }
}

/// Turn bytes into text: strip a BOM, reject binary data, read text that
/// is not UTF-8 as Windows-1252 (or lossily when it is damaged UTF-8), with a
/// warning.
/// The item's text: borrowed when it is UTF-8 already (the common case, so
/// the bytes are not copied).
pub fn decode<'a>(
    item: &'a RawItem,
    warnings: &mut Vec<String>,
) -> Result<Cow<'a, str>, Rejection> {
    let reject = |reason, msg: &str| Rejection::new(&item.source, item.line, reason, msg);
    let bytes = item
        .bytes
        .strip_prefix(b"\xEF\xBB\xBF")
        .unwrap_or(&item.bytes);
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(reject(Reason::Empty, "no content"));
    }
    if looks_binary(bytes) {
        return Err(reject(Reason::Binary, "binary data, not text"));
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(Cow::Borrowed(s)),
        Err(_) if !encoding::mostly_utf8(bytes) => {
            warnings.push("not UTF-8: decoded as Windows-1252".into());
            Ok(Cow::Owned(encoding::windows_1252(bytes)))
        }
        Err(_) => {
            warnings.push("invalid UTF-8: decoded lossily".into());
            Ok(String::from_utf8_lossy(bytes))
        }
    }
}

/// Append `n` in decimal.
fn push_decimal(out: &mut String, n: u64) {
    if n >= 10 {
        push_decimal(out, n / 10);
    }
    out.push(char::from(b'0' + (n % 10) as u8));
}

/// NUL bytes, or many control characters in the first 8 KiB.
fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    // Counted in bytes, a block at a time, so the loop runs on whole
    // vectors (a count in `usize` lanes did not); NULs in the same pass.
    let (mut controls, mut nul) = (0usize, false);
    for block in head.chunks(255) {
        let (n, zero) = block.iter().fold((0u8, false), |(n, zero), &b| {
            let control = b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c);
            (n + u8::from(control), zero | (b == 0))
        });
        controls += usize::from(n);
        nul |= zero;
    }
    if nul {
        return true;
    }
    controls * 10 > head.len()
}

/// Parse one raw item into a document. Pure: the same bytes give the same
/// document.
pub fn parse(item: &RawItem, opts: &IngestOptions) -> Result<Document, Rejection> {
    let mut warnings = Vec::new();
    let mut doc = match item.format {
        Format::JsonLine => jsonl::parse_line(item, &mut warnings)?,
        Format::Html => {
            let text = decode(item, &mut warnings)?;
            html::parse_html(&text, &mut warnings)
        }
        Format::Text => {
            let text = decode(item, &mut warnings)?;
            frontmatter::parse_text_file(&text, &mut warnings)
        }
    };
    doc.source = match item.line {
        Some(line) => {
            // Not format!: its machinery cost more than the rest of this.
            let mut source = String::with_capacity(item.source.len() + 8);
            source.push_str(&item.source);
            source.push(':');
            push_decimal(&mut source, line);
            source
        }
        None => item.source.clone(),
    };
    if doc.id.is_empty() {
        doc.id = default_id(&item.source, item.line);
    }
    if doc.text.trim().is_empty() {
        return Err(Rejection::new(
            &item.source,
            item.line,
            Reason::NoText,
            "no article text after cleaning",
        ));
    }
    if doc.published.date.is_none() {
        if let Some(date) = opts.published {
            doc.published = Published {
                date: Some(date),
                raw: None,
                source: DateSource::Option,
                basis: Some("--published".into()),
            };
        }
    }
    doc.warnings.extend(warnings);
    Ok(doc)
}

fn default_id(source: &str, line: Option<u64>) -> String {
    let stem = Path::new(source)
        .file_name()
        .and_then(|n| n.to_str())
        .map(|n| n.split('.').next().unwrap_or(n))
        .filter(|s| !s.is_empty())
        .unwrap_or("stdin");
    match line {
        Some(l) => format!("{stem}:{l}"),
        None => stem.to_string(),
    }
}

/// Parse a date or date-time string from metadata ("2021-12-13",
/// "2021-12-13T10:22:00Z", "2021-12-13 10:22", "Mon, 13 Dec 2021 10:22:00 GMT").
pub fn metadata_date(value: &str) -> Option<jiff::civil::Date> {
    let v = value.trim();
    // The date part of a date-time (`get`: the tenth byte may fall inside a
    // character).
    if let Some(Ok(d)) = v.get(..10).map(str::parse::<jiff::civil::Date>) {
        return Some(d);
    }
    if let Ok(d) = v.parse::<jiff::civil::Date>() {
        return Some(d);
    }
    if let Ok(ts) = jiff::fmt::rfc2822::parse(v) {
        return Some(ts.date());
    }
    // Compact forms: 20211213
    if v.len() == 8 && v.bytes().all(|b| b.is_ascii_digit()) {
        let y = v[..4].parse().ok()?;
        let m = v[4..6].parse().ok()?;
        let d = v[6..8].parse().ok()?;
        return jiff::civil::Date::new(y, m, d).ok();
    }
    None
}

/// Set a document's publication date from a metadata value.
pub(crate) fn published_from_metadata(key: &str, value: &str) -> Option<Published> {
    metadata_date(value).map(|date| Published {
        date: Some(date),
        raw: Some(value.trim().to_string()),
        source: DateSource::Metadata,
        basis: Some(key.to_string()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_as_format_writes_them() {
        for n in [0, 7, 10, 99, 100, 1234, 90_001, u64::MAX] {
            let mut s = String::from("x:");
            push_decimal(&mut s, n);
            assert_eq!(s, format!("x:{n}"));
        }
    }

    #[test]
    fn metadata_dates() {
        let cases = [
            ("2021-12-13", Some("2021-12-13")),
            ("2021-12-13T10:22:00Z", Some("2021-12-13")),
            (" 2021-12-13 10:22 ", Some("2021-12-13")),
            ("Mon, 13 Dec 2021 10:22:00 GMT", Some("2021-12-13")),
            ("20211213", Some("2021-12-13")),
            ("2021-13-45", None),
            ("yesterday", None),
            // Found by cargo fuzz: the tenth byte inside a character.
            ("2022-01-1ī13:04", None),
            ("ī", None),
        ];
        for (value, want) in cases {
            let got = metadata_date(value).map(|d| d.to_string());
            assert_eq!(got.as_deref(), want, "{value:?}");
        }
    }
}
