//! Writing suggestions: one JSONL line each (`{"id","reason","expected_f1","tags","scorers"}`), or a
//! Markdown labelling sheet a person fills in.

use std::collections::BTreeMap;

use serde::Serialize;
use tagvote_core::{DocId, TagIdx, Taxonomy};

use super::rank::Suggestion;

/// The fields of a JSONL line, in the order they are written.
#[derive(Serialize)]
struct Line<'a> {
    id: &'a DocId,
    reason: &'a str,
    expected_f1: f64,
    tags: Vec<&'a str>,
    scorers: BTreeMap<&'a str, Vec<&'a str>>,
}

/// One JSONL line (tag names; the expected F1 to 4 decimals), without the newline.
pub fn jsonl_line(s: &Suggestion, taxonomy: &Taxonomy) -> String {
    let names = |tags: &[TagIdx]| tags.iter().map(|&t| taxonomy.name(t)).collect::<Vec<&str>>();
    let line = Line {
        id: &s.id,
        reason: &s.reason,
        expected_f1: (s.expected_f1 * 1e4).round() / 1e4,
        tags: names(&s.tags),
        scorers: s.scorers.iter().map(|(n, t)| (n.as_str(), names(t))).collect(),
    };
    serde_json::to_string(&line).unwrap_or_default()
}

/// A document of the sheet: its suggestion and the first lines of its text.
pub struct SheetEntry<'a> {
    pub suggestion: &'a Suggestion,
    pub first_lines: Vec<String>,
}

/// The labelling sheet: how to fill it in, then one section per document with the first lines of
/// its README, the proposed tags to accept or change and a line for the final answer.
pub fn sheet(entries: &[SheetEntry], taxonomy: &Taxonomy, taxonomy_link: &str) -> String {
    let mut out = String::from("# Documents to label\n\n");
    out.push_str(&format!(
        "Most useful first. For each document, tick the proposed tags that are right, add the missing \
         ones (at most 3, from the [taxonomy]({taxonomy_link})), and write the final tags on the \
         `tags:` line.\n"
    ));
    for (i, e) in entries.iter().enumerate() {
        out.push_str(&section(i + 1, e, taxonomy));
    }
    out
}

fn section(n: usize, e: &SheetEntry, taxonomy: &Taxonomy) -> String {
    let s = e.suggestion;
    let mut out = format!("\n## {n}. `{}`\n\n", s.id);
    out.push_str(&format!("Why: {}\n\n", s.reason));
    for line in &e.first_lines {
        out.push_str(&format!("> {}\n", line.replace('<', "&lt;")));
    }
    out.push_str("\nProposed tags (vote):\n\n");
    for &t in &s.tags {
        out.push_str(&format!("- [ ] `{}`\n", taxonomy.name(t)));
    }
    if s.tags.is_empty() {
        out.push_str("- (none)\n");
    }
    let others: Vec<String> = s
        .scorers
        .iter()
        .map(|(name, tags)| {
            let names: Vec<String> = tags.iter().map(|&t| format!("`{}`", taxonomy.name(t))).collect();
            format!(
                "{name}: {}",
                if names.is_empty() { "-".into() } else { names.join(", ") }
            )
        })
        .collect();
    out.push_str(&format!("\nScorers: {}\n\ntags: \n", others.join("; ")));
    out
}

/// The first `n` non-empty lines of a text, each cut to 200 characters.
pub fn first_lines(text: &str, n: usize) -> Vec<String> {
    text.lines()
        .map(str::trim_end)
        .filter(|l| !l.trim().is_empty())
        .take(n)
        .map(|l| l.chars().take(200).collect())
        .collect()
}
