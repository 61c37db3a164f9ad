//! A small multiply-rotate hasher (the "Fx" hash of the Rust compiler) for
//! the word tables: the keys are short words, looked up once or more per
//! token, where SipHash's protection against chosen keys costs more than
//! the rest of the lookup. A document could at worst slow its own maps down.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

#[derive(Default, Clone, Copy)]
pub struct FxHasher {
    hash: u64,
}

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(word));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    // The same value as `write` of its eight bytes, without the copying.
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    fn finish(&self) -> u64 {
        self.hash
    }
}

pub type WordMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;
pub type WordSet<K> = HashSet<K, BuildHasherDefault<FxHasher>>;

/// A table keyed by words, quick for the short ASCII words that make up
/// nearly every lookup: such a key is packed with its length into two
/// integers, so a lookup hashes and compares no string. A gate of first
/// bytes and lengths turns most words away before any hashing.
pub struct WordTable<V> {
    short: HashMap<Packed, V, BuildHasherDefault<FxHasher>>,
    long: WordMap<String, V>,
    /// Per first byte, bit `n` for a short key of `n` bytes.
    lengths: Box<[u16; 256]>,
}

/// Up to 15 bytes of ASCII and, in the last byte, their number.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Packed(u64, u64);

impl std::hash::Hash for Packed {
    fn hash<H: Hasher>(&self, h: &mut H) {
        h.write_u64(self.0);
        h.write_u64(self.1);
    }
}

impl Packed {
    /// `word` packed, lower-cased if `lower`; none if it is not ASCII, is
    /// longer than 15 bytes or (with `dotless`) has a period.
    #[inline]
    pub fn new(word: &[u8], lower: bool, dotless: bool) -> Option<Packed> {
        let n = word.len();
        if n > 15 {
            return None;
        }
        let (lo, hi) = load(word);
        // Eight bytes at a time: any non-ASCII byte, any period.
        if (lo | hi) & HIGH != 0 || (dotless && (has_byte(lo, b'.') || has_byte(hi, b'.'))) {
            return None;
        }
        let (lo, hi) = if lower {
            (ascii_lower(lo), ascii_lower(hi))
        } else {
            (lo, hi)
        };
        Some(Packed(lo, hi | (n as u64) << 56))
    }

    fn first(self) -> usize {
        (self.0 & 0xff) as usize
    }

    fn len(self) -> u32 {
        (self.1 >> 56) as u32
    }
}

const HIGH: u64 = 0x8080_8080_8080_8080;

/// The bytes of a word of at most 16 bytes as two little-endian integers,
/// zero-padded. Overlapping loads instead of a byte loop or a memcpy call:
/// a byte read twice lands in the same place.
fn load(word: &[u8]) -> (u64, u64) {
    let n = word.len();
    let u32_at = |i: usize| {
        u64::from(u32::from_le_bytes(
            word[i..i + 4].try_into().unwrap_or_default(),
        ))
    };
    let u64_at = |i: usize| u64::from_le_bytes(word[i..i + 8].try_into().unwrap_or_default());
    match n {
        0 => (0, 0),
        1..=3 => {
            let (a, b, c) = (word[0], word[n / 2], word[n - 1]);
            let lo = u64::from(a) | u64::from(b) << (8 * (n / 2)) | u64::from(c) << (8 * (n - 1));
            (lo, 0)
        }
        4..=7 => (u32_at(0) | u32_at(n - 4) << (8 * (n - 4)), 0),
        8 => (u64_at(0), 0),
        _ => (u64_at(0), u64_at(n - 8) >> (8 * (16 - n))),
    }
}

/// `b` in each byte.
const fn splat(b: u8) -> u64 {
    u64::from_le_bytes([b; 8])
}

/// Whether some byte of `x` is `b`: a byte of `x ^ splat(b)` is zero.
fn has_byte(x: u64, b: u8) -> bool {
    let v = x ^ splat(b);
    v.wrapping_sub(splat(1)) & !v & HIGH != 0
}

/// Eight ASCII bytes lower-cased: the high bit of a byte tells whether
/// adding to it reaches past 'A' - 1 and past 'Z' (no byte overflows).
fn ascii_lower(x: u64) -> u64 {
    let from_a = x + splat(0x80 - b'A');
    let past_z = x + splat(0x80 - b'Z' - 1);
    x | ((from_a & !past_z & HIGH) >> 2)
}

impl<V> Default for WordTable<V> {
    fn default() -> Self {
        WordTable {
            short: HashMap::default(),
            long: WordMap::default(),
            lengths: Box::new([0; 256]),
        }
    }
}

impl<V> WordTable<V> {
    /// The value of `key` (as written).
    #[inline]
    pub fn get(&self, key: &str) -> Option<&V> {
        match Packed::new(key.as_bytes(), false, false) {
            Some(p) => self.get_packed(p),
            None => self.long.get(key),
        }
    }

    /// The value of a key packed by `Packed::new`.
    #[inline]
    pub fn get_packed(&self, p: Packed) -> Option<&V> {
        if self.lengths[p.first()] & (1 << p.len()) == 0 {
            return None;
        }
        self.short.get(&p)
    }

    #[inline]
    pub fn contains(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    pub fn entry_or_default(&mut self, key: String) -> &mut V
    where
        V: Default,
    {
        match Packed::new(key.as_bytes(), false, false) {
            Some(p) => {
                self.lengths[p.first()] |= 1 << p.len();
                self.short.entry(p).or_default()
            }
            None => self.long.entry(key).or_default(),
        }
    }

    pub fn insert(&mut self, key: String, value: V) {
        match Packed::new(key.as_bytes(), false, false) {
            Some(p) => {
                self.lengths[p.first()] |= 1 << p.len();
                self.short.insert(p, value);
            }
            None => {
                self.long.insert(key, value);
            }
        }
    }

    pub fn values_mut(&mut self) -> impl Iterator<Item = &mut V> {
        self.short.values_mut().chain(self.long.values_mut())
    }
}

impl FromIterator<String> for WordTable<()> {
    fn from_iter<I: IntoIterator<Item = String>>(iter: I) -> Self {
        let mut table = WordTable::default();
        for key in iter {
            table.insert(key, ());
        }
        table
    }
}

impl<V> FromIterator<(String, V)> for WordTable<V> {
    fn from_iter<I: IntoIterator<Item = (String, V)>>(iter: I) -> Self {
        let mut table = WordTable::default();
        for (key, value) in iter {
            table.insert(key, value);
        }
        table
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packing_lower_cases_ascii_and_turns_the_rest_away() {
        let all: Vec<u8> = (0..0x80).collect();
        for chunk in all.chunks(15) {
            let lower: Vec<u8> = chunk.iter().map(u8::to_ascii_lowercase).collect();
            assert!(Packed::new(chunk, true, false) == Packed::new(&lower, false, false));
        }
        assert!(Packed::new("Inc.".as_bytes(), true, true).is_none());
        assert!(Packed::new("Inc.".as_bytes(), true, false).is_some());
        assert!(Packed::new("Café".as_bytes(), true, false).is_none());
        assert!(Packed::new(&[b'a'; 16], true, false).is_none());
        for n in 0..=15 {
            let word: Vec<u8> = (1..=n as u8).collect();
            let mut buf = [0u8; 16];
            buf[..n].copy_from_slice(&word);
            let expected = (
                u64::from_le_bytes(buf[..8].try_into().unwrap()),
                u64::from_le_bytes(buf[8..].try_into().unwrap()),
            );
            assert_eq!(load(&word), expected, "{n}");
        }
        let table: WordTable<()> = ["inc", "a", "technologies"]
            .map(String::from)
            .into_iter()
            .collect();
        for (word, found) in [
            ("inc", true),
            ("in", false),
            ("inc\0", false),
            ("Inc", false),
        ] {
            assert_eq!(table.contains(word), found, "{word:?}");
        }
    }
}
