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
///
/// Candidates are ranked: objects with a `tags` key, preferring one that names a known tag (an
/// echoed example `{"id":…,"tags":[]}` never beats the answer after it), then the last one, then
/// the one with the most known tags. A bare array counts only when it is the whole answer or the
/// whole content of a code fence, so `[1]` in prose is never read as tag id 1.
pub fn parse_answer(answer: &str, taxonomy: &Taxonomy) -> ParsedAnswer {
    let text = prefix_at_char_boundary(answer.trim(), MAX_SCANNED_BYTES);
    if text.is_empty() {
        return ParsedAnswer::failure("The answer is empty");
    }
    if let Some(list) = whole_json(text) {
        return resolve_tags(&list, ParseOutcome::Json, taxonomy);
    }
    // Fenced candidates come last so that they win a tie with the same object seen as embedded.
    let mut candidates = embedded_objects(text);
    candidates.extend(fenced_json(text));
    candidates
        .into_iter()
        .map(|c| (c.position, resolve_tags(&c.list, c.outcome, taxonomy)))
        .max_by_key(|(position, parsed)| (!parsed.tags.is_empty(), *position, parsed.tags.len()))
        .map(|(_, parsed)| parsed)
        .unwrap_or_else(|| {
            ParsedAnswer::failure(
                "No JSON object with a `tags` array was found; answer with only {\"id\":…,\"tags\":[…]}",
            )
        })
}

/// A tag list found somewhere in the answer.
struct Candidate {
    position: usize,
    list: Vec<Value>,
    outcome: ParseOutcome,
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

/// The whole text as JSON: an object with `tags`, or a bare array.
fn whole_json(text: &str) -> Option<Vec<Value>> {
    serde_json::from_str::<Value>(text)
        .ok()
        .and_then(|v| tag_list(&v, true))
}

/// Code fences (```json … ``` or ``` … ```) whose whole content is a tag list.
fn fenced_json(text: &str) -> Vec<Candidate> {
    let mut found = Vec::new();
    let mut position = 0;
    let mut parts = text.split("```");
    if let Some(first) = parts.next() {
        position += first.len() + 3;
    }
    while let Some(inside) = parts.next() {
        let body = inside
            .trim_start_matches(|c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            .trim_start();
        if let Some(list) = whole_json(body.trim_end()) {
            found.push(Candidate {
                position: position + inside.len() - body.len(),
                list,
                outcome: ParseOutcome::Fenced,
            });
        }
        position += inside.len() + 3;
        if let Some(outside) = parts.next() {
            position += outside.len() + 3;
        }
    }
    found
}

/// Top-level JSON objects with a `tags` key anywhere in the text.
fn embedded_objects(text: &str) -> Vec<Candidate> {
    let mut found = Vec::new();
    let mut resume_at = 0;
    for (start, _) in text.char_indices().filter(|(_, c)| *c == '{').take(MAX_JSON_STARTS) {
        if start < resume_at {
            continue;
        }
        let mut stream = serde_json::Deserializer::from_str(&text[start..]).into_iter::<Value>();
        if let Some(Ok(value)) = stream.next() {
            resume_at = start + stream.byte_offset();
            if let Some(list) = tag_list(&value, false) {
                found.push(Candidate {
                    position: start,
                    list,
                    outcome: ParseOutcome::Embedded,
                });
            }
        }
    }
    found
}

/// The tag references in a parsed value: `{"tags": [...]}` (key case-insensitive, a lone
/// value allowed), or a bare array when `arrays` is set.
fn tag_list(value: &Value, arrays: bool) -> Option<Vec<Value>> {
    match value {
        Value::Object(map) => map
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("tags"))
            .map(|(_, v)| match v {
                Value::Array(items) => items.clone(),
                Value::Null => Vec::new(),
                other => vec![other.clone()],
            }),
        Value::Array(items) if arrays => Some(items.clone()),
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
    fn an_echoed_example_before_the_answer_loses() {
        check(
            r#"Expected: {"id":"3930","tags":[]} Answer: {"id":"3930","tags":["compiler","lib"]}"#,
            &[0, 2],
            "embedded",
        );
        check(
            "```json\n{\"id\":\"1\",\"tags\":[]}\n```\nThen:\n```json\n{\"id\":\"1\",\"tags\":[\"cli\"]}\n```",
            &[3],
            "fenced",
        );
        check(
            r#"{"tags":["lib"]} and later {"tags":["cli","runtime"]}"#,
            &[3, 1],
            "embedded",
        );
        check(
            r#"{"tags":["cli"]} then the example {"id":"3930","tags":[]}"#,
            &[3],
            "embedded",
        );
    }

    #[test]
    fn bare_arrays_count_only_alone() {
        assert!(parse_answer("See note [1] for details.", &taxonomy()).error().is_some());
        check("See [1]. {\"tags\":[\"cli\"]}", &[3], "embedded");
        check("```\n[\"lib\"]\n```", &[2], "fenced");
        check("[61]", &[0], "json");
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
