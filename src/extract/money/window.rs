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
    buf: [u8; AHEAD],
    /// ends[i]: how far past `from` the byte(s) buf[i] stands for end
    /// (small, so the view is cheap to build).
    ends: [u16; AHEAD],
    len: usize,
}

impl<'t> Ahead<'t> {
    pub fn new(text: &'t [u8], from: usize) -> Self {
        // Built in locals (registers), not in the returned struct.
        let mut buf = [0; AHEAD];
        let mut ends = [0; AHEAD];
        let mut len = 0;
        let mut i = from;
        while len < AHEAD {
            let Some(&c) = text.get(i) else {
                break;
            };
            // Most bytes stand for themselves; only spaces fold.
            let b = if c > b' ' && c != 0xC2 || !(is_space(c) || is_nbsp(text, i)) {
                i += 1;
                c
            } else {
                let mut newlines = 0;
                while i < text.len() && (is_space(text[i]) || is_nbsp(text, i)) {
                    newlines += usize::from(text[i] == b'\n');
                    i += if text[i] == 0xC2 { 2 } else { 1 };
                }
                if newlines > 1 {
                    break;
                }
                b' '
            };
            let Ok(end) = u16::try_from(i - from) else {
                break;
            };
            buf[len] = b;
            ends[len] = end;
            len += 1;
        }
        Ahead {
            text,
            from,
            buf,
            ends,
            len,
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
            self.from
        } else {
            self.from + usize::from(self.ends[i.min(self.len) - 1])
        }
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
    buf: [u8; BEHIND],
    /// starts[i]: how far before `to` the (first) byte buf[i] stands for.
    starts: [u16; BEHIND],
    len: usize,
}

impl<'t> Behind<'t> {
    pub fn new(text: &'t [u8], to: usize) -> Self {
        // Built in locals (registers), not in the returned struct.
        let mut buf = [0; BEHIND];
        let mut starts = [0; BEHIND];
        let mut len = 0;
        let mut i = to;
        while i > 0 && len < BEHIND {
            let c = text[i - 1];
            let start = if c > b' ' && c != 0xA0
                || !(is_space(c) || (c == 0xA0 && i >= 2 && text[i - 2] == 0xC2))
            {
                // Most bytes stand for themselves; only spaces fold.
                buf[len] = c;
                i - 1
            } else {
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
                if newlines > 1 {
                    break;
                }
                buf[len] = b' ';
                j
            };
            let Ok(back) = u16::try_from(to - start) else {
                break;
            };
            starts[len] = back;
            len += 1;
            i = start;
        }
        Behind {
            text,
            to,
            buf,
            starts,
            len,
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
            self.to
        } else {
            self.to - usize::from(self.starts[i.min(self.len) - 1])
        }
    }

    /// Whether a word may start at reversed position `i`.
    pub fn word_starts_at(&self, i: usize) -> bool {
        let at = self.offset(i);
        !(at > 0 && is_word_byte(self.text[at - 1]))
    }
}

fn is_nbsp(text: &[u8], i: usize) -> bool {
    text[i] == 0xC2 && text.get(i + 1) == Some(&0xA0)
}

/// ASCII letters, digits and underscore: what glues a number into a name
/// ("A320", "1990s") or a term into a longer word.
pub fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}
