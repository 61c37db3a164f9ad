//! Mention extractors. Each kind is a module with a pure function from an
//! analysed document to mentions; `mentions` runs them all and settles
//! overlaps.

pub mod dates;
pub mod money;
pub mod orgs;

use crate::model::{Document, Kind, Mention};
use crate::resources::Resources;
use std::cmp::Reverse;
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
    let (dates, money, orgs) = (dates::extract(ctx), money::extract(ctx), orgs::extract(ctx));
    // Sized up front: mentions are large, and growing moves them all.
    let mut all = Vec::with_capacity(dates.len() + money.len() + orgs.len());
    all.extend(dates);
    all.extend(money);
    all.extend(orgs);
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
/// then the earlier, then the one given first).
pub fn settle_overlaps(mut all: Vec<Mention>) -> Vec<Mention> {
    // The order is total (the index breaks ties), so an unstable sort of
    // small keys settles exactly as a stable sort of the mentions would.
    let mut order: Vec<(Reverse<usize>, Reverse<u8>, usize, usize)> = Vec::with_capacity(all.len());
    order.extend(
        all.iter()
            .enumerate()
            .filter(|(_, m)| !m.span.is_empty())
            .map(|(i, m)| {
                (
                    Reverse(m.span.len()),
                    Reverse(priority(m.kind)),
                    m.span.start,
                    i,
                )
            }),
    );
    order.sort_unstable();
    // Bytes covered by kept mentions: one clashes when it covers a taken one.
    let mut taken = vec![false; all.iter().map(|m| m.span.end).max().unwrap_or(0)];
    let mut kept: Vec<(usize, usize)> = Vec::with_capacity(order.len());
    for &(_, _, start, i) in &order {
        let covered = &mut taken[start..all[i].span.end];
        if !covered.contains(&true) {
            covered.fill(true);
            kept.push((start, i));
        }
    }
    // Kept spans do not overlap, so their starts differ.
    kept.sort_unstable();
    // Mentions are large: move each as few times as possible. When the
    // kept ones already stand in order, drop the others in place.
    if kept.windows(2).all(|w| w[0].1 < w[1].1) {
        let mut keep = vec![false; all.len()];
        for &(_, i) in &kept {
            keep[i] = true;
        }
        let mut flags = keep.into_iter();
        all.retain(|_| flags.next().unwrap_or(false));
        return all;
    }
    let mut slots: Vec<Option<Mention>> = all.into_iter().map(Some).collect();
    let mut out = Vec::with_capacity(kept.len());
    out.extend(kept.iter().filter_map(|&(_, i)| slots[i].take()));
    out
}
