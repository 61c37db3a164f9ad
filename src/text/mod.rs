//! Text utilities shared by every stage: page-furniture marking, sentence
//! splitting, and byte-to-code-point offsets.

mod furniture;
mod sentences;
mod uax29;

pub use furniture::{mark_furniture, FurnitureRules};
pub use sentences::{split_sentences, Abbreviations};

/// Code-point offsets for byte offsets of one text. ASCII texts (most news)
/// need no table.
pub struct CharIndex {
    /// Code points before each char boundary (and the end), for non-ASCII text.
    table: Option<Vec<u32>>,
}

impl CharIndex {
    pub fn new(text: &str) -> Self {
        if text.is_ascii() {
            return CharIndex { table: None };
        }
        // Only char boundaries are ever looked up; other bytes stay 0.
        let mut table = vec![0u32; text.len() + 1];
        let mut count = 0u32;
        for (i, _) in text.char_indices() {
            table[i] = count;
            count += 1;
        }
        table[text.len()] = count;
        CharIndex { table: Some(table) }
    }

    /// The code-point offset of byte offset `byte` (a char boundary).
    pub fn chars(&self, byte: usize) -> usize {
        match &self.table {
            None => byte,
            Some(t) => t[byte.min(t.len() - 1)] as usize,
        }
    }
}

/// Whether `c` may be part of a word.
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '\'' || c == '’' || c == '-' || c == '&' || c == '.'
}

/// The lines of `text`, each with its '\n' (as `split_inclusive`).
pub(crate) fn line_spans(text: &str) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
    let bytes = text.as_bytes();
    let mut start = 0;
    std::iter::from_fn(move || {
        if start >= bytes.len() {
            return None;
        }
        let end = memchr::memchr(b'\n', &bytes[start..]).map_or(bytes.len(), |i| start + i + 1);
        let line = start..end;
        start = end;
        Some(line)
    })
}

/// `s.trim_start()`, stepping over ASCII spaces without decoding chars.
pub(crate) fn trim_start(s: &str) -> &str {
    match s.bytes().position(|b| !is_ascii_space(b)) {
        Some(i) if s.as_bytes()[i] >= 0x80 => s[i..].trim_start(),
        Some(i) => &s[i..],
        None => "",
    }
}

/// `s.trim_end()`, stepping over ASCII spaces without decoding chars.
pub(crate) fn trim_end(s: &str) -> &str {
    match s.bytes().rposition(|b| !is_ascii_space(b)) {
        Some(i) if s.as_bytes()[i] >= 0x80 => s[..=i].trim_end(),
        Some(i) => &s[..=i],
        None => "",
    }
}

/// `s.trim()`, fast on ASCII ends.
pub(crate) fn trim(s: &str) -> &str {
    trim_end(trim_start(s))
}

/// The ASCII characters `char::is_whitespace` accepts.
fn is_ascii_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
}

/// Parse a data file's lines: skip blanks and `#` comments, trim.
pub fn data_lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(|l| l.trim_end_matches('\r'))
        .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn trims_agree_with_str_methods(s in "[ \t\n\r\u{b}\u{c}\u{a0}\u{2028}\u{85}\u{1c}xé]{0,12}") {
            proptest::prop_assert_eq!(trim_start(&s), s.trim_start());
            proptest::prop_assert_eq!(trim_end(&s), s.trim_end());
            proptest::prop_assert_eq!(trim(&s), s.trim());
        }
    }

    #[test]
    fn char_index_counts_code_points() {
        let text = "aé€b";
        let idx = CharIndex::new(text);
        assert_eq!(idx.chars(0), 0);
        assert_eq!(idx.chars(1), 1);
        assert_eq!(idx.chars(3), 2);
        assert_eq!(idx.chars(6), 3);
        assert_eq!(idx.chars(7), 4);
    }
}
