//! Marking page furniture (copyright lines, bylines, share bars) and photo
//! captions as regions, so their mentions are reported but never used as
//! facts. The text itself is left as it is: offsets stay exact.

use super::{data_lines, line_spans, trim, trim_end, trim_start};
use crate::model::{Document, Region, Role};
use aho_corasick::{AhoCorasick, MatchKind};

const FURNITURE: &str = include_str!("../../data/furniture.tsv");

#[derive(Clone, Copy, PartialEq, Eq)]
enum Match {
    Line,
    Prefix,
    Contains,
    /// The prefix followed by what reads like names ("By Jane Doe, Reuters"),
    /// so that a sentence opening with "By" is not taken for a byline.
    Byline,
}

/// Line rules from `data/furniture.tsv`.
pub struct FurnitureRules {
    rules: Vec<(Role, Match, String)>,
    /// All `contains` texts in one automaton: most lines hold none, and
    /// one scan tells so.
    contains: AhoCorasick,
    /// For each byte, the `line`, `prefix` and `byline` rules a line opening
    /// with it may match, in file order: most lines open none of them.
    by_first: Vec<Vec<usize>>,
}

impl FurnitureRules {
    pub fn builtin() -> Self {
        Self::parse(FURNITURE).expect("built-in furniture.tsv is valid")
    }

    pub fn parse(tsv: &str) -> Result<Self, String> {
        let mut rules = Vec::new();
        for line in data_lines(tsv) {
            let mut cols = line.split('\t');
            let (Some(role), Some(how), Some(text)) = (cols.next(), cols.next(), cols.next())
            else {
                return Err(format!("furniture rule needs three columns: {line:?}"));
            };
            let role = match role {
                "furniture" => Role::Furniture,
                "caption" => Role::Caption,
                other => return Err(format!("unknown furniture role {other:?}")),
            };
            let how = match how {
                "line" => Match::Line,
                "prefix" => Match::Prefix,
                "contains" => Match::Contains,
                "byline" => Match::Byline,
                other => return Err(format!("unknown furniture match {other:?}")),
            };
            let text = if how == Match::Line {
                text.to_lowercase()
            } else {
                text.to_string()
            };
            rules.push((role, how, text));
        }
        let mut by_first = vec![Vec::new(); 256];
        for (i, (_, how, text)) in rules.iter().enumerate() {
            let b = text.as_bytes().first().copied().unwrap_or(0);
            match how {
                Match::Contains => {}
                // Whole-line rules ignore case; a non-ASCII line may lower
                // to any text.
                Match::Line => {
                    by_first[b.to_ascii_lowercase() as usize].push(i);
                    if b.is_ascii_lowercase() {
                        by_first[b.to_ascii_uppercase() as usize].push(i);
                    }
                    for list in &mut by_first[0x80..] {
                        list.push(i);
                    }
                }
                Match::Prefix | Match::Byline => by_first[b as usize].push(i),
            }
        }
        for list in &mut by_first {
            list.dedup();
        }
        let contains = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostFirst)
            .build(
                rules
                    .iter()
                    .filter(|(_, how, _)| *how == Match::Contains)
                    .map(|(_, _, text)| text),
            )
            .map_err(|e| format!("furniture contains rules: {e}"))?;
        Ok(FurnitureRules {
            rules,
            contains,
            by_first,
        })
    }

    /// The role of one line, if it is furniture or a caption: that of the
    /// first rule in file order that matches.
    pub fn classify(&self, line: &str) -> Option<Role> {
        self.classify_line(line, true)
    }

    /// `classify`, told whether the text around `line` holds any `contains`
    /// text at all (one scan of a document rather than one per line).
    fn classify_line(&self, line: &str, may_contain: bool) -> Option<Role> {
        let line = trim(line);
        if line.is_empty() {
            return None;
        }
        let first = self.by_first[line.as_bytes()[0] as usize]
            .iter()
            .copied()
            .find(|&i| {
                let (_, how, text) = &self.rules[i];
                match how {
                    Match::Line => line.len() <= 60 && same_line(line, text),
                    Match::Prefix => line.len() < 160 && line.starts_with(text.as_str()),
                    Match::Byline => {
                        line.len() < 100
                            && line
                                .strip_prefix(text.as_str())
                                .is_some_and(reads_like_names)
                    }
                    Match::Contains => false,
                }
            });
        // A `contains` rule before it wins; they are tried one by one only
        // when the automaton saw one of them.
        let before = &self.rules[..first.unwrap_or(self.rules.len())];
        let contained = (may_contain && line.len() < 600 && self.contains.is_match(line))
            .then(|| {
                before.iter().position(|(_, how, text)| {
                    *how == Match::Contains && line.contains(text.as_str())
                })
            })
            .flatten();
        contained.or(first).map(|i| self.rules[i].0)
    }
}

/// Whether `line` lowercases to `lower` (a lowercased rule text), without
/// allocating for ASCII lines.
fn same_line(line: &str, lower: &str) -> bool {
    if line.is_ascii() {
        line.eq_ignore_ascii_case(lower)
    } else {
        line.to_lowercase() == lower
    }
}

/// A short run of capitalised words that does not end like a sentence:
/// "Grace Lim", "Helen Marsh, Technology reporter", not "Friday, the firm".
fn reads_like_names(rest: &str) -> bool {
    let rest = rest.trim();
    let capitalised = |w: &str| w.starts_with(|c: char| c.is_uppercase());
    let mut words = rest.split_whitespace();
    !rest.ends_with(['.', '!', '?', ':', ';'])
        && rest.split_whitespace().count() <= 12
        && words.next().is_some_and(capitalised)
        && words.next().map_or(true, capitalised)
}

/// Add a region for every furniture or caption line of the body text.
pub fn mark_furniture(doc: &mut Document, rules: &FurnitureRules) {
    let mut found = Vec::new();
    let may_contain = rules.contains.is_match(&doc.text);
    for line in line_spans(&doc.text) {
        let start = line.start;
        let body = trim_end(&doc.text[line]);
        if doc.region_at(start).is_some() {
            continue;
        }
        if let Some(role) = rules.classify_line(body, may_contain) {
            let lead = body.len() - trim_start(body).len();
            found.push(Region::new(start + lead..start + body.len(), role));
        }
    }
    if found.is_empty() {
        return;
    }
    doc.regions.extend(found);
    doc.regions.sort_by_key(|r| r.span.start);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copyright_caption_and_byline() {
        let rules = FurnitureRules::builtin();
        assert_eq!(
            rules.classify("ⓒ 2024 EXAMPLE.com All rights reserved."),
            Some(Role::Furniture)
        );
        assert_eq!(rules.classify("Join the Discussion"), Some(Role::Furniture));
        assert_eq!(rules.classify("Written by Jane Doe"), Some(Role::Furniture));
        assert_eq!(rules.classify("By Jane Doe"), Some(Role::Furniture));
        assert_eq!(
            rules.classify("By Jane Doe, Technology reporter"),
            Some(Role::Furniture)
        );
        assert_eq!(rules.classify("BY JANE DOE"), Some(Role::Furniture));
        assert_eq!(rules.classify("By Friday, the deal had closed"), None);
        assert_eq!(rules.classify("By Monday Acme Had Sold Out."), None);
        assert_eq!(
            rules.classify("A logo on a building in Beijing. REUTERS/File Photo"),
            Some(Role::Caption)
        );
        assert_eq!(
            rules.classify("BEIJING, CHINA - MAY 01: A logo is seen. Jane Doe/Getty Images"),
            Some(Role::Caption)
        );
        assert_eq!(
            rules.classify("The company said it would list in Hong Kong."),
            None
        );
    }

    /// The rules tried one by one, in file order: what `classify` must
    /// agree with.
    fn classify_one_by_one(rules: &FurnitureRules, line: &str) -> Option<Role> {
        let line = line.trim();
        if line.is_empty() {
            return None;
        }
        let lower = (line.len() <= 60).then(|| line.to_lowercase());
        rules.rules.iter().find_map(|(role, how, text)| {
            let hit = match how {
                Match::Line => lower.as_deref() == Some(text.as_str()),
                Match::Prefix => line.len() < 160 && line.starts_with(text.as_str()),
                Match::Contains => line.len() < 600 && line.contains(text.as_str()),
                Match::Byline => {
                    line.len() < 100
                        && line
                            .strip_prefix(text.as_str())
                            .is_some_and(reads_like_names)
                }
            };
            hit.then_some(*role)
        })
    }

    #[test]
    fn same_roles_as_trying_rules_in_order() {
        let rules = FurnitureRules::builtin();
        let samples = [
            "By Jane Doe (Photo by John Smith/Getty Images)",
            "Copyright 2024 Reuters/Acme. All rights reserved",
            "COMMENTS",
            "  Read More  ",
            "Comments are closed (L) here",
            "KELVIN \u{212a}",
            "ÉMAIL",
            "A man is seen during a rally. REUTERS/Jane Doe",
        ];
        for line in samples {
            assert_eq!(
                rules.classify(line),
                classify_one_by_one(&rules, line),
                "{line:?}"
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn same_roles_on_mixed_lines(
            pieces in proptest::collection::vec(proptest::sample::select(vec![
                "By ", "BY ", "by ", "Jane", " Doe", ", ", ".", " (L) ", "(c) ", "©", "Getty Images",
                "REUTERS/", "Photo: ", "Comments", "Email", "EMAIL", "print", " ", "  ", "\t", "x",
                "é", "\u{212a}", "İ", "All rights reserved", "is seen at", "Read more", "Written by ",
                "Technology reporter", "Friday", "the", "(Photo:", "/AFP", "AFP via",
            ]), 0..12)
        ) {
            let line: String = pieces.concat();
            let rules = FurnitureRules::builtin();
            proptest::prop_assert_eq!(rules.classify(&line), classify_one_by_one(&rules, &line));
        }
    }

    #[test]
    fn marks_lines_in_place() {
        let mut doc = Document {
            text: "Story text.\n\nJoin the Discussion\n".into(),
            ..Document::default()
        };
        mark_furniture(&mut doc, &FurnitureRules::builtin());
        let r = &doc.regions[0];
        assert_eq!(&doc.text[r.span.clone()], "Join the Discussion");
        assert_eq!(r.role, Role::Furniture);
    }
}
