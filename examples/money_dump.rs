//! Print every money, percent, quantity and ticker mention of a JSONL file,
//! one per line with its context: `cargo run --example money_dump FILE`.

use newsline::extract::{money, Context};
use newsline::model::Document;
use newsline::Resources;

fn main() -> anyhow::Result<()> {
    let path = std::env::args().nth(1).expect("a JSONL file");
    let res = Resources::builtin();
    for line in std::fs::read_to_string(path)?.lines() {
        let v: serde_json::Value = serde_json::from_str(line)?;
        let Some(text) = v["text"].as_str() else {
            continue;
        };
        let doc = Document {
            text: text.to_string(),
            ..Document::default()
        };
        let ctx = Context {
            doc: &doc,
            sentences: &[],
            res: &res,
        };
        for m in money::extract(&ctx) {
            let (s, e) = (m.span.start, m.span.end);
            let before = text[..s].char_indices().rev().nth(30).map_or(0, |(i, _)| i);
            let after = text[e..]
                .char_indices()
                .nth(20)
                .map_or(text.len(), |(i, _)| e + i);
            println!(
                "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
                v["id"].as_str().unwrap_or(""),
                s,
                e,
                m.kind.as_str(),
                m.attrs.value.as_deref().unwrap_or(""),
                &text[s..e].replace('\n', " "),
                format!("{}[{}]{}", &text[before..s], &text[s..e], &text[e..after])
                    .replace('\n', " "),
                serde_json::to_string(&m.attrs)?
            );
        }
    }
    Ok(())
}
