//! Markdown or text with optional YAML front matter.
//!
//! Front matter is untrusted: it is parsed with `serde-saphyr` (pure Rust, no
//! unsafe, with budgets on events, nesting and aliases) into typed structs
//! whose fields accept any YAML shape, so an odd value loses that field only.
//! Unknown keys (`secured` blobs, image metadata) are never read, so they never
//! reach the analysed text.

use super::text::{plain, TextBuilder};
use super::{metadata_date, published_from_metadata};
use crate::model::{Document, Role};
use serde::de::IgnoredAny;
use serde::Deserialize;

/// A scalar we want as text; any other shape is ignored.
#[derive(Deserialize, Default)]
#[serde(untagged)]
pub(crate) enum Loose {
    Text(String),
    Number(f64),
    #[default]
    Absent,
    Other(IgnoredAny),
}

impl Loose {
    pub(crate) fn text(&self) -> Option<String> {
        match self {
            Loose::Text(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
            Loose::Number(n) => Some(n.to_string()),
            _ => None,
        }
    }
}

/// A publisher given as a name or as an object with a `name`.
#[derive(Deserialize, Default)]
#[serde(untagged)]
pub(crate) enum Named {
    Name(String),
    Object {
        #[serde(default)]
        name: Loose,
    },
    #[default]
    Absent,
    Other(IgnoredAny),
}

impl Named {
    fn name(&self) -> Option<String> {
        match self {
            Named::Name(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
            Named::Object { name } => name.text(),
            _ => None,
        }
    }
}

/// The date keys of design.md, in order of preference.
const DATE_KEYS: [&str; 7] = [
    "publishedDateTime",
    "published",
    "datePublished",
    "date",
    "pubDate",
    "publish_date",
    "created",
];

#[derive(Deserialize, Default)]
#[serde(default)]
#[allow(non_snake_case)]
struct FrontMatter {
    id: Loose,
    title: Loose,
    excerpt: Loose,
    description: Loose,
    publishedDateTime: Loose,
    published: Loose,
    datePublished: Loose,
    date: Loose,
    pubDate: Loose,
    publish_date: Loose,
    created: Loose,
    provider: Named,
    publisher: Named,
    source: Named,
    site_name: Named,
    url: Loose,
    originalUrl: Loose,
    webUrl: Loose,
    related: RelatedList,
}

#[derive(Deserialize, Default)]
#[serde(untagged)]
enum RelatedList {
    Items(Vec<RelatedEntry>),
    #[default]
    Absent,
    Other(IgnoredAny),
}

#[derive(Deserialize)]
#[serde(untagged)]
enum RelatedEntry {
    Item(Box<Related>),
    Other(IgnoredAny),
}

#[derive(Deserialize, Default)]
#[serde(default)]
#[allow(non_snake_case)]
struct Related {
    title: Loose,
    excerpt: Loose,
    description: Loose,
    publishedDateTime: Loose,
    published: Loose,
    datePublished: Loose,
    date: Loose,
    provider: Named,
    publisher: Named,
    webUrl: Loose,
    url: Loose,
}

impl FrontMatter {
    fn date_values(&self) -> [(&'static str, &Loose); 7] {
        [
            (DATE_KEYS[0], &self.publishedDateTime),
            (DATE_KEYS[1], &self.published),
            (DATE_KEYS[2], &self.datePublished),
            (DATE_KEYS[3], &self.date),
            (DATE_KEYS[4], &self.pubDate),
            (DATE_KEYS[5], &self.publish_date),
            (DATE_KEYS[6], &self.created),
        ]
    }
}

fn first_text(values: &[&Loose]) -> Option<String> {
    values.iter().find_map(|v| v.text())
}

/// Split `---\n yaml \n---\n body`. Returns (yaml, body) or None when the
/// text has no front matter; Err when the fence is never closed.
fn split(text: &str) -> Option<Result<(&str, &str), ()>> {
    let rest = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))?;
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        let bare = line.trim_end_matches(['\n', '\r']);
        if bare == "---" || bare == "..." {
            return Some(Ok((&rest[..offset], &rest[offset + line.len()..])));
        }
        offset += line.len();
    }
    Some(Err(()))
}

fn parse_yaml(yaml: &str) -> Result<FrontMatter, String> {
    let options = serde_saphyr::options! {
        strict_booleans: true,
        // `.nan` and `.inf` are text to a field that wants text.
        non_finite_float_policy: serde_saphyr::options::NonFiniteFloatPolicy::AsString,
    };
    serde_saphyr::from_str_with_options(yaml, options).map_err(|e| {
        let msg = e.to_string();
        msg.lines().next().unwrap_or("").to_string()
    })
}

/// When the front matter as a whole does not parse: its top-level entries
/// one by one, keeping those that parse alone, so one odd value (`1e400`, a
/// `!!int` tag on a word) loses that entry only. None when no entry parses
/// or the whole is broken beyond one entry (an unclosed bracket).
fn parse_entries(yaml: &str, warnings: &mut Vec<String>) -> Option<FrontMatter> {
    let mut entries: Vec<&str> = Vec::new();
    let mut start = None;
    let mut offset = 0;
    for line in yaml.split_inclusive('\n') {
        // An entry starts at a line with a key in the first column;
        // indented lines, list items and comments continue it.
        let continues = line.starts_with([' ', '\t', '-', '#', '\n', '\r']);
        if !continues {
            if let Some(s) = start {
                entries.push(&yaml[s..offset]);
            }
            start = Some(offset);
        }
        offset += line.len();
    }
    if let Some(s) = start {
        entries.push(&yaml[s..]);
    }
    let mut kept = String::with_capacity(yaml.len());
    let mut lost = Vec::new();
    for entry in entries {
        match parse_yaml(entry) {
            Ok(_) => {
                kept.push_str(entry);
                if !entry.ends_with('\n') {
                    kept.push('\n');
                }
            }
            Err(e) => lost.push((entry.split(':').next().unwrap_or("").trim(), e)),
        }
    }
    if kept.is_empty() || lost.is_empty() {
        return None;
    }
    let fm = parse_yaml(&kept).ok()?;
    for (key, e) in lost {
        warnings.push(format!("front matter field `{key}` ignored: {e}"));
    }
    Some(fm)
}

pub fn parse_text_file(text: &str, warnings: &mut Vec<String>) -> Document {
    let (yaml, body) = match split(text) {
        None => return plain_document(text),
        Some(Err(())) => {
            warnings.push("front matter is not closed: analysed as plain text".into());
            return plain_document(text);
        }
        Some(Ok(parts)) => parts,
    };
    let fm = match parse_yaml(yaml) {
        Ok(fm) => fm,
        Err(e) => match parse_entries(yaml, warnings) {
            Some(fm) => fm,
            None => {
                warnings.push(format!("invalid front matter, metadata ignored: {e}"));
                return plain_document(body);
            }
        },
    };
    let mut doc = Document {
        id: fm.id.text().unwrap_or_default(),
        title: fm.title.text(),
        url: first_text(&[&fm.url, &fm.originalUrl, &fm.webUrl]),
        publisher: [&fm.provider, &fm.publisher, &fm.source, &fm.site_name]
            .iter()
            .find_map(|n| n.name()),
        ..Document::default()
    };
    if let Some(p) = fm
        .date_values()
        .iter()
        .find_map(|(key, v)| v.text().and_then(|t| published_from_metadata(key, &t)))
    {
        doc.published = p;
    }

    let mut b = TextBuilder::default();
    let body = body.trim();
    let title_in_body = doc
        .title
        .as_deref()
        .is_some_and(|t| body.starts_with(t.trim()));
    if title_in_body {
        let (_, plain) = plain(body);
        b = plain;
    } else {
        if let Some(t) = &doc.title {
            b.push(t, Role::Title);
        }
        if let Some(lead) = first_text(&[&fm.excerpt, &fm.description]) {
            if !body.starts_with(&lead) {
                b.push(&lead, Role::Body);
            }
        }
        b.push(body, Role::Body);
    }
    if let RelatedList::Items(items) = &fm.related {
        for entry in items {
            let RelatedEntry::Item(r) = entry else {
                continue;
            };
            let date = [
                &r.publishedDateTime,
                &r.published,
                &r.datePublished,
                &r.date,
            ]
            .iter()
            .find_map(|v| v.text().and_then(|t| metadata_date(&t)));
            let publisher = r.provider.name().or_else(|| r.publisher.name());
            b.push_related(
                &r.title.text().unwrap_or_default(),
                &first_text(&[&r.excerpt, &r.description]).unwrap_or_default(),
                date,
                publisher,
                first_text(&[&r.webUrl, &r.url]),
            );
        }
    }
    doc.text = b.text;
    doc.regions = b.regions;
    doc
}

fn plain_document(text: &str) -> Document {
    let (title, b) = plain(text);
    Document {
        title,
        text: b.text,
        regions: b.regions,
        ..Document::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_keys_and_related_items() {
        let src = "---\ntitle: \"Acme Halts Listing\"\npublishedDateTime: 2021-12-13T10:22:00Z\npublished: false\nprovider:\n  name: Example News\nsecured: \"SECRETBLOB\"\nrelated:\n  - title: Other take\n    excerpt: Acme said Monday it would wait.\n    publishedDateTime: 2021-12-12T05:00:00Z\n    provider:\n      name: Other Outlet\n---\nBody text here.\n";
        let mut w = Vec::new();
        let doc = parse_text_file(src, &mut w);
        assert!(w.is_empty(), "{w:?}");
        assert_eq!(doc.title.as_deref(), Some("Acme Halts Listing"));
        assert_eq!(doc.publisher.as_deref(), Some("Example News"));
        assert_eq!(doc.published.date.unwrap().to_string(), "2021-12-13");
        assert!(!doc.text.contains("SECRETBLOB"));
        let rel = doc
            .regions
            .iter()
            .find(|r| r.role == Role::Related)
            .unwrap();
        assert_eq!(rel.published.unwrap().to_string(), "2021-12-12");
        assert_eq!(rel.publisher.as_deref(), Some("Other Outlet"));
        assert!(doc.text[rel.span.clone()].starts_with("Other take"));
    }

    #[test]
    fn invalid_yaml_keeps_the_body() {
        let mut w = Vec::new();
        let doc = parse_text_file("---\ntitle: [unclosed\n---\nThe body.\n", &mut w);
        assert!(doc.text.contains("The body."));
        assert!(w.iter().any(|m| m.contains("invalid front matter")));
    }

    #[test]
    fn unclosed_fence_is_plain_text() {
        let mut w = Vec::new();
        let doc = parse_text_file("---\ntitle: x\nNo closing fence.\n", &mut w);
        assert!(doc.text.contains("No closing fence."));
        assert_eq!(w.len(), 1);
    }
}
