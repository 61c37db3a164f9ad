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

/// Whether text that is not valid UTF-8 is still mostly UTF-8 (damaged:
/// decode lossily) rather than a single-byte encoding: it has valid
/// multi-byte characters, at least as many as invalid bytes. Single-byte
/// text has almost no byte pairs that happen to be valid UTF-8.
pub fn mostly_utf8(bytes: &[u8]) -> bool {
    let (mut valid, mut invalid) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        valid += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        invalid += chunk.invalid().len();
    }
    valid > 0 && valid >= invalid
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
        assert!(mostly_utf8("café, naïve".as_bytes()));
        assert!(mostly_utf8(b"caf\xc3\xa9 na\xc3\xafve and a stray \xe9"));
        assert!(mostly_utf8(b"caf\xc3\xa9 and a stray \xff"));
        assert!(!mostly_utf8(b"caf\xe9"));
        // Single-byte text where one pair happens to be valid UTF-8.
        assert!(!mostly_utf8(b"\xc2\xa3 caf\xe9 na\xefve"));
    }
}
