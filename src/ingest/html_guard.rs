//! Limits applied to HTML before the parser sees it. html5ever spends time
//! that grows with the square of two things hostile pages can make large:
//! the depth of open elements (every tag checks the stack of open elements)
//! and the number of attributes on one tag (every attribute is checked
//! against the ones before it). A linear scan drops the tags nested deeper
//! than `MAX_DEPTH` and the attributes past `MAX_ATTRIBUTES`, keeping every
//! piece of text, so no page costs more than linear time.

use std::borrow::Cow;

/// Deeper than any real page (the deepest of the shared web pages nest
/// about 40 elements).
pub const MAX_DEPTH: usize = 512;
/// More than any real tag carries.
pub const MAX_ATTRIBUTES: usize = 256;

/// Elements that never hold content.
const VOID: [&str; 14] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];
/// Elements whose end tag may be left out: the parser closes them itself, so
/// they do not nest without bound.
const OPTIONAL_END: [&str; 20] = [
    "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "thead", "tbody", "tfoot",
    "colgroup", "caption", "rb", "rt", "rp", "html", "head", "body",
];
/// Elements whose content is raw text: no tags inside.
const RAW_TEXT: [&str; 8] = [
    "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes",
];

/// The page with its excess nesting and attributes removed (borrowed when
/// nothing was), and a warning when something was.
pub fn tame(source: &str) -> (Cow<'_, str>, Option<String>) {
    let b = source.as_bytes();
    let mut out: Option<String> = None;
    // Bytes of `source` up to `copied` are in `out` (once it exists).
    let mut copied = 0usize;
    let (mut depth, mut dropped) = (0usize, 0usize);
    let (mut deep_tags, mut extra_attributes) = (0usize, 0usize);
    let mut i = 0usize;
    // Replace source[from..to] by `with`.
    let edit =
        |out: &mut Option<String>, copied: &mut usize, from: usize, to: usize, with: &str| {
            let o = out.get_or_insert_with(|| String::with_capacity(source.len()));
            o.push_str(&source[*copied..from]);
            o.push_str(with);
            *copied = to;
        };
    while let Some(off) = memchr::memchr(b'<', &b[i..]) {
        let start = i + off;
        i = start + 1;
        match b.get(i) {
            Some(b'!') => {
                i = if b[i..].starts_with(b"!--") {
                    memchr::memmem::find(&b[i..], b"-->").map_or(b.len(), |e| i + e + 3)
                } else {
                    memchr::memchr(b'>', &b[i..]).map_or(b.len(), |e| i + e + 1)
                };
            }
            Some(b'?') => i = memchr::memchr(b'>', &b[i..]).map_or(b.len(), |e| i + e + 1),
            Some(b'/') => {
                let (name, end) = tag_name(b, i + 1);
                let close = memchr::memchr(b'>', &b[end..]).map_or(b.len(), |e| end + e + 1);
                if nests(name) {
                    if dropped > 0 {
                        dropped -= 1;
                        edit(&mut out, &mut copied, start, close, "");
                    } else {
                        depth = depth.saturating_sub(1);
                    }
                }
                i = close;
            }
            Some(c) if c.is_ascii_alphabetic() => {
                let (name, mut j) = tag_name(b, i);
                let mut attributes = 0usize;
                let mut cut_at = None;
                let mut self_closing = false;
                // Attributes, quoted values skipped whole.
                loop {
                    while j < b.len() && b[j].is_ascii_whitespace() {
                        j += 1;
                    }
                    match b.get(j) {
                        None => break,
                        Some(b'>') => {
                            j += 1;
                            break;
                        }
                        Some(b'/') if b.get(j + 1) == Some(&b'>') => {
                            self_closing = true;
                            j += 2;
                            break;
                        }
                        _ => {}
                    }
                    attributes += 1;
                    if attributes > MAX_ATTRIBUTES && cut_at.is_none() {
                        cut_at = Some(j);
                    }
                    while j < b.len() && !matches!(b[j], b'=' | b'>') && !b[j].is_ascii_whitespace()
                    {
                        j += 1;
                    }
                    while j < b.len() && b[j].is_ascii_whitespace() {
                        j += 1;
                    }
                    if b.get(j) == Some(&b'=') {
                        j += 1;
                        while j < b.len() && b[j].is_ascii_whitespace() {
                            j += 1;
                        }
                        match b.get(j) {
                            Some(&q @ (b'"' | b'\'')) => {
                                j = memchr::memchr(q, &b[j + 1..])
                                    .map_or(b.len(), |e| j + 1 + e + 1);
                            }
                            _ => {
                                while j < b.len() && b[j] != b'>' && !b[j].is_ascii_whitespace() {
                                    j += 1;
                                }
                            }
                        }
                    }
                }
                let end = j.min(b.len());
                let lower = name.to_ascii_lowercase();
                if nests(name) && !self_closing {
                    if depth >= MAX_DEPTH {
                        dropped += 1;
                        deep_tags += 1;
                        edit(&mut out, &mut copied, start, end, "");
                        i = end;
                        continue;
                    }
                    depth += 1;
                }
                if let Some(cut) = cut_at {
                    extra_attributes += attributes - MAX_ATTRIBUTES;
                    edit(&mut out, &mut copied, cut, end, ">");
                }
                i = end;
                if RAW_TEXT.contains(&lower.as_str()) {
                    let closing = format!("</{lower}");
                    i = find_ascii_ci(&b[i..], closing.as_bytes()).map_or(b.len(), |e| i + e);
                }
            }
            _ => {}
        }
        if i >= b.len() {
            break;
        }
    }
    let Some(mut o) = out else {
        return (Cow::Borrowed(source), None);
    };
    o.push_str(&source[copied..]);
    let mut what = Vec::new();
    if deep_tags > 0 {
        what.push(format!(
            "nested too deeply: {deep_tags} tags past depth {MAX_DEPTH} dropped"
        ));
    }
    if extra_attributes > 0 {
        what.push(format!(
            "{extra_attributes} attributes past {MAX_ATTRIBUTES} on one tag dropped"
        ));
    }
    (
        Cow::Owned(o),
        Some(format!("HTML limits: {}", what.join(", "))),
    )
}

/// The tag name starting at `i` and where it ends.
fn tag_name(b: &[u8], i: usize) -> (&str, usize) {
    let mut j = i;
    while j < b.len() && !b[j].is_ascii_whitespace() && !matches!(b[j], b'>' | b'/') {
        j += 1;
    }
    (std::str::from_utf8(&b[i..j]).unwrap_or(""), j)
}

/// Whether an element of this name deepens the stack of open elements until
/// its end tag.
fn nests(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    !name.is_empty()
        && !VOID.contains(&lower.as_str())
        && !OPTIONAL_END.contains(&lower.as_str())
        && !RAW_TEXT.contains(&lower.as_str())
}

fn find_ascii_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    let first = needle[0];
    let mut from = 0;
    while let Some(p) = memchr::memchr(first, &hay[from..]) {
        let at = from + p;
        if hay.len() >= at + needle.len() && hay[at..at + needle.len()].eq_ignore_ascii_case(needle)
        {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_pages_pass_untouched() {
        let page = r#"<!doctype html><html><head><title>a < b</title><script>if (a<b) {}</script>
<!-- <div><div> --></head><body><div class="x" data-y='a>b'><p>One<p>Two<br/><img src=x></div></body></html>"#;
        let (out, warning) = tame(page);
        assert!(matches!(out, Cow::Borrowed(_)));
        assert!(warning.is_none());
    }

    #[test]
    fn deep_nesting_is_cut_and_text_kept() {
        let page = format!(
            "<body>{}<p>deep text</p>{}<p>after</p></body>",
            "<div>".repeat(2000),
            "</div>".repeat(2000)
        );
        let (out, warning) = tame(&page);
        assert_eq!(out.matches("<div>").count(), MAX_DEPTH);
        assert_eq!(out.matches("</div>").count(), MAX_DEPTH);
        assert!(out.contains("<p>deep text</p>") && out.contains("<p>after</p>"));
        assert!(warning
            .unwrap()
            .contains("nested too deeply: 1488 tags past depth 512"));
    }

    #[test]
    fn attributes_are_capped() {
        let attrs: Vec<String> = (0..1000).map(|i| format!("a{i}=\"v\"")).collect();
        let page = format!("<div {}><p>text</p></div>", attrs.join(" "));
        let (out, warning) = tame(&page);
        assert!(out.contains("a255=") && !out.contains("a256="));
        assert!(out.ends_with("><p>text</p></div>"));
        assert!(warning.unwrap().contains("744 attributes"));
    }
}
