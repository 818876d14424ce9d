//! Local validation of a model's answer: find the JSON (fenced, bare or inside prose), resolve
//! tags given as names, ids or `{id,name}` objects, drop unknown ones, dedupe and cap at 3.
//!
//! `parse_answer` is pure and never panics, whatever the input.

use serde::Serialize;
use serde_json::Value;
use tagvote_core::{TagIdx, Taxonomy, MAX_TAGS};

/// Only this many bytes of an answer are searched for JSON.
const MAX_SCANNED_BYTES: usize = 64 * 1024;
/// At most this many `{`/`[` positions are tried as JSON starts.
const MAX_JSON_STARTS: usize = 256;
/// At most this many unknown tag spellings are kept (all are counted).
const MAX_KEPT_UNKNOWN: usize = 10;

/// How the tags were found, or why none could be read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "outcome", content = "error")]
pub enum ParseOutcome {
    /// The whole answer was the JSON.
    Json,
    /// The JSON was inside a code fence.
    Fenced,
    /// The JSON was surrounded by other text.
    Embedded,
    /// No JSON with a tag list was found.
    Failed(String),
}

/// The validated answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ParsedAnswer {
    /// Known tags, in the model's order, deduplicated, at most `MAX_TAGS`.
    pub tags: Vec<TagIdx>,
    #[serde(flatten)]
    pub outcome: ParseOutcome,
    /// Tags not in the taxonomy (dropped).
    pub unknown_count: usize,
    /// The first few unknown tags, as written.
    pub unknown: Vec<String>,
    /// Repeated tags (dropped).
    pub duplicates: usize,
    /// Known tags beyond `MAX_TAGS` (dropped).
    pub over_cap: usize,
}

impl ParsedAnswer {
    /// An answer from which nothing could be read, with the reason.
    pub fn failure(reason: &str) -> Self {
        ParsedAnswer {
            tags: Vec::new(),
            outcome: ParseOutcome::Failed(reason.to_string()),
            unknown_count: 0,
            unknown: Vec::new(),
            duplicates: 0,
            over_cap: 0,
        }
    }

    /// True when a tag list was found (possibly empty).
    pub fn is_ok(&self) -> bool {
        !matches!(self.outcome, ParseOutcome::Failed(_))
    }

    /// The reason parsing failed, if it did.
    pub fn error(&self) -> Option<&str> {
        match &self.outcome {
            ParseOutcome::Failed(reason) => Some(reason),
            _ => None,
        }
    }
}

/// Reads the tags out of a model's answer.
pub fn parse_answer(answer: &str, taxonomy: &Taxonomy) -> ParsedAnswer {
    let text = prefix_at_char_boundary(answer.trim(), MAX_SCANNED_BYTES);
    if text.is_empty() {
        return ParsedAnswer::failure("The answer is empty");
    }
    let found = whole_json(text)
        .map(|list| (list, ParseOutcome::Json))
        .or_else(|| fenced_json(text).map(|list| (list, ParseOutcome::Fenced)))
        .or_else(|| embedded_json(text).map(|list| (list, ParseOutcome::Embedded)));
    match found {
        Some((list, outcome)) => resolve_tags(&list, outcome, taxonomy),
        None => ParsedAnswer::failure(
            "No JSON object with a `tags` array was found; answer with only {\"id\":…,\"tags\":[…]}",
        ),
    }
}

fn prefix_at_char_boundary(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

fn whole_json(text: &str) -> Option<Vec<Value>> {
    serde_json::from_str::<Value>(text).ok().and_then(|v| tag_list(&v))
}

/// The first code fence (```json … ``` or ``` … ```) holding a tag list.
fn fenced_json(text: &str) -> Option<Vec<Value>> {
    let mut parts = text.split("```");
    parts.next();
    while let Some(inside) = parts.next() {
        let body = inside.trim_start_matches(|c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if let Some(list) = whole_json(body.trim()) {
            return Some(list);
        }
        parts.next();
    }
    None
}

/// The first JSON value starting at some `{` or `[` that holds a tag list.
fn embedded_json(text: &str) -> Option<Vec<Value>> {
    text.char_indices()
        .filter(|(_, c)| *c == '{' || *c == '[')
        .take(MAX_JSON_STARTS)
        .find_map(|(start, _)| {
            let mut stream = serde_json::Deserializer::from_str(&text[start..]).into_iter::<Value>();
            match stream.next() {
                Some(Ok(value)) => tag_list(&value),
                _ => None,
            }
        })
}

/// The tag references in a parsed value: `{"tags": [...]}` (key case-insensitive, a lone
/// value allowed) or a bare array.
fn tag_list(value: &Value) -> Option<Vec<Value>> {
    match value {
        Value::Object(map) => map
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("tags"))
            .map(|(_, v)| match v {
                Value::Array(items) => items.clone(),
                Value::Null => Vec::new(),
                other => vec![other.clone()],
            }),
        Value::Array(items) => Some(items.clone()),
        _ => None,
    }
}

fn resolve_tags(list: &[Value], outcome: ParseOutcome, taxonomy: &Taxonomy) -> ParsedAnswer {
    let mut answer = ParsedAnswer {
        outcome,
        ..ParsedAnswer::failure("")
    };
    for item in list {
        match resolve_one(item, taxonomy) {
            Some(tag) if answer.tags.contains(&tag) => answer.duplicates += 1,
            Some(_) if answer.tags.len() >= MAX_TAGS => answer.over_cap += 1,
            Some(tag) => answer.tags.push(tag),
            None => {
                answer.unknown_count += 1;
                if answer.unknown.len() < MAX_KEPT_UNKNOWN {
                    answer.unknown.push(describe_unknown(item));
                }
            }
        }
    }
    answer
}

/// Resolves a name, id or `{id,name}`; names also match with spaces or `_` written as `-`.
fn resolve_one(item: &Value, taxonomy: &Taxonomy) -> Option<TagIdx> {
    taxonomy.resolve(item).or_else(|| match item {
        Value::String(s) => taxonomy.by_name(&s.trim().replace([' ', '_'], "-")),
        _ => None,
    })
}

fn describe_unknown(item: &Value) -> String {
    let text = match item {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    prefix_at_char_boundary(&text, 80).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn taxonomy() -> Taxonomy {
        Taxonomy::from_json_bytes(
            br#"[{"id":61,"name":"compiler"},{"id":65,"name":"runtime"},{"id":33,"name":"lib"},{"id":4,"name":"cli"},{"id":81,"name":"game-engine "}]"#,
            Path::new("t"),
        )
        .unwrap()
    }

    fn check(answer: &str, tags: &[TagIdx], outcome: &str) {
        let parsed = parse_answer(answer, &taxonomy());
        assert_eq!(parsed.tags, tags, "{answer}");
        let name = serde_json::to_value(&parsed.outcome).unwrap()["outcome"].clone();
        assert_eq!(name, outcome, "{answer}");
    }

    #[test]
    fn plain_fenced_and_embedded_json() {
        check(r#"{"id":"1","tags":["compiler","runtime"]}"#, &[0, 1], "json");
        check("```json\n{\"id\":\"1\",\"tags\":[\"lib\"]}\n```", &[2], "fenced");
        check(
            "Sure! Here it is: {\"tags\":[\"cli\"]} Hope it helps.",
            &[3],
            "embedded",
        );
        check(r#"["Compiler"]"#, &[0], "json");
    }

    #[test]
    fn ids_objects_case_and_spacing_resolve() {
        check(r#"{"tags":[61,"65",{"id":33,"name":"lib"}]}"#, &[0, 1, 2], "json");
        check(r#"{"TAGS":["CLI","game engine"]}"#, &[3, 4], "json");
    }

    #[test]
    fn unknown_duplicate_and_extra_tags_are_dropped_and_counted() {
        let parsed = parse_answer(
            r#"{"tags":["web","cli","cli","lib","compiler","runtime"]}"#,
            &taxonomy(),
        );
        assert_eq!(parsed.tags, vec![3, 2, 0]);
        assert_eq!((parsed.unknown_count, parsed.duplicates, parsed.over_cap), (1, 1, 1));
        assert_eq!(parsed.unknown, vec!["web".to_string()]);
    }

    #[test]
    fn failures_say_why() {
        assert_eq!(parse_answer("  ", &taxonomy()).error(), Some("The answer is empty"));
        assert!(parse_answer(r#"{"id":"1","tags":["cli","li"#, &taxonomy())
            .error()
            .is_some());
        assert!(parse_answer("no json here", &taxonomy()).error().is_some());
    }

    #[test]
    fn odd_inputs_never_panic() {
        let t = taxonomy();
        for s in [
            "{",
            "[",
            "```",
            "```json",
            "{\"tags\":{}}",
            "é{[é",
            &"[".repeat(10_000),
            "\u{0}{\"tags\":null}",
        ] {
            let _ = parse_answer(s, &t);
        }
        assert!(parse_answer("{\"tags\":null}", &t).is_ok());
    }
}
