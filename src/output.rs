//! The JSONL record of `extract`: one object per document, offsets in code
//! points (what Python's `str` slicing expects). The same types read records
//! back, so timelines can be built from saved extractions.

use crate::model::{Attrs, DateSource, Entity, Event, Kind, Mention, Role};
use crate::pipeline::Extraction;
use crate::text::CharIndex;
use serde::{Deserialize, Serialize};

#[derive(Debug, Serialize, Deserialize, PartialEq)]
pub struct Record {
    pub id: String,
    pub source: String,
    pub title: Option<String>,
    pub url: Option<String>,
    pub publisher: Option<String>,
    pub published: PublishedOut,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub text: Option<String>,
    pub regions: Vec<RegionOut>,
    pub mentions: Vec<MentionOut>,
    pub entities: Vec<Entity>,
    pub events: Vec<Event>,
    pub warnings: Vec<String>,
}

#[derive(Debug, Serialize, Deserialize, PartialEq)]
pub struct PublishedOut {
    pub value: Option<String>,
    pub source: DateSource,
    pub basis: Option<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct RegionOut {
    pub role: Role,
    pub start: usize,
    pub end: usize,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub published: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub publisher: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub url: Option<String>,
}

#[derive(Debug, Serialize, Deserialize, PartialEq)]
pub struct MentionOut {
    pub kind: Kind,
    pub text: String,
    pub start: usize,
    pub end: usize,
    #[serde(flatten)]
    pub attrs: Attrs,
}

/// Options for writing records.
#[derive(Clone, Copy, Debug, Default)]
pub struct RecordOptions {
    /// Leave `text` out (offsets still refer to it).
    pub no_text: bool,
}

impl Record {
    pub fn from_extraction(x: &Extraction, opts: RecordOptions) -> Record {
        let text = &x.doc.text;
        let idx = CharIndex::new(text);
        let span = |r: &std::ops::Range<usize>| (idx.chars(r.start), idx.chars(r.end));
        let p = &x.doc.published;
        Record {
            id: x.doc.id.clone(),
            source: x.doc.source.clone(),
            title: x.doc.title.clone(),
            url: x.doc.url.clone(),
            publisher: x.doc.publisher.clone(),
            published: PublishedOut {
                value: p.date.map(|d| d.to_string()),
                source: p.source,
                basis: p.basis.clone(),
            },
            text: (!opts.no_text).then(|| text.clone()),
            regions: x
                .doc
                .regions
                .iter()
                .map(|r| {
                    let (start, end) = span(&r.span);
                    RegionOut {
                        role: r.role,
                        start,
                        end,
                        published: r.published.map(|d| d.to_string()),
                        publisher: r.publisher.clone(),
                        url: r.url.clone(),
                    }
                })
                .collect(),
            mentions: x
                .mentions
                .iter()
                .map(|m| {
                    let (start, end) = span(&m.span);
                    MentionOut {
                        kind: m.kind,
                        text: text[m.span.clone()].to_string(),
                        start,
                        end,
                        attrs: (*m.attrs).clone(),
                    }
                })
                .collect(),
            entities: x.entities.clone(),
            events: x
                .events
                .iter()
                .map(|e| {
                    let mut e = e.clone();
                    e.evidence.start = idx.chars(e.evidence.start);
                    e.evidence.end = idx.chars(e.evidence.end);
                    e
                })
                .collect(),
            warnings: x.doc.warnings.clone(),
        }
    }

    pub fn to_json_line(&self) -> String {
        let mut line = serde_json::to_string(self).expect("records always serialise");
        line.push('\n');
        line
    }
}

/// The JSONL line of an extraction: the bytes `Record::from_extraction(x,
/// opts).to_json_line()` gives, written straight from the extraction
/// without the intermediate record (no copies of the text, the mentions'
/// strings or their attributes). Leaves are formatted by serde_json itself
/// or, for strings, with its escaping rules.
pub fn json_line(x: &Extraction, opts: RecordOptions) -> Vec<u8> {
    let doc = &x.doc;
    let text = &doc.text;
    let idx = CharIndex::new(text);
    let mut out = Vec::with_capacity(2 * text.len() + 160 * x.mentions.len() + 512);
    let o = &mut out;
    o.extend_from_slice(b"{\"id\":");
    string(o, &doc.id);
    o.extend_from_slice(b",\"source\":");
    string(o, &doc.source);
    o.extend_from_slice(b",\"title\":");
    opt_string(o, doc.title.as_deref());
    o.extend_from_slice(b",\"url\":");
    opt_string(o, doc.url.as_deref());
    o.extend_from_slice(b",\"publisher\":");
    opt_string(o, doc.publisher.as_deref());
    o.extend_from_slice(b",\"published\":{\"value\":");
    opt_string(o, doc.published.date.map(|d| d.to_string()).as_deref());
    o.extend_from_slice(b",\"source\":");
    name(o, doc.published.source.as_str());
    o.extend_from_slice(b",\"basis\":");
    opt_string(o, doc.published.basis.as_deref());
    o.push(b'}');
    if !opts.no_text {
        o.extend_from_slice(b",\"text\":");
        string(o, text);
    }
    o.extend_from_slice(b",\"regions\":[");
    for (i, r) in doc.regions.iter().enumerate() {
        if i > 0 {
            o.push(b',');
        }
        o.extend_from_slice(b"{\"role\":");
        name(o, r.role.as_str());
        o.extend_from_slice(b",\"start\":");
        number(o, idx.chars(r.span.start));
        o.extend_from_slice(b",\"end\":");
        number(o, idx.chars(r.span.end));
        if let Some(d) = r.published {
            o.extend_from_slice(b",\"published\":");
            string(o, &d.to_string());
        }
        if let Some(p) = &r.publisher {
            o.extend_from_slice(b",\"publisher\":");
            string(o, p);
        }
        if let Some(u) = &r.url {
            o.extend_from_slice(b",\"url\":");
            string(o, u);
        }
        o.push(b'}');
    }
    o.extend_from_slice(b"],\"mentions\":[");
    for (i, m) in x.mentions.iter().enumerate() {
        if i > 0 {
            o.push(b',');
        }
        mention(o, m, text, &idx);
    }
    o.extend_from_slice(b"],\"entities\":[");
    for (i, e) in x.entities.iter().enumerate() {
        if i > 0 {
            o.push(b',');
        }
        o.extend_from_slice(b"{\"name\":");
        string(o, &e.name);
        o.extend_from_slice(b",\"kind\":");
        name(o, e.kind.as_str());
        o.extend_from_slice(b",\"aliases\":");
        strings(o, &e.aliases);
        o.extend_from_slice(b",\"mentions\":");
        number(o, e.mentions);
        o.push(b'}');
    }
    o.extend_from_slice(b"],\"events\":[");
    for (i, e) in x.events.iter().enumerate() {
        if i > 0 {
            o.push(b',');
        }
        // Few per document: serde writes them, with offsets in code points.
        let mut e = e.clone();
        e.evidence.start = idx.chars(e.evidence.start);
        e.evidence.end = idx.chars(e.evidence.end);
        serde_json::to_writer(&mut *o, &e).expect("events always serialise");
    }
    o.extend_from_slice(b"],\"warnings\":");
    strings(o, &doc.warnings);
    o.extend_from_slice(b"}\n");
    out
}

/// A mention as `MentionOut` writes it: its attributes flattened in, unset
/// ones left out.
fn mention(o: &mut Vec<u8>, m: &Mention, text: &str, idx: &CharIndex) {
    o.extend_from_slice(b"{\"kind\":");
    name(o, m.kind.as_str());
    o.extend_from_slice(b",\"text\":");
    string(o, &text[m.span.clone()]);
    o.extend_from_slice(b",\"start\":");
    number(o, idx.chars(m.span.start));
    o.extend_from_slice(b",\"end\":");
    number(o, idx.chars(m.span.end));
    let a = &m.attrs;
    // One call per field, not a loop over (key, value) pairs: with its
    // length known, each key is copied inline rather than by a memcpy call.
    opt_field(o, b",\"entity\":", &a.entity);
    opt_field(o, b",\"timex_type\":", &a.timex_type);
    opt_field(o, b",\"value\":", &a.value);
    opt_field(o, b",\"mod\":", &a.modifier);
    opt_field(o, b",\"anchor\":", &a.anchor);
    opt_field(o, b",\"currency\":", &a.currency);
    opt_number(o, b",\"amount\":", a.amount);
    opt_number(o, b",\"low\":", a.low);
    opt_number(o, b",\"high\":", a.high);
    opt_field(o, b",\"qualifier\":", &a.qualifier);
    opt_field(o, b",\"per\":", &a.per);
    opt_field(o, b",\"unit\":", &a.unit);
    opt_field(o, b",\"equivalent\":", &a.equivalent);
    if a.ambiguous {
        o.extend_from_slice(b",\"ambiguous\":true");
    }
    if a.approximate {
        o.extend_from_slice(b",\"approximate\":true");
    }
    opt_field(o, b",\"currency_basis\":", &a.currency_basis);
    if !a.candidates.is_empty() {
        o.extend_from_slice(b",\"candidates\":");
        strings(o, &a.candidates);
    }
    if let Some(role) = a.role {
        o.extend_from_slice(b",\"role\":");
        name(o, role.as_str());
    }
    o.push(b'}');
}

/// `key` and the string, when there is one.
#[inline(always)]
fn opt_field<const N: usize>(o: &mut Vec<u8>, key: &[u8; N], value: &Option<String>) {
    if let Some(v) = value {
        o.extend_from_slice(key);
        string(o, v);
    }
}

/// `key` and the number, when there is one.
#[inline(always)]
fn opt_number<const N: usize>(o: &mut Vec<u8>, key: &[u8; N], value: Option<f64>) {
    if let Some(v) = value {
        o.extend_from_slice(key);
        number(o, v);
    }
}

/// A number as serde_json writes it.
fn number<T: Serialize>(o: &mut Vec<u8>, n: T) {
    serde_json::to_writer(o, &n).expect("numbers always serialise");
}

fn opt_string(o: &mut Vec<u8>, s: Option<&str>) {
    match s {
        Some(s) => string(o, s),
        None => o.extend_from_slice(b"null"),
    }
}

/// A kind's, role's or source's name: plain ASCII words with nothing to
/// escape (`names_are_serde_names` checks them all).
fn name(o: &mut Vec<u8>, s: &'static str) {
    o.push(b'"');
    o.extend_from_slice(s.as_bytes());
    o.push(b'"');
}

fn strings(o: &mut Vec<u8>, list: &[String]) {
    o.push(b'[');
    for (i, s) in list.iter().enumerate() {
        if i > 0 {
            o.push(b',');
        }
        string(o, s);
    }
    o.push(b']');
}

/// A JSON string escaped as serde_json does: `"`, `\\` and control
/// characters only (short forms where JSON has them, else `\u00XX`).
/// Sixteen bytes are tested at a time and most hold nothing to escape, so
/// runs of plain bytes are only tested, then copied in one go.
fn string(o: &mut Vec<u8>, s: &str) {
    let b = s.as_bytes();
    o.reserve(b.len() + 2);
    o.push(b'"');
    // Start of the bytes not copied yet.
    let mut run = 0;
    let mut i = 0;
    while let Some(chunk) = b.get(i..i + 16) {
        let (lo, hi) = chunk.split_at(8);
        let (lo, hi) = (candidates_in(lo), candidates_in(hi));
        if lo | hi != 0 {
            escape_flagged(o, b, &mut run, i, lo);
            escape_flagged(o, b, &mut run, i + 8, hi);
        }
        i += 16;
    }
    if let Some(chunk) = b.get(i..i + 8) {
        let flagged = candidates_in(chunk);
        if flagged != 0 {
            escape_flagged(o, b, &mut run, i, flagged);
        }
        i += 8;
    }
    if i < b.len() {
        if b.len() >= 8 {
            // The last eight bytes, less those tested already.
            let at = b.len() - 8;
            let flagged = candidates_in(&b[at..]) & !0u64 << (8 * (i - at));
            if flagged != 0 {
                escape_flagged(o, b, &mut run, at, flagged);
            }
        } else if b.iter().any(|&c| ESCAPE[usize::from(c)] != 0) {
            // Short, and rarely holding anything to escape.
            for j in 0..b.len() {
                let flagged = u64::from(ESCAPE[usize::from(b[j])] != 0) << 7;
                escape_flagged(o, b, &mut run, j, flagged);
            }
        }
    }
    o.extend_from_slice(&b[run..]);
    o.push(b'"');
}

/// `escape_candidates` of eight bytes.
#[inline]
fn candidates_in(word: &[u8]) -> u64 {
    escape_candidates(u64::from_le_bytes(word.try_into().expect("eight bytes")))
}

/// Escape the bytes flagged in the word at `at` (high bit of each flagged
/// byte; the table says which really need it), first copying the plain
/// bytes from `run` on.
#[inline]
fn escape_flagged(o: &mut Vec<u8>, b: &[u8], run: &mut usize, at: usize, mut flagged: u64) {
    while flagged != 0 {
        let j = at + flagged.trailing_zeros() as usize / 8;
        flagged &= flagged - 1;
        let short = ESCAPE[usize::from(b[j])];
        if short == 0 {
            continue;
        }
        o.extend_from_slice(&b[*run..j]);
        o.push(b'\\');
        o.push(short);
        if short == b'u' {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            o.extend_from_slice(b"00");
            o.push(HEX[usize::from(b[j] >> 4)]);
            o.push(HEX[usize::from(b[j] & 0xF)]);
        }
        *run = j + 1;
    }
}

/// The high bit of every byte of `x` that is a control character, `"` or
/// `\\`, and perhaps of some bytes above one (the subtraction borrows).
fn escape_candidates(x: u64) -> u64 {
    const ONES: u64 = u64::from_le_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_le_bytes([0x80; 8]);
    // High bits of the bytes below `n` (n <= 0x20).
    let below = |x: u64, n: u8| x.wrapping_sub(ONES * u64::from(n)) & !x & HIGHS;
    below(x, 0x20)
        | below(x ^ (ONES * u64::from(b'"')), 1)
        | below(x ^ (ONES * u64::from(b'\\')), 1)
}

/// How serde_json escapes each byte: 0 not at all, `u` as `\u00XX`, else
/// a backslash and this byte.
const ESCAPE: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut c = 0;
    while c < 0x20 {
        table[c] = b'u';
        c += 1;
    }
    table[0x08] = b'b';
    table[0x09] = b't';
    table[0x0A] = b'n';
    table[0x0C] = b'f';
    table[0x0D] = b'r';
    table[b'"' as usize] = b'"';
    table[b'\\' as usize] = b'\\';
    table
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Document, Published, Region};
    use crate::{Pipeline, Resources};

    #[test]
    fn strings_are_escaped_as_serde_json_does() {
        let mut cases: Vec<String> = (0u8..0x80).map(|b| char::from(b).to_string()).collect();
        cases.push("plain ascii text longer than eight bytes".into());
        cases.push("tab\there, \"quoted\", back\\slash\nnew line\r\u{7f}\u{1}".into());
        cases.push("Café £5m “net” €, naïve \u{b}\u{c}\u{8}\u{1f} end".into());
        for shift in 0..40 {
            cases.push(format!("{}\"abcdefgh\\ijklmnop\n", "x".repeat(shift)));
            cases.push(format!("{}\u{1}", "é".repeat(shift)));
            cases.push(format!("\t{}", "x".repeat(shift)));
        }
        for s in cases {
            let mut mine = Vec::new();
            string(&mut mine, &s);
            let theirs = serde_json::to_string(&s).unwrap();
            assert_eq!(String::from_utf8(mine).unwrap(), theirs, "{s:?}");
        }
    }

    #[test]
    fn names_are_serde_names() {
        fn json<T: Serialize>(v: &T) -> String {
            serde_json::to_string(v).unwrap()
        }
        for role in [
            Role::Title,
            Role::Body,
            Role::Related,
            Role::Caption,
            Role::Furniture,
        ] {
            assert_eq!(json(&role), format!("\"{}\"", role.as_str()));
        }
        for source in [
            DateSource::Metadata,
            DateSource::Inferred,
            DateSource::Option,
            DateSource::None,
        ] {
            assert_eq!(json(&source), format!("\"{}\"", source.as_str()));
        }
        for kind in Kind::ALL {
            assert_eq!(json(&kind), format!("\"{}\"", kind.as_str()));
        }
    }

    #[test]
    fn json_line_is_the_record_serialised() {
        let pipeline = Pipeline::new(Resources::builtin(), Default::default());
        let title = "Acme Corp to buy Widget Inc for $1.1 billion";
        let body = "NEW YORK, March 3 - Acme Corp said on Tuesday it agreed to \
            acquire Widget Inc for 1.1 billion dlrs, or 35 dlrs a share, up 12.5 pct.\n\
            \"We are pleased,\" Acme's chief said. The deal, worth about 800 mln \
            stg (£800m), closes in the second quarter of 1987.\n\nCafé Société \
            Générale S.A. said HK$3.85 to HK$3.99 \u{1}.\n";
        let text = format!("{title}\n\n{body}");
        let mut related = Region::new(title.len() + 2..title.len() + 40, Role::Related);
        related.published = jiff::civil::Date::new(1987, 3, 1).ok();
        related.publisher = Some("Wire \"Z\"".into());
        related.url = Some("https://example.com/a?b=1".into());
        let doc = Document {
            id: "doc-1".into(),
            source: "test.jsonl:1".into(),
            title: Some(title.into()),
            url: None,
            publisher: Some("Reuters".into()),
            published: Published {
                date: jiff::civil::Date::new(1987, 3, 3).ok(),
                raw: None,
                source: DateSource::Metadata,
                basis: Some("published".into()),
            },
            regions: vec![Region::new(0..title.len(), Role::Title), related],
            text,
            warnings: vec!["a \"warning\"".into()],
        };
        let x = pipeline.analyse(doc);
        assert!(x.mentions.iter().any(|m| m.attrs.amount.is_some()));
        for no_text in [false, true] {
            let opts = RecordOptions { no_text };
            let theirs = Record::from_extraction(&x, opts).to_json_line();
            assert_eq!(String::from_utf8(json_line(&x, opts)).unwrap(), theirs);
        }
    }
}
