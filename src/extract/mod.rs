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
    let mut kept = settle([dates::extract(ctx), money::extract(ctx), orgs::extract(ctx)]);
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
pub fn settle_overlaps(all: Vec<Mention>) -> Vec<Mention> {
    settle([all])
}

/// `settle_overlaps` of the lists one after another. Mentions are large,
/// so the order is settled on their spans and each kept mention moves once
/// when it can.
fn settle<const N: usize>(lists: [Vec<Mention>; N]) -> Vec<Mention> {
    // (start, end, index in the lists one after another), without empty
    // spans, by start.
    let mut spans: Vec<(usize, usize, usize)> =
        Vec::with_capacity(lists.iter().map(Vec::len).sum());
    spans.extend(
        lists
            .iter()
            .flatten()
            .enumerate()
            .filter(|(_, m)| !m.span.is_empty())
            .map(|(i, m)| (m.span.start, m.span.end, i)),
    );
    spans.sort_unstable();
    // Kept mentions as (start, index), by start. Usually nothing overlaps
    // and all are kept.
    let kept = if spans.windows(2).all(|w| w[0].1 <= w[1].0) {
        spans.iter().map(|&(start, _, i)| (start, i)).collect()
    } else {
        greedy(&lists, &spans)
    };
    // Each list's kept mentions usually stand in its own order: take them
    // from the front of their lists, dropping the others on the way.
    let mut firsts = [0; N];
    let mut at = 0;
    for (first, list) in firsts.iter_mut().zip(&lists) {
        *first = at;
        at += list.len();
    }
    let list_of = |i: usize| firsts.partition_point(|&f| f <= i) - 1;
    let mut next = firsts;
    let in_order = kept.iter().all(|&(_, i)| {
        let l = list_of(i);
        let fresh = i >= next[l];
        next[l] = i + 1;
        fresh
    });
    let mut out = Vec::with_capacity(kept.len());
    if in_order {
        let mut next = firsts;
        let mut rest = lists.map(Vec::into_iter);
        for &(_, i) in &kept {
            let l = list_of(i);
            out.extend(rest[l].nth(i - next[l]));
            next[l] = i + 1;
        }
    } else {
        let mut slots: Vec<Option<Mention>> = lists.into_iter().flatten().map(Some).collect();
        out.extend(kept.iter().filter_map(|&(_, i)| slots[i].take()));
    }
    out
}

/// The kept (start, index) of overlapping mentions, by start: the longest
/// first, each unless it covers a byte of one kept already.
fn greedy<const N: usize>(
    lists: &[Vec<Mention>; N],
    spans: &[(usize, usize, usize)],
) -> Vec<(usize, usize)> {
    let kinds: Vec<Kind> = lists.iter().flatten().map(|m| m.kind).collect();
    // The order is total (the index breaks ties), so an unstable sort of
    // small keys settles exactly as a stable sort of the mentions would.
    let mut order: Vec<(Reverse<usize>, Reverse<u8>, usize, usize)> = spans
        .iter()
        .map(|&(start, end, i)| (Reverse(end - start), Reverse(priority(kinds[i])), start, i))
        .collect();
    order.sort_unstable();
    // Bytes covered by kept mentions: one clashes when it covers a taken one.
    let mut taken = vec![false; spans.iter().map(|s| s.1).max().unwrap_or(0)];
    let mut kept: Vec<(usize, usize)> = Vec::with_capacity(order.len());
    for &(Reverse(len), _, start, i) in &order {
        let end = start + len;
        let covered = &mut taken[start..end];
        if !covered.contains(&true) {
            covered.fill(true);
            kept.push((start, i));
        }
    }
    // Kept spans do not overlap, so their starts differ.
    kept.sort_unstable();
    kept
}
