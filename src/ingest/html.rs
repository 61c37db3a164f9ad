//! HTML pages, parsed once (`scraper`): the metadata and the publication day
//! by ranked evidence here, the article body in `html_body`, without the
//! page furniture listed in `data/html_furniture.txt` (navigation, captions,
//! share bars, comments, related stories, footers).

use super::text::TextBuilder;
use super::{html_body, html_script};
use super::{metadata_date, pubdate};
use crate::model::{DateSource, Document, Published, Role};
use scraper::{Html, Node};
use std::sync::LazyLock;

const DATE_KEYS: &str = include_str!("../../data/web/date_keys.tsv");

/// Dates gathered from one page, at most: a page that repeats a date field
/// 200,000 times is read in linear time.
const MAX_DATE_EVIDENCE: usize = 64;
/// Elements whose class or id hints at a date ("post-date", "byline") read
/// for a day written in their text, at most.
const MAX_DATE_HINTS: usize = 16;
/// Characters of text after the headline read for a written day.
const NEAR_TITLE_CHARS: usize = 400;

/// A date key's kind and its place in `data/web/date_keys.tsv`.
#[derive(Clone, Copy, PartialEq)]
enum KeyKind {
    Published,
    Modified,
}

static KEYS: LazyLock<Vec<(String, KeyKind)>> = LazyLock::new(|| {
    DATE_KEYS
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .filter_map(|l| {
            let (key, kind) = l.split_once('\t')?;
            let kind = match kind.trim() {
                "modified" => KeyKind::Modified,
                _ => KeyKind::Published,
            };
            Some((key.trim().to_ascii_lowercase(), kind))
        })
        .collect()
});

/// The rank of a metadata key among the date evidence (lower wins), or
/// None when it is not a date key.
fn key_rank(key: &str) -> Option<u16> {
    let i = KEYS.iter().position(|(k, _)| k.eq_ignore_ascii_case(key))?;
    Some(match KEYS[i].1 {
        KeyKind::Published => i as u16,
        KeyKind::Modified => MODIFIED + i as u16,
    })
}

// Evidence tiers, in htmldate's order: published metadata (by key), the
// first `<time datetime>`, the address, a day written near the headline,
// and only then the day of the last change.
const TIME_ELEMENT: u16 = 100;
const ADDRESS: u16 = 200;
const HINT_AFTER_TITLE: u16 = 300;
const NEAR_TITLE: u16 = 310;
const HINT_BEFORE_TITLE: u16 = 320;
// After all of these, the day the page writes most often.
const MODIFIED: u16 = 400;

/// One piece of evidence for the publication day.
struct DateEvidence {
    rank: u16,
    /// What it is, for `published.basis`.
    basis: String,
    value: String,
    /// Free text, read for a written day rather than a metadata value.
    written: bool,
}

/// What the container of a page knows about it: the address it was fetched
/// from and when it was crawled (a WARC record's).
#[derive(Clone, Copy, Debug, Default)]
pub struct PageContext<'a> {
    pub url: Option<&'a str>,
    pub crawled: Option<jiff::civil::Date>,
}

#[derive(Default)]
struct Meta {
    title: Option<String>,
    og_title: Option<String>,
    /// The page's first `<h1>`.
    heading: Option<String>,
    site_name: Option<String>,
    url: Option<String>,
    /// The page's language (`<html lang>`), lower-case.
    lang: String,
    /// JSON-LD `articleBody` strings.
    ld_bodies: Vec<String>,
    /// The page's summary of itself (`og:description`, `description`).
    description: Option<String>,
    dates: Vec<DateEvidence>,
}

impl Meta {
    fn add_date(&mut self, rank: u16, basis: &str, value: &str, written: bool) {
        let value = value.trim();
        if self.dates.len() < MAX_DATE_EVIDENCE && !value.is_empty() {
            self.dates.push(DateEvidence {
                rank,
                basis: basis.to_string(),
                value: value.to_string(),
                written,
            });
        }
    }
}

/// Class or id words that mark an element holding the article's date.
const DATE_HINTS: [&str; 10] = [
    "date", "time", "publish", "posted", "byline", "meta", "fecha", "datum", "data", "dateline",
];

fn hints_date(el: &scraper::node::Element) -> bool {
    [el.attr("class"), el.attr("id")]
        .into_iter()
        .flatten()
        .any(|v| {
            let v = v.to_ascii_lowercase();
            DATE_HINTS.iter().any(|h| v.contains(h))
        })
}

/// Metadata and date evidence, in one walk over the page.
fn read_meta(html: &Html) -> Meta {
    let mut meta = Meta::default();
    let mut seen_time = false;
    let mut seen_time_text = false;
    let mut hints = 0usize;
    // The text after each of the first `<h1>`s, and whether that heading is
    // the page's title (the first `<h1>` is often the site's logo).
    let mut near_title: Vec<(bool, String)> = Vec::new();
    for node in html.tree.root().descendants() {
        if let Node::Text(t) = node.value() {
            if let Some((_, near)) = near_title
                .last_mut()
                .filter(|(_, n)| n.len() < NEAR_TITLE_CHARS)
            {
                near.push_str(t);
                near.push(' ');
            }
            continue;
        }
        let Node::Element(el) = node.value() else {
            continue;
        };
        let text = || {
            scraper::ElementRef::wrap(node)
                .map(|e| collapse(&e.text().collect::<String>()))
                .unwrap_or_default()
        };
        match el.name() {
            "html" if meta.lang.is_empty() => {
                meta.lang = el.attr("lang").unwrap_or("").to_ascii_lowercase();
            }
            "title" if meta.title.is_none() => meta.title = Some(text()).filter(|t| !t.is_empty()),
            "h1" if near_title.len() < 4 => {
                let h = text();
                let titled = h.len() >= 8
                    && [&meta.og_title, &meta.title]
                        .into_iter()
                        .flatten()
                        .any(|t| t.contains(&h) || h.contains(t.as_str()));
                near_title.push((titled, String::new()));
                if meta.heading.is_none() && !h.is_empty() {
                    meta.heading = Some(h);
                }
            }
            "meta" => read_meta_tag(el, &mut meta),
            "script" if el.attr("type").is_some_and(|t| t.contains("ld+json")) => {
                let raw = text();
                match serde_json::from_str::<serde_json::Value>(&raw) {
                    Ok(value) => json_ld(&value, &mut meta, 0),
                    // Broken JSON (a trailing comma, a stray quote) still
                    // states its dates.
                    Err(_) => json_ld_dates_by_key(&raw, &mut meta),
                }
            }
            "link"
                if el
                    .attr("rel")
                    .is_some_and(|r| r.eq_ignore_ascii_case("canonical")) =>
            {
                if let Some(href) = el.attr("href") {
                    meta.url = Some(href.to_string());
                }
            }
            "time" => match el.attr("datetime") {
                Some(dt) if !seen_time => {
                    seen_time = true;
                    meta.add_date(TIME_ELEMENT, "time[datetime]", dt, false);
                }
                // A `<time>` that writes its day for people only.
                None if !seen_time_text => {
                    seen_time_text = true;
                    let t = text();
                    if t.len() <= 200 {
                        meta.add_date(TIME_ELEMENT, "text of <time>", &t, true);
                    }
                }
                _ => {}
            },
            _ => {}
        }
        if let Some(prop) = el.attr("itemprop").filter(|_| el.name() != "meta") {
            if let Some(rank) = key_rank(prop) {
                let value = el
                    .attr("datetime")
                    .or_else(|| el.attr("content"))
                    .map(str::to_string);
                let written = value.is_none();
                let value = value.unwrap_or_else(text);
                meta.add_date(rank, &format!("itemprop={prop}"), &value, written);
            }
        }
        if hints < MAX_DATE_HINTS && hints_date(el) {
            hints += 1;
            let after = !near_title.is_empty();
            let rank = if after {
                HINT_AFTER_TITLE
            } else {
                HINT_BEFORE_TITLE
            };
            // A machine-readable day in an attribute ("2 hours ago" shown,
            // the date-time in `title`).
            if let Some(v) = ["datetime", "content", "title", "data-date"]
                .into_iter()
                .find_map(|a| el.attr(a).filter(|v| metadata_date(v).is_some()))
            {
                meta.add_date(rank, &format!("<{}> date attribute", el.name()), v, false);
            }
            let t = text();
            if t.len() <= 200 && t.bytes().any(|b| b.is_ascii_digit()) {
                meta.add_date(
                    rank,
                    &format!("text of <{}> near the title", el.name()),
                    &t,
                    true,
                );
            }
        }
    }
    for (titled, near) in near_title {
        let rank = if titled { NEAR_TITLE } else { NEAR_TITLE + 1 };
        meta.add_date(rank, "text after the headline", &near, true);
    }
    meta
}

fn read_meta_tag(el: &scraper::node::Element, meta: &mut Meta) {
    let key = el
        .attr("property")
        .or_else(|| el.attr("name"))
        .or_else(|| el.attr("itemprop"))
        .or_else(|| el.attr("http-equiv"))
        .unwrap_or("");
    let Some(content) = el.attr("content").map(str::trim).filter(|c| !c.is_empty()) else {
        return;
    };
    match key.to_ascii_lowercase().as_str() {
        "og:title" => meta.og_title = Some(collapse(content)),
        "og:site_name" => meta.site_name = Some(content.to_string()),
        "og:description" | "description" | "twitter:description" if meta.description.is_none() => {
            meta.description = Some(collapse(content));
        }
        "og:url" => meta.url = meta.url.take().or(Some(content.to_string())),
        k => {
            if let Some(rank) = key_rank(k) {
                meta.add_date(rank, k, content, false);
            }
        }
    }
}

/// Pick dates and `publisher.name` out of JSON-LD (objects, arrays and
/// `@graph` lists).
fn json_ld(value: &serde_json::Value, meta: &mut Meta, depth: usize) {
    use serde_json::Value;
    if depth > 8 {
        return;
    }
    match value {
        Value::Array(items) => items.iter().for_each(|v| json_ld(v, meta, depth + 1)),
        Value::Object(map) => {
            for key in ["datePublished", "dateCreated", "dateModified"] {
                if let Some(Value::String(d)) = map.get(key) {
                    if let Some(rank) = key_rank(key) {
                        meta.add_date(rank, key, d, false);
                    }
                }
            }
            if let Some(Value::String(body)) = map.get("articleBody") {
                if meta.ld_bodies.len() < 4 {
                    meta.ld_bodies.push(body.clone());
                }
            }
            if meta.site_name.is_none() {
                if let Some(Value::String(name)) = map.get("publisher").and_then(|p| p.get("name"))
                {
                    meta.site_name = Some(name.clone());
                }
            }
            if let Some(graph) = map.get("@graph") {
                json_ld(graph, meta, depth + 1);
            }
        }
        _ => {}
    }
}

/// The string values of date keys in JSON-LD that does not parse.
fn json_ld_dates_by_key(raw: &str, meta: &mut Meta) {
    for key in ["datePublished", "dateCreated", "dateModified"] {
        let Some(rank) = key_rank(key) else { continue };
        let quoted = format!("\"{key}\"");
        for (at, _) in raw.match_indices(&quoted).take(4) {
            let rest = raw[at + quoted.len()..].trim_start();
            let Some(rest) = rest.strip_prefix(':').map(str::trim_start) else {
                continue;
            };
            if let Some(value) = rest.strip_prefix('"').and_then(|r| r.split('"').next()) {
                meta.add_date(rank, key, value, false);
            }
        }
    }
}

/// Languages whose pages write numeric days month first (06/07/2020 is June
/// 7): American English and its neighbours.
fn month_first(lang: &str) -> bool {
    lang == "en" || lang.starts_with("en-us") || lang.starts_with("en_us") || lang == "en-ph"
}

/// The publication day: the best-ranked evidence that reads as a plausible
/// day.
fn publication_day(
    source: &str,
    html: &Html,
    meta: &Meta,
    page: &PageContext,
) -> Option<Published> {
    let mut evidence: Vec<&DateEvidence> = meta.dates.iter().collect();
    let address = page.url.or(meta.url.as_deref());
    let from_address = address.and_then(pubdate::url_date);
    evidence.sort_by_key(|e| e.rank);
    let mut best: Option<(u16, Published)> = from_address
        .filter(|d| pubdate::plausible(*d, page.crawled))
        .map(|d| {
            (
                ADDRESS,
                Published {
                    date: Some(d),
                    raw: None,
                    source: DateSource::Metadata,
                    basis: Some("url".into()),
                },
            )
        });
    let month_first = month_first(&meta.lang);
    for e in evidence {
        if best.as_ref().is_some_and(|(rank, _)| *rank <= e.rank) {
            break;
        }
        let day = if e.written {
            pubdate::text_date(&e.value, month_first)
        } else {
            metadata_date(&e.value).or_else(|| pubdate::text_date(&e.value, month_first))
        };
        if let Some(d) = day.filter(|d| pubdate::plausible(*d, page.crawled)) {
            best = Some((
                e.rank,
                Published {
                    date: Some(d),
                    raw: (!e.written && e.value.len() > 10).then(|| e.value.clone()),
                    source: if e.written {
                        DateSource::Inferred
                    } else {
                        DateSource::Metadata
                    },
                    basis: Some(e.basis.clone()),
                },
            ));
            break;
        }
    }
    if let (Some((_, p)), Some(local)) = (best.as_mut(), from_address) {
        prefer_local_day(p, local);
    }
    best.map(|(_, p)| p).or_else(|| {
        let in_words = page_text(html)
            .filter(|t| t.len() <= 200 && t.bytes().any(|b| b.is_ascii_digit()))
            .filter_map(|t| pubdate::day_in_words(t, month_first));
        pubdate::most_written_day(source, in_words, page.crawled).map(|d| Published {
            date: Some(d),
            raw: None,
            source: DateSource::Inferred,
            basis: Some("the day the page writes most often".into()),
        })
    })
}

/// A date-time in metadata is often stated in UTC: a page published in the
/// evening in the Americas is stamped the next day in the small hours, one
/// published in the morning in Asia the day before, late. The page's
/// address carries the local day its CMS filed it under: a UTC stamp one
/// day off that address day, at an hour a time zone explains, is the
/// address day. A stamp with its own offset already states the local day.
fn prefer_local_day(p: &mut Published, address_day: jiff::civil::Date) {
    let (Some(day), Some(raw)) = (p.date, p.raw.as_deref()) else {
        return;
    };
    let Ok(stamp) = raw.trim().parse::<jiff::Timestamp>() else {
        return;
    };
    let utc = raw.trim_end().ends_with('Z') || raw.trim_end().ends_with("+00:00");
    let hour = stamp.to_zoned(jiff::tz::TimeZone::UTC).hour();
    let explained = (address_day.tomorrow().ok() == Some(day) && hour < LATEST_WEST_HOUR)
        || (address_day.yesterday().ok() == Some(day) && hour >= EARLIEST_EAST_HOUR);
    if utc && explained {
        p.date = Some(address_day);
        p.basis = Some(format!(
            "url (the local day of {})",
            p.basis.as_deref().unwrap_or("metadata")
        ));
    }
}

/// UTC hours before which it is still the day before in the Americas
/// (UTC-8 and east of it), and from which it is already the next day in
/// East and South Asia (UTC+9 and west of it to about UTC+5:30).
const LATEST_WEST_HOUR: i8 = 8;
const EARLIEST_EAST_HOUR: i8 = 15;

/// The text nodes of a page that are read as text (not scripts or styles).
fn page_text(html: &Html) -> impl Iterator<Item = &str> {
    html.tree.root().descendants().filter_map(|node| {
        let Node::Text(t) = node.value() else {
            return None;
        };
        let parent = node.parent()?;
        match parent.value() {
            Node::Element(el) if matches!(el.name(), "script" | "style" | "noscript") => None,
            _ => Some(&**t),
        }
    })
}

/// What separates a headline from the site's name in `<title>`.
const TITLE_SEPARATORS: [&str; 6] = [" | ", " - ", " – ", " — ", " :: ", " · "];

/// The headline of a `<title>` such as "Acme halts IPO | Example Times":
/// drop the part that is the site's name, or keep the part that is the
/// page's `<h1>`. A title with neither is kept whole.
fn headline(title: &str, site: Option<&str>, heading: Option<&str>) -> String {
    let is_site = |part: &str| site.is_some_and(|s| s.trim().eq_ignore_ascii_case(part.trim()));
    let is_heading = |part: &str| heading.is_some_and(|h| h == part.trim());
    for sep in TITLE_SEPARATORS {
        for (head, tail) in [title.rsplit_once(sep), title.split_once(sep)]
            .into_iter()
            .flatten()
        {
            if is_site(tail) || is_heading(head) {
                return head.trim().to_string();
            }
            if is_site(head) || is_heading(tail) {
                return tail.trim().to_string();
            }
        }
    }
    title.to_string()
}

fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

pub fn parse_html(source: &str, warnings: &mut Vec<String>) -> Document {
    parse_page(source, &PageContext::default(), warnings)
}

/// A page with what its container knows about it (its address, its crawl
/// date).
pub fn parse_page(source: &str, page: &PageContext, warnings: &mut Vec<String>) -> Document {
    let (source, limited) = super::html_guard::tame(source);
    warnings.extend(limited);
    let source = source.as_ref();
    let html = Html::parse_document(source);
    let meta = read_meta(&html);
    let body = body_text(&html, &meta, warnings);
    let mut doc = Document {
        title: meta.og_title.clone().or_else(|| {
            meta.title
                .as_deref()
                .map(|t| headline(t, meta.site_name.as_deref(), meta.heading.as_deref()))
        }),
        url: page.url.map(str::to_string).or(meta.url.clone()),
        publisher: meta.site_name.clone(),
        published: publication_day(source, &html, &meta, page).unwrap_or_default(),
        ..Document::default()
    };
    let mut b = TextBuilder::default();
    let mut body = body.trim_start();
    if let Some(t) = &doc.title {
        b.push(t, Role::Title);
        // The body opens with the headline as its own paragraph: it is
        // that title, not a second copy.
        if let Some(rest) = body
            .strip_prefix(t.as_str())
            .filter(|r| r.is_empty() || r.starts_with('\n'))
        {
            body = rest;
        }
    }
    b.push(body, Role::Body);
    doc.text = b.text;
    doc.regions = b.regions;
    doc
}

/// A script's article is taken over the markup's when it holds more than
/// this many times its text: the markup then is a shell the browser fills.
const SCRIPT_OVER_MARKUP: usize = 2;
/// A page's state data (JSON the scripts read) is searched for the article
/// only when the markup holds less text than this: its strings are every
/// text the page may show (comments, teasers), read only for an empty shell.
const SHELL_CHARS: usize = 300;

/// The article body: the markup's prose, or what the page's scripts carry
/// when the markup holds little of it (pages rendered in the browser).
fn body_text(html: &Html, meta: &Meta, warnings: &mut Vec<String>) -> String {
    let (body, found) = html_body::article_body(html);
    let chars = |s: &str| s.chars().filter(|c| !c.is_whitespace()).count();
    let in_markup = chars(&body);
    let shell = found == html_body::Found::AllText || in_markup < SHELL_CHARS;
    let script = html_script::script_article(html, &meta.ld_bodies, shell);
    // The script's HTML is longer than its text: only then can it hold more.
    if script.len() > SCRIPT_OVER_MARKUP * in_markup {
        // Markup from a script is as untrusted as the page: the same guard.
        let (script, limited) = super::html_guard::tame(&script);
        warnings.extend(limited);
        let page = Html::parse_document(&script);
        let (from_script, _) = html_body::article_body(&page);
        if chars(&from_script) > SCRIPT_OVER_MARKUP * in_markup {
            warnings.push("the article body is read from the page's script data".into());
            return from_script;
        }
    }
    if found == html_body::Found::AllText {
        warnings.push("no article body found: the page's text blocks are kept".into());
    }
    with_standfirst(html, meta, body)
}

/// A summary shorter than this is a label, not a standfirst.
const MIN_STANDFIRST_CHARS: usize = 60;

/// The body led by the page's standfirst: the summary the page gives of
/// itself (`og:description`) when the page shows it as text outside the
/// body (a lede under the headline, often in its own box).
fn with_standfirst(html: &Html, meta: &Meta, body: String) -> String {
    let Some(summary) = meta
        .description
        .as_deref()
        .filter(|d| d.len() >= MIN_STANDFIRST_CHARS)
    else {
        return body;
    };
    if collapse(&body).contains(summary) {
        return body;
    }
    let shown = page_text(html).any(|t| t.len() >= summary.len() && collapse(t) == summary);
    if !shown {
        return body;
    }
    format!("{summary}\n\n{body}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meta_and_body() {
        let page = r#"<!doctype html><html><head><title>Site | Acme halts IPO</title>
<meta property="og:title" content="Acme halts IPO">
<meta property="article:published_time" content="2022-03-04T08:00:00Z">
<meta property="og:site_name" content="Example Times"></head>
<body><nav>Home | World | Business</nav><article><h1>Acme halts IPO</h1>
<p>Acme Corp. said on Thursday that it had put its initial public offering on hold after regulators asked questions about its accounts.</p>
<figure><img src="x.jpg"><figcaption>A logo of Acme. Photo: Getty Images</figcaption></figure>
<p>The company had hoped to raise $500 million from the sale, according to people familiar with the matter who asked not to be named.</p>
</article><footer>Copyright 2022 Example Times</footer></body></html>"#;
        let doc = parse_html(page, &mut Vec::new());
        assert_eq!(doc.title.as_deref(), Some("Acme halts IPO"));
        assert_eq!(doc.publisher.as_deref(), Some("Example Times"));
        assert_eq!(doc.published.date.unwrap().to_string(), "2022-03-04");
        assert!(doc.text.contains("put its initial public offering on hold"));
        assert!(!doc.text.contains("Getty"), "{}", doc.text);
        assert!(!doc.text.contains("Home | World"));
        assert!(!doc.text.contains("Copyright"));
    }

    #[test]
    fn site_name_leaves_the_title() {
        let cases = [
            (
                "Acme halts IPO | Example Times",
                Some("Example Times"),
                None,
                "Acme halts IPO",
            ),
            (
                "Example Times - Acme halts IPO",
                Some("example times"),
                None,
                "Acme halts IPO",
            ),
            (
                "Acme halts IPO — World — EXT",
                None,
                Some("Acme halts IPO"),
                "Acme halts IPO",
            ),
            (
                "Acme - the maker of widgets",
                Some("Example Times"),
                None,
                "Acme - the maker of widgets",
            ),
            (
                "Acme halts IPO",
                Some("Acme halts IPO"),
                None,
                "Acme halts IPO",
            ),
        ];
        for (title, site, heading, want) in cases {
            assert_eq!(headline(title, site, heading), want, "{title}");
        }
    }

    #[test]
    fn json_ld_date() {
        let page = r#"<html><head><script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2020-01-02","publisher":{"name":"LD News"}}</script></head><body><p>Text.</p></body></html>"#;
        let doc = parse_html(page, &mut Vec::new());
        assert_eq!(doc.published.date.unwrap().to_string(), "2020-01-02");
        assert_eq!(doc.publisher.as_deref(), Some("LD News"));
    }

    #[test]
    fn the_shown_standfirst_leads_the_body() {
        let lede = "Regulators asked for more time to study the accounts of the widget maker before its listing.";
        let page = format!(
            r#"<html><head><meta property="og:description" content="{lede}"></head><body>
<h1>Acme halts IPO</h1><p class="lede">{lede}</p>
<div class="story"><p>Acme Corp. said on Thursday that it had put its initial public offering on hold after regulators asked questions.</p>
<p>The company had hoped to raise $500 million from the sale, according to people familiar with the matter who asked not to be named.</p></div></body></html>"#
        );
        let doc = parse_html(&page, &mut Vec::new());
        assert!(
            doc.text.contains(&format!("{lede}\n\nAcme Corp. said")),
            "{}",
            doc.text
        );
        // A description the page does not show is not text of the page.
        let hidden = page
            .replace(r#"<p class="lede">"#, "<p>")
            .replace(&format!("<p>{lede}</p>"), "");
        let doc = parse_html(&hidden, &mut Vec::new());
        assert!(!doc.text.contains("Regulators asked"), "{}", doc.text);
    }

    #[test]
    fn a_page_rendered_by_script_keeps_its_article() {
        let page = r#"<html><head><script type="application/ld+json">{"@type":"NewsArticle","articleBody":"The council voted on Tuesday to close the old bridge to lorries from next month.\nEngineers found cracks in two of its piers during an inspection in the spring."}</script></head>
<body><div id="root"><a href="/">Home</a></div></body></html>"#;
        let mut warnings = Vec::new();
        let doc = parse_html(page, &mut warnings);
        assert!(doc.text.contains("Engineers found cracks"), "{}", doc.text);
        assert!(
            warnings.iter().any(|w| w.contains("script data")),
            "{warnings:?}"
        );
    }

    #[test]
    fn days_a_time_element_writes() {
        let page = r#"<html lang="de"><body><h1>Titel</h1><time>12. März 2019</time><p>Text.</p></body></html>"#;
        let doc = parse_html(page, &mut Vec::new());
        assert_eq!(doc.published.date.unwrap().to_string(), "2019-03-12");
        assert_eq!(doc.published.basis.as_deref(), Some("text of <time>"));
    }

    /// Hostile pages whose cost grew with the square of their size (44 s
    /// and more each) read in linear time. The bound is loose: it catches
    /// a quadratic path, not a slow machine.
    #[test]
    fn hostile_pages_read_in_linear_time() {
        let pages = [
            (
                "100,000 nested divs",
                format!(
                    "<body>{}<p>deep text</p>{}</body>",
                    "<div>".repeat(100_000),
                    "</div>".repeat(100_000)
                ),
            ),
            (
                "&amp; x 400,000",
                format!("<body><p>deep text {}</p></body>", "&amp;".repeat(400_000)),
            ),
            (
                "80,000 attributes",
                format!(
                    "<body><div {}><p>deep text</p></div></body>",
                    (0..80_000)
                        .map(|i| format!("a{i}=x"))
                        .collect::<Vec<_>>()
                        .join(" ")
                ),
            ),
            (
                "100,000 nested divs in a template",
                format!(
                    r#"<body><script type="text/template">{}<p>deep text</p>{}</script></body>"#,
                    "<div>".repeat(100_000),
                    "</div>".repeat(100_000)
                ),
            ),
            (
                "50,000 datePublished",
                format!(
                    r#"<head><script type="application/ld+json">[{}]</script></head><body><p>deep text</p></body>"#,
                    vec![r#"{"datePublished":"2020-01-02"}"#; 50_000].join(",")
                ),
            ),
        ];
        for (what, page) in pages {
            let started = std::time::Instant::now();
            let doc = parse_html(&page, &mut Vec::new());
            let took = started.elapsed();
            assert!(doc.text.contains("deep text"), "{what}");
            assert!(took.as_secs() < 20, "{what}: {took:?}");
        }
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let page = format!(
            "{}<p>deep text</p>{}",
            "<div>".repeat(5000),
            "</div>".repeat(5000)
        );
        let mut w = Vec::new();
        let doc = parse_html(&page, &mut w);
        assert!(doc.text.contains("deep text"));
    }
}
