//! One article per JSONL line: `id`, `title`, `text` or `html`, `published`,
//! `url`, `publisher`. Unknown keys are ignored; a line that is not a JSON
//! object with some text is rejected on its own.

use super::text::TextBuilder;
use super::{decode, published_from_metadata, RawItem, Reason, Rejection};
use crate::model::{Document, Region, Role};
use serde::Deserialize;

/// The fields newsline reads from a JSONL article. Values of the wrong type
/// reject the line with a message that names the field.
#[derive(Deserialize, Default, Debug)]
#[serde(default)]
pub struct ArticleLine {
    #[serde(deserialize_with = "id_string")]
    pub id: Option<String>,
    pub title: Option<String>,
    pub text: Option<String>,
    pub html: Option<String>,
    #[serde(alias = "date", alias = "datePublished", alias = "publishedDateTime")]
    pub published: Option<String>,
    pub url: Option<String>,
    #[serde(alias = "source")]
    pub publisher: Option<String>,
}

/// Ids may be numbers in some dumps.
fn id_string<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let v = Option::<serde_json::Value>::deserialize(d)?;
    Ok(match v {
        Some(serde_json::Value::String(s)) => Some(s),
        Some(serde_json::Value::Number(n)) => Some(n.to_string()),
        _ => None,
    })
}

pub fn parse_line(item: &RawItem, warnings: &mut Vec<String>) -> Result<Document, Rejection> {
    let line = decode(item, warnings)?;
    let article: ArticleLine = serde_json::from_str(&line)
        .map_err(|e| Rejection::new(&item.source, item.line, Reason::InvalidJson, e.to_string()))?;
    from_article(article, warnings).ok_or_else(|| {
        Rejection::new(
            &item.source,
            item.line,
            Reason::NoText,
            "no `text` or `html` field",
        )
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
        super::parse_html(html, warnings)
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
