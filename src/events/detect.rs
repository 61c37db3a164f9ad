//! Candidate each trigger in its clause: polarity, roles, date.

use super::lexicon::{EventLexicon, EventType, Hit, Needs, Reading, Tag, Trigger, WordClass};
use super::period::Period;
use super::DateBasis;
use crate::extract::Context;
use crate::link::fold;
use crate::model::{DateSource, Entity, Event, Evidence, Kind, Mention};
use std::collections::{HashMap, HashSet};
use std::ops::Range;

/// How far (bytes) from a trigger roles and dates are looked for: keeps the
/// cost linear even in a sentence that never ends.
const REACH: usize = 400;
/// How many words may stand between a negation or hedge and its trigger.
const SCOPE_WORDS: usize = 4;
/// How many words may stand between a reporting word and the date it carries.
const TELLING_WORDS: usize = 3;
/// How many sentences back "this addition" may look for the event it names.
const REFERENCE_SENTENCES: usize = 3;
/// How many sentences back "the company" may look for the company it names.
const REFERENT_SENTENCES: usize = 2;
/// How many words may stand between a trigger and the company it acts on
/// ("a tender offer for all outstanding shares of X"): a company further on
/// belongs to another phrase ("... at a higher price than Y is offering").
const OBJECT_WORDS: usize = 8;
/// How many words before a noun trigger its determiner may stand ("its 27
/// dlr per share tender offer").
const DETERMINER_WORDS: usize = 7;
/// How many words before a known event's noun its date may stand (a few
/// more after it: "on Friday, Dec. 10").
const NEXT_TO_WORDS: usize = 3;
/// How far an event only referred to ("its offer", "the merger") without a
/// date of its own is trusted, against one reported as news.
const GIVEN_TRUST: f32 = 0.5;

/// Every event the document tells, in text order.
pub fn detect(ctx: &Context, mentions: &[Mention], entities: &[Entity]) -> Vec<Event> {
    let lex = &ctx.res.events;
    let text = ctx.text();
    let hits: Vec<Hit> = lex
        .scan(text)
        .into_iter()
        .filter(|h| ctx.doc.role_at(h.start).is_story())
        .collect();
    let mut story: Vec<&Mention> = Vec::with_capacity(mentions.len());
    story.extend(mentions.iter().filter(|m| m.attrs.role.is_none()));
    let reader = Reader {
        ctx,
        lex,
        hits: &hits,
        mentions: &story,
        main_company: main_company(entities),
        main_agency: main_of_kind(entities, Kind::Agency),
    };
    let mut found: Vec<Found> = Vec::new();
    let mut references: Vec<Reference> = Vec::new();
    let mut last_sentence = None;
    for hit in &hits {
        let has_trigger = lex.tags(hit).iter().any(|t| matches!(t, Tag::Trigger(_)));
        let Some(s) = has_trigger.then(|| ctx.sentence_at(hit.start)).flatten() else {
            continue;
        };
        if last_sentence == Some(s) {
            continue;
        }
        last_sentence = Some(s);
        reader.sentence(s, &mut found, &mut references);
    }
    resolve_references(&mut found, &references, ctx);
    settle_document(found, lex)
}

/// How a noun trigger's determiner presents its event: as news ("a tender
/// offer"), as known ("the merger"), or as someone's known one ("its
/// offer", "Texaco's takeover").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Determiner {
    New,
    Definite,
    Possessive,
}

/// An event found in a sentence, before the document-level checks.
struct Found {
    sentence: usize,
    kind: usize,
    event: Event,
}

/// "this addition" in a dated sentence: the date of an event told before.
struct Reference {
    sentence: usize,
    kind: usize,
    date: String,
}

struct Reader<'a> {
    ctx: &'a Context<'a>,
    lex: &'a EventLexicon,
    hits: &'a [Hit],
    mentions: &'a [&'a Mention],
    main_company: Option<String>,
    /// The agency the document names most: whom "the regulator" means.
    main_agency: Option<String>,
}

/// One sentence being read: its hits and mentions, and the clause openers
/// that cut it.
struct Sentence<'a> {
    index: usize,
    span: Range<usize>,
    hits: &'a [Hit],
    mentions: &'a [&'a Mention],
    /// Where clause openers stand ("which", "after", "that" ...).
    boundaries: Vec<usize>,
    /// The boundaries plus the comma closing a relative clause: "Acme, a
    /// start-up that did not exist two months ago, has raised ..." reads
    /// "has raised" apart from the relative clause.
    cuts: Vec<usize>,
}

impl Sentence<'_> {
    /// The clause holding `pos`, relative clauses set apart: what dates,
    /// roles, hedges and negations are read in.
    fn clause(&self, pos: usize) -> Range<usize> {
        between(&self.cuts, &self.span, pos)
    }

    /// The clause holding `pos` with its relative clauses: where a trigger's
    /// topic may be named ("Acme, which planned an IPO, said it would
    /// postpone").
    fn topic_clause(&self, pos: usize) -> Range<usize> {
        between(&self.boundaries, &self.span, pos)
    }

    /// Mentions within `REACH` of a position, in text order.
    fn mentions_near(&self, pos: usize) -> &[&Mention] {
        let lo = self.mentions.partition_point(|m| m.span.end + REACH < pos);
        let hi = self
            .mentions
            .partition_point(|m| m.span.start <= pos + REACH);
        &self.mentions[lo..hi.max(lo)]
    }

    fn hits_near(&self, pos: usize) -> &[Hit] {
        let lo = self.hits.partition_point(|h| h.end + REACH < pos);
        let hi = self.hits.partition_point(|h| h.start <= pos + REACH);
        &self.hits[lo..hi.max(lo)]
    }
}

/// Who an event is about, and who acts on them.
struct Parties {
    subjects: Vec<String>,
    by_anaphor: bool,
    /// The company acting on the subject, for types that act on one.
    agent: Option<String>,
}

/// A trigger read in its clause, before roles.
struct Candidate {
    hit: Hit,
    kind: usize,
    trigger: Trigger,
    clause: Range<usize>,
    /// The topic cue it needed ("IPO" for "postponed").
    cue: Option<Hit>,
}

impl Reader<'_> {
    fn sentence(&self, index: usize, found: &mut Vec<Found>, references: &mut Vec<Reference>) {
        let span = self.ctx.sentences[index].clone();
        let text = self.ctx.text();
        if text[span.clone()]
            .trim_end_matches(['"', '”', '\'', ')'])
            .ends_with('?')
        {
            return;
        }
        let hits = &self.hits[self.hits.partition_point(|h| h.start < span.start)
            ..self.hits.partition_point(|h| h.start < span.end)];
        let mentions = &self.mentions[self.mentions.partition_point(|m| m.span.start < span.start)
            ..self.mentions.partition_point(|m| m.span.start < span.end)];
        let inside_mention = |pos: usize| {
            let i = mentions.partition_point(|m| m.span.end <= pos);
            mentions.get(i).is_some_and(|m| m.span.start <= pos)
        };
        let openers: Vec<&Hit> = hits
            .iter()
            .filter(|h| self.is(h, WordClass::Boundary) && !inside_mention(h.start))
            .collect();
        let boundaries: Vec<usize> = openers.iter().map(|h| h.start).collect();
        let mut cuts = boundaries.clone();
        for (i, h) in openers.iter().enumerate() {
            if !self.is(h, WordClass::Relative) {
                continue;
            }
            let limit = openers.get(i + 1).map_or(span.end, |n| n.start);
            if let Some(comma) = text[h.end..limit].find(',') {
                cuts.push(h.end + comma + 1);
            }
        }
        cuts.sort_unstable();
        let sentence = Sentence {
            index,
            span,
            hits,
            mentions,
            boundaries,
            cuts,
        };
        // "WMX Acquisition Corp": a word of a name is no trigger (a named
        // list, "the Entity List", still is).
        let inside_name = |pos: usize| {
            let i = mentions.partition_point(|m| m.span.end <= pos);
            mentions.get(i).is_some_and(|m| {
                m.span.start <= pos
                    && matches!(
                        m.kind,
                        Kind::Company | Kind::Organization | Kind::Person | Kind::Media
                    )
            })
        };
        let mut readings: Vec<Candidate> = Vec::new();
        for hit in hits {
            if inside_name(hit.start) {
                continue;
            }
            let clause = sentence.clause(hit.start);
            // One reading per phrase: the first trigger whose needs are met
            // ("approve" near "IPO" before "approve" near "deal").
            for tag in self.lex.tags(hit) {
                let Tag::Trigger(t) = *tag else { continue };
                let trigger = self.lex.triggers[t];
                if trigger.noun && self.after_demonstrative(&sentence, hit) {
                    let whole = sentence.span.clone();
                    if let Some((date, DateBasis::Explicit)) =
                        self.date(&sentence, hit, &whole, &[], false)
                    {
                        references.push(Reference {
                            sentence: index,
                            kind: trigger.kind,
                            date,
                        });
                    }
                    break;
                }
                let Some(cue) = self.needs_met(&sentence, hit, &clause, trigger.needs) else {
                    continue;
                };
                readings.push(Candidate {
                    hit: *hit,
                    kind: trigger.kind,
                    trigger,
                    clause: clause.clone(),
                    cue,
                });
                break;
            }
        }
        // "The company said Monday" around another event is the telling of
        // that event, no response of its own.
        let responds = |r: &Candidate| self.lex.types[r.kind].response;
        let tells_other = readings
            .iter()
            .any(|r| !responds(r) && self.polarity(&sentence, r).is_some());
        if tells_other {
            readings.retain(|r| !responds(r) || r.trigger.reading != Some(Reading::Telling));
        }
        // "lifted the ban": a trigger that is the cue of another event's
        // trigger is part of that event, not one of its own.
        let cues: HashMap<usize, usize> = readings
            .iter()
            .filter_map(|r| r.cue.map(|c| (c.start, r.kind)))
            .collect();
        readings.retain(|r| cues.get(&r.hit.start).map_or(true, |&kind| kind == r.kind));
        let mut told: HashSet<(usize, String)> = HashSet::new();
        for r in readings {
            let Some((kind, hedged)) = self.polarity(&sentence, &r) else {
                continue;
            };
            for event in self.events(&sentence, &r, kind, hedged) {
                if told.insert((kind, event.subject.clone())) {
                    found.push(Found {
                        sentence: index,
                        kind,
                        event,
                    });
                }
            }
        }
    }

    /// A name mention's canonical name, else its text.
    fn name(&self, m: &Mention) -> String {
        m.attrs
            .entity
            .clone()
            .unwrap_or_else(|| self.ctx.text()[m.span.clone()].to_string())
    }

    fn is(&self, hit: &Hit, class: WordClass) -> bool {
        self.lex.tags(hit).contains(&Tag::Word(class))
    }

    fn words_between(&self, a: usize, b: usize) -> Option<usize> {
        words_between(self.ctx.text(), a, b, SCOPE_WORDS.max(TELLING_WORDS) + 3)
    }

    /// "this addition": the trigger noun right after a demonstrative.
    fn after_demonstrative(&self, s: &Sentence, hit: &Hit) -> bool {
        s.hits_near(hit.start).iter().any(|h| {
            h.end <= hit.start
                && self.is(h, WordClass::Demonstrative)
                && self.words_between(h.end, hit.start) == Some(0)
        })
    }

    /// Whether the trigger's needs are met: a topic cue in its clause (or
    /// sentence, for topics read sentence-wide), an amount in its clause.
    /// `Some` with the nearest topic cue when it needs one.
    fn needs_met(
        &self,
        s: &Sentence,
        hit: &Hit,
        clause: &Range<usize>,
        needs: Needs,
    ) -> Option<Option<Hit>> {
        match needs {
            Needs::Nothing => Some(None),
            Needs::Topic(topic) => {
                let scope = if self.lex.sentence_wide[topic] {
                    s.span.clone()
                } else {
                    s.topic_clause(hit.start)
                };
                s.hits_near(hit.start)
                    .iter()
                    .filter(|h| {
                        within(&(h.start..h.end), &scope)
                            && self.lex.tags(h).contains(&Tag::Cue(topic))
                    })
                    .min_by_key(|h| h.start.abs_diff(hit.start))
                    .map(|h| Some(*h))
            }
            // "raised its dividend to 37.5 cts": the amount measures
            // something else.
            Needs::Money => s
                .mentions_near(hit.start)
                .iter()
                .any(|m| {
                    m.kind == Kind::Money
                        && within(&m.span, clause)
                        && !s.hits_near(hit.start).iter().any(|h| {
                            let (a, b) = if m.span.start >= hit.end {
                                (hit.end, m.span.start)
                            } else {
                                (m.span.end, hit.start)
                            };
                            h.start >= a && h.end <= b && self.is(h, WordClass::Measure)
                        })
                })
                .then_some(None),
        }
    }

    /// The type the trigger stands for once negations and hedges before it
    /// in its clause are read; `None` when it tells no event.
    fn polarity(&self, s: &Sentence, r: &Candidate) -> Option<(usize, bool)> {
        let mut hedged = false;
        for h in s.hits_near(r.hit.start) {
            if h.end > r.hit.start || h.start < r.clause.start {
                continue;
            }
            // A hedge reaches on to the next comma ("was supposed to set the
            // price on Friday and begin trading"); a negation only its verb
            // ("did not comment, but ...").
            let close = self
                .words_between(h.end, r.hit.start)
                .is_some_and(|w| w < SCOPE_WORDS);
            let unbroken = !self.ctx.text()[h.end..r.hit.start].contains(',');
            hedged |= (close || unbroken) && self.is(h, WordClass::Hedge);
            if close && self.is(h, WordClass::Negation) {
                return None;
            }
        }
        let unrealized = if r.trigger.noun {
            self.object_of_infinitive(s, &r.hit)
        } else {
            self.unrealized_infinitive(s, &r.hit)
        };
        if unrealized {
            hedged = true;
        }
        if hedged {
            self.lex.types[r.kind].when_hedged.map(|k| (k, true))
        } else {
            Some((r.kind, false))
        }
    }

    /// "an offer to acquire X", "wants to buy", "talks on being acquired":
    /// a verb after "to", or its -ing form after a preposition, is what
    /// someone aims at, not what happened, unless the verb before "to"
    /// entails it ("managed to buy", "voted to approve").
    fn unrealized_infinitive(&self, s: &Sentence, trigger: &Hit) -> bool {
        let text = self.ctx.text();
        let start = s.span.start.min(trigger.start);
        let before = text[start..trigger.start].trim_end();
        let passive_gerund = before
            .len()
            .checked_sub(5)
            .filter(|&i| before.is_char_boundary(i) && before[i..].eq_ignore_ascii_case("being"))
            .map(|i| before[..i].trim_end());
        let gerund = passive_gerund.is_some()
            || text[trigger.start..trigger.end]
                .split_whitespace()
                .next()
                .is_some_and(|w| w.to_ascii_lowercase().ends_with("ing"));
        if gerund {
            let before = passive_gerund.unwrap_or(before);
            return before
                .split_whitespace()
                .last()
                .is_some_and(|w| self.lex.is_word(w, WordClass::Preposition));
        }
        let Some(rest) = before
            .strip_suffix("to")
            .or_else(|| before.strip_suffix("To"))
        else {
            return false;
        };
        if rest.chars().last().is_some_and(char::is_alphanumeric) {
            return false;
        }
        let words: Vec<&str> = rest.split_whitespace().rev().take(2).collect();
        let implicative = |n: usize| {
            words.len() >= n && {
                let phrase: Vec<&str> = words[..n].iter().rev().copied().collect();
                self.lex.is_word(&phrase.join(" "), WordClass::Implicative)
            }
        };
        !(implicative(1) || implicative(2))
    }

    /// "calls for the affiliate to start a cash tender offer": a noun
    /// trigger whose phrase is the object of an infinitive is aimed at.
    fn object_of_infinitive(&self, s: &Sentence, trigger: &Hit) -> bool {
        let text = self.ctx.text();
        let from = s.clause(trigger.start).start.max(s.span.start);
        let words: Vec<String> = text[from..trigger.start]
            .split_whitespace()
            .map(str::to_lowercase)
            .collect();
        let near = words.len().saturating_sub(DETERMINER_WORDS);
        let Some(det) = (near..words.len())
            .rev()
            .find(|&i| ["a", "an", "the", "its", "their"].contains(&words[i].as_str()))
        else {
            return false;
        };
        det >= 2 && words[det - 2] == "to" && words[det - 1].chars().all(char::is_alphabetic)
    }

    /// The events a reading tells: one per subject. A hedged one ("expected
    /// to start trading on Dec. 30") is dated by its telling, not by the
    /// date it aims at.
    fn events(&self, s: &Sentence, r: &Candidate, kind: usize, hedged: bool) -> Vec<Event> {
        let ty = &self.lex.types[kind];
        let Parties {
            subjects,
            by_anaphor,
            agent,
        } = self.parties(s, r, ty);
        if subjects.is_empty() {
            return Vec::new();
        }
        let near = s.mentions_near(r.hit.start);
        // Whoever tells the event ("the ministry said ... the ban") is not
        // its actor.
        let actors: Vec<&Mention> = near
            .iter()
            .copied()
            .filter(|m| !self.tells(s, m, r.hit.start))
            .collect();
        let pick = |k: Kind| nearest(&actors, r.hit.start, &r.clause, k).map(|m| self.name(m));
        // A company doing it ("A agreed to buy X") before any agency near.
        // An event needs a subject that is not its own actor: "X acquires
        // X" is a misreading, of what is acted on when it must be named.
        let same = |a: &String| subjects.iter().any(|s| fold(s) == fold(a));
        if ty.strict && agent.as_ref().is_some_and(same) && subjects.len() == 1 {
            return Vec::new();
        }
        let actor = if ty.roles.actor {
            agent
                .filter(|a| !same(a))
                .or_else(|| pick(Kind::Agency).filter(|a| !same(a)))
                .or_else(|| self.agency_by_description(s, r).filter(|a| !same(a)))
        } else {
            None
        };
        let list = if ty.roles.list { pick(Kind::Law) } else { None };
        let mut money: Vec<String> = Vec::new();
        if ty.roles.money {
            for m in near {
                if m.kind == Kind::Money && within(&m.span, &r.clause) {
                    if let Some(v) = m.attrs.value.clone().filter(|v| !money.contains(v)) {
                        money.push(v);
                    }
                }
            }
        }
        let parties: Vec<&str> = subjects
            .iter()
            .map(String::as_str)
            .chain(actor.as_deref())
            .collect();
        let doc = self.ctx.doc;
        let reported = doc.anchor_at(r.hit.start);
        // "its offer", "X's tender offer": an event already known.
        let determiner = if r.trigger.noun {
            self.determiner(s, &r.hit)
        } else {
            Determiner::New
        };
        let given = determiner != Determiner::New;
        // A date dates someone's known event only next to it ("its filing
        // on Sunday"); elsewhere in the clause it dates the clause's news
        // ("filed yesterday ... for Texaco's takeover of Getty"). Nor does
        // what a speaker says after it date a known event ("a dispute over
        // the acquisition of Getty, said he expected a challenge this
        // week").
        // A statement is dated by a date before its verb ("Last night the
        // company urged") or right after it ("said on Saturday"); one
        // further on dates what it says ("said its board met on March 26").
        let date_scope = match determiner {
            _ if ty.own_date => r.clause.start..self.around(&r.hit, &r.clause).end,
            Determiner::Possessive => self.around(&r.hit, &r.clause),
            Determiner::Definite => r.clause.start..self.reporting_after(s, r),
            Determiner::New => r.clause.clone(),
        };
        let (date, basis) = match self.date(s, &r.hit, &date_scope, &parties, hedged) {
            Some((value, basis)) => (Some(value), basis),
            None => match reported {
                // "X said it has started a tender offer": a party's own
                // news, told the day the report came out.
                Some(d) if !given && self.told_by_party(s, &r.hit, &parties) => {
                    (Some(d.to_string()), DateBasis::Announced)
                }
                Some(d) => (Some(d.to_string()), DateBasis::Publication),
                None => (None, DateBasis::None),
            },
        };
        let mut confidence = match basis {
            DateBasis::Explicit => 0.9,
            DateBasis::Announced => 0.8,
            DateBasis::ReportedSpeech => 0.6,
            DateBasis::Publication => 0.4,
            DateBasis::None => 0.3,
        };
        if by_anaphor {
            confidence *= 0.8;
        }
        if given && !basis.is_point() {
            confidence *= GIVEN_TRUST;
        }
        if basis != DateBasis::None && self.date_rests_on_document_anchor(s, r, basis) {
            confidence *= anchor_trust(doc);
        }
        let text = self.ctx.text();
        let evidence = evidence_span(text, &s.span, r.hit.start);
        let region = doc.region_at(r.hit.start);
        let via = region
            .filter(|g| g.published.is_some())
            .and_then(|g| g.publisher.clone());
        let also = |me: &String| {
            if ty.roles.also_affected {
                subjects.iter().filter(|o| *o != me).cloned().collect()
            } else {
                Vec::new()
            }
        };
        subjects
            .iter()
            .map(|subject| Event {
                kind: ty.name.clone(),
                date: date.clone(),
                date_basis: basis.as_str().to_string(),
                reported: reported.map(|d| d.to_string()),
                via: via.clone(),
                subject: subject.clone(),
                actor: actor.clone(),
                money: money.clone(),
                list: list.clone(),
                also_affected: also(subject),
                detail: Some(text[r.hit.start..r.hit.end].to_string()),
                confidence,
                evidence: Evidence {
                    start: evidence.start,
                    end: evidence.end,
                    text: text[evidence.clone()].to_string(),
                },
            })
            .collect()
    }

    /// Whether the event's date was worked out from the document's own
    /// publication date (and so is only as sure as that date).
    fn date_rests_on_document_anchor(&self, s: &Sentence, r: &Candidate, basis: DateBasis) -> bool {
        let doc = self.ctx.doc;
        let in_related = doc
            .region_at(r.hit.start)
            .is_some_and(|g| g.published.is_some());
        if in_related {
            return false;
        }
        basis == DateBasis::Publication
            || s.mentions_near(r.hit.start)
                .iter()
                .any(|m| m.kind == Kind::Date && m.attrs.anchor.as_deref() == Some("publication"))
    }

    /// The companies the event is about: by name, or through "the
    /// company"/"its" (the story's main company). For types acting on their
    /// subject ("A agreed to buy X", "the Treasury added X"), the company
    /// doing it is returned as the agent; "X was fined by" reads back.
    fn parties(&self, s: &Sentence, r: &Candidate, ty: &EventType) -> Parties {
        let near = s.mentions_near(r.hit.start);
        // Companies; for a type any party may be (a response), any name of
        // a company, agency, organization or person.
        let subject_kind = |k: Kind| {
            k == Kind::Company
                || (ty.any_party && matches!(k, Kind::Agency | Kind::Organization | Kind::Person))
        };
        let companies = || near.iter().copied().filter(|m| subject_kind(m.kind));
        let in_clause: Vec<&Mention> = companies().filter(|m| within(&m.span, &r.clause)).collect();
        let before = |m: &&Mention| m.span.end <= r.hit.start;
        let in_sentence = |m: &&Mention| within(&m.span, &s.span);
        let first_after = in_clause.iter().copied().find(|m| !before(m));
        let last_before = in_clause.iter().copied().rfind(before);
        let named = |ms: &[&Mention], agent: Option<&Mention>| {
            let mut subjects: Vec<String> = Vec::new();
            for m in ms {
                let n = self.name(m);
                if !subjects.contains(&n) {
                    subjects.push(n);
                }
            }
            Parties {
                subjects,
                by_anaphor: false,
                agent: agent.map(|m| self.name(m)),
            }
        };
        let anaphoric = |agent: Option<&Mention>| {
            let anaphor = s
                .hits_near(r.hit.start)
                .iter()
                .any(|h| within(&(h.start..h.end), &r.clause) && self.is(h, WordClass::Anaphor));
            match self.referent(s).filter(|_| anaphor) {
                Some(name) => Parties {
                    subjects: vec![name],
                    by_anaphor: true,
                    agent: agent.map(|m| self.name(m)),
                },
                None => named(&[], None),
            }
        };
        if ty.each && !in_clause.is_empty() {
            return named(&in_clause, None);
        }
        // A statement is its speaker's: the subject of the trigger's
        // clause, not a name the statement is about.
        if ty.response {
            let speaker = self
                .clause_subject(s, r.clause.start, r.hit.start, r.hit.start)
                .filter(|m| subject_kind(m.kind));
            if let Some(m) = speaker {
                return named(&[m], None);
            }
        }
        let reading = r.trigger.reading;
        let agent = reading == Some(Reading::Agent) || (ty.agent && reading.is_none());
        let object = reading == Some(Reading::Object) || (ty.object && reading.is_none());
        // "X, controlled by Y, said it started ...": the teller does it.
        let doer = self
            .speaker_of_anaphor(s, r)
            .filter(|m| subject_kind(m.kind));
        // The company heading the clause does or undergoes it, not one named
        // inside its phrase ("X, backed by Y, pulled its IPO"); a company
        // before a reporting word only tells it ("Y said X pulled").
        let told_after = |from: usize| {
            s.hits_near(r.hit.start)
                .iter()
                .filter(|h| h.start >= from && h.end <= r.hit.start)
                .filter(|h| self.is(h, WordClass::Reporting))
                .map(|h| h.end)
                .fold(from, usize::max)
        };
        let heading = self
            .clause_subject(s, told_after(r.clause.start), r.hit.start, r.hit.start)
            .filter(|m| subject_kind(m.kind) && within(&m.span, &r.clause))
            .or_else(|| {
                // "X, which is backed by Y, pulled its IPO": no company in
                // the trigger's own clause before it, whose verb goes back
                // to the sentence's subject, past the clauses set apart.
                if last_before.is_some() {
                    return None;
                }
                let from = told_after(s.span.start);
                self.clause_subject(s, from, r.clause.start, r.hit.start)
                    .filter(|m| subject_kind(m.kind))
            });
        let last_before = doer.or(heading).or(last_before);
        if agent {
            // "X raised ..., led by Y": X does it, Y is the actor.
            return match last_before.or_else(|| companies().filter(in_sentence).rfind(before)) {
                Some(m) => named(&[m], first_after),
                None => anaphoric(first_after),
            };
        }
        if object {
            let by = self.followed_by_by(r);
            let acted_on = first_after.filter(|m| {
                self.words_between(r.hit.end, m.span.start)
                    .is_some_and(|w| w <= OBJECT_WORDS)
                    && !(ty.whole && self.part_of(s, r, m))
                    && (!r.trigger.noun || self.object_of_noun(r, m))
            });
            // "a tender offer announced by Y", "the offer ... launched this
            // morning by Y": the by-phrase after a noun names who does it.
            let by_agent = if r.trigger.noun {
                self.agent_after_by(s, r)
            } else {
                None
            };
            if let Some(doer) = by_agent {
                let target = acted_on
                    .filter(|m| m.span != doer.span)
                    .or(last_before.filter(|m| m.span.end <= r.hit.start));
                let subjects: Vec<String> = match target {
                    Some(m) => vec![self.name(m)],
                    None => self.referent(s).into_iter().collect(),
                };
                let doer_name = self.name(doer);
                return Parties {
                    subjects: subjects
                        .into_iter()
                        .filter(|n| fold(n) != fold(&doer_name))
                        .collect(),
                    by_anaphor: target.is_none(),
                    agent: Some(doer_name),
                };
            }
            let passive = self.is_passive(s, r);
            if by && !passive && !r.trigger.noun && self.modifies_a_common_noun(r, last_before) {
                // "a buyer approved by the Department": the participle
                // tells of the noun before it, no company.
                return named(&[], None);
            }
            if by || passive {
                if let Some(m) = last_before {
                    return named(&[m], first_after.filter(|_| by));
                }
            } else if let Some(m) = acted_on {
                return named(&[m], last_before);
            } else if let Some(m) = last_before.filter(|m| self.possesses(m, &r.hit)) {
                // "Waste Management's tender offer": the possessor does it,
                // to the company the story is about.
                let doer = self.name(m);
                let subjects: Vec<String> = self
                    .referent(s)
                    .filter(|n| fold(n) != fold(&doer))
                    .into_iter()
                    .collect();
                return Parties {
                    subjects,
                    by_anaphor: true,
                    agent: Some(doer),
                };
            } else if ty.strict {
                // "Microsoft completed its purchase": whose purchase is
                // clear, of what is not.
                return named(&[], None);
            }
        }
        let choice = last_before
            .or(first_after)
            .or_else(|| companies().filter(in_sentence).rfind(before));
        if let Some(m) = choice {
            return named(&[m], None);
        }
        let fallback = anaphoric(None);
        if !fallback.subjects.is_empty() {
            return fallback;
        }
        let later: Vec<&Mention> = companies()
            .filter(in_sentence)
            .find(|m| !before(m))
            .into_iter()
            .collect();
        named(&later, None)
    }

    /// "a buyer approved by", "shares acquired by": a verb trigger right
    /// after a lower-case word other than an auxiliary or adverb (a
    /// participle after its noun), with no company named right before it.
    fn modifies_a_common_noun(&self, r: &Candidate, last_before: Option<&Mention>) -> bool {
        let text = self.ctx.text();
        let before = &text[r.clause.start.min(r.hit.start)..r.hit.start];
        let Some(word) = before.split_whitespace().last() else {
            return false;
        };
        let adjacent_name = last_before.is_some_and(|m| {
            text[m.span.end..r.hit.start]
                .trim_start_matches(|c: char| !c.is_whitespace())
                .trim()
                .is_empty()
        });
        !adjacent_name
            && word.chars().all(|c| c.is_lowercase())
            && !word.ends_with("ly")
            && !self.lex.is_word(word, WordClass::Passive)
            && !self.lex.is_word(word, WordClass::Hedge)
    }

    /// "Britain's competition regulator on Wednesday blocked ...": a
    /// description of an agency before the trigger in its clause stands
    /// for the agency the document names most.
    fn agency_by_description(&self, s: &Sentence, r: &Candidate) -> Option<String> {
        let described = s.hits_near(r.hit.start).iter().any(|h| {
            h.start >= r.clause.start
                && h.end <= r.hit.start
                && self.is(h, WordClass::AgencyAnaphor)
        });
        described.then(|| self.main_agency.clone()).flatten()
    }

    /// Where the trigger's clause ends or, before that, a reporting word
    /// after the trigger opens what someone says.
    fn reporting_after(&self, s: &Sentence, r: &Candidate) -> usize {
        s.hits_near(r.hit.start)
            .iter()
            .filter(|h| h.start >= r.hit.end && h.end <= r.clause.end)
            .find(|h| self.is(h, WordClass::Reporting))
            .map_or(r.clause.end, |h| h.start)
    }

    /// A noun takes what it acts on through a preposition ("the
    /// acquisition of X", "its offer for X"); a name right after it opens
    /// a clause about it instead ("the largest acquisition X has made": X
    /// made it).
    fn object_of_noun(&self, r: &Candidate, m: &Mention) -> bool {
        let text = self.ctx.text();
        text.get(r.hit.end..m.span.start).is_some_and(|between| {
            let last = between
                .split(|c: char| !c.is_alphanumeric() && c != '\'')
                .rfind(|w| self.lex.is_word(w, WordClass::Preposition));
            last.is_some_and(|w| !is_source(w))
        })
    }

    /// "X was fined by Y": the trigger followed by "by".
    fn followed_by_by(&self, r: &Candidate) -> bool {
        self.ctx.text()[r.hit.end..]
            .trim_start()
            .get(..3)
            .is_some_and(|w| w.eq_ignore_ascii_case("by "))
    }

    /// "X, controlled by Y and Z, said it has started ...": who "it" is,
    /// the teller of the reporting word before the trigger, the first name
    /// of its clause (not one after a preposition: "In a letter to Y, X
    /// said"); appositions and participles come after it.
    fn speaker_of_anaphor<'s>(&self, s: &'s Sentence, r: &Candidate) -> Option<&'s Mention> {
        let hits = s.hits_near(r.hit.start);
        let said = hits.iter().rfind(|h| {
            h.end <= r.hit.start && h.start >= s.span.start && self.is(h, WordClass::Reporting)
        })?;
        // "said it", "said the company": a subject; "said its board" is
        // the board's.
        let text = self.ctx.text();
        let anaphor = hits.iter().any(|h| {
            let word = text[h.start..h.end].to_lowercase();
            h.start >= said.end
                && h.end <= r.hit.start
                && self.is(h, WordClass::Anaphor)
                && word != "its"
                && !word.ends_with("'s")
                && !word.ends_with("’s")
                && self
                    .words_between(said.end, h.start)
                    .is_some_and(|w| w <= 1)
        });
        if !anaphor {
            return None;
        }
        self.clause_subject(s, s.clause(said.start).start, said.start, r.hit.start)
    }

    /// The grammatical subject of a clause, up to `until`: its first name
    /// that does not follow a preposition ("In a letter to Y, X said";
    /// "The Treasury on Friday barred Americans from investing in X,
    /// accusing ...": the Treasury accuses).
    fn clause_subject<'s>(
        &self,
        s: &'s Sentence,
        from: usize,
        until: usize,
        near: usize,
    ) -> Option<&'s Mention> {
        let text = self.ctx.text();
        let after_preposition = |m: &Mention| {
            text[s.span.start.min(m.span.start)..m.span.start]
                .split_whitespace()
                .last()
                .is_some_and(|w| self.lex.is_word(w, WordClass::Preposition))
        };
        s.mentions_near(near)
            .iter()
            .copied()
            .filter(|m| {
                m.span.start >= from
                    && m.span.end <= until
                    && matches!(
                        m.kind,
                        Kind::Company | Kind::Agency | Kind::Organization | Kind::Person
                    )
            })
            .find(|m| !after_preposition(m))
    }

    /// "bought 9.9 pct of X", "acquired 882,507 shares of X": a part of
    /// the company stands between the trigger and its name (but "all
    /// outstanding shares of X" is the whole of it).
    fn part_of(&self, s: &Sentence, r: &Candidate, company: &Mention) -> bool {
        let text = self.ctx.text();
        let whole = text[r.hit.end..company.span.start]
            .split_whitespace()
            .any(|w| w.eq_ignore_ascii_case("all"));
        !whole
            && s.hits_near(r.hit.start).iter().any(|h| {
                h.start >= r.hit.end
                    && h.end <= company.span.start
                    && self.is(h, WordClass::Partitive)
            })
    }

    /// The company right after a "by" or "from" within a few words after
    /// a noun trigger, with no other company between.
    fn agent_after_by<'s>(&self, s: &'s Sentence, r: &Candidate) -> Option<&'s Mention> {
        let text = self.ctx.text();
        let clause_end = r.clause.end.min(text.len());
        let after = &text[r.hit.end..clause_end];
        let mut offset = 0;
        for (i, word) in after.split_whitespace().enumerate() {
            if i > DETERMINER_WORDS {
                return None;
            }
            let at = r.hit.end + offset + after[offset..].find(word).unwrap_or(0);
            offset = at + word.len() - r.hit.end;
            if is_source(word) {
                return s
                    .mentions_near(r.hit.start)
                    .iter()
                    .copied()
                    .find(|m| m.span.start >= at + word.len() && m.span.end <= clause_end)
                    .filter(|m| {
                        self.words_between(at + word.len(), m.span.start)
                            .is_some_and(|w| w <= 1)
                            && matches!(m.kind, Kind::Company | Kind::Agency | Kind::Organization)
                    });
            }
        }
        None
    }

    /// A few words each side of a trigger, within its clause.
    fn around(&self, trigger: &Hit, clause: &Range<usize>) -> Range<usize> {
        let text = self.ctx.text();
        let mut start = trigger.start;
        for _ in 0..NEXT_TO_WORDS {
            let before = text[clause.start.min(start)..start].trim_end();
            match before.rfind(char::is_whitespace) {
                Some(i) => start = clause.start + i,
                None => {
                    start = clause.start.min(start);
                    break;
                }
            }
        }
        let mut end = trigger.end;
        for _ in 0..NEXT_TO_WORDS + 2 {
            let after = &text[end..clause.end.max(end)];
            let skipped = after.len() - after.trim_start().len();
            match after[skipped..].find(char::is_whitespace) {
                Some(i) => end += skipped + i,
                None => {
                    end = clause.end.max(end);
                    break;
                }
            }
        }
        start..end
    }

    /// "X's offer", "X Inc's 27 dlr-per-share tender offer": the name is
    /// the possessor of the noun phrase the trigger heads.
    fn possesses(&self, m: &Mention, trigger: &Hit) -> bool {
        let text = self.ctx.text();
        let rest = &text[m.span.end..trigger.start];
        // A comma or a colon closes the possessor's phrase ("X's net cash,
        // and is the largest acquisition").
        ["'s", "’s", "' ", "’ "].iter().any(|p| rest.starts_with(p))
            && !rest.contains([',', ';', ':', '(', ')'])
            && self
                .words_between(m.span.end, trigger.start)
                .is_some_and(|w| w <= DETERMINER_WORDS)
    }

    /// Whether a noun trigger's determiner makes it a thing already known
    /// ("its offer", "the merger", "Waste's offer") rather than news ("a
    /// tender offer"). The nearest determiner before it decides; "a" after
    /// an amount is a rate ("27 dlrs a share"), no determiner.
    fn determiner(&self, s: &Sentence, trigger: &Hit) -> Determiner {
        let text = self.ctx.text();
        let from = s.clause(trigger.start).start.max(s.span.start);
        let words: Vec<&str> = text[from..trigger.start]
            .split(|c: char| c.is_whitespace() || c == '(' || c == ')' || c == ',')
            .filter(|w| !w.is_empty())
            .collect();
        let first = words.len().saturating_sub(DETERMINER_WORDS);
        for (i, w) in words.iter().enumerate().skip(first).rev() {
            let previous = i.checked_sub(1).map_or("", |p| words[p]);
            let lower = w.to_lowercase();
            if lower.ends_with("'s") || lower.ends_with("’s") {
                return Determiner::Possessive;
            }
            if lower == "a" || lower == "an" {
                let after_amount = {
                    let before = previous.to_lowercase();
                    before.chars().any(|c| c.is_ascii_digit())
                        || [
                            "dlr", "dlrs", "cts", "pct", "mln", "billion", "dollars", "cents",
                        ]
                        .contains(&before.as_str())
                };
                if after_amount {
                    continue;
                }
                return Determiner::New;
            }
            if self.lex.is_word(w, WordClass::Given) {
                // "began its tender offer": known, but starting now.
                if self.lex.is_word(previous, WordClass::Inception) {
                    return Determiner::New;
                }
                return if ["its", "their", "his", "her"].contains(&lower.as_str()) {
                    Determiner::Possessive
                } else {
                    Determiner::Definite
                };
            }
        }
        Determiner::New
    }

    /// "X said it has started ...", "the company said it amended ...": a
    /// reporting word before the trigger in its sentence whose teller is a
    /// party of the event.
    fn told_by_party(&self, s: &Sentence, trigger: &Hit, parties: &[&str]) -> bool {
        s.hits_near(trigger.start)
            .iter()
            .rfind(|h| {
                h.end <= trigger.start
                    && h.start >= s.span.start
                    && self.is(h, WordClass::Reporting)
            })
            .is_some_and(|h| {
                let subject = self.clause_subject(s, s.clause(h.start).start, h.start, h.start);
                subject.is_some_and(|m| self.is_party(m, parties))
                    || self.teller_is_party(s, h, parties)
            })
    }

    /// "X was added", "X has been fined": a form of "be" right before.
    fn is_passive(&self, s: &Sentence, r: &Candidate) -> bool {
        s.hits_near(r.hit.start).iter().any(|h| {
            h.end <= r.hit.start
                && self.is(h, WordClass::Passive)
                && self
                    .words_between(h.end, r.hit.start)
                    .is_some_and(|w| w <= 1)
        })
    }

    /// Whom "the company" or "its" stands for: the company named last in
    /// the sentences just before, else the story's main company.
    fn referent(&self, s: &Sentence) -> Option<String> {
        let first = s.index.saturating_sub(REFERENT_SENTENCES);
        let from = self.ctx.sentences[first].start;
        let i = self
            .mentions
            .partition_point(|m| m.span.start < s.span.start);
        self.mentions[..i]
            .iter()
            .rev()
            .take_while(|m| m.span.start >= from)
            .find(|m| m.kind == Kind::Company)
            .map(|m| self.name(m))
            .or_else(|| self.main_company.clone())
    }

    /// The event's date: a date of its own clause, else the date it was told
    /// ("the company said Monday", "Last year, X reported that ...").
    /// `parties` are the subject and actor: when one of them is the teller,
    /// the telling is the event ("announced").
    fn date(
        &self,
        s: &Sentence,
        trigger: &Hit,
        clause: &Range<usize>,
        parties: &[&str],
        hedged: bool,
    ) -> Option<(String, DateBasis)> {
        let mut own: Option<(usize, &Mention)> = None;
        let mut told: Option<(usize, &Mention, Hit)> = None;
        for m in s.mentions_near(trigger.start) {
            if m.kind != Kind::Date || !within(&m.span, &s.span) || !is_calendar_date(m) {
                continue;
            }
            // "three weeks after the exchange approved": the approval's date.
            if trigger.start < m.span.end && self.points_forward(s, m) {
                continue;
            }
            let distance = m.span.start.abs_diff(trigger.start);
            match self.telling(s, m) {
                // The date of a response ("rejected on Saturday the decision
                // to bar") is the response's alone.
                Some((r, true)) if r.start != trigger.start => {}
                Some((r, false)) if r.start != trigger.start => {
                    let governs = r.start < trigger.start || clause.contains(&r.start);
                    if governs && told.map_or(true, |(d, _, _)| distance < d) {
                        told = Some((distance, m, r));
                    }
                }
                _ => {
                    let ours =
                        !hedged && (within(&m.span, clause) || self.heads_relative(s, m, clause));
                    if ours && own.map_or(true, |(d, _)| distance < d) {
                        own = Some((distance, m));
                    }
                }
            }
        }
        if let Some((_, m)) = own {
            return Some((calendar_value(m), DateBasis::Explicit));
        }
        let (_, m, r) = told?;
        let basis = if self.teller_is_party(s, &r, parties) {
            DateBasis::Announced
        } else {
            DateBasis::ReportedSpeech
        };
        Some((calendar_value(m), basis))
    }

    /// Whether a reporting word stands between a name and a trigger after
    /// it: the name tells the event.
    fn tells(&self, s: &Sentence, m: &Mention, trigger: usize) -> bool {
        m.span.end <= trigger
            && s.hits_near(trigger).iter().any(|h| {
                m.span.end <= h.start && h.start < trigger && self.is(h, WordClass::Reporting)
            })
    }

    /// A date ending in "after", "before" ...: it dates what follows.
    fn points_forward(&self, s: &Sentence, date: &Mention) -> bool {
        s.hits_near(date.span.end)
            .iter()
            .any(|h| h.end == date.span.end && self.is(h, WordClass::Forward))
    }

    /// "a meeting on Monday at which regulators summoned ...": the date
    /// of the noun a relative clause hangs on dates the clause.
    fn heads_relative(&self, s: &Sentence, date: &Mention, clause: &Range<usize>) -> bool {
        let opens_relative = s
            .hits_near(clause.start)
            .iter()
            .any(|h| h.start == clause.start && self.is(h, WordClass::Relative));
        opens_relative
            && date.span.end <= clause.start
            && self
                .words_between(date.span.end, clause.start)
                .is_some_and(|w| w <= 1)
    }

    /// The reporting word a date belongs to: "said on Friday", "a report by
    /// Bloomberg on Monday", "Last year, Tech Times reported".
    fn telling(&self, s: &Sentence, date: &Mention) -> Option<(Hit, bool)> {
        s.hits_near(date.span.start)
            .iter()
            .filter_map(|h| {
                let response = self.is_response(h);
                (response || self.is(h, WordClass::Reporting)).then_some((*h, response))
            })
            .filter(|(h, _)| {
                // "said on Friday", "today welcomed"; or a date opening its
                // clause before its teller: "Last year, Tech Times reported"
                // (while in "... trading on Dec. 30, the company said" the
                // date is the clause's own).
                if h.end <= date.span.start {
                    return self
                        .words_between(h.end, date.span.start)
                        .is_some_and(|w| w <= TELLING_WORDS);
                }
                let Some(gap) = self.words_between(date.span.end, h.start) else {
                    return false;
                };
                let opens = s.clause(date.span.start).start;
                let opening = self
                    .words_between(opens, date.span.start)
                    .is_some_and(|w| w <= 1);
                let touching = gap == 0 && !self.ctx.text()[date.span.end..h.start].contains(',');
                h.start >= date.span.end && (touching || (opening && gap <= TELLING_WORDS))
            })
            .min_by_key(|(h, _)| h.start.abs_diff(date.span.start))
    }

    /// A response's own word ("rejected", "hit back"), not a mere telling.
    fn is_response(&self, h: &Hit) -> bool {
        self.lex.tags(h).iter().any(|t| match *t {
            Tag::Trigger(i) => {
                let trigger = self.lex.triggers[i];
                self.lex.types[trigger.kind].response && trigger.reading != Some(Reading::Telling)
            }
            _ => false,
        })
    }

    /// Whether whoever speaks through `telling` is a party of the event: a
    /// subject or actor by name, or "the company"/"it". The teller stands
    /// just before the reporting word ("the company said"), else just after
    /// it ("said the company", "a report by Bloomberg").
    fn teller_is_party(&self, s: &Sentence, telling: &Hit, parties: &[&str]) -> bool {
        let clause = s.clause(telling.start);
        let close =
            |a: usize, b: usize, words: usize| self.words_between(a, b).is_some_and(|w| w <= words);
        let speaker =
            |m: &&&Mention| m.kind.is_name() && !matches!(m.kind, Kind::Law | Kind::Place);
        let near = s.mentions_near(telling.start);
        let named_before = near.iter().filter(speaker).rfind(|m| {
            m.span.end <= telling.start
                && m.span.start >= clause.start
                && close(m.span.end, telling.start, 6)
        });
        let anaphor_before = s.hits_near(telling.start).iter().rfind(|h| {
            self.is(h, WordClass::Anaphor)
                && h.end <= telling.start
                && h.start >= clause.start
                && close(h.end, telling.start, 6)
        });
        match (named_before, anaphor_before) {
            (_, Some(a)) if named_before.map_or(true, |m| m.span.end <= a.end) => return true,
            (Some(m), _) => return self.is_party(m, parties),
            _ => {}
        }
        near.iter()
            .filter(speaker)
            .find(|m| m.span.start >= telling.end && close(telling.end, m.span.start, 2))
            .is_some_and(|m| self.is_party(m, parties))
    }

    fn is_party(&self, m: &Mention, parties: &[&str]) -> bool {
        matches!(m.kind, Kind::Company | Kind::Agency)
            && parties.iter().any(|p| fold(p) == fold(&self.name(m)))
    }
}

/// The company the story is about: the one named most often.
fn main_company(entities: &[Entity]) -> Option<String> {
    main_of_kind(entities, Kind::Company)
}

/// The entity of a kind the document names most (the first of a tie).
fn main_of_kind(entities: &[Entity], kind: Kind) -> Option<String> {
    let mut best: Option<&Entity> = None;
    for e in entities.iter().filter(|e| e.kind == kind) {
        if best.map_or(true, |b| e.mentions > b.mentions) {
            best = Some(e);
        }
    }
    best.map(|e| e.name.clone())
}

/// How far an event dated from the document's own publication date can be
/// trusted: an inferred date less than a given one, a borrowed one less still.
fn anchor_trust(doc: &crate::model::Document) -> f32 {
    match doc.published.source {
        DateSource::Inferred if super::borrow::is_borrowed(&doc.published) => 0.6,
        DateSource::Inferred => 0.8,
        _ => 1.0,
    }
}

/// The mention of `kind` in the clause nearest to `pos`.
/// "an offer by X", "an offer from X": the word after a noun that names
/// who does it rather than what it acts on.
fn is_source(word: &str) -> bool {
    word.eq_ignore_ascii_case("by") || word.eq_ignore_ascii_case("from")
}

fn nearest<'a>(
    near: &'a [&'a Mention],
    pos: usize,
    clause: &Range<usize>,
    kind: Kind,
) -> Option<&'a &'a Mention> {
    near.iter()
        .filter(|m| m.kind == kind && within(&m.span, clause))
        .min_by_key(|m| m.span.start.abs_diff(pos))
}

/// The sentence, or in a sentence that never ends the stretch of `REACH`
/// bytes each side of the trigger (on character boundaries).
fn evidence_span(text: &str, sentence: &Range<usize>, at: usize) -> Range<usize> {
    if sentence.len() <= 4 * REACH {
        return sentence.clone();
    }
    let mut start = at.saturating_sub(REACH).max(sentence.start);
    while !text.is_char_boundary(start) {
        start += 1;
    }
    let mut end = (at + REACH).min(sentence.end);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    start..end
}

/// The stretch of `span` between the cuts around `pos`.
fn between(cuts: &[usize], span: &Range<usize>, pos: usize) -> Range<usize> {
    let i = cuts.partition_point(|&b| b <= pos);
    let start = if i == 0 { span.start } else { cuts[i - 1] };
    let end = cuts.get(i).copied().unwrap_or(span.end);
    start..end
}

fn within(inner: &Range<usize>, outer: &Range<usize>) -> bool {
    outer.start <= inner.start && inner.end <= outer.end
}

/// A date mention with a calendar value (not a duration, a set, or an
/// unresolved weekday).
fn is_calendar_date(m: &Mention) -> bool {
    let typed = m
        .attrs
        .timex_type
        .as_deref()
        .map_or(true, |t| t == "DATE" || t == "TIME");
    typed && m.attrs.value.as_deref().and_then(Period::parse).is_some()
}

fn calendar_value(m: &Mention) -> String {
    let v = m.attrs.value.as_deref().unwrap_or_default();
    v.split('T').next().unwrap_or(v).to_string()
}

/// Words in `text[a..b]`, or `None` when there are more than `limit`.
fn words_between(text: &str, a: usize, b: usize, limit: usize) -> Option<usize> {
    if a > b || b > text.len() {
        return None;
    }
    let mut words = 0;
    let mut in_word = false;
    for &byte in &text.as_bytes()[a..b] {
        let word = byte.is_ascii_alphanumeric() || byte >= 0x80;
        if word && !in_word {
            words += 1;
            if words > limit {
                return None;
            }
        }
        in_word = word || (in_word && (byte == b'\'' || byte == b'-' || byte == b'.'));
    }
    Some(words)
}

/// "In the October 2019 Final Rule where this addition took place": the
/// date belongs to the event told just before; refine it when it agrees.
fn resolve_references(found: &mut [Found], references: &[Reference], ctx: &Context) {
    for r in references {
        let Some(period) = Period::parse(&r.date) else {
            continue;
        };
        let lo = found.partition_point(|f| f.sentence + REFERENCE_SENTENCES < r.sentence);
        let hi = found.partition_point(|f| f.sentence < r.sentence);
        let antecedent = found[lo..hi.max(lo)]
            .iter_mut()
            .rev()
            .find(|f| f.kind == r.kind);
        let Some(f) = antecedent else { continue };
        let basis = DateBasis::parse(&f.event.date_basis);
        let current = f.event.date.as_deref().and_then(Period::parse);
        let refines = match current {
            Some(p) if basis.is_point() => p.contains(&period) && p != period,
            _ => true,
        };
        if !refines {
            continue;
        }
        let end = ctx.sentences[r.sentence].end;
        f.event.date = Some(r.date.clone());
        f.event.date_basis = DateBasis::Explicit.as_str().to_string();
        f.event.confidence = f.event.confidence.max(0.9);
        f.event.evidence.end = end;
        f.event.evidence.text = ctx.text()[f.event.evidence.start..end].to_string();
    }
}

/// Document-level checks: responses need a date of their own; undated plans
/// are background when the document tells what became of them.
fn settle_document(found: Vec<Found>, lex: &EventLexicon) -> Vec<Event> {
    let dated = |f: &Found| DateBasis::parse(&f.event.date_basis).is_point();
    let kept: Vec<&Found> = found
        .iter()
        .filter(|f| !lex.types[f.kind].own_date || dated(f))
        .collect();
    let told: HashSet<(usize, &str)> = kept
        .iter()
        .map(|f| (f.kind, f.event.subject.as_str()))
        .collect();
    let superseded = |f: &Found| {
        !dated(f)
            && lex.types[f.kind]
                .superseded_by
                .iter()
                .any(|&o| told.contains(&(o, f.event.subject.as_str())))
    };
    kept.iter()
        .filter(|f| !superseded(f))
        .map(|f| f.event.clone())
        .collect()
}
