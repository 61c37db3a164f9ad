//! One pass over the text: words, numbers and punctuation as tokens, each
//! word looked up once in the date lexicon (folded to lower case in a stack
//! buffer, no allocation per token).

use super::lexicon::{DateLexicon, WordKey, MAX_KEY};

/// What separates a token from the one before it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Gap {
    None,
    Space,
    Line,
    /// A blank line (or the start of the text): expressions never cross it.
    Paragraph,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Case {
    Lower,
    Capital,
    Upper,
}

/// What follows the digits of a number: "10th", "1990s".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NumSuffix {
    None,
    Ordinal,
    Plural,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tok {
    Word {
        entry: Option<u32>,
        case: Case,
        /// A lower-case regular past-tense verb.
        past: bool,
    },
    Num {
        value: u32,
        digits: u8,
        suffix: NumSuffix,
    },
    Punct(char),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    pub gap: Gap,
    pub tok: Tok,
}

/// Longest word the lexicon can hold; longer words are never date words.
const MAX_WORD: usize = 24;

/// A word folded to lower case (and ’ to '), for lexicon lookups.
pub struct FoldedWord {
    buf: [u8; MAX_WORD],
    len: usize,
}

impl FoldedWord {
    /// Fold `s`; words that are too long or not ASCII fold to "".
    pub fn new(s: &str) -> Self {
        let mut w = FoldedWord {
            buf: [0; MAX_WORD],
            len: 0,
        };
        for c in s.chars() {
            let b = match c {
                '’' | '‘' => b'\'',
                c if c.is_ascii() => c.to_ascii_lowercase() as u8,
                _ => return FoldedWord::empty(),
            };
            if w.len == MAX_WORD {
                return FoldedWord::empty();
            }
            w.buf[w.len] = b;
            w.len += 1;
        }
        w
    }

    fn empty() -> Self {
        FoldedWord {
            buf: [0; MAX_WORD],
            len: 0,
        }
    }

    pub fn as_str(&self) -> &str {
        // Only ASCII bytes are ever written.
        std::str::from_utf8(&self.buf[..self.len]).unwrap_or("")
    }
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '’'
}

/// The char at byte `i` of `text` (a char boundary).
fn char_at(text: &str, i: usize) -> Option<char> {
    let b = *text.as_bytes().get(i)?;
    if b < 0x80 {
        Some(b as char)
    } else {
        text[i..].chars().next()
    }
}

/// Tokenise `text`. With a lexicon, words carry their entries.
///
/// ASCII letters and digits take a fast path that folds and classifies a
/// word in the same pass; anything else (accented words, curly quotes)
/// goes through the general one.
pub fn tokenize(text: &str, lex: Option<&DateLexicon>) -> Vec<Token> {
    let mut out = Vec::new();
    tokenize_into(text, lex, &mut out);
    out
}

/// `tokenize` into a buffer the caller reuses (a document's tokens take
/// about eight bytes per byte of text: worth not allocating each time).
pub fn tokenize_into(text: &str, lex: Option<&DateLexicon>, out: &mut Vec<Token>) {
    let bytes = text.as_bytes();
    out.clear();
    out.reserve(text.len() / 4 + 4);
    let mut gap = Gap::Paragraph;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b'\n' => {
                gap = if gap >= Gap::Line {
                    Gap::Paragraph
                } else {
                    Gap::Line
                };
                i += 1;
                continue;
            }
            b' ' | b'\t' | b'\r' | 0x0b | 0x0c => {
                if gap == Gap::None {
                    gap = Gap::Space;
                }
                i += 1;
                continue;
            }
            b'0'..=b'9' => i = push_number(bytes, i, gap, out),
            b'a'..=b'z' | b'A'..=b'Z' => match ascii_word(text, i, gap, lex) {
                Some((end, token)) => {
                    out.push(token);
                    i = end;
                    // Most words end at a single space: take it here
                    // rather than in another turn of the loop.
                    if bytes.get(i) == Some(&b' ') {
                        gap = Gap::Space;
                        i += 1;
                        continue;
                    }
                }
                None => {
                    let end = word_end(text, i);
                    push_word(text, i, end, gap, lex, out);
                    i = end;
                }
            },
            b'\'' if starts_clitic(text, i) => {
                let end = word_end(text, i + 1);
                push_letters(text, i, end, gap, lex, out);
                i = end;
            }
            0..=0x7f => {
                out.push(Token {
                    start: i,
                    end: i + 1,
                    gap,
                    tok: Tok::Punct(b as char),
                });
                i += 1;
            }
            _ => {
                let c = text[i..].chars().next().unwrap_or(' ');
                let len = c.len_utf8();
                if c.is_whitespace() {
                    if gap == Gap::None {
                        gap = Gap::Space;
                    }
                    i += len;
                    continue;
                }
                if c.is_alphanumeric() {
                    let end = word_end(text, i);
                    push_word(text, i, end, gap, lex, out);
                    i = end;
                } else if is_apostrophe(c) && starts_clitic(text, i) {
                    let end = word_end(text, i + len);
                    push_letters(text, i, end, gap, lex, out);
                    i = end;
                } else {
                    out.push(Token {
                        start: i,
                        end: i + len,
                        gap,
                        tok: Tok::Punct(if c == '’' { '\'' } else { c }),
                    });
                    i += len;
                }
            }
        }
        gap = Gap::None;
    }
}

/// Digits at `i` (ASCII), with an ordinal or plural suffix glued to them
/// ("10th", "1990s"); other letters after them are a word of their own.
fn push_number(bytes: &[u8], i: usize, gap: Gap, out: &mut Vec<Token>) -> usize {
    let mut j = i;
    let mut value: Option<u32> = Some(0);
    while j < bytes.len() && bytes[j].is_ascii_digit() {
        value = value
            .and_then(|v| v.checked_mul(10))
            .and_then(|v| v.checked_add(u32::from(bytes[j] - b'0')));
        j += 1;
    }
    let digits = j - i;
    let mut k = j;
    while k < bytes.len() && bytes[k].is_ascii_alphabetic() {
        k += 1;
    }
    let ends_word = k >= bytes.len() || !(bytes[k].is_ascii_alphanumeric() || bytes[k] >= 0x80);
    let suffix = match (k - j, ends_word) {
        (1, true) if bytes[j].eq_ignore_ascii_case(&b's') => NumSuffix::Plural,
        (2, true) => match [
            bytes[j].to_ascii_lowercase(),
            bytes[j + 1].to_ascii_lowercase(),
        ] {
            [b's', b't'] | [b'n', b'd'] | [b'r', b'd'] | [b't', b'h'] => NumSuffix::Ordinal,
            _ => NumSuffix::None,
        },
        _ => NumSuffix::None,
    };
    let end = if suffix == NumSuffix::None { j } else { k };
    out.push(Token {
        start: i,
        end,
        gap,
        tok: Tok::Num {
            value: value.unwrap_or(u32::MAX),
            digits: digits.min(255) as u8,
            suffix,
        },
    });
    end
}

/// Eight bytes from `i` as one integer (little-endian: the first byte is
/// the lowest), zero-padded past the end of the text.
fn chunk_at(bytes: &[u8], i: usize) -> u64 {
    match bytes.get(i..i + 8) {
        Some(c) => u64::from_le_bytes(c.try_into().expect("eight bytes")),
        None => {
            let mut buf = [0u8; 8];
            let rest = bytes.get(i..).unwrap_or_default();
            buf[..rest.len()].copy_from_slice(rest);
            u64::from_le_bytes(buf)
        }
    }
}

const ONES: u64 = u64::from_le_bytes([1; 8]);
const HIGH: u64 = ONES * 0x80;

/// How many bytes at the start of `chunk` are ASCII letters: all eight
/// bytes tested at once (each byte's high bit says whether it is one).
fn leading_letters(chunk: u64) -> usize {
    // `| 0x20` folds A-Z onto a-z; the sums below cannot carry from one
    // byte into the next since the high bits are cleared first.
    let folded = chunk | (ONES * 0x20);
    let low = folded & !HIGH;
    let from_a = low + ONES * (0x80 - u64::from(b'a'));
    let past_z = low + ONES * (0x80 - u64::from(b'z') - 1);
    let letters = from_a & !past_z & !folded & HIGH;
    ((!letters & HIGH).trailing_zeros() / 8) as usize
}

/// A word of ASCII letters at `i`, looked up as it stands (case folded);
/// None when the word goes on in a way only the general path handles:
/// "a.m", "o'clock", accented letters.
///
/// One pass, eight bytes at a time, finds where the word ends, its case
/// and its lexicon key.
fn ascii_word(text: &str, i: usize, gap: Gap, lex: Option<&DateLexicon>) -> Option<(usize, Token)> {
    let bytes = text.as_bytes();
    let mut j = i;
    let mut key = [0u64; 2];
    // The bytes of the word OR-ed together: its 0x20 bits say whether any
    // letter is lower case.
    let mut seen = 0u64;
    loop {
        let chunk = chunk_at(bytes, j);
        let n = leading_letters(chunk);
        let mask = if n == 8 { u64::MAX } else { (1 << (8 * n)) - 1 };
        if let Some(k) = key.get_mut((j - i) / 8) {
            *k = (chunk | (ONES * 0x20)) & mask;
        }
        seen |= chunk & mask;
        j += n;
        if n < 8 {
            break;
        }
    }
    match bytes.get(j) {
        Some(b'.') if j - i == 1 && bytes.get(j + 1).is_some_and(|b| b.is_ascii_alphabetic()) => {
            return None
        }
        Some(b'\'')
            if !starts_clitic(text, j)
                && bytes.get(j + 1).is_some_and(|b| b.is_ascii_alphabetic()) =>
        {
            return None
        }
        Some(&b) if b >= 0x80 => {
            let c = text[j..].chars().next()?;
            if c.is_alphanumeric() || is_apostrophe(c) {
                return None;
            }
        }
        _ => {}
    }
    let word = &bytes[i..j];
    let case = if word[0] & 0x20 != 0 {
        Case::Lower
    } else if word.len() > 1 && seen & (ONES * 0x20) == 0 {
        Case::Upper
    } else {
        Case::Capital
    };
    let (entry, past) = match lex {
        Some(lex) => (
            (word.len() <= MAX_KEY)
                .then(|| lex.lookup_key(WordKey(key[0], key[1])))
                .flatten(),
            case == Case::Lower && lex.looks_past(word),
        ),
        None => (None, false),
    };
    Some((
        j,
        Token {
            start: i,
            end: j,
            gap,
            tok: Tok::Word { entry, case, past },
        },
    ))
}

/// Whether the apostrophe at `i` opens a clitic of one or two letters
/// glued to the word before ("year's", "we'll").
fn starts_clitic(text: &str, i: usize) -> bool {
    let before = text[..i].chars().next_back();
    if !before.is_some_and(|c| c.is_alphabetic()) {
        return false;
    }
    let after = &text[i..];
    let mut letters = after
        .chars()
        .skip(1)
        .take_while(|c| c.is_ascii_alphabetic());
    let n = letters.by_ref().count();
    (1..=2).contains(&n)
        && !after
            .chars()
            .nth(1 + n)
            .is_some_and(|c| c.is_alphanumeric())
}

/// The end of the word starting at `i`: letters and digits, with periods
/// between single letters ("a.m", "U.S") and apostrophes inside longer
/// words ("o'clock"). A clitic apostrophe ends the word.
fn word_end(text: &str, start: usize) -> usize {
    let bytes = text.as_bytes();
    let mut i = start;
    let mut segment = 0; // letters since the start or the last period
    while let Some(c) = char_at(text, i) {
        if c.is_alphanumeric() {
            segment += 1;
            i += c.len_utf8();
        } else if c == '.'
            && segment == 1
            && bytes.get(i + 1).is_some_and(|b| b.is_ascii_alphabetic())
        {
            segment = 0;
            i += 1;
        } else if is_apostrophe(c)
            && i > start
            && !starts_clitic(text, i)
            && char_at(text, i + c.len_utf8()).is_some_and(|n| n.is_alphabetic())
        {
            i += c.len_utf8();
        } else {
            break;
        }
    }
    i
}

/// Split a run of letters and digits into words and numbers: "FY2021" is a
/// word and a number, "10th" and "1990s" numbers with a suffix.
fn push_word(
    text: &str,
    start: usize,
    end: usize,
    gap: Gap,
    lex: Option<&DateLexicon>,
    out: &mut Vec<Token>,
) {
    let mut i = start;
    let mut gap = gap;
    while i < end {
        let digits_end = text[i..end]
            .bytes()
            .position(|b| !b.is_ascii_digit())
            .map_or(end, |p| i + p);
        if digits_end > i {
            let letters_end = text[digits_end..end]
                .char_indices()
                .find(|(_, c)| c.is_ascii_digit())
                .map_or(end, |(p, _)| digits_end + p);
            let suffix = match FoldedWord::new(&text[digits_end..letters_end]).as_str() {
                "st" | "nd" | "rd" | "th" => NumSuffix::Ordinal,
                "s" => NumSuffix::Plural,
                _ => NumSuffix::None,
            };
            let num_end = if suffix == NumSuffix::None {
                digits_end
            } else {
                letters_end
            };
            let digits = &text.as_bytes()[i..digits_end];
            let value = digits.iter().try_fold(0u32, |v, &d| {
                v.checked_mul(10)?.checked_add(u32::from(d - b'0'))
            });
            out.push(Token {
                start: i,
                end: num_end,
                gap,
                tok: Tok::Num {
                    value: value.unwrap_or(u32::MAX),
                    digits: digits.len().min(255) as u8,
                    suffix,
                },
            });
            i = num_end;
        } else {
            let letters_end = text[i..end]
                .char_indices()
                .find(|(_, c)| c.is_ascii_digit())
                .map_or(end, |(p, _)| i + p);
            push_letters(text, i, letters_end, gap, lex, out);
            i = letters_end;
        }
        gap = Gap::None;
    }
}

fn push_letters(
    text: &str,
    start: usize,
    end: usize,
    gap: Gap,
    lex: Option<&DateLexicon>,
    out: &mut Vec<Token>,
) {
    let word = &text[start..end];
    let mut chars = word.chars().filter(|c| c.is_alphabetic());
    let first_upper = chars.next().is_some_and(|c| c.is_uppercase());
    let case = if !first_upper {
        Case::Lower
    } else if word.len() > 1 && chars.all(|c| c.is_uppercase()) {
        Case::Upper
    } else {
        Case::Capital
    };
    let (entry, past) = match lex {
        Some(lex) => {
            let folded = FoldedWord::new(word);
            let f = folded.as_str().as_bytes();
            (
                lex.lookup(f),
                case == Case::Lower && !f.is_empty() && lex.looks_past(f),
            )
        }
        None => (None, false),
    };
    out.push(Token {
        start,
        end,
        gap,
        tok: Tok::Word { entry, case, past },
    });
}

/// The words of a lexicon entry as the tokenizer cuts them.
pub fn split_words(phrase: &str) -> Vec<&str> {
    tokenize(phrase, None)
        .into_iter()
        .map(|t| &phrase[t.start..t.end])
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(s: &str) -> Vec<&str> {
        split_words(s)
    }

    #[test]
    fn cuts_words_numbers_and_clitics() {
        assert_eq!(
            texts("Dec. 13, 2021 at 10:22 a.m. EST"),
            ["Dec", ".", "13", ",", "2021", "at", "10", ":", "22", "a.m", ".", "EST"]
        );
        assert_eq!(
            texts("last year's third-quarter"),
            ["last", "year", "'s", "third", "-", "quarter"]
        );
        assert_eq!(
            texts("the '90s and 1990s"),
            ["the", "'", "90s", "and", "1990s"]
        );
        assert_eq!(texts("FY2021 Q4 10th"), ["FY", "2021", "Q", "4", "10th"]);
        assert_eq!(texts("we’ll o'clock"), ["we", "’ll", "o'clock"]);
        assert_eq!(texts("U.S. Treasury"), ["U.S", ".", "Treasury"]);
    }

    #[test]
    fn numbers_and_gaps() {
        let t = tokenize("1990s\n\n07", None);
        assert_eq!(
            t[0].tok,
            Tok::Num {
                value: 1990,
                digits: 4,
                suffix: NumSuffix::Plural
            }
        );
        assert_eq!(t[1].gap, Gap::Paragraph);
        assert!(matches!(
            t[1].tok,
            Tok::Num {
                value: 7,
                digits: 2,
                ..
            }
        ));
    }

    #[test]
    fn never_panics_on_odd_text() {
        for s in [
            "",
            "'",
            "’s",
            "a.",
            "é.b",
            "x'",
            "12345678901234567890",
            "ﬁ’ll",
        ] {
            let _ = tokenize(s, None);
        }
    }
}
