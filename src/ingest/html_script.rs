//! The article a page carries in data for its scripts, for pages whose
//! markup holds little of it: pages rendered in the browser keep their text
//! in schema.org JSON-LD (`articleBody`), in HTML templates (`<script
//! type="text/template">`) or in a JSON state object whose strings are the
//! article's paragraphs. What these hold is made into one small page and
//! read like any other, so the same prose and furniture rules apply.

use scraper::{Html, Selector};
use std::collections::HashSet;
use std::sync::LazyLock;

/// A string of a JSON state object is a paragraph when it has at least this
/// many words...
const MIN_WORDS: usize = 8;
/// ... and at least this share of it is letters and spaces (code, styles,
/// ids and encoded images are not).
const MIN_LETTER_SHARE: f32 = 0.8;
/// Script text read for paragraphs, at most, per page.
const MAX_SCRIPT_BYTES: usize = 8 << 20;

static SCRIPTS: LazyLock<Selector> =
    LazyLock::new(|| Selector::parse("script").expect("built-in selector"));

/// Where a page's script data says its article is, as HTML: `articleBody`
/// strings of JSON-LD (`ld_bodies`, read with the metadata), the content of
/// HTML templates, and with `state`, the prose strings of JSON data. Empty
/// when there is none.
pub fn script_article(html: &Html, ld_bodies: &[String], state: bool) -> String {
    let mut out = String::new();
    // A state object often holds the same text twice (a cache and the
    // page's props).
    let mut seen: HashSet<String> = HashSet::new();
    for body in ld_bodies {
        push_paragraphs(&mut out, body);
    }
    let mut budget = MAX_SCRIPT_BYTES;
    for script in html.select(&SCRIPTS) {
        let kind = script
            .value()
            .attr("type")
            .unwrap_or("")
            .to_ascii_lowercase();
        let is_template = kind.contains("template") || kind.contains("html");
        let is_json = kind.contains("json") && !kind.contains("ld+json");
        let is_code = kind.is_empty() || kind.contains("javascript");
        if !(is_template || (state && (is_json || is_code))) {
            continue;
        }
        for text in script.text() {
            // Code's strings are messages and names; only a script that
            // assigns one data object holds the page's state.
            if is_code && !assigns_object(text) {
                continue;
            }
            if text.len() > budget {
                return out;
            }
            budget -= text.len();
            if is_template {
                out.push_str(text);
                continue;
            }
            for s in json_strings(text) {
                if seen.contains(&s) {
                    continue;
                }
                if looks_like_markup(&s) {
                    out.push_str(&s);
                } else if is_paragraph(&s) {
                    push_paragraphs(&mut out, &s);
                } else {
                    continue;
                }
                seen.insert(s);
            }
        }
    }
    out
}

/// Whether a script is one assignment of an object literal:
/// `window.__STATE__ = {...};`, `var data = {...}`.
fn assigns_object(script: &str) -> bool {
    let s = script.trim();
    let s = s.strip_suffix(';').unwrap_or(s).trim_end();
    let Some(open) = s.find('{') else {
        return false;
    };
    let target = &s[..open];
    s.ends_with('}')
        && target.trim_end().ends_with('=')
        && target.trim_end().trim_end_matches('=').bytes().all(|b| {
            b.is_ascii_alphanumeric()
                || matches!(b, b'_' | b'$' | b'.' | b' ' | b'[' | b']' | b'"' | b'\'')
        })
}

/// Plain text lines as HTML paragraphs.
fn push_paragraphs(out: &mut String, text: &str) {
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        out.push_str("<p>");
        for c in line.chars() {
            match c {
                '<' => out.push_str("&lt;"),
                '&' => out.push_str("&amp;"),
                c => out.push(c),
            }
        }
        out.push_str("</p>\n");
    }
}

fn looks_like_markup(s: &str) -> bool {
    (s.contains("<p>") || s.contains("<p ") || s.contains("</p>")) && is_paragraph(s)
}

/// Whether a string reads as prose: enough words, mostly letters.
fn is_paragraph(s: &str) -> bool {
    if s.starts_with("http") || s.split_whitespace().nth(MIN_WORDS - 1).is_none() {
        return false;
    }
    let (mut letters, mut all) = (0usize, 0usize);
    for c in s.chars() {
        all += 1;
        if c.is_alphabetic() || c == ' ' {
            letters += 1;
        }
    }
    letters as f32 >= MIN_LETTER_SHARE * all as f32
}

/// The string literals of a JSON (or JavaScript) text, unescaped, in order.
/// Literals too short to be a paragraph are skipped without decoding.
fn json_strings(text: &str) -> impl Iterator<Item = String> + '_ {
    let b = text.as_bytes();
    let mut i = 0usize;
    std::iter::from_fn(move || {
        while let Some(off) = memchr::memchr(b'"', &b[i..]) {
            let start = i + off;
            let mut j = start + 1;
            let mut escaped = false;
            // The closing quote: the next one not escaped, on this line.
            while j < b.len() && b[j] != b'"' && b[j] != b'\n' {
                if b[j] == b'\\' {
                    escaped = true;
                    j += 1;
                }
                j += 1;
            }
            if j >= b.len() || b[j] != b'"' {
                i = j.min(b.len());
                continue;
            }
            i = j + 1;
            // Fewer bytes than the shortest paragraph: not worth decoding.
            if j - start < 40 {
                continue;
            }
            let literal = &text[start..=j];
            if !escaped {
                return Some(literal[1..literal.len() - 1].to_string());
            }
            if let Ok(s) = serde_json::from_str::<String>(literal) {
                return Some(s);
            }
        }
        None
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_of_a_state_object() {
        let js = r#"window.__STATE__ = {"id":"a1","body":[{"type":"p","text":"The council voted on Tuesday to close the old bridge to \"heavy\" lorries from next month."},{"type":"p","text":"short one"}],"img":"https://example.org/a/very/long/path/to/an/image/file.jpg"};"#;
        assert!(assigns_object(js));
        assert!(!assigns_object("if (a) { run(\"x\") }"));
        let got: Vec<String> = json_strings(js).collect();
        assert!(got.contains(
            &"The council voted on Tuesday to close the old bridge to \"heavy\" lorries from next month.".to_string()
        ));
        let prose: Vec<&String> = got.iter().filter(|s| is_paragraph(s)).collect();
        assert_eq!(prose.len(), 1, "{got:?}");
    }

    #[test]
    fn templates_and_json_ld_become_paragraphs() {
        let page = r#"<html><body><div id="app"></div>
<script type="text/template"><p>The first paragraph of the post, long enough to be read as the prose of an article.</p></script>
<script>var s = {"html":"<p>A paragraph from the state object, written out as markup for the script to insert.</p>"};</script>
</body></html>"#;
        let html = Html::parse_document(page);
        let got = script_article(
            &html,
            &["Line one of the body.\nLine two < three.".into()],
            true,
        );
        assert!(got.contains("<p>Line two &lt; three.</p>"), "{got}");
        assert!(got.contains("The first paragraph of the post"), "{got}");
        assert!(got.contains("A paragraph from the state object"), "{got}");
    }
}
