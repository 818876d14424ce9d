//! One API call with the global limits, retries, backoff and a tally of attempts, tokens and time.

use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use crate::engine::Engine;
use crate::http::{CallFailure, CallSuccess};
use crate::refusal::{fatal_cause, overflow, refused_param, FatalContext};
use crate::request::Message;
use crate::response::Completion;
use crate::retry::jitter;

/// Parameter changes tried for one request at most.
const MAX_ADAPTATIONS: usize = 6;

/// Why a call gave up: the message for the user, and the last HTTP failure when there was one.
#[derive(Debug, Clone)]
pub(crate) struct Failed {
    pub message: String,
    pub failure: Option<CallFailure>,
}

impl From<Failed> for String {
    fn from(failed: Failed) -> String {
        failed.message
    }
}

/// What a document's calls cost so far.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct CallTally {
    pub attempts: u32,
    pub input_tokens: u64,
    /// Input tokens the provider served from its prompt cache (part of `input_tokens`).
    pub cached_tokens: u64,
    pub output_tokens: u64,
    /// Sum of request round trips (backoff waits and queueing excluded).
    pub latency: Duration,
}

/// One HTTP request the engine can repeat.
#[derive(Debug, Clone, Copy)]
pub(crate) enum ApiCall<'a> {
    /// A serialized JSON body.
    PostJson(&'a str, &'a str),
    GetJson(&'a str),
    GetText(&'a str),
    /// A multipart upload of `bytes` as a batch input file.
    Upload(&'a str, &'a [u8]),
}

impl ApiCall<'_> {
    fn url(&self) -> &str {
        match self {
            ApiCall::PostJson(url, _) | ApiCall::GetJson(url) | ApiCall::GetText(url) | ApiCall::Upload(url, _) => url,
        }
    }
}

impl Engine {
    /// Sends `messages` to chat completions, retrying transient failures; a parameter the
    /// endpoint refuses is changed (for the rest of the run) and the request sent again.
    pub async fn complete(
        &self,
        messages: &[Message],
        salt: &str,
        tally: &mut CallTally,
    ) -> Result<Completion, Failed> {
        let url = self.config.endpoint("chat/completions");
        let mut changes = 0;
        loop {
            let params = self.current_params();
            let body = self.requests.body(messages, &params);
            match self.call(ApiCall::PostJson(&url, &body), salt, tally).await {
                Ok(success) => {
                    let completion = Completion::from_body(&success.body);
                    tally.input_tokens += completion.input_tokens;
                    tally.cached_tokens += completion.cached_tokens;
                    tally.output_tokens += completion.output_tokens;
                    return Ok(completion);
                }
                Err(failed) => {
                    let adapted = failed.failure.as_ref().is_some_and(|f| self.adapt(&params, f));
                    if !adapted || changes >= MAX_ADAPTATIONS {
                        return Err(failed);
                    }
                    changes += 1;
                }
            }
        }
    }

    /// Makes `call`, retrying transient failures with backoff; the error names the URL and what to
    /// check. A refused parameter or a context overflow returns at once (a retry as is cannot help).
    pub async fn call(&self, call: ApiCall<'_>, salt: &str, tally: &mut CallTally) -> Result<CallSuccess, Failed> {
        let policy = self.config.retry;
        let mut retry = 0;
        loop {
            let permit = self.limiter.acquire().await;
            if let Some(reason) = self.unreachable.get().or(self.fatal.get()) {
                return Err(Failed {
                    message: format!("Not sent: {reason}"),
                    failure: None,
                });
            }
            let started = Instant::now();
            let result = self.call_once(call).await;
            drop(permit);
            tally.attempts += 1;
            tally.latency += started.elapsed();
            let failure = match result {
                Ok(success) => {
                    self.reached.store(true, Ordering::Relaxed);
                    return Ok(success);
                }
                Err(failure) => failure,
            };
            if !matches!(failure, CallFailure::Connect(_)) {
                self.reached.store(true, Ordering::Relaxed);
            }
            if let Some(cause) = self.fatal_cause(call, &failure) {
                let message = self.config.api_key.scrub(&cause);
                let _ = self.fatal.set(message.clone());
                return Err(self.failed(message, failure));
            }
            if !failure.is_retryable() || retry >= policy.max_retries || self.needs_new_request(&failure) {
                let message = self.give_up(call, &failure, tally.attempts);
                return Err(self.failed(message, failure));
            }
            if let Some(asked) = failure.retry_after().filter(|wait| *wait > policy.max_delay) {
                let message = format!(
                    "{}; the server asks to wait `{}` s before retrying (`Retry-After`), longer than \
                     `--llm-retry-max` `{}` s: raise `--llm-retry-max` to wait, or run again later",
                    self.give_up(call, &failure, tally.attempts),
                    asked.as_secs(),
                    policy.max_delay.as_secs_f64()
                );
                return Err(self.failed(message, failure));
            }
            let wait = policy.delay(retry, failure.retry_after(), jitter(self.config.seed, salt, retry));
            tracing::debug!(url = %self.shown_url(call.url()), retry, wait_ms = wait.as_millis() as u64, "Retrying LLM request");
            tokio::time::sleep(wait).await;
            retry += 1;
        }
    }

    async fn call_once(&self, call: ApiCall<'_>) -> Result<CallSuccess, CallFailure> {
        match call {
            ApiCall::PostJson(url, body) => self.http.post_json(url, body).await,
            ApiCall::GetJson(url) => self.http.get_json(url).await,
            ApiCall::GetText(url) => self.http.get_text(url).await,
            ApiCall::Upload(url, bytes) => self.http.upload_batch_file(url, bytes).await,
        }
    }

    fn failed(&self, message: String, failure: CallFailure) -> Failed {
        Failed {
            message: self.config.api_key.scrub(&message),
            failure: Some(failure),
        }
    }

    /// A refused parameter or a context overflow: the request must change before it is sent again.
    fn needs_new_request(&self, failure: &CallFailure) -> bool {
        let Some((code, body)) = failure.status() else {
            return false;
        };
        overflow(code, body).is_some() || refused_param(code, body, &self.current_params()).is_some()
    }

    /// The cause when no retry can help: a bad key, a wrong model or URL, an exhausted quota.
    fn fatal_cause(&self, call: ApiCall<'_>, failure: &CallFailure) -> Option<String> {
        let (code, body) = failure.status()?;
        // A 404 of a batch or file (an expired job) says nothing about the URL or the model.
        if code == 404 && !matches!(call, ApiCall::PostJson(url, _) if url.contains("/chat/completions")) {
            return None;
        }
        fatal_cause(code, body, &self.fatal_context(&self.shown_url(call.url())))
    }

    /// Who to blame in a fatal cause's message: `shown_url`, the model, the key's variable.
    pub(crate) fn fatal_context<'a>(&'a self, shown_url: &'a str) -> FatalContext<'a> {
        FatalContext {
            url: shown_url,
            model: &self.config.model,
            key_env: &self.config.api_key_env,
            key_set: self.config.api_key.is_set(),
        }
    }

    /// The final error; an endpoint that was never reached is remembered so other documents fail fast.
    fn give_up(&self, call: ApiCall<'_>, failure: &CallFailure, attempts: u32) -> String {
        let described = failure.describe(&self.shown_url(call.url()), &self.config.api_key_env);
        if matches!(failure, CallFailure::Connect(_)) && !self.reached.load(Ordering::Relaxed) {
            let _ = self.unreachable.set(described.clone());
        }
        let message = match attempts {
            1 => described,
            n => format!("All `{n}` requests failed; last: {described}"),
        };
        self.config.api_key.scrub(&message)
    }

    /// A URL as shown to users: credentials removed.
    pub fn shown_url(&self, url: &str) -> String {
        self.config.api_key.scrub(&crate::endpoint::display(url))
    }
}
