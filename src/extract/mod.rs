//! Mention extractors. Each kind is a module with a pure function from an
//! analysed document to mentions; `mentions` runs them all and settles
//! overlaps.

pub mod dates;
pub mod money;
pub mod orgs;

use crate::model::{Document, Kind, Mention};
use crate::resources::Resources;
use std::ops::Range;

/// What every extractor reads: the document, its sentences, the lexicons.
pub struct Context<'a> {
    pub doc: &'a Document,
    pub sentences: &'a [Range<usize>],
    pub res: &'a Resources,
}

impl Context<'_> {
    pub fn text(&self) -> &str {
        &self.doc.text
    }

    /// Index of the sentence holding byte `pos`.
    pub fn sentence_at(&self, pos: usize) -> Option<usize> {
        let i = self.sentences.partition_point(|s| s.end <= pos);
        (i < self.sentences.len() && self.sentences[i].start <= pos).then_some(i)
    }
}

/// Which mention wins when two overlap and are equally long: amounts and
/// dates are more reliably delimited than names.
fn priority(kind: Kind) -> u8 {
    match kind {
        Kind::Money | Kind::Percent | Kind::Quantity | Kind::Ticker => 3,
        Kind::Date => 2,
        Kind::Law => 1,
        _ => 0,
    }
}

/// Run every extractor; return non-overlapping mentions sorted by position,
/// each marked with its region's role when that is caption or furniture.
pub fn mentions(ctx: &Context) -> Vec<Mention> {
    let mut all = dates::extract(ctx);
    all.extend(money::extract(ctx));
    all.extend(orgs::extract(ctx));
    let mut kept = settle_overlaps(all);
    for m in &mut kept {
        let role = ctx.doc.role_at(m.span.start);
        if !role.is_story() {
            m.attrs.role = Some(role);
        }
    }
    kept
}

/// Keep the longer of two overlapping mentions (then the higher priority,
/// then the earlier).
pub fn settle_overlaps(mut all: Vec<Mention>) -> Vec<Mention> {
    all.sort_by(|a, b| {
        let la = a.span.len();
        let lb = b.span.len();
        lb.cmp(&la)
            .then(priority(b.kind).cmp(&priority(a.kind)))
            .then(a.span.start.cmp(&b.span.start))
    });
    // Kept spans never overlap, so the one starting last before `m.end` is
    // the only one that can clash with `m`.
    let mut taken = std::collections::BTreeMap::<usize, usize>::new();
    let mut kept: Vec<Mention> = Vec::with_capacity(all.len());
    for m in all {
        if m.span.is_empty() {
            continue;
        }
        let clash = taken
            .range(..m.span.end)
            .next_back()
            .is_some_and(|(_, &end)| end > m.span.start);
        if !clash {
            taken.insert(m.span.start, m.span.end);
            kept.push(m);
        }
    }
    kept.sort_by_key(|m| (m.span.start, m.span.end));
    kept
}
