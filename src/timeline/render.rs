//! Timelines as text: a terminal table, JSON, CSV, Markdown, HTML.

use super::{Entry, Timeline};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Table,
    Json,
    Csv,
    Markdown,
    Html,
}

pub fn render(t: &Timeline, format: Format) -> String {
    match format {
        Format::Table => table(t),
        Format::Json => {
            let mut s = serde_json::to_string_pretty(t).expect("timelines serialise");
            s.push('\n');
            s
        }
        Format::Csv => csv(t),
        Format::Markdown => markdown(t),
        Format::Html => super::html::page(t),
    }
}

fn date_of(e: &Entry) -> &str {
    e.date.as_deref().unwrap_or("undated")
}

/// "by" marks a date the event happened on or before.
fn date_label(e: &Entry) -> String {
    if super::is_point(&e.date_basis) || e.date.is_none() {
        date_of(e).to_string()
    } else {
        format!("by {}", date_of(e))
    }
}

const SUMMARY_WIDTH: usize = 72;

fn table(t: &Timeline) -> String {
    let mut out = String::new();
    if let Some(entity) = &t.entity {
        out.push_str(&format!("Timeline of {}\n\n", one_line(entity)));
    }
    out.push_str(&format!(
        "{:<14} {:<15} {:>3}  {}\n",
        "DATE", "TYPE", "SRC", "SUMMARY"
    ));
    for e in &t.events {
        let mut summary = one_line(&e.summary);
        if summary.chars().count() > SUMMARY_WIDTH {
            summary = summary.chars().take(SUMMARY_WIDTH - 1).collect::<String>() + "…";
        }
        let flag = if e.conflicts.is_empty() { "" } else { " (!)" };
        let role = match e.role.as_deref() {
            Some(role) if role != "subject" => format!(" [{}]", role.replace('_', " ")),
            _ => String::new(),
        };
        out.push_str(&format!(
            "{:<14} {:<15} {:>3}  {summary}{flag}{role}\n",
            date_label(e),
            e.kind,
            e.sources.len()
        ));
        // Each source under its entry: who told it, when, the sentence and
        // where to read it, so the table can be checked without the JSON.
        for s in &e.sources {
            let when = s.published.as_deref().unwrap_or("undated");
            out.push_str(&format!(
                "{:<14} {} ({when}): “{}”",
                "",
                one_line(s.outlet()),
                one_line(&s.sentence)
            ));
            if let Some(url) = &s.url {
                out.push_str(&format!(" <{}>", one_line(url)));
            }
            out.push('\n');
        }
    }
    if t.events.is_empty() {
        out.push_str("(no events)\n");
    }
    if t.hidden > 0 {
        out.push_str(&format!(
            "({} less sure entries hidden; --min-confidence 0 shows them)\n",
            t.hidden
        ));
    }
    out
}

fn one_line(s: &str) -> String {
    s.split_whitespace()
        .map(|w| w.chars().filter(|c| !c.is_control()).collect::<String>())
        .collect::<Vec<_>>()
        .join(" ")
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// One row per source of each entry (the entry's fields repeated), so
/// every row carries the sentence that tells the event and its link.
fn csv(t: &Timeline) -> String {
    let mut out = String::from(
        "date,date_basis,type,subject,actor,money,list,summary,sources,conflicts,\
         source_id,source_published,outlet,url,sentence\n",
    );
    for e in &t.events {
        let conflicts: Vec<String> = e
            .conflicts
            .iter()
            .map(|c| format!("{}={} ({})", c.field, c.value, c.sources.join(" ")))
            .collect();
        let entry = [
            e.date.clone().unwrap_or_default(),
            e.date_basis.clone(),
            e.kind.clone(),
            e.subject.clone(),
            e.actor.clone().unwrap_or_default(),
            e.money.join("; "),
            e.list.clone().unwrap_or_default(),
            e.summary.clone(),
            e.sources.len().to_string(),
            conflicts.join("; "),
        ];
        for s in &e.sources {
            let source = [
                s.id.clone(),
                s.published.clone().unwrap_or_default(),
                s.outlet().to_string(),
                s.url.clone().unwrap_or_default(),
                s.sentence.clone(),
            ];
            let row: Vec<String> = entry.iter().chain(&source).map(|f| csv_field(f)).collect();
            out.push_str(&row.join(","));
            out.push('\n');
        }
    }
    out
}

/// Article text in Markdown: every character Markdown or HTML could read as
/// syntax is escaped.
fn md(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in one_line(s).chars() {
        if "\\`*_{}[]()<>#+-.!|~&".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A date label ("2021-12-13", "by 2021-12", "undated") is never Markdown
/// syntax inside a heading or parentheses: escaping it only made
/// "2021\\-12\\-13" of it. Anything else is escaped as text.
fn md_date(s: &str) -> String {
    if s.chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == ' ')
    {
        s.to_string()
    } else {
        md(s)
    }
}

fn markdown(t: &Timeline) -> String {
    let mut out = match &t.entity {
        Some(e) => format!("# Timeline of {}\n\n", md(e)),
        None => "# Timeline\n\n".to_string(),
    };
    if t.events.is_empty() {
        out.push_str("No events.\n");
    }
    for e in &t.events {
        out.push_str(&format!(
            "## {} · {}\n\n{}\n\n",
            md_date(&date_label(e)),
            md(&e.kind),
            md(&e.summary)
        ));
        for s in &e.sources {
            let name = s.outlet();
            let label = match &s.url {
                Some(u) if is_web_link(u) => format!("[{}](<{}>)", md(name), u.replace('>', "%3E")),
                _ => md(name),
            };
            let when = s.published.as_deref().map(md_date).unwrap_or_default();
            out.push_str(&format!("- {label} ({when}): “{}”\n", md(&s.sentence)));
        }
        for c in &e.conflicts {
            out.push_str(&format!(
                "- *conflict*: {} {} according to {}\n",
                md(&c.field),
                md(&c.value),
                md(&c.sources.join(", "))
            ));
        }
        out.push('\n');
    }
    out
}

/// Only web links become links; anything else (javascript:, data:) is text.
pub(super) fn is_web_link(url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://"))
        && !url.contains(char::is_whitespace)
}
