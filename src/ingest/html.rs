//! HTML pages: metadata with `scraper`, the article body with `dom_smoothie`
//! after page furniture (navigation, captions, share bars, footers) has been
//! removed by the selectors in `data/html_furniture.txt`.

use super::published_from_metadata;
use super::text::TextBuilder;
use crate::model::{Document, Role};
use scraper::{Html, Node, Selector};
use std::sync::LazyLock;

const FURNITURE: &str = include_str!("../../data/html_furniture.txt");

/// Readability walks the tree recursively; pages nested deeper than this are
/// read with the iterative fallback instead.
const MAX_READABILITY_DEPTH: usize = 400;

struct Selectors {
    furniture: String,
    title: Selector,
    heading: Selector,
    meta: Selector,
    json_ld: Selector,
    time: Selector,
    canonical: Selector,
}

static SELECTORS: LazyLock<Selectors> = LazyLock::new(|| {
    let s = |css: &str| Selector::parse(css).expect("built-in selector");
    let furniture = FURNITURE
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect::<Vec<_>>()
        .join(", ");
    Selectors {
        furniture,
        title: s("title"),
        heading: s("h1"),
        meta: s("meta"),
        json_ld: s(r#"script[type="application/ld+json"]"#),
        time: s("time[datetime]"),
        canonical: s(r#"link[rel="canonical"]"#),
    }
});

/// Metadata keys (meta `property` or `name`) in order of preference.
const META_DATE_KEYS: [&str; 8] = [
    "article:published_time",
    "og:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "date",
    "dc.date",
];

#[derive(Default)]
struct Meta {
    title: Option<String>,
    og_title: Option<String>,
    /// The page's first `<h1>`.
    heading: Option<String>,
    site_name: Option<String>,
    url: Option<String>,
    dates: Vec<(String, String)>,
}

fn read_meta(html: &Html) -> Meta {
    let sel = &*SELECTORS;
    let mut meta = Meta {
        title: html
            .select(&sel.title)
            .next()
            .map(|t| collapse(&t.text().collect::<String>()))
            .filter(|t| !t.is_empty()),
        heading: html
            .select(&sel.heading)
            .next()
            .map(|h| collapse(&h.text().collect::<String>()))
            .filter(|h| !h.is_empty()),
        ..Meta::default()
    };
    for m in html.select(&sel.meta) {
        let el = m.value();
        let key = el
            .attr("property")
            .or_else(|| el.attr("name"))
            .or_else(|| el.attr("itemprop"))
            .unwrap_or("")
            .to_ascii_lowercase();
        let Some(content) = el.attr("content").map(str::trim).filter(|c| !c.is_empty()) else {
            continue;
        };
        match key.as_str() {
            "og:title" => meta.og_title = Some(collapse(content)),
            "og:site_name" => meta.site_name = Some(content.to_string()),
            "og:url" => meta.url = meta.url.take().or(Some(content.to_string())),
            k if META_DATE_KEYS.contains(&k) => meta.dates.push((key.clone(), content.into())),
            _ => {}
        }
    }
    meta.dates
        .sort_by_key(|(k, _)| META_DATE_KEYS.iter().position(|p| p == k));
    for script in html.select(&sel.json_ld) {
        let raw = script.text().collect::<String>();
        if let Ok(value) = serde_json::from_str::<serde_json::Value>(&raw) {
            json_ld(&value, &mut meta, 0);
        }
    }
    if let Some(t) = html.select(&sel.time).next() {
        if let Some(dt) = t.value().attr("datetime") {
            meta.dates.push(("time[datetime]".into(), dt.to_string()));
        }
    }
    if let Some(link) = html.select(&sel.canonical).next() {
        if let Some(href) = link.value().attr("href") {
            meta.url = Some(href.to_string());
        }
    }
    meta
}

/// Pick `datePublished` and `publisher.name` out of JSON-LD (objects, arrays
/// and `@graph` lists).
fn json_ld(value: &serde_json::Value, meta: &mut Meta, depth: usize) {
    use serde_json::Value;
    if depth > 8 {
        return;
    }
    match value {
        Value::Array(items) => items.iter().for_each(|v| json_ld(v, meta, depth + 1)),
        Value::Object(map) => {
            if let Some(Value::String(d)) = map.get("datePublished") {
                // JSON-LD ranks just after article:published_time.
                let at = meta
                    .dates
                    .iter()
                    .position(|(k, _)| k != "article:published_time")
                    .unwrap_or(meta.dates.len());
                meta.dates.insert(at, ("datePublished".into(), d.clone()));
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

/// How deeply the page's elements nest (iteratively: pages may be hostile).
fn max_depth(html: &Html) -> usize {
    let (mut depth, mut max) = (0usize, 0usize);
    for edge in html.root_element().traverse() {
        match edge {
            ego_tree::iter::Edge::Open(_) => {
                depth += 1;
                max = max.max(depth);
            }
            ego_tree::iter::Edge::Close(_) => depth -= 1,
        }
    }
    max
}

pub fn parse_html(source: &str, warnings: &mut Vec<String>) -> Document {
    let html = Html::parse_document(source);
    let meta = read_meta(&html);
    let deep = max_depth(&html) > MAX_READABILITY_DEPTH;
    if deep {
        warnings.push("HTML nested too deeply for readability: body read as plain blocks".into());
    }
    let body = if deep { None } else { readable_body(source) }
        .filter(|b| b.len() >= 200)
        .unwrap_or_else(|| block_text(&html));

    let mut doc = Document {
        title: meta.og_title.clone().or_else(|| {
            meta.title
                .as_deref()
                .map(|t| headline(t, meta.site_name.as_deref(), meta.heading.as_deref()))
        }),
        url: meta.url,
        publisher: meta.site_name,
        ..Document::default()
    };
    if let Some(p) = meta
        .dates
        .iter()
        .find_map(|(key, value)| published_from_metadata(key, value))
    {
        doc.published = p;
    }
    let mut b = TextBuilder::default();
    if let Some(t) = &doc.title {
        if !body.trim_start().starts_with(t.as_str()) {
            b.push(t, Role::Title);
        }
    }
    b.push(&body, Role::Body);
    doc.text = b.text;
    doc.regions = b.regions;
    doc
}

/// The article body by readability, after furniture is removed.
fn readable_body(source: &str) -> Option<String> {
    let dom = dom_query::Document::from(source);
    dom.select(&SELECTORS.furniture).remove();
    let cfg = dom_smoothie::Config {
        text_mode: dom_smoothie::TextMode::Formatted,
        ..Default::default()
    };
    let mut reader = dom_smoothie::Readability::with_document(dom, None, Some(cfg)).ok()?;
    let article = reader.parse().ok()?;
    Some(tidy_paragraphs(&article.text_content))
}

/// Normalise whitespace inside paragraphs and keep one blank line between
/// them.
fn tidy_paragraphs(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for para in text.split('\n').map(collapse).filter(|p| !p.is_empty()) {
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        out.push_str(&para);
    }
    out
}

const BLOCKS: [&str; 16] = [
    "p",
    "div",
    "section",
    "article",
    "main",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "br",
    "tr",
    "pre",
];

/// Fallback body: the text of the page's blocks, skipping furniture, read
/// by an iterative walk so no nesting depth can exhaust the stack.
fn block_text(html: &Html) -> String {
    static FURNITURE_SEL: LazyLock<Selector> =
        LazyLock::new(|| Selector::parse(&SELECTORS.furniture).expect("furniture selectors"));
    let body_sel = Selector::parse("body").expect("selector");
    let root = html.select(&body_sel).next().unwrap_or(html.root_element());
    let mut out = String::new();
    let mut skip_depth: Option<usize> = None;
    let mut depth = 0usize;
    for edge in root.traverse() {
        match edge {
            ego_tree::iter::Edge::Open(node) => {
                depth += 1;
                if skip_depth.is_some() {
                    continue;
                }
                match node.value() {
                    Node::Element(el) => {
                        let is_furniture = scraper::ElementRef::wrap(node)
                            .is_some_and(|e| FURNITURE_SEL.matches(&e));
                        if is_furniture {
                            skip_depth = Some(depth);
                        } else if BLOCKS.contains(&el.name()) {
                            out.push('\n');
                        }
                    }
                    Node::Text(t) => out.push_str(t),
                    _ => {}
                }
            }
            ego_tree::iter::Edge::Close(_) => {
                if skip_depth == Some(depth) {
                    skip_depth = None;
                }
                depth -= 1;
            }
        }
    }
    tidy_paragraphs(&out)
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
