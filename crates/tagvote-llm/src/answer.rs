//! From a completion to a document's result: validate, re-ask once on a parse failure, record
//! the detail (raw answer, parse outcome, unknown tags, cut point), cache and cost it.

use std::sync::atomic::Ordering;

use serde_json::json;
use tagvote_core::{Document, ScoreError, ScoreMeta, ScoredDoc, Tag};

use crate::ask::CallTally;
use crate::cache::CachedAnswer;
use crate::engine::{document_error, scored_doc, Engine, PreparedDoc};
use crate::http::CallFailure;
use crate::parse::{parse_answer, ParsedAnswer};
use crate::refusal::overflow;
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
    /// Scores a prepared document over the network. The run's first such document goes alone
    /// (after a look at the models list for the context size), so the others start with what it
    /// taught about the endpoint: refused parameters, context size, a key that does not work.
    pub async fn answer(&self, doc: &Document, prepared: PreparedDoc) -> Result<ScoredDoc, ScoreError> {
        if self.calibrated.load(Ordering::SeqCst) {
            return self.answer_now(doc, prepared).await;
        }
        let guard = self.gate.lock().await;
        if self.calibrated.load(Ordering::SeqCst) {
            drop(guard);
            return self.answer_now(doc, prepared).await;
        }
        self.discover_context().await;
        let result = self.answer_now(doc, prepared).await;
        self.set_calibrated();
        result
    }

    /// First request; on a context overflow, one more with the README cut to fit; then `settle`.
    /// The README is cut again first when the context was learned while this document waited.
    async fn answer_now(&self, doc: &Document, mut prepared: PreparedDoc) -> Result<ScoredDoc, ScoreError> {
        self.refit(doc, &mut prepared);
        let mut tally = CallTally::default();
        let first = match self.ask(&prepared, &mut tally).await {
            Ok(first) => first,
            Err(failed) => {
                let Some(found) = failed.failure.as_ref().and_then(overflow_of) else {
                    return Err(document_error(&prepared.doc_id, failed.message));
                };
                self.learn_overflow(found, prepared.prompt.chars().count());
                let sent_len = prepared.prompt.len();
                self.refit(doc, &mut prepared);
                if prepared.prompt.len() >= sent_len {
                    let reason = format!("{}; the README cannot be cut further", failed.message);
                    return Err(document_error(&prepared.doc_id, reason));
                }
                self.ask(&prepared, &mut tally)
                    .await
                    .map_err(|f| document_error(&prepared.doc_id, f.message))?
            }
        };
        self.settle(&prepared, first, tally).await
    }

    async fn ask(&self, prepared: &PreparedDoc, tally: &mut CallTally) -> Result<Completion, crate::ask::Failed> {
        self.complete(&[Message::user(&prepared.prompt)], &prepared.key.0, tally)
            .await
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
            cost: self
                .config
                .pricing
                .cost(tally.input_tokens, tally.cached_tokens, tally.output_tokens),
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
        let Some(error) = nothing_known(&settled.parsed) else {
            return Ok(settled);
        };
        let mut messages = vec![Message::user(&prepared.prompt)];
        if !settled.raw.trim().is_empty() {
            messages.push(Message::assistant(&settled.raw));
        }
        messages.push(Message::user(reask_text(&error, &prepared.expected)));
        let salt = format!("{}/reask", prepared.key.0);
        let second = self.complete(&messages, &salt, tally).await?;
        // The re-ask's first user message is the same prompt: the fixed part stays cacheable.
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

    fn has_context(&self) -> bool {
        self.learned.lock().map(|l| l.context_tokens.is_some()).unwrap_or(false)
    }

    /// Reads the models list once for the context size when none is known.
    async fn discover_context(&self) {
        if self.has_context() {
            return;
        }
        if let Some(context) = self.models_context().await {
            if let Ok(mut learned) = self.learned.lock() {
                learned.context_tokens = Some(context);
            }
            self.save_profile();
        }
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

/// Why the answer must be asked again: nothing parsed, or only tags outside the list.
fn nothing_known(parsed: &ParsedAnswer) -> Option<String> {
    if let Some(error) = parsed.error() {
        return Some(error.to_string());
    }
    (parsed.tags.is_empty() && parsed.unknown_count > 0)
        .then(|| format!("none of the tags `{}` is in the list", parsed.unknown.join("`, `")))
}

fn overflow_of(failure: &CallFailure) -> Option<crate::refusal::Overflow> {
    failure.status().and_then(|(code, body)| overflow(code, body))
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
