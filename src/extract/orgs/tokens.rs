//! One scan over the text into word and punctuation tokens, each knowing its
//! shape (capitalised, all caps, lower case ...), what separates it from the
//! token before, and its sentence. Names are built from these tokens.

use super::fast_hash::WordTable;
use super::lexicon::find;
use std::ops::Range;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// "Apple", "Zentrix", "Xi'an".
    Cap,
    /// No lower-case letter: "OFAC", "U.S.", "AT&T", "TECHTIMES".
    Upper,
    /// Lower-case start with a capital inside: "iPhone", "eBay".
    Mixed,
    Lower,
    /// Starts with a digit: "13959", "3M".
    Digit,
    /// A possessive ending: "'s", "’s", or the lone apostrophe of "Beatles'".
    Possessive,
    Punct,
}

/// What lies between a token and the one before it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Gap {
    None,
    Space,
    Newline,
    /// A blank line (or the start of the text).
    Paragraph,
}

#[derive(Clone, Debug)]
pub struct Token {
    pub span: Range<usize>,
    pub shape: Shape,
    pub gap: Gap,
    /// Index of the sentence holding the token (`usize::MAX` outside any).
    pub sentence: usize,
    /// The first word of its sentence.
    pub initial: bool,
}

impl Token {
    pub fn is_word(&self) -> bool {
        !matches!(self.shape, Shape::Punct | Shape::Possessive)
    }

    /// Capitalised in some way: a possible part of a name.
    pub fn is_capitalised(&self) -> bool {
        matches!(self.shape, Shape::Cap | Shape::Upper | Shape::Mixed)
    }
}

/// The tokens of a document and, per sentence, whether it reads like a
/// headline (Title Case or ALL CAPS), where capitals tell nothing.
pub struct Tokens {
    pub list: Vec<Token>,
    pub headline: Vec<bool>,
}

impl Tokens {
    #[inline]
    pub fn text<'a>(&self, text: &'a str, i: usize) -> &'a str {
        &text[self.list[i].span.clone()]
    }

    /// Whether token `i` sits in a headline-like sentence.
    pub fn in_headline(&self, i: usize) -> bool {
        self.headline
            .get(self.list[i].sentence)
            .copied()
            .unwrap_or(false)
    }
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '’'
}

/// Split `text` into tokens. `abbreviations` (lower case, no period) are the
/// words that keep a following period ("Inc.", "Calif."); `sentences` are
/// sorted byte ranges.
pub fn tokenize(
    text: &str,
    sentences: &[Range<usize>],
    abbreviations: &WordTable<()>,
    glued_tails: &WordTable<()>,
) -> Tokens {
    let mut list: Vec<Token> = Vec::with_capacity(text.len() / 5);
    let mut gap = Gap::Paragraph;
    let mut newlines = 0;
    let mut pos = 0;
    let bytes = text.as_bytes();
    while let Some(&b) = bytes.get(pos) {
        // Spaces next most often: nothing to decode.
        if b == b' ' {
            gap = gap.max(Gap::Space);
            pos += 1;
            continue;
        }
        // Most bytes are ASCII letters: straight to the word.
        if b.is_ascii_alphanumeric() {
            let (end, tail, shape) = ascii_word(&bytes[pos..]);
            let end = pos + end;
            // Ended by a space or by punctuation that never joins or keeps
            // a period, and no suffix glued on: the word is done.
            let plain = !matches!(bytes.get(end), Some(b'.' | b'&' | b'\'' | 0x80..));
            if plain && tail <= 1 {
                list.push(Token {
                    span: pos..end,
                    shape,
                    gap,
                    sentence: usize::MAX,
                    initial: false,
                });
            } else {
                let end = word_end(text, pos, abbreviations);
                push_word(text, pos..end, gap, glued_tails, &mut list);
                pos = end;
                gap = Gap::None;
                newlines = 0;
                continue;
            }
            pos = end;
            gap = Gap::None;
            newlines = 0;
            continue;
        }
        let Some(c) = char_at(text, pos) else { break };
        let len = c.len_utf8();
        if c.is_whitespace() {
            if c == '\n' {
                newlines += 1;
                gap = if newlines >= 2 {
                    Gap::Paragraph
                } else {
                    gap.max(Gap::Newline)
                };
            } else {
                gap = gap.max(Gap::Space);
            }
            pos += len;
            continue;
        }
        // Escapes left in the text by some converters ("&\tThe") are spaces.
        if c == '\\' && matches!(text.as_bytes().get(pos + 1), Some(b't' | b'n' | b'r')) {
            gap = gap.max(Gap::Space);
            pos += 2;
            continue;
        }
        newlines = 0;
        let start = pos;
        if c.is_alphanumeric() {
            let end = word_end(text, start, abbreviations);
            push_word(text, start..end, gap, glued_tails, &mut list);
            pos = end;
        } else if is_apostrophe(c) && possessive_here(text, start, &list) {
            let end = possessive_end(text, start);
            list.push(Token {
                span: start..end,
                shape: Shape::Possessive,
                gap,
                sentence: usize::MAX,
                initial: false,
            });
            pos = end;
        } else {
            list.push(Token {
                span: start..start + len,
                shape: Shape::Punct,
                gap,
                sentence: usize::MAX,
                initial: false,
            });
            pos += len;
        }
        gap = Gap::None;
    }
    let headline = assign_sentences(text, sentences, &mut list);
    Tokens { list, headline }
}

/// Where the word starting at `start` ends: letters and digits, with inner
/// periods of abbreviations and domains ("U.S.", "E.O.", "TheStreet.com",
/// "3.85"), inner ampersands ("AT&T") and inner apostrophes ("O'Neill") that
/// are not possessives; a final period only for abbreviations.
fn word_end(text: &str, start: usize, abbreviations: &WordTable<()>) -> usize {
    let bytes = text.as_bytes();
    let mut end = start;
    let mut part_start = start;
    loop {
        while end < bytes.len() {
            if bytes[end].is_ascii_alphanumeric() {
                end += 1;
                continue;
            }
            match char_at(text, end) {
                Some(c) if !c.is_ascii() && c.is_alphanumeric() => end += c.len_utf8(),
                _ => break,
            }
        }
        let Some(&b) = bytes.get(end) else { break };
        let next = || text[end + 1..].chars().next();
        let next_alnum = || next().is_some_and(char::is_alphanumeric);
        let joins = match b {
            b'.' => {
                let part = &text[part_start..end];
                next_alnum()
                    && (part.len() <= 2
                        || (!part.is_ascii() && part.chars().count() <= 2)
                        || next().is_some_and(char::is_lowercase)
                        || (part.bytes().all(|b| b.is_ascii_digit())
                            && next().is_some_and(|c| c.is_ascii_digit())))
            }
            b'&' => next_alnum(),
            b'\'' => next_alnum() && !is_possessive_s(text, end + 1),
            0xE2 if text[end..].starts_with('’') => {
                let after = end + '’'.len_utf8();
                text[after..]
                    .chars()
                    .next()
                    .is_some_and(char::is_alphanumeric)
                    && !is_possessive_s(text, after)
            }
            _ => false,
        };
        if !joins {
            break;
        }
        end += if b == 0xE2 { '’'.len_utf8() } else { 1 };
        part_start = end;
    }
    if bytes.get(end) == Some(&b'.') {
        let word = &text[start..end];
        let single_letter = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
        let dotted = word
            .bytes()
            .rposition(|b| b == b'.')
            .is_some_and(|dot| word[dot + 1..].chars().count() <= 2);
        if dotted
            || single_letter
            || find(abbreviations, word, true).is_some()
            || camel_abbreviation(word, abbreviations)
        {
            end += 1;
        }
    }
    end
}

/// The part of a word after its last lower-to-upper change ("Co" in
/// "TechnologiesCo") is an abbreviation. (Without a change, the whole word
/// was looked up already.)
fn camel_abbreviation(word: &str, abbreviations: &WordTable<()>) -> bool {
    let at = camel_split(word);
    at > 0 && find(abbreviations, &word[at..], true).is_some()
}

/// Where the last lower-to-upper change of a word is (0 if none).
pub fn camel_split(word: &str) -> usize {
    let mut tail = 0;
    if word.is_ascii() {
        return camel_split_ascii(word.as_bytes());
    }
    let mut prev_lower = false;
    for (i, c) in word.char_indices() {
        if prev_lower && c.is_uppercase() {
            tail = i;
        }
        prev_lower = c.is_lowercase();
    }
    tail
}

/// The character at byte `pos` (a char boundary), ASCII without decoding.
fn char_at(text: &str, pos: usize) -> Option<char> {
    match text.as_bytes().get(pos) {
        Some(&b) if b < 0x80 => Some(b as char),
        Some(_) => text[pos..].chars().next(),
        None => None,
    }
}

/// "s" or "S" at `pos` ending the word: the possessive of the word before.
fn is_possessive_s(text: &str, pos: usize) -> bool {
    matches!(text.as_bytes().get(pos), Some(b's' | b'S'))
        && !text[pos + 1..]
            .chars()
            .next()
            .is_some_and(char::is_alphanumeric)
}

/// An apostrophe right after a word that makes it possessive: "X's", or the
/// bare apostrophe after a capitalised plural ("the Beatles' label").
fn possessive_here(text: &str, pos: usize, list: &[Token]) -> bool {
    let Some(prev) = list.last() else {
        return false;
    };
    if prev.span.end != pos || !prev.is_word() {
        return false;
    }
    let after = pos + text[pos..].chars().next().map_or(1, char::len_utf8);
    if is_possessive_s(text, after) {
        return true;
    }
    let word = &text[prev.span.clone()];
    prev.is_capitalised()
        && word.ends_with('s')
        && !text[after..]
            .chars()
            .next()
            .is_some_and(char::is_alphanumeric)
}

fn possessive_end(text: &str, pos: usize) -> usize {
    let after = pos + text[pos..].chars().next().map_or(1, char::len_utf8);
    if is_possessive_s(text, after) {
        after + 1
    } else {
        after
    }
}

fn shape_of(word: &str) -> Shape {
    let first = word.chars().next().unwrap_or(' ');
    if first.is_ascii_digit() || first.is_numeric() {
        return Shape::Digit;
    }
    let (has_lower, has_upper) = if word.is_ascii() {
        let b = word.as_bytes();
        (
            b.iter().any(u8::is_ascii_lowercase),
            b.iter().any(u8::is_ascii_uppercase),
        )
    } else {
        (
            word.chars().any(char::is_lowercase),
            word.chars().any(char::is_uppercase),
        )
    };
    if first.is_uppercase() {
        if has_lower {
            Shape::Cap
        } else {
            Shape::Upper
        }
    } else if has_upper {
        Shape::Mixed
    } else {
        Shape::Lower
    }
}

/// Push a word, splitting a legal suffix glued to it ("TechnologiesCo.").
fn push_word(
    text: &str,
    span: Range<usize>,
    gap: Gap,
    glued_tails: &WordTable<()>,
    list: &mut Vec<Token>,
) {
    let word = &text[span.clone()];
    // Nearly every word is ASCII: its shape and camel split in one pass.
    let (at, shape) = if word.is_ascii() {
        ascii_shape(word.as_bytes())
    } else {
        (camel_split(word), None)
    };
    let split = (at > 1 && find(glued_tails, &word[at..], false).is_some()).then_some(at);
    let mut push = |span: Range<usize>, gap, shape: Option<Shape>| {
        let shape = shape.unwrap_or_else(|| shape_of(&text[span.clone()]));
        list.push(Token {
            span,
            shape,
            gap,
            sentence: usize::MAX,
            initial: false,
        });
    };
    match split {
        Some(at) => {
            push(span.start..span.start + at, gap, None);
            push(span.start + at..span.end, Gap::None, None);
        }
        None => push(span, gap, shape),
    }
}

/// `camel_split` and `shape_of` of an ASCII word.
fn ascii_shape(b: &[u8]) -> (usize, Option<Shape>) {
    let has_lower = b.iter().any(u8::is_ascii_lowercase);
    let has_upper = b.iter().any(u8::is_ascii_uppercase);
    (
        camel_split_ascii(b),
        Some(shape_from(b, has_lower, has_upper)),
    )
}

/// The ASCII letters and digits at the start of `b`: where they end, their
/// `camel_split` and their shape.
fn ascii_word(b: &[u8]) -> (usize, usize, Shape) {
    let (mut tail, mut seen, mut prev) = (0, 0, 0);
    let mut end = 0;
    while let Some(&c) = b.get(end) {
        let class = CLASS[usize::from(c)];
        if class == 0 {
            break;
        }
        if class == UPPER && prev == LOWER {
            tail = end;
        }
        seen |= class;
        prev = class;
        end += 1;
        // A run of lower-case letters changes nothing but the end.
        if class == LOWER {
            while b.get(end).is_some_and(u8::is_ascii_lowercase) {
                end += 1;
            }
        }
    }
    (
        end,
        tail,
        shape_from(b, seen & LOWER != 0, seen & UPPER != 0),
    )
}

const LOWER: u8 = 1;
const UPPER: u8 = 2;
const DIGIT: u8 = 4;

/// The class of each byte: an ASCII lower-case letter, capital or digit.
static CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = if c.is_ascii_lowercase() {
            LOWER
        } else if c.is_ascii_uppercase() {
            UPPER
        } else if c.is_ascii_digit() {
            DIGIT
        } else {
            0
        };
        b += 1;
    }
    t
};

fn camel_split_ascii(b: &[u8]) -> usize {
    let mut tail = 0;
    for i in 1..b.len() {
        if b[i].is_ascii_uppercase() && b[i - 1].is_ascii_lowercase() {
            tail = i;
        }
    }
    tail
}

/// The shape of an ASCII word from its first byte and its letters.
fn shape_from(b: &[u8], has_lower: bool, has_upper: bool) -> Shape {
    match b.first() {
        Some(c) if c.is_ascii_digit() => Shape::Digit,
        Some(c) if c.is_ascii_uppercase() => {
            if has_lower {
                Shape::Cap
            } else {
                Shape::Upper
            }
        }
        _ if has_upper => Shape::Mixed,
        _ => Shape::Lower,
    }
}

/// Give each token its sentence, mark sentence-initial words, and tell which
/// sentences read like headlines.
fn assign_sentences(text: &str, sentences: &[Range<usize>], list: &mut [Token]) -> Vec<bool> {
    let mut headline = Vec::with_capacity(sentences.len());
    let mut first_words: Vec<Option<usize>> = Vec::with_capacity(sentences.len());
    let mut t = 0;
    for (s, range) in sentences.iter().enumerate() {
        while t < list.len() && list[t].span.start < range.start {
            t += 1;
        }
        let first = t;
        let mut first_word = None;
        while t < list.len() && list[t].span.start < range.end {
            list[t].sentence = s;
            if first_word.is_none() && list[t].is_word() {
                list[t].initial = true;
                first_word = Some(t);
            }
            t += 1;
        }
        headline.push(reads_like_headline(text, &list[first..t]));
        first_words.push(first_word);
    }
    // A line that goes on in lower case on the next line is a wrapped piece
    // of prose, not a headline.
    for s in 1..headline.len() {
        if let Some(w) = first_words[s] {
            if list[w].shape == Shape::Lower && list[w].gap == Gap::Newline {
                headline[s - 1] = false;
            }
        }
    }
    headline
}

/// ALL CAPS, or Title Case: most longer words capitalised.
fn reads_like_headline(text: &str, tokens: &[Token]) -> bool {
    // A sentence closed by a period is prose, however many names it has:
    // only ALL CAPS makes it a headline, so its first lower-case letter
    // settles it. So does the word that makes any sentence long prose.
    let closed = tokens.last().is_some_and(|t| &text[t.span.clone()] == ".");
    let mut letters_upper = 0;
    let mut letters_lower = 0;
    let mut long_words = 0;
    let mut long_capitalised = 0;
    for t in tokens.iter().filter(|t| t.is_word()) {
        match t.shape {
            Shape::Upper => letters_upper += 1,
            Shape::Cap | Shape::Mixed | Shape::Lower => letters_lower += 1,
            _ => {}
        }
        if letters_lower > 0 && (closed || letters_upper + letters_lower > 30) {
            return false;
        }
        // Bytes, not characters: near enough for "longer than three".
        if t.span.len() > 3 {
            long_words += 1;
            if t.is_capitalised() {
                long_capitalised += 1;
            }
        }
    }
    let all_caps = letters_lower == 0 && letters_upper >= 2;
    let prose = letters_upper + letters_lower > 30 || closed;
    let title_case = long_words >= 2 && long_capitalised * 10 >= long_words * 7 && !prose;
    all_caps || title_case
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<(&str, Shape)> {
        let abbr: WordTable<()> = ["inc", "co", "ltd"].map(String::from).into_iter().collect();
        let tails: WordTable<()> = ["co", "inc"].map(String::from).into_iter().collect();
        let toks = tokenize(text, std::slice::from_ref(&(0..text.len())), &abbr, &tails);
        toks.list
            .iter()
            .map(|t| (&text[t.span.clone()], t.shape))
            .collect()
    }

    #[test]
    fn abbreviations_possessives_and_glued_suffixes() {
        use Shape::*;
        assert_eq!(
            words("U.S. firm AT&T's unit Korvan TechnologiesCo. said"),
            vec![
                ("U.S.", Upper),
                ("firm", Lower),
                ("AT&T", Upper),
                ("'s", Possessive),
                ("unit", Lower),
                ("Korvan", Cap),
                ("Technologies", Cap),
                ("Co.", Cap),
                ("said", Lower),
            ]
        );
        assert_eq!(
            words("the Beatles' label, iPhone and TheStreet.com."),
            vec![
                ("the", Lower),
                ("Beatles", Cap),
                ("'", Possessive),
                ("label", Lower),
                (",", Punct),
                ("iPhone", Mixed),
                ("and", Lower),
                ("TheStreet.com", Cap),
                (".", Punct),
            ]
        );
        assert_eq!(
            words("permission.CPA welcomes Wal-Mart"),
            vec![
                ("permission", Lower),
                (".", Punct),
                ("CPA", Upper),
                ("welcomes", Lower),
                ("Wal", Cap),
                ("-", Punct),
                ("Mart", Cap),
            ]
        );
    }

    #[test]
    fn headlines_are_title_case_or_all_caps() {
        for (text, expected) in [
            ("Zentrix Withdraws Hong Kong IPO", true),
            ("STANDARD OIL <SRD> TO FORM FINANCIAL UNIT", true),
            (
                "Apple releases iPhone SDK, announces upcoming update",
                false,
            ),
            (
                "The company said on Monday it would list in Hong Kong.",
                false,
            ),
        ] {
            let toks = tokenize(
                text,
                std::slice::from_ref(&(0..text.len())),
                &WordTable::default(),
                &WordTable::default(),
            );
            assert_eq!(toks.headline, vec![expected], "{text}");
        }
    }

    #[test]
    fn escapes_are_spaces_and_odd_text_does_not_panic() {
        let w = words("&\\tThe bank");
        assert_eq!(w[1], ("The", Shape::Cap));
        for text in ["’", "a’", "x.", "É.", "'s", "\\", "&\\", "ß’s’"] {
            words(text);
        }
    }
}
