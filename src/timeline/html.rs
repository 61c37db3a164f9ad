//! One self-contained HTML page: events on a vertical time axis, each with
//! its sources quoted and linked. No scripts, fonts or images from anywhere;
//! every string from an article or a user is escaped.

use super::render::is_web_link;
use super::{Entry, Timeline};

/// Text for HTML content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && c != '\n' && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

/// A CSS class from a type name: letters, digits and '_' only.
fn class_of(kind: &str) -> String {
    kind.chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect()
}

const STYLE: &str = r#"
:root{--ink:#1d2330;--muted:#5a6375;--line:#c9ced8;--bg:#f5f6f8;--card:#fff;--dot:#3a6ff7}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);font:16px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
header{background:var(--ink);color:#fff;padding:28px 40px}
header h1{margin:0 0 4px;font-size:28px}
header p{margin:0;color:#c8cedb}
main{max-width:980px;margin:0 auto;padding:32px 40px 64px}
ol.axis{list-style:none;margin:0 0 0 150px;padding:0;border-left:3px solid var(--line)}
li.event{position:relative;padding:0 0 28px 30px}
li.event::before{content:"";position:absolute;left:-11px;top:8px;width:13px;height:13px;border-radius:50%;background:var(--dot);border:3px solid var(--bg)}
li.bound::before{background:var(--bg);border:3px solid var(--dot)}
time{position:absolute;left:-160px;top:3px;width:140px;text-align:right;font-weight:600;font-variant-numeric:tabular-nums}
time small{display:block;font-weight:400;color:var(--muted);font-size:12px}
.card{background:var(--card);border-radius:8px;box-shadow:0 1px 3px rgba(20,30,50,.14);padding:14px 18px}
.card h2{font-size:18px;margin:6px 0 4px}
.type{display:inline-block;font-size:12px;letter-spacing:.04em;text-transform:uppercase;padding:2px 9px;border-radius:10px;background:#e6ecff;color:#2a4cc0}
.type.sanctioned,.type.fine,.type.lawsuit,.type.investigation,.type.delisting{background:#ffe8e6;color:#a3261b}
.type.ipo_halted{background:#fff1d6;color:#8a5a00}
.type.statement{background:#ececec;color:#444}
.type.sanction_lifted,.type.ipo_listed,.type.ipo_approved,.type.funding_raised{background:#e2f6e8;color:#1f6b36}
.meta{color:var(--muted);font-size:14px;margin:0 0 6px}
details summary{cursor:pointer;color:var(--muted);font-size:14px}
ul.sources{margin:6px 0 0;padding-left:18px}
ul.sources li{margin:8px 0}
.when{color:var(--muted);font-size:13px}
blockquote{margin:4px 0 0;padding:4px 10px;border-left:3px solid #dde1e8;color:#3c4456;font-size:14px}
.conflict{color:#a3261b;font-size:14px;margin:8px 0 0}
.empty{color:var(--muted)}
"#;

pub fn page(t: &Timeline) -> String {
    let title = match &t.entity {
        Some(e) => format!("Timeline of {}", escape(e)),
        None => "Timeline".to_string(),
    };
    let mut sources: Vec<&str> = t
        .events
        .iter()
        .flat_map(|e| e.sources.iter().map(|s| s.id.as_str()))
        .collect();
    sources.sort_unstable();
    sources.dedup();
    let mut out = String::new();
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n",
    );
    out.push_str(&format!(
        "<title>{title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
    ));
    out.push_str(&format!(
        "<header><h1>{title}</h1><p>{} events from {} documents</p></header>\n<main>\n",
        t.events.len(),
        sources.len()
    ));
    if t.events.is_empty() {
        out.push_str("<p class=\"empty\">No events.</p>\n");
    } else {
        out.push_str("<ol class=\"axis\">\n");
        for e in &t.events {
            entry(&mut out, e);
        }
        out.push_str("</ol>\n");
    }
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

fn entry(out: &mut String, e: &Entry) {
    let point = super::is_point(&e.date_basis);
    let date = e.date.as_deref().unwrap_or("undated");
    let note = if point || e.date.is_none() {
        String::new()
    } else {
        "<small>reported by then</small>".to_string()
    };
    out.push_str(&format!(
        "<li class=\"event{}\"><time datetime=\"{}\">{}{note}</time>\n<div class=\"card\">",
        if point { "" } else { " bound" },
        escape(date),
        escape(date),
    ));
    out.push_str(&format!(
        "<span class=\"type {}\">{}</span>\n<h2>{}</h2>\n",
        class_of(&e.kind),
        escape(&e.kind.replace('_', " ")),
        escape(&e.summary)
    ));
    let mut meta: Vec<String> = Vec::new();
    if let Some(a) = &e.actor {
        meta.push(format!("by {}", escape(a)));
    }
    if !e.money.is_empty() {
        meta.push(escape(&e.money.join(", ")));
    }
    if let Some(l) = &e.list {
        meta.push(escape(l));
    }
    if !e.also_affected.is_empty() {
        meta.push(format!("also {}", escape(&e.also_affected.join(", "))));
    }
    if !meta.is_empty() {
        out.push_str(&format!("<p class=\"meta\">{}</p>\n", meta.join(" · ")));
    }
    let n = e.sources.len();
    out.push_str(&format!(
        "<details open><summary>{n} source{}</summary>\n<ul class=\"sources\">\n",
        if n == 1 { "" } else { "s" }
    ));
    for s in &e.sources {
        let name = escape(s.outlet());
        let label = match &s.url {
            Some(u) if is_web_link(u) => format!(
                "<a href=\"{}\" rel=\"noopener noreferrer\">{name}</a>",
                escape(u)
            ),
            _ => name,
        };
        let when = s.published.as_deref().map(escape).unwrap_or_default();
        out.push_str(&format!(
            "<li>{label} <span class=\"when\">{when} · {}</span><blockquote>{}</blockquote></li>\n",
            escape(&s.id),
            escape(&s.sentence)
        ));
    }
    out.push_str("</ul></details>\n");
    for c in &e.conflicts {
        out.push_str(&format!(
            "<p class=\"conflict\">Sources disagree on the {}: {} according to {}</p>\n",
            escape(&c.field),
            escape(&c.value),
            escape(&c.sources.join(", "))
        ));
    }
    out.push_str("</div></li>\n");
}
