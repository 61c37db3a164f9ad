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

/// Parse a data file's lines: skip blanks and `#` comments, trim.
pub fn data_lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(|l| l.trim_end_matches('\r'))
        .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
}

#[cfg(test)]
mod tests {
    use super::*;

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
