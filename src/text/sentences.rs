//! Sentence splitting: Unicode sentence boundaries (UAX #29), then a merge
//! pass driven by `data/abbreviations.tsv`, because UAX #29 breaks after
//! every "Dec." and "U.S." followed by a capital or a digit.
//!
//! Paragraphs (blank lines) and region edges always end a sentence. A single
//! line break ends one too, except in hard-wrapped text (newswire wrapped at
//! ~70 columns), where it ends one only after closing punctuation or a
//! heading.

use super::uax29;
use super::{data_lines, line_spans, trim, trim_end, trim_start};
use crate::extract::orgs::fast_hash::WordSet;
use crate::model::Document;
use std::ops::Range;
use unicode_segmentation::UnicodeSegmentation;

const ABBREVIATIONS: &str = include_str!("../../data/abbreviations.tsv");
const STARTERS: &str = include_str!("../../data/sentence_starters.txt");

/// Abbreviations and the words that open sentences after them (sets with a
/// fast hash: short keys, looked up at every full stop).
pub struct Abbreviations {
    always: WordSet<String>,
    continues: WordSet<String>,
    starters: WordSet<String>,
}

impl Abbreviations {
    pub fn builtin() -> Self {
        let mut always = WordSet::default();
        let mut continues = WordSet::default();
        for line in data_lines(ABBREVIATIONS) {
            match line.split_once('\t') {
                Some((abbr, "always")) => always.insert(abbr.to_string()),
                Some((abbr, _)) => continues.insert(abbr.to_string()),
                None => continues.insert(line.to_string()),
            };
        }
        let starters = data_lines(STARTERS).map(|w| w.trim().to_string()).collect();
        Abbreviations {
            always,
            continues,
            starters,
        }
    }

    /// Whether a sentence piece ending in `prev` goes on into `next`.
    fn joins(&self, prev: &str, next: &str) -> bool {
        let prev = trim_end(prev);
        if !prev.ends_with('.') {
            return false;
        }
        let last = prev
            .rsplit(|c: char| c.is_whitespace() || c == '(' || c == '"' || c == '“')
            .next()
            .unwrap_or("");
        let next = trim_start(next);
        let Some(first) = next.chars().next() else {
            return false;
        };
        if self.always.contains(last) {
            return true;
        }
        // An initial: "J. Smith", "Robert F. Kennedy".
        let initial = last.len() == 2 && last.starts_with(|c: char| c.is_ascii_uppercase());
        if !(self.continues.contains(last) || initial) {
            return false;
        }
        if !first.is_uppercase() {
            return first.is_lowercase() || first.is_ascii_digit() || ",;:)$".contains(first);
        }
        let word = next
            .split(|c: char| !c.is_alphanumeric())
            .next()
            .unwrap_or("");
        !self.starters.contains(word)
    }
}

/// Sentence spans (byte ranges, trimmed) over the whole document text.
pub fn split_sentences(doc: &Document, abbr: &Abbreviations) -> Vec<Range<usize>> {
    let text = doc.text.as_str();
    // Cut points that always end a sentence: region edges.
    // Sized up front: collecting a flat map starts small and grows.
    let mut cuts: Vec<usize> = Vec::with_capacity(2 * doc.regions.len() + 1);
    cuts.extend(doc.regions.iter().flat_map(|r| [r.span.start, r.span.end]));
    cuts.push(text.len());
    cuts.sort_unstable();
    cuts.dedup();
    let (wrapped, paras) = scan_lines(text, &cuts);
    // News sentences run to some 150 bytes: sized so it seldom grows.
    let mut out = Vec::with_capacity(text.len() / 100 + 1);
    // Boundaries of one paragraph at a time: sized for most paragraphs.
    let mut breaks = Vec::with_capacity(32);
    for para in paras {
        split_paragraph(text, para, wrapped, abbr, &mut breaks, &mut out);
    }
    out
}

/// One pass over the lines of `text`: whether it is hard-wrapped
/// (`is_hard_wrapped`), and the paragraphs of each stretch between the
/// `cuts` (sorted, the last one the end of the text) as `paragraphs` gives
/// them, in order.
fn scan_lines(text: &str, cuts: &[usize]) -> (bool, Vec<Range<usize>>) {
    let mut wrap = WrapCount::default();
    let mut paras = Vec::with_capacity(16);
    let mut para_start: Option<usize> = None;
    // The end of the stretch being read.
    let mut ends = cuts.iter().copied().filter(|&c| c > 0).peekable();
    for line in line_spans(text) {
        // All whitespace exactly when nothing is left after the leading run.
        let blank = trim_start(&text[line.clone()]).is_empty();
        wrap.line(&text[line.clone()], blank);
        // The line, cut where a stretch ends inside it.
        let mut start = line.start;
        while start < line.end {
            let stretch_end = ends.peek().copied().unwrap_or(line.end);
            let end = line.end.min(stretch_end);
            let blank = if start == line.start && end == line.end {
                blank
            } else {
                trim_start(&text[start..end]).is_empty()
            };
            match (blank, para_start) {
                (true, Some(s)) => {
                    paras.push(s..start);
                    para_start = None;
                }
                (false, None) => para_start = Some(start),
                _ => {}
            }
            if end == stretch_end {
                paras.extend(para_start.take().map(|s| s..end));
                ends.next();
            }
            start = end;
        }
    }
    (wrap.wrapped(), paras)
}

/// Paragraphs of `text`: runs separated by blank lines.
#[cfg(test)]
fn paragraphs(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut para_start: Option<usize> = None;
    for line in line_spans(text) {
        let blank = trim(&text[line.clone()]).is_empty();
        match (blank, para_start) {
            (true, Some(s)) => {
                out.push(s..line.start);
                para_start = None;
            }
            (false, None) => para_start = Some(line.start),
            _ => {}
        }
    }
    if let Some(s) = para_start {
        out.push(s..text.len());
    }
    out
}

/// Whether most line breaks fall inside sentences: lines that run on into a
/// next line without closing punctuation.
#[cfg(test)]
fn is_hard_wrapped(text: &str) -> bool {
    let mut wrap = WrapCount::default();
    for line in line_spans(text) {
        let line = &text[line];
        wrap.line(line, trim(line).is_empty());
    }
    wrap.wrapped()
}

/// Whether a line ends with closing punctuation (its last byte is enough
/// unless it is the end of a curly quote).
fn closes(line: &str) -> bool {
    match line.as_bytes().last() {
        Some(b'.' | b'!' | b'?' | b':' | b'"') => true,
        Some(&b) if b >= 0x80 => line.ends_with('”'),
        _ => false,
    }
}

/// The line breaks between two lines with text, and those of them after a
/// line without closing punctuation.
#[derive(Default)]
struct WrapCount {
    breaks: usize,
    open: usize,
    /// Whether the line before was blank, and if not whether it was closed.
    before: Option<(bool, bool)>,
}

impl WrapCount {
    fn line(&mut self, line: &str, blank: bool) {
        if let Some((false, closed)) = self.before {
            if !blank {
                self.breaks += 1;
                self.open += usize::from(!closed);
            }
        }
        let closed = !blank && closes(trim_end(line));
        self.before = Some((blank, closed));
    }

    /// Most line breaks fall inside sentences.
    fn wrapped(&self) -> bool {
        self.breaks >= 3 && self.open * 2 > self.breaks
    }
}

fn split_paragraph(
    text: &str,
    para: Range<usize>,
    wrapped: bool,
    abbr: &Abbreviations,
    breaks: &mut Vec<usize>,
    out: &mut Vec<Range<usize>>,
) {
    let slice = &text[para.clone()];
    breaks.clear();
    if !uax29::sentence_breaks(slice, breaks) {
        // A character the table does not know: the full Unicode tables.
        breaks.clear();
        breaks.extend(slice.split_sentence_bound_indices().skip(1).map(|(i, _)| i));
    }
    breaks.push(slice.len());
    let mut current: Option<Range<usize>> = None;
    let mut offset = 0;
    for &end in breaks.iter() {
        let piece = &slice[offset..end];
        let piece_range = para.start + offset..para.start + end;
        offset = end;
        current = Some(match current {
            None => piece_range,
            Some(cur) => {
                let prev = &text[cur.clone()];
                if continues(prev, piece, wrapped, abbr) {
                    cur.start..piece_range.end
                } else {
                    push_trimmed(text, cur, out);
                    piece_range
                }
            }
        });
    }
    if let Some(cur) = current {
        push_trimmed(text, cur, out);
    }
}

/// Whether the boundary between `prev` and `next` is not a real sentence end.
fn continues(prev: &str, next: &str, wrapped: bool, abbr: &Abbreviations) -> bool {
    if prev.ends_with('\n') {
        if !wrapped {
            return false;
        }
        // A single line break: hard-wrapped text goes on unless the line
        // closed a sentence or was a heading.
        let line = trim_end(prev);
        let closed = line.ends_with(['.', '!', '?', ':', '"', '”', '\'', '’', ')']);
        return !closed
            && !is_heading(
                memchr::memrchr(b'\n', line.as_bytes()).map_or(line, |i| &line[i + 1..]),
            )
            && !trim_start(next).is_empty();
    }
    abbr.joins(prev, next)
}

/// A line whose longer words are all capitalised ("Acme Halts Its Listing
/// Plan"). Any lower-case word makes it prose: wrapped newswire lines are
/// often mostly names ("Prime Minister Yasuhiro Nakasone is likely").
fn is_heading(line: &str) -> bool {
    // Byte by byte while the words are ASCII (lines of prose mostly end the
    // test at an early word); from a non-ASCII byte on, the words as
    // `split_whitespace` cuts them.
    let bytes = line.as_bytes();
    let space = |b: u8| matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c);
    let (mut words, mut longer) = (0, false);
    let mut i = 0;
    while i < bytes.len() {
        if space(bytes[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && !space(bytes[i]) {
            if !bytes[i].is_ascii() {
                return is_heading_by_chars(line);
            }
            i += 1;
        }
        words += 1;
        if i - start > 3 {
            if !(bytes[start].is_ascii_uppercase() || bytes[start].is_ascii_digit()) {
                return false;
            }
            longer = true;
        }
    }
    longer || words <= 3
}

/// `is_heading` on any text.
fn is_heading_by_chars(line: &str) -> bool {
    let (mut words, mut longer) = (0, false);
    for word in line.split_whitespace() {
        words += 1;
        if word.len() > 3 {
            if !word.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit()) {
                return false;
            }
            longer = true;
        }
    }
    longer || words <= 3
}

fn push_trimmed(text: &str, span: Range<usize>, out: &mut Vec<Range<usize>>) {
    let s = &text[span.clone()];
    let lead = s.len() - trim_start(s).len();
    let trimmed = trim(s);
    if !trimmed.is_empty() {
        out.push(span.start + lead..span.start + lead + trimmed.len());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<String> {
        let doc = Document {
            text: text.to_string(),
            ..Document::default()
        };
        split_sentences(&doc, &Abbreviations::builtin())
            .into_iter()
            .map(|r| text[r].to_string())
            .collect()
    }

    /// The line scans as first written, with `str` methods.
    fn paragraphs_by_str(text: &str) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        let mut para_start: Option<usize> = None;
        let mut pos = 0;
        for line in text.split_inclusive('\n') {
            let blank = line.trim().is_empty();
            match (blank, para_start) {
                (true, Some(s)) => {
                    out.push(s..pos);
                    para_start = None;
                }
                (false, None) => para_start = Some(pos),
                _ => {}
            }
            pos += line.len();
        }
        if let Some(s) = para_start {
            out.push(s..text.len());
        }
        out
    }

    fn is_hard_wrapped_by_str(text: &str) -> bool {
        let (mut breaks, mut open) = (0usize, 0usize);
        let mut lines = text.lines().peekable();
        while let Some(line) = lines.next() {
            let Some(next) = lines.peek() else { break };
            if line.trim().is_empty() || next.trim().is_empty() {
                continue;
            }
            breaks += 1;
            if !line.trim_end().ends_with(['.', '!', '?', ':', '"', '”']) {
                open += 1;
            }
        }
        breaks >= 3 && open * 2 > breaks
    }

    proptest::proptest! {
        #[test]
        fn line_scans_agree_with_str_methods(
            pieces in proptest::collection::vec(proptest::sample::select(vec![
                "a", "Word", " ", "  ", "\t", "\n", "\n", "\r\n", "\r", ".", ":", "\"", "”",
                "\u{a0}", "\u{2028}", "\u{85}", "é", "\u{b}", "\u{c}", "x.", "end", "\u{1c}",
            ]), 0..40)
        ) {
            let text: String = pieces.concat();
            proptest::prop_assert_eq!(paragraphs(&text), paragraphs_by_str(&text));
            proptest::prop_assert_eq!(is_hard_wrapped(&text), is_hard_wrapped_by_str(&text));
        }

        #[test]
        fn one_line_scan_agrees_with_scans_per_stretch(
            pieces in proptest::collection::vec(proptest::sample::select(vec![
                "a", "Word", " ", "  ", "\t", "\n", "\n", "\r\n", ".", ":", "\u{a0}", "é", "x.",
            ]), 0..40),
            marks in proptest::collection::vec(0usize..200, 0..5),
        ) {
            let text: String = pieces.concat();
            let mut cuts: Vec<usize> = marks
                .into_iter()
                .map(|m| m.min(text.len()))
                .filter(|&m| text.is_char_boundary(m))
                .collect();
            cuts.push(text.len());
            cuts.sort_unstable();
            cuts.dedup();
            let mut expected = Vec::new();
            let mut start = 0;
            for &cut in &cuts {
                if cut > start {
                    expected.extend(
                        paragraphs(&text[start..cut])
                            .into_iter()
                            .map(|p| start + p.start..start + p.end),
                    );
                    start = cut;
                }
            }
            proptest::prop_assert_eq!(scan_lines(&text, &cuts), (is_hard_wrapped(&text), expected));
        }
    }

    proptest::proptest! {
        #[test]
        fn heading_test_agrees_on_ascii_and_not(
            pieces in proptest::collection::vec(proptest::sample::select(vec![
                "a", "Word", "word", "Acme", "1987", " ", "  ", "\t", "\u{b}", "\u{a0}",
                "É", "éclair", "Ünited", "of", "x.", "\u{2028}",
            ]), 0..12)
        ) {
            let line: String = pieces.concat();
            proptest::prop_assert_eq!(is_heading(&line), is_heading_by_chars(&line));
        }
    }

    #[test]
    fn abbreviations_do_not_end_sentences() {
        assert_eq!(
            split("It was blacklisted on Friday, Dec. 10, by the U.S. Treasury. Shares fell."),
            vec![
                "It was blacklisted on Friday, Dec. 10, by the U.S. Treasury.",
                "Shares fell."
            ]
        );
        assert_eq!(
            split("Acme Group Inc. is a maker of robots. It said so."),
            vec!["Acme Group Inc. is a maker of robots.", "It said so."]
        );
        assert_eq!(split("He moved to the U.S. The firm followed.").len(), 2);
        assert_eq!(split("Mr. Smith met Gov. Jones.").len(), 1);
        assert_eq!(
            split("It bought Acme Technology Co. Ltd. last year.").len(),
            1
        );
    }

    #[test]
    fn hard_wrapped_lines_join_but_paragraphs_split() {
        let s = split(
            "Showers continued throughout the week in\nthe cocoa zone, said Smith.\n\nNew paragraph here.\n\nRains fell in\nthe south and\nthe north, he said\nin a report.",
        );
        assert_eq!(s.len(), 3);
        assert!(s[0].starts_with("Showers") && s[0].ends_with("Smith."));
        let h = split("Acme Halts Its Listing Plan\nThe company said so.");
        assert_eq!(h.len(), 2);
        let unwrapped = split("Acme shuts down listing questions\nThe chief said no.");
        assert_eq!(unwrapped.len(), 2);
        let names = split(
            "Officials said on Monday that\nPrime Minister Yasuhiro Nakasone is likely\nto visit Washington in\nApril, the ministry said.",
        );
        assert_eq!(names.len(), 1, "{names:?}");
    }
}
