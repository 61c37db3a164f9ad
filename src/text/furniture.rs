//! Marking page furniture (copyright lines, bylines, share bars) and photo
//! captions as regions, so their mentions are reported but never used as
//! facts. The text itself is left as it is: offsets stay exact.

use super::data_lines;
use crate::model::{Document, Region, Role};
use aho_corasick::AhoCorasick;

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
    /// All `contains` texts in one automaton, so a line is scanned once
    /// rather than once per text.
    contains: AhoCorasick,
    /// The rule index of each pattern of `contains`.
    contains_rule: Vec<usize>,
    /// Bytes that can open a line matched by a `line`, `prefix` or `byline`
    /// rule: most lines open with none of them and skip those rules.
    anchored_first: [bool; 256],
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
        let mut contains_rule = Vec::new();
        let mut anchored_first = [false; 256];
        for (i, (_, how, text)) in rules.iter().enumerate() {
            match how {
                Match::Contains => contains_rule.push(i),
                // Whole-line rules ignore case; a non-ASCII line may lower
                // to any text, so it always gets the full check.
                Match::Line => {
                    let b = text.as_bytes().first().copied().unwrap_or(0);
                    anchored_first[b.to_ascii_lowercase() as usize] = true;
                    anchored_first[b.to_ascii_uppercase() as usize] = true;
                    anchored_first[0x80..].fill(true);
                }
                Match::Prefix | Match::Byline => {
                    let b = text.as_bytes().first().copied().unwrap_or(0);
                    anchored_first[b as usize] = true;
                }
            }
        }
        let contains = AhoCorasick::new(contains_rule.iter().map(|&i| rules[i].2.as_str()))
            .map_err(|e| format!("furniture contains rules: {e}"))?;
        Ok(FurnitureRules {
            rules,
            contains,
            contains_rule,
            anchored_first,
        })
    }

    /// The role of one line, if it is furniture or a caption: that of the
    /// first rule (in file order) that matches.
    pub fn classify(&self, line: &str) -> Option<Role> {
        let line = line.trim();
        if line.is_empty() {
            return None;
        }
        // The first `contains` rule hit, if any; only rules before it can
        // still win. Hits are rare, so test for one before ranking them.
        let contained = (line.len() < 600 && self.contains.is_match(line))
            .then(|| {
                self.contains
                    .find_overlapping_iter(line)
                    .map(|m| self.contains_rule[m.pattern().as_usize()])
                    .min()
            })
            .flatten();
        let before = contained.unwrap_or(self.rules.len());
        let anchored = self.anchored_first[line.as_bytes()[0] as usize];
        let first = anchored
            .then(|| {
                self.rules[..before]
                    .iter()
                    .position(|(_, how, text)| match how {
                        Match::Line => line.len() <= 60 && same_line(line, text),
                        Match::Prefix => line.len() < 160 && line.starts_with(text.as_str()),
                        Match::Contains => false,
                        Match::Byline => {
                            line.len() < 100
                                && line
                                    .strip_prefix(text.as_str())
                                    .is_some_and(reads_like_names)
                        }
                    })
            })
            .flatten()
            .or(contained);
        first.map(|i| self.rules[i].0)
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
    let mut pos = 0;
    for line in doc.text.split_inclusive('\n') {
        let start = pos;
        pos += line.len();
        let body = line.trim_end();
        if doc.region_at(start).is_some() {
            continue;
        }
        if let Some(role) = rules.classify(body) {
            let lead = body.len() - body.trim_start().len();
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
