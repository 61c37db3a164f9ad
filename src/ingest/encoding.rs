//! Bytes that are not UTF-8. Scraped text often comes in a single-byte
//! encoding; Windows-1252 (a superset of the printable Latin-1) is by far the
//! most common, and decoding it properly keeps "£5 million" and "Café"
//! instead of replacement characters.

/// Windows-1252 bytes 0x80..=0x9F. The five bytes the encoding leaves
/// undefined map to the C1 controls of the same value, as WHATWG decoders do.
const HIGH_CONTROLS: [char; 32] = [
    '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž', '\u{8F}',
    '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}', 'ž', 'Ÿ',
];

/// Decode Windows-1252: every byte is one character.
pub fn windows_1252(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|&b| match b {
            0x80..=0x9F => HIGH_CONTROLS[usize::from(b - 0x80)],
            _ => char::from(b),
        })
        .collect()
}

/// Whether invalid UTF-8 still holds some valid multi-byte sequences: then
/// it is UTF-8 with damage (decode lossily), not a single-byte encoding.
pub fn has_utf8_sequences(bytes: &[u8]) -> bool {
    bytes.utf8_chunks().any(|chunk| !chunk.valid().is_ascii())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin1_and_cp1252() {
        assert_eq!(
            windows_1252(b"Caf\xe9 paid \xa35m \x93net\x94 \x80"),
            "Café paid £5m “net” €"
        );
    }

    #[test]
    fn tells_damaged_utf8_from_single_byte_text() {
        assert!(has_utf8_sequences("é".as_bytes()));
        assert!(has_utf8_sequences(b"caf\xc3\xa9 and a stray \xe9"));
        assert!(!has_utf8_sequences(b"caf\xe9"));
    }
}
