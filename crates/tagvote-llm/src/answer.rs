//! From a completion to a document's result: validate, re-ask once on a parse failure, record
//! the detail (raw answer, parse outcome, unknown tags, cut point), cache and cost it.

use serde_json::json;
use tagvote_core::{ScoreError, ScoreMeta, ScoredDoc, Tag};

use crate::ask::CallTally;
use crate::cache::CachedAnswer;
use crate::engine::{document_error, scored_doc, Engine, PreparedDoc};
use crate::parse::{parse_answer, ParsedAnswer};
use crate::request::Message;
use crate::response::Completion;

/// Characters of the raw answer kept in reports and the cache.
const RAW_ANSWER_CHARS: usize = 2000;

/// A validated answer and how it was obtained.
struct Settled {
    raw: String,
    parsed: ParsedAnswer,
    finish_reason: Option<String>,
    /// The first answer's parse error when a second request was needed.
    reasked: Option<String>,
}

impl Engine {
    /// Scores a prepared document over the network (first request, then `settle`).
    pub async fn answer(&self, prepared: &PreparedDoc) -> Result<ScoredDoc, ScoreError> {
        let mut tally = CallTally::default();
        let first = self
            .complete(&[Message::user(&prepared.prompt)], &prepared.key.0, &mut tally)
            .await
            .map_err(|reason| document_error(&prepared.doc_id, reason))?;
        self.settle(prepared, first, tally).await
    }

    /// Validates `first`; re-asks once with the parse error when nothing parses; caches the result.
    pub async fn settle(
        &self,
        prepared: &PreparedDoc,
        first: Completion,
        mut tally: CallTally,
    ) -> Result<ScoredDoc, ScoreError> {
        let settled = self
            .validate_or_reask(prepared, first, &mut tally)
            .await
            .map_err(|reason| document_error(&prepared.doc_id, reason))?;
        let detail = self.detail(prepared, &settled);
        self.cache
            .put(&prepared.key, &self.cache_entry(&settled, &detail, &tally));
        let meta = ScoreMeta {
            cache_hit: false,
            input_tokens: tally.input_tokens,
            output_tokens: tally.output_tokens,
            cost: self.config.pricing.cost(tally.input_tokens, tally.output_tokens),
            attempts: tally.attempts,
            latency_ms: (!tally.latency.is_zero()).then_some(tally.latency.as_secs_f64() * 1000.0),
            detail,
        };
        Ok(scored_doc(&settled.parsed.tags, meta))
    }

    async fn validate_or_reask(
        &self,
        prepared: &PreparedDoc,
        first: Completion,
        tally: &mut CallTally,
    ) -> Result<Settled, String> {
        let settled = self.read(first, None);
        let Some(error) = settled.parsed.error().map(str::to_string) else {
            return Ok(settled);
        };
        let mut messages = vec![Message::user(&prepared.prompt)];
        if !settled.raw.trim().is_empty() {
            messages.push(Message::assistant(&settled.raw));
        }
        messages.push(Message::user(reask_text(&error, &prepared.expected)));
        let salt = format!("{}/reask", prepared.key.0);
        let second = self.complete(&messages, &salt, tally).await?;
        let again = self.read(second, Some(error.clone()));
        match again.parsed.error() {
            None => Ok(again),
            Some(second_error) => Err(format!(
                "The answer could not be read, twice: {second_error} (first: {error}); last answer: `{}`",
                shorten(&again.raw, 200)
            )),
        }
    }

    fn read(&self, completion: Completion, reasked: Option<String>) -> Settled {
        let (raw, parsed) = match (&completion.content, &completion.missing_reason) {
            (Some(text), _) => (text.clone(), parse_answer(text, &self.taxonomy)),
            (None, reason) => (
                String::new(),
                ParsedAnswer::failure(reason.as_deref().unwrap_or("The response has no answer")),
            ),
        };
        Settled {
            raw,
            parsed,
            finish_reason: completion.finish_reason,
            reasked,
        }
    }

    fn detail(&self, prepared: &PreparedDoc, settled: &Settled) -> serde_json::Value {
        let p = &settled.parsed;
        json!({
            "raw_answer": shorten(&settled.raw, RAW_ANSWER_CHARS),
            "parse": p.outcome,
            "reasked_after": settled.reasked,
            "unknown_tags": p.unknown_count,
            "unknown": p.unknown,
            "duplicates": p.duplicates,
            "over_cap": p.over_cap,
            "finish_reason": settled.finish_reason,
            "cut": prepared.cut,
        })
    }

    fn cache_entry(&self, settled: &Settled, detail: &serde_json::Value, tally: &CallTally) -> CachedAnswer {
        CachedAnswer {
            tags: settled
                .parsed
                .tags
                .iter()
                .map(|&t| self.taxonomy.tag(t).clone())
                .collect::<Vec<Tag>>(),
            detail: detail.clone(),
            input_tokens: tally.input_tokens,
            output_tokens: tally.output_tokens,
            attempts: tally.attempts,
        }
    }
}

/// The follow-up message after an unreadable answer (our own words).
fn reask_text(error: &str, expected: &str) -> String {
    format!(
        "Your answer could not be used: {error}. Reply with only this JSON object, its \"tags\" array \
         holding at most 3 tag names from the list: {expected}"
    )
}

fn shorten(text: &str, max_chars: usize) -> String {
    match text.char_indices().nth(max_chars) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_string(),
    }
}
