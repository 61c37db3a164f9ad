//! CoNLL-2003 files (`word POS chunk NER` a line, a blank line between
//! sentences, `-DOCSTART-` between articles) read as span-format gold: each
//! article's tokens joined by spaces into a text, one sentence a line, its
//! first sentence (the headline) set off by a blank line as a headline is.

use super::{GoldDoc, GoldSpan};
use anyhow::{bail, Context as _};
use std::path::Path;

/// The gold label of a CoNLL entity type; the four types keep their names.
fn label(kind: &str) -> String {
    kind.to_ascii_lowercase()
}

/// Read a CoNLL-2003 file (IOB1 or IOB2 tags) into gold documents.
pub fn read_conll(path: &Path) -> anyhow::Result<Vec<GoldDoc>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    parse_conll(&text, &path.display().to_string())
}

/// Parse CoNLL-2003 text; `name` prefixes the document ids and errors.
pub fn parse_conll(text: &str, name: &str) -> anyhow::Result<Vec<GoldDoc>> {
    let mut docs = Vec::new();
    let mut doc = Builder::default();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim_end();
        if line.starts_with("-DOCSTART-") {
            doc.finish(name, &mut docs);
            continue;
        }
        if line.is_empty() {
            doc.end_sentence();
            continue;
        }
        let fields: Vec<&str> = line.split_whitespace().collect();
        let (Some(word), Some(tag)) = (fields.first(), fields.last()) else {
            continue;
        };
        if fields.len() < 2 {
            bail!("{name}:{}: expected `word ... tag`, found {line:?}", n + 1);
        }
        let (prefix, kind) = match tag.split_once('-') {
            Some((p, k)) if matches!(p, "B" | "I") && !k.is_empty() => (p, k),
            _ if *tag == "O" => ("O", ""),
            _ => bail!("{name}:{}: unknown tag {tag:?}", n + 1),
        };
        doc.word(word, prefix, kind);
    }
    doc.finish(name, &mut docs);
    Ok(docs)
}

#[derive(Default)]
struct Builder {
    text: String,
    /// Code points in `text`.
    chars: usize,
    spans: Vec<GoldSpan>,
    /// The entity being read: its type and start.
    open: Option<(String, usize)>,
    sentences: usize,
    in_sentence: bool,
}

impl Builder {
    fn push(&mut self, s: &str) {
        self.text.push_str(s);
        self.chars += s.chars().count();
    }

    fn close(&mut self) {
        if let Some((kind, start)) = self.open.take() {
            self.spans.push(GoldSpan {
                label: label(&kind),
                start,
                end: self.chars,
                value: None,
                timex_type: None,
                text: None,
            });
        }
    }

    fn word(&mut self, word: &str, prefix: &str, kind: &str) {
        // IOB1 opens an entity with I- unless it follows one of its type.
        let continues = prefix == "I" && self.open.as_ref().is_some_and(|(k, _)| k == kind);
        if !continues {
            self.close();
        }
        if self.in_sentence {
            self.push(" ");
        } else if self.sentences > 0 {
            // The headline is set off by a blank line, the rest one a line.
            self.push(if self.sentences == 1 { "\n\n" } else { "\n" });
        }
        self.in_sentence = true;
        if !continues && prefix != "O" {
            self.open = Some((kind.to_string(), self.chars));
        }
        self.push(word);
    }

    fn end_sentence(&mut self) {
        self.close();
        if self.in_sentence {
            self.sentences += 1;
            self.in_sentence = false;
        }
    }

    fn finish(&mut self, name: &str, docs: &mut Vec<GoldDoc>) {
        self.end_sentence();
        let done = std::mem::take(self);
        if done.text.is_empty() {
            return;
        }
        docs.push(GoldDoc {
            id: format!("{name}#{}", docs.len() + 1),
            published: None,
            title: None,
            text: done.text,
            spans: done.spans,
            annotated_until: None,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn articles_sentences_and_spans() {
        let text = "-DOCSTART- -X- -X- O\n\nEU NNP B-NP B-ORG\nrejects VBZ B-VP O\n\n\
                    New NNP B-NP B-LOC\nYork NNP I-NP I-LOC\nBank NNP B-NP B-ORG\n\n\
                    -DOCSTART- -X- -X- O\n\nJohn NNP B-NP B-PER\n";
        let docs = parse_conll(text, "t").unwrap();
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].text, "EU rejects\n\nNew York Bank");
        let spans: Vec<(&str, usize, usize)> = docs[0]
            .spans
            .iter()
            .map(|s| (s.label.as_str(), s.start, s.end))
            .collect();
        assert_eq!(spans, [("org", 0, 2), ("loc", 12, 20), ("org", 21, 25)]);
        assert_eq!(docs[1].text, "John");
        assert!(parse_conll("word POS chunk X-FOO\n", "t").is_err());
    }
}
