//! From paths to documents: find the inputs, read them as raw items (a file,
//! or one line of a JSONL dump), and parse each raw item into a `Document`.
//!
//! Reading is sequential and streaming (`RawItems`); parsing is a pure
//! function (`parse`) that the pipeline runs in parallel.

mod encoding;
mod frontmatter;
mod html;
mod html_body;
mod html_guard;
mod html_script;
mod jsonl;
mod pubdate;
mod text;
mod warc;

use crate::model::{DateSource, Document, Published};
use flate2::read::MultiGzDecoder;
use serde::Serialize;
use std::borrow::Cow;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

pub use html::{parse_html, parse_page, PageContext};
pub use jsonl::ArticleLine;

/// How an input's bytes are to be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Markdown or plain text, with optional YAML front matter.
    Text,
    Html,
    /// One JSON article (a line of a JSONL dump).
    JsonLine,
    /// One `response` record of a WARC file, headers and payload.
    WarcRecord,
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
    /// A FIFO, socket or device found while walking a directory: reading it
    /// could block forever or never end.
    NotAFile,
    /// Analysis ran over the per-document time budget (`--max-seconds`).
    Timeout,
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
    Lines,
    Warc,
    /// No telling extension: decided from the first bytes.
    Sniff,
}

fn container_of(path: &Path) -> Container {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    // Compression is told by magic bytes, not the name: `.gz` only hides
    // the extension that tells the format.
    let stem = name.strip_suffix(".gz").unwrap_or(&name);
    match stem.rsplit_once('.').map(|(_, ext)| ext) {
        Some("jsonl" | "ndjson") => Container::Lines,
        Some("warc") => Container::Warc,
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
///
/// A path named on the command line is read whatever it is (a pipe such as
/// `<(zcat dump.gz)` or `/dev/stdin` is what the user asked for); an entry
/// found while walking a directory must be a regular file, since a FIFO or
/// device there could block the run forever or never end.
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
                Ok(e) if e.file_type().is_file() => out.push(Ok(e.into_path())),
                // A symbolic link counts as what it points to.
                Ok(e) if std::fs::metadata(e.path()).is_ok_and(|m| m.is_file()) => {
                    out.push(Ok(e.into_path()))
                }
                Ok(e) => out.push(Err(Rejection::new(
                    &e.path().display().to_string(),
                    None,
                    Reason::NotAFile,
                    "not a regular file (a FIFO, socket, device or broken link): not read",
                ))),
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
    warc: Option<warc::WarcReader>,
    max_bytes: u64,
    stdin: StdinOrigin,
    /// The run's own output files, never read back as inputs.
    skip: Vec<PathBuf>,
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
    /// Whether any line became an item or an error: an input with none is
    /// reported as empty rather than lost without a trace.
    yielded: bool,
}

/// The size of the buffers inputs are read through.
const READ_BUFFER: usize = 1 << 16;

/// A reader over `reader`'s bytes, decompressed when they start with the
/// magic bytes of gzip, zstd or bzip2, whatever the input's name, and
/// transcoded to UTF-8 when they start with a UTF-16 BOM (so a UTF-16 dump
/// splits into lines and is sniffed like any other). Other bytes pass
/// through unchanged.
fn decompressed(reader: Box<dyn Read + Send>) -> io::Result<Box<dyn BufRead + Send>> {
    let mut buffered = BufReader::with_capacity(READ_BUFFER, reader);
    let head = buffered.fill_buf()?;
    let reader: Box<dyn Read + Send> = if head.starts_with(&[0x1f, 0x8b]) {
        Box::new(MultiGzDecoder::new(buffered))
    } else if is_zstd(head) {
        Box::new(ZstdFrames::new(buffered)?)
    } else if head.len() >= 4 && head.starts_with(b"BZh") && (b'1'..=b'9').contains(&head[3]) {
        Box::new(bzip2::read::MultiBzDecoder::new(buffered))
    } else if head.starts_with(b"\xFF\xFE") || head.starts_with(b"\xFE\xFF") {
        Box::new(buffered)
    } else {
        return Ok(Box::new(buffered));
    };
    let mut inner = BufReader::with_capacity(READ_BUFFER, reader);
    // The BOM may sit inside the gzip stream.
    let head = inner.fill_buf()?;
    if !(head.starts_with(b"\xFF\xFE") || head.starts_with(b"\xFE\xFF")) {
        return Ok(Box::new(inner));
    }
    let utf8 = encoding_rs_io::DecodeReaderBytesBuilder::new()
        .utf8_passthru(true)
        .strip_bom(true)
        .build(inner);
    Ok(Box::new(BufReader::with_capacity(READ_BUFFER, utf8)))
}

/// A zstd stream of one frame or several one after another (as `pzstd`
/// and appending writers make them), each decoded in turn.
struct ZstdFrames<R: BufRead> {
    /// None at the end, or after a frame header failed to read (the error
    /// was returned).
    frame: Option<ruzstd::decoding::StreamingDecoder<R, ruzstd::decoding::FrameDecoder>>,
}

/// Whether `head` starts with a zstd frame, or with a skippable frame (which
/// `pzstd` puts first to index its frames).
fn is_zstd(head: &[u8]) -> bool {
    head.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) || is_skippable(head)
}

fn is_skippable(head: &[u8]) -> bool {
    head.len() >= 4 && head[0] & 0xf0 == 0x50 && head[1..4] == [0x2a, 0x4d, 0x18]
}

/// Skip the skippable frames at the front of `source`, then read a frame
/// header; None at the end of the stream. The decoder's default window
/// limit (128 MiB) bounds what a hostile header can make it allocate.
fn zstd_frame<R: BufRead>(
    mut source: R,
) -> io::Result<Option<ruzstd::decoding::StreamingDecoder<R, ruzstd::decoding::FrameDecoder>>> {
    while is_skippable(source.fill_buf()?) {
        let mut header = [0; 8];
        source.read_exact(&mut header)?;
        let size = u32::from_le_bytes([header[4], header[5], header[6], header[7]]);
        let skipped = io::copy(&mut (&mut source).take(size.into()), &mut io::sink())?;
        if skipped < size.into() {
            return Err(io::ErrorKind::UnexpectedEof.into());
        }
    }
    if source.fill_buf()?.is_empty() {
        return Ok(None);
    }
    ruzstd::decoding::StreamingDecoder::new(source)
        .map(Some)
        .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))
}

impl<R: BufRead> ZstdFrames<R> {
    fn new(source: R) -> io::Result<Self> {
        Ok(ZstdFrames {
            frame: zstd_frame(source)?,
        })
    }
}

impl<R: BufRead> Read for ZstdFrames<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        loop {
            let Some(frame) = self.frame.as_mut() else {
                return Ok(0);
            };
            let n = frame.read(buf)?;
            if n > 0 || buf.is_empty() || frame.get_mut().fill_buf()?.is_empty() {
                return Ok(n);
            }
            // The frame is done and bytes follow: the next frame.
            let source = self.frame.take().map(|f| f.into_inner());
            self.frame = source.map(zstd_frame).transpose()?.flatten();
        }
    }
}

impl RawItems {
    pub fn new(paths: &[PathBuf], max_bytes: u64) -> Self {
        RawItems {
            paths: input_paths(paths).into_iter(),
            lines: None,
            warc: None,
            max_bytes,
            stdin: StdinOrigin::default(),
            skip: Vec::new(),
        }
    }

    /// Name and number the lines read from `-` as `origin` says.
    pub fn with_stdin_origin(self, origin: StdinOrigin) -> Self {
        RawItems {
            stdin: origin,
            ..self
        }
    }

    /// Leave out these files (the run's own outputs, which may sit inside an
    /// input directory: reading them back would feed the run its own output
    /// without end). Files that do not exist yet are ignored.
    pub fn skipping(mut self, outputs: &[PathBuf]) -> Self {
        self.skip = outputs
            .iter()
            .filter_map(|p| p.canonicalize().ok())
            .collect();
        self
    }

    fn is_own_output(&self, path: &Path) -> bool {
        // Names first: canonicalising every input would cost a system call
        // each.
        self.skip.iter().any(|out| {
            out.file_name() == path.file_name() && path.canonicalize().is_ok_and(|p| &p == out)
        })
    }

    fn open(&mut self, path: PathBuf) -> Option<ReadResult> {
        if path.as_os_str() == "-" {
            let origin = self.stdin.clone();
            // A named slice of a JSONL dump is read as lines whatever its
            // first bytes (it may hold blank lines only); plain stdin is
            // sniffed.
            let slice = origin != StdinOrigin::default();
            let container = if slice {
                Container::Lines
            } else {
                Container::Sniff
            };
            let read = self.read_stream(origin.name.clone(), Box::new(io::stdin()), container, 0);
            if let Some(lines) = self.lines.as_mut() {
                lines.line = origin.first_line.saturating_sub(1);
                // Blank lines only in a slice say nothing of the dump.
                lines.yielded = slice;
            }
            return read;
        }
        let source = path.display().to_string();
        let reject = |reason, msg: String| Some(Err(Rejection::new(&source, None, reason, msg)));
        let file = match File::open(&path) {
            Ok(f) => f,
            Err(e) => return reject(Reason::Unreadable, e.to_string()),
        };
        let container = container_of(&path);
        // A regular file's size is known: one over the limit is rejected
        // unread. Pipes and devices say 0 and are cut while reading.
        let size = file.metadata().map(|m| m.len()).unwrap_or(0);
        if !matches!(container, Container::Lines | Container::Warc) && size > self.max_bytes {
            return reject(
                Reason::TooLarge,
                format!("{size} bytes, over the limit of {}", self.max_bytes),
            );
        }
        self.read_stream(source, Box::new(file), container, size)
    }

    /// Read one input: a JSONL dump is handed to the line reader, anything
    /// else is read whole, up to the byte limit. `size`: the file's size when
    /// known (the buffer is sized once), else 0.
    fn read_stream(
        &mut self,
        source: String,
        reader: Box<dyn Read + Send>,
        container: Container,
        size: u64,
    ) -> Option<ReadResult> {
        let reject = |reason, msg: String| Some(Err(Rejection::new(&source, None, reason, msg)));
        let mut reader = match decompressed(reader) {
            Ok(r) => r,
            Err(e) => return reject(Reason::Unreadable, e.to_string()),
        };
        let container = match container {
            // A JSONL dump without the extension (or on stdin) is streamed
            // line by line too, however large.
            // So is a WARC file (its records start with their version line),
            // named or not: a crawl piped through stdin is common.
            Container::Sniff => match reader.fill_buf() {
                Ok(head) if head.starts_with(b"WARC/") => Container::Warc,
                Ok(head) if sniff(head) == Format::JsonLine => Container::Lines,
                Ok(_) => Container::Sniff,
                Err(e) => return reject(Reason::Unreadable, e.to_string()),
            },
            other => other,
        };
        if container == Container::Lines {
            self.lines = Some(LineReader::new(source, reader));
            return None;
        }
        if container == Container::Warc {
            self.warc = Some(warc::WarcReader::new(source, reader));
            return None;
        }
        let mut bytes = Vec::with_capacity(size.min(self.max_bytes) as usize);
        if let Err(e) = reader.take(self.max_bytes + 1).read_to_end(&mut bytes) {
            return reject(Reason::Unreadable, e.to_string());
        }
        if bytes.len() as u64 > self.max_bytes {
            return reject(
                Reason::TooLarge,
                format!(
                    "over the limit of {} bytes (once decompressed, or from a pipe)",
                    self.max_bytes
                ),
            );
        }
        let format = match container {
            Container::Single(f) => f,
            _ => sniff(&bytes),
        };
        Some(Ok(RawItem {
            source,
            line: None,
            format,
            bytes,
        }))
    }
}

/// The raw items of one input given as bytes (a file's content, compressed
/// or not, of any format): what `RawItems` yields for a file of that content
/// without a telling name. For tests and the fuzzer.
pub fn items_of(source: &str, bytes: Vec<u8>, max_bytes: u64) -> Vec<ReadResult> {
    let mut items = RawItems {
        paths: Vec::new().into_iter(),
        lines: None,
        warc: None,
        max_bytes,
        stdin: StdinOrigin::default(),
        skip: Vec::new(),
    };
    let first = items.read_stream(
        source.into(),
        Box::new(io::Cursor::new(bytes)),
        Container::Sniff,
        0,
    );
    first.into_iter().chain(items).collect()
}

impl LineReader {
    fn new(source: String, reader: Box<dyn BufRead + Send>) -> Self {
        LineReader {
            source,
            reader,
            line: 0,
            buf: Vec::new(),
            yielded: false,
        }
    }

    /// The next non-blank line, or None at the end.
    fn next_item(&mut self, max_bytes: u64) -> Option<ReadResult> {
        let item = self.next_line(max_bytes);
        match item {
            Some(_) => self.yielded = true,
            None if !self.yielded => {
                self.yielded = true;
                return Some(Err(Rejection::new(
                    &self.source,
                    None,
                    Reason::Empty,
                    "no articles: the dump is empty or blank",
                )));
            }
            None => {}
        }
        item
    }

    fn next_line(&mut self, max_bytes: u64) -> Option<ReadResult> {
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
            if let Some(records) = &mut self.warc {
                match records.next_item(self.max_bytes) {
                    Some(item) => return Some(item),
                    None => {
                        if let Some(summary) = records.summary() {
                            eprintln!("newsline: {summary}");
                        }
                        self.warc = None;
                    }
                }
            }
            match self.paths.next()? {
                Err(rej) => return Some(Err(rej)),
                Ok(path) if self.is_own_output(&path) => {}
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
/// is not UTF-8 as the encoding its BOM or (in HTML) its declared charset
/// names, else as Windows-1252 (or lossily when it is damaged UTF-8), with a
/// warning. NUL bytes past the binary check are removed, with a warning.
/// The item's text: borrowed when it is UTF-8 already (the common case, so
/// the bytes are not copied).
pub fn decode<'a>(
    item: &'a RawItem,
    warnings: &mut Vec<String>,
) -> Result<Cow<'a, str>, Rejection> {
    decode_bytes(&item.bytes, &item.source, item.line, item.format, warnings)
}

/// `decode` for bytes that are not a whole item (a WARC record's payload).
pub(crate) fn decode_bytes<'a>(
    bytes: &'a [u8],
    source: &str,
    line: Option<u64>,
    format: Format,
    warnings: &mut Vec<String>,
) -> Result<Cow<'a, str>, Rejection> {
    let reject = |reason, msg: &str| Rejection::new(source, line, reason, msg);
    let text = match encoding_rs::Encoding::for_bom(bytes) {
        // UTF-16 is full of NUL bytes: decode it before the binary check.
        Some((enc, bom)) if enc != encoding_rs::UTF_8 => {
            let (text, damaged) = enc.decode_without_bom_handling(&bytes[bom..]);
            if damaged {
                warnings.push(format!("invalid {}: decoded lossily", enc.name()));
            }
            Cow::Owned(text.into_owned())
        }
        _ => {
            let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
            if bytes.iter().all(u8::is_ascii_whitespace) {
                return Err(reject(Reason::Empty, "no content"));
            }
            if looks_binary(bytes) {
                return Err(reject(Reason::Binary, "binary data, not text"));
            }
            decode_8bit(bytes, format, warnings)
        }
    };
    if text.trim().is_empty() {
        return Err(reject(Reason::Empty, "no content"));
    }
    if memchr::memchr(0, text.as_bytes()).is_some() {
        warnings.push("NUL bytes removed".into());
        return Ok(Cow::Owned(text.replace('\0', "")));
    }
    Ok(text)
}

/// Bytes without a BOM to text.
fn decode_8bit<'a>(bytes: &'a [u8], format: Format, warnings: &mut Vec<String>) -> Cow<'a, str> {
    if let Ok(s) = std::str::from_utf8(bytes) {
        // Valid UTF-8 is read as such even when a page declares another
        // charset: scrapers often re-encode pages and keep the old <meta>.
        return Cow::Borrowed(s);
    }
    if format == Format::Html {
        if let Some(enc) = declared_charset(bytes) {
            let (text, damaged) = enc.decode_without_bom_handling(bytes);
            if damaged {
                warnings.push(format!("invalid {}: decoded lossily", enc.name()));
            }
            return text;
        }
    }
    if !encoding::mostly_utf8(bytes) {
        warnings.push("not UTF-8: decoded as Windows-1252".into());
        Cow::Owned(encoding::windows_1252(bytes))
    } else {
        warnings.push("invalid UTF-8: decoded lossily".into());
        String::from_utf8_lossy(bytes)
    }
}

/// The charset an HTML page declares in its head (`<meta charset=gbk>` or
/// `<meta http-equiv=... content="text/html; charset=gbk">`), as the
/// encoding standard labels it. Browsers look in the first 1024 bytes;
/// scraped pages put more before it, so the first 4 KiB are searched.
fn declared_charset(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let head = &bytes[..bytes.len().min(4096)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let at = memchr::memmem::find(&lower, b"charset=")? + b"charset=".len();
    let label: Vec<u8> = lower[at..]
        .iter()
        .copied()
        .skip_while(|&b| b == b'"' || b == b'\'')
        .take_while(|&b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.'))
        .collect();
    let enc = encoding_rs::Encoding::for_label(&label)?;
    // A page that says UTF-16 but has no BOM is not UTF-16 (as browsers
    // read it); UTF-8 that failed to validate is left to the guess below.
    (enc != encoding_rs::UTF_8 && enc.output_encoding() == enc).then_some(enc)
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
            let text = lone_cr_as_lf(decode(item, &mut warnings)?);
            frontmatter::parse_text_file(&text, &mut warnings)
        }
        Format::WarcRecord => warc::parse_record(item, &mut warnings)?,
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
        // An article's address often carries its day (/2019/09/30/): the
        // rule for every format that has one (front matter, JSONL, HTML).
        if let Some(date) = doc.url.as_deref().and_then(pubdate::url_date) {
            doc.published = Published {
                date: Some(date),
                raw: None,
                source: DateSource::Metadata,
                basis: Some("url".into()),
            };
        }
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

/// Old Mac files end lines with a bare CR: read it as a line end, so front
/// matter fences and paragraphs are found. CRLF is left as it is.
fn lone_cr_as_lf(text: Cow<'_, str>) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    let lone = |i: usize| bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n');
    if !memchr::memchr_iter(b'\r', bytes).any(lone) {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for i in memchr::memchr_iter(b'\r', bytes).filter(|&i| lone(i)) {
        out.push_str(&text[copied..i]);
        out.push('\n');
        copied = i + 1;
    }
    out.push_str(&text[copied..]);
    Cow::Owned(out)
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

    /// Articles with no date of their own but a dated address take its day,
    /// whatever their format; a date they state wins over the address.
    #[test]
    fn the_address_dates_articles_of_every_format() {
        let item = |format, text: &str| RawItem {
            source: "a".into(),
            line: None,
            format,
            bytes: text.as_bytes().to_vec(),
        };
        let text = "Acme Corp. said on Thursday that it had put its offering on hold.";
        let cases = [
            (
                Format::Text,
                format!("---\nurl: https://example.com/2021/12/13/acme\n---\n{text}"),
            ),
            (
                Format::JsonLine,
                format!(r#"{{"url": "https://example.com/news/20211213/acme", "text": "{text}"}}"#),
            ),
            (
                Format::Html,
                format!(
                    r#"<html><head><link rel="canonical" href="https://example.com/2021-12-13-acme.html"></head><body><p>{text}</p></body></html>"#
                ),
            ),
        ];
        for (format, input) in cases {
            let doc = parse(&item(format, &input), &IngestOptions::default()).unwrap();
            assert_eq!(
                doc.published.date.unwrap().to_string(),
                "2021-12-13",
                "{input}"
            );
            assert_eq!(doc.published.basis.as_deref(), Some("url"), "{input}");
        }
        let stated = format!(
            "---\nurl: https://example.com/2021/12/13/acme\npublished: 2021-12-14\n---\n{text}"
        );
        let doc = parse(&item(Format::Text, &stated), &IngestOptions::default()).unwrap();
        assert_eq!(doc.published.date.unwrap().to_string(), "2021-12-14");
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
