//! One article per JSONL line. Scrapers spell the same field many ways
//! (newspaper3k `publish_date`, NewsAPI `publishedAt` and a `source` object,
//! trafilatura `raw_text` and `hostname`, news-please `maintext` and
//! `date_publish`); each field has a list of spellings in order of
//! preference (the table in the README), and the first spelling with a
//! usable value wins. Unknown keys and unusable values (a number for a title,
//! a date that does not parse) are skipped, so a line is rejected only when
//! it is not a JSON object or has no text at all.

use super::text::TextBuilder;
use super::{decode, metadata_date, published_from_metadata, RawItem, Reason, Rejection};
use crate::model::{Document, Region, Role};
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use std::borrow::Cow;
use std::fmt;

/// The fields newsline reads from a JSONL article.
#[derive(Default, Debug)]
pub struct ArticleLine {
    pub id: Option<String>,
    pub title: Option<String>,
    pub text: Option<String>,
    pub html: Option<String>,
    pub published: Option<String>,
    pub url: Option<String>,
    pub publisher: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Field {
    Id,
    Title,
    Text,
    Html,
    Published,
    Url,
    Publisher,
}

/// Each field's spellings, in order of preference.
const SPELLINGS: [(Field, &[&str]); 7] = [
    (Field::Id, &["id", "_id", "uuid"]),
    (Field::Title, &["title", "headline"]),
    (
        Field::Text,
        &[
            "text",
            "maintext",
            "raw_text",
            "articleBody",
            "body",
            "content",
        ],
    ),
    (Field::Html, &["html", "raw_html"]),
    (
        Field::Published,
        &[
            "published",
            "publishedDateTime",
            "datePublished",
            "date",
            "publishedAt",
            "publish_date",
            "date_publish",
            "published_at",
            "pubDate",
            "created",
        ],
    ),
    (Field::Url, &["url", "link", "canonical_url", "source"]),
    (
        Field::Publisher,
        &[
            "publisher",
            "source",
            "site_name",
            "sitename",
            "source_domain",
            "hostname",
        ],
    ),
];

/// A JSON value reduced to what a field can use.
#[derive(Debug)]
enum Loose {
    Text(String),
    /// A number, as written.
    Number(String),
    /// An object's `name` or `value` (NewsAPI's `source`, `extract`'s own
    /// `published`).
    Named(Option<String>),
    Other,
}

impl<'de> Deserialize<'de> for Loose {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(LooseVisitor)
    }
}

struct LooseVisitor;

impl<'de> Visitor<'de> for LooseVisitor {
    type Value = Loose;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_str<E>(self, v: &str) -> Result<Loose, E> {
        Ok(Loose::Text(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<Loose, E> {
        Ok(Loose::Text(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Loose, E> {
        Ok(Loose::Number(v.to_string()))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Loose, E> {
        Ok(Loose::Number(v.to_string()))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Loose, E> {
        Ok(Loose::Number(v.to_string()))
    }
    fn visit_bool<E>(self, _: bool) -> Result<Loose, E> {
        Ok(Loose::Other)
    }
    fn visit_unit<E>(self) -> Result<Loose, E> {
        Ok(Loose::Other)
    }
    fn visit_none<E>(self) -> Result<Loose, E> {
        Ok(Loose::Other)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Loose, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Loose, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Loose::Other)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Loose, A::Error> {
        let mut name = None;
        while let Some(key) = map.next_key::<Cow<str>>()? {
            if name.is_none() && matches!(&*key, "name" | "value") {
                if let Loose::Text(t) = map.next_value::<Loose>()? {
                    name = Some(t);
                }
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(Loose::Named(name))
    }
}

impl Loose {
    fn text(&self) -> Option<&str> {
        match self {
            Loose::Text(t) | Loose::Number(t) | Loose::Named(Some(t)) => Some(t),
            _ => None,
        }
    }

    fn into_text(self) -> String {
        match self {
            Loose::Text(t) | Loose::Number(t) | Loose::Named(Some(t)) => t,
            _ => String::new(),
        }
    }
}

/// Whether `field` can use `value`, found under `key`.
fn usable(field: Field, key: &str, value: &Loose) -> bool {
    let fits = match value {
        Loose::Text(_) => true,
        Loose::Number(_) => field == Field::Id,
        Loose::Named(_) => matches!(field, Field::Publisher | Field::Published),
        Loose::Other => false,
    };
    let Some(text) = value
        .text()
        .map(str::trim)
        .filter(|t| fits && !t.is_empty())
    else {
        return false;
    };
    let web = text.starts_with("http://") || text.starts_with("https://");
    match field {
        Field::Published => metadata_date(text).is_some(),
        // `source` is a URL in trafilatura's output, a name in others', and
        // a path in `extract`'s records (not a publisher).
        Field::Url => key != "source" || web,
        Field::Publisher => key != "source" || !text.contains('/'),
        _ => true,
    }
}

/// A key of an article line: the spelling in the table it is, or None for
/// keys newsline does not read. Read without allocating.
struct Spelling(Option<&'static str>);

impl<'de> Deserialize<'de> for Spelling {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_str(SpellingVisitor)
    }
}

struct SpellingVisitor;

impl<'de> Visitor<'de> for SpellingVisitor {
    type Value = Spelling;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a key")
    }
    fn visit_str<E>(self, key: &str) -> Result<Spelling, E> {
        let known = SPELLINGS.iter().flat_map(|(_, names)| names.iter());
        Ok(Spelling(known.copied().find(|n| *n == key)))
    }
}

/// The key of a field spelling, with its rank among the field's spellings.
fn spelling_of(key: &'static str) -> impl Iterator<Item = (Field, usize)> {
    SPELLINGS.iter().filter_map(move |(field, names)| {
        names
            .iter()
            .position(|n| *n == key)
            .map(|rank| (*field, rank))
    })
}

impl<'de> Deserialize<'de> for ArticleLine {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(ArticleVisitor)
    }
}

struct ArticleVisitor;

impl<'de> Visitor<'de> for ArticleVisitor {
    type Value = ArticleLine;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object (one article)")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ArticleLine, A::Error> {
        // The best (lowest) rank seen for each field, and its value.
        let mut best: [Option<(usize, String)>; 7] = Default::default();
        let better = |best: &[Option<(usize, String)>; 7], field: Field, rank: usize| {
            best[field as usize]
                .as_ref()
                .map_or(true, |(r, _)| rank < *r)
        };
        while let Some(Spelling(key)) = map.next_key()? {
            let Some(key) = key.filter(|k| spelling_of(k).any(|(f, r)| better(&best, f, r))) else {
                map.next_value::<IgnoredAny>()?;
                continue;
            };
            let value: Loose = map.next_value()?;
            // `source` may fill the url or the publisher, by its value.
            let hit =
                spelling_of(key).find(|(f, r)| better(&best, *f, *r) && usable(*f, key, &value));
            if let Some((field, rank)) = hit {
                best[field as usize] = Some((rank, value.into_text()));
            }
        }
        let [id, title, text, html, published, url, publisher] = best.map(|b| b.map(|(_, v)| v));
        Ok(ArticleLine {
            id,
            title,
            text,
            html,
            published,
            url,
            publisher,
        })
    }

    fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<ArticleLine, A::Error> {
        Err(de::Error::invalid_type(de::Unexpected::Seq, &self))
    }
}

pub fn parse_line(item: &RawItem, warnings: &mut Vec<String>) -> Result<Document, Rejection> {
    let line = decode(item, warnings)?;
    let article: ArticleLine = match serde_json::from_str(&line) {
        Ok(a) => a,
        Err(e) => {
            // A lone surrogate escape (`"\ud800"`, from text cut in the middle
            // of a UTF-16 pair) is invalid JSON to serde; replace it and keep
            // the rest of the line.
            let Some(repaired) = replace_lone_surrogates(&line) else {
                return Err(invalid(item, e));
            };
            let article = serde_json::from_str(&repaired).map_err(|e| invalid(item, e))?;
            warnings.push("lone surrogate in a JSON string: replaced by U+FFFD".into());
            article
        }
    };
    from_article(article, warnings).ok_or_else(|| {
        Rejection::new(
            &item.source,
            item.line,
            Reason::NoText,
            "no usable text field (text, maintext, raw_text, ... or html)",
        )
    })
}

fn invalid(item: &RawItem, e: serde_json::Error) -> Rejection {
    Rejection::new(&item.source, item.line, Reason::InvalidJson, e.to_string())
}

/// `json` with every `\uXXXX` escape of a surrogate that is not half of a
/// pair replaced by `\ufffd`; None when there is none.
fn replace_lone_surrogates(json: &str) -> Option<String> {
    let bytes = json.as_bytes();
    let unit = |at: usize| -> Option<u16> {
        let hex = bytes.get(at..at + 6)?;
        if !hex.starts_with(b"\\u") {
            return None;
        }
        u16::from_str_radix(std::str::from_utf8(&hex[2..]).ok()?, 16).ok()
    };
    let high = |u: u16| (0xD800..0xDC00).contains(&u);
    let low = |u: u16| (0xDC00..0xE000).contains(&u);
    let mut out = String::with_capacity(json.len());
    let (mut i, mut copied, mut changed) = (0, 0, false);
    while let Some(at) = memchr::memchr(b'\\', &bytes[i..]).map(|p| p + i) {
        match unit(at) {
            Some(u) if high(u) && unit(at + 6).is_some_and(low) => i = at + 12,
            Some(u) if high(u) || low(u) => {
                out.push_str(&json[copied..at]);
                out.push_str("\\ufffd");
                changed = true;
                i = at + 6;
                copied = i;
            }
            // Any other escape: skip the backslash and the escaped byte, so
            // an escaped backslash before `u` is not read as an escape.
            _ => i = at + 2,
        }
        if i >= bytes.len() {
            break;
        }
    }
    changed.then(|| {
        out.push_str(&json[copied.min(json.len())..]);
        out
    })
}

/// Text escaped twice by the tool that made the dump: a literal "\\t" or
/// "\\n" (backslash and letter, as in Reuters-21578's "&\\tThe board")
/// stands for the whitespace it names, else it glues itself to the next word
/// ("\\tLast week" hides the date). Same length, so nothing shifts.
fn unescape_doubled(text: &str) -> std::borrow::Cow<'_, str> {
    let bytes = text.as_bytes();
    let mut escapes = memchr::memchr_iter(b'\\', bytes)
        .filter(|&i| matches!(bytes.get(i + 1), Some(b't' | b'n')))
        .peekable();
    if escapes.peek().is_none() {
        return text.into();
    }
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for i in escapes {
        if i < last {
            continue;
        }
        out.push_str(&text[last..i]);
        out.push_str(if bytes[i + 1] == b't' { "  " } else { " \n" });
        last = i + 2;
    }
    out.push_str(&text[last..]);
    out.into()
}

fn from_article(a: ArticleLine, warnings: &mut Vec<String>) -> Option<Document> {
    let text = a.text.as_deref().map(unescape_doubled);
    let text = text.as_deref().map(str::trim).filter(|t| !t.is_empty());
    let mut doc = if let Some(text) = text {
        let mut b = TextBuilder::default();
        // Room for the title, a paragraph break and the text, grown once.
        b.text
            .reserve(a.title.as_ref().map_or(0, |t| t.len() + 2) + text.len());
        match a.title.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            // The dump's text already opens with its title: label it in place.
            Some(t) if text.starts_with(t) => {
                b.text.push_str(text);
                b.regions.push(Region::new(0..t.len(), Role::Title));
            }
            Some(t) => {
                b.push(t, Role::Title);
                b.push(text, Role::Body);
            }
            None => {
                b.push(text, Role::Body);
            }
        }
        Document {
            text: b.text,
            regions: b.regions,
            ..Document::default()
        }
    } else if let Some(html) = &a.html {
        let page = super::PageContext {
            url: a.url.as_deref(),
            crawled: None,
        };
        super::parse_page(html, &page, warnings)
    } else {
        return None;
    };
    fill_metadata(&mut doc, a);
    Some(doc)
}

fn fill_metadata(doc: &mut Document, a: ArticleLine) {
    doc.id = a.id.unwrap_or_default();
    doc.title = a.title.or(doc.title.take());
    doc.url = a.url.or(doc.url.take());
    doc.publisher = a.publisher.or(doc.publisher.take());
    if let Some(p) = a
        .published
        .as_deref()
        .and_then(|v| published_from_metadata("published", v))
    {
        doc.published = p;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_escaped_twice_reads_as_whitespace_of_the_same_length() {
        let raw = r"Acme said.&\tLast week, it sold\nits unit.";
        let fixed = unescape_doubled(raw);
        assert_eq!(fixed, "Acme said.&  Last week, it sold \nits unit.");
        assert_eq!(fixed.len(), raw.len());
        assert!(matches!(
            unescape_doubled("C:/no escapes"),
            std::borrow::Cow::Borrowed(_)
        ));
    }
}
