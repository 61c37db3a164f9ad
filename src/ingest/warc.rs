//! WARC files (`.warc`, `.warc.gz`, as Common Crawl's CC-NEWS stores pages):
//! read as a stream, record by record. Each `response` record with an HTML
//! payload is one document: its id the `WARC-Record-ID`, its address the
//! `WARC-Target-URI`, its day the page's own (the crawl date `WARC-Date` only
//! as a flagged fallback). Other records are skipped and counted.
//!
//! The reader only splits the stream into records (by `Content-Length`); a
//! record's headers and HTTP payload are read by `parse_record`, a pure
//! function the pipeline runs in parallel.

use super::html::{parse_page, PageContext};
use super::{decode_bytes, metadata_date, Format, RawItem, ReadResult, Reason, Rejection};
use crate::model::{DateSource, Document, Published};
use flate2::read::MultiGzDecoder;
use std::io::{self, BufRead, Read};

/// The longest header line read before a record is judged broken.
const MAX_HEADER_LINE: u64 = 64 << 10;

/// A stream of WARC records.
pub struct WarcReader {
    source: String,
    reader: Box<dyn BufRead + Send>,
    /// Ordinal of the record being read (1-based), reported as its `line`.
    record: u64,
    skipped_other: u64,
    skipped_not_html: u64,
    done: bool,
}

impl WarcReader {
    pub fn new(source: String, reader: Box<dyn BufRead + Send>) -> Self {
        WarcReader {
            source,
            reader,
            record: 0,
            skipped_other: 0,
            skipped_not_html: 0,
            done: false,
        }
    }

    /// The next HTML response record, a rejection, or None at the end.
    pub fn next_item(&mut self, max_bytes: u64) -> Option<ReadResult> {
        while !self.done {
            match self.next_record(max_bytes) {
                Ok(None) => self.done = true,
                Ok(Some(bytes)) => match kind(&bytes) {
                    Kind::Html => {
                        return Some(Ok(RawItem {
                            source: self.source.clone(),
                            line: Some(self.record),
                            format: super::Format::WarcRecord,
                            bytes,
                        }))
                    }
                    Kind::NotHtml => self.skipped_not_html += 1,
                    Kind::Other => self.skipped_other += 1,
                },
                Err(rejection) => return Some(Err(rejection)),
            }
        }
        None
    }

    /// A summary of the records that were not documents, when there were any.
    pub fn summary(&self) -> Option<String> {
        (self.skipped_other + self.skipped_not_html > 0).then(|| {
            format!(
                "{}: {} WARC records skipped ({} not responses, {} responses not HTML)",
                self.source,
                self.skipped_other + self.skipped_not_html,
                self.skipped_other,
                self.skipped_not_html
            )
        })
    }

    fn reject(&mut self, reason: Reason, message: impl Into<String>) -> Rejection {
        Rejection::new(&self.source, Some(self.record), reason, message)
    }

    /// Stop reading after a fault that loses the record boundaries.
    fn stop(&mut self, reason: Reason, message: impl Into<String>) -> Rejection {
        self.done = true;
        self.reader = Box::new(io::empty());
        self.reject(reason, message)
    }

    /// The bytes of the next record (headers and block), or None at the end.
    fn next_record(&mut self, max_bytes: u64) -> Result<Option<Vec<u8>>, Rejection> {
        let mut head = Vec::new();
        // Blank lines between records (each ends with two CRLFs).
        loop {
            head.clear();
            match (&mut self.reader)
                .take(MAX_HEADER_LINE)
                .read_until(b'\n', &mut head)
            {
                Ok(0) => return Ok(None),
                Ok(_) if head.iter().all(u8::is_ascii_whitespace) => continue,
                Ok(_) => break,
                Err(e) => return Err(self.stop(Reason::Unreadable, e.to_string())),
            }
        }
        self.record += 1;
        if !head.starts_with(b"WARC/") {
            return Err(self.stop(
                Reason::Unreadable,
                "not a WARC record: no `WARC/` version line where a record should start",
            ));
        }
        let mut length = None;
        loop {
            let mut line = Vec::new();
            match (&mut self.reader)
                .take(MAX_HEADER_LINE)
                .read_until(b'\n', &mut line)
            {
                Ok(0) => return Err(self.stop(Reason::Unreadable, "WARC headers cut short")),
                Ok(_) => {}
                Err(e) => return Err(self.stop(Reason::Unreadable, e.to_string())),
            }
            head.extend_from_slice(&line);
            if line.iter().all(u8::is_ascii_whitespace) {
                break;
            }
            if let Some(v) = header_value(&line, "content-length") {
                length = v.trim().parse::<u64>().ok();
            }
            if head.len() as u64 > MAX_HEADER_LINE {
                return Err(self.stop(Reason::Unreadable, "WARC headers too long"));
            }
        }
        let Some(length) = length else {
            return Err(self.stop(
                Reason::Unreadable,
                "WARC record without a valid Content-Length",
            ));
        };
        if length > max_bytes {
            // Skip the block: the next record starts after it.
            return match io::copy(&mut (&mut self.reader).take(length), &mut io::sink()) {
                Ok(n) if n == length => Err(self.reject(
                    Reason::TooLarge,
                    format!("record of {length} bytes, over the limit of {max_bytes}"),
                )),
                Ok(_) => Err(self.stop(Reason::Unreadable, "WARC record cut short")),
                Err(e) => Err(self.stop(Reason::Unreadable, e.to_string())),
            };
        }
        let mut block = Vec::with_capacity(length as usize);
        match (&mut self.reader).take(length).read_to_end(&mut block) {
            Ok(n) if n as u64 == length => {}
            Ok(n) => {
                return Err(self.stop(
                    Reason::Unreadable,
                    format!("WARC record cut short: {n} of {length} bytes"),
                ))
            }
            Err(e) => return Err(self.stop(Reason::Unreadable, e.to_string())),
        }
        head.extend_from_slice(&block);
        Ok(Some(head))
    }
}

enum Kind {
    Html,
    NotHtml,
    /// Not a response record (warcinfo, request, metadata, ...).
    Other,
}

fn kind(record: &[u8]) -> Kind {
    let (warc, block) = split_headers(record);
    let is_response = warc
        .split(|&b| b == b'\n')
        .find_map(|l| header_value(l, "warc-type"))
        .is_some_and(|t| t.trim().eq_ignore_ascii_case("response"));
    if !is_response {
        return Kind::Other;
    }
    let (http, payload) = split_headers(block);
    let content_type = http
        .split(|&b| b == b'\n')
        .find_map(|l| header_value(l, "content-type"));
    let html = match content_type {
        Some(t) => {
            let t = t.to_ascii_lowercase();
            t.contains("html")
        }
        // No type given: the payload's first bytes decide.
        None => super::sniff(payload) == super::Format::Html,
    };
    if html {
        Kind::Html
    } else {
        Kind::NotHtml
    }
}

/// The headers (up to the first blank line) and what follows them.
fn split_headers(bytes: &[u8]) -> (&[u8], &[u8]) {
    let crlf = memchr::memmem::find(bytes, b"\r\n\r\n").map(|i| (i, i + 4));
    let lf = memchr::memmem::find(bytes, b"\n\n").map(|i| (i, i + 2));
    match (crlf, lf) {
        (Some(a), Some(b)) => {
            let (end, start) = if a.0 <= b.0 { a } else { b };
            (&bytes[..end], &bytes[start..])
        }
        (Some((end, start)), None) | (None, Some((end, start))) => (&bytes[..end], &bytes[start..]),
        (None, None) => (bytes, &[]),
    }
}

/// The value of header `name` (lower-case) on this line, if it is that
/// header.
fn header_value<'a>(line: &'a [u8], name: &str) -> Option<&'a str> {
    let line = std::str::from_utf8(line).ok()?;
    let (key, value) = line.split_once(':')?;
    key.trim()
        .eq_ignore_ascii_case(name)
        .then(|| value.trim_end_matches(['\r', '\n']).trim())
}

fn header<'a>(headers: &'a [u8], name: &str) -> Option<&'a str> {
    headers
        .split(|&b| b == b'\n')
        .find_map(|l| header_value(l, name))
}

/// One response record into a document.
pub fn parse_record(item: &RawItem, warnings: &mut Vec<String>) -> Result<Document, Rejection> {
    let reject = |reason, msg: &str| Rejection::new(&item.source, item.line, reason, msg);
    let (warc, block) = split_headers(&item.bytes);
    let (http, payload) = split_headers(block);
    let mut body = std::borrow::Cow::Borrowed(payload);
    if header(http, "transfer-encoding").is_some_and(|t| t.eq_ignore_ascii_case("chunked")) {
        body = dechunk(payload)
            .ok_or_else(|| reject(Reason::Unreadable, "broken chunked transfer encoding"))?
            .into();
    }
    if header(http, "content-encoding")
        .is_some_and(|t| t.eq_ignore_ascii_case("gzip") || t.eq_ignore_ascii_case("x-gzip"))
    {
        let mut out = Vec::new();
        MultiGzDecoder::new(&body[..])
            .read_to_end(&mut out)
            .map_err(|e| reject(Reason::Unreadable, &format!("gzip payload: {e}")))?;
        body = out.into();
    }
    let text = decode_bytes(&body, &item.source, item.line, Format::Html, warnings)?;
    let crawled_raw = header(warc, "warc-date");
    let crawled = crawled_raw.and_then(metadata_date);
    let url = header(warc, "warc-target-uri").map(|u| u.trim_matches(['<', '>']));
    let page = PageContext { url, crawled };
    let mut doc = parse_page(&text, &page, warnings);
    if let Some(id) = header(warc, "warc-record-id") {
        doc.id = id.trim_matches(['<', '>']).to_string();
    }
    if let Some(u) = url {
        doc.url = Some(u.to_string());
    }
    if doc.published.date.is_none()
        && doc
            .url
            .as_deref()
            .and_then(super::pubdate::url_date)
            .is_none()
    {
        if let Some(day) = crawled {
            warnings.push("no publication day on the page: the crawl date stands in".into());
            doc.published = Published {
                date: Some(day),
                raw: crawled_raw.map(str::to_string),
                source: DateSource::Inferred,
                basis: Some("WARC-Date (crawl date)".into()),
            };
        }
    }
    Ok(doc)
}

/// The payload of an HTTP body sent in chunks.
fn dechunk(mut bytes: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(bytes.len());
    loop {
        let eol = memchr::memchr(b'\n', bytes)?;
        let size_line = std::str::from_utf8(&bytes[..eol]).ok()?;
        let size_hex = size_line.split(';').next()?.trim();
        let size = usize::from_str_radix(size_hex, 16).ok()?;
        bytes = &bytes[eol + 1..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(bytes.get(..size)?);
        bytes = &bytes[size..];
        bytes = bytes
            .strip_prefix(b"\r\n")
            .or_else(|| bytes.strip_prefix(b"\n"))
            .unwrap_or(bytes);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn record(kind: &str, uri: &str, http: &str) -> Vec<u8> {
        let mut r = format!(
            "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2021-03-04T10:00:00Z\r\nWARC-Record-ID: <urn:uuid:{kind}-{}>\r\nContent-Length: {}\r\n\r\n",
            uri.len(),
            http.len()
        )
        .into_bytes();
        r.extend_from_slice(http.as_bytes());
        r.extend_from_slice(b"\r\n\r\n");
        r
    }

    fn read_all(bytes: Vec<u8>) -> (Vec<ReadResult>, Option<String>) {
        let mut r = WarcReader::new("t.warc".into(), Box::new(io::Cursor::new(bytes)));
        let mut out = Vec::new();
        while let Some(item) = r.next_item(1 << 20) {
            out.push(item);
        }
        (out, r.summary())
    }

    const PAGE: &str = "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<html><head><title>Acme halts IPO</title></head><body><article><p>Acme Corp. said on Thursday that it had put its offering on hold after regulators asked questions about its accounts.</p></article></body></html>";

    #[test]
    fn responses_with_html_are_documents() {
        let mut w = record("warcinfo", "", "software: test\r\n");
        w.extend(record(
            "request",
            "https://example.com/a",
            "GET /a HTTP/1.1\r\n\r\n",
        ));
        w.extend(record(
            "response",
            "https://example.com/2021/03/02/acme",
            PAGE,
        ));
        w.extend(record(
            "response",
            "https://example.com/logo.png",
            "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\n\u{1}PNG",
        ));
        let (items, summary) = read_all(w);
        assert_eq!(items.len(), 1);
        let item = items[0].as_ref().unwrap();
        assert_eq!(item.line, Some(3));
        let doc = parse_record(item, &mut Vec::new()).unwrap();
        assert_eq!(doc.id, "urn:uuid:response-35");
        assert_eq!(
            doc.url.as_deref(),
            Some("https://example.com/2021/03/02/acme")
        );
        assert_eq!(doc.published.date.unwrap().to_string(), "2021-03-02");
        assert_eq!(doc.published.basis.as_deref(), Some("url"));
        assert!(doc.text.contains("put its offering on hold"));
        assert_eq!(
            summary.as_deref(),
            Some("t.warc: 3 WARC records skipped (2 not responses, 1 responses not HTML)")
        );
    }

    #[test]
    fn crawl_date_is_a_flagged_fallback() {
        let w = record("response", "https://example.com/acme", PAGE);
        let (items, _) = read_all(w);
        let mut warnings = Vec::new();
        let doc = parse_record(items[0].as_ref().unwrap(), &mut warnings).unwrap();
        assert_eq!(doc.published.date.unwrap().to_string(), "2021-03-04");
        assert_eq!(doc.published.source, DateSource::Inferred);
        assert_eq!(
            doc.published.basis.as_deref(),
            Some("WARC-Date (crawl date)")
        );
        assert_eq!(warnings.len(), 1);
    }

    #[test]
    fn chunked_and_gzip_payloads() {
        use std::io::Write;
        let html = "<html><body><p>Acme Corp. said on Thursday that it had put its offering on hold.</p></body></html>";
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(html.as_bytes()).unwrap();
        let gz = gz.finish().unwrap();
        let (a, b) = gz.split_at(10);
        let mut http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n\r\n".to_vec();
        for part in [a, b] {
            http.extend(format!("{:x}\r\n", part.len()).bytes());
            http.extend_from_slice(part);
            http.extend(b"\r\n");
        }
        http.extend(b"0\r\n\r\n");
        let mut rec = format!(
            "WARC/1.0\r\nWARC-Type: response\r\nContent-Length: {}\r\n\r\n",
            http.len()
        )
        .into_bytes();
        rec.extend(&http);
        let (items, _) = read_all(rec);
        let doc = parse_record(items[0].as_ref().unwrap(), &mut Vec::new()).unwrap();
        assert!(
            doc.text.contains("put its offering on hold"),
            "{}",
            doc.text
        );
    }

    #[test]
    fn broken_records_are_rejected_with_a_reason() {
        // A record cut short, after a good one.
        let mut w = record("response", "https://example.com/a", PAGE);
        let mut cut = record("response", "https://example.com/b", PAGE);
        cut.truncate(cut.len() - 40);
        w.extend(cut);
        let (items, _) = read_all(w);
        assert_eq!(items.len(), 2);
        assert!(items[0].is_ok());
        let err = items[1].as_ref().unwrap_err();
        assert_eq!(err.reason, Reason::Unreadable);
        assert!(err.message.contains("cut short"), "{}", err.message);
        // Not WARC at all, and no Content-Length.
        let (items, _) = read_all(b"hello\r\n".to_vec());
        assert!(items[0]
            .as_ref()
            .unwrap_err()
            .message
            .contains("not a WARC"));
        let (items, _) = read_all(b"WARC/1.0\r\nWARC-Type: response\r\n\r\nxx".to_vec());
        assert!(items[0]
            .as_ref()
            .unwrap_err()
            .message
            .contains("Content-Length"));
    }
}
