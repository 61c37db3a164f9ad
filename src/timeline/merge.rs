//! Which reports tell the same event.
//!
//! Within one subject and type, events dated by their own clause or by an
//! announcement are points: they belong together when their dates nest
//! ("2019", "October 2019", "Oct. 7") or lie at most a day apart. Events dated
//! only by their telling (a report, the publication) happened by then: each
//! joins the latest point cluster not after it, preferring one that names the
//! same list, within a year or so; those that find none group among
//! themselves.

use super::{Conflict, Entry, Report, Source};
use crate::events::{DateBasis, EventLexicon, Period};
use crate::link::{fold, EntityIndex};
use crate::model::Event;
use std::collections::BTreeMap;

/// How long after an event a report of it may come and still be joined to it
/// without a date of its own.
const REPORT_WINDOW_DAYS: i64 = 400;

struct Member<'a> {
    report: &'a Report,
    event: &'a Event,
    period: Option<Period>,
    basis: DateBasis,
}

impl Member<'_> {
    fn is_point(&self) -> bool {
        self.basis.is_point() && self.period.is_some()
    }
}

struct Cluster<'a> {
    /// The most precise date of its point members (or of its bounds).
    rep: Period,
    members: Vec<Member<'a>>,
}

impl Cluster<'_> {
    fn weight(&self) -> f32 {
        self.members.iter().map(|m| m.event.confidence).sum()
    }

    /// Whether a document gives this event a date of its own.
    fn told_in(&self, doc: &str) -> bool {
        self.members
            .iter()
            .any(|m| m.is_point() && m.report.id == doc)
    }

    fn names_list(&self, list: &str) -> bool {
        self.members
            .iter()
            .filter_map(|m| m.event.list.as_deref())
            .any(|l| {
                let l = fold(l);
                l.contains(list) || list.contains(&l)
            })
    }
}

/// Same date told at another precision, or a day apart.
fn same_date(a: &Period, b: &Period) -> bool {
    a.nested(b) || a.gap_days(b) == 0
}

pub fn merge(reports: &[Report], index: &EntityIndex, lex: &EventLexicon) -> Vec<Entry> {
    let canonical = |name: &str| index.canonical(name).unwrap_or(name).to_string();
    let mut groups: BTreeMap<(String, String), Vec<Member>> = BTreeMap::new();
    for report in reports {
        for event in &report.events {
            groups
                .entry((canonical(&event.subject), event.kind.clone()))
                .or_default()
                .push(Member {
                    report,
                    event,
                    period: event.date.as_deref().and_then(Period::parse),
                    basis: DateBasis::parse(&event.date_basis),
                });
        }
    }
    let mut entries = Vec::new();
    for ((subject, kind), members) in groups {
        for cluster in cluster(members) {
            entries.push(entry(&subject, &kind, cluster, &canonical, lex));
        }
    }
    entries
}

fn cluster(members: Vec<Member>) -> Vec<Cluster> {
    let (mut points, rest): (Vec<Member>, Vec<Member>) =
        members.into_iter().partition(Member::is_point);
    let (mut bounds, undated): (Vec<Member>, Vec<Member>) =
        rest.into_iter().partition(|m| m.period.is_some());
    // Most precise first, so each cluster is represented by its sharpest date
    // and a coarse "2019" joins the best-supported cluster it covers.
    points.sort_by(|a, b| {
        let (pa, pb) = (a.period.unwrap(), b.period.unwrap());
        (pa.days(), pa.start)
            .cmp(&(pb.days(), pb.start))
            .then(b.event.confidence.total_cmp(&a.event.confidence))
    });
    let mut clusters: Vec<Cluster> = Vec::new();
    for m in points {
        let p = m.period.unwrap();
        let home = clusters
            .iter_mut()
            .filter(|c| same_date(&c.rep, &p))
            .max_by(|a, b| a.weight().total_cmp(&b.weight()));
        match home {
            Some(c) => c.members.push(m),
            None => clusters.push(Cluster {
                rep: p,
                members: vec![m],
            }),
        }
    }
    bounds.sort_by_key(|m| {
        let p = m.period.unwrap();
        (p.end, p.days())
    });
    let mut told_only: Vec<Cluster> = Vec::new();
    for m in bounds {
        let p = m.period.unwrap();
        // Told by `p.end` at the latest, as early as `p.start`; its own
        // document's dated telling of the same event may lie further back.
        let fits = |c: &Cluster| {
            let after = (p.end - c.rep.start).get_days() as i64;
            let since_end = (p.start - c.rep.end).get_days() as i64;
            after >= -1 && (since_end <= REPORT_WINDOW_DAYS || c.told_in(&m.report.id))
        };
        let list = m.event.list.as_deref().map(fold);
        let names_list = |c: &Cluster| list.as_deref().is_some_and(|l| c.names_list(l));
        // Another actor's bid is another event: "Ecolab starts its bid"
        // does not join Waste Management's of the week before.
        let actor = m.event.actor.as_deref().map(fold);
        let same_actor = |c: &Cluster| {
            let Some(a) = &actor else { return true };
            let mut actors = c
                .members
                .iter()
                .filter_map(|o| o.event.actor.as_deref())
                .peekable();
            actors.peek().is_none() || actors.any(|o| fold(o) == *a)
        };
        let home = clusters
            .iter()
            .enumerate()
            .filter(|(_, c)| fits(c) && same_actor(c))
            .max_by_key(|(_, c)| (names_list(c), c.told_in(&m.report.id), c.rep.start))
            .map(|(i, _)| i);
        if let Some(i) = home {
            clusters[i].members.push(m);
            continue;
        }
        match told_only.iter_mut().find(|c| same_date(&c.rep, &p)) {
            Some(c) => {
                if p.days() < c.rep.days() {
                    c.rep = p;
                }
                c.members.push(m)
            }
            None => told_only.push(Cluster {
                rep: p,
                members: vec![m],
            }),
        }
    }
    clusters.extend(told_only);
    if !undated.is_empty() {
        if clusters.len() == 1 {
            clusters[0].members.extend(undated);
        } else {
            clusters.push(Cluster {
                rep: Period::day(jiff::civil::Date::MAX),
                members: undated,
            });
        }
    }
    clusters
}

fn entry(
    subject: &str,
    kind: &str,
    mut c: Cluster,
    canonical: &dyn Fn(&str) -> String,
    lex: &EventLexicon,
) -> Entry {
    // Strongest first: points, then by confidence, then earliest report.
    c.members.sort_by(|a, b| {
        b.is_point()
            .cmp(&a.is_point())
            .then(b.event.confidence.total_cmp(&a.event.confidence))
            .then(a.event.reported.cmp(&b.event.reported))
            .then(a.report.id.cmp(&b.report.id))
    });
    let (date, basis) = entry_date(&c.members);
    let conflicts = date_conflicts(&c.members, date.as_deref())
        .into_iter()
        .chain(money_conflicts(&c.members));
    let actor = most_common(c.members.iter().filter_map(|m| m.event.actor.clone()));
    let conflicts = conflicts
        .chain(actor_conflicts(&c.members, actor.as_deref()))
        .collect();
    let list = most_common(c.members.iter().filter_map(|m| m.event.list.clone()));
    let detail = c.members[0].event.detail.as_ref().map(|d| d.to_lowercase());
    let money = entry_money(&c.members);
    let mut also_affected: Vec<String> = Vec::new();
    for m in &c.members {
        for o in &m.event.also_affected {
            let o = canonical(o);
            if o != subject && !also_affected.contains(&o) {
                also_affected.push(o);
            }
        }
    }
    let summary = summarise(lex, kind, &|field| match field {
        "subject" => Some(subject.to_string()),
        "actor" => actor.clone(),
        "money" => (!money.is_empty()).then(|| {
            let amounts: Vec<String> = money.iter().map(|m| readable_amount(m)).collect();
            amounts.join(", ")
        }),
        "list" => list.clone(),
        "detail" => detail.clone(),
        _ => None,
    });
    Entry {
        kind: kind.to_string(),
        date,
        date_basis: basis.as_str().to_string(),
        subject: subject.to_string(),
        actor,
        money,
        list,
        also_affected,
        detail,
        role: None,
        summary,
        confidence: rounded(
            c.members
                .iter()
                .map(|m| m.event.confidence)
                .fold(0.0, f32::max),
        ),
        sources: sources(&c.members),
        conflicts,
    }
}

/// Two decimals: the same figure on every machine and in every format.
fn rounded(x: f32) -> f32 {
    (x * 100.0).round() / 100.0
}

/// How sure a date must be to sharpen a better-supported coarser one.
const SHARPEN_CONFIDENCE: f32 = 0.6;

/// The best-supported date: among the most confident points the most
/// precise, then the one most sources give; sharpened by a surer-than-not
/// point inside it ("2018-05", then "May 9"), else by the first report
/// inside it ("in June", reported June 7). With no point, the earliest
/// report: the event happened by then.
fn entry_date(members: &[Member]) -> (Option<String>, DateBasis) {
    let points: Vec<&Member> = members.iter().filter(|m| m.is_point()).collect();
    let Some(top) = points.first() else {
        return members
            .iter()
            .filter(|m| m.period.is_some())
            .min_by_key(|m| {
                let p = m.period.unwrap();
                (p.end, p.days())
            })
            .map_or((None, DateBasis::None), |m| (m.event.date.clone(), m.basis));
    };
    let support = |date: &Option<String>| -> f32 {
        points
            .iter()
            .filter(|m| &m.event.date == date)
            .map(|m| m.event.confidence)
            .sum()
    };
    let floor = top.event.confidence - 0.05;
    let best = sharpest(
        points
            .iter()
            .copied()
            .filter(|m| m.event.confidence >= floor),
        &support,
    )
    .unwrap_or(top);
    let period = best.period.unwrap();
    let sharper = sharpest(
        points.iter().copied().filter(|m| {
            m.event.confidence >= SHARPEN_CONFIDENCE
                && m.period != best.period
                && period.contains(&m.period.unwrap())
        }),
        &support,
    );
    if let Some(m) = sharper {
        return (m.event.date.clone(), m.basis);
    }
    let first_report = members
        .iter()
        .filter(|m| {
            !m.is_point()
                && m.period
                    .is_some_and(|p| p.days() == 1 && period.contains(&p))
        })
        .min_by_key(|m| m.period.unwrap().start);
    match first_report {
        Some(m) if period.days() > 1 => (m.event.date.clone(), m.basis),
        _ => (best.event.date.clone(), best.basis),
    }
}

/// The most precise of some points, then the best supported.
fn sharpest<'m, 'a>(
    pool: impl Iterator<Item = &'m Member<'a>>,
    support: &dyn Fn(&Option<String>) -> f32,
) -> Option<&'m Member<'a>> {
    pool.min_by(|a, b| {
        let (pa, pb) = (a.period.unwrap(), b.period.unwrap());
        pa.days()
            .cmp(&pb.days())
            .then(support(&b.event.date).total_cmp(&support(&a.event.date)))
            .then(a.basis.cmp(&b.basis))
            .then(pa.start.cmp(&pb.start))
    })
}

/// Point dates that neither equal nor nest in the entry's date.
fn date_conflicts(members: &[Member], date: Option<&str>) -> Vec<Conflict> {
    let Some(chosen) = date.and_then(Period::parse) else {
        return Vec::new();
    };
    let mut out: Vec<Conflict> = Vec::new();
    for m in members.iter().filter(|m| m.is_point()) {
        let p = m.period.unwrap();
        if p.nested(&chosen) {
            continue;
        }
        add_conflict(
            &mut out,
            "date",
            m.event.date.clone().unwrap_or_default(),
            m,
        );
    }
    out
}

fn add_conflict(out: &mut Vec<Conflict>, field: &str, value: String, m: &Member) {
    match out
        .iter_mut()
        .find(|c| c.field == field && c.value == value)
    {
        Some(c) if !c.sources.contains(&m.report.id) => c.sources.push(m.report.id.clone()),
        Some(_) => {}
        None => out.push(Conflict {
            field: field.to_string(),
            value,
            sources: vec![m.report.id.clone()],
        }),
    }
}

/// Amounts by how many documents give them.
fn money_support<'a>(members: &'a [Member]) -> Vec<(&'a str, usize)> {
    let mut seen: Vec<(&str, &str)> = Vec::new();
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for m in members {
        for v in &m.event.money {
            if seen.contains(&(v, &m.report.id)) {
                continue;
            }
            seen.push((v, &m.report.id));
            match counts.iter_mut().find(|(x, _)| x == v) {
                Some((_, n)) => *n += 1,
                None => counts.push((v, 1)),
            }
        }
    }
    counts.sort_by_key(|c| std::cmp::Reverse(c.1));
    counts
}

fn currency(value: &str) -> &str {
    value.split(' ').next().unwrap_or(value)
}

fn is_range(value: &str) -> bool {
    value.contains("..")
}

/// Per currency the best-supported amount, plus ranges (prices per share
/// are not totals, so they do not contradict one).
fn entry_money(members: &[Member]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (v, _) in money_support(members) {
        let taken = out
            .iter()
            .any(|o| !is_range(o) && currency(o) == currency(v));
        if is_range(v) || !taken {
            out.push(v.to_string());
        }
    }
    out
}

fn money_conflicts(members: &[Member]) -> Vec<Conflict> {
    let kept = entry_money(members);
    let mut out = Vec::new();
    for m in members {
        for v in &m.event.money {
            if !kept.contains(v) {
                add_conflict(&mut out, "money", v.clone(), m);
            }
        }
    }
    out
}

/// The actors some reports name instead of the entry's ("the Office of
/// Foreign Assets Control at the Treasury" where others say the Treasury):
/// kept, so that the unit's timeline finds the event it acted in.
fn actor_conflicts(members: &[Member], kept: Option<&str>) -> Vec<Conflict> {
    let mut out = Vec::new();
    for m in members {
        if let Some(a) = &m.event.actor {
            if kept.map_or(true, |k| fold(k) != fold(a)) {
                add_conflict(&mut out, "actor", a.clone(), m);
            }
        }
    }
    out
}

fn most_common(values: impl Iterator<Item = String>) -> Option<String> {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for v in values {
        match counts.iter_mut().find(|(x, _)| fold(x) == fold(&v)) {
            Some((_, n)) => *n += 1,
            None => counts.push((v, 1)),
        }
    }
    // First seen wins ties: members come strongest first.
    let mut best: Option<(String, usize)> = None;
    for (v, n) in counts {
        if best.as_ref().map_or(true, |(_, b)| n > *b) {
            best = Some((v, n));
        }
    }
    best.map(|(v, _)| v)
}

/// One source per outlet: a document, or a related item inside it; the
/// sentence of its strongest telling.
fn sources(members: &[Member]) -> Vec<Source> {
    let mut out: Vec<Source> = Vec::new();
    for m in members {
        let via = m.event.via.clone();
        if out.iter().any(|s| s.id == m.report.id && s.via == via) {
            continue;
        }
        out.push(Source {
            id: m.report.id.clone(),
            source: m.report.source.clone(),
            published: m
                .event
                .reported
                .clone()
                .or_else(|| m.report.published.clone()),
            sentence: m.event.evidence.text.trim().to_string(),
            publisher: m.report.publisher.clone(),
            via,
            url: m.report.url_at(m.event.evidence.start),
        });
    }
    out.sort_by(|a, b| a.published.cmp(&b.published).then_with(|| a.id.cmp(&b.id)));
    out
}

/// "USD 767000000" as "USD 767 million", "HKD 3.85..3.99" as "HKD 3.85–3.99".
pub(super) fn readable_amount(value: &str) -> String {
    let Some((currency, amount)) = value.split_once(' ') else {
        return value.to_string();
    };
    if let Some((low, high)) = amount.split_once("..") {
        return format!("{currency} {low}–{high}");
    }
    let Ok(n) = amount.parse::<f64>() else {
        return value.to_string();
    };
    let scaled = [(1e12, "trillion"), (1e9, "billion"), (1e6, "million")]
        .into_iter()
        .find(|(unit, _)| n >= *unit);
    match scaled {
        Some((unit, word)) => {
            let digits = format!("{:.2}", n / unit);
            let digits = digits.trim_end_matches('0').trim_end_matches('.');
            format!("{currency} {digits} {word}")
        }
        None => value.to_string(),
    }
}

/// Fill a type's summary template; `[...]` parts vanish when a placeholder
/// inside them has no value.
pub fn summarise(lex: &EventLexicon, kind: &str, value: &dyn Fn(&str) -> Option<String>) -> String {
    let template = lex
        .type_named(kind)
        .map_or("{subject}: {type}", |t| lex.types[t].summary.as_str());
    let value = |field: &str| match field {
        "type" => Some(kind.to_string()),
        f => value(f),
    };
    let mut out = String::new();
    let mut optional: Option<(String, bool)> = None;
    let mut rest = template;
    while let Some(c) = rest.chars().next() {
        rest = &rest[c.len_utf8()..];
        match c {
            '[' => optional = Some((String::new(), true)),
            ']' => {
                if let Some((part, complete)) = optional.take() {
                    if complete {
                        out.push_str(&part);
                    }
                }
            }
            '{' => {
                let (name, after) = rest.split_once('}').unwrap_or((rest, ""));
                rest = after;
                let v = value(name);
                match &mut optional {
                    Some((part, complete)) => {
                        *complete &= v.is_some();
                        part.push_str(v.as_deref().unwrap_or_default());
                    }
                    None => out.push_str(v.as_deref().unwrap_or_default()),
                }
            }
            c => match &mut optional {
                Some((part, _)) => part.push(c),
                None => out.push(c),
            },
        }
    }
    out
}
