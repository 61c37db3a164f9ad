//! Short views of the text on either side of a position, with every
//! whitespace run folded to one space so that multi-word terms ("mln\ndlrs",
//! "Hong Kong dollars") match across line breaks. A paragraph break (two
//! newlines) ends a view: amounts do not span paragraphs.

const AHEAD: usize = 48;
const BEHIND: usize = 32;

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

/// The text from `from` onwards, folded.
pub struct Ahead<'t> {
    text: &'t [u8],
    from: usize,
    buf: [u8; AHEAD + 8],
    len: usize,
    /// The folded whitespace runs: (position in `buf`, text bytes dropped
    /// up to there), in order. Every other byte stands for one text byte,
    /// so these few entries give every offset. Runs are separated by other
    /// bytes, so there are at most half as many as bytes. (Pairs of u16
    /// have no padding: clearing the array takes a few wide stores.)
    folds: [(u16, u16); AHEAD / 2],
    nfolds: usize,
}

impl<'t> Ahead<'t> {
    pub fn new(text: &'t [u8], from: usize) -> Self {
        let plain = |b: u8| b > b' ' && b != 0xC2;
        // Built in locals (registers), not in the returned struct.
        // Eight bytes spare: chunks are stored whole, the view's length
        // says how much of them counts.
        let mut buf = [0; AHEAD + 8];
        let mut folds = [(0, 0); AHEAD / 2];
        let (mut len, mut nfolds) = (0, 0);
        // Offsets past `from` are kept in 16 bits: the view ends before
        // they would not fit.
        let limit = text.len().min(from + usize::from(u16::MAX));
        let mut i = from;
        while len < AHEAD && i < limit {
            // Up to the next line break or run of spaces the view is the
            // text itself (a single space too): copy it eight bytes at a
            // time, as far as that holds.
            let chunk = chunk_at(text, i);
            let k = (needs_care(chunk).trailing_zeros() / 8) as usize;
            let k = k.min(AHEAD - len).min(limit - i);
            buf[len..len + 8].copy_from_slice(&chunk.to_le_bytes());
            len += k;
            i += k;
            if k == 8 || len == AHEAD || i >= limit {
                continue;
            }
            let c = text[i];
            if c == b' ' && text.get(i + 1).is_some_and(|&c| plain(c)) {
                // A single space that ends a chunk.
                buf[len] = c;
                len += 1;
                i += 1;
                continue;
            }
            if !(is_space(c) || is_nbsp(text, i)) {
                // A control character or a lone 0xC2 stands for itself.
                buf[len] = c;
                len += 1;
                i += 1;
                continue;
            }
            let mut j = i;
            let mut newlines = 0;
            while j < text.len() && (is_space(text[j]) || is_nbsp(text, j)) {
                newlines += usize::from(text[j] == b'\n');
                j += if text[j] == 0xC2 { 2 } else { 1 };
            }
            let Ok(end) = u16::try_from(j - from) else {
                break;
            };
            if newlines > 1 {
                break;
            }
            buf[len] = b' ';
            folds[nfolds] = (len as u16, end - (len as u16 + 1));
            nfolds += 1;
            len += 1;
            i = j;
        }
        Ahead {
            text,
            from,
            buf,
            len,
            folds,
            nfolds,
        }
    }

    /// The folded bytes from folded position `i`.
    pub fn bytes(&self, i: usize) -> &[u8] {
        &self.buf[i.min(self.len)..self.len]
    }

    pub fn byte(&self, i: usize) -> Option<u8> {
        (i < self.len).then(|| self.buf[i])
    }

    /// The text offset where folded position `i` starts.
    pub fn offset(&self, i: usize) -> usize {
        if i == 0 {
            return self.from;
        }
        let last = i
            .min(self.len)
            .checked_sub(1)
            .expect("a position in the view");
        let dropped = self.folds[..self.nfolds]
            .iter()
            .rev()
            .find(|&&(at, _)| usize::from(at) <= last)
            .map_or(0, |&(_, dropped)| usize::from(dropped));
        self.from + last + 1 + dropped
    }

    /// Whether a word may end at folded position `i`: the text there does not
    /// go on with a letter or digit.
    pub fn word_ends_at(&self, i: usize) -> bool {
        !self
            .text
            .get(self.offset(i))
            .is_some_and(|&b| is_word_byte(b))
    }
}

/// The text before `to`, folded and reversed (buf[0] is the last byte).
pub struct Behind<'t> {
    text: &'t [u8],
    to: usize,
    buf: [u8; BEHIND + 8],
    len: usize,
    /// The folded whitespace runs, as in `Ahead`: (position in `buf`, text
    /// bytes dropped up to there).
    folds: [(u16, u16); BEHIND / 2],
    nfolds: usize,
}

impl<'t> Behind<'t> {
    /// The view of at most `most` bytes (and never more than 32): a caller
    /// that matches patterns in it needs no more than the longest.
    pub fn new(text: &'t [u8], to: usize, most: usize) -> Self {
        let most = most.min(BEHIND);
        let plain = |b: u8| b > b' ' && b != 0xA0;
        // Built in locals (registers), not in the returned struct; eight
        // bytes spare as in `Ahead`.
        let mut buf = [0; BEHIND + 8];
        let mut folds = [(0, 0); BEHIND / 2];
        let (mut len, mut nfolds) = (0, 0);
        // Offsets before `to` are kept in 16 bits: the view ends before
        // they would not fit.
        let limit = to.saturating_sub(usize::from(u16::MAX));
        let mut i = to;
        while i > limit && len < most {
            // Bytes above 0x20 (but 0xA0) stand for themselves, and single
            // spaces between them: store the eight bytes before `i`
            // reversed, and count those of them that hold.
            let chunk = chunk_before(text, i);
            let m = (behind_care(chunk).leading_zeros() / 8) as usize;
            let m = m.min(most - len).min(i - limit);
            buf[len..len + 8].copy_from_slice(&chunk.swap_bytes().to_le_bytes());
            len += m;
            i -= m;
            if m == 8 || len == most || i <= limit {
                continue;
            }
            let c = text[i - 1];
            // Most bytes stand for themselves, a single space too.
            let single = c == b' ' && i >= 2 && plain(text[i - 2]);
            let nbsp = c == 0xA0 && i >= 2 && text[i - 2] == 0xC2;
            if plain(c) || single || !(is_space(c) || nbsp) {
                buf[len] = c;
                len += 1;
                i -= 1;
                continue;
            }
            let mut j = i;
            let mut newlines = 0;
            loop {
                if j > 0 && is_space(text[j - 1]) {
                    newlines += usize::from(text[j - 1] == b'\n');
                    j -= 1;
                } else if j > 1 && text[j - 1] == 0xA0 && text[j - 2] == 0xC2 {
                    j -= 2;
                } else {
                    break;
                }
            }
            let Ok(back) = u16::try_from(to - j) else {
                break;
            };
            if newlines > 1 {
                break;
            }
            buf[len] = b' ';
            folds[nfolds] = (len as u16, back - (len as u16 + 1));
            nfolds += 1;
            len += 1;
            i = j;
        }
        Behind {
            text,
            to,
            buf,
            len,
            folds,
            nfolds,
        }
    }

    /// The reversed folded bytes from reversed position `i` on.
    pub fn bytes(&self, i: usize) -> &[u8] {
        &self.buf[i.min(self.len)..self.len]
    }

    pub fn byte(&self, i: usize) -> Option<u8> {
        (i < self.len).then(|| self.buf[i])
    }

    /// The text offset where a match covering reversed positions `..i` starts.
    pub fn offset(&self, i: usize) -> usize {
        if i == 0 {
            return self.to;
        }
        let last = i
            .min(self.len)
            .checked_sub(1)
            .expect("a position in the view");
        let dropped = self.folds[..self.nfolds]
            .iter()
            .rev()
            .find(|&&(at, _)| usize::from(at) <= last)
            .map_or(0, |&(_, dropped)| usize::from(dropped));
        self.to - (last + 1 + dropped)
    }

    /// Whether a word may start at reversed position `i`.
    pub fn word_starts_at(&self, i: usize) -> bool {
        let at = self.offset(i);
        !(at > 0 && is_word_byte(self.text[at - 1]))
    }
}

const ONES: u64 = u64::from_le_bytes([1; 8]);
const HIGH: u64 = ONES * 0x80;

/// Eight bytes from `i` as one integer (the first byte lowest),
/// zero-padded past the end of the text.
fn chunk_at(text: &[u8], i: usize) -> u64 {
    if let Some(c) = text.get(i..i + 8) {
        return u64::from_le_bytes(c.try_into().expect("eight bytes"));
    }
    let mut buf = [0u8; 8];
    let rest = text.get(i..).unwrap_or_default();
    let n = rest.len().min(8);
    buf[..n].copy_from_slice(&rest[..n]);
    u64::from_le_bytes(buf)
}

/// The eight bytes before `to` as one integer (the last byte highest),
/// zero-padded before the start of the text.
fn chunk_before(text: &[u8], to: usize) -> u64 {
    if let Some(c) = to.checked_sub(8).map(|from| &text[from..to]) {
        return u64::from_le_bytes(c.try_into().expect("eight bytes"));
    }
    let mut buf = [0u8; 8];
    let n = to.min(8);
    buf[8 - n..].copy_from_slice(&text[to - n..to]);
    u64::from_le_bytes(buf)
}

/// How many ASCII letters there are from `i` on, read eight bytes at a time.
pub fn letters_at(text: &[u8], i: usize) -> usize {
    let mut n = 0;
    loop {
        // `| 0x20` folds A-Z onto a-z; the sums cannot carry from one byte
        // into the next since the high bits are cleared first.
        let folded = chunk_at(text, i + n) | (ONES * 0x20);
        let low = folded & !HIGH;
        let from_a = low + ONES * (0x80 - u64::from(b'a'));
        let past_z = low + ONES * (0x80 - u64::from(b'z') - 1);
        let letters = from_a & !past_z & !folded & HIGH;
        let k = (!letters & HIGH).trailing_zeros() as usize / 8;
        n += k;
        if k < 8 {
            return n;
        }
    }
}

/// The high bit of every byte of `chunk` that is `byte`.
fn bytes_equal(chunk: u64, byte: u8) -> u64 {
    let x = chunk ^ (ONES * u64::from(byte));
    !(((x & !HIGH) + !HIGH) | x) & HIGH
}

/// The high bit of every byte of `chunk` that is 0x20 or below.
fn bytes_up_to_space(chunk: u64) -> u64 {
    // High bits are cleared first, so the sum carries into no other byte.
    !((chunk & !HIGH) + ONES * 0x5f) & !chunk & HIGH
}

/// Bytes `Ahead` does not copy as they stand: spaces, control characters
/// and 0xC2 (which opens a no-break space).
fn not_plain(chunk: u64) -> u64 {
    bytes_up_to_space(chunk) | bytes_equal(chunk, 0xC2)
}

/// Bytes `Ahead` must look at one by one: those `not_plain` finds, but for
/// single spaces inside the chunk (followed by a plain byte).
fn needs_care(chunk: u64) -> u64 {
    let odd = not_plain(chunk);
    // The top byte's follower is in the next chunk: always looked at.
    let single = bytes_equal(chunk, b' ') & !(odd >> 8) & !(0x80 << 56);
    odd & !single
}

/// Bytes `Behind` must look at one by one (in a chunk read before a
/// position): those `odd_behind` finds, but for single spaces inside the
/// chunk (after a byte that is not odd).
fn behind_care(chunk: u64) -> u64 {
    let odd = odd_behind(chunk);
    // The lowest byte's predecessor is in the chunk before: always looked at.
    let single = bytes_equal(chunk, b' ') & !(odd << 8) & !0x80;
    odd & !single
}

/// Bytes `Behind` may fold: spaces, control characters, 0xA0.
fn odd_behind(chunk: u64) -> u64 {
    bytes_up_to_space(chunk) | bytes_equal(chunk, 0xA0)
}

fn is_nbsp(text: &[u8], i: usize) -> bool {
    text[i] == 0xC2 && text.get(i + 1) == Some(&0xA0)
}

/// ASCII letters, digits and underscore: what glues a number into a name
/// ("A320", "1990s") or a term into a longer word.
pub fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_masks_match_bytewise_tests() {
        for b in 0..=255u8 {
            let chunk = u64::from_le_bytes([b'a', b, b'z', 0xC2, b' ', b, 0xA0, b'\n']);
            let expect = |f: &dyn Fn(u8) -> bool| {
                chunk
                    .to_le_bytes()
                    .iter()
                    .enumerate()
                    .filter(|(_, &c)| f(c))
                    .fold(0u64, |m, (k, _)| m | 0x80 << (8 * k))
            };
            assert_eq!(not_plain(chunk), expect(&|c| c <= b' ' || c == 0xC2));
            assert_eq!(odd_behind(chunk), expect(&|c| c <= b' ' || c == 0xA0));
            let bytes = chunk.to_le_bytes();
            let care = |k: usize| {
                let odd = bytes[k] <= b' ' || bytes[k] == 0xC2;
                let single =
                    bytes[k] == b' ' && k < 7 && !(bytes[k + 1] <= b' ' || bytes[k + 1] == 0xC2);
                odd && !single
            };
            let expected = (0..8)
                .filter(|&k| care(k))
                .fold(0u64, |m, k| m | 0x80 << (8 * k));
            assert_eq!(needs_care(chunk), expected);
        }
    }

    #[test]
    fn counts_letters() {
        let text = b"Hong Kong's abcdefghijklmnopqrstuvwxyz1 [Z]";
        assert_eq!(letters_at(text, 0), 4);
        assert_eq!(letters_at(text, 5), 4);
        assert_eq!(letters_at(text, 9), 0);
        assert_eq!(letters_at(text, 12), 26);
        assert_eq!(letters_at(text, 40), 0);
        assert_eq!(letters_at(text, 41), 1);
        assert_eq!(letters_at(text, 43), 0);
        for b in 0..=255u8 {
            assert_eq!(letters_at(&[b], 0), usize::from(b.is_ascii_alphabetic()));
        }
    }

    /// The folded view as the doc comments describe it, byte by byte.
    fn folded(text: &[u8], from: usize) -> Vec<u8> {
        let mut out = Vec::new();
        let mut i = from;
        while out.len() < AHEAD && i < text.len() {
            if !(is_space(text[i]) || is_nbsp(text, i)) {
                out.push(text[i]);
                i += 1;
                continue;
            }
            let mut newlines = 0;
            while i < text.len() && (is_space(text[i]) || is_nbsp(text, i)) {
                newlines += usize::from(text[i] == b'\n');
                i += if text[i] == 0xC2 { 2 } else { 1 };
            }
            if newlines > 1 {
                break;
            }
            out.push(b' ');
        }
        out
    }

    /// 3,000 short texts of letters, digits, spaces, line breaks and
    /// no-break spaces (whole or cut), from an xorshift generator.
    fn random_texts(mut seed: u64) -> impl Iterator<Item = Vec<u8>> {
        let alphabet = [
            b'a', b'a', b'a', b'1', b' ', b' ', b'\n', b'\t', 0xC2, 0xA0, b'.',
        ];
        (0..3000).map(move |_| {
            let mut text = Vec::new();
            for _ in 0..(seed % 90) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                text.push(alphabet[(seed % alphabet.len() as u64) as usize]);
            }
            text
        })
    }

    #[test]
    fn views_fold_like_the_reference() {
        for text in random_texts(0x2545_f491_4f6c_dd1d) {
            for from in 0..text.len() {
                assert_eq!(
                    Ahead::new(&text, from).bytes(0),
                    &folded(&text, from)[..],
                    "{text:?} from {from}"
                );
            }
        }
    }

    /// The reversed view, as `folded` makes the one ahead.
    fn folded_behind(text: &[u8], to: usize) -> Vec<u8> {
        let mut out = Vec::new();
        let mut i = to;
        let space =
            |j: usize| is_space(text[j]) || (j > 0 && text[j] == 0xA0 && text[j - 1] == 0xC2);
        while out.len() < BEHIND && i > 0 {
            if !space(i - 1) {
                out.push(text[i - 1]);
                i -= 1;
                continue;
            }
            let mut newlines = 0;
            while i > 0 && space(i - 1) {
                newlines += usize::from(text[i - 1] == b'\n');
                i -= if text[i - 1] == 0xA0 { 2 } else { 1 };
            }
            if newlines > 1 {
                break;
            }
            out.push(b' ');
        }
        out
    }

    #[test]
    fn views_behind_fold_like_the_reference() {
        for text in random_texts(0x9e37_79b9_7f4a_7c15) {
            for to in 0..=text.len() {
                assert_eq!(
                    Behind::new(&text, to, BEHIND).bytes(0),
                    &folded_behind(&text, to)[..],
                    "{text:?} to {to}"
                );
            }
        }
    }

    #[test]
    fn views_fold_as_before() {
        let text = "x 12.5 mln  dlrs\n per\u{a0}share, up from 9 mln\n\nnext".as_bytes();
        let w = Ahead::new(text, 2);
        assert_eq!(w.bytes(0), b"12.5 mln dlrs per share, up from 9 mln");
        let b = Behind::new(text, 11, 32);
        assert_eq!(b.bytes(0), b" nlm 5.21 x");
        let b = Behind::new(text, 11, 5);
        assert_eq!(b.bytes(0), b" nlm ");
        let b = Behind::new(text, 11, 99);
        assert_eq!(b.bytes(0), b" nlm 5.21 x");
    }
}
